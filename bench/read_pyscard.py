#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Baseline of the card-read benchmark: pyscard sends the APDUs of
bench/read_apdus.txt, the same list ssc-bench-read sends through the
library.  Usage: read_pyscard.py APDU-FILE READER-NAME READS; prints JSON."""
import json
import sys
import time

from smartcard.scard import (SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1,
                             SCARD_SCOPE_USER, SCARD_SHARE_SHARED,
                             SCARD_LEAVE_CARD, SCardConnect,
                             SCardDisconnect, SCardEstablishContext,
                             SCardReleaseContext, SCardTransmit)


def main():
    path, name, reads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cmds = [list(bytes.fromhex(l.strip())) for l in open(path)
            if l.strip() and not l.startswith('#')]
    hr, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    hr, card, proto = SCardConnect(ctx, name, SCARD_SHARE_SHARED,
                                   SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1)
    if hr:
        print('connect failed: %x' % hr, file=sys.stderr)
        return 1
    bad = nbytes = 0
    t0 = time.perf_counter()
    for _ in range(reads):
        for c in cmds:
            hr, resp = SCardTransmit(card, proto, c)
            if hr or len(resp) < 2 or resp[-2] not in (0x90, 0x61, 0x6A):
                bad += 1
            nbytes += len(resp)
    el = time.perf_counter() - t0
    SCardDisconnect(card, SCARD_LEAVE_CARD)
    SCardReleaseContext(ctx)
    print(json.dumps({'reads': reads, 'apdus_per_read': len(cmds),
                      'ms_per_read': el * 1e3 / reads, 'bad': bad,
                      'response_bytes_per_read': nbytes // max(reads, 1)}))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
