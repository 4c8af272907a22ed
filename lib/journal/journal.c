/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lib/journal/journal.c: journal entries — JSON encoding with masked
 * document numbers, the SHA-256 / SM3 hash chain (OpenSSL EVP), loading a
 * card's journal decoded, chain verification and export.
 */
#include <string.h>

#include <openssl/evp.h>

#include "journal/journal_int.h"
#include <socialcard/card.h>
#include <socialcard/rules.h>
#include <socialcard/sys/store_backend.h>

static const char *const actor_names[] = {
	"unset", "holder", "agent", "guardian", "employer_agent", "system",
};
static const char *const channel_names[] = {
	"unset", "window", "kiosk", "online", "bank", "phone", "mail", "batch",
};
static const char *const post_names[] = {
	NULL, "acceptance", "processing", "feedback",
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

const char *
ssc__actor_name(int actor)
{
	return actor >= 0 && (size_t)actor < N_OF(actor_names)
		       ? actor_names[actor]
		       : "unknown";
}

const char *
ssc__channel_name(int channel)
{
	return channel >= 0 && (size_t)channel < N_OF(channel_names)
		       ? channel_names[channel]
		       : "unknown";
}

static int
index_of(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 1; name && i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (int)i;
	return 0;
}

int
ssc__channel_from_name(const char *name)
{
	return index_of(channel_names, N_OF(channel_names), name);
}

int
ssc__actor_from_name(const char *name)
{
	return index_of(actor_names, N_OF(actor_names), name);
}

const char *
ssc_post_name(int post)
{
	return post > 0 && (size_t)post < N_OF(post_names) ? post_names[post]
							     : NULL;
}

/* ---- encoding ----------------------------------------------------------- */

static json_t *
states_json(const ssc_lc_states *s)
{
	return json_pack("{s:i, s:i, s:i, s:i}", "card", s->card, "fin",
			 s->fin, "pin", s->pin, "ecard", s->ecard);
}

static int
set_str(json_t *o, const char *k, const char *v)
{
	if (!v)
		return 0;
	return json_object_set_new(o, k, json_string(v));
}

ssc_status
ssc__journal_encode(ssc_buf *out, const ssc__jrec *r)
{
	json_t *o, *ops, *ev;
	char masked[SSC__MASK_MAX];
	char *text;
	int bad = 0;
	size_t i;
	ssc_status rc;

	o = json_object();
	ops = json_array();
	ev = json_array();
	if (!o || !ops || !ev) {
		json_decref(o);
		json_decref(ops);
		json_decref(ev);
		return ssc__error_setf(SSC_ENOMEM, 0, "journal: no memory");
	}
	bad |= json_object_set_new(o, "v", json_integer(1));
	bad |= set_str(o, "id", r->entry_id);
	bad |= set_str(o, "card", r->card_id);
	bad |= set_str(o, "request", r->request_id);
	bad |= json_object_set_new(o, "time", json_integer(r->time_ms));
	bad |= set_str(o, "service",
		       r->service ? ssc_service_name(r->service) : NULL);
	bad |= set_str(o, "event", ssc_event_name(r->event));
	bad |= json_object_set_new(o, "from", states_json(&r->from));
	bad |= json_object_set_new(o, "to", states_json(&r->to));
	bad |= set_str(o, "actor", ssc__actor_name(r->actor));
	if (r->actor_doc_type)
		bad |= set_str(o, "actor_doc",
			       ssc_doc_type_name(r->actor_doc_type));
	if (r->actor_doc_number) {
		if (r->actor_doc_type == SSC_DOC_RESIDENT_ID ||
		    r->actor_doc_type == SSC_DOC_TEMPORARY_ID ||
		    r->actor_doc_type == SSC_DOC_HOUSEHOLD_REGISTER)
			ssc__mask_id(masked, r->actor_doc_number);
		else
			ssc__mask_number(masked, r->actor_doc_number, 2, 2);
		bad |= set_str(o, "actor_no", masked);
	}
	for (i = 1; i <= 3; i++) {
		if (!r->operators[i])
			continue;
		bad |= json_array_append_new(
			ops, json_pack("{s:s, s:s}", "post", ssc_post_name((int)i),
				       "operator", r->operators[i]));
	}
	bad |= json_object_set(o, "steps", ops);
	bad |= set_str(o, "channel", ssc__channel_name(r->channel));
	bad |= set_str(o, "outlet", r->outlet);
	for (i = 0; i < r->n_evidence; i++)
		if (r->evidence[i])
			bad |= json_array_append_new(
				ev, json_string(r->evidence[i]));
	bad |= json_object_set(o, "evidence", ev);
	if (r->fee_fen >= 0)
		bad |= json_object_set_new(o, "fee", json_integer(r->fee_fen));
	bad |= set_str(o, "verdict", r->verdict);
	bad |= set_str(o, "reason", r->reason);
	if (r->deadline_ms) {
		bad |= json_object_set_new(o, "deadline",
					   json_integer(r->deadline_ms));
		bad |= set_str(o, "deadline_kind", r->deadline_kind);
	}
	bad |= set_str(o, "batch", r->batch);
	bad |= set_str(o, "link", r->link);
	bad |= set_str(o, "case", r->case_id);
	json_decref(ops);
	json_decref(ev);
	if (bad) {
		json_decref(o);
		return ssc__error_setf(SSC_ENOMEM, 0,
				       "journal: cannot encode the entry");
	}
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (!text)
		return ssc__error_setf(SSC_ENOMEM, 0, "journal: no memory");
	rc = ssc_buf_set(out, text, strlen(text));
	free(text);
	return rc;
}

/* ---- chain ------------------------------------------------------------- */

ssc_status
ssc__journal_chain(uint8_t out[SSC_JOURNAL_HASH_LEN], int algo,
		   const uint8_t *prev, size_t prev_len, int64_t seq,
		   const char *entry_id, const uint8_t *data, size_t len)
{
	static const uint8_t zero[32];
	EVP_MD *md;
	EVP_MD_CTX *mctx;
	uint8_t tag, be[8];
	unsigned int dlen = 0;
	int ok, i;

	if (algo == SSC_JOURNAL_HASH_DEFAULT)
		algo = SSC_JOURNAL_HASH_SHA256;
	if (algo != SSC_JOURNAL_HASH_SHA256 && algo != SSC_JOURNAL_HASH_SM3)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "journal: unknown hash %d", algo);
	md = EVP_MD_fetch(NULL, algo == SSC_JOURNAL_HASH_SM3 ? "SM3" : "SHA256",
			  NULL);
	if (!md)
		return ssc__error_setf(SSC_ENOTSUPPORTED, 0,
				       "journal: hash %s not available",
				       algo == SSC_JOURNAL_HASH_SM3 ? "SM3"
								    : "SHA-256");
	mctx = EVP_MD_CTX_new();
	tag = (uint8_t)algo;
	for (i = 0; i < 8; i++)
		be[i] = (uint8_t)((uint64_t)seq >> (56 - 8 * i));
	if (!prev || prev_len == 0) {
		prev = zero;
		prev_len = sizeof(zero);
	}
	ok = mctx && EVP_DigestInit_ex(mctx, md, NULL) &&
	     EVP_DigestUpdate(mctx, &tag, 1) &&
	     EVP_DigestUpdate(mctx, prev, prev_len) &&
	     EVP_DigestUpdate(mctx, be, 8) &&
	     EVP_DigestUpdate(mctx, entry_id ? entry_id : "",
			      entry_id ? strlen(entry_id) : 0) &&
	     EVP_DigestUpdate(mctx, data ? data : zero, data ? len : 0) &&
	     EVP_DigestFinal_ex(mctx, out + 1, &dlen) && dlen == 32;
	EVP_MD_CTX_free(mctx);
	EVP_MD_free(md);
	if (!ok)
		return ssc__error_setf(SSC_ECRYPTO, 0,
				       "journal: hashing failed");
	out[0] = tag;
	return SSC_OK;
}

