/* SPDX-License-Identifier: Apache-2.0 */
/* Look-ups in the compiled GB/T 2260 table (socialcard/region.h). */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "util/codec_int.h"

static int
cmp_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const ssc__region_entry *)elem)->code);
}

const ssc__region_entry *
ssc__region_find(const char *code)
{
	if (!code || !ssc__is_digits(code, 6))
		return NULL;
	return bsearch(code, ssc__region_table, ssc__region_count,
		       sizeof(ssc__region_table[0]), cmp_entry);
}

bool
ssc__region_province_known(const char *code)
{
	char prov[7];

	if (!code)
		return false;
	for (int i = 0; i < 2; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	/* Residence permits of HK (81), Macau (82) and Taiwan (83)
	 * residents carry these prefixes; 83 is not a province code. */
	if (code[0] == '8' && code[1] == '3')
		return true;
	memcpy(prov, code, 2);
	memcpy(prov + 2, "0000", 5);
	return ssc__region_find(prov) != NULL;
}

const char *
ssc_region_name(const char *code)
{
	const ssc__region_entry *e = ssc__region_find(code);
	return e ? e->name : NULL;
}

int
ssc_region_level_of(const char *code)
{
	const ssc__region_entry *e = ssc__region_find(code);
	return e ? e->level : SSC_REGION_LEVEL_UNSET;
}

const char *
ssc_region_parent(const char *code)
{
	const ssc__region_entry *e = ssc__region_find(code);
	return e && e->parent >= 0 ? ssc__region_table[e->parent].code : NULL;
}

bool
ssc_region_is_current(const char *code)
{
	const ssc__region_entry *e = ssc__region_find(code);
	return e && e->abolished == 0;
}

const char *
ssc_region_successor(const char *code)
{
	const ssc__region_entry *e = ssc__region_find(code);
	return e && e->successor >= 0 ? ssc__region_table[e->successor].code
				      : NULL;
}

int
ssc_region_abolished_year(const char *code)
{
	const ssc__region_entry *e = ssc__region_find(code);
	return e ? e->abolished : 0;
}

const char *
ssc_region_level_name(int level)
{
	switch (level) {
	case SSC_REGION_LEVEL_UNSET:
		return "unset";
	case SSC_REGION_LEVEL_PROVINCE:
		return "province";
	case SSC_REGION_LEVEL_PREFECTURE:
		return "prefecture";
	case SSC_REGION_LEVEL_COUNTY:
		return "county";
	default:
		return "unknown";
	}
}
