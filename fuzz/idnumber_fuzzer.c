/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target idnumber: any text through ssc_idnumber_parse_at(); a valid
 * number must re-validate to itself, its check character must match, and
 * a failure must carry a reason.  Input: the text (NUL bytes end it).
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[64];
	ssc_idnumber_info a = SSC_IDNUMBER_INFO_INIT,
			  b = SSC_IDNUMBER_INFO_INIT;

	if (size >= sizeof(text))
		size = sizeof(text) - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	if (ssc_idnumber_parse_at(&a, text, 20261125) != SSC_OK) {
		if (a.reason == SSC_ID_REASON_NONE || a.number[0])
			abort();
		return 0;
	}
	if (strlen(a.number) != 18 || a.reason != SSC_ID_REASON_NONE ||
	    ssc_idnumber_check_char(a.number) != a.number[17] ||
	    !ssc_date_is_valid(a.birth_date) || a.birth_date > 20261125 ||
	    (a.kind == SSC_ID_KIND_FOREIGN_PR
		     ? a.sex != SSC_SEX_UNSET
		     : a.sex != SSC_SEX_MALE && a.sex != SSC_SEX_FEMALE))
		abort();
	if (ssc_idnumber_parse_at(&b, a.number, 20261125) != SSC_OK ||
	    strcmp(a.number, b.number) != 0 || b.legacy ||
	    a.birth_date != b.birth_date || a.sex != b.sex ||
	    a.kind != b.kind || strcmp(a.region, b.region) != 0)
		abort();
	return 0;
}
