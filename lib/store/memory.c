/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The memory store backend: rows in arrays behind a mutex, for tests and
 * short-lived tools.  A named memory store is shared by every backend of
 * that name in the process (one mutex guards it), so contexts on several
 * threads can contend on it like on a database.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

struct mcard {
	char *id, *number, *region;
	uint8_t hidx[SSC_STORE_HOLDER_INDEX_LEN];
	int state;
	int64_t revision;
	uint32_t key_id;
	uint8_t *rec;
	size_t rec_len;
};

struct mjournal {
	char *entry_id, *card_id, *request_id, *service;
	char *seqkey; /* "card_id/sequence", the key of the uniqueness index */
	int64_t sequence, time_ms;
	uint8_t *hash, *data;
	size_t hash_len, data_len;
	uint32_t key_id;
};

struct minvalid {
	int level;
	char *region, *number, *card_id, *reason;
	int64_t time_ms;
};

struct mmirror {
	char *card_id;
	int state;
	int64_t time_ms;
	uint8_t *data;
	size_t data_len;
	uint32_t key_id;
};

struct mrequest {
	char *id, *card_id;
	int64_t time_ms;
	uint8_t *result;
	size_t result_len;
	uint32_t key_id;
};

/* A growable array of row pointers. */
struct vec {
	void **v;
	size_t n, cap;
};

/* An open-addressing set of strings owned by journal rows (journal rows
 * are never deleted), so that uniqueness checks do not scan. */
struct hset {
	const char **slot;
	size_t cap, n; /* cap is 0 or a power of two */
};

struct mdb {
	char *name;         /* NULL for a private store */
	unsigned int refs;  /* guarded by registry_lock */
	ssc_ctx *ctx;       /* allocations; a reference is held */
	pthread_mutex_t lock;
	struct vec cards, journal, invalid, mirrors, requests;
	struct hset journal_ids, journal_seqs;
	struct mdb *next;
};

struct memory_backend {
	ssc_store_backend parent;
	ssc_ctx *own_ctx;
	struct mdb *db;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mdb *registry;

/* ---- small helpers -------------------------------------------------- */

static void *
dupmem(const ssc_ctx *ctx, const void *p, size_t n)
{
	uint8_t *d = ssc__malloc(ctx, n + 1);

	if (!d)
		return NULL;
	if (n)
		memcpy(d, p, n);
	d[n] = 0;
	return d;
}

static char *
dupstr(const ssc_ctx *ctx, const char *s, bool *fail)
{
	char *d;

	if (!s)
		return NULL;
	d = ssc__strdup(ctx, s);
	if (!d)
		*fail = true;
	return d;
}

static void
freemem(const ssc_ctx *ctx, void *p, size_t n)
{
	if (!p)
		return;
	ssc__wipe(p, n);
	ssc__free(ctx, p);
}

static void
freestr(const ssc_ctx *ctx, char *s)
{
	if (s)
		freemem(ctx, s, strlen(s));
}

static ssc_status
vec_reserve(const ssc_ctx *ctx, struct vec *v, size_t extra)
{
	size_t ncap;
	void *p;

	if (v->n + extra <= v->cap)
		return SSC_OK;
	ncap = v->cap ? v->cap : 16;
	while (ncap < v->n + extra)
		ncap *= 2;
	p = ssc__realloc(ctx, v->v, ncap * sizeof(void *));
	SSC__CHECK_ALLOC(p);
	v->v = p;
	v->cap = ncap;
	return SSC_OK;
}

static void
vec_remove(struct vec *v, size_t i)
{
	memmove(&v->v[i], &v->v[i + 1], (v->n - i - 1) * sizeof(void *));
	v->n--;
}

static size_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return (size_t)h;
}

static bool
hset_has(const struct hset *h, const char *key)
{
	size_t i;

	if (!h->cap)
		return false;
	for (i = hash_str(key) & (h->cap - 1); h->slot[i];
	     i = (i + 1) & (h->cap - 1))
		if (strcmp(h->slot[i], key) == 0)
			return true;
	return false;
}

/* Never allocates: the caller reserved room first. */
static void
hset_put(struct hset *h, const char *key)
{
	size_t i;

	for (i = hash_str(key) & (h->cap - 1); h->slot[i];
	     i = (i + 1) & (h->cap - 1))
		;
	h->slot[i] = key;
	h->n++;
}

