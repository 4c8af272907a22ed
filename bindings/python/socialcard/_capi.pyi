# SPDX-License-Identifier: Apache-2.0
"""Type stubs for the SWIG layer socialcard._capi (SWIG output carries no
annotations).  The constants mirror the C headers; prefer socialcard.enums."""

import datetime
from typing import Callable, List, Optional, Sequence, Union

BytesLike = Union[bytes, bytearray, memoryview, str, Sequence[int]]
ClockResult = Union[int, datetime.datetime]

ERROR: int
ENOMEM: int
EINVAL: int
ENOTFOUND: int
EEXISTS: int
EBUFS: int
EUSER: int
EVERSION: int
ENOTSUPPORTED: int
ETIMEOUT: int
ECANCELLED: int
EBUSY: int
EOS: int
ECRYPTO: int
ENOKEY: int
ETRANSITION: int
ENOTELIGIBLE: int
EONECARD: int
EPARSE: int
EBADID: int
ECALENDAR: int
EDUTY: int
EIDEMPOTENCY: int
ECARD: int
EAPDU: int
EPIN: int
EPINBLOCKED: int
ESECURITY: int
EAPPBLOCKED: int
EMISMATCH: int
EMAC: int
EREADER: int
ENOREADER: int
ENOCARD: int
ECARDREMOVED: int
ECARDRESET: int
ESHARING: int
EPROTOCOL: int
ESTORE: int
ECORRUPT: int
ECONFLICT: int
ESCHEMA: int
ERROR_CLASS_NONE: int
ERROR_CLASS_NOMEMORY: int
ERROR_CLASS_OS: int
ERROR_CLASS_INVALID: int
ERROR_CLASS_CARD: int
ERROR_CLASS_APDU: int
ERROR_CLASS_READER: int
ERROR_CLASS_STORE: int
ERROR_CLASS_RULES: int
ERROR_CLASS_LIFECYCLE: int
ERROR_CLASS_CALENDAR: int
ERROR_CLASS_BACKEND: int
ERROR_CLASS_CRYPTO: int
ERROR_CLASS_ENCODING: int
NATIVE_NONE: int
NATIVE_ERRNO: int
NATIVE_PCSC: int
NATIVE_SQLITE: int
NATIVE_PGSQL: int
CHANNEL_UNSET: int
CHANNEL_WINDOW: int
CHANNEL_KIOSK: int
CHANNEL_ONLINE: int
CHANNEL_BANK: int
CHANNEL_PHONE: int
CHANNEL_MAIL: int
CHANNEL_BATCH: int
ACTOR_UNSET: int
ACTOR_HOLDER: int
ACTOR_AGENT: int
ACTOR_GUARDIAN: int
ACTOR_EMPLOYER_AGENT: int
ACTOR_SYSTEM: int
POST_UNSET: int
POST_ACCEPTANCE: int
POST_PROCESSING: int
POST_FEEDBACK: int
DOC_UNSET: int
DOC_RESIDENT_ID: int
DOC_TEMPORARY_ID: int
DOC_HOUSEHOLD_REGISTER: int
DOC_HKMO_PERMIT: int
DOC_TW_PERMIT: int
DOC_RESIDENCE_PERMIT: int
DOC_PASSPORT: int
DOC_FOREIGN_PR_CARD: int
DOC_OFFICER_CARD: int
DOC_BIRTH_CERTIFICATE: int
DOC_SS_CARD: int
SERVICE_UNSET: int
SERVICE_APPLY: int
SERVICE_APPLY_BATCH: int
SERVICE_BATCH_TO_INDIVIDUAL: int
SERVICE_PRODUCE: int
SERVICE_COLLECT: int
SERVICE_ACTIVATE_SS: int
SERVICE_ACTIVATE_FINANCIAL: int
SERVICE_ACTIVATE_LINKED: int
SERVICE_ACTIVATE_TRANSFER: int
SERVICE_REPORT_LOSS: int
SERVICE_CANCEL_LOSS: int
SERVICE_REPLACE_LOST: int
SERVICE_REPLACE_DAMAGED: int
SERVICE_REISSUE: int
SERVICE_INFO_CHANGE: int
SERVICE_PIN_CHANGE: int
SERVICE_PIN_RESET: int
SERVICE_UNLOCK: int
SERVICE_STATUS_QUERY: int
SERVICE_CANCEL: int
SERVICE_ROLLBACK: int
VERSION_MAJOR: int
VERSION_MINOR: int
VERSION_MICRO: int
VERSION_STRING: str
LOG_NONE: int
LOG_ERROR: int
LOG_WARN: int
LOG_INFO: int
LOG_DEBUG: int
LOG_TRACE: int
CTX_OPTIONS_VERSION: int

def strerror(code: int) -> str: ...
def error_name(code: int) -> Optional[str]: ...
def error_class_name(klass: int) -> str: ...
def error_set_str(code: int, klass: int, message: Optional[str]) -> None: ...
def error_set_native(code: int, klass: int, native_kind: int,
                     native_code: int, message: Optional[str]) -> None: ...
def error_set_sw(code: int, sw: int, message: Optional[str]) -> None: ...
def error_set_oom() -> None: ...
def raise_pending_callback_error() -> None: ...
def version() -> List[Union[str, int]]: ...
def buf_set(data: BytesLike) -> bytes: ...
def mask_id_number(id: Optional[str]) -> str: ...
def mask_name(name: Optional[str]) -> str: ...
def mask_number(text: Optional[str], keep_head: int, keep_tail: int) -> str: ...
def ctx_options_init(version: int) -> None: ...
def ctx_now(ctx: Context) -> int: ...
def ctx_region(ctx: Context) -> Optional[str]: ...
def ctx_set_region(ctx: Context, region: Optional[str]) -> None: ...
def ctx_set_log_level(ctx: Context, level: int) -> None: ...

class Context:
    this: object
    thisown: bool
    def __init__(self, region: Optional[str] = ..., *,
                 log: Optional[Callable[[int, str], object]] = ...,
                 log_level: Optional[int] = ...,
                 clock: Optional[Callable[[], ClockResult]] = ...) -> None: ...
    def now(self) -> int: ...
    def now_datetime(self) -> datetime.datetime: ...
    @property
    def region(self) -> Optional[str]: ...
    @region.setter
    def region(self, value: Optional[str]) -> None: ...
    def set_log_level(self, level: int) -> None: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Context": ...
    def __exit__(self, *exc: object) -> bool: ...
