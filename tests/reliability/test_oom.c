/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Allocation-failure injection through the context allocator hook.  Each
 * scenario is a sequence of public API calls of one area (model, record
 * codec, ID numbers, rules, calendar, store on memory and SQLite,
 * APDU/TLV, sim reader with the chip flows, replay reader and recorder).
 * For every k from 1 to the scenario's total number of allocations, the
 * k-th allocation fails -- once ("one-shot"), and again with every later
 * allocation failing too ("persistent").  Each run must return SSC_ENOMEM
 * (with the error record saying so), not crash, and leave no block alive
 * once the objects and the context are freed (counted here; ASan/LSan
 * also check it in the sanitizer build).  The last line gives the number
 * of runs and failure points per scenario.
 */
#include <sys/stat.h>

#include "rel_common.h"
#include "apdu/exchange.h"
#include "chip/ssse.h"
#include "reader/transport.h"

#include <socialcard/sys/reader_backend.h>

/* ---- the failing allocator ------------------------------------------ */

struct oom {
	long calls, live, fail_at, failures;
	bool persistent;
};

static void *
oom_alloc(void *ptr, size_t size, void *payload)
{
	struct oom *a = payload;
	void *p;

	if (size == 0) {
		if (ptr)
			a->live--;
		free(ptr);
		return NULL;
	}
	a->calls++;
	if (a->fail_at && (a->calls == a->fail_at ||
			   (a->persistent && a->calls > a->fail_at))) {
		a->failures++;
		return NULL;
	}
	p = realloc(ptr, size);
	if (p && !ptr)
		a->live++;
	return p;
}

static char tmp[256];
static long total_runs;

#define T(expr)                                                                \
	do {                                                                   \
		if ((rc = (expr)) < 0)                                         \
			goto out;                                              \
	} while (0)

/* ---- scenarios ------------------------------------------------------- */

static ssc_status
sc_model(ssc_ctx *ctx)
{
	ssc_person *p = NULL, *p2 = NULL;
	ssc_card *c = NULL, *d = NULL, *e = NULL;
	ssc_buf enc = SSC_BUF_INIT, desc = SSC_BUF_INIT, masked = SSC_BUF_INIT;
	static const uint8_t ident[16] = { 0x11, 0x01, 0x00, 0xD1, 0x56, 0x00,
					   0x00, 0x05, 0x0A, 0x1B, 0x2C, 0x3D,
					   0x5E, 0x6F, 0x70, 0x81 };
	ssc_status rc;

	T(ssc_person_new(&p, ctx));
	T(ssc_person_set_id_number(p, "11010519491231002X"));
	T(ssc_person_set_name(p, "\xe5\xbc\xa0\xe4\xb8\x89"));
	T(ssc_person_set_phone(p, "13800138000"));
	T(ssc_person_set_address(p, "\xe5\x8c\x97\xe4\xba\xac"));
	T(ssc_person_dup(&p2, p));
	T(ssc_card_new(&c, ctx));
	T(ssc_card_set_number(c, "A12345678"));
	T(ssc_card_set_identifier(c, ident));
	T(ssc_card_set_region(c, "110100"));
	T(ssc_card_set_dates(c, 20200101, 20300101));
	T(ssc_card_set_holder(c, p2));
	T(ssc_card_set_fin(c, 1, "01020000", "6217000010001234567"));
	T(ssc_card_fin_account_masked(&masked, c));
	T(ssc_card_describe(&desc, c));
	T(ssc_card_encode(&enc, c));
	T(ssc_card_decode(&d, ctx, (const uint8_t *)enc.ptr, enc.size));
	T(ssc_card_dup(&e, d));
out:
	ssc_person_free(p);
	ssc_person_free(p2);
	ssc_card_free(c);
	ssc_card_free(d);
	ssc_card_free(e);
	ssc_buf_dispose(&enc);
	ssc_buf_dispose(&desc);
	ssc_buf_dispose(&masked);
	return rc;
}

static char *rule_pack;
static size_t rule_pack_len;

