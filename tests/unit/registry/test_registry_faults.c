/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Atomicity of the registry's services (argv[1]: memory or sqlite): the
 * k-th store call of a service fails (every k in turn, and a commit broken
 * half-way) — an error is returned, no partial state is visible, and a
 * retry with the same request id applies the service exactly once.  Plus
 * an allocation-failure loop over a service.
 */
#include "registry_fx.h"

#define CQ "500000"

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || fx_open(f, CQ, true))
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

typedef ssc_status (*service_fn)(ssc_result **, ssc_registry *,
				 const ssc_request *);

struct svc {
	const char *name;
	int pre;        /* state the card is brought to first */
	service_fn fn;
	int post;       /* state after the service */
};

static void
prepare(struct fx *f, int serial, int pre, char id[40])
{
	ssc_request q;

	fx_issue(f, "500101", serial,
		 pre == SSC_CARD_STATE_REPORTED_LOST ? SSC_CARD_STATE_ACTIVE
						     : pre,
		 id);
	if (pre == SSC_CARD_STATE_REPORTED_LOST) {
		q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
		FX_OK(ssc_registry_report_loss(&fx_r, f->reg, &q));
	}
}

static void
run_faults(struct fx *f, const struct svc *s, int *serial)
{
	long k;

	for (k = 1; k < 200; k++) {
		char id[40], nid[40] = "";
		ssc_request q;
		ssc_result *r = NULL;
		size_t n;
		long before;
		int rc;

		prepare(f, (*serial)++, s->pre, id);
		n = fx_journal_len(f, id);
		q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
		before = fault_store_injected(f->fault);
		fault_store_arm(f->fault, FAULT_ANY, k, FAULT_FAIL, SSC_ESTORE);
		rc = s->fn(&r, f->reg, &q);
		fault_store_arm(f->fault, FAULT_ANY, 0, FAULT_FAIL, 0);
		if (fault_store_injected(f->fault) == before) {
			/* k is past the service's last store call */
			assert_int_equal(rc, SSC_OK);
			ssc_result_free(r);
			assert_true(k > 2);
			return;
		}
		assert_true(rc < 0);
		/* nothing partial on the card acted on */
		assert_int_equal(fx_state(f, id), s->pre);
		assert_int_equal(fx_journal_len(f, id), n);
		/* the retry applies once */
		assert_ssc_ok(s->fn(&r, f->reg, &q));
		assert_false(ssc_result_replayed(r));
		if (ssc_result_new_card_id(r))
			snprintf(nid, sizeof(nid), "%s",
				 ssc_result_new_card_id(r));
		ssc_result_free(r);
		assert_int_equal(fx_state(f, id), s->post);
		assert_int_equal(fx_journal_len(f, id), n + 1);
		assert_ssc_ok(s->fn(&r, f->reg, &q));
		assert_true(ssc_result_replayed(r));
		ssc_result_free(r);
		assert_int_equal(fx_journal_len(f, id), n + 1);
		if (nid[0]) {
			assert_int_equal(fx_state(f, nid),
					 SSC_CARD_STATE_SUBMITTED);
			assert_int_equal(fx_journal_len(f, nid), 1);
		}
	}
	fail_msg("%s: more than 200 store calls", s->name);
}

static void
test_registry_faults_every_store_call(void **state)
{
	static const struct svc svcs[] = {
		{ "report_loss", SSC_CARD_STATE_ACTIVE,
		  ssc_registry_report_loss, SSC_CARD_STATE_REPORTED_LOST },
		{ "activate_ss", SSC_CARD_STATE_ISSUED,
		  ssc_registry_activate_ss, SSC_CARD_STATE_ACTIVE },
		{ "replace_lost", SSC_CARD_STATE_REPORTED_LOST,
		  ssc_registry_replace_lost, SSC_CARD_STATE_REPLACED },
		{ "cancel", SSC_CARD_STATE_ACTIVE, ssc_registry_cancel,
		  SSC_CARD_STATE_CANCELLED },
	};
	struct fx *f = *state;
	int serial = 100;
	size_t i;

	for (i = 0; i < sizeof(svcs) / sizeof(svcs[0]); i++)
		run_faults(f, &svcs[i], &serial);
}

