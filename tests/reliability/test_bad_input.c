/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bad input through the public API and the command-line tools.  Usage:
 * test_bad_input BACKEND (memory, sqlite, postgresql; the last skips with
 * 77 when not available).
 *
 * Payloads: SQL metacharacters, quotes and backslashes, invalid and
 * overlong UTF-8, 4-byte characters, 64 KB strings, embedded NULs (in
 * byte fields), wrong ID check digits, impossible dates, truncated and
 * over-long card responses, malformed rule packs and calendars.  Every
 * call either round-trips the value byte-exact or refuses it with an
 * error code and a message; a refused call changes nothing (store
 * digest, SQLite schema, object getters); nothing crashes.
 */
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include "rel_common.h"
#include "apdu/exchange.h"
#include "chip/ssse.h"
#include "reader/transport.h"

#include <socialcard/sys/reader_backend.h>

#if SSC_HAVE_SQLITE
#include <sqlite3.h>
#endif

extern char **environ;

static const char *kind;
static char dir[256], uri[1400];
static char big[65537];
static long refused, accepted;

static const char *const payloads[] = {
	"'; DROP TABLE ssc_cards;--",
	"' OR '1'='1",
	"\"; DELETE FROM ssc_journal; --",
	"x\\' \\\" \\\\ %s %n",
	"Robert'); DROP TABLE students;--",
	"\xff\xfe\xfd",                 /* invalid UTF-8 */
	"\xc0\xaf",                     /* overlong '/' */
	"\xed\xa0\x80",                 /* UTF-16 surrogate */
	"\xe4\xb8",                     /* truncated sequence */
	"\xf0\x9f\x98\x80\xf0\xa0\x80\x80", /* emoji + CJK Ext. B */
	"",
	NULL, /* big */
};
#define N_PAYLOADS (sizeof(payloads) / sizeof(payloads[0]))

static const char *
payload(size_t i)
{
	return payloads[i] ? payloads[i] : big;
}

/* A digest of everything the store holds for our cards. */
static uint64_t
digest(ssc_store *st)
{
	uint64_t h = 1469598103934665603ull;
	ssc_store_iter *it = NULL;
	const ssc_store_card *c;
	const uint8_t *p;
	size_t i;

	assert_ssc_ok(ssc_store_iter_cards(&it, st, -1, NULL, NULL, 0));
	for (;;) {
		assert_ssc_ok(ssc_store_iter_next_card(&c, it));
		if (!c)
			break;
		for (p = (const uint8_t *)c->card_id; *p; p++)
			h = (h ^ *p) * 1099511628211ull;
		for (p = (const uint8_t *)c->card_number; *p; p++)
			h = (h ^ *p) * 1099511628211ull;
		for (i = 0; i < c->record_len; i++)
			h = (h ^ c->record[i]) * 1099511628211ull;
		h = (h ^ (uint64_t)c->revision) * 1099511628211ull;
	}
	ssc_store_iter_free(it);
	return h;
}

/* The SQLite schema text (the store must never change it). */
static uint64_t
schema_digest(void)
{
	uint64_t h = 1469598103934665603ull;
#if SSC_HAVE_SQLITE
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	char path[1500];

	if (strcmp(kind, "sqlite") != 0)
		return 0;
	snprintf(path, sizeof(path), "%s/bad.db", dir);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT type, name, sql FROM "
					    "sqlite_schema ORDER BY name",
					    -1, &s, NULL),
			 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		int col;
		for (col = 0; col < 3; col++) {
			const unsigned char *t = sqlite3_column_text(s, col);
			for (; t && *t; t++)
				h = (h ^ *t) * 1099511628211ull;
			h = (h ^ 0xff) * 1099511628211ull;
		}
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
#endif
	return h;
}

static void
check_refusal(ssc_status rc, const char *what)
{
	assert_true(rc < 0);
	assert_int_equal(ssc_error_last()->code, rc);
	if (!ssc_error_last()->message[0])
		fail_msg("%s: error %d without a message", what, rc);
	refused++;
}

/* ---- store ----------------------------------------------------------- */

