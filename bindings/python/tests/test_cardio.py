# SPDX-License-Identifier: Apache-2.0
"""Card access over a Connection to the software card: transmit through
the exchange layer (GET RESPONSE on 61xx, resend on 6Cxx), read_card()
into a Card, PIN verify/change raising PinError(tries_left)/PinBlocked,
and the GIL released while the card works."""

import os
import threading

import pytest

import socialcard
from socialcard import Apdu, Reader, Response

ROOT = os.environ.get("SSC_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "..", "..",
                                   ".."))
DEBIT = "sim:" + os.path.join(ROOT, "tests", "data", "reader",
                              "gen2-debit.json")
BLOCKED = "sim:" + os.path.join(ROOT, "tests", "data", "reader",
                                "blocked-pin.json")
SSSE = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")


@pytest.fixture
def conn():
    with Reader(DEBIT).connect() as c:
        yield c


def test_transmit_handles_get_response(conn):
    # raw: a T=0 card answers 61 18 to a case-3 SELECT
    raw = conn.transmit_raw(bytes.fromhex("00A404000F") + SSSE)
    assert raw == bytes.fromhex("6118")
    resp = conn.transmit(Apdu(0x00, 0xA4, 0x04, 0x00, data=SSSE, le=256))
    assert isinstance(resp, Response)
    assert resp.ok and resp.sw == 0x9000 and resp.data[:1] == b"\x6f"
    data, sw1, sw2 = resp
    assert (sw1, sw2) == (0x90, 0x00)
    # bytes are accepted too; an error SW is returned, not raised
    r = conn.transmit(bytes.fromhex("00A4040005A000000000"))
    assert not r.ok and r.sw != 0x9000
    with pytest.raises(socialcard.NotFound):
        r.check()


def test_transmit_resends_on_wrong_le(conn):
    conn.transmit(Apdu(0x00, 0xA4, 0x04, 0x00, data=SSSE, le=256))
    assert conn.transmit_raw(bytes.fromhex("00B2012800")) == \
        bytes.fromhex("6C12")
    r = conn.transmit(bytes.fromhex("00B2012800"))
    assert r.ok and len(r.data) == 0x12


def test_read_card(conn):
    card = socialcard.read_card(conn, financial=True)
    assert isinstance(card, socialcard.Card)
    assert card.number == "B12345678"
    assert card.holder.id_number == "440524188001010014"
    assert card.fin_account.endswith("0018")
    assert "440524188001010014" not in repr(card)
    assert conn.read_card().number == "B12345678"
    text = socialcard.read_card_text(conn)
    assert "B12345678" in text
    assert conn.atr_history


def test_read_card_without_financial_app():
    with Reader("sim:").connect() as c:
        card = socialcard.read_card(c)
        assert card.number
        with pytest.raises(socialcard.NotFound):
            socialcard.read_card(c, financial=True)


def test_pin_verify_and_change(conn):
    with pytest.raises(socialcard.PinError) as ei:
        conn.verify_pin("000000")
    assert ei.value.tries_left == 2
    left = conn.verify_pin("123456")
    assert left is None or left >= 0
    conn.change_pin("123456", "654321")
    with pytest.raises(socialcard.PinError):
        conn.verify_pin("123456")
    conn.verify_pin("654321")
    with pytest.raises(socialcard.InvalidArgument):
        conn.verify_pin("12ab")
    with pytest.raises(TypeError):
        conn.verify_pin(None)


def test_pin_blocks():
    with Reader(BLOCKED).connect() as c:
        with pytest.raises(socialcard.PinBlocked):
            c.verify_pin("123456")
    with Reader(DEBIT).connect() as c:
        for left in (2, 1):
            with pytest.raises(socialcard.PinError) as ei:
                c.verify_pin("000000")
            assert ei.value.tries_left == left
        with pytest.raises((socialcard.PinBlocked, socialcard.PinError)):
            c.verify_pin("000000")
        with pytest.raises(socialcard.PinBlocked):
            c.verify_pin("123456")


