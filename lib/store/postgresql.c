/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PostgreSQL store backend (built when SSC_HAVE_POSTGRESQL): one libpq
 * connection per backend, prepared parameterised statements only, each
 * commit sent as one pipeline (one round trip, one implicit transaction),
 * bounded retry on serialization failure and deadlock, and a schema kept
 * to the subset that also runs on Citus, YugabyteDB and CockroachDB:
 * explicit primary keys, application-generated UUIDs, no triggers,
 * sequences, advisory locks or LISTEN/NOTIFY.  Every row carries
 * dist_key, derived from the holder's blind index, as the documented
 * distribution column (doc/storage.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssc_config.h"
#include "store/store.h"

#if SSC_HAVE_POSTGRESQL

#include <libpq-fe.h>

#define SCHEMA_VERSION 1
/* Attempts of a commit after 40001 / 40P01. */
#define MAX_ATTEMPTS 8

/* Primary keys lead with dist_key, so the schema distributes on Citus as
 * it is; the constraints named *_global_* give plain PostgreSQL global
 * uniqueness and are the ones a Citus deployment drops (doc/storage.md).
 * Upserts name conflict targets that include dist_key for the same
 * reason. */
static const char *const migrations[SCHEMA_VERSION] = {
	/* 0 -> 1 */
	"CREATE TABLE ssc_cards ("
	" dist_key BIGINT NOT NULL,"
	" card_id UUID NOT NULL,"
	" card_number TEXT COLLATE \"C\" NOT NULL,"
	" holder_index BYTEA NOT NULL,"
	" region TEXT COLLATE \"C\" NOT NULL,"
	" state INTEGER NOT NULL,"
	" revision BIGINT NOT NULL,"
	" key_id BIGINT NOT NULL,"
	" record BYTEA NOT NULL,"
	" PRIMARY KEY (dist_key, card_id),"
	" CONSTRAINT ssc_cards_global_id UNIQUE (card_id),"
	" CONSTRAINT ssc_cards_global_number UNIQUE (card_number));"
	"CREATE INDEX ssc_cards_holder ON ssc_cards (holder_index, card_id);"
	"CREATE INDEX ssc_cards_state ON ssc_cards (state, region, card_id);"
	"CREATE INDEX ssc_cards_region ON ssc_cards (region, card_id);"
	"CREATE TABLE ssc_journal ("
	" dist_key BIGINT NOT NULL,"
	" entry_id UUID NOT NULL,"
	" card_id UUID NOT NULL,"
	" sequence BIGINT NOT NULL,"
	" time_ms BIGINT NOT NULL,"
	" request_id TEXT COLLATE \"C\","
	" service TEXT COLLATE \"C\" NOT NULL,"
	" hash BYTEA NOT NULL,"
	" key_id BIGINT NOT NULL,"
	" data BYTEA NOT NULL,"
	" PRIMARY KEY (dist_key, entry_id),"
	" CONSTRAINT ssc_journal_sequence UNIQUE (dist_key, card_id, sequence),"
	" CONSTRAINT ssc_journal_global_id UNIQUE (entry_id));"
	"CREATE INDEX ssc_journal_card ON ssc_journal (card_id, sequence);"
	"CREATE TABLE ssc_invalid ("
	" dist_key BIGINT NOT NULL,"
	" level INTEGER NOT NULL,"
	" region TEXT COLLATE \"C\" NOT NULL,"
	" card_number TEXT COLLATE \"C\" NOT NULL,"
	" card_id UUID NOT NULL,"
	" time_ms BIGINT NOT NULL,"
	" reason TEXT COLLATE \"C\","
	" PRIMARY KEY (dist_key, level, region, card_number));"
	"CREATE INDEX ssc_invalid_list ON ssc_invalid"
	" (level, region, card_number);"
	"CREATE TABLE ssc_mirrors ("
	" dist_key BIGINT NOT NULL,"
	" card_id UUID NOT NULL,"
	" state INTEGER NOT NULL,"
	" time_ms BIGINT NOT NULL,"
	" key_id BIGINT NOT NULL,"
	" data BYTEA NOT NULL,"
	" PRIMARY KEY (dist_key, card_id));"
	"CREATE INDEX ssc_mirrors_card ON ssc_mirrors (card_id);"
	"CREATE TABLE ssc_requests ("
	" dist_key BIGINT NOT NULL,"
	" request_id TEXT COLLATE \"C\" NOT NULL,"
	" card_id UUID NOT NULL,"
	" time_ms BIGINT NOT NULL,"
	" key_id BIGINT NOT NULL,"
	" result BYTEA NOT NULL,"
	" PRIMARY KEY (dist_key, request_id),"
	" CONSTRAINT ssc_requests_global_id UNIQUE (request_id));",
};

/* Statements, prepared on first use under the names "ssc_<index>". */
enum {
	P_CARD_INSERT,
	P_CARD_UPDATE,
	P_CARD_REVISION,
	P_JOURNAL_INSERT,
	P_INVALID_DELETE,
	P_INVALID_UPSERT,
	P_MIRROR_UPSERT,
	P_REQUEST_INSERT,
	P_Q_CARD_BY_ID,
	P_Q_CARD_BY_NUMBER,
	P_Q_CARDS_BY_HOLDER,
	P_Q_CARDS_BY_STATE,
	P_Q_JOURNAL,
	P_Q_INVALID,
	P_Q_INVALID_ONE,
	P_Q_MIRROR,
	P_Q_REQUEST,
	P_Q_RESEAL_CARDS,
	P_Q_RESEAL_JOURNAL,
	P_Q_RESEAL_MIRRORS,
	P_Q_RESEAL_REQUESTS,
	P_RESEAL_CARD,
	P_RESEAL_JOURNAL,
	P_RESEAL_MIRROR,
	P_RESEAL_REQUEST,
	P_COUNT
};

#define CARD_COLS                                                              \
	"SELECT card_id::text, card_number, holder_index, region,"            \
	" state::text, revision::text, key_id::text, record FROM ssc_cards"
#define JOURNAL_COLS                                                           \
	"SELECT entry_id::text, card_id::text, sequence::text,"               \
	" time_ms::text, request_id, service, hash, key_id::text, data"       \
	" FROM ssc_journal"
#define INVALID_COLS                                                           \
	"SELECT level::text, region, card_number, card_id::text,"             \
	" time_ms::text, reason FROM ssc_invalid"
#define MIRROR_COLS                                                            \
	"SELECT card_id::text, state::text, time_ms::text, key_id::text,"     \
	" data FROM ssc_mirrors"
#define REQUEST_COLS                                                           \
	"SELECT request_id, card_id::text, time_ms::text, key_id::text,"      \
	" result FROM ssc_requests"

static const char *const pstmt_sql[P_COUNT] = {
	/* $1 card_id $2 dist_key $3 number $4 holder_index $5 region
	 * $6 state $7 revision $8 key_id $9 record [$10 base revision] */
	[P_CARD_INSERT] =
		"INSERT INTO ssc_cards (card_id, dist_key, card_number,"
		" holder_index, region, state, revision, key_id, record)"
		" VALUES ($1::uuid, $2::bigint, $3, $4, $5, $6::int,"
		" $7::bigint, $8::bigint, $9)",
	/* Fails with division_by_zero (22012) when no row matched, so the
	 * whole pipeline rolls back; the caller then tells a conflict from
	 * a missing card. */
	[P_CARD_UPDATE] =
		"WITH u AS (UPDATE ssc_cards SET dist_key = $2::bigint,"
		" card_number = $3, holder_index = $4, region = $5,"
		" state = $6::int, revision = $7::bigint, key_id = $8::bigint,"
		" record = $9 WHERE card_id = $1::uuid"
		" AND revision = $10::bigint RETURNING 1)"
		" SELECT 1 / (SELECT count(*)::int FROM u)",
	[P_CARD_REVISION] =
		"SELECT revision::text FROM ssc_cards WHERE card_id = $1::uuid",
	[P_JOURNAL_INSERT] =
		"INSERT INTO ssc_journal (entry_id, dist_key, card_id, sequence,"
		" time_ms, request_id, service, hash, key_id, data)"
		" VALUES ($1::uuid, $2::bigint, $3::uuid, $4::bigint,"
		" $5::bigint, $6, $7, $8, $9::bigint, $10)",
	[P_INVALID_DELETE] =
		"DELETE FROM ssc_invalid WHERE level = $1::int AND region = $2"
		" AND card_number = $3",
	[P_INVALID_UPSERT] =
		"INSERT INTO ssc_invalid (level, region, card_number, dist_key,"
		" card_id, time_ms, reason) VALUES ($1::int, $2, $3,"
		" $4::bigint, $5::uuid, $6::bigint, $7)"
		" ON CONFLICT (dist_key, level, region, card_number) DO UPDATE"
		" SET card_id = excluded.card_id,"
		" time_ms = excluded.time_ms, reason = excluded.reason",
	[P_MIRROR_UPSERT] =
		"INSERT INTO ssc_mirrors (card_id, dist_key, state, time_ms,"
		" key_id, data) VALUES ($1::uuid, $2::bigint, $3::int,"
		" $4::bigint, $5::bigint, $6) ON CONFLICT (dist_key, card_id)"
		" DO UPDATE SET state = excluded.state,"
		" time_ms = excluded.time_ms, key_id = excluded.key_id,"
		" data = excluded.data",
	[P_REQUEST_INSERT] =
		"INSERT INTO ssc_requests (request_id, dist_key, card_id,"
		" time_ms, key_id, result) VALUES ($1, $2::bigint, $3::uuid,"
		" $4::bigint, $5::bigint, $6)",
	/* Queries: $1 key $2 holder index $3 state $4 region $5 level
	 * $6 after $7 after_seq $8 key id $9 limit (NULL = none); each uses
	 * the parameters it needs, under its own numbering below. */
	[P_Q_CARD_BY_ID] = CARD_COLS " WHERE card_id = $1::uuid",
	[P_Q_CARD_BY_NUMBER] = CARD_COLS " WHERE card_number = $1",
	[P_Q_CARDS_BY_HOLDER] =
		CARD_COLS " WHERE holder_index = $1"
		" AND ($2::uuid IS NULL OR card_id > $2::uuid)"
		" ORDER BY ssc_cards.card_id LIMIT $3::bigint",
	[P_Q_CARDS_BY_STATE] =
		CARD_COLS " WHERE ($1::int < 0 OR state = $1::int)"
		" AND ($2::text IS NULL OR region = $2)"
		" AND ($3::uuid IS NULL OR card_id > $3::uuid)"
		" ORDER BY ssc_cards.card_id LIMIT $4::bigint",
	[P_Q_JOURNAL] =
		JOURNAL_COLS " WHERE card_id = $1::uuid AND sequence > $2::bigint"
		" ORDER BY ssc_journal.sequence LIMIT $3::bigint",
	[P_Q_INVALID] =
		INVALID_COLS " WHERE level = $1::int AND region = $2"
		" AND ($3::text IS NULL OR card_number > $3)"
		" ORDER BY ssc_invalid.card_number LIMIT $4::bigint",
	[P_Q_INVALID_ONE] =
		INVALID_COLS " WHERE level = $1::int AND region = $2"
		" AND card_number = $3",
	[P_Q_MIRROR] = MIRROR_COLS " WHERE card_id = $1::uuid",
	[P_Q_REQUEST] = REQUEST_COLS " WHERE request_id = $1",
	[P_Q_RESEAL_CARDS] =
		CARD_COLS " WHERE key_id <> $1::bigint"
		" AND ($2::uuid IS NULL OR card_id > $2::uuid)"
		" ORDER BY ssc_cards.card_id LIMIT $3::bigint",
	[P_Q_RESEAL_JOURNAL] =
		JOURNAL_COLS " WHERE key_id <> $1::bigint"
		" AND ($2::uuid IS NULL OR entry_id > $2::uuid)"
		" ORDER BY ssc_journal.entry_id LIMIT $3::bigint",
	[P_Q_RESEAL_MIRRORS] =
		MIRROR_COLS " WHERE key_id <> $1::bigint"
		" AND ($2::uuid IS NULL OR card_id > $2::uuid)"
		" ORDER BY ssc_mirrors.card_id LIMIT $3::bigint",
	[P_Q_RESEAL_REQUESTS] =
		REQUEST_COLS " WHERE key_id <> $1::bigint"
		" AND ($2::text IS NULL OR request_id > $2)"
		" ORDER BY ssc_requests.request_id LIMIT $3::bigint",
	/* Reseal: $1 data $2 new key $3 pk $4 old key [$5 revision] */
	[P_RESEAL_CARD] =
		"UPDATE ssc_cards SET record = $1, key_id = $2::bigint"
		" WHERE card_id = $3::uuid AND key_id = $4::bigint"
		" AND revision = $5::bigint",
	[P_RESEAL_JOURNAL] =
		"UPDATE ssc_journal SET data = $1, key_id = $2::bigint"
		" WHERE entry_id = $3::uuid AND key_id = $4::bigint",
	[P_RESEAL_MIRROR] =
		"UPDATE ssc_mirrors SET data = $1, key_id = $2::bigint"
		" WHERE card_id = $3::uuid AND key_id = $4::bigint",
	[P_RESEAL_REQUEST] =
		"UPDATE ssc_requests SET result = $1, key_id = $2::bigint"
		" WHERE request_id = $3 AND key_id = $4::bigint",
};

struct pg_backend {
	ssc_store_backend parent;
	ssc_ctx *own_ctx;
	PGconn *conn;
	bool prepared[P_COUNT];
};

/* Parameters of one statement: text, or binary for bytea. */
#define MAX_PARAMS 10
struct params {
	const char *v[MAX_PARAMS];
	int len[MAX_PARAMS];
	int fmt[MAX_PARAMS];
	char num[MAX_PARAMS][24];
	int n;
};

static void
p_text(struct params *p, const char *s)
{
	p->v[p->n] = s;
	p->len[p->n] = 0;
	p->fmt[p->n] = 0;
	p->n++;
}

static void
p_int(struct params *p, int64_t v)
{
	snprintf(p->num[p->n], sizeof(p->num[0]), "%lld", (long long)v);
	p_text(p, p->num[p->n]);
}

static void
p_bytes(struct params *p, const void *b, size_t n)
{
	p->v[p->n] = n ? b : "";
	p->len[p->n] = (int)n;
	p->fmt[p->n] = 1;
	p->n++;
}

/* SQLSTATE packed base 36 into native_code (errors.h). */
static uint32_t
sqlstate_code(const char *s)
{
	uint32_t v = 0;
	int i;

	for (i = 0; s && i < 5 && s[i]; i++) {
		char c = s[i];
		v = v * 36 + (uint32_t)(c >= '0' && c <= '9' ? c - '0'
				       : c >= 'A' && c <= 'Z' ? c - 'A' + 10
							      : 0);
	}
	return v;
}

static ssc_status
pg_error(struct pg_backend *pb, const PGresult *r, int code, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
			    : NULL;

	char one[400];
	size_t n;

	if (!msg)
		msg = PQerrorMessage(pb->conn);
	/* libpq's text ends in newlines and may span lines: keep one line. */
	snprintf(one, sizeof(one), "%s", msg ? msg : "");
	one[strcspn(one, "\n")] = '\0';
	n = strlen(one);
	while (n && (one[n - 1] == ' ' || one[n - 1] == '\t'))
		one[--n] = '\0';
	return ssc__error_setf_native(code, SSC_ERROR_CLASS_STORE,
				      SSC_NATIVE_PGSQL, sqlstate_code(state),
				      "postgresql: %s: %s%s%s", what,
				      state ? state : "", state ? " " : "",
				      one);
}

static const char *
sqlstate(const PGresult *r)
{
	const char *s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	return s ? s : "";
}

static ssc_status
check_conn(struct pg_backend *pb)
{
	if (PQstatus(pb->conn) == CONNECTION_OK)
		return SSC_OK;
	/* One reconnect; a lost connection mid-commit is reported, never
	 * retried blindly (the commit may or may not have happened). */
	PQreset(pb->conn);
	memset(pb->prepared, 0, sizeof(pb->prepared));
	if (PQstatus(pb->conn) == CONNECTION_OK)
		return SSC_OK;
	return pg_error(pb, NULL, SSC_ESTORE, "connection lost");
}

static ssc_status
prepare(struct pg_backend *pb, int which)
{
	char name[16];
	PGresult *r;
	ssc_status st = SSC_OK;

	if (pb->prepared[which])
		return SSC_OK;
	snprintf(name, sizeof(name), "ssc_%d", which);
	r = PQprepare(pb->conn, name, pstmt_sql[which], 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		st = pg_error(pb, r, SSC_ESTORE, "prepare");
	else
		pb->prepared[which] = true;
	PQclear(r);
	return st;
}

static PGresult *
exec_prepared(struct pg_backend *pb, int which, const struct params *p)
{
	char name[16];

	snprintf(name, sizeof(name), "ssc_%d", which);
	return PQexecPrepared(pb->conn, name, p->n, p->v, p->len, p->fmt, 1);
}

static int
send_prepared(struct pg_backend *pb, int which, const struct params *p)
{
	char name[16];

	snprintf(name, sizeof(name), "ssc_%d", which);
	return PQsendQueryPrepared(pb->conn, name, p->n, p->v, p->len, p->fmt,
				   1);
}

/* The distribution key: the first 8 bytes of the blind index. */
static int64_t
dist_key(const uint8_t *idx, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8 && i < n; i++)
		v = v << 8 | idx[i];
	return (int64_t)v;
}

/* ---- query ---------------------------------------------------------- */

static const char *
val(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static int64_t
num(const PGresult *r, int row, int col)
{
	const char *s = val(r, row, col);
	return s ? strtoll(s, NULL, 10) : 0;
}

static const uint8_t *
bytes(const PGresult *r, int row, int col, size_t *len)
{
	*len = (size_t)PQgetlength(r, row, col);
	return (const uint8_t *)PQgetvalue(r, row, col);
}

static ssc_status
emit_row(const PGresult *r, int i, int kind, ssc_store_row_fn fn,
	 void *payload)
{
	ssc_store_row row;
	ssc_store_card c;
	ssc_store_journal_entry j;
	ssc_store_invalid_entry e;
	ssc_store_mirror m;
	ssc_store_request q;

	memset(&row, 0, sizeof(row));
	switch (kind) {
	case SSC_STORE_Q_JOURNAL:
	case SSC_STORE_Q_RESEAL_JOURNAL:
		memset(&j, 0, sizeof(j));
		j.version = SSC_STORE_JOURNAL_ENTRY_VERSION;
		j.entry_id = val(r, i, 0);
		j.card_id = val(r, i, 1);
		j.sequence = num(r, i, 2);
		j.time_ms = num(r, i, 3);
		j.request_id = val(r, i, 4);
		j.service = val(r, i, 5);
		j.hash = bytes(r, i, 6, &j.hash_len);
		j.key_id = (uint32_t)num(r, i, 7);
		j.data = bytes(r, i, 8, &j.data_len);
		row.journal = &j;
		break;
	case SSC_STORE_Q_INVALID:
	case SSC_STORE_Q_INVALID_ONE:
		memset(&e, 0, sizeof(e));
		e.version = SSC_STORE_INVALID_ENTRY_VERSION;
		e.level = (int)num(r, i, 0);
		e.region = val(r, i, 1);
		e.card_number = val(r, i, 2);
		e.card_id = val(r, i, 3);
		e.time_ms = num(r, i, 4);
		e.reason = val(r, i, 5);
		row.invalid = &e;
		break;
	case SSC_STORE_Q_MIRROR:
	case SSC_STORE_Q_RESEAL_MIRRORS:
		memset(&m, 0, sizeof(m));
		m.version = SSC_STORE_MIRROR_VERSION;
		m.card_id = val(r, i, 0);
		m.state = (int)num(r, i, 1);
		m.time_ms = num(r, i, 2);
		m.key_id = (uint32_t)num(r, i, 3);
		m.data = bytes(r, i, 4, &m.data_len);
		row.mirror = &m;
		break;
	case SSC_STORE_Q_REQUEST:
	case SSC_STORE_Q_RESEAL_REQUESTS:
		memset(&q, 0, sizeof(q));
		q.version = SSC_STORE_REQUEST_VERSION;
		q.request_id = val(r, i, 0);
		q.card_id = val(r, i, 1);
		q.time_ms = num(r, i, 2);
		q.key_id = (uint32_t)num(r, i, 3);
		q.result = bytes(r, i, 4, &q.result_len);
		row.request = &q;
		break;
	default:
		memset(&c, 0, sizeof(c));
		c.version = SSC_STORE_CARD_VERSION;
		c.card_id = val(r, i, 0);
		c.card_number = val(r, i, 1);
		c.holder_index = bytes(r, i, 2, &c.holder_index_len);
		c.region = val(r, i, 3);
		c.state = (int)num(r, i, 4);
		c.revision = num(r, i, 5);
		c.key_id = (uint32_t)num(r, i, 6);
		c.record = bytes(r, i, 7, &c.record_len);
		row.card = &c;
		break;
	}
	return fn(&row, payload);
}

static void
p_limit(struct params *p, size_t limit)
{
	if (limit)
		p_int(p, (int64_t)limit);
	else
		p_text(p, NULL);
}

static ssc_status
pg_query(ssc_store_backend *be, const ssc_store_query *q, ssc_store_row_fn fn,
	 void *payload)
{
	struct pg_backend *pb = (struct pg_backend *)be;
	struct params p;
	PGresult *r;
	int which, i, n;
	ssc_status st;

	if ((st = ssc__check_version(q->version, SSC_STORE_QUERY_VERSION,
				     "ssc_store_query")) < 0)
		return st;
	memset(&p, 0, sizeof(p));
	switch (q->kind) {
	case SSC_STORE_Q_CARD_BY_ID:
		which = P_Q_CARD_BY_ID;
		p_text(&p, q->key);
		break;
	case SSC_STORE_Q_CARD_BY_NUMBER:
		which = P_Q_CARD_BY_NUMBER;
		p_text(&p, q->key);
		break;
	case SSC_STORE_Q_CARDS_BY_HOLDER:
		which = P_Q_CARDS_BY_HOLDER;
		p_bytes(&p, q->holder_index, q->holder_index_len);
		p_text(&p, q->after);
		p_limit(&p, q->limit);
		break;
	case SSC_STORE_Q_CARDS_BY_STATE:
		which = P_Q_CARDS_BY_STATE;
		p_int(&p, q->state < 0 ? -1 : q->state);
		p_text(&p, q->region);
		p_text(&p, q->after);
		p_limit(&p, q->limit);
		break;
	case SSC_STORE_Q_JOURNAL:
		which = P_Q_JOURNAL;
		p_text(&p, q->key);
		p_int(&p, q->after_seq);
		p_limit(&p, q->limit);
		break;
	case SSC_STORE_Q_INVALID:
		which = P_Q_INVALID;
		p_int(&p, q->level);
		p_text(&p, q->region);
		p_text(&p, q->after);
		p_limit(&p, q->limit);
		break;
	case SSC_STORE_Q_INVALID_ONE:
		which = P_Q_INVALID_ONE;
		p_int(&p, q->level);
		p_text(&p, q->region);
		p_text(&p, q->key);
		break;
	case SSC_STORE_Q_MIRROR:
		which = P_Q_MIRROR;
		p_text(&p, q->key);
		break;
	case SSC_STORE_Q_REQUEST:
		which = P_Q_REQUEST;
		p_text(&p, q->key);
		break;
	case SSC_STORE_Q_RESEAL_CARDS:
	case SSC_STORE_Q_RESEAL_JOURNAL:
	case SSC_STORE_Q_RESEAL_MIRRORS:
	case SSC_STORE_Q_RESEAL_REQUESTS:
		which = P_Q_RESEAL_CARDS + (q->kind - SSC_STORE_Q_RESEAL_CARDS);
		p_int(&p, q->key_id);
		p_text(&p, q->after);
		p_limit(&p, q->limit);
		break;
	default:
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown store query kind %d", q->kind);
	}
	if ((st = check_conn(pb)) < 0 || (st = prepare(pb, which)) < 0)
		return st;
	r = exec_prepared(pb, which, &p);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		st = pg_error(pb, r, SSC_ESTORE, "query");
		PQclear(r);
		return st;
	}
	n = PQntuples(r);
	if (q->limit && (size_t)n > q->limit)
		n = (int)q->limit;
	for (i = 0; i < n; i++)
		if ((st = emit_row(r, i, q->kind, fn, payload)) != SSC_OK)
			break;
	PQclear(r);
	return st;
}

/* ---- commit --------------------------------------------------------- */

/* Sends the whole transaction as one pipeline; *n_sent counts the
 * statements.  Returns 0 when everything was queued. */
static ssc_status
send_commit(struct pg_backend *pb, const ssc_store_changes *c, int *n_sent)
{
	const ssc_store_card *card = c->card;
	int64_t dk = dist_key(card->holder_index, card->holder_index_len);
	struct params p;
	size_t i;

	*n_sent = 0;
#define SEND(which)                                                            \
	do {                                                                   \
		if (!send_prepared(pb, (which), &p))                           \
			return pg_error(pb, NULL, SSC_ESTORE, "send");         \
		(*n_sent)++;                                                   \
	} while (0)

	memset(&p, 0, sizeof(p));
	p_text(&p, card->card_id);
	p_int(&p, dk);
	p_text(&p, card->card_number);
	p_bytes(&p, card->holder_index, card->holder_index_len);
	p_text(&p, card->region);
	p_int(&p, card->state);
	p_int(&p, card->revision);
	p_int(&p, card->key_id);
	p_bytes(&p, card->record, card->record_len);
	if (c->base_revision) {
		p_int(&p, c->base_revision);
		SEND(P_CARD_UPDATE);
	} else {
		SEND(P_CARD_INSERT);
	}
	for (i = 0; i < c->n_journal; i++) {
		const ssc_store_journal_entry *j = &c->journal[i];
		memset(&p, 0, sizeof(p));
		p_text(&p, j->entry_id);
		p_int(&p, dk);
		p_text(&p, j->card_id);
		p_int(&p, j->sequence);
		p_int(&p, j->time_ms);
		p_text(&p, j->request_id);
		p_text(&p, j->service);
		p_bytes(&p, j->hash, j->hash_len);
		p_int(&p, j->key_id);
		p_bytes(&p, j->data, j->data_len);
		SEND(P_JOURNAL_INSERT);
	}
	for (i = 0; i < c->n_invalid_remove; i++) {
		const ssc_store_invalid_entry *e = &c->invalid_remove[i];
		memset(&p, 0, sizeof(p));
		p_int(&p, e->level);
		p_text(&p, e->region);
		p_text(&p, e->card_number);
		SEND(P_INVALID_DELETE);
	}
	for (i = 0; i < c->n_invalid_add; i++) {
		const ssc_store_invalid_entry *e = &c->invalid_add[i];
		memset(&p, 0, sizeof(p));
		p_int(&p, e->level);
		p_text(&p, e->region);
		p_text(&p, e->card_number);
		p_int(&p, dk);
		p_text(&p, e->card_id);
		p_int(&p, e->time_ms);
		p_text(&p, e->reason);
		SEND(P_INVALID_UPSERT);
	}
	if (c->mirror) {
		const ssc_store_mirror *m = c->mirror;
		memset(&p, 0, sizeof(p));
		p_text(&p, m->card_id);
		p_int(&p, dk);
		p_int(&p, m->state);
		p_int(&p, m->time_ms);
		p_int(&p, m->key_id);
		p_bytes(&p, m->data, m->data_len);
		SEND(P_MIRROR_UPSERT);
	}
	if (c->request) {
		const ssc_store_request *q = c->request;
		memset(&p, 0, sizeof(p));
		p_text(&p, q->request_id);
		p_int(&p, dk);
		p_text(&p, q->card_id);
		p_int(&p, q->time_ms);
		p_int(&p, q->key_id);
		p_bytes(&p, q->result, q->result_len);
		SEND(P_REQUEST_INSERT);
	}
#undef SEND
	if (!PQpipelineSync(pb->conn))
		return pg_error(pb, NULL, SSC_ESTORE, "pipeline sync");
	return SSC_OK;
}

/* Reads every result of the pipeline.  The first failure's SQLSTATE goes
 * to sqlstate_out (empty when all succeeded); its result to *failed. */
static ssc_status
read_commit(struct pg_backend *pb, int n_sent, char sqlstate_out[6],
	    PGresult **failed)
{
	int nulls = 0;
	PGresult *r;

	sqlstate_out[0] = '\0';
	*failed = NULL;
	for (;;) {
		r = PQgetResult(pb->conn);
		if (!r) {
			/* One NULL ends each statement's results; more than
			 * that means the connection gave up. */
			if (PQstatus(pb->conn) != CONNECTION_OK ||
			    ++nulls > n_sent)
				return pg_error(pb, NULL, SSC_ESTORE,
						"connection lost during "
						"commit");
			continue;
		}
		switch (PQresultStatus(r)) {
		case PGRES_PIPELINE_SYNC:
			PQclear(r);
			return SSC_OK;
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
		case PGRES_PIPELINE_ABORTED:
			PQclear(r);
			break;
		default:
			if (!*failed) {
				snprintf(sqlstate_out, 6, "%s", sqlstate(r));
				*failed = r;
			} else {
				PQclear(r);
			}
			break;
		}
	}
}

static ssc_status
card_missing_or_changed(struct pg_backend *pb, const ssc_store_changes *c)
{
	struct params p;
	PGresult *r;
	ssc_status st;

	memset(&p, 0, sizeof(p));
	p_text(&p, c->card->card_id);
	if ((st = prepare(pb, P_CARD_REVISION)) < 0)
		return st;
	r = exec_prepared(pb, P_CARD_REVISION, &p);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		st = pg_error(pb, r, SSC_ESTORE, "card lookup");
	else if (PQntuples(r) == 0)
		st = ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_STORE,
				     "no such card to update");
	else
		st = ssc__error_setf(SSC_ECONFLICT, SSC_ERROR_CLASS_STORE,
				     "card revision is no longer %lld",
				     (long long)c->base_revision);
	PQclear(r);
	return st;
}

