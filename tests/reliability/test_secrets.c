/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Secret hygiene ("PIN canary").  Everything runs at SSC_LOG_TRACE with
 * the APDU trace on and every log line captured:
 *
 * - a sim-card session through the recorder (trace file) and the SSSE
 *   chip flows: select, read EF05/EF06, verify the PIN, change it to the
 *   canary PIN 918273, verify the canary, a wrong verify, change back;
 * - a replay of the recorded trace;
 * - a store (SQLite file; PostgreSQL too when available) with canary data
 *   and index keys, a canary ID number and name inside the records;
 * - calls that fail on canary values (their error messages captured).
 *
 * Then: the canary PIN (ASCII and BCD), the key bytes (raw and hex) never
 * appear in the logs, the error messages, the trace file, the SQLite
 * files (db, -wal, -shm) or the PostgreSQL tables; the canary ID number
 * and name never appear in the store (ASCII/UTF-8), and in the logs and
 * messages only masked (not in ASCII, not as hex).  Every heap block the
 * library frees through the context allocator is scanned: none still
 * holds the PIN or the key bytes (PIN and key buffers are wiped before
 * they are freed).
 */
#include <malloc.h>

#include "rel_common.h"
#include "apdu/exchange.h"
#include "chip/ssse.h"
#include "reader/transport.h"

#include <socialcard/sys/reader_backend.h>

#define PIN_DEFAULT "123456"
#define PIN_CANARY "918273"
static const uint8_t pin_bcd[3] = { 0x91, 0x82, 0x73 };
#define NAME_CANARY "\xe5\xbc\xa0\xe4\xb8\x89\xe4\xb8\xb0\xe9\xbe\x98"

static char id_canary[19]; /* 440306198508171230 + check char */
static char chip_ssn[19];  /* the sim card's 社会保障号码 */
static char dir[256];

/* ---- captured text --------------------------------------------------- */

static char *logbuf;
static size_t log_len, log_cap;

static void
capture(const char *s)
{
	size_t n = strlen(s);
	if (log_len + n + 2 > log_cap) {
		log_cap = (log_len + n + 2) * 2;
		logbuf = realloc(logbuf, log_cap);
		assert_non_null(logbuf);
	}
	memcpy(logbuf + log_len, s, n);
	log_len += n;
	logbuf[log_len++] = '\n';
	logbuf[log_len] = '\0';
}

static long log_lines;

static void
log_fn(int level, const char *message, void *payload)
{
	(void)level;
	(void)payload;
	log_lines++;
	capture(message);
}

/* Record the error message of a failed call. */
static void
capture_error(ssc_status rc)
{
	if (rc < 0)
		capture(ssc_error_last()->message);
}

/* ---- the scanning allocator ------------------------------------------ */

static long freed_blocks, dirty_blocks;

static bool
has(const void *hay, size_t n, const void *needle, size_t k)
{
	return hay && k && n >= k && memmem(hay, n, needle, k) != NULL;
}

static void *
scan_alloc(void *ptr, size_t size, void *payload)
{
	(void)payload;
	if (size == 0) {
		if (ptr) {
			size_t n = malloc_usable_size(ptr);
			freed_blocks++;
			if (has(ptr, n, PIN_CANARY, 6) ||
			    (n <= 300 && has(ptr, n, pin_bcd, 3)) ||
			    has(ptr, n, rel_data_key, 8) ||
			    has(ptr, n, rel_index_key, 8)) {
				dirty_blocks++;
				fprintf(stderr, "freed block of %zu bytes still "
						"holds a secret\n", n);
			}
		}
		free(ptr);
		return NULL;
	}
	return realloc(ptr, size);
}

static ssc_ctx *
secret_ctx(void)
{
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;

	o.alloc = scan_alloc;
	o.log = log_fn;
	o.log_level = SSC_LOG_TRACE;
	assert_ssc_ok(ssc_ctx_new(&ctx, &o));
	return ctx;
}

/* ---- checks ---------------------------------------------------------- */

static void
hexof(char *out, const uint8_t *p, size_t n, bool upper)
{
	size_t i;
	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, upper ? "%02X" : "%02x", p[i]);
}

