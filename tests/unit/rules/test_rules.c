/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the rule packs: the seed-statement table (seed_cases.h,
 * one cmocka test per statement), the region fall-back, the verdict API,
 * and the rule-pack loader's refusals with line/field-precise messages.
 */
#include <stdbool.h>

#include "test_common.h"

struct seed_case {
	const char *name;
	const char *region;
	int service;
	const char *situation;
	const char *expect;
};

#include "seed_cases.h"

/* 2025-03-03 10:00 China time (a Monday), in ms. */
#define NOW_MS 1740967200000LL

static ssc_test_clock clock_ = { NOW_MS };

static int
lookup(const char *const *t, const char *s)
{
	for (int i = 0; t[i]; i++)
		if (!strcmp(t[i], s))
			return i;
	fail_msg("unknown name %s in test table", s);
	return -1;
}

static const char *const actors[] = { "", "holder", "agent", "guardian",
				       "employer_agent", "system", NULL };
static const char *const channels[] = { "", "window", "kiosk", "online",
					 "bank", "phone", "mail", "batch",
					 NULL };
static const char *const docs[] = {
	"", "resident_id", "temporary_id", "household_register",
	"hkmo_permit", "tw_permit", "residence_permit", "passport",
	"foreign_pr_card", "officer_card", "birth_certificate", "ss_card", NULL
};
static const char *const parties[] = { "", "holder", "agent", "guardian",
					NULL };
static const char *const forms[] = { "", "original", "copy", "electronic",
				      NULL };
/* Indexed by ssc_residency; "hkmo" in a case means Hong Kong. */
static const char *const residencies[] = { "", "mainland", "hkmo", "macau",
					    "taiwan", "foreign", NULL };
static const char *const facts[] = {
	"has_valid_card", "pending_application", "card_received",
	"ss_active", "financial_active", "loss_reported",
	"replacement_applied", "batch_data_generated",
	"batch_production_started", "pin_blocked", "transferred_in",
	"multiple_accounts", "relation_transfer", "agent_changed",
	"photo_change", NULL
};
static const char *const evidences[] = { "credential_images",
					  "scene_images", "signature", NULL };

struct built {
	ssc_situation sit;
	ssc_presented_doc docs[16];
	ssc_presented_material mats[16];
	char mat_ids[16][48];
	char strings[4][32];
};

static void
build(struct built *b, const char *spec)
{
	char buf[1024], *save = NULL;

	memset(b, 0, sizeof *b);
	assert_ssc_ok(ssc_situation_init(&b->sit, SSC_SITUATION_VERSION));
	b->sit.insured = 1;
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *t = strtok_r(buf, " ", &save); t;
	     t = strtok_r(NULL, " ", &save)) {
		char *v = strchr(t, '=');
		if (v)
			*v++ = '\0';
		if (!strcmp(t, "u")) {
			b->sit.insured = 0;
		} else if (!strcmp(t, "a")) {
			b->sit.actor = lookup(actors, v);
		} else if (!strcmp(t, "c")) {
			b->sit.channel = lookup(channels, v);
		} else if (!strcmp(t, "b")) {
			b->sit.holder_birth_date = (uint32_t)atol(v);
		} else if (!strcmp(t, "r")) {
			b->sit.residency = lookup(residencies, v);
		} else if (!strcmp(t, "f")) {
			b->sit.card_facts |= 1u << lookup(facts, v);
		} else if (!strcmp(t, "e")) {
			b->sit.evidence |= 1u << lookup(evidences, v);
		} else if (!strcmp(t, "chg")) {
			b->sit.changes |= !strcmp(v, "key")
						  ? SSC_CHANGE_NAME
						  : SSC_CHANGE_ADDRESS;
		} else if (!strcmp(t, "p") || !strcmp(t, "ob") ||
			   !strcmp(t, "cb")) {
			int k = t[0] == 'p' ? 0 : t[0] == 'o' ? 1 : 2;
			snprintf(b->strings[k], sizeof b->strings[k], "%s", v);
			if (k == 0)
				b->sit.service_point = b->strings[0];
			else if (k == 1)
				b->sit.outlet_bank = b->strings[1];
			else
				b->sit.card_bank = b->strings[2];
		} else if (!strcmp(t, "d")) {
			char *o = strchr(v, ':'), *f;
			assert_non_null(o);
			*o++ = '\0';
			f = strchr(o, ':');
			assert_non_null(f);
			*f++ = '\0';
			ssc_presented_doc *d = &b->docs[b->sit.n_docs++];
			d->type = lookup(docs, v);
			d->owner = lookup(parties, o);
			d->form = lookup(forms, f);
		} else if (!strcmp(t, "m")) {
			char *fl = strchr(v, ':');
			size_t i = b->sit.n_materials++;
			if (fl)
				*fl++ = '\0';
			snprintf(b->mat_ids[i], sizeof b->mat_ids[i], "%s", v);
			b->mats[i].id = b->mat_ids[i];
			b->mats[i].flags =
				!fl ? 0
				: !strcmp(fl, "signed") ? SSC_MATERIAL_SIGNED
				: !strcmp(fl, "sealed") ? SSC_MATERIAL_SEALED
							: SSC_MATERIAL_ELECTRONIC;
		} else {
			fail_msg("bad situation token %s", t);
		}
	}
	b->sit.docs = b->docs;
	b->sit.materials = b->mats;
}

