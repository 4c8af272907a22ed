/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The store front-end (socialcard/store.h): URI opening, validation of
 * every input, sealing and opening of values (store/crypt.h), the blind
 * index, transactions, keyset-paged iterators and the re-encryption pass.
 * Backends below it see only sealed values and validated fields.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>
#include <uuid/uuid.h>

#include "context_int.h"
#include "crypto/key_provider.h"
#include "store/crypt.h"
#include "store/store.h"

struct ssc_store {
	ssc_ctx *ctx;
	ssc_store_backend *be;
	ssc__crypt *crypt;
	unsigned int page_size;
};

/* ---- shared helpers ------------------------------------------------- */

bool
ssc__store_text_ok(const char *s, bool allow_empty)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;

	if (!s)
		return false;
	len = strlen(s);
	if (len > SSC_STORE_TEXT_MAX || (len == 0 && !allow_empty))
		return false;
	while (*p) {
		unsigned int c = *p, need, cp, min;
		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			need = 1; cp = c & 0x1F; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			need = 2; cp = c & 0x0F; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			need = 3; cp = c & 0x07; min = 0x10000;
		} else {
			return false;
		}
		p++;
		while (need--) {
			if ((*p & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (*p & 0x3F);
			p++;
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
	}
	return true;
}

bool
ssc__store_uuid_ok(const char *s)
{
	uuid_t u;
	size_t i;

	if (!s || strlen(s) != 36 || uuid_parse(s, u) != 0)
		return false;
	/* Lowercase only: every backend returns the same text it got. */
	for (i = 0; i < 36; i++)
		if (s[i] >= 'A' && s[i] <= 'F')
			return false;
	return true;
}

void
ssc__store_backoff(unsigned int attempt)
{
	struct timespec ts;
	unsigned int ms = 1u << (attempt > 6 ? 6 : attempt);
	unsigned char r = 0;

	if (RAND_bytes(&r, 1) != 1)
		r = 0;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)ms * 1000000L + (long)(r % 100) * 10000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static ssc_status
bad_text(const char *what)
{
	return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
			       "%s must be UTF-8 text of 1..%d bytes", what,
			       SSC_STORE_TEXT_MAX);
}

static ssc_status
check_data(const char *what, const uint8_t *p, size_t len)
{
	if (len > SSC_STORE_DATA_MAX)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "%s of %zu bytes exceeds the limit of "
				       "%d", what, len, SSC_STORE_DATA_MAX);
	if (len && !p)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "%s is NULL with a length", what);
	return SSC_OK;
}

static bool
level_ok(int level)
{
	return level >= SSC_INVALID_LEVEL_NATIONAL &&
	       level <= SSC_INVALID_LEVEL_MUNICIPAL;
}

/* ---- packed copies -------------------------------------------------- */

/* One allocation holding several strings and byte strings: a header
 * (size for wiping, and the allocator, so that a dispose function needs no
 * context), then each piece NUL-terminated. */
struct piece {
	const void *src; /* NULL: absent (dst set to NULL) */
	size_t len;
	const void **dst;
};

struct owner_hdr {
	size_t total;
	ssc_realloc_fn fn;
	void *payload;
};

static ssc_status
pack(void **owner, const ssc_ctx *ctx, struct piece *pc, size_t n)
{
	struct owner_hdr h;
	size_t i;
	char *blk, *p;

	h.total = sizeof(h);
	for (i = 0; i < n; i++)
		if (pc[i].src)
			h.total += pc[i].len + 1;
	ssc__ctx_allocator(ctx, &h.fn, &h.payload);
	blk = h.fn(NULL, h.total, h.payload);
	SSC__CHECK_ALLOC(blk);
	memcpy(blk, &h, sizeof(h));
	p = blk + sizeof(h);
	for (i = 0; i < n; i++) {
		if (!pc[i].src) {
			*pc[i].dst = NULL;
			continue;
		}
		if (pc[i].len)
			memcpy(p, pc[i].src, pc[i].len);
		p[pc[i].len] = '\0';
		*pc[i].dst = p;
		p += pc[i].len + 1;
	}
	*owner = blk;
	return SSC_OK;
}

static void
unpack(void *owner)
{
	struct owner_hdr h;

	if (!owner)
		return;
	memcpy(&h, owner, sizeof(h));
	ssc__wipe(owner, h.total);
	h.fn(owner, 0, h.payload);
}

#define STR(s) (s), ((s) ? strlen(s) : 0)

/* A card row from a backend into out, opening the record. */
static ssc_status
copy_card(ssc_store_card *out, const ssc_store *st, const ssc_store_card *in)
{
	ssc_buf plain = SSC_BUF_INIT;
	ssc_status rc;
	void *owner = NULL;

	if ((rc = ssc__crypt_open(&plain, st->crypt, SSC__SEAL_CARD,
				  in->card_id, in->record, in->record_len)) < 0)
		return rc;
	struct piece pc[] = {
		{ STR(in->card_id), (const void **)&out->card_id },
		{ STR(in->card_number), (const void **)&out->card_number },
		{ STR(in->region), (const void **)&out->region },
		{ in->holder_index, in->holder_index_len,
		  (const void **)&out->holder_index },
		{ plain.ptr ? plain.ptr : "", plain.size,
		  (const void **)&out->record },
	};
	rc = pack(&owner, st->ctx, pc, SSC__ARRAY_SIZE(pc));
	ssc_buf_dispose(&plain);
	if (rc < 0)
		return rc;
	out->holder_id = NULL;
	out->holder_index_len = in->holder_index_len;
	out->state = in->state;
	out->revision = in->revision;
	out->record_len = pc[4].len;
	out->key_id = in->key_id;
	out->owner = owner;
	return SSC_OK;
}

static ssc_status
copy_journal(ssc_store_journal_entry *out, void **owner, const ssc_store *st,
	     const ssc_store_journal_entry *in)
{
	ssc_buf plain = SSC_BUF_INIT;
	ssc_status rc;

	if ((rc = ssc__crypt_open(&plain, st->crypt, SSC__SEAL_JOURNAL,
				  in->entry_id, in->data, in->data_len)) < 0)
		return rc;
	struct piece pc[] = {
		{ STR(in->entry_id), (const void **)&out->entry_id },
		{ STR(in->card_id), (const void **)&out->card_id },
		{ STR(in->request_id), (const void **)&out->request_id },
		{ STR(in->service), (const void **)&out->service },
		{ in->hash ? (const void *)in->hash : "", in->hash_len,
		  (const void **)&out->hash },
		{ plain.ptr ? plain.ptr : "", plain.size,
		  (const void **)&out->data },
	};
	rc = pack(owner, st->ctx, pc, SSC__ARRAY_SIZE(pc));
	ssc_buf_dispose(&plain);
	if (rc < 0)
		return rc;
	out->version = SSC_STORE_JOURNAL_ENTRY_VERSION;
	out->sequence = in->sequence;
	out->time_ms = in->time_ms;
	out->hash_len = in->hash_len;
	out->data_len = pc[5].len;
	out->key_id = in->key_id;
	return SSC_OK;
}

static ssc_status
copy_invalid(ssc_store_invalid_entry *out, const ssc_store *st,
	     const ssc_store_invalid_entry *in)
{
	void *owner = NULL;
	ssc_status rc;
	struct piece pc[] = {
		{ STR(in->region), (const void **)&out->region },
		{ STR(in->card_number), (const void **)&out->card_number },
		{ STR(in->card_id), (const void **)&out->card_id },
		{ STR(in->reason), (const void **)&out->reason },
	};

	if ((rc = pack(&owner, st->ctx, pc, SSC__ARRAY_SIZE(pc))) < 0)
		return rc;
	out->level = in->level;
	out->time_ms = in->time_ms;
	out->owner = owner;
	return SSC_OK;
}

/* ---- init functions ------------------------------------------------- */

