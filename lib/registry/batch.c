/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lib/registry/batch.c: employer batches — streaming import of a
 * 制卡明细表 (CSV, UTF-8 or GBK) with per-row verdicts, batch status, and
 * one event applied to every card of a batch.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "journal/journal_int.h"
#include "registry/csv.h"
#include "registry/registry_int.h"
#include <socialcard/card.h>
#include <socialcard/idnumber.h>
#include <socialcard/text.h>

enum { COL_NAME, COL_ID, COL_PHOTO, COL_ID_SCAN, COL_REGISTER_SCAN,
       COL_PHONE, COL_BANK, COL_N };

static const char *const col_names[COL_N][5] = {
	[COL_NAME] = { "姓名", NULL },
	[COL_ID] = { "社会保障号码", "公民身份号码", "身份证号码", "证件号码",
		     NULL },
	[COL_PHOTO] = { "照片", "照片文件", NULL },
	[COL_ID_SCAN] = { "身份证扫描件", "身份证正反面", "身份证扫描", NULL },
	[COL_REGISTER_SCAN] = { "户口本扫描件", "户口簿扫描件", "户口本扫描",
				NULL },
	[COL_PHONE] = { "联系电话", "手机号码", NULL },
	[COL_BANK] = { "合作银行", "银行", NULL },
};

#define SEEN_BUCKETS 1024

typedef struct seen {
	struct seen *next;
	size_t line;
	char id[19];
} seen;

typedef struct importer {
	ssc_registry *reg;
	const ssc_request *req;
	int encoding;
	ssc_batch_row_fn fn;
	void *payload;
	bool have_header;
	int col[COL_N];
	size_t accepted, refused;
	seen *buckets[SEEN_BUCKETS];
	ssc_status fatal;
} importer;

static bool
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static bool
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1
			: (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
		int i;

		if (n < 0 || (n == 1 && *p < 0xC2))
			return false;
		for (i = 1; i <= n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n + 1;
	}
	return true;
}

/* Field to UTF-8 in `out` (trimmed of ASCII spaces). */
static ssc_status
field_text(ssc_buf *out, importer *im, const char *f)
{
	size_t len;
	ssc_status rc;

	while (*f == ' ' || *f == '\t')
		f++;
	len = strlen(f);
	while (len && (f[len - 1] == ' ' || f[len - 1] == '\t'))
		len--;
	if (im->encoding == SSC_BATCH_ENCODING_AUTO && !is_ascii(f))
		im->encoding = valid_utf8(f) ? SSC_BATCH_ENCODING_UTF8
					     : SSC_BATCH_ENCODING_GBK;
	if (im->encoding == SSC_BATCH_ENCODING_GBK && !is_ascii(f))
		return ssc_text_decode(out, SSC_CHARSET_GB18030,
				       (const uint8_t *)f, len, 0);
	if (!valid_utf8(f))
		return ssc__error_setf(SSC_EPARSE, 0,
				       "batch: a field is not valid UTF-8");
	rc = ssc_buf_set(out, f, len);
	return rc;
}

static ssc_status
read_header(importer *im, char **fields, size_t n)
{
	ssc_buf t = SSC_BUF_INIT;
	size_t i;
	int c, k;
	ssc_status rc;

	for (c = 0; c < COL_N; c++)
		im->col[c] = -1;
	ssc__buf_bind(&t, im->reg->ctx);
	for (i = 0; i < n; i++) {
		rc = field_text(&t, im, fields[i]);
		if (rc) {
			ssc_buf_dispose(&t);
			return rc;
		}
		for (c = 0; c < COL_N; c++)
			for (k = 0; col_names[c][k]; k++)
				if (t.ptr && strcmp(t.ptr, col_names[c][k]) == 0 &&
				    im->col[c] < 0)
					im->col[c] = (int)i;
	}
	ssc_buf_dispose(&t);
	if (im->col[COL_NAME] < 0 || im->col[COL_ID] < 0)
		return ssc__error_setf(SSC_EPARSE, 0,
				       "batch: the header row lacks 姓名 or "
				       "the ID number column");
	im->have_header = true;
	return SSC_OK;
}

