/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/cardio.h
 * @brief Card access on a reader connection: APDU transmit under the
 *        exchange policy, the high-level "read the card" call (what the
 *        LD/T 33 `iReadCardBas` returns), the social-security PIN
 *        operations and personalisation of a blank card.
 *
 * Every call here talks to the card through the one exchange layer
 * (GET RESPONSE on 61xx, re-send on 6Cxx, command chaining), so backends
 * stay byte movers.  Calls that need the social-security application
 * select it first, and run inside a reader transaction of their own
 * (so that another application sharing the card cannot move it to another
 * file in between) unless the caller already holds one from
 * ssc_reader_begin_transaction().  PIN buffers the library makes are
 * wiped; PINs, key bytes, ID numbers and names never reach a log line or
 * an error message.
 *
 * Thread rules: as for the connection (one thread at a time).
 */
#ifndef SOCIALCARD_CARDIO_H
#define SOCIALCARD_CARDIO_H

#include "common.h"
#include "buffer.h"
#include "types.h"
#include "apdu.h"
#include "card.h"
#include "reader.h"

SSC_BEGIN_DECL

struct ssc_key_provider;

/**
 * Send one command APDU under the exchange policy: 61xx answers are
 * collected with GET RESPONSE, 6Cxx answers re-sent with the corrected
 * Le, data longer than 255 bytes sent with command chaining unless
 * @p extended is set.  The trace (SSC_LOG_TRACE) shows each round trip
 * once, with PIN / key data and personal response data masked.
 *
 * @param[out] out the final response (any status word: the caller decides
 *             what it means), owned by the caller: ssc_apdu_response_free()
 * @param conn the connection
 * @param cmd the command (borrowed)
 * @return #SSC_OK
 * @retval SSC_EINVAL a NULL argument or an inconsistent command
 * @retval SSC_EAPDU the card answered without a status word, or kept
 *         answering 6Cxx / 61xx
 * @retval SSC_ECARDREMOVED, SSC_ENOREADER, SSC_EPROTOCOL reader errors
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_transmit(ssc_apdu_response **out,
					  ssc_reader_conn *conn,
					  const ssc_apdu *cmd);

/**
 * The historical bytes of the connection's ATR (ISO 7816-3 §8.2: T0's
 * low nibble counts them; the interface bytes before them are skipped).
 *
 * @param[out] out filled with the bytes (possibly none); disposed by the
 *             caller
 * @param conn the connection
 * @return #SSC_OK
 * @retval SSC_EPARSE the ATR is malformed
 * @retval SSC_ENOTSUPPORTED the backend cannot report the ATR
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_reader_conn_atr_history(ssc_buf *out,
						  ssc_reader_conn *conn);

/** ssc_read_options::flags: also read the financial (UnionPay debit)
 *  application, set the account on the card and cross-check its holder
 *  ID against EF06. */
#define SSC_READ_FINANCIAL 0x1u
/** ssc_read_options::flags: SELECT MF 3F00 before the SS application
 *  (a workaround some kiosks need; its status word is ignored). */
#define SSC_READ_SELECT_MF 0x2u
/** ssc_read_options::flags: also read the birth place (EF06 tag 0C), one
 *  more APDU. */
#define SSC_READ_BIRTH_PLACE 0x4u
/** ssc_read_options::flags: ssc_card_read_bas() puts the whole ATR in the
 *  卡复位信息 field instead of its historical bytes. */
#define SSC_READ_BAS_FULL_ATR 0x8u

/** Options of the read calls.  Versioned: see ssc_read_options_init(). */
typedef struct ssc_read_options {
	/** #SSC_READ_OPTIONS_VERSION. */
	unsigned int version;
	/** SSC_READ_* bits.  (v1) */
	unsigned int flags;
	/** Generation-3 cards: the key provider that computes the EXTERNAL
	 *  AUTHENTICATE cryptogram (key 0A) before the protected items;
	 *  borrowed; NULL = no authentication (a generation-3 card then
	 *  gives #SSC_ESECURITY).  (v1) */
	struct ssc_key_provider *kp;
	/** The key id in #kp for that cryptogram.  (v1) */
	const char *auth_key_id;
} ssc_read_options;

/** Current version of ::ssc_read_options. */
#define SSC_READ_OPTIONS_VERSION 1
/** Initialiser for ::ssc_read_options. */
#define SSC_READ_OPTIONS_INIT SSC_VERSIONED_INIT(SSC_READ_OPTIONS_VERSION)