static const ssc_material *
find_material(const ssc_verdict *v, const char *id)
{
	for (size_t i = 0; i < ssc_verdict_material_count(v); i++)
		if (!strcmp(ssc_verdict_material(v, i)->id, id))
			return ssc_verdict_material(v, i);
	return NULL;
}

static bool
has_note(const ssc_verdict *v, const char *id)
{
	for (size_t i = 0; i < ssc_verdict_note_count(v); i++)
		if (!strcmp(ssc_verdict_note(v, i)->code, id))
			return true;
	return false;
}

/* Returns NULL when every expectation holds, else the failing token. */
static const char *
check_expect(const ssc_verdict *v, const char *expect, char *failed,
	     size_t n)
{
	char buf[512], *save = NULL;

	snprintf(buf, sizeof buf, "%s", expect);
	for (char *t = strtok_r(buf, " ", &save); t;
	     t = strtok_r(NULL, " ", &save)) {
		char *val = strchr(t, '=');
		const ssc_material *m;
		bool ok;

		if (val)
			*val++ = '\0';
		if (!strcmp(t, "ok"))
			ok = ssc_verdict_allowed(v);
		else if (!strcmp(t, "no"))
			ok = !ssc_verdict_allowed(v);
		else if (!strcmp(t, "R"))
			ok = ssc_verdict_has_reason(v, val);
		else if (!strcmp(t, "!R"))
			ok = !ssc_verdict_has_reason(v, val);
		else if (!strcmp(t, "M"))
			ok = (m = find_material(v, val)) && m->missing;
		else if (!strcmp(t, "H"))
			ok = (m = find_material(v, val)) && !m->missing &&
			     !m->optional;
		else if (!strcmp(t, "O"))
			ok = (m = find_material(v, val)) && m->optional &&
			     !m->missing;
		else if (!strcmp(t, "X"))
			ok = find_material(v, val) == NULL;
		else if (!strcmp(t, "wd"))
			ok = ssc_verdict_deadline(v)->unit ==
				     SSC_DEADLINE_WORKING_DAYS &&
			     ssc_verdict_deadline(v)->amount ==
				     (unsigned)atoi(val);
		else if (!strcmp(t, "h"))
			ok = ssc_verdict_deadline(v)->unit ==
				     SSC_DEADLINE_HOURS &&
			     ssc_verdict_deadline(v)->amount ==
				     (unsigned)atoi(val);
		else if (!strcmp(t, "st"))
			ok = ssc_verdict_deadline(v)->statutory_working_days ==
			     (unsigned)atoi(val);
		else if (!strcmp(t, "fee"))
			ok = ssc_verdict_fee(v)->charged == atoi(val) &&
			     ssc_verdict_fee(v)->source[0];
		else if (!strcmp(t, "N"))
			ok = has_note(v, val);
		else if (!strcmp(t, "pack"))
			ok = !strcmp(ssc_verdict_pack(v), val);
		else
			ok = false;
		if (!ok) {
			snprintf(failed, n, "%s%s%s", t, val ? "=" : "",
				 val ? val : "");
			return failed;
		}
	}
	return NULL;
}

static ssc_verdict *
run(const char *region, int service, const char *spec)
{
	ssc_ctx *ctx = ssc_test_ctx(&clock_, NULL, region);
	ssc_rulebook *rb = NULL;
	ssc_verdict *v = NULL;
	struct built b;

	assert_non_null(ctx);
	assert_ssc_ok(ssc_rulebook_new(&rb, ctx));
	build(&b, spec);
	assert_ssc_ok(ssc_rules_check(&v, rb, service, &b.sit));
	ssc_rulebook_free(rb); /* the verdict outlives its rulebook */
	ssc_ctx_free(ctx);
	return v;
}