ssc_status
ssc_journal_verify_entries(size_t *out_bad,
			   const ssc_store_journal_entry *entries, size_t n)
{
	uint8_t h[SSC_JOURNAL_HASH_LEN];
	const uint8_t *prev = NULL;
	size_t prev_len = 0, i;
	ssc_status rc;

	if (!entries && n)
		return ssc__error_setf(SSC_EINVAL, 0, "journal: NULL entries");
	for (i = 0; i < n; i++) {
		const ssc_store_journal_entry *e = &entries[i];

		if (e->sequence != (int64_t)i + 1 ||
		    e->hash_len != SSC_JOURNAL_HASH_LEN || !e->hash) {
			if (out_bad)
				*out_bad = i;
			return ssc__error_setf(
				SSC_ECORRUPT, 0,
				"journal: entry %zu: sequence %lld or hash "
				"length %zu breaks the chain",
				i, (long long)e->sequence, e->hash_len);
		}
		rc = ssc__journal_chain(h, e->hash[0], prev, prev_len,
					e->sequence, e->entry_id, e->data,
					e->data_len);
		if (rc)
			return rc;
		if (memcmp(h, e->hash, SSC_JOURNAL_HASH_LEN) != 0) {
			if (out_bad)
				*out_bad = i;
			return ssc__error_setf(SSC_ECORRUPT, 0,
					       "journal: entry %zu (sequence "
					       "%lld) does not match its hash",
					       i, (long long)e->sequence);
		}
		prev = e->hash;
		prev_len = e->hash_len;
	}
	return SSC_OK;
}

