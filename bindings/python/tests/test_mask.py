# SPDX-License-Identifier: Apache-2.0
"""socialcard.mask_* give the library's masked forms (mask.h) as str."""

import pytest

import socialcard


def test_mask_id_number():
    assert socialcard.mask_id_number("110101199003071234") == \
        "110101********1234"
    assert socialcard.mask_id_number("11010119900307123X") == \
        "110101********123X"
    assert socialcard.mask_id_number("1234567890") == "**********"


def test_mask_name():
    assert socialcard.mask_name("张三") == "张*"
    assert socialcard.mask_name("欧阳娜娜") == "欧***"
    assert socialcard.mask_name("李") == "*"
    assert type(socialcard.mask_name("张三")) is str


def test_mask_number():
    assert socialcard.mask_number("6222020200112233445", 4, 4) == \
        "6222***********3445"
    assert socialcard.mask_number("13800138000", 3, 4) == "138****8000"
    assert socialcard.mask_number("12345", 2, 2) == "*****"
    assert socialcard.mask_number("6222020200112233445") == \
        "6222***********3445"


def test_refused_inputs():
    with pytest.raises(TypeError):
        socialcard.mask_name(b"\xe5\xbc\xa0")
    with pytest.raises(ValueError):
        socialcard.mask_id_number("110101\x00199003071234")
    with pytest.raises(UnicodeEncodeError):
        socialcard.mask_name("\udcff")
    with pytest.raises(socialcard.InvalidArgument):
        socialcard.mask_name(None)
    with pytest.raises(socialcard.InvalidArgument):
        socialcard.mask_number("6222020200112233445", -1, 4)
    with pytest.raises(TypeError):
        socialcard.mask_id_number(110101199003071234)
