/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target gbk: card text -> UTF-8 -> card text must round-trip, and
 * the 姓名 / 姓名扩展 split of any decodable name must join back.
 * Input: the first byte selects the charset and padding flag, the rest is
 * card bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "util/gbk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_buf u = SSC_BUF_INIT, g = SSC_BUF_INIT, u2 = SSC_BUF_INIT;
	ssc_buf n = SSC_BUF_INIT, e = SSC_BUF_INIT, j = SSC_BUF_INIT;
	int charset;
	bool strip;

	if (size < 1)
		return 0;
	charset = data[0] & 1 ? SSC_CHARSET_GBK : SSC_CHARSET_GB18030;
	strip = (data[0] & 2) != 0;
	data++;
	size--;
	if (ssc__text_decode(NULL, &u, charset, data, size, strip) == SSC_OK) {
		/* decoded text is valid UTF-8 and re-encodes */
		if (ssc__text_encode(NULL, &g, charset, u.ptr, u.size) !=
		    SSC_OK)
			abort();
		if (ssc__text_decode(NULL, &u2, charset, (uint8_t *)g.ptr,
				     g.size, false) != SSC_OK ||
		    u2.size != u.size || memcmp(u2.ptr, u.ptr, u.size) != 0)
			abort();
		if (u.size && ssc__name_split(NULL, &n, &e, u.ptr) == SSC_OK) {
			if (n.size > SSC_NAME_FIELD_LEN ||
			    e.size > SSC_NAME_EXT_FIELD_LEN)
				abort();
			if (ssc__name_join(NULL, &j, (uint8_t *)n.ptr, n.size,
					   (uint8_t *)e.ptr, e.size) != SSC_OK)
				abort();
			/* trailing spaces are padding on the card */
			size_t k = u.size;
			while (k && u.ptr[k - 1] == ' ')
				k--;
			if (j.size != k || memcmp(j.ptr, u.ptr, k) != 0)
				abort();
		}
	}
	ssc_buf_dispose(&u);
	ssc_buf_dispose(&g);
	ssc_buf_dispose(&u2);
	ssc_buf_dispose(&n);
	ssc_buf_dispose(&e);
	ssc_buf_dispose(&j);
	return 0;
}
