/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fixture shared by the registry programs: a context with a test clock
 * and counting allocator in a region, a store of the backend named on the
 * command line (memory or sqlite, optionally behind the fault-injecting
 * wrapper), a registry over it, and builders for persons and requests.
 */
#ifndef SSC_TEST_REGISTRY_FX_H
#define SSC_TEST_REGISTRY_FX_H

#include <unistd.h>

#include "test_common.h"
#include "fault_store.h"

/* 2025-03-03 10:00 China time, a Monday. */
#define FX_T0 1740967200000LL
#define FX_HOUR (3600LL * 1000)

static const char *fx_backend = "memory";

struct fx {
	ssc_test_clock clock;
	ssc_test_alloc alloc;
	ssc_ctx *ctx;
	ssc_store *store;
	ssc_store_backend *fault; /* when wrapped */
	ssc_registry *reg;
	char path[256];
	int seq;
	char ids[64][40];
	int n_ids;
};

static const uint8_t fx_key[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static const uint8_t fx_ikey[32] = { 11, 12, 13, 14, 15, 16, 17, 18 };

static inline int
fx_open(struct fx *f, const char *region, bool faulty)
{
	ssc_store_options o = SSC_STORE_OPTIONS_INIT;
	ssc_store_backend *be = NULL;

	f->clock.now_ms = FX_T0;
	f->ctx = ssc_test_ctx(&f->clock, &f->alloc, region);
	if (!f->ctx)
		return -1;
	o.data_key = fx_key;
	o.data_key_len = 32;
	o.index_key = fx_ikey;
	o.index_key_len = 32;
	if (strcmp(fx_backend, "sqlite") == 0) {
		snprintf(f->path, sizeof(f->path), "/tmp/ssc-reg-%d-%p.db",
			 (int)getpid(), (void *)f);
		unlink(f->path);
		if (ssc_store_backend_sqlite_new(&be, f->ctx, f->path, &o))
			return -1;
	} else if (ssc_store_backend_memory_new(&be, f->ctx, NULL)) {
		return -1;
	}
	if (faulty) {
		ssc_store_backend *fb = NULL;

		if (fault_store_new(&fb, f->ctx, be))
			return -1;
		be = fb;
		f->fault = fb;
	}
	if (ssc_store_new(&f->store, f->ctx, be, &o))
		return -1;
	if (ssc_registry_open(&f->reg, f->ctx, f->store, NULL))
		return -1;
	return 0;
}

static inline void
fx_close(struct fx *f)
{
	ssc_registry_free(f->reg);
	ssc_store_free(f->store);
	ssc_ctx_free(f->ctx);
	if (f->path[0]) {
		char p[300];

		unlink(f->path);
		snprintf(p, sizeof(p), "%s-wal", f->path);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", f->path);
		unlink(p);
	}
}

/* A fresh request id. */
static inline const char *
fx_id(struct fx *f)
{
	char *s = f->ids[f->n_ids++ % 64];

	snprintf(s, 40, "req-%s-%06d", fx_backend, ++f->seq);
	return s;
}

/* A person with a valid ID number: region code, birth date, serial. */
static inline ssc_person *
fx_person(struct fx *f, const char *region, uint32_t birth, int serial)
{
	ssc_person *p = NULL;
	char id[19];

	snprintf(id, sizeof(id), "%s%08u%03d", region, (unsigned)birth,
		 serial % 1000);
	id[17] = ssc_idnumber_check_char(id);
	id[18] = '\0';
	if (ssc_person_new(&p, f->ctx))
		return NULL;
	if (ssc_person_set_id_number(p, id) ||
	    ssc_person_set_name(p, "张三") ||
	    ssc_person_set_birth_date(p, birth) ||
	    ssc_person_set_insured(p, SSC_INSURED_YES, NULL)) {
		ssc_person_free(p);
		return NULL;
	}
	return p;
}

/* Documents and materials a well-prepared holder brings to a window. */
static const ssc_presented_doc fx_holder_docs[] = {
	{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
	{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
};
static const ssc_presented_material fx_holder_mats[] = {
	{ "photo", 0 },
	{ "application_form", SSC_MATERIAL_SIGNED },
	{ "fee_payment", 0 },
};
static const char *const fx_evidence[] = { "scan:cred-1", "scene:img-1",
					   "sig:pad-1" };

static inline ssc_request
fx_req(struct fx *f, const char *card_id, int actor, int channel)
{
	ssc_request q;

	ssc_request_init(&q, SSC_REQUEST_VERSION);
	q.request_id = fx_id(f);
	q.card_id = card_id;
	q.actor = actor;
	q.channel = channel;
	q.actor_doc_type = SSC_DOC_RESIDENT_ID;
	q.actor_doc_number = "500101199001011234";
	q.acceptance_operator = "op-a";
	q.processing_operator = "op-b";
	if (actor == SSC_ACTOR_HOLDER) {
		q.docs = fx_holder_docs;
		q.n_docs = 2;
		q.materials = fx_holder_mats;
		q.n_materials = sizeof(fx_holder_mats) / sizeof(fx_holder_mats[0]);
	}
	q.evidence = SSC_EVIDENCE_CREDENTIAL_IMAGES | SSC_EVIDENCE_SCENE_IMAGES |
		     SSC_EVIDENCE_SIGNATURE;
	q.evidence_refs = fx_evidence;
	q.n_evidence_refs = 3;
	return q;
}

/* Print the verdict of a refused result (debugging aid). */
static inline void
fx_print(const ssc_result *r)
{
	ssc_buf b = SSC_BUF_INIT;

	if (r && ssc_result_verdict(r) &&
	    ssc_verdict_format(&b, ssc_result_verdict(r), "en") == 0)
		print_message("%s\n", b.ptr);
	ssc_buf_dispose(&b);
}

/* Run a service that must succeed; returns the card state after it. */
#define FX_OK(call)                                                            \
	do {                                                                   \
		ssc_result *fx_r = NULL;                                       \
		int fx_rc = (call);                                            \
		if (fx_rc != SSC_OK) {                                         \
			fx_print(fx_r);                                        \
			ssc_test_print_error(#call, fx_rc);                    \
			fail_msg("%s failed", #call);                          \
		}                                                              \
		ssc_result_free(fx_r);                                         \
	} while (0)

static inline int
fx_state(struct fx *f, const char *card_id)
{
	ssc_card *c = NULL;
	int s;

	if (ssc_registry_load_card(&c, f->reg, card_id))
		return -1;
	s = ssc_card_get_state(c);
	ssc_card_free(c);
	return s;
}

static inline size_t
fx_journal_len(struct fx *f, const char *card_id)
{
	size_t n = 0;

	if (ssc_journal_verify(&n, f->store, card_id))
		return (size_t)-1;
	return n;
}

/* Apply at a window and take the card through production to `until`
 * (ISSUED or ACTIVE); the new card's id is copied to `out`. */
static inline void
fx_issue(struct fx *f, const char *region, int serial, int until,
	 char out[40])
{
	ssc_person *p = fx_person(f, region, 19900101, serial);
	ssc_result *r = NULL;
	ssc_request q;
	int rc;

	assert_non_null(p);
	q = fx_req(f, NULL, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.bank_code = "ICBC";
	rc = ssc_registry_apply(&r, f->reg, &q, p);
	if (rc) {
		fx_print(r);
		ssc_test_print_error("apply", rc);
		fail();
	}
	snprintf(out, 40, "%s", ssc_result_card_id(r));
	ssc_result_free(r);
	ssc_person_free(p);
	q = fx_req(f, out, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_approve(&fx_r, f->reg, &q));
	q = fx_req(f, out, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	q.production = SSC_PRODUCTION_INSTANT;
	FX_OK(ssc_registry_start_production(&fx_r, f->reg, &q));
	q = fx_req(f, out, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_finish_production(&fx_r, f->reg, &q));
	if (until == SSC_CARD_STATE_AWAITING_COLLECTION)
		return;
	q = fx_req(f, out, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_collect(&fx_r, f->reg, &q));
	if (until == SSC_CARD_STATE_ISSUED)
		return;
	q = fx_req(f, out, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_activate_ss(&fx_r, f->reg, &q));
}

static inline void
fx_parse_args(int argc, char **argv)
{
	if (argc > 1)
		fx_backend = argv[1];
}

#endif /* SSC_TEST_REGISTRY_FX_H */
