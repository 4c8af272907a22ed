#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""socialcard.compat.pyscard against a real pyscard connection: pcscd +
vpcd + socialcard-sim (the harness of tests/integration/run_reader.py).

Starts socialcard-sim with the debit profile on a free vpcd slot, opens
the reader with pyscard, and through compat.connect() reads the card
(SS + debit applications) and verifies the PIN — the library's exchange
layer running over pyscard's transmit — then checks our transmit in
pyscard's shape against pyscard's own raw answer.  Exit 77 (skip) when
pcscd is not installed, or is not running and we are not root to start
it, or pyscard is missing.  Every process started here is stopped by pid.

    run_pyscard_it.py SOCIALCARD_SIM PROFILE
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SIM, PROFILE = sys.argv[1:3]
started = []
# Under ASan the test environment preloads libasan into the interpreter;
# uninstrumented helpers (pgrep, pcscd) must not inherit that (pgrep hangs).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


def log(*a):
    print("pyscard-it:", *a, flush=True)


def cleanup():
    for p in reversed(started):
        if p.poll() is None:
            os.kill(p.pid, signal.SIGTERM)
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()


def ensure_pcscd():
    if shutil.which("pcscd") is None and not os.path.exists("/usr/sbin/pcscd"):
        log("pcscd is not installed: skip")
        sys.exit(77)
    if subprocess.run(["pgrep", "-x", "pcscd"], stdout=subprocess.DEVNULL,
                      env=CHILD_ENV, timeout=10).returncode == 0:
        return
    if os.getuid() != 0:
        log("pcscd is not running and we are not root to start it: skip")
        sys.exit(77)
    os.makedirs("/run/pcscd", exist_ok=True)
    logf = open(os.path.join(tempfile.gettempdir(), "ssc-pyit-pcscd.log"),
                "wb")
    p = subprocess.Popen([shutil.which("pcscd") or "/usr/sbin/pcscd",
                          "--foreground"], stdout=logf,
                         stderr=subprocess.STDOUT, env=CHILD_ENV)
    started.append(p)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", 35963), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def reader_states():
    from smartcard.scard import (SCARD_SCOPE_USER, SCARD_STATE_PRESENT,
                                 SCARD_STATE_UNAWARE, SCardEstablishContext,
                                 SCardGetStatusChange, SCardListReaders,
                                 SCardReleaseContext)
    hr, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    if hr:
        return {}
    try:
        hr, names = SCardListReaders(ctx, [])
        if hr or not names:
            return {}
        hr, states = SCardGetStatusChange(
            ctx, 0, [(n, SCARD_STATE_UNAWARE) for n in names])
        return {n: bool(st & SCARD_STATE_PRESENT) for n, st, _ in states}
    finally:
        SCardReleaseContext(ctx)


def wait_card(name, present, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        if reader_states().get(name) == present:
            return True
        time.sleep(0.05)
    return False


def pick_slot():
    # A slot whose reader is free; another test may hold the other one.
    for _ in range(100):
        states = reader_states()
        for s in (0, 1):
            name = "Virtual PCD 00 %02d" % s
            if name in states and not states[name]:
                return s, name
        time.sleep(0.2)
    log("no free vpcd slot among", reader_states())
    sys.exit(1)


def check(name):
    import socialcard
    from smartcard.System import readers
    from socialcard.compat import pyscard as compat

    pc = [r for r in readers() if str(r) == name][0].createConnection()
    pc.connect()
    try:
        # our transmit in pyscard's shape equals pyscard's raw answer
        # where no GET RESPONSE is involved
        raw = pc.transmit([0x00, 0xA4, 0x04, 0x00, 0x0F] +
                          list("sx1.sh.社会保障".encode("gbk")))
        assert raw == ([], 0x61, 0x18), raw
        pc.transmit([0x00, 0xC0, 0x00, 0x00, 0x18])
        with compat.connect(pc) as conn:
            assert conn.reader_name == name
            assert conn.atr == bytes(pc.getATR())
            card = socialcard.read_card(conn, financial=True)
            assert card.number == "B12345678", card.number
            assert card.holder.id_number == "440524188001010014"
            try:
                conn.verify_pin("000000")
                raise AssertionError("a wrong PIN was accepted")
            except socialcard.PinError as e:
                assert e.tries_left == 2, e.tries_left
            conn.verify_pin("123456")
            data, sw1, sw2 = compat.transmit(
                conn, bytes.fromhex("00A404000F") +
                "sx1.sh.社会保障".encode("gbk") + b"\x00")
            assert (sw1, sw2) == (0x90, 0x00) and data[0] == 0x6F
        log("read card", card.number, "and verified the PIN over pyscard")
    finally:
        pc.disconnect()


def main():
    ensure_pcscd()
    try:
        import smartcard  # noqa: F401
    except ImportError:
        log("pyscard missing for", sys.executable, ": skip")
        return 77
    slot, name = pick_slot()
    port = 35963 + slot
    log("using", name, "on 127.0.0.1:%d" % port)
    started.append(subprocess.Popen([SIM, "--host", "127.0.0.1", "--port",
                                     str(port), "--profile", PROFILE],
                                    env=CHILD_ENV))
    if not wait_card(name, True):
        log("the simulated card never appeared")
        return 1
    check(name)
    return 0


if __name__ == "__main__":
    try:
        rc = main()
    finally:
        cleanup()
    sys.exit(rc)
