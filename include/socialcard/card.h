/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/card.h
 * @brief ssc_card: the card record — numbers, generation, issuer, dates,
 *        holder, the states of the SS and financial applications, PIN and
 *        electronic card, replacement links, revision — its canonical
 *        binary encoding, and the card number / 卡识别码 codecs.
 *
 * Accessors return UTF-8 borrowed from the card (valid until the property
 * is set again or the card is freed); NULL means "not set".  Setters
 * validate and leave the card unchanged when they refuse a value.  The
 * bank account number is returned in full only by
 * ssc_card_fin_account(); every display form (ssc_card_describe(),
 * ssc_card_fin_account_masked(), log lines, error messages) masks it.
 *
 * The state enums are defined here; which transitions are allowed is the
 * lifecycle layer's business, not this header's: the setters only check
 * that a value is one of the enum's.
 *
 * Thread rules: a card is used by one thread at a time.
 */
#ifndef SOCIALCARD_CARD_H
#define SOCIALCARD_CARD_H

#include <stdbool.h>

#include "common.h"
#include "buffer.h"
#include "types.h"
#include "person.h"

SSC_BEGIN_DECL

/** A card record (opaque). */
typedef struct ssc_card ssc_card;

/** State of the card and its social-security application.  Values are
 *  ABI. */
typedef enum {
	SSC_CARD_STATE_UNSET = 0,
	SSC_CARD_STATE_SUBMITTED = 1,           /**< application submitted 已申请 */
	SSC_CARD_STATE_PHOTO_REVIEW = 2,        /**< photo under review 照片审核中 */
	SSC_CARD_STATE_PHOTO_REJECTED = 3,      /**< photo rejected 审核不通过 */
	SSC_CARD_STATE_APPROVED = 4,            /**< approved, locked 审核通过 */
	SSC_CARD_STATE_DATA_GENERATED = 5,      /**< card data generated (batch) 已生成制卡数据 */
	SSC_CARD_STATE_IN_PRODUCTION = 6,       /**< in production 制卡中 */
	SSC_CARD_STATE_AWAITING_COLLECTION = 7, /**< made, awaiting collection 待领取 */
	SSC_CARD_STATE_IN_MAIL = 8,             /**< in the mail 邮寄中 */
	SSC_CARD_STATE_ISSUED = 9,              /**< issued, not activated 已发放未启用 */
	SSC_CARD_STATE_ACTIVE = 10,             /**< active 正常 */
	SSC_CARD_STATE_REPORTED_LOST = 11,      /**< reported lost 挂失 */
	SSC_CARD_STATE_REPLACED = 12,           /**< replaced (final) 已补换 */
	SSC_CARD_STATE_CANCELLED = 13,          /**< cancelled (final) 注销 */
	SSC_CARD_STATE_EXPIRED = 14             /**< expired (final) 过期 */
} ssc_card_state;

/** State of the financial (bank) application.  Values are ABI. */
typedef enum {
	SSC_FIN_STATE_UNSET = 0,
	SSC_FIN_STATE_NOT_OPENED = 1,          /**< account not opened */
	SSC_FIN_STATE_AWAITING_ACTIVATION = 2, /**< awaiting in-person activation at the bank */
	SSC_FIN_STATE_ACTIVE = 3,              /**< active */
	SSC_FIN_STATE_BLOCKED = 4,             /**< blocked (frozen) */
	SSC_FIN_STATE_CLOSED = 5               /**< closed (final) */
} ssc_fin_state;

/** State of the social-security PIN.  Values are ABI. */
typedef enum {
	SSC_PIN_STATE_UNSET = 0,
	SSC_PIN_STATE_NORMAL = 1, /**< usable */
	SSC_PIN_STATE_LOCKED = 2  /**< blocked on the chip (needs 解锁) */
} ssc_pin_state;

/**
 * State of the electronic card (电子社保卡).  It mirrors the physical
 * card's ::ssc_card_state value by value (same numbers, same names), plus
 * #SSC_ECARD_STATE_NONE when no electronic card was issued; "in sync"
 * means equal to the card state.  Values are ABI.
 */
typedef enum {
	SSC_ECARD_STATE_NONE = 0 /**< no electronic card; other values are
				      ::ssc_card_state values */
} ssc_ecard_state;

/** Length of a card number (卡号). */
#define SSC_CARD_NUMBER_LEN 9
/** Length of a card identifier (卡识别码) in bytes. */
#define SSC_CARD_ID_LEN 16
/** Length of a card's internal id (a UUID in text form). */
#define SSC_CARD_UUID_LEN 36