#define DEFINE_INIT(fn, type, cur, name)                                       \
	ssc_status fn(type *p, unsigned int version)                           \
	{                                                                      \
		ssc_status rc;                                                 \
		if (!p)                                                        \
			return ssc__error_setf(SSC_EINVAL,                     \
					       SSC_ERROR_CLASS_INVALID,        \
					       "NULL " name);                  \
		if ((rc = ssc__check_version(version, cur, name)) < 0)         \
			return rc;                                             \
		memset(p, 0, sizeof(*p));                                      \
		p->version = version;                                          \
		return SSC_OK;                                                 \
	}

/* sizeof each released version of ssc_store_options */
static size_t
store_options_size(unsigned int version)
{
	return version >= 2 ? sizeof(ssc_store_options)
			    : offsetof(ssc_store_options, data_key_name);
}

ssc_status
ssc_store_options_init(ssc_store_options *p, unsigned int version)
{
	ssc_status rc;

	if (!p)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "NULL ssc_store_options");
	if ((rc = ssc__check_version(version, SSC_STORE_OPTIONS_VERSION,
				     "ssc_store_options")) < 0)
		return rc;
	memset(p, 0, store_options_size(version));
	p->version = version;
	return SSC_OK;
}

/* Copy caller options of any accepted version into the current layout. */
static ssc_status
read_options(ssc_store_options *o, const ssc_store_options *opts)
{
	ssc_status rc;

	memset(o, 0, sizeof(*o));
	o->version = SSC_STORE_OPTIONS_VERSION;
	if (!opts)
		return SSC_OK;
	if ((rc = ssc__check_version(opts->version, SSC_STORE_OPTIONS_VERSION,
				     "ssc_store_options")) < 0)
		return rc;
	memcpy(o, opts, store_options_size(opts->version));
	return SSC_OK;
}
DEFINE_INIT(ssc_store_card_init, ssc_store_card, SSC_STORE_CARD_VERSION,
	    "ssc_store_card")
DEFINE_INIT(ssc_store_journal_entry_init, ssc_store_journal_entry,
	    SSC_STORE_JOURNAL_ENTRY_VERSION, "ssc_store_journal_entry")
DEFINE_INIT(ssc_store_invalid_entry_init, ssc_store_invalid_entry,
	    SSC_STORE_INVALID_ENTRY_VERSION, "ssc_store_invalid_entry")
DEFINE_INIT(ssc_store_mirror_init, ssc_store_mirror, SSC_STORE_MIRROR_VERSION,
	    "ssc_store_mirror")

/* ---- opening -------------------------------------------------------- */

ssc_status
ssc_store_new(ssc_store **out, ssc_ctx *ctx, ssc_store_backend *be,
	      const ssc_store_options *opts)
{
	ssc_store_options o;
	uint8_t rnd_data[SSC_STORE_KEY_LEN], rnd_index[SSC_STORE_KEY_LEN];
	const uint8_t *dk, *ik;
	ssc_store *st;
	ssc_status rc;

	if (!out || !ctx || !be)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_new: NULL argument");
	*out = NULL;
	if ((rc = ssc__check_version(be->version, SSC_STORE_BACKEND_VERSION,
				     "ssc_store_backend")) < 0)
		return rc;
	if (!be->query || !be->commit || !be->free || !be->name)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "store backend lacks a required method");
	if (be->ctx)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "store backend %s is already registered",
				       be->name);
	if ((rc = read_options(&o, opts)) < 0)
		return rc;
	if (o.flags)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "reserved store flags must be 0");
	dk = o.data_key;
	ik = o.index_key;
	if ((dk && o.data_key_len != SSC_STORE_KEY_LEN) ||
	    (ik && o.index_key_len != SSC_STORE_KEY_LEN))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "store keys must be %d bytes",
				       SSC_STORE_KEY_LEN);
	if ((dk && o.data_key_name) || (ik && o.index_key_name))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "give each store key either as bytes "
				       "or as a provider key name, not both");
	if ((!dk && !o.data_key_name) || (!ik && !o.index_key_name)) {
		/* Only a volatile store may run on throw-away keys. */
		if (strcmp(be->name, "memory") != 0)
			return ssc__error_setf(SSC_ENOKEY,
					       SSC_ERROR_CLASS_CRYPTO,
					       "store backend %s needs a data "
					       "key and an index key",
					       be->name);
		if (RAND_bytes(rnd_data, sizeof(rnd_data)) != 1 ||
		    RAND_bytes(rnd_index, sizeof(rnd_index)) != 1)
			return ssc__error_setf(SSC_ECRYPTO,
					       SSC_ERROR_CLASS_CRYPTO,
					       "RAND_bytes failed");
		if (!dk && !o.data_key_name)
			dk = rnd_data;
		if (!ik && !o.index_key_name)
			ik = rnd_index;
	}
	st = ssc__calloc(ctx, 1, sizeof(*st));
	if (!st) {
		ssc__wipe(rnd_data, sizeof(rnd_data));
		ssc__wipe(rnd_index, sizeof(rnd_index));
		return ssc_error_set_oom();
	}
	rc = ssc__crypt_new_ex(&st->crypt, ctx, o.cipher, o.data_key_id, dk,
			       dk ? NULL : o.data_key_name, ik,
			       ik ? NULL : o.index_key_name);
	ssc__wipe(rnd_data, sizeof(rnd_data));
	ssc__wipe(rnd_index, sizeof(rnd_index));
	if (rc < 0) {
		ssc__free(ctx, st);
		return rc;
	}
	st->ctx = ssc_ctx_ref(ctx);
	st->be = be;
	st->page_size = o.page_size ? o.page_size : 256;
	be->ctx = ctx;
	*out = st;
	return SSC_OK;
}

/* Before a persistent backend is touched: both keys are given, and named
 * keys exist in the context's provider, so a mistake creates no file and
 * no schema. */
static ssc_status
check_keys_early(ssc_ctx *ctx, const ssc_store_options *opts)
{
	ssc_store_options o;
	ssc_key_provider *kp = ssc_ctx_key_provider(ctx);
	const char *names[2];
	ssc_status rc;
	size_t i, len = 0;
	int type = 0;

	if ((rc = read_options(&o, opts)) < 0)
		return rc;
	if ((!o.data_key && !o.data_key_name) ||
	    (!o.index_key && !o.index_key_name))
		return ssc__error_setf(SSC_ENOKEY, SSC_ERROR_CLASS_CRYPTO,
				       "a persistent store needs a data key "
				       "and an index key");
	names[0] = o.data_key ? NULL : o.data_key_name;
	names[1] = o.index_key ? NULL : o.index_key_name;
	for (i = 0; i < 2; i++) {
		if (!names[i])
			continue;
		if (!kp)
			return ssc__error_setf(SSC_ENOKEY,
					       SSC_ERROR_CLASS_CRYPTO,
					       "store key \"%s\" names a "
					       "provider key, but the context "
					       "has no key provider", names[i]);
		if ((rc = ssc__kp_key_info(kp, &type, &len, names[i])) < 0)
			return rc;
	}
	return SSC_OK;
}

ssc_status
ssc_store_open(ssc_store **out, ssc_ctx *ctx, const char *uri,
	       const ssc_store_options *opts)
{
	ssc_store_backend *be = NULL;
	ssc_status rc;

	if (!out || !ctx || !uri)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_open: NULL argument");
	*out = NULL;
	if (opts && (rc = ssc__check_version(opts->version,
					     SSC_STORE_OPTIONS_VERSION,
					     "ssc_store_options")) < 0)
		return rc;
	/* Refuse a persistent store without keys before touching it, so a
	 * mistake creates no file and no schema. */
	if ((strncmp(uri, "sqlite:", 7) == 0 ||
	     strncmp(uri, "postgresql:", 11) == 0 ||
	     strncmp(uri, "postgres://", 11) == 0) &&
	    (rc = check_keys_early(ctx, opts)) < 0)
		return rc;
	if (strncmp(uri, "memory:", 7) == 0) {
		rc = ssc_store_backend_memory_new(&be, ctx, uri + 7);
	} else if (strncmp(uri, "sqlite:", 7) == 0) {
		rc = ssc_store_backend_sqlite_new(&be, ctx, uri + 7, opts);
	} else if (strncmp(uri, "postgresql://", 13) == 0 ||
		   strncmp(uri, "postgres://", 11) == 0) {
		rc = ssc_store_backend_postgresql_new(&be, ctx, uri, opts);
	} else if (strncmp(uri, "postgresql:", 11) == 0) {
		rc = ssc_store_backend_postgresql_new(&be, ctx, uri + 11, opts);
	} else {
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown store URI scheme (memory:, "
				       "sqlite:, postgresql:)");
	}
	if (rc < 0)
		return rc;
	if ((rc = ssc_store_new(out, ctx, be, opts)) < 0) {
		ssc__error_saved saved;
		ssc__error_save(&saved);
		be->free(be);
		ssc__error_restore(&saved);
	}
	return rc;
}