static ssc_status
sc_rules(ssc_ctx *ctx)
{
	ssc_rulebook *rb = NULL;
	ssc_verdict *v = NULL;
	ssc_situation sit;
	ssc_buf txt = SSC_BUF_INIT;
	ssc_status rc;

	T(ssc_situation_init(&sit, SSC_SITUATION_VERSION));
	sit.insured = 1;
	sit.holder_birth_date = 19800101;
	sit.actor = SSC_ACTOR_HOLDER;
	sit.channel = SSC_CHANNEL_WINDOW;
	T(ssc_rulebook_new(&rb, ctx));
	T(ssc_rulebook_load_json(rb, rule_pack, rule_pack_len));
	T(ssc_rules_check(&v, rb, 1, &sit));
	T(ssc_verdict_format(&txt, v, "zh"));
out:
	ssc_verdict_free(v);
	ssc_rulebook_free(rb);
	ssc_buf_dispose(&txt);
	return rc;
}

static ssc_status
sc_calendar(ssc_ctx *ctx)
{
	static const char year[] =
		"{\"year\": 2027, \"holidays\": [[\"20270101\", \"20270103\"]],"
		" \"workdays\": [\"20270104\"]}";
	ssc_calendar *cal = NULL, *cal2 = NULL;
	uint32_t d = 0;
	int64_t ms = 0;
	ssc_status rc;

	T(ssc_calendar_new(&cal, ctx, 0));
	T(ssc_calendar_add_working_days(&d, cal, 20250101, 30));
	T(ssc_calendar_deadline(&ms, cal, 1735689600000, 1, 5));
	T(ssc_calendar_new(&cal2, ctx, SSC_CALENDAR_EMPTY));
	/* a year that is not built in: refused or loaded, never a crash */
	rc = ssc_calendar_load_json(cal2, year, sizeof(year) - 1);
	if (rc == SSC_ENOMEM)
		goto out;
	rc = SSC_OK;
out:
	ssc_calendar_free(cal);
	ssc_calendar_free(cal2);
	return rc;
}

