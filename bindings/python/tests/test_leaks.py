# SPDX-License-Identifier: Apache-2.0
"""No leaks over 10,000 calls: the process RSS (from /proc/self/statm)
stays within a bound while contexts with callbacks are made and dropped,
errors raised, text masked and bytes converted.  Skipped under sanitizers,
whose quarantine makes RSS meaningless."""

import datetime
import gc
import os
import resource

import pytest

import socialcard
from socialcard import Context, ManualClock, _capi

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("SSC_PY_SANITIZED")),
    reason="RSS is not meaningful under sanitizers")

PAGE = resource.getpagesize()
ROUNDS = 10_000
BOUND = 512 * 1024               # bytes; one leaked object per round is ~1.2 MB


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def one_round(i):
    clock = ManualClock(i)
    with Context(region="500000", clock=clock,
                 log=lambda level, msg: None) as ctx:
        assert ctx.now() == i
        ctx.region = "450200"
    try:
        Context(region="bad")
    except socialcard.InvalidArgument:
        pass
    try:
        _capi.error_set_sw(-202, 0x63C1, "wrong PIN")
    except socialcard.PinError as e:
        assert e.tries_left == 1
    assert socialcard.mask_id_number("110101199003071234") == \
        "110101********1234"
    assert socialcard.mask_name("欧阳娜娜") == "欧***"
    assert len(_capi.buf_set([i & 0xFF] * 64)) == 64
    assert _capi.buf_set("00 A4 04 00") == b"\x00\xa4\x04\x00"
    Context(clock=lambda: 1 // 0).close()        # callback never called
    ctx = Context(clock=lambda: 1 // 0)
    try:
        ctx.now()
    except ZeroDivisionError:
        pass


D17 = "50010119900307123"
ID = D17 + _capi.idnumber_check_char(D17)
RAW_TLV = bytes.fromhex("6F118408A000000333010101A5055F2D027A68")
RB = None
READER = None


def domain_round(i):
    """The classes bound since: card/person, ID numbers, rules, calendar,
    store, APDU/TLV and the reader, each with a success and a failure."""
    card = socialcard.Card()
    card.number = "A1234567%d" % (i % 10)
    card.region = "500000"
    card.state = socialcard.CardState.ACTIVE
    h = card.holder
    h.id_number = ID
    h.name = "张三"
    back = socialcard.Card.decode(card.encode())
    assert back == card and "张三" not in repr(back)
    try:
        socialcard.Card.decode(b"\x00garbage")
    except socialcard.Corrupt:
        pass
    assert socialcard.check_id(ID).sex is socialcard.Sex.MALE
    try:
        socialcard.check_id(ID[:-1] + "Y")
    except socialcard.BadIdNumber:
        pass
    assert socialcard.decode_text(socialcard.encode_text("张三")) == "张三"
    v = RB.check(socialcard.Service.APPLY, insured=bool(i & 1),
                 docs=[socialcard.DocType.RESIDENT_ID])
    assert v.required and str(v)
    if not v.allowed:
        assert isinstance(v.error(), socialcard.NotEligible)
    RB.calendar.add_working_days(datetime.date(2026, 3, 2), i % 20)
    if i % 10 == 0:
        with socialcard.store.open("memory:") as st:
            with st.transaction() as txn:
                txn.set_card(card)
            assert st.load(card.uuid).card().uuid == card.uuid
            assert len(list(st.cards())) == 1
            try:
                st.load(card.uuid[:-1] + "0" if card.uuid[-1] != "0"
                        else card.uuid[:-1] + "1")
            except socialcard.NotFound:
                pass
    a = socialcard.Apdu("00A4040005A00000033300")
    assert bytes(a) == bytes.fromhex("00A4040005A00000033300")
    try:
        socialcard.Response(b"\x63\xc1").check()
    except socialcard.PinError:
        pass
    assert socialcard.tlv.build(socialcard.tlv.parse(RAW_TLV)) == RAW_TLV
    with READER.connect() as conn:
        assert len(conn.transmit_raw(b"\x00\xa4\x04\x00\x00")) >= 2


def test_rss_stable_over_10000_domain_rounds():
    global RB, READER
    RB = socialcard.Rulebook()
    READER = socialcard.Reader("sim:")
    for i in range(500):
        domain_round(i)
    gc.collect()
    before = rss()
    for i in range(ROUNDS):
        domain_round(i)
    gc.collect()
    growth = rss() - before
    assert growth < 2 * BOUND, "RSS grew by %d bytes" % growth


def test_rss_stable_over_10000_rounds():
    for i in range(1000):               # warm up caches and arenas
        one_round(i)
    gc.collect()
    before = rss()
    for i in range(ROUNDS):
        one_round(i)
    gc.collect()
    growth = rss() - before
    assert growth < BOUND, "RSS grew by %d bytes" % growth


# ---- registry, journal, lifecycle and card access ---------------------------

def _registry_fixture():
    from test_registry import HOLDER, SYSTEM, person
    return HOLDER, SYSTEM, person


def registry_round(i, reg, cid, csv, kw):
    """Services on a memory store that leave it as it was (replays,
    refusals, illegal transitions, reads), so that RSS measures the
    binding and not the store's growth; and every 100th round a fresh
    registry through a card's whole issue."""
    HOLDER, SYSTEM, person = kw
    res = reg.apply(person(1), request_id="leak-apply", **HOLDER)
    assert res.replayed and res.card_id
    try:
        reg.apply(person(2), request_id="leak-refused",
                  **dict(HOLDER, materials=[]))
    except socialcard.NotEligible as e:
        assert "photo" in e.missing and e.result.entry_id is None
    try:
        reg.unlock(card_id=cid, request_id="leak-te", **HOLDER)
    except socialcard.TransitionError:
        pass
    assert reg.load_card(cid).uuid == cid
    assert len(list(reg.journal(cid))) == 1
    assert "data=<" in repr(next(iter(reg.journal(cid))))
    rep = reg.batch_import(csv, request_id="leak-batch",
                           progress=lambda d, t: None, **EMPLOYER_KW)
    assert rep.accepted == 1
    assert reg.process_due() == 0
    socialcard.registry.apply_event(
        socialcard.Event.APPLY, socialcard.registry.States(0, 0, 0, 0))
    if i % 100 == 0:
        with socialcard.open("memory:", region="500000") as r2:
            c2 = r2.apply(person(3), **HOLDER).card_id
            r2.approve(card_id=c2, **SYSTEM)
            r2.start_production(card_id=c2,
                                production=socialcard.ProductionMode.INSTANT,
                                **SYSTEM)
            r2.finish_production(card_id=c2, **SYSTEM)
            r2.collect(card_id=c2, **HOLDER)
            assert r2.activate_ss(card_id=c2, **HOLDER).entry_id
            assert r2.verify_journal(c2) == 6
    with CARD_READER.connect() as conn:
        assert conn.transmit(b"\x00\xa4\x04\x00\x00").sw
        card = socialcard.read_card(conn, financial=True)
        assert card.number == "B12345678"
        try:
            conn.verify_pin("000000")
        except socialcard.PinError:
            pass
        conn.verify_pin("123456")            # resets the try counter
    if i % 10 == 0:
        from socialcard.compat import pyscard as compat

        class Fake:
            def transmit(self, cmd, protocol=None):
                raw = FAKE_CONN.transmit_raw(bytes(cmd))
                return list(raw[:-2]), raw[-2], raw[-1]

            def getATR(self):
                return list(FAKE_CONN.atr)
        with compat.connect(Fake()) as conn:
            assert socialcard.read_card(conn).number == "B12345678"


CARD_READER = None
FAKE_CONN = None
EMPLOYER_KW = None


def test_rss_stable_over_10000_registry_rounds():
    global CARD_READER, FAKE_CONN, EMPLOYER_KW
    from test_registry import EMPLOYER, id_number
    kw = _registry_fixture()
    HOLDER, SYSTEM, person = kw
    EMPLOYER_KW = dict(EMPLOYER, batch_id="leak")
    profile = os.path.join(os.environ.get("SSC_SOURCE_ROOT", "."), "tests",
                           "data", "reader", "gen2-debit.json")
    CARD_READER = socialcard.Reader("sim:" + profile)
    FAKE_CONN = socialcard.Reader("sim:" + profile).connect()
    csv = ("姓名,公民身份号码,照片,身份证扫描件\n张三,%s,p.jpg,s.png\n"
           % id_number(7)).encode()
    with socialcard.open("memory:", region="500000") as reg:
        cid = reg.apply(person(1), request_id="leak-apply", **HOLDER).card_id
        for i in range(300):
            registry_round(i, reg, cid, csv, kw)
        gc.collect()
        before = rss()
        for i in range(ROUNDS):
            registry_round(i, reg, cid, csv, kw)
        gc.collect()
        growth = rss() - before
    FAKE_CONN.disconnect()
    assert growth < 2 * BOUND, "RSS grew by %d bytes" % growth
