/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SQLite store backend (built when SSC_HAVE_SQLITE): one connection
 * per backend, WAL with synchronous=FULL by default, BEGIN IMMEDIATE for
 * every commit with a busy timeout plus a bounded retry, a schema
 * versioned through PRAGMA user_version with ordered migrations, and
 * PRAGMA integrity_check as the health call.  A path may end in
 * "?vfs=NAME" to open the file through a registered SQLite VFS (used by
 * the power-loss tests to interpose a VFS shim).
 */
#include <stdio.h>
#include <string.h>

#include "ssc_config.h"
#include "store/store.h"

#if SSC_HAVE_SQLITE

#include <sqlite3.h>

/* The schema version this library writes; migrations[i] takes a database
 * from version i to i + 1. */
#define SCHEMA_VERSION 1

static const char *const migrations[SCHEMA_VERSION] = {
	/* 0 -> 1 */
	"CREATE TABLE ssc_cards ("
	" card_id TEXT NOT NULL PRIMARY KEY,"
	" card_number TEXT NOT NULL UNIQUE,"
	" holder_index BLOB NOT NULL,"
	" region TEXT NOT NULL,"
	" state INTEGER NOT NULL,"
	" revision INTEGER NOT NULL,"
	" key_id INTEGER NOT NULL,"
	" record BLOB NOT NULL);"
	"CREATE INDEX ssc_cards_holder ON ssc_cards (holder_index, card_id);"
	"CREATE INDEX ssc_cards_state ON ssc_cards (state, region, card_id);"
	"CREATE INDEX ssc_cards_region ON ssc_cards (region, card_id);"
	"CREATE TABLE ssc_journal ("
	" entry_id TEXT NOT NULL PRIMARY KEY,"
	" card_id TEXT NOT NULL,"
	" sequence INTEGER NOT NULL,"
	" time_ms INTEGER NOT NULL,"
	" request_id TEXT,"
	" service TEXT NOT NULL,"
	" hash BLOB NOT NULL,"
	" key_id INTEGER NOT NULL,"
	" data BLOB NOT NULL,"
	" UNIQUE (card_id, sequence));"
	"CREATE TABLE ssc_invalid ("
	" level INTEGER NOT NULL,"
	" region TEXT NOT NULL,"
	" card_number TEXT NOT NULL,"
	" card_id TEXT NOT NULL,"
	" time_ms INTEGER NOT NULL,"
	" reason TEXT,"
	" PRIMARY KEY (level, region, card_number));"
	"CREATE TABLE ssc_mirrors ("
	" card_id TEXT NOT NULL PRIMARY KEY,"
	" state INTEGER NOT NULL,"
	" time_ms INTEGER NOT NULL,"
	" key_id INTEGER NOT NULL,"
	" data BLOB NOT NULL);"
	"CREATE TABLE ssc_requests ("
	" request_id TEXT NOT NULL PRIMARY KEY,"
	" card_id TEXT NOT NULL,"
	" time_ms INTEGER NOT NULL,"
	" key_id INTEGER NOT NULL,"
	" result BLOB NOT NULL);",
};

/* Cached statements of the commit path. */
enum {
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_CARD_INSERT,
	S_CARD_UPDATE,
	S_CARD_EXISTS,
	S_JOURNAL_INSERT,
	S_INVALID_DELETE,
	S_INVALID_UPSERT,
	S_MIRROR_UPSERT,
	S_REQUEST_INSERT,
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_CARD_INSERT] =
		"INSERT INTO ssc_cards (card_id, card_number, holder_index,"
		" region, state, revision, key_id, record)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_CARD_UPDATE] =
		"UPDATE ssc_cards SET card_number = ?2, holder_index = ?3,"
		" region = ?4, state = ?5, revision = ?6, key_id = ?7,"
		" record = ?8 WHERE card_id = ?1 AND revision = ?9",
	[S_CARD_EXISTS] = "SELECT revision FROM ssc_cards WHERE card_id = ?1",
	[S_JOURNAL_INSERT] =
		"INSERT INTO ssc_journal (entry_id, card_id, sequence, time_ms,"
		" request_id, service, hash, key_id, data)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[S_INVALID_DELETE] =
		"DELETE FROM ssc_invalid WHERE level = ?1 AND region = ?2"
		" AND card_number = ?3",
	[S_INVALID_UPSERT] =
		"INSERT INTO ssc_invalid (level, region, card_number, card_id,"
		" time_ms, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT (level, region, card_number) DO UPDATE SET"
		" card_id = excluded.card_id, time_ms = excluded.time_ms,"
		" reason = excluded.reason",
	[S_MIRROR_UPSERT] =
		"INSERT INTO ssc_mirrors (card_id, state, time_ms, key_id, data)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (card_id) DO UPDATE"
		" SET state = excluded.state, time_ms = excluded.time_ms,"
		" key_id = excluded.key_id, data = excluded.data",
	[S_REQUEST_INSERT] =
		"INSERT INTO ssc_requests (request_id, card_id, time_ms, key_id,"
		" result) VALUES (?1, ?2, ?3, ?4, ?5)",
};

