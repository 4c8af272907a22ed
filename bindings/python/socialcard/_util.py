# SPDX-License-Identifier: Apache-2.0
"""Small converters shared by the classes of socialcard._capi: dates as
``YYYYMMDD`` integers on the C side and ``datetime.date`` in Python, times
as milliseconds since the epoch and aware ``datetime``s, a private Context
for objects made without one."""

from __future__ import annotations

import datetime as _dt
from typing import Optional, Union

DateLike = Union[_dt.date, int, None]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def ymd_from_date(value: DateLike) -> int:
    """``date`` (or a ``datetime``'s date) → YYYYMMDD; None → 0; an int
    is passed through (the library validates it)."""
    if value is None:
        return 0
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.year * 10000 + value.month * 100 + value.day
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError("a date may not be negative")
        return value
    raise TypeError("expected a datetime.date, not %s" % type(value).__name__)


def date_from_ymd(ymd: int) -> Optional[_dt.date]:
    """YYYYMMDD → ``date``; 0 → None."""
    if not ymd:
        return None
    return _dt.date(ymd // 10000, ymd // 100 % 100, ymd % 100)


def ms_from_datetime(value: Union[_dt.datetime, int]) -> int:
    """An aware ``datetime`` (or int milliseconds) → ms since the epoch."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, _dt.datetime):
        raise TypeError("expected an aware datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("the datetime must be aware (have a tzinfo)")
    delta = value - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000 + \
        delta.microseconds // 1000


def datetime_from_ms(ms: int) -> _dt.datetime:
    """ms since the epoch → aware UTC ``datetime``."""
    return _EPOCH + _dt.timedelta(milliseconds=ms)


def context(ctx):
    """The Context to make an object in: ``ctx``, or a new private one
    (each object without an explicit Context gets its own; nothing is
    shared behind the caller's back)."""
    if ctx is not None:
        return ctx
    from ._capi import Context
    return Context()


def text(data: bytes) -> str:
    """UTF-8 from the library → str."""
    return data.decode("utf-8", "replace")
