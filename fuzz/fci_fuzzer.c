/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target fci: the SSSE FCI parser (DF name, SFI, algorithm
 * indicator), the PBOC ADF FCI parser (PDOL) and the PBOC record
 * collector (5A, 57, 5F24, 5F20, 9F61, 9F62 …).  Input: raw bytes, as a
 * card's answer to SELECT or READ RECORD.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chip/pboc.h"
#include "chip/ssse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc__ssse_fci sf;
	ssc__pboc_fci pf;
	ssc__pboc_card c;

	if (ssc__ssse_parse_fci(&sf, data, size) == SSC_OK) {
		if (sf.df_name_len > sizeof(sf.df_name) ||
		    sf.algorithm < SSC__ALG_DES || sf.algorithm > SSC__ALG_SM4)
			abort();
	}
	if (ssc__pboc_parse_fci(&pf, data, size) == SSC_OK) {
		if (pf.pdol_len > sizeof(pf.pdol) || pf.aid_len > 16)
			abort();
	}
	memset(&c, 0, sizeof(c));
	c.pan_seq = c.holder_id_type = -1;
	if (ssc__pboc_collect(&c, data, size) == SSC_OK) {
		if (strlen(c.pan) > 19 || c.holder_id_len > sizeof(c.holder_id))
			abort();
	}
	ssc_error_clear();
	return 0;
}
