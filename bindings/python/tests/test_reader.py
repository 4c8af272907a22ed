# SPDX-License-Identifier: Apache-2.0
"""Reader over the built-in software card (sim:): listing, connect as a
context manager, ATR, raw transmit, transactions, errors, wait_event with
the GIL released and cancel() from another thread."""

import threading
import time

import pytest

import socialcard
from socialcard import Reader, ReaderMode

SELECT_SSSE = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF"


def test_readers_and_connect():
    r = Reader("sim:")
    assert r.backend == "sim"
    names = r.readers()
    assert names and all(isinstance(n, str) for n in names)
    assert list(r) == names
    with r.connect(names[0]) as conn:
        assert conn.reader_name == names[0]
        assert conn.atr[:1] == b"\x3b"
        resp = conn.transmit_raw(bytes.fromhex(SELECT_SSSE))
        assert len(resp) >= 2 and resp[-2] in (0x90, 0x61)
        resp = conn.transmit_raw(list(bytes.fromhex("00B0000000")))
        assert len(resp) >= 2
        with conn.transaction():
            assert len(conn.transmit_raw(SELECT_SSSE)) >= 2
        assert "Connection" in repr(conn)
    assert conn.closed
    with pytest.raises(ValueError):
        conn.transmit_raw(SELECT_SSSE)
    conn.disconnect()                      # idempotent


def test_errors():
    with pytest.raises(socialcard.InvalidArgument):
        Reader("nosuch:")
    r = Reader("sim:")
    with pytest.raises(socialcard.NoReader):
        r.connect("no such reader")
    with r.connect(mode=ReaderMode.CONTACT) as conn:
        with pytest.raises(socialcard.InvalidArgument):
            conn.transmit_raw(b"\x00\xa4")
    with pytest.raises(TypeError):
        Reader(b"sim:")


def test_cancel_from_another_thread_releases_gil():
    r = Reader("sim:")
    outcome = []
    ticks = []

    def waiter():
        try:
            outcome.append(r.wait_event(timeout=30))
        except socialcard.Error as e:
            outcome.append(e)

    t = threading.Thread(target=waiter)
    t.start()
    deadline = time.monotonic() + 0.3
    while time.monotonic() < deadline:      # runs only if the GIL is free
        ticks.append(1)
        time.sleep(0.01)
    r.cancel()
    t.join(10)
    assert not t.is_alive()
    assert len(ticks) > 5
    assert isinstance(outcome[0], socialcard.Cancelled)


def test_wait_event_timeout():
    r = Reader("sim:")
    with pytest.raises(socialcard.Timeout):
        r.wait_event(timeout=0.05)


def test_close_reader_keeps_connection_usable():
    r = Reader("sim:")
    conn = r.connect()
    r.close()
    assert r.closed
    assert len(conn.transmit_raw(SELECT_SSSE)) >= 2
    with pytest.raises(ValueError):
        r.readers()
    conn.disconnect()
