/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Allocation-failure loop over the store API on the memory backend: the
 * k-th allocation fails, for k = 1, 2, … until the whole scenario runs
 * through.  Every failure must be SSC_ENOMEM, leak nothing, and leave the
 * store as it was (a commit either happened completely or not at all).
 */
#include <stdbool.h>

#include "test_common.h"

static const char card_id[] = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
static const char entry_id[] = "7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";

static ssc_status
scenario(ssc_ctx *ctx, ssc_test_alloc *al, long fail_at, bool *committed)
{
	ssc_store *st = NULL;
	ssc_store_txn *t = NULL;
	ssc_store_iter *it = NULL;
	ssc_store_card c = SSC_STORE_CARD_INIT, out = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry e = SSC_STORE_JOURNAL_ENTRY_INIT;
	ssc_store_invalid_entry inv = SSC_STORE_INVALID_ENTRY_INIT;
	ssc_store_mirror m = SSC_STORE_MIRROR_INIT;
	const ssc_store_journal_entry *pe;
	ssc_buf res = SSC_BUF_INIT;
	ssc_status rc;

	*committed = false;
	/* The store is opened before failures are armed, so that a failed
	 * commit can be checked against the same store afterwards. */
	if ((rc = ssc_store_open(&st, ctx, "memory:", NULL)) < 0)
		return rc;
	c.card_id = card_id;
	c.card_number = "OOM-1";
	c.holder_id = "500101199001011234";
	c.region = "500000";
	c.state = 1;
	c.record = (const uint8_t *)"record";
	c.record_len = 6;
	e.entry_id = entry_id;
	e.card_id = card_id;
	e.sequence = 1;
	e.service = "apply";
	e.data = (const uint8_t *)"data";
	e.data_len = 4;
	inv.level = SSC_INVALID_LEVEL_NATIONAL;
	inv.card_number = "OOM-1";
	inv.card_id = card_id;
	m.card_id = card_id;
	m.data = (const uint8_t *)"m";
	m.data_len = 1;

	al->calls = 0;
	al->failures = 0;
	al->fail_at = fail_at;
	rc = ssc_store_txn_new(&t, st);
	if (rc == SSC_OK)
		rc = ssc_store_txn_set_card(t, &c, 0);
	if (rc == SSC_OK)
		rc = ssc_store_txn_add_journal(t, &e);
	if (rc == SSC_OK)
		rc = ssc_store_txn_add_invalid(t, &inv);
	if (rc == SSC_OK)
		rc = ssc_store_txn_set_mirror(t, &m);
	if (rc == SSC_OK)
		rc = ssc_store_txn_set_request(t, "oom-req",
					       (const uint8_t *)"ok", 2);
	if (rc == SSC_OK) {
		rc = ssc_store_commit(NULL, st, t);
		*committed = rc == SSC_OK;
	}
	if (rc == SSC_OK)
		rc = ssc_store_load_by_id(&out, st, card_id);
	if (rc == SSC_OK)
		rc = ssc_store_iter_journal(&it, st, card_id, NULL, 0);
	if (rc == SSC_OK)
		rc = ssc_store_iter_next_journal(&pe, it);
	if (rc == SSC_OK)
		rc = ssc_store_request_lookup(&res, st, "oom-req");
	ssc_store_iter_free(it);
	ssc_store_card_dispose(&out);
	ssc_buf_dispose(&res);
	ssc_store_txn_free(t);
	al->fail_at = 0;

	/* All or nothing. */
	{
		ssc_store_card chk = SSC_STORE_CARD_INIT;
		ssc_store_mirror mm = SSC_STORE_MIRROR_INIT;
		ssc_buf r2 = SSC_BUF_INIT;
		ssc_status l1 = ssc_store_load_by_id(&chk, st, card_id);
		ssc_status l2 = ssc_store_mirror_load(&mm, st, card_id);
		ssc_status l3 = ssc_store_request_lookup(&r2, st, "oom-req");
		if (*committed) {
			assert_ssc_ok(l1);
			assert_ssc_ok(l2);
			assert_ssc_ok(l3);
		} else {
			assert_int_equal(l1, SSC_ENOTFOUND);
			assert_int_equal(l2, SSC_ENOTFOUND);
			assert_int_equal(l3, SSC_ENOTFOUND);
		}
		ssc_store_card_dispose(&chk);
		ssc_store_mirror_dispose(&mm);
		ssc_buf_dispose(&r2);
	}
	ssc_store_free(st);
	return rc;
}

static void
test_store_oom_loop(void **state)
{
	ssc_test_alloc al = { 0, 0, 0, 0 };
	long k;
	bool committed;
	(void)state;

	for (k = 1; k < 10000; k++) {
		ssc_ctx *ctx = ssc_test_ctx(NULL, &al, NULL);
		ssc_status rc;

		assert_non_null(ctx);
		rc = scenario(ctx, &al, k, &committed);
		ssc_ctx_free(ctx);
		assert_int_equal(al.live, 0);
		if (al.failures == 0) {
			assert_ssc_ok(rc);
			assert_true(committed);
			break;
		}
		if (rc != SSC_ENOMEM)
			fail_msg("k=%ld: expected SSC_ENOMEM, got %d (%s)", k,
				 rc, ssc_error_last()->message);
	}
	/* The scenario makes dozens of allocations; all were failed once. */
	assert_true(k > 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_oom_loop),
	};
	return cmocka_run_group_tests_name("store-oom", tests, NULL, NULL);
}
