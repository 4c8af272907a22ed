/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lib/registry/registry.c: the services layer — opening, requests and
 * results, idempotency by request id, and the one path every service
 * takes: load → check (transition table, separation of duties, rules
 * guard) → transition → one atomic store commit with the journal entry,
 * invalid-list and e-card mirror changes, retried on conflicts.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "journal/journal_int.h"
#include "registry/registry_int.h"
#include "store/store.h"
#include <socialcard/card.h>
#include <socialcard/sys/store_backend.h>

struct ssc_result {
	ssc_ctx *ctx;
	ssc_verdict *verdict;
	char *summary;
	char *card_id;
	char *new_card_id;
	char *entry_id;
	ssc_lc_states states;
	int event;
	int64_t deadline;
	int replayed;
};

#define DEFAULT_ATTEMPTS 5
#define REQUEST_ID_MAX 128
#define HOUR_MS (3600LL * 1000)

/* ---- options, requests ------------------------------------------------ */

ssc_status
ssc_registry_options_init(ssc_registry_options *opts, unsigned int version)
{
	ssc_status rc;

	if (!opts)
		return ssc__error_setf(SSC_EINVAL, 0, "registry: NULL options");
	rc = ssc__check_version(version, SSC_REGISTRY_OPTIONS_VERSION,
				"ssc_registry_options");
	if (rc)
		return rc;
	memset(opts, 0, sizeof(*opts));
	opts->version = version;
	return SSC_OK;
}

ssc_status
ssc_request_init(ssc_request *req, unsigned int version)
{
	ssc_status rc;

	if (!req)
		return ssc__error_setf(SSC_EINVAL, 0, "registry: NULL request");
	rc = ssc__check_version(version, SSC_REQUEST_VERSION, "ssc_request");
	if (rc)
		return rc;
	memset(req, 0, sizeof(*req));
	req->version = version;
	req->fee_fen = -1;
	return SSC_OK;
}

/* ---- opening ------------------------------------------------------------ */

ssc_status
ssc_registry_open(ssc_registry **out, ssc_ctx *ctx, ssc_store *store,
		  const ssc_registry_options *opts)
{
	ssc_registry *r;
	ssc_status rc;

	if (!out || !ctx || !store)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "ssc_registry_open: NULL argument");
	if (opts) {
		rc = ssc__check_version(opts->version,
					SSC_REGISTRY_OPTIONS_VERSION,
					"ssc_registry_options");
		if (rc)
			return rc;
		if (opts->journal_hash < 0 ||
		    opts->journal_hash > SSC_JOURNAL_HASH_SM3)
			return ssc__error_setf(SSC_EINVAL, 0,
					       "registry: unknown journal "
					       "hash %d",
					       opts->journal_hash);
	}
	r = ssc__calloc(ctx, 1, sizeof(*r));
	if (!r)
		return ssc__error_setf(SSC_ENOMEM, 0, "registry: no memory");
	r->store = store;
	r->hash = opts && opts->journal_hash ? opts->journal_hash
					     : SSC_JOURNAL_HASH_SHA256;
	r->attempts = opts && opts->max_attempts ? opts->max_attempts
						 : DEFAULT_ATTEMPTS;
	if (opts && opts->shared_post_packs) {
		r->shared_post_packs =
			ssc__strdup(ctx, opts->shared_post_packs);
		if (!r->shared_post_packs) {
			ssc__free(ctx, r);
			return ssc__error_setf(SSC_ENOMEM, 0,
					       "registry: no memory");
		}
	}
	rc = ssc_rulebook_new(&r->rb, ctx);
	if (rc) {
		ssc__free(ctx, r->shared_post_packs);
		ssc__free(ctx, r);
		return rc;
	}
	r->ctx = ssc_ctx_ref(ctx);
	*out = r;
	return SSC_OK;
}

ssc_status
ssc_registry_open_uri(ssc_registry **out, ssc_ctx *ctx, const char *uri,
		      const ssc_store_options *store_opts,
		      const ssc_registry_options *opts)
{
	ssc_store *st = NULL;
	ssc_status rc;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "ssc_registry_open_uri: NULL out");
	rc = ssc_store_open(&st, ctx, uri, store_opts);
	if (rc)
		return rc;
	rc = ssc_registry_open(out, ctx, st, opts);
	if (rc) {
		ssc_store_free(st);
		return rc;
	}
	(*out)->owned_store = st;
	return SSC_OK;
}

void
ssc_registry_free(ssc_registry *reg)
{
	ssc_ctx *ctx;

	if (!reg)
		return;
	ctx = reg->ctx;
	ssc_rulebook_free(reg->rb);
	ssc_store_free(reg->owned_store);
	ssc__free(ctx, reg->shared_post_packs);
	ssc__free(ctx, reg);
	ssc_ctx_free(ctx);
}

ssc_rulebook *
ssc_registry_rulebook(ssc_registry *reg)
{
	return reg ? reg->rb : NULL;
}

ssc_store *
ssc_registry_store(ssc_registry *reg)
{
	return reg ? reg->store : NULL;
}

ssc_status
ssc_registry_load_card(ssc_card **out, ssc_registry *reg, const char *card_id)
{
	ssc_store_card sc = SSC_STORE_CARD_INIT;
	ssc_status rc;

	if (!out || !reg || !card_id)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "ssc_registry_load_card: NULL argument");
	rc = ssc_store_load_by_id(&sc, reg->store, card_id);
	if (rc)
		return rc;
	rc = ssc_card_decode(out, reg->ctx, sc.record, sc.record_len);
	ssc_store_card_dispose(&sc);
	return rc;
}

/* ---- results ------------------------------------------------------------ */

void
ssc_result_free(ssc_result *res)
{
	ssc_ctx *ctx;

	if (!res)
		return;
	ctx = res->ctx;
	ssc_verdict_free(res->verdict);
	ssc__free(ctx, res->summary);
	ssc__free(ctx, res->card_id);
	ssc__free(ctx, res->new_card_id);
	ssc__free(ctx, res->entry_id);
	ssc__free(ctx, res);
	ssc_ctx_free(ctx);
}

const ssc_verdict *
ssc_result_verdict(const ssc_result *res)
{
	return res ? res->verdict : NULL;
}

const char *
ssc_result_summary(const ssc_result *res)
{
	return res ? res->summary : NULL;
}

const char *
ssc_result_card_id(const ssc_result *res)
{
	return res ? res->card_id : NULL;
}

const char *
ssc_result_new_card_id(const ssc_result *res)
{
	return res ? res->new_card_id : NULL;
}

const char *
ssc_result_entry_id(const ssc_result *res)
{
	return res ? res->entry_id : NULL;
}

ssc_status
ssc_result_states(ssc_lc_states *out, const ssc_result *res)
{
	if (!out || !res)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "ssc_result_states: NULL argument");
	*out = res->states;
	out->version = SSC_LC_STATES_VERSION;
	return SSC_OK;
}

int
ssc_result_event(const ssc_result *res)
{
	return res ? res->event : 0;
}

int64_t
ssc_result_deadline(const ssc_result *res)
{
	return res ? res->deadline : 0;
}

int
ssc_result_replayed(const ssc_result *res)
{
	return res ? res->replayed : 0;
}

static ssc_result *
result_new(ssc_ctx *ctx)
{
	ssc_result *r = ssc__calloc(ctx, 1, sizeof(*r));

	if (!r)
		return NULL;
	r->ctx = ssc_ctx_ref(ctx);
	r->states.version = SSC_LC_STATES_VERSION;
	return r;
}

static int
dup_into(ssc_ctx *ctx, char **dst, const char *s)
{
	if (!s)
		return 0;
	*dst = ssc__strdup(ctx, s);
	return *dst ? 0 : -1;
}

