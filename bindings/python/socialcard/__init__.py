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
from .enums import (ActorRole, Channel, DocType, ErrorClass, ErrorCode,
                    LogLevel, NativeKind, Post, Service)
from ._clock import ManualClock
from ._capi import Context

__all__ = [
    "__version__", "version", "version_info", "Context", "ManualClock",
    "mask_id_number", "mask_name", "mask_number", "strerror", "error_name",
    "Channel", "ActorRole", "Post", "DocType", "Service", "LogLevel",
    "ErrorClass", "ErrorCode", "NativeKind", "Error", "exception_class",
] + list(_errors.__all__)


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