void
ssc_store_free(ssc_store *st)
{
	ssc_ctx *ctx;

	if (!st)
		return;
	ctx = st->ctx;
	st->be->free(st->be);
	ssc__crypt_free(st->crypt);
	ssc__free(ctx, st);
	ssc_ctx_free(ctx);
}

const char *
ssc_store_backend_name(const ssc_store *st)
{
	return st ? st->be->name : NULL;
}

ssc_store_backend *
ssc_store_backend_of(ssc_store *st)
{
	return st ? st->be : NULL;
}

ssc_status
ssc_store_add_old_key(ssc_store *st, uint32_t key_id, const uint8_t *key,
		      size_t key_len)
{
	if (!st || !key || key_len != SSC_STORE_KEY_LEN)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "an old key must be %d bytes",
				       SSC_STORE_KEY_LEN);
	return ssc__crypt_add_key(st->crypt, key_id, key);
}

ssc_status
ssc_store_add_old_key_name(ssc_store *st, uint32_t key_id,
			   const char *key_name)
{
	if (!st || !key_name)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_add_old_key_name: NULL "
				       "argument");
	return ssc__crypt_add_key_name(st->crypt, key_id, key_name);
}

ssc_status
ssc_store_holder_index(uint8_t out[SSC_STORE_HOLDER_INDEX_LEN],
		       const ssc_store *st, const char *id_number)
{
	if (!out || !st || !id_number)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_holder_index: NULL argument");
	return ssc__crypt_blind(out, st->crypt, id_number);
}

/* ---- single-row loads ----------------------------------------------- */

struct load_state {
	const ssc_store *st;
	void *out;
	int found;
};

static ssc_status
load_card_cb(const ssc_store_row *row, void *payload)
{
	struct load_state *ls = payload;
	ssc_status rc;

	if (!row->card)
		return ssc__error_setf(SSC_ESTORE, SSC_ERROR_CLASS_BACKEND,
				       "backend returned a row of the wrong "
				       "kind");
	if (ls->found++)
		return SSC_OK;
	rc = copy_card(ls->out, ls->st, row->card);
	if (rc < 0)
		ls->found = 0;
	return rc;
}

static ssc_status
check_out_version(unsigned int version, unsigned int cur, const char *name)
{
	return ssc__check_version(version, cur, name);
}

static ssc_status
load_card(ssc_store_card *out, ssc_store *st, int kind, const char *key)
{
	ssc_store_query q = { SSC_STORE_QUERY_VERSION, 0, NULL, NULL, 0, -1,
			      NULL, 0, NULL, 0, 1, 0 };
	struct load_state ls = { st, NULL, 0 };
	ssc_store_card tmp;
	ssc_status rc;

	if (!out || !st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "load: NULL argument");
	if ((rc = check_out_version(out->version, SSC_STORE_CARD_VERSION,
				    "ssc_store_card")) < 0)
		return rc;
	memset(&tmp, 0, sizeof(tmp));
	tmp.version = out->version;
	q.kind = kind;
	q.key = key;
	ls.out = &tmp;
	if ((rc = st->be->query(st->be, &q, load_card_cb, &ls)) < 0) {
		if (ls.found)
			unpack(tmp.owner);
		return rc;
	}
	if (!ls.found)
		return ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_STORE,
				       "no such card");
	ssc_store_card_dispose(out);
	*out = tmp;
	return SSC_OK;
}

ssc_status
ssc_store_load_by_id(ssc_store_card *out, ssc_store *st, const char *card_id)
{
	if (!ssc__store_uuid_ok(card_id))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "card id must be a lowercase UUID");
	return load_card(out, st, SSC_STORE_Q_CARD_BY_ID, card_id);
}

ssc_status
ssc_store_load_by_number(ssc_store_card *out, ssc_store *st,
			 const char *card_number)
{
	if (!ssc__store_text_ok(card_number, false))
		return bad_text("card number");
	return load_card(out, st, SSC_STORE_Q_CARD_BY_NUMBER, card_number);
}

void
ssc_store_card_dispose(ssc_store_card *card)
{
	unsigned int v;

	if (!card || !card->owner)
		return;
	v = card->version;
	unpack(card->owner);
	memset(card, 0, sizeof(*card));
	card->version = v;
}

void
ssc_store_invalid_entry_dispose(ssc_store_invalid_entry *e)
{
	unsigned int v;

	if (!e || !e->owner)
		return;
	v = e->version;
	unpack(e->owner);
	memset(e, 0, sizeof(*e));
	e->version = v;
}

void
ssc_store_mirror_dispose(ssc_store_mirror *m)
{
	unsigned int v;

	if (!m || !m->owner)
		return;
	v = m->version;
	unpack(m->owner);
	memset(m, 0, sizeof(*m));
	m->version = v;
}

static ssc_status
query_one(ssc_store *st, ssc_store_query *q, ssc_store_row_fn fn, void *p)
{
	q->version = SSC_STORE_QUERY_VERSION;
	q->state = -1;
	q->limit = 1;
	return st->be->query(st->be, q, fn, p);
}

static ssc_status
request_cb(const ssc_store_row *row, void *payload)
{
	struct load_state *ls = payload;
	ssc_status rc;

	if (!row->request)
		return ssc__error_setf(SSC_ESTORE, SSC_ERROR_CLASS_BACKEND,
				       "backend returned a row of the wrong "
				       "kind");
	if (ls->found)
		return SSC_OK;
	rc = ssc__crypt_open(ls->out, ls->st->crypt, SSC__SEAL_REQUEST,
			     row->request->request_id, row->request->result,
			     row->request->result_len);
	if (rc == SSC_OK)
		ls->found = 1;
	return rc;
}

ssc_status
ssc_store_request_lookup(ssc_buf *out, ssc_store *st, const char *request_id)
{
	ssc_store_query q;
	ssc_buf tmp = SSC_BUF_INIT;
	struct load_state ls = { st, &tmp, 0 };
	ssc_status rc;

	if (!out || !st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_request_lookup: NULL "
				       "argument");
	if (!ssc__store_text_ok(request_id, false))
		return bad_text("request id");
	memset(&q, 0, sizeof(q));
	q.kind = SSC_STORE_Q_REQUEST;
	q.key = request_id;
	if ((rc = query_one(st, &q, request_cb, &ls)) < 0) {
		ssc_buf_dispose(&tmp);
		return rc;
	}
	if (!ls.found)
		return ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_STORE,
				       "request id not recorded");
	ssc_buf_dispose(out);
	*out = tmp;
	return SSC_OK;
}

static ssc_status
invalid_cb(const ssc_store_row *row, void *payload)
{
	struct load_state *ls = payload;
	ssc_status rc;

	if (!row->invalid)
		return ssc__error_setf(SSC_ESTORE, SSC_ERROR_CLASS_BACKEND,
				       "backend returned a row of the wrong "
				       "kind");
	if (ls->found)
		return SSC_OK;
	rc = copy_invalid(ls->out, ls->st, row->invalid);
	if (rc == SSC_OK)
		ls->found = 1;
	return rc;
}

