/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by the reliability programs: where a store lives for a backend
 * (a temporary SQLite file, a fresh PostgreSQL schema when SSC_TEST_PG is
 * set and PostgreSQL is built, a named memory store), the keys, and the
 * one store workload every test drives: "update a card and append its
 * journal entry" (state change + journal sequence = new revision +
 * request id for idempotency), plus the journal check.
 */
#ifndef SSC_REL_COMMON_H
#define SSC_REL_COMMON_H

#include <errno.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "ssc_config.h"
#include "test_common.h"

#include <socialcard/sys/store_backend.h>

#if SSC_HAVE_POSTGRESQL
#include <libpq-fe.h>
#endif

/* Exit status meson reads as "skipped". */
#define REL_SKIP 77

/* Canary key bytes: a pattern that cannot occur by chance in a file. */
static const uint8_t rel_data_key[32] = {
	0xC4, 0x4A, 0xE7, 0x01, 0xC4, 0x4A, 0xE7, 0x02, 0xC4, 0x4A, 0xE7,
	0x03, 0xC4, 0x4A, 0xE7, 0x04, 0xC4, 0x4A, 0xE7, 0x05, 0xC4, 0x4A,
	0xE7, 0x06, 0xC4, 0x4A, 0xE7, 0x07, 0xC4, 0x4A, 0xE7, 0x08 };
static const uint8_t rel_index_key[32] = {
	0x1D, 0x3C, 0xA7, 0x01, 0x1D, 0x3C, 0xA7, 0x02, 0x1D, 0x3C, 0xA7,
	0x03, 0x1D, 0x3C, 0xA7, 0x04, 0x1D, 0x3C, 0xA7, 0x05, 0x1D, 0x3C,
	0xA7, 0x06, 0x1D, 0x3C, 0xA7, 0x07, 0x1D, 0x3C, 0xA7, 0x08 };

static inline void
rel_opts(ssc_store_options *o)
{
	ssc_store_options_init(o, SSC_STORE_OPTIONS_VERSION);
	o->data_key_id = 1;
	o->data_key = rel_data_key;
	o->data_key_len = 32;
	o->index_key = rel_index_key;
	o->index_key_len = 32;
	/* Manual check that the power-loss test can fail: with
	 * REL_SYNC_NORMAL=1 acknowledged commits may be lost. */
	if (getenv("REL_SYNC_NORMAL"))
		o->sync = SSC_STORE_SYNC_NORMAL;
}

/* A private temporary directory (removed by rel_rmdir). */
static inline void
rel_tmpdir(char *out, size_t cap, const char *tag)
{
	const char *base = getenv("TMPDIR");
	snprintf(out, cap, "%s/ssc-rel-%s-XXXXXX", base && *base ? base : "/tmp",
		 tag);
	if (!mkdtemp(out)) {
		perror("mkdtemp");
		exit(1);
	}
}

static inline void
rel_rm_db(const char *path)
{
	char p[4200];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", path);
	unlink(p);
}

#if SSC_HAVE_POSTGRESQL
static inline bool
rel_pg_exec(const char *conninfo, const char *sql)
{
	PGconn *c = PQconnectdb(conninfo);
	PGresult *r;
	bool ok;

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "connect: %s", PQerrorMessage(c));
		PQfinish(c);
		return false;
	}
	r = PQexec(c, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
	     PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok;
}
#endif

/*
 * The URI of a fresh store of `kind` ("memory", "sqlite", "postgresql")
 * for test `tag`.  dir is a temporary directory (sqlite).  Returns 0, or
 * REL_SKIP when the backend is not available here.
 */
static inline int
rel_store_uri(char *uri, size_t cap, const char *kind, const char *dir,
	      const char *tag)
{
	if (strcmp(kind, "memory") == 0) {
		snprintf(uri, cap, "memory:rel-%s-%d", tag, (int)getpid());
		return 0;
	}
	if (strcmp(kind, "sqlite") == 0) {
		snprintf(uri, cap, "sqlite:%s/%s.db", dir, tag);
		return 0;
	}
#if SSC_HAVE_POSTGRESQL
	{
		const char *pg = getenv("SSC_TEST_PG");
		char sql[160];
		if (!pg || !*pg)
			return REL_SKIP;
		snprintf(sql, sizeof(sql),
			 "DROP SCHEMA IF EXISTS rel_%s_%d CASCADE; "
			 "CREATE SCHEMA rel_%s_%d",
			 tag, (int)getpid(), tag, (int)getpid());
		if (!rel_pg_exec(pg, sql))
			return REL_SKIP;
		snprintf(uri, cap,
			 "postgresql:%s options='-csearch_path=rel_%s_%d'", pg,
			 tag, (int)getpid());
		return 0;
	}
#else
	return REL_SKIP;
#endif
}

/* Open, mapping "PostgreSQL backend not built yet" to a skip. */
static inline int
rel_open(ssc_store **out, ssc_ctx *ctx, const char *uri)
{
	ssc_store_options o;
	ssc_status rc;

	rel_opts(&o);
	rc = ssc_store_open(out, ctx, uri, &o);
	if (rc == SSC_ENOTSUPPORTED)
		return REL_SKIP;
	if (rc != SSC_OK) {
		ssc_test_print_error("ssc_store_open", rc);
		return 1;
	}
	return 0;
}

static inline void
rel_uuid(char out[37], unsigned a, unsigned b)
{
	snprintf(out, 37, "%08x-0000-4000-8000-%012x", a, b);
}