/**
 * Initialise read options to their defaults (social-security application
 * only, no SELECT MF, no authentication).
 *
 * @param[out] opts the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_read_options_init(ssc_read_options *opts,
					    unsigned int version);

/**
 * Read the card's basic information in one call, on the fewest APDUs
 * (every READ RECORD asks for the item's exact length): SELECT SSSE, EF05
 * tags 01 (卡识别码, region), 03 (规范版本, generation), 07 (卡号),
 * 05 / 06 (issue / expiry date), EF06 tags 08 (社会保障号码), 09 + 4E
 * (name, GBK with its extension, to UTF-8), 0A (sex), 0B (ethnicity),
 * 0D (birth date) — and, with the flags, 0C and the financial
 * application.  An item the card says is absent (expiry on a
 * generation-3 card, 4E on a generation-1 card) is left unset.
 *
 * With #SSC_READ_FINANCIAL the debit application's PAN becomes the
 * card's account (ssc_card_fin_account(); display it with
 * ssc_card_fin_account_masked()); its state stays #SSC_FIN_STATE_UNSET
 * because the chip does not say whether the bank activated the account.
 *
 * @param[out] out the card, owned by the caller: ssc_card_free(); NULL on
 *             failure
 * @param[out] atr_history if not NULL, filled with the ATR's historical
 *             bytes (disposed by the caller)
 * @param conn the connection
 * @param opts the options, or NULL for the defaults
 * @return #SSC_OK
 * @retval SSC_ESECURITY a generation-3 card wants authentication first
 * @retval SSC_EMISMATCH the financial application's holder ID differs
 *         from the social security number in EF06 (both masked in the
 *         message)
 * @retval SSC_EPARSE an item is malformed
 * @retval SSC_ENOTFOUND no SS application, or (with the flag) no debit
 *         application
 * @retval SSC_EVERSION, SSC_EINVAL bad options
 * @retval SSC_ECARDREMOVED, SSC_ENOREADER reader errors
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_read(ssc_card **out, ssc_buf *atr_history,
				    ssc_reader_conn *conn,
				    const ssc_read_options *opts);

/**
 * Read the card as ssc_card_read() does and format the LD/T 33
 * `iReadCardBas` answer (card-spec §2.7): `region|ID number|card
 * number|card identifier|name|ATR|spec version|issue date|expiry
 * date|terminal no.|device no.|` — UTF-8, dates `YYYYMMDD`, the
 * identifier and the ATR in upper-case hex, the terminal number 12 zeros
 * and the device number empty.  The text holds personal data: the caller
 * must not log it.
 *
 * @param[out] out receives the text (replaced; disposed by the caller)
 * @param conn the connection
 * @param opts the options (the financial flag is ignored), or NULL
 * @return as ssc_card_read()
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_read_bas(ssc_buf *out, ssc_reader_conn *conn,
					const ssc_read_options *opts);

/** Options of the PIN operations.  Versioned: see ssc_pin_options_init(). */
typedef struct ssc_pin_options {
	/** #SSC_PIN_OPTIONS_VERSION. */
	unsigned int version;
	/** Shortest PIN accepted, default 6 (regions configure; 4..16).
	 *  (v1) */
	size_t min_len;
	/** Longest PIN accepted, default 6.  (v1) */
	size_t max_len;
	/** Reload and unblock: the key provider for the MAC, the PIN
	 *  encipherment and the EXTERNAL AUTHENTICATE cryptogram; borrowed.
	 *  (v1) */
	struct ssc_key_provider *kp;
	/** The MAC (and, without #enc_key_id, encipherment) key id.  (v1) */
	const char *mac_key_id;
	/** The PIN encipherment key id, or NULL = #mac_key_id.  (v1) */
	const char *enc_key_id;
	/** Reload: the key id for EXTERNAL AUTHENTICATE with key 06 first,
	 *  or NULL to skip it.  (v1) */
	const char *auth_key_id;
} ssc_pin_options;

/** Current version of ::ssc_pin_options. */
#define SSC_PIN_OPTIONS_VERSION 1
/** Initialiser for ::ssc_pin_options (lengths 0 mean the defaults). */
#define SSC_PIN_OPTIONS_INIT SSC_VERSIONED_INIT(SSC_PIN_OPTIONS_VERSION)