static void
test_seed_case(void **state)
{
	const struct seed_case *c = *state;
	ssc_verdict *v = run(c->region, c->service, c->situation);
	char failed[128];

	if (check_expect(v, c->expect, failed, sizeof failed)) {
		ssc_buf text = SSC_BUF_INIT;
		assert_ssc_ok(ssc_verdict_format(&text, v, "en"));
		print_error("%s: expectation %s failed; verdict:\n%s\n",
			    c->name, failed, text.ptr);
		ssc_buf_dispose(&text);
		ssc_verdict_free(v);
		fail();
	}
	ssc_verdict_free(v);
}

/* The eligibility conditions every pack keeps (national defaults that the
 * regional packs inherit): checked under each region pack. */
static void
test_rules_conditions_hold_in_every_pack(void **state)
{
	static const char *const regions[] = { NULL, "450221", "450206",
					       "450100", "500000", "430682" };
	static const struct {
		int service;
		const char *spec;
		const char *reason;
	} conds[] = {
		{ SSC_SERVICE_APPLY, "a=holder c=online b=19900101 "
		  "f=has_valid_card", "one_card_held" },
		{ SSC_SERVICE_APPLY, "u a=holder c=online b=19900101",
		  "not_insured" },
		{ SSC_SERVICE_ACTIVATE_SS, "a=holder c=online",
		  "card_not_received" },
		{ SSC_SERVICE_ACTIVATE_FINANCIAL, "a=agent c=bank ob=ABC "
		  "cb=ABC f=card_received", "holder_in_person_only" },
		{ SSC_SERVICE_ACTIVATE_FINANCIAL, "a=holder c=window "
		  "f=card_received", "bank_counter_only" },
		{ SSC_SERVICE_PIN_CHANGE, "a=agent c=window",
		  "pin_change_holder_only" },
		{ SSC_SERVICE_CANCEL_LOSS, "a=holder c=online f=loss_reported "
		  "f=replacement_applied", "replacement_applied" },
		{ SSC_SERVICE_BATCH_TO_INDIVIDUAL, "a=holder c=window "
		  "f=batch_data_generated f=batch_production_started",
		  "batch_in_production" },
		{ SSC_SERVICE_BATCH_TO_INDIVIDUAL, "a=agent c=window "
		  "f=batch_data_generated", "actor_not_allowed" },
		{ SSC_SERVICE_INFO_CHANGE, "a=holder c=window chg=key",
		  "key_info_change" },
		{ SSC_SERVICE_UNLOCK, "a=holder c=kiosk f=pin_blocked",
		  "unlock_window_only" },
		{ SSC_SERVICE_ACTIVATE_LINKED, "a=system c=bank "
		  "f=financial_active f=multiple_accounts",
		  "linked_activation_failed" },
	};
	(void)state;
	for (size_t r = 0; r < sizeof regions / sizeof regions[0]; r++) {
		for (size_t c = 0; c < sizeof conds / sizeof conds[0]; c++) {
			ssc_verdict *v = run(regions[r], conds[c].service,
					     conds[c].spec);
			if (ssc_verdict_allowed(v) ||
			    !ssc_verdict_has_reason(v, conds[c].reason))
				fail_msg("region %s, %s: expected reason %s",
					 regions[r] ? regions[r] : "national",
					 ssc_service_name(conds[c].service),
					 conds[c].reason);
			ssc_verdict_free(v);
		}
	}
}

/* ---- API behaviour -------------------------------------------------- */

static void
test_rules_every_reason_listed(void **state)
{
	/* PIN change by an agent online: actor, channel and holder-only. */
	ssc_verdict *v = run("500000", SSC_SERVICE_PIN_CHANGE,
			     "a=agent c=online");
	(void)state;
	assert_false(ssc_verdict_allowed(v));
	assert_int_equal(ssc_verdict_reason_count(v), 3);
	assert_true(ssc_verdict_has_reason(v, "actor_not_allowed"));
	assert_true(ssc_verdict_has_reason(v, "channel_not_open"));
	assert_true(ssc_verdict_has_reason(v, "pin_change_holder_only"));
	for (size_t i = 0; i < 3; i++) {
		const ssc_reason *r = ssc_verdict_reason(v, i);
		assert_true(r->text_zh[0] && r->text_en[0] && r->source[0]);
	}
	assert_null(ssc_verdict_reason(v, 3));
	ssc_verdict_free(v);
}