static void
test_bad_store_text_fields(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_store *st = NULL;
	char base_id[37];
	uint64_t before, schema;
	size_t i;
	int field;

	(void)state;
	assert_int_equal(rel_open(&st, ctx, uri), 0);
	assert_ssc_ok(rel_card_create(st, 1, base_id));
	schema = schema_digest();
	for (field = 0; field < 6; field++)
		for (i = 0; i < N_PAYLOADS; i++) {
			ssc_store_card c = SSC_STORE_CARD_INIT, out =
							     SSC_STORE_CARD_INIT;
			ssc_store_journal_entry e = SSC_STORE_JOURNAL_ENTRY_INIT;
			ssc_store_invalid_entry inv =
				SSC_STORE_INVALID_ENTRY_INIT;
			ssc_store_txn *t = NULL;
			const char *v = payload(i);
			char id[37], eid[37], number[32];
			ssc_buf res = SSC_BUF_INIT;
			ssc_status rc;

			before = digest(st);
			rel_uuid(id, 0xbad0u + (unsigned)field, (unsigned)i);
			rel_uuid(eid, 0xbade0u + (unsigned)field, (unsigned)i);
			snprintf(number, sizeof(number), "B%02d%04zu", field, i);
			c.card_id = id;
			c.card_number = field == 0 ? v : number;
			c.holder_id = field == 5 ? v : "11010519491231002X";
			c.region = field == 1 ? v : "110100";
			c.state = 1;
			c.record = (const uint8_t *)"r\0e\0c";
			c.record_len = 5;
			e.entry_id = eid;
			e.card_id = id;
			e.sequence = 1;
			e.service = field == 2 ? v : "apply";
			e.request_id = field == 3 ? v : NULL;
			e.data = (const uint8_t *)"\0\0x";
			e.data_len = 3;
			inv.level = 1;
			inv.region = "";
			inv.card_number = c.card_number;
			inv.card_id = id;
			inv.reason = field == 4 ? v : "lost";
			rc = ssc_store_txn_new(&t, st);
			if (rc >= 0)
				rc = ssc_store_txn_set_card(t, &c, 0);
			if (rc >= 0)
				rc = ssc_store_txn_add_journal(t, &e);
			if (rc >= 0)
				rc = ssc_store_txn_add_invalid(t, &inv);
			if (rc >= 0 && field == 3)
				rc = ssc_store_txn_set_request(
					t, v, (const uint8_t *)"\0", 1);
			if (rc >= 0)
				rc = ssc_store_commit(NULL, st, t);
			ssc_store_txn_free(t);
			if (rc < 0) {
				check_refusal(rc, "store field");
				assert_true(digest(st) == before);
				continue;
			}
			accepted++;
			/* accepted: it must come back byte-exact */
			assert_ssc_ok(ssc_store_load_by_id(&out, st, id));
			assert_string_equal(out.card_number, c.card_number);
			assert_string_equal(out.region, c.region);
			assert_int_equal(out.record_len, 5);
			assert_memory_equal(out.record, "r\0e\0c", 5);
			ssc_store_card_dispose(&out);
			if (field == 3) {
				assert_ssc_ok(ssc_store_request_lookup(&res, st,
								       v));
				assert_int_equal(res.size, 1);
				ssc_buf_dispose(&res);
			}
			if (field == 4 || field == 0) {
				ssc_store_invalid_entry o =
					SSC_STORE_INVALID_ENTRY_INIT;
				assert_ssc_ok(ssc_store_invalid_lookup(
					&o, st, 1, "", c.card_number));
				assert_string_equal(o.reason, inv.reason);
				ssc_store_invalid_entry_dispose(&o);
			}
		}
	/* lookups with the payloads find nothing and change nothing */
	before = digest(st);
	for (i = 0; i < N_PAYLOADS; i++) {
		ssc_store_card out = SSC_STORE_CARD_INIT;
		ssc_store_iter *it = NULL;
		ssc_status rc = ssc_store_load_by_number(&out, st, payload(i));
		if (rc == SSC_OK)
			ssc_store_card_dispose(&out); /* an accepted number */
		else
			check_refusal(rc, "load_by_number");
		rc = ssc_store_load_by_id(&out, st, payload(i));
		assert_true(rc < 0);
		rc = ssc_store_iter_cards(&it, st, -1, payload(i), NULL, 0);
		if (rc == SSC_OK) {
			const ssc_store_card *pc;
			assert_ssc_ok(ssc_store_iter_next_card(&pc, it));
		}
		ssc_store_iter_free(it);
	}
	assert_true(digest(st) == before);
	assert_true(schema_digest() == schema);
	/* an existing card is never changed by a refused update */
	{
		ssc_store_card cur = SSC_STORE_CARD_INIT, c;
		ssc_store_txn *t = NULL;
		assert_ssc_ok(ssc_store_load_by_id(&cur, st, base_id));
		c = cur;
		c.owner = NULL;
		c.region = big;
		assert_ssc_ok(ssc_store_txn_new(&t, st));
		check_refusal(ssc_store_txn_set_card(t, &c, cur.revision),
			      "update with a 64 KB region");
		ssc_store_txn_free(t);
		ssc_store_card_dispose(&cur);
		assert_true(digest(st) == before);
	}
	ssc_store_free(st);
	ssc_ctx_free(ctx);
}

