/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target dol: data object list parsing and filling.
 * Input: byte 0 = n, the DOL length; the next n bytes are the DOL (e.g. a
 * PDOL); the rest is terminal data (BER-TLV).  A successful fill must be
 * exactly as long as the sum of the DOL's lengths.
 */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"
#include "socialcard/tlv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *dol, *term;
	size_t n, tlen, off = 0, want = 0, l;
	uint32_t tag;
	bool dol_ok = true;
	ssc_buf out = SSC_BUF_INIT;

	if (size < 1)
		return 0;
	n = data[0];
	if (n > size - 1)
		n = size - 1;
	dol = data + 1;
	term = data + 1 + n;
	tlen = size - 1 - n;
	while (off < n) {
		if (ssc_dol_next(&tag, &l, dol, n, &off) != SSC_OK) {
			dol_ok = false;
			break;
		}
		want += l;
	}
	if (ssc_dol_fill(&out, dol, n, term, tlen) == SSC_OK) {
		if (!dol_ok || out.size != want)
			abort();
	}
	ssc_buf_dispose(&out);
	ssc_error_clear();
	return 0;
}