static void
test_rules_deadline_from_clock(void **state)
{
	/* Online application on Monday 2025-03-03: 5 working days →
	 * end of Monday 2025-03-10 China time. */
	ssc_verdict *v = run("500000", SSC_SERVICE_APPLY,
			     "a=holder c=online b=19900101 "
			     "d=resident_id:holder:electronic m=photo");
	const ssc_deadline *d = ssc_verdict_deadline(v);
	(void)state;
	assert_int_equal(d->due_status, SSC_OK);
	assert_int_equal(d->due_ms, 1741622399999LL);
	ssc_verdict_free(v);
}

static void
test_rules_deadline_outside_calendar(void **state)
{
	ssc_test_clock old = { 1680000000000LL }; /* 2023: not loaded */
	ssc_ctx *ctx = ssc_test_ctx(&old, NULL, "500000");
	ssc_rulebook *rb = NULL;
	ssc_verdict *v = NULL;
	struct built b;
	(void)state;
	assert_ssc_ok(ssc_rulebook_new(&rb, ctx));
	build(&b, "a=system c=online f=pending_application");
	assert_ssc_ok(ssc_rules_check(&v, rb, SSC_SERVICE_PRODUCE, &b.sit));
	assert_int_equal(ssc_verdict_deadline(v)->due_status, SSC_ECALENDAR);
	assert_int_equal(ssc_verdict_deadline(v)->amount, 5);
	ssc_verdict_free(v);
	ssc_rulebook_free(rb);
	ssc_ctx_free(ctx);
}

static void
test_rules_bad_arguments(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(&clock_, NULL, NULL);
	ssc_rulebook *rb = NULL;
	ssc_verdict *v = NULL;
	ssc_situation sit = SSC_SITUATION_INIT;
	(void)state;
	assert_ssc_ok(ssc_rulebook_new(&rb, ctx));
	assert_ssc_error(ssc_rules_check(&v, rb, 99, &sit), SSC_EINVAL);
	sit.version = 0;
	assert_ssc_error(ssc_rules_check(&v, rb, SSC_SERVICE_APPLY, &sit),
			 SSC_EVERSION);
	sit.version = SSC_SITUATION_VERSION + 1;
	assert_ssc_error(ssc_rules_check(&v, rb, SSC_SERVICE_APPLY, &sit),
			 SSC_EVERSION);
	sit.version = SSC_SITUATION_VERSION;
	assert_ssc_error(ssc_rules_check(&v, rb, SSC_SERVICE_APPLY, &sit),
			 SSC_EINVAL); /* actor and channel unset */
	sit.actor = SSC_ACTOR_HOLDER;
	sit.channel = 9;
	assert_ssc_error(ssc_rules_check(&v, rb, SSC_SERVICE_APPLY, &sit),
			 SSC_EINVAL);
	sit.channel = SSC_CHANNEL_WINDOW;
	{
		ssc_presented_doc d = { SSC_DOC_SS_CARD, 7, SSC_PARTY_HOLDER };
		ssc_presented_material m = { "cake", 0 };
		sit.docs = &d;
		sit.n_docs = 1;
		assert_ssc_error(ssc_rules_check(&v, rb, SSC_SERVICE_APPLY,
						 &sit),
				 SSC_EINVAL);
		sit.n_docs = 0;
		sit.materials = &m;
		sit.n_materials = 1;
		assert_ssc_error(ssc_rules_check(&v, rb, SSC_SERVICE_APPLY,
						 &sit),
				 SSC_EINVAL);
		sit.n_materials = 2;
		sit.materials = NULL;
		assert_ssc_error(ssc_rules_check(&v, rb, SSC_SERVICE_APPLY,
						 &sit),
				 SSC_EINVAL);
		sit.n_materials = 0;
		sit.docs = NULL;
	}
	assert_ssc_ok(ssc_rules_check(&v, rb, SSC_SERVICE_APPLY, &sit));
	assert_false(ssc_verdict_allowed(v));
	assert_true(ssc_verdict_has_reason(v, "not_insured"));
	ssc_verdict_free(v);
	v = NULL;
	sit.holder_birth_date = 20250230;
	assert_ssc_error(ssc_rules_check(&v, rb, SSC_SERVICE_APPLY, &sit),
			 SSC_EINVAL);
	sit.holder_birth_date = 20300101; /* in the future */
	assert_ssc_error(ssc_rules_check(&v, rb, SSC_SERVICE_APPLY, &sit),
			 SSC_EINVAL);
	assert_null(v);
	assert_ssc_error(ssc_situation_init(&sit, 0), SSC_EVERSION);
	assert_string_equal(ssc_service_name(SSC_SERVICE_PIN_RESET),
			    "pin_reset");
	assert_int_equal(ssc_service_from_name("cancel_loss"),
			 SSC_SERVICE_CANCEL_LOSS);
	assert_int_equal(ssc_service_from_name("nope"), SSC_SERVICE_UNSET);
	assert_null(ssc_service_name(0));
	ssc_verdict_free(NULL);
	ssc_rulebook_free(rb);
	ssc_rulebook_free(NULL);
	ssc_ctx_free(ctx);
}

