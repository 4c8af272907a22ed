# SPDX-License-Identifier: Apache-2.0
"""libsocialcard for Python: China's social security card — data, lifecycle,
rules and chip.

    import socialcard
    with socialcard.Context(region="500000") as ctx:
        print(ctx.now_datetime())
    socialcard.mask_id_number("110101199003071234")  # '110101********1234'

Every failing call raises a subclass of :class:`socialcard.Error`
(see :mod:`socialcard.errors`).
"""

from __future__ import annotations

from typing import Optional, Tuple

from ._version import __version__
from . import _capi
from . import errors as _errors
from .errors import *  # noqa: F401,F403  (the hierarchy is public API)
from .errors import Error, InvalidArgument, exception_class
from .enums import (ActorRole, AgeBand, ApduCase, CardInterface, CardState,
                    Channel, Charset, DeadlineUnit, Disposition, DocForm,
                    DocType, ErrorClass, ErrorCode, FinState, IdReason,
                    Insured, InvalidLevel, LogLevel, NativeKind, Party,
                    PinState, Post, Protocol, ReaderEvent, ReaderMode,
                    RegionLevel, Residency, Service, Sex, StoreCipher,
                    StoreSync, Event, ProductionMode, BatchEncoding,
                    JournalHash, KeyType)
from ._clock import ManualClock
from ._capi import (Apdu, Calendar, Card, Connection, Context, KeyProvider,
                    Person, Reader, Response, Rulebook, Verdict)
from . import _util
from . import rules
from . import store
from . import tlv
from . import registry
from .registry import Registry, Result, open
from .rules import Situation

__all__ = [
    "__version__", "version", "version_info", "Context", "ManualClock",
    "mask_id_number", "mask_name", "mask_number", "strerror", "error_name",
    "Channel", "ActorRole", "Post", "DocType", "Service", "LogLevel",
    "ErrorClass", "ErrorCode", "NativeKind", "Error", "exception_class",
    "Card", "Person", "IdInfo", "check_id", "RegionInfo", "region",
    "encode_text", "decode_text", "split_name", "join_name",
    "check_card_number", "parse_card_number", "parse_card_identifier",
    "format_card_identifier", "card_identifier_region",
    "Rulebook", "RulePack", "Situation", "Verdict", "Calendar",
    "Apdu", "Response", "Reader", "Connection", "rules", "store", "tlv",
    "CardState", "FinState", "PinState", "Sex", "IdReason", "Residency",
    "Insured", "AgeBand", "RegionLevel", "Charset", "DocForm", "Party",
    "DeadlineUnit", "InvalidLevel", "StoreCipher", "StoreSync", "ApduCase",
    "ReaderMode", "Disposition", "Protocol", "CardInterface", "ReaderEvent",
    "Event", "ProductionMode", "BatchEncoding", "JournalHash", "registry",
    "Registry", "Result", "read_card", "read_card_text", "KeyProvider",
    "KeyType",
] + list(_errors.__all__)

#: A rule pack is loaded into, and looked up through, a Rulebook.
RulePack = Rulebook


def _parse_version(text: str) -> Tuple[int, int, int]:
    parts = text.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ImportError("socialcard: malformed version %r" % text)
    return int(parts[0]), int(parts[1]), int(parts[2])


def _check_versions(package: str, compiled: str, runtime: str) -> None:
    """Refuse to import when the pieces do not belong together.

    The Python files and the extension come from one build, so their
    versions must be equal.  The extension may run on a newer C library of
    the same major version (symbols are only added), never on an older one
    nor on another major.
    """
    if package != compiled:
        raise ImportError(
            "socialcard: Python package %s but its extension was built for "
            "%s; reinstall the bindings" % (package, compiled))
    c = _parse_version(compiled)
    r = _parse_version(runtime)
    if r[0] != c[0] or r[:2] < c[:2]:
        raise ImportError(
            "socialcard: extension built for libsocialcard %s but %s is "
            "loaded; install a matching libsocialcard" % (compiled, runtime))


def version() -> str:
    """The version of the C library loaded at run time, "MAJOR.MINOR.MICRO"."""
    return str(_capi.version()[0])


def version_info() -> Tuple[int, int, int]:
    """The run-time C library version as (major, minor, micro)."""
    _, major, minor, micro = _capi.version()
    return int(major), int(minor), int(micro)


_check_versions(__version__, _capi.VERSION_STRING, version())


def mask_id_number(id_number: str) -> str:
    """Mask an identity number: the first 6 and last 4 characters stay
    (``110101********1234``); shorter than 11 characters: all masked."""
    return _capi.mask_id_number(id_number)


def mask_name(name: str) -> str:
    """Mask a name: the first character stays (``张*``, ``欧***``).
    Raises InvalidArgument for text that is not valid UTF-8."""
    return _capi.mask_name(name)


def mask_number(text: str, head: int = 4, tail: int = 4) -> str:
    """Mask an account or phone number, keeping ``head`` leading and
    ``tail`` trailing characters; all masked when too short."""
    if head < 0 or tail < 0:
        raise InvalidArgument(
            "head and tail must not be negative", code=ErrorCode.EINVAL)
    return _capi.mask_number(text, head, tail)


def strerror(code: int) -> str:
    """Static English text for a C error code."""
    return _capi.strerror(int(code))


def error_name(code: int) -> Optional[str]:
    """Symbolic name of a C error code ("SSC_EINVAL"), or None."""
    return _capi.error_name(int(code))


# ---- ID numbers, regions, text, card numbers ------------------------------

import datetime as _dt
from dataclasses import dataclass as _dataclass


