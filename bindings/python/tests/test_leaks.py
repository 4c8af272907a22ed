# SPDX-License-Identifier: Apache-2.0
"""No leaks over 10,000 calls: the process RSS (from /proc/self/statm)
stays within a bound while contexts with callbacks are made and dropped,
errors raised, text masked and bytes converted.  Skipped under sanitizers,
whose quarantine makes RSS meaningless."""

import gc
import os
import resource

import pytest

import socialcard
from socialcard import Context, ManualClock, _capi

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("SSC_PY_SANITIZED")),
    reason="RSS is not meaningful under sanitizers")

PAGE = resource.getpagesize()
ROUNDS = 10_000
BOUND = 512 * 1024               # bytes; one leaked object per round is ~1.2 MB


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def one_round(i):
    clock = ManualClock(i)
    with Context(region="500000", clock=clock,
                 log=lambda level, msg: None) as ctx:
        assert ctx.now() == i
        ctx.region = "450200"
    try:
        Context(region="bad")
    except socialcard.InvalidArgument:
        pass
    try:
        _capi.error_set_sw(-202, 0x63C1, "wrong PIN")
    except socialcard.PinError as e:
        assert e.tries_left == 1
    assert socialcard.mask_id_number("110101199003071234") == \
        "110101********1234"
    assert socialcard.mask_name("欧阳娜娜") == "欧***"
    assert len(_capi.buf_set([i & 0xFF] * 64)) == 64
    assert _capi.buf_set("00 A4 04 00") == b"\x00\xa4\x04\x00"
    Context(clock=lambda: 1 // 0).close()        # callback never called
    ctx = Context(clock=lambda: 1 // 0)
    try:
        ctx.now()
    except ZeroDivisionError:
        pass


def test_rss_stable_over_10000_rounds():
    for i in range(1000):               # warm up caches and arenas
        one_round(i)
    gc.collect()
    before = rss()
    for i in range(ROUNDS):
        one_round(i)
    gc.collect()
    growth = rss() - before
    assert growth < BOUND, "RSS grew by %d bytes" % growth