static void
test_rules_age_thresholds(void **state)
{
	/* Birthday on the clock's date: 7 today → photo needed (Nanning). */
	ssc_verdict *v = run("450100", SSC_SERVICE_APPLY,
			     "a=holder c=window b=20180303 "
			     "d=household_register:holder:original "
			     "m=application_form:signed");
	(void)state;
	assert_non_null(find_material(v, "photo"));
	ssc_verdict_free(v);
	v = run("450100", SSC_SERVICE_APPLY,
		"a=holder c=window b=20180304 "
		"d=household_register:holder:original "
		"m=application_form:signed");
	assert_null(find_material(v, "photo"));
	assert_true(ssc_verdict_allowed(v));
	ssc_verdict_free(v);
	/* 16 today: household register no longer enough. */
	v = run("450100", SSC_SERVICE_APPLY,
		"a=holder c=window b=20090303 "
		"d=household_register:holder:original m=photo "
		"m=application_form:signed");
	assert_false(ssc_verdict_allowed(v));
	ssc_verdict_free(v);
	/* Unknown birth date: treated as an adult (photo required). */
	v = run("450100", SSC_SERVICE_APPLY,
		"a=holder c=window d=resident_id:holder:original "
		"m=application_form:signed");
	assert_true(find_material(v, "photo")->missing);
	ssc_verdict_free(v);
}

static void
test_rules_format_chinese(void **state)
{
	ssc_verdict *v = run("450100", SSC_SERVICE_APPLY,
			     "a=agent c=window b=19900101");
	ssc_buf text = SSC_BUF_INIT;
	(void)state;
	assert_ssc_ok(ssc_verdict_format(&text, v, "zh"));
	assert_non_null(strstr(text.ptr, "不予办理"));
	assert_non_null(strstr(text.ptr, "承诺书（需代办人签字）"));
	assert_non_null(strstr(text.ptr, "依据 002 (一)3(1)"));
	assert_ssc_error(ssc_verdict_format(&text, v, "fr"), SSC_EINVAL);
	ssc_buf_dispose(&text);
	ssc_verdict_free(v);
}

static void
test_rules_resolve(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(&clock_, NULL, NULL);
	ssc_rulebook *rb = NULL;
	(void)state;
	assert_ssc_ok(ssc_rulebook_new(&rb, ctx));
	assert_string_equal(ssc_rulebook_resolve(rb, NULL), "national");
	assert_string_equal(ssc_rulebook_resolve(rb, "450206"), "450221");
	assert_string_equal(ssc_rulebook_resolve(rb, "450221"), "450221");
	assert_string_equal(ssc_rulebook_resolve(rb, "450102"), "450100");
	assert_string_equal(ssc_rulebook_resolve(rb, "450200"), "national");
	assert_string_equal(ssc_rulebook_resolve(rb, "500112"), "500000");
	assert_string_equal(ssc_rulebook_resolve(rb, "430682"), "430682");
	assert_string_equal(ssc_rulebook_resolve(rb, "430600"), "national");
	assert_string_equal(ssc_rulebook_resolve(rb, "garbage"), "national");
	assert_non_null(ssc_rulebook_calendar(rb));
	assert_true(ssc_calendar_has_year(ssc_rulebook_calendar(rb), 2026));
	ssc_rulebook_free(rb);
	ssc_ctx_free(ctx);
}

