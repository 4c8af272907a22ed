/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The transition table: every row walked and applied, final states
 * final, e-card mirroring, previous-state rows, facts, and the generated
 * documentation in doc/ matching the table.
 */
#include "test_common.h"

static ssc_lc_states
states_for(const ssc_transition *t)
{
	ssc_lc_states s = SSC_LC_STATES_INIT;

	s.card = t->from_state == SSC_LC_ANY ? SSC_CARD_STATE_ACTIVE
					     : t->from_state;
	s.fin = t->from_fin == SSC_LC_ANY ? SSC_FIN_STATE_NOT_OPENED
					  : t->from_fin;
	s.pin = t->from_pin == SSC_LC_ANY ? SSC_PIN_STATE_NORMAL : t->from_pin;
	if (s.card >= SSC_CARD_STATE_ISSUED)
		s.ecard = s.card;
	return s;
}

static void
test_lifecycle_walk_every_row(void **state)
{
	size_t i, n = ssc_lifecycle_row_count();
	int seen[SSC_EVENT_MAX + 1] = { 0 };

	(void)state;
	assert_true(n > 40);
	assert_null(ssc_lifecycle_row(n));
	for (i = 0; i < n; i++) {
		const ssc_transition *t = ssc_lifecycle_row(i), *got = NULL;
		ssc_lc_states from = states_for(t), to, prev = SSC_LC_STATES_INIT;

		assert_non_null(t);
		assert_non_null(ssc_event_name(t->event));
		assert_true(t->effects & SSC_EFFECT_JOURNAL);
		assert_non_null(t->note);
		if (t->service)
			assert_non_null(ssc_service_name(t->service));
		seen[t->event] = 1;
		/* No row leaves a final state except the query. */
		if (t->from_state != SSC_LC_ANY)
			assert_false(ssc_card_state_is_final(t->from_state));
		else
			assert_true(t->effects & SSC_EFFECT_QUERY);
		prev.card = SSC_CARD_STATE_SUBMITTED;
		prev.fin = SSC_FIN_STATE_NOT_OPENED;
		assert_ssc_ok(ssc_lifecycle_apply(&to, &got, &from, t->event,
						  &prev));
		/* The row found is this one or an earlier row of the event
		 * that matches the same states. */
		assert_true(got <= t);
		assert_int_equal(got->event, t->event);
		if (got != t)
			continue;
		if (t->to_state == SSC_LC_PREVIOUS) {
			assert_int_equal(to.card, prev.card);
		} else if (t->to_state == SSC_LC_SAME) {
			assert_int_equal(to.card, from.card);
		} else {
			assert_int_equal(to.card, t->to_state);
		}
		if (t->to_state != SSC_LC_PREVIOUS && t->to_pin != SSC_LC_SAME)
			assert_int_equal(to.pin, t->to_pin);
		if (t->to_state != SSC_LC_PREVIOUS && t->to_fin != SSC_LC_SAME &&
		    !ssc_card_state_is_final(to.card))
			assert_int_equal(to.fin, t->to_fin);
		/* The e-card mirrors the card once it exists. */
		if (to.ecard != SSC_ECARD_STATE_NONE)
			assert_int_equal(to.ecard, to.card);
		if (t->effects & SSC_EFFECT_ECARD_ISSUE)
			assert_int_equal(to.ecard, to.card);
		if (t->effects & SSC_EFFECT_QUERY) {
			assert_int_equal(to.card, from.card);
			assert_int_equal(to.fin, from.fin);
			assert_int_equal(to.pin, from.pin);
		}
		if (ssc_card_state_is_final(to.card))
			assert_true(t->effects & SSC_EFFECT_MIRROR);
		if (to.card == SSC_CARD_STATE_REPLACED ||
		    to.card == SSC_CARD_STATE_EXPIRED ||
		    to.card == SSC_CARD_STATE_REPORTED_LOST)
			assert_true(t->effects & SSC_EFFECT_INVALID_ADD);
	}
	for (i = 1; i <= SSC_EVENT_MAX; i++)
		assert_true(seen[i]);
}

