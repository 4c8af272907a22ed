# SPDX-License-Identifier: Apache-2.0
"""The registry: socialcard.open(), one method per service returning a
Result, NotEligible with reasons and missing materials, TransitionError,
idempotency, the journal (masked repr), invalid lists, batch import with
per-row results and progress, due-time processing, and the lifecycle
table."""

import datetime as dt
import io
import threading

import pytest

import socialcard
from socialcard import (ActorRole, BatchEncoding, CardState, Channel,
                        DocType, Event, FinState, InvalidLevel, ManualClock,
                        Person, Post, ProductionMode, _capi)
from socialcard.registry import BatchReport, Result, States
from socialcard.rules import Evidence, MaterialFlag, PresentedMaterial

CN = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2025, 3, 3, 10, 0, tzinfo=CN)      # a Monday
KEY = bytes(range(32))
IKEY = bytes(range(32, 64))


def id_number(serial, birth="19900101", region="500101"):
    d17 = "%s%s%03d" % (region, birth, serial)
    return d17 + _capi.idnumber_check_char(d17)


def person(serial=1, birth=dt.date(1990, 1, 1)):
    p = Person()
    p.id_number = id_number(serial, birth.strftime("%Y%m%d"))
    p.name = "张三"
    p.birth_date = birth
    p.set_insured(socialcard.Insured.YES, None)
    return p


HOLDER = dict(
    actor=ActorRole.HOLDER, channel=Channel.WINDOW,
    acceptance_operator="op-a", processing_operator="op-b",
    actor_doc_type=DocType.RESIDENT_ID, actor_doc_number=id_number(99),
    documents=[DocType.RESIDENT_ID, DocType.SS_CARD],
    materials=["photo", PresentedMaterial("application_form",
                                          MaterialFlag.SIGNED),
               "fee_payment"],
    evidence=(Evidence.CREDENTIAL_IMAGES | Evidence.SCENE_IMAGES |
              Evidence.SIGNATURE),
    evidence_refs=["scan:1", "scene:1", "sig:1"])
SYSTEM = dict(actor=ActorRole.SYSTEM, channel=Channel.WINDOW,
              acceptance_operator="op-a", processing_operator="op-b")


@pytest.fixture
def clock():
    return ManualClock(T0)


@pytest.fixture
def reg(clock):
    with socialcard.open("memory:", region="500000", clock=clock) as r:
        yield r


def issue(reg, serial=1, bank="ICBC"):
    """Apply, approve, produce and collect: an ISSUED card's id."""
    res = reg.apply(person(serial), bank_code=bank, **HOLDER)
    cid = res.card_id
    reg.approve(card_id=cid, **SYSTEM)
    reg.start_production(card_id=cid, production=ProductionMode.INSTANT,
                         **SYSTEM)
    reg.finish_production(card_id=cid, **SYSTEM)
    reg.collect(card_id=cid, **HOLDER)
    return cid


def test_open_and_repr(reg):
    assert "500000" in repr(reg) and "memory" in repr(reg)
    assert reg.ctx.region == "500000"
    assert reg.rulebook.resolve("500000") == "500000"
    assert reg.store.backend == "memory"


def test_apply_returns_a_result(reg):
    res = reg.apply(person(), request_id="req-1", **HOLDER)
    assert isinstance(res, Result)
    assert res.event is Event.APPLY
    assert res.states.card is CardState.SUBMITTED
    assert res.entry_id and res.card_id and res.allowed
    assert not res.replayed
    assert res.verdict is not None and res.verdict.allowed
    card = reg.load_card(res.card_id)
    assert card.state is CardState.SUBMITTED
    assert card.holder.id_number == id_number(1)


def test_refusal_raises_not_eligible_with_missing(reg):
    kw = dict(HOLDER, materials=[])
    with pytest.raises(socialcard.NotEligible) as ei:
        reg.apply(person(), **kw)
    e = ei.value
    assert "photo" in e.missing
    assert isinstance(e.result, Result) and e.result.entry_id is None
    assert e.verdict is not None and not e.verdict.allowed
    assert e.code == socialcard.ErrorCode.ENOTELIGIBLE


def test_refusal_reasons(reg):
    cid = issue(reg, bank="ICBC")
    with pytest.raises(socialcard.NotEligible) as ei:
        reg.activate_financial(card_id=cid, channel=Channel.BANK,
                               outlet_bank="ABC",
                               **{k: v for k, v in HOLDER.items()
                                  if k != "channel"})
    assert "not_card_bank" in ei.value.reasons
    # nothing was written
    assert reg.load_card(cid).fin_state is FinState.AWAITING_ACTIVATION


