/* SPDX-License-Identifier: Apache-2.0 */
/*
 * BER-TLV parser and builder under the EMV Book 3 Annex B rules, and data
 * object lists (PDOL / CDOL): parsing and filling from terminal data.
 * Lives in lib/apdu because only the chip layer uses it (doc/apdu.md).
 */
#include <string.h>

#include "internal.h"
#include "socialcard/tlv.h"

ssc_status
ssc_tlv_init(ssc_tlv *tlv, unsigned int version)
{
	ssc_status rc;

	if (!tlv)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_tlv_init: tlv is NULL");
	if ((rc = ssc__check_version(version, SSC_TLV_VERSION, "ssc_tlv")) < 0)
		return rc;
	memset(tlv, 0, sizeof(*tlv));
	tlv->version = version;
	return SSC_OK;
}

/* Parse a tag at p[0..n); returns the number of tag bytes, 0 if bad. */
static size_t
parse_tag(uint32_t *tag, const uint8_t *p, size_t n)
{
	size_t i = 1;
	uint32_t t;

	if (n == 0)
		return 0;
	t = p[0];
	if ((p[0] & 0x1F) == 0x1F) {
		for (;;) {
			if (i >= n || i >= 4)
				return 0;
			t = t << 8 | p[i];
			if (!(p[i++] & 0x80))
				break;
		}
	}
	*tag = t;
	return i;
}

/* Parse a length at p[0..n); returns the number of length bytes, 0 if
 * bad. */
static size_t
parse_len(size_t *len, const uint8_t *p, size_t n)
{
	size_t k, i;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*len = p[0];
		return 1;
	}
	k = p[0] & 0x7F;
	if (k == 0 || k > 3 || k >= n)
		return 0;
	*len = 0;
	for (i = 1; i <= k; i++)
		*len = *len << 8 | p[i];
	return k + 1;
}

/* The core: one object at data[*off..len), skipping padding. */
static ssc_status
next(ssc_tlv *out, const uint8_t *data, size_t len, size_t *off)
{
	size_t o = *off, tl, ll, vlen;
	uint32_t tag;

	while (o < len && data[o] == 0x00)
		o++;
	if (o >= len) {
		*off = o;
		return SSC_ENOTFOUND;
	}
	tl = parse_tag(&tag, data + o, len - o);
	if (tl == 0)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				       "tlv: malformed tag at offset %zu", o);
	ll = parse_len(&vlen, data + o + tl, len - o - tl);
	if (ll == 0)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				       "tlv: malformed length at offset %zu",
				       o + tl);
	if (vlen > len - o - tl - ll)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				       "tlv: value of tag %X (%zu bytes) runs "
				       "past the input at offset %zu",
				       (unsigned)tag, vlen, o);
	out->tag = tag;
	out->constructed = (data[o] & 0x20) != 0;
	out->value = vlen ? data + o + tl + ll : NULL;
	out->len = vlen;
	out->offset = o;
	out->size = tl + ll + vlen;
	*off = o + tl + ll + vlen;
	return SSC_OK;
}

ssc_status
ssc_tlv_next(ssc_tlv *out, const uint8_t *data, size_t len, size_t *offset)
{
	ssc_status rc;
	ssc_tlv t;
	size_t o;

	if (!out || !offset || (!data && len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_tlv_next: NULL argument");
	if ((rc = ssc__check_version(out->version, SSC_TLV_VERSION,
				     "ssc_tlv")) < 0)
		return rc;
	o = *offset;
	if (o > len)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_tlv_next: offset past the input");
	t.version = out->version;
	rc = next(&t, data, len, &o);
	if (rc == SSC_ENOTFOUND) {
		*offset = o;
		return ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_APDU,
				       "tlv: no more data objects");
	}
	if (rc < 0)
		return rc;
	*out = t;
	*offset = o;
	return SSC_OK;
}

/* Walk the objects of data[0..len), which starts at offset base of the
 * caller's input.  Returns SSC_OK (walked all), 1 (found) or an error. */
static ssc_status
walk(const uint8_t *data, size_t len, size_t base, int depth, uint32_t want,
     ssc_tlv *found)
{
	size_t o = 0;
	ssc_status rc;
	ssc_tlv t;

	if (depth > SSC_TLV_MAX_DEPTH)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				       "tlv: nested deeper than %d levels",
				       SSC_TLV_MAX_DEPTH);
	t.version = SSC_TLV_VERSION;
	while ((rc = next(&t, data, len, &o)) == SSC_OK) {
		if (found && t.tag == want) {
			t.offset += base;
			*found = t;
			return 1;
		}
		if (t.constructed && t.len) {
			rc = walk(t.value, t.len,
				  base + t.offset + (t.size - t.len),
				  depth + 1, want, found);
			if (rc != SSC_OK)
				return rc;
		}
	}
	return rc == SSC_ENOTFOUND ? SSC_OK : rc;
}

ssc_status
ssc_tlv_validate(const uint8_t *data, size_t len)
{
	if (!data && len)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_tlv_validate: data is NULL");
	return walk(data, len, 0, 1, 0, NULL);
}