static void
test_lifecycle_final_states_are_final(void **state)
{
	static const int finals[] = { SSC_CARD_STATE_REPLACED,
				      SSC_CARD_STATE_CANCELLED,
				      SSC_CARD_STATE_EXPIRED };
	size_t f;
	int ev;

	(void)state;
	for (f = 0; f < 3; f++) {
		ssc_lc_states s = SSC_LC_STATES_INIT, to, prev = SSC_LC_STATES_INIT;

		s.card = finals[f];
		s.fin = SSC_FIN_STATE_CLOSED;
		s.pin = SSC_PIN_STATE_NORMAL;
		prev.card = SSC_CARD_STATE_ACTIVE;
		for (ev = 1; ev <= SSC_EVENT_MAX; ev++) {
			if (ev == SSC_EVENT_STATUS_QUERY) {
				assert_ssc_ok(ssc_lifecycle_apply(&to, NULL, &s,
								  ev, &prev));
				assert_int_equal(to.card, s.card);
				continue;
			}
			assert_ssc_error(ssc_lifecycle_apply(&to, NULL, &s, ev,
							     &prev),
					 SSC_ETRANSITION);
		}
	}
}

static void
test_lifecycle_refuses_bad_input(void **state)
{
	ssc_lc_states s = SSC_LC_STATES_INIT, to;
	const ssc_transition *t;

	(void)state;
	assert_ssc_error(ssc_lifecycle_find(&t, &s, 0), SSC_EINVAL);
	assert_ssc_error(ssc_lifecycle_find(&t, &s, SSC_EVENT_MAX + 1),
			 SSC_EINVAL);
	assert_ssc_error(ssc_lifecycle_find(NULL, &s, SSC_EVENT_APPLY),
			 SSC_EINVAL);
	s.version = 0;
	assert_ssc_error(ssc_lifecycle_find(&t, &s, SSC_EVENT_APPLY),
			 SSC_EVERSION);
	s.version = SSC_LC_STATES_VERSION + 1;
	assert_ssc_error(ssc_lifecycle_apply(&to, NULL, &s, SSC_EVENT_APPLY,
					     NULL),
			 SSC_EVERSION);
	assert_ssc_error(ssc_lc_states_init(&s, 0), SSC_EVERSION);
	assert_ssc_ok(ssc_lc_states_init(&s, SSC_LC_STATES_VERSION));
	/* A PIN change with a locked PIN is not in the table. */
	s.card = SSC_CARD_STATE_ACTIVE;
	s.pin = SSC_PIN_STATE_LOCKED;
	assert_ssc_error(ssc_lifecycle_find(&t, &s, SSC_EVENT_PIN_CHANGE),
			 SSC_ETRANSITION);
	/* Previous-state rows need the previous states. */
	s.card = SSC_CARD_STATE_REPORTED_LOST;
	assert_ssc_error(ssc_lifecycle_apply(&to, NULL, &s,
					     SSC_EVENT_CANCEL_LOSS, NULL),
			 SSC_ETRANSITION);
}