/* The store scenario proper: every call on a store that exists. */
static ssc_status
sc_store_ops(ssc_ctx *ctx, const char *uri, unsigned gen)
{
	ssc_store *st = NULL;
	ssc_store_options o;
	ssc_store_card c = SSC_STORE_CARD_INIT;
	ssc_store_invalid_entry inv = SSC_STORE_INVALID_ENTRY_INIT;
	ssc_store_mirror m = SSC_STORE_MIRROR_INIT;
	ssc_store_txn *t = NULL;
	ssc_store_iter *it = NULL;
	const ssc_store_journal_entry *e;
	const ssc_store_card *pc;
	const ssc_store_invalid_entry *pi;
	ssc_buf res = SSC_BUF_INIT, rep = SSC_BUF_INIT;
	uint8_t idx[32];
	char id[37], eid[37], req[32], number[32], holder[19];
	int64_t seq = 0;
	ssc_status rc;

	rel_opts(&o);
	T(ssc_store_open(&st, ctx, uri, &o));
	/* create (a fresh card per run: earlier runs may have committed) */
	rel_uuid(id, 0x00a0a, gen);
	rel_uuid(eid, 0x00e0e, gen);
	snprintf(number, sizeof(number), "M%07u", gen);
	snprintf(req, sizeof(req), "oom-%u", gen);
	/* a holder per run, so the holder query stays one row */
	snprintf(holder, sizeof(holder), "11010519491231%03u", gen % 1000);
	holder[17] = ssc_idnumber_check_char(holder);
	holder[18] = '\0';
	{
		ssc_store_card nc = SSC_STORE_CARD_INIT;
		ssc_store_journal_entry je = SSC_STORE_JOURNAL_ENTRY_INIT;
		nc.card_id = id;
		nc.card_number = number;
		nc.holder_id = holder;
		nc.region = "110100";
		nc.state = 1;
		nc.record = (const uint8_t *)"record";
		nc.record_len = 6;
		je.entry_id = eid;
		je.card_id = id;
		je.sequence = 1;
		je.service = "apply";
		je.data = (const uint8_t *)"d";
		je.data_len = 1;
		inv.level = SSC_INVALID_LEVEL_NATIONAL;
		inv.region = "";
		inv.card_number = number;
		inv.card_id = id;
		inv.reason = "lost";
		m.card_id = id;
		m.state = 1;
		m.data = (const uint8_t *)"mirror";
		m.data_len = 6;
		T(ssc_store_txn_new(&t, st));
		T(ssc_store_txn_set_card(t, &nc, 0));
		T(ssc_store_txn_add_journal(t, &je));
		T(ssc_store_txn_add_invalid(t, &inv));
		T(ssc_store_txn_set_mirror(t, &m));
		T(ssc_store_txn_set_request(t, req, (const uint8_t *)"ok", 2));
		T(ssc_store_commit(&seq, st, t));
		ssc_store_txn_free(t);
		t = NULL;
	}
	rel_uuid(eid, 0x00e0f, gen);
	T(rel_card_update(&seq, st, id, NULL, eid));
	T(ssc_store_load_by_id(&c, st, id));
	ssc_store_card_dispose(&c);
	T(ssc_store_load_by_number(&c, st, number));
	T(ssc_store_holder_index(idx, st, holder));
	T(ssc_store_request_lookup(&res, st, req));
	ssc_store_invalid_entry_init(&inv, SSC_STORE_INVALID_ENTRY_VERSION);
	T(ssc_store_invalid_lookup(&inv, st, 1, "", number));
	ssc_store_mirror_init(&m, SSC_STORE_MIRROR_VERSION);
	T(ssc_store_mirror_load(&m, st, id));
	T(ssc_store_iter_journal(&it, st, id, NULL, 0));
	do
		T(ssc_store_iter_next_journal(&e, it));
	while (e);
	ssc_store_iter_free(it);
	it = NULL;
	T(ssc_store_iter_invalid(&it, st, 1, "", NULL, 1));
	T(ssc_store_iter_next_invalid(&pi, it));
	ssc_store_iter_free(it);
	it = NULL;
	T(ssc_store_iter_cards(&it, st, -1, "110100", NULL, 2));
	do
		T(ssc_store_iter_next_card(&pc, it));
	while (pc);
	ssc_store_iter_free(it);
	it = NULL;
	T(ssc_store_iter_holder(&it, st, holder));
	T(ssc_store_iter_next_card(&pc, it));
	T(ssc_store_health(&rep, st));
	/* the remove-invalid path */
	T(ssc_store_txn_new(&t, st));
	ssc_store_card_dispose(&c);
	T(ssc_store_load_by_id(&c, st, id));
	{
		ssc_store_card uc = c;
		uc.owner = NULL;
		T(ssc_store_txn_set_card(t, &uc, c.revision));
	}
	T(ssc_store_txn_remove_invalid(t, 1, "", number));
	T(ssc_store_commit(NULL, st, t));
out:
	ssc_store_txn_free(t);
	ssc_store_iter_free(it);
	ssc_store_card_dispose(&c);
	ssc_store_invalid_entry_dispose(&inv);
	ssc_store_mirror_dispose(&m);
	ssc_store_free(st);
	ssc_buf_dispose(&res);
	ssc_buf_dispose(&rep);
	return rc;
}

static unsigned store_gen;
static char sqlite_uri[500];

static ssc_status
sc_store_memory(ssc_ctx *ctx)
{
	return sc_store_ops(ctx, "memory:", ++store_gen);
}

static ssc_status
sc_store_sqlite(ssc_ctx *ctx)
{
	return sc_store_ops(ctx, sqlite_uri, ++store_gen);
}