static ssc_status
pg_commit(ssc_store_backend *be, const ssc_store_changes *c)
{
	static const int needed[] = { P_CARD_INSERT, P_CARD_UPDATE,
				      P_JOURNAL_INSERT, P_INVALID_DELETE,
				      P_INVALID_UPSERT, P_MIRROR_UPSERT,
				      P_REQUEST_INSERT };
	struct pg_backend *pb = (struct pg_backend *)be;
	unsigned int attempt;
	ssc_status st;
	size_t i;

	if ((st = ssc__check_version(c->version, SSC_STORE_CHANGES_VERSION,
				     "ssc_store_changes")) < 0)
		return st;
	if ((st = check_conn(pb)) < 0)
		return st;
	for (i = 0; i < SSC__ARRAY_SIZE(needed); i++)
		if ((st = prepare(pb, needed[i])) < 0)
			return st;
	for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		char state[6];
		PGresult *failed = NULL;
		int n_sent = 0;

		if (!PQenterPipelineMode(pb->conn))
			return pg_error(pb, NULL, SSC_ESTORE, "pipeline mode");
		st = send_commit(pb, c, &n_sent);
		if (st == SSC_OK) {
			st = read_commit(pb, n_sent, state, &failed);
		} else {
			/* Drain what was queued; the error stays st. */
			ssc__error_saved saved;
			ssc__error_save(&saved);
			if (PQpipelineSync(pb->conn))
				read_commit(pb, n_sent, state, &failed);
			ssc__error_restore(&saved);
		}
		PQexitPipelineMode(pb->conn);
		if (st < 0) {
			PQclear(failed);
			return st;
		}
		if (!failed)
			return SSC_OK;
		if (strcmp(state, "40001") == 0 ||
		    strcmp(state, "40P01") == 0) {
			PQclear(failed);
			ssc__log(pb->own_ctx, SSC_LOG_DEBUG,
				 "postgresql: commit retried after %s", state);
			ssc__store_backoff(attempt);
			continue;
		}
		if (strcmp(state, "22012") == 0)
			st = card_missing_or_changed(pb, c);
		else if (strcmp(state, "23505") == 0)
			st = pg_error(pb, failed, SSC_EEXISTS,
				      "already exists");
		else
			st = pg_error(pb, failed, SSC_ESTORE, "commit");
		PQclear(failed);
		return st;
	}
	return ssc__error_setf(SSC_EBUSY, SSC_ERROR_CLASS_STORE,
			       "postgresql: commit kept failing with "
			       "serialization failures or deadlocks");
}