ssc_status
ssc_store_invalid_lookup(ssc_store_invalid_entry *out, ssc_store *st,
			 int level, const char *region,
			 const char *card_number)
{
	ssc_store_invalid_entry tmp;
	struct load_state ls = { st, &tmp, 0 };
	ssc_store_query q;
	ssc_status rc;

	if (!out || !st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_invalid_lookup: NULL "
				       "argument");
	if ((rc = check_out_version(out->version,
				    SSC_STORE_INVALID_ENTRY_VERSION,
				    "ssc_store_invalid_entry")) < 0)
		return rc;
	if (!level_ok(level))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown invalid-list level %d", level);
	if (!region)
		region = "";
	if (!ssc__store_text_ok(region, true))
		return bad_text("region");
	if (!ssc__store_text_ok(card_number, false))
		return bad_text("card number");
	memset(&tmp, 0, sizeof(tmp));
	tmp.version = out->version;
	memset(&q, 0, sizeof(q));
	q.kind = SSC_STORE_Q_INVALID_ONE;
	q.level = level;
	q.region = region;
	q.key = card_number;
	if ((rc = query_one(st, &q, invalid_cb, &ls)) < 0) {
		if (ls.found)
			unpack(tmp.owner);
		return rc;
	}
	if (!ls.found)
		return ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_STORE,
				       "card number not on that list");
	ssc_store_invalid_entry_dispose(out);
	*out = tmp;
	return SSC_OK;
}

static ssc_status
mirror_cb(const ssc_store_row *row, void *payload)
{
	struct load_state *ls = payload;
	ssc_store_mirror *out = ls->out;
	const ssc_store_mirror *in = row->mirror;
	ssc_buf plain = SSC_BUF_INIT;
	void *owner = NULL;
	ssc_status rc;

	if (!in)
		return ssc__error_setf(SSC_ESTORE, SSC_ERROR_CLASS_BACKEND,
				       "backend returned a row of the wrong "
				       "kind");
	if (ls->found)
		return SSC_OK;
	if ((rc = ssc__crypt_open(&plain, ls->st->crypt, SSC__SEAL_MIRROR,
				  in->card_id, in->data, in->data_len)) < 0)
		return rc;
	struct piece pc[] = {
		{ STR(in->card_id), (const void **)&out->card_id },
		{ plain.ptr ? plain.ptr : "", plain.size,
		  (const void **)&out->data },
	};
	rc = pack(&owner, ls->st->ctx, pc, SSC__ARRAY_SIZE(pc));
	ssc_buf_dispose(&plain);
	if (rc < 0)
		return rc;
	out->state = in->state;
	out->time_ms = in->time_ms;
	out->data_len = pc[1].len;
	out->key_id = in->key_id;
	out->owner = owner;
	ls->found = 1;
	return SSC_OK;
}

ssc_status
ssc_store_mirror_load(ssc_store_mirror *out, ssc_store *st,
		      const char *card_id)
{
	ssc_store_mirror tmp;
	struct load_state ls = { st, &tmp, 0 };
	ssc_store_query q;
	ssc_status rc;

	if (!out || !st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_mirror_load: NULL argument");
	if ((rc = check_out_version(out->version, SSC_STORE_MIRROR_VERSION,
				    "ssc_store_mirror")) < 0)
		return rc;
	if (!ssc__store_uuid_ok(card_id))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "card id must be a lowercase UUID");
	memset(&tmp, 0, sizeof(tmp));
	tmp.version = out->version;
	memset(&q, 0, sizeof(q));
	q.kind = SSC_STORE_Q_MIRROR;
	q.key = card_id;
	if ((rc = query_one(st, &q, mirror_cb, &ls)) < 0) {
		if (ls.found)
			unpack(tmp.owner);
		return rc;
	}
	if (!ls.found)
		return ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_STORE,
				       "card has no e-card mirror");
	ssc_store_mirror_dispose(out);
	*out = tmp;
	return SSC_OK;
}

/* ---- transactions --------------------------------------------------- */

struct ssc_store_txn {
	ssc_store *st;
	bool has_card;
	ssc_store_card card;
	void *card_owner;
	int64_t base_revision;
	uint8_t holder_index[SSC_STORE_HOLDER_INDEX_LEN];

	ssc_store_journal_entry *journal;
	void **journal_owner;
	size_t n_journal, cap_journal;

	ssc_store_invalid_entry *inv_add;
	size_t n_inv_add, cap_inv_add;
	ssc_store_invalid_entry *inv_rm;
	size_t n_inv_rm, cap_inv_rm;

	bool has_mirror;
	ssc_store_mirror mirror;

	bool has_request;
	ssc_store_request request;
	void *request_owner;
};

ssc_status
ssc_store_txn_new(ssc_store_txn **out, ssc_store *st)
{
	ssc_store_txn *t;

	if (!out || !st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_txn_new: NULL argument");
	t = ssc__calloc(st->ctx, 1, sizeof(*t));
	SSC__CHECK_ALLOC(t);
	t->st = st;
	*out = t;
	return SSC_OK;
}

void
ssc_store_txn_free(ssc_store_txn *t)
{
	const ssc_ctx *ctx;
	size_t i;

	if (!t)
		return;
	ctx = t->st->ctx;
	unpack(t->card_owner);
	for (i = 0; i < t->n_journal; i++)
		unpack(t->journal_owner[i]);
	ssc__free(ctx, t->journal);
	ssc__free(ctx, t->journal_owner);
	for (i = 0; i < t->n_inv_add; i++)
		unpack(t->inv_add[i].owner);
	ssc__free(ctx, t->inv_add);
	for (i = 0; i < t->n_inv_rm; i++)
		unpack(t->inv_rm[i].owner);
	ssc__free(ctx, t->inv_rm);
	unpack(t->mirror.owner);
	unpack(t->request_owner);
	ssc__wipe(t, sizeof(*t));
	ssc__free(ctx, t);
}

static ssc_status
grow(const ssc_ctx *ctx, void **arr, size_t *cap, size_t n, size_t elem)
{
	void *p;
	size_t ncap;

	if (n < *cap)
		return SSC_OK;
	ncap = *cap ? *cap * 2 : 4;
	p = ssc__realloc(ctx, *arr, ncap * elem);
	SSC__CHECK_ALLOC(p);
	*arr = p;
	*cap = ncap;
	return SSC_OK;
}

ssc_status
ssc_store_txn_set_card(ssc_store_txn *t, const ssc_store_card *c,
		       int64_t base_revision)
{
	uint8_t idx[SSC_STORE_HOLDER_INDEX_LEN];
	ssc_store_card tmp;
	void *owner = NULL;
	ssc_status rc;

	if (!t || !c)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_txn_set_card: NULL argument");
	if ((rc = ssc__check_version(c->version, SSC_STORE_CARD_VERSION,
				     "ssc_store_card")) < 0)
		return rc;
	if (!ssc__store_uuid_ok(c->card_id))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "card id must be a lowercase UUID");
	if (!ssc__store_text_ok(c->card_number, false))
		return bad_text("card number");
	if (!ssc__store_text_ok(c->region, false))
		return bad_text("region");
	if (base_revision < 0 || base_revision == INT64_MAX)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "base revision out of range");
	if ((rc = check_data("card record", c->record, c->record_len)) < 0)
		return rc;
	if (c->holder_id) {
		if ((rc = ssc__crypt_blind(idx, t->st->crypt,
					   c->holder_id)) < 0)
			return rc;
	} else if (c->holder_index &&
		   c->holder_index_len == SSC_STORE_HOLDER_INDEX_LEN) {
		memcpy(idx, c->holder_index, sizeof(idx));
	} else {
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "card needs holder_id or a %d-byte "
				       "holder_index",
				       SSC_STORE_HOLDER_INDEX_LEN);
	}
	memset(&tmp, 0, sizeof(tmp));
	tmp.version = SSC_STORE_CARD_VERSION;
	struct piece pc[] = {
		{ STR(c->card_id), (const void **)&tmp.card_id },
		{ STR(c->card_number), (const void **)&tmp.card_number },
		{ STR(c->region), (const void **)&tmp.region },
		{ c->record ? (const void *)c->record : "", c->record_len,
		  (const void **)&tmp.record },
	};
	if ((rc = pack(&owner, t->st->ctx, pc, SSC__ARRAY_SIZE(pc))) < 0)
		return rc;
	tmp.state = c->state;
	tmp.record_len = c->record_len;
	unpack(t->card_owner);
	t->card = tmp;
	t->card_owner = owner;
	memcpy(t->holder_index, idx, sizeof(idx));
	t->card.holder_index = t->holder_index;
	t->card.holder_index_len = sizeof(t->holder_index);
	t->base_revision = base_revision;
	t->has_card = true;
	ssc__wipe(idx, sizeof(idx));
	return SSC_OK;
}