/* Room for `extra` more keys at a load factor of at most 1/2. */
static ssc_status
hset_reserve(const ssc_ctx *ctx, struct hset *h, size_t extra)
{
	struct hset bigger;
	size_t i;

	if ((h->n + extra) * 2 <= h->cap)
		return SSC_OK;
	bigger.cap = h->cap ? h->cap : 64;
	while ((h->n + extra) * 2 > bigger.cap)
		bigger.cap *= 2;
	bigger.slot = ssc__calloc(ctx, bigger.cap, sizeof(*bigger.slot));
	SSC__CHECK_ALLOC(bigger.slot);
	bigger.n = 0;
	for (i = 0; i < h->cap; i++)
		if (h->slot[i])
			hset_put(&bigger, h->slot[i]);
	ssc__free(ctx, h->slot);
	*h = bigger;
	return SSC_OK;
}

static char *
seq_key(const ssc_ctx *ctx, const char *card_id, int64_t seq)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s/%lld", card_id, (long long)seq);
	return ssc__strdup(ctx, buf);
}

static void
card_free(const ssc_ctx *ctx, struct mcard *c)
{
	if (!c)
		return;
	freestr(ctx, c->id);
	freestr(ctx, c->number);
	freestr(ctx, c->region);
	freemem(ctx, c->rec, c->rec_len);
	ssc__free(ctx, c);
}

static void
journal_free(const ssc_ctx *ctx, struct mjournal *j)
{
	if (!j)
		return;
	freestr(ctx, j->entry_id);
	freestr(ctx, j->card_id);
	freestr(ctx, j->request_id);
	freestr(ctx, j->service);
	freestr(ctx, j->seqkey);
	freemem(ctx, j->hash, j->hash_len);
	freemem(ctx, j->data, j->data_len);
	ssc__free(ctx, j);
}

static void
invalid_free(const ssc_ctx *ctx, struct minvalid *e)
{
	if (!e)
		return;
	freestr(ctx, e->region);
	freestr(ctx, e->number);
	freestr(ctx, e->card_id);
	freestr(ctx, e->reason);
	ssc__free(ctx, e);
}

static void
mirror_free(const ssc_ctx *ctx, struct mmirror *m)
{
	if (!m)
		return;
	freestr(ctx, m->card_id);
	freemem(ctx, m->data, m->data_len);
	ssc__free(ctx, m);
}

static void
request_free(const ssc_ctx *ctx, struct mrequest *r)
{
	if (!r)
		return;
	freestr(ctx, r->id);
	freestr(ctx, r->card_id);
	freemem(ctx, r->result, r->result_len);
	ssc__free(ctx, r);
}

static void
mdb_destroy(struct mdb *db)
{
	ssc_ctx *ctx = db->ctx;
	size_t i;

	for (i = 0; i < db->cards.n; i++)
		card_free(ctx, db->cards.v[i]);
	for (i = 0; i < db->journal.n; i++)
		journal_free(ctx, db->journal.v[i]);
	for (i = 0; i < db->invalid.n; i++)
		invalid_free(ctx, db->invalid.v[i]);
	for (i = 0; i < db->mirrors.n; i++)
		mirror_free(ctx, db->mirrors.v[i]);
	for (i = 0; i < db->requests.n; i++)
		request_free(ctx, db->requests.v[i]);
	ssc__free(ctx, db->cards.v);
	ssc__free(ctx, db->journal.v);
	ssc__free(ctx, db->invalid.v);
	ssc__free(ctx, db->mirrors.v);
	ssc__free(ctx, db->requests.v);
	ssc__free(ctx, db->journal_ids.slot);
	ssc__free(ctx, db->journal_seqs.slot);
	pthread_mutex_destroy(&db->lock);
	ssc__free(ctx, db->name);
	ssc__free(ctx, db);
	ssc_ctx_free(ctx);
}

/* ---- lookups (lock held) -------------------------------------------- */

static struct mcard *
find_card_id(struct mdb *db, const char *id, size_t *pos)
{
	size_t i;

	for (i = 0; i < db->cards.n; i++) {
		struct mcard *c = db->cards.v[i];
		if (strcmp(c->id, id) == 0) {
			if (pos)
				*pos = i;
			return c;
		}
	}
	return NULL;
}

static struct mcard *
find_card_number(struct mdb *db, const char *number)
{
	size_t i;

	for (i = 0; i < db->cards.n; i++) {
		struct mcard *c = db->cards.v[i];
		if (strcmp(c->number, number) == 0)
			return c;
	}
	return NULL;
}

