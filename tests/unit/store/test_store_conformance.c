/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The store conformance suite: the same cases against every backend.  The
 * backend comes from argv[1] (or SSC_STORE_BACKEND): memory, sqlite or
 * postgresql.  PostgreSQL runs need SSC_TEST_PG (libpq keyword/value
 * conninfo of a server where we may CREATE DATABASE); without it the
 * program exits 77 (skipped).  Every run uses a fresh database (dropped at
 * the end) and every case a fresh schema or file.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <uuid/uuid.h>

#include "ssc_config.h"
#include "test_common.h"
#include "fault_store.h"

#include <socialcard/sys/store_backend.h>

#if SSC_HAVE_POSTGRESQL
#include <libpq-fe.h>
#endif
#if SSC_HAVE_SQLITE
#include <sqlite3.h>
#endif

/* ---- which backend, and where ---------------------------------------- */

static const char *backend_kind;
static char tmp_dir[256];
static char pg_base[1024];  /* SSC_TEST_PG with our database */
static char pg_admin[1024]; /* SSC_TEST_PG as given */
static char pg_db[64];
static int case_no;

static const uint8_t data_key[32] = {
	0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26,
	0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30 };
static const uint8_t data_key2[32] = {
	0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b,
	0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
	0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0 };
static const uint8_t index_key[32] = {
	0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b,
	0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
	0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70 };

/* Canaries that must never appear in clear at rest. */
#define CANARY_ID "11010519491231002X"
#define CANARY_NAME "\xe5\xbc\xa0\xe4\xb8\x89\xe4\xb8\xb0\xe9\xbe\x98" /* 张三丰龘 */
/* Rare characters (CJK Extension B and Extension A) for round trips. */
#define RARE_NAME "\xf0\xa0\x80\x80\xf0\xaa\x9a\xa5\xe4\xb6\xae"

#if SSC_HAVE_POSTGRESQL
static PGconn *
pg_connect(const char *conninfo)
{
	PGconn *c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "connect: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

static bool
pg_exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
		  PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	return ok;
}
#endif

/* The fixture of one case: a context, a location and a store on it. */
struct fx {
	ssc_ctx *ctx;
	char location[1200]; /* memory name, file path or conninfo */
	char uri[1300];
	ssc_store_options opts;
	ssc_store *st;
};

static void
fx_opts(ssc_store_options *o, uint32_t key_id, const uint8_t *dk)
{
	ssc_store_options_init(o, SSC_STORE_OPTIONS_VERSION);
	o->data_key_id = key_id;
	o->data_key = dk;
	o->data_key_len = 32;
	o->index_key = index_key;
	o->index_key_len = 32;
}

static ssc_status
fx_open(ssc_store **out, struct fx *f, ssc_ctx *ctx,
	const ssc_store_options *o)
{
	return ssc_store_open(out, ctx, f->uri, o ? o : &f->opts);
}

