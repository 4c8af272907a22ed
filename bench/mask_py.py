#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Python side of the call-overhead benchmark: socialcard.mask_id_number
(which calls ssc_mask_id_number through the SWIG binding), the same call
ssc-bench-mask makes from C.  Usage: mask_py.py N; prints JSON."""
import json
import sys
import time

import socialcard


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    ids = ['1101011930010100%dX' % d for d in range(10)]
    f = socialcard.mask_id_number
    check = 0
    t0 = time.perf_counter_ns()
    for i in range(n):
        check += len(f(ids[i % 10]))
    el = time.perf_counter_ns() - t0
    print(json.dumps({'calls': n, 'ns_per_call': el / n, 'check': check}))


if __name__ == '__main__':
    main()