ssc_status
ssc_store_txn_add_journal(ssc_store_txn *t, const ssc_store_journal_entry *e)
{
	ssc_store_journal_entry tmp;
	void *owner = NULL;
	ssc_status rc;

	if (!t || !e)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_txn_add_journal: NULL "
				       "argument");
	if ((rc = ssc__check_version(e->version,
				     SSC_STORE_JOURNAL_ENTRY_VERSION,
				     "ssc_store_journal_entry")) < 0)
		return rc;
	if (!ssc__store_uuid_ok(e->entry_id) || !ssc__store_uuid_ok(e->card_id))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "journal entry and card ids must be "
				       "UUIDs");
	if (e->sequence < 1)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "journal sequence must be >= 1");
	if (!ssc__store_text_ok(e->service, false))
		return bad_text("journal service");
	if (e->request_id && !ssc__store_text_ok(e->request_id, false))
		return bad_text("journal request id");
	if (e->hash_len > 64 || (e->hash_len && !e->hash))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "journal hash must be 0..64 bytes");
	if ((rc = check_data("journal data", e->data, e->data_len)) < 0)
		return rc;
	if ((rc = grow(t->st->ctx, (void **)&t->journal, &t->cap_journal,
		       t->n_journal, sizeof(*t->journal))) < 0)
		return rc;
	{
		size_t cap = t->cap_journal;
		void *p = ssc__realloc(t->st->ctx, t->journal_owner,
				       cap * sizeof(void *));
		SSC__CHECK_ALLOC(p);
		t->journal_owner = p;
	}
	memset(&tmp, 0, sizeof(tmp));
	tmp.version = SSC_STORE_JOURNAL_ENTRY_VERSION;
	struct piece pc[] = {
		{ STR(e->entry_id), (const void **)&tmp.entry_id },
		{ STR(e->card_id), (const void **)&tmp.card_id },
		{ STR(e->request_id), (const void **)&tmp.request_id },
		{ STR(e->service), (const void **)&tmp.service },
		{ e->hash ? (const void *)e->hash : "", e->hash_len,
		  (const void **)&tmp.hash },
		{ e->data ? (const void *)e->data : "", e->data_len,
		  (const void **)&tmp.data },
	};
	if ((rc = pack(&owner, t->st->ctx, pc, SSC__ARRAY_SIZE(pc))) < 0)
		return rc;
	tmp.sequence = e->sequence;
	tmp.time_ms = e->time_ms;
	tmp.hash_len = e->hash_len;
	tmp.data_len = e->data_len;
	t->journal[t->n_journal] = tmp;
	t->journal_owner[t->n_journal] = owner;
	t->n_journal++;
	return SSC_OK;
}

static ssc_status
add_invalid(ssc_store_invalid_entry **arr, size_t *n, size_t *cap,
	    const ssc_ctx *ctx, int level, const char *region,
	    const char *card_number, const char *card_id, int64_t time_ms,
	    const char *reason)
{
	ssc_store_invalid_entry tmp;
	void *owner = NULL;
	ssc_status rc;

	if (!level_ok(level))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown invalid-list level %d", level);
	if (!region)
		region = "";
	if (!ssc__store_text_ok(region, true))
		return bad_text("invalid-list region");
	if ((level == SSC_INVALID_LEVEL_NATIONAL) != (region[0] == '\0'))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "the national list has no region; "
				       "the others need one");
	if (!ssc__store_text_ok(card_number, false))
		return bad_text("invalid-list card number");
	if (card_id && !ssc__store_uuid_ok(card_id))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "invalid-list card id must be a UUID");
	if (reason && !ssc__store_text_ok(reason, true))
		return bad_text("invalid-list reason");
	if ((rc = grow(ctx, (void **)arr, cap, *n, sizeof(**arr))) < 0)
		return rc;
	memset(&tmp, 0, sizeof(tmp));
	tmp.version = SSC_STORE_INVALID_ENTRY_VERSION;
	struct piece pc[] = {
		{ STR(region), (const void **)&tmp.region },
		{ STR(card_number), (const void **)&tmp.card_number },
		{ STR(card_id), (const void **)&tmp.card_id },
		{ STR(reason), (const void **)&tmp.reason },
	};
	if ((rc = pack(&owner, ctx, pc, SSC__ARRAY_SIZE(pc))) < 0)
		return rc;
	tmp.level = level;
	tmp.time_ms = time_ms;
	tmp.owner = owner;
	(*arr)[(*n)++] = tmp;
	return SSC_OK;
}

ssc_status
ssc_store_txn_add_invalid(ssc_store_txn *t, const ssc_store_invalid_entry *e)
{
	ssc_status rc;

	if (!t || !e)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_txn_add_invalid: NULL "
				       "argument");
	if ((rc = ssc__check_version(e->version,
				     SSC_STORE_INVALID_ENTRY_VERSION,
				     "ssc_store_invalid_entry")) < 0)
		return rc;
	if (!e->card_id)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "invalid-list entry needs a card id");
	return add_invalid(&t->inv_add, &t->n_inv_add, &t->cap_inv_add,
			   t->st->ctx, e->level, e->region, e->card_number,
			   e->card_id, e->time_ms, e->reason);
}

ssc_status
ssc_store_txn_remove_invalid(ssc_store_txn *t, int level, const char *region,
			     const char *card_number)
{
	if (!t)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_txn_remove_invalid: NULL "
				       "argument");
	return add_invalid(&t->inv_rm, &t->n_inv_rm, &t->cap_inv_rm,
			   t->st->ctx, level, region, card_number, NULL, 0,
			   NULL);
}

ssc_status
ssc_store_txn_set_mirror(ssc_store_txn *t, const ssc_store_mirror *m)
{
	ssc_store_mirror tmp;
	void *owner = NULL;
	ssc_status rc;

	if (!t || !m)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_txn_set_mirror: NULL "
				       "argument");
	if ((rc = ssc__check_version(m->version, SSC_STORE_MIRROR_VERSION,
				     "ssc_store_mirror")) < 0)
		return rc;
	if (!ssc__store_uuid_ok(m->card_id))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "mirror card id must be a UUID");
	if ((rc = check_data("mirror data", m->data, m->data_len)) < 0)
		return rc;
	memset(&tmp, 0, sizeof(tmp));
	tmp.version = SSC_STORE_MIRROR_VERSION;
	struct piece pc[] = {
		{ STR(m->card_id), (const void **)&tmp.card_id },
		{ m->data ? (const void *)m->data : "", m->data_len,
		  (const void **)&tmp.data },
	};
	if ((rc = pack(&owner, t->st->ctx, pc, SSC__ARRAY_SIZE(pc))) < 0)
		return rc;
	tmp.state = m->state;
	tmp.time_ms = m->time_ms;
	tmp.data_len = m->data_len;
	tmp.owner = owner;
	unpack(t->mirror.owner);
	t->mirror = tmp;
	t->has_mirror = true;
	return SSC_OK;
}

