# SPDX-License-Identifier: Apache-2.0
"""Context: options, properties, the clock, closing and lifetime."""

import datetime as dt
import gc
import sys
import time

import pytest

import socialcard
from socialcard import Context, LogLevel, ManualClock

CST = dt.timezone(dt.timedelta(hours=8))


def test_defaults():
    with Context() as ctx:
        assert ctx.region is None
        assert repr(ctx) == "<socialcard.Context region=national>"
        now = time.time() * 1000
        assert abs(ctx.now() - now) < 5000
        assert ctx.now_datetime().tzinfo is dt.timezone.utc


def test_region():
    ctx = Context(region="500000")
    assert ctx.region == "500000"
    assert repr(ctx) == "<socialcard.Context region='500000'>"
    ctx.region = "450200"
    assert ctx.region == "450200"
    with pytest.raises(socialcard.InvalidArgument):
        ctx.region = "45020"
    assert ctx.region == "450200"          # unchanged on error
    ctx.region = None
    assert ctx.region is None


@pytest.mark.parametrize("region,exc", [
    ("12", socialcard.InvalidArgument),
    ("50000a", socialcard.InvalidArgument),
    ("5000000", socialcard.InvalidArgument),
    ("", socialcard.InvalidArgument),
    ("500\x00000", ValueError),
    (500000, TypeError),
    (b"500000", TypeError),
])
def test_bad_region(region, exc):
    with pytest.raises(exc):
        Context(region=region)


def test_log_level_option():
    Context(log_level=LogLevel.TRACE)
    with pytest.raises(socialcard.InvalidArgument):
        Context(log_level=9)
    with pytest.raises(socialcard.InvalidArgument):
        Context(log_level=-1)
    ctx = Context()
    ctx.set_log_level(LogLevel.DEBUG)
    with pytest.raises(socialcard.InvalidArgument):
        ctx.set_log_level(6)


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        Context("500000", print)


def test_not_callable():
    with pytest.raises(TypeError):
        Context(log="not callable")
    with pytest.raises(TypeError):
        Context(clock=12345)


def test_manual_clock_controls_now():
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
    clock = ManualClock(start)
    ctx = Context(clock=clock)
    assert ctx.now() == int(start.timestamp()) * 1000
    assert ctx.now_datetime() == start
    clock.advance(hours=96)
    assert ctx.now_datetime() == start + dt.timedelta(hours=96)
    clock.advance(1)
    assert ctx.now() == int(start.timestamp()) * 1000 + 96 * 3600000 + 1
    clock.set(0)
    assert ctx.now() == 0
    clock.set(-86400000)                  # before 1970 works too
    assert ctx.now() == -86400000


def test_clock_returning_aware_datetime():
    when = dt.datetime(2026, 11, 25, 10, 30, 15, 250000, tzinfo=CST)
    ctx = Context(clock=lambda: when)
    assert ctx.now() == int(when.timestamp() * 1000)
    assert ctx.now_datetime() == when


def test_manual_clock_refuses_bad_values():
    with pytest.raises(ValueError):
        ManualClock(dt.datetime(2026, 1, 1))
    with pytest.raises(TypeError):
        ManualClock(1.5)
    clock = ManualClock()
    with pytest.raises(TypeError):
        clock.advance(1, hours=1)
    assert "1970-01-01" in repr(clock)


def test_close_and_context_manager():
    ctx = Context(region="500000")
    assert not ctx.closed
    ctx.close()
    ctx.close()                            # idempotent
    assert ctx.closed
    assert repr(ctx) == "<socialcard.Context closed>"
    with pytest.raises(ValueError):
        ctx.now()
    with pytest.raises(ValueError):
        ctx.region
    with pytest.raises(ValueError):
        ctx.region = "500000"
    with pytest.raises(ValueError):
        ctx.set_log_level(3)
    with Context() as c2:
        pass
    assert c2.closed


def test_callbacks_released_with_the_context():
    clock = ManualClock(1000)
    log_calls = []

    def log(level, message):
        log_calls.append(message)

    base_clock = sys.getrefcount(clock)
    base_log = sys.getrefcount(log)
    ctx = Context(clock=clock, log=log)
    assert sys.getrefcount(clock) > base_clock
    assert ctx.now() == 1000
    del ctx
    gc.collect()
    assert sys.getrefcount(clock) == base_clock
    assert sys.getrefcount(log) == base_log

    ctx = Context(clock=clock)
    ctx.close()
    assert sys.getrefcount(clock) == base_clock


def test_failed_construction_keeps_no_reference():
    clock = ManualClock()
    base = sys.getrefcount(clock)
    with pytest.raises(socialcard.InvalidArgument):
        Context(region="bad", clock=clock)
    gc.collect()
    assert sys.getrefcount(clock) == base