ssc_status
ssc_tlv_find(ssc_tlv *out, const uint8_t *data, size_t len, uint32_t tag)
{
	ssc_status rc;
	ssc_tlv t;

	if (!out || (!data && len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_tlv_find: NULL argument");
	if ((rc = ssc__check_version(out->version, SSC_TLV_VERSION,
				     "ssc_tlv")) < 0)
		return rc;
	t.version = out->version;
	rc = walk(data, len, 0, 1, tag, &t);
	if (rc == 1) {
		*out = t;
		return SSC_OK;
	}
	if (rc < 0)
		return rc;
	return ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_APDU,
			       "tlv: tag %X not found", (unsigned)tag);
}

static size_t
tag_bytes(uint8_t out[4], uint32_t tag)
{
	size_t n = tag > 0xFFFFFF ? 4 : tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1;
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(tag >> (8 * (n - 1 - i)));
	return n;
}

/* A tag integer is well-formed when its bytes parse back to it. */
static bool
tag_ok(uint32_t tag)
{
	uint8_t b[4];
	uint32_t back;
	size_t n;

	if (tag == 0)
		return false;
	n = tag_bytes(b, tag);
	return parse_tag(&back, b, n) == n && back == tag;
}

ssc_status
ssc_tlv_append(ssc_buf *buf, uint32_t tag, const uint8_t *value, size_t len)
{
	uint8_t hdr[8];
	size_t n, old;
	ssc_status rc;

	if (!buf || (!value && len) || len > 0xFFFFFF)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_tlv_append: bad argument");
	if (!tag_ok(tag))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_tlv_append: malformed tag %X",
				       (unsigned)tag);
	n = tag_bytes(hdr, tag);
	if (len < 0x80) {
		hdr[n++] = (uint8_t)len;
	} else if (len <= 0xFF) {
		hdr[n++] = 0x81;
		hdr[n++] = (uint8_t)len;
	} else if (len <= 0xFFFF) {
		hdr[n++] = 0x82;
		hdr[n++] = (uint8_t)(len >> 8);
		hdr[n++] = (uint8_t)len;
	} else {
		hdr[n++] = 0x83;
		hdr[n++] = (uint8_t)(len >> 16);
		hdr[n++] = (uint8_t)(len >> 8);
		hdr[n++] = (uint8_t)len;
	}
	old = buf->size;
	if ((rc = ssc__buf_put(buf, hdr, n)) < 0)
		return rc;
	if (len && (rc = ssc__buf_put(buf, value, len)) < 0) {
		buf->size = old;
		if (buf->ptr)
			buf->ptr[old] = '\0';
		return rc;
	}
	return SSC_OK;
}

ssc_status
ssc_dol_next(uint32_t *tag, size_t *len, const uint8_t *dol, size_t dol_len,
	     size_t *offset)
{
	size_t o, tl, ll;

	if (!tag || !len || !offset || (!dol && dol_len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_dol_next: NULL argument");
	o = *offset;
	if (o >= dol_len)
		return ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_APDU,
				       "dol: no more entries");
	tl = parse_tag(tag, dol + o, dol_len - o);
	if (tl == 0 || *tag == 0)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				       "dol: malformed tag at offset %zu", o);
	ll = parse_len(len, dol + o + tl, dol_len - o - tl);
	if (ll == 0)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				       "dol: malformed length at offset %zu",
				       o + tl);
	*offset = o + tl + ll;
	return SSC_OK;
}

/* Data objects of format n (numeric BCD): padded / truncated on the left
 * (EMV Book 3 §5.4). */
static bool
is_numeric_tag(uint32_t tag)
{
	switch (tag) {
	case 0x9F02: case 0x9F03: case 0x5F2A: case 0x9F1A: case 0x9A:
	case 0x9C: case 0x9F21: case 0x5F36: case 0x9F41: case 0x9F35:
	case 0x9F3C: case 0x9F3D: case 0x9F15:
		return true;
	default:
		return false;
	}
}

/* One DOL entry is capped at 252 bytes: EMV DOL results travel in one
 * short APDU. */
#define DOL_MAX_ENTRY 252

ssc_status
ssc_dol_fill(ssc_buf *out, const uint8_t *dol, size_t dol_len,
	     const uint8_t *terminal_tlv, size_t terminal_len)
{
	ssc_buf acc = SSC_BUF_INIT;
	ssc_status rc;
	size_t o = 0;

	if (!out || (!dol && dol_len) || (!terminal_tlv && terminal_len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_dol_fill: NULL argument");
	if ((rc = ssc_tlv_validate(terminal_tlv, terminal_len)) < 0)
		return rc;
	acc.alloc = out->alloc;
	acc.alloc_payload = out->alloc_payload;
	while (o < dol_len) {
		uint8_t val[DOL_MAX_ENTRY];
		uint32_t tag;
		size_t want, have = 0, to = 0;
		ssc_tlv t;

		if ((rc = ssc_dol_next(&tag, &want, dol, dol_len, &o)) < 0)
			goto fail;
		if (want > DOL_MAX_ENTRY) {
			rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
					     "dol: entry %X asks for %zu bytes",
					     (unsigned)tag, want);
			goto fail;
		}
		memset(val, 0, want);
		t.version = SSC_TLV_VERSION;
		/* terminal data are a flat list */
		while (next(&t, terminal_tlv, terminal_len, &to) == SSC_OK) {
			if (t.tag != tag)
				continue;
			have = t.len;
			if (!have || !want) {
				/* nothing to copy (t.value may be NULL) */
			} else if (is_numeric_tag(tag)) {
				if (have >= want)
					memcpy(val, t.value + (have - want),
					       want);
				else
					memcpy(val + (want - have), t.value,
					       have);
			} else {
				memcpy(val, t.value, have < want ? have : want);
			}
			break;
		}
		rc = ssc__buf_put(&acc, val, want);
		if (rc < 0)
			goto fail;
	}
	if (acc.size == 0) {
		/* zero-length entries may still have allocated acc */
		ssc_buf_dispose(&acc);
		ssc_buf_dispose(out);
		return SSC_OK;
	}
	ssc_buf_dispose(out);
	*out = acc;
	return SSC_OK;
fail:
	ssc_buf_dispose(&acc);
	return rc;
}