ssc_status
ssc_store_txn_set_request(ssc_store_txn *t, const char *request_id,
			  const uint8_t *result, size_t result_len)
{
	ssc_store_request tmp;
	void *owner = NULL;
	ssc_status rc;

	if (!t)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_txn_set_request: NULL "
				       "argument");
	if (!ssc__store_text_ok(request_id, false))
		return bad_text("request id");
	if ((rc = check_data("request result", result, result_len)) < 0)
		return rc;
	memset(&tmp, 0, sizeof(tmp));
	tmp.version = SSC_STORE_REQUEST_VERSION;
	struct piece pc[] = {
		{ STR(request_id), (const void **)&tmp.request_id },
		{ result ? (const void *)result : "", result_len,
		  (const void **)&tmp.result },
	};
	if ((rc = pack(&owner, t->st->ctx, pc, SSC__ARRAY_SIZE(pc))) < 0)
		return rc;
	tmp.result_len = result_len;
	unpack(t->request_owner);
	t->request = tmp;
	t->request_owner = owner;
	t->has_request = true;
	return SSC_OK;
}

static void
dispose_bufs(ssc_buf *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ssc_buf_dispose(&b[i]);
}

ssc_status
ssc_store_commit(int64_t *out_revision, ssc_store *st, ssc_store_txn *t)
{
	ssc_store_changes c;
	ssc_store_card card;
	ssc_store_journal_entry *j = NULL;
	ssc_store_invalid_entry *ia = NULL;
	ssc_store_mirror mirror;
	ssc_store_request req;
	ssc_buf *sealed = NULL;
	size_t ns, i, k = 0;
	int64_t now;
	ssc_status rc;

	if (!st || !t || t->st != st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_commit: NULL argument or a "
				       "transaction of another store");
	if (!t->has_card)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "a transaction needs a card");
	for (i = 0; i < t->n_journal; i++)
		if (strcmp(t->journal[i].card_id, t->card.card_id) != 0)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "journal entry of another card");
	for (i = 0; i < t->n_inv_add; i++)
		if (strcmp(t->inv_add[i].card_id, t->card.card_id) != 0)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "invalid-list entry of another "
					       "card");
	if (t->has_mirror && strcmp(t->mirror.card_id, t->card.card_id) != 0)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "mirror of another card");
	ns = 1 + t->n_journal + (t->has_mirror ? 1 : 0) +
	     (t->has_request ? 1 : 0);
	sealed = ssc__calloc(st->ctx, ns, sizeof(*sealed));
	SSC__CHECK_ALLOC(sealed);
	if (t->n_journal) {
		j = ssc__calloc(st->ctx, t->n_journal, sizeof(*j));
		if (!j) {
			rc = ssc_error_set_oom();
			goto out;
		}
	}
	card = t->card;
	card.revision = t->base_revision + 1;
	card.key_id = ssc__crypt_key_id(st->crypt);
	if ((rc = ssc__crypt_seal(&sealed[k], st->crypt, SSC__SEAL_CARD,
				  card.card_id, card.record,
				  card.record_len)) < 0)
		goto out;
	card.record = (const uint8_t *)sealed[k].ptr;
	card.record_len = sealed[k++].size;
	for (i = 0; i < t->n_journal; i++) {
		j[i] = t->journal[i];
		j[i].key_id = card.key_id;
		if ((rc = ssc__crypt_seal(&sealed[k], st->crypt,
					  SSC__SEAL_JOURNAL, j[i].entry_id,
					  j[i].data, j[i].data_len)) < 0)
			goto out;
		j[i].data = (const uint8_t *)sealed[k].ptr;
		j[i].data_len = sealed[k++].size;
	}
	ia = t->inv_add;
	now = ssc_ctx_now(st->ctx);
	memset(&c, 0, sizeof(c));
	c.version = SSC_STORE_CHANGES_VERSION;
	c.card = &card;
	c.base_revision = t->base_revision;
	c.journal = j;
	c.n_journal = t->n_journal;
	c.invalid_add = ia;
	c.n_invalid_add = t->n_inv_add;
	c.invalid_remove = t->inv_rm;
	c.n_invalid_remove = t->n_inv_rm;
	if (t->has_mirror) {
		mirror = t->mirror;
		mirror.key_id = card.key_id;
		if ((rc = ssc__crypt_seal(&sealed[k], st->crypt,
					  SSC__SEAL_MIRROR, mirror.card_id,
					  mirror.data, mirror.data_len)) < 0)
			goto out;
		mirror.data = (const uint8_t *)sealed[k].ptr;
		mirror.data_len = sealed[k++].size;
		c.mirror = &mirror;
	}
	if (t->has_request) {
		req = t->request;
		req.card_id = card.card_id;
		req.time_ms = now;
		req.key_id = card.key_id;
		if ((rc = ssc__crypt_seal(&sealed[k], st->crypt,
					  SSC__SEAL_REQUEST, req.request_id,
					  req.result, req.result_len)) < 0)
			goto out;
		req.result = (const uint8_t *)sealed[k].ptr;
		req.result_len = sealed[k++].size;
		c.request = &req;
	}
	rc = st->be->commit(st->be, &c);
	if (rc == SSC_OK && out_revision)
		*out_revision = card.revision;
	if (rc > 0)
		rc = ssc__error_setf(SSC_ESTORE, SSC_ERROR_CLASS_BACKEND,
				     "store backend returned %d", rc);
out:
	dispose_bufs(sealed, ns);
	ssc__free(st->ctx, sealed);
	ssc__free(st->ctx, j);
	return rc;
}

/* ---- iterators ------------------------------------------------------ */

enum { IT_CARD = 1, IT_JOURNAL, IT_INVALID };

struct ssc_store_iter {
	ssc_store *st;
	int kind;
	ssc_store_query q;
	char *key;     /* owned copies of the query's strings */
	char *region;
	uint8_t holder_index[SSC_STORE_HOLDER_INDEX_LEN];
	size_t remaining; /* rows still allowed; SIZE_MAX = unlimited */
	bool done;        /* the backend has no more rows */
	/* the current page */
	void *rows;       /* ssc_store_card / _journal_entry / _invalid_entry */
	void **owners;
	size_t n, cap, pos;
	ssc_buf cursor;   /* after the last row returned */
	ssc_buf next_cursor; /* after the last row of the page */
	ssc_status cb_rc;
};

static size_t
row_size(int kind)
{
	return kind == IT_CARD ? sizeof(ssc_store_card) :
	       kind == IT_JOURNAL ? sizeof(ssc_store_journal_entry) :
				    sizeof(ssc_store_invalid_entry);
}

static void
page_clear(ssc_store_iter *it)
{
	size_t i;

	for (i = 0; i < it->n; i++)
		unpack(it->owners[i]);
	it->n = 0;
	it->pos = 0;
}

static ssc_status
page_cb(const ssc_store_row *row, void *payload)
{
	ssc_store_iter *it = payload;
	const ssc_ctx *ctx = it->st->ctx;
	char *slot;
	ssc_status rc;
	char num[24];

	if ((it->kind == IT_CARD && !row->card) ||
	    (it->kind == IT_JOURNAL && !row->journal) ||
	    (it->kind == IT_INVALID && !row->invalid))
		return ssc__error_setf(SSC_ESTORE, SSC_ERROR_CLASS_BACKEND,
				       "backend returned a row of the wrong "
				       "kind");
	if (it->n == it->cap) {
		size_t ncap = it->cap ? it->cap * 2 : 16;
		void *p = ssc__realloc(ctx, it->rows, ncap * row_size(it->kind));
		SSC__CHECK_ALLOC(p);
		it->rows = p;
		p = ssc__realloc(ctx, it->owners, ncap * sizeof(void *));
		SSC__CHECK_ALLOC(p);
		it->owners = p;
		it->cap = ncap;
	}
	slot = (char *)it->rows + it->n * row_size(it->kind);
	memset(slot, 0, row_size(it->kind));
	if (it->kind == IT_CARD) {
		ssc_store_card *c = (ssc_store_card *)(void *)slot;
		c->version = SSC_STORE_CARD_VERSION;
		if ((rc = copy_card(c, it->st, row->card)) < 0)
			return rc;
		it->owners[it->n] = c->owner;
		rc = ssc_buf_set(&it->next_cursor, row->card->card_id,
				 strlen(row->card->card_id));
	} else if (it->kind == IT_JOURNAL) {
		ssc_store_journal_entry *e = (ssc_store_journal_entry *)(void *)slot;
		if ((rc = copy_journal(e, &it->owners[it->n], it->st,
				       row->journal)) < 0)
			return rc;
		snprintf(num, sizeof(num), "%lld",
			 (long long)row->journal->sequence);
		rc = ssc_buf_set(&it->next_cursor, num, strlen(num));
		it->q.after_seq = row->journal->sequence;
	} else {
		ssc_store_invalid_entry *e = (ssc_store_invalid_entry *)(void *)slot;
		e->version = SSC_STORE_INVALID_ENTRY_VERSION;
		if ((rc = copy_invalid(e, it->st, row->invalid)) < 0)
			return rc;
		it->owners[it->n] = e->owner;
		rc = ssc_buf_set(&it->next_cursor, row->invalid->card_number,
				 strlen(row->invalid->card_number));
	}
	it->n++;
	return rc;
}

