# SPDX-License-Identifier: Apache-2.0
"""Threads: wrapped calls release the GIL (-threads) and the trampolines
take it back, from Python threads and from threads only C knows."""

import threading
import time

import pytest

import socialcard
from socialcard import Context, LogLevel

helper = pytest.importorskip("_ssc_testhelper")

THREADS = 8
CALLS = 2000


def test_clock_callbacks_from_many_threads():
    errors = []
    counts = [0] * THREADS

    def run(i):
        def clock():
            counts[i] += 1
            return i * 1000000 + counts[i]
        try:
            ctx = Context(clock=clock)
            for n in range(1, CALLS + 1):
                got = ctx.now()            # GIL released inside
                if got != i * 1000000 + n:
                    errors.append((i, n, got))
                    return
        except Exception as e:               # pragma: no cover
            errors.append((i, e))

    threads = [threading.Thread(target=run, args=(i,))
               for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert counts == [CALLS] * THREADS


def test_one_context_shared_sequentially_by_threads():
    # A context is used by one thread at a time; handing it over works.
    lock = threading.Lock()
    got = []
    ctx = Context(log=lambda level, msg: got.append(msg))

    def run(i):
        for n in range(200):
            with lock:
                helper.emit_log(int(ctx.this), LogLevel.INFO, "%d-%d" % (i, n))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 800
    assert sorted(got) == sorted("%d-%d" % (i, n) for i in range(4)
                                 for n in range(200))


def test_logs_from_c_threads_while_python_threads_run():
    got = []
    stop = threading.Event()
    spins = [0]

    def spinner():
        while not stop.is_set():
            spins[0] += 1

    ctx = Context(log=lambda level, msg: got.append(msg))
    t = threading.Thread(target=spinner)
    t.start()
    while spins[0] == 0:                   # the GIL is contended from here
        time.sleep(0.001)
    try:
        for _ in range(5):
            helper.log_from_c_thread(int(ctx.this), 100)
    finally:
        stop.set()
        t.join()
    assert len(got) == 500


def test_errors_in_threads_stay_in_their_thread():
    results = {}

    def run(name, region):
        try:
            Context(region=region)
            results[name] = None
        except socialcard.Error as e:
            results[name] = e.code

    ts = [threading.Thread(target=run, args=("bad%d" % i, "x" * i))
          for i in range(1, 6)]
    ts += [threading.Thread(target=run, args=("ok%d" % i, "500000"))
           for i in range(5)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert all(results["ok%d" % i] is None for i in range(5))
    assert all(results["bad%d" % i] == -3 for i in range(1, 6))


def wrapper_body(name):
    import os
    import pathlib
    import re
    path = (pathlib.Path(os.environ["SSC_BUILD_ROOT"]) / "bindings" /
            "python" / "socialcard" / "socialcard_wrap.c")
    text = path.read_text()
    m = re.search(r"SWIGINTERN PyObject \*_wrap_%s\(.*?\n}\n" % name, text,
                  re.S)
    assert m, name
    return m.group(0)


def test_calls_into_callbacks_release_the_gil():
    # ssc_ctx_now() runs the Python clock through a trampoline that takes
    # the GIL back; the wrapper must have released it.
    assert "SWIG_PYTHON_THREAD_BEGIN_ALLOW" in wrapper_body("ctx_now")


@pytest.mark.parametrize("name", ["mask_name", "mask_id_number",
                                  "mask_number", "strerror", "error_name",
                                  "ctx_region", "version"])
def test_trivial_calls_keep_the_gil(name):
    assert "SWIG_PYTHON_THREAD_BEGIN_ALLOW" not in wrapper_body(name)