def test_closed_connection(conn):
    conn.disconnect()
    with pytest.raises(ValueError):
        conn.transmit(b"\x00\xa4\x04\x00\x00")
    with pytest.raises(ValueError):
        socialcard.read_card(conn)
    with pytest.raises(ValueError):
        conn.verify_pin("123456")


def test_gil_released_while_reading(conn):
    stop = threading.Event()
    ticks = []

    def spin():
        while not stop.is_set():
            ticks.append(1)
    t = threading.Thread(target=spin)
    t.start()
    try:
        for _ in range(200):
            socialcard.read_card(conn, financial=True)
    finally:
        stop.set()
        t.join()
    assert ticks


# ---- key provider: generation-3 read, PIN reload and unblock ----------------

GEN3 = "sim:" + os.path.join(ROOT, "tests", "data", "reader",
                             "gen3-dual.json")
K0A = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
RELOAD = "00112233445566778899AABBCCDDEEFF"
UNBLOCK = "FFEEDDCCBBAA99887766554433221100"
EXT06 = "0F1E2D3C4B5A69788796A5B4C3D2E1F0"


def test_generation3_read_needs_the_key():
    kp = socialcard.KeyProvider()
    kp.add("k0A", socialcard.KeyType.SM4, K0A)
    assert "soft" in repr(kp)
    with Reader(GEN3).connect(mode=socialcard.ReaderMode.CONTACTLESS) as c:
        with pytest.raises(socialcard.SecurityError):
            socialcard.read_card(c)
    with Reader(GEN3).connect(mode=socialcard.ReaderMode.CONTACTLESS) as c:
        card = socialcard.read_card(c, key_provider=kp, auth_key_id="k0A")
        assert card.number == "C00000003"
        assert card.generation == 3


def test_key_provider_refusals(tmp_path):
    kp = socialcard.KeyProvider()
    kp.add("a", socialcard.KeyType.DES, bytes(16))
    with pytest.raises(socialcard.AlreadyExists):
        kp.add("a", socialcard.KeyType.DES, bytes(16))
    with pytest.raises(socialcard.InvalidArgument):
        kp.add("b", socialcard.KeyType.SM4, bytes(5))
    with pytest.raises(socialcard.ParseError):
        kp.load("x nonsense 00\n")
    f = tmp_path / "keys.txt"
    f.write_text("# test keys\nk1 sm4 %s\n" % K0A.hex())
    kp.load_file(f)
    kp.load("k2 des %s\n" % RELOAD)
    with pytest.raises(socialcard.OSFailure):
        kp.load_file(tmp_path / "missing.txt")


def test_pin_unblock_and_reload(tmp_path):
    profile = tmp_path / "blocked.json"
    profile.write_text(
        '{"generation":2,"pin":{"value":"123456","tries":0,"max_tries":3},'
        '"keys":{"reload":"%s","unblock":"%s","external_06":"%s"}}'
        % (RELOAD, UNBLOCK, EXT06))
    kp = socialcard.KeyProvider()
    kp.load("reload des %s\nunblock des %s\next06 des %s\n"
            % (RELOAD, UNBLOCK, EXT06))
    with Reader("sim:%s" % profile).connect() as c:
        with pytest.raises(socialcard.PinBlocked):
            c.verify_pin("123456")
        with pytest.raises(TypeError):
            c.unblock_pin(key_provider=None, mac_key_id="unblock")
        c.unblock_pin(key_provider=kp, mac_key_id="unblock")
        c.verify_pin("123456")
        c.reload_pin("135790", key_provider=kp, mac_key_id="reload",
                     auth_key_id="ext06")
        with pytest.raises(socialcard.PinError):
            c.verify_pin("123456")
        c.verify_pin("135790")
        with pytest.raises(socialcard.Error):   # a wrong MAC key
            c.reload_pin("135790", key_provider=kp, mac_key_id="unblock")
