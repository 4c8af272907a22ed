#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A partner-bank branch activates the financial function (金融功能激活)
of a social security card, with the holder present:

  1. read the card in the teller's reader (SS application + debit
     application) and find it in the registry by its card number;
  2. check: the chip's holder is the registry's holder, and the holder
     proves presence with the card's PIN;
  3. activate — when the rules refuse, print what is missing, collect it
     and retry with the same request (the retry is idempotent).

    PYTHONPATH=build/bindings/python /usr/bin/python3 \\
        bindings/python/examples/bank_branch.py [--db sqlite:PATH] [--reader URI]

Defaults: a temporary SQLite file and the software card "sim:" with the
debit-application profile of tests/data/reader.  With a fresh database the
script first plays the card's history (application → production →
collection) so that the registry knows the card, as the back office would
have.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import uuid

import socialcard
from socialcard import (ActorRole, CardState, Channel, DocType, ManualClock,
                        ProductionMode)
from socialcard.rules import Evidence, MaterialFlag, PresentedMaterial

CST = dt.timezone(dt.timedelta(hours=8), "CST")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("SSC_SOURCE_ROOT", os.path.join(HERE, "..", "..", ".."))
PROFILE = os.path.join(ROOT, "tests", "data", "reader", "gen2-debit.json")
DATA_KEY = bytes(range(32))          # from your KMS in production
INDEX_KEY = bytes(range(32, 64))
BANK = "ICBC"
TELLER = dict(acceptance_operator="teller-07", processing_operator="teller-12")
EVIDENCE = dict(evidence=(Evidence.CREDENTIAL_IMAGES | Evidence.SCENE_IMAGES
                          | Evidence.SIGNATURE),
                evidence_refs=["dms://scan/77", "dms://scene/77",
                               "pad://signature/77"])


def back_office_history(reg, card):
    """What the social-security back office did before: the card's
    application, production and collection."""
    holder = card.holder.copy()
    holder.set_insured(socialcard.Insured.YES, None)
    window = dict(actor=ActorRole.HOLDER, channel=Channel.WINDOW,
                  documents=[DocType.RESIDENT_ID],
                  materials=["photo", PresentedMaterial(
                      "application_form", MaterialFlag.SIGNED),
                      "fee_payment"], **TELLER, **EVIDENCE)
    system = dict(actor=ActorRole.SYSTEM, channel=Channel.WINDOW, **TELLER)
    cid = reg.apply(holder, bank_code=BANK, **window).card_id
    reg.approve(card_id=cid, **system)
    reg.start_production(card_id=cid, production=ProductionMode.INSTANT,
                         **system)
    reg.finish_production(card_id=cid, card_number=card.number, **system)
    reg.collect(card_id=cid, **dict(window, materials=[]))
    return cid


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="store URI (default: a temporary SQLite "
                    "file)")
    ap.add_argument("--reader", default="sim:" + PROFILE)
    ap.add_argument("--pin", default="123456",
                    help="the holder types it on the PIN pad")
    args = ap.parse_args()
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="ssc-bank-")
        args.db = "sqlite:" + os.path.join(tmp.name, "cards.db")

    clock = ManualClock(dt.datetime(2025, 3, 3, 10, 0, tzinfo=CST))
    with socialcard.open(args.db, region="500000", clock=clock,
                         data_key=DATA_KEY, index_key=INDEX_KEY) as reg, \
            socialcard.Reader(args.reader) as reader, \
            reader.connect() as conn:
        # 1. read the card
        chip = socialcard.read_card(conn, financial=True)
        print("card read:", chip.number, "holder", chip.holder)
        try:
            stored = reg.find_card(chip.number)
            cid = stored.card_id
        except socialcard.NotFound:
            cid = back_office_history(reg, chip)
            print("(registry seeded with the card's history)")
        record = reg.load_card(cid)

        # 2. check
        if record.holder.id_number != chip.holder.id_number:
            print("REFUSED: the chip's holder is not the registry's holder")
            return 2
        if record.state not in (CardState.ISSUED, CardState.ACTIVE):
            print("REFUSED: card state is", record.state.name)
            return 2
        try:
            conn.verify_pin(args.pin)
        except socialcard.PinError as e:
            print("wrong PIN, %s tries left" % e.tries_left)
            return 2
        except socialcard.PinBlocked:
            print("PIN blocked: unlock it at a social-security window")
            return 2
        print("holder present, PIN verified")

        # 3. activate (one request id per teller click)
        request = dict(card_id=cid, actor=ActorRole.HOLDER,
                       channel=Channel.BANK,
                       outlet_bank=BANK, request_id=str(uuid.uuid4()),
                       actor_doc_type=DocType.RESIDENT_ID,
                       actor_doc_number=chip.holder.id_number,
                       documents=[], **TELLER, **EVIDENCE)
        try:
            res = reg.activate_financial(**request)
        except socialcard.NotEligible as e:
            print("not yet:", ", ".join(e.reasons + e.missing))
            print(e.verdict.format("en") if e.verdict else e)
            request["documents"] = [DocType.RESIDENT_ID, DocType.SS_CARD]
            request["request_id"] = str(uuid.uuid4())
            res = reg.activate_financial(**request)
        print("activated: card %s, financial %s (journal entry %s)" % (
            res.states.card.name, res.states.fin.name, res.entry_id))
        again = reg.activate_financial(**request)       # a double click
        assert again.replayed and again.entry_id == res.entry_id
        print("journal:")
        for entry in reg.journal(cid):
            print("  #%d %s %s" % (entry.sequence, entry.service,
                                    entry.time.astimezone(CST)
                                    .strftime("%Y-%m-%d %H:%M")))
        assert reg.load_card(cid).fin_state is socialcard.FinState.ACTIVE
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
