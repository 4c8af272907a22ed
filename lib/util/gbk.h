/* SPDX-License-Identifier: Apache-2.0 */
/* GBK / GB 18030 <-> UTF-8 at the card boundary (lib/util/gbk.c), for the
 * chip and card areas.  Bytes are read as GB 18030 (a superset of GBK with
 * identical bytes for every GBK character) and written as GB 18030, which
 * equals GBK whenever the text fits in GBK. */
#ifndef SSC_UTIL_GBK_H
#define SSC_UTIL_GBK_H

#include <stdbool.h>

#include "../internal.h"

/* Card bytes -> NUL-terminated UTF-8 in out (bound to ctx's allocator when
 * empty).  strip_padding removes trailing 0x00, 0x20 and 0xFF first.
 * Invalid or truncated sequences and NUL bytes inside the text:
 * SSC_EPARSE, class SSC_ERROR_CLASS_ENCODING, out unchanged. */
ssc_status ssc__gbk_to_utf8(const ssc_ctx *ctx, ssc_buf *out,
			    const uint8_t *in, size_t len, bool strip_padding);

/* UTF-8 (len bytes) -> GB 18030 bytes in out (no padding).  Invalid UTF-8,
 * NUL bytes: SSC_EPARSE (ENCODING), out unchanged. */
ssc_status ssc__utf8_to_gbk(const ssc_ctx *ctx, ssc_buf *out,
			    const char *utf8, size_t len);

/* Same with an explicit ssc_charset (GBK = strict: characters outside GBK
 * are SSC_EPARSE). */
ssc_status ssc__text_decode(const ssc_ctx *ctx, ssc_buf *out, int charset,
			    const uint8_t *in, size_t len, bool strip_padding);
ssc_status ssc__text_encode(const ssc_ctx *ctx, ssc_buf *out, int charset,
			    const char *utf8, size_t len);

/* Length of the GB 18030 character starting at p (1, 2 or 4), given the
 * bytes left; 0 when malformed. */
size_t ssc__gb18030_char_len(const uint8_t *p, size_t left);

/* Name split/join on card fields (see socialcard/text.h). */
ssc_status ssc__name_split(const ssc_ctx *ctx, ssc_buf *name, ssc_buf *ext,
			   const char *utf8);
ssc_status ssc__name_join(const ssc_ctx *ctx, ssc_buf *out,
			  const uint8_t *name, size_t name_len,
			  const uint8_t *ext, size_t ext_len);

#endif /* SSC_UTIL_GBK_H */