static ssc_status
sc_apdu(ssc_ctx *ctx)
{
	static const uint8_t aid[] = { 0x73, 0x78, 0x31, 0x2E, 0x73, 0x68 };
	static const uint8_t resp[] = { 0x6F, 0x08, 0x84, 0x06, 0x73, 0x78,
					0x31, 0x2E, 0x73, 0x68, 0x90, 0x00 };
	ssc_apdu *a = NULL;
	ssc_apdu_response *r = NULL;
	ssc_buf enc = SSC_BUF_INIT;
	ssc_status rc;

	T(ssc_apdu_new(&a, ctx, 0x00, 0xA4, 0x04, 0x00));
	T(ssc_apdu_set_data(a, aid, sizeof(aid)));
	T(ssc_apdu_set_le(a, 256));
	T(ssc_apdu_encode(&enc, a));
	T(ssc_apdu_response_parse(&r, ctx, resp, sizeof(resp)));
out:
	ssc_apdu_free(a);
	ssc_apdu_response_free(r);
	ssc_buf_dispose(&enc);
	return rc;
}

/* Sim card through the reader and the SSSE chip flow (select, PIN). */
static ssc_status
sc_sim(ssc_ctx *ctx)
{
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_buf names = SSC_BUF_INIT, atr = SSC_BUF_INIT;
	ssc__transport t;
	ssc__ssse_options so;
	ssc__ssse_fci fci;
	int tries = 0;
	ssc_status rc;

	T(ssc_reader_open(&r, ctx, "sim:"));
	T(ssc_reader_list(&names, r));
	T(ssc_reader_connect(&c, r, NULL, 0));
	T(ssc_reader_conn_atr(&atr, c));
	ssc__reader_transport(&t, c, false);
	ssc__ssse_options_default(&so);
	T(ssc__ssse_select(&t, &so, &fci));
	T(ssc__ssse_verify_pin(&t, &so, "123456", &tries));
	T(ssc_reader_disconnect(c, 0));
	c = NULL;
out:
	if (c)
		ssc_reader_disconnect(c, 0);
	ssc_reader_free(r);
	ssc_buf_dispose(&names);
	ssc_buf_dispose(&atr);
	return rc;
}

/* Record a session through the recorder, then replay it strictly. */
static ssc_status
sc_replay(ssc_ctx *ctx)
{
	static const uint8_t sel[] = { 0x00, 0xA4, 0x04, 0x00, 0x0F, 0x73,
				       0x78, 0x31, 0x2E, 0x73, 0x68, 0x2E,
				       0xC9, 0xE7, 0xBB, 0xE1, 0xB1, 0xA3,
				       0xD5, 0xCF };
	static const uint8_t pin[] = { 0x00, 0x20, 0x00, 0x00, 0x03,
				       0x12, 0x34, 0x56 };
	ssc_reader_backend *sim = NULL, *rec = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_buf out = SSC_BUF_INIT;
	char path[400], uri[420];
	ssc_status rc;

	snprintf(path, sizeof(path), "%s/trace.bin", tmp);
	snprintf(uri, sizeof(uri), "replay:%s", path);
	T(ssc_reader_backend_sim_new(&sim, ctx, NULL));
	rc = ssc_reader_backend_recorder_new(&rec, ctx, sim, path);
	if (rc < 0) {
		sim->free(sim);
		goto out;
	}
	rc = ssc_reader_new(&r, ctx, rec);
	if (rc < 0) {
		rec->free(rec);
		goto out;
	}
	T(ssc_reader_connect(&c, r, NULL, 0));
	T(ssc_reader_transmit_raw(&out, c, sel, sizeof(sel)));
	T(ssc_reader_transmit_raw(&out, c, pin, sizeof(pin)));
	T(ssc_reader_disconnect(c, 0));
	c = NULL;
	ssc_reader_free(r);
	r = NULL;
	T(ssc_reader_open(&r, ctx, uri));
	T(ssc_reader_connect(&c, r, NULL, 0));
	T(ssc_reader_transmit_raw(&out, c, sel, sizeof(sel)));
	T(ssc_reader_transmit_raw(&out, c, pin, sizeof(pin)));
	T(ssc_reader_disconnect(c, 0));
	c = NULL;
out:
	if (c)
		ssc_reader_disconnect(c, 0);
	ssc_reader_free(r);
	ssc_buf_dispose(&out);
	return rc;
}

/* ---- the loop -------------------------------------------------------- */

struct scenario {
	const char *name;
	ssc_status (*fn)(ssc_ctx *ctx);
};

/* Run one scenario with fail_at = k; returns the status and sets
 * *failed when an allocation was refused. */