static void
test_rules_linxiang_29_outlets(void **state)
{
	static const char *const ids[] = {
		"lx-icbc-1", "lx-bhn-1", "lx-ccb-1", "lx-ccb-2",
		"lx-lxrcb-1", "lx-lxrcb-2", "lx-lxrcb-3", "lx-lxrcb-4",
		"lx-lxrcb-5", "lx-lxrcb-6", "lx-lxrcb-7", "lx-lxrcb-8",
		"lx-lxrcb-9", "lx-lxrcb-10", "lx-lxrcb-11", "lx-lxrcb-12",
		"lx-lxrcb-13", "lx-lxrcb-14", "lx-lxrcb-15", "lx-abc-1",
		"lx-abc-2", "lx-abc-3", "lx-abc-4", "lx-abc-5", "lx-cscb-1",
		"lx-boc-1", "lx-psbc-1", "lx-psbc-2", "lx-psbc-3"
	};
	char spec[256];
	(void)state;
	assert_int_equal(sizeof ids / sizeof ids[0], 29);
	for (size_t i = 0; i < 29; i++) {
		snprintf(spec, sizeof spec,
			 "a=holder c=bank p=%s b=19900101 "
			 "d=resident_id:holder:original m=realname_phone "
			 "m=onsite_photo",
			 ids[i]);
		ssc_verdict *v = run("430682", SSC_SERVICE_APPLY, spec);
		if (!ssc_verdict_allowed(v))
			fail_msg("outlet %s refused", ids[i]);
		ssc_verdict_free(v);
	}
	ssc_verdict *v = run("430682", SSC_SERVICE_APPLY,
			     "a=holder c=bank p=lx-icbc-30 b=19900101 "
			     "d=resident_id:holder:original m=realname_phone "
			     "m=onsite_photo");
	assert_true(ssc_verdict_has_reason(v, "unknown_service_point"));
	ssc_verdict_free(v);
}

static void
expect_load_error(ssc_rulebook *rb, const char *json, const char *needle)
{
	assert_ssc_error(ssc_rulebook_load_json(rb, json, strlen(json)),
			 SSC_EPARSE);
	if (!strstr(ssc_error_last()->message, needle))
		fail_msg("message \"%s\" lacks \"%s\"",
			 ssc_error_last()->message, needle);
}

#define PACK_HEAD "{\"format\":1,\"id\":\"610100\",\"codes\":[\"610100\"]," \
		  "\"name\":{\"zh\":\"西安\",\"en\":\"Xi'an\"},"

static void
test_rules_load_errors(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(&clock_, NULL, "610100");
	ssc_rulebook *rb = NULL;
	(void)state;
	assert_ssc_ok(ssc_rulebook_new(&rb, ctx));
	expect_load_error(rb, "{\n\"format\": 1,\n\"id\": x\n}", "line 3");
	expect_load_error(rb, "{\"format\":2}", "format");
	expect_load_error(rb, PACK_HEAD "\"services\":{\"fly\":{}}}",
			  "unknown service \"fly\"");
	expect_load_error(rb,
			  PACK_HEAD "\"services\":{\"apply\":{\"rules\":["
				    "{\"id\":\"a\",\"source\":\"s\","
				    "\"require\":{\"age_lt\":300},"
				    "\"code\":\"c\",\"zh\":\"z\",\"en\":\"e\"}]}}}",
			  "services.apply.rules[0].require.age_lt");
	expect_load_error(rb,
			  PACK_HEAD "\"services\":{\"apply\":{\"rules\":["
				    "{\"id\":\"a\",\"source\":\"s\","
				    "\"material\":{\"zh\":\"z\",\"en\":\"e\","
				    "\"any_of\":[{\"material\":\"cake\"}]}}]}}}",
			  "services.apply.rules[0].material.any_of[0].material");
	expect_load_error(rb,
			  PACK_HEAD "\"services\":{\"apply\":{\"rules\":["
				    "{\"id\":\"a\",\"source\":\"s\","
				    "\"material\":{\"zh\":\"z\",\"en\":\"e\","
				    "\"any_of\":[{\"doc\":\"resident_id\","
				    "\"of\":\"holder\"}]}}]}}}",
			  "form");
	expect_load_error(rb,
			  PACK_HEAD "\"services\":{\"apply\":{\"rules\":["
				    "{\"id\":\"a\",\"source\":\"s\"}]}}}",
			  "exactly one of");
	expect_load_error(rb,
			  PACK_HEAD "\"services\":{\"apply\":{\"actors\":"
				    "[\"holder\"]}}}",
			  "services.apply: missing field \"source\"");
	expect_load_error(rb,
			  PACK_HEAD "\"service_points\":[{\"id\":\"b\","
				    "\"kind\":\"bank\",\"name\":\"n\"}],"
				    "\"services\":{}}",
			  "service_points[0]: a bank outlet states");
	expect_load_error(rb,
			  "{\"format\":1,\"id\":\"610100\",\"codes\":"
			  "[\"500000\",\"610100\"],\"name\":{\"zh\":\"z\","
			  "\"en\":\"e\"},\"services\":{}}",
			  "already belongs to pack 500000");
	expect_load_error(rb,
			  "{\"format\":1,\"id\":\"national\",\"name\":{\"zh\":"
			  "\"z\",\"en\":\"e\"},\"services\":{}}",
			  "lacks service");
	/* Two packs listing each other's parent codes would loop. */
	{
		static const char a[] =
			"{\"format\":1,\"id\":\"610100\",\"codes\":"
			"[\"610100\",\"610200\"],\"name\":{\"zh\":\"z\","
			"\"en\":\"e\"},\"services\":{}}";
		static const char b[] =
			"{\"format\":1,\"id\":\"610201\",\"codes\":"
			"[\"610201\",\"610000\"],\"name\":{\"zh\":\"z\","
			"\"en\":\"e\"},\"services\":{}}";
		assert_ssc_ok(ssc_rulebook_load_json(rb, a, strlen(a)));
		expect_load_error(rb, b, "would loop");
		assert_string_equal(ssc_rulebook_resolve(rb, "610201"),
				    "610100");
		assert_int_equal(ssc_rulebook_point_count(rb, "610201"), 0);
	}
	/* Nothing changed: 610300 still falls back to national. */
	assert_string_equal(ssc_rulebook_resolve(rb, "610300"), "national");
	assert_ssc_error(ssc_rulebook_load_file(rb, "/nonexistent.json"),
			 SSC_EOS);
	ssc_rulebook_free(rb);
	ssc_ctx_free(ctx);
}