/* ---- reseal, health, free ------------------------------------------- */

static ssc_status
pg_reseal(ssc_store_backend *be, const ssc_store_reseal *r)
{
	struct pg_backend *pb = (struct pg_backend *)be;
	struct params p;
	PGresult *res;
	int which;
	ssc_status st;

	switch (r->kind) {
	case SSC_STORE_Q_RESEAL_CARDS: which = P_RESEAL_CARD; break;
	case SSC_STORE_Q_RESEAL_JOURNAL: which = P_RESEAL_JOURNAL; break;
	case SSC_STORE_Q_RESEAL_MIRRORS: which = P_RESEAL_MIRROR; break;
	case SSC_STORE_Q_RESEAL_REQUESTS: which = P_RESEAL_REQUEST; break;
	default:
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown reseal kind %d", r->kind);
	}
	memset(&p, 0, sizeof(p));
	p_bytes(&p, r->data, r->data_len);
	p_int(&p, r->new_key_id);
	p_text(&p, r->key);
	p_int(&p, r->old_key_id);
	if (which == P_RESEAL_CARD)
		p_int(&p, r->revision);
	if ((st = check_conn(pb)) < 0 || (st = prepare(pb, which)) < 0)
		return st;
	res = exec_prepared(pb, which, &p);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		st = pg_error(pb, res, SSC_ESTORE, "reseal");
	else if (strcmp(PQcmdTuples(res), "1") != 0)
		st = ssc__error_setf(SSC_ECONFLICT, SSC_ERROR_CLASS_STORE,
				     "row changed before it was re-sealed");
	PQclear(res);
	return st;
}