/* PIN and keys: absent in every form. */
static void
assert_no_secrets(const char *what, const uint8_t *d, size_t n, bool text)
{
	char hex[80];
	int u;

	if (has(d, n, PIN_CANARY, 6))
		fail_msg("%s: the canary PIN in clear", what);
	if (has(d, n, rel_data_key, 32) || has(d, n, rel_index_key, 32))
		fail_msg("%s: raw key bytes", what);
	if (text && has(d, n, pin_bcd, 3))
		fail_msg("%s: the canary PIN as BCD", what);
	for (u = 0; u < 2; u++) {
		hexof(hex, rel_data_key, 16, u);
		if (has(d, n, hex, 32))
			fail_msg("%s: data key in hex", what);
		hexof(hex, rel_index_key, 16, u);
		if (has(d, n, hex, 32))
			fail_msg("%s: index key in hex", what);
		hexof(hex, pin_bcd, 3, u);
		if (text && has(d, n, hex, 6))
			fail_msg("%s: the canary PIN as BCD hex", what);
	}
}

/* ID numbers and the name: only masked. */
static void
assert_no_identity(const char *what, const uint8_t *d, size_t n)
{
	const char *ids[2] = { id_canary, chip_ssn };
	char hex[40];
	int i, u;

	for (i = 0; i < 2; i++) {
		if (!ids[i][0])
			continue;
		if (has(d, n, ids[i], 18))
			fail_msg("%s: a full ID number", what);
		for (u = 0; u < 2; u++) {
			hexof(hex, (const uint8_t *)ids[i], 18, u);
			if (has(d, n, hex, 36))
				fail_msg("%s: a full ID number in hex", what);
		}
	}
	if (has(d, n, NAME_CANARY, strlen(NAME_CANARY)))
		fail_msg("%s: the canary name", what);
}