/* A bare backend at the fixture's location (for wrapping). */
static ssc_status
fx_backend(ssc_store_backend **out, struct fx *f)
{
	if (strcmp(backend_kind, "memory") == 0)
		return ssc_store_backend_memory_new(out, f->ctx, f->location);
	if (strcmp(backend_kind, "sqlite") == 0)
		return ssc_store_backend_sqlite_new(out, f->ctx, f->location,
						    &f->opts);
	return ssc_store_backend_postgresql_new(out, f->ctx, f->location,
						&f->opts);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	case_no++;
	f->ctx = ssc_test_ctx(NULL, NULL, NULL);
	if (!f->ctx)
		return -1;
	fx_opts(&f->opts, 1, data_key);
	if (strcmp(backend_kind, "memory") == 0) {
		snprintf(f->location, sizeof(f->location), "conf-%d-%d",
			 (int)getpid(), case_no);
		snprintf(f->uri, sizeof(f->uri), "memory:%s", f->location);
	} else if (strcmp(backend_kind, "sqlite") == 0) {
		snprintf(f->location, sizeof(f->location), "%s/case%d.db",
			 tmp_dir, case_no);
		snprintf(f->uri, sizeof(f->uri), "sqlite:%s", f->location);
	} else {
#if SSC_HAVE_POSTGRESQL
		char sql[128];
		PGconn *c = pg_connect(pg_base);
		if (!c)
			return -1;
		snprintf(sql, sizeof(sql), "CREATE SCHEMA case%d", case_no);
		if (!pg_exec(c, sql)) {
			PQfinish(c);
			return -1;
		}
		PQfinish(c);
		snprintf(f->location, sizeof(f->location),
			 "%s options='-csearch_path=case%d'", pg_base, case_no);
		snprintf(f->uri, sizeof(f->uri), "postgresql:%s", f->location);
#else
		return -1;
#endif
	}
	if (ssc_store_open(&f->st, f->ctx, f->uri, &f->opts) != SSC_OK) {
		ssc_test_print_error("ssc_store_open", ssc_error_last()->code);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	ssc_store_free(f->st);
	ssc_ctx_free(f->ctx);
	if (strcmp(backend_kind, "sqlite") == 0) {
		char p[1300];
		unlink(f->location);
		snprintf(p, sizeof(p), "%s-wal", f->location);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", f->location);
		unlink(p);
	}
	free(f);
	return 0;
}

/* ---- helpers -------------------------------------------------------- */

static void
new_uuid(char out[37])
{
	uuid_t u;
	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

struct card_spec {
	char id[37];
	char number[300];
	char region[64];
	char holder[64];
	int state;
	uint8_t record[256];
	size_t record_len;
};

static void
spec_init(struct card_spec *s, const char *number, const char *region,
	  const char *holder, int state)
{
	memset(s, 0, sizeof(*s));
	new_uuid(s->id);
	snprintf(s->number, sizeof(s->number), "%s", number);
	snprintf(s->region, sizeof(s->region), "%s", region);
	snprintf(s->holder, sizeof(s->holder), "%s", holder);
	s->state = state;
	s->record_len = (size_t)snprintf((char *)s->record, sizeof(s->record),
					 "record of %s", number);
}

static void
spec_card(ssc_store_card *c, const struct card_spec *s)
{
	ssc_store_card_init(c, SSC_STORE_CARD_VERSION);
	c->card_id = s->id;
	c->card_number = s->number;
	c->holder_id = s->holder;
	c->region = s->region;
	c->state = s->state;
	c->record = s->record;
	c->record_len = s->record_len;
}

static void
journal_of(ssc_store_journal_entry *e, char id[37], const char *card_id,
	   int64_t seq, const char *service)
{
	new_uuid(id);
	ssc_store_journal_entry_init(e, SSC_STORE_JOURNAL_ENTRY_VERSION);
	e->entry_id = id;
	e->card_id = card_id;
	e->sequence = seq;
	e->time_ms = 1700000000000 + seq;
	e->service = service;
	e->data = (const uint8_t *)service;
	e->data_len = strlen(service);
}

/* Create a card with one journal entry (sequence 1). */
static void
create_card(ssc_store *st, const struct card_spec *s)
{
	ssc_store_txn *t = NULL;
	ssc_store_card c;
	ssc_store_journal_entry e;
	char eid[37];
	int64_t rev = 0;

	spec_card(&c, s);
	journal_of(&e, eid, s->id, 1, "apply");
	assert_ssc_ok(ssc_store_txn_new(&t, st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 0));
	assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
	assert_ssc_ok(ssc_store_commit(&rev, st, t));
	assert_int_equal(rev, 1);
	ssc_store_txn_free(t);
}

static size_t
count_journal(ssc_store *st, const char *card_id)
{
	ssc_store_iter *it = NULL;
	const ssc_store_journal_entry *e;
	size_t n = 0;
	int64_t last = 0;

	assert_ssc_ok(ssc_store_iter_journal(&it, st, card_id, NULL, 0));
	for (;;) {
		assert_ssc_ok(ssc_store_iter_next_journal(&e, it));
		if (!e)
			break;
		assert_true(e->sequence > last);
		last = e->sequence;
		n++;
	}
	ssc_store_iter_free(it);
	return n;
}

/* ---- cases ---------------------------------------------------------- */

static void
test_store_roundtrip(void **state)
{
	struct fx *f = *state;
	struct card_spec s;
	ssc_store_txn *t = NULL;
	ssc_store_card c, out = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry e;
	ssc_store_invalid_entry inv, iout = SSC_STORE_INVALID_ENTRY_INIT;
	ssc_store_mirror m, mout = SSC_STORE_MIRROR_INIT;
	ssc_store_iter *it = NULL;
	const ssc_store_card *pc;
	const ssc_store_journal_entry *pe;
	ssc_buf res = SSC_BUF_INIT;
	uint8_t record[64], hash[32], idx[32];
	static const uint8_t result[] = { 0, 1, 2, 0, 'o', 'k', 0 };
	static const uint8_t mdata[] = { 'm', 0, 'i', 0xff };
	char eid[37];
	size_t rl, i;
	int64_t rev = 0;

	spec_init(&s, "A12345678", "450200", CANARY_ID, 3);
	/* Record: rare-character name, NUL bytes, high bytes. */
	rl = (size_t)snprintf((char *)record, sizeof(record), "name=%s;",
			      RARE_NAME);
	record[rl++] = 0;
	record[rl++] = 0xfe;
	record[rl++] = 0;
	for (i = 0; i < sizeof(hash); i++)
		hash[i] = (uint8_t)(i * 7);
	spec_card(&c, &s);
	c.record = record;
	c.record_len = rl;
	journal_of(&e, eid, s.id, 1, "apply");
	e.request_id = "req-1";
	e.hash = hash;
	e.hash_len = sizeof(hash);
	ssc_store_invalid_entry_init(&inv, SSC_STORE_INVALID_ENTRY_VERSION);
	inv.level = SSC_INVALID_LEVEL_MUNICIPAL;
	inv.region = "450200";
	inv.card_number = s.number;
	inv.card_id = s.id;
	inv.time_ms = 1700000000123;
	inv.reason = "lost " RARE_NAME;
	ssc_store_mirror_init(&m, SSC_STORE_MIRROR_VERSION);
	m.card_id = s.id;
	m.state = 2;
	m.time_ms = 1700000000456;
	m.data = mdata;
	m.data_len = sizeof(mdata);

	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 0));
	assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
	assert_ssc_ok(ssc_store_txn_add_invalid(t, &inv));
	assert_ssc_ok(ssc_store_txn_set_mirror(t, &m));
	assert_ssc_ok(ssc_store_txn_set_request(t, "req-1", result,
						sizeof(result)));
	assert_ssc_ok(ssc_store_commit(&rev, f->st, t));
	ssc_store_txn_free(t);
	assert_int_equal(rev, 1);

	/* By id. */
	assert_ssc_ok(ssc_store_load_by_id(&out, f->st, s.id));
	assert_string_equal(out.card_id, s.id);
	assert_string_equal(out.card_number, s.number);
	assert_string_equal(out.region, s.region);
	assert_null(out.holder_id);
	assert_int_equal(out.state, 3);
	assert_int_equal(out.revision, 1);
	assert_int_equal(out.key_id, 1);
	assert_int_equal(out.record_len, rl);
	assert_memory_equal(out.record, record, rl);
	assert_ssc_ok(ssc_store_holder_index(idx, f->st, CANARY_ID));
	assert_int_equal(out.holder_index_len, 32);
	assert_memory_equal(out.holder_index, idx, 32);
	ssc_store_card_dispose(&out);
	assert_null(out.owner);

	/* By number. */
	assert_ssc_ok(ssc_store_load_by_number(&out, f->st, s.number));
	assert_string_equal(out.card_id, s.id);
	assert_memory_equal(out.record, record, rl);
	ssc_store_card_dispose(&out);

	/* By holder, with a lowercase x. */
	assert_ssc_ok(ssc_store_iter_holder(&it, f->st, "11010519491231002x"));
	assert_ssc_ok(ssc_store_iter_next_card(&pc, it));
	assert_non_null(pc);
	assert_string_equal(pc->card_id, s.id);
	assert_memory_equal(pc->record, record, rl);
	assert_ssc_ok(ssc_store_iter_next_card(&pc, it));
	assert_null(pc);
	ssc_store_iter_free(it);
	assert_ssc_ok(ssc_store_iter_holder(&it, f->st, "110105194912310038"));
	assert_ssc_ok(ssc_store_iter_next_card(&pc, it));
	assert_null(pc);
	ssc_store_iter_free(it);

	/* Journal. */
	assert_ssc_ok(ssc_store_iter_journal(&it, f->st, s.id, NULL, 0));
	assert_ssc_ok(ssc_store_iter_next_journal(&pe, it));
	assert_non_null(pe);
	assert_string_equal(pe->entry_id, eid);
	assert_string_equal(pe->card_id, s.id);
	assert_int_equal(pe->sequence, 1);
	assert_int_equal(pe->time_ms, 1700000000001);
	assert_string_equal(pe->request_id, "req-1");
	assert_string_equal(pe->service, "apply");
	assert_int_equal(pe->hash_len, 32);
	assert_memory_equal(pe->hash, hash, 32);
	assert_int_equal(pe->data_len, 5);
	assert_memory_equal(pe->data, "apply", 5);
	assert_ssc_ok(ssc_store_iter_next_journal(&pe, it));
	assert_null(pe);
	assert_string_equal(ssc_store_iter_cursor(it), "1");
	ssc_store_iter_free(it);

	/* Invalid list. */
	assert_ssc_ok(ssc_store_invalid_lookup(&iout, f->st,
					       SSC_INVALID_LEVEL_MUNICIPAL,
					       "450200", s.number));
	assert_int_equal(iout.level, SSC_INVALID_LEVEL_MUNICIPAL);
	assert_string_equal(iout.region, "450200");
	assert_string_equal(iout.card_number, s.number);
	assert_string_equal(iout.card_id, s.id);
	assert_int_equal(iout.time_ms, 1700000000123);
	assert_string_equal(iout.reason, "lost " RARE_NAME);
	ssc_store_invalid_entry_dispose(&iout);

	/* Mirror. */
	assert_ssc_ok(ssc_store_mirror_load(&mout, f->st, s.id));
	assert_string_equal(mout.card_id, s.id);
	assert_int_equal(mout.state, 2);
	assert_int_equal(mout.time_ms, 1700000000456);
	assert_int_equal(mout.data_len, sizeof(mdata));
	assert_memory_equal(mout.data, mdata, sizeof(mdata));
	ssc_store_mirror_dispose(&mout);

	/* Request result. */
	assert_ssc_ok(ssc_store_request_lookup(&res, f->st, "req-1"));
	assert_int_equal(res.size, sizeof(result));
	assert_memory_equal(res.ptr, result, sizeof(result));
	ssc_buf_dispose(&res);

	/* Misses. */
	assert_ssc_error(ssc_store_load_by_number(&out, f->st, "nope"),
			 SSC_ENOTFOUND);
	assert_ssc_error(ssc_store_request_lookup(&res, f->st, "req-2"),
			 SSC_ENOTFOUND);
	assert_ssc_error(ssc_store_invalid_lookup(&iout, f->st,
						  SSC_INVALID_LEVEL_NATIONAL,
						  "", s.number),
			 SSC_ENOTFOUND);
}

static void
test_store_large_values(void **state)
{
	struct fx *f = *state;
	struct card_spec s;
	ssc_store_txn *t = NULL;
	ssc_store_card c, out = SSC_STORE_CARD_INIT;
	size_t n = 64 * 1024, i;
	uint8_t *big = malloc(SSC_STORE_DATA_MAX + 1);
	char *longtext = malloc(n + 1);

	assert_non_null(big);
	assert_non_null(longtext);
	for (i = 0; i < SSC_STORE_DATA_MAX + 1; i++)
		big[i] = (uint8_t)(i * 31 + (i >> 8));
	memset(longtext, '7', n);
	longtext[n] = '\0';
	spec_init(&s, "B00000001", "500000", "500101199001011234", 1);
	spec_card(&c, &s);
	c.record = big;
	c.record_len = n;
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 0));
	assert_ssc_ok(ssc_store_commit(NULL, f->st, t));
	assert_ssc_ok(ssc_store_load_by_id(&out, f->st, s.id));
	assert_int_equal(out.record_len, n);
	assert_memory_equal(out.record, big, n);
	ssc_store_card_dispose(&out);

	/* The largest allowed value is preserved too; one more is refused. */
	c.record_len = SSC_STORE_DATA_MAX;
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 1));
	assert_ssc_ok(ssc_store_commit(NULL, f->st, t));
	assert_ssc_ok(ssc_store_load_by_id(&out, f->st, s.id));
	assert_int_equal(out.record_len, SSC_STORE_DATA_MAX);
	assert_memory_equal(out.record, big, SSC_STORE_DATA_MAX);
	ssc_store_card_dispose(&out);
	c.record_len = SSC_STORE_DATA_MAX + 1;
	assert_ssc_error(ssc_store_txn_set_card(t, &c, 2), SSC_EINVAL);

	/* 64 KB of text in an indexed field is refused. */
	c.record_len = 10;
	c.card_number = longtext;
	assert_ssc_error(ssc_store_txn_set_card(t, &c, 2), SSC_EINVAL);
	assert_ssc_error(ssc_store_load_by_number(&out, f->st, longtext),
			 SSC_EINVAL);
	ssc_store_txn_free(t);
	free(big);
	free(longtext);
}