/* ---- model, ID numbers, dates ---------------------------------------- */

static void
test_bad_model_values(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_person *p = NULL;
	ssc_card *c = NULL;
	ssc_idnumber_info info;
	static const char *const bad_ids[] = {
		"110105194912310021",  /* wrong check digit (X) */
		"11010519490230002X",  /* 30 February */
		"110105194913310027",  /* month 13 */
		"11010519491231002",   /* 17 characters */
		"1101051949123100211", /* 19 characters */
		"11010519491231002x'", /* trailing quote */
		"990105194912310021",  /* no such province */
		"\xef\xbc\x91\x31\x30\x31\x30\x35\x31\x39\x34\x39\x31\x32\x33"
		"\x31\x30\x30\x32\x58", /* full-width digit */
		"",
	};
	size_t i;

	(void)state;
	assert_ssc_ok(ssc_person_new(&p, ctx));
	assert_ssc_ok(ssc_person_set_id_number(p, "11010519491231002X"));
	assert_ssc_ok(ssc_person_set_name(p, "\xe5\xbc\xa0\xe4\xb8\x89"));
	assert_ssc_ok(ssc_idnumber_info_init(&info, SSC_IDNUMBER_INFO_VERSION));
	for (i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		check_refusal(ssc_idnumber_parse(&info, ctx, bad_ids[i]),
			      "idnumber_parse");
		check_refusal(ssc_person_set_id_number(p, bad_ids[i]),
			      "person_set_id_number");
		assert_string_equal(ssc_person_id_number(p),
				    "11010519491231002X");
	}
	for (i = 0; i < N_PAYLOADS; i++) {
		const char *v = payload(i);
		ssc_status rc = ssc_person_set_name(p, v);
		if (rc < 0) {
			check_refusal(rc, "person_set_name");
			assert_string_equal(ssc_person_name(p),
					    "\xe5\xbc\xa0\xe4\xb8\x89");
		} else {
			accepted++;
			assert_string_equal(ssc_person_name(p), v);
			assert_ssc_ok(ssc_person_set_name(
				p, "\xe5\xbc\xa0\xe4\xb8\x89"));
		}
	}
	/* impossible dates */
	check_refusal(ssc_person_set_birth_date(p, 19490230), "birth date");
	check_refusal(ssc_person_set_birth_date(p, 20231301), "birth date");
	assert_ssc_ok(ssc_card_new(&c, ctx));
	assert_ssc_ok(ssc_card_set_number(c, "A12345678"));
	check_refusal(ssc_card_set_dates(c, 20200230, 20300101), "card dates");
	check_refusal(ssc_card_set_dates(c, 20300101, 20200101), "card dates");
	for (i = 0; i < N_PAYLOADS; i++) {
		ssc_status rc = ssc_card_set_number(c, payload(i));
		if (rc < 0) {
			check_refusal(rc, "card_set_number");
			assert_string_equal(ssc_card_number(c), "A12345678");
		} else {
			accepted++;
		}
		rc = ssc_card_set_region(c, payload(i));
		if (rc < 0)
			check_refusal(rc, "card_set_region");
		else
			accepted++;
	}
	ssc_card_free(c);
	ssc_person_free(p);
	ssc_ctx_free(ctx);
}