static ssc_status
pg_health(ssc_store_backend *be, ssc_buf *report)
{
	struct pg_backend *pb = (struct pg_backend *)be;
	PGresult *r;
	ssc_status st;

	if ((st = check_conn(pb)) < 0)
		return st;
	r = PQexecParams(pb->conn, "SELECT count(*) FROM ssc_cards WHERE false",
			 0, NULL, NULL, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		st = pg_error(pb, r, SSC_ESTORE, "health");
	PQclear(r);
	if (st == SSC_OK && report)
		st = ssc_buf_set(report, "ok", 2);
	return st;
}

static void
pg_free(ssc_store_backend *be)
{
	struct pg_backend *pb = (struct pg_backend *)be;
	ssc_ctx *ctx;

	if (!pb)
		return;
	PQfinish(pb->conn);
	ctx = pb->own_ctx;
	ssc__free(ctx, pb);
	ssc_ctx_free(ctx);
}

/* Server notices ("relation already exists, skipping") go to the debug
 * log instead of stderr. */
static void
notice(void *arg, const char *message)
{
	struct pg_backend *pb = arg;
	ssc__log(pb->own_ctx, SSC_LOG_DEBUG, "postgresql: %s", message);
}

static const ssc_store_backend pg_methods = {
	.version = SSC_STORE_BACKEND_VERSION,
	.name = "postgresql",
	.query = pg_query,
	.commit = pg_commit,
	.free = pg_free,
	.reseal = pg_reseal,
	.health = pg_health,
};

/* ---- connecting and migrations -------------------------------------- */

static ssc_status
simple(struct pg_backend *pb, const char *sql, PGresult **out)
{
	PGresult *r = PQexecParams(pb->conn, sql, 0, NULL, NULL, NULL, NULL,
				   0);
	ExecStatusType s = PQresultStatus(r);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		ssc_status st = pg_error(pb, r, SSC_ESTORE, "setup");
		if (out)
			*out = r;
		else
			PQclear(r);
		return st;
	}
	if (out)
		*out = r;
	else
		PQclear(r);
	return SSC_OK;
}