/**
 * Create an empty card with a fresh internal id (random UUID).
 *
 * @param[out] out the card, owned by the caller: ssc_card_free()
 * @param ctx the context (a reference is kept)
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_new(ssc_card **out, ssc_ctx *ctx);

/**
 * Deep copy of a card (same internal id), in the same context.
 *
 * @param[out] out the copy, owned by the caller
 * @param card the card (borrowed)
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_dup(ssc_card **out, const ssc_card *card);

/**
 * Free a card (personal data is wiped).  NULL is a no-op.
 * @param card the card
 * @since 1.0
 */
SSC_EXPORT void ssc_card_free(ssc_card *card);

/**
 * The internal id: a lower-case UUID, 36 characters.
 * @param card the card
 * @return borrowed, never NULL for a valid card
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_uuid(const ssc_card *card);

/**
 * Set the internal id (for stores and imports).
 *
 * @param card the card
 * @param uuid a UUID in text form (any case; stored lower-case)
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_uuid(ssc_card *card, const char *uuid);

/**
 * The revision counter used for optimistic concurrency: stores refuse a
 * commit whose base revision is not the stored one.
 * @param card the card
 * @since 1.0
 */
SSC_EXPORT uint64_t ssc_card_revision(const ssc_card *card);

/**
 * Set the revision counter.
 * @param card the card
 * @param rev the new revision
 * @return #SSC_OK or #SSC_EINVAL (NULL card)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_revision(ssc_card *card, uint64_t rev);

/**
 * Set the card number (卡号): 9 characters `[0-9A-Z]` (lower-case letters
 * are upper-cased).
 *
 * @param card the card
 * @param number the number, or NULL to clear
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_number(ssc_card *card,
					  const char *number);

/**
 * The card number.
 * @param card the card
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_number(const ssc_card *card);

/**
 * Set the card identifier (卡识别码), 16 bytes as checked by
 * ssc_card_identifier_check().
 *
 * @param card the card
 * @param id 16 bytes, or NULL to clear
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_identifier(ssc_card *card,
					      const uint8_t id[16]);

/**
 * The card identifier as 32 upper-case hex characters.
 * @param card the card
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_identifier(const ssc_card *card);

/**
 * Set the spec version (规范版本), 4 ASCII characters `d.dd` such as
 * "3.00"; the generation is set from its first digit (1–3).
 *
 * @param card the card
 * @param version the version, or NULL to clear both
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_spec_version(ssc_card *card,
						const char *version);

/**
 * The spec version.
 * @param card the card
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_spec_version(const ssc_card *card);

/**
 * The generation (1, 2 or 3), 0 when not known.
 * @param card the card
 * @since 1.0
 */
SSC_EXPORT int ssc_card_generation(const ssc_card *card);

/**
 * Set the generation when no spec version is known.
 *
 * @param card the card
 * @param generation 1, 2, 3, or 0 to clear
 * @return #SSC_OK, or #SSC_EINVAL (bad value, or disagrees with the spec
 *         version)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_generation(ssc_card *card,
					      int generation);

/**
 * Set the issuing region (发卡地区行政区划代码): 6 digits, province known.
 * Pseudo codes such as `xx99xx` (provincial pools) are accepted.
 *
 * @param card the card
 * @param code the code, or NULL to clear
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_region(ssc_card *card, const char *code);

/**
 * The issuing region code.
 * @param card the card
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_region(const ssc_card *card);

/**
 * Set the issuing institution (初始化机构编号 or the issuer's own code):
 * 1 to 64 printable ASCII characters.
 *
 * @param card the card
 * @param code the code, or NULL to clear
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_institution(ssc_card *card,
					       const char *code);

/**
 * The issuing institution.
 * @param card the card
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_institution(const ssc_card *card);

/**
 * Set the issue and expiry dates (`YYYYMMDD`, 0 = none).  The expiry may
 * not precede the issue date.
 *
 * @param card the card
 * @param issued the issue date, or 0
 * @param expires the expiry date, or 0
 * @return #SSC_OK or #SSC_EINVAL (card unchanged)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_dates(ssc_card *card, uint32_t issued,
					 uint32_t expires);

/**
 * The issue date, 0 when not set.
 * @param card the card
 * @since 1.0
 */
SSC_EXPORT uint32_t ssc_card_issue_date(const ssc_card *card);