static ssize_t
find_invalid(struct mdb *db, int level, const char *region,
	     const char *number)
{
	size_t i;

	for (i = 0; i < db->invalid.n; i++) {
		struct minvalid *e = db->invalid.v[i];
		if (e->level == level && strcmp(e->region, region) == 0 &&
		    strcmp(e->number, number) == 0)
			return (ssize_t)i;
	}
	return -1;
}

static ssize_t
find_mirror(struct mdb *db, const char *card_id)
{
	size_t i;

	for (i = 0; i < db->mirrors.n; i++)
		if (strcmp(((struct mmirror *)db->mirrors.v[i])->card_id,
			   card_id) == 0)
			return (ssize_t)i;
	return -1;
}

static struct mrequest *
find_request(struct mdb *db, const char *id)
{
	size_t i;

	for (i = 0; i < db->requests.n; i++)
		if (strcmp(((struct mrequest *)db->requests.v[i])->id, id) == 0)
			return db->requests.v[i];
	return NULL;
}

static bool
journal_exists(struct mdb *db, const ssc_store_journal_entry *e)
{
	char key[64];

	if (hset_has(&db->journal_ids, e->entry_id))
		return true;
	snprintf(key, sizeof(key), "%s/%lld", e->card_id,
		 (long long)e->sequence);
	return hset_has(&db->journal_seqs, key);
}

/* ---- rows to the library -------------------------------------------- */

static void
card_view(ssc_store_card *out, const struct mcard *c)
{
	memset(out, 0, sizeof(*out));
	out->version = SSC_STORE_CARD_VERSION;
	out->card_id = c->id;
	out->card_number = c->number;
	out->region = c->region;
	out->holder_index = c->hidx;
	out->holder_index_len = sizeof(c->hidx);
	out->state = c->state;
	out->revision = c->revision;
	out->record = c->rec;
	out->record_len = c->rec_len;
	out->key_id = c->key_id;
}

static void
journal_view(ssc_store_journal_entry *out, const struct mjournal *j)
{
	memset(out, 0, sizeof(*out));
	out->version = SSC_STORE_JOURNAL_ENTRY_VERSION;
	out->entry_id = j->entry_id;
	out->card_id = j->card_id;
	out->sequence = j->sequence;
	out->time_ms = j->time_ms;
	out->request_id = j->request_id;
	out->service = j->service;
	out->hash = j->hash;
	out->hash_len = j->hash_len;
	out->data = j->data;
	out->data_len = j->data_len;
	out->key_id = j->key_id;
}

static void
invalid_view(ssc_store_invalid_entry *out, const struct minvalid *e)
{
	memset(out, 0, sizeof(*out));
	out->version = SSC_STORE_INVALID_ENTRY_VERSION;
	out->level = e->level;
	out->region = e->region;
	out->card_number = e->number;
	out->card_id = e->card_id;
	out->time_ms = e->time_ms;
	out->reason = e->reason;
}

static void
mirror_view(ssc_store_mirror *out, const struct mmirror *m)
{
	memset(out, 0, sizeof(*out));
	out->version = SSC_STORE_MIRROR_VERSION;
	out->card_id = m->card_id;
	out->state = m->state;
	out->time_ms = m->time_ms;
	out->data = m->data;
	out->data_len = m->data_len;
	out->key_id = m->key_id;
}

static void
request_view(ssc_store_request *out, const struct mrequest *r)
{
	memset(out, 0, sizeof(*out));
	out->version = SSC_STORE_REQUEST_VERSION;
	out->request_id = r->id;
	out->card_id = r->card_id;
	out->time_ms = r->time_ms;
	out->result = r->result;
	out->result_len = r->result_len;
	out->key_id = r->key_id;
}

/* ---- query ---------------------------------------------------------- */

/* A match: the row and its order key (text, or the journal sequence). */
struct match {
	void *row;
	const char *key;
	int64_t seq;
};

