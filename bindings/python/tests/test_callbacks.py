# SPDX-License-Identifier: Apache-2.0
"""Log and clock callbacks: delivery, filtering, and what happens when a
callback raises.

Behaviour (doc/python.md): the C library cannot see Python exceptions, so
the trampoline keeps the first exception a callback raises on a thread and
the wrapper of the library call that was running re-raises it when that
call returns; meanwhile the C side carries on with a neutral value (a log
line is dropped, a clock reading falls back to the system clock).  A second
exception raised before the first was re-raised goes to
sys.unraisablehook.  Nothing crashes and no error record is disturbed.
"""

import sys
import threading
import time

import pytest

import socialcard
from socialcard import Context, LogLevel, _capi

helper = pytest.importorskip("_ssc_testhelper")


def addr(ctx):
    return int(ctx.this)


def test_log_callback_receives_messages():
    got = []
    ctx = Context(log=lambda level, msg: got.append((level, msg)))
    helper.emit_log(addr(ctx), LogLevel.INFO, "hello")
    helper.emit_log(addr(ctx), LogLevel.ERROR, "卡片已挂失")
    assert got == [(LogLevel.INFO, "hello"), (LogLevel.ERROR, "卡片已挂失")]
    assert type(got[0][0]) is LogLevel


def test_log_level_filters():
    got = []
    ctx = Context(log=lambda level, msg: got.append(level),
                  log_level=LogLevel.WARN)
    for level in LogLevel:
        if level != LogLevel.NONE:
            helper.emit_log(addr(ctx), level, "x")
    assert got == [LogLevel.ERROR, LogLevel.WARN]
    got.clear()
    ctx.set_log_level(LogLevel.TRACE)
    helper.emit_log(addr(ctx), LogLevel.TRACE, "x")
    assert got == [LogLevel.TRACE]
    got.clear()
    ctx.set_log_level(LogLevel.NONE)
    helper.emit_log(addr(ctx), LogLevel.ERROR, "x")
    assert got == []


def test_default_log_level_is_info():
    got = []
    ctx = Context(log=lambda level, msg: got.append(level))
    helper.emit_log(addr(ctx), LogLevel.DEBUG, "x")
    helper.emit_log(addr(ctx), LogLevel.INFO, "x")
    assert got == [LogLevel.INFO]


def test_log_with_gil_held_too():
    got = []
    ctx = Context(log=lambda level, msg: got.append(msg))
    helper.emit_log(addr(ctx), LogLevel.INFO, "held", False)
    assert got == ["held"]


def test_log_exception_is_reraised_after_the_call():
    def log(level, message):
        raise RuntimeError("log failed: " + message)

    ctx = Context(log=log)
    helper.emit_log(addr(ctx), LogLevel.INFO, "first")
    with pytest.raises(RuntimeError, match="log failed: first"):
        _capi.raise_pending_callback_error()
    _capi.raise_pending_callback_error()   # nothing left pending
    assert ctx.now() > 0                     # context still fine


def test_second_exception_goes_to_unraisablehook(monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(
        u.exc_value))

    def log(level, message):
        raise KeyError(message)

    ctx = Context(log=log)
    helper.emit_log(addr(ctx), LogLevel.INFO, "one")
    helper.emit_log(addr(ctx), LogLevel.INFO, "two")
    with pytest.raises(KeyError, match="one"):
        _capi.raise_pending_callback_error()
    assert len(seen) == 1 and isinstance(seen[0], KeyError)


def test_log_callback_keeps_the_error_record():
    def log(level, message):
        # the callback makes the library record another error
        with pytest.raises(socialcard.InvalidArgument):
            socialcard.mask_name(None)

    ctx = Context(log=log)
    code, klass, message = helper.log_keeps_error(addr(ctx))
    assert (code, klass, message) == (-4, 7, "kept")


def test_clock_exception_raises_from_now():
    calls = []

    def clock():
        calls.append(1)
        if len(calls) == 1:
            raise ZeroDivisionError("clock broke")
        return 42

    ctx = Context(clock=clock)
    with pytest.raises(ZeroDivisionError, match="clock broke"):
        ctx.now()
    assert ctx.now() == 42


@pytest.mark.parametrize("value,exc", [
    ("12:00", TypeError),
    (1.5, TypeError),
    (True, TypeError),
    (None, TypeError),
    (1 << 70, OverflowError),
])
def test_clock_bad_return(value, exc):
    ctx = Context(clock=lambda: value)
    with pytest.raises(exc):
        ctx.now()


def test_clock_naive_datetime_refused():
    import datetime as dt
    ctx = Context(clock=lambda: dt.datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="naive"):
        ctx.now()


def test_clock_fallback_is_system_time():
    def clock():
        raise ValueError("no time")

    ctx = Context(clock=clock)
    before = int(time.time() * 1000)
    got = helper.ctx_now(addr(ctx))        # what the C side saw
    after = int(time.time() * 1000)
    assert before - 1000 <= got <= after + 1000
    with pytest.raises(ValueError, match="no time"):
        _capi.raise_pending_callback_error()


def test_callback_may_use_the_library():
    got = []

    def log(level, message):
        got.append(socialcard.mask_name("张三") + ":" + message)

    ctx = Context(log=log)
    helper.emit_log(addr(ctx), LogLevel.INFO, "m")
    assert got == ["张*:m"]


def test_callback_from_c_thread():
    got = []
    main = threading.get_ident()

    def log(level, message):
        got.append((threading.get_ident() != main, message))

    ctx = Context(log=log)
    helper.log_from_c_thread(addr(ctx), 50)
    assert len(got) == 50
    assert all(foreign for foreign, _ in got)
    assert got[-1][1] == "from C thread 49"


def test_callbacks_live_as_long_as_the_c_context():
    # An object made in a context holds a C reference; the callbacks must
    # survive the Python proxy and go with the last C reference.
    import gc
    got = []

    def log(level, message):
        got.append(message)

    base = sys.getrefcount(log)
    ctx = Context(log=log)
    a = addr(ctx)
    helper.ctx_ref(a)                       # what a child object does
    ctx.close()
    del ctx
    gc.collect()
    helper.emit_log(a, LogLevel.INFO, "after close")
    assert got == ["after close"]
    assert sys.getrefcount(log) > base
    helper.ctx_unref(a)                     # last reference: context freed
    gc.collect()
    assert sys.getrefcount(log) == base