def test_transition_error(reg):
    res = reg.apply(person(), **HOLDER)
    with pytest.raises(socialcard.TransitionError):
        reg.unlock(card_id=res.card_id, **HOLDER)


def test_activation_with_deadline_states_and_journal(reg):
    res = reg.apply(person(), bank_code="ICBC", **HOLDER)
    cid = res.card_id
    reg.approve(card_id=cid, **SYSTEM)
    r = reg.start_production(card_id=cid, production=ProductionMode.ONLINE,
                             **SYSTEM)
    assert r.deadline is not None and r.deadline > T0
    reg.finish_production(card_id=cid, **SYSTEM)
    reg.collect(card_id=cid, **HOLDER)
    bank = dict(HOLDER, channel=Channel.BANK, outlet_bank="ICBC")
    r = reg.activate_financial(card_id=cid, **bank)
    assert r.states == States(CardState.ACTIVE, FinState.ACTIVE,
                              r.states.pin, CardState.ACTIVE)
    assert r.event is Event.ACTIVATE_LINKED
    entries = list(reg.journal(cid))
    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    assert entries[-1].entry_id == r.entry_id
    assert reg.verify_journal(cid) == len(entries)
    text = reg.export_journal(cid)
    assert id_number(99) not in text and "张三" not in text
    for e in entries:
        s = repr(e)
        assert "data=<" in s and id_number(1) not in s


def test_operator_and_post_keywords(reg):
    res = reg.apply(person(), operator="op-a", post=Post.ACCEPTANCE,
                    processing_operator="op-b",
                    **{k: v for k, v in HOLDER.items()
                       if not k.endswith("_operator")})
    assert res.entry_id
    with pytest.raises(ValueError):
        reg.apply(person(2), operator="x", post=Post.ACCEPTANCE,
                  **HOLDER)


def test_duty_separation(reg):
    kw = dict(HOLDER, processing_operator="op-a")
    with pytest.raises(socialcard.DutyError):
        reg.apply(person(), **kw)


def test_idempotent_request_id(reg):
    a = reg.apply(person(), request_id="same", **HOLDER)
    b = reg.apply(person(), request_id="same", **HOLDER)
    assert b.replayed and b.card_id == a.card_id
    with pytest.raises(socialcard.IdempotencyError):
        reg.apply(person(), request_id="same",
                  **dict(HOLDER, outlet="elsewhere"))


def test_loss_report_and_invalid_list(reg):
    cid = issue(reg)
    reg.activate_ss(card_id=cid, **HOLDER)
    r = reg.report_loss(card_id=cid, **dict(HOLDER, channel=Channel.PHONE,
                                            documents=[], materials=[]))
    assert r.states.card is CardState.REPORTED_LOST
    number = reg.load_card(cid).number
    listed = [e.card_number for e in
              reg.invalid_list(InvalidLevel.NATIONAL)]
    assert number in listed


def test_process_due_batch_auto_activation(reg, clock):
    employer = dict(actor=ActorRole.EMPLOYER_AGENT, channel=Channel.WINDOW,
                    acceptance_operator="op-a", processing_operator="op-b",
                    actor_doc_type=DocType.SS_CARD,
                    actor_doc_number="A12345678",
                    documents=[(DocType.SS_CARD, 0, 2)],
                    materials=[("batch_file", MaterialFlag.ELECTRONIC),
                               "batch_photos", "batch_id_scans",
                               ("unit_letter", MaterialFlag.SEALED)],
                    batch_id="b-1", evidence=HOLDER["evidence"],
                    evidence_refs=HOLDER["evidence_refs"])
    docs = (socialcard.DocForm.ORIGINAL, socialcard.Party.AGENT)
    employer["documents"] = [(DocType.SS_CARD,) + tuple(int(x) for x in docs)]
    res = reg.apply(person(5, dt.date(1985, 1, 1)), **employer)
    assert res.event is Event.APPLY_BATCH
    cid = res.card_id
    reg.approve(card_id=cid, **SYSTEM)
    reg.generate_data(card_id=cid, **SYSTEM)
    reg.start_production(card_id=cid, production=ProductionMode.BATCH,
                         **SYSTEM)
    reg.finish_production(card_id=cid, **SYSTEM)
    r = reg.collect(card_id=cid, **employer)
    assert r.event is Event.COLLECT_BATCH and r.deadline is not None
    assert reg.process_due() == 0
    clock.advance(hours=97)
    assert reg.process_due() == 1
    assert reg.process_due() == 0
    assert reg.load_card(cid).state is CardState.ACTIVE
    assert reg.batch_status("b-1") == {CardState.ACTIVE: 1}


