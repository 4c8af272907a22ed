/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/text.h
 * @brief GBK / GB 18030 ⇄ UTF-8 at the card boundary, and the split of a
 *        name into 姓名 (EF06 tag 09, 30 bytes) and 姓名扩展 (tag 4E, 20
 *        bytes).
 *
 * The library's text is UTF-8; the card's is GBK.  GB 18030 is a superset
 * of GBK that encodes every GBK character with the same bytes and adds
 * 4-byte sequences for the rest of Unicode (rare characters such as 𠮷).
 * Card bytes are therefore always read as GB 18030, and written as
 * GB 18030, which is GBK whenever the text fits in GBK.  #SSC_CHARSET_GBK
 * asks for strict GBK (characters outside GBK are refused).
 *
 * Conversion is strict: an invalid or truncated byte sequence is
 * #SSC_EPARSE with class `SSC_ERROR_CLASS_ENCODING`; nothing is replaced or
 * skipped.
 *
 * Thread rules: reentrant and thread-safe (each call opens its own iconv
 * descriptor).
 */
#ifndef SOCIALCARD_TEXT_H
#define SOCIALCARD_TEXT_H

#include "common.h"
#include "buffer.h"

SSC_BEGIN_DECL

/** Character sets of the card boundary.  Values are ABI. */
typedef enum {
	SSC_CHARSET_UNSET = 0,
	SSC_CHARSET_GB18030 = 1, /**< GB 18030 (superset of GBK; the default) */
	SSC_CHARSET_GBK = 2      /**< GBK as glibc defines it (CP936: 0x80 is €) */
} ssc_charset;

/** ssc_text_decode() flag: strip trailing 0x00, 0x20 and 0xFF padding. */
#define SSC_TEXT_STRIP_PADDING (1u << 0)

/** Size of the 姓名 field (EF06 tag 09) in bytes. */
#define SSC_NAME_FIELD_LEN 30
/** Size of the 姓名扩展 field (EF06 tag 4E) in bytes. */
#define SSC_NAME_EXT_FIELD_LEN 20

/**
 * Convert card text to UTF-8.
 *
 * @param[out] out receives NUL-terminated UTF-8 (caller disposes)
 * @param charset an ::ssc_charset
 * @param in the bytes; may be NULL when @p len is 0
 * @param len number of bytes
 * @param flags 0 or #SSC_TEXT_STRIP_PADDING
 * @return #SSC_OK
 * @retval SSC_EPARSE invalid or truncated sequence, or a NUL inside the
 *         text (buffer unchanged)
 * @retval SSC_EINVAL a NULL argument, unknown charset or flag
 * @retval SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_text_decode(ssc_buf *out, int charset,
				      const uint8_t *in, size_t len,
				      uint32_t flags);

/**
 * Convert UTF-8 to card text (no padding added).
 *
 * @param[out] out receives the bytes (caller disposes)
 * @param charset an ::ssc_charset
 * @param utf8 the text; need not be NUL-terminated
 * @param len its length in bytes
 * @return #SSC_OK
 * @retval SSC_EPARSE invalid UTF-8, a NUL byte, or a character the
 *         charset cannot represent (buffer unchanged)
 * @retval SSC_EINVAL a NULL argument or unknown charset
 * @retval SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_text_encode(ssc_buf *out, int charset,
				      const char *utf8, size_t len);

/**
 * Split a UTF-8 name into the bytes of 姓名 (at most 30) and 姓名扩展 (at
 * most 20), GB 18030-encoded and without padding.  The split falls on a
 * character boundary: 姓名 takes as many whole characters as fit, the
 * rest goes to the extension, which stays empty for names of up to 30
 * bytes.
 *
 * @param[out] name receives the 姓名 bytes (caller disposes)
 * @param[out] ext receives the 姓名扩展 bytes, possibly empty (caller
 *             disposes)
 * @param utf8 the name, NUL-terminated
 * @return #SSC_OK
 * @retval SSC_EINVAL empty, or longer than 50 bytes in GB 18030 (nothing
 *         written)
 * @retval SSC_EPARSE invalid UTF-8
 * @retval SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_name_split(ssc_buf *name, ssc_buf *ext,
				     const char *utf8);

/**
 * Join 姓名 and 姓名扩展 as read from the card (padding included) into one
 * UTF-8 name.
 *
 * @param[out] out receives the UTF-8 name (caller disposes)
 * @param name the 姓名 field
 * @param name_len its length (at most 30)
 * @param ext the 姓名扩展 field, or NULL when the card has none
 * @param ext_len its length (at most 20)
 * @return #SSC_OK
 * @retval SSC_EPARSE invalid bytes, or an over-long field
 * @retval SSC_EINVAL a NULL argument
 * @retval SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_name_join(ssc_buf *out, const uint8_t *name,
				    size_t name_len, const uint8_t *ext,
				    size_t ext_len);

SSC_END_DECL

#endif /* SOCIALCARD_TEXT_H */
