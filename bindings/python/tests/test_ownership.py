# SPDX-License-Identifier: Apache-2.0
"""Ownership: objects from out-parameters are Python-owned; borrowed ones
keep their parent alive; freeing parents before children (any gc order)
does not crash."""

import gc
import weakref

from socialcard import Card, Context, Reader, Rulebook, _capi
from socialcard import store

D17 = "50010119900307123"
ID = D17 + _capi.idnumber_check_char(D17)


def test_out_parameters_are_owned():
    card = Card()
    assert card.thisown
    assert Card.decode(card.encode()).thisown
    assert card.copy().thisown
    assert Rulebook().check("apply").thisown
    with store.open("memory:") as st:
        txn = st.transaction()
        assert txn.thisown
        it = st.cards()
        assert it.thisown


def test_borrowed_holder_keeps_card():
    card = Card()
    holder = card.holder
    assert not holder.thisown
    holder.id_number = ID
    ref = weakref.ref(card)
    del card
    gc.collect()
    assert ref() is not None           # held by holder._parent
    assert holder.id_number == ID
    holder.name = "张三"
    assert ref().holder.name == "张三"


def test_parents_freed_before_children():
    ctx = Context()
    card = Card(ctx)
    rb = Rulebook(ctx)
    verdict = rb.check("apply")
    cal = rb.calendar
    reader = Reader("sim:", ctx=ctx)
    conn = reader.connect()
    st = store.open("memory:", ctx=ctx)
    with st.transaction() as txn:
        card.holder.id_number = ID
        card.number = "A12345678"
        card.region = "500000"
        card.state = 10
        txn.set_card(card)
    it = st.journal(card.uuid)
    ctx.close()
    del ctx, rb, reader, st
    gc.collect()
    assert verdict.reasons is not None
    assert cal.has_year(2026)
    assert len(conn.transmit_raw("00A4040000")) >= 2
    assert list(it) == []
    del card, verdict, cal, conn, it
    gc.collect()


def test_cycles_collected_in_any_order():
    for _ in range(50):
        card = Card()
        h = card.holder
        card.cycle = h               # a cycle through the borrowed holder
        objs = [card, h, Rulebook(), Reader("sim:")]
        objs.append(objs[2].calendar)
        objs.append(objs[3].connect())
        objs.reverse()
        del card, h, objs
    gc.collect()


def test_store_children_and_store_in_any_order():
    st = store.open("memory:")
    it = st.cards()
    txn = st.transaction()
    del st
    gc.collect()
    assert list(it) == []              # the children keep the C store
    txn.close()

    st = store.open("memory:")
    it = st.journal("00000000-0000-4000-8000-000000000000")
    txn = st.transaction()
    st.close()                         # closes its children first
    assert list(it) == []
    assert txn.closed if hasattr(txn, "closed") else int(txn.this) == 0

    for _ in range(20):                # cycles: the gc picks the order
        st = store.open("memory:")
        it = st.cards()
        txn = st.transaction()
        st.loop = (st, it, txn)
        it.loop = st
        txn.loop = it
        del st, it, txn
    gc.collect()
