/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/apdu.h
 * @brief ISO 7816-4 command APDUs (builder, checks, encoder), response
 *        APDUs (data + status word) and status-word helpers.
 *
 * A command is an opaque ::ssc_apdu built field by field; its case (1–4,
 * short or extended) follows from the data length and Le, and
 * ssc_apdu_check() names the first rule a command breaks.  Responses are
 * parsed into an opaque ::ssc_apdu_response.  Status words are never error
 * codes: ssc_sw_error_code() maps one through the library's single table.
 *
 * Thread rules: a command or response is used by one thread at a time; the
 * status-word functions are pure and thread-safe.
 */
#ifndef SOCIALCARD_APDU_H
#define SOCIALCARD_APDU_H

#include <stdbool.h>

#include "common.h"
#include "buffer.h"
#include "types.h"

SSC_BEGIN_DECL

/** A command APDU (opaque). */
typedef struct ssc_apdu ssc_apdu;
/** A response APDU: data and status word (opaque). */
typedef struct ssc_apdu_response ssc_apdu_response;

/** ISO 7816-3 command cases.  Values are ABI. */
typedef enum {
	SSC_APDU_CASE_NONE = 0, /**< not determinable (invalid command) */
	SSC_APDU_CASE_1 = 1,    /**< header only */
	SSC_APDU_CASE_2S = 2,   /**< Le, short */
	SSC_APDU_CASE_3S = 3,   /**< Lc + data, short */
	SSC_APDU_CASE_4S = 4,   /**< Lc + data + Le, short */
	SSC_APDU_CASE_2E = 5,   /**< Le, extended */
	SSC_APDU_CASE_3E = 6,   /**< Lc + data, extended */
	SSC_APDU_CASE_4E = 7    /**< Lc + data + Le, extended */
} ssc_apdu_case;

/** Largest data field of a short command. */
#define SSC_APDU_SHORT_MAX_LC 255
/** Largest Le of a short command (encoded as 00). */
#define SSC_APDU_SHORT_MAX_LE 256
/** Largest data field of an extended command. */
#define SSC_APDU_EXT_MAX_LC 65535
/** Largest Le of an extended command (encoded as 0000). */
#define SSC_APDU_EXT_MAX_LE 65536

/** Always encode in extended form, even when short would do. */
#define SSC_APDU_FLAG_EXTENDED (1u << 0)
/**
 * The data field is secret (PIN, key, cryptogram): the APDU trace shows its
 * length only.  VERIFY, CHANGE/RELOAD/UNBLOCK PIN and secure-messaging
 * commands are masked whether or not this flag is set.
 */
#define SSC_APDU_FLAG_SENSITIVE (1u << 1)
/** Response data are personal (ID number, name): the trace shows length
 * only.  READ RECORD, READ BINARY and GET DATA responses are always masked. */
#define SSC_APDU_FLAG_PERSONAL (1u << 2)

/**
 * Create a command with the given header, no data and no Le (case 1).
 *
 * @param[out] out the new command, owned by the caller: ssc_apdu_free()
 * @param ctx context whose allocator is used; may be NULL (libc); a
 *        reference is taken and dropped by ssc_apdu_free()
 * @param cla class byte
 * @param ins instruction byte
 * @param p1 parameter 1
 * @param p2 parameter 2
 * @return #SSC_OK
 * @retval SSC_EINVAL @p out is NULL
 * @retval SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_new(ssc_apdu **out, ssc_ctx *ctx, uint8_t cla,
				   uint8_t ins, uint8_t p1, uint8_t p2);

/**
 * Release a command; its data bytes are wiped first.  NULL is a no-op.
 * @param apdu the command, owned by the caller until this call
 * @since 1.0
 */
SSC_EXPORT void ssc_apdu_free(ssc_apdu *apdu);

/**
 * Replace the command's data field (Lc follows from @p len).
 *
 * @param apdu the command
 * @param data the bytes, copied; may be NULL when @p len is 0 (no data)
 * @param len 0 … #SSC_APDU_EXT_MAX_LC
 * @return #SSC_OK
 * @retval SSC_EINVAL @p len too large or @p data NULL with @p len > 0
 *         (command unchanged)
 * @retval SSC_ENOMEM out of memory (command unchanged)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_set_data(ssc_apdu *apdu, const uint8_t *data,
					size_t len);

/**
 * Set the number of response bytes expected (Le).
 *
 * @param apdu the command
 * @param le 0 = no Le field; 1 … 256 short (256 is encoded 00);
 *        257 … 65536 extended
 * @return #SSC_OK or #SSC_EINVAL (command unchanged)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_set_le(ssc_apdu *apdu, size_t le);

/**
 * Set the command's flags (SSC_APDU_FLAG_*), replacing the old ones.
 *
 * @param apdu the command
 * @param flags a combination of SSC_APDU_FLAG_* bits
 * @return #SSC_OK or #SSC_EINVAL for unknown bits
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_set_flags(ssc_apdu *apdu, uint32_t flags);

/**
 * The class byte.
 * @param apdu the command (borrowed); NULL gives 0
 * @return CLA
 * @since 1.0
 */