static void
test_store_conflict(void **state)
{
	struct fx *f = *state;
	struct card_spec s, s2;
	ssc_store_txn *t = NULL;
	ssc_store_card c, out = SSC_STORE_CARD_INIT;
	int64_t rev = 0;

	spec_init(&s, "C00000001", "500000", "500101199001011234", 1);
	create_card(f->st, &s);
	spec_card(&c, &s);
	c.state = 2;
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 1));
	assert_ssc_ok(ssc_store_commit(&rev, f->st, t));
	assert_int_equal(rev, 2);
	/* Same base again: someone else already moved it. */
	c.state = 9;
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 1));
	assert_ssc_error(ssc_store_commit(&rev, f->st, t), SSC_ECONFLICT);
	assert_ssc_ok(ssc_store_load_by_id(&out, f->st, s.id));
	assert_int_equal(out.revision, 2);
	assert_int_equal(out.state, 2);
	ssc_store_card_dispose(&out);
	/* Creating again: same id, or same number under a new id. */
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 0));
	assert_ssc_error(ssc_store_commit(NULL, f->st, t), SSC_EEXISTS);
	if (strcmp(backend_kind, "postgresql") == 0) {
		/* SQLSTATE 23505 packed base 36: 2·36⁴ + 3·36³ + 5·36² + 5. */
		assert_int_equal(ssc_error_last()->native_kind,
				 SSC_NATIVE_PGSQL);
		assert_int_equal(ssc_error_last()->native_code,
				 2u * 1679616u + 3u * 46656u + 5u * 1296u +
					 0u * 36u + 5u);
	} else if (strcmp(backend_kind, "sqlite") == 0) {
		assert_int_equal(ssc_error_last()->native_kind,
				 SSC_NATIVE_SQLITE);
	}
	spec_init(&s2, "C00000001", "500000", "500101199001011234", 1);
	spec_card(&c, &s2);
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 0));
	assert_ssc_error(ssc_store_commit(NULL, f->st, t), SSC_EEXISTS);
	/* Updating a card that does not exist. */
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 5));
	assert_ssc_error(ssc_store_commit(NULL, f->st, t), SSC_ENOTFOUND);
	ssc_store_txn_free(t);
	assert_int_equal(count_journal(f->st, s.id), 1);
}

/* Correcting the holder's ID number moves the card to the new blind index
 * (and, on PostgreSQL, to the new distribution key). */
static void
test_store_holder_change(void **state)
{
	struct fx *f = *state;
	struct card_spec s;
	ssc_store_txn *t = NULL;
	ssc_store_card c, out = SSC_STORE_CARD_INIT;
	ssc_store_iter *it = NULL;
	const ssc_store_card *pc;
	uint8_t idx[32];

	spec_init(&s, "H00000001", "500000", "500101199001011234", 1);
	create_card(f->st, &s);
	assert_ssc_ok(ssc_store_load_by_id(&out, f->st, s.id));
	/* An update may pass back the loaded blind index instead of the ID. */
	spec_card(&c, &s);
	c.holder_id = NULL;
	c.holder_index = out.holder_index;
	c.holder_index_len = out.holder_index_len;
	c.state = 2;
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 1));
	assert_ssc_ok(ssc_store_commit(NULL, f->st, t));
	ssc_store_card_dispose(&out);
	/* Now the correction. */
	spec_card(&c, &s);
	c.holder_id = "500101199001015678";
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 2));
	assert_ssc_ok(ssc_store_commit(NULL, f->st, t));
	ssc_store_txn_free(t);
	assert_ssc_ok(ssc_store_iter_holder(&it, f->st, "500101199001011234"));
	assert_ssc_ok(ssc_store_iter_next_card(&pc, it));
	assert_null(pc);
	ssc_store_iter_free(it);
	assert_ssc_ok(ssc_store_iter_holder(&it, f->st, "500101199001015678"));
	assert_ssc_ok(ssc_store_iter_next_card(&pc, it));
	assert_non_null(pc);
	assert_string_equal(pc->card_id, s.id);
	assert_int_equal(pc->revision, 3);
	assert_ssc_ok(ssc_store_holder_index(idx, f->st, "500101199001015678"));
	assert_memory_equal(pc->holder_index, idx, 32);
	ssc_store_iter_free(it);
}

/* A failing journal write leaves the card, the lists, the mirror and the
 * request untouched. */
static void
test_store_atomicity(void **state)
{
	struct fx *f = *state;
	ssc_store_backend *be = NULL, *fb = NULL;
	ssc_store *st = NULL;
	struct card_spec s;
	ssc_store_txn *t = NULL;
	ssc_store_card c, out = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry e;
	ssc_store_invalid_entry inv, iout = SSC_STORE_INVALID_ENTRY_INIT;
	ssc_store_mirror m, mout = SSC_STORE_MIRROR_INIT;
	ssc_buf res = SSC_BUF_INIT;
	char eid[37];
	int mode;
	int64_t rev;

	assert_ssc_ok(fx_backend(&be, f));
	assert_ssc_ok(fault_store_new(&fb, f->ctx, be));
	assert_ssc_ok(ssc_store_new(&st, f->ctx, fb, &f->opts));
	spec_init(&s, "D00000001", "450200", "450203198001010011", 1);
	create_card(st, &s);

	for (mode = 0; mode < 2; mode++) {
		spec_card(&c, &s);
		c.state = 7;
		c.record = (const uint8_t *)"changed";
		c.record_len = 7;
		journal_of(&e, eid, s.id, 2, "report-loss");
		ssc_store_invalid_entry_init(&inv,
					     SSC_STORE_INVALID_ENTRY_VERSION);
		inv.level = SSC_INVALID_LEVEL_PROVINCIAL;
		inv.region = "450000";
		inv.card_number = s.number;
		inv.card_id = s.id;
		ssc_store_mirror_init(&m, SSC_STORE_MIRROR_VERSION);
		m.card_id = s.id;
		m.state = 4;
		assert_ssc_ok(ssc_store_txn_new(&t, st));
		assert_ssc_ok(ssc_store_txn_set_card(t, &c, 1));
		assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
		assert_ssc_ok(ssc_store_txn_add_invalid(t, &inv));
		assert_ssc_ok(ssc_store_txn_set_mirror(t, &m));
		assert_ssc_ok(ssc_store_txn_set_request(t, "atom-req",
							(const uint8_t *)"r",
							1));
		fault_store_arm(fb, FAULT_COMMIT, 1,
				mode ? FAULT_BREAK_JOURNAL : FAULT_FAIL,
				SSC_ESTORE);
		rev = -1;
		assert_true(ssc_store_commit(&rev, st, t) < 0);
		assert_int_equal(rev, -1);
		assert_int_equal(fault_store_injected(fb), mode + 1);

		assert_ssc_ok(ssc_store_load_by_id(&out, st, s.id));
		assert_int_equal(out.revision, 1);
		assert_int_equal(out.state, 1);
		assert_int_equal(out.record_len, s.record_len);
		assert_memory_equal(out.record, s.record, s.record_len);
		ssc_store_card_dispose(&out);
		assert_int_equal(count_journal(st, s.id), 1);
		assert_ssc_error(ssc_store_invalid_lookup(
					 &iout, st,
					 SSC_INVALID_LEVEL_PROVINCIAL,
					 "450000", s.number),
				 SSC_ENOTFOUND);
		assert_ssc_error(ssc_store_mirror_load(&mout, st, s.id),
				 SSC_ENOTFOUND);
		assert_ssc_error(ssc_store_request_lookup(&res, st,
							  "atom-req"),
				 SSC_ENOTFOUND);
		ssc_store_txn_free(t);
	}
	/* Unbroken, the same transaction applies. */
	assert_ssc_ok(ssc_store_txn_new(&t, st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 1));
	assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
	assert_ssc_ok(ssc_store_txn_add_invalid(t, &inv));
	assert_ssc_ok(ssc_store_commit(&rev, st, t));
	assert_int_equal(rev, 2);
	ssc_store_txn_free(t);
	assert_int_equal(count_journal(st, s.id), 2);
	assert_ssc_ok(ssc_store_invalid_lookup(&iout, st,
					       SSC_INVALID_LEVEL_PROVINCIAL,
					       "450000", s.number));
	ssc_store_invalid_entry_dispose(&iout);
	/* A failing query reaches the caller as an error. */
	fault_store_arm(fb, FAULT_QUERY, 1, FAULT_FAIL, SSC_ESTORE);
	assert_ssc_error(ssc_store_load_by_id(&out, st, s.id), SSC_ESTORE);
	assert_true(fault_store_calls(fb, FAULT_COMMIT) >= 4);
	ssc_store_free(st);
}