@_dataclass(frozen=True)
class IdInfo:
    """What a valid ID number says: the normalised ``number``, the address
    code ``region`` (and its ``region_name`` when known), ``birth_date``,
    ``sex``, and ``legacy`` for the 15-digit form."""
    number: str
    region: str
    birth_date: _dt.date
    sex: Sex
    legacy: bool

    @property
    def region_name(self) -> Optional[str]:
        return _capi.region_name(self.region)

    def __repr__(self) -> str:
        return "IdInfo(number=%r, region=%r, birth_date=%r, sex=%s)" % (
            mask_id_number(self.number), self.region, self.birth_date,
            self.sex.name)


def check_id(text: str, *, today=None, ctx: Optional[Context] = None) -> IdInfo:
    """Validate a citizen ID number (GB 11643, 18 or legacy 15 digits).

    The birth date may not be after ``today`` (a date; default: the
    Context's clock when ``ctx`` is given, else the system date).  Raises
    BadIdNumber whose ``reason`` is an IdReason."""
    if not isinstance(text, str):
        raise TypeError("expected str")
    if ctx is not None and ctx.closed:
        raise ValueError("the Context is closed")
    if ctx is None and today is None:
        today = _dt.date.today()
    try:
        number, reg, birth, sex, legacy = _capi._idnumber_check(
            ctx, text, _util.ymd_from_date(today))
    except _errors.BadIdNumber as e:
        try:
            e.reason = IdReason(e.reason)
        except (AttributeError, ValueError):
            pass
        raise
    return IdInfo(number, reg, _util.date_from_ymd(birth), Sex(sex),
                  bool(legacy))


@_dataclass(frozen=True)
class RegionInfo:
    """A GB/T 2260 region: code, name, level, parent code, whether it is
    current, and for an abolished code its successor and the year."""
    code: str
    name: str
    level: RegionLevel
    parent: Optional[str]
    current: bool
    successor: Optional[str]
    abolished_year: Optional[int]


def region(code: str) -> RegionInfo:
    """Look up a region code; NotFound when the table does not know it."""
    name = _capi.region_name(code)
    if name is None:
        raise _errors.NotFound("unknown region code %r" % code,
                               code=ErrorCode.ENOTFOUND)
    year = _capi.region_abolished_year(code)
    return RegionInfo(code, name, RegionLevel(_capi.region_level_of(code)),
                      _capi.region_parent(code),
                      bool(_capi.region_is_current(code)),
                      _capi.region_successor(code), year or None)


def encode_text(text: str, charset: Charset = Charset.GB18030) -> bytes:
    """str → GB18030 (default) or GBK bytes, as written on the card."""
    return _capi.text_encode(int(charset), text)


def decode_text(data, charset: Charset = Charset.GB18030, *,
                strip_padding: bool = False) -> str:
    """Card bytes in GB18030/GBK → str; ``strip_padding`` drops trailing
    00 / 20 / FF padding."""
    flags = _capi.TEXT_STRIP_PADDING if strip_padding else 0
    return _util.text(_capi.text_decode(int(charset), data, flags))


def split_name(name: str) -> Tuple[bytes, bytes]:
    """A name → (name field, name extension field) in GB18030, as the
    card stores long names."""
    n, e = _capi.name_split(name)
    return n, e


def join_name(name, ext=b"") -> str:
    """The name and name-extension fields of a card → str."""
    return _util.text(_capi.name_join(name, ext))


def check_card_number(number: str) -> None:
    """InvalidArgument unless ``number`` is 9 characters [0-9A-Z]."""
    _capi.card_number_check(number)


def parse_card_number(raw) -> str:
    """The card number field as read from the chip (padding allowed)."""
    return _capi.card_number_parse(raw)


def parse_card_identifier(text: str) -> bytes:
    """32 hex characters → the 16-byte card identifier (卡识别码)."""
    return _capi.card_identifier_parse(text)


def format_card_identifier(ident) -> str:
    """16 bytes → 32 upper-case hex characters (validated)."""
    _capi.card_identifier_check(ident)
    return _capi.card_identifier_format(ident)


def card_identifier_region(ident) -> str:
    """The issuing region encoded in a card identifier."""
    return _capi.card_identifier_region(ident)


# ---- card access (cardio.h) ------------------------------------------------

def read_card(conn, *, financial: bool = False, select_mf: bool = False,
              birth_place: bool = False, key_provider=None,
              auth_key_id: Optional[str] = None):
    """Read the card in ``conn`` (a Connection) into a socialcard.Card:
    SS application items, holder; with ``financial=True`` also the debit
    application (its holder must match: CardMismatch).  ``select_mf``
    selects the MF first; ``birth_place`` reads the optional item.  A
    generation-3 card authenticates the terminal first (EXTERNAL
    AUTHENTICATE, key 0A) with the key ``auth_key_id`` of ``key_provider``
    (a KeyProvider); without them it raises SecurityError.  The GIL is
    released while the card is read."""
    flags = ((_capi.READ_FINANCIAL if financial else 0) |
             (_capi.READ_SELECT_MF if select_mf else 0) |
             (_capi.READ_BIRTH_PLACE if birth_place else 0))
    card, _hist = _capi._card_read(conn, flags, 0, key_provider, auth_key_id)
    return card


def read_card_text(conn, *, full_atr: bool = False, key_provider=None,
                   auth_key_id: Optional[str] = None) -> str:
    """The card's basic information as the text of ssc_card_read_bas()
    (the PC/SC-era "读基本信息" line)."""
    flags = _capi.READ_BAS_FULL_ATR if full_atr else 0
    return _capi._card_read(conn, flags, 1, key_provider, auth_key_id)
