# SPDX-License-Identifier: Apache-2.0
"""The socialcard exception hierarchy and the one table from C error codes
to classes.

Every failing library call raises a subclass of :class:`Error`.  The
extension builds the exception through :func:`_from_record` from the calling
thread's error record, read right after the C call returned.
"""

from __future__ import annotations

import os
from enum import IntEnum
from typing import Dict, List, Optional, Sequence, Type

from .enums import ErrorClass, ErrorCode, NativeKind

__all__ = [
    "Error", "InternalError", "OutOfMemory", "InvalidArgument", "NotFound",
    "AlreadyExists", "BufferTooSmall", "Stopped", "VersionMismatch",
    "NotSupported", "Timeout", "Cancelled", "Busy", "OSFailure",
    "CryptoError", "NoKey", "TransitionError", "NotEligible",
    "AlreadyHasCard", "ParseError", "BadIdNumber", "CalendarError",
    "DutyError", "IdempotencyError", "CardError", "ApduError", "PinError",
    "PinBlocked", "SecurityError", "AppBlocked", "CardMismatch", "MacError",
    "ReaderError", "NoReader", "NoCard", "CardRemoved", "CardReset",
    "SharingViolation", "ProtocolError", "StoreError", "Corrupt",
    "Conflict", "SchemaError", "exception_class",
]


class Error(Exception):
    """Base of every socialcard exception.

    Attributes: ``code`` (the negative C error code, see ``ErrorCode``),
    ``klass`` (``ErrorClass``), ``sw`` (card status word SW1SW2 or 0),
    ``native_kind`` (``NativeKind``) and ``native_code`` (PC/SC, errno or
    database code, or 0), ``message`` (the library's text; never contains a
    full ID number, a name, a PIN or key bytes).
    """

    #: the C code this class stands for (None on the base class)
    code_default: Optional[int] = None

    def __init__(self, message: str, *, code: Optional[int] = None,
                 klass: int = 0, sw: int = 0, native_kind: int = 0,
                 native_code: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.code = self.code_default if code is None else code
        self.klass = klass
        self.sw = sw
        self.native_kind = native_kind
        self.native_code = native_code

    def __reduce__(self):  # type: ignore[override]
        # Rebuild through __init__ so that derived state (OSError.errno)
        # survives pickling, e.g. across multiprocessing workers.
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))

    def __str__(self) -> str:
        if self.sw:
            return "%s (SW %04X)" % (self.message, self.sw)
        return self.message

    def __repr__(self) -> str:
        extra = ""
        if self.sw:
            extra += ", sw=0x%04X" % self.sw
        if self.native_code:
            extra += ", native_code=%d" % self.native_code
        return "%s(%r, code=%s%s)" % (type(self).__name__, self.message,
                                      self.code, extra)


# -1 .. -99: generic
class InternalError(Error, RuntimeError):
    """Unexpected failure inside the library (SSC_ERROR)."""


class OutOfMemory(Error, MemoryError):
    """An allocation failed (SSC_ENOMEM)."""


class InvalidArgument(Error, ValueError):
    """An argument is invalid (SSC_EINVAL)."""


class NotFound(Error, LookupError):
    """The object asked for does not exist (SSC_ENOTFOUND)."""


class AlreadyExists(Error):
    """The object already exists (SSC_EEXISTS)."""


class BufferTooSmall(Error):
    """A caller's buffer is too small (SSC_EBUFS)."""


class Stopped(Error):
    """A callback asked the library to stop (SSC_EUSER)."""


class VersionMismatch(Error):
    """Unknown struct or vtable version (SSC_EVERSION)."""


class NotSupported(Error, NotImplementedError):
    """The backend lacks this operation (SSC_ENOTSUPPORTED)."""


class Timeout(Error, TimeoutError):
    """The operation timed out (SSC_ETIMEOUT)."""


class Cancelled(Error):
    """The operation was cancelled (SSC_ECANCELLED)."""


class Busy(Error):
    """A resource stayed busy past its retries (SSC_EBUSY)."""


class OSFailure(Error, OSError):
    """An operating-system call failed (SSC_EOS); ``errno`` is set when the
    library kept it."""

    def __init__(self, message: str, **kw: int) -> None:
        super().__init__(message, **kw)
        if self.native_kind == 1 and self.native_code:  # NativeKind.ERRNO
            self.errno = self.native_code
            self.strerror = os.strerror(self.native_code)


class CryptoError(Error):
    """A cryptographic operation failed (SSC_ECRYPTO)."""


class NoKey(CryptoError):
    """The key provider has no such key (SSC_ENOKEY)."""


# -100 .. -199: domain
class TransitionError(Error):
    """The event is not allowed from the card's state (SSC_ETRANSITION)."""


class NotEligible(Error):
    """Refused by the rules (SSC_ENOTELIGIBLE).

    ``reasons`` lists why and ``missing`` the materials still required; the
    rules binding fills them from the verdict.
    """

    def __init__(self, message: str, *, reasons: Sequence[str] = (),
                 missing: Sequence[str] = (), **kw: int) -> None:
        super().__init__(message, **kw)
        self.reasons: List[str] = list(reasons)
        self.missing: List[str] = list(missing)


class AlreadyHasCard(NotEligible):
    """The holder already has a valid card or application (SSC_EONECARD)."""