static void
test_rules_load_deployment_pack(void **state)
{
	/* A deployment pack for Xi'an: PIN reset only at windows, and a
	 * Nanning override that removes the district-hall restriction. */
	static const char xian[] =
		PACK_HEAD
		"\"services\":{\"pin_reset\":{\"channels\":[\"window\"],"
		"\"source\":\"local notice\",\"rules\":[{\"id\":\"extra\","
		"\"source\":\"local notice 2\",\"note\":{\"zh\":\"带卡\","
		"\"en\":\"bring the card\"}}]}}}";
	ssc_ctx *ctx = ssc_test_ctx(&clock_, NULL, "610113");
	ssc_rulebook *rb = NULL;
	ssc_verdict *v = NULL;
	struct built b;
	(void)state;
	assert_ssc_ok(ssc_rulebook_new(&rb, ctx));
	assert_ssc_ok(ssc_rulebook_load_json(rb, xian, strlen(xian)));
	build(&b, "a=holder c=kiosk d=ss_card:holder:original");
	assert_ssc_ok(ssc_rules_check(&v, rb, SSC_SERVICE_PIN_RESET, &b.sit));
	assert_string_equal(ssc_verdict_pack(v), "610100");
	assert_true(ssc_verdict_has_reason(v, "channel_not_open"));
	assert_string_equal(ssc_verdict_reason(v, 0)->source, "local notice");
	assert_true(has_note(v, "extra"));
	ssc_verdict_free(v);
	/* Replacing the pack keeps old verdicts valid; a new pack applies. */
	assert_ssc_ok(ssc_rules_check(&v, rb, SSC_SERVICE_PIN_RESET, &b.sit));
	assert_ssc_ok(ssc_rulebook_load_json(rb, xian, strlen(xian)));
	assert_string_equal(ssc_verdict_reason(v, 0)->text_en,
			    "this service is not offered on this channel");
	ssc_verdict_free(v);
	/* Built-in data files load as deployment files too. */
	char path[1024];
	snprintf(path, sizeof path, "%s/data/rules/500000.json",
		 getenv("SSC_SOURCE_ROOT"));
	assert_ssc_ok(ssc_rulebook_load_file(rb, path));
	ssc_rulebook_free(rb);
	ssc_ctx_free(ctx);
}