/* The recorded form of a result, with the request's fingerprint. */
static ssc_status
result_encode(ssc_buf *out, const ssc_result *r, const char *fp)
{
	json_t *o;
	char *text;
	ssc_status rc;

	o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:i, s:I, "
		      "s:{s:i, s:i, s:i, s:i}}",
		      "fp", fp, "card", r->card_id, "new", r->new_card_id,
		      "entry", r->entry_id, "summary", r->summary, "event",
		      r->event, "deadline", (json_int_t)r->deadline, "states",
		      "card", r->states.card, "fin", r->states.fin, "pin",
		      r->states.pin, "ecard", r->states.ecard);
	text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	if (!text)
		return ssc__error_setf(SSC_ENOMEM, 0, "registry: no memory");
	rc = ssc_buf_set(out, text, strlen(text));
	free(text);
	return rc;
}

static ssc_status
result_decode(ssc_result **out, ssc_ctx *ctx, const ssc_buf *b,
	      const char *fp)
{
	json_error_t err;
	json_t *o, *st;
	ssc_result *r;
	const char *rfp;
	int bad = 0;

	o = json_loadb(b->ptr, b->size, 0, &err);
	if (!o)
		return ssc__error_setf(SSC_ECORRUPT, 0,
				       "registry: recorded result unreadable");
	rfp = json_string_value(json_object_get(o, "fp"));
	if (!rfp || strcmp(rfp, fp) != 0) {
		json_decref(o);
		return ssc__error_setf(SSC_EIDEMPOTENCY, 0,
				       "registry: the request id was used "
				       "for a different request");
	}
	r = result_new(ctx);
	if (!r) {
		json_decref(o);
		return ssc__error_setf(SSC_ENOMEM, 0, "registry: no memory");
	}
	bad |= dup_into(ctx, &r->card_id,
			json_string_value(json_object_get(o, "card")));
	bad |= dup_into(ctx, &r->new_card_id,
			json_string_value(json_object_get(o, "new")));
	bad |= dup_into(ctx, &r->entry_id,
			json_string_value(json_object_get(o, "entry")));
	bad |= dup_into(ctx, &r->summary,
			json_string_value(json_object_get(o, "summary")));
	r->event = (int)json_integer_value(json_object_get(o, "event"));
	r->deadline = json_integer_value(json_object_get(o, "deadline"));
	st = json_object_get(o, "states");
	r->states.card = (int)json_integer_value(json_object_get(st, "card"));
	r->states.fin = (int)json_integer_value(json_object_get(st, "fin"));
	r->states.pin = (int)json_integer_value(json_object_get(st, "pin"));
	r->states.ecard =
		(int)json_integer_value(json_object_get(st, "ecard"));
	r->replayed = 1;
	json_decref(o);
	if (bad) {
		ssc_result_free(r);
		return ssc__error_setf(SSC_ENOMEM, 0, "registry: no memory");
	}
	*out = r;
	return SSC_OK;
}

/* ---- requests: validation and fingerprint ------------------------------ */

static bool
text_ok(const char *s, size_t max)
{
	size_t n = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++, n++)
		if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e ||
		    n >= max)
			return false;
	return true;
}

static ssc_status
check_request(const ssc_request *req, bool need_card)
{
	ssc_status rc;

	if (!req)
		return ssc__error_setf(SSC_EINVAL, 0, "registry: NULL request");
	rc = ssc__check_version(req->version, SSC_REQUEST_VERSION,
				"ssc_request");
	if (rc)
		return rc;
	if (!text_ok(req->request_id, REQUEST_ID_MAX))
		return ssc__error_setf(SSC_EINVAL, 0,
				       "registry: the request id must be 1 to "
				       "%d printable ASCII characters",
				       REQUEST_ID_MAX);
	if (need_card && !ssc__store_uuid_ok(req->card_id))
		return ssc__error_setf(SSC_EINVAL, 0,
				       "registry: the request names no card "
				       "(card_id)");
	if ((req->n_docs && !req->docs) ||
	    (req->n_materials && !req->materials) ||
	    (req->n_evidence_refs && !req->evidence_refs))
		return ssc__error_setf(SSC_EINVAL, 0,
				       "registry: NULL array with a count");
	if (req->channel < 0 || req->channel > SSC_CHANNEL_BATCH ||
	    req->actor < 0 || req->actor > SSC_ACTOR_SYSTEM ||
	    req->production < 0 || req->production > SSC_PRODUCTION_BATCH)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "registry: channel, actor or production "
				       "mode out of range");
	return SSC_OK;
}

#define FP_S(b, s) ssc__buf_printf(b, "%zu:%s;", (s) ? strlen(s) : 0, (s) ? (s) : "")

static ssc_status
fingerprint(char out[65], const ssc_ctx *ctx, const ssc_request *q,
	    const ssc__step *steps, size_t n, const ssc_person *holder)
{
	ssc_buf b = SSC_BUF_INIT;
	unsigned char md[32];
	unsigned int mdlen = 0;
	ssc_status rc = SSC_OK;
	size_t i;

	ssc__buf_bind(&b, ctx);
	for (i = 0; i < n; i++)
		rc = rc ? rc : ssc__buf_printf(&b, "e%d;", steps[i].event);
	rc = rc ? rc : FP_S(&b, q->card_id);
	rc = rc ? rc : ssc__buf_printf(&b, "%d;%d;", q->actor,
				       q->actor_doc_type);
	rc = rc ? rc : FP_S(&b, q->actor_doc_number);
	rc = rc ? rc : FP_S(&b, q->acceptance_operator);
	rc = rc ? rc : FP_S(&b, q->processing_operator);
	rc = rc ? rc : FP_S(&b, q->feedback_operator);
	rc = rc ? rc : FP_S(&b, q->case_id);
	rc = rc ? rc : ssc__buf_printf(&b, "%d;", q->channel);
	rc = rc ? rc : FP_S(&b, q->outlet);
	rc = rc ? rc : FP_S(&b, q->outlet_bank);
	for (i = 0; i < q->n_docs; i++)
		rc = rc ? rc : ssc__buf_printf(&b, "d%d,%d,%d;",
					       q->docs[i].type, q->docs[i].form,
					       q->docs[i].owner);
	for (i = 0; i < q->n_materials; i++) {
		rc = rc ? rc : FP_S(&b, q->materials[i].id);
		rc = rc ? rc : ssc__buf_printf(&b, "%u;",
					       q->materials[i].flags);
	}
	rc = rc ? rc : ssc__buf_printf(&b, "%u;", q->evidence);
	for (i = 0; i < q->n_evidence_refs; i++)
		rc = rc ? rc : FP_S(&b, q->evidence_refs[i]);
	rc = rc ? rc : ssc__buf_printf(&b, "%u;%u;%ld;%d;", q->facts,
				       q->changes, q->fee_fen, q->production);
	rc = rc ? rc : FP_S(&b, q->new_phone);
	rc = rc ? rc : FP_S(&b, q->new_address);
	rc = rc ? rc : FP_S(&b, q->reason);
	rc = rc ? rc : FP_S(&b, q->batch_id);
	rc = rc ? rc : FP_S(&b, q->bank_code);
	rc = rc ? rc : FP_S(&b, q->card_number);
	rc = rc ? rc : ssc__buf_printf(&b, "x%u;", (unsigned)q->expiry_date);
	if (holder) {
		rc = rc ? rc : FP_S(&b, ssc_person_id_number(holder));
		rc = rc ? rc : FP_S(&b, ssc_person_name(holder));
		rc = rc ? rc : ssc__buf_printf(&b, "%u;",
					       ssc_person_birth_date(holder));
	}
	if (!rc && (!b.ptr ||
		    !EVP_Digest(b.ptr, b.size, md, &mdlen, EVP_sha256(), NULL)))
		rc = ssc__error_setf(SSC_ECRYPTO, 0,
				     "registry: fingerprint failed");
	ssc_buf_dispose(&b);
	if (rc)
		return rc;
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return SSC_OK;
}