/* Attempts at BEGIN IMMEDIATE / COMMIT / a read after SQLITE_BUSY, each
 * after the busy timeout has already waited. */
#define MAX_ATTEMPTS 20

/* Query statements are cached per shape: the SQL text of a query depends
 * only on its kind and on whether it has a cursor (after), a state filter
 * and a region filter (build_query()). */
#define Q_KINDS (SSC_STORE_Q_RESEAL_REQUESTS + 1)
#define Q_SHAPES 8

struct sqlite_backend {
	ssc_store_backend parent;
	ssc_ctx *own_ctx;
	sqlite3 *db;
	sqlite3_stmt *stmt[S_COUNT];
	/* prepared query statements, and whether one is being stepped (a
	 * row callback may query the same shape again: that nested query
	 * gets a statement of its own) */
	sqlite3_stmt *qstmt[Q_KINDS][Q_SHAPES];
	bool qbusy[Q_KINDS][Q_SHAPES];
	bool broken; /* an I/O-class error happened: reopen */
};

static ssc_status
db_error(struct sqlite_backend *sb, int rc, const char *what)
{
	int ext = sqlite3_extended_errcode(sb->db);
	int prim = rc & 0xff;
	int code = SSC_ESTORE;

	if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB)
		code = SSC_ECORRUPT;
	else if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		code = SSC_EBUSY;
	else if (prim == SQLITE_NOMEM)
		code = SSC_ENOMEM;
	if (prim == SQLITE_IOERR || prim == SQLITE_FULL ||
	    prim == SQLITE_CORRUPT || prim == SQLITE_CANTOPEN)
		sb->broken = true;
	return ssc__error_setf_native(code, SSC_ERROR_CLASS_STORE,
				      SSC_NATIVE_SQLITE, (uint32_t)ext,
				      "sqlite: %s: %s", what,
				      sqlite3_errmsg(sb->db));
}

static ssc_status
check_usable(struct sqlite_backend *sb)
{
	if (sb->broken)
		return ssc__error_setf(SSC_ESTORE, SSC_ERROR_CLASS_STORE,
				       "sqlite: an earlier I/O error made this "
				       "connection unusable; reopen the store");
	return SSC_OK;
}

