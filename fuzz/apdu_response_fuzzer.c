/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target apdu_response: response APDUs and the TLV inside them, then
 * the exchange policy driven by a card that answers with the input.
 * Input: the whole input is parsed as one R-APDU (data + SW) whose data go
 * through the BER-TLV parser; then the input is split into chunks of
 * 2-byte big-endian length + payload, each chunk one card answer, and a
 * case-4 command is exchanged (61xx / 6Cxx / short answers).
 */
#include <stdint.h>
#include <string.h>

#include "apdu/exchange.h"
#include "socialcard/tlv.h"

struct chunks {
	const uint8_t *p;
	size_t left;
};

static ssc_status
fuzz_transmit(void *io, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
	      size_t *resp_len)
{
	struct chunks *c = io;
	size_t n;
	(void)cmd;
	(void)cmd_len;

	if (c->left < 2)
		return ssc_error_set_str(SSC_ECARDREMOVED, SSC_ERROR_CLASS_READER,
					 "fuzz input exhausted");
	n = (size_t)c->p[0] << 8 | c->p[1];
	c->p += 2;
	c->left -= 2;
	if (n > c->left)
		n = c->left;
	if (n > *resp_len)
		n = *resp_len;
	memcpy(resp, c->p, n);
	c->p += n;
	c->left -= n;
	*resp_len = n;
	return SSC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_apdu_response *r = NULL;
	ssc_apdu *cmd = NULL;
	struct chunks c = { data, size };
	ssc__transport t;

	if (ssc_apdu_response_parse(&r, NULL, data, size) == SSC_OK) {
		size_t n, off = 0;
		const uint8_t *d = ssc_apdu_response_data(r, &n);
		ssc_tlv tlv = SSC_TLV_INIT;
		uint16_t sw = ssc_apdu_response_sw(r);

		(void)ssc_sw_text(sw);
		(void)ssc_sw_error_code(sw);
		(void)ssc_sw_tries_left(sw);
		(void)ssc_tlv_validate(d, n);
		while (ssc_tlv_next(&tlv, d, n, &off) == SSC_OK)
			if (tlv.len && tlv.value[tlv.len - 1] == 0xA5)
				break;
		(void)ssc_tlv_find(&tlv, d, n, 0x9F38);
		ssc_apdu_response_free(r);
	}

	t.transmit = fuzz_transmit;
	t.io = &c;
	t.extended_length = size > 0 && (data[0] & 1);
	t.ctx = NULL;
	if (ssc__apdu_make(&cmd, NULL, 0x00, 0xA4, 0x04, 0x00,
			   (const uint8_t *)"\xA0\x00\x00\x03\x33", 5, 256) == SSC_OK) {
		r = NULL;
		if (ssc__exchange(&t, cmd, &r) == SSC_OK)
			ssc_apdu_response_free(r);
		ssc_apdu_free(cmd);
	}
	ssc_error_clear();
	return 0;
}