static unsigned int
hash_id(const char *s)
{
	unsigned int h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % SEEN_BUCKETS;
}

/* 0 when new (and remembered); else the line seen first. */
static size_t
seen_before(importer *im, const char *id, size_t line, ssc_status *rc)
{
	unsigned int h = hash_id(id);
	seen *s;

	for (s = im->buckets[h]; s; s = s->next)
		if (strcmp(s->id, id) == 0)
			return s->line;
	s = ssc__calloc(im->reg->ctx, 1, sizeof(*s));
	if (!s) {
		*rc = ssc__error_setf(SSC_ENOMEM, 0, "batch: no memory");
		return 0;
	}
	snprintf(s->id, sizeof(s->id), "%s", id);
	s->line = line;
	s->next = im->buckets[h];
	im->buckets[h] = s;
	return 0;
}

static ssc_status
report(importer *im, size_t line, int status, const char *card_id,
       const char *message, const ssc_verdict *v)
{
	ssc_batch_row row;

	if (status == SSC_OK)
		im->accepted++;
	else
		im->refused++;
	if (!im->fn)
		return SSC_OK;
	memset(&row, 0, sizeof(row));
	row.line = line;
	row.status = status;
	row.card_id = card_id;
	row.message = message;
	row.verdict = v;
	return im->fn(&row, im->payload);
}

static const char *
col(char **fields, size_t n, int idx)
{
	return idx >= 0 && (size_t)idx < n && fields[idx][0] ? fields[idx]
							      : NULL;
}