CSV = ("姓名,公民身份号码,照片,身份证扫描件,联系电话\n"
       "张三,%s,p1.jpg,s1.png,13800138000\n"
       "李四,%s,p2.jpg,s2.png,13800138001\n"
       "王五,500101199001010000,p3.jpg,s3.png,13800138002\n"
       "张三,%s,p1.jpg,s1.png,13800138000\n") % (id_number(11), id_number(12),
                                          id_number(11))
EMPLOYER = dict(channel=Channel.WINDOW, acceptance_operator="op-a",
                processing_operator="op-b", actor_doc_type=DocType.SS_CARD,
                actor_doc_number="A12345678",
                documents=[(int(DocType.SS_CARD),
                            int(socialcard.DocForm.ORIGINAL),
                            int(socialcard.Party.AGENT))],
                materials=[("batch_file", MaterialFlag.ELECTRONIC),
                           ("unit_letter", MaterialFlag.SEALED)],
                batch_id="b-csv", evidence=HOLDER["evidence"],
                evidence_refs=HOLDER["evidence_refs"])


@pytest.mark.parametrize("kind", ["bytes", "binary-file", "text-file",
                                  "path"])
def test_batch_import(reg, tmp_path, kind):
    if kind == "bytes":
        src = CSV.encode("utf-8")
    elif kind == "binary-file":
        src = io.BytesIO(CSV.encode("gbk"))
    elif kind == "text-file":
        src = io.StringIO(CSV)
    else:
        src = tmp_path / "batch.csv"
        src.write_bytes(CSV.encode("utf-8"))
    seen, progress = [], []
    rep = reg.batch_import(src, request_id="imp-1", on_row=seen.append,
                           progress=lambda d, t: progress.append((d, t)),
                           **EMPLOYER)
    assert isinstance(rep, BatchReport)
    assert (rep.accepted, rep.refused) == (2, 2)
    assert [r.line for r in rep] == [2, 3, 4, 5]
    assert seen == rep.rows
    assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert rep.rows[0].ok and rep.rows[0].card_id
    assert rep.rows[2].status == socialcard.ErrorCode.EBADID
    assert rep.rows[3].status == socialcard.ErrorCode.EEXISTS
    for row in rep.refused_rows():
        assert id_number(11) not in (row.message or "")
    assert reg.batch_status("b-csv") == {CardState.SUBMITTED: 2}
    # idempotent
    again = reg.batch_import(CSV.encode(), request_id="imp-1",
                             encoding=BatchEncoding.UTF8, **EMPLOYER)
    assert again.accepted == 2 and reg.batch_status("b-csv") == {
        CardState.SUBMITTED: 2}


def test_batch_import_refused_rows_carry_missing(reg):
    data = "姓名,公民身份号码,身份证扫描件\n张三,%s,s.png\n" % id_number(21)
    rep = reg.batch_import(data.encode(), request_id="imp-2", **EMPLOYER)
    assert rep.refused == 1
    row = rep.rows[0]
    assert row.status == socialcard.ErrorCode.ENOTELIGIBLE
    assert row.missing == ["batch_photos"] and row.card_id is None


def test_batch_import_callback_exception_stops(reg):
    def boom(row):
        raise KeyError("stop here")
    with pytest.raises(KeyError):
        reg.batch_import(CSV.encode(), request_id="imp-3", on_row=boom,
                         **EMPLOYER)
    # the first row was committed before the callback raised
    assert reg.batch_status("b-csv") == {CardState.SUBMITTED: 1}


def test_batch_import_no_header(reg):
    with pytest.raises(socialcard.ParseError):
        reg.batch_import(b"a,b\n1,2\n", request_id="imp-4", **EMPLOYER)


def test_batch_apply(reg):
    reg.batch_import(CSV.encode(), request_id="imp-5", **EMPLOYER)
    n = reg.batch_apply(Event.APPROVE, request_id="ap-1", batch_id="b-csv",
                        **SYSTEM)
    assert n == 2
    assert reg.batch_status("b-csv") == {CardState.APPROVED: 2}