/* A UUID derived from text (for ids that retries must find again). */
static void
derived_uuid(char out[37], const char *kind, const char *text)
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	int i, k = 0;

	memset(md, 0, sizeof(md));
	if (m && EVP_DigestInit_ex(m, EVP_sha256(), NULL) &&
	    EVP_DigestUpdate(m, kind, strlen(kind)) &&
	    EVP_DigestUpdate(m, "\0", 1) &&
	    EVP_DigestUpdate(m, text, strlen(text)))
		EVP_DigestFinal_ex(m, md, &mdlen);
	EVP_MD_CTX_free(m);
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50); /* version 5 layout */
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		snprintf(out + k, 3, "%02x", md[i]);
		k += 2;
	}
	out[k] = '\0';
}

/* ---- one attempt ---------------------------------------------------------- */

typedef struct attempt {
	ssc_registry *reg;
	const ssc_request *req;
	const char *fp;
	ssc_store_card sc;    /* loaded row (owns the pointers) */
	bool loaded;
	ssc_card *card;
	ssc__jlist jl;
	bool jl_loaded;       /* jl holds the whole journal */
	bool want_tail;       /* decode the tail entry when checking it */
	bool have_tail;       /* tail holds the (checked) last entry */
	ssc__jentry tail;
	ssc_lc_states cur;
	ssc_store_txn *txn;
	int64_t seq;          /* last journal sequence */
	uint8_t prev[SSC_JOURNAL_HASH_LEN];
	size_t prev_len;
	ssc_buf data[4];      /* journal entry data of the steps */
	char entry_ids[4][37];
	ssc_result *res;
	ssc_verdict *refusal; /* verdict of a refused guard */
	uint32_t extra_facts; /* facts of the holder's other cards */
	const char *entry_kind; /* derivation of entry ids; NULL = "entry" */
	const uint8_t *identifier; /* chip's card identifier, or NULL */
	int ecard_at_load;     /* the e-card state when loaded */
} attempt;

#define MAX_STEPS 4

static void
attempt_clear(attempt *a)
{
	size_t i;

	ssc_store_txn_free(a->txn);
	a->txn = NULL;
	ssc__journal_list_free(a->reg->ctx, &a->jl);
	a->jl_loaded = false;
	json_decref(a->tail.json);
	memset(&a->tail, 0, sizeof(a->tail));
	a->have_tail = false;
	ssc_card_free(a->card);
	a->card = NULL;
	if (a->loaded)
		ssc_store_card_dispose(&a->sc);
	a->loaded = false;
	for (i = 0; i < MAX_STEPS; i++)
		ssc_buf_dispose(&a->data[i]);
	ssc_result_free(a->res);
	a->res = NULL;
	ssc_verdict_free(a->refusal);
	a->refusal = NULL;
}

/* ---- the journal tail in the card record ------------------------------------
 *
 * The registry keeps the card's last journal sequence and that entry's
 * chain hash in an optional field of the card record (tag JT_TAG: 8 bytes
 * big-endian sequence, then the hash).  The record is sealed at rest with
 * the card, so a call checks the journal at its tail against it instead
 * of re-reading the whole chain (see doc/registry.md).
 */
#define JT_TAG 0xF0
#define JT_LEN (8 + SSC_JOURNAL_HASH_LEN)
#define REC_HEADER 6

/* Find the tail field of a record; false when the record has none. */
static bool
tail_of_record(int64_t *seq, uint8_t hash[SSC_JOURNAL_HASH_LEN],
	       const uint8_t *rec, size_t len)
{
	size_t pos = REC_HEADER, flen;
	uint64_t v = 0;
	int i;

	while (rec && pos + 3 <= len) {
		flen = (size_t)rec[pos + 1] << 8 | rec[pos + 2];
		if (len - pos - 3 < flen)
			return false;
		if (rec[pos] == JT_TAG) {
			if (flen != JT_LEN)
				return false;
			for (i = 0; i < 8; i++)
				v = v << 8 | rec[pos + 3 + i];
			*seq = (int64_t)v;
			memcpy(hash, rec + pos + 11, SSC_JOURNAL_HASH_LEN);
			return *seq > 0;
		}
		pos += 3 + flen;
	}
	return false;
}

/* Rewrite an encoded record with the tail field set to (seq, hash), in
 * tag order, replacing the one the record carried. */
static ssc_status
record_with_tail(ssc_buf *out, const ssc_buf *rec, int64_t seq,
		 const uint8_t hash[SSC_JOURNAL_HASH_LEN])
{
	const uint8_t *p = (const uint8_t *)rec->ptr;
	uint8_t f[3 + JT_LEN];
	size_t pos = REC_HEADER, flen;
	bool put = false;
	ssc_status rc;
	int i;

	if (rec->size < REC_HEADER)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "registry: short card record");
	f[0] = JT_TAG;
	f[1] = 0;
	f[2] = JT_LEN;
	for (i = 0; i < 8; i++)
		f[3 + i] = (uint8_t)((uint64_t)seq >> (56 - 8 * i));
	memcpy(f + 11, hash, SSC_JOURNAL_HASH_LEN);
	rc = ssc__buf_put(out, p, REC_HEADER);
	while (!rc && pos + 3 <= rec->size) {
		flen = (size_t)p[pos + 1] << 8 | p[pos + 2];
		if (rec->size - pos - 3 < flen)
			return ssc__error_setf(SSC_EINVAL, 0,
					       "registry: bad card record");
		if (!put && p[pos] >= JT_TAG) {
			rc = ssc__buf_put(out, f, sizeof(f));
			put = true;
		}
		if (!rc && p[pos] != JT_TAG)
			rc = ssc__buf_put(out, p + pos, 3 + flen);
		pos += 3 + flen;
	}
	if (!rc && !put)
		rc = ssc__buf_put(out, f, sizeof(f));
	return rc < 0 ? rc : SSC_OK;
}

/* Load the card's whole journal (verifying the chain) when a step needs
 * its history: rollback, cancelling a loss report, separation of duties
 * across a case. */
static ssc_status
need_journal(attempt *a)
{
	ssc_status rc;

	if (a->jl_loaded || !a->loaded)
		return SSC_OK;
	rc = ssc__journal_load(&a->jl, a->reg->ctx, a->reg->store,
			       ssc_card_uuid(a->card), true);
	if (rc)
		return rc;
	a->jl_loaded = true;
	/* a concurrent call may have extended it since the tail check:
	 * retry (the card's revision has moved too) */
	if (a->jl.n == 0 ? a->seq != 0
			 : (a->jl.v[a->jl.n - 1].seq != a->seq ||
			    memcmp(a->jl.v[a->jl.n - 1].hash, a->prev,
				   SSC_JOURNAL_HASH_LEN) != 0))
		return ssc__error_setf(SSC_ECONFLICT, 0,
				       "registry: the journal changed while "
				       "it was read");
	return SSC_OK;
}

static void
states_of_card(ssc_lc_states *s, const ssc_card *c)
{
	ssc_lc_states_init(s, SSC_LC_STATES_VERSION);
	s->card = ssc_card_get_state(c);
	s->fin = ssc_card_fin_state(c);
	s->pin = ssc_card_pin_state(c);
	s->ecard = ssc_card_ecard_state(c);
}

/* Facts from the holder's other cards (一人一卡). */
static ssc_status
holder_facts(uint32_t *out, ssc_store *store, const char *id_number,
	     const char *except)
{
	ssc_store_iter *it = NULL;
	const ssc_store_card *c;
	ssc_status rc;

	*out = 0;
	rc = ssc_store_iter_holder(&it, store, id_number);
	if (rc)
		return rc;
	while ((rc = ssc_store_iter_next_card(&c, it)) == SSC_OK && c) {
		if (except && strcmp(c->card_id, except) == 0)
			continue;
		if (ssc_card_state_is_final(c->state) ||
		    c->state == SSC_CARD_STATE_UNSET)
			continue;
		if (c->state >= SSC_CARD_STATE_ISSUED)
			*out |= SSC_FACT_HAS_VALID_CARD;
		else
			*out |= SSC_FACT_PENDING_APPLICATION;
	}
	ssc_store_iter_free(it);
	return rc;
}