/* Refuse a server that can lose acknowledged commits by design. */
static ssc_status
check_durability(struct pg_backend *pb)
{
	static const char *const must_be_on[] = { "fsync", "full_page_writes" };
	const char *sc;
	size_t i;

	for (i = 0; i < SSC__ARRAY_SIZE(must_be_on); i++) {
		const char *v = PQparameterStatus(pb->conn, must_be_on[i]);
		PGresult *r = NULL;
		char sql[64];
		bool on;
		ssc_status st;

		if (!v) {
			snprintf(sql, sizeof(sql), "SHOW %s", must_be_on[i]);
			if ((st = simple(pb, sql, &r)) < 0) {
				PQclear(r);
				return st;
			}
			on = PQntuples(r) == 1 &&
			     strcmp(PQgetvalue(r, 0, 0), "on") == 0;
			PQclear(r);
		} else {
			on = strcmp(v, "on") == 0;
		}
		if (!on)
			return ssc__error_setf(SSC_ESTORE,
					       SSC_ERROR_CLASS_STORE,
					       "postgresql: the server runs "
					       "with %s off; refusing to store "
					       "official records there",
					       must_be_on[i]);
	}
	sc = NULL;
	{
		PGresult *r = NULL;
		if (simple(pb, "SHOW synchronous_commit", &r) == SSC_OK &&
		    PQntuples(r) == 1)
			sc = PQgetvalue(r, 0, 0);
		if (sc && strcmp(sc, "on") != 0 && strcmp(sc, "remote_apply") &&
		    strcmp(sc, "remote_write"))
			ssc__log(pb->own_ctx, SSC_LOG_WARN,
				 "postgresql: synchronous_commit is %s: the "
				 "last commits may be lost on a server crash",
				 sc);
		PQclear(r);
	}
	return SSC_OK;
}

