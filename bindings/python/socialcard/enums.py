# SPDX-License-Identifier: Apache-2.0
"""IntEnums for the C enums.  Values are ABI, copied from the headers
(types.h, context.h, errors.h, card.h, person.h, idnumber.h,
region.h, text.h, rules.h, calendar.h, store.h, apdu.h, reader.h,
lifecycle.h, journal.h, registry.h); a test checks each member against the
constant the extension exports."""

from __future__ import annotations

from enum import IntEnum, IntFlag

__all__ = ["Channel", "ActorRole", "Post", "DocType", "Service",
           "LogLevel", "ErrorClass", "ErrorCode", "NativeKind",
           "CardState", "FinState", "PinState", "Sex", "IdReason",
           "Residency", "Insured", "AgeBand", "RegionLevel", "Charset",
           "DocForm", "Party", "DeadlineUnit", "InvalidLevel", "StoreCipher",
           "StoreSync", "ApduCase", "ReaderMode", "Disposition", "Protocol",
           "CardInterface", "ReaderEvent", "Event", "ProductionMode",
           "BatchEncoding", "JournalHash", "KeyType"]


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


class CardState(IntEnum):
    """State of the card and its SS application (ssc_card_state)."""
    UNSET = 0
    SUBMITTED = 1  #: application submitted 已申请
    PHOTO_REVIEW = 2  #: photo under review 照片审核中
    PHOTO_REJECTED = 3  #: photo rejected 审核不通过
    APPROVED = 4  #: approved, locked 审核通过
    DATA_GENERATED = 5  #: card data generated (batch) 已生成制卡数据
    IN_PRODUCTION = 6  #: in production 制卡中
    AWAITING_COLLECTION = 7  #: made, awaiting collection 待领取
    IN_MAIL = 8  #: in the mail 邮寄中
    ISSUED = 9  #: issued, not activated 已发放未启用
    ACTIVE = 10  #: active 正常
    REPORTED_LOST = 11  #: reported lost 挂失
    REPLACED = 12  #: replaced (final) 已补换
    CANCELLED = 13  #: cancelled (final) 注销
    EXPIRED = 14  #: expired (final) 过期


class FinState(IntEnum):
    """State of the financial application (ssc_fin_state)."""
    UNSET = 0
    NOT_OPENED = 1  #: account not opened
    AWAITING_ACTIVATION = 2  #: awaiting in-person activation at the bank
    ACTIVE = 3  #: active
    BLOCKED = 4  #: blocked (frozen)
    CLOSED = 5  #: closed (final)


class PinState(IntEnum):
    """State of the social-security PIN (ssc_pin_state)."""
    UNSET = 0
    NORMAL = 1  #: usable
    LOCKED = 2  #: blocked on the chip (needs 解锁)


class Sex(IntEnum):
    """Sex, GB/T 2261.1 (ssc_sex)."""
    UNSET = 0  #: 未知的性别
    MALE = 1  #: 男
    FEMALE = 2  #: 女
    UNSPECIFIED = 9  #: 未说明的性别


class IdReason(IntEnum):
    """Why an ID number is invalid (ssc_id_reason)."""
    NONE = 0  #: valid
    LENGTH = 1  #: not 18 (or legacy 15) characters
    CHARACTER = 2  #: a non-digit, or `X` not last
    CHECK_DIGIT = 3  #: the check character is wrong
    DATE = 4  #: the birth date is not a real date
    REGION = 5  #: the address code's province is unknown
    FUTURE = 6  #: the birth date is after today


class Residency(IntEnum):
    """Residency of a person (ssc_residency)."""
    UNSET = 0
    MAINLAND = 1  #: mainland Chinese citizen
    HONG_KONG = 2  #: Hong Kong resident
    MACAU = 3  #: Macau resident
    TAIWAN = 4  #: Taiwan resident
    FOREIGN = 5  #: foreign national


class Insured(IntEnum):
    """Insurance status (ssc_insured)."""
    UNSET = 0
    YES = 1  #: insured (参加社会保险), incl. resident
    NO = 2  #: not insured
    SUSPENDED = 3  #: insurance interrupted (中断)


