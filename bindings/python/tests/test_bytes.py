# SPDX-License-Identifier: Apache-2.0
"""The bytes-like input typemap (bytes, bytearray, memoryview, hex str,
list/tuple of ints) and the ssc_buf → bytes output, through the library's
ssc_buf_set()."""

import array

import pytest

from socialcard import _capi


@pytest.mark.parametrize("value,expected", [
    (b"\x00\xa4\x04\x00", b"\x00\xa4\x04\x00"),
    (bytearray(b"\x90\x00"), b"\x90\x00"),
    (memoryview(b"abcdef")[1:4], b"bcd"),
    ("00A40400", b"\x00\xa4\x04\x00"),
    ("3b 65 00\n", b"\x3b\x65\x00"),
    ("3B\t6500", b"\x3b\x65\x00"),
    ([0x00, 0xB2, 0x01, 0x0C], b"\x00\xb2\x01\x0c"),
    ((255, 0), b"\xff\x00"),
    (b"", b""),
    ("", b""),
    ([], b""),
])
def test_accepted(value, expected):
    out = _capi.buf_set(value)
    assert type(out) is bytes
    assert out == expected


def test_array_buffer():
    a = array.array("B", [1, 2, 3])
    assert _capi.buf_set(a) == b"\x01\x02\x03"


@pytest.mark.parametrize("value,exc", [
    ("ABC", ValueError),          # odd number of digits
    ("0G", ValueError),           # not hex
    ("00-11", ValueError),
    ([256], ValueError),
    ([-1], ValueError),
    ([1, "2"], TypeError),
    ([True], TypeError),
    ([1.0], TypeError),
    (17, TypeError),
    (None, TypeError),
    ({1: 2}, TypeError),
])
def test_refused(value, exc):
    with pytest.raises(exc):
        _capi.buf_set(value)


def test_large_roundtrip():
    data = bytes(range(256)) * 257
    assert _capi.buf_set(data) == data
    assert _capi.buf_set(data.hex()) == data
    assert _capi.buf_set(list(data)) == data
