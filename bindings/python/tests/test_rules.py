# SPDX-License-Identifier: Apache-2.0
"""Rulebook, Situation and Verdict: allowed/refused, reasons, materials,
deadline, fee, text in both languages, and NotEligible from a refusal."""

import datetime as dt

import pytest

import socialcard
from socialcard import (ActorRole, Channel, Context, DocType, Rulebook,
                        Service, Situation, Verdict)
from socialcard.rules import (Deadline, Fact, Material, PresentedDoc,
                              PresentedMaterial, Reason)

ADULT = dt.date(1990, 3, 7)


def full_apply():
    return Situation(actor=ActorRole.HOLDER, channel=Channel.WINDOW,
                     insured=True, holder_birth_date=ADULT,
                     docs=[PresentedDoc(DocType.RESIDENT_ID)],
                     materials=["photo", PresentedMaterial(
                         "application_form",
                         socialcard.rules.MaterialFlag.SIGNED)])


def test_apply_allowed_with_everything():
    v = Rulebook().check(Service.APPLY, full_apply())
    assert isinstance(v, Verdict)
    assert v.allowed and bool(v)
    assert v.reasons == [] and v.missing == []
    assert all(isinstance(m, Material) for m in v.required)
    assert {m.id for m in v.required} >= {"holder_id", "photo"}
    assert v.raise_if_refused() is v and v.error() is None
    assert isinstance(v.deadline, Deadline) and v.deadline.due is not None
    assert v.pack == "national"


def test_refused_reasons_and_missing():
    v = Rulebook().check("apply", actor=ActorRole.HOLDER, insured=False)
    assert not v.allowed
    codes = [r.code for r in v.reasons]
    assert "not_insured" in codes and v.has_reason("not_insured")
    r = v.reasons[0]
    assert isinstance(r, Reason) and r.zh and r.en and r.source
    assert {m.id for m in v.missing} >= {"holder_id", "photo"}
    assert "不予办理" in str(v)
    assert "refused" in v.format("en") and f"{v:en}" == v.format("en")
    assert f"{v}" == str(v)
    with pytest.raises(socialcard.InvalidArgument):
        v.format("fr")
    with pytest.raises(socialcard.NotEligible) as e:
        v.raise_if_refused()
    assert "not_insured" in e.value.reasons
    assert "holder_id" in e.value.missing
    assert e.value.verdict is v
    assert e.value.code == socialcard.ErrorCode.ENOTELIGIBLE


def test_facts_change_the_verdict():
    sit = full_apply()
    sit.card_facts = Fact.HAS_VALID_CARD
    v = Rulebook().check(Service.APPLY, sit)
    assert not v.allowed and v.reasons


def test_region_pack_and_service_points():
    with Context(region="500101") as ctx:
        rb = Rulebook(ctx)
    assert rb.resolve("500000") == "500000"
    assert rb.resolve("500101") == "500000"          # falls back to its city
    assert rb.resolve() == "national"
    assert rb.check(Service.APPLY, full_apply()).pack == "500000"
    assert rb.resolve("110000") == "national"
    assert rb.service_points("500000") == []
    points = rb.service_points("450100")
    assert points and all(p.id and p.pack for p in points)
    assert rb.resolve("450100") == "450100"


def test_bad_arguments():
    rb = Rulebook()
    with pytest.raises(socialcard.InvalidArgument):
        rb.check("no_such_service")
    with pytest.raises(TypeError):
        rb.check(Service.APPLY, full_apply(), actor=1)
    with pytest.raises((TypeError, ValueError)):
        rb.check(Service.APPLY, docs=[("x", 1, 1)])
    with pytest.raises(socialcard.InvalidArgument):
        rb.check(Service.APPLY, materials=["no_such_material"])
    with pytest.raises(socialcard.ParseError):
        rb.load_json("{not json")


def test_rulebook_calendar_is_borrowed():
    rb = Rulebook()
    cal = rb.calendar
    del rb
    import gc
    gc.collect()
    assert cal.has_year(2026)
    assert cal.add_working_days(dt.date(2026, 9, 30), 1) > dt.date(2026, 9, 30)