static int
match_cmp(const void *a, const void *b)
{
	const struct match *x = a, *y = b;
	int c;

	if (x->key && y->key && (c = strcmp(x->key, y->key)) != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool
after_ok(const ssc_store_query *q, const char *key)
{
	return !q->after || strcmp(key, q->after) > 0;
}

static ssc_status
collect(struct mdb *db, const ssc_store_query *q, struct match **out,
	size_t *n_out)
{
	struct match *m = NULL;
	size_t n = 0, cap = 0, i;
	const struct vec *src;

	switch (q->kind) {
	case SSC_STORE_Q_CARD_BY_ID:
	case SSC_STORE_Q_CARD_BY_NUMBER:
	case SSC_STORE_Q_CARDS_BY_HOLDER:
	case SSC_STORE_Q_CARDS_BY_STATE:
	case SSC_STORE_Q_RESEAL_CARDS:
		src = &db->cards;
		break;
	case SSC_STORE_Q_JOURNAL:
	case SSC_STORE_Q_RESEAL_JOURNAL:
		src = &db->journal;
		break;
	case SSC_STORE_Q_INVALID:
	case SSC_STORE_Q_INVALID_ONE:
		src = &db->invalid;
		break;
	case SSC_STORE_Q_MIRROR:
	case SSC_STORE_Q_RESEAL_MIRRORS:
		src = &db->mirrors;
		break;
	case SSC_STORE_Q_REQUEST:
	case SSC_STORE_Q_RESEAL_REQUESTS:
		src = &db->requests;
		break;
	default:
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown store query kind %d", q->kind);
	}
	for (i = 0; i < src->n; i++) {
		void *row = src->v[i];
		const char *key = NULL;
		int64_t seq = 0;
		bool ok = false;

		switch (q->kind) {
		case SSC_STORE_Q_CARD_BY_ID: {
			struct mcard *c = row;
			ok = strcmp(c->id, q->key) == 0;
			key = c->id;
			break;
		}
		case SSC_STORE_Q_CARD_BY_NUMBER: {
			struct mcard *c = row;
			ok = strcmp(c->number, q->key) == 0;
			key = c->id;
			break;
		}
		case SSC_STORE_Q_CARDS_BY_HOLDER: {
			struct mcard *c = row;
			ok = q->holder_index_len == sizeof(c->hidx) &&
			     memcmp(c->hidx, q->holder_index,
				    sizeof(c->hidx)) == 0 &&
			     after_ok(q, c->id);
			key = c->id;
			break;
		}
		case SSC_STORE_Q_CARDS_BY_STATE: {
			struct mcard *c = row;
			ok = (q->state < 0 || c->state == q->state) &&
			     (!q->region || strcmp(c->region, q->region) == 0) &&
			     after_ok(q, c->id);
			key = c->id;
			break;
		}
		case SSC_STORE_Q_RESEAL_CARDS: {
			struct mcard *c = row;
			ok = c->key_id != q->key_id && after_ok(q, c->id);
			key = c->id;
			break;
		}
		case SSC_STORE_Q_JOURNAL: {
			struct mjournal *j = row;
			ok = strcmp(j->card_id, q->key) == 0 &&
			     j->sequence > q->after_seq;
			seq = j->sequence;
			break;
		}
		case SSC_STORE_Q_RESEAL_JOURNAL: {
			struct mjournal *j = row;
			ok = j->key_id != q->key_id && after_ok(q, j->entry_id);
			key = j->entry_id;
			break;
		}
		case SSC_STORE_Q_INVALID: {
			struct minvalid *e = row;
			ok = e->level == q->level &&
			     strcmp(e->region, q->region) == 0 &&
			     after_ok(q, e->number);
			key = e->number;
			break;
		}
		case SSC_STORE_Q_INVALID_ONE: {
			struct minvalid *e = row;
			ok = e->level == q->level &&
			     strcmp(e->region, q->region) == 0 &&
			     strcmp(e->number, q->key) == 0;
			key = e->number;
			break;
		}
		case SSC_STORE_Q_MIRROR: {
			struct mmirror *mm = row;
			ok = strcmp(mm->card_id, q->key) == 0;
			key = mm->card_id;
			break;
		}
		case SSC_STORE_Q_RESEAL_MIRRORS: {
			struct mmirror *mm = row;
			ok = mm->key_id != q->key_id &&
			     after_ok(q, mm->card_id);
			key = mm->card_id;
			break;
		}
		case SSC_STORE_Q_REQUEST: {
			struct mrequest *r = row;
			ok = strcmp(r->id, q->key) == 0;
			key = r->id;
			break;
		}
		case SSC_STORE_Q_RESEAL_REQUESTS: {
			struct mrequest *r = row;
			ok = r->key_id != q->key_id && after_ok(q, r->id);
			key = r->id;
			break;
		}
		default:
			break;
		}
		if (!ok)
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			void *p = ssc__realloc(db->ctx, m, ncap * sizeof(*m));
			if (!p) {
				ssc__free(db->ctx, m);
				return ssc_error_set_oom();
			}
			m = p;
			cap = ncap;
		}
		m[n].row = row;
		m[n].key = key;
		m[n].seq = seq;
		n++;
	}
	if (n > 1)
		qsort(m, n, sizeof(*m), match_cmp);
	*out = m;
	*n_out = n;
	return SSC_OK;
}

static ssc_status
mem_query(ssc_store_backend *be, const ssc_store_query *q,
	  ssc_store_row_fn fn, void *payload)
{
	struct mdb *db = ((struct memory_backend *)be)->db;
	struct match *m = NULL;
	size_t n = 0, i;
	ssc_status rc;

	if ((rc = ssc__check_version(q->version, SSC_STORE_QUERY_VERSION,
				     "ssc_store_query")) < 0)
		return rc;
	pthread_mutex_lock(&db->lock);
	rc = collect(db, q, &m, &n);
	for (i = 0; rc == SSC_OK && i < n && (!q->limit || i < q->limit); i++) {
		ssc_store_row row;
		ssc_store_card c;
		ssc_store_journal_entry j;
		ssc_store_invalid_entry e;
		ssc_store_mirror mm;
		ssc_store_request r;

		memset(&row, 0, sizeof(row));
		switch (q->kind) {
		case SSC_STORE_Q_JOURNAL:
		case SSC_STORE_Q_RESEAL_JOURNAL:
			journal_view(&j, m[i].row);
			row.journal = &j;
			break;
		case SSC_STORE_Q_INVALID:
		case SSC_STORE_Q_INVALID_ONE:
			invalid_view(&e, m[i].row);
			row.invalid = &e;
			break;
		case SSC_STORE_Q_MIRROR:
		case SSC_STORE_Q_RESEAL_MIRRORS:
			mirror_view(&mm, m[i].row);
			row.mirror = &mm;
			break;
		case SSC_STORE_Q_REQUEST:
		case SSC_STORE_Q_RESEAL_REQUESTS:
			request_view(&r, m[i].row);
			row.request = &r;
			break;
		default:
			card_view(&c, m[i].row);
			row.card = &c;
			break;
		}
		rc = fn(&row, payload);
	}
	pthread_mutex_unlock(&db->lock);
	ssc__free(db->ctx, m);
	return rc;
}

/* ---- commit --------------------------------------------------------- */

static struct mcard *
card_new(const ssc_ctx *ctx, const ssc_store_card *in)
{
	struct mcard *c = ssc__calloc(ctx, 1, sizeof(*c));
	bool fail = false;

	if (!c)
		return NULL;
	c->id = dupstr(ctx, in->card_id, &fail);
	c->number = dupstr(ctx, in->card_number, &fail);
	c->region = dupstr(ctx, in->region, &fail);
	c->rec = dupmem(ctx, in->record, in->record_len);
	c->rec_len = in->record_len;
	memcpy(c->hidx, in->holder_index, sizeof(c->hidx));
	c->state = in->state;
	c->revision = in->revision;
	c->key_id = in->key_id;
	if (fail || !c->rec) {
		card_free(ctx, c);
		return NULL;
	}
	return c;
}

static struct mjournal *
journal_new(const ssc_ctx *ctx, const ssc_store_journal_entry *in)
{
	struct mjournal *j = ssc__calloc(ctx, 1, sizeof(*j));
	bool fail = false;

	if (!j)
		return NULL;
	j->entry_id = dupstr(ctx, in->entry_id, &fail);
	j->card_id = dupstr(ctx, in->card_id, &fail);
	j->request_id = dupstr(ctx, in->request_id, &fail);
	j->service = dupstr(ctx, in->service, &fail);
	j->hash = dupmem(ctx, in->hash ? (const void *)in->hash : "",
			 in->hash_len);
	j->hash_len = in->hash_len;
	j->data = dupmem(ctx, in->data, in->data_len);
	j->data_len = in->data_len;
	j->sequence = in->sequence;
	j->time_ms = in->time_ms;
	j->key_id = in->key_id;
	if (j->card_id && !(j->seqkey = seq_key(ctx, j->card_id, j->sequence)))
		fail = true;
	if (fail || !j->hash || !j->data) {
		journal_free(ctx, j);
		return NULL;
	}
	return j;
}

static struct minvalid *
invalid_new(const ssc_ctx *ctx, const ssc_store_invalid_entry *in)
{
	struct minvalid *e = ssc__calloc(ctx, 1, sizeof(*e));
	bool fail = false;

	if (!e)
		return NULL;
	e->level = in->level;
	e->region = dupstr(ctx, in->region, &fail);
	e->number = dupstr(ctx, in->card_number, &fail);
	e->card_id = dupstr(ctx, in->card_id, &fail);
	e->reason = dupstr(ctx, in->reason, &fail);
	e->time_ms = in->time_ms;
	if (fail) {
		invalid_free(ctx, e);
		return NULL;
	}
	return e;
}

static struct mmirror *
mirror_new(const ssc_ctx *ctx, const ssc_store_mirror *in)
{
	struct mmirror *m = ssc__calloc(ctx, 1, sizeof(*m));
	bool fail = false;

	if (!m)
		return NULL;
	m->card_id = dupstr(ctx, in->card_id, &fail);
	m->state = in->state;
	m->time_ms = in->time_ms;
	m->data = dupmem(ctx, in->data, in->data_len);
	m->data_len = in->data_len;
	m->key_id = in->key_id;
	if (fail || !m->data) {
		mirror_free(ctx, m);
		return NULL;
	}
	return m;
}

static struct mrequest *
request_new(const ssc_ctx *ctx, const ssc_store_request *in)
{
	struct mrequest *r = ssc__calloc(ctx, 1, sizeof(*r));
	bool fail = false;

	if (!r)
		return NULL;
	r->id = dupstr(ctx, in->request_id, &fail);
	r->card_id = dupstr(ctx, in->card_id, &fail);
	r->time_ms = in->time_ms;
	r->result = dupmem(ctx, in->result, in->result_len);
	r->result_len = in->result_len;
	r->key_id = in->key_id;
	if (fail || !r->result) {
		request_free(ctx, r);
		return NULL;
	}
	return r;
}

/* Checks every rule of ssc_store_changes against the current rows (lock
 * held); changes nothing. */
static ssc_status
commit_check(struct mdb *db, const ssc_store_changes *c)
{
	const ssc_store_card *card = c->card;
	struct mcard *old, *other;
	size_t i, k;

	old = find_card_id(db, card->card_id, NULL);
	other = find_card_number(db, card->card_number);
	if (c->base_revision == 0) {
		if (old || other)
			return ssc__error_setf(SSC_EEXISTS,
					       SSC_ERROR_CLASS_STORE,
					       "a card with this id or number "
					       "exists");
	} else {
		if (!old)
			return ssc__error_setf(SSC_ENOTFOUND,
					       SSC_ERROR_CLASS_STORE,
					       "no such card to update");
		if (old->revision != c->base_revision)
			return ssc__error_setf(SSC_ECONFLICT,
					       SSC_ERROR_CLASS_STORE,
					       "card revision is %lld, not "
					       "%lld",
					       (long long)old->revision,
					       (long long)c->base_revision);
		if (other && other != old)
			return ssc__error_setf(SSC_EEXISTS,
					       SSC_ERROR_CLASS_STORE,
					       "another card has this number");
	}
	for (i = 0; i < c->n_journal; i++) {
		const ssc_store_journal_entry *e = &c->journal[i];
		if (journal_exists(db, e))
			return ssc__error_setf(SSC_EEXISTS,
					       SSC_ERROR_CLASS_STORE,
					       "journal entry id or sequence "
					       "already recorded");
		for (k = 0; k < i; k++)
			if (strcmp(c->journal[k].entry_id, e->entry_id) == 0 ||
			    (strcmp(c->journal[k].card_id, e->card_id) == 0 &&
			     c->journal[k].sequence == e->sequence))
				return ssc__error_setf(
					SSC_EEXISTS, SSC_ERROR_CLASS_STORE,
					"journal entry id or sequence "
					"twice in one transaction");
	}
	if (c->request && find_request(db, c->request->request_id))
		return ssc__error_setf(SSC_EEXISTS, SSC_ERROR_CLASS_STORE,
				       "request id already recorded");
	return SSC_OK;
}

static ssc_status
mem_commit(ssc_store_backend *be, const ssc_store_changes *c)
{
	struct mdb *db = ((struct memory_backend *)be)->db;
	const ssc_ctx *ctx = db->ctx;
	struct mcard *card = NULL;
	struct mjournal **jn = NULL;
	struct minvalid **inv = NULL;
	struct mmirror *mirror = NULL;
	struct mrequest *req = NULL;
	size_t i, pos = 0;
	ssc_status rc;

	if ((rc = ssc__check_version(c->version, SSC_STORE_CHANGES_VERSION,
				     "ssc_store_changes")) < 0)
		return rc;
	pthread_mutex_lock(&db->lock);
	if ((rc = commit_check(db, c)) < 0)
		goto out;
	/* Prepare every new row and reserve every slot, so that applying
	 * cannot fail half-way. */
	rc = ssc_error_set_oom();
	card = card_new(ctx, c->card);
	if (!card)
		goto out;
	if (c->n_journal) {
		jn = ssc__calloc(ctx, c->n_journal, sizeof(*jn));
		if (!jn)
			goto out;
		for (i = 0; i < c->n_journal; i++)
			if (!(jn[i] = journal_new(ctx, &c->journal[i])))
				goto out;
	}
	if (c->n_invalid_add) {
		inv = ssc__calloc(ctx, c->n_invalid_add, sizeof(*inv));
		if (!inv)
			goto out;
		for (i = 0; i < c->n_invalid_add; i++)
			if (!(inv[i] = invalid_new(ctx, &c->invalid_add[i])))
				goto out;
	}
	if (c->mirror && !(mirror = mirror_new(ctx, c->mirror)))
		goto out;
	if (c->request && !(req = request_new(ctx, c->request)))
		goto out;
	if (vec_reserve(ctx, &db->cards, 1) < 0 ||
	    vec_reserve(ctx, &db->journal, c->n_journal) < 0 ||
	    vec_reserve(ctx, &db->invalid, c->n_invalid_add) < 0 ||
	    vec_reserve(ctx, &db->mirrors, 1) < 0 ||
	    vec_reserve(ctx, &db->requests, 1) < 0 ||
	    hset_reserve(ctx, &db->journal_ids, c->n_journal) < 0 ||
	    hset_reserve(ctx, &db->journal_seqs, c->n_journal) < 0)
		goto out;
	rc = SSC_OK;

	/* Apply. */
	if (find_card_id(db, card->id, &pos)) {
		card_free(ctx, db->cards.v[pos]);
		db->cards.v[pos] = card;
	} else {
		db->cards.v[db->cards.n++] = card;
	}
	card = NULL;
	for (i = 0; i < c->n_journal; i++) {
		db->journal.v[db->journal.n++] = jn[i];
		hset_put(&db->journal_ids, jn[i]->entry_id);
		hset_put(&db->journal_seqs, jn[i]->seqkey);
		jn[i] = NULL;
	}
	for (i = 0; i < c->n_invalid_remove; i++) {
		const ssc_store_invalid_entry *e = &c->invalid_remove[i];
		ssize_t k = find_invalid(db, e->level, e->region,
					 e->card_number);
		if (k >= 0) {
			invalid_free(ctx, db->invalid.v[k]);
			vec_remove(&db->invalid, (size_t)k);
		}
	}
	for (i = 0; i < c->n_invalid_add; i++) {
		ssize_t k = find_invalid(db, inv[i]->level, inv[i]->region,
					 inv[i]->number);
		if (k >= 0) {
			invalid_free(ctx, db->invalid.v[k]);
			db->invalid.v[k] = inv[i];
		} else {
			db->invalid.v[db->invalid.n++] = inv[i];
		}
		inv[i] = NULL;
	}
	if (mirror) {
		ssize_t k = find_mirror(db, mirror->card_id);
		if (k >= 0) {
			mirror_free(ctx, db->mirrors.v[k]);
			db->mirrors.v[k] = mirror;
		} else {
			db->mirrors.v[db->mirrors.n++] = mirror;
		}
		mirror = NULL;
	}
	if (req) {
		db->requests.v[db->requests.n++] = req;
		req = NULL;
	}
out:
	pthread_mutex_unlock(&db->lock);
	card_free(ctx, card);
	for (i = 0; jn && i < c->n_journal; i++)
		journal_free(ctx, jn[i]);
	ssc__free(ctx, jn);
	for (i = 0; inv && i < c->n_invalid_add; i++)
		invalid_free(ctx, inv[i]);
	ssc__free(ctx, inv);
	mirror_free(ctx, mirror);
	request_free(ctx, req);
	return rc;
}

/* ---- reseal, free, constructor -------------------------------------- */

static ssc_status
mem_reseal(ssc_store_backend *be, const ssc_store_reseal *r)
{
	struct mdb *db = ((struct memory_backend *)be)->db;
	const ssc_ctx *ctx = db->ctx;
	uint8_t **slot = NULL;
	size_t *len = NULL;
	uint32_t *key_id = NULL;
	uint8_t *copy;
	size_t i;
	ssc_status rc = SSC_ECONFLICT;

	copy = dupmem(ctx, r->data, r->data_len);
	SSC__CHECK_ALLOC(copy);
	pthread_mutex_lock(&db->lock);
	switch (r->kind) {
	case SSC_STORE_Q_RESEAL_CARDS: {
		struct mcard *c = find_card_id(db, r->key, NULL);
		if (c && c->revision == r->revision) {
			slot = &c->rec; len = &c->rec_len; key_id = &c->key_id;
		}
		break;
	}
	case SSC_STORE_Q_RESEAL_JOURNAL:
		for (i = 0; i < db->journal.n; i++) {
			struct mjournal *j = db->journal.v[i];
			if (strcmp(j->entry_id, r->key) == 0) {
				slot = &j->data; len = &j->data_len;
				key_id = &j->key_id;
				break;
			}
		}
		break;
	case SSC_STORE_Q_RESEAL_MIRRORS: {
		ssize_t k = find_mirror(db, r->key);
		if (k >= 0) {
			struct mmirror *m = db->mirrors.v[k];
			slot = &m->data; len = &m->data_len;
			key_id = &m->key_id;
		}
		break;
	}
	case SSC_STORE_Q_RESEAL_REQUESTS: {
		struct mrequest *q = find_request(db, r->key);
		if (q) {
			slot = &q->result; len = &q->result_len;
			key_id = &q->key_id;
		}
		break;
	}
	default:
		rc = ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				     "unknown reseal kind %d", r->kind);
		break;
	}
	if (slot && *key_id == r->old_key_id) {
		freemem(ctx, *slot, *len);
		*slot = copy;
		*len = r->data_len;
		*key_id = r->new_key_id;
		copy = NULL;
		rc = SSC_OK;
	}
	pthread_mutex_unlock(&db->lock);
	if (copy)
		freemem(ctx, copy, r->data_len);
	if (rc == SSC_ECONFLICT)
		ssc__error_setf(SSC_ECONFLICT, SSC_ERROR_CLASS_STORE,
				"row changed before it was re-sealed");
	return rc;
}