def test_sqlite_with_keys_and_key_provider(tmp_path, clock):
    path = tmp_path / "cards.db"
    keys = {"data": KEY, "index": IKEY}
    with socialcard.open("sqlite:%s" % path, region="500000", clock=clock,
                         data_key=KEY, index_key=IKEY) as reg:
        cid = reg.apply(person(), **HOLDER).card_id
    asked = []

    def provider(purpose):
        asked.append(purpose)
        return keys[purpose]
    with socialcard.open("sqlite:%s" % path, region="500000", clock=clock,
                         key_provider=provider) as reg:
        assert reg.load_card(cid).state is CardState.SUBMITTED
    assert asked == ["data", "index"]
    with pytest.raises(TypeError):
        socialcard.open("memory:", data_key=KEY, key_provider=provider)


def test_closed_registry(reg):
    it = reg.journal("00000000-0000-0000-0000-000000000000")
    rb = reg.rulebook
    st = reg.store
    reg.close()
    reg.close()
    assert reg.closed and "closed" in repr(reg)
    with pytest.raises(ValueError):
        reg.apply(person(), **HOLDER)
    with pytest.raises(ValueError):
        reg.process_due()
    assert list(it) == []            # closed with the registry's store
    assert st.closed
    with pytest.raises(ValueError):
        rb.check(socialcard.Service.APPLY)
    with pytest.raises(ValueError):
        reg.store


def test_bad_arguments(reg):
    with pytest.raises(TypeError):
        reg.apply("not a person", **HOLDER)
    with pytest.raises(TypeError):
        reg.approve(nonsense=1)
    with pytest.raises(socialcard.InvalidArgument):
        reg.approve(card_id="x", request_id="", **SYSTEM)
    with pytest.raises(TypeError):
        socialcard.open(42)
    with pytest.raises(socialcard.InvalidArgument):
        socialcard.open("nope:", region="500000")


def test_gil_released_during_services(reg):
    """Another thread runs while the registry works."""
    stop = threading.Event()
    ticks = []

    def spin():
        while not stop.is_set():
            ticks.append(1)
    t = threading.Thread(target=spin)
    t.start()
    try:
        for i in range(30):
            reg.apply(person(100 + i), **HOLDER)
    finally:
        stop.set()
        t.join()
    assert ticks


def test_lifecycle_table_and_apply_event():
    rows = socialcard.registry.transitions()
    assert len(rows) == _capi.lifecycle_row_count()
    assert rows[0].event is Event.APPLY
    assert socialcard.registry.event_name(Event.ACTIVATE_FINANCIAL) == \
        "activate_financial"
    assert _capi.event_from_name("report_loss") == Event.REPORT_LOSS
    s = socialcard.registry.apply_event(Event.APPLY, States(0, 0, 0, 0))
    assert s.card is CardState.SUBMITTED
    with pytest.raises(socialcard.TransitionError):
        socialcard.registry.apply_event(Event.UNLOCK, s)
    assert "digraph" in _capi.lifecycle_dot()
    assert _capi.lifecycle_markdown().startswith("|") or \
        "|" in _capi.lifecycle_markdown()


def test_gc_in_any_order(clock):
    """Iterators, results and verdicts outlive the Registry object that
    made them: the borrowed store keeps the C registry alive."""
    import gc
    reg = socialcard.open("memory:", region="500000", clock=clock)
    res = reg.apply(person(), **HOLDER)
    it = reg.journal(res.card_id)
    verdict = res.verdict
    del reg
    gc.collect()
    assert [e.sequence for e in it] == [1]
    assert verdict.allowed
    del it, res
    gc.collect()
    assert verdict.allowed


def test_single_document_and_material_forms(reg):
    from socialcard.rules import PresentedDoc
    kw = dict(HOLDER, documents=DocType.RESIDENT_ID)
    assert reg.apply(person(1), **kw).entry_id
    kw = dict(HOLDER, documents=PresentedDoc(DocType.RESIDENT_ID))
    assert reg.apply(person(2), **kw).entry_id
    # a bare id is one material (not its letters)
    assert reg.apply(person(3), **dict(HOLDER, materials="photo")).entry_id
    with pytest.raises(ValueError):
        reg.apply(person(4), **dict(HOLDER, documents=[("x", 0, 0)]))


def test_star_import_does_not_shadow_open():
    ns = {}
    exec("from socialcard import *", ns)
    assert "open" not in ns
    exec("from socialcard.registry import *", ns)
    assert "open" not in ns
    assert socialcard.open is socialcard.registry.open
