/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GBK / GB 18030 <-> UTF-8 through glibc's iconv, strict (no //IGNORE, no
 * //TRANSLIT), and the 姓名 / 姓名扩展 split and join.  Public wrappers
 * of socialcard/text.h and the internal API of lib/util/gbk.h.
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "util/gbk.h"
#include "util/codec_int.h"

static const char *
charset_name(int charset)
{
	switch (charset) {
	case SSC_CHARSET_GB18030:
		return "GB18030";
	case SSC_CHARSET_GBK:
		return "GBK";
	default:
		return NULL;
	}
}

/* Runs iconv over the whole input into a fresh buffer bound to ctx.  On
 * success *out is replaced; on failure it is untouched. */
static ssc_status
convert(const ssc_ctx *ctx, ssc_buf *out, const char *to, const char *from,
	const char *in, size_t len)
{
	ssc_buf tmp = SSC_BUF_INIT;
	iconv_t cd;
	ssc_status rc = SSC_OK;
	char *inp = (char *)in;
	size_t inleft = len;

	if (out->ptr || out->alloc) {
		tmp.alloc = out->alloc;
		tmp.alloc_payload = out->alloc_payload;
	} else {
		ssc__buf_bind(&tmp, ctx);
	}
	cd = iconv_open(to, from);
	if (cd == (iconv_t)-1)
		return ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_ENCODING,
					      SSC_NATIVE_ERRNO,
					      (uint32_t)errno,
					      "iconv_open(%s, %s) failed", to,
					      from);
	if ((rc = ssc__buf_grow(&tmp, len * 2 + 8)) < 0)
		goto out;
	while (inleft > 0) {
		char *outp = tmp.ptr + tmp.size;
		size_t outleft = tmp.asize - 1 - tmp.size;
		size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
		tmp.size = (size_t)(outp - tmp.ptr);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			if ((rc = ssc__buf_grow(&tmp, tmp.asize * 2)) < 0)
				goto out;
			continue;
		}
		rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				     errno == EINVAL
					     ? "%s text truncated at byte %zu"
					     : "%s: invalid or unconvertible "
					       "sequence at byte %zu",
				     from, (size_t)(inp - in));
		goto out;
	}
	/* Flush any shift state (none for these charsets, but be exact). */
	{
		char *outp = tmp.ptr + tmp.size;
		size_t outleft = tmp.asize - 1 - tmp.size;
		if (iconv(cd, NULL, NULL, &outp, &outleft) == (size_t)-1) {
			rc = ssc__error_setf(SSC_EPARSE,
					     SSC_ERROR_CLASS_ENCODING,
					     "%s: incomplete text", from);
			goto out;
		}
		tmp.size = (size_t)(outp - tmp.ptr);
	}
	tmp.ptr[tmp.size] = '\0';
out:
	iconv_close(cd);
	if (rc < 0) {
		ssc_buf_dispose(&tmp);
		return rc;
	}
	ssc_buf_dispose(out);
	*out = tmp;
	return SSC_OK;
}

ssc_status
ssc__text_decode(const ssc_ctx *ctx, ssc_buf *out, int charset,
		 const uint8_t *in, size_t len, bool strip_padding)
{
	const char *cs = charset_name(charset);

	if (!out || (!in && len) || !cs)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "text decode: NULL argument or unknown "
				       "charset %d", charset);
	if (strip_padding)
		while (len > 0 && (in[len - 1] == 0x00 || in[len - 1] == 0x20 ||
				   in[len - 1] == 0xFF))
			len--;
	if (len && memchr(in, 0, len))
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "%s text contains a NUL byte", cs);
	return convert(ctx, out, "UTF-8", cs, (const char *)in, len);
}

ssc_status
ssc__text_encode(const ssc_ctx *ctx, ssc_buf *out, int charset,
		 const char *utf8, size_t len)
{
	const char *cs = charset_name(charset);

	if (!out || (!utf8 && len) || !cs)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "text encode: NULL argument or unknown "
				       "charset %d", charset);
	if (ssc__utf8_check(utf8, len, true) < 0)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "text is not valid UTF-8 (or has NUL)");
	return convert(ctx, out, cs, "UTF-8", utf8, len);
}

ssc_status
ssc__gbk_to_utf8(const ssc_ctx *ctx, ssc_buf *out, const uint8_t *in,
		 size_t len, bool strip_padding)
{
	return ssc__text_decode(ctx, out, SSC_CHARSET_GB18030, in, len,
				strip_padding);
}

ssc_status
ssc__utf8_to_gbk(const ssc_ctx *ctx, ssc_buf *out, const char *utf8,
		 size_t len)
{
	return ssc__text_encode(ctx, out, SSC_CHARSET_GB18030, utf8, len);
}

size_t
ssc__gb18030_char_len(const uint8_t *p, size_t left)
{
	if (left == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] == 0x80 || p[0] == 0xFF || left < 2)
		return 0;
	if (p[1] >= 0x30 && p[1] <= 0x39) {
		if (left < 4 || p[2] < 0x81 || p[2] > 0xFE || p[3] < 0x30 ||
		    p[3] > 0x39)
			return 0;
		return 4;
	}
	if (p[1] < 0x40 || p[1] == 0x7F || p[1] == 0xFF)
		return 0;
	return 2;
}

