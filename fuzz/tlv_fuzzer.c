/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target tlv: the BER-TLV parser (validate, iterate, find) and the
 * builder.  Every top-level object the parser accepts is rebuilt with
 * ssc_tlv_append and must parse back to the same tag and value.
 * Input: raw bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "socialcard/tlv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_tlv t = SSC_TLV_INIT;
	size_t off = 0;

	(void)ssc_tlv_validate(data, size);
	(void)ssc_tlv_find(&t, data, size, 0x5A);
	(void)ssc_tlv_find(&t, data, size, 0xBF0C);
	while (ssc_tlv_next(&t, data, size, &off) == SSC_OK) {
		ssc_buf b = SSC_BUF_INIT;
		ssc_tlv back = SSC_TLV_INIT;
		size_t o2 = 0;

		if (t.offset + t.size > size)
			abort();
		if (ssc_tlv_append(&b, t.tag, t.value, t.len) == SSC_OK) {
			if (ssc_tlv_next(&back, (const uint8_t *)b.ptr, b.size,
					 &o2) != SSC_OK ||
			    back.tag != t.tag || back.len != t.len ||
			    (t.len && memcmp(back.value, t.value, t.len) != 0))
				abort();
		}
		ssc_buf_dispose(&b);
	}
	ssc_error_clear();
	return 0;
}
