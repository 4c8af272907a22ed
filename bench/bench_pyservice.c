/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The C side of the Python service-overhead benchmark (issue 11, "Python
 * binding call overhead for a lifecycle service"): the same registry
 * service sequence bench/service_py.py makes through the Python binding.
 *
 *   ssc-bench-pyservice URI NCARDS PAIRS
 *
 * Opens a registry by URI ("memory:" or "sqlite:PATH"; SQLite with
 * synchronous=NORMAL so that the disk sync does not hide the binding's
 * cost) in a Context of region 450102, issues NCARDS cards (apply,
 * approve, start production (instant), finish production, collect,
 * activate social security: untimed), runs 50 untimed warm-up pairs, then
 * times PAIRS pairs of report loss + cancel loss on card i % NCARDS, each
 * service its own request id.  Prints one JSON line with µs per service,
 * wall clock and process CPU time.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <socialcard/socialcard.h>

#define REGION "450102"
#define WARMUP 50

static const uint8_t data_key[32] = "bench data key, not a secret...";
static const uint8_t index_key[32] = "bench index key, not a secret..";

static const ssc_presented_doc holder_docs[] = {
	{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
	{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
};
static const ssc_presented_material holder_mats[] = {
	{ "photo", 0 },
	{ "application_form", SSC_MATERIAL_SIGNED },
	{ "fee_payment", 0 },
};
static const char *const evidence_refs[] = { "scan:bench", "scene:bench",
					     "sig:bench" };
static const char *const names[] = { "王伟", "李芳", "张娜", "刘秀英",
				     "陈敏", "杨静", "黄丽", "赵强" };

static uint64_t idbase;
static uint64_t seq;

static void
fail(const char *what, ssc_status rc)
{
	const ssc_error *e = ssc_error_last();

	fprintf(stderr, "ssc-bench-pyservice: %s: %s (%d): %s\n", what,
		ssc_strerror(rc), rc, e && e->message ? e->message : "");
}

/* The request bench/service_py.py builds (HOLDER / SYSTEM there). */
static ssc_request
request(char rid[64], const char *card_id, int actor)
{
	ssc_request q;

	ssc_request_init(&q, SSC_REQUEST_VERSION);
	snprintf(rid, 64, "bench-%016" PRIx64 "-%" PRIu64, idbase, seq++);
	q.request_id = rid;
	q.card_id = card_id;
	q.actor = actor;
	q.channel = SSC_CHANNEL_WINDOW;
	q.acceptance_operator = "op-a";
	q.processing_operator = "op-b";
	if (actor == SSC_ACTOR_HOLDER) {
		q.actor_doc_type = SSC_DOC_RESIDENT_ID;
		q.actor_doc_number = "450102199001011234";
		q.docs = holder_docs;
		q.n_docs = sizeof(holder_docs) / sizeof(holder_docs[0]);
		q.materials = holder_mats;
		q.n_materials = sizeof(holder_mats) / sizeof(holder_mats[0]);
		q.evidence = SSC_EVIDENCE_CREDENTIAL_IMAGES |
			     SSC_EVIDENCE_SCENE_IMAGES |
			     SSC_EVIDENCE_SIGNATURE;
		q.evidence_refs = evidence_refs;
		q.n_evidence_refs =
			sizeof(evidence_refs) / sizeof(evidence_refs[0]);
	}
	return q;
}

typedef ssc_status (*service_fn)(ssc_result **, ssc_registry *,
				 const ssc_request *);

static ssc_status
service(ssc_registry *reg, service_fn fn, const char *card_id, int actor,
	int production)
{
	ssc_result *r = NULL;
	char rid[64];
	ssc_request q = request(rid, card_id, actor);
	ssc_status rc;

	q.production = production;
	rc = fn(&r, reg, &q);
	ssc_result_free(r);
	return rc;
}

/* Card i: a holder born 1990 in REGION, taken to ACTIVE. */
static ssc_status
issue(ssc_registry *reg, ssc_ctx *ctx, unsigned i, char out[64])
{
	ssc_person *p = NULL;
	ssc_result *r = NULL;
	ssc_request q;
	char id[19], rid[64];
	unsigned month = 1 + i / 1000 / 28 % 12, day = 1 + i / 1000 % 28;
	ssc_status rc;

	snprintf(id, sizeof(id), "%s1990%02u%02u%03u", REGION, month, day,
		 i % 1000);
	id[17] = ssc_idnumber_check_char(id);
	id[18] = '\0';
	if ((rc = ssc_person_new(&p, ctx)) < 0 ||
	    (rc = ssc_person_set_id_number(p, id)) < 0 ||
	    (rc = ssc_person_set_name(p, names[i % 8])) < 0 ||
	    (rc = ssc_person_set_birth_date(p, 19900000 + month * 100 +
						       day)) < 0 ||
	    (rc = ssc_person_set_insured(p, SSC_INSURED_YES, NULL)) < 0)
		goto out;
	q = request(rid, NULL, SSC_ACTOR_HOLDER);
	q.bank_code = "ICBC";
	if ((rc = ssc_registry_apply(&r, reg, &q, p)) < 0)
		goto out;
	snprintf(out, 64, "%s", ssc_result_card_id(r));
	if ((rc = service(reg, ssc_registry_approve, out, SSC_ACTOR_SYSTEM,
			  0)) < 0 ||
	    (rc = service(reg, ssc_registry_start_production, out,
			  SSC_ACTOR_SYSTEM, SSC_PRODUCTION_INSTANT)) < 0 ||
	    (rc = service(reg, ssc_registry_finish_production, out,
			  SSC_ACTOR_SYSTEM, 0)) < 0 ||
	    (rc = service(reg, ssc_registry_collect, out, SSC_ACTOR_HOLDER,
			  0)) < 0 ||
	    (rc = service(reg, ssc_registry_activate_ss, out,
			  SSC_ACTOR_HOLDER, 0)) < 0)
		goto out;
out:
	ssc_result_free(r);
	ssc_person_free(p);
	return rc;
}

static ssc_status
pair(ssc_registry *reg, const char *card_id)
{
	ssc_status rc;

	if ((rc = service(reg, ssc_registry_report_loss, card_id,
			  SSC_ACTOR_HOLDER, 0)) < 0) {
		fail("report loss", rc);
		return rc;
	}
	if ((rc = service(reg, ssc_registry_cancel_loss, card_id,
			  SSC_ACTOR_HOLDER, 0)) < 0)
		fail("cancel loss", rc);
	return rc;
}

int
main(int argc, char **argv)
{
	ssc_ctx_options co = SSC_CTX_OPTIONS_INIT;
	ssc_store_options so = SSC_STORE_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	ssc_registry *reg = NULL;
	char (*ids)[64] = NULL;
	struct timespec a, b, ca, cb;
	unsigned n;
	long k;
	ssc_status rc;
	int ret = 1;

	if (argc != 4 || (n = (unsigned)atoi(argv[2])) == 0 ||
	    (k = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: ssc-bench-pyservice URI NCARDS PAIRS\n");
		return 2;
	}
	if (getrandom(&idbase, sizeof(idbase), 0) != (ssize_t)sizeof(idbase))
		idbase = (uint64_t)time(NULL);
	co.region = REGION;
	so.data_key = data_key;
	so.data_key_len = sizeof(data_key);
	so.data_key_id = 1;
	so.index_key = index_key;
	so.index_key_len = sizeof(index_key);
	so.sync = SSC_STORE_SYNC_NORMAL;
	if ((rc = ssc_ctx_new(&ctx, &co)) < 0) {
		fail("ssc_ctx_new", rc);
		return 1;
	}
	if ((rc = ssc_registry_open_uri(&reg, ctx, argv[1], &so, NULL)) < 0) {
		fail("ssc_registry_open_uri", rc);
		goto out;
	}
	if (!(ids = calloc(n, sizeof(*ids))))
		goto out;
	for (unsigned i = 0; i < n; i++)
		if ((rc = issue(reg, ctx, i, ids[i])) < 0) {
			fail("issue", rc);
			goto out;
		}
	for (long i = 0; i < WARMUP; i++)
		if (pair(reg, ids[(unsigned long)i % n]) < 0)
			goto out;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < k; i++)
		if (pair(reg, ids[(unsigned long)(i + WARMUP) % n]) < 0)
			goto out;
	clock_gettime(CLOCK_MONOTONIC, &b);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
	printf("{\"side\": \"c\", \"uri\": \"%s\", \"cards\": %u, "
	       "\"services\": %ld, \"us_per_service\": %.3f, "
	       "\"cpu_us_per_service\": %.3f}\n",
	       strncmp(argv[1], "sqlite:", 7) == 0 ? "sqlite:" : argv[1], n,
	       2 * k,
	       ((double)(b.tv_sec - a.tv_sec) * 1e6 +
		(double)(b.tv_nsec - a.tv_nsec) / 1e3) / (double)(2 * k),
	       ((double)(cb.tv_sec - ca.tv_sec) * 1e6 +
		(double)(cb.tv_nsec - ca.tv_nsec) / 1e3) / (double)(2 * k));
	ret = 0;
out:
	free(ids);
	ssc_registry_free(reg);
	ssc_ctx_free(ctx);
	return ret;
}
