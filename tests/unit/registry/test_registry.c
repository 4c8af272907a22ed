/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Registry scenarios from the seeds, run on the backend named by argv[1]
 * (memory or sqlite): window issuance, Nanning loss / cancel / replacement,
 * who may act (PIN change / reset, financial activation, online
 * application by an agent), the Chongqing batch with 96-hour
 * auto-activation, rollback, idempotency, final states, separation of
 * duties, the journal chain and its tamper detection.
 */
#include "registry_fx.h"

#define CQ "500000"
#define NN "450100"

static int
setup_cq(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || fx_open(f, CQ, false))
		return -1;
	*state = f;
	return 0;
}

static int
setup_nn(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || fx_open(f, NN, false))
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	fx_close(f);
	free(f);
	return 0;
}

static void
test_registry_window_issuance(void **state)
{
	struct fx *f = *state;
	char id[40];
	ssc_store_mirror m = SSC_STORE_MIRROR_INIT;
	ssc_buf js = SSC_BUF_INIT;
	ssc_card *c = NULL;

	fx_issue(f, "500101", 1, SSC_CARD_STATE_ACTIVE, id);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
	assert_int_equal(fx_journal_len(f, id), 6);
	assert_ssc_ok(ssc_store_mirror_load(&m, f->store, id));
	assert_int_equal(m.state, SSC_CARD_STATE_ACTIVE);
	ssc_store_mirror_dispose(&m);
	assert_ssc_ok(ssc_registry_load_card(&c, f->reg, id));
	assert_non_null(ssc_card_number(c));
	assert_int_equal(ssc_card_fin_state(c),
			 SSC_FIN_STATE_AWAITING_ACTIVATION);
	assert_int_equal(ssc_card_pin_state(c), SSC_PIN_STATE_NORMAL);
	assert_int_equal(ssc_card_ecard_state(c), SSC_CARD_STATE_ACTIVE);
	ssc_card_free(c);
	/* the journal export masks the actor's number */
	assert_ssc_ok(ssc_journal_export(&js, f->store, id));
	assert_null(strstr(js.ptr, "500101199001011234"));
	assert_non_null(strstr(js.ptr, "\"event\":\"activate_ss\""));
	assert_non_null(strstr(js.ptr, "\"operator\":\"op-a\""));
	assert_non_null(strstr(js.ptr, "sig:pad-1"));
	ssc_buf_dispose(&js);
}

static void
test_registry_one_card_per_person(void **state)
{
	struct fx *f = *state;
	ssc_person *p = fx_person(f, "500101", 19900101, 7);
	ssc_request q;
	ssc_result *r = NULL;

	q = fx_req(f, NULL, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_apply(&fx_r, f->reg, &q, p));
	q = fx_req(f, NULL, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_apply(&r, f->reg, &q, p),
			 SSC_ENOTELIGIBLE);
	assert_non_null(r);
	assert_true(ssc_verdict_has_reason(ssc_result_verdict(r),
					   "application_pending"));
	assert_null(ssc_result_entry_id(r));
	ssc_result_free(r);
	ssc_person_free(p);
}