/* ---- loading ----------------------------------------------------------- */

static void
states_from(ssc_lc_states *s, json_t *o)
{
	ssc_lc_states_init(s, SSC_LC_STATES_VERSION);
	s->card = (int)json_integer_value(json_object_get(o, "card"));
	s->fin = (int)json_integer_value(json_object_get(o, "fin"));
	s->pin = (int)json_integer_value(json_object_get(o, "pin"));
	s->ecard = (int)json_integer_value(json_object_get(o, "ecard"));
}

static ssc_status
decode(ssc__jentry *d, const ssc_store_journal_entry *e)
{
	json_error_t err;
	json_t *o;

	memset(d, 0, sizeof(*d));
	o = json_loadb((const char *)e->data, e->data_len, 0, &err);
	if (!o || !json_is_object(o)) {
		json_decref(o);
		return ssc__error_setf(SSC_ECORRUPT, 0,
				       "journal: entry %lld is not valid JSON",
				       (long long)e->sequence);
	}
	d->json = o;
	d->seq = e->sequence;
	if (e->hash_len <= sizeof(d->hash)) {
		memcpy(d->hash, e->hash, e->hash_len);
		d->hash_len = e->hash_len;
	}
	d->time_ms = json_integer_value(json_object_get(o, "time"));
	d->service = ssc_service_from_name(
		json_string_value(json_object_get(o, "service")));
	d->event = ssc_event_from_name(
		json_string_value(json_object_get(o, "event")));
	states_from(&d->from, json_object_get(o, "from"));
	states_from(&d->to, json_object_get(o, "to"));
	d->actor = ssc__actor_from_name(
		json_string_value(json_object_get(o, "actor")));
	d->channel = ssc__channel_from_name(
		json_string_value(json_object_get(o, "channel")));
	d->deadline_ms = json_integer_value(json_object_get(o, "deadline"));
	d->deadline_kind =
		json_string_value(json_object_get(o, "deadline_kind"));
	d->batch = json_string_value(json_object_get(o, "batch"));
	d->request_id = json_string_value(json_object_get(o, "request"));
	if (d->event == SSC_EVENT_UNSET)
		return ssc__error_setf(SSC_ECORRUPT, 0,
				       "journal: entry %lld has no known event",
				       (long long)e->sequence);
	return SSC_OK;
}

