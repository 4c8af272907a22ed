/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private to lib/rules: the rulebook's representation (validated JSON
 * trees, one per pack), the vocabularies of the pack format, the
 * validator and the evaluator's entry points.
 */
#ifndef SSC_RULES_INT_H
#define SSC_RULES_INT_H

#include <jansson.h>

#include "internal.h"
#include "socialcard/rules.h"

/* Longest fall-back chain (county, city, province, national and room). */
#define SSC__RULES_MAX_CHAIN 8

/* A loaded pack: its validated tree (the evaluator reads it directly). */
struct rules_pack {
	char *id;     /* "national" or the pack's 6-digit id */
	json_t *root; /* validated; strings are borrowed from here */
};

struct ssc_rulebook {
	ssc_ctx *ctx;
	ssc_calendar *cal;
	struct rules_pack *packs;
	size_t n_packs;
};

/* Vocabularies: NULL-terminated name tables, index = enum value where the
 * table mirrors a public enum (entry 0 is the unset value's name). */
extern const char *const ssc__rules_service_names[];   /* ssc_service */
extern const char *const ssc__rules_channel_names[];   /* ssc_channel */
extern const char *const ssc__rules_actor_names[];     /* ssc_actor_role */
extern const char *const ssc__rules_doc_names[];       /* ssc_doc_type */
extern const char *const ssc__rules_party_names[];     /* ssc_party */
extern const char *const ssc__rules_residency_names[]; /* ssc_residency */
extern const char *const ssc__rules_form_names[];      /* original.. any */
extern const char *const ssc__rules_fact_names[];      /* bit i = 1 << i */
extern const char *const ssc__rules_evidence_names[];  /* bit i = 1 << i */
extern const char *const ssc__rules_material_names[];
extern const char *const ssc__rules_point_kind_names[];
extern const char *const ssc__rules_capability_names[];

/* Index of name in a table (skipping entry 0 when skip_unset), or -1. */
int ssc__rules_lookup(const char *const *table, const char *name,
		      bool skip_unset);

/* A new rulebook sharing rb's packs (references) with its own calendar of
 * the built-in years: cheap, for fuzzing and per-request overlays. */
ssc_status ssc__rulebook_clone(ssc_rulebook **out, const ssc_rulebook *rb);

/* Validate a parsed pack completely; SSC_EPARSE with the field path. */
ssc_status ssc__rulepack_validate(json_t *root);

/* The pack answering for a region code (fall-back PPCC00, PP0000,
 * national), or NULL when not even national is loaded. */
const struct rules_pack *ssc__rulebook_find(const ssc_rulebook *rb,
					    const char *region);
/* The parent of a pack in the fall-back chain, or NULL for national. */
const struct rules_pack *ssc__rulebook_parent(const ssc_rulebook *rb,
					      const struct rules_pack *p);

#endif /* SSC_RULES_INT_H */