static void
test_store_idempotency(void **state)
{
	struct fx *f = *state;
	struct card_spec s;
	ssc_store_txn *t = NULL;
	ssc_store_card c, out = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry e;
	ssc_buf res = SSC_BUF_INIT;
	char eid[37];

	spec_init(&s, "E00000001", "500000", "500101199001011234", 1);
	create_card(f->st, &s);
	spec_card(&c, &s);
	c.state = 2;
	journal_of(&e, eid, s.id, 2, "activate");
	e.request_id = "R-42";
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 1));
	assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
	assert_ssc_ok(ssc_store_txn_set_request(t, "R-42",
						(const uint8_t *)"first", 5));
	assert_ssc_ok(ssc_store_commit(NULL, f->st, t));
	ssc_store_txn_free(t);

	/* The retry, computed from the new revision, is refused whole. */
	c.state = 3;
	journal_of(&e, eid, s.id, 3, "activate");
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 2));
	assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
	assert_ssc_ok(ssc_store_txn_set_request(t, "R-42",
						(const uint8_t *)"second", 6));
	assert_ssc_error(ssc_store_commit(NULL, f->st, t), SSC_EEXISTS);
	ssc_store_txn_free(t);
	assert_ssc_ok(ssc_store_request_lookup(&res, f->st, "R-42"));
	assert_int_equal(res.size, 5);
	assert_memory_equal(res.ptr, "first", 5);
	ssc_buf_dispose(&res);
	assert_ssc_ok(ssc_store_load_by_id(&out, f->st, s.id));
	assert_int_equal(out.revision, 2);
	assert_int_equal(out.state, 2);
	ssc_store_card_dispose(&out);
	assert_int_equal(count_journal(f->st, s.id), 2);
}

static void
test_store_invalid_levels(void **state)
{
	struct fx *f = *state;
	struct card_spec s[12];
	ssc_store_txn *t = NULL;
	ssc_store_card c;
	ssc_store_invalid_entry inv, iout = SSC_STORE_INVALID_ENTRY_INIT;
	ssc_store_iter *it = NULL;
	const ssc_store_invalid_entry *pe;
	char num[32], cursor[64];
	size_t i, seen = 0;
	int pages = 0;

	for (i = 0; i < 12; i++) {
		snprintf(num, sizeof(num), "L%08zu", 11 - i);
		spec_init(&s[i], num, "450200", "450203198001010011", 5);
		spec_card(&c, &s[i]);
		ssc_store_invalid_entry_init(&inv,
					     SSC_STORE_INVALID_ENTRY_VERSION);
		inv.card_number = s[i].number;
		inv.card_id = s[i].id;
		inv.time_ms = (int64_t)i;
		assert_ssc_ok(ssc_store_txn_new(&t, f->st));
		assert_ssc_ok(ssc_store_txn_set_card(t, &c, 0));
		/* Every card on the municipal list of 450200; even ones on
		 * the provincial list too; the first on the national list. */
		inv.level = SSC_INVALID_LEVEL_MUNICIPAL;
		inv.region = "450200";
		assert_ssc_ok(ssc_store_txn_add_invalid(t, &inv));
		if (i % 2 == 0) {
			inv.level = SSC_INVALID_LEVEL_PROVINCIAL;
			inv.region = "450000";
			assert_ssc_ok(ssc_store_txn_add_invalid(t, &inv));
		}
		if (i == 0) {
			inv.level = SSC_INVALID_LEVEL_NATIONAL;
			inv.region = "";
			assert_ssc_ok(ssc_store_txn_add_invalid(t, &inv));
		}
		assert_ssc_ok(ssc_store_commit(NULL, f->st, t));
		ssc_store_txn_free(t);
	}
	/* Levels are separate lists. */
	assert_ssc_ok(ssc_store_invalid_lookup(&iout, f->st,
					       SSC_INVALID_LEVEL_NATIONAL,
					       NULL, s[0].number));
	ssc_store_invalid_entry_dispose(&iout);
	assert_ssc_error(ssc_store_invalid_lookup(&iout, f->st,
						  SSC_INVALID_LEVEL_NATIONAL,
						  NULL, s[2].number),
			 SSC_ENOTFOUND);
	assert_ssc_ok(ssc_store_invalid_lookup(&iout, f->st,
					       SSC_INVALID_LEVEL_PROVINCIAL,
					       "450000", s[2].number));
	ssc_store_invalid_entry_dispose(&iout);
	assert_ssc_error(ssc_store_invalid_lookup(&iout, f->st,
						  SSC_INVALID_LEVEL_PROVINCIAL,
						  "450000", s[3].number),
			 SSC_ENOTFOUND);
	assert_ssc_error(ssc_store_invalid_lookup(&iout, f->st,
						  SSC_INVALID_LEVEL_MUNICIPAL,
						  "450100", s[3].number),
			 SSC_ENOTFOUND);
	/* Page through the municipal list, 5 at a time, in number order. */
	cursor[0] = '\0';
	for (;;) {
		size_t in_page = 0;
		assert_ssc_ok(ssc_store_iter_invalid(
			&it, f->st, SSC_INVALID_LEVEL_MUNICIPAL, "450200",
			cursor[0] ? cursor : NULL, 5));
		for (;;) {
			assert_ssc_ok(ssc_store_iter_next_invalid(&pe, it));
			if (!pe)
				break;
			snprintf(num, sizeof(num), "L%08zu", seen);
			assert_string_equal(pe->card_number, num);
			seen++;
			in_page++;
		}
		if (in_page)
			snprintf(cursor, sizeof(cursor), "%s",
				 ssc_store_iter_cursor(it));
		ssc_store_iter_free(it);
		pages++;
		if (in_page < 5)
			break;
	}
	assert_int_equal(seen, 12);
	assert_int_equal(pages, 3);
	/* Take one off the provincial list; removing a missing one is a
	 * no-op. */
	spec_card(&c, &s[2]);
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 1));
	assert_ssc_ok(ssc_store_txn_remove_invalid(
		t, SSC_INVALID_LEVEL_PROVINCIAL, "450000", s[2].number));
	assert_ssc_ok(ssc_store_txn_remove_invalid(
		t, SSC_INVALID_LEVEL_PROVINCIAL, "450000", "absent"));
	assert_ssc_ok(ssc_store_commit(NULL, f->st, t));
	ssc_store_txn_free(t);
	assert_ssc_error(ssc_store_invalid_lookup(&iout, f->st,
						  SSC_INVALID_LEVEL_PROVINCIAL,
						  "450000", s[2].number),
			 SSC_ENOTFOUND);
	assert_ssc_ok(ssc_store_invalid_lookup(&iout, f->st,
					       SSC_INVALID_LEVEL_MUNICIPAL,
					       "450200", s[2].number));
	ssc_store_invalid_entry_dispose(&iout);
	/* The national list has no region; the others need one. */
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	inv.level = SSC_INVALID_LEVEL_NATIONAL;
	inv.region = "450000";
	assert_ssc_error(ssc_store_txn_add_invalid(t, &inv), SSC_EINVAL);
	inv.level = SSC_INVALID_LEVEL_MUNICIPAL;
	inv.region = "";
	assert_ssc_error(ssc_store_txn_add_invalid(t, &inv), SSC_EINVAL);
	inv.level = 4;
	inv.region = "450200";
	assert_ssc_error(ssc_store_txn_add_invalid(t, &inv), SSC_EINVAL);
	ssc_store_txn_free(t);
}

