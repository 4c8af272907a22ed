/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lib/registry/issue.c: instant issuance (即时制卡) at a window or a
 * partner-bank outlet — production is started, a blank card in the reader
 * is personalised (SS-application records and the card identifier,
 * written through the chip layer and read back), and only then are
 * production, collection and activation recorded, in one commit.  A
 * failure in between leaves the case in production: calling again resumes
 * (items the chip already holds with the same value are not written
 * again).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "chip/sm.h"
#include "chip/ssse.h"
#include "reader/transport.h"
#include "registry/registry_int.h"
#include <socialcard/card.h>
#include <socialcard/sys/key_provider.h>
#include <socialcard/text.h>

#define ITEMS_MAX 12

typedef struct item {
	uint8_t sfi, tag;
	uint8_t val[32];
	size_t len;
} item;

static void
bcd(uint8_t *out, const char *digits, size_t nbytes)
{
	size_t i;

	for (i = 0; i < nbytes; i++)
		out[i] = (uint8_t)(((digits[2 * i] - '0') << 4) |
				   (digits[2 * i + 1] - '0'));
}

/* The card identifier: issuing region (BCD), D1 56 00 00 05, then eight
 * bytes derived from the card's internal id. */
static void
make_identifier(uint8_t out[16], const ssc_card *c)
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	const char *uuid = ssc_card_uuid(c);
	static const uint8_t fixed[5] = { 0xD1, 0x56, 0x00, 0x00, 0x05 };

	bcd(out, ssc_card_region(c), 3);
	memcpy(out + 3, fixed, 5);
	memset(md, 0, sizeof(md));
	EVP_Digest(uuid, strlen(uuid), md, &mdlen, EVP_sha256(), NULL);
	memcpy(out + 8, md, 8);
}

static void
number_for(char out[10], const ssc_card *c, const char *wanted)
{
	const char *u = ssc_card_uuid(c);
	int k = 0;

	if (ssc_card_number(c)) {
		snprintf(out, 10, "%s", ssc_card_number(c));
		return;
	}
	if (wanted) {
		snprintf(out, 10, "%s", wanted);
		return;
	}
	for (; *u && k < 9; u++)
		if (*u != '-')
			out[k++] = (char)(*u >= 'a' && *u <= 'f' ? *u - 'a' + 'A'
								 : *u);
	out[k] = '\0';
}

static void
add(item *v, size_t *n, uint8_t sfi, uint8_t tag, const void *val,
    size_t len)
{
	v[*n].sfi = sfi;
	v[*n].tag = tag;
	memcpy(v[*n].val, val, len);
	v[*n].len = len;
	(*n)++;
}

/* The records to write for a card. */
static ssc_status
items_for(item *v, size_t *n, const ssc_card *c, const uint8_t ident[16],
	  const char *number, uint32_t today, const ssc_ctx *ctx)
{
	const ssc_person *h = ssc_card_holder(c);
	ssc_buf name = SSC_BUF_INIT, ext = SSC_BUF_INIT;
	const char *ver = ssc_card_spec_version(c) ? ssc_card_spec_version(c)
						   : "3.00";
	char d[16];
	uint8_t b[4];
	char sex;
	ssc_status rc;

	*n = 0;
	if (!ssc_person_id_number(h) || !ssc_person_name(h) ||
	    !ssc_person_birth_date(h))
		return ssc__error_setf(SSC_EINVAL, 0,
				       "issue: the holder's ID number, name and "
				       "birth date are needed on the chip");
	ssc__buf_bind(&name, ctx);
	ssc__buf_bind(&ext, ctx);
	rc = ssc_name_split(&name, &ext, ssc_person_name(h));
	if (rc) {
		ssc_buf_dispose(&name);
		ssc_buf_dispose(&ext);
		return rc;
	}
	add(v, n, 5, 0x03, ver, 4);
	add(v, n, 5, 0x01, ident, 16);
	snprintf(d, sizeof(d), "%08u", (unsigned)today);
	bcd(b, d, 4);
	add(v, n, 5, 0x05, b, 4);
	add(v, n, 5, 0x07, number, 9);
	add(v, n, 6, 0x08, ssc_person_id_number(h), 18);
	add(v, n, 6, 0x09, name.ptr, name.size > 30 ? 30 : name.size);
	if (ext.size)
		add(v, n, 6, 0x4E, ext.ptr, ext.size > 20 ? 20 : ext.size);
	sex = ssc_person_sex(h) == 2 ? '2' : '1';
	add(v, n, 6, 0x0A, &sex, 1);
	snprintf(d, sizeof(d), "%08u", (unsigned)ssc_person_birth_date(h));
	bcd(b, d, 4);
	add(v, n, 6, 0x0D, b, 4);
	ssc_buf_dispose(&name);
	ssc_buf_dispose(&ext);
	return SSC_OK;
}

/* Padded length of an item as the chip holds it. */
static size_t
field_len(uint8_t tag, size_t len)
{
	return tag == 0x09 ? 30 : tag == 0x4E ? 20 : len;
}

