/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Storage fault injection.  Usage: test_faults BACKEND (memory, sqlite,
 * postgresql; the last skips with 77 when not available).
 *
 * The store runs over the fault-injecting backend (tests/helpers/
 * fault_store.c) wrapped around the real one.  For every public store
 * operation and every k = 1, 2, … the k-th backend call of the operation
 * fails, until k passes the number of calls the operation makes.  For
 * each injected fault: the operation returns an error; a digest of the
 * whole store (read through a second, fault-free handle) is unchanged; a
 * retry without faults succeeds and -- for commits with a request id --
 * a second retry is refused with SSC_EEXISTS and the recorded result is
 * returned (idempotency).  Commits are also broken in the middle
 * (FAULT_BREAK_JOURNAL: the journal write fails after the card row was
 * written) and must roll back completely.  Reads must return exactly the
 * fault-free result after the retry.  Nothing may leak (counting
 * allocator).
 */
#include "rel_common.h"
#include "fault_store.h"

static const char *kind;
static char dir[256], uri[1400], location[1400];
static long faults, ops_checked;

/* ---- digest of the whole store --------------------------------------- */

static void
h_bytes(uint64_t *h, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;
	for (i = 0; i < n; i++) {
		*h ^= b[i];
		*h *= 1099511628211ull;
	}
	*h ^= 0xff;
	*h *= 1099511628211ull;
}

static void
h_str(uint64_t *h, const char *s)
{
	h_bytes(h, s ? s : "(null)", s ? strlen(s) : 6);
}

static void
h_int(uint64_t *h, long long v)
{
	h_bytes(h, &v, sizeof(v));
}

static const char *regions[] = { "", "110100", "450200" };

static uint64_t
digest(ssc_store *st)
{
	uint64_t h = 1469598103934665603ull;
	ssc_store_iter *it = NULL, *jt = NULL;
	const ssc_store_card *c;
	int level;
	size_t r;

	assert_ssc_ok(ssc_store_iter_cards(&it, st, -1, NULL, NULL, 0));
	for (;;) {
		ssc_store_mirror m = SSC_STORE_MIRROR_INIT;
		const ssc_store_journal_entry *e;
		char cid[37];
		assert_ssc_ok(ssc_store_iter_next_card(&c, it));
		if (!c)
			break;
		snprintf(cid, sizeof(cid), "%s", c->card_id);
		h_str(&h, c->card_id);
		h_str(&h, c->card_number);
		h_str(&h, c->region);
		h_int(&h, c->state);
		h_int(&h, c->revision);
		h_bytes(&h, c->record, c->record_len);
		h_bytes(&h, c->holder_index, c->holder_index_len);
		assert_ssc_ok(ssc_store_iter_journal(&jt, st, cid, NULL, 0));
		for (;;) {
			assert_ssc_ok(ssc_store_iter_next_journal(&e, jt));
			if (!e)
				break;
			h_str(&h, e->entry_id);
			h_int(&h, e->sequence);
			h_str(&h, e->request_id);
			h_str(&h, e->service);
			h_bytes(&h, e->data, e->data_len);
			if (e->request_id) {
				ssc_buf res = SSC_BUF_INIT;
				assert_ssc_ok(ssc_store_request_lookup(
					&res, st, e->request_id));
				h_bytes(&h, res.ptr, res.size);
				ssc_buf_dispose(&res);
			}
		}
		ssc_store_iter_free(jt);
		jt = NULL;
		if (ssc_store_mirror_load(&m, st, cid) == SSC_OK) {
			h_int(&h, m.state);
			h_bytes(&h, m.data, m.data_len);
			ssc_store_mirror_dispose(&m);
		}
	}
	ssc_store_iter_free(it);
	for (level = 1; level <= 3; level++)
		for (r = 0; r < 3; r++) {
			const ssc_store_invalid_entry *e;
			assert_ssc_ok(ssc_store_iter_invalid(
				&it, st, level, regions[r], NULL, 0));
			for (;;) {
				assert_ssc_ok(ssc_store_iter_next_invalid(&e, it));
				if (!e)
					break;
				h_int(&h, level);
				h_str(&h, e->card_number);
				h_str(&h, e->card_id);
				h_str(&h, e->reason);
			}
			ssc_store_iter_free(it);
		}
	return h;
}

