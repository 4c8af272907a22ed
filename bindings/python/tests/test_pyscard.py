# SPDX-License-Identifier: Apache-2.0
"""socialcard.compat.pyscard against a pyscard-like fake connection (whose
card is the software card, reached raw): the library's exchange layer,
read_card() and PIN operations run over the fake's transmit(); exceptions
raised by it come back out of the socialcard call; our transmit in
pyscard's (data, sw1, sw2) shape.  The real pyscard + pcscd + vpcd run is
run_pyscard_it.py (suite integration)."""

import os
import threading

import pytest

import socialcard
from socialcard import Apdu, Reader
from socialcard.compat import pyscard as compat

ROOT = os.environ.get("SSC_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "..", "..",
                                   ".."))
DEBIT = "sim:" + os.path.join(ROOT, "tests", "data", "reader",
                              "gen2-debit.json")


class FakePyscard:
    """pyscard's CardConnection interface over the raw software card."""

    def __init__(self, uri=DEBIT):
        self._conn = Reader(uri).connect()
        self.sent = []
        self.threads = set()

    def transmit(self, command, protocol=None):
        assert isinstance(command, list)
        self.threads.add(threading.get_ident())
        self.sent.append(bytes(command))
        raw = self._conn.transmit_raw(bytes(command))
        return list(raw[:-2]), raw[-2], raw[-1]

    def getATR(self):
        return list(self._conn.atr)

    def getReader(self):
        return "Fake PC/SC Reader 00 00"

    def getProtocol(self):
        return 0x1            # pyscard's T0_protocol


def test_reader_over_fake():
    fake = FakePyscard()
    r = compat.reader(fake)
    assert r.backend == "python"
    assert r.readers() == ["Fake PC/SC Reader 00 00"]
    with r.connect() as conn:
        assert conn.protocol is socialcard.Protocol.T0
        assert conn.atr == bytes(fake.getATR())
        card = socialcard.read_card(conn, financial=True)
        assert card.number == "B12345678"
    # the exchange layer ran over the fake: GET RESPONSE was sent
    assert any(c[:2] == b"\x00\xc0" for c in fake.sent)


def test_exchange_layer_over_fake():
    fake = FakePyscard()
    with compat.connect(fake) as conn:
        r = conn.transmit(Apdu(0x00, 0xA4, 0x04, 0x00,
                               data=bytes.fromhex(
                                   "7378312E73682EC9E7BBE1B1A3D5CF"),
                               le=256))
        assert r.ok and r.data[:1] == b"\x6f"
        data, sw1, sw2 = compat.transmit(conn, bytes.fromhex("00B2012800"))
        assert isinstance(data, list) and (sw1, sw2) == (0x90, 0x00)
        assert len(data) == 0x12


def test_pin_over_fake():
    with compat.connect(FakePyscard()) as conn:
        with pytest.raises(socialcard.PinError) as ei:
            conn.verify_pin("000000")
        assert ei.value.tries_left == 2
        conn.verify_pin("123456")


def test_exception_in_fake_is_reraised():
    class Broken(FakePyscard):
        def transmit(self, command, protocol=None):
            raise ConnectionResetError("reader unplugged")
    with compat.connect(Broken()) as conn:
        with pytest.raises(ConnectionResetError):
            conn.transmit(b"\x00\xa4\x04\x00\x00")
        with pytest.raises(ConnectionResetError):
            socialcard.read_card(conn)


@pytest.mark.parametrize("answer", [None, (1, 2), ([0x100], 0x90, 0),
                                    ([], 0x90, 256), ("xx", 0x90, 0)])
def test_malformed_answers_are_errors(answer):
    class Odd(FakePyscard):
        def transmit(self, command, protocol=None):
            return answer
    with compat.connect(Odd()) as conn:
        with pytest.raises((TypeError, ValueError)):
            conn.transmit(b"\x00\xa4\x04\x00\x00")


def test_no_transmit_refused():
    with pytest.raises(TypeError):
        compat.reader(object())


def test_pyscard_view_of_our_connection():
    with Reader(DEBIT).connect() as conn:
        view = compat.as_pyscard(conn)
        data, sw1, sw2 = view.transmit(
            list(bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF")))
        assert (sw1, sw2) == (0x90, 0x00) and data[0] == 0x6F
        assert view.getATR() == list(conn.atr)
        assert view.getReader() == conn.reader_name
        assert view.getProtocol() == 0x1


def test_transmit_releases_gil_and_calls_back_on_caller_thread():
    fake = FakePyscard()
    with compat.connect(fake) as conn:
        stop = threading.Event()
        ticks = []

        def spin():
            while not stop.is_set():
                ticks.append(1)
        t = threading.Thread(target=spin)
        t.start()
        try:
            for _ in range(100):
                socialcard.read_card(conn)
        finally:
            stop.set()
            t.join()
    assert ticks
    assert fake.threads == {threading.get_ident()}


def test_reader_lifetime_keeps_the_python_connection():
    import gc
    import weakref
    fake = FakePyscard()
    ref = weakref.ref(fake)
    conn = compat.connect(fake)
    del fake
    gc.collect()
    assert ref() is not None
    socialcard.read_card(conn)
    conn.disconnect()
    del conn
    gc.collect()
    assert ref() is None
