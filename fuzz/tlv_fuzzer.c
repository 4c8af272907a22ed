/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target tlv: BER-TLV (ISO 7816-4, EMV/PBOC).  Walks the input with
 * ssc_tlv_next() into constructed objects (bounded depth), checking that
 * every value lies inside the input; an input ssc_tlv_validate() accepts
 * must walk completely at the top level; ssc_tlv_find() must return a value
 * inside the input; an object re-appended with ssc_tlv_append() must
 * parse back to the same tag and value.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *base;
static size_t base_len;

static void
inside(const uint8_t *p, size_t n)
{
	if (n && (p < base || p + n > base + base_len))
		abort();
}

/* Walk a level; returns true when the whole level parsed. */
static bool
walk(const uint8_t *p, size_t n, int depth)
{
	size_t off = 0;

	while (off < n) {
		ssc_tlv t = SSC_TLV_INIT;
		size_t before = off;
		ssc_status rc = ssc_tlv_next(&t, p, n, &off);
		if (rc == SSC_ENOTFOUND)
			return true; /* only padding left */
		if (rc != SSC_OK)
			return false;
		if (off <= before || off > n)
			abort();
		inside(t.value, t.len);
		if (t.constructed && depth < 8)
			(void)walk(t.value, t.len, depth + 1);
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t tags[] = { 0x6F, 0x84, 0xA5, 0x50, 0x9F38,
					 0x88, 0x9F0C, 0x5A, 0x70, 0xBF0C };
	bool whole;
	size_t i;

	base = data;
	base_len = size;
	whole = walk(data, size, 0);
	/* a valid input parses completely at the top level */
	if (ssc_tlv_validate(data, size) == SSC_OK && !whole)
		abort();
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		ssc_tlv t = SSC_TLV_INIT;
		if (ssc_tlv_find(&t, data, size, tags[i]) == SSC_OK) {
			ssc_buf b = SSC_BUF_INIT;
			ssc_tlv u = SSC_TLV_INIT;
			size_t off = 0;
			inside(t.value, t.len);
			if (t.tag != tags[i])
				abort();
			if (ssc_tlv_append(&b, t.tag, t.value, t.len) == SSC_OK &&
			    (ssc_tlv_next(&u, (const uint8_t *)b.ptr, b.size,
					  &off) != SSC_OK ||
			     u.tag != t.tag || u.len != t.len ||
			     (t.len && memcmp(u.value, t.value, t.len))))
				abort();
			ssc_buf_dispose(&b);
		}
	}
	return 0;
}
