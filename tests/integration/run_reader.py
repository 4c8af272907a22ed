#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Integration suite for the readers, through the real pcscd + vpcd.

Starts socialcard-sim against a free vpcd slot on 127.0.0.1, then:
  1. the library's PC/SC backend reads the simulated card end to end
     (SS application, PINs, debit application, blocked PIN), recording a
     trace that then re-runs in strict replay (reader_pcsc_e2e session);
  2. pyscard, an independent PC/SC client, sends raw SELECT and READ
     RECORD APDUs and gets the bytes the card spec and profile say;
  3. the card is pulled mid-session (the sim disconnects): a clean
     SSC_ECARDREMOVED / SSC_ENOCARD, an event, no hang;
  4. a generation-3 dual card on the contactless interface: mode filter,
     T=1, SM4 EXTERNAL AUTHENTICATE before protected reads.
Exit 77 (skip) only when pcscd is not installed, or is not running and we
are not root to start it.  Every process this script starts is stopped by
its pid.  Environment: SSC_TEST_VPCD_SLOT (0 or 1) forces a slot.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SIM, E2E, PROFILE = sys.argv[1:4]
started = []  # Popen objects, stopped by pid in cleanup()


def log(*a):
    print('reader-it:', *a, flush=True)


def cleanup():
    for p in reversed(started):
        if p.poll() is None:
            os.kill(p.pid, signal.SIGTERM)
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()


def pcscd_running():
    return subprocess.run(['pgrep', '-x', 'pcscd'], stdout=subprocess.DEVNULL).returncode == 0


