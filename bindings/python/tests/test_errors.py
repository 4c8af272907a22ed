# SPDX-License-Identifier: Apache-2.0
"""The exception hierarchy: every C error code of errors.h maps to its own
class, and raising works end to end through the ssc_status typemap."""

import errno
import os
import pathlib
import re
import threading

import pytest

import socialcard
from socialcard import _capi, errors
from socialcard.enums import ErrorClass, ErrorCode, NativeKind


def header_codes():
    root = pathlib.Path(os.environ["SSC_SOURCE_ROOT"])
    text = (root / "include" / "socialcard" / "errors.h").read_text()
    enum = re.search(r"typedef enum \{(.*?)\} ssc_error_code;", text, re.S)
    assert enum, "ssc_error_code not found in errors.h"
    codes = dict((name, int(value)) for name, value in re.findall(
        r"\b(SSC_E\w*)\s*=\s*(-\d+)", enum.group(1)))
    assert len(codes) > 30
    return codes


CODES = header_codes()


def test_every_code_has_its_own_class():
    for name, code in CODES.items():
        cls = errors.exception_class(code)
        assert cls is not errors.Error, name
        assert issubclass(cls, errors.Error), name
        assert cls.code_default == code, name
        assert getattr(socialcard, cls.__name__) is cls, name


def test_table_has_no_unknown_codes():
    assert set(errors._BY_CODE) == set(CODES.values())
    assert len(set(errors._BY_CODE.values())) == len(errors._BY_CODE)


def test_code_constants_match_header():
    for name, code in CODES.items():
        short = name[len("SSC_"):]
        assert getattr(_capi, short) == code, name
        assert ErrorCode[short] == code, name
        assert socialcard.error_name(code) == name


@pytest.mark.parametrize("name", sorted(CODES))
def test_raise_every_code_end_to_end(name):
    code = CODES[name]
    cls = errors.exception_class(code)
    with pytest.raises(cls) as info:
        _capi.error_set_str(code, ErrorClass.BACKEND, "detail for " + name)
    e = info.value
    assert type(e) is cls
    assert e.code == code
    assert e.klass == ErrorClass.BACKEND
    assert e.message == "detail for " + name
    assert str(e) == "detail for " + name
    assert e.sw == 0 and e.native_code == 0


def test_python_idioms():
    assert issubclass(socialcard.InvalidArgument, ValueError)
    assert issubclass(socialcard.ParseError, socialcard.InvalidArgument)
    assert issubclass(socialcard.BadIdNumber, ValueError)
    assert issubclass(socialcard.NotFound, LookupError)
    assert not issubclass(socialcard.NotFound, KeyError)
    assert issubclass(socialcard.NotSupported, NotImplementedError)
    assert issubclass(socialcard.Timeout, TimeoutError)
    assert issubclass(socialcard.OutOfMemory, MemoryError)
    assert issubclass(socialcard.OSFailure, OSError)
    for cls in (socialcard.NoReader, socialcard.NoCard,
                socialcard.CardRemoved, socialcard.CardReset,
                socialcard.SharingViolation, socialcard.ProtocolError):
        assert issubclass(cls, socialcard.ReaderError)
        assert issubclass(cls, OSError)
    for cls in (socialcard.PinError, socialcard.PinBlocked,
                socialcard.SecurityError, socialcard.AppBlocked,
                socialcard.CardMismatch, socialcard.MacError):
        assert issubclass(cls, socialcard.CardError)
    for cls in (socialcard.Corrupt, socialcard.Conflict,
                socialcard.SchemaError):
        assert issubclass(cls, socialcard.StoreError)
    assert issubclass(socialcard.NoKey, socialcard.CryptoError)
    assert issubclass(socialcard.AlreadyHasCard, socialcard.NotEligible)


def test_context_bad_region_raises_invalid_argument():
    with pytest.raises(socialcard.InvalidArgument) as info:
        socialcard.Context(region="12")
    e = info.value
    assert e.code == -3 == ErrorCode.EINVAL
    assert e.klass == ErrorClass.INVALID
    assert "6-digit" in str(e)
    assert isinstance(e, ValueError)


@pytest.mark.parametrize("version", [0, _capi.CTX_OPTIONS_VERSION + 1, 1000])
def test_future_options_version_raises_version_mismatch(version):
    with pytest.raises(socialcard.VersionMismatch) as info:
        _capi.ctx_options_init(version)
    assert info.value.code == ErrorCode.EVERSION


def test_current_options_version_is_accepted():
    assert _capi.ctx_options_init(_capi.CTX_OPTIONS_VERSION) is None


@pytest.mark.parametrize("sw,tries", [(0x63C2, 2), (0x63C0, 0), (0x63CF, 15),
                                      (0x6A80, None), (0, None)])
def test_pin_error_tries_left(sw, tries):
    with pytest.raises(socialcard.PinError) as info:
        _capi.error_set_sw(ErrorCode.EPIN, sw, "wrong PIN")
    assert info.value.sw == sw
    assert info.value.tries_left == tries
    if sw:
        assert str(info.value) == "wrong PIN (SW %04X)" % sw


def test_pin_blocked_carries_sw():
    with pytest.raises(socialcard.PinBlocked) as info:
        _capi.error_set_sw(ErrorCode.EPINBLOCKED, 0x6983, "PIN blocked")
    assert info.value.sw == 0x6983
    assert isinstance(info.value, socialcard.CardError)