/* ---- the operations -------------------------------------------------- */

enum {
	OP_CREATE, OP_UPDATE, OP_INVALID_ADD, OP_INVALID_REMOVE, OP_MIRROR,
	N_MUTATIONS
};
static const char *const mutation_names[N_MUTATIONS] = {
	"create", "update", "invalid-add", "invalid-remove", "mirror"
};

static char main_card[37];

/* One mutation instance (gen makes its ids unique). */
static ssc_status
mutate(ssc_store *st, int op, unsigned gen, char *req, size_t req_cap)
{
	ssc_store_card cur = SSC_STORE_CARD_INIT, c = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry e = SSC_STORE_JOURNAL_ENTRY_INIT;
	ssc_store_txn *t = NULL;
	char id[37], eid[37], number[32];
	int64_t base = 0;
	ssc_status rc;

	snprintf(req, req_cap, "f-%d-%u", op, gen);
	rel_uuid(eid, 0xe1000u + (unsigned)op, gen);
	if (op == OP_CREATE) {
		rel_uuid(id, 0xc1000u, gen);
		snprintf(number, sizeof(number), "F%07u", gen);
		c.card_id = id;
		c.card_number = number;
		c.holder_id = "110105194912310021";
		c.region = "110100";
		c.state = 1;
		c.record = (const uint8_t *)"record";
		c.record_len = 6;
	} else {
		if ((rc = ssc_store_load_by_id(&cur, st, main_card)) < 0)
			return rc;
		c = cur;
		c.owner = NULL;
		c.holder_id = NULL;
		c.state = (int)(cur.revision % REL_STATE_MAX) + 1;
		base = cur.revision;
	}
	e.entry_id = eid;
	e.card_id = c.card_id;
	e.sequence = base + 1;
	e.time_ms = 1700000000000 + gen;
	e.request_id = req;
	e.service = mutation_names[op];
	e.data = (const uint8_t *)req;
	e.data_len = strlen(req);
	rc = ssc_store_txn_new(&t, st);
	if (rc >= 0)
		rc = ssc_store_txn_set_card(t, &c, base);
	if (rc >= 0)
		rc = ssc_store_txn_add_journal(t, &e);
	if (rc >= 0)
		rc = ssc_store_txn_set_request(t, req, (const uint8_t *)eid, 36);
	if (rc >= 0 && op == OP_INVALID_ADD) {
		ssc_store_invalid_entry inv = SSC_STORE_INVALID_ENTRY_INIT;
		inv.level = 1 + (int)(gen % 3);
		inv.region = inv.level == 1 ? "" : "110100";
		inv.card_number = c.card_number;
		inv.card_id = c.card_id;
		inv.time_ms = 1700000000000;
		inv.reason = "lost";
		rc = ssc_store_txn_add_invalid(t, &inv);
	}
	if (rc >= 0 && op == OP_INVALID_REMOVE) {
		int level = 1 + (int)(gen % 3);
		rc = ssc_store_txn_remove_invalid(t, level,
						  level == 1 ? "" : "110100",
						  c.card_number);
	}
	if (rc >= 0 && op == OP_MIRROR) {
		ssc_store_mirror m = SSC_STORE_MIRROR_INIT;
		m.card_id = c.card_id;
		m.state = (int)gen % 4;
		m.time_ms = 1700000000000;
		m.data = (const uint8_t *)req;
		m.data_len = strlen(req);
		rc = ssc_store_txn_set_mirror(t, &m);
	}
	if (rc >= 0)
		rc = ssc_store_commit(NULL, st, t);
	ssc_store_txn_free(t);
	ssc_store_card_dispose(&cur);
	return rc;
}

