/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target apdu_build: the command builder and encoder.
 * Input: CLA INS P1 P2, one flags byte, two bytes of Le (big-endian; the
 * flags byte's bit 7 adds 0x10000), then the data field.  Every command
 * the builder accepts must encode to exactly the ISO 7816-4 layout of its
 * case, checked here by an independent decoder.  The allocation-free
 * paths (ssc_apdu_encode_into, ssc_apdu_encode_command) must give the same
 * bytes and the same error codes as the builder + ssc_apdu_encode.
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
	static uint8_t out[SSC_APDU_EXT_MAX_LC + 16];
	ssc_apdu *a = NULL;
	ssc_buf b = SSC_BUF_INIT;
	size_t le, n, need;
	ssc_status rc_b, rc_e, rc_i, rc_c;
	uint32_t flags;

	if (size < 7)
		return 0;
	le = (size_t)data[5] << 8 | data[6];
	if (data[4] & 0x80)
		le += 0x10000;
	flags = data[4] & 0x7F;
	if (ssc_apdu_new(&a, NULL, data[0], data[1], data[2], data[3]) < 0)
		return 0;
	/* The builder's verdict on the fields, in the order encode_command
	 * checks them (flags, data, Le). */
	rc_b = ssc_apdu_set_flags(a, flags);
	if ((rc_e = ssc_apdu_set_data(a, data + 7, size - 7)) < 0 && rc_b == 0)
		rc_b = rc_e;
	if ((rc_e = ssc_apdu_set_le(a, le)) < 0 && rc_b == 0)
		rc_b = rc_e;
	rc_e = ssc_apdu_encode(&b, a);
	if (rc_e == SSC_OK) {
		if (ssc_apdu_check(a) != SSC_OK)
			abort();
		check_layout(a, (const uint8_t *)b.ptr, b.size);
	}

	/* encode_into on the same command: same result, same bytes; one
	 * byte short is SSC_EBUFS with the needed size. */
	n = sizeof(out);
	rc_i = ssc_apdu_encode_into(out, &n, a);
	if (rc_i != rc_e)
		abort();
	if (rc_i == SSC_OK) {
		if (n != b.size || memcmp(out, b.ptr, n) != 0)
			abort();
		need = n;
		n = need - 1;
		if (ssc_apdu_encode_into(out, &n, a) != SSC_EBUFS || n != need)
			abort();
	}

	/* encode_command from the raw fields: when the builder accepted all
	 * fields it must match encode; otherwise it refuses with the
	 * builder's code. */
	n = sizeof(out);
	rc_c = ssc_apdu_encode_command(out, &n, data[0], data[1], data[2],
				       data[3], data + 7, size - 7, le, flags);
	if (rc_b < 0) {
		if (rc_c != rc_b)
			abort();
	} else if (rc_c != rc_e) {
		abort();
	} else if (rc_c == SSC_OK &&
		   (n != b.size || memcmp(out, b.ptr, n) != 0)) {
		abort();
	}
	ssc_buf_dispose(&b);
	ssc_apdu_free(a);
	ssc_error_clear();
	return 0;
}