static sqlite3_stmt *
stmt(struct sqlite_backend *sb, int which)
{
	sqlite3_stmt *s = sb->stmt[which];

	if (!s && sqlite3_prepare_v3(sb->db, stmt_sql[which], -1,
				     SQLITE_PREPARE_PERSISTENT, &s,
				     NULL) != SQLITE_OK)
		return NULL;
	sb->stmt[which] = s;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void
bind_blob(sqlite3_stmt *s, int i, const void *v, size_t n)
{
	sqlite3_bind_blob64(s, i, n ? v : "", n, SQLITE_STATIC);
}

/* Runs a cached statement that returns no rows; SQLITE_DONE on success. */
static int
run(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

static const char *
col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : (sqlite3_column_type(s, i) == SQLITE_NULL
					      ? NULL : "");
}

static const uint8_t *
col_blob(sqlite3_stmt *s, int i, size_t *len)
{
	const void *b = sqlite3_column_blob(s, i);
	*len = (size_t)sqlite3_column_bytes(s, i);
	return b ? b : (const uint8_t *)"";
}

/* ---- query ---------------------------------------------------------- */

/* " AND col > ?6" when the query has a cursor. */
static void
after_clause(char *out, size_t n, const ssc_store_query *q, const char *col)
{
	if (q->after)
		snprintf(out, n, " AND %s > ?6", col);
	else
		out[0] = '\0';
}

static ssc_status
build_query(char *sql, size_t n, const ssc_store_query *q)
{
	static const char card_cols[] =
		"SELECT card_id, card_number, holder_index, region, state,"
		" revision, key_id, record FROM ssc_cards";
	static const char journal_cols[] =
		"SELECT entry_id, card_id, sequence, time_ms, request_id,"
		" service, hash, key_id, data FROM ssc_journal";
	static const char invalid_cols[] =
		"SELECT level, region, card_number, card_id, time_ms, reason"
		" FROM ssc_invalid";
	static const char mirror_cols[] =
		"SELECT card_id, state, time_ms, key_id, data FROM ssc_mirrors";
	static const char request_cols[] =
		"SELECT request_id, card_id, time_ms, key_id, result"
		" FROM ssc_requests";
	char tail[160];
	int w;

	/* Parameters: ?1 key, ?2 holder index, ?3 state, ?4 region, ?5 level,
	 * ?6 after, ?7 after_seq, ?8 key id, ?9 limit. */
	switch (q->kind) {
	case SSC_STORE_Q_CARD_BY_ID:
		w = snprintf(sql, n, "%s WHERE card_id = ?1 LIMIT ?9",
			     card_cols);
		break;
	case SSC_STORE_Q_CARD_BY_NUMBER:
		w = snprintf(sql, n, "%s WHERE card_number = ?1 LIMIT ?9",
			     card_cols);
		break;
	case SSC_STORE_Q_CARDS_BY_HOLDER:
		after_clause(tail, sizeof(tail), q, "card_id");
		w = snprintf(sql, n, "%s WHERE holder_index = ?2%s"
			     " ORDER BY card_id LIMIT ?9", card_cols, tail);
		break;
	case SSC_STORE_Q_CARDS_BY_STATE:
		after_clause(tail, sizeof(tail), q, "card_id");
		w = snprintf(sql, n, "%s WHERE 1 = 1%s%s%s"
			     " ORDER BY card_id LIMIT ?9", card_cols,
			     q->state >= 0 ? " AND state = ?3" : "",
			     q->region ? " AND region = ?4" : "", tail);
		break;
	case SSC_STORE_Q_RESEAL_CARDS:
		after_clause(tail, sizeof(tail), q, "card_id");
		w = snprintf(sql, n, "%s WHERE key_id <> ?8%s"
			     " ORDER BY card_id LIMIT ?9", card_cols, tail);
		break;
	case SSC_STORE_Q_JOURNAL:
		w = snprintf(sql, n, "%s WHERE card_id = ?1 AND sequence > ?7"
			     " ORDER BY sequence LIMIT ?9", journal_cols);
		break;
	case SSC_STORE_Q_RESEAL_JOURNAL:
		after_clause(tail, sizeof(tail), q, "entry_id");
		w = snprintf(sql, n, "%s WHERE key_id <> ?8%s"
			     " ORDER BY entry_id LIMIT ?9", journal_cols, tail);
		break;
	case SSC_STORE_Q_INVALID:
		after_clause(tail, sizeof(tail), q, "card_number");
		w = snprintf(sql, n, "%s WHERE level = ?5 AND region = ?4%s"
			     " ORDER BY card_number LIMIT ?9", invalid_cols,
			     tail);
		break;
	case SSC_STORE_Q_INVALID_ONE:
		w = snprintf(sql, n, "%s WHERE level = ?5 AND region = ?4"
			     " AND card_number = ?1 LIMIT ?9", invalid_cols);
		break;
	case SSC_STORE_Q_MIRROR:
		w = snprintf(sql, n, "%s WHERE card_id = ?1 LIMIT ?9",
			     mirror_cols);
		break;
	case SSC_STORE_Q_RESEAL_MIRRORS:
		after_clause(tail, sizeof(tail), q, "card_id");
		w = snprintf(sql, n, "%s WHERE key_id <> ?8%s"
			     " ORDER BY card_id LIMIT ?9", mirror_cols, tail);
		break;
	case SSC_STORE_Q_REQUEST:
		w = snprintf(sql, n, "%s WHERE request_id = ?1 LIMIT ?9",
			     request_cols);
		break;
	case SSC_STORE_Q_RESEAL_REQUESTS:
		after_clause(tail, sizeof(tail), q, "request_id");
		w = snprintf(sql, n, "%s WHERE key_id <> ?8%s"
			     " ORDER BY request_id LIMIT ?9", request_cols,
			     tail);
		break;
	default:
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown store query kind %d", q->kind);
	}
	if (w < 0 || (size_t)w >= n)
		return ssc__error_setf(SSC_ERROR, SSC_ERROR_CLASS_STORE,
				       "sqlite: query text too long");
	return SSC_OK;
}

static ssc_status
emit_row(sqlite3_stmt *s, int kind, ssc_store_row_fn fn, void *payload)
{
	ssc_store_row row;
	ssc_store_card c;
	ssc_store_journal_entry j;
	ssc_store_invalid_entry e;
	ssc_store_mirror m;
	ssc_store_request r;

	memset(&row, 0, sizeof(row));
	switch (kind) {
	case SSC_STORE_Q_JOURNAL:
	case SSC_STORE_Q_RESEAL_JOURNAL:
		memset(&j, 0, sizeof(j));
		j.version = SSC_STORE_JOURNAL_ENTRY_VERSION;
		j.entry_id = col_text(s, 0);
		j.card_id = col_text(s, 1);
		j.sequence = sqlite3_column_int64(s, 2);
		j.time_ms = sqlite3_column_int64(s, 3);
		j.request_id = col_text(s, 4);
		j.service = col_text(s, 5);
		j.hash = col_blob(s, 6, &j.hash_len);
		j.key_id = (uint32_t)sqlite3_column_int64(s, 7);
		j.data = col_blob(s, 8, &j.data_len);
		row.journal = &j;
		break;
	case SSC_STORE_Q_INVALID:
	case SSC_STORE_Q_INVALID_ONE:
		memset(&e, 0, sizeof(e));
		e.version = SSC_STORE_INVALID_ENTRY_VERSION;
		e.level = sqlite3_column_int(s, 0);
		e.region = col_text(s, 1);
		e.card_number = col_text(s, 2);
		e.card_id = col_text(s, 3);
		e.time_ms = sqlite3_column_int64(s, 4);
		e.reason = col_text(s, 5);
		row.invalid = &e;
		break;
	case SSC_STORE_Q_MIRROR:
	case SSC_STORE_Q_RESEAL_MIRRORS:
		memset(&m, 0, sizeof(m));
		m.version = SSC_STORE_MIRROR_VERSION;
		m.card_id = col_text(s, 0);
		m.state = sqlite3_column_int(s, 1);
		m.time_ms = sqlite3_column_int64(s, 2);
		m.key_id = (uint32_t)sqlite3_column_int64(s, 3);
		m.data = col_blob(s, 4, &m.data_len);
		row.mirror = &m;
		break;
	case SSC_STORE_Q_REQUEST:
	case SSC_STORE_Q_RESEAL_REQUESTS:
		memset(&r, 0, sizeof(r));
		r.version = SSC_STORE_REQUEST_VERSION;
		r.request_id = col_text(s, 0);
		r.card_id = col_text(s, 1);
		r.time_ms = sqlite3_column_int64(s, 2);
		r.key_id = (uint32_t)sqlite3_column_int64(s, 3);
		r.result = col_blob(s, 4, &r.result_len);
		row.request = &r;
		break;
	default:
		memset(&c, 0, sizeof(c));
		c.version = SSC_STORE_CARD_VERSION;
		c.card_id = col_text(s, 0);
		c.card_number = col_text(s, 1);
		c.holder_index = col_blob(s, 2, &c.holder_index_len);
		c.region = col_text(s, 3);
		c.state = sqlite3_column_int(s, 4);
		c.revision = sqlite3_column_int64(s, 5);
		c.key_id = (uint32_t)sqlite3_column_int64(s, 6);
		c.record = col_blob(s, 7, &c.record_len);
		row.card = &c;
		break;
	}
	return fn(&row, payload);
}

static ssc_status
sq_query(ssc_store_backend *be, const ssc_store_query *q, ssc_store_row_fn fn,
	 void *payload)
{
	struct sqlite_backend *sb = (struct sqlite_backend *)be;
	sqlite3_stmt *s = NULL;
	char sql[512];
	unsigned int attempt = 0;
	int emitted = 0, rc, shape = 0;
	bool cached = false;
	ssc_status st;

	if ((st = check_usable(sb)) < 0)
		return st;
	if ((st = ssc__check_version(q->version, SSC_STORE_QUERY_VERSION,
				     "ssc_store_query")) < 0)
		return st;
	shape = (q->after ? 1 : 0) | (q->state >= 0 ? 2 : 0) |
		(q->region ? 4 : 0);
	if (q->kind > 0 && q->kind < Q_KINDS && !sb->qbusy[q->kind][shape]) {
		cached = true;
		s = sb->qstmt[q->kind][shape];
	}
	if (!s) {
		if ((st = build_query(sql, sizeof(sql), q)) < 0)
			return st;
		rc = cached ? sqlite3_prepare_v3(sb->db, sql, -1,
						 SQLITE_PREPARE_PERSISTENT, &s,
						 NULL)
			    : sqlite3_prepare_v2(sb->db, sql, -1, &s, NULL);
		if (rc != SQLITE_OK)
			return db_error(sb, rc, "prepare query");
		if (cached)
			sb->qstmt[q->kind][shape] = s;
	}
	if (cached)
		sb->qbusy[q->kind][shape] = true;
	bind_text(s, 1, q->key);
	if (q->holder_index)
		bind_blob(s, 2, q->holder_index, q->holder_index_len);
	sqlite3_bind_int(s, 3, q->state);
	bind_text(s, 4, q->region);
	sqlite3_bind_int(s, 5, q->level);
	bind_text(s, 6, q->after);
	sqlite3_bind_int64(s, 7, q->after_seq);
	sqlite3_bind_int64(s, 8, q->key_id);
	sqlite3_bind_int64(s, 9, q->limit ? (sqlite3_int64)q->limit : -1);
	st = SSC_OK;
	for (;;) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			emitted++;
			if ((st = emit_row(s, q->kind, fn, payload)) != SSC_OK)
				break;
			continue;
		}
		if (rc == SQLITE_DONE)
			break;
		/* Busy before the first row: start over (bounded). */
		if ((rc & 0xff) == SQLITE_BUSY && emitted == 0 &&
		    ++attempt < MAX_ATTEMPTS) {
			sqlite3_reset(s);
			ssc__store_backoff(attempt);
			continue;
		}
		st = db_error(sb, rc, "query");
		break;
	}
	if (cached) {
		/* ends the statement's read transaction and drops the
		 * borrowed bindings; the statement stays prepared */
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		sb->qbusy[q->kind][shape] = false;
	} else {
		sqlite3_finalize(s);
	}
	return st;
}