/**
 * The expiry date, 0 when none (third-generation cards have none).
 * @param card the card
 * @since 1.0
 */
SSC_EXPORT uint32_t ssc_card_expiry_date(const ssc_card *card);

/**
 * The holder.
 * @param card the card
 * @return borrowed, owned by the card; never NULL for a valid card
 * @since 1.0
 */
SSC_EXPORT const ssc_person *ssc_card_holder(const ssc_card *card);

/**
 * Replace the holder with a copy of @p holder.
 *
 * @param card the card
 * @param holder the person (borrowed; copied)
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM (card unchanged)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_holder(ssc_card *card,
					  const ssc_person *holder);

/**
 * Set the photo reference (an opaque key of the photo store): 1 to 512
 * bytes of UTF-8 without control characters.
 *
 * @param card the card
 * @param ref the reference, or NULL to clear
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EPARSE
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_photo_ref(ssc_card *card,
					     const char *ref);

/**
 * The photo reference.
 * @param card the card
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_photo_ref(const ssc_card *card);

/**
 * Set the card / SS-application state.
 * @param card the card
 * @param state an ::ssc_card_state
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_state(ssc_card *card, int state);

/**
 * The card / SS-application state (::ssc_card_state).
 * @param card the card
 * @since 1.0
 */
SSC_EXPORT int ssc_card_get_state(const ssc_card *card);

/**
 * Set the PIN state.
 * @param card the card
 * @param state an ::ssc_pin_state
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_pin_state(ssc_card *card, int state);

/**
 * The PIN state (::ssc_pin_state).
 * @param card the card
 * @since 1.0
 */
SSC_EXPORT int ssc_card_pin_state(const ssc_card *card);

/**
 * Set the electronic card's state.
 * @param card the card
 * @param state #SSC_ECARD_STATE_NONE or an ::ssc_card_state value
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_ecard_state(ssc_card *card, int state);

/**
 * The electronic card's state (see ::ssc_ecard_state).
 * @param card the card
 * @since 1.0
 */
SSC_EXPORT int ssc_card_ecard_state(const ssc_card *card);

/**
 * Whether the electronic card mirrors the card (no e-card, or the same
 * state).
 * @param card the card
 * @since 1.0
 */
SSC_EXPORT bool ssc_card_ecard_in_sync(const ssc_card *card);

/**
 * Set the financial application: its state, the partner bank's code and
 * the account number.
 *
 * @param card the card
 * @param state an ::ssc_fin_state
 * @param bank_code 1 to 12 characters `[0-9A-Z]`, or NULL
 * @param account 8 to 32 digits, or NULL
 * @return #SSC_OK or #SSC_EINVAL (card unchanged; the message never
 *         contains the account number)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_fin(ssc_card *card, int state,
				       const char *bank_code,
				       const char *account);

/**
 * The financial application's state (::ssc_fin_state).
 * @param card the card
 * @since 1.0
 */
SSC_EXPORT int ssc_card_fin_state(const ssc_card *card);

