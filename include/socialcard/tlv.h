/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/tlv.h
 * @brief BER-TLV under the EMV Book 3 Annex B rules, and data object
 *        lists (PDOL, CDOL).
 *
 * Tags are held as unsigned integers made of their bytes, big-endian
 * (`9F38` is 0x9F38); up to 4 tag bytes.  Lengths are one byte, or 81 xx,
 * 82 xx xx, 83 xx xx xx.  00 bytes where a tag is expected are padding and
 * are skipped.  The parser never reads past the input it is given and
 * descends at most #SSC_TLV_MAX_DEPTH levels of constructed objects.
 *
 * Parsed objects are views into the caller's bytes: nothing is allocated
 * and nothing is copied.
 *
 * Thread rules: pure functions over caller memory; thread-safe.
 */
#ifndef SOCIALCARD_TLV_H
#define SOCIALCARD_TLV_H

#include <stdbool.h>

#include "common.h"
#include "buffer.h"

SSC_BEGIN_DECL

/** Deepest nesting of constructed objects the parser descends into. */
#define SSC_TLV_MAX_DEPTH 8

/** One parsed data object (a view into the parsed bytes).  Versioned:
 * the caller sets #version (#SSC_TLV_INIT); the library fills the rest. */
typedef struct ssc_tlv {
	/** #SSC_TLV_VERSION. */
	unsigned int version;
	/** The tag, its bytes big-endian.  (v1) */
	uint32_t tag;
	/** The object is constructed (b6 of the first tag byte).  (v1) */
	bool constructed;
	/** The value bytes, borrowed from the input; NULL when empty.  (v1) */
	const uint8_t *value;
	/** Length of #value.  (v1) */
	size_t len;
	/** Offset of the object's first tag byte in the input.  (v1) */
	size_t offset;
	/** Bytes of tag + length + value.  (v1) */
	size_t size;
} ssc_tlv;

/** Current version of ::ssc_tlv. */
#define SSC_TLV_VERSION 1
/** Initialiser for ::ssc_tlv. */
#define SSC_TLV_INIT SSC_VERSIONED_INIT(SSC_TLV_VERSION)

/**
 * Initialise an ::ssc_tlv (for bindings and languages without macros).
 *
 * @param[out] tlv the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_tlv_init(ssc_tlv *tlv, unsigned int version);

/**
 * Parse the data object at @p *offset, skipping 00 padding, and advance
 * @p *offset past it.
 *
 * @param[in,out] out receives the object (its version must be set)
 * @param data the bytes; borrowed, referenced by @p out->value
 * @param len number of bytes
 * @param[in,out] offset where to start; on success, just after the object
 * @return #SSC_OK
 * @retval SSC_ENOTFOUND only padding (or nothing) is left
 * @retval SSC_EPARSE malformed tag or length, or the value runs past @p len
 *         (@p offset unchanged)
 * @retval SSC_EINVAL / SSC_EVERSION bad arguments
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_tlv_next(ssc_tlv *out, const uint8_t *data,
				   size_t len, size_t *offset);

/**
 * Check that @p data is a well-formed sequence of data objects, descending
 * into constructed ones (at most #SSC_TLV_MAX_DEPTH levels).
 *
 * @param data the bytes (borrowed); may be NULL when @p len is 0
 * @param len number of bytes
 * @return #SSC_OK, #SSC_EPARSE (message says where) or #SSC_EINVAL
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_tlv_validate(const uint8_t *data, size_t len);

/**
 * Find the first object with tag @p tag, depth first, descending into
 * constructed objects (at most #SSC_TLV_MAX_DEPTH levels).
 *
 * @param[in,out] out receives the object (its version must be set)
 * @param data the bytes; borrowed
 * @param len number of bytes
 * @param tag the tag to look for
 * @return #SSC_OK
 * @retval SSC_ENOTFOUND no such object
 * @retval SSC_EPARSE the bytes are malformed before a match was found
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_tlv_find(ssc_tlv *out, const uint8_t *data,
				   size_t len, uint32_t tag);

/**
 * Append one data object (tag, minimal length, value) to a buffer.
 *
 * @param[in,out] buf the buffer to append to
 * @param tag the tag (1–4 bytes, big-endian in the integer; not 0)
 * @param value the value bytes; may be NULL when @p len is 0
 * @param len 0 … 0xFFFFFF
 * @return #SSC_OK, #SSC_EINVAL (buffer unchanged) or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_tlv_append(ssc_buf *buf, uint32_t tag,
				     const uint8_t *value, size_t len);

/**
 * Read the entry at @p *offset of a data object list (tag + length pairs,
 * no values) and advance @p *offset.
 *
 * @param[out] tag the entry's tag
 * @param[out] len the entry's length
 * @param dol the list
 * @param dol_len its length
 * @param[in,out] offset where to start; on success, just after the entry
 * @return #SSC_OK, #SSC_ENOTFOUND at the end, #SSC_EPARSE when malformed
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_dol_next(uint32_t *tag, size_t *len,
				   const uint8_t *dol, size_t dol_len,
				   size_t *offset);

/**
 * Fill a data object list from terminal data (EMV Book 3 §5.4): each entry
 * takes the value of the same tag in @p terminal_tlv, adjusted to the
 * requested length (numeric "n" data objects are padded or truncated on the
 * left, others on the right); entries without terminal data are zeros.
 *
 * @param[out] out receives the concatenated values (old contents replaced)
 * @param dol the list (e.g. the PDOL from an application's FCI)
 * @param dol_len its length
 * @param terminal_tlv terminal data as a sequence of data objects, e.g.
 *        `9F1A 02 0156 5F2A 02 0156`; may be NULL when @p terminal_len is 0
 * @param terminal_len its length
 * @return #SSC_OK, #SSC_EPARSE (malformed list or terminal data),
 *         #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_dol_fill(ssc_buf *out, const uint8_t *dol,
				   size_t dol_len, const uint8_t *terminal_tlv,
				   size_t terminal_len);

SSC_END_DECL

#endif /* SOCIALCARD_TLV_H */
