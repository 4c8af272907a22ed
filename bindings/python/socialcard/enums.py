# SPDX-License-Identifier: Apache-2.0
"""IntEnums for the C enums.  Values are ABI, copied from the headers
(types.h, context.h, errors.h); a test checks each member against the
constant the extension exports."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["Channel", "ActorRole", "Post", "DocType", "Service",
           "LogLevel", "ErrorClass", "ErrorCode", "NativeKind"]


class Channel(IntEnum):
    """Channel through which a service is requested (ssc_channel)."""
    UNSET = 0
    WINDOW = 1   #: service window 服务窗口
    KIOSK = 2    #: self-service kiosk 自助一体机
    ONLINE = 3   #: app / WeChat / portal 线上
    BANK = 4     #: partner-bank outlet 合作银行网点
    PHONE = 5    #: hotline 12333
    MAIL = 6     #: express mail 快递
    BATCH = 7    #: employer batch submission 单位批量


class ActorRole(IntEnum):
    """Who acts on the holder's behalf (ssc_actor_role)."""
    UNSET = 0
    HOLDER = 1          #: the holder in person 本人
    AGENT = 2           #: an agent 代办人
    GUARDIAN = 3        #: guardian of a minor 监护人
    EMPLOYER_AGENT = 4  #: employer's agent 单位经办人
    SYSTEM = 5          #: the library itself (timed transitions)


class Post(IntEnum):
    """Staff post (ssc_post)."""
    UNSET = 0
    ACCEPTANCE = 1  #: 受理岗
    PROCESSING = 2  #: 经办岗
    FEEDBACK = 3    #: 反馈岗


class DocType(IntEnum):
    """Identity document types (ssc_doc_type)."""
    UNSET = 0
    RESIDENT_ID = 1         #: 居民身份证
    TEMPORARY_ID = 2        #: 临时身份证
    HOUSEHOLD_REGISTER = 3  #: 户口簿
    HKMO_PERMIT = 4         #: 港澳居民来往内地通行证
    TW_PERMIT = 5           #: 台湾居民来往大陆通行证
    RESIDENCE_PERMIT = 6    #: 港澳台居民居住证
    PASSPORT = 7            #: 护照
    FOREIGN_PR_CARD = 8     #: 外国人永久居留身份证
    OFFICER_CARD = 9        #: 军官证
    BIRTH_CERTIFICATE = 10  #: 出生医学证明
    SS_CARD = 11            #: the social security card itself


class Service(IntEnum):
    """Business services 事项 (ssc_service)."""
    UNSET = 0
    APPLY = 1
    APPLY_BATCH = 2
    BATCH_TO_INDIVIDUAL = 3
    PRODUCE = 4
    COLLECT = 5
    ACTIVATE_SS = 6
    ACTIVATE_FINANCIAL = 7
    ACTIVATE_LINKED = 8
    ACTIVATE_TRANSFER = 9
    REPORT_LOSS = 10
    CANCEL_LOSS = 11
    REPLACE_LOST = 12
    REPLACE_DAMAGED = 13
    REISSUE = 14
    INFO_CHANGE = 15
    PIN_CHANGE = 16
    PIN_RESET = 17
    UNLOCK = 18
    STATUS_QUERY = 19
    CANCEL = 20
    ROLLBACK = 21


class LogLevel(IntEnum):
    """Log levels, most severe first (ssc_log_level)."""
    NONE = 0
    ERROR = 1
    WARN = 2
    INFO = 3
    DEBUG = 4
    TRACE = 5


class ErrorClass(IntEnum):
    """Which subsystem an error comes from (ssc_error_class)."""
    NONE = 0
    NOMEMORY = 1
    OS = 2
    INVALID = 3
    CARD = 4
    APDU = 5
    READER = 6
    STORE = 7
    RULES = 8
    LIFECYCLE = 9
    CALENDAR = 10
    BACKEND = 11
    CRYPTO = 12
    ENCODING = 13


class NativeKind(IntEnum):
    """What Error.native_code holds (ssc_native_kind)."""
    NONE = 0
    ERRNO = 1
    PCSC = 2
    SQLITE = 3
    PGSQL = 4


class ErrorCode(IntEnum):
    """The C error codes (ssc_error_code); OK is success."""
    OK = 0
    ERROR = -1
    ENOMEM = -2
    EINVAL = -3
    ENOTFOUND = -4
    EEXISTS = -5
    EBUFS = -6
    EUSER = -7
    EVERSION = -8
    ENOTSUPPORTED = -9
    ETIMEOUT = -10
    ECANCELLED = -11
    EBUSY = -12
    EOS = -13
    ECRYPTO = -14
    ENOKEY = -15
    ETRANSITION = -100
    ENOTELIGIBLE = -101
    EONECARD = -102
    EPARSE = -103
    EBADID = -104
    ECALENDAR = -105
    EDUTY = -106
    EIDEMPOTENCY = -107
    ECARD = -200
    EAPDU = -201
    EPIN = -202
    EPINBLOCKED = -203
    ESECURITY = -204
    EAPPBLOCKED = -205
    EMISMATCH = -206
    EMAC = -207
    EREADER = -300
    ENOREADER = -301
    ENOCARD = -302
    ECARDREMOVED = -303
    ECARDRESET = -304
    ESHARING = -305
    EPROTOCOL = -306
    ESTORE = -400
    ECORRUPT = -401
    ECONFLICT = -402
    ESCHEMA = -403