/* Truncated, over-long and garbled records. */
static void
test_bad_records(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_card *c = NULL, *d = NULL;
	ssc_buf enc = SSC_BUF_INIT;
	uint8_t *buf;
	size_t n;

	(void)state;
	assert_ssc_ok(ssc_card_new(&c, ctx));
	assert_ssc_ok(ssc_card_set_number(c, "A12345678"));
	assert_ssc_ok(ssc_card_encode(&enc, c));
	buf = malloc(enc.size + 70000);
	assert_non_null(buf);
	for (n = 0; n < enc.size; n++) {
		/* refused, or cut at a field boundary: then it is a valid
		 * record with fewer fields, which re-encodes to the prefix */
		ssc_status rc = ssc_card_decode(&d, ctx,
						(const uint8_t *)enc.ptr, n);
		if (rc < 0) {
			check_refusal(rc, "truncated record");
			assert_null(d);
		} else {
			ssc_buf re = SSC_BUF_INIT;
			assert_ssc_ok(ssc_card_encode(&re, d));
			assert_int_equal(re.size, n);
			assert_memory_equal(re.ptr, enc.ptr, n);
			ssc_buf_dispose(&re);
			ssc_card_free(d);
			d = NULL;
			accepted++;
		}
	}
	/* trailing garbage and a 64 KB tail */
	memcpy(buf, enc.ptr, enc.size);
	memset(buf + enc.size, 0x41, 70000);
	check_refusal(ssc_card_decode(&d, ctx, buf, enc.size + 1), "tail");
	check_refusal(ssc_card_decode(&d, ctx, buf, enc.size + 70000), "tail");
	/* every single-byte corruption: refused or a valid card, no crash */
	for (n = 0; n < enc.size; n++) {
		memcpy(buf, enc.ptr, enc.size);
		buf[n] ^= 0xA5;
		if (ssc_card_decode(&d, ctx, buf, enc.size) == SSC_OK)
			ssc_card_free(d);
		d = NULL;
	}
	free(buf);
	ssc_buf_dispose(&enc);
	ssc_card_free(c);
	ssc_ctx_free(ctx);
}

/* ---- card responses through the replay reader and the chip flows ----- */

static void
replay_flow(ssc_ctx *ctx, const uint8_t *resp, size_t resp_len)
{
	/* response-only trace: ATR, then the answer to SELECT */
	uint8_t trace[1024];
	size_t n = 0;
	ssc_replay_options o = SSC_REPLAY_OPTIONS_INIT;
	ssc_reader_backend *be = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *conn = NULL;
	ssc__transport t;
	ssc__ssse_options so;
	ssc__ssse_fci fci;
	ssc_status rc;

	trace[n++] = 0;
	trace[n++] = 4;
	memcpy(trace + n, "\x3B\x02\x14\x50", 4);
	n += 4;
	trace[n++] = (uint8_t)(resp_len >> 8);
	trace[n++] = (uint8_t)resp_len;
	memcpy(trace + n, resp, resp_len);
	n += resp_len;
	o.data = trace;
	o.size = n;
	rc = ssc_reader_backend_replay_new(&be, ctx, &o);
	if (rc < 0) {
		check_refusal(rc, "replay trace");
		return;
	}
	assert_ssc_ok(ssc_reader_new(&r, ctx, be));
	assert_ssc_ok(ssc_reader_connect(&conn, r, NULL, 0));
	ssc__reader_transport(&t, conn, false);
	ssc__ssse_options_default(&so);
	rc = ssc__ssse_select(&t, &so, &fci);
	if (rc < 0)
		check_refusal(rc, "select response");
	else
		accepted++;
	ssc_reader_disconnect(conn, 0);
	ssc_reader_free(r);
}

