/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Masking of personal data (ID numbers, names, account and phone numbers)
 * for display, logs and error messages, and secret wiping.
 */
#include <string.h>

#include "../internal.h"

void
ssc__wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

/* Length in bytes of the UTF-8 sequence starting with b, 0 if invalid. */
static size_t
utf8_seq_len(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0;
}

/* Validates a UTF-8 string: returns the number of characters, or -1. */
static long
utf8_count(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;
	while (*p) {
		size_t len = utf8_seq_len(*p);
		if (!len)
			return -1;
		for (size_t i = 1; i < len; i++)
			if ((p[i] & 0xC0) != 0x80)
				return -1;
		if (len == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) ||
				 (p[0] == 0xED && p[1] >= 0xA0)))
			return -1;
		if (len == 4 && ((p[0] == 0xF0 && p[1] < 0x90) ||
				 (p[0] == 0xF4 && p[1] >= 0x90)))
			return -1;
		p += len;
		n++;
	}
	return n;
}

void
ssc__mask_number(char out[SSC__MASK_MAX], const char *text, size_t keep_head,
		 size_t keep_tail)
{
	size_t len, i, o = 0;

	if (!text) {
		strcpy(out, "(null)");
		return;
	}
	len = strlen(text);
	if (len <= keep_head + keep_tail + 2)
		keep_head = keep_tail = 0;
	for (i = 0; i < len && o + 1 < SSC__MASK_MAX; i++) {
		bool keep = i < keep_head || i >= len - keep_tail;
		unsigned char c = (unsigned char)text[i];
		/* Kept characters are printed only when plain ASCII. */
		out[o++] = keep && c >= 0x20 && c < 0x7F ? (char)c : '*';
	}
	out[o] = '\0';
}

void
ssc__mask_id(char out[SSC__MASK_MAX], const char *id)
{
	if (id && strlen(id) < 11) {
		ssc__mask_number(out, id, 0, 0);
		return;
	}
	ssc__mask_number(out, id, 6, 4);
}

void
ssc__mask_name(char out[SSC__MASK_MAX], const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t o = 0, first;
	long chars;

	if (!name) {
		strcpy(out, "(null)");
		return;
	}
	chars = utf8_count(name);
	if (chars < 0) {
		strcpy(out, "(invalid UTF-8)");
		return;
	}
	if (chars <= 1) {
		strcpy(out, chars ? "*" : "");
		return;
	}
	first = utf8_seq_len(p[0]);
	memcpy(out, name, first);
	o = first;
	for (long i = 1; i < chars && o + 1 < SSC__MASK_MAX; i++)
		out[o++] = '*';
	out[o] = '\0';
}

static ssc_status
to_buf(ssc_buf *out, const char *masked)
{
	return ssc_buf_set(out, masked, strlen(masked));
}

ssc_status
ssc_mask_id_number(ssc_buf *out, const char *id)
{
	char m[SSC__MASK_MAX];
	if (!out || !id)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_mask_id_number: NULL argument");
	ssc__mask_id(m, id);
	return to_buf(out, m);
}

ssc_status
ssc_mask_name(ssc_buf *out, const char *name)
{
	char m[SSC__MASK_MAX];
	if (!out || !name)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_mask_name: NULL argument");
	if (utf8_count(name) < 0)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_ENCODING,
				       "name is not valid UTF-8");
	ssc__mask_name(m, name);
	return to_buf(out, m);
}

ssc_status
ssc_mask_number(ssc_buf *out, const char *text, size_t keep_head,
		size_t keep_tail)
{
	char m[SSC__MASK_MAX];
	if (!out || !text)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_mask_number: NULL argument");
	ssc__mask_number(m, text, keep_head, keep_tail);
	return to_buf(out, m);
}