enum {
	RD_LOAD_ID, RD_LOAD_NUMBER, RD_REQUEST, RD_INVALID, RD_MIRROR,
	RD_ITER_JOURNAL, RD_ITER_INVALID, RD_ITER_CARDS, RD_ITER_HOLDER,
	RD_HEALTH, N_READS
};
static const char *const read_names[N_READS] = {
	"load_by_id", "load_by_number", "request_lookup", "invalid_lookup",
	"mirror_load", "iter_journal", "iter_invalid", "iter_cards",
	"iter_holder", "health"
};

/* A read; *h gets a digest of what it returned. */
static ssc_status
do_read(ssc_store *st, int op, uint64_t *h)
{
	ssc_store_card c = SSC_STORE_CARD_INIT;
	ssc_store_invalid_entry inv = SSC_STORE_INVALID_ENTRY_INIT;
	ssc_store_mirror m = SSC_STORE_MIRROR_INIT;
	ssc_store_iter *it = NULL;
	ssc_buf b = SSC_BUF_INIT;
	ssc_status rc = SSC_OK;

	*h = 1469598103934665603ull;
	switch (op) {
	case RD_LOAD_ID:
	case RD_LOAD_NUMBER:
		rc = op == RD_LOAD_ID
			     ? ssc_store_load_by_id(&c, st, main_card)
			     : ssc_store_load_by_number(&c, st, "R00000000");
		if (rc == SSC_OK) {
			h_str(h, c.card_id);
			h_int(h, c.revision);
			h_bytes(h, c.record, c.record_len);
		}
		ssc_store_card_dispose(&c);
		break;
	case RD_REQUEST:
		rc = ssc_store_request_lookup(&b, st, "f-4-1000");
		if (rc == SSC_OK)
			h_bytes(h, b.ptr, b.size);
		break;
	case RD_INVALID:
		rc = ssc_store_invalid_lookup(&inv, st, 1, "", "R00000000");
		if (rc == SSC_OK)
			h_str(h, inv.card_id);
		ssc_store_invalid_entry_dispose(&inv);
		break;
	case RD_MIRROR:
		rc = ssc_store_mirror_load(&m, st, main_card);
		if (rc == SSC_OK)
			h_bytes(h, m.data, m.data_len);
		ssc_store_mirror_dispose(&m);
		break;
	case RD_ITER_JOURNAL: {
		const ssc_store_journal_entry *e;
		rc = ssc_store_iter_journal(&it, st, main_card, NULL, 0);
		while (rc == SSC_OK &&
		       (rc = ssc_store_iter_next_journal(&e, it)) == SSC_OK && e)
			h_int(h, e->sequence);
		break;
	}
	case RD_ITER_INVALID: {
		const ssc_store_invalid_entry *e;
		rc = ssc_store_iter_invalid(&it, st, 1, "", NULL, 0);
		while (rc == SSC_OK &&
		       (rc = ssc_store_iter_next_invalid(&e, it)) == SSC_OK && e)
			h_str(h, e->card_number);
		break;
	}
	case RD_ITER_CARDS:
	case RD_ITER_HOLDER: {
		const ssc_store_card *pc;
		rc = op == RD_ITER_CARDS
			     ? ssc_store_iter_cards(&it, st, -1, NULL, NULL, 0)
			     : ssc_store_iter_holder(&it, st,
						     "110105194912310021");
		while (rc == SSC_OK &&
		       (rc = ssc_store_iter_next_card(&pc, it)) == SSC_OK && pc)
			h_str(h, pc->card_id);
		break;
	}
	case RD_HEALTH:
		rc = ssc_store_health(&b, st);
		break;
	}
	ssc_store_iter_free(it);
	ssc_buf_dispose(&b);
	return rc;
}

/* ---- the loops ------------------------------------------------------- */

