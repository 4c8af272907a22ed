# SPDX-License-Identifier: Apache-2.0
"""Card and Person: properties, validation, the canonical record, the
card number / identifier codecs, and masking in repr()."""

import copy
import datetime as dt

import pytest

import socialcard
from socialcard import (Card, CardState, Context, DocType, FinState, Person,
                        PinState, Sex, _capi)

D17 = "11010119900307122"  # 17th digit even: female
ID = D17 + _capi.idnumber_check_char(D17)
IDENT = "500000D15600000501020304050607FF"


def make_card(ctx=None):
    card = Card(ctx)
    card.number = "a12345678"
    card.region = "500000"
    card.spec_version = "3.00"
    card.identifier = IDENT
    card.set_dates(dt.date(2024, 5, 1), None)
    card.state = CardState.ACTIVE
    card.set_fin(FinState.ACTIVE, "ICBC", "6217000012340123")
    h = card.holder
    h.id_number = ID
    h.name = "欧阳娜娜"
    h.sex = Sex.FEMALE
    h.birth_date = dt.date(1990, 3, 7)
    h.phone = "13800138000"
    return card


def test_card_properties():
    card = make_card()
    assert len(card.uuid) == 36
    assert card.number == "A12345678"
    assert card.generation == 3
    assert card.identifier == IDENT
    assert card.issue_date == dt.date(2024, 5, 1)
    assert card.expiry_date is None
    assert card.state is CardState.ACTIVE
    assert card.pin_state is PinState.UNSET
    assert card.fin_state is FinState.ACTIVE
    assert card.fin_account == "6217000012340123"
    assert card.fin_account_masked == "6217********0123"
    assert card.holder.sex is Sex.FEMALE
    assert card.holder.birth_date == dt.date(1990, 3, 7)
    assert card.ecard_in_sync


def test_setter_refuses_and_leaves_card_unchanged():
    card = make_card()
    with pytest.raises(socialcard.InvalidArgument):
        card.number = "12"
    assert card.number == "A12345678"
    with pytest.raises(socialcard.InvalidArgument):
        card.state = 99
    assert card.state is CardState.ACTIVE
    with pytest.raises(socialcard.BadIdNumber):
        card.holder.id_number = D17 + "0" if ID[-1] != "0" else D17 + "1"
    assert card.holder.id_number == ID
    with pytest.raises(TypeError):
        card.number = 123456789


def test_record_round_trip():
    card = make_card()
    record = card.encode()
    assert isinstance(record, bytes) and bytes(card) == record
    back = Card.decode(record)
    assert back == card
    assert back.holder.name == "欧阳娜娜"
    assert back.uuid == card.uuid
    assert Card.decode(bytearray(record)) == card
    assert card.copy() == card and copy.deepcopy(card) == card
    other = card.copy()
    other.number = "B12345678"
    assert other != card


def test_decode_rejects_garbage():
    with pytest.raises(socialcard.Corrupt):
        Card.decode(b"\x00\x01garbage")
    record = make_card().encode()
    with pytest.raises(socialcard.StoreError):
        Card.decode(record[:-3])


def test_repr_masks_personal_data():
    card = make_card()
    text = repr(card) + card.describe() + repr(card.holder)
    assert ID not in text and "欧阳娜娜" not in text
    assert "6217000012340123" not in text
    assert "110101********" in repr(card.holder)
    assert "欧***" in repr(card.holder)


def test_person_standalone():
    with Context() as ctx:
        p = Person(ctx)
    p.id_number = ID
    p.name = "张三"
    p.set_document(DocType.RESIDENT_ID, ID, dt.date(2030, 1, 1))
    doc_type, number, until = p.document
    assert doc_type is DocType.RESIDENT_ID and until == dt.date(2030, 1, 1)
    assert p.document_is_valid(dt.date(2029, 12, 31))
    assert not p.document_is_valid(dt.date(2030, 1, 2))
    with pytest.raises(socialcard.InvalidArgument):
        p.birth_date = dt.date(2010, 6, 1)       # disagrees with the ID
    assert p.birth_date == dt.date(1990, 3, 7)
    p = Person()
    p.birth_date = dt.date(2010, 6, 1)
    p.name = "张三"
    assert p.age(dt.date(2026, 5, 31)) == 15
    assert p.age(dt.date(2026, 6, 1)) == 16
    assert p.is_minor(dt.date(2026, 6, 1))
    assert p.age_band(dt.date(2026, 6, 1)) is socialcard.AgeBand.UNDER_18
    q = p.copy()
    q.name = "李四"
    assert p.name == "张三"
    card = Card()
    card.holder = p
    assert card.holder.name == "张三"


def test_card_number_and_identifier_codecs():
    assert socialcard.parse_card_number(b"A12345678\x00\x00") == "A12345678"
    with pytest.raises(socialcard.ParseError):
        socialcard.parse_card_number(b"A1234")
    socialcard.check_card_number("A12345678")
    with pytest.raises(socialcard.InvalidArgument):
        socialcard.check_card_number("A1234567!")
    raw = socialcard.parse_card_identifier(IDENT.lower())
    assert len(raw) == 16
    assert socialcard.format_card_identifier(raw) == IDENT
    assert socialcard.card_identifier_region(raw) == "500000"
    with pytest.raises(socialcard.ParseError):
        socialcard.parse_card_identifier("00" * 16)
    with pytest.raises(ValueError):
        _capi.card_identifier_format(b"\x00" * 15)


def test_bcd_codecs():
    assert _capi.bcd_date_encode(20240501) == b"\x20\x24\x05\x01"
    assert _capi.bcd_date_decode(b"\x20\x24\x05\x01") == 20240501
    assert _capi.bcd_region_encode("500000") == b"\x50\x00\x00"
    assert _capi.bcd_region_decode(b"\x50\x00\x00") == "500000"
    assert _capi.hex_decode("0aff") == b"\x0a\xff"
    assert _capi.hex_encode(b"\x0a\xff").upper() == b"0AFF"
