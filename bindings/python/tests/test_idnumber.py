# SPDX-License-Identifier: Apache-2.0
"""check_id(), region lookup and the GBK/GB18030 text codecs."""

import datetime as dt

import pytest

import socialcard
from socialcard import (Charset, Context, IdReason, ManualClock, RegionLevel,
                        Sex, _capi)

D17 = "50010119900307123"
ID = D17 + _capi.idnumber_check_char(D17)


def test_check_id_valid():
    info = socialcard.check_id(ID.lower())
    assert info.number == ID.upper()
    assert info.region == "500101"
    assert info.birth_date == dt.date(1990, 3, 7)
    assert info.sex is Sex.MALE
    assert not info.legacy
    assert info.region_name == "万州区"
    assert ID not in repr(info)


@pytest.mark.parametrize("text,reason", [
    ("5001011990030712", IdReason.LENGTH),
    ("50010119900307A23X", IdReason.CHARACTER),
    (D17 + ("0" if ID[-1] != "0" else "1"), IdReason.CHECK_DIGIT),
])
def test_check_id_reasons(text, reason):
    with pytest.raises(socialcard.BadIdNumber) as e:
        socialcard.check_id(text)
    assert e.value.reason is reason
    assert isinstance(e.value, ValueError)
    assert text not in str(e.value)


def test_check_id_future_birth_date():
    d17 = "50010120300101123"
    future = d17 + _capi.idnumber_check_char(d17)
    with pytest.raises(socialcard.BadIdNumber) as e:
        socialcard.check_id(future, today=dt.date(2026, 1, 1))
    assert e.value.reason is IdReason.FUTURE
    assert socialcard.check_id(future, today=dt.date(2031, 1, 1))
    clock = ManualClock(dt.datetime(2031, 1, 1, tzinfo=dt.timezone.utc))
    with Context(clock=clock) as ctx:
        assert socialcard.check_id(future, ctx=ctx).birth_date.year == 2030
    with pytest.raises(ValueError):
        socialcard.check_id(future, ctx=ctx)           # closed

def test_region_lookup():
    r = socialcard.region("500000")
    assert r.name == "重庆市" and r.level is RegionLevel.PROVINCE
    assert r.current and r.parent is None
    r = socialcard.region("500101")
    assert r.parent is not None and r.level is RegionLevel.COUNTY
    with pytest.raises(socialcard.NotFound):
        socialcard.region("990000")


def test_text_codecs():
    for cs in (Charset.GB18030, Charset.GBK):
        data = socialcard.encode_text("张三", cs)
        assert data == "张三".encode("gbk")
        assert socialcard.decode_text(data, cs) == "张三"
    assert socialcard.encode_text("𠀀") == "𠀀".encode("gb18030")
    with pytest.raises(socialcard.Error):
        socialcard.encode_text("𠀀", Charset.GBK)
    assert socialcard.decode_text(b"\xd5\xc5  \xff", strip_padding=True) == "张"
    name, ext = socialcard.split_name("张" * 20)
    assert len(name) == 30 and len(ext) == 10
    assert socialcard.join_name(name, ext) == "张" * 20
