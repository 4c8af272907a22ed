/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target chip_session: whole card dialogues through the real exchange
 * layer, with a card that answers from the input (the replay idea of
 * aesthetics B.13).  Input: chunks of 2-byte big-endian length + payload,
 * one chunk per card answer (data + SW); when the chunks run out the card
 * is "removed".  The first byte's low bit selects the flow: 0 = SSSE
 * basic-info read (SELECT, EF05, EF06), 1 = PBOC read (PSE/PPSE, SELECT,
 * GPO with PDOL, AFL records, GET DATA) followed by the holder-ID check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chip/pboc.h"
#include "chip/ssse.h"

struct chunks {
	const uint8_t *p;
	size_t left;
};

static ssc_status
replay_transmit(void *io, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
		size_t *resp_len)
{
	struct chunks *c = io;
	size_t n;
	(void)cmd;
	(void)cmd_len;

	if (c->left < 2)
		return ssc_error_set_str(SSC_ECARDREMOVED, SSC_ERROR_CLASS_READER,
					 "replay exhausted");
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
	struct chunks c;
	ssc__transport t;
	ssc__ssse_fci fci;
	ssc__ssse_ef05 e5;
	ssc__ssse_ef06 e6;
	ssc__pboc_card card;
	bool compared;

	if (size < 1)
		return 0;
	c.p = data + 1;
	c.left = size - 1;
	t.transmit = replay_transmit;
	t.io = &c;
	t.extended_length = false;
	t.ctx = NULL;
	if ((data[0] & 1) == 0) {
		if (ssc__ssse_read_basic(&t, NULL, NULL, NULL, &fci, &e5,
					 &e6) == SSC_OK) {
			if (strlen(e6.ssn) != 18 || e6.name_len > 30 ||
			    e5.generation < 1 || e5.generation > 9)
				abort();
		}
	} else {
		ssc__pboc_options o;
		ssc__pboc_options_default(&o);
		o.contactless = (data[0] & 2) != 0;
		if (ssc__pboc_read(&t, &o, &card) == SSC_OK) {
			memset(&e6, 0, sizeof(e6));
			memcpy(e6.ssn, "11010519491231002X", 19);
			(void)ssc__pboc_check_holder(&card, &e6, &compared);
		}
	}
	ssc_error_clear();
	return 0;
}