SSC_EXPORT uint8_t ssc_apdu_cla(const ssc_apdu *apdu);
/**
 * The instruction byte.
 * @param apdu the command (borrowed); NULL gives 0
 * @return INS
 * @since 1.0
 */
SSC_EXPORT uint8_t ssc_apdu_ins(const ssc_apdu *apdu);
/**
 * Parameter 1.
 * @param apdu the command (borrowed); NULL gives 0
 * @return P1
 * @since 1.0
 */
SSC_EXPORT uint8_t ssc_apdu_p1(const ssc_apdu *apdu);
/**
 * Parameter 2.
 * @param apdu the command (borrowed); NULL gives 0
 * @return P2
 * @since 1.0
 */
SSC_EXPORT uint8_t ssc_apdu_p2(const ssc_apdu *apdu);
/**
 * The expected response length.
 * @param apdu the command (borrowed); NULL gives 0
 * @return Le as set by ssc_apdu_set_le() (0 = no Le field)
 * @since 1.0
 */
SSC_EXPORT size_t ssc_apdu_le(const ssc_apdu *apdu);

/**
 * The command's data field.
 *
 * @param apdu the command
 * @param[out] len the data length; may be NULL
 * @return borrowed, valid until the data are replaced or the command freed;
 *         NULL when there are no data
 * @since 1.0
 */
SSC_EXPORT const uint8_t *ssc_apdu_data(const ssc_apdu *apdu, size_t *len);

/**
 * The command's case, from its data length, Le and flags.
 *
 * @param apdu the command (borrowed)
 * @return an ::ssc_apdu_case; #SSC_APDU_CASE_NONE when @p apdu is NULL
 * @since 1.0
 */
SSC_EXPORT ssc_apdu_case ssc_apdu_get_case(const ssc_apdu *apdu);

/**
 * Check a command against the ISO 7816-4 encoding rules.  On failure the
 * error message names the rule: "cla-invalid" (CLA FF),
 * "ins-invalid" (INS 6X or 9X), "lc-too-long", "le-too-long".
 *
 * @param apdu the command (borrowed)
 * @return #SSC_OK
 * @retval SSC_EAPDU the command breaks a rule
 * @retval SSC_EINVAL @p apdu is NULL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_check(const ssc_apdu *apdu);

/**
 * Encode a command into bytes (short form when it fits and
 * #SSC_APDU_FLAG_EXTENDED is not set, else extended).
 *
 * @param[out] out receives the bytes (old contents replaced); the caller
 *             releases it with ssc_buf_dispose()
 * @param apdu the command (checked with ssc_apdu_check() first)
 * @return #SSC_OK
 * @retval SSC_EAPDU the command breaks an encoding rule
 * @retval SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_encode(ssc_buf *out, const ssc_apdu *apdu);

/**
 * Encode a command into caller storage, without allocating (same checks and
 * bytes as ssc_apdu_encode()).
 *
 * @param[out] out receives the bytes; may be NULL when @p *out_len is 0
 *             (to ask for the size)
 * @param[in,out] out_len in: capacity of @p out; out: the encoded length,
 *                or on #SSC_EBUFS the length needed
 * @param apdu the command (borrowed)
 * @return #SSC_OK
 * @retval SSC_EBUFS @p out is too small (@p *out_len = size needed,
 *         @p out unchanged)
 * @retval SSC_EAPDU the command breaks an encoding rule
 * @retval SSC_EINVAL @p apdu or @p out_len is NULL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_encode_into(uint8_t *out, size_t *out_len,
					   const ssc_apdu *apdu);

/**
 * Encode a command from its fields in one call, without allocating: the
 * same as ssc_apdu_new(), ssc_apdu_set_data(), ssc_apdu_set_le(),
 * ssc_apdu_set_flags() and ssc_apdu_encode_into() in turn — the same case
 * detection, checks, error codes and bytes.
 *
 * @param[out] out receives the bytes; may be NULL when @p *out_len is 0
 * @param[in,out] out_len in: capacity of @p out; out: the encoded length,
 *                or on #SSC_EBUFS the length needed
 * @param cla class byte
 * @param ins instruction byte
 * @param p1 parameter 1
 * @param p2 parameter 2
 * @param data the data field, borrowed for the call; may be NULL when
 *        @p len is 0
 * @param len 0 … #SSC_APDU_EXT_MAX_LC
 * @param le 0 = no Le field; 1 … 256 short; 257 … 65536 extended
 * @param flags SSC_APDU_FLAG_* bits (#SSC_APDU_FLAG_EXTENDED forces the
 *        extended form; the others do not change the bytes)
 * @return #SSC_OK
 * @retval SSC_EBUFS @p out is too small (@p *out_len = size needed)
 * @retval SSC_EAPDU the command breaks an encoding rule ("cla-invalid",
 *         "ins-invalid")
 * @retval SSC_EINVAL NULL argument, @p len or @p le too large, unknown
 *         flags
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_encode_command(uint8_t *out, size_t *out_len,
					      uint8_t cla, uint8_t ins,
					      uint8_t p1, uint8_t p2,
					      const uint8_t *data, size_t len,
					      size_t le, uint32_t flags);

/**
 * Parse response bytes (data followed by SW1 SW2).
 *
 * @param[out] out the response, owned by the caller:
 *             ssc_apdu_response_free()
 * @param ctx context whose allocator is used; may be NULL
 * @param bytes the raw response; not kept
 * @param len at least 2
 * @return #SSC_OK
 * @retval SSC_EAPDU fewer than 2 bytes (empty or 1-byte responses)
 * @retval SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_response_parse(ssc_apdu_response **out,
					      ssc_ctx *ctx,
					      const uint8_t *bytes, size_t len);

/**
 * Release a response; its data are wiped first.  NULL is a no-op.
 * @param resp the response, owned by the caller until this call
 * @since 1.0
 */
