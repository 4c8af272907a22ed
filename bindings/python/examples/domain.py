#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A tour of the domain classes: a card and its holder, the rules for an
application, a deadline on the working-day calendar, the store, and a raw
exchange with the built-in software card.  Runs as a test
(python-example-domain)."""

import datetime as dt
import uuid

import socialcard
from socialcard import (ActorRole, Card, CardState, DocType, Reader,
                        Rulebook, Service, Situation)

d17 = "50010119900307123"
id_number = d17 + socialcard._capi.idnumber_check_char(d17)
info = socialcard.check_id(id_number)
print("ID:", info)

card = Card()
card.number = "A12345678"
card.region = "500000"
card.state = CardState.ACTIVE
card.holder.id_number = id_number
card.holder.name = "张三"
print(card)                                   # masked

rules = Rulebook()
verdict = rules.check(Service.APPLY, Situation(
    actor=ActorRole.HOLDER, insured=True,
    holder_birth_date=info.birth_date, docs=[DocType.RESIDENT_ID]))
print(verdict.format("en"))
error = verdict.error()
if error is not None:
    print("missing:", error.missing)

start = dt.datetime(2026, 9, 30, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
print("5 working days after", start.date(), "→",
      rules.calendar.add_working_days(start.date(), 5))

with socialcard.store.open("memory:") as st:
    with st.transaction() as txn:
        txn.set_card(card)
        txn.add_journal(entry_id=str(uuid.uuid4()), card_id=card.uuid,
                        sequence=1, time=start, service="apply")
    print(st.load(card.uuid), [e.service for e in st.journal(card.uuid)])

reader = Reader("sim:")
with reader.connect() as conn:
    answer = socialcard.Response(conn.transmit_raw("00A4040000"))
    print(reader.readers(), conn.atr.hex(), "SW %04X" % answer.sw)