static ssc_status
run_once(const struct scenario *s, long k, bool persistent, bool *failed,
	 long *calls)
{
	struct oom a = { 0, 0, 0, 0, persistent };
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	ssc_status rc;

	o.alloc = oom_alloc;
	o.alloc_payload = &a;
	o.clock = ssc_test_clock_fn;
	o.clock_payload = &(ssc_test_clock){ 1735689600000 };
	o.region = "500000";
	assert_ssc_ok(ssc_ctx_new(&ctx, &o));
	a.calls = 0;
	a.fail_at = k;
	rc = s->fn(ctx);
	a.fail_at = 0;
	ssc_ctx_free(ctx);
	if (a.live != 0)
		fail_msg("%s: k=%ld%s: %ld blocks leaked (status %d)", s->name,
			 k, persistent ? " persistent" : "", a.live, rc);
	*failed = a.failures > 0;
	*calls = a.calls;
	total_runs++;
	return rc;
}

static void
oom_loop(const struct scenario *s)
{
	bool failed;
	long calls = 0, k, n = 0;
	int mode;
	ssc_status rc;

	rc = run_once(s, 0, false, &failed, &calls);
	if (rc != SSC_OK) {
		ssc_test_print_error(s->name, rc);
		fail_msg("%s fails without injected faults", s->name);
	}
	for (mode = 0; mode < 2; mode++)
		for (k = 1;; k++) {
			long c2;
			rc = run_once(s, k, mode == 1, &failed, &c2);
			if (!failed) {
				if (rc != SSC_OK)
					fail_msg("%s k=%ld: %d without a fault",
						 s->name, k, rc);
				break;
			}
			n++;
			if (rc != SSC_ENOMEM || ssc_error_last()->code != SSC_ENOMEM) {
				ssc_test_print_error(s->name, rc);
				fail_msg("%s: allocation %ld failed%s but the "
					 "call returned %d",
					 s->name, k,
					 mode ? " (persistent)" : "", rc);
			}
			if (k > 100000)
				fail_msg("%s: no end", s->name);
		}
	printf("oom %-13s %5ld allocations, %5ld failure runs: all "
	       "SSC_ENOMEM, no leak\n",
	       s->name, calls, n);
}

#define SCENARIO(name)                                                         \
	static void test_oom_##name(void **state)                              \
	{                                                                      \
		static const struct scenario s = { #name, sc_##name };         \
		(void)state;                                                   \
		oom_loop(&s);                                                  \
	}

SCENARIO(model)
SCENARIO(rules)
SCENARIO(calendar)
SCENARIO(store_memory)
SCENARIO(store_sqlite)
SCENARIO(apdu)
SCENARIO(sim)
SCENARIO(replay)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_model),
		cmocka_unit_test(test_oom_rules),
		cmocka_unit_test(test_oom_calendar),
		cmocka_unit_test(test_oom_store_memory),
		cmocka_unit_test(test_oom_store_sqlite),
		cmocka_unit_test(test_oom_apdu),
		cmocka_unit_test(test_oom_sim),
		cmocka_unit_test(test_oom_replay),
	};
	const char *root = getenv("SSC_SOURCE_ROOT");
	char path[600], db[400];
	FILE *f;
	long n;
	int rc;

	snprintf(path, sizeof(path), "%s/data/rules/500000.json",
		 root ? root : ".");
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	rule_pack = malloc((size_t)n + 1);
	if (!rule_pack || fread(rule_pack, 1, (size_t)n, f) != (size_t)n)
		return 1;
	rule_pack_len = (size_t)n;
	fclose(f);
	rel_tmpdir(tmp, sizeof(tmp), "oom");
	snprintf(db, sizeof(db), "%s/oom.db", tmp);
	snprintf(sqlite_uri, sizeof(sqlite_uri), "sqlite:%s", db);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	printf("oom: %ld runs in all\n", total_runs);
	rel_rm_db(db);
	snprintf(path, sizeof(path), "%s/trace.bin", tmp);
	unlink(path);
	rmdir(tmp);
	free(rule_pack);
	return rc;
}