void
ssc__journal_list_free(const ssc_ctx *ctx, ssc__jlist *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		json_decref(l->v[i].json);
	ssc__free(ctx, l->v);
	l->v = NULL;
	l->n = 0;
}

ssc_status
ssc__journal_load(ssc__jlist *out, const ssc_ctx *ctx, ssc_store *store,
		  const char *card_id, bool verify)
{
	ssc_store_iter *it = NULL;
	const ssc_store_journal_entry *e;
	ssc__jlist l = { NULL, 0 };
	size_t cap = 0;
	uint8_t prev[SSC_JOURNAL_HASH_LEN], h[SSC_JOURNAL_HASH_LEN];
	size_t prev_len = 0;
	ssc_status rc;

	rc = ssc_store_iter_journal(&it, store, card_id, NULL, 0);
	if (rc)
		return rc;
	for (;;) {
		rc = ssc_store_iter_next_journal(&e, it);
		if (rc || !e)
			break;
		if (verify) {
			if (e->sequence != (int64_t)l.n + 1 ||
			    e->hash_len != SSC_JOURNAL_HASH_LEN) {
				rc = ssc__error_setf(
					SSC_ECORRUPT, 0,
					"journal: entry %zu: bad sequence or "
					"hash", l.n);
				break;
			}
			rc = ssc__journal_chain(h, e->hash[0], prev, prev_len,
						e->sequence, e->entry_id,
						e->data, e->data_len);
			if (rc)
				break;
			if (memcmp(h, e->hash, sizeof(h)) != 0) {
				rc = ssc__error_setf(
					SSC_ECORRUPT, 0,
					"journal: entry %lld does not match "
					"its hash",
					(long long)e->sequence);
				break;
			}
			memcpy(prev, e->hash, sizeof(prev));
			prev_len = sizeof(prev);
		}
		if (l.n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			ssc__jentry *nv = ssc__realloc(ctx, l.v,
						       ncap * sizeof(*nv));

			if (!nv) {
				rc = ssc__error_setf(SSC_ENOMEM, 0,
						     "journal: no memory");
				break;
			}
			l.v = nv;
			cap = ncap;
		}
		rc = decode(&l.v[l.n], e);
		if (rc) {
			json_decref(l.v[l.n].json);
			break;
		}
		l.n++;
	}
	ssc_store_iter_free(it);
	if (rc) {
		ssc__journal_list_free(ctx, &l);
		return rc;
	}
	*out = l;
	return SSC_OK;
}