static ssc_status
personalise(ssc__transport *t, const item *v, size_t n,
	    ssc_key_provider *kp, const char *key_id)
{
	ssc__ssse_options o;
	ssc__ssse_fci fci;
	uint8_t got[64];
	size_t i, gl;
	ssc_status rc;

	ssc__ssse_options_default(&o);
	rc = ssc__ssse_select(t, &o, &fci);
	if (rc)
		return rc;
	rc = ssc__ssse_external_auth_kp(t, kp, key_id, 0x0A, fci.algorithm);
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		size_t fl = field_len(v[i].tag, v[i].len);

		gl = sizeof(got);
		rc = ssc__ssse_read_item(t, &o, v[i].sfi, v[i].tag, fl, got,
					 &gl);
		if (rc == SSC_OK && gl >= v[i].len &&
		    memcmp(got, v[i].val, v[i].len) == 0)
			continue; /* written by an earlier, interrupted run */
		if (rc != SSC_OK && rc != SSC_ENOTFOUND)
			return rc;
		rc = ssc__ssse_personalise_item(t, v[i].sfi, v[i].tag,
						v[i].val, v[i].len);
		if (rc)
			return rc;
	}
	/* read everything back */
	for (i = 0; i < n; i++) {
		gl = sizeof(got);
		rc = ssc__ssse_read_item(t, &o, v[i].sfi, v[i].tag,
					 field_len(v[i].tag, v[i].len), got,
					 &gl);
		if (rc)
			return rc;
		if (gl < v[i].len || memcmp(got, v[i].val, v[i].len) != 0)
			return ssc__error_setf(SSC_EMISMATCH, 0,
					       "issue: item %02X on the chip "
					       "differs from the record",
					       v[i].tag);
	}
	return SSC_OK;
}

ssc_status
ssc_registry_issue_instant(ssc_result **out, ssc_registry *reg,
			   const ssc_request *req, ssc_reader_conn *conn,
			   struct ssc_key_provider *kp, const char *key_id)
{
	static const ssc__step steps[3] = {
		{ SSC_EVENT_FINISH_PRODUCTION, false },
		{ SSC_EVENT_COLLECT, false },
		{ SSC_EVENT_ACTIVATE_SS, false },
	};
	ssc_buf prior = SSC_BUF_INIT;
	ssc_card *c = NULL;
	ssc_request q;
	ssc__transport t;
	item v[ITEMS_MAX];
	size_t n = 0;
	uint8_t ident[16];
	char number[10], rid[160];
	uint32_t today = 0;
	bool replay;
	ssc_status rc;

	if (!out || !reg || !req || !conn || !kp || !key_id)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "issue: NULL argument");
	rc = ssc__check_version(req->version, SSC_REQUEST_VERSION,
				"ssc_request");
	if (rc)
		return rc;
	if (!req->request_id || strlen(req->request_id) > 120 ||
	    !req->card_id)
		return ssc__error_setf(SSC_EINVAL, 0,
				       "issue: the request needs a request id "
				       "(at most 120 characters) and a card");
	/* done before: the recorded result */
	ssc__buf_bind(&prior, reg->ctx);
	rc = ssc_store_request_lookup(&prior, reg->store, req->request_id);
	ssc_buf_dispose(&prior);
	if (rc != SSC_OK && rc != SSC_ENOTFOUND)
		return rc;
	replay = rc == SSC_OK;
	rc = ssc_registry_load_card(&c, reg, req->card_id);
	if (rc)
		return rc;
	if (replay) {
		/* the recorded result (the request as recorded carried the
		 * card number the chip got) */
		q = *req;
		number_for(number, c, req->card_number);
		q.card_number = number;
		rc = ssc__registry_run(out, reg, &q, steps, 3, NULL);
		goto out;
	}
	if (ssc_card_get_state(c) == SSC_CARD_STATE_APPROVED) {
		ssc__step start = { SSC_EVENT_START_PRODUCTION, false };
		ssc_result *r = NULL;

		q = *req;
		snprintf(rid, sizeof(rid), "%s:start", req->request_id);
		q.request_id = rid;
		q.production = SSC_PRODUCTION_INSTANT;
		rc = ssc__registry_run(&r, reg, &q, &start, 1, NULL);
		ssc_result_free(r);
		if (rc)
			goto out;
	} else if (ssc_card_get_state(c) != SSC_CARD_STATE_IN_PRODUCTION) {
		rc = ssc__error_setf(SSC_ETRANSITION, 0,
				     "issue: the card is %s, not approved or "
				     "in production",
				     ssc_card_state_name(ssc_card_get_state(c)));
		goto out;
	}
	make_identifier(ident, c);
	number_for(number, c, req->card_number);
	rc = ssc_date_from_time(&today, ssc_ctx_now(reg->ctx));
	if (!rc)
		rc = items_for(v, &n, c, ident, number, today, reg->ctx);
	if (rc)
		goto out;
	ssc__reader_transport(&t, conn, false);
	rc = personalise(&t, v, n, kp, key_id);
	if (rc)
		goto out; /* the card stays in production: resumable */
	q = *req;
	q.card_number = number;
	rc = ssc__registry_run_ident(out, reg, &q, steps, 3, ident);
out:
	ssc_card_free(c);
	return rc;
}