static void
test_bad_card_responses(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	uint8_t resp[600];
	ssc_apdu_response *ar = NULL;
	size_t n;

	(void)state;
	/* too short for SW1 SW2 */
	check_refusal(ssc_apdu_response_parse(&ar, ctx, resp, 0), "empty");
	check_refusal(ssc_apdu_response_parse(&ar, ctx, (const uint8_t *)"\x90",
					      1),
		      "one byte");
	/* over-long: 600 bytes of data + 9000 */
	memset(resp, 0x6F, sizeof(resp));
	resp[598] = 0x90;
	resp[599] = 0x00;
	if (ssc_apdu_response_parse(&ar, ctx, resp, sizeof(resp)) < 0)
		check_refusal(ssc_error_last()->code, "over-long");
	ssc_apdu_response_free(ar);
	ar = NULL;
	/* through a reader: truncated FCIs, a lying length, over-long */
	{
		static const uint8_t fci[] = { 0x6F, 0x0C, 0x84, 0x0A, 0x73,
					       0x78, 0x31, 0x2E, 0x73, 0x68,
					       0x2E, 0xC9, 0xE7, 0xBB, 0x90,
					       0x00 };
		for (n = 0; n < sizeof(fci) - 2; n++) {
			memcpy(resp, fci, n);
			resp[n] = 0x90;
			resp[n + 1] = 0x00;
			replay_flow(ctx, resp, n + 2);
		}
		memcpy(resp, fci, sizeof(fci));
		resp[1] = 0x7F; /* length beyond the data */
		replay_flow(ctx, resp, sizeof(fci));
		memset(resp, 0x84, 300);
		resp[300] = 0x90;
		resp[301] = 0x00;
		replay_flow(ctx, resp, 302);
		replay_flow(ctx, (const uint8_t *)"\x6A", 1);
	}
	ssc_ctx_free(ctx);
}

/* ---- rule packs and calendars ---------------------------------------- */

static void
test_bad_rule_packs(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, "500000");
	ssc_rulebook *rb = NULL;
	ssc_calendar *cal = NULL;
	static const char *const packs[] = {
		"",
		"{",
		"[]",
		"{\"id\": 5}",
		"{\"id\": \"500000\", \"parent\": \"nowhere\"}",
		"{\"id\": \"'; DROP TABLE x;--\", \"parent\": \"national\"}",
		"{\"id\": \"\xff\xfe\", \"parent\": \"national\"}",
		"{\"id\": \"500000\", \"parent\": \"national\", \"services\": "
		"{\"apply\": {\"materials\": 7}}}",
		"{\"id\": \"500000\", \"parent\": \"national\", \"services\": "
		"{\"no_such_service\": {}}}",
		"{\"a\":\"\\ud800\"}",
		"\0{}",
		NULL, /* 64 KB of nesting */
	};
	static const char *const cals[] = {
		"", "{\"year\": \"x\"}", "{\"year\": 2030, \"holidays\": 5}",
		"{\"year\": 2030, \"holidays\": [\"20300230\"]}",
		"{\"year\": 99999}", NULL,
	};
	char *deep = malloc(65537);
	const char *resolved;
	size_t i;
	int before = -1, after = -1;

	(void)state;
	assert_non_null(deep);
	for (i = 0; i < 32768; i++) {
		deep[i] = '[';
		deep[65535 - i] = ']';
	}
	deep[65536] = '\0';
	assert_ssc_ok(ssc_rulebook_new(&rb, ctx));
	resolved = ssc_rulebook_resolve(rb, "500000");
	for (i = 0; i < sizeof(packs) / sizeof(packs[0]); i++) {
		const char *p = packs[i] ? packs[i] : deep;
		size_t len = packs[i] ? strlen(p) : 65536;
		if (i == 10)
			len = 3;
		check_refusal(ssc_rulebook_load_json(rb, p, len), "rule pack");
		assert_string_equal(ssc_rulebook_resolve(rb, "500000"),
				    resolved);
	}
	check_refusal(ssc_rulebook_load_file(rb, "/nonexistent/pack.json"),
		      "missing pack");
	assert_ssc_ok(ssc_calendar_new(&cal, ctx, 0));
	assert_ssc_ok(ssc_calendar_is_working_day(&before, cal, 20250101));
	for (i = 0; i < sizeof(cals) / sizeof(cals[0]); i++) {
		const char *p = cals[i] ? cals[i] : deep;
		check_refusal(ssc_calendar_load_json(cal, p, strlen(p)),
			      "calendar");
		assert_ssc_ok(ssc_calendar_is_working_day(&after, cal,
							  20250101));
		assert_int_equal(before, after);
	}
	check_refusal(ssc_calendar_is_working_day(&after, cal, 20250230),
		      "impossible date");
	ssc_calendar_free(cal);
	ssc_rulebook_free(rb);
	ssc_ctx_free(ctx);
	free(deep);
}