static ssc_status
iter_new(ssc_store_iter **out, ssc_store *st, int kind, const char *after,
	 size_t limit)
{
	ssc_store_iter *it;

	it = ssc__calloc(st->ctx, 1, sizeof(*it));
	SSC__CHECK_ALLOC(it);
	it->st = st;
	it->kind = kind;
	it->q.version = SSC_STORE_QUERY_VERSION;
	it->q.state = -1;
	it->remaining = limit ? limit : SIZE_MAX;
	ssc__buf_bind(&it->cursor, st->ctx);
	ssc__buf_bind(&it->next_cursor, st->ctx);
	if (after && ssc_buf_set(&it->next_cursor, after, strlen(after)) < 0) {
		ssc__free(st->ctx, it);
		return SSC_ENOMEM;
	}
	*out = it;
	return SSC_OK;
}

static ssc_status
iter_set_strings(ssc_store_iter *it, const char *key, const char *region)
{
	if (key) {
		it->key = ssc__strdup(it->st->ctx, key);
		SSC__CHECK_ALLOC(it->key);
		it->q.key = it->key;
	}
	if (region) {
		it->region = ssc__strdup(it->st->ctx, region);
		SSC__CHECK_ALLOC(it->region);
		it->q.region = it->region;
	}
	return SSC_OK;
}

ssc_status
ssc_store_iter_journal(ssc_store_iter **out, ssc_store *st,
		       const char *card_id, const char *after, size_t limit)
{
	long long seq = 0;
	char *end;
	ssc_status rc;

	if (!out || !st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_iter_journal: NULL argument");
	*out = NULL;
	if (!ssc__store_uuid_ok(card_id))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "card id must be a lowercase UUID");
	if (after) {
		errno = 0;
		seq = strtoll(after, &end, 10);
		if (errno || end == after || *end || seq < 0)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "journal cursor must be a "
					       "sequence number");
	}
	if ((rc = iter_new(out, st, IT_JOURNAL, after, limit)) < 0)
		return rc;
	(*out)->q.kind = SSC_STORE_Q_JOURNAL;
	(*out)->q.after_seq = seq;
	if ((rc = iter_set_strings(*out, card_id, NULL)) < 0) {
		ssc_store_iter_free(*out);
		*out = NULL;
	}
	return rc;
}

ssc_status
ssc_store_iter_invalid(ssc_store_iter **out, ssc_store *st, int level,
		       const char *region, const char *after, size_t limit)
{
	ssc_status rc;

	if (!out || !st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_iter_invalid: NULL argument");
	*out = NULL;
	if (!level_ok(level))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown invalid-list level %d", level);
	if (!region)
		region = "";
	if (!ssc__store_text_ok(region, true))
		return bad_text("region");
	if (after && !ssc__store_text_ok(after, false))
		return bad_text("cursor");
	if ((rc = iter_new(out, st, IT_INVALID, after, limit)) < 0)
		return rc;
	(*out)->q.kind = SSC_STORE_Q_INVALID;
	(*out)->q.level = level;
	if ((rc = iter_set_strings(*out, NULL, region)) < 0) {
		ssc_store_iter_free(*out);
		*out = NULL;
	}
	return rc;
}

ssc_status
ssc_store_iter_cards(ssc_store_iter **out, ssc_store *st, int state,
		     const char *region, const char *after, size_t limit)
{
	ssc_status rc;

	if (!out || !st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_iter_cards: NULL argument");
	*out = NULL;
	if (region && !ssc__store_text_ok(region, false))
		return bad_text("region");
	if (after && !ssc__store_uuid_ok(after))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "card cursor must be a card id");
	if ((rc = iter_new(out, st, IT_CARD, after, limit)) < 0)
		return rc;
	(*out)->q.kind = SSC_STORE_Q_CARDS_BY_STATE;
	(*out)->q.state = state < 0 ? -1 : state;
	if ((rc = iter_set_strings(*out, NULL, region)) < 0) {
		ssc_store_iter_free(*out);
		*out = NULL;
	}
	return rc;
}

ssc_status
ssc_store_iter_holder(ssc_store_iter **out, ssc_store *st,
		      const char *id_number)
{
	uint8_t idx[SSC_STORE_HOLDER_INDEX_LEN];
	ssc_status rc;

	if (!out || !st || !id_number)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_iter_holder: NULL argument");
	*out = NULL;
	if ((rc = ssc__crypt_blind(idx, st->crypt, id_number)) < 0)
		return rc;
	if ((rc = iter_new(out, st, IT_CARD, NULL, 0)) < 0)
		return rc;
	(*out)->q.kind = SSC_STORE_Q_CARDS_BY_HOLDER;
	memcpy((*out)->holder_index, idx, sizeof(idx));
	(*out)->q.holder_index = (*out)->holder_index;
	(*out)->q.holder_index_len = sizeof(idx);
	return SSC_OK;
}

static ssc_status
iter_next(void **out, ssc_store_iter *it, int kind)
{
	ssc_status rc;
	char *row;

	if (!out || !it || it->kind != kind)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "iterator of another kind");
	*out = NULL;
	if (it->pos == it->n) {
		size_t want = it->st->page_size;
		if (it->done || it->remaining == 0)
			return SSC_OK;
		page_clear(it);
		if (want > it->remaining)
			want = it->remaining;
		it->q.limit = want;
		it->q.after = it->next_cursor.size ? it->next_cursor.ptr : NULL;
		rc = it->st->be->query(it->st->be, &it->q, page_cb, it);
		if (rc < 0) {
			page_clear(it);
			return rc;
		}
		if (it->n < want)
			it->done = true;
		if (it->n == 0)
			return SSC_OK;
	}
	row = (char *)it->rows + it->pos * row_size(kind);
	it->pos++;
	it->remaining--;
	/* The cursor of this row: the page's last cursor is only right at
	 * the page's end, so recompute from the row itself. */
	if (kind == IT_CARD)
		rc = ssc_buf_set(&it->cursor,
				 ((ssc_store_card *)(void *)row)->card_id, 36);
	else if (kind == IT_INVALID) {
		const char *cn = ((ssc_store_invalid_entry *)(void *)row)->card_number;
		rc = ssc_buf_set(&it->cursor, cn, strlen(cn));
	} else {
		char num[24];
		snprintf(num, sizeof(num), "%lld",
			 (long long)((ssc_store_journal_entry *)(void *)row)->sequence);
		rc = ssc_buf_set(&it->cursor, num, strlen(num));
	}
	if (rc < 0)
		return rc;
	*out = row;
	return SSC_OK;
}

ssc_status
ssc_store_iter_next_card(const ssc_store_card **out, ssc_store_iter *it)
{
	return iter_next((void **)out, it, IT_CARD);
}

ssc_status
ssc_store_iter_next_journal(const ssc_store_journal_entry **out,
			    ssc_store_iter *it)
{
	return iter_next((void **)out, it, IT_JOURNAL);
}