/* ---- commit --------------------------------------------------------- */

static ssc_status
constraint_or_error(struct sqlite_backend *sb, int rc, const char *what)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return ssc__error_setf_native(SSC_EEXISTS,
					      SSC_ERROR_CLASS_STORE,
					      SSC_NATIVE_SQLITE,
					      (uint32_t)sqlite3_extended_errcode(
						      sb->db),
					      "%s already exists", what);
	return db_error(sb, rc, what);
}

/* The body of a commit, inside BEGIN IMMEDIATE. */
static ssc_status
apply(struct sqlite_backend *sb, const ssc_store_changes *c)
{
	const ssc_store_card *card = c->card;
	sqlite3_stmt *s;
	size_t i;
	int rc;

	s = stmt(sb, c->base_revision ? S_CARD_UPDATE : S_CARD_INSERT);
	if (!s)
		return db_error(sb, sqlite3_errcode(sb->db), "prepare");
	bind_text(s, 1, card->card_id);
	bind_text(s, 2, card->card_number);
	bind_blob(s, 3, card->holder_index, card->holder_index_len);
	bind_text(s, 4, card->region);
	sqlite3_bind_int(s, 5, card->state);
	sqlite3_bind_int64(s, 6, card->revision);
	sqlite3_bind_int64(s, 7, card->key_id);
	bind_blob(s, 8, card->record, card->record_len);
	if (c->base_revision)
		sqlite3_bind_int64(s, 9, c->base_revision);
	if ((rc = run(s)) != SQLITE_DONE)
		return constraint_or_error(sb, rc, "a card with this id or "
					   "number");
	if (c->base_revision && sqlite3_changes(sb->db) == 0) {
		s = stmt(sb, S_CARD_EXISTS);
		if (!s)
			return db_error(sb, sqlite3_errcode(sb->db), "prepare");
		bind_text(s, 1, card->card_id);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_ROW)
			return ssc__error_setf(SSC_ECONFLICT,
					       SSC_ERROR_CLASS_STORE,
					       "card revision is no longer "
					       "%lld",
					       (long long)c->base_revision);
		if (rc == SQLITE_DONE)
			return ssc__error_setf(SSC_ENOTFOUND,
					       SSC_ERROR_CLASS_STORE,
					       "no such card to update");
		return db_error(sb, rc, "card lookup");
	}
	for (i = 0; i < c->n_journal; i++) {
		const ssc_store_journal_entry *j = &c->journal[i];
		if (!(s = stmt(sb, S_JOURNAL_INSERT)))
			return db_error(sb, sqlite3_errcode(sb->db), "prepare");
		bind_text(s, 1, j->entry_id);
		bind_text(s, 2, j->card_id);
		sqlite3_bind_int64(s, 3, j->sequence);
		sqlite3_bind_int64(s, 4, j->time_ms);
		bind_text(s, 5, j->request_id);
		bind_text(s, 6, j->service);
		bind_blob(s, 7, j->hash, j->hash_len);
		sqlite3_bind_int64(s, 8, j->key_id);
		bind_blob(s, 9, j->data, j->data_len);
		if ((rc = run(s)) != SQLITE_DONE)
			return constraint_or_error(sb, rc, "a journal entry "
						   "with this id or sequence");
	}
	for (i = 0; i < c->n_invalid_remove; i++) {
		const ssc_store_invalid_entry *e = &c->invalid_remove[i];
		if (!(s = stmt(sb, S_INVALID_DELETE)))
			return db_error(sb, sqlite3_errcode(sb->db), "prepare");
		sqlite3_bind_int(s, 1, e->level);
		bind_text(s, 2, e->region);
		bind_text(s, 3, e->card_number);
		if ((rc = run(s)) != SQLITE_DONE)
			return db_error(sb, rc, "invalid-list delete");
	}
	for (i = 0; i < c->n_invalid_add; i++) {
		const ssc_store_invalid_entry *e = &c->invalid_add[i];
		if (!(s = stmt(sb, S_INVALID_UPSERT)))
			return db_error(sb, sqlite3_errcode(sb->db), "prepare");
		sqlite3_bind_int(s, 1, e->level);
		bind_text(s, 2, e->region);
		bind_text(s, 3, e->card_number);
		bind_text(s, 4, e->card_id);
		sqlite3_bind_int64(s, 5, e->time_ms);
		bind_text(s, 6, e->reason);
		if ((rc = run(s)) != SQLITE_DONE)
			return db_error(sb, rc, "invalid-list insert");
	}
	if (c->mirror) {
		const ssc_store_mirror *m = c->mirror;
		if (!(s = stmt(sb, S_MIRROR_UPSERT)))
			return db_error(sb, sqlite3_errcode(sb->db), "prepare");
		bind_text(s, 1, m->card_id);
		sqlite3_bind_int(s, 2, m->state);
		sqlite3_bind_int64(s, 3, m->time_ms);
		sqlite3_bind_int64(s, 4, m->key_id);
		bind_blob(s, 5, m->data, m->data_len);
		if ((rc = run(s)) != SQLITE_DONE)
			return db_error(sb, rc, "mirror write");
	}
	if (c->request) {
		const ssc_store_request *r = c->request;
		if (!(s = stmt(sb, S_REQUEST_INSERT)))
			return db_error(sb, sqlite3_errcode(sb->db), "prepare");
		bind_text(s, 1, r->request_id);
		bind_text(s, 2, r->card_id);
		sqlite3_bind_int64(s, 3, r->time_ms);
		sqlite3_bind_int64(s, 4, r->key_id);
		bind_blob(s, 5, r->result, r->result_len);
		if ((rc = run(s)) != SQLITE_DONE)
			return constraint_or_error(sb, rc, "the request id");
	}
	return SSC_OK;
}