static void
test_lifecycle_path_to_active_and_loss(void **state)
{
	static const int path[] = {
		SSC_EVENT_APPLY_BATCH,    SSC_EVENT_APPROVE,
		SSC_EVENT_GENERATE_DATA,  SSC_EVENT_START_PRODUCTION,
		SSC_EVENT_FINISH_PRODUCTION, SSC_EVENT_COLLECT_BATCH,
		SSC_EVENT_AUTO_ACTIVATE,  SSC_EVENT_ACTIVATE_FINANCIAL,
	};
	ssc_lc_states s = SSC_LC_STATES_INIT, n, before;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(path) / sizeof(path[0]); i++) {
		assert_ssc_ok(ssc_lifecycle_apply(&n, NULL, &s, path[i], NULL));
		s = n;
	}
	assert_int_equal(s.card, SSC_CARD_STATE_ACTIVE);
	assert_int_equal(s.fin, SSC_FIN_STATE_ACTIVE);
	assert_int_equal(s.pin, SSC_PIN_STATE_NORMAL);
	assert_int_equal(s.ecard, SSC_CARD_STATE_ACTIVE);
	assert_int_equal(ssc_lifecycle_facts(&s),
			 SSC_FACT_HAS_VALID_CARD | SSC_FACT_CARD_RECEIVED |
				 SSC_FACT_SS_ACTIVE | SSC_FACT_FINANCIAL_ACTIVE);
	before = s;
	assert_ssc_ok(ssc_lifecycle_apply(&n, NULL, &s, SSC_EVENT_REPORT_LOSS,
					  NULL));
	assert_int_equal(n.ecard, SSC_CARD_STATE_REPORTED_LOST);
	assert_true(ssc_lifecycle_facts(&n) & SSC_FACT_LOSS_REPORTED);
	s = n;
	assert_ssc_ok(ssc_lifecycle_apply(&n, NULL, &s, SSC_EVENT_CANCEL_LOSS,
					  &before));
	assert_int_equal(n.card, SSC_CARD_STATE_ACTIVE);
	assert_int_equal(n.ecard, SSC_CARD_STATE_ACTIVE);
	assert_ssc_ok(ssc_lifecycle_apply(&n, NULL, &s, SSC_EVENT_REPLACE_LOST,
					  NULL));
	assert_int_equal(n.card, SSC_CARD_STATE_REPLACED);
	assert_int_equal(n.fin, SSC_FIN_STATE_CLOSED);
	assert_int_equal(n.ecard, SSC_CARD_STATE_REPLACED);
}

static void
test_lifecycle_event_names_round_trip(void **state)
{
	int ev;

	(void)state;
	for (ev = 1; ev <= SSC_EVENT_MAX; ev++)
		assert_int_equal(ssc_event_from_name(ssc_event_name(ev)), ev);
	assert_int_equal(ssc_event_from_name("nope"), SSC_EVENT_UNSET);
	assert_int_equal(ssc_event_from_name(NULL), SSC_EVENT_UNSET);
	assert_null(ssc_event_name(0));
}

static char *
slurp(const char *rel)
{
	const char *root = getenv("SSC_SOURCE_ROOT");
	char path[4096];
	FILE *f;
	long n;
	char *s;

	snprintf(path, sizeof(path), "%s/%s", root ? root : ".", rel);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = calloc(1, (size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/* doc/lifecycle.md and doc/lifecycle.dot are generated from the table
 * (tests/unit/lifecycle/lifecycle_doc): they must not drift. */
static void
test_lifecycle_docs_match_table(void **state)
{
	ssc_buf md = SSC_BUF_INIT, dot = SSC_BUF_INIT;
	char *doc = slurp("doc/lifecycle.md"), *dotf = slurp("doc/lifecycle.dot");

	(void)state;
	assert_non_null(doc);
	assert_non_null(dotf);
	assert_ssc_ok(ssc_lifecycle_markdown(&md));
	assert_ssc_ok(ssc_lifecycle_dot(&dot));
	assert_non_null(strstr(doc, md.ptr));
	assert_string_equal(dotf, dot.ptr);
	ssc_buf_dispose(&md);
	ssc_buf_dispose(&dot);
	free(doc);
	free(dotf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifecycle_walk_every_row),
		cmocka_unit_test(test_lifecycle_final_states_are_final),
		cmocka_unit_test(test_lifecycle_refuses_bad_input),
		cmocka_unit_test(test_lifecycle_path_to_active_and_loss),
		cmocka_unit_test(test_lifecycle_event_names_round_trip),
		cmocka_unit_test(test_lifecycle_docs_match_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