static ssc_status
data_row(importer *im, size_t line, char **fields, size_t n)
{
	const ssc_request *base = im->req;
	ssc_presented_material mats[SSC__CSV_FIELDS_MAX + 3];
	ssc_idnumber_info info = SSC_IDNUMBER_INFO_INIT;
	ssc_buf name = SSC_BUF_INIT, idt = SSC_BUF_INIT, phone = SSC_BUF_INIT,
		bank = SSC_BUF_INIT;
	ssc_person *p = NULL;
	ssc_request q = *base;
	ssc_result *res = NULL;
	char rid[160], msg[256], masked[SSC__MASK_MAX];
	size_t nm = 0, i, first;
	ssc_status rc = SSC_OK, st;

	ssc__buf_bind(&name, im->reg->ctx);
	ssc__buf_bind(&idt, im->reg->ctx);
	ssc__buf_bind(&phone, im->reg->ctx);
	ssc__buf_bind(&bank, im->reg->ctx);
	if (!col(fields, n, im->col[COL_NAME]) ||
	    !col(fields, n, im->col[COL_ID])) {
		rc = report(im, line, SSC_EPARSE, NULL,
			    "the row lacks the name or the ID number", NULL);
		goto out;
	}
	st = field_text(&name, im, fields[im->col[COL_NAME]]);
	if (!st)
		st = field_text(&idt, im, fields[im->col[COL_ID]]);
	if (!st && col(fields, n, im->col[COL_PHONE]))
		st = field_text(&phone, im, fields[im->col[COL_PHONE]]);
	if (!st && col(fields, n, im->col[COL_BANK]))
		st = field_text(&bank, im, fields[im->col[COL_BANK]]);
	if (st == SSC_ENOMEM) {
		rc = st;
		goto out;
	}
	if (st) {
		rc = report(im, line, SSC_EPARSE, NULL,
			    "a field is not valid text in the file's charset",
			    NULL);
		goto out;
	}
	st = ssc_idnumber_parse(&info, im->reg->ctx, idt.ptr);
	if (st) {
		ssc__mask_id(masked, idt.ptr);
		snprintf(msg, sizeof(msg), "bad ID number %s (%s)", masked,
			 ssc_id_reason_name(info.reason));
		rc = report(im, line, SSC_EBADID, NULL, msg, NULL);
		goto out;
	}
	first = seen_before(im, info.number, line, &rc);
	if (rc)
		goto out;
	if (first) {
		snprintf(msg, sizeof(msg),
			 "the same person is on line %zu of the file", first);
		rc = report(im, line, SSC_EEXISTS, NULL, msg, NULL);
		goto out;
	}
	st = ssc_person_new(&p, im->reg->ctx);
	if (!st)
		st = ssc_person_set_id_number(p, info.number);
	if (!st)
		st = ssc_person_set_name(p, name.ptr);
	if (!st)
		st = ssc_person_set_birth_date(p, info.birth_date);
	if (!st)
		st = ssc_person_set_sex(p, info.sex);
	if (!st)
		st = ssc_person_set_insured(p, SSC_INSURED_YES, NULL);
	if (!st && phone.size)
		st = ssc_person_set_phone(p, phone.ptr);
	if (st == SSC_ENOMEM) {
		rc = st;
		goto out;
	}
	if (st) {
		snprintf(msg, sizeof(msg), "invalid holder data: %s",
			 ssc_error_last()->message);
		rc = report(im, line, SSC_EPARSE, NULL, msg, NULL);
		goto out;
	}
	for (i = 0; i < base->n_materials && nm < SSC__CSV_FIELDS_MAX; i++)
		mats[nm++] = base->materials[i];
	if (col(fields, n, im->col[COL_PHOTO]))
		mats[nm++] = (ssc_presented_material){ "batch_photos",
						       SSC_MATERIAL_ELECTRONIC };
	if (col(fields, n, im->col[COL_ID_SCAN]))
		mats[nm++] = (ssc_presented_material){ "batch_id_scans",
						       SSC_MATERIAL_ELECTRONIC };
	if (col(fields, n, im->col[COL_REGISTER_SCAN]))
		mats[nm++] = (ssc_presented_material){
			"batch_register_scans", SSC_MATERIAL_ELECTRONIC };
	q.materials = mats;
	q.n_materials = nm;
	snprintf(rid, sizeof(rid), "%s:%zu", base->request_id, line);
	q.request_id = rid;
	q.actor = SSC_ACTOR_EMPLOYER_AGENT;
	if (bank.size)
		q.bank_code = bank.ptr;
	st = ssc_registry_apply(&res, im->reg, &q, p);
	if (st == SSC_OK) {
		rc = report(im, line, SSC_OK, ssc_result_card_id(res),
			    ssc_result_replayed(res) ? "already imported"
						     : "stored",
			    NULL);
	} else if (st == SSC_ENOTELIGIBLE || st == SSC_EONECARD ||
		   st == SSC_EINVAL) {
		snprintf(msg, sizeof(msg), "%s", ssc_error_last()->message);
		rc = report(im, line, st, NULL, msg,
			    res ? ssc_result_verdict(res) : NULL);
	} else {
		rc = st;
	}
out:
	ssc_result_free(res);
	ssc_person_free(p);
	ssc_buf_dispose(&name);
	ssc_buf_dispose(&idt);
	ssc_buf_dispose(&phone);
	ssc_buf_dispose(&bank);
	return rc;
}

static ssc_status
on_row(size_t line, char **fields, size_t n, int error, void *payload)
{
	importer *im = payload;

	if (!im->have_header) {
		if (error)
			return ssc__error_setf(SSC_EPARSE, 0,
					       "batch: malformed header row");
		return read_header(im, fields, n);
	}
	if (error)
		return report(im, line, SSC_EPARSE, NULL,
			      "malformed CSV row (quote, length or NUL byte)",
			      NULL);
	return data_row(im, line, fields, n);
}

typedef ssc_status (*feeder)(ssc__csv *p, void *src);

