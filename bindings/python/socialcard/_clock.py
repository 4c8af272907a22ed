# SPDX-License-Identifier: Apache-2.0
"""ManualClock: a clock for Context(clock=...) that only moves when told,
so that deadlines and timed transitions can be tested and replayed."""

from __future__ import annotations

import datetime as _dt
from typing import Union

__all__ = ["ManualClock"]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)

TimeLike = Union[int, _dt.datetime]


def _to_ms(value: TimeLike) -> int:
    if isinstance(value, _dt.datetime):
        if value.utcoffset() is None:
            raise ValueError("naive datetime: attach a timezone")
        return (value - _EPOCH) // _dt.timedelta(milliseconds=1)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("expected int milliseconds or an aware datetime")
    return value


class ManualClock:
    """A settable clock.  ``ManualClock(datetime(2026, 3, 2, 9, 0,
    tzinfo=ZoneInfo("Asia/Shanghai")))``; ``clock.advance(hours=24)``."""

    def __init__(self, start: TimeLike = 0) -> None:
        self._ms = _to_ms(start)

    def __call__(self) -> int:
        return self._ms

    @property
    def ms(self) -> int:
        """Milliseconds since the epoch."""
        return self._ms

    def datetime(self) -> _dt.datetime:
        """The current time as an aware UTC datetime."""
        return _EPOCH + _dt.timedelta(milliseconds=self._ms)

    def set(self, value: TimeLike) -> None:
        self._ms = _to_ms(value)

    def advance(self, delta: Union[int, _dt.timedelta, None] = None,
                **kw: float) -> None:
        """Move forward by int milliseconds, a timedelta, or timedelta
        keywords (``days=1``, ``hours=2`` …)."""
        if delta is None:
            delta = _dt.timedelta(**kw)
        elif kw:
            raise TypeError("give either a delta or keywords, not both")
        if isinstance(delta, _dt.timedelta):
            delta = delta // _dt.timedelta(milliseconds=1)
        if isinstance(delta, bool) or not isinstance(delta, int):
            raise TypeError("delta must be int milliseconds or a timedelta")
        self._ms += delta

    def __repr__(self) -> str:
        return "ManualClock(%s)" % self.datetime().isoformat()