static void
mem_free(ssc_store_backend *be)
{
	struct memory_backend *mb = (struct memory_backend *)be;
	ssc_ctx *ctx;
	struct mdb **pp;
	bool last;

	if (!mb)
		return;
	pthread_mutex_lock(&registry_lock);
	last = --mb->db->refs == 0;
	if (last && mb->db->name)
		for (pp = &registry; *pp; pp = &(*pp)->next)
			if (*pp == mb->db) {
				*pp = mb->db->next;
				break;
			}
	pthread_mutex_unlock(&registry_lock);
	if (last)
		mdb_destroy(mb->db);
	ctx = mb->own_ctx;
	ssc__free(ctx, mb);
	ssc_ctx_free(ctx);
}

static const ssc_store_backend memory_methods = {
	.version = SSC_STORE_BACKEND_VERSION,
	.name = "memory",
	.query = mem_query,
	.commit = mem_commit,
	.free = mem_free,
	.reseal = mem_reseal,
};

ssc_status
ssc_store_backend_memory_new(ssc_store_backend **out, ssc_ctx *ctx,
			     const char *name)
{
	struct memory_backend *mb;
	struct mdb *db = NULL;

	if (!out || !ctx)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_backend_memory_new: NULL "
				       "argument");
	*out = NULL;
	if (name && *name == '\0')
		name = NULL;
	if (name && !ssc__store_text_ok(name, false))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "memory store name must be UTF-8 of at "
				       "most %d bytes", SSC_STORE_TEXT_MAX);
	mb = ssc__calloc(ctx, 1, sizeof(*mb));
	SSC__CHECK_ALLOC(mb);
	pthread_mutex_lock(&registry_lock);
	if (name)
		for (db = registry; db; db = db->next)
			if (strcmp(db->name, name) == 0)
				break;
	if (db) {
		db->refs++;
	} else {
		db = ssc__calloc(ctx, 1, sizeof(*db));
		if (db && name && !(db->name = ssc__strdup(ctx, name))) {
			ssc__free(ctx, db);
			db = NULL;
		}
		if (db) {
			pthread_mutex_init(&db->lock, NULL);
			db->refs = 1;
			db->ctx = ssc_ctx_ref(ctx);
			if (name) {
				db->next = registry;
				registry = db;
			}
		}
	}
	pthread_mutex_unlock(&registry_lock);
	if (!db) {
		ssc__free(ctx, mb);
		return ssc_error_set_oom();
	}
	mb->parent = memory_methods;
	mb->own_ctx = ssc_ctx_ref(ctx);
	mb->db = db;
	*out = &mb->parent;
	return SSC_OK;
}