static void
test_registry_nanning_loss_then_cancel(void **state)
{
	struct fx *f = *state;
	char id[40];
	ssc_request q;
	ssc_card *c = NULL;
	ssc_store_invalid_entry e = SSC_STORE_INVALID_ENTRY_INIT;
	char num[16];

	fx_issue(f, "450102", 2, SSC_CARD_STATE_ACTIVE, id);
	assert_ssc_ok(ssc_registry_load_card(&c, f->reg, id));
	snprintf(num, sizeof(num), "%s", ssc_card_number(c));
	ssc_card_free(c);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_report_loss(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_REPORTED_LOST);
	assert_ssc_ok(ssc_store_invalid_lookup(
		&e, f->store, SSC_INVALID_LEVEL_NATIONAL, "", num));
	assert_string_equal(e.reason, "lost");
	ssc_store_invalid_entry_dispose(&e);
	assert_ssc_ok(ssc_store_invalid_lookup(
		&e, f->store, SSC_INVALID_LEVEL_PROVINCIAL, "450000", num));
	ssc_store_invalid_entry_dispose(&e);
	assert_ssc_ok(ssc_store_invalid_lookup(
		&e, f->store, SSC_INVALID_LEVEL_MUNICIPAL, "450100", num));
	ssc_store_invalid_entry_dispose(&e);

	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_cancel_loss(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
	assert_ssc_error(ssc_store_invalid_lookup(
				 &e, f->store, SSC_INVALID_LEVEL_NATIONAL, "",
				 num),
			 SSC_ENOTFOUND);
	assert_int_equal(fx_journal_len(f, id), 8);
}

static void
test_registry_nanning_replacement_blocks_cancel(void **state)
{
	struct fx *f = *state;
	char id[40], nid[40];
	ssc_request q;
	ssc_result *r = NULL;
	ssc_card *c = NULL;
	size_t n;

	fx_issue(f, "450102", 3, SSC_CARD_STATE_ACTIVE, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_report_loss(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.fee_fen = 2000;
	assert_ssc_ok(ssc_registry_replace_lost(&r, f->reg, &q));
	assert_non_null(ssc_result_new_card_id(r));
	snprintf(nid, sizeof(nid), "%s", ssc_result_new_card_id(r));
	ssc_result_free(r);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_REPLACED);
	assert_int_equal(fx_state(f, nid), SSC_CARD_STATE_SUBMITTED);
	assert_ssc_ok(ssc_registry_load_card(&c, f->reg, nid));
	assert_string_equal(ssc_card_replaces(c), id);
	ssc_card_free(c);
	assert_ssc_ok(ssc_registry_load_card(&c, f->reg, id));
	assert_string_equal(ssc_card_replaced_by(c), nid);
	assert_int_equal(ssc_card_fin_state(c), SSC_FIN_STATE_CLOSED);
	ssc_card_free(c);

	/* 解挂 after a replacement was applied for: refused, nothing written */
	n = fx_journal_len(f, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_cancel_loss(&r, f->reg, &q),
			 SSC_ETRANSITION);
	assert_int_equal(fx_journal_len(f, id), n);
	/* and the new card goes on through production */
	q = fx_req(f, nid, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_approve(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, nid), SSC_CARD_STATE_APPROVED);
}

static void
test_registry_pin_change_agent_refused_reset_allowed(void **state)
{
	struct fx *f = *state;
	static const ssc_presented_doc agent_docs[] = {
		{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
		{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_AGENT },
	};
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;

	fx_issue(f, "500101", 4, SSC_CARD_STATE_ACTIVE, id);
	q = fx_req(f, id, SSC_ACTOR_AGENT, SSC_CHANNEL_WINDOW);
	q.docs = agent_docs;
	q.n_docs = 2;
	assert_ssc_error(ssc_registry_pin_change(&r, f->reg, &q),
			 SSC_ENOTELIGIBLE);
	assert_true(ssc_verdict_has_reason(ssc_result_verdict(r),
					   "pin_change_holder_only"));
	ssc_result_free(r);
	r = NULL;
	q = fx_req(f, id, SSC_ACTOR_AGENT, SSC_CHANNEL_WINDOW);
	q.docs = agent_docs;
	q.n_docs = 2;
	FX_OK(ssc_registry_pin_reset(&fx_r, f->reg, &q));
	/* the chip blocks the PIN; unlock at the window */
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_pin_blocked(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_pin_change(&r, f->reg, &q),
			 SSC_ETRANSITION);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_unlock(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_pin_change(&fx_r, f->reg, &q));
}

static void
test_registry_financial_activation_holder_only(void **state)
{
	struct fx *f = *state;
	static const ssc_presented_doc docs[] = {
		{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
		{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
		{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_AGENT },
	};
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;
	ssc_lc_states st;

	fx_issue(f, "500101", 5, SSC_CARD_STATE_ISSUED, id);
	q = fx_req(f, id, SSC_ACTOR_AGENT, SSC_CHANNEL_BANK);
	q.outlet_bank = "ICBC";
	q.docs = docs;
	q.n_docs = 3;
	assert_ssc_error(ssc_registry_activate_financial(&r, f->reg, &q),
			 SSC_ENOTELIGIBLE);
	assert_false(ssc_verdict_allowed(ssc_result_verdict(r)));
	ssc_result_free(r);
	r = NULL;
	/* the holder in person: financial active, and the SS function by
	 * linked activation in the same commit */
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_BANK);
	q.outlet_bank = "ICBC";
	q.docs = docs;
	q.n_docs = 2;
	assert_ssc_ok(ssc_registry_activate_financial(&r, f->reg, &q));
	assert_ssc_ok(ssc_result_states(&st, r));
	assert_int_equal(st.fin, SSC_FIN_STATE_ACTIVE);
	assert_int_equal(st.card, SSC_CARD_STATE_ACTIVE);
	assert_int_equal(ssc_result_event(r), SSC_EVENT_ACTIVATE_LINKED);
	ssc_result_free(r);
	assert_int_equal(fx_journal_len(f, id), 7);
}

static void
test_registry_online_agent_adult_refused_minor_allowed(void **state)
{
	struct fx *f = *state;
	static const ssc_presented_doc adult_docs[] = {
		{ SSC_DOC_RESIDENT_ID, SSC_FORM_ELECTRONIC, SSC_PARTY_HOLDER },
		{ SSC_DOC_RESIDENT_ID, SSC_FORM_ELECTRONIC, SSC_PARTY_AGENT },
	};
	static const ssc_presented_doc minor_docs[] = {
		{ SSC_DOC_HOUSEHOLD_REGISTER, SSC_FORM_ELECTRONIC,
		  SSC_PARTY_HOLDER },
		{ SSC_DOC_RESIDENT_ID, SSC_FORM_ELECTRONIC, SSC_PARTY_AGENT },
	};
	static const ssc_presented_material photo[] = { { "photo", 0 } };
	ssc_person *adult = fx_person(f, "500101", 19900101, 8);
	ssc_person *minor = fx_person(f, "500101", 20150101, 9);
	ssc_request q;
	ssc_result *r = NULL;
	char id[40];

	q = fx_req(f, NULL, SSC_ACTOR_AGENT, SSC_CHANNEL_ONLINE);
	q.docs = adult_docs;
	q.n_docs = 2;
	q.materials = photo;
	q.n_materials = 1;
	assert_ssc_error(ssc_registry_apply(&r, f->reg, &q, adult),
			 SSC_ENOTELIGIBLE);
	assert_true(ssc_verdict_has_reason(ssc_result_verdict(r),
					   "online_agent_adult"));
	ssc_result_free(r);
	r = NULL;
	q = fx_req(f, NULL, SSC_ACTOR_AGENT, SSC_CHANNEL_ONLINE);
	q.docs = minor_docs;
	q.n_docs = 2;
	assert_ssc_ok(ssc_registry_apply(&r, f->reg, &q, minor));
	snprintf(id, sizeof(id), "%s", ssc_result_card_id(r));
	ssc_result_free(r);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_PHOTO_REVIEW);
	/* photo review: reject (reason needed), resubmit, approve */
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_ONLINE);
	assert_ssc_error(ssc_registry_reject_photo(&r, f->reg, &q),
			 SSC_EINVAL);
	q.reason = "background not white";
	FX_OK(ssc_registry_reject_photo(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_PHOTO_REJECTED);
	q = fx_req(f, id, SSC_ACTOR_AGENT, SSC_CHANNEL_ONLINE);
	FX_OK(ssc_registry_resubmit_photo(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_ONLINE);
	FX_OK(ssc_registry_approve(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_APPROVED);
	/* online production: 5 working days (Mon 3 Mar → Mon 10 Mar) */
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_ONLINE);
	q.production = SSC_PRODUCTION_ONLINE;
	assert_ssc_ok(ssc_registry_start_production(&r, f->reg, &q));
	assert_true(ssc_result_deadline(r) >= FX_T0 + 7 * 24 * FX_HOUR - 10 * FX_HOUR);
	assert_true(ssc_result_deadline(r) <= FX_T0 + 8 * 24 * FX_HOUR);
	ssc_result_free(r);
	ssc_person_free(adult);
	ssc_person_free(minor);
}

static void
test_registry_idempotency(void **state)
{
	struct fx *f = *state;
	char id[40], entry[40];
	ssc_request q;
	ssc_result *r = NULL;
	size_t n;

	fx_issue(f, "500101", 10, SSC_CARD_STATE_ACTIVE, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_ok(ssc_registry_report_loss(&r, f->reg, &q));
	assert_false(ssc_result_replayed(r));
	snprintf(entry, sizeof(entry), "%s", ssc_result_entry_id(r));
	ssc_result_free(r);
	n = fx_journal_len(f, id);
	/* the same request again: the first result, nothing changed */
	assert_ssc_ok(ssc_registry_report_loss(&r, f->reg, &q));
	assert_true(ssc_result_replayed(r));
	assert_string_equal(ssc_result_entry_id(r), entry);
	assert_int_equal(ssc_result_event(r), SSC_EVENT_REPORT_LOSS);
	ssc_result_free(r);
	assert_int_equal(fx_journal_len(f, id), n);
	/* the same id for a different request */
	q.channel = SSC_CHANNEL_PHONE;
	assert_ssc_error(ssc_registry_report_loss(&r, f->reg, &q),
			 SSC_EIDEMPOTENCY);
	q.channel = SSC_CHANNEL_WINDOW;
	assert_ssc_error(ssc_registry_cancel_loss(&r, f->reg, &q),
			 SSC_EIDEMPOTENCY);
	assert_int_equal(fx_journal_len(f, id), n);
	/* bad requests */
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.request_id = "";
	assert_ssc_error(ssc_registry_status_query(&r, f->reg, &q),
			 SSC_EINVAL);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.version = SSC_REQUEST_VERSION + 1;
	assert_ssc_error(ssc_registry_status_query(&r, f->reg, &q),
			 SSC_EVERSION);
	q = fx_req(f, "not-a-uuid", SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_status_query(&r, f->reg, &q),
			 SSC_EINVAL);
	q = fx_req(f, "00000000-0000-4000-8000-000000000000",
		   SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_status_query(&r, f->reg, &q),
			 SSC_ENOTFOUND);
}

static void
test_registry_final_states_refuse(void **state)
{
	struct fx *f = *state;
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;
	size_t n;
	ssc_store_invalid_entry e = SSC_STORE_INVALID_ENTRY_INIT;
	ssc_card *c = NULL;

	fx_issue(f, "500101", 11, SSC_CARD_STATE_ACTIVE, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_cancel(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_CANCELLED);
	assert_ssc_ok(ssc_registry_load_card(&c, f->reg, id));
	assert_ssc_ok(ssc_store_invalid_lookup(&e, f->store,
					       SSC_INVALID_LEVEL_MUNICIPAL,
					       "500000", ssc_card_number(c)));
	assert_string_equal(e.reason, "cancelled");
	ssc_store_invalid_entry_dispose(&e);
	ssc_card_free(c);
	n = fx_journal_len(f, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_report_loss(&r, f->reg, &q),
			 SSC_ETRANSITION);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_activate_ss(&r, f->reg, &q),
			 SSC_ETRANSITION);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.reason = "mistake";
	assert_ssc_error(ssc_registry_rollback(&r, f->reg, &q),
			 SSC_ETRANSITION);
	assert_int_equal(fx_journal_len(f, id), n);
	/* the status query stays possible: journaled, nothing changes */
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_status_query(&fx_r, f->reg, &q));
	assert_int_equal(fx_journal_len(f, id), n + 1);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_CANCELLED);
}

static void
test_registry_rollback_last_reversible_step(void **state)
{
	struct fx *f = *state;
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;

	fx_issue(f, "500101", 12, SSC_CARD_STATE_ACTIVE, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_rollback(&r, f->reg, &q), SSC_EINVAL);
	q.reason = "activated the wrong card";
	FX_OK(ssc_registry_rollback(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ISSUED);
	/* the rollback itself is not reversible */
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.reason = "again";
	assert_ssc_error(ssc_registry_rollback(&r, f->reg, &q),
			 SSC_ETRANSITION);
	/* a collection rolled back withdraws the e-card */
	{
		char id2[40];
		ssc_store_mirror m = SSC_STORE_MIRROR_INIT;

		fx_issue(f, "500101", 23, SSC_CARD_STATE_ISSUED, id2);
		q = fx_req(f, id2, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
		q.reason = "handed to the wrong person";
		FX_OK(ssc_registry_rollback(&fx_r, f->reg, &q));
		assert_int_equal(fx_state(f, id2),
				 SSC_CARD_STATE_AWAITING_COLLECTION);
		assert_ssc_ok(ssc_store_mirror_load(&m, f->store, id2));
		assert_int_equal(m.state, SSC_ECARD_STATE_NONE);
		ssc_store_mirror_dispose(&m);
	}
}

static void
test_registry_separation_of_duties(void **state)
{
	struct fx *f = *state;
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;
	ssc_registry *shared = NULL;
	ssc_registry_options o = SSC_REGISTRY_OPTIONS_INIT;

	fx_issue(f, "500101", 13, SSC_CARD_STATE_ISSUED, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.processing_operator = "op-a";
	assert_ssc_error(ssc_registry_activate_ss(&r, f->reg, &q), SSC_EDUTY);
	/* across calls of one case */
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.case_id = "case-13";
	q.processing_operator = NULL;
	FX_OK(ssc_registry_status_query(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.case_id = "case-13";
	q.acceptance_operator = NULL;
	q.processing_operator = NULL;
	q.feedback_operator = "op-a";
	assert_ssc_error(ssc_registry_activate_ss(&r, f->reg, &q), SSC_EDUTY);
	/* a pack that allows one operator in several posts */
	o.shared_post_packs = "450100,500000";
	o.journal_hash = SSC_JOURNAL_HASH_SM3;
	assert_ssc_ok(ssc_registry_open(&shared, f->ctx, f->store, &o));
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.processing_operator = "op-a";
	FX_OK(ssc_registry_activate_ss(&fx_r, shared, &q));
	ssc_registry_free(shared);
	/* SM3 and SHA-256 entries chain together */
	assert_int_equal(fx_journal_len(f, id), 7);
}

static void
test_registry_journal_tamper_detected(void **state)
{
	struct fx *f = *state;
	char id[40];
	ssc_store_iter *it = NULL;
	const ssc_store_journal_entry *e;
	ssc_store_journal_entry ents[16];
	uint8_t *data[16];
	size_t n = 0, bad = 99, i;

	fx_issue(f, "500101", 14, SSC_CARD_STATE_ACTIVE, id);
	assert_ssc_ok(ssc_store_iter_journal(&it, f->store, id, NULL, 0));
	while (ssc_store_iter_next_journal(&e, it) == SSC_OK && e && n < 16) {
		ents[n] = *e;
		data[n] = malloc(e->data_len);
		memcpy(data[n], e->data, e->data_len);
		ents[n].data = data[n];
		ents[n].hash = malloc(e->hash_len);
		memcpy((uint8_t *)ents[n].hash, e->hash, e->hash_len);
		ents[n].entry_id = strdup(e->entry_id);
		n++;
	}
	ssc_store_iter_free(it);
	assert_int_equal(n, 6);
	assert_ssc_ok(ssc_journal_verify_entries(&bad, ents, n));
	/* change one byte of entry 3's data */
	data[2][10] ^= 1;
	assert_ssc_error(ssc_journal_verify_entries(&bad, ents, n),
			 SSC_ECORRUPT);
	assert_int_equal(bad, 2);
	data[2][10] ^= 1;
	/* drop an entry */
	assert_ssc_error(ssc_journal_verify_entries(&bad, ents + 1, n - 1),
			 SSC_ECORRUPT);
	/* swap two entries */
	{
		ssc_store_journal_entry t = ents[3];

		ents[3] = ents[4];
		ents[4] = t;
		assert_ssc_error(ssc_journal_verify_entries(&bad, ents, n),
				 SSC_ECORRUPT);
		ents[4] = ents[3];
		ents[3] = t;
	}
	assert_ssc_ok(ssc_journal_verify_entries(NULL, ents, n));
	for (i = 0; i < n; i++) {
		free(data[i]);
		free((void *)ents[i].hash);
		free((void *)ents[i].entry_id);
	}
}

/* Rewrite the journal tail the card record carries (field 0xF0: 8-byte
 * sequence, then the 33-byte hash), as if the journal had lost or changed
 * its last entry relative to the record. */
static void
fx_set_tail(struct fx *f, const char *id, int64_t dseq, int flip)
{
	ssc_store_card sc = SSC_STORE_CARD_INIT, in = SSC_STORE_CARD_INIT;
	ssc_store_txn *txn = NULL;
	uint8_t rec[4096];
	size_t pos = 6, flen;
	bool found = false;
	int i;

	assert_ssc_ok(ssc_store_load_by_id(&sc, f->store, id));
	assert_true(sc.record_len <= sizeof(rec));
	memcpy(rec, sc.record, sc.record_len);
	while (pos + 3 <= sc.record_len) {
		flen = (size_t)rec[pos + 1] << 8 | rec[pos + 2];
		if (rec[pos] == 0xF0) {
			uint64_t v = 0;

			assert_int_equal(flen, 8 + SSC_JOURNAL_HASH_LEN);
			for (i = 0; i < 8; i++)
				v = v << 8 | rec[pos + 3 + i];
			v = (uint64_t)((int64_t)v + dseq);
			for (i = 0; i < 8; i++)
				rec[pos + 3 + i] = (uint8_t)(v >> (56 - 8 * i));
			rec[pos + 3 + 8 + 20] ^= (uint8_t)flip;
			found = true;
		}
		pos += 3 + flen;
	}
	assert_true(found);
	in.card_id = sc.card_id;
	in.card_number = sc.card_number;
	in.holder_index = sc.holder_index;
	in.holder_index_len = sc.holder_index_len;
	in.region = sc.region;
	in.state = sc.state;
	in.record = rec;
	in.record_len = sc.record_len;
	assert_ssc_ok(ssc_store_txn_new(&txn, f->store));
	assert_ssc_ok(ssc_store_txn_set_card(txn, &in, sc.revision));
	assert_ssc_ok(ssc_store_commit(NULL, f->store, txn));
	ssc_store_txn_free(txn);
	ssc_store_card_dispose(&sc);
}

static void
test_registry_journal_tail_checked_by_each_call(void **state)
{
	struct fx *f = *state;
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;
	size_t n = 0;

	fx_issue(f, "500101", 15, SSC_CARD_STATE_ACTIVE, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_status_query(&fx_r, f->reg, &q));
	/* the record names a last entry the journal no longer has */
	fx_set_tail(f, id, 1, 0);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_status_query(&r, f->reg, &q),
			 SSC_ECORRUPT);
	assert_null(r);
	/* the journal has an entry after the one the record names */
	fx_set_tail(f, id, -2, 0);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_report_loss(&r, f->reg, &q),
			 SSC_ECORRUPT);
	/* the last entry is not the one whose hash the record carries */
	fx_set_tail(f, id, 1, 0x40);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_status_query(&r, f->reg, &q),
			 SSC_ECORRUPT);
	/* nothing was written by the refused calls */
	assert_ssc_ok(ssc_journal_verify(&n, f->store, id));
	assert_int_equal(n, 7);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
	/* the record and the journal agree again: calls chain on */
	fx_set_tail(f, id, 0, 0x40);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_report_loss(&fx_r, f->reg, &q));
	assert_ssc_ok(ssc_journal_verify(&n, f->store, id));
	assert_int_equal(n, 8);
	/* a query after the loss report: the cancellation finds the step
	 * to undo in the whole journal, not in the tail entry */
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_status_query(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_cancel_loss(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
	/* and straight after a loss report, from the tail entry */
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_report_loss(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_cancel_loss(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
	assert_ssc_ok(ssc_journal_verify(&n, f->store, id));
	assert_int_equal(n, 12);
}

static void
test_registry_info_change_non_key_only(void **state)
{
	struct fx *f = *state;
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;
	ssc_card *c = NULL;

	fx_issue(f, "500101", 15, SSC_CARD_STATE_ACTIVE, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.changes = SSC_CHANGE_NAME;
	assert_ssc_error(ssc_registry_info_change(&r, f->reg, &q),
			 SSC_ENOTELIGIBLE);
	assert_true(ssc_verdict_has_reason(ssc_result_verdict(r),
					   "key_info_change"));
	ssc_result_free(r);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.changes = SSC_CHANGE_PHONE;
	q.new_phone = "13800138000";
	FX_OK(ssc_registry_info_change(&fx_r, f->reg, &q));
	assert_ssc_ok(ssc_registry_load_card(&c, f->reg, id));
	assert_string_equal(ssc_person_phone(ssc_card_holder(c)),
			    "13800138000");
	ssc_card_free(c);
}

static const ssc_presented_doc employer_docs[] = {
	{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_AGENT },
};
static const ssc_presented_material employer_mats[] = {
	{ "batch_file", SSC_MATERIAL_ELECTRONIC },
	{ "batch_photos", 0 },
	{ "batch_id_scans", 0 },
	{ "unit_letter", SSC_MATERIAL_SEALED },
};

static void
employer(ssc_request *q)
{
	q->docs = employer_docs;
	q->n_docs = 1;
	q->materials = employer_mats;
	q->n_materials = 4;
	q->actor_doc_type = SSC_DOC_SS_CARD;
	q->actor_doc_number = "A12345678";
	q->batch_id = "batch-cq-1";
}

static void
test_registry_chongqing_batch_96h_auto_activation(void **state)
{
	struct fx *f = *state;
	ssc_person *p = fx_person(f, "500101", 19850101, 16);
	ssc_request q;
	ssc_result *r = NULL;
	char id[40];
	size_t applied = 99;
	int64_t due;

	q = fx_req(f, NULL, SSC_ACTOR_EMPLOYER_AGENT, SSC_CHANNEL_WINDOW);
	employer(&q);
	assert_ssc_ok(ssc_registry_apply(&r, f->reg, &q, p));
	assert_int_equal(ssc_result_event(r), SSC_EVENT_APPLY_BATCH);
	snprintf(id, sizeof(id), "%s", ssc_result_card_id(r));
	ssc_result_free(r);
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_approve(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_generate_data(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	q.production = SSC_PRODUCTION_BATCH;
	assert_ssc_ok(ssc_registry_start_production(&r, f->reg, &q));
	/* 10 working days from Mon 3 Mar 2025: Mon 17 Mar */
	assert_true(ssc_result_deadline(r) > FX_T0 + 13 * 24 * FX_HOUR);
	assert_true(ssc_result_deadline(r) < FX_T0 + 15 * 24 * FX_HOUR);
	ssc_result_free(r);
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_finish_production(&fx_r, f->reg, &q));
	f->clock.now_ms += 24 * FX_HOUR;
	q = fx_req(f, id, SSC_ACTOR_EMPLOYER_AGENT, SSC_CHANNEL_WINDOW);
	employer(&q);
	assert_ssc_ok(ssc_registry_collect(&r, f->reg, &q));
	due = ssc_result_deadline(r);
	assert_int_equal(due, f->clock.now_ms + 96 * FX_HOUR);
	ssc_result_free(r);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ISSUED);

	f->clock.now_ms += 95 * FX_HOUR;
	assert_ssc_ok(ssc_registry_process_due(&applied, f->reg));
	assert_int_equal(applied, 0);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ISSUED);
	f->clock.now_ms += 1 * FX_HOUR;
	assert_ssc_ok(ssc_registry_process_due(&applied, f->reg));
	assert_int_equal(applied, 1);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
	assert_ssc_ok(ssc_registry_process_due(&applied, f->reg));
	assert_int_equal(applied, 0);
	assert_int_equal(fx_journal_len(f, id), 7);
	ssc_person_free(p);
}

static void
test_registry_batch_to_individual(void **state)
{
	struct fx *f = *state;
	ssc_person *p = fx_person(f, "500101", 19850101, 17);
	ssc_request q;
	ssc_result *r = NULL;
	char id[40];

	q = fx_req(f, NULL, SSC_ACTOR_EMPLOYER_AGENT, SSC_CHANNEL_WINDOW);
	employer(&q);
	assert_ssc_ok(ssc_registry_apply(&r, f->reg, &q, p));
	snprintf(id, sizeof(id), "%s", ssc_result_card_id(r));
	ssc_result_free(r);
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_approve(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_generate_data(&fx_r, f->reg, &q));
	/* by an agent: refused */
	q = fx_req(f, id, SSC_ACTOR_AGENT, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_batch_to_individual(&r, f->reg, &q),
			 SSC_ENOTELIGIBLE);
	ssc_result_free(r);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_batch_to_individual(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_APPROVED);
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	q.production = SSC_PRODUCTION_FALLBACK;
	assert_ssc_ok(ssc_registry_start_production(&r, f->reg, &q));
	assert_int_equal(ssc_result_deadline(r), f->clock.now_ms + 24 * FX_HOUR);
	ssc_result_free(r);
	/* overdue production is flagged once by the due-time pass */
	f->clock.now_ms += 25 * FX_HOUR;
	{
		size_t applied = 0;

		assert_ssc_ok(ssc_registry_process_due(&applied, f->reg));
		assert_int_equal(applied, 1);
		assert_ssc_ok(ssc_registry_process_due(&applied, f->reg));
		assert_int_equal(applied, 0);
	}
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_IN_PRODUCTION);
	ssc_person_free(p);
}

static int
setup_lj(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || fx_open(f, "450221", false))
		return -1;
	*state = f;
	return 0;
}

/* 换领 of a damaged card: fee paid, the kiosk refuses without payment,
 * and the old card is listed as replaced; then 换发 with a photo change
 * needs the photo. */
static void
test_registry_replace_damaged_and_reissue(void **state)
{
	struct fx *f = *state;
	static const ssc_presented_doc card_doc[] = {
		{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
	};
	static const ssc_presented_material fee[] = { { "fee_payment", 0 } };
	char id[40], id2[40], nid[40];
	ssc_request q;
	ssc_result *r = NULL;
	ssc_card *c = NULL;
	ssc_store_invalid_entry e = SSC_STORE_INVALID_ENTRY_INIT;

	fx_issue(f, "500101", 18, SSC_CARD_STATE_ACTIVE, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_KIOSK);
	q.docs = card_doc;
	q.n_docs = 1;
	q.materials = NULL;
	q.n_materials = 0;
	assert_ssc_error(ssc_registry_replace_damaged(&r, f->reg, &q),
			 SSC_ENOTELIGIBLE);
	assert_true(ssc_verdict_missing_count(ssc_result_verdict(r)) > 0);
	ssc_result_free(r);
	r = NULL;
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.docs = card_doc;
	q.n_docs = 1;
	q.materials = fee;
	q.n_materials = 1;
	q.fee_fen = 2000;
	assert_ssc_ok(ssc_registry_replace_damaged(&r, f->reg, &q));
	snprintf(nid, sizeof(nid), "%s", ssc_result_new_card_id(r));
	ssc_result_free(r);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_REPLACED);
	assert_int_equal(fx_state(f, nid), SSC_CARD_STATE_SUBMITTED);
	assert_ssc_ok(ssc_registry_load_card(&c, f->reg, id));
	assert_ssc_ok(ssc_store_invalid_lookup(&e, f->store,
					       SSC_INVALID_LEVEL_PROVINCIAL,
					       "500000", ssc_card_number(c)));
	assert_string_equal(e.reason, "replaced");
	ssc_store_invalid_entry_dispose(&e);
	ssc_card_free(c);

	fx_issue(f, "500101", 19, SSC_CARD_STATE_ACTIVE, id2);
	q = fx_req(f, id2, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.docs = card_doc;
	q.n_docs = 1;
	q.materials = fee;
	q.n_materials = 1;
	q.facts = SSC_FACT_PHOTO_CHANGE;
	assert_ssc_error(ssc_registry_reissue(&r, f->reg, &q),
			 SSC_ENOTELIGIBLE);
	ssc_result_free(r);
	assert_int_equal(fx_state(f, id2), SSC_CARD_STATE_ACTIVE);
}

/* The employer's agent collecting for a batch is a changed agent: the
 * sealed letter is needed. */
static void
test_registry_changed_agent_needs_letter(void **state)
{
	struct fx *f = *state;
	static const ssc_presented_material letter[] = {
		{ "unit_letter", SSC_MATERIAL_SEALED },
	};
	ssc_person *p = fx_person(f, "500101", 19850101, 20);
	ssc_request q;
	ssc_result *r = NULL;
	char id[40];

	q = fx_req(f, NULL, SSC_ACTOR_EMPLOYER_AGENT, SSC_CHANNEL_WINDOW);
	employer(&q);
	assert_ssc_ok(ssc_registry_apply(&r, f->reg, &q, p));
	snprintf(id, sizeof(id), "%s", ssc_result_card_id(r));
	ssc_result_free(r);
	r = NULL;
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_approve(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	q.production = SSC_PRODUCTION_BATCH;
	FX_OK(ssc_registry_start_production(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_finish_production(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_EMPLOYER_AGENT, SSC_CHANNEL_WINDOW);
	employer(&q);
	q.facts = SSC_FACT_AGENT_CHANGED;
	q.materials = NULL;
	q.n_materials = 0;
	assert_ssc_error(ssc_registry_collect(&r, f->reg, &q),
			 SSC_ENOTELIGIBLE);
	ssc_result_free(r);
	q = fx_req(f, id, SSC_ACTOR_EMPLOYER_AGENT, SSC_CHANNEL_WINDOW);
	employer(&q);
	q.facts = SSC_FACT_AGENT_CHANGED;
	q.materials = letter;
	q.n_materials = 1;
	FX_OK(ssc_registry_collect(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ISSUED);
	ssc_person_free(p);
}

/* Liujiang: online activation needs face verification; transfer
 * activation needs the transfer; mail and delivery. */
static void
test_registry_liujiang_online_face_and_transfer(void **state)
{
	struct fx *f = *state;
	static const ssc_presented_material face[] = {
		{ "face_verification", 0 },
	};
	static const char *const face_ref[] = { "face:result-42" };
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;

	fx_issue(f, "450221", 21, SSC_CARD_STATE_AWAITING_COLLECTION, id);
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_MAIL);
	FX_OK(ssc_registry_mail(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_MAIL);
	FX_OK(ssc_registry_deliver(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ISSUED);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_ONLINE);
	q.docs = NULL;
	q.n_docs = 0;
	q.materials = NULL;
	q.n_materials = 0;
	assert_ssc_error(ssc_registry_activate_ss(&r, f->reg, &q),
			 SSC_ENOTELIGIBLE);
	assert_true(ssc_verdict_has_reason(ssc_result_verdict(r),
					   "face_verification_required"));
	ssc_result_free(r);
	r = NULL;
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_ONLINE);
	q.docs = NULL;
	q.n_docs = 0;
	q.materials = face;
	q.n_materials = 1;
	q.evidence_refs = face_ref;
	q.n_evidence_refs = 1;
	FX_OK(ssc_registry_activate_ss(&fx_r, f->reg, &q));
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
	/* transfer activation: only after a transfer */
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_error(ssc_registry_activate_transfer(&r, f->reg, &q),
			 SSC_ENOTELIGIBLE);
	ssc_result_free(r);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.facts = SSC_FACT_TRANSFERRED_IN;
	FX_OK(ssc_registry_activate_transfer(&fx_r, f->reg, &q));
}

/* A card whose expiry date passed expires at the next due-time pass and
 * goes on the invalid lists. */
static void
test_registry_expiry_by_due_processing(void **state)
{
	struct fx *f = *state;
	ssc_person *p = fx_person(f, "500101", 19900101, 22);
	ssc_request q;
	ssc_result *r = NULL;
	ssc_card *c = NULL;
	ssc_store_invalid_entry e = SSC_STORE_INVALID_ENTRY_INIT;
	char id[40];
	size_t due = 0;

	q = fx_req(f, NULL, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_ok(ssc_registry_apply(&r, f->reg, &q, p));
	snprintf(id, sizeof(id), "%s", ssc_result_card_id(r));
	ssc_result_free(r);
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_approve(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_start_production(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	q.expiry_date = 20250310;
	FX_OK(ssc_registry_finish_production(&fx_r, f->reg, &q));
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_collect(&fx_r, f->reg, &q));
	assert_ssc_ok(ssc_registry_process_due(&due, f->reg));
	assert_int_equal(due, 0);
	f->clock.now_ms += 8 * 24 * FX_HOUR; /* 11 March */
	assert_ssc_ok(ssc_registry_process_due(&due, f->reg));
	assert_int_equal(due, 1);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_EXPIRED);
	assert_ssc_ok(ssc_registry_load_card(&c, f->reg, id));
	assert_int_equal(ssc_card_ecard_state(c), SSC_CARD_STATE_EXPIRED);
	assert_ssc_ok(ssc_store_invalid_lookup(&e, f->store,
					       SSC_INVALID_LEVEL_NATIONAL, "",
					       ssc_card_number(c)));
	assert_string_equal(e.reason, "expired");
	ssc_store_invalid_entry_dispose(&e);
	ssc_card_free(c);
	assert_ssc_ok(ssc_registry_process_due(&due, f->reg));
	assert_int_equal(due, 0);
	ssc_person_free(p);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registry_window_issuance,
						setup_cq, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_one_card_per_person, setup_cq, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_nanning_loss_then_cancel, setup_nn,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_nanning_replacement_blocks_cancel,
			setup_nn, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_pin_change_agent_refused_reset_allowed,
			setup_cq, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_financial_activation_holder_only,
			setup_cq, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_online_agent_adult_refused_minor_allowed,
			setup_cq, teardown),
		cmocka_unit_test_setup_teardown(test_registry_idempotency,
						setup_cq, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_final_states_refuse, setup_cq, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_rollback_last_reversible_step, setup_cq,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_separation_of_duties, setup_cq, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_journal_tamper_detected, setup_cq,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_journal_tail_checked_by_each_call,
			setup_cq, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_info_change_non_key_only, setup_cq,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_chongqing_batch_96h_auto_activation,
			setup_cq, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_batch_to_individual, setup_cq, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_replace_damaged_and_reissue, setup_cq,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_changed_agent_needs_letter, setup_cq,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_liujiang_online_face_and_transfer,
			setup_lj, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_expiry_by_due_processing, setup_cq,
			teardown),
	};

	fx_parse_args(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
