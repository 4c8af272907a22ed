/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target `rulepack`: the rule-pack parser and validator, then the
 * evaluator over the loaded pack for every service in a few situations.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t
fixed_clock(void *payload)
{
	(void)payload;
	return 1740967200000LL; /* 2025-03-03 10:00 China time */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ssc_ctx *ctx;
	static ssc_rulebook *base;
	ssc_rulebook *rb = NULL;
	ssc_presented_doc docs[] = {
		{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
		{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_AGENT },
	};
	ssc_presented_material mats[] = { { "photo", 0 },
					  { "application_form",
					    SSC_MATERIAL_SIGNED } };

	if (!ctx) {
		ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
		o.clock = fixed_clock;
		if (ssc_ctx_new(&ctx, &o) != SSC_OK ||
		    ssc_rulebook_new(&base, ctx) != SSC_OK)
			abort();
	}
	/* A copy of the built-in rulebook per input keeps inputs
	 * independent without re-parsing the built-in packs. */
	if (ssc__rulebook_clone(&rb, base) != SSC_OK)
		abort();
	if (ssc_rulebook_load_json(rb, (const char *)data, size) == SSC_OK) {
		/* Evaluate under every pack id the input could have
		 * claimed: its first code is what we set as region. */
		const char *regions[] = { NULL, "610100", "500000", "450221",
					  "450100", "430682" };
		for (size_t r = 0; r < sizeof regions / sizeof regions[0];
		     r++) {
			if (ssc_ctx_set_region(ctx, regions[r]) != SSC_OK)
				continue;
			for (int s = 1; s <= SSC_SERVICE_ROLLBACK; s++) {
				for (int a = 1; a <= 4; a++) {
					ssc_situation sit = SSC_SITUATION_INIT;
					ssc_verdict *v = NULL;
					sit.actor = a;
					sit.channel = (s + a) % 7 + 1;
					sit.holder_birth_date =
						a == 3 ? 20150101 : 19900101;
					sit.insured = 1;
					sit.card_facts = (uint32_t)s * 0x111u;
					sit.docs = docs;
					sit.n_docs = 2;
					sit.materials = mats;
					sit.n_materials = 2;
					sit.service_point = a == 4 ? "p1" : NULL;
					if (ssc_rules_check(&v, rb, s, &sit) ==
					    SSC_OK) {
						if (ssc_verdict_allowed(v) &&
						    ssc_verdict_missing_count(v))
							abort();
						ssc_verdict_free(v);
					}
				}
			}
		}
		(void)ssc_ctx_set_region(ctx, NULL);
	}
	ssc_rulebook_free(rb);
	return 0;
}
