/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target `lifecycle`: random sequences of service calls on one card
 * in an in-memory registry (each input byte picks a service, the actor,
 * the channel and whether the clock moves or due-time processing runs),
 * checking after every call: the state is a legal one, the journal grew
 * by exactly the entries of the accepted calls and its chain verifies,
 * the e-card mirrors the card, a card that is lost / replaced / cancelled
 * / expired with a number is on the national invalid list, and a refused
 * call changed nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socialcard/socialcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef ssc_status (*svc_fn)(ssc_result **, ssc_registry *,
			     const ssc_request *);

static const svc_fn svcs[] = {
	ssc_registry_approve,         ssc_registry_reject_photo,
	ssc_registry_resubmit_photo,  ssc_registry_generate_data,
	ssc_registry_batch_to_individual, ssc_registry_start_production,
	ssc_registry_finish_production, ssc_registry_mail,
	ssc_registry_deliver,         ssc_registry_collect,
	ssc_registry_activate_ss,     ssc_registry_activate_financial,
	ssc_registry_activate_transfer, ssc_registry_report_loss,
	ssc_registry_cancel_loss,     ssc_registry_replace_lost,
	ssc_registry_replace_damaged, ssc_registry_reissue,
	ssc_registry_info_change,     ssc_registry_pin_change,
	ssc_registry_pin_reset,       ssc_registry_pin_blocked,
	ssc_registry_unlock,          ssc_registry_status_query,
	ssc_registry_cancel,          ssc_registry_rollback,
};
#define N_SVCS (sizeof(svcs) / sizeof(svcs[0]))

