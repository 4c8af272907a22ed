#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Python side of the service-overhead benchmark: the same registry
service sequence ssc-bench-pyservice makes from C, through
socialcard.open() and the Registry's methods.

Usage: service_py.py URI NCARDS PAIRS ("memory:" or "sqlite:PATH", the
latter with synchronous=NORMAL).  Issues NCARDS cards (untimed), runs 50
untimed warm-up pairs, then times PAIRS pairs of report_loss + cancel_loss
on card i % NCARDS, each service with its own request id; prints JSON
(µs per service, wall clock and process CPU time)."""
import datetime
import json
import os
import sys
import time

import socialcard
from socialcard import (ActorRole, Channel, DocType, Insured, Person,
                        ProductionMode, StoreSync)
from socialcard.rules import Evidence, MaterialFlag, PresentedMaterial

REGION = "450102"
WARMUP = 50
DATA_KEY = b"bench data key, not a secret...\0"
INDEX_KEY = b"bench index key, not a secret..\0"
NAMES = ["王伟", "李芳", "张娜", "刘秀英", "陈敏", "杨静", "黄丽", "赵强"]

# the requests ssc-bench-pyservice builds
HOLDER = dict(
    actor=ActorRole.HOLDER, channel=Channel.WINDOW,
    acceptance_operator="op-a", processing_operator="op-b",
    actor_doc_type=DocType.RESIDENT_ID, actor_doc_number="450102199001011234",
    documents=[DocType.RESIDENT_ID, DocType.SS_CARD],
    materials=["photo", PresentedMaterial("application_form",
                                          MaterialFlag.SIGNED),
               "fee_payment"],
    evidence=(Evidence.CREDENTIAL_IMAGES | Evidence.SCENE_IMAGES |
              Evidence.SIGNATURE),
    evidence_refs=["scan:bench", "scene:bench", "sig:bench"])
SYSTEM = dict(actor=ActorRole.SYSTEM, channel=Channel.WINDOW,
              acceptance_operator="op-a", processing_operator="op-b")


def main():
    uri, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    base = int.from_bytes(os.urandom(8), "little")
    seq = [0]

    def rid():
        seq[0] += 1
        return "bench-%016x-%d" % (base, seq[0] - 1)

    reg = socialcard.open(uri, region=REGION, data_key=DATA_KEY,
                          index_key=INDEX_KEY, sync=StoreSync.NORMAL)
    with reg:
        ids = []
        for i in range(n):
            month, day = 1 + i // 1000 // 28 % 12, 1 + i // 1000 % 28
            d17 = "%s1990%02d%02d%03d" % (REGION, month, day, i % 1000)
            p = Person()
            p.id_number = d17 + socialcard._capi.idnumber_check_char(d17)
            p.name = NAMES[i % 8]
            p.birth_date = datetime.date(1990, month, day)
            p.set_insured(Insured.YES, None)
            c = reg.apply(p, request_id=rid(), bank_code="ICBC",
                          **HOLDER).card_id
            reg.approve(card_id=c, request_id=rid(), **SYSTEM)
            reg.start_production(card_id=c, request_id=rid(),
                                 production=ProductionMode.INSTANT, **SYSTEM)
            reg.finish_production(card_id=c, request_id=rid(), **SYSTEM)
            reg.collect(card_id=c, request_id=rid(), **HOLDER)
            reg.activate_ss(card_id=c, request_id=rid(), **HOLDER)
            ids.append(c)
        report, cancel = reg.report_loss, reg.cancel_loss
        for i in range(WARMUP):
            report(card_id=ids[i % n], request_id=rid(), **HOLDER)
            cancel(card_id=ids[i % n], request_id=rid(), **HOLDER)
        c0 = time.process_time_ns()
        t0 = time.perf_counter_ns()
        for i in range(WARMUP, WARMUP + k):
            report(card_id=ids[i % n], request_id=rid(), **HOLDER)
            cancel(card_id=ids[i % n], request_id=rid(), **HOLDER)
        el = time.perf_counter_ns() - t0
        cpu = time.process_time_ns() - c0
    print(json.dumps({"side": "python",
                      "uri": "sqlite:" if uri.startswith("sqlite:") else uri,
                      "cards": n, "services": 2 * k,
                      "us_per_service": el / 1e3 / (2 * k),
                      "cpu_us_per_service": cpu / 1e3 / (2 * k)}))


if __name__ == "__main__":
    main()
