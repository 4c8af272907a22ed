/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target rapdu: response APDUs and status words, and command APDUs
 * built from the same bytes.  A parsed response must give back its data
 * and SW exactly; every SW has a text and an error mapping.  The command
 * side takes the first four bytes as the header, the next byte as Le
 * (0 = none) and the rest as data: an accepted command must encode and
 * pass ssc_apdu_check().  ssc_apdu_response_view and
 * ssc_apdu_encode_command must agree with ssc_apdu_response_parse and the
 * builder + ssc_apdu_encode (same data, SW, bytes and error codes).
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ssc_ctx *ctx;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_apdu_response *r = NULL;
	ssc_apdu *a = NULL;
	ssc_buf enc = SSC_BUF_INIT;

	ssc_apdu_view v = SSC_APDU_VIEW_INIT;
	ssc_status rc_p, rc_v;

	if (!ctx && ssc_ctx_new(&ctx, NULL) != SSC_OK)
		abort();
	rc_v = ssc_apdu_response_view(&v, data, size);
	if ((rc_p = ssc_apdu_response_parse(&r, ctx, data, size)) == SSC_OK) {
		size_t n = 0;
		const uint8_t *d = ssc_apdu_response_data(r, &n);
		uint16_t sw = ssc_apdu_response_sw(r);
		if (size < 2 || n != size - 2 || (n && memcmp(d, data, n)) ||
		    sw != (uint16_t)(data[size - 2] << 8 | data[size - 1]))
			abort();
		if (rc_v != SSC_OK || v.sw != sw || v.data_len != n ||
		    (n ? v.data != data : v.data != NULL))
			abort();
		if (!ssc_sw_text(sw))
			abort();
		if (ssc_sw_is_success(sw) != (ssc_sw_error_code(sw) == SSC_OK))
			abort();
		(void)ssc_sw_tries_left(sw);
		ssc_apdu_response_free(r);
	} else if (r || rc_v != rc_p) {
		abort();
	}
	if (size >= 5 &&
	    ssc_apdu_new(&a, ctx, data[0], data[1], data[2], data[3]) ==
		    SSC_OK) {
		uint8_t out[4 + 3 + 2];
		size_t olen = sizeof(out);
		bool ok = ssc_apdu_set_data(a, data + 5, size - 5) == SSC_OK;
		ssc_status rc_e = SSC_EINVAL, rc_c;
		if (data[4])
			ok = ok && ssc_apdu_set_le(a, data[4]) == SSC_OK;
		if (ok && ssc_apdu_check(a) == SSC_OK &&
		    ssc_apdu_encode(&enc, a) != SSC_OK)
			abort();
		if (ok)
			rc_e = ssc_apdu_encode(&enc, a);
		/* A small buffer: most inputs take the SSC_EBUFS path, which
		 * must report exactly the size ssc_apdu_encode produced. */
		rc_c = ssc_apdu_encode_command(out, &olen, data[0], data[1],
					       data[2], data[3], data + 5,
					       size - 5, data[4], 0);
		if (ok && rc_e == SSC_OK) {
			if (rc_c == SSC_OK ?
				    olen != enc.size ||
					    memcmp(out, enc.ptr, olen) :
				    rc_c != SSC_EBUFS || olen != enc.size)
				abort();
		} else if (rc_c >= 0) {
			abort();
		}
		ssc_apdu_free(a);
		ssc_buf_dispose(&enc);
	}
	return 0;
}