static ssc_status
import(size_t *out_accepted, size_t *out_refused, ssc_registry *reg,
       const ssc_request *req, int encoding, ssc_batch_row_fn fn,
       void *payload, feeder feed, void *src)
{
	importer im;
	ssc__csv *p = NULL;
	size_t i;
	ssc_status rc;

	if (!reg || !req || !feed)
		return ssc__error_setf(SSC_EINVAL, 0, "batch: NULL argument");
	rc = ssc__check_version(req->version, SSC_REQUEST_VERSION,
				"ssc_request");
	if (rc)
		return rc;
	if (!req->request_id || strlen(req->request_id) > 100 ||
	    !req->batch_id)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "batch: the request needs a request id "
				       "(at most 100 characters) and a batch "
				       "id");
	if (encoding < SSC_BATCH_ENCODING_AUTO ||
	    encoding > SSC_BATCH_ENCODING_GBK)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "batch: unknown encoding %d", encoding);
	memset(&im, 0, sizeof(im));
	im.reg = reg;
	im.req = req;
	im.encoding = encoding;
	im.fn = fn;
	im.payload = payload;
	rc = ssc__csv_new(&p, reg->ctx, on_row, &im);
	if (!rc)
		rc = feed(p, src);
	if (!rc)
		rc = ssc__csv_finish(p);
	if (!rc && !im.have_header)
		rc = ssc__error_setf(SSC_EPARSE, 0, "batch: the file is empty");
	ssc__csv_free(p);
	for (i = 0; i < SEEN_BUCKETS; i++)
		while (im.buckets[i]) {
			seen *s = im.buckets[i];

			im.buckets[i] = s->next;
			ssc__free(reg->ctx, s);
		}
	if (out_accepted)
		*out_accepted = im.accepted;
	if (out_refused)
		*out_refused = im.refused;
	return rc;
}

struct mem_src {
	const uint8_t *data;
	size_t len;
};

static ssc_status
feed_mem(ssc__csv *p, void *src)
{
	struct mem_src *m = src;

	return ssc__csv_feed(p, m->data, m->len);
}

static ssc_status
feed_file(ssc__csv *p, void *src)
{
	FILE *f = src;
	uint8_t block[65536];
	size_t n;
	ssc_status rc;

	while ((n = fread(block, 1, sizeof(block), f)) > 0)
		if ((rc = ssc__csv_feed(p, block, n)))
			return rc;
	if (ferror(f))
		return ssc__error_setf_native(SSC_EOS, 0, SSC_NATIVE_ERRNO, (uint32_t)errno,
					      "batch: reading the file failed");
	return SSC_OK;
}

ssc_status
ssc_registry_batch_import(size_t *out_accepted, size_t *out_refused,
			  ssc_registry *reg, const ssc_request *req,
			  const uint8_t *data, size_t len, int encoding,
			  ssc_batch_row_fn fn, void *payload)
{
	struct mem_src m = { data, len };

	if (!data && len)
		return ssc__error_setf(SSC_EINVAL, 0, "batch: NULL data");
	return import(out_accepted, out_refused, reg, req, encoding, fn,
		      payload, feed_mem, &m);
}

ssc_status
ssc_registry_batch_import_file(size_t *out_accepted, size_t *out_refused,
			       ssc_registry *reg, const ssc_request *req,
			       const char *path, int encoding,
			       ssc_batch_row_fn fn, void *payload)
{
	FILE *f;
	ssc_status rc;

	if (!path)
		return ssc__error_setf(SSC_EINVAL, 0, "batch: NULL path");
	f = fopen(path, "rb");
	if (!f)
		return ssc__error_setf_native(SSC_EOS, 0, SSC_NATIVE_ERRNO, (uint32_t)errno,
					      "batch: cannot open the file");
	rc = import(out_accepted, out_refused, reg, req, encoding, fn,
		    payload, feed_file, f);
	fclose(f);
	return rc;
}

/* ---- batch status and batch-wide events --------------------------------- */

typedef ssc_status (*card_fn)(ssc_registry *reg, const char *card_id,
			      int state, void *payload);

/* Visit the cards of a batch (the batch id of their first journal entry)
 * in the context's region. */
