/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target fci: the card-answer parsers of the chip flows -- the SSSE
 * FCI (6F {84, A5 {88, 9F0C}}), the PBOC ADF FCI (6F {84, A5 {50, 87,
 * 9F38}}), the AFL check and the PBOC record collector.  Lengths copied
 * out must fit their fields; nothing may read past the input.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/internal.h"
#include "chip/pboc.h"
#include "chip/ssse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc__ssse_fci s;
	ssc__pboc_fci p;
	ssc__pboc_card card;

	memset(&s, 0, sizeof(s));
	if (ssc__ssse_parse_fci(&s, data, size) == SSC_OK &&
	    s.df_name_len > sizeof(s.df_name))
		abort();
	memset(&p, 0, sizeof(p));
	if (ssc__pboc_parse_fci(&p, data, size) == SSC_OK &&
	    (p.aid_len > sizeof(p.aid) || p.label_len > sizeof(p.label) ||
	     p.pdol_len > sizeof(p.pdol) || (!p.has_pdol && p.pdol_len)))
		abort();
	(void)ssc__pboc_check_afl(data, size);
	memset(&card, 0, sizeof(card));
	(void)ssc__pboc_collect(&card, data, size);
	return 0;
}