ssc_status
ssc__name_split(const ssc_ctx *ctx, ssc_buf *name, ssc_buf *ext,
		const char *utf8)
{
	ssc_buf gb = SSC_BUF_INIT, n = SSC_BUF_INIT, e = SSC_BUF_INIT;
	size_t cut = 0;
	ssc_status rc;

	if (!name || !ext || !utf8)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "name split: NULL argument");
	if (!*utf8)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "name is empty");
	ssc__buf_bind(&gb, ctx);
	if ((rc = ssc__utf8_to_gbk(ctx, &gb, utf8, strlen(utf8))) < 0)
		return rc;
	if (gb.size > SSC_NAME_FIELD_LEN + SSC_NAME_EXT_FIELD_LEN) {
		rc = ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				     "name is %zu bytes in GB 18030, at most "
				     "%d fit on the card", gb.size,
				     SSC_NAME_FIELD_LEN +
					     SSC_NAME_EXT_FIELD_LEN);
		goto out;
	}
	/* Whole characters into 姓名, the rest into 姓名扩展. */
	while (cut < gb.size) {
		size_t k = ssc__gb18030_char_len((uint8_t *)gb.ptr + cut,
						 gb.size - cut);
		if (k == 0) {
			rc = ssc__error_setf(SSC_ERROR,
					     SSC_ERROR_CLASS_ENCODING,
					     "unexpected GB 18030 output");
			goto out;
		}
		if (cut + k > SSC_NAME_FIELD_LEN)
			break;
		cut += k;
	}
	/* A space ending 姓名 would be read back as padding: move it on. */
	while (cut > 0 && cut < gb.size && gb.ptr[cut - 1] == ' ')
		cut--;
	if (gb.size - cut > SSC_NAME_EXT_FIELD_LEN) {
		rc = ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				     "name does not fit 姓名 and 姓名扩展");
		goto out;
	}
	ssc__buf_bind(&n, ctx);
	ssc__buf_bind(&e, ctx);
	if ((rc = ssc__buf_put(&n, gb.ptr, cut)) < 0 ||
	    (rc = ssc__buf_put(&e, gb.ptr + cut, gb.size - cut)) < 0)
		goto out;
	ssc_buf_dispose(name);
	ssc_buf_dispose(ext);
	*name = n;
	*ext = e;
	n = (ssc_buf)SSC_BUF_INIT;
	e = (ssc_buf)SSC_BUF_INIT;
out:
	ssc_buf_dispose(&gb);
	ssc_buf_dispose(&n);
	ssc_buf_dispose(&e);
	return rc;
}

ssc_status
ssc__name_join(const ssc_ctx *ctx, ssc_buf *out, const uint8_t *name,
	       size_t name_len, const uint8_t *ext, size_t ext_len)
{
	ssc_buf gb = SSC_BUF_INIT;
	ssc_status rc;

	if (!out || (!name && name_len) || (!ext && ext_len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "name join: NULL argument");
	if (name_len > SSC_NAME_FIELD_LEN || ext_len > SSC_NAME_EXT_FIELD_LEN)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "name fields of %zu + %zu bytes exceed "
				       "30 + 20", name_len, ext_len);
	while (name_len > 0 && (name[name_len - 1] == 0x00 ||
				name[name_len - 1] == 0x20 ||
				name[name_len - 1] == 0xFF))
		name_len--;
	while (ext_len > 0 && (ext[ext_len - 1] == 0x00 ||
			       ext[ext_len - 1] == 0x20 ||
			       ext[ext_len - 1] == 0xFF))
		ext_len--;
	ssc__buf_bind(&gb, ctx);
	if ((rc = ssc__buf_put(&gb, name ? name : (const uint8_t *)"",
			       name_len)) < 0 ||
	    (rc = ssc__buf_put(&gb, ext ? ext : (const uint8_t *)"",
			       ext_len)) < 0)
		goto out;
	rc = ssc__gbk_to_utf8(ctx, out, (uint8_t *)gb.ptr, gb.size, false);
out:
	ssc_buf_dispose(&gb);
	return rc;
}

/* ---- public wrappers (socialcard/text.h) ----------------------------- */

ssc_status
ssc_text_decode(ssc_buf *out, int charset, const uint8_t *in, size_t len,
		uint32_t flags)
{
	if (flags & ~SSC_TEXT_STRIP_PADDING)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown flags 0x%x", (unsigned)flags);
	return ssc__text_decode(NULL, out, charset, in, len,
				(flags & SSC_TEXT_STRIP_PADDING) != 0);
}

ssc_status
ssc_text_encode(ssc_buf *out, int charset, const char *utf8, size_t len)
{
	return ssc__text_encode(NULL, out, charset, utf8, len);
}

ssc_status
ssc_name_split(ssc_buf *name, ssc_buf *ext, const char *utf8)
{
	return ssc__name_split(NULL, name, ext, utf8);
}

ssc_status
ssc_name_join(ssc_buf *out, const uint8_t *name, size_t name_len,
	      const uint8_t *ext, size_t ext_len)
{
	return ssc__name_join(NULL, out, name, name_len, ext, ext_len);
}