/* Create card `n` (id, number from n) in state 1 with journal entry 1. */
static inline ssc_status
rel_card_create(ssc_store *st, unsigned n, char id[37])
{
	ssc_store_txn *t = NULL;
	ssc_store_card c = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry e = SSC_STORE_JOURNAL_ENTRY_INIT;
	char number[32], eid[37];
	ssc_status rc;

	rel_uuid(id, 0xca4d, n);
	rel_uuid(eid, 0xe0, n);
	snprintf(number, sizeof(number), "R%08u", n);
	c.card_id = id;
	c.card_number = number;
	c.holder_id = "110105194912310021";
	c.region = "110100";
	c.state = 1;
	c.record = (const uint8_t *)"rec";
	c.record_len = 3;
	e.entry_id = eid;
	e.card_id = id;
	e.sequence = 1;
	e.time_ms = 1700000000000;
	e.service = "apply";
	e.data = (const uint8_t *)"apply";
	e.data_len = 5;
	if ((rc = ssc_store_txn_new(&t, st)) < 0)
		return rc;
	if ((rc = ssc_store_txn_set_card(t, &c, 0)) >= 0 &&
	    (rc = ssc_store_txn_add_journal(t, &e)) >= 0)
		rc = ssc_store_commit(NULL, st, t);
	ssc_store_txn_free(t);
	return rc;
}

/* The legal states of the workload. */
#define REL_STATE_MIN 1
#define REL_STATE_MAX 6

/*
 * One operation: load the card, move it to state (rev % 6) + 1, append
 * journal entry sequence = rev + 1 with a request id, commit; retry on
 * ECONFLICT (another writer won).  *out_seq gets the committed sequence.
 * SSC_EEXISTS when the request id was already recorded (idempotency).
 */
static inline ssc_status
rel_card_update(int64_t *out_seq, ssc_store *st, const char *card_id,
		const char *request_id, const char *entry_id)
{
	ssc_status rc;
	int attempt;

	for (attempt = 0; attempt < 1000; attempt++) {
		ssc_store_card cur = SSC_STORE_CARD_INIT, c;
		ssc_store_journal_entry e = SSC_STORE_JOURNAL_ENTRY_INIT;
		ssc_store_txn *t = NULL;
		int64_t rev = 0;

		if ((rc = ssc_store_load_by_id(&cur, st, card_id)) < 0)
			return rc;
		c = cur;
		c.owner = NULL;
		c.holder_id = NULL;
		c.state = (int)(cur.revision % REL_STATE_MAX) + 1;
		e.entry_id = entry_id;
		e.card_id = card_id;
		e.sequence = cur.revision + 1;
		e.time_ms = 1700000000000 + cur.revision;
		e.request_id = request_id;
		e.service = "update";
		e.data = (const uint8_t *)(request_id ? request_id : "u");
		e.data_len = request_id ? strlen(request_id) : 1;
		rc = ssc_store_txn_new(&t, st);
		if (rc >= 0)
			rc = ssc_store_txn_set_card(t, &c, cur.revision);
		if (rc >= 0)
			rc = ssc_store_txn_add_journal(t, &e);
		if (rc >= 0 && request_id)
			rc = ssc_store_txn_set_request(
				t, request_id, (const uint8_t *)entry_id, 36);
		if (rc >= 0)
			rc = ssc_store_commit(&rev, st, t);
		ssc_store_txn_free(t);
		ssc_store_card_dispose(&cur);
		if (rc == SSC_ECONFLICT)
			continue;
		if (rc == SSC_OK && out_seq)
			*out_seq = rev;
		return rc;
	}
	return rc;
}

/*
 * Check a card's journal: sequences exactly 1..revision, states legal.
 * Returns the number of entries, or -1 (with a message) on a violation.
 */
static inline long
rel_journal_check(ssc_store *st, const char *card_id)
{
	ssc_store_card c = SSC_STORE_CARD_INIT;
	ssc_store_iter *it = NULL;
	const ssc_store_journal_entry *e;
	long n = 0;
	ssc_status rc;

	if ((rc = ssc_store_load_by_id(&c, st, card_id)) < 0) {
		ssc_test_print_error("load", rc);
		return -1;
	}
	if (c.state < REL_STATE_MIN || c.state > REL_STATE_MAX) {
		fprintf(stderr, "card %s: illegal state %d\n", card_id, c.state);
		n = -1;
	}
	if (n == 0 && ssc_store_iter_journal(&it, st, card_id, NULL, 0) < 0)
		n = -1;
	while (n >= 0) {
		if (ssc_store_iter_next_journal(&e, it) < 0) {
			n = -1;
			break;
		}
		if (!e)
			break;
		if (e->sequence != n + 1) {
			fprintf(stderr, "card %s: journal gap at %ld (seq %lld)\n",
				card_id, n + 1, (long long)e->sequence);
			n = -1;
			break;
		}
		n++;
	}
	if (n >= 0 && n != c.revision) {
		fprintf(stderr, "card %s: revision %lld but %ld journal rows\n",
			card_id, (long long)c.revision, n);
		n = -1;
	}
	ssc_store_iter_free(it);
	ssc_store_card_dispose(&c);
	return n;
}

/* ssc_store_health() must say "ok". */
static inline bool
rel_health_ok(ssc_store *st)
{
	ssc_buf rep = SSC_BUF_INIT;
	ssc_status rc = ssc_store_health(&rep, st);
	bool ok = rc == SSC_OK;
	if (!ok)
		fprintf(stderr, "health: %d %s\n", rc,
			rep.ptr ? (const char *)rep.ptr : "");
	ssc_buf_dispose(&rep);
	return ok;
}

#endif /* SSC_REL_COMMON_H */