SSC_EXPORT void ssc_apdu_response_free(ssc_apdu_response *resp);

/**
 * The status word of a response.
 * @param resp the response (borrowed); NULL gives 0
 * @return SW1SW2
 * @since 1.0
 */
SSC_EXPORT uint16_t ssc_apdu_response_sw(const ssc_apdu_response *resp);

/**
 * The response data (without the status word).
 *
 * @param resp the response
 * @param[out] len the data length; may be NULL
 * @return borrowed, valid until the response is freed; NULL when empty
 * @since 1.0
 */
SSC_EXPORT const uint8_t *ssc_apdu_response_data(const ssc_apdu_response *resp,
						 size_t *len);

/** A response split in place: a view into the caller's bytes, no copy.
 * Versioned: the caller sets #version (#SSC_APDU_VIEW_INIT); the library
 * fills the rest. */
typedef struct ssc_apdu_view {
	/** #SSC_APDU_VIEW_VERSION. */
	unsigned int version;
	/** The response data (without SW1 SW2), borrowed from the bytes
	 * given to ssc_apdu_response_view(); NULL when empty.  (v1) */
	const uint8_t *data;
	/** Length of #data.  (v1) */
	size_t data_len;
	/** SW1SW2.  (v1) */
	uint16_t sw;
} ssc_apdu_view;

/** Current version of ::ssc_apdu_view. */
#define SSC_APDU_VIEW_VERSION 1
/** Initialiser for ::ssc_apdu_view. */
#define SSC_APDU_VIEW_INIT SSC_VERSIONED_INIT(SSC_APDU_VIEW_VERSION)

/**
 * Initialise an ::ssc_apdu_view (for bindings and languages without
 * macros).
 *
 * @param[out] view the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK
 * @retval SSC_EVERSION @p version is 0 or newer than the library's
 * @retval SSC_EINVAL @p view is NULL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_view_init(ssc_apdu_view *view,
					 unsigned int version);

/**
 * Split response bytes (data followed by SW1 SW2) without allocating or
 * copying: the same rule as ssc_apdu_response_parse().
 *
 * @param[in,out] out receives the view (its version must be set);
 *                @p out->data points into @p bytes, so it is valid only
 *                while the caller keeps @p bytes alive and unchanged.
 *                Unchanged on error.
 * @param bytes the raw response; borrowed by @p out->data
 * @param len at least 2
 * @return #SSC_OK
 * @retval SSC_EAPDU fewer than 2 bytes (empty or 1-byte responses)
 * @retval SSC_EVERSION @p out->version is 0 or unknown
 * @retval SSC_EINVAL @p out is NULL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_apdu_response_view(ssc_apdu_view *out,
					     const uint8_t *bytes, size_t len);

/**
 * Whether a status word means success (9000).
 * @param sw SW1SW2
 * @return true for 9000 only
 * @since 1.0
 */
SSC_EXPORT bool ssc_sw_is_success(uint16_t sw);

/**
 * The ::ssc_error_code the library uses for a status word, from its single
 * status-word table: #SSC_OK for 9000, #SSC_EPIN for 63Cx, #SSC_EPINBLOCKED
 * for 6983/6984, #SSC_ENOTFOUND for 6A82/6A83/6A88, #SSC_ECARD for other
 * errors, and so on (doc/apdu.md has the table).
 * @param sw SW1SW2
 * @return an ::ssc_error_code, or #SSC_OK
 * @since 1.0
 */
SSC_EXPORT int ssc_sw_error_code(uint16_t sw);

/**
 * Static English text for a status word (e.g. "security status not
 * satisfied").
 *
 * @param sw SW1SW2
 * @return static storage, never NULL
 * @since 1.0
 */
SSC_EXPORT const char *ssc_sw_text(uint16_t sw);

/**
 * Tries left carried by a status word.
 *
 * @param sw SW1SW2
 * @return x for 63Cx, 0 for 6983/6984 (blocked), -1 for any other word
 * @since 1.0
 */
SSC_EXPORT int ssc_sw_tries_left(uint16_t sw);

SSC_END_DECL

#endif /* SOCIALCARD_APDU_H */