/* The last entry that changed a state (queries and flags excluded). */
static const ssc__jentry *
last_change(const ssc__jlist *l)
{
	size_t i = l->n;

	while (i-- > 0) {
		const ssc__jentry *e = &l->v[i];

		if (memcmp(&e->from, &e->to, sizeof(e->from)) != 0)
			return e;
	}
	return NULL;
}

static bool
in_list(const char *list, const char *item)
{
	size_t n;

	if (!list || !item)
		return false;
	n = strlen(item);
	while (*list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);

		if (len == n && strncmp(list, item, n) == 0)
			return true;
		if (!end)
			break;
		list = end + 1;
	}
	return false;
}

/* Separation of duties: one operator id may not fill two posts of a case
 * (the request's posts, and the posts journaled under the same case id)
 * unless the region's pack is listed in shared_post_packs. */
static ssc_status
check_duties(attempt *a)
{
	const ssc_request *q = a->req;
	const char *ops[4] = { NULL, q->acceptance_operator,
			       q->processing_operator, q->feedback_operator };
	const char *pack = ssc_rulebook_resolve(a->reg->rb,
						ssc_ctx_region(a->reg->ctx));
	size_t i, k;
	int p, r;
	ssc_status rc;

	if (in_list(a->reg->shared_post_packs, pack))
		return SSC_OK;
	for (p = 1; p <= 3; p++) {
		if (!ops[p])
			continue;
		for (r = p + 1; r <= 3; r++)
			if (ops[r] && strcmp(ops[p], ops[r]) == 0)
				goto duty;
		if (!q->case_id)
			continue;
		rc = need_journal(a);
		if (rc)
			return rc;
		for (i = 0; i < a->jl.n; i++) {
			json_t *o = a->jl.v[i].json, *steps;
			const char *cs = json_string_value(
				json_object_get(o, "case"));

			if (!cs || strcmp(cs, q->case_id) != 0)
				continue;
			steps = json_object_get(o, "steps");
			for (k = 0; k < json_array_size(steps); k++) {
				json_t *s = json_array_get(steps, k);
				const char *op = json_string_value(
					json_object_get(s, "operator"));
				const char *post = json_string_value(
					json_object_get(s, "post"));

				if (op && post && strcmp(op, ops[p]) == 0 &&
				    strcmp(post, ssc_post_name(p)) != 0)
					goto duty;
			}
		}
	}
	return SSC_OK;
duty:
	return ssc__error_setf(SSC_EDUTY, 0,
			       "registry: one operator may not fill two posts "
			       "of the same case (pack %s)",
			       pack ? pack : "national");
}

static ssc_status
check_guard(attempt *a, const ssc_transition *row, int event,
	    uint32_t extra_facts, ssc_verdict **verdict)
{
	const ssc_request *q = a->req;
	const ssc_person *h = ssc_card_holder(a->card);
	ssc_situation sit = SSC_SITUATION_INIT;
	ssc_status rc;

	*verdict = NULL;
	if (!row->service)
		return SSC_OK;
	sit.actor = q->actor;
	sit.channel = q->channel;
	if (event == SSC_EVENT_ACTIVATE_LINKED) {
		sit.actor = SSC_ACTOR_SYSTEM;
		sit.channel = SSC_CHANNEL_BANK;
	}
	sit.service_point = q->outlet;
	sit.outlet_bank = q->outlet_bank;
	sit.holder_birth_date = h ? ssc_person_birth_date(h) : 0;
	sit.residency = h ? ssc_person_residency(h) : 0;
	sit.insured = h && ssc_person_insured(h) == SSC_INSURED_YES;
	sit.card_facts = ssc_lifecycle_facts(&a->cur) | q->facts |
			 a->extra_facts | extra_facts;
	sit.card_bank = ssc_card_fin_bank(a->card);
	sit.docs = q->docs;
	sit.n_docs = q->n_docs;
	sit.materials = q->materials;
	sit.n_materials = q->n_materials;
	sit.evidence = q->evidence;
	sit.changes = q->changes;
	rc = ssc_rules_check(verdict, a->reg->rb, row->service, &sit);
	return rc;
}

static void
summary_of(char *out, size_t n, const ssc_verdict *v)
{
	size_t i, len;

	if (!v) {
		snprintf(out, n, "no rules guard");
		return;
	}
	len = (size_t)snprintf(out, n, "%s (%s)",
			       ssc_verdict_allowed(v) ? "allowed" : "refused",
			       ssc_verdict_pack(v));
	for (i = 0; i < ssc_verdict_reason_count(v) && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, " %s",
					ssc_verdict_reason(v, i)->code);
	for (i = 0; i < ssc_verdict_material_count(v) && len < n; i++)
		if (ssc_verdict_material(v, i)->missing)
			len += (size_t)snprintf(out + len, n - len,
						" missing:%s",
						ssc_verdict_material(v, i)->id);
}

static ssc_status
deadline_for(attempt *a, const ssc_transition *row, int64_t now,
	     int64_t *out, const char **kind)
{
	ssc_calendar *cal = ssc_rulebook_calendar(a->reg->rb);
	int mode = a->req->production;

	*out = 0;
	*kind = NULL;
	if (row->effects & SSC_EFFECT_DEADLINE_AUTO_ACTIVATE) {
		*kind = "auto_activate";
		return ssc_calendar_deadline(out, cal, now, SSC_DEADLINE_HOURS,
					     96);
	}
	if (!(row->effects & SSC_EFFECT_DEADLINE_PRODUCTION))
		return SSC_OK;
	*kind = "production";
	if (mode == SSC_PRODUCTION_UNSET)
		mode = a->cur.card == SSC_CARD_STATE_DATA_GENERATED
			       ? SSC_PRODUCTION_BATCH
			       : SSC_PRODUCTION_INSTANT;
	switch (mode) {
	case SSC_PRODUCTION_INSTANT:
		*out = now;
		return SSC_OK;
	case SSC_PRODUCTION_FALLBACK:
		return ssc_calendar_deadline(out, cal, now, SSC_DEADLINE_HOURS,
					     24);
	case SSC_PRODUCTION_ONLINE:
		return ssc_calendar_deadline(out, cal, now,
					     SSC_DEADLINE_WORKING_DAYS, 5);
	default:
		return ssc_calendar_deadline(out, cal, now,
					     SSC_DEADLINE_WORKING_DAYS, 10);
	}
}

