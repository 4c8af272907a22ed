/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Concurrency (argv[1]: memory or sqlite): several threads, each with its
 * own context, store handle and registry on one shared store, make calls
 * on the same card at once; conflicts are retried, every call is applied
 * exactly once, and the journal chain stays intact.
 */
#include <pthread.h>

#include "registry_fx.h"

#define THREADS 4
#define CALLS 15

struct worker {
	const char *uri;
	const char *card_id;
	int index;
	int failures;
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_store_options so = SSC_STORE_OPTIONS_INIT;
	ssc_registry_options ro = SSC_REGISTRY_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	ssc_registry *reg = NULL;
	int i;

	o.region = "500000";
	so.data_key = fx_key;
	so.data_key_len = 32;
	so.index_key = fx_ikey;
	so.index_key_len = 32;
	ro.max_attempts = 200;
	if (ssc_ctx_new(&ctx, &o) ||
	    ssc_registry_open_uri(&reg, ctx, w->uri, &so, &ro)) {
		w->failures = CALLS;
		ssc_ctx_free(ctx);
		return NULL;
	}
	for (i = 0; i < CALLS; i++) {
		ssc_request q = SSC_REQUEST_INIT;
		ssc_result *r = NULL;
		char rid[64];

		snprintf(rid, sizeof(rid), "thr-%d-%d", w->index, i);
		q.request_id = rid;
		q.card_id = w->card_id;
		q.actor = SSC_ACTOR_HOLDER;
		q.channel = SSC_CHANNEL_ONLINE;
		if (ssc_registry_status_query(&r, reg, &q) != SSC_OK)
			w->failures++;
		ssc_result_free(r);
	}
	ssc_registry_free(reg);
	ssc_ctx_free(ctx);
	return NULL;
}

static void
test_registry_threads_share_a_card(void **state)
{
	struct fx f;
	char id[40], uri[300];
	pthread_t th[THREADS];
	struct worker w[THREADS];
	int i;

	(void)state;
	memset(&f, 0, sizeof(f));
	if (strcmp(fx_backend, "sqlite") == 0) {
		assert_int_equal(fx_open(&f, "500000", false), 0);
		snprintf(uri, sizeof(uri), "sqlite:%s", f.path);
	} else {
		/* a named memory store every handle of the process shares */
		ssc_store_options so = SSC_STORE_OPTIONS_INIT;

		f.clock.now_ms = FX_T0;
		f.ctx = ssc_test_ctx(&f.clock, NULL, "500000");
		so.data_key = fx_key;
		so.data_key_len = 32;
		so.index_key = fx_ikey;
		so.index_key_len = 32;
		snprintf(uri, sizeof(uri), "memory:threads-%d", (int)getpid());
		assert_ssc_ok(ssc_store_open(&f.store, f.ctx, uri, &so));
		assert_ssc_ok(ssc_registry_open(&f.reg, f.ctx, f.store, NULL));
	}
	fx_issue(&f, "500101", 1, SSC_CARD_STATE_ACTIVE, id);
	for (i = 0; i < THREADS; i++) {
		w[i].uri = uri;
		w[i].card_id = id;
		w[i].index = i;
		w[i].failures = 0;
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	assert_int_equal(fx_journal_len(&f, id), 6 + THREADS * CALLS);
	fx_close(&f);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_threads_share_a_card),
	};

	fx_parse_args(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