class AgeBand(IntEnum):
    """Age band that rules depend on (ssc_age_band)."""
    UNSET = 0
    UNDER_7 = 1  #: 0–6: no photo required
    UNDER_16 = 2  #: 7–15: household register as ID
    UNDER_18 = 3  #: 16–17: minor with own ID card
    ADULT = 4  #: 18 and over


class RegionLevel(IntEnum):
    """Level of a GB/T 2260 region code (ssc_region_level)."""
    UNSET = 0  #: unknown code
    PROVINCE = 1  #: 省级 (XX0000)
    PREFECTURE = 2  #: 地级 (NNNN00)
    COUNTY = 3  #: 县级


class Charset(IntEnum):
    """Card text encodings (ssc_charset)."""
    UNSET = 0
    GB18030 = 1  #: GB 18030 (superset of GBK; the default)
    GBK = 2  #: GBK as glibc defines it (CP936: 0x80 is €)


class DocForm(IntEnum):
    """Form of a presented document (ssc_doc_form)."""
    UNSET = 0
    ORIGINAL = 1  #: 原件
    COPY = 2  #: 复印件
    ELECTRONIC = 3  #: scan or uploaded image 电子版/扫描件


class Party(IntEnum):
    """Whose document it is (ssc_party)."""
    UNSET = 0
    HOLDER = 1  #: the (future) card holder 本人/申办人
    AGENT = 2  #: the agent 代办人 / employer's agent
    GUARDIAN = 3  #: the guardian 监护人


class DeadlineUnit(IntEnum):
    """Unit of a deadline (ssc_deadline_unit)."""
    NONE = 0  #: no deadline
    WORKING_DAYS = 1  #: N working days after the start day
    HOURS = 2  #: N clock hours after the start


class InvalidLevel(IntEnum):
    """Level of an invalid-card list (ssc_invalid_level)."""
    UNSET = 0
    NATIONAL = 1  #: 全国
    PROVINCIAL = 2  #: 省级
    MUNICIPAL = 3  #: 地市级


class StoreCipher(IntEnum):
    """Cipher sealing store records (ssc_store_cipher)."""
    DEFAULT = 0  #: AES-256-GCM
    AES_256_GCM = 1  #: AES-256-GCM
    SM4_GCM = 2  #: SM4-GCM, when OpenSSL provides it


class StoreSync(IntEnum):
    """SQLite durability (ssc_store_sync)."""
    DEFAULT = 0  #: FULL
    FULL = 1  #: durable at every commit
    NORMAL = 2  #: WAL NORMAL: may lose the last commits on power loss


class ApduCase(IntEnum):
    """ISO 7816-4 command case (ssc_apdu_case)."""
    NONE = 0  #: not determinable (invalid command)
    CASE_1 = 1  #: header only
    CASE_2S = 2  #: Le, short
    CASE_3S = 3  #: Lc + data, short
    CASE_4S = 4  #: Lc + data + Le, short
    CASE_2E = 5  #: Le, extended
    CASE_3E = 6  #: Lc + data, extended
    CASE_4E = 7  #: Lc + data + Le, extended


class ReaderMode(IntEnum):
    """Card interface to use (ssc_reader_mode)."""
    UNSET = 0  #: same as AUTO_CONTACT_FIRST
    CONTACT = 1  #: contact (ISO 7816-3) only
    CONTACTLESS = 2  #: contactless (ISO 14443) only
    AUTO_CONTACT_FIRST = 3  #: either, contact preferred
    AUTO_CONTACTLESS_FIRST = 4  #: either, contactless preferred


class Disposition(IntEnum):
    """What happens to the card at the end (ssc_disposition)."""
    LEAVE = 0  #: leave the card as it is
    RESET = 1  #: warm reset
    UNPOWER = 2  #: power the card down
    EJECT = 3  #: eject, where the reader can


class Protocol(IntEnum):
    """Transmission protocol (ssc_reader_protocol)."""
    UNKNOWN = 0
    T0 = 1
    T1 = 2


