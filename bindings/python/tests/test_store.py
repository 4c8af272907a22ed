# SPDX-License-Identifier: Apache-2.0
"""socialcard.store: open by URI (memory:, sqlite:PATH), transactions as
context managers, loads, iterators over journal / invalid list / cards,
Conflict on a stale revision, and closed handles."""

import datetime as dt
import os
import shutil
import subprocess
import uuid

import pytest

import socialcard
from socialcard import Card, CardState, InvalidLevel, _capi
from socialcard import store

D17 = "50010119900307123"
ID = D17 + _capi.idnumber_check_char(D17)
KEY = bytes(range(32))
IKEY = bytes(range(32, 64))
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)


def make_card(number="A12345678"):
    c = Card()
    c.number = number
    c.region = "500000"
    c.state = CardState.ACTIVE
    c.holder.id_number = ID
    c.holder.name = "张三"
    return c


def journal(txn, card, seq, service="apply"):
    txn.add_journal(entry_id=str(uuid.uuid4()), card_id=card.uuid,
                    sequence=seq, time=NOW, service=service,
                    data=b"entry %d" % seq)


def exercise(st):
    card = make_card()
    with st.transaction() as txn:
        txn.set_card(card)
        journal(txn, card, 1)
    assert txn.revision == 1
    stored = st.load(card.uuid)
    assert stored.revision == 1 and stored.state is CardState.ACTIVE
    assert stored.holder_index == st.holder_index(ID)
    back = stored.card()
    assert back.uuid == card.uuid and back.holder.name == "张三"
    assert st.load_by_number("A12345678").card_id == card.uuid

    back.state = CardState.REPORTED_LOST
    with st.transaction() as txn:
        txn.set_card(back)
        journal(txn, back, 2, "report_loss")
        txn.add_invalid(level=InvalidLevel.MUNICIPAL, region="500100",
                        card_number=back.number, card_id=back.uuid,
                        time=NOW, reason="lost")
        txn.set_request("req-1", b"ok")
    assert txn.revision == 2

    # A writer still holding revision 1 loses.
    with pytest.raises(socialcard.Conflict):
        with st.transaction() as txn:
            txn.set_card(card, base_revision=1)
    assert st.load(card.uuid).revision == 2

    entries = list(st.journal(card.uuid))
    assert [e.sequence for e in entries] == [1, 2]
    assert entries[1].service == "report_loss" and entries[1].data == b"entry 2"
    assert entries[0].time == NOW
    inv = list(st.invalid_list(InvalidLevel.MUNICIPAL, "500100"))
    assert [e.card_number for e in inv] == ["A12345678"]
    hit = st.invalid(InvalidLevel.MUNICIPAL, "A12345678", "500100")
    assert hit.reason == "lost" and hit.level is InvalidLevel.MUNICIPAL
    assert st.invalid(InvalidLevel.NATIONAL, "A12345678") is None
    assert st.request("req-1") == b"ok"
    with pytest.raises(socialcard.NotFound):
        st.request("req-2")
    assert [c.card_id for c in st.cards(CardState.REPORTED_LOST)] == \
        [card.uuid]
    assert list(st.cards(CardState.ACTIVE)) == []
    assert [c.card_id for c in st.cards_of_holder(ID)] == [card.uuid]
    with pytest.raises(socialcard.NotFound):
        st.load(str(uuid.uuid4()))
    assert isinstance(st.health(), str)


def test_memory_store():
    with store.open("memory:") as st:
        assert st.backend == "memory"
        exercise(st)
    assert st.closed
    with pytest.raises(ValueError):
        st.load("x")


def test_sqlite_store_persists(tmp_path):
    path = os.fspath(tmp_path / "cards.db")
    with store.open("sqlite:" + path, data_key=KEY, index_key=IKEY) as st:
        assert st.backend == "sqlite"
        exercise(st)
        ids = [c.card_id for c in st.cards()]
    with store.open("sqlite:" + path, data_key=KEY, index_key=IKEY) as st:
        assert [c.card_id for c in st.cards()] == ids
        assert st.load(ids[0]).revision == 2


def test_postgresql_store():
    """Against the server of SSC_TEST_PG (scripts/services.sh), in a
    schema of its own; skipped without one or without libpq."""
    conninfo = os.environ.get("SSC_TEST_PG")
    if not conninfo or not shutil.which("psql"):
        pytest.skip("SSC_TEST_PG is not set (or no psql)")
    schema = "py_" + uuid.uuid4().hex[:12]
    # psql is not built with the sanitizers: never hand it the preloaded
    # sanitizer runtime of a sanitizer build
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    subprocess.run(["psql", conninfo, "-q", "-c", "CREATE SCHEMA " + schema],
                   check=True, env=env, timeout=60)
    try:
        uri = "postgresql:%s options='-csearch_path=%s'" % (conninfo, schema)
        try:
            st = store.open(uri, data_key=KEY, index_key=IKEY)
        except socialcard.NotSupported:
            pytest.skip("libsocialcard built without PostgreSQL")
        with st:
            assert st.backend == "postgresql"
            exercise(st)
    finally:
        subprocess.run(["psql", conninfo, "-q", "-c",
                        "DROP SCHEMA %s CASCADE" % schema], check=False,
                       env=env, timeout=60)


def test_iterator_paging_and_cursor():
    with store.open("memory:") as st:
        numbers = ["A1234567%d" % i for i in range(5)]
        for n in numbers:
            with st.transaction() as txn:
                txn.set_card(make_card(n))
        it = st.cards(limit=2)
        first = list(it)
        assert len(first) == 2
        rest = list(st.cards(after=it.cursor))
        assert len(rest) == 3
        assert {c.card_number for c in first + rest} == set(numbers)


def test_bad_open_and_failed_transaction():
    with pytest.raises(socialcard.InvalidArgument):
        store.open("nosuch:")
    with pytest.raises(socialcard.InvalidArgument):
        store.open("sqlite:/tmp/x.db", data_key=b"short", index_key=IKEY)
    with store.open("memory:") as st:
        card = make_card()
        with pytest.raises(RuntimeError):
            with st.transaction() as txn:
                txn.set_card(card)
                raise RuntimeError("abort")
        with pytest.raises(socialcard.NotFound):
            st.load(card.uuid)
        with pytest.raises(socialcard.InvalidArgument):
            with st.transaction() as txn:
                txn.set_card(card_id="not-a-uuid", card_number="A12345678",
                             holder_id=ID, region="500000", state=10,
                             record=card.encode())