def ensure_pcscd():
    if shutil.which('pcscd') is None and not os.path.exists('/usr/sbin/pcscd'):
        log('pcscd is not installed: skip')
        sys.exit(77)
    if pcscd_running():
        return
    if os.getuid() != 0:
        log('pcscd is not running and we are not root to start it: skip')
        sys.exit(77)
    os.makedirs('/run/pcscd', exist_ok=True)
    logf = open(os.path.join(tempfile.gettempdir(), 'ssc-it-pcscd.log'), 'wb')
    p = subprocess.Popen([shutil.which('pcscd') or '/usr/sbin/pcscd', '--foreground'],
                         stdout=logf, stderr=subprocess.STDOUT)
    started.append(p)
    log('started pcscd, pid', p.pid)
    for _ in range(50):
        try:
            import socket
            socket.create_connection(('127.0.0.1', 35963), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def reader_states():
    """{reader name: card present?} as pcscd sees them."""
    from smartcard.scard import (SCardEstablishContext, SCardListReaders,
                                 SCardGetStatusChange, SCardReleaseContext,
                                 SCARD_SCOPE_USER, SCARD_STATE_UNAWARE,
                                 SCARD_STATE_PRESENT)
    hr, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    if hr:
        return {}
    try:
        hr, names = SCardListReaders(ctx, [])
        if hr or not names:
            return {}
        hr, states = SCardGetStatusChange(ctx, 0, [(n, SCARD_STATE_UNAWARE) for n in names])
        return {n: bool(st & SCARD_STATE_PRESENT) for n, st, _atr in states}
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
    forced = os.environ.get('SSC_TEST_VPCD_SLOT')
    states = reader_states()
    slots = [int(forced)] if forced else [0, 1]
    for s in slots:
        name = 'Virtual PCD 00 %02d' % s
        if name in states and not states[name]:
            return s, name
    log('no free vpcd slot among', states)
    sys.exit(1)


def start_sim(port, *extra, profile=PROFILE):
    p = subprocess.Popen([SIM, '--host', '127.0.0.1', '--port', str(port),
                          '--profile', profile] + list(extra))
    started.append(p)
    return p


def stop(p):
    if p.poll() is None:
        os.kill(p.pid, signal.SIGTERM)
        p.wait(5)


def pyscard_check(name):
    from smartcard.System import readers
    from smartcard.util import toBytes
    prof = json.load(open(PROFILE, encoding='utf-8'))
    r = [x for x in readers() if str(x) == name][0]
    conn = r.createConnection()
    conn.connect()

    def tx(h):
        d, s1, s2 = conn.transmit(toBytes(h))
        return bytes(d + [s1, s2])

    atr = bytes(conn.getATR())
    ident = bytes.fromhex(prof['card']['identifier'])
    assert atr[-4:] == ident[8:12], atr.hex()
    # SELECT SSSE (case 3) on a T=0 card: 61 18, then the FCI
    name_gbk = 'sx1.sh.社会保障'.encode('gbk')
    assert tx('00A404000F' + name_gbk.hex()) == bytes.fromhex('6118')
    fci = tx('00C0000018')
    assert fci == bytes.fromhex('6F16840F') + name_gbk + bytes.fromhex('A50388010B9000'), fci.hex()
    # READ RECORD by SFI, tag mode: tag, length, value, 9000
    assert tx('00B2012812') == b'\x01\x10' + ident + b'\x90\x00'
    assert tx('00B207280B') == b'\x07\x09' + prof['card']['number'].encode() + b'\x90\x00'
    assert tx('00B2083014') == b'\x08\x12' + prof['holder']['ssn'].encode() + b'\x90\x00'
    gb = prof['holder']['name'].encode('gb18030')
    assert tx('00B2093020') == b'\x09\x1e' + gb + b' ' * (30 - len(gb)) + b'\x90\x00'
    # record-number mode and exact-Le behaviour
    assert tx('00B2043403') == b'\x0a\x01' + prof['holder']['sex'].encode() + b'\x90\x00'
    assert tx('00B2012800') == bytes.fromhex('6C12')
    conn.disconnect()


def main():
    ensure_pcscd()
    try:
        import smartcard  # noqa: F401
    except ImportError:
        log('pyscard missing for', sys.executable)
        return 1
    slot, name = pick_slot()
    port = 35963 + slot
    log('using', name, 'on 127.0.0.1:%d' % port)
    tmp = tempfile.mkdtemp(prefix='ssc-it-')
    try:
        sim = start_sim(port)
        if not wait_card(name, True):
            log('the simulated card never appeared')
            return 1
        trace = os.path.join(tmp, 'session.trace')
        t0 = time.time()
        rc = subprocess.run([E2E, 'session', name, trace], timeout=60).returncode
        log('1. pcsc backend session + strict replay: rc', rc, '(%.2f s)' % (time.time() - t0))
        if rc:
            return 1
        with open(trace, 'rb') as f:
            data = f.read()
        assert b'\x12\x34\x56' not in data and b'\x24\x68\x10' not in data, 'PIN in trace'
        pyscard_check(name)
        log('2. pyscard raw SELECT / READ RECORD: ok')
        rc = subprocess.run([E2E, 'read', name], timeout=60).returncode
        log('2b. pcsc backend high-level read (ssc_card_read): rc', rc)
        if rc:
            return 1
        stop(sim)
        if not wait_card(name, False):
            log('the card did not go away')
            return 1
        sim = start_sim(port, '--remove-after', '5')
        if not wait_card(name, True):
            log('the simulated card never appeared (removal run)')
            return 1
        rc = subprocess.run([E2E, 'removal', name], timeout=60).returncode
        log('3. card pulled mid-session: rc', rc)
        if rc:
            return 1
        stop(sim)
        if not wait_card(name, False):
            log('the card did not go away')
            return 1
        gen3 = os.path.join(os.path.dirname(PROFILE), 'gen3-dual.json')
        sim = start_sim(port, '--contactless', profile=gen3)
        if not wait_card(name, True):
            log('the contactless card never appeared')
            return 1
        rc = subprocess.run([E2E, 'contactless', name], timeout=60).returncode
        log('4. generation-3 card on the contactless interface: rc', rc)
        if rc:
            return 1
        rc = subprocess.run([E2E, 'read3', name], timeout=60).returncode
        log('4b. high-level read of the generation-3 card, contactless: rc', rc)
        if rc:
            return 1
        stop(sim)
        if not wait_card(name, False):
            log('the card did not go away')
            return 1
        blank = os.path.join(os.path.dirname(PROFILE), 'blank-gen2.json')
        sim = start_sim(port, profile=blank)
        if not wait_card(name, True):
            log('the blank card never appeared')
            return 1
        rc = subprocess.run([E2E, 'personalize', name], timeout=60).returncode
        log('5. blank card personalised (MAC\'d UPDATE RECORD) and read back: rc', rc)
        return 1 if rc else 0
    finally:
        cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    try:
        sys.exit(main())
    finally:
        cleanup()