static void
rollback(struct sqlite_backend *sb)
{
	sqlite3_stmt *s = stmt(sb, S_ROLLBACK);

	if (s && sqlite3_get_autocommit(sb->db) == 0)
		run(s);
}

/* BEGIN IMMEDIATE with a bounded retry on busy. */
static ssc_status
begin(struct sqlite_backend *sb)
{
	unsigned int attempt;
	sqlite3_stmt *s;
	int rc = SQLITE_BUSY;

	for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		if (!(s = stmt(sb, S_BEGIN)))
			return db_error(sb, sqlite3_errcode(sb->db), "prepare");
		rc = run(s);
		if (rc == SQLITE_DONE)
			return SSC_OK;
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
		ssc__store_backoff(attempt);
	}
	return db_error(sb, rc, "BEGIN IMMEDIATE");
}

static ssc_status
finish(struct sqlite_backend *sb)
{
	unsigned int attempt;
	sqlite3_stmt *s;
	int rc = SQLITE_BUSY;

	for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		if (!(s = stmt(sb, S_COMMIT)))
			return db_error(sb, sqlite3_errcode(sb->db), "prepare");
		rc = run(s);
		if (rc == SQLITE_DONE)
			return SSC_OK;
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
		ssc__store_backoff(attempt);
	}
	return db_error(sb, rc, "COMMIT");
}

