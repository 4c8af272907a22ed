# SPDX-License-Identifier: Apache-2.0
"""Apdu (from fields, bytes, hex text or ints), Response (data, sw, sw1,
sw2, check()) and TLV parse/build."""

import pytest

import socialcard
from socialcard import Apdu, ApduCase, Response, tlv

SELECT = "00 A4 04 00 05 A0 00 00 03 33 00"


@pytest.mark.parametrize("raw", [
    SELECT, bytes.fromhex(SELECT), bytearray.fromhex(SELECT),
    list(bytes.fromhex(SELECT)), memoryview(bytes.fromhex(SELECT))])
def test_apdu_from_any_bytes_like(raw):
    a = Apdu(raw)
    assert (a.cla, a.ins, a.p1, a.p2) == (0, 0xA4, 4, 0)
    assert a.data == bytes.fromhex("A000000333")
    assert a.le == 256
    assert a.case is ApduCase.CASE_4S
    assert bytes(a) == bytes.fromhex(SELECT)


def test_apdu_from_fields():
    a = Apdu(0x00, 0xB0, 0x81, 0x00, le=256)
    assert a.case is ApduCase.CASE_2S and bytes(a) == b"\x00\xb0\x81\x00\x00"
    assert Apdu(0x00, 0xA4, 0x04, 0x00, data="A0000003 33", le=256) == \
        Apdu(SELECT)
    big = Apdu(0x00, 0xD6, 0, 0, data=b"\x01" * 300)
    assert big.case is ApduCase.CASE_3E
    assert Apdu(bytes(big)) == big
    assert Apdu("00B0000000").le == 256
    assert Apdu("00B00000000008").le == 8            # extended Le
    assert "00 A4 04 00" in repr(Apdu(SELECT))
    assert Apdu(SELECT).hex().startswith("00 A4")


@pytest.mark.parametrize("raw", ["00A4", "00A4040005A0", "00A404000000", "00A40400000005A0"])
def test_apdu_malformed(raw):
    with pytest.raises(socialcard.InvalidArgument):
        Apdu(raw)


def test_apdu_values_checked():
    with pytest.raises(socialcard.InvalidArgument):
        Apdu(0, 0xA4, 4, 0, le=70000)
    with pytest.raises(OverflowError):
        Apdu(0x100, 0xA4, 4, 0)
    with pytest.raises(ValueError):
        Apdu("zz")


def test_response():
    r = Response(b"\x6f\x00\x90\x00")
    assert r.data == b"\x6f\x00" and r.sw == 0x9000
    assert (r.sw1, r.sw2) == (0x90, 0x00) and r.ok
    data, sw1, sw2 = r
    assert (data, sw1, sw2) == (b"\x6f\x00", 0x90, 0x00)
    assert r.check() is r and bytes(r) == b"\x6f\x00\x90\x00"
    bad = Response("63 C2")
    assert not bad.ok and bad.tries_left == 2 and bad.data == b""
    with pytest.raises(socialcard.PinError) as e:
        bad.check()
    assert e.value.tries_left == 2 and e.value.sw == 0x63C2
    with pytest.raises(socialcard.CardError):
        Response([0x69, 0x82]).check()
    with pytest.raises(socialcard.ApduError):
        Response(b"\x90")


def test_tlv_parse_tree_and_build():
    raw = bytes.fromhex("6F118408A000000333010101A5055F2D027A68")
    tree = tlv.parse(raw)
    assert len(tree) == 1 and tree[0].tag == 0x6F and tree[0].constructed
    assert [c.tag for c in tree[0].children] == [0x84, 0xA5]
    lang = tlv.find(tree, 0x5F2D)
    assert lang.value == b"zh" and raw[lang.offset:lang.offset + lang.size] \
        == bytes.fromhex("5F2D027A68")
    assert tlv.find(raw.hex(), 0x99) is None
    assert tlv.build(tree) == raw
    assert tlv.build([(0x6F, [(0x84, bytes.fromhex("A000000333010101")),
                              (0xA5, [(0x5F2D, b"zh")])])]) == raw
    tlv.validate(raw)
    with pytest.raises(socialcard.ParseError):
        tlv.parse(raw[:-1])
    with pytest.raises(socialcard.ParseError):
        tlv.validate(b"\x6f\x05\x01")
    assert tlv.parse(b"\x00\x00") == []