static void
test_store_paging(void **state)
{
	struct fx *f = *state;
	enum { N = 23 };
	struct card_spec s[N];
	ssc_store *st = NULL;
	ssc_store_options o = f->opts;
	ssc_store_iter *it = NULL;
	const ssc_store_card *pc;
	ssc_store_txn *t = NULL;
	ssc_store_card c;
	ssc_store_journal_entry e;
	const ssc_store_journal_entry *pe;
	char num[32], cursor[64], last[37], eid[37];
	size_t i, expect = 0, seen;
	int64_t seq;

	for (i = 0; i < N; i++) {
		snprintf(num, sizeof(num), "P%04zu", i);
		spec_init(&s[i], num, i % 3 ? "500000" : "450200",
			  "500101199001011234", (int)(i % 2));
		create_card(f->st, &s[i]);
		if (i % 2 == 1 && i % 3)
			expect++;
	}
	/* Pages of 4 with a cursor: state 1 in 500000. */
	cursor[0] = '\0';
	last[0] = '\0';
	seen = 0;
	for (;;) {
		size_t in_page = 0;
		assert_ssc_ok(ssc_store_iter_cards(&it, f->st, 1, "500000",
						   cursor[0] ? cursor : NULL,
						   4));
		for (;;) {
			assert_ssc_ok(ssc_store_iter_next_card(&pc, it));
			if (!pc)
				break;
			assert_int_equal(pc->state, 1);
			assert_string_equal(pc->region, "500000");
			assert_true(strcmp(pc->card_id, last) > 0);
			snprintf(last, sizeof(last), "%s", pc->card_id);
			in_page++;
			seen++;
		}
		assert_true(in_page <= 4);
		if (in_page)
			snprintf(cursor, sizeof(cursor), "%s",
				 ssc_store_iter_cursor(it));
		ssc_store_iter_free(it);
		if (in_page < 4)
			break;
	}
	assert_int_equal(seen, expect);
	/* Streaming everything through pages of 3 rows per round trip. */
	o.page_size = 3;
	assert_ssc_ok(fx_open(&st, f, f->ctx, &o));
	assert_ssc_ok(ssc_store_iter_cards(&it, st, -1, NULL, NULL, 0));
	last[0] = '\0';
	for (seen = 0;; seen++) {
		assert_ssc_ok(ssc_store_iter_next_card(&pc, it));
		if (!pc)
			break;
		assert_true(strcmp(pc->card_id, last) > 0);
		snprintf(last, sizeof(last), "%s", pc->card_id);
	}
	assert_int_equal(seen, N);
	ssc_store_iter_free(it);
	/* A journal of 10 entries read in pages of 3 via the cursor. */
	for (seq = 2; seq <= 10; seq++) {
		spec_card(&c, &s[0]);
		journal_of(&e, eid, s[0].id, seq, "tick");
		assert_ssc_ok(ssc_store_txn_new(&t, st));
		assert_ssc_ok(ssc_store_txn_set_card(t, &c, seq - 1));
		assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
		assert_ssc_ok(ssc_store_commit(NULL, st, t));
		ssc_store_txn_free(t);
	}
	cursor[0] = '\0';
	seq = 0;
	for (;;) {
		size_t in_page = 0;
		assert_ssc_ok(ssc_store_iter_journal(&it, st, s[0].id,
						     cursor[0] ? cursor : NULL,
						     3));
		for (;;) {
			assert_ssc_ok(ssc_store_iter_next_journal(&pe, it));
			if (!pe)
				break;
			assert_int_equal(pe->sequence, ++seq);
			in_page++;
		}
		if (in_page)
			snprintf(cursor, sizeof(cursor), "%s",
				 ssc_store_iter_cursor(it));
		ssc_store_iter_free(it);
		if (in_page < 3)
			break;
	}
	assert_int_equal(seq, 10);
	assert_ssc_error(ssc_store_iter_journal(&it, st, s[0].id, "x1", 0),
			 SSC_EINVAL);
	ssc_store_free(st);
}

static void
test_store_sql_metachars(void **state)
{
	struct fx *f = *state;
	static const char *evil[] = {
		"'; DROP TABLE cards; --",
		"\"quoted\" 'single' `back`",
		"back\\slash\\\\ %_ wildcards",
		"x'); DELETE FROM journal; --",
		"$1 $$ ?1 :name",
	};
	struct card_spec s[5], other;
	ssc_store_txn *t = NULL;
	ssc_store_card c, out = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry e;
	ssc_store_invalid_entry inv, iout = SSC_STORE_INVALID_ENTRY_INIT;
	ssc_store_iter *it = NULL;
	const ssc_store_journal_entry *pe;
	ssc_buf res = SSC_BUF_INIT;
	static const uint8_t rec[] = "'; DROP TABLE cards; --\0\\\0'";
	char eid[37];
	size_t i;

	spec_init(&other, "plain-1", "500000", "500101199001011234", 1);
	create_card(f->st, &other);
	for (i = 0; i < 5; i++) {
		spec_init(&s[i], evil[i], evil[(i + 1) % 5],
			  "500101199001011234", 1);
		spec_card(&c, &s[i]);
		c.record = rec;
		c.record_len = sizeof(rec);
		journal_of(&e, eid, s[i].id, 1, evil[(i + 2) % 5]);
		e.request_id = evil[(i + 3) % 5];
		ssc_store_invalid_entry_init(&inv,
					     SSC_STORE_INVALID_ENTRY_VERSION);
		inv.level = SSC_INVALID_LEVEL_MUNICIPAL;
		inv.region = evil[(i + 1) % 5];
		inv.card_number = evil[i];
		inv.card_id = s[i].id;
		inv.reason = evil[(i + 4) % 5];
		assert_ssc_ok(ssc_store_txn_new(&t, f->st));
		assert_ssc_ok(ssc_store_txn_set_card(t, &c, 0));
		assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
		assert_ssc_ok(ssc_store_txn_add_invalid(t, &inv));
		assert_ssc_ok(ssc_store_txn_set_request(
			t, evil[i], (const uint8_t *)evil[(i + 2) % 5],
			strlen(evil[(i + 2) % 5])));
		assert_ssc_ok(ssc_store_commit(NULL, f->st, t));
		ssc_store_txn_free(t);
	}
	for (i = 0; i < 5; i++) {
		assert_ssc_ok(ssc_store_load_by_number(&out, f->st, evil[i]));
		assert_string_equal(out.card_id, s[i].id);
		assert_string_equal(out.card_number, evil[i]);
		assert_string_equal(out.region, evil[(i + 1) % 5]);
		assert_int_equal(out.record_len, sizeof(rec));
		assert_memory_equal(out.record, rec, sizeof(rec));
		ssc_store_card_dispose(&out);
		assert_ssc_ok(ssc_store_iter_journal(&it, f->st, s[i].id,
						     NULL, 0));
		assert_ssc_ok(ssc_store_iter_next_journal(&pe, it));
		assert_non_null(pe);
		assert_string_equal(pe->service, evil[(i + 2) % 5]);
		assert_string_equal(pe->request_id, evil[(i + 3) % 5]);
		ssc_store_iter_free(it);
		assert_ssc_ok(ssc_store_invalid_lookup(
			&iout, f->st, SSC_INVALID_LEVEL_MUNICIPAL,
			evil[(i + 1) % 5], evil[i]));
		assert_string_equal(iout.reason, evil[(i + 4) % 5]);
		ssc_store_invalid_entry_dispose(&iout);
		assert_ssc_ok(ssc_store_request_lookup(&res, f->st, evil[i]));
		assert_int_equal(res.size, strlen(evil[(i + 2) % 5]));
		assert_memory_equal(res.ptr, evil[(i + 2) % 5], res.size);
		ssc_buf_dispose(&res);
	}
	/* The schema is intact: the plain card is still there and new
	 * cards still go in. */
	assert_ssc_ok(ssc_store_load_by_number(&out, f->st, "plain-1"));
	ssc_store_card_dispose(&out);
	assert_int_equal(count_journal(f->st, other.id), 1);
	spec_init(&other, "plain-2", "500000", "500101199001011234", 1);
	create_card(f->st, &other);
	/* Invalid UTF-8 in a text field is refused, nothing stored. */
	spec_init(&other, "bad\xff\xfe", "500000", "500101199001011234", 1);
	spec_card(&c, &other);
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_error(ssc_store_txn_set_card(t, &c, 0), SSC_EINVAL);
	assert_ssc_error(ssc_store_commit(NULL, f->st, t), SSC_EINVAL);
	ssc_store_txn_free(t);
}