def test_native_errno_becomes_oserror_errno():
    with pytest.raises(socialcard.OSFailure) as info:
        _capi.error_set_native(ErrorCode.EOS, ErrorClass.OS, NativeKind.ERRNO,
                               errno.ENOENT, "open failed")
    e = info.value
    assert e.errno == errno.ENOENT
    assert e.strerror == os.strerror(errno.ENOENT)
    assert e.native_kind == NativeKind.ERRNO
    assert str(e) == "open failed"


def test_native_pcsc_code_is_unsigned():
    with pytest.raises(socialcard.NoCard) as info:
        _capi.error_set_native(ErrorCode.ENOCARD, ErrorClass.READER,
                               NativeKind.PCSC, 0x8010000C, "no smart card")
    assert info.value.native_code == 0x8010000C
    assert info.value.native_kind == NativeKind.PCSC


def test_oom():
    with pytest.raises(socialcard.OutOfMemory) as info:
        _capi.error_set_oom()
    assert isinstance(info.value, MemoryError)


def test_utf8_message():
    with pytest.raises(socialcard.InvalidArgument) as info:
        _capi.error_set_str(ErrorCode.EINVAL, ErrorClass.INVALID,
                            "区域代码无效")
    assert str(info.value) == "区域代码无效"


def test_non_negative_code_becomes_internal_error():
    with pytest.raises(socialcard.InternalError) as info:
        _capi.error_set_str(5, 0, "bogus")
    assert info.value.code == ErrorCode.ERROR


def test_unknown_future_code_raises_the_base_class():
    with pytest.raises(socialcard.Error) as info:
        _capi.error_set_str(-999, 0, "from a newer library")
    assert type(info.value) is socialcard.Error
    assert info.value.code == -999


def test_not_eligible_carries_reasons_and_missing():
    e = socialcard.NotEligible("refused", code=ErrorCode.ENOTELIGIBLE,
                               reasons=["not resident"],
                               missing=["photo"])
    assert e.reasons == ["not resident"] and e.missing == ["photo"]
    with pytest.raises(socialcard.NotEligible) as info:
        _capi.error_set_str(ErrorCode.ENOTELIGIBLE, ErrorClass.RULES, "no")
    assert info.value.reasons == [] and info.value.missing == []


def test_repr_and_pickle_free_attributes():
    with pytest.raises(socialcard.CardError) as info:
        _capi.error_set_sw(ErrorCode.ECARD, 0x6A82, "file not found")
    assert repr(info.value) == \
        "CardError('file not found', code=-200, sw=0x6A82)"


def test_strerror():
    assert socialcard.strerror(ErrorCode.EINVAL) == "invalid argument"
    assert socialcard.error_name(-12345) is None


def test_error_record_is_per_thread():
    failures = []

    def worker(make, cls, code):
        for _ in range(500):
            try:
                make()
            except socialcard.Error as e:
                if type(e) is not cls or e.code != code:
                    failures.append((cls, e))
            else:
                failures.append((cls, "no exception"))

    threads = [
        threading.Thread(target=worker, args=(
            lambda: socialcard.Context(region="x"),
            socialcard.InvalidArgument, -3)),
        threading.Thread(target=worker, args=(
            lambda: _capi.ctx_options_init(99),
            socialcard.VersionMismatch, -8)),
        threading.Thread(target=worker, args=(
            lambda: _capi.error_set_sw(ErrorCode.EPIN, 0x63C1, "pin"),
            socialcard.PinError, -202)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


@pytest.mark.parametrize("raise_it", [
    lambda: _capi.error_set_sw(ErrorCode.EPIN, 0x63C1, "wrong PIN"),
    lambda: _capi.error_set_native(ErrorCode.EOS, ErrorClass.OS,
                                   NativeKind.ERRNO, errno.EACCES, "open"),
    lambda: _capi.error_set_native(ErrorCode.ESHARING, ErrorClass.READER,
                                   NativeKind.PCSC, 0x8010000B, "busy"),
    lambda: socialcard.Context(region="1"),
])
def test_exceptions_pickle(raise_it):
    import pickle
    with pytest.raises(socialcard.Error) as info:
        raise_it()
    e = info.value
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is type(e)
    assert repr(e2) == repr(e) and str(e2) == str(e)
    for attr in ("code", "klass", "sw", "native_kind", "native_code",
                 "message"):
        assert getattr(e2, attr) == getattr(e, attr)
    if isinstance(e, OSError):
        assert e2.errno == e.errno


def test_not_eligible_pickles_reasons():
    import pickle
    e = socialcard.NotEligible("refused", code=ErrorCode.ENOTELIGIBLE,
                               reasons=["r"], missing=["m"])
    e2 = pickle.loads(pickle.dumps(e))
    assert (e2.reasons, e2.missing, e2.code) == (["r"], ["m"], -101)


def test_attributes_are_enums_when_known():
    with pytest.raises(socialcard.NoReader) as info:
        _capi.error_set_native(ErrorCode.ENOREADER, ErrorClass.READER,
                               NativeKind.PCSC, 0x8010002E, "gone")
    e = info.value
    assert e.code is ErrorCode.ENOREADER
    assert e.klass is ErrorClass.READER
    assert e.native_kind is NativeKind.PCSC
    with pytest.raises(socialcard.Error) as info:
        _capi.error_set_native(-999, 99, 77, 1, "future")
    assert (info.value.code, info.value.klass, info.value.native_kind) == \
        (-999, 99, 77)
    assert type(info.value.klass) is int