static ssc_store *
open_faulty(ssc_ctx *ctx, ssc_store_backend **out_fb)
{
	ssc_store_backend *be = NULL, *fb = NULL;
	ssc_store_options o;
	ssc_store *st = NULL;

	rel_opts(&o);
	if (strcmp(kind, "memory") == 0)
		assert_ssc_ok(ssc_store_backend_memory_new(&be, ctx, location));
	else if (strcmp(kind, "sqlite") == 0)
		assert_ssc_ok(ssc_store_backend_sqlite_new(&be, ctx, location,
							   &o));
	else
		assert_ssc_ok(ssc_store_backend_postgresql_new(&be, ctx,
							       location, &o));
	assert_ssc_ok(fault_store_new(&fb, ctx, be));
	assert_ssc_ok(ssc_store_new(&st, ctx, fb, &o));
	*out_fb = fb;
	return st;
}

static void
test_faults_every_operation(void **state)
{
	ssc_test_alloc alloc = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &alloc, NULL);
	ssc_ctx *ctx2 = ssc_test_ctx(NULL, NULL, NULL);
	ssc_store_backend *fb = NULL;
	ssc_store *st, *check = NULL;
	unsigned gen = 1;
	int op, mode;

	(void)state;
	st = open_faulty(ctx, &fb);
	assert_int_equal(rel_open(&check, ctx2, uri), 0);
	assert_ssc_ok(rel_card_create(st, 0, main_card));

	/* Mutations, in one-shot fail mode at every k, then broken in the
	 * middle of the commit. */
	for (mode = 0; mode < 2; mode++)
		for (op = 0; op < N_MUTATIONS; op++) {
			long k;
			for (k = 1;; k++) {
				uint64_t before = digest(check), after;
				char req[48];
				ssc_buf res = SSC_BUF_INIT;
				ssc_status rc;
				long inj = fault_store_injected(fb);

				if (mode == 0)
					fault_store_arm(fb, FAULT_ANY, k,
							FAULT_FAIL, SSC_ESTORE);
				else
					fault_store_arm(fb, FAULT_COMMIT, k,
							FAULT_BREAK_JOURNAL, 0);
				rc = mutate(st, op, gen, req, sizeof(req));
				fault_store_arm(fb, FAULT_ANY, 0, FAULT_FAIL, 0);
				if (fault_store_injected(fb) == inj) {
					/* k is past the operation's calls */
					assert_ssc_ok(rc);
					gen++;
					break;
				}
				faults++;
				if (rc == SSC_OK)
					fail_msg("%s k=%ld mode %d: fault "
						 "swallowed", mutation_names[op],
						 k, mode);
				after = digest(check);
				if (after != before)
					fail_msg("%s k=%ld mode %d: partial "
						 "state after error %d",
						 mutation_names[op], k, mode, rc);
				/* retry succeeds once, then is a duplicate */
				assert_ssc_ok(mutate(st, op, gen, req, sizeof(req)));
				assert_ssc_error(mutate(st, op, gen, req,
							sizeof(req)),
						 SSC_EEXISTS);
				assert_ssc_ok(ssc_store_request_lookup(&res, st,
								       req));
				assert_int_equal(res.size, 36);
				ssc_buf_dispose(&res);
				ops_checked++;
				gen++;
				if (mode == 1)
					break;
			}
		}
	/* Put the main card on the national list for the read checks. */
	assert_ssc_ok(mutate(st, OP_INVALID_ADD, 3, (char[48]){ 0 }, 48));
	assert_ssc_ok(mutate(st, OP_MIRROR, 1000, (char[48]){ 0 }, 48));

	/* Reads: fail each call in turn; the retry gives the same answer. */
	for (op = 0; op < N_READS; op++) {
		uint64_t want, got;
		long k;
		assert_ssc_ok(do_read(st, op, &want));
		for (k = 1;; k++) {
			long inj = fault_store_injected(fb);
			ssc_status rc;
			fault_store_arm(fb, FAULT_ANY, k, FAULT_FAIL, SSC_ESTORE);
			rc = do_read(st, op, &got);
			fault_store_arm(fb, FAULT_ANY, 0, FAULT_FAIL, 0);
			if (fault_store_injected(fb) == inj) {
				assert_ssc_ok(rc);
				assert_true(got == want);
				break;
			}
			faults++;
			if (rc != SSC_ESTORE)
				fail_msg("%s k=%ld: got %d, not the store "
					 "error", read_names[op], k, rc);
			assert_ssc_ok(do_read(st, op, &got));
			assert_true(got == want);
			ops_checked++;
		}
	}
	ssc_store_free(st);
	ssc_store_free(check);
	ssc_ctx_free(ctx);
	ssc_ctx_free(ctx2);
	assert_int_equal(alloc.live, 0);
}