static void
test_rules_service_points(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(&clock_, NULL, NULL);
	ssc_rulebook *rb = NULL;
	ssc_service_point pt = SSC_SERVICE_POINT_INIT;
	size_t banks = 0;
	(void)state;
	assert_ssc_ok(ssc_rulebook_new(&rb, ctx));
	/* 002: fourteen halls, the eight city halls take batches. */
	assert_int_equal(ssc_rulebook_point_count(rb, "450103"), 14);
	assert_ssc_ok(ssc_rulebook_point(&pt, rb, "450103", 0));
	assert_string_equal(pt.id, "nn-jinhu");
	assert_string_equal(pt.address, "东悦巷6号");
	assert_string_equal(pt.pack, "450100");
	assert_true(pt.capabilities & SSC_POINT_BATCH);
	assert_true(pt.capabilities & SSC_POINT_DISTRICT_HALL);
	assert_ssc_ok(ssc_rulebook_point(&pt, rb, "450100", 13));
	assert_string_equal(pt.name, "武鸣区人力资源社会保障服务大厅");
	assert_false(pt.capabilities & SSC_POINT_BATCH);
	assert_ssc_error(ssc_rulebook_point(&pt, rb, "450100", 14),
			 SSC_ENOTFOUND);
	/* 004: 29 instant-issuance bank outlets with bank codes. */
	assert_int_equal(ssc_rulebook_point_count(rb, "430682"), 29);
	for (size_t i = 0; i < 29; i++) {
		assert_ssc_ok(ssc_rulebook_point(&pt, rb, "430682", i));
		assert_string_equal(pt.kind, "bank");
		assert_true(pt.bank[0] != '\0');
		assert_true(pt.capabilities & SSC_POINT_INSTANT_ISSUE);
		banks += !strcmp(pt.bank, "LXRCB");
	}
	assert_int_equal(banks, 15);
	/* 000/001: window 7 and windows 1-2 of the Liujiang hall. */
	assert_int_equal(ssc_rulebook_point_count(rb, "450206"), 3);
	assert_ssc_ok(ssc_rulebook_point(&pt, rb, "450206", 1));
	assert_string_equal(pt.hall, "lj-hall");
	assert_string_equal(pt.phone, "0772-7215669");
	assert_non_null(strstr(pt.hours, "13:00-16:00"));
	assert_int_equal(ssc_rulebook_point_count(rb, NULL), 0);
	pt.version = 0;
	assert_ssc_error(ssc_rulebook_point(&pt, rb, "430682", 0),
			 SSC_EVERSION);
	ssc_rulebook_free(rb);
	ssc_ctx_free(ctx);
}

static void
test_rules_alloc_failures(void **state)
{
	(void)state;
	for (long k = 1; k < 200; k++) {
		ssc_test_alloc a = { 0, 0, k, 0 };
		ssc_ctx *ctx = ssc_test_ctx(&clock_, &a, "500000");
		ssc_rulebook *rb = NULL;
		ssc_verdict *v = NULL;
		struct built b;
		if (!ctx)
			continue;
		build(&b, "a=agent c=window b=20150101 "
			  "d=household_register:holder:original");
		if (ssc_rulebook_new(&rb, ctx) == SSC_OK) {
			if (ssc_rules_check(&v, rb, SSC_SERVICE_APPLY,
					    &b.sit) == SSC_OK)
				ssc_verdict_free(v);
			ssc_rulebook_free(rb);
		}
		ssc_ctx_free(ctx);
		assert_int_equal(a.live, 0);
	}
}

int
main(void)
{
	static const struct CMUnitTest api[] = {
		cmocka_unit_test(test_rules_conditions_hold_in_every_pack),
		cmocka_unit_test(test_rules_every_reason_listed),
		cmocka_unit_test(test_rules_deadline_from_clock),
		cmocka_unit_test(test_rules_deadline_outside_calendar),
		cmocka_unit_test(test_rules_bad_arguments),
		cmocka_unit_test(test_rules_age_thresholds),
		cmocka_unit_test(test_rules_format_chinese),
		cmocka_unit_test(test_rules_resolve),
		cmocka_unit_test(test_rules_linxiang_29_outlets),
		cmocka_unit_test(test_rules_load_errors),
		cmocka_unit_test(test_rules_load_deployment_pack),
		cmocka_unit_test(test_rules_service_points),
		cmocka_unit_test(test_rules_alloc_failures),
	};
	enum { N_SEED = sizeof seed_cases / sizeof seed_cases[0] };
	struct CMUnitTest seeds[N_SEED];
	int failures;

	for (size_t i = 0; i < N_SEED; i++) {
		memset(&seeds[i], 0, sizeof seeds[i]);
		seeds[i].name = seed_cases[i].name;
		seeds[i].test_func = test_seed_case;
		seeds[i].initial_state = (void *)&seed_cases[i];
	}
	failures = _cmocka_run_group_tests("seed statements", seeds, N_SEED,
					   NULL, NULL);
	failures += cmocka_run_group_tests_name("rules API", api, NULL, NULL);
	return failures;
}
