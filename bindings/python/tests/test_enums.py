# SPDX-License-Identifier: Apache-2.0
"""Each IntEnum of socialcard.enums equals the C constants the extension
exports, member for member, in both directions."""

import re

import pytest

import socialcard
from socialcard import _capi
from socialcard.enums import (ActorRole, AgeBand, ApduCase, CardInterface,
                              CardState, Channel, Charset, DeadlineUnit,
                              Disposition, DocForm, DocType, ErrorClass,
                              ErrorCode, FinState, IdReason, Insured,
                              InvalidLevel, LogLevel, NativeKind, Party,
                              PinState, Post, Protocol, ReaderEvent,
                              ReaderMode, RegionLevel, Residency, Service,
                              Sex, StoreCipher, StoreSync)

ENUMS = [
    (Channel, "CHANNEL_"),
    (ActorRole, "ACTOR_"),
    (Post, "POST_"),
    (DocType, "DOC_"),
    (Service, "SERVICE_"),
    (LogLevel, "LOG_"),
    (ErrorClass, "ERROR_CLASS_"),
    (NativeKind, "NATIVE_"),
    (CardState, "CARD_STATE_"),
    (FinState, "FIN_STATE_"),
    (PinState, "PIN_STATE_"),
    (Sex, "SEX_"),
    (IdReason, "ID_REASON_"),
    (Residency, "RESIDENCY_"),
    (Insured, "INSURED_"),
    (AgeBand, "AGE_BAND_"),
    (RegionLevel, "REGION_LEVEL_"),
    (Charset, "CHARSET_"),
    (DocForm, "FORM_"),
    (Party, "PARTY_"),
    (DeadlineUnit, "DEADLINE_"),
    (InvalidLevel, "INVALID_LEVEL_"),
    (StoreCipher, "STORE_CIPHER_"),
    (StoreSync, "STORE_SYNC_"),
    (ReaderMode, "READER_MODE_"),
    (Disposition, "DISPOSITION_"),
    (Protocol, "PROTOCOL_"),
    (CardInterface, "INTERFACE_"),
    (socialcard.ProductionMode, "PRODUCTION_"),
    (socialcard.BatchEncoding, "BATCH_ENCODING_"),
    (socialcard.KeyType, "KEY_TYPE_"),
]


@pytest.mark.parametrize("enum,prefix", ENUMS,
                         ids=[e.__name__ for e, _ in ENUMS])
def test_enum_matches_c(enum, prefix):
    c = {name[len(prefix):]: getattr(_capi, name) for name in dir(_capi)
         if name.startswith(prefix) and isinstance(getattr(_capi, name), int)}
    assert c, prefix
    assert {m.name: int(m) for m in enum} == c


def test_error_codes_match_c():
    c = {name: getattr(_capi, name) for name in dir(_capi)
         if re.fullmatch(r"E[A-Z]+|ERROR", name)}
    py = {m.name: int(m) for m in ErrorCode if m.name != "OK"}
    assert py == c
    assert ErrorCode.OK == 0


def test_error_class_names_match_c():
    for m in ErrorClass:
        assert _capi.error_class_name(m) == m.name.lower()


def test_reexported():
    for enum, _ in ENUMS:
        assert getattr(socialcard, enum.__name__) is enum
    assert socialcard.ErrorCode is ErrorCode


def test_apdu_case_matches_c():
    c = {name[len("APDU_CASE_"):]: getattr(_capi, name) for name in dir(_capi)
         if name.startswith("APDU_CASE_")}
    py = {m.name.replace("CASE_", "", 1) if m.name != "NONE" else "NONE":
          int(m) for m in ApduCase}
    assert py == c


def test_reader_event_matches_c():
    c = {name[len("READER_EVENT_"):]: getattr(_capi, name)
         for name in dir(_capi) if name.startswith("READER_EVENT_")}
    assert {m.name: int(m) for m in ReaderEvent if m.value} == c


@pytest.mark.parametrize("enum,prefix,extra", [
    (socialcard.Event, "EVENT_", {"MAX"}),
    (socialcard.JournalHash, "JOURNAL_HASH_", {"LEN"}),
], ids=["Event", "JournalHash"])
def test_enum_with_extra_constants_matches_c(enum, prefix, extra):
    """EVENT_MAX and JOURNAL_HASH_LEN are limits, not members."""
    c = {name[len(prefix):]: getattr(_capi, name) for name in dir(_capi)
         if name.startswith(prefix) and
         name[len(prefix):] not in extra}
    assert c and {m.name: int(m) for m in enum} == c
    assert max(socialcard.Event) == _capi.EVENT_MAX


def test_event_names_match_c():
    for ev in socialcard.Event:
        if ev:
            assert _capi.event_from_name(_capi.event_name(ev)) == ev