/**
 * Initialise PIN options to their defaults (6 digits, no keys).
 *
 * @param[out] opts the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_pin_options_init(ssc_pin_options *opts,
					   unsigned int version);

/**
 * VERIFY the holder's social-security PIN (SELECT SSSE, then
 * `00 20 00 00` with the BCD PIN).
 *
 * @param[out] tries_left if not NULL: the tries the card reports left
 *             after a wrong PIN (63Cx), 0 when blocked, -1 when the card
 *             did not say
 * @param conn the connection
 * @param pin the digits (borrowed; the library's copies are wiped)
 * @param opts the options, or NULL for the defaults
 * @return #SSC_OK
 * @retval SSC_EPIN wrong PIN; the error record's sw is 63Cx (the tries
 *         left are then 1..15; -1 when a 63Cx came from the SELECT)
 * @retval SSC_EPINBLOCKED the PIN is blocked (no tries left, 6983/6984)
 * @retval SSC_EINVAL a PIN that is not min_len..max_len digits (nothing
 *         sent)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_pin_verify(int *tries_left,
					  ssc_reader_conn *conn,
					  const char *pin,
					  const ssc_pin_options *opts);

/**
 * CHANGE the holder's PIN (`80 5E 01 00`, old ‖ FF ‖ new).
 *
 * @param[out] tries_left as for ssc_card_pin_verify()
 * @param conn the connection
 * @param old_pin the current digits (borrowed)
 * @param new_pin the new digits (borrowed)
 * @param opts the options, or NULL
 * @return as ssc_card_pin_verify()
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_pin_change(int *tries_left,
					  ssc_reader_conn *conn,
					  const char *old_pin,
					  const char *new_pin,
					  const ssc_pin_options *opts);

/**
 * RELOAD (重置) the PIN at a service window: optional EXTERNAL
 * AUTHENTICATE with key 06, then `84 24 00 01` with the enciphered new
 * PIN and a MAC computed by the key provider (card-spec §3; the 16 + 4
 * byte layout is the observed one and is uncertain).  Resets the tries
 * counter.
 *
 * @param conn the connection
 * @param new_pin the new digits (borrowed)
 * @param opts the options with kp and mac_key_id set
 * @return #SSC_OK
 * @retval SSC_EINVAL no key provider / key id, or a bad PIN
 * @retval SSC_EMAC, SSC_ESECURITY the card refused the MAC or the
 *         authentication
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_pin_reload(ssc_reader_conn *conn,
					  const char *new_pin,
					  const ssc_pin_options *opts);

/**
 * UNBLOCK (解锁) the PIN: `84 24 00 00` carrying only a MAC (the PIN is
 * unchanged, the tries counter reset; the data format is uncertain in
 * card-spec §3).
 *
 * @param conn the connection
 * @param opts the options with kp and mac_key_id set
 * @return #SSC_OK, #SSC_EINVAL, #SSC_EMAC or a card error
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_pin_unblock(ssc_reader_conn *conn,
					   const ssc_pin_options *opts);

/**
 * Personalise a blank card (instant issuance at a window): write the
 * social-security application's records from @p card with UPDATE RECORD
 * under secure messaging (`04 DC tag SFI·8`, each record `tag len value`
 * followed by a MAC over the header and the record, IV = a fresh GET
 * CHALLENGE), in this order: EF05 01 卡识别码, 03 规范版本, 05 发卡日期,
 * 06 卡有效期 (when set), 07 卡号; EF06 08 社会保障号码, 09 姓名 (GBK,
 * 00-padded), 4E 姓名扩展 (generation 2 and 3; FF-padded), 0A 性别,
 * 0B 民族, 0C 出生地 (when set), 0D 出生日期.
 *
 * Everything is checked before the first command: a card lacking an item
 * or with a name that does not fit is refused with nothing written.
 * Uncertain spec facts (card-spec §2.3, §3): the MAC'd form of UPDATE
 * RECORD and its key (LD/T 32 readers use EXTERNAL AUTHENTICATE with key
 * 04 and the plain form); the 00 / FF padding of 09 / 4E; whether key
 * items (01 03 07 08) are writable after personalisation (the software
 * card refuses to rewrite them).
 *
 * @param conn the connection to the blank card
 * @param card the card record to write (borrowed): identifier, spec
 *        version, number, issue date and a holder with ID number, name,
 *        ethnicity are required
 * @param kp the key provider holding the MAC key (borrowed)
 * @param mac_key_id the MAC key's id in @p kp
 * @return #SSC_OK
 * @retval SSC_EINVAL a missing item, a name too long for the card's
 *         generation, or a NULL argument (nothing written)
 * @retval SSC_EMAC, SSC_ESECURITY, SSC_EAPDU the card refused a record
 *         (the message names the item; earlier records stay written)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_card_personalize(ssc_reader_conn *conn,
					   const ssc_card *card,
					   struct ssc_key_provider *kp,
					   const char *mac_key_id);

SSC_END_DECL

#endif /* SOCIALCARD_CARDIO_H */