/* Key rotation under faults: each value is either under the old or the
 * new key and always readable; the retry finishes the job. */
static void
test_faults_reencrypt(void **state)
{
	ssc_ctx *ctx;
	ssc_store_backend *fb = NULL;
	ssc_store *st = NULL;
	ssc_store_options o;
	static const uint8_t key2[32] = { 0x42 };
	uint64_t want, got, n = 0;
	char cid[37];
	long k;
	unsigned i;

	(void)state;
	if (strcmp(kind, "memory") == 0)
		skip(); /* a private memory store does not outlive its handle */
	ctx = ssc_test_ctx(NULL, NULL, NULL);
	/* values under key 1 */
	assert_int_equal(rel_open(&st, ctx, uri), 0);
	for (i = 100; i < 104; i++)
		assert_ssc_ok(rel_card_create(st, i, cid));
	want = digest(st);
	ssc_store_free(st);
	/* rotate to key 2 under faults */
	for (k = 1;; k++) {
		long inj;
		ssc_status rc;
		ssc_store_backend *be = NULL;

		rel_opts(&o);
		o.data_key_id = 2;
		o.data_key = key2;
		if (strcmp(kind, "sqlite") == 0)
			assert_ssc_ok(ssc_store_backend_sqlite_new(
				&be, ctx, location, &o));
		else
			assert_ssc_ok(ssc_store_backend_postgresql_new(
				&be, ctx, location, &o));
		assert_ssc_ok(fault_store_new(&fb, ctx, be));
		assert_ssc_ok(ssc_store_new(&st, ctx, fb, &o));
		assert_ssc_ok(ssc_store_add_old_key(st, 1, rel_data_key, 32));
		inj = fault_store_injected(fb);
		fault_store_arm(fb, FAULT_ANY, k, FAULT_FAIL, SSC_ESTORE);
		rc = ssc_store_reencrypt(&n, st);
		fault_store_arm(fb, FAULT_ANY, 0, FAULT_FAIL, 0);
		got = digest(st);
		assert_true(got == want);
		inj = fault_store_injected(fb) - inj;
		ssc_store_free(st);
		if (inj == 0) {
			assert_ssc_ok(rc);
			break;
		}
		faults++;
		ops_checked++;
		assert_true(rc < 0);
		if (k > 5000)
			fail_msg("reencrypt: no end");
	}
	ssc_ctx_free(ctx);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faults_every_operation),
		cmocka_unit_test(test_faults_reencrypt),
	};
	int rc;

	kind = argc > 1 ? argv[1] : "memory";
	rel_tmpdir(dir, sizeof(dir), "faults");
	if ((rc = rel_store_uri(uri, sizeof(uri), kind, dir, "faults")) != 0) {
		printf("faults: backend %s not available here\n", kind);
		rmdir(dir);
		return rc;
	}
	snprintf(location, sizeof(location), "%s", strchr(uri, ':') + 1);
	{
		ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
		ssc_store *st = NULL;
		rc = rel_open(&st, ctx, uri);
		ssc_store_free(st);
		ssc_ctx_free(ctx);
		if (rc != 0) {
			rmdir(dir);
			return rc;
		}
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	printf("faults %s: %ld faults injected over %ld operation runs, all "
	       "returned an error, left no partial state and succeeded on "
	       "retry\n",
	       kind, faults, ops_checked);
	if (strcmp(kind, "sqlite") == 0) {
		char p[1600];
		snprintf(p, sizeof(p), "%s/faults.db", dir);
		rel_rm_db(p);
	}
	rmdir(dir);
	return rc;
}