static ssc_status
each_card(ssc_registry *reg, const char *batch_id, card_fn fn, void *payload)
{
	ssc_store_iter *it = NULL;
	const ssc_store_card *c;
	char (*ids)[SSC_CARD_UUID_LEN + 1] = NULL;
	int *states = NULL;
	size_t n = 0, cap = 0, i;
	ssc_status rc;

	rc = ssc_store_iter_cards(&it, reg->store, -1,
				  ssc_ctx_region(reg->ctx), NULL, 0);
	if (rc)
		return rc;
	while ((rc = ssc_store_iter_next_card(&c, it)) == SSC_OK && c) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			void *ni = ssc__realloc(reg->ctx, ids,
						ncap * sizeof(*ids));
			void *ns;

			if (!ni) {
				rc = ssc__error_setf(SSC_ENOMEM, 0,
						     "batch: no memory");
				break;
			}
			ids = ni;
			ns = ssc__realloc(reg->ctx, states,
					  ncap * sizeof(*states));
			if (!ns) {
				rc = ssc__error_setf(SSC_ENOMEM, 0,
						     "batch: no memory");
				break;
			}
			states = ns;
			cap = ncap;
		}
		snprintf(ids[n], SSC_CARD_UUID_LEN + 1, "%s", c->card_id);
		states[n++] = c->state;
	}
	ssc_store_iter_free(it);
	for (i = 0; !rc && i < n; i++) {
		ssc__jlist l;
		bool member;

		rc = ssc__journal_load(&l, reg->ctx, reg->store, ids[i], false);
		if (rc)
			break;
		member = l.n && l.v[0].batch &&
			 strcmp(l.v[0].batch, batch_id) == 0;
		ssc__journal_list_free(reg->ctx, &l);
		if (member)
			rc = fn(reg, ids[i], states[i], payload);
	}
	ssc__free(reg->ctx, ids);
	ssc__free(reg->ctx, states);
	return rc;
}

static ssc_status
count_one(ssc_registry *reg, const char *card_id, int state, void *payload)
{
	size_t *counts = payload;

	(void)reg;
	(void)card_id;
	if (state >= 0 && state < SSC_BATCH_STATE_COUNT)
		counts[state]++;
	return SSC_OK;
}

ssc_status
ssc_registry_batch_status(size_t counts[SSC_BATCH_STATE_COUNT],
			  ssc_registry *reg, const char *batch_id)
{
	if (!counts || !reg || !batch_id)
		return ssc__error_setf(SSC_EINVAL, 0, "batch: NULL argument");
	memset(counts, 0, SSC_BATCH_STATE_COUNT * sizeof(counts[0]));
	return each_card(reg, batch_id, count_one, counts);
}

struct apply_ctx {
	const ssc_request *req;
	int event;
	size_t done;
};

static ssc_status
apply_one(ssc_registry *reg, const char *card_id, int state, void *payload)
{
	struct apply_ctx *a = payload;
	ssc_request q = *a->req;
	ssc__step st = { a->event, false };
	ssc_result *res = NULL;
	char rid[160];
	ssc_status rc;

	(void)state;
	snprintf(rid, sizeof(rid), "%s:%s", a->req->request_id, card_id);
	q.request_id = rid;
	q.card_id = card_id;
	if (a->event == SSC_EVENT_START_PRODUCTION && !q.production)
		q.production = SSC_PRODUCTION_BATCH;
	rc = ssc__registry_run(&res, reg, &q, &st, 1, NULL);
	ssc_result_free(res);
	if (rc == SSC_OK)
		a->done++;
	if (rc == SSC_ETRANSITION || rc == SSC_ENOTELIGIBLE)
		rc = SSC_OK; /* that card is not (or no longer) there */
	return rc;
}

ssc_status
ssc_registry_batch_apply(size_t *out_done, ssc_registry *reg,
			 const ssc_request *req, int event)
{
	struct apply_ctx a;
	ssc_status rc;

	if (!reg || !req)
		return ssc__error_setf(SSC_EINVAL, 0, "batch: NULL argument");
	rc = ssc__check_version(req->version, SSC_REQUEST_VERSION,
				"ssc_request");
	if (rc)
		return rc;
	if (!req->batch_id || !req->request_id ||
	    strlen(req->request_id) > 90)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "batch: the request needs a batch id "
				       "and a request id of at most 90 "
				       "characters");
	if (event != SSC_EVENT_APPROVE && event != SSC_EVENT_GENERATE_DATA &&
	    event != SSC_EVENT_START_PRODUCTION &&
	    event != SSC_EVENT_FINISH_PRODUCTION &&
	    event != SSC_EVENT_COLLECT_BATCH)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "batch: event %s does not apply to a "
				       "whole batch",
				       ssc_event_name(event)
					       ? ssc_event_name(event)
					       : "?");
	a.req = req;
	a.event = event;
	a.done = 0;
	rc = each_card(reg, req->batch_id, apply_one, &a);
	if (out_done)
		*out_done = a.done;
	return rc;
}