/* Card number from the internal id: 9 characters [0-9A-Z]. */
static void
number_from_uuid(char out[10], const char *uuid)
{
	int k = 0;

	for (; *uuid && k < 9; uuid++) {
		char c = *uuid;

		if (c == '-')
			continue;
		out[k++] = (char)(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
	}
	out[k] = '\0';
}

static ssc_status
apply_card_effects(attempt *a, int event, const ssc_lc_states *n)
{
	const ssc_request *q = a->req;
	ssc_card *c = a->card;
	ssc_status rc;

	rc = ssc_card_set_state(c, n->card);
	rc = rc ? rc : ssc_card_set_pin_state(c, n->pin);
	rc = rc ? rc : ssc_card_set_ecard_state(c, n->ecard);
	rc = rc ? rc
		: ssc_card_set_fin(c, n->fin,
				   event == SSC_EVENT_APPLY ||
						   event == SSC_EVENT_APPLY_ONLINE ||
						   event == SSC_EVENT_APPLY_BATCH
					   ? q->bank_code
					   : ssc_card_fin_bank(c),
				   ssc_card_fin_account(c));
	if (rc)
		return rc;
	if (event == SSC_EVENT_FINISH_PRODUCTION && !ssc_card_number(c)) {
		char num[10];
		uint32_t today = 0;

		if (q->card_number) {
			rc = ssc_card_set_number(c, q->card_number);
		} else {
			number_from_uuid(num, ssc_card_uuid(c));
			rc = ssc_card_set_number(c, num);
		}
		/* the identifier the chip was personalised with */
		if (!rc && a->identifier)
			rc = ssc_card_set_identifier(c, a->identifier);
		if (!rc && ssc_date_from_time(&today,
					      ssc_ctx_now(a->reg->ctx)) == 0)
			rc = ssc_card_set_dates(c, today,
						q->expiry_date
							? q->expiry_date
							: ssc_card_expiry_date(c));
	}
	if (!rc && event == SSC_EVENT_INFO_CHANGE &&
	    (q->new_phone || q->new_address)) {
		ssc_person *p = NULL;

		rc = ssc_person_dup(&p, ssc_card_holder(c));
		if (!rc && q->new_phone)
			rc = ssc_person_set_phone(p, q->new_phone);
		if (!rc && q->new_address)
			rc = ssc_person_set_address(p, q->new_address);
		if (!rc)
			rc = ssc_card_set_holder(c, p);
		ssc_person_free(p);
	}
	return rc;
}

static void
region_level(char out[7], const char *region, int level)
{
	out[0] = '\0';
	if (!region || strlen(region) != 6 ||
	    level == SSC_INVALID_LEVEL_NATIONAL)
		return;
	memcpy(out, region, 6);
	out[6] = '\0';
	if (level == SSC_INVALID_LEVEL_PROVINCIAL)
		memcpy(out + 2, "0000", 4);
	else
		memcpy(out + 4, "00", 2);
}

static ssc_status
invalid_effects(attempt *a, const ssc_transition *row, int event,
		int to_state, int64_t now)
{
	const char *num = ssc_card_number(a->card);
	const char *reg = ssc_card_region(a->card);
	char r[7];
	int lvl;
	ssc_status rc = SSC_OK;

	if (!num)
		return SSC_OK;
	for (lvl = SSC_INVALID_LEVEL_NATIONAL;
	     !rc && lvl <= SSC_INVALID_LEVEL_MUNICIPAL; lvl++) {
		region_level(r, reg, lvl);
		if (row->effects & SSC_EFFECT_INVALID_ADD) {
			ssc_store_invalid_entry e = SSC_STORE_INVALID_ENTRY_INIT;

			e.level = lvl;
			e.region = r;
			e.card_number = num;
			e.card_id = ssc_card_uuid(a->card);
			e.time_ms = now;
			e.reason = event == SSC_EVENT_REPORT_LOSS
					   ? "lost"
					   : ssc_card_state_name(to_state);
			rc = ssc_store_txn_add_invalid(a->txn, &e);
		} else if (row->effects & SSC_EFFECT_INVALID_REMOVE) {
			rc = ssc_store_txn_remove_invalid(a->txn, lvl, r, num);
		}
	}
	return rc;
}

/* Encode, chain and add the journal entry of a step; advance the chain. */
static ssc_status
write_entry(attempt *a, size_t k, int service, int event,
	    const ssc_lc_states *n, const char *summary, int64_t deadline,
	    const char *dkind, const char *link, int64_t now)
{
	const ssc_request *q = a->req;
	const ssc_transition *row = NULL;
	ssc__jrec jr;
	ssc_store_journal_entry je = SSC_STORE_JOURNAL_ENTRY_INIT;
	uint8_t h[SSC_JOURNAL_HASH_LEN];
	char kind[24];
	ssc_status rc;

	snprintf(kind, sizeof(kind), "%s%zu",
		 a->entry_kind ? a->entry_kind : "entry", k);
	derived_uuid(a->entry_ids[k], kind, q->request_id);
	if (ssc_lifecycle_find(&row, &a->cur, event))
		row = NULL;
	memset(&jr, 0, sizeof(jr));
	jr.entry_id = a->entry_ids[k];
	jr.card_id = ssc_card_uuid(a->card);
	jr.request_id = q->request_id;
	jr.time_ms = now;
	jr.service = service;
	jr.event = event;
	jr.from = a->cur;
	jr.to = *n;
	jr.actor = row && (row->effects & SSC_EFFECT_SYSTEM)
			   ? SSC_ACTOR_SYSTEM
			   : q->actor;
	jr.actor_doc_type = q->actor_doc_type;
	jr.actor_doc_number = q->actor_doc_number;
	jr.operators[SSC_POST_ACCEPTANCE] = q->acceptance_operator;
	jr.operators[SSC_POST_PROCESSING] = q->processing_operator;
	jr.operators[SSC_POST_FEEDBACK] = q->feedback_operator;
	jr.case_id = q->case_id;
	jr.channel = q->channel;
	jr.outlet = q->outlet;
	jr.evidence = q->evidence_refs;
	jr.n_evidence = q->n_evidence_refs;
	jr.fee_fen = q->fee_fen > 0 ? q->fee_fen : -1;
	jr.verdict = summary;
	jr.reason = q->reason;
	jr.deadline_ms = deadline;
	jr.deadline_kind = dkind;
	jr.batch = q->batch_id;
	jr.link = link;
	ssc__buf_bind(&a->data[k], a->reg->ctx);
	rc = ssc__journal_encode(&a->data[k], &jr);
	if (!rc)
		rc = ssc__journal_chain(h, a->reg->hash, a->prev, a->prev_len,
					a->seq + 1, jr.entry_id,
					(const uint8_t *)a->data[k].ptr,
					a->data[k].size);
	if (rc)
		return rc;
	je.entry_id = jr.entry_id;
	je.card_id = jr.card_id;
	je.sequence = a->seq + 1;
	je.time_ms = now;
	je.request_id = q->request_id;
	je.service = ssc_event_name(event);
	je.hash = h;
	je.hash_len = sizeof(h);
	je.data = (const uint8_t *)a->data[k].ptr;
	je.data_len = a->data[k].size;
	rc = ssc_store_txn_add_journal(a->txn, &je);
	if (rc)
		return rc;
	a->seq++;
	memcpy(a->prev, h, sizeof(h));
	a->prev_len = sizeof(h);
	return SSC_OK;
}

/* Apply one step: transition, guard, card effects, journal entry. */
static ssc_status
do_step(attempt *a, size_t k, const ssc__step *step, const char *link,
	int64_t now, bool *skipped)
{
	const ssc_request *q = a->req;
	const ssc_transition *row = NULL;
	const ssc__jentry *last;
	ssc_lc_states prev, n;
	ssc_verdict *v = NULL;
	char summary[512];
	int64_t deadline = 0;
	const char *dkind = NULL;
	ssc_status rc;

	*skipped = false;
	ssc_lc_states_init(&prev, SSC_LC_STATES_VERSION);
	rc = ssc_lifecycle_find(&row, &a->cur, step->event);
	if (rc) {
		if (step->optional) {
			*skipped = true;
			return SSC_OK;
		}
		return rc;
	}
	if (row->to_state == SSC_LC_PREVIOUS) {
		const ssc_transition *lr = NULL;

		/* the last entry, when it changed a state, is the step to
		 * undo; else the history is read back to that step */
		if (a->have_tail &&
		    memcmp(&a->tail.from, &a->tail.to, sizeof(a->tail.from)) != 0) {
			last = &a->tail;
		} else {
			rc = need_journal(a);
			if (rc)
				return rc;
			last = last_change(&a->jl);
		}
		if (!last || (step->event == SSC_EVENT_CANCEL_LOSS &&
			      last->event != SSC_EVENT_REPORT_LOSS))
			return ssc__error_setf(SSC_ETRANSITION, 0,
					       "%s: no step to undo",
					       ssc_event_name(step->event));
		if (step->event == SSC_EVENT_ROLLBACK &&
		    (ssc_lifecycle_find(&lr, &last->from, last->event) ||
		     !(lr->effects & SSC_EFFECT_REVERSIBLE) ||
		     last->to.card != a->cur.card))
			return ssc__error_setf(
				SSC_ETRANSITION, 0,
				"rollback: the last step (%s) is not "
				"reversible",
				ssc_event_name(last->event));
		prev = last->from;
	}
	if ((step->event == SSC_EVENT_ROLLBACK ||
	     step->event == SSC_EVENT_PHOTO_REJECT) &&
	    (!q->reason || !*q->reason))
		return ssc__error_setf(SSC_EINVAL, 0,
				       "%s needs a reason",
				       ssc_event_name(step->event));
	rc = check_guard(a, row, step->event, 0, &v);
	if (rc)
		return rc;
	if (v && !ssc_verdict_allowed(v)) {
		if (step->optional) {
			ssc_verdict_free(v);
			*skipped = true;
			return SSC_OK;
		}
		a->refusal = v;
		return ssc__error_setf(SSC_ENOTELIGIBLE, 0,
				       "%s refused by the rules of pack %s",
				       ssc_event_name(step->event),
				       ssc_verdict_pack(v));
	}
	summary_of(summary, sizeof(summary), v);
	rc = ssc_lifecycle_apply(&n, NULL, &a->cur, step->event, &prev);
	if (!rc)
		rc = deadline_for(a, row, now, &deadline, &dkind);
	if (!rc)
		rc = apply_card_effects(a, step->event, &n);
	if (!rc)
		rc = invalid_effects(a, row, step->event, n.card, now);
	if (rc) {
		ssc_verdict_free(v);
		return rc;
	}
	rc = write_entry(a, k, row->service, step->event, &n, summary,
			 deadline, dkind, link, now);
	if (rc) {
		ssc_verdict_free(v);
		return rc;
	}
	if (a->res) {
		a->res->event = step->event;
		if (deadline)
			a->res->deadline = deadline;
		if (v) {
			ssc_verdict_free(a->res->verdict);
			a->res->verdict = v;
			v = NULL;
			ssc__free(a->reg->ctx, a->res->summary);
			a->res->summary = ssc__strdup(a->reg->ctx, summary);
		}
		ssc__free(a->reg->ctx, a->res->entry_id);
		a->res->entry_id = ssc__strdup(a->reg->ctx, a->entry_ids[k]);
		if (!a->res->entry_id || (!a->res->summary && a->res->verdict))
			rc = ssc__error_setf(SSC_ENOMEM, 0,
					     "registry: no memory");
	}
	ssc_verdict_free(v);
	a->cur = n;
	return rc;
}

/* The card row and its journal are read one after the other: when the
 * journal's tail does not match the row, a concurrent commit may have come
 * in between.  SSC_ECONFLICT (the call retries) when the row's revision
 * has moved, else SSC_ECORRUPT (the error already set). */
static ssc_status
moved_on(attempt *a, const char *card_id)
{
	ssc_store_card now = SSC_STORE_CARD_INIT;
	ssc_status rc;

	rc = ssc_store_load_by_id(&now, a->reg->store, card_id);
	if (rc == SSC_OK && now.revision != a->sc.revision)
		rc = ssc__error_setf(SSC_ECONFLICT, 0,
				     "registry: the card changed while its "
				     "journal was read");
	else if (rc == SSC_OK)
		rc = ssc__error_setf(SSC_ECORRUPT, 0,
				     "registry: the journal does not end "
				     "where the card record says");
	ssc_store_card_dispose(&now);
	return rc;
}

/* Load (or create) the card and its journal. */
static ssc_status
load(attempt *a, const ssc_person *holder, bool create, const char *card_id)
{
	ssc_status rc;

	a->seq = 0;
	a->prev_len = 0;
	if (create) {
		const char *region = ssc_ctx_region(a->reg->ctx);

		if (!holder || !ssc_person_id_number(holder))
			return ssc__error_setf(SSC_EINVAL, 0,
					       "apply: the holder needs an ID "
					       "number");
		if (!region)
			return ssc__error_setf(SSC_EINVAL, 0,
					       "apply: the context has no "
					       "region");
		rc = ssc_card_new(&a->card, a->reg->ctx);
		if (!rc && card_id)
			rc = ssc_card_set_uuid(a->card, card_id);
		if (!rc)
			rc = ssc_card_set_holder(a->card, holder);
		if (!rc)
			rc = ssc_card_set_region(a->card, region);
		if (rc)
			return rc;
		states_of_card(&a->cur, a->card);
		return SSC_OK;
	}
	a->sc.version = SSC_STORE_CARD_VERSION;
	rc = ssc_store_load_by_id(&a->sc, a->reg->store, card_id);
	if (rc)
		return rc;
	a->loaded = true;
	rc = ssc_card_decode(&a->card, a->reg->ctx, a->sc.record,
			     a->sc.record_len);
	if (rc)
		return rc;
	if (tail_of_record(&a->seq, a->prev, a->sc.record, a->sc.record_len)) {
		/* the journal's tail must be the one the record carries */
		a->prev_len = SSC_JOURNAL_HASH_LEN;
		rc = ssc__journal_check_tail(a->want_tail ? &a->tail : NULL,
					     a->reg->store, card_id, a->seq,
					     a->prev, a->prev_len);
		if (rc == SSC_ECORRUPT)
			rc = moved_on(a, card_id);
		if (rc)
			return rc;
		a->have_tail = a->want_tail;
	} else {
		/* a record written before the tail field: the whole chain */
		a->seq = 0;
		rc = ssc__journal_load(&a->jl, a->reg->ctx, a->reg->store,
				       card_id, true);
		if (rc)
			return rc;
		a->jl_loaded = true;
		if (a->jl.n) {
			const ssc__jentry *e = &a->jl.v[a->jl.n - 1];

			a->seq = e->seq;
			memcpy(a->prev, e->hash, e->hash_len);
			a->prev_len = e->hash_len;
		}
	}
	states_of_card(&a->cur, a->card);
	a->ecard_at_load = a->cur.ecard;
	return SSC_OK;
}

/* Write the card, the mirror and (optionally) the request into the txn
 * and commit. */
static ssc_status
commit(attempt *a, bool create, int64_t now, bool record_request)
{
	ssc_store_card sc = SSC_STORE_CARD_INIT;
	ssc_store_mirror m = SSC_STORE_MIRROR_INIT;
	ssc_buf rec = SSC_BUF_INIT, resb = SSC_BUF_INIT, tail = SSC_BUF_INIT;
	char mdata[64], pending[48];
	ssc_status rc;

	ssc__buf_bind(&rec, a->reg->ctx);
	ssc__buf_bind(&resb, a->reg->ctx);
	ssc__buf_bind(&tail, a->reg->ctx);
	rc = ssc_card_encode(&tail, a->card);
	if (!rc && a->seq > 0 && a->prev_len == SSC_JOURNAL_HASH_LEN)
		rc = record_with_tail(&rec, &tail, a->seq, a->prev);
	else if (!rc)
		rc = ssc_buf_set(&rec, tail.ptr, tail.size);
	ssc_buf_dispose(&tail);
	if (rc) {
		ssc_buf_dispose(&rec);
		return rc;
	}
	sc.card_id = ssc_card_uuid(a->card);
	/* the store indexes card numbers: before production the card has
	 * none, and its row is indexed under "pending:<internal id>" */
	snprintf(pending, sizeof(pending), "pending:%s", sc.card_id);
	sc.card_number = ssc_card_number(a->card) ? ssc_card_number(a->card)
						  : pending;
	sc.region = ssc_card_region(a->card);
	sc.state = a->cur.card;
	sc.record = (const uint8_t *)rec.ptr;
	sc.record_len = rec.size;
	if (create) {
		sc.holder_id = ssc_person_id_number(ssc_card_holder(a->card));
	} else {
		sc.holder_index = a->sc.holder_index;
		sc.holder_index_len = a->sc.holder_index_len;
	}
	rc = ssc_store_txn_set_card(a->txn, &sc, create ? 0 : a->sc.revision);
	/* the mirror follows the e-card, also when a rollback withdraws it */
	if (!rc && (a->cur.ecard != SSC_ECARD_STATE_NONE ||
		    a->ecard_at_load != SSC_ECARD_STATE_NONE)) {
		snprintf(mdata, sizeof(mdata), "{\"state\":\"%s\"}",
			 ssc_ecard_state_name(a->cur.ecard));
		m.card_id = sc.card_id;
		m.state = a->cur.ecard;
		m.time_ms = now;
		m.data = (const uint8_t *)mdata;
		m.data_len = strlen(mdata);
		rc = ssc_store_txn_set_mirror(a->txn, &m);
	}
	if (!rc && record_request) {
		a->res->states = a->cur;
		rc = result_encode(&resb, a->res, a->fp);
		if (!rc)
			rc = ssc_store_txn_set_request(
				a->txn, a->req->request_id,
				(const uint8_t *)resb.ptr, resb.size);
	}
	if (!rc)
		rc = ssc_store_commit(NULL, a->reg->store, a->txn);
	ssc_buf_dispose(&rec);
	ssc_buf_dispose(&resb);
	return rc;
}

static ssc_status
result_card(attempt *a)
{
	a->res = result_new(a->reg->ctx);
	if (!a->res)
		return ssc__error_setf(SSC_ENOMEM, 0, "registry: no memory");
	a->res->card_id = ssc__strdup(a->reg->ctx, ssc_card_uuid(a->card));
	if (!a->res->card_id)
		return ssc__error_setf(SSC_ENOMEM, 0, "registry: no memory");
	return SSC_OK;
}

/* The new card of a replacement: created (or found, on a retry) before
 * the old card is committed. */
static ssc_status
create_replacement(attempt *a, const char *new_id, int service, int64_t now)
{
	attempt b;
	ssc__step st = { SSC_EVENT_APPLY, false };
	ssc_status rc;

	memset(&b, 0, sizeof(b));
	b.reg = a->reg;
	b.req = a->req;
	b.fp = a->fp;
	b.entry_kind = "replacement";
	b.sc.version = SSC_STORE_CARD_VERSION;
	rc = ssc_store_load_by_id(&b.sc, a->reg->store, new_id);
	if (rc == SSC_OK) {
		b.loaded = true;
		rc = ssc_card_decode(&b.card, a->reg->ctx, b.sc.record,
				     b.sc.record_len);
		if (!rc && (!ssc_card_replaces(b.card) ||
			    strcmp(ssc_card_replaces(b.card),
				   ssc_card_uuid(a->card)) != 0))
			rc = ssc__error_setf(SSC_EIDEMPOTENCY, 0,
					     "replacement: the derived card "
					     "id belongs to another card");
		attempt_clear(&b);
		return rc;
	}
	if (rc != SSC_ENOTFOUND)
		return rc;
	rc = ssc_card_dup(&b.card, a->card);
	if (!rc)
		rc = ssc_card_set_uuid(b.card, new_id);
	if (!rc)
		rc = ssc_card_set_number(b.card, NULL);
	if (!rc)
		rc = ssc_card_set_replaced_by(b.card, NULL);
	if (!rc)
		rc = ssc_card_set_replaces(b.card, ssc_card_uuid(a->card));
	if (!rc)
		rc = ssc_card_set_dates(b.card, 0, 0);
	if (!rc)
		rc = ssc_card_set_state(b.card, SSC_CARD_STATE_UNSET);
	if (!rc)
		rc = ssc_card_set_ecard_state(b.card, SSC_ECARD_STATE_NONE);
	if (!rc)
		rc = ssc_card_set_pin_state(b.card, SSC_PIN_STATE_UNSET);
	if (!rc)
		rc = ssc_card_set_fin(b.card, SSC_FIN_STATE_UNSET,
				      ssc_card_fin_bank(a->card), NULL);
	if (!rc)
		rc = ssc_store_txn_new(&b.txn, a->reg->store);
	if (rc) {
		attempt_clear(&b);
		return rc;
	}
	states_of_card(&b.cur, b.card);
	/* the new card's first entry: an application through the
	 * replacement service (already guarded on the old card) */
	{
		ssc_lc_states n;

		rc = ssc_lifecycle_apply(&n, NULL, &b.cur, st.event, NULL);
		if (!rc)
			rc = apply_card_effects(&b, st.event, &n);
		if (!rc)
			rc = write_entry(&b, 0, service, st.event, &n,
					 "replacement of a card", 0, NULL,
					 ssc_card_uuid(a->card), now);
		if (!rc)
			b.cur = n;
	}
	if (!rc)
		rc = commit(&b, true, now, false);
	attempt_clear(&b);
	return rc;
}

static ssc_status
attempt_once(ssc_result **out, ssc_registry *reg, const ssc_request *req,
	     const ssc__step *steps, size_t n_steps, const ssc_person *holder,
	     const char *fp, const uint8_t *identifier)
{
	attempt a;
	bool create = steps[0].event == SSC_EVENT_APPLY ||
		      steps[0].event == SSC_EVENT_APPLY_ONLINE ||
		      steps[0].event == SSC_EVENT_APPLY_BATCH;
	int64_t now = ssc_ctx_now(reg->ctx);
	char new_id[37], card_id[37];
	const char *link = NULL;
	const ssc_transition *row0 = NULL;
	size_t k;
	int done = 0;
	ssc_status rc;

	memset(&a, 0, sizeof(a));
	a.reg = reg;
	a.req = req;
	a.fp = fp;
	a.identifier = identifier;
	for (k = 0; k < n_steps && k < MAX_STEPS; k++)
		if (steps[k].event == SSC_EVENT_CANCEL_LOSS ||
		    steps[k].event == SSC_EVENT_ROLLBACK)
			a.want_tail = true;
	if (create)
		derived_uuid(card_id, "card", req->request_id);
	rc = load(&a, holder, create, create ? card_id : req->card_id);
	if (!rc)
		rc = result_card(&a);
	if (!rc)
		rc = ssc_store_txn_new(&a.txn, reg->store);
	if (!rc)
		rc = check_duties(&a);
	if (!rc && create) {
		uint32_t f = 0;

		rc = holder_facts(&f, reg->store,
				  ssc_person_id_number(holder), card_id);
		if (!rc && (f & SSC_FACT_HAS_VALID_CARD) &&
		    steps[0].event == SSC_EVENT_APPLY_BATCH)
			rc = ssc__error_setf(SSC_EONECARD, 0,
					     "apply: the holder already holds "
					     "a valid card");
		a.extra_facts = f;
	}
	if (!rc && !create &&
	    ssc_lifecycle_find(&row0, &a.cur, steps[0].event) != SSC_OK) {
		row0 = NULL;
		if (!steps[0].optional)
			rc = ssc_lifecycle_find(&row0, &a.cur, steps[0].event);
	}
	if (!rc && row0 && (row0->effects & SSC_EFFECT_NEW_CARD)) {
		derived_uuid(new_id, "replacement", req->request_id);
		link = new_id;
	}
	for (k = 0; !rc && k < n_steps && k < MAX_STEPS; k++) {
		bool skipped = false;

		rc = do_step(&a, k, &steps[k], k == 0 ? link : NULL, now,
			     &skipped);
		if (!rc && !skipped)
			done++;
	}
	if (!rc && done == 0)
		rc = ssc__error_setf(SSC_ETRANSITION, 0,
				     "%s is not allowed from state %s",
				     ssc_event_name(steps[0].event),
				     ssc_card_state_name(a.cur.card));
	if (!rc && link) {
		rc = create_replacement(&a, new_id, row0->service, now);
		if (!rc)
			rc = ssc_card_set_replaced_by(a.card, new_id);
		if (!rc) {
			a.res->new_card_id = ssc__strdup(reg->ctx, new_id);
			if (!a.res->new_card_id)
				rc = ssc__error_setf(SSC_ENOMEM, 0,
						     "registry: no memory");
		}
	}
	if (!rc)
		rc = commit(&a, create, now, true);
	if (rc == SSC_ENOTELIGIBLE && a.refusal && a.res) {
		char summary[512];

		summary_of(summary, sizeof(summary), a.refusal);
		a.res->verdict = a.refusal;
		a.refusal = NULL;
		a.res->summary = ssc__strdup(reg->ctx, summary);
		a.res->event = steps[0].event;
		a.res->states = a.cur;
		*out = a.res;
		a.res = NULL;
		ssc__error_setf(SSC_ENOTELIGIBLE, 0, "%s refused: %s",
				ssc_event_name(steps[0].event), summary);
	} else if (!rc) {
		a.res->states = a.cur;
		*out = a.res;
		a.res = NULL;
	}
	attempt_clear(&a);
	return rc;
}

static ssc_status
run(ssc_result **out, ssc_registry *reg, const ssc_request *req,
    const ssc__step *steps, size_t n_steps, const ssc_person *holder,
    const uint8_t *identifier)
{
	bool create;
	char fp[65];
	ssc_buf prior = SSC_BUF_INIT;
	unsigned int i;
	bool exists = false;
	ssc_status rc;

	if (!out || !reg || !steps || n_steps == 0 || n_steps > MAX_STEPS)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "registry: NULL argument");
	create = steps[0].event == SSC_EVENT_APPLY ||
		 steps[0].event == SSC_EVENT_APPLY_ONLINE ||
		 steps[0].event == SSC_EVENT_APPLY_BATCH;
	rc = check_request(req, !create);
	if (rc)
		return rc;
	rc = fingerprint(fp, reg->ctx, req, steps, n_steps, holder);
	if (rc)
		return rc;
	ssc__buf_bind(&prior, reg->ctx);
	for (i = 0; i < reg->attempts; i++) {
		rc = ssc_store_request_lookup(&prior, reg->store,
					      req->request_id);
		if (rc == SSC_OK) {
			rc = result_decode(out, reg->ctx, &prior, fp);
			break;
		}
		if (rc != SSC_ENOTFOUND)
			break;
		if (exists) {
			/* the commit collided with something other than this
			 * request id: report it */
			rc = ssc__error_setf(SSC_EEXISTS, SSC_ERROR_CLASS_STORE,
					     "registry: the commit collided "
					     "with existing records");
			break;
		}
		rc = attempt_once(out, reg, req, steps, n_steps, holder, fp,
				  identifier);
		exists = rc == SSC_EEXISTS;
		if (rc == SSC_EEXISTS || rc == SSC_ECONFLICT) {
			/* a concurrent call recorded the request, or changed
			 * the card: look again / reload */
			if (i + 1 < reg->attempts && !exists)
				ssc__store_backoff(i);
			continue;
		}
		break;
	}
	ssc_buf_dispose(&prior);
	return rc;
}

