# SPDX-License-Identifier: Apache-2.0
"""BER-TLV as used on the card (tlv.h): parse bytes into a tree of Tlv
objects, find a tag, and build bytes from (tag, value) pairs.

    from socialcard import tlv
    tree = tlv.parse(bytes.fromhex("6F0A8408A000000333010101"))
    tree[0].tag == 0x6F; tree[0].children[0].value
    tlv.build([(0x6F, [(0x84, b"\\xA0\\x00")])])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Tuple, Union

from . import _capi

__all__ = ["Tlv", "parse", "find", "build", "validate", "dol_fill"]

MAX_DEPTH = _capi.TLV_MAX_DEPTH


@dataclass(frozen=True)
class Tlv:
    """One data object: ``tag`` (its bytes as a big-endian int), the
    ``value`` bytes, whether it is ``constructed``, its ``offset`` and
    ``size`` (tag + length + value) in the parsed input, and the parsed
    ``children`` of a constructed object."""
    tag: int
    value: bytes
    constructed: bool = False
    offset: int = 0
    size: int = 0
    children: List["Tlv"] = field(default_factory=list)

    def find(self, tag: int) -> Optional["Tlv"]:
        """The first object with ``tag`` below this one (depth first)."""
        return find(self.children, tag)

    def __repr__(self) -> str:
        if self.constructed:
            return "Tlv(%X, %r)" % (self.tag, self.children)
        return "Tlv(%X, %s)" % (self.tag, self.value.hex().upper())


def _parse(data: bytes, base: int, depth: int) -> List[Tlv]:
    out: List[Tlv] = []
    offset = 0
    while True:
        t = _capi._tlv_next(data, offset)
        if t is None:
            return out
        tag, constructed, value, off, size, offset = t
        children: List[Tlv] = []
        if constructed and value:
            if depth + 1 >= MAX_DEPTH:
                from .errors import ParseError
                from .enums import ErrorCode
                raise ParseError("TLV nested deeper than %d" % MAX_DEPTH,
                                 code=ErrorCode.EPARSE)
            children = _parse(value, base + off + size - len(value),
                              depth + 1)
        out.append(Tlv(tag, value, constructed, base + off, size, children))


def parse(data) -> List[Tlv]:
    """Parse a sequence of data objects (bytes-like, hex text or ints)
    into a list of Tlv, constructed ones with their children.  ParseError
    for malformed input."""
    return _parse(_capi.buf_set(data), 0, 0)


def find(items: Union[Sequence[Tlv], bytes, str], tag: int) -> Optional[Tlv]:
    """The first object with ``tag`` (depth first), or None."""
    if not isinstance(items, (list, tuple)):
        items = parse(items)
    for t in items:
        if t.tag == tag:
            return t
        hit = find(t.children, tag)
        if hit is not None:
            return hit
    return None


Item = Union[Tlv, Tuple[int, Union[bytes, Iterable]]]


def build(items: Iterable[Item]) -> bytes:
    """Encode data objects: each a Tlv or ``(tag, value)`` where value is
    bytes or, for a constructed object, a list of items."""
    out = b""
    for item in items:
        if isinstance(item, Tlv):
            value = build(item.children) if item.children else item.value
            out += _capi.tlv_append(item.tag, value)
            continue
        tag, value = item
        if not isinstance(value, (bytes, bytearray, memoryview, str)):
            value = build(value)
        out += _capi.tlv_append(int(tag), value)
    return out


def validate(data) -> None:
    """Raise ParseError unless ``data`` is well-formed BER-TLV."""
    _capi.tlv_validate(data)


def dol_fill(dol, terminal) -> bytes:
    """Fill a data object list (tag + length pairs) from the terminal's
    TLV data."""
    return _capi.dol_fill(dol, terminal)
