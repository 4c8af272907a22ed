# SPDX-License-Identifier: Apache-2.0
"""pyscard interoperation, both ways.

A pyscard connection as the library's reader
    The library's card access (the exchange layer with GET RESPONSE and
    6Cxx handling, read_card(), the PIN operations) runs over a pyscard
    ``CardConnection``: a small C reader backend in the extension calls
    the connection's ``transmit()`` (taking the GIL for each call; the
    library itself runs with the GIL released)::

        from smartcard.System import readers
        from socialcard.compat import pyscard as compat

        pc = readers()[0].createConnection()
        pc.connect()
        with compat.connect(pc) as conn:          # a socialcard.Connection
            card = socialcard.read_card(conn)
            conn.verify_pin("123456")

    Any object with pyscard's interface works: ``transmit(list[int]) ->
    (data: list[int], sw1: int, sw2: int)`` and optionally ``getATR()``,
    ``getReader()`` and ``getProtocol()``.  An exception the object raises
    is re-raised by the socialcard call that was transmitting.  The pyscard
    connection stays the caller's: disconnecting the socialcard Connection
    does not disconnect it.

Our transmit in pyscard's shape
    ``as_pyscard(conn)`` gives an object with pyscard's ``transmit()``,
    ``getATR()`` and ``getReader()`` over a socialcard Connection, for code
    written against pyscard; its transmit goes through the library's
    exchange layer and returns ``(list[int], sw1, sw2)``.  ``transmit(conn,
    apdu)`` is the same as a function.

pyscard itself is not imported by this module (nor needed by it).
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

from .. import _capi, _util
from ..enums import Protocol

__all__ = ["reader", "connect", "transmit", "as_pyscard", "PyscardView"]

# pyscard's CardConnection.T0_protocol / T1_protocol
_PYSCARD_T0 = 0x1
_PYSCARD_T1 = 0x2


def _protocol(pyconn: Any) -> int:
    get = getattr(pyconn, "getProtocol", None)
    try:
        p = get() if get is not None else None
    except Exception:           # pyscard raises when not connected
        p = None
    if p == _PYSCARD_T1:
        return int(Protocol.T1)
    if p == _PYSCARD_T0:
        return int(Protocol.T0)
    return int(Protocol.UNKNOWN)


def _name(pyconn: Any) -> str:
    get = getattr(pyconn, "getReader", None)
    name = get() if get is not None else None
    return str(name) if name else "pyscard"


def reader(pyconn: Any, *, name: Optional[str] = None, ctx=None):
    """A socialcard.Reader with one reader, ``name`` (default: the pyscard
    connection's reader name), whose card is reached through ``pyconn``."""
    if not callable(getattr(pyconn, "transmit", None)):
        raise TypeError("pyconn needs a transmit() method")
    return _capi._reader_from_python(_util.context(ctx), pyconn,
                                     name or _name(pyconn),
                                     _protocol(pyconn))


def connect(pyconn: Any, *, name: Optional[str] = None, ctx=None):
    """A socialcard.Connection over the connected pyscard connection
    ``pyconn`` (a context manager)."""
    r = reader(pyconn, name=name, ctx=ctx)
    return r.connect()


def transmit(conn, apdu) -> Tuple[List[int], int, int]:
    """Send ``apdu`` (an Apdu, bytes or a list of ints) through the
    library's exchange layer over the socialcard Connection ``conn``;
    pyscard's ``(data, sw1, sw2)`` with ``data`` a list of ints."""
    r = conn.transmit(apdu if isinstance(apdu, _capi.Apdu)
                      else _capi.Apdu(bytes(apdu)))
    return list(r.data), r.sw1, r.sw2


class PyscardView:
    """pyscard's connection interface over a socialcard Connection."""

    def __init__(self, conn) -> None:
        self.connection = conn

    def transmit(self, command, protocol=None) -> Tuple[List[int], int, int]:
        return transmit(self.connection, command)

    def getATR(self) -> List[int]:  # noqa: N802  (pyscard's name)
        return list(self.connection.atr)

    def getReader(self) -> str:  # noqa: N802
        return self.connection.reader_name

    def getProtocol(self) -> int:  # noqa: N802
        p = self.connection.protocol
        return {Protocol.T0: _PYSCARD_T0,
                Protocol.T1: _PYSCARD_T1}.get(p, 0)

    def disconnect(self) -> None:
        self.connection.disconnect()

    def __repr__(self) -> str:
        return "<socialcard.compat.pyscard.PyscardView %r>" % (
            self.connection,)


def as_pyscard(conn) -> PyscardView:
    """A PyscardView of the socialcard Connection ``conn``."""
    return PyscardView(conn)