static ssc_status
sq_commit(ssc_store_backend *be, const ssc_store_changes *c)
{
	struct sqlite_backend *sb = (struct sqlite_backend *)be;
	ssc__error_saved saved;
	ssc_status st;

	if ((st = check_usable(sb)) < 0)
		return st;
	if ((st = ssc__check_version(c->version, SSC_STORE_CHANGES_VERSION,
				     "ssc_store_changes")) < 0)
		return st;
	if ((st = begin(sb)) < 0)
		return st;
	if ((st = apply(sb, c)) == SSC_OK && (st = finish(sb)) == SSC_OK)
		return SSC_OK;
	ssc__error_save(&saved);
	rollback(sb);
	ssc__error_restore(&saved);
	return st;
}

/* ---- reseal, health, free ------------------------------------------- */

static ssc_status
sq_reseal(ssc_store_backend *be, const ssc_store_reseal *r)
{
	struct sqlite_backend *sb = (struct sqlite_backend *)be;
	const char *sql;
	sqlite3_stmt *s = NULL;
	unsigned int attempt = 0;
	ssc_status st;
	int rc;

	if ((st = check_usable(sb)) < 0)
		return st;
	switch (r->kind) {
	case SSC_STORE_Q_RESEAL_CARDS:
		sql = "UPDATE ssc_cards SET record = ?1, key_id = ?2"
		      " WHERE card_id = ?3 AND key_id = ?4 AND revision = ?5";
		break;
	case SSC_STORE_Q_RESEAL_JOURNAL:
		sql = "UPDATE ssc_journal SET data = ?1, key_id = ?2"
		      " WHERE entry_id = ?3 AND key_id = ?4";
		break;
	case SSC_STORE_Q_RESEAL_MIRRORS:
		sql = "UPDATE ssc_mirrors SET data = ?1, key_id = ?2"
		      " WHERE card_id = ?3 AND key_id = ?4";
		break;
	case SSC_STORE_Q_RESEAL_REQUESTS:
		sql = "UPDATE ssc_requests SET result = ?1, key_id = ?2"
		      " WHERE request_id = ?3 AND key_id = ?4";
		break;
	default:
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown reseal kind %d", r->kind);
	}
	if ((rc = sqlite3_prepare_v2(sb->db, sql, -1, &s, NULL)) != SQLITE_OK)
		return db_error(sb, rc, "prepare reseal");
	bind_blob(s, 1, r->data, r->data_len);
	sqlite3_bind_int64(s, 2, r->new_key_id);
	bind_text(s, 3, r->key);
	sqlite3_bind_int64(s, 4, r->old_key_id);
	if (r->kind == SSC_STORE_Q_RESEAL_CARDS)
		sqlite3_bind_int64(s, 5, r->revision);
	while ((rc = run(s)) != SQLITE_DONE && (rc & 0xff) == SQLITE_BUSY &&
	       ++attempt < MAX_ATTEMPTS)
		ssc__store_backoff(attempt);
	if (rc != SQLITE_DONE)
		st = db_error(sb, rc, "reseal");
	else if (sqlite3_changes(sb->db) == 0)
		st = ssc__error_setf(SSC_ECONFLICT, SSC_ERROR_CLASS_STORE,
				     "row changed before it was re-sealed");
	sqlite3_finalize(s);
	return st;
}