static ssc_status
migrate_once(struct pg_backend *pb, char state_out[6])
{
	PGresult *r = NULL;
	char sql[96];
	ssc_status st;
	int v;

	state_out[0] = '\0';
#define STEP(s)                                                                \
	do {                                                                   \
		PGresult *rr = NULL;                                           \
		if ((st = simple(pb, (s), &rr)) < 0) {                         \
			snprintf(state_out, 6, "%s", sqlstate(rr));            \
			PQclear(rr);                                           \
			goto fail;                                             \
		}                                                              \
		PQclear(rr);                                                   \
	} while (0)
	STEP("BEGIN");
	STEP("CREATE TABLE IF NOT EXISTS ssc_schema ("
	     " id INTEGER NOT NULL PRIMARY KEY, version INTEGER NOT NULL)");
	STEP("INSERT INTO ssc_schema (id, version) VALUES (1, 0)"
	     " ON CONFLICT (id) DO NOTHING");
	if ((st = simple(pb, "SELECT version FROM ssc_schema WHERE id = 1"
			 " FOR UPDATE", &r)) < 0) {
		snprintf(state_out, 6, "%s", sqlstate(r));
		PQclear(r);
		goto fail;
	}
	v = PQntuples(r) == 1 ? atoi(PQgetvalue(r, 0, 0)) : -1;
	PQclear(r);
	if (v < 0 || v > SCHEMA_VERSION) {
		st = ssc__error_setf(SSC_ESCHEMA, SSC_ERROR_CLASS_STORE,
				     "postgresql: schema version %d is not "
				     "one this library knows (%d)", v,
				     SCHEMA_VERSION);
		goto fail;
	}
	for (; v < SCHEMA_VERSION; v++) {
		/* One statement per round trip (the extended protocol takes
		 * one at a time); the DDL has no ';' inside literals. */
		const char *m = migrations[v];
		while (*m) {
			const char *end = strchr(m, ';');
			size_t len = end ? (size_t)(end - m) : strlen(m);
			char *one = ssc__strndup(pb->own_ctx, m, len);
			if (!one) {
				st = ssc_error_set_oom();
				goto fail;
			}
			if (len) {
				PGresult *rr = NULL;
				st = simple(pb, one, &rr);
				if (st < 0)
					snprintf(state_out, 6, "%s",
						 sqlstate(rr));
				PQclear(rr);
			}
			ssc__free(pb->own_ctx, one);
			if (st < 0)
				goto fail;
			m += len + (end ? 1 : 0);
		}
		snprintf(sql, sizeof(sql),
			 "UPDATE ssc_schema SET version = %d WHERE id = 1",
			 v + 1);
		STEP(sql);
	}
	STEP("COMMIT");
#undef STEP
	return SSC_OK;
fail:
	{
		ssc__error_saved saved;
		ssc__error_save(&saved);
		PQclear(PQexec(pb->conn, "ROLLBACK"));
		ssc__error_restore(&saved);
	}
	return st;
}