class ParseError(InvalidArgument):
    """Malformed input: text, record, rule pack, calendar (SSC_EPARSE)."""


class BadIdNumber(InvalidArgument):
    """Invalid citizen identity number (SSC_EBADID)."""


class CalendarError(Error):
    """Date outside the loaded working-day calendars (SSC_ECALENDAR)."""


class DutyError(Error):
    """Separation of duties violated (SSC_EDUTY)."""


class IdempotencyError(Error):
    """Request id reused for a different request (SSC_EIDEMPOTENCY)."""


# -200 .. -299: card and APDU
class CardError(Error):
    """The card answered a non-success status word (SSC_ECARD); see ``sw``."""


class ApduError(Error):
    """Malformed command or response APDU (SSC_EAPDU)."""


class PinError(CardError):
    """Wrong PIN (SSC_EPIN).  ``tries_left`` comes from a 63Cx status word,
    None when the card did not say."""

    @property
    def tries_left(self) -> Optional[int]:
        if (self.sw & 0xFFF0) == 0x63C0:
            return self.sw & 0x000F
        return None


class PinBlocked(CardError):
    """PIN blocked (SSC_EPINBLOCKED, 6983 / 6984)."""


class SecurityError(CardError):
    """Security status not satisfied (SSC_ESECURITY)."""


class AppBlocked(CardError):
    """The card application is blocked (SSC_EAPPBLOCKED)."""


class CardMismatch(CardError):
    """Card data disagree, e.g. holder between applications (SSC_EMISMATCH)."""


class MacError(CardError):
    """MAC or cryptogram check failed (SSC_EMAC)."""


# -300 .. -399: reader
class ReaderError(Error, OSError):
    """Reader or transport failure (SSC_EREADER); ``native_code`` holds the
    PC/SC result when there is one."""


class NoReader(ReaderError):
    """No such reader, or it went away (SSC_ENOREADER)."""


class NoCard(ReaderError):
    """No card in the reader (SSC_ENOCARD)."""


class CardRemoved(ReaderError):
    """The card was removed (SSC_ECARDREMOVED)."""


class CardReset(ReaderError):
    """The card was reset by another party (SSC_ECARDRESET)."""


class SharingViolation(ReaderError):
    """The reader is in exclusive use elsewhere (SSC_ESHARING)."""


class ProtocolError(ReaderError):
    """Transport framing or protocol error (SSC_EPROTOCOL)."""


# -400 .. -499: store
class StoreError(Error):
    """Storage backend failure (SSC_ESTORE)."""


class Corrupt(StoreError):
    """Stored data failed an integrity check (SSC_ECORRUPT)."""


class Conflict(StoreError):
    """Concurrent update: the base revision changed (SSC_ECONFLICT)."""


class SchemaError(StoreError):
    """The stored schema is newer than this library (SSC_ESCHEMA)."""


# The one table: C error code → class.  Values are the ABI codes of
# include/socialcard/errors.h (a test checks every code is here).
_BY_CODE: Dict[int, Type[Error]] = {
    -1: InternalError,
    -2: OutOfMemory,
    -3: InvalidArgument,
    -4: NotFound,
    -5: AlreadyExists,
    -6: BufferTooSmall,
    -7: Stopped,
    -8: VersionMismatch,
    -9: NotSupported,
    -10: Timeout,
    -11: Cancelled,
    -12: Busy,
    -13: OSFailure,
    -14: CryptoError,
    -15: NoKey,
    -100: TransitionError,
    -101: NotEligible,
    -102: AlreadyHasCard,
    -103: ParseError,
    -104: BadIdNumber,
    -105: CalendarError,
    -106: DutyError,
    -107: IdempotencyError,
    -200: CardError,
    -201: ApduError,
    -202: PinError,
    -203: PinBlocked,
    -204: SecurityError,
    -205: AppBlocked,
    -206: CardMismatch,
    -207: MacError,
    -300: ReaderError,
    -301: NoReader,
    -302: NoCard,
    -303: CardRemoved,
    -304: CardReset,
    -305: SharingViolation,
    -306: ProtocolError,
    -400: StoreError,
    -401: Corrupt,
    -402: Conflict,
    -403: SchemaError,
}

for _code, _cls in _BY_CODE.items():
    _cls.code_default = _code
del _code, _cls


def _rebuild(cls: Type[Error], message: str, state: Dict[str, object]) -> Error:
    kw = {k: state[k] for k in ("code", "klass", "sw", "native_kind",
                                "native_code") if k in state}
    e = cls(message, **kw)  # type: ignore[arg-type]
    e.__dict__.update(state)
    return e


def exception_class(code: int) -> Type[Error]:
    """The exception class for a C error code (:class:`Error` itself for a
    code this version does not know, e.g. from a newer library)."""
    return _BY_CODE.get(code, Error)


def _as_enum(enum: Type[IntEnum], value: int) -> int:
    try:
        return enum(value)
    except ValueError:          # a value from a newer library stays an int
        return value


def _from_record(code: int, klass: int, sw: int, native_kind: int,
                 native_code: int, message: str) -> Error:
    """Called by the extension with the calling thread's error record."""
    return exception_class(code)(
        message, code=_as_enum(ErrorCode, code),
        klass=_as_enum(ErrorClass, klass), sw=sw,
        native_kind=_as_enum(NativeKind, native_kind),
        native_code=native_code)
