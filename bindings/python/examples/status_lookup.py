#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""应用状态查询: look a card up by card number (or internal id) and print
its states, whether it is on an invalid-card list, and its journal.  The
lookup itself is the status_query service, so it is journaled as a query
(who asked, through which channel).

    PYTHONPATH=build/bindings/python /usr/bin/python3 \\
        bindings/python/examples/status_lookup.py [CARD] [--db sqlite:PATH]

Without --db a temporary SQLite file is filled with two demo cards (one
active, one reported lost) and both are looked up.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile

import socialcard
from socialcard import (ActorRole, CardState, Channel, DocType,
                        InvalidLevel, ProductionMode)
from socialcard.rules import Evidence, MaterialFlag, PresentedMaterial

CST = dt.timezone(dt.timedelta(hours=8), "CST")
DATA_KEY = bytes(range(32))
INDEX_KEY = bytes(range(32, 64))
STAFF = dict(acceptance_operator="op-a", processing_operator="op-b")
HOLDER = dict(actor=ActorRole.HOLDER, channel=Channel.WINDOW,
              documents=[DocType.RESIDENT_ID, DocType.SS_CARD],
              materials=["photo", PresentedMaterial("application_form",
                                                    MaterialFlag.SIGNED),
                         "fee_payment"],
              evidence=(Evidence.CREDENTIAL_IMAGES | Evidence.SCENE_IMAGES
                        | Evidence.SIGNATURE),
              evidence_refs=["scan:1", "scene:1", "sig:1"], **STAFF)


def demo_cards(reg):
    """Two cards: A00000001 active, A00000002 reported lost."""
    system = dict(actor=ActorRole.SYSTEM, channel=Channel.WINDOW, **STAFF)
    numbers = []
    for i, number in enumerate(["A00000001", "A00000002"]):
        p = socialcard.Person()
        d17 = "50010119850101%03d" % (100 + i)
        p.id_number = d17 + socialcard._capi.idnumber_check_char(d17)
        p.name = "李四"
        p.birth_date = dt.date(1985, 1, 1)
        p.set_insured(socialcard.Insured.YES, None)
        cid = reg.apply(p, **HOLDER).card_id
        reg.approve(card_id=cid, **system)
        reg.start_production(card_id=cid, production=ProductionMode.INSTANT,
                             **system)
        reg.finish_production(card_id=cid, card_number=number, **system)
        reg.collect(card_id=cid, **HOLDER)
        reg.activate_ss(card_id=cid, **HOLDER)
        if i == 1:
            reg.report_loss(card_id=cid, **dict(
                HOLDER, channel=Channel.PHONE, documents=[], materials=[]))
        numbers.append(number)
    return numbers


def lookup(reg, key: str) -> int:
    try:
        stored = reg.find_card(key)
    except socialcard.NotFound:
        try:
            stored = reg.store.load(key)
        except (socialcard.NotFound, socialcard.InvalidArgument):
            print("%s: no such card" % key)
            return 1
    res = reg.status_query(card_id=stored.card_id, actor=ActorRole.HOLDER,
                           channel=Channel.ONLINE,
                           documents=[(DocType.RESIDENT_ID,
                                       socialcard.DocForm.ELECTRONIC,
                                       socialcard.Party.HOLDER)])
    card = reg.load_card(stored.card_id)
    st = res.states
    print("card %s (%s), holder %s" % (card.number, card.uuid,
                                       socialcard.mask_name(
                                           card.holder.name or "")))
    print("  card state      %s" % st.card.name)
    print("  financial       %s" % getattr(st.fin, "name", st.fin))
    print("  PIN             %s" % getattr(st.pin, "name", st.pin))
    print("  e-card          %s" % getattr(st.ecard, "name", "none"))
    listed = reg.store.invalid(InvalidLevel.NATIONAL, card.number)
    print("  invalid list    %s" % ("national, since %s" % listed.time
                                    .astimezone(CST).strftime("%Y-%m-%d")
                                    if listed else "not listed"))
    print("  journal (%d entries, chain verified):" %
          reg.verify_journal(stored.card_id))
    for e in reg.journal(stored.card_id):
        print("    #%-2d %-20s %s" % (e.sequence, e.service,
                                      e.time.astimezone(CST)
                                      .strftime("%Y-%m-%d %H:%M")))
    if st.card is CardState.REPORTED_LOST:
        print("  → reported lost: apply for a replacement (补领) at a window")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("card", nargs="*", help="card number or internal id")
    ap.add_argument("--db")
    args = ap.parse_args()
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="ssc-status-")
        args.db = "sqlite:" + os.path.join(tmp.name, "cards.db")
    clock = socialcard.ManualClock(dt.datetime(2025, 3, 3, 10, tzinfo=CST))
    rc = 0
    with socialcard.open(args.db, region="500000", clock=clock,
                         data_key=DATA_KEY, index_key=INDEX_KEY) as reg:
        keys = args.card
        demo = tmp is not None and not keys
        if demo:
            keys = demo_cards(reg)
        for key in keys:
            rc |= lookup(reg, key)
            print()
        if demo:
            assert lookup(reg, "A99999999") == 1    # an unknown card
    if tmp is not None:
        tmp.cleanup()
    return rc

if __name__ == "__main__":
    sys.exit(main())