/* ---- contention ----------------------------------------------------- */

#define ROUNDS 25

struct worker {
	struct fx *f;
	const char *card_id;
	int id;
	int retries; /* backend retries reported in the debug log */
	int successes;
	int conflicts;
	ssc_status failure;
};

/* Increment the counter in the card's record ROUNDS times, each with a
 * journal entry; retry on conflict.  Journal sequences are unique per
 * attempt (not derived from the revision), so only the revision check can
 * stop a lost update. */
static void
count_retries(int level, const char *message, void *payload)
{
	(void)level;
	if (strstr(message, "retried"))
		((struct worker *)payload)->retries++;
}

static void
worker_run(struct worker *w)
{
	ssc_ctx_options co = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;

	co.log = count_retries;
	co.log_payload = w;
	co.log_level = SSC_LOG_DEBUG;
	if (ssc_ctx_new(&ctx, &co) != SSC_OK)
		ctx = NULL;
	ssc_store *st = NULL;
	int done = 0, attempts = 0;

	w->failure = ctx ? fx_open(&st, w->f, ctx, NULL) : SSC_ENOMEM;
	while (w->failure == SSC_OK && done < ROUNDS) {
		ssc_store_card cur = SSC_STORE_CARD_INIT, c;
		ssc_store_journal_entry e;
		ssc_store_txn *t = NULL;
		char rec[32], eid[37];
		long n;
		ssc_status rc;

		if ((rc = ssc_store_load_by_id(&cur, st, w->card_id)) < 0) {
			w->failure = rc;
			break;
		}
		n = strtol((const char *)cur.record, NULL, 10);
		/* Widen the window between read and write. */
		usleep(200);
		snprintf(rec, sizeof(rec), "%ld", n + 1);
		c = cur;
		c.owner = NULL;
		c.record = (const uint8_t *)rec;
		c.record_len = strlen(rec);
		journal_of(&e, eid, w->card_id,
			   2 + (int64_t)w->id * 100000 + attempts++, "count");
		rc = ssc_store_txn_new(&t, st);
		if (rc == SSC_OK)
			rc = ssc_store_txn_set_card(t, &c, cur.revision);
		if (rc == SSC_OK)
			rc = ssc_store_txn_add_journal(t, &e);
		if (rc == SSC_OK)
			rc = ssc_store_commit(NULL, st, t);
		ssc_store_txn_free(t);
		ssc_store_card_dispose(&cur);
		if (rc == SSC_OK) {
			w->successes++;
			done++;
		} else if (rc == SSC_ECONFLICT) {
			w->conflicts++;
		} else {
			w->failure = rc;
		}
	}
	if (w->failure)
		fprintf(stderr, "worker: %s\n", ssc_error_last()->message);
	ssc_store_free(st);
	ssc_ctx_free(ctx);
}

static void *
worker_thread(void *arg)
{
	worker_run(arg);
	return NULL;
}

static void
check_counter(ssc_store *st, const char *card_id, long total)
{
	ssc_store_card out = SSC_STORE_CARD_INIT;

	assert_ssc_ok(ssc_store_load_by_id(&out, st, card_id));
	assert_int_equal(strtol((const char *)out.record, NULL, 10), total);
	assert_int_equal(out.revision, total + 1);
	ssc_store_card_dispose(&out);
	/* One journal row per successful commit, plus the creation. */
	assert_int_equal(count_journal(st, card_id), (size_t)total + 1);
}

static void
create_counter(ssc_store *st, struct card_spec *s)
{
	spec_init(s, "COUNTER-1", "500000", "500101199001011234", 1);
	s->record_len = 1;
	s->record[0] = '0';
	s->record[1] = '\0';
	create_card(st, s);
}

static void
test_store_threads(void **state)
{
	struct fx *f = *state;
	enum { T = 4 };
	struct worker w[T];
	pthread_t th[T];
	struct card_spec s;
	long total = 0;
	int i;

	create_counter(f->st, &s);
	for (i = 0; i < T; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].f = f;
		w[i].card_id = s.id;
		w[i].id = i;
		assert_int_equal(pthread_create(&th[i], NULL, worker_thread,
						&w[i]), 0);
	}
	for (i = 0; i < T; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].failure, SSC_OK);
		assert_int_equal(w[i].successes, ROUNDS);
		total += w[i].successes;
	}
	check_counter(f->st, s.id, total);
}

/* PostgreSQL at SERIALIZABLE (as on CockroachDB): concurrent updates fail
 * with 40001, which the backend retries; the retry then sees the new
 * revision and reports a conflict.  Other backends run the plain case. */
static void
test_store_threads_serializable(void **state)
{
	struct fx *f = *state;
	enum { T = 4 };
	struct worker w[T];
	pthread_t th[T];
	struct card_spec s;
	long total = 0;
	int i, retries = 0;

	if (strcmp(backend_kind, "postgresql") == 0) {
		char *p = strstr(f->uri, "options='");
		assert_non_null(p);
		p += strlen("options='");
		memmove(p + 45, p, strlen(p) + 1);
		memcpy(p, "-cdefault_transaction_isolation=serializable ", 45);
	}
	create_counter(f->st, &s);
	for (i = 0; i < T; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].f = f;
		w[i].card_id = s.id;
		w[i].id = i;
		assert_int_equal(pthread_create(&th[i], NULL, worker_thread,
						&w[i]), 0);
	}
	for (i = 0; i < T; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].failure, SSC_OK);
		assert_int_equal(w[i].successes, ROUNDS);
		total += w[i].successes;
		retries += w[i].retries;
	}
	check_counter(f->st, s.id, total);
	if (strcmp(backend_kind, "postgresql") == 0)
		assert_true(retries > 0);
}

static void
test_store_processes(void **state)
{
	struct fx *f = *state;
	struct card_spec s;
	pid_t pid[2];
	int i, status, go[2];
	char b = 0;

	if (strcmp(backend_kind, "memory") == 0) {
		/* A memory store lives in one process: not applicable. */
		skip();
	}
	create_counter(f->st, &s);
	/* Both children start together, so their commits interleave. */
	assert_int_equal(pipe(go), 0);
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			struct worker w;
			close(go[1]);
			if (read(go[0], &b, 1) != 1)
				_exit(2);
			memset(&w, 0, sizeof(w));
			w.f = f;
			w.card_id = s.id;
			w.id = i;
			worker_run(&w);
			_exit(w.failure == SSC_OK && w.successes == ROUNDS ? 0
									   : 1);
		}
	}
	close(go[0]);
	assert_int_equal(write(go[1], "gg", 2), 2);
	close(go[1]);
	for (i = 0; i < 2; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	check_counter(f->st, s.id, 2 * ROUNDS);
}

/* ---- personal data at rest ------------------------------------------ */

static bool
contains(const void *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

struct raw_scan {
	int rows;
	bool leak;
};

static ssc_status
raw_cb(const ssc_store_row *row, void *payload)
{
	struct raw_scan *rs = payload;

	rs->rows++;
	if (row->card) {
		if (contains(row->card->record, row->card->record_len,
			     CANARY_ID) ||
		    contains(row->card->record, row->card->record_len,
			     CANARY_NAME) ||
		    contains(row->card->holder_index,
			     row->card->holder_index_len, CANARY_ID))
			rs->leak = true;
	}
	if (row->journal &&
	    (contains(row->journal->data, row->journal->data_len, CANARY_ID) ||
	     contains(row->journal->data, row->journal->data_len,
		      CANARY_NAME)))
		rs->leak = true;
	return SSC_OK;
}

static void
scan_file(const char *path, int *found)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!fp)
		return;
	fseek(fp, 0, SEEK_END);
	n = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, fp), n);
	fclose(fp);
	if (contains(buf, n, CANARY_ID) || contains(buf, n, CANARY_NAME))
		(*found)++;
	/* The test is only meaningful if the file holds our data. */
	if (contains(buf, n, "CANARY-CARD"))
		found[1]++;
	free(buf);
}