ssc_status
ssc_store_iter_next_invalid(const ssc_store_invalid_entry **out,
			    ssc_store_iter *it)
{
	return iter_next((void **)out, it, IT_INVALID);
}

const char *
ssc_store_iter_cursor(const ssc_store_iter *it)
{
	return it && it->cursor.size ? it->cursor.ptr : NULL;
}

void
ssc_store_iter_free(ssc_store_iter *it)
{
	const ssc_ctx *ctx;

	if (!it)
		return;
	ctx = it->st->ctx;
	page_clear(it);
	ssc__free(ctx, it->rows);
	ssc__free(ctx, it->owners);
	ssc__free(ctx, it->key);
	ssc__free(ctx, it->region);
	ssc_buf_dispose(&it->cursor);
	ssc_buf_dispose(&it->next_cursor);
	ssc__free(ctx, it);
}

/* ---- re-encryption -------------------------------------------------- */

struct reseal_item {
	char *key;
	int64_t revision;
	uint32_t key_id;
	ssc_buf plain;
	int open_rc;
};

struct reseal_page {
	ssc_store *st;
	int kind;
	struct reseal_item *items;
	size_t n, cap;
	ssc_buf cursor;
};

static ssc_status
reseal_cb(const ssc_store_row *row, void *payload)
{
	struct reseal_page *pg = payload;
	struct reseal_item *it;
	const char *key;
	const uint8_t *data;
	size_t len;
	int tag;
	uint32_t key_id;
	int64_t revision = 0;
	ssc_status rc;

	if (row->card) {
		key = row->card->card_id; data = row->card->record;
		len = row->card->record_len; tag = SSC__SEAL_CARD;
		key_id = row->card->key_id; revision = row->card->revision;
	} else if (row->journal) {
		key = row->journal->entry_id; data = row->journal->data;
		len = row->journal->data_len; tag = SSC__SEAL_JOURNAL;
		key_id = row->journal->key_id;
	} else if (row->mirror) {
		key = row->mirror->card_id; data = row->mirror->data;
		len = row->mirror->data_len; tag = SSC__SEAL_MIRROR;
		key_id = row->mirror->key_id;
	} else if (row->request) {
		key = row->request->request_id; data = row->request->result;
		len = row->request->result_len; tag = SSC__SEAL_REQUEST;
		key_id = row->request->key_id;
	} else {
		return ssc__error_setf(SSC_ESTORE, SSC_ERROR_CLASS_BACKEND,
				       "backend returned an empty row");
	}
	if ((rc = grow(pg->st->ctx, (void **)&pg->items, &pg->cap, pg->n,
		       sizeof(*pg->items))) < 0)
		return rc;
	it = &pg->items[pg->n];
	memset(it, 0, sizeof(*it));
	it->key = ssc__strdup(pg->st->ctx, key);
	SSC__CHECK_ALLOC(it->key);
	pg->n++;
	it->revision = revision;
	it->key_id = key_id;
	ssc__buf_bind(&it->plain, pg->st->ctx);
	it->open_rc = ssc__crypt_open(&it->plain, pg->st->crypt, tag, key,
				      data, len);
	if (it->open_rc < 0 && it->open_rc != SSC_ENOKEY)
		return it->open_rc;
	return ssc_buf_set(&pg->cursor, key, strlen(key));
}

static void
reseal_page_clear(struct reseal_page *pg)
{
	size_t i;

	for (i = 0; i < pg->n; i++) {
		ssc__free(pg->st->ctx, pg->items[i].key);
		ssc_buf_dispose(&pg->items[i].plain);
	}
	pg->n = 0;
}

ssc_status
ssc_store_reencrypt(uint64_t *out_count, ssc_store *st)
{
	static const struct {
		int kind, tag;
	} tables[] = {
		{ SSC_STORE_Q_RESEAL_CARDS, SSC__SEAL_CARD },
		{ SSC_STORE_Q_RESEAL_JOURNAL, SSC__SEAL_JOURNAL },
		{ SSC_STORE_Q_RESEAL_MIRRORS, SSC__SEAL_MIRROR },
		{ SSC_STORE_Q_RESEAL_REQUESTS, SSC__SEAL_REQUEST },
	};
	struct reseal_page pg;
	ssc_buf sealed = SSC_BUF_INIT;
	uint64_t count = 0, unknown = 0;
	ssc_status rc = SSC_OK;
	size_t t, i;

	if (out_count)
		*out_count = 0;
	if (!st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_reencrypt: NULL argument");
	if (!st->be->reseal)
		return ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_STORE,
				       "store backend %s cannot re-seal",
				       st->be->name);
	memset(&pg, 0, sizeof(pg));
	pg.st = st;
	ssc__buf_bind(&pg.cursor, st->ctx);
	ssc__buf_bind(&sealed, st->ctx);
	for (t = 0; t < SSC__ARRAY_SIZE(tables) && rc == SSC_OK; t++) {
		ssc__buf_clear(&pg.cursor);
		for (;;) {
			ssc_store_query q;
			memset(&q, 0, sizeof(q));
			q.version = SSC_STORE_QUERY_VERSION;
			q.kind = tables[t].kind;
			q.state = -1;
			q.key_id = ssc__crypt_key_id(st->crypt);
			q.limit = st->page_size;
			q.after = pg.cursor.size ? pg.cursor.ptr : NULL;
			pg.kind = tables[t].kind;
			rc = st->be->query(st->be, &q, reseal_cb, &pg);
			for (i = 0; rc == SSC_OK && i < pg.n; i++) {
				struct reseal_item *it = &pg.items[i];
				ssc_store_reseal r;
				if (it->open_rc == SSC_ENOKEY) {
					unknown++;
					continue;
				}
				rc = ssc__crypt_seal(&sealed, st->crypt,
						     tables[t].tag, it->key,
						     (const uint8_t *)it->plain.ptr,
						     it->plain.size);
				if (rc < 0)
					break;
				memset(&r, 0, sizeof(r));
				r.version = SSC_STORE_RESEAL_VERSION;
				r.kind = tables[t].kind;
				r.key = it->key;
				r.old_key_id = it->key_id;
				r.revision = it->revision;
				r.new_key_id = ssc__crypt_key_id(st->crypt);
				r.data = (const uint8_t *)sealed.ptr;
				r.data_len = sealed.size;
				rc = st->be->reseal(st->be, &r);
				if (rc == SSC_OK)
					count++;
				else if (rc == SSC_ECONFLICT)
					rc = SSC_OK; /* rewritten meanwhile */
			}
			if (rc < 0 || pg.n < q.limit) {
				reseal_page_clear(&pg);
				break;
			}
			reseal_page_clear(&pg);
		}
	}
	reseal_page_clear(&pg);
	ssc__free(st->ctx, pg.items);
	ssc_buf_dispose(&pg.cursor);
	ssc_buf_dispose(&sealed);
	if (out_count)
		*out_count = count;
	if (rc == SSC_OK && unknown)
		rc = ssc__error_setf(SSC_ENOKEY, SSC_ERROR_CLASS_CRYPTO,
				     "%llu values are sealed under keys not "
				     "registered with ssc_store_add_old_key()",
				     (unsigned long long)unknown);
	return rc;
}

/* ---- health --------------------------------------------------------- */

static ssc_status
health_cb(const ssc_store_row *row, void *payload)
{
	(void)row;
	(void)payload;
	return SSC_OK;
}

ssc_status
ssc_store_health(ssc_buf *report, ssc_store *st)
{
	ssc_store_query q;
	ssc_status rc;

	if (!st)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_store_health: NULL argument");
	if (st->be->health)
		return st->be->health(st->be, report);
	memset(&q, 0, sizeof(q));
	q.version = SSC_STORE_QUERY_VERSION;
	q.kind = SSC_STORE_Q_CARDS_BY_STATE;
	q.state = -1;
	q.limit = 1;
	if ((rc = st->be->query(st->be, &q, health_cb, NULL)) < 0)
		return rc;
	if (report)
		return ssc_buf_set(report, "ok", 2);
	return SSC_OK;
}