/* Concurrent first openers race on CREATE TABLE IF NOT EXISTS; the loser
 * sees a unique or serialization error and tries again. */
static ssc_status
migrate(struct pg_backend *pb)
{
	unsigned int attempt;
	ssc_status st = SSC_OK;

	for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		char state[6];
		if ((st = migrate_once(pb, state)) == SSC_OK)
			return SSC_OK;
		if (strcmp(state, "23505") && strcmp(state, "42P07") &&
		    strcmp(state, "40001") && strcmp(state, "40P01"))
			return st;
		ssc__store_backoff(attempt);
	}
	return st;
}

ssc_status
ssc_store_backend_postgresql_new(ssc_store_backend **out, ssc_ctx *ctx,
				 const char *conninfo,
				 const ssc_store_options *opts)
{
	struct pg_backend *pb;
	ssc_status st;

	if (!out || !ctx || !conninfo)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_backend_postgresql_new: "
				       "NULL argument");
	*out = NULL;
	if (opts && (st = ssc__check_version(opts->version,
					     SSC_STORE_OPTIONS_VERSION,
					     "ssc_store_options")) < 0)
		return st;
	pb = ssc__calloc(ctx, 1, sizeof(*pb));
	SSC__CHECK_ALLOC(pb);
	pb->parent = pg_methods;
	pb->own_ctx = ssc_ctx_ref(ctx);
	pb->conn = PQconnectdb(conninfo);
	if (!pb->conn) {
		st = ssc_error_set_oom();
		goto fail;
	}
	if (PQstatus(pb->conn) != CONNECTION_OK) {
		/* libpq's message can echo the conninfo (host, user) but not
		 * personal data; passwords are not repeated by libpq. */
		st = pg_error(pb, NULL, SSC_ESTORE, "connect");
		goto fail;
	}
	PQsetNoticeProcessor(pb->conn, notice, pb);
	if (PQsetClientEncoding(pb->conn, "UTF8") != 0) {
		st = pg_error(pb, NULL, SSC_ESTORE, "client_encoding UTF8");
		goto fail;
	}
	if ((st = check_durability(pb)) < 0)
		goto fail;
	if ((st = migrate(pb)) < 0)
		goto fail;
	*out = &pb->parent;
	return SSC_OK;
fail:
	{
		ssc__error_saved saved;
		ssc__error_save(&saved);
		pg_free(&pb->parent);
		ssc__error_restore(&saved);
	}
	return st;
}

#else /* !SSC_HAVE_POSTGRESQL */

ssc_status
ssc_store_backend_postgresql_new(ssc_store_backend **out, ssc_ctx *ctx,
				 const char *conninfo,
				 const ssc_store_options *opts)
{
	(void)ctx;
	(void)conninfo;
	(void)opts;
	if (out)
		*out = NULL;
	return ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_STORE,
			       "this libsocialcard was built without libpq");
}

#endif /* SSC_HAVE_POSTGRESQL */