static void
test_store_no_plaintext(void **state)
{
	struct fx *f = *state;
	struct card_spec s;
	ssc_store_txn *t = NULL;
	ssc_store_card c, out = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry e;
	ssc_store_query q;
	struct raw_scan rs = { 0, false };
	char eid[37];
	static const char rec[] = "id=" CANARY_ID ";name=" CANARY_NAME ";";
	static const char jdata[] = "holder " CANARY_NAME " " CANARY_ID;

	spec_init(&s, "CANARY-CARD", "110000", CANARY_ID, 1);
	spec_card(&c, &s);
	c.record = (const uint8_t *)rec;
	c.record_len = sizeof(rec) - 1;
	journal_of(&e, eid, s.id, 1, "apply");
	e.data = (const uint8_t *)jdata;
	e.data_len = sizeof(jdata) - 1;
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 0));
	assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
	assert_ssc_ok(ssc_store_txn_set_mirror(t, &(ssc_store_mirror){
		.version = SSC_STORE_MIRROR_VERSION, .card_id = s.id,
		.data = (const uint8_t *)rec, .data_len = sizeof(rec) - 1 }));
	assert_ssc_ok(ssc_store_txn_set_request(t, "canary-req",
						(const uint8_t *)rec,
						sizeof(rec) - 1));
	assert_ssc_ok(ssc_store_commit(NULL, f->st, t));
	ssc_store_txn_free(t);
	assert_ssc_ok(ssc_store_load_by_id(&out, f->st, s.id));
	assert_memory_equal(out.record, rec, sizeof(rec) - 1);
	ssc_store_card_dispose(&out);

	/* What the backend holds (every backend). */
	memset(&q, 0, sizeof(q));
	q.version = SSC_STORE_QUERY_VERSION;
	q.kind = SSC_STORE_Q_CARD_BY_ID;
	q.key = s.id;
	q.state = -1;
	assert_ssc_ok(ssc_store_backend_of(f->st)->query(
		ssc_store_backend_of(f->st), &q, raw_cb, &rs));
	q.kind = SSC_STORE_Q_JOURNAL;
	assert_ssc_ok(ssc_store_backend_of(f->st)->query(
		ssc_store_backend_of(f->st), &q, raw_cb, &rs));
	assert_int_equal(rs.rows, 2);
	assert_false(rs.leak);

	if (strcmp(backend_kind, "sqlite") == 0) {
		int found[2] = { 0, 0 };
		char p[1300];
		scan_file(f->location, found);
		snprintf(p, sizeof(p), "%s-wal", f->location);
		scan_file(p, found);
		assert_int_equal(found[0], 0);
		assert_true(found[1] >= 1);
	}
#if SSC_HAVE_POSTGRESQL
	if (strcmp(backend_kind, "postgresql") == 0) {
		static const char *tables[] = { "ssc_cards", "ssc_journal",
						"ssc_mirrors", "ssc_requests",
						"ssc_invalid" };
		PGconn *pc = pg_connect(f->location);
		size_t i;
		int seen_card = 0;
		assert_non_null(pc);
		for (i = 0; i < 5; i++) {
			char sql[128];
			PGresult *r;
			int row;
			/* The whole row as text: bytea in hex, and raw. */
			snprintf(sql, sizeof(sql),
				 "SELECT t::text, convert_from("
				 "decode(encode(t::text::bytea, 'escape'), "
				 "'escape'), 'UTF8') FROM %s t",
				 tables[i]);
			r = PQexec(pc, sql);
			assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
			for (row = 0; row < PQntuples(r); row++) {
				const char *v = PQgetvalue(r, row, 0);
				assert_null(strstr(v, CANARY_ID));
				assert_null(strstr(v, CANARY_NAME));
				if (strstr(v, "CANARY-CARD"))
					seen_card++;
			}
			PQclear(r);
		}
		/* bytea columns decoded to raw bytes. */
		{
			PGresult *r = PQexecParams(
				pc, "SELECT record FROM ssc_cards", 0, NULL,
				NULL, NULL, NULL, 1);
			int row;
			assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
			for (row = 0; row < PQntuples(r); row++) {
				assert_false(contains(PQgetvalue(r, row, 0),
						      (size_t)PQgetlength(r, row, 0),
						      CANARY_ID));
				assert_false(contains(PQgetvalue(r, row, 0),
						      (size_t)PQgetlength(r, row, 0),
						      CANARY_NAME));
			}
			PQclear(r);
		}
		assert_true(seen_card >= 1);
		PQfinish(pc);
	}
#endif
}

static void
test_store_reencrypt(void **state)
{
	struct fx *f = *state;
	struct card_spec s[3];
	ssc_store *st2 = NULL, *st3 = NULL;
	ssc_store_options o2, o1;
	ssc_store_card out = SSC_STORE_CARD_INIT;
	ssc_store_mirror m;
	ssc_store_txn *t = NULL;
	ssc_store_card c;
	ssc_buf res = SSC_BUF_INIT;
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < 3; i++) {
		char num[16];
		snprintf(num, sizeof(num), "K%zu", i);
		spec_init(&s[i], num, "500000", "500101199001011234", 1);
		create_card(f->st, &s[i]);
	}
	spec_card(&c, &s[0]);
	ssc_store_mirror_init(&m, SSC_STORE_MIRROR_VERSION);
	m.card_id = s[0].id;
	m.data = (const uint8_t *)"mirror";
	m.data_len = 6;
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 1));
	assert_ssc_ok(ssc_store_txn_set_mirror(t, &m));
	assert_ssc_ok(ssc_store_txn_set_request(t, "rk", (const uint8_t *)"x",
						1));
	assert_ssc_ok(ssc_store_commit(NULL, f->st, t));
	ssc_store_txn_free(t);

	/* A handle on key 2 alone cannot read key-1 records. */
	fx_opts(&o2, 2, data_key2);
	assert_ssc_ok(fx_open(&st2, f, f->ctx, &o2));
	assert_ssc_error(ssc_store_load_by_id(&out, st2, s[1].id), SSC_ENOKEY);
	assert_ssc_error(ssc_store_reencrypt(&n, st2), SSC_ENOKEY);
	assert_int_equal(n, 0);
	/* With key 1 registered it re-seals: 3 cards, 3 journal entries, 1
	 * mirror, 1 request. */
	assert_ssc_ok(ssc_store_add_old_key(st2, 1, data_key, 32));
	assert_ssc_error(ssc_store_add_old_key(st2, 1, data_key, 32),
			 SSC_EEXISTS);
	assert_ssc_ok(ssc_store_reencrypt(&n, st2));
	assert_int_equal(n, 8);
	assert_ssc_ok(ssc_store_reencrypt(&n, st2));
	assert_int_equal(n, 0);
	ssc_store_free(st2);
	/* Now key 2 alone reads everything; key 1 alone nothing. */
	assert_ssc_ok(fx_open(&st3, f, f->ctx, &o2));
	for (i = 0; i < 3; i++) {
		assert_ssc_ok(ssc_store_load_by_id(&out, st3, s[i].id));
		assert_int_equal(out.key_id, 2);
		assert_memory_equal(out.record, s[i].record, s[i].record_len);
		ssc_store_card_dispose(&out);
		assert_int_equal(count_journal(st3, s[i].id), 1);
	}
	assert_ssc_ok(ssc_store_request_lookup(&res, st3, "rk"));
	assert_memory_equal(res.ptr, "x", 1);
	ssc_buf_dispose(&res);
	ssc_store_free(st3);
	fx_opts(&o1, 1, data_key);
	assert_ssc_ok(fx_open(&st3, f, f->ctx, &o1));
	assert_ssc_error(ssc_store_load_by_id(&out, st3, s[0].id), SSC_ENOKEY);
	ssc_store_free(st3);
}