static ssc_status
sq_health(ssc_store_backend *be, ssc_buf *report)
{
	struct sqlite_backend *sb = (struct sqlite_backend *)be;
	sqlite3_stmt *s = NULL;
	ssc_buf text = SSC_BUF_INIT;
	bool ok = false;
	ssc_status st = SSC_OK;
	int rc, rows = 0;

	if ((st = check_usable(sb)) < 0)
		return st;
	if ((rc = sqlite3_prepare_v2(sb->db, "PRAGMA integrity_check", -1, &s,
				     NULL)) != SQLITE_OK)
		return db_error(sb, rc, "prepare integrity_check");
	ssc__buf_bind(&text, sb->own_ctx);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *line = col_text(s, 0);
		if (rows++)
			st = ssc__buf_putc(&text, '\n');
		if (st == SSC_OK)
			st = ssc__buf_puts(&text, line ? line : "");
		if (st < 0)
			break;
	}
	if (st == SSC_OK && rc != SQLITE_DONE)
		st = db_error(sb, rc, "integrity_check");
	sqlite3_finalize(s);
	if (st == SSC_OK) {
		ok = rows == 1 && strcmp(text.ptr, "ok") == 0;
		if (report)
			st = ssc_buf_set(report, text.ptr, text.size);
		if (st == SSC_OK && !ok)
			st = ssc__error_setf(SSC_ECORRUPT,
					     SSC_ERROR_CLASS_STORE,
					     "sqlite: integrity_check failed");
	}
	ssc_buf_dispose(&text);
	return st;
}

static void
sq_free(ssc_store_backend *be)
{
	struct sqlite_backend *sb = (struct sqlite_backend *)be;
	ssc_ctx *ctx;
	int i;

	if (!sb)
		return;
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(sb->stmt[i]);
	for (i = 0; i < Q_KINDS; i++)
		for (int k = 0; k < Q_SHAPES; k++)
			sqlite3_finalize(sb->qstmt[i][k]);
	sqlite3_close_v2(sb->db);
	ctx = sb->own_ctx;
	ssc__free(ctx, sb);
	ssc_ctx_free(ctx);
}

static const ssc_store_backend sqlite_methods = {
	.version = SSC_STORE_BACKEND_VERSION,
	.name = "sqlite",
	.query = sq_query,
	.commit = sq_commit,
	.free = sq_free,
	.reseal = sq_reseal,
	.health = sq_health,
};

/* ---- opening and migrations ----------------------------------------- */

static ssc_status
exec_sql(struct sqlite_backend *sb, const char *sql, const char *what)
{
	int rc = sqlite3_exec(sb->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? SSC_OK : db_error(sb, rc, what);
}

static ssc_status
user_version(struct sqlite_backend *sb, int *out)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = sqlite3_prepare_v2(sb->db, "PRAGMA user_version", -1, &s,
				     NULL)) != SQLITE_OK)
		return db_error(sb, rc, "user_version");
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? SSC_OK : db_error(sb, rc, "user_version");
}

/* Bring the schema to SCHEMA_VERSION, one migration per transaction,
 * under BEGIN IMMEDIATE so that concurrent openers serialise. */
static ssc_status
migrate(struct sqlite_backend *sb)
{
	char sql[64];
	ssc_status st;
	int v = 0;

	for (;;) {
		if ((st = begin(sb)) < 0)
			return st;
		if ((st = user_version(sb, &v)) < 0)
			goto fail;
		if (v > SCHEMA_VERSION) {
			st = ssc__error_setf(SSC_ESCHEMA, SSC_ERROR_CLASS_STORE,
					     "sqlite: schema version %d is "
					     "newer than this library (%d)",
					     v, SCHEMA_VERSION);
			goto fail;
		}
		if (v == SCHEMA_VERSION)
			return finish(sb);
		if ((st = exec_sql(sb, migrations[v], "migration")) < 0)
			goto fail;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if ((st = exec_sql(sb, sql, "set user_version")) < 0)
			goto fail;
		if ((st = finish(sb)) < 0)
			goto fail;
		ssc__log(sb->own_ctx, SSC_LOG_INFO,
			 "sqlite store migrated to schema %d", v + 1);
	}
fail:
	{
		ssc__error_saved saved;
		ssc__error_save(&saved);
		rollback(sb);
		ssc__error_restore(&saved);
	}
	return st;
}

