/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target dol: data object lists (PDOL/CDOL).  The first byte splits
 * the rest into a DOL and terminal data.  Walking the DOL with
 * ssc_dol_next() must advance and stay inside it; when ssc_dol_fill()
 * succeeds its output is exactly the sum of the entry lengths.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *dol, *term;
	size_t dol_len, term_len, off = 0, total = 0;
	bool whole = true;
	ssc_buf out = SSC_BUF_INIT;

	if (size < 1)
		return 0;
	dol_len = data[0] < size - 1 ? data[0] : size - 1;
	dol = data + 1;
	term = dol + dol_len;
	term_len = size - 1 - dol_len;
	while (off < dol_len) {
		uint32_t tag = 0;
		size_t len = 0, before = off;
		ssc_status rc = ssc_dol_next(&tag, &len, dol, dol_len, &off);
		if (rc == SSC_ENOTFOUND)
			break;
		if (rc != SSC_OK) {
			whole = false;
			break;
		}
		if (off <= before || off > dol_len)
			abort();
		total += len;
	}
	if (ssc_dol_fill(&out, dol, dol_len, term_len ? term : NULL,
			 term_len) == SSC_OK) {
		if (!whole || out.size != total)
			abort();
	}
	ssc_buf_dispose(&out);
	return 0;
}