ssc_status
ssc__registry_run(ssc_result **out, ssc_registry *reg, const ssc_request *req,
		  const ssc__step *steps, size_t n_steps,
		  const ssc_person *holder)
{
	return run(out, reg, req, steps, n_steps, holder, NULL);
}

ssc_status
ssc__registry_run_ident(ssc_result **out, ssc_registry *reg,
			const ssc_request *req, const ssc__step *steps,
			size_t n_steps, const uint8_t identifier[16])
{
	return run(out, reg, req, steps, n_steps, NULL, identifier);
}

/* ---- the services ---------------------------------------------------------- */

static ssc_status
one(ssc_result **out, ssc_registry *reg, const ssc_request *req, int event)
{
	ssc__step s = { event, false };

	return ssc__registry_run(out, reg, req, &s, 1, NULL);
}

ssc_status
ssc_registry_apply(ssc_result **out, ssc_registry *reg, const ssc_request *req,
		   const ssc_person *holder)
{
	ssc__step s = { SSC_EVENT_APPLY, false };

	if (!req)
		return ssc__error_setf(SSC_EINVAL, 0, "apply: NULL request");
	if (req->channel == SSC_CHANNEL_ONLINE)
		s.event = SSC_EVENT_APPLY_ONLINE;
	else if (req->channel == SSC_CHANNEL_BATCH ||
		 req->actor == SSC_ACTOR_EMPLOYER_AGENT)
		s.event = SSC_EVENT_APPLY_BATCH;
	if (!holder)
		return ssc__error_setf(SSC_EINVAL, 0, "apply: NULL holder");
	return ssc__registry_run(out, reg, req, &s, 1, holder);
}