ssc_status
ssc_store_backend_sqlite_new(ssc_store_backend **out, ssc_ctx *ctx,
			     const char *path, const ssc_store_options *opts)
{
	struct sqlite_backend *sb;
	int sync = SSC_STORE_SYNC_FULL, timeout = 5000, rc;
	char sql[64], *file = NULL;
	const char *vfs = NULL;
	ssc_status st;

	if (!out || !ctx || !path)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_backend_sqlite_new: NULL "
				       "argument");
	*out = NULL;
	if (!*path)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "sqlite: empty path");
	if (opts) {
		if ((st = ssc__check_version(opts->version,
					     SSC_STORE_OPTIONS_VERSION,
					     "ssc_store_options")) < 0)
			return st;
		if (opts->sync == SSC_STORE_SYNC_NORMAL)
			sync = SSC_STORE_SYNC_NORMAL;
		else if (opts->sync != SSC_STORE_SYNC_DEFAULT &&
			 opts->sync != SSC_STORE_SYNC_FULL)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "unknown sync setting %d",
					       opts->sync);
		if (opts->busy_timeout_ms < 0)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "negative busy timeout");
		if (opts->busy_timeout_ms)
			timeout = opts->busy_timeout_ms;
	}
	{
		const char *q = strstr(path, "?vfs=");
		if (q) {
			vfs = q + 5;
			if (q == path || !*vfs || !sqlite3_vfs_find(vfs))
				return ssc__error_setf(
					SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
					"sqlite: empty path or unknown VFS "
					"in the path's ?vfs= option");
			file = ssc__malloc(ctx, (size_t)(q - path) + 1);
			SSC__CHECK_ALLOC(file);
			memcpy(file, path, (size_t)(q - path));
			file[q - path] = '\0';
		}
	}
	sb = ssc__calloc(ctx, 1, sizeof(*sb));
	if (!sb) {
		ssc__free(ctx, file);
		return ssc_error_set_oom();
	}
	sb->parent = sqlite_methods;
	sb->own_ctx = ssc_ctx_ref(ctx);
	rc = sqlite3_open_v2(file ? file : path, &sb->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOMUTEX,
			     vfs);
	ssc__free(ctx, file);
	if (rc != SQLITE_OK) {
		st = sb->db ? db_error(sb, rc, "open")
			    : ssc__error_setf(SSC_ENOMEM,
					      SSC_ERROR_CLASS_NOMEMORY,
					      "sqlite: out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(sb->db, 1);
	sqlite3_busy_timeout(sb->db, timeout);
	/* WAL first (it needs a moment of exclusivity on a new file), then
	 * the sync level. */
	{
		sqlite3_stmt *s = NULL;
		unsigned int attempt = 0;
		bool wal = false;
		do {
			rc = sqlite3_prepare_v2(sb->db,
						"PRAGMA journal_mode=WAL", -1,
						&s, NULL);
			if (rc == SQLITE_OK) {
				rc = sqlite3_step(s);
				if (rc == SQLITE_ROW)
					wal = sqlite3_stricmp(
						col_text(s, 0), "wal") == 0;
				sqlite3_finalize(s);
				s = NULL;
			}
		} while ((rc & 0xff) == SQLITE_BUSY &&
			 ++attempt < MAX_ATTEMPTS &&
			 (ssc__store_backoff(attempt), true));
		if (rc != SQLITE_ROW) {
			st = db_error(sb, rc, "journal_mode=WAL");
			goto fail;
		}
		if (!wal) {
			st = ssc__error_setf(SSC_ESTORE, SSC_ERROR_CLASS_STORE,
					     "sqlite: the file refused WAL "
					     "mode");
			goto fail;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA synchronous=%s",
		 sync == SSC_STORE_SYNC_NORMAL ? "NORMAL" : "FULL");
	if ((st = exec_sql(sb, sql, "synchronous")) < 0)
		goto fail;
	if ((st = migrate(sb)) < 0)
		goto fail;
	*out = &sb->parent;
	return SSC_OK;
fail:
	{
		ssc__error_saved saved;
		ssc__error_save(&saved);
		sq_free(&sb->parent);
		ssc__error_restore(&saved);
	}
	return st;
}

#else /* !SSC_HAVE_SQLITE */

ssc_status
ssc_store_backend_sqlite_new(ssc_store_backend **out, ssc_ctx *ctx,
			     const char *path, const ssc_store_options *opts)
{
	(void)ctx;
	(void)path;
	(void)opts;
	if (out)
		*out = NULL;
	return ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_STORE,
			       "this libsocialcard was built without SQLite");
}

#endif /* SSC_HAVE_SQLITE */