/* ---- command-line tools ---------------------------------------------- */

/* Run a tool; returns its exit status (fails the test on a signal). */
static int
run_tool(const char *tool, char *const argv[])
{
	const char *root = getenv("SSC_BUILD_ROOT");
	char path[600];
	pid_t pid;
	int st = 0;
	posix_spawn_file_actions_t fa;

	snprintf(path, sizeof(path), "%s/tools/%s", root ? root : ".", tool);
	if (access(path, X_OK) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	assert_int_equal(posix_spawn(&pid, path, &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st))
		fail_msg("%s %s died of signal %d", tool, argv[1],
			 WTERMSIG(st));
	return WEXITSTATUS(st);
}

static void
test_bad_cli(void **state)
{
	char bad_pack[1500];
	FILE *f;
	size_t i;
	int rc;

	(void)state;
	snprintf(bad_pack, sizeof(bad_pack), "%s/bad-pack.json", dir);
	f = fopen(bad_pack, "w");
	assert_non_null(f);
	fputs("{\"id\": \"500000\", \"parent\": ", f);
	fclose(f);
	{
		char *argv[] = { "socialcard", "no-such-command", NULL };
		rc = run_tool("socialcard", argv);
		if (rc == -1)
			skip();
		assert_true(rc != 0);
		refused++;
	}
	for (i = 0; i < N_PAYLOADS; i++) {
		char *v = (char *)payload(i);
		char *a1[] = { "socialcard-materials", "-s", v, NULL };
		char *a2[] = { "socialcard-materials", "-s", "apply", "-r", v,
			       NULL };
		char *a3[] = { "socialcard-materials", "-s", "apply", "-b", v,
			       NULL };
		char *a4[] = { "socialcard-materials", "-s", "apply", "-m", v,
			       "-d", v, NULL };
		assert_true(run_tool("socialcard-materials", a1) != 0);
		refused++;
		rc = run_tool("socialcard-materials", a2);
		rc = run_tool("socialcard-materials", a3);
		if (*v)
			assert_true(rc != 0);
		rc = run_tool("socialcard-materials", a4);
		(void)rc;
	}
	{
		char *a1[] = { "socialcard-materials", "-s", "apply", "-b",
			       "20230230", NULL };
		char *a2[] = { "socialcard-materials", "-s", "apply", "-P",
			       bad_pack, NULL };
		char *a3[] = { "socialcard-materials", "-s", "apply", "-P",
			       "/nonexistent/x.json", NULL };
		assert_true(run_tool("socialcard-materials", a1) != 0);
		assert_true(run_tool("socialcard-materials", a2) != 0);
		assert_true(run_tool("socialcard-materials", a3) != 0);
		refused += 3;
	}
	unlink(bad_pack);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_store_text_fields),
		cmocka_unit_test(test_bad_model_values),
		cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_bad_card_responses),
		cmocka_unit_test(test_bad_rule_packs),
		cmocka_unit_test(test_bad_cli),
	};
	int rc;

	kind = argc > 1 ? argv[1] : "memory";
	memset(big, 'A', 65536);
	big[65536] = '\0';
	rel_tmpdir(dir, sizeof(dir), "bad");
	if ((rc = rel_store_uri(uri, sizeof(uri), kind, dir, "bad")) != 0) {
		printf("bad input: backend %s not available here\n", kind);
		rmdir(dir);
		return rc;
	}
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
	if (strcmp(kind, "memory") == 0)
		/* keep the named memory store alive between the cases */
		snprintf(uri, sizeof(uri), "memory:");
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	printf("bad input %s: %ld inputs refused with an error and a message, "
	       "%ld accepted and round-tripped; nothing changed by a refused "
	       "call\n",
	       kind, refused, accepted);
	if (strcmp(kind, "sqlite") == 0) {
		char p[1600];
		snprintf(p, sizeof(p), "%s/bad.db", dir);
		rel_rm_db(p);
	}
	rmdir(dir);
	return rc;
}