static void
test_store_health_and_bad_input(void **state)
{
	struct fx *f = *state;
	ssc_buf report = SSC_BUF_INIT;
	ssc_store *st = NULL;
	ssc_store_options o;
	ssc_store_txn *t = NULL;
	ssc_store_card c, out = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry e;
	struct card_spec s;
	char eid[37];

	assert_ssc_ok(ssc_store_health(&report, f->st));
	assert_string_equal(report.ptr, "ok");
	ssc_buf_dispose(&report);
	assert_string_equal(ssc_store_backend_name(f->st), backend_kind);

	/* Unknown scheme, missing keys, wrong key sizes, bad versions. */
	assert_ssc_error(ssc_store_open(&st, f->ctx, "oracle:x", NULL),
			 SSC_EINVAL);
	if (strcmp(backend_kind, "memory") != 0)
		assert_ssc_error(ssc_store_open(&st, f->ctx, f->uri, NULL),
				 SSC_ENOKEY);
	o = f->opts;
	o.data_key_len = 16;
	assert_ssc_error(ssc_store_open(&st, f->ctx, f->uri, &o), SSC_EINVAL);
	o = f->opts;
	o.version = 99;
	assert_ssc_error(ssc_store_open(&st, f->ctx, f->uri, &o),
			 SSC_EVERSION);
	o = f->opts;
	o.cipher = SSC_STORE_CIPHER_SM4_GCM;
	{
		ssc_status rc = ssc_store_open(&st, f->ctx, f->uri, &o);
		/* SM4-GCM exists from OpenSSL 3.2; older ones refuse. */
		assert_true(rc == SSC_OK || rc == SSC_ENOTSUPPORTED);
		if (rc == SSC_OK) {
			spec_init(&s, "SM4-1", "500000", "500101199001011234",
				  1);
			create_card(st, &s);
			assert_ssc_ok(ssc_store_load_by_id(&out, st, s.id));
			ssc_store_card_dispose(&out);
			ssc_store_free(st);
		}
	}
	if (strcmp(backend_kind, "sqlite") == 0) {
		/* A file that is not a database is reported, not clobbered. */
		char p[1300], u[1400];
		FILE *fp;
		snprintf(p, sizeof(p), "%s.garbage", f->location);
		fp = fopen(p, "wb");
		assert_non_null(fp);
		for (int i = 0; i < 256; i++)
			fputs("this is not an SQLite database\n", fp);
		fclose(fp);
		snprintf(u, sizeof(u), "sqlite:%s", p);
		assert_ssc_error(ssc_store_open(&st, f->ctx, u, &f->opts),
				 SSC_ECORRUPT);
		assert_int_equal(ssc_error_last()->native_kind,
				 SSC_NATIVE_SQLITE);
		unlink(p);
	}
	/* A schema newer than the library is refused and left alone. */
#if SSC_HAVE_SQLITE
	if (strcmp(backend_kind, "sqlite") == 0) {
		sqlite3 *db = NULL;
		assert_int_equal(sqlite3_open(f->location, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99",
					      NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
		assert_ssc_error(ssc_store_open(&st, f->ctx, f->uri, &f->opts),
				 SSC_ESCHEMA);
		assert_int_equal(sqlite3_open(f->location, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 1",
					      NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
#endif
#if SSC_HAVE_POSTGRESQL
	if (strcmp(backend_kind, "postgresql") == 0) {
		PGconn *pc = pg_connect(f->location);
		assert_non_null(pc);
		assert_true(pg_exec(pc, "UPDATE ssc_schema SET version = 99"));
		assert_ssc_error(ssc_store_open(&st, f->ctx, f->uri, &f->opts),
				 SSC_ESCHEMA);
		assert_true(pg_exec(pc, "UPDATE ssc_schema SET version = 1"));
		PQfinish(pc);
	}
#endif
	/* Ids must be lowercase UUIDs; versions must be known. */
	assert_ssc_error(ssc_store_load_by_id(&out, f->st, "not-a-uuid"),
			 SSC_EINVAL);
	assert_ssc_error(ssc_store_load_by_id(
				 &out, f->st,
				 "0F8FAD5B-D9CB-469F-A165-70867728950E"),
			 SSC_EINVAL);
	out.version = 0;
	assert_ssc_error(ssc_store_load_by_id(
				 &out, f->st,
				 "0f8fad5b-d9cb-469f-a165-70867728950e"),
			 SSC_EVERSION);
	out.version = SSC_STORE_CARD_VERSION;
	assert_ssc_ok(ssc_store_txn_new(&t, f->st));
	assert_ssc_error(ssc_store_commit(NULL, f->st, t), SSC_EINVAL);
	spec_init(&s, "F1", "500000", "500101199001011234", 1);
	spec_card(&c, &s);
	c.holder_id = NULL;
	assert_ssc_error(ssc_store_txn_set_card(t, &c, 0), SSC_EINVAL);
	c.holder_id = s.holder;
	c.region = "";
	assert_ssc_error(ssc_store_txn_set_card(t, &c, 0), SSC_EINVAL);
	c.region = s.region;
	assert_ssc_error(ssc_store_txn_set_card(t, &c, -1), SSC_EINVAL);
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 0));
	/* A journal entry of another card is refused at commit. */
	journal_of(&e, eid, "0f8fad5b-d9cb-469f-a165-70867728950e", 1, "x");
	assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
	assert_ssc_error(ssc_store_commit(NULL, f->st, t), SSC_EINVAL);
	e.sequence = 0;
	assert_ssc_error(ssc_store_txn_add_journal(t, &e), SSC_EINVAL);
	ssc_store_txn_free(t);
	assert_ssc_error(ssc_store_load_by_id(&out, f->st, s.id),
			 SSC_ENOTFOUND);
}

/* ---- main ----------------------------------------------------------- */

static int
pg_prepare(void)
{
#if SSC_HAVE_POSTGRESQL
	const char *env = getenv("SSC_TEST_PG");
	unsigned char rnd[6];
	char sql[128];
	PGconn *c;
	FILE *ur;
	size_t i;

	if (!env || !*env) {
		printf("SSC_TEST_PG is not set: PostgreSQL conformance "
		       "skipped\n");
		return 77;
	}
	ur = fopen("/dev/urandom", "rb");
	if (!ur || fread(rnd, 1, sizeof(rnd), ur) != sizeof(rnd))
		return 1;
	fclose(ur);
	strcpy(pg_db, "ssc_test_");
	for (i = 0; i < sizeof(rnd); i++)
		sprintf(pg_db + strlen(pg_db), "%02x", rnd[i]);
	snprintf(pg_admin, sizeof(pg_admin), "%s", env);
	snprintf(pg_base, sizeof(pg_base), "%s dbname=%s", env, pg_db);
	c = pg_connect(pg_admin);
	if (!c)
		return 1;
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", pg_db);
	if (!pg_exec(c, sql)) {
		PQfinish(c);
		return 1;
	}
	PQfinish(c);
	return 0;
#else
	printf("built without libpq: PostgreSQL conformance skipped\n");
	return 77;
#endif
}

static void
pg_cleanup(void)
{
#if SSC_HAVE_POSTGRESQL
	char sql[128];
	PGconn *c = pg_connect(pg_admin);
	if (!c)
		return;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)",
		 pg_db);
	pg_exec(c, sql);
	PQfinish(c);
#endif
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_large_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_holder_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_atomicity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_idempotency, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_invalid_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_sql_metachars, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_threads_serializable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_processes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_no_plaintext, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_reencrypt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_health_and_bad_input, setup, teardown),
	};
	char name[64];
	int rc;

	backend_kind = argc > 1 ? argv[1] : getenv("SSC_STORE_BACKEND");
	if (!backend_kind)
		backend_kind = "memory";
	if (strcmp(backend_kind, "memory") != 0 &&
	    strcmp(backend_kind, "sqlite") != 0 &&
	    strcmp(backend_kind, "postgresql") != 0) {
		fprintf(stderr, "unknown backend %s\n", backend_kind);
		return 1;
	}
	if (strcmp(backend_kind, "sqlite") == 0) {
		if (!SSC_HAVE_SQLITE) {
			printf("built without SQLite: skipped\n");
			return 77;
		}
		snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/ssc-store-XXXXXX");
		if (!mkdtemp(tmp_dir))
			return 1;
	}
	if (strcmp(backend_kind, "postgresql") == 0 &&
	    (rc = pg_prepare()) != 0)
		return rc;
	snprintf(name, sizeof(name), "store-conformance-%s", backend_kind);
	rc = cmocka_run_group_tests_name(name, tests, NULL, NULL);
	if (strcmp(backend_kind, "postgresql") == 0)
		pg_cleanup();
	if (tmp_dir[0])
		rmdir(tmp_dir);
	return rc;
}
