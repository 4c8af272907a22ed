/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target apdu_build: the command builder and encoder.
 * Input: CLA INS P1 P2, one flags byte, two bytes of Le (big-endian; the
 * flags byte's bit 7 adds 0x10000), then the data field.  Every command
 * the builder accepts must encode to exactly the ISO 7816-4 layout of its
 * case, checked here by an independent decoder.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "socialcard/apdu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_layout(const ssc_apdu *a, const uint8_t *e, size_t n)
{
	size_t dl = 0, le = ssc_apdu_le(a), i = 4;
	const uint8_t *d = ssc_apdu_data(a, &dl);
	ssc_apdu_case c = ssc_apdu_get_case(a);
	bool ext = c >= SSC_APDU_CASE_2E;

	if (n < 4 || e[0] != ssc_apdu_cla(a) || e[1] != ssc_apdu_ins(a) ||
	    e[2] != ssc_apdu_p1(a) || e[3] != ssc_apdu_p2(a))
		abort();
	if (dl) {
		size_t lc;
		if (ext) {
			if (n < i + 3 || e[i] != 0)
				abort();
			lc = (size_t)e[i + 1] << 8 | e[i + 2];
			i += 3;
		} else {
			if (n < i + 1)
				abort();
			lc = e[i++];
		}
		if (lc != dl || n < i + dl || memcmp(e + i, d, dl) != 0)
			abort();
		i += dl;
	}
	if (le) {
		size_t got;
		if (ext) {
			if (!dl) {
				if (n < i + 1 || e[i] != 0)
					abort();
				i++;
			}
			if (n < i + 2)
				abort();
			got = (size_t)e[i] << 8 | e[i + 1];
			if (got == 0)
				got = 65536;
			i += 2;
		} else {
			if (n < i + 1)
				abort();
			got = e[i] ? e[i] : 256;
			i++;
		}
		if (got != le)
			abort();
	}
	if (i != n)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_apdu *a = NULL;
	ssc_buf b = SSC_BUF_INIT;
	size_t le;

	if (size < 7)
		return 0;
	le = (size_t)data[5] << 8 | data[6];
	if (data[4] & 0x80)
		le += 0x10000;
	if (ssc_apdu_new(&a, NULL, data[0], data[1], data[2], data[3]) < 0)
		return 0;
	(void)ssc_apdu_set_flags(a, data[4] & 0x7F);
	(void)ssc_apdu_set_le(a, le);
	(void)ssc_apdu_set_data(a, data + 7, size - 7);
	if (ssc_apdu_encode(&b, a) == SSC_OK) {
		if (ssc_apdu_check(a) != SSC_OK)
			abort();
		check_layout(a, (const uint8_t *)b.ptr, b.size);
	}
	ssc_buf_dispose(&b);
	ssc_apdu_free(a);
	ssc_error_clear();
	return 0;
}