static size_t
slurp(const char *path, uint8_t **out)
{
	FILE *f = fopen(path, "rb");
	long n;

	*out = NULL;
	if (!f)
		return 0;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	*out = malloc((size_t)n + 1);
	assert_non_null(*out);
	assert_int_equal(fread(*out, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return (size_t)n;
}

/* ---- the card session ------------------------------------------------ */

static void
card_session(ssc_ctx *ctx, const char *trace_path)
{
	ssc_reader_backend *sim = NULL, *rec = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc__transport t;
	ssc__ssse_options so;
	ssc__ssse_fci fci;
	ssc__ssse_ef05 ef05;
	ssc__ssse_ef06 ef06;
	int tries = -1;

	assert_ssc_ok(ssc_reader_backend_sim_new(&sim, ctx, NULL));
	assert_ssc_ok(ssc_reader_backend_recorder_new(&rec, ctx, sim,
						      trace_path));
	assert_ssc_ok(ssc_reader_new(&r, ctx, rec));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	ssc__reader_transport(&t, c, false);
	ssc__ssse_options_default(&so);
	assert_ssc_ok(ssc__ssse_select(&t, &so, &fci));
	assert_ssc_ok(ssc__ssse_read_ef05(&t, &so, &ef05));
	assert_ssc_ok(ssc__ssse_read_ef06(&t, &so, &ef06));
	snprintf(chip_ssn, sizeof(chip_ssn), "%s", ef06.ssn);
	assert_int_equal(strlen(chip_ssn), 18);
	assert_ssc_ok(ssc__ssse_verify_pin(&t, &so, PIN_DEFAULT, &tries));
	assert_ssc_ok(ssc__ssse_change_pin(&t, &so, PIN_DEFAULT, PIN_CANARY,
					   &tries));
	assert_ssc_ok(ssc__ssse_verify_pin(&t, &so, PIN_CANARY, &tries));
	/* a wrong PIN: the error message must not carry it either */
	capture_error(ssc__ssse_verify_pin(&t, &so, "918274", &tries));
	assert_ssc_ok(ssc__ssse_verify_pin(&t, &so, PIN_CANARY, &tries));
	assert_ssc_ok(ssc__ssse_change_pin(&t, &so, PIN_CANARY, PIN_DEFAULT,
					   &tries));
	capture_error(ssc__ssse_verify_pin(&t, &so, PIN_CANARY, &tries));
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	ssc_reader_free(r);
}

static void
replay_session(ssc_ctx *ctx, const char *trace_path)
{
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc__transport t;
	ssc__ssse_options so;
	ssc__ssse_fci fci;
	char uri[500];

	snprintf(uri, sizeof(uri), "replay:%s", trace_path);
	assert_ssc_ok(ssc_reader_open(&r, ctx, uri));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	ssc__reader_transport(&t, c, false);
	ssc__ssse_options_default(&so);
	assert_ssc_ok(ssc__ssse_select(&t, &so, &fci));
	ssc_reader_disconnect(c, 0);
	ssc_reader_free(r);
}

/* ---- the store ------------------------------------------------------- */

static void
store_session(ssc_ctx *ctx, const char *uri)
{
	ssc_store *st = NULL;
	ssc_store_txn *t = NULL;
	ssc_store_card sc = SSC_STORE_CARD_INIT, out = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry e = SSC_STORE_JOURNAL_ENTRY_INIT;
	ssc_store_iter *it = NULL;
	const ssc_store_card *pc;
	ssc_person *p = NULL;
	ssc_card *card = NULL;
	ssc_buf rec = SSC_BUF_INIT;
	char id[37], eid[37], bad_id[19];
	ssc_store_options o;

	rel_opts(&o);
	assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
	/* a record holding the canary ID number and name */
	assert_ssc_ok(ssc_person_new(&p, ctx));
	assert_ssc_ok(ssc_person_set_id_number(p, id_canary));
	assert_ssc_ok(ssc_person_set_name(p, NAME_CANARY));
	assert_ssc_ok(ssc_card_new(&card, ctx));
	assert_ssc_ok(ssc_card_set_number(card, "S12345678"));
	assert_ssc_ok(ssc_card_set_holder(card, p));
	assert_ssc_ok(ssc_card_encode(&rec, card));
	assert_true(has(rec.ptr, rec.size, id_canary, 18));
	rel_uuid(id, 0x5ec, 1);
	rel_uuid(eid, 0x5ece, 1);
	sc.card_id = id;
	sc.card_number = "S12345678";
	sc.holder_id = id_canary;
	sc.region = "440300";
	sc.state = 1;
	sc.record = (const uint8_t *)rec.ptr;
	sc.record_len = rec.size;
	e.entry_id = eid;
	e.card_id = id;
	e.sequence = 1;
	e.service = "apply";
	e.data = (const uint8_t *)rec.ptr; /* the journal holds it too */
	e.data_len = rec.size;
	assert_ssc_ok(ssc_store_txn_new(&t, st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &sc, 0));
	assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
	assert_ssc_ok(ssc_store_txn_set_request(t, "secret-req",
						(const uint8_t *)rec.ptr,
						rec.size));
	assert_ssc_ok(ssc_store_commit(NULL, st, t));
	/* the same again: a refused duplicate, message captured */
	capture_error(ssc_store_commit(NULL, st, t));
	ssc_store_txn_free(t);
	assert_ssc_ok(ssc_store_load_by_id(&out, st, id));
	assert_memory_equal(out.record, rec.ptr, rec.size);
	ssc_store_card_dispose(&out);
	assert_ssc_ok(ssc_store_iter_holder(&it, st, id_canary));
	assert_ssc_ok(ssc_store_iter_next_card(&pc, it));
	assert_non_null(pc);
	ssc_store_iter_free(it);
	/* failures on canary values */
	snprintf(bad_id, sizeof(bad_id), "%s", id_canary);
	bad_id[17] = bad_id[17] == '0' ? '1' : '0';
	capture_error(ssc_person_set_id_number(p, bad_id));
	capture_error(ssc_store_load_by_number(&out, st, id_canary));
	{
		ssc_idnumber_info info;
		ssc_idnumber_info_init(&info, SSC_IDNUMBER_INFO_VERSION);
		capture_error(ssc_idnumber_parse(&info, ctx, bad_id));
	}
	capture_error(ssc_store_add_old_key(st, 1, rel_data_key, 32));
	ssc_card_free(card);
	ssc_person_free(p);
	ssc_buf_dispose(&rec);
	ssc_store_free(st);
}

#if SSC_HAVE_POSTGRESQL
/* Every row of every table in our schema, as text. */
static void
pg_dump_check(const char *schema)
{
	const char *pg = getenv("SSC_TEST_PG");
	PGconn *c = PQconnectdb(pg);
	PGresult *r;
	char sql[1400];
	int i, j;

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	snprintf(sql, sizeof(sql),
		 "SELECT table_name FROM information_schema.tables WHERE "
		 "table_schema = '%s'",
		 schema);
	r = PQexec(c, sql);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	assert_true(PQntuples(r) > 0);
	for (i = 0; i < PQntuples(r); i++) {
		PGresult *rows;
		snprintf(sql, sizeof(sql), "SELECT t::text FROM %s.%s t",
			 schema, PQgetvalue(r, i, 0));
		rows = PQexec(c, sql);
		assert_int_equal(PQresultStatus(rows), PGRES_TUPLES_OK);
		for (j = 0; j < PQntuples(rows); j++) {
			const char *v = PQgetvalue(rows, j, 0);
			assert_no_secrets("postgresql row", (const uint8_t *)v,
					  strlen(v), false);
			assert_no_identity("postgresql row",
					   (const uint8_t *)v, strlen(v));
		}
		PQclear(rows);
	}
	PQclear(r);
	PQfinish(c);
}
#endif

/* ---- the test -------------------------------------------------------- */

static void
test_secrets_canaries(void **state)
{
	ssc_ctx *ctx = secret_ctx();
	char trace[400], db[400], uri[1400], p[500];
	const char *suffix[] = { "", "-wal", "-shm" };
	uint8_t *data;
	size_t n;
	int i;

	(void)state;
	snprintf(trace, sizeof(trace), "%s/session.trace", dir);
	snprintf(db, sizeof(db), "%s/secrets.db", dir);
	card_session(ctx, trace);
	replay_session(ctx, trace);
	snprintf(uri, sizeof(uri), "sqlite:%s", db);
	store_session(ctx, uri);
	/* keep the WAL: a second handle open while we read the files */
	{
		ssc_store *hold = NULL;
		ssc_store_options o;
		rel_opts(&o);
		assert_ssc_ok(ssc_store_open(&hold, ctx, uri, &o));
		for (i = 0; i < 3; i++) {
			snprintf(p, sizeof(p), "%s%s", db, suffix[i]);
			n = slurp(p, &data);
			if (i == 0)
				assert_true(n > 0);
			assert_no_secrets(p, data, n, false);
			assert_no_identity(p, data, n);
			free(data);
		}
		ssc_store_free(hold);
	}
	if (rel_store_uri(uri, sizeof(uri), "postgresql", dir, "secrets") ==
	    0) {
		ssc_store *st = NULL;
		ssc_store_options o;
		rel_opts(&o);
		if (ssc_store_open(&st, ctx, uri, &o) == SSC_OK) {
			ssc_store_free(st);
			store_session(ctx, uri);
#if SSC_HAVE_POSTGRESQL
			snprintf(p, sizeof(p), "rel_secrets_%d", (int)getpid());
			pg_dump_check(p);
#endif
		}
	}
	n = slurp(trace, &data);
	assert_true(n > 0);
	assert_no_secrets("trace file", data, n, true);
	free(data);
	assert_true(log_lines > 20);
	assert_no_secrets("logs and error messages", (uint8_t *)logbuf,
			  log_len, true);
	assert_no_identity("logs and error messages", (uint8_t *)logbuf,
			   log_len);
	ssc_ctx_free(ctx);
	if (dirty_blocks)
		fail_msg("%ld freed blocks still held a secret", dirty_blocks);
	printf("secrets: %ld log lines, %zu bytes of logs and messages, trace "
	       "and SQLite files scanned, %ld freed blocks scanned: no PIN, "
	       "no key bytes, ID numbers and name only masked\n",
	       log_lines, log_len, freed_blocks);
	unlink(trace);
	for (i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", db, suffix[i]);
		unlink(p);
	}
}

/* The checks can fail: a log line with the PIN is caught. */
static void
test_secrets_checks_bite(void **state)
{
	const char *leak = "apdu > 0020000003918273";
	(void)state;
	assert_true(has(leak, strlen(leak), "918273", 6));
	assert_true(has(rel_data_key, 32, rel_data_key, 8));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secrets_checks_bite),
		cmocka_unit_test(test_secrets_canaries),
	};
	int rc;

	snprintf(id_canary, sizeof(id_canary), "44030619850817123");
	id_canary[17] = ssc_idnumber_check_char(id_canary);
	id_canary[18] = '\0';
	rel_tmpdir(dir, sizeof(dir), "secrets");
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	free(logbuf);
	return rc;
}
