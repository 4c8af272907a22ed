/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target bcd: the byte codecs of card data items.  Every input is fed
 * to the hex decoder (as text), the BCD date and BCD region decoders, the
 * card number parser and the 卡识别码 checks (as bytes and as hex text)
 * and, when accepted, re-encoded and compared.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_buf b = SSC_BUF_INIT, h = SSC_BUF_INIT;
	uint32_t date;
	char region[7];
	uint8_t out[4];

	if (ssc_hex_decode(&b, (const char *)data, size) == SSC_OK) {
		if (b.size != size / 2 ||
		    ssc_hex_encode(&h, (uint8_t *)b.ptr, b.size) != SSC_OK ||
		    h.size != size || strncasecmp(h.ptr, (const char *)data,
						  size) != 0)
			abort();
	}
	if (size >= 4 && ssc_bcd_date_decode(&date, data, 4) == SSC_OK) {
		if (date && !ssc_date_is_valid(date))
			abort();
		if (ssc_bcd_date_encode(out, date) != SSC_OK)
			abort();
		if (date && memcmp(out, data, 4) != 0)
			abort();
	}
	if (size >= 1 && size <= 8 &&
	    ssc_bcd_region_decode(region, data, size) == SSC_OK) {
		if (strlen(region) != 6 ||
		    ssc_bcd_region_encode(out, region) != SSC_OK)
			abort();
		(void)ssc_region_name(region);
		(void)ssc_region_parent(region);
	}
	{
		char num[10], hex[33], text[40];
		uint8_t id[16];
		if (ssc_card_number_parse(num, data, size) == SSC_OK &&
		    (ssc_card_number_check(num) != SSC_OK ||
		     memcmp(num, data, 9) != 0))
			abort();
		if (ssc_card_identifier_check(data, size) == SSC_OK) {
			if (ssc_card_identifier_format(hex, data) != SSC_OK ||
			    ssc_card_identifier_parse(id, hex) != SSC_OK ||
			    memcmp(id, data, 16) != 0 ||
			    ssc_card_identifier_region(region, id) != SSC_OK)
				abort();
		}
		if (size < sizeof(text)) {
			memcpy(text, data, size);
			text[size] = '\0';
			if (ssc_card_identifier_parse(id, text) == SSC_OK &&
			    ssc_card_identifier_check(id, 16) != SSC_OK)
				abort();
		}
	}
	ssc_buf_dispose(&b);
	ssc_buf_dispose(&h);
	return 0;
}
