/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/codec.h
 * @brief Byte codecs of the card's data items: hex, calendar dates, BCD
 *        dates and BCD region codes.
 *
 * Dates are plain integers `YYYYMMDD` (e.g. 20240229) everywhere in the
 * API; 0 means "no date".  A date is valid when it is a real day of the
 * proleptic Gregorian calendar in the years 1 to 9999.
 *
 * Malformed input is refused with #SSC_EPARSE (error class
 * `SSC_ERROR_CLASS_ENCODING`) and outputs are left unchanged.
 *
 * Thread rules: every function here is reentrant and thread-safe.
 */
#ifndef SOCIALCARD_CODEC_H
#define SOCIALCARD_CODEC_H

#include <stdbool.h>

#include "common.h"
#include "buffer.h"

SSC_BEGIN_DECL

/**
 * Encode bytes as upper-case hexadecimal text.
 *
 * @param[out] out receives the text (caller disposes with ssc_buf_dispose())
 * @param data the bytes; may be NULL when @p len is 0
 * @param len number of bytes
 * @return #SSC_OK
 * @retval SSC_EINVAL @p out is NULL, or @p data is NULL with @p len > 0
 * @retval SSC_ENOMEM out of memory (buffer unchanged)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_hex_encode(ssc_buf *out, const uint8_t *data,
				     size_t len);

/**
 * Decode hexadecimal text (upper or lower case, no separators, even
 * length) into bytes.
 *
 * @param[out] out receives the bytes (caller disposes)
 * @param hex the text; need not be NUL-terminated
 * @param len number of characters in @p hex
 * @return #SSC_OK
 * @retval SSC_EPARSE odd length or a non-hex character (buffer unchanged)
 * @retval SSC_EINVAL a NULL argument
 * @retval SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_hex_decode(ssc_buf *out, const char *hex,
				     size_t len);

/**
 * Whether `YYYYMMDD` is a real calendar date (years 1..9999, leap years
 * per the Gregorian rules: 20240229 is valid, 20230229 is not).
 *
 * @param ymd the date
 * @return true for a valid date; false otherwise, including 0
 * @since 1.0
 */
SSC_EXPORT bool ssc_date_is_valid(uint32_t ymd);

/**
 * The calendar date in China (UTC+8, no daylight saving) of an instant.
 *
 * @param ms milliseconds since 1970-01-01T00:00:00Z, as from ssc_ctx_now()
 * @return the date `YYYYMMDD`, or 0 when out of the range 0001..9999
 * @since 1.0
 */
SSC_EXPORT uint32_t ssc_date_from_ms(int64_t ms);

/**
 * Decode a 4-byte BCD date `YYYYMMDD` as stored on the card (EF05 tags 05
 * and 06, EF06 tag 0D).
 *
 * An all-0xFF or all-0x00 field means "no date" and decodes to 0 (third-
 * generation cards have no expiry date).
 *
 * @param[out] out the date, or 0; unchanged on failure
 * @param bcd the field
 * @param len its length; must be 4
 * @return #SSC_OK
 * @retval SSC_EPARSE wrong length, a nibble above 9, or not a real date
 * @retval SSC_EINVAL a NULL argument
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_bcd_date_decode(uint32_t *out, const uint8_t *bcd,
					  size_t len);

/**
 * Encode a date as 4 BCD bytes; 0 ("no date") encodes as `FF FF FF FF`.
 *
 * @param[out] out four bytes; unchanged on failure
 * @param ymd a valid date, or 0
 * @return #SSC_OK, or #SSC_EINVAL for an invalid date
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_bcd_date_encode(uint8_t out[4], uint32_t ymd);

/**
 * Decode a BCD administrative-division code (GB/T 2260) as stored on the
 * card (EF06 tag 0C, the first 3 bytes of the 卡识别码): digits up to the
 * first `F` nibble, every later nibble `F`.  A code of 2 or 4 digits
 * (province or prefecture padded with `F`) is returned zero-filled to 6
 * digits ("45FFFF" → "450000").  The code is not looked up in the table.
 *
 * @param[out] out 7 bytes: 6 digits and a NUL; unchanged on failure
 * @param bcd the field
 * @param len its length, 1 to 8 bytes
 * @return #SSC_OK
 * @retval SSC_EPARSE bad nibble, digits after padding, or a digit count
 *         other than 2, 4 or 6
 * @retval SSC_EINVAL a NULL argument
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_bcd_region_decode(char out[7], const uint8_t *bcd,
					    size_t len);

/**
 * Encode a 6-digit region code as 3 BCD bytes.
 *
 * @param[out] out three bytes; unchanged on failure
 * @param code six ASCII digits, NUL-terminated
 * @return #SSC_OK, or #SSC_EINVAL when @p code is not six digits
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_bcd_region_encode(uint8_t out[3], const char *code);

SSC_END_DECL

#endif /* SOCIALCARD_CODEC_H */