ssc_status
ssc_registry_approve(ssc_result **out, ssc_registry *reg,
		     const ssc_request *req)
{
	ssc__step s[2] = { { SSC_EVENT_APPROVE, true },
			   { SSC_EVENT_PHOTO_APPROVE, true } };

	return ssc__registry_run(out, reg, req, s, 2, NULL);
}

#define SERVICE(fn, ev)                                                        \
	ssc_status fn(ssc_result **out, ssc_registry *reg,                    \
		      const ssc_request *req)                                  \
	{                                                                      \
		return one(out, reg, req, ev);                                 \
	}

SERVICE(ssc_registry_reject_photo, SSC_EVENT_PHOTO_REJECT)
SERVICE(ssc_registry_resubmit_photo, SSC_EVENT_PHOTO_RESUBMIT)
SERVICE(ssc_registry_generate_data, SSC_EVENT_GENERATE_DATA)
SERVICE(ssc_registry_batch_to_individual, SSC_EVENT_BATCH_TO_INDIVIDUAL)
SERVICE(ssc_registry_start_production, SSC_EVENT_START_PRODUCTION)
SERVICE(ssc_registry_finish_production, SSC_EVENT_FINISH_PRODUCTION)
SERVICE(ssc_registry_mail, SSC_EVENT_MAIL)
SERVICE(ssc_registry_deliver, SSC_EVENT_DELIVER)
SERVICE(ssc_registry_activate_ss, SSC_EVENT_ACTIVATE_SS)
SERVICE(ssc_registry_activate_transfer, SSC_EVENT_ACTIVATE_TRANSFER)
SERVICE(ssc_registry_report_loss, SSC_EVENT_REPORT_LOSS)
SERVICE(ssc_registry_cancel_loss, SSC_EVENT_CANCEL_LOSS)
SERVICE(ssc_registry_replace_lost, SSC_EVENT_REPLACE_LOST)
SERVICE(ssc_registry_replace_damaged, SSC_EVENT_REPLACE_DAMAGED)
SERVICE(ssc_registry_reissue, SSC_EVENT_REISSUE)
SERVICE(ssc_registry_info_change, SSC_EVENT_INFO_CHANGE)
SERVICE(ssc_registry_pin_change, SSC_EVENT_PIN_CHANGE)
SERVICE(ssc_registry_pin_reset, SSC_EVENT_PIN_RESET)
SERVICE(ssc_registry_pin_blocked, SSC_EVENT_PIN_BLOCKED)
SERVICE(ssc_registry_unlock, SSC_EVENT_UNLOCK)
SERVICE(ssc_registry_status_query, SSC_EVENT_STATUS_QUERY)
SERVICE(ssc_registry_cancel, SSC_EVENT_CANCEL)
SERVICE(ssc_registry_rollback, SSC_EVENT_ROLLBACK)

ssc_status
ssc_registry_collect(ssc_result **out, ssc_registry *reg,
		     const ssc_request *req)
{
	if (!req)
		return ssc__error_setf(SSC_EINVAL, 0, "collect: NULL request");
	return one(out, reg, req,
		   req->actor == SSC_ACTOR_EMPLOYER_AGENT
			   ? SSC_EVENT_COLLECT_BATCH
			   : SSC_EVENT_COLLECT);
}

ssc_status
ssc_registry_activate_financial(ssc_result **out, ssc_registry *reg,
				const ssc_request *req)
{
	ssc__step s[2] = { { SSC_EVENT_ACTIVATE_FINANCIAL, false },
			   { SSC_EVENT_ACTIVATE_LINKED, true } };

	return ssc__registry_run(out, reg, req, s, 2, NULL);
}