/**
 * The partner bank's code.
 * @param card the card
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_fin_bank(const ssc_card *card);

/**
 * The full account number — for the chip and the bank only; display it
 * with ssc_card_fin_account_masked().
 * @param card the card
 * @return borrowed, or NULL when not set
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_fin_account(const ssc_card *card);

/**
 * The account number masked for display: the first 4 and last 4 digits
 * stay (`6217****0123`).
 *
 * @param card the card
 * @param[out] out receives the masked text, empty when not set (caller
 *             disposes)
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_fin_account_masked(ssc_buf *out,
						  const ssc_card *card);

/**
 * Set the link to the card this one replaced.
 *
 * @param card the card
 * @param uuid the old card's internal id, or NULL to clear
 * @return #SSC_OK or #SSC_EINVAL (not a UUID, or this card's own id)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_replaces(ssc_card *card,
					    const char *uuid);

/**
 * The internal id of the card this one replaced.
 * @param card the card
 * @return borrowed, or NULL
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_replaces(const ssc_card *card);

/**
 * Set the link to the card that replaced this one.
 *
 * @param card the card
 * @param uuid the new card's internal id, or NULL to clear
 * @return #SSC_OK or #SSC_EINVAL (not a UUID, or this card's own id)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_set_replaced_by(ssc_card *card,
					       const char *uuid);

/**
 * The internal id of the card that replaced this one.
 * @param card the card
 * @return borrowed, or NULL
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_replaced_by(const ssc_card *card);

/**
 * A one-line description for display and logs, with the ID number, the
 * name, the phone and the account masked.
 *
 * @param[out] out receives UTF-8 text (caller disposes)
 * @param card the card
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_describe(ssc_buf *out, const ssc_card *card);

/**
 * Encode a card as its canonical record (format version 1; see
 * doc/model.md): the only serialisation stores see.  Equal cards give
 * equal bytes.
 *
 * @param[out] out receives the record (caller disposes)
 * @param card the card
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_encode(ssc_buf *out, const ssc_card *card);

/**
 * Decode a card record.  Every field is validated as its setter does
 * (without the "not in the future" checks that depend on the clock).
 * Unknown fields in the optional range (tags 0x80–0xFF) are kept and
 * written back by ssc_card_encode(); unknown fields in the required
 * range are refused.
 *
 * @param[out] out the card, owned by the caller; untouched on failure
 * @param ctx the context for the new card
 * @param data the record
 * @param len its length
 * @return #SSC_OK
 * @retval SSC_ECORRUPT malformed record or invalid field value
 * @retval SSC_ESCHEMA a newer format version or a required field this
 *         library does not know
 * @retval SSC_EINVAL a NULL argument; SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_decode(ssc_card **out, ssc_ctx *ctx,
				      const uint8_t *data, size_t len);

/**
 * Check a card number: 9 characters `[0-9A-Z]`.
 *
 * @param number NUL-terminated text
 * @return #SSC_OK or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_number_check(const char *number);

/**
 * Parse a card number as read from the chip (EF05 tag 07): 9 ASCII bytes,
 * trailing 0x00 / 0x20 / 0xFF padding allowed after them.
 *
 * @param[out] out 10 bytes: the number and a NUL; unchanged on failure
 * @param raw the field
 * @param len its length
 * @return #SSC_OK or #SSC_EPARSE
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_number_parse(char out[10], const uint8_t *raw,
					    size_t len);

/**
 * Check a card identifier (卡识别码): 16 bytes, bytes 1–3 six BCD digits
 * (the issuing region; not required to be in the GB/T 2260 table), bytes
 * 4–8 `D1 56 00 00 05`, bytes 9–16 card-specific.
 *
 * @param id the bytes
 * @param len their number; must be 16
 * @return #SSC_OK or #SSC_EPARSE
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_identifier_check(const uint8_t *id,
						size_t len);

/**
 * Parse a card identifier from 32 hex characters (either case) and check
 * it as ssc_card_identifier_check() does.
 *
 * @param[out] out 16 bytes; unchanged on failure
 * @param hex NUL-terminated text
 * @return #SSC_OK or #SSC_EPARSE
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_identifier_parse(uint8_t out[16],
						const char *hex);

/**
 * Format a card identifier as 32 upper-case hex characters.
 *
 * @param[out] out 33 bytes
 * @param id 16 bytes
 * @return #SSC_OK, or #SSC_EINVAL for a NULL argument
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_identifier_format(char out[33],
						 const uint8_t id[16]);

/**
 * The issuing region encoded in a card identifier's first 3 bytes.
 *
 * @param[out] out 7 bytes: 6 digits and a NUL
 * @param id 16 bytes
 * @return #SSC_OK or #SSC_EPARSE
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_identifier_region(char out[7],
						 const uint8_t id[16]);

/**
 * The generation a spec version (规范版本) denotes: "1.00" → 1, "2.00" → 2,
 * "3.00" → 3.
 *
 * @param version the 4-character version text
 * @return 1, 2 or 3; 0 when the text is not `d.dd` with d in 1..3
 * @since 1.0
 */
SSC_EXPORT int ssc_card_generation_of(const char *version);

/**
 * English identifier of a card state, e.g. "reported_lost".
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_card_state_name(int state);

/**
 * English identifier of a financial state, e.g. "awaiting_activation".
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_fin_state_name(int state);

/**
 * English identifier of a PIN state: "unset", "normal", "locked".
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_pin_state_name(int state);

/**
 * English identifier of an e-card state: "none", or the card state's
 * name.
 * @return static storage, never NULL ("unknown" for unknown values)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_ecard_state_name(int state);

/**
 * Whether a card state is final (replaced, cancelled, expired).
 * @since 1.0
 */
SSC_EXPORT bool ssc_card_state_is_final(int state);

SSC_END_DECL

#endif /* SOCIALCARD_CARD_H */