static const ssc_presented_doc docs[] = {
	{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
	{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
	{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_AGENT },
	{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_AGENT },
};
static const ssc_presented_material mats[] = {
	{ "photo", 0 },
	{ "application_form", SSC_MATERIAL_SIGNED },
	{ "fee_payment", 0 },
	{ "undertaking", SSC_MATERIAL_SIGNED },
	{ "face_verification", 0 },
};

static int64_t now_ms = 1740967200000LL;

static int64_t
clock_fn(void *payload)
{
	(void)payload;
	return now_ms;
}

static void
request(ssc_request *q, const char *rid, const char *card, uint8_t b)
{
	static const int actors[] = { SSC_ACTOR_HOLDER, SSC_ACTOR_AGENT,
				      SSC_ACTOR_EMPLOYER_AGENT,
				      SSC_ACTOR_SYSTEM };
	static const int channels[] = { SSC_CHANNEL_WINDOW, SSC_CHANNEL_ONLINE,
					SSC_CHANNEL_BANK, SSC_CHANNEL_PHONE };

	ssc_request_init(q, SSC_REQUEST_VERSION);
	q->request_id = rid;
	q->card_id = card;
	q->actor = b & 0x80 ? actors[(b >> 5) & 3] : SSC_ACTOR_HOLDER;
	q->channel = b & 0x80 ? channels[(b >> 3) & 3] : SSC_CHANNEL_WINDOW;
	q->outlet_bank = "ICBC";
	q->docs = docs;
	q->n_docs = 4;
	q->materials = mats;
	q->n_materials = sizeof(mats) / sizeof(mats[0]);
	q->evidence = 7;
	q->reason = (b & 1) ? "fuzz" : NULL;
	q->changes = (b & 2) ? SSC_CHANGE_PHONE : SSC_CHANGE_NAME;
	q->new_phone = "13800000000";
	q->production = (b >> 2) & 3;
	q->acceptance_operator = "op-a";
	q->processing_operator = (b & 0x40) ? "op-a" : "op-b";
}

static void
check(ssc_registry *reg, const char *card_id, size_t expect_entries)
{
	ssc_store *st = ssc_registry_store(reg);
	ssc_card *c = NULL;
	size_t n = 0;
	int s;

	if (ssc_registry_load_card(&c, reg, card_id) != SSC_OK)
		abort();
	s = ssc_card_get_state(c);
	if (s < SSC_CARD_STATE_SUBMITTED || s > SSC_CARD_STATE_EXPIRED)
		abort();
	if (ssc_card_ecard_state(c) != SSC_ECARD_STATE_NONE &&
	    ssc_card_ecard_state(c) != s)
		abort();
	if (ssc_journal_verify(&n, st, card_id) != SSC_OK ||
	    n != expect_entries)
		abort();
	if (ssc_card_number(c) &&
	    (s == SSC_CARD_STATE_REPORTED_LOST ||
	     s == SSC_CARD_STATE_REPLACED || s == SSC_CARD_STATE_EXPIRED ||
	     s == SSC_CARD_STATE_CANCELLED)) {
		ssc_store_invalid_entry e = SSC_STORE_INVALID_ENTRY_INIT;

		if (ssc_store_invalid_lookup(&e, st, SSC_INVALID_LEVEL_NATIONAL,
					     "", ssc_card_number(c)) != SSC_OK)
			abort();
		ssc_store_invalid_entry_dispose(&e);
	}
	ssc_card_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ssc_ctx *ctx;
	static ssc_registry *reg;
	static unsigned long serial;
	ssc_person *p = NULL;
	ssc_result *r = NULL;
	ssc_request q;
	char rid[64], card[40], id[19];
	size_t entries, i;

	if (!ctx) {
		ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;

		o.region = "500000";
		o.clock = clock_fn;
		if (ssc_ctx_new(&ctx, &o) != SSC_OK)
			return 0;
	}
	if (reg && serial % 128 == 0) {
		ssc_registry_free(reg);
		reg = NULL;
	}
	if (!reg &&
	    ssc_registry_open_uri(&reg, ctx, "memory:", NULL, NULL) != SSC_OK)
		return 0;
	serial++;
	snprintf(id, sizeof(id), "50010119900101%03lu", serial % 1000);
	id[17] = ssc_idnumber_check_char(id);
	id[18] = '\0';
	if (ssc_person_new(&p, ctx) || ssc_person_set_id_number(p, id) ||
	    ssc_person_set_birth_date(p, 19900101) ||
	    ssc_person_set_insured(p, SSC_INSURED_YES, NULL))
		goto done;
	snprintf(rid, sizeof(rid), "fz-%lu-apply", serial);
	request(&q, rid, NULL, size ? data[0] : 0);
	q.bank_code = "ICBC";
	if (ssc_registry_apply(&r, reg, &q, p) != SSC_OK)
		goto done;
	snprintf(card, sizeof(card), "%s", ssc_result_card_id(r));
	ssc_result_free(r);
	r = NULL;
	entries = 1;
	for (i = 0; i < size && i < 64; i++) {
		uint8_t b = data[i];
		ssc_status rc;
		int replay = (b & 0x0f) == 0x0f && i > 0;

		if ((b & 0x70) == 0x70) {
			size_t due = 0;

			now_ms += (int64_t)(b & 0x0f) * 12 * 3600 * 1000;
			size_t n = 0;

			if (ssc_registry_process_due(&due, reg) != SSC_OK)
				abort();
			/* at most one timed transition for this card */
			if (ssc_journal_verify(&n, ssc_registry_store(reg),
					       card) != SSC_OK ||
			    n < entries || n > entries + 1 ||
			    (n > entries && due == 0))
				abort();
			entries = n;
			check(reg, card, entries);
			continue;
		}
		if (!replay)
			snprintf(rid, sizeof(rid), "fz-%lu-%zu", serial, i);
		request(&q, rid, card, b);
		rc = svcs[b % N_SVCS](&r, reg, &q);
		if (rc == SSC_OK && !ssc_result_replayed(r)) {
			entries += ssc_result_event(r) ==
						   SSC_EVENT_ACTIVATE_LINKED
					   ? 2
					   : 1;
		}
		ssc_result_free(r);
		r = NULL;
		check(reg, card, entries);
	}
done:
	ssc_result_free(r);
	ssc_person_free(p);
	return 0;
}
