/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Listing the service points (halls, windows, bank outlets, kiosks) that a
 * region's pack chain declares.
 */
#include <string.h>

#include "rules/rules_int.h"

/* Points along the chain, nearest pack first; returns the i-th or counts. */
static json_t *
walk(const ssc_rulebook *rb, const char *region, size_t want, size_t *count,
     const struct rules_pack **owner)
{
	size_t n = 0;
	int steps = 0;

	/* Chains are acyclic (checked at load); the bound is a safeguard. */
	for (const struct rules_pack *p = ssc__rulebook_find(rb, region);
	     p && steps < SSC__RULES_MAX_CHAIN;
	     p = ssc__rulebook_parent(rb, p), steps++) {
		json_t *pts = json_object_get(p->root, "service_points");
		size_t k = json_array_size(pts);
		if (want >= n && want < n + k) {
			*owner = p;
			return json_array_get(pts, want - n);
		}
		n += k;
	}
	*count = n;
	return NULL;
}

size_t
ssc_rulebook_point_count(const ssc_rulebook *rb, const char *region)
{
	size_t n = 0;
	const struct rules_pack *owner;

	if (!rb)
		return 0;
	walk(rb, region, SIZE_MAX, &n, &owner);
	return n;
}

static const char *
str_or_empty(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

ssc_status
ssc_rulebook_point(ssc_service_point *out, const ssc_rulebook *rb,
		   const char *region, size_t i)
{
	const struct rules_pack *owner = NULL;
	json_t *pt, *caps, *c;
	size_t n = 0, j;
	unsigned int version;
	ssc_status rc;

	if (!out || !rb)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_rulebook_point: NULL argument");
	if ((rc = ssc__check_version(out->version, SSC_SERVICE_POINT_VERSION,
				     "ssc_service_point")))
		return rc;
	pt = walk(rb, region, i, &n, &owner);
	if (!pt)
		return ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_RULES,
				       "service point %zu: only %zu points", i,
				       n);
	version = out->version;
	memset(out, 0, sizeof *out);
	out->version = version;
	out->id = str_or_empty(pt, "id");
	out->kind = str_or_empty(pt, "kind");
	out->name = str_or_empty(pt, "name");
	out->address = str_or_empty(pt, "address");
	out->hours = str_or_empty(pt, "hours");
	out->phone = str_or_empty(pt, "phone");
	out->hall = str_or_empty(pt, "hall");
	out->bank = str_or_empty(pt, "bank");
	out->pack = owner->id;
	caps = json_object_get(pt, "capabilities");
	json_array_foreach(caps, j, c) {
		int bit = ssc__rules_lookup(ssc__rules_capability_names,
					    json_string_value(c), false);
		if (bit >= 0)
			out->capabilities |= 1u << bit;
	}
	return SSC_OK;
}