class CardInterface(IntEnum):
    """Interface of a connection (ssc_card_interface)."""
    UNKNOWN = 0
    CONTACT = 1
    CONTACTLESS = 2


class ReaderEvent(IntFlag):
    """What Reader.wait_event() saw (SSC_READER_EVENT_* bits)."""
    NONE = 0
    CARD_INSERTED = 0x1
    CARD_REMOVED = 0x2
    READER_ADDED = 0x4
    READER_REMOVED = 0x8


class Event(IntEnum):
    """Lifecycle event (ssc_event): what a service does to a card."""
    UNSET = 0
    APPLY = 1  #: individual application (window, kiosk, bank)
    APPLY_ONLINE = 2  #: online application with photo upload
    APPLY_BATCH = 3  #: a row of an employer batch
    APPROVE = 4  #: window application approved
    PHOTO_APPROVE = 5  #: uploaded photo approved (locked)
    PHOTO_REJECT = 6  #: uploaded photo rejected with a reason
    PHOTO_RESUBMIT = 7  #: a new photo after a rejection
    GENERATE_DATA = 8  #: card data generated (batch)
    BATCH_TO_INDIVIDUAL = 9  #: 批量转零星
    START_PRODUCTION = 10  #: production starts
    FINISH_PRODUCTION = 11  #: card made and personalised
    MAIL = 12  #: handed to the mail
    DELIVER = 13  #: mail delivered to the holder
    COLLECT = 14  #: collected by holder or agent
    COLLECT_BATCH = 15  #: collected by the employer's agent
    ACTIVATE_SS = 16  #: SS function activated
    AUTO_ACTIVATE = 17  #: 96 h after batch collection
    ACTIVATE_FINANCIAL = 18  #: financial function, at the bank
    ACTIVATE_LINKED = 19  #: bank activation with linked SS activation
    ACTIVATE_TRANSFER = 20  #: 转移激活 after a job transfer
    REPORT_LOSS = 21  #: 挂失
    CANCEL_LOSS = 22  #: 解挂
    REPLACE_LOST = 23  #: 补领 (old card replaced)
    REPLACE_DAMAGED = 24  #: 换领
    REISSUE = 25  #: 换发
    INFO_CHANGE = 26  #: non-key information change
    PIN_CHANGE = 27  #: PIN change (holder only)
    PIN_RESET = 28  #: PIN reset
    PIN_BLOCKED = 29  #: the chip reported the PIN blocked
    UNLOCK = 30  #: PIN unlocked
    STATUS_QUERY = 31  #: read-only status query
    CANCEL = 32  #: 注销
    ROLLBACK = 33  #: 回退 of the last reversible step
    EXPIRE = 34  #: the card expired
    PRODUCTION_OVERDUE = 35  #: production passed its deadline


class ProductionMode(IntEnum):
    """How a card is produced (ssc_production_mode)."""
    UNSET = 0
    INSTANT = 1   #: 即时制卡 at a window or bank outlet
    FALLBACK = 2  #: equipment or network failed: 24 h
    ONLINE = 3    #: online application: 5 working days
    BATCH = 4     #: employer batch: 10 working days


class BatchEncoding(IntEnum):
    """Charset of an employer batch file (ssc_batch_encoding)."""
    AUTO = 0  #: UTF-8 when valid, else GBK
    UTF8 = 1
    GBK = 2


class JournalHash(IntEnum):
    """Hash chaining journal entries (ssc_journal_hash)."""
    DEFAULT = 0  #: SHA-256
    SHA256 = 1
    SM3 = 2


class KeyType(IntEnum):
    """Type of a key in a KeyProvider (ssc_key_type)."""
    UNSET = 0
    DES = 1          #: 8, 16 or 24 bytes (single DES, 2-key / 3-key 3DES)
    SM4 = 2          #: 16 bytes
    AES256 = 3       #: 32 bytes
    HMAC_SHA256 = 4  #: 16–64 bytes
    HMAC_SM3 = 5     #: 16–64 bytes