static void
test_registry_faults_apply(void **state)
{
	struct fx *f = *state;
	long k;
	int serial = 400;

	for (k = 1; k < 200; k++) {
		ssc_person *p = fx_person(f, "500101", 19900101, serial++);
		ssc_request q = fx_req(f, NULL, SSC_ACTOR_HOLDER,
				       SSC_CHANNEL_WINDOW);
		ssc_result *r = NULL;
		ssc_store_iter *it = NULL;
		const ssc_store_card *c = NULL;
		long before = fault_store_injected(f->fault);
		int rc;

		fault_store_arm(f->fault, FAULT_ANY, k, FAULT_FAIL, SSC_ESTORE);
		rc = ssc_registry_apply(&r, f->reg, &q, p);
		fault_store_arm(f->fault, FAULT_ANY, 0, FAULT_FAIL, 0);
		if (fault_store_injected(f->fault) == before) {
			assert_int_equal(rc, SSC_OK);
			ssc_result_free(r);
			ssc_person_free(p);
			return;
		}
		assert_true(rc < 0);
		/* no card row for the holder */
		assert_ssc_ok(ssc_store_iter_holder(
			&it, f->store, ssc_person_id_number(p)));
		assert_ssc_ok(ssc_store_iter_next_card(&c, it));
		assert_null(c);
		ssc_store_iter_free(it);
		assert_ssc_ok(ssc_registry_apply(&r, f->reg, &q, p));
		assert_int_equal(fx_journal_len(f, ssc_result_card_id(r)), 1);
		ssc_result_free(r);
		assert_ssc_ok(ssc_registry_apply(&r, f->reg, &q, p));
		assert_true(ssc_result_replayed(r));
		ssc_result_free(r);
		ssc_person_free(p);
	}
	fail_msg("apply: more than 200 store calls");
}

/* A commit broken after the card row was written: the backend rolls back. */
static void
test_registry_faults_broken_commit(void **state)
{
	struct fx *f = *state;
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;
	size_t n;

	prepare(f, 500, SSC_CARD_STATE_ACTIVE, id);
	n = fx_journal_len(f, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	fault_store_arm(f->fault, FAULT_COMMIT, 1, FAULT_BREAK_JOURNAL,
			SSC_ESTORE);
	assert_true(ssc_registry_report_loss(&r, f->reg, &q) < 0);
	fault_store_arm(f->fault, FAULT_COMMIT, 0, FAULT_FAIL, 0);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
	assert_int_equal(fx_journal_len(f, id), n);
	assert_ssc_ok(ssc_registry_report_loss(&r, f->reg, &q));
	ssc_result_free(r);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_REPORTED_LOST);
	assert_int_equal(fx_journal_len(f, id), n + 1);
}

/* Every allocation of a service fails in turn. */
static void
test_registry_faults_allocation(void **state)
{
	struct fx *f = *state;
	long k;
	int serial = 600;

	if (strcmp(fx_backend, "memory") != 0)
		skip();
	for (k = 1; k < 5000; k++) {
		char id[40];
		ssc_request q;
		ssc_result *r = NULL;
		size_t n;
		int rc;

		prepare(f, serial++, SSC_CARD_STATE_ACTIVE, id);
		n = fx_journal_len(f, id);
		q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
		f->alloc.fail_at = f->alloc.calls + k;
		rc = ssc_registry_report_loss(&r, f->reg, &q);
		f->alloc.fail_at = 0;
		if (rc == SSC_OK) {
			ssc_result_free(r);
			assert_true(k > 5);
			return;
		}
		assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
		assert_int_equal(fx_journal_len(f, id), n);
		assert_ssc_ok(ssc_registry_report_loss(&r, f->reg, &q));
		ssc_result_free(r);
		assert_int_equal(fx_journal_len(f, id), n + 1);
	}
	fail_msg("report_loss: more than 5000 allocations");
}

/* A concurrent change (the commit reports a conflict) is retried from
 * the load; with one attempt only the conflict is returned. */
static void
test_registry_faults_conflict_retried(void **state)
{
	struct fx *f = *state;
	ssc_registry *once = NULL;
	ssc_registry_options o = SSC_REGISTRY_OPTIONS_INIT;
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;
	size_t n;

	prepare(f, 700, SSC_CARD_STATE_ACTIVE, id);
	n = fx_journal_len(f, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	fault_store_arm(f->fault, FAULT_COMMIT, 1, FAULT_FAIL, SSC_ECONFLICT);
	assert_ssc_ok(ssc_registry_report_loss(&r, f->reg, &q));
	ssc_result_free(r);
	assert_int_equal(fx_journal_len(f, id), n + 1);

	o.max_attempts = 1;
	assert_ssc_ok(ssc_registry_open(&once, f->ctx, f->store, &o));
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	fault_store_arm(f->fault, FAULT_COMMIT, 1, FAULT_FAIL, SSC_ECONFLICT);
	assert_ssc_error(ssc_registry_cancel_loss(&r, once, &q),
			 SSC_ECONFLICT);
	fault_store_arm(f->fault, FAULT_COMMIT, 0, FAULT_FAIL, 0);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_REPORTED_LOST);
	assert_ssc_ok(ssc_registry_cancel_loss(&r, once, &q));
	ssc_result_free(r);
	ssc_registry_free(once);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_registry_faults_every_store_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry_faults_apply,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_faults_broken_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_faults_allocation, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_faults_conflict_retried, setup, teardown),
	};

	fx_parse_args(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