ssc_status
ssc__journal_check_tail(ssc__jentry *out_tail, ssc_store *store,
			const char *card_id, int64_t seq, const uint8_t *hash,
			size_t hash_len)
{
	ssc_store_iter *it = NULL;
	const ssc_store_journal_entry *e;
	uint8_t prev[SSC_JOURNAL_HASH_LEN], h[SSC_JOURNAL_HASH_LEN];
	size_t prev_len = 0;
	char after[24];
	bool seen = false;
	ssc_status rc;

	if (seq < 1 || hash_len != SSC_JOURNAL_HASH_LEN || !hash)
		return ssc__error_setf(SSC_ECORRUPT, 0,
				       "journal: the card records no valid "
				       "journal tail");
	/* the entry before the tail (its hash is the tail's chain input),
	 * the tail, and anything after it (which must not exist) */
	if (seq > 1)
		snprintf(after, sizeof(after), "%lld", (long long)seq - 2);
	rc = ssc_store_iter_journal(&it, store, card_id,
				    seq > 1 ? after : NULL, 3);
	if (rc)
		return rc;
	while ((rc = ssc_store_iter_next_journal(&e, it)) == SSC_OK && e) {
		if (e->sequence < seq) {
			if (e->sequence != seq - 1 ||
			    e->hash_len != SSC_JOURNAL_HASH_LEN) {
				rc = ssc__error_setf(
					SSC_ECORRUPT, 0,
					"journal: entry %lld before the tail "
					"is out of sequence",
					(long long)e->sequence);
				break;
			}
			memcpy(prev, e->hash, sizeof(prev));
			prev_len = sizeof(prev);
			continue;
		}
		if (e->sequence > seq || seen) {
			rc = ssc__error_setf(SSC_ECORRUPT, 0,
					     "journal: entry %lld follows the "
					     "recorded tail %lld",
					     (long long)e->sequence,
					     (long long)seq);
			break;
		}
		seen = true;
		if ((seq > 1 && prev_len == 0) ||
		    e->hash_len != SSC_JOURNAL_HASH_LEN ||
		    memcmp(e->hash, hash, SSC_JOURNAL_HASH_LEN) != 0) {
			rc = ssc__error_setf(SSC_ECORRUPT, 0,
					     "journal: the last entry (%lld) "
					     "is not the one the card records",
					     (long long)seq);
			break;
		}
		rc = ssc__journal_chain(h, e->hash[0], prev, prev_len,
					e->sequence, e->entry_id, e->data,
					e->data_len);
		if (rc)
			break;
		if (memcmp(h, e->hash, sizeof(h)) != 0) {
			rc = ssc__error_setf(SSC_ECORRUPT, 0,
					     "journal: entry %lld does not "
					     "match its hash",
					     (long long)seq);
			break;
		}
		if (out_tail) {
			json_decref(out_tail->json);
			rc = decode(out_tail, e);
			if (rc)
				break;
		}
	}
	ssc_store_iter_free(it);
	if (!rc && !seen)
		rc = ssc__error_setf(SSC_ECORRUPT, 0,
				     "journal: the last entry (%lld) the card "
				     "records is missing",
				     (long long)seq);
	return rc;
}

ssc_status
ssc_journal_verify(size_t *out_count, ssc_store *store, const char *card_id)
{
	ssc__jlist l;
	const ssc_ctx *ctx;
	ssc_status rc;

	if (!store || !card_id)
		return ssc__error_setf(SSC_EINVAL, 0, "journal: NULL argument");
	ctx = ssc_store_backend_of(store)->ctx;
	rc = ssc__journal_load(&l, ctx, store, card_id, true);
	if (rc)
		return rc;
	if (out_count)
		*out_count = l.n;
	ssc__journal_list_free(ctx, &l);
	return SSC_OK;
}

ssc_status
ssc_journal_export(ssc_buf *out, ssc_store *store, const char *card_id)
{
	ssc__jlist l;
	const ssc_ctx *ctx;
	json_t *arr;
	char *text, hex[2 * SSC_JOURNAL_HASH_LEN + 1];
	size_t i, k;
	int bad = 0;
	ssc_status rc;

	if (!out || !store || !card_id)
		return ssc__error_setf(SSC_EINVAL, 0, "journal: NULL argument");
	ctx = ssc_store_backend_of(store)->ctx;
	rc = ssc__journal_load(&l, ctx, store, card_id, false);
	if (rc)
		return rc;
	arr = json_array();
	bad = !arr;
	for (i = 0; !bad && i < l.n; i++) {
		for (k = 0; k < l.v[i].hash_len; k++)
			snprintf(hex + 2 * k, 3, "%02x", l.v[i].hash[k]);
		hex[2 * l.v[i].hash_len] = '\0';
		bad |= json_object_set_new(l.v[i].json, "seq",
					   json_integer(l.v[i].seq));
		bad |= json_object_set_new(l.v[i].json, "hash",
					   json_string(hex));
		bad |= json_array_append(arr, l.v[i].json);
	}
	ssc__journal_list_free(ctx, &l);
	text = bad ? NULL : json_dumps(arr, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(arr);
	if (!text)
		return ssc__error_setf(SSC_ENOMEM, 0, "journal: no memory");
	rc = ssc_buf_set(out, text, strlen(text));
	free(text);
	return rc;
}
