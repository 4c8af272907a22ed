/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The canonical binary record of a card (format version 1), the only
 * serialisation stores see:
 *
 *   "SSCR" | version (1 byte, = 1) | flags (1 byte, = 0) | field*
 *   field = tag (1 byte) | length (2 bytes, big-endian) | value
 *
 * Tags are strictly ascending; a field is present only when its value is
 * set (non-empty, non-zero).  Tags 0x01-0x7F are required-to-understand:
 * an unknown one is SSC_ESCHEMA.  Tags 0x80-0xFF are optional: unknown
 * ones are kept verbatim and written back.  A record that does not
 * re-encode to the same bytes is refused, so decode -> encode is the
 * identity on every accepted record.  Table of tags: doc/model.md.
 */
#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>

#include "card/card_int.h"
#include "util/codec_int.h"

#define REC_MAGIC "SSCR"
#define REC_VERSION 1
#define REC_HEADER 6

enum {
	T_UUID = 0x01,
	T_REVISION = 0x02,
	T_NUMBER = 0x03,
	T_IDENT = 0x04,
	T_GENERATION = 0x05,
	T_SPEC_VERSION = 0x06,
	T_REGION = 0x07,
	T_INSTITUTION = 0x08,
	T_ISSUED = 0x09,
	T_EXPIRES = 0x0A,
	T_PHOTO = 0x0B,
	T_STATE = 0x0C,
	T_PIN_STATE = 0x0D,
	T_FIN_STATE = 0x0E,
	T_FIN_BANK = 0x0F,
	T_FIN_ACCOUNT = 0x10,
	T_ECARD_STATE = 0x11,
	T_REPLACES = 0x12,
	T_REPLACED_BY = 0x13,
	T_H_ID = 0x20,
	T_H_NAME = 0x21,
	T_H_SEX = 0x22,
	T_H_ETHNICITY = 0x23,
	T_H_BIRTH_DATE = 0x24,
	T_H_BIRTH_PLACE = 0x25,
	T_H_RESIDENCY = 0x26,
	T_H_PHONE = 0x27,
	T_H_ADDRESS = 0x28,
	T_H_INSURED = 0x29,
	T_H_INSURED_REGION = 0x2A,
	T_H_DOC_TYPE = 0x2B,
	T_H_DOC_NUMBER = 0x2C,
	T_H_DOC_VALID = 0x2D,
	T_OPTIONAL_FIRST = 0x80
};

/* ---- encoding ---------------------------------------------------------- */

static ssc_status
put_field(ssc_buf *b, uint8_t tag, const void *data, size_t len)
{
	uint8_t hdr[3];
	ssc_status rc;

	if (len > 0xFFFF)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "record field 0x%02X too long", tag);
	hdr[0] = tag;
	hdr[1] = (uint8_t)(len >> 8);
	hdr[2] = (uint8_t)len;
	if ((rc = ssc__buf_put(b, hdr, 3)) < 0)
		return rc;
	return ssc__buf_put(b, data, len);
}

static ssc_status
put_str(ssc_buf *b, uint8_t tag, const char *s)
{
	if (!s || !*s)
		return SSC_OK;
	return put_field(b, tag, s, strlen(s));
}

static ssc_status
put_u8(ssc_buf *b, uint8_t tag, int v)
{
	uint8_t x = (uint8_t)v;
	return v ? put_field(b, tag, &x, 1) : SSC_OK;
}

static ssc_status
put_u32(ssc_buf *b, uint8_t tag, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 8), (uint8_t)v };
	return v ? put_field(b, tag, x, 4) : SSC_OK;
}

static ssc_status
put_uuid(ssc_buf *b, uint8_t tag, const char *s)
{
	uuid_t u;

	if (!s[0])
		return SSC_OK;
	if (uuid_parse(s, u) != 0)
		return ssc__error_setf(SSC_ERROR, SSC_ERROR_CLASS_INVALID,
				       "card holds a malformed UUID");
	return put_field(b, tag, u, 16);
}

static ssc_status
encode_into(ssc_buf *b, const ssc_card *c)
{
	const ssc_person *h = c->holder;
	uint8_t rev[8];
	ssc_status rc;

	for (int i = 0; i < 8; i++)
		rev[i] = (uint8_t)(c->revision >> (56 - 8 * i));
	if ((rc = ssc__buf_put(b, REC_MAGIC, 4)) < 0 ||
	    (rc = ssc__buf_put(b, "\x01\x00", 2)) < 0 ||
	    (rc = put_uuid(b, T_UUID, c->uuid)) < 0 ||
	    (c->revision && (rc = put_field(b, T_REVISION, rev, 8)) < 0) ||
	    (rc = put_str(b, T_NUMBER, c->number)) < 0 ||
	    (c->has_ident &&
	     (rc = put_field(b, T_IDENT, c->ident, SSC_CARD_ID_LEN)) < 0) ||
	    (rc = put_u8(b, T_GENERATION, c->generation)) < 0 ||
	    (rc = put_str(b, T_SPEC_VERSION, c->spec_version)) < 0 ||
	    (rc = put_str(b, T_REGION, c->region)) < 0 ||
	    (rc = put_str(b, T_INSTITUTION, c->institution)) < 0 ||
	    (rc = put_u32(b, T_ISSUED, c->issued)) < 0 ||
	    (rc = put_u32(b, T_EXPIRES, c->expires)) < 0 ||
	    (rc = put_str(b, T_PHOTO, c->photo_ref)) < 0 ||
	    (rc = put_u8(b, T_STATE, c->state)) < 0 ||
	    (rc = put_u8(b, T_PIN_STATE, c->pin_state)) < 0 ||
	    (rc = put_u8(b, T_FIN_STATE, c->fin_state)) < 0 ||
	    (rc = put_str(b, T_FIN_BANK, c->fin_bank)) < 0 ||
	    (rc = put_str(b, T_FIN_ACCOUNT, c->fin_account)) < 0 ||
	    (rc = put_u8(b, T_ECARD_STATE, c->ecard_state)) < 0 ||
	    (rc = put_uuid(b, T_REPLACES, c->replaces)) < 0 ||
	    (rc = put_uuid(b, T_REPLACED_BY, c->replaced_by)) < 0 ||
	    (rc = put_str(b, T_H_ID, h->id)) < 0 ||
	    (rc = put_str(b, T_H_NAME, h->name)) < 0 ||
	    (rc = put_u8(b, T_H_SEX, h->sex)) < 0 ||
	    (rc = put_u8(b, T_H_ETHNICITY, h->ethnicity)) < 0 ||
	    (rc = put_u32(b, T_H_BIRTH_DATE, h->birth_date)) < 0 ||
	    (rc = put_str(b, T_H_BIRTH_PLACE, h->birth_place)) < 0 ||
	    (rc = put_u8(b, T_H_RESIDENCY, h->residency)) < 0 ||
	    (rc = put_str(b, T_H_PHONE, h->phone)) < 0 ||
	    (rc = put_str(b, T_H_ADDRESS, h->address)) < 0 ||
	    (rc = put_u8(b, T_H_INSURED, h->insured)) < 0 ||
	    (rc = put_str(b, T_H_INSURED_REGION, h->insured_region)) < 0 ||
	    (rc = put_u8(b, T_H_DOC_TYPE, h->doc_type)) < 0 ||
	    (rc = put_str(b, T_H_DOC_NUMBER, h->doc_number)) < 0 ||
	    (rc = put_u32(b, T_H_DOC_VALID, h->doc_valid_until)) < 0)
		return rc;
	if (c->extra_len)
		return ssc__buf_put(b, c->extra, c->extra_len);
	return SSC_OK;
}

ssc_status
ssc_card_encode(ssc_buf *out, const ssc_card *card)
{
	ssc_buf tmp = SSC_BUF_INIT;
	ssc_status rc;

	if (!out || !card)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_card_encode: NULL argument");
	if (out->ptr || out->alloc) {
		tmp.alloc = out->alloc;
		tmp.alloc_payload = out->alloc_payload;
	} else {
		ssc__buf_bind(&tmp, card->ctx);
	}
	if ((rc = encode_into(&tmp, card)) < 0) {
		ssc_buf_dispose(&tmp);
		return rc;
	}
	ssc_buf_dispose(out);
	*out = tmp;
	return SSC_OK;
}

/* ---- decoding ---------------------------------------------------------- */

static ssc_status
corrupt(uint8_t tag, const char *what)
{
	return ssc__error_setf(SSC_ECORRUPT, SSC_ERROR_CLASS_STORE,
			       "card record: field 0x%02X: %s", tag, what);
}

/* A setter refused a stored value: out-of-memory stays ENOMEM, anything
 * else is a corrupt record.  The setter's message is kept (it is masked
 * already). */
static ssc_status
refused(ssc_status rc, uint8_t tag)
{
	char msg[256];

	if (rc == SSC_ENOMEM)
		return rc;
	snprintf(msg, sizeof(msg), "%s", ssc_error_last()->message);
	return corrupt(tag, msg);
}

/* A string field: no NUL inside; copied into a NUL-terminated scratch. */
static ssc_status
get_str(char **out, ssc_ctx *ctx, uint8_t tag, const uint8_t *v, size_t len)
{
	char *s;

	if (memchr(v, 0, len))
		return corrupt(tag, "NUL byte in text");
	s = ssc__malloc(ctx, len + 1);
	SSC__CHECK_ALLOC(s);
	memcpy(s, v, len);
	s[len] = '\0';
	*out = s;
	return SSC_OK;
}

static uint32_t
be32(const uint8_t *v)
{
	return (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
	       (uint32_t)v[2] << 8 | v[3];
}

/* Values gathered first and applied together after the loop, because
 * their setters take several of them at once. */
typedef struct {
	uint32_t issued, expires;
	int fin_state;
	char *fin_bank, *fin_account;
	int insured;
	char *insured_region;
	int doc_type;
	char *doc_number;
	uint32_t doc_valid;
} pending;

static void
pending_free(ssc_ctx *ctx, pending *p)
{
	char **strs[] = { &p->fin_bank, &p->fin_account, &p->insured_region,
			  &p->doc_number };
	for (size_t i = 0; i < SSC__ARRAY_SIZE(strs); i++) {
		if (*strs[i]) {
			ssc__wipe(*strs[i], strlen(*strs[i]));
			ssc__free(ctx, *strs[i]);
			*strs[i] = NULL;
		}
	}
}

static ssc_status
apply_field(ssc_card *c, pending *pd, uint8_t tag, const uint8_t *v,
	    size_t len)
{
	ssc_person *h = c->holder;
	char *s = NULL;
	char uuid_text[37];
	ssc_status rc = SSC_OK;
	size_t want = 0;

	/* Fixed sizes first. */
	switch (tag) {
	case T_UUID: case T_REPLACES: case T_REPLACED_BY: case T_IDENT:
		want = 16;
		break;
	case T_REVISION:
		want = 8;
		break;
	case T_ISSUED: case T_EXPIRES: case T_H_BIRTH_DATE: case T_H_DOC_VALID:
		want = 4;
		break;
	case T_GENERATION: case T_STATE: case T_PIN_STATE: case T_FIN_STATE:
	case T_ECARD_STATE: case T_H_SEX: case T_H_ETHNICITY:
	case T_H_RESIDENCY: case T_H_INSURED: case T_H_DOC_TYPE:
		want = 1;
		break;
	default:
		break;
	}
	if (want && len != want)
		return corrupt(tag, "wrong length");
	if (want == 1 && v[0] == 0)
		return corrupt(tag, "zero value is not canonical");
	if (want == 4 && be32(v) == 0)
		return corrupt(tag, "zero value is not canonical");

	switch (tag) {
	case T_UUID:
	case T_REPLACES:
	case T_REPLACED_BY:
		uuid_unparse_lower(v, uuid_text);
		rc = tag == T_UUID ? ssc_card_set_uuid(c, uuid_text)
		     : tag == T_REPLACES ? ssc_card_set_replaces(c, uuid_text)
					 : ssc_card_set_replaced_by(c,
								    uuid_text);
		break;
	case T_REVISION: {
		uint64_t r = 0;
		for (int i = 0; i < 8; i++)
			r = r << 8 | v[i];
		if (r == 0)
			return corrupt(tag, "zero value is not canonical");
		c->revision = r;
		break;
	}
	case T_IDENT:
		rc = ssc_card_set_identifier(c, v);
		break;
	case T_GENERATION:
		rc = ssc_card_set_generation(c, v[0]);
		break;
	case T_ISSUED:
		pd->issued = be32(v);
		break;
	case T_EXPIRES:
		pd->expires = be32(v);
		break;
	case T_STATE:
		rc = ssc_card_set_state(c, v[0]);
		break;
	case T_PIN_STATE:
		rc = ssc_card_set_pin_state(c, v[0]);
		break;
	case T_FIN_STATE:
		pd->fin_state = v[0];
		break;
	case T_ECARD_STATE:
		rc = ssc_card_set_ecard_state(c, v[0]);
		break;
	case T_H_SEX:
		rc = ssc_person_set_sex(h, v[0]);
		break;
	case T_H_ETHNICITY:
		rc = ssc_person_set_ethnicity(h, v[0]);
		break;
	case T_H_BIRTH_DATE:
		rc = ssc__person_set_birth_date_at(h, be32(v), 0);
		break;
	case T_H_RESIDENCY:
		rc = ssc_person_set_residency(h, v[0]);
		break;
	case T_H_INSURED:
		pd->insured = v[0];
		break;
	case T_H_DOC_TYPE:
		pd->doc_type = v[0];
		break;
	case T_H_DOC_VALID:
		pd->doc_valid = be32(v);
		break;
	default:
		/* Text fields. */
		if ((rc = get_str(&s, c->ctx, tag, v, len)) < 0)
			return rc;
		switch (tag) {
		case T_NUMBER:
			/* canonical form is upper case */
			for (size_t i = 0; i < len; i++)
				if (s[i] >= 'a' && s[i] <= 'z')
					rc = corrupt(tag, "lower-case card "
							  "number");
			if (rc == SSC_OK)
				rc = ssc_card_set_number(c, s);
			break;
		case T_SPEC_VERSION:
			if (ssc_card_generation_of(s) != c->generation)
				rc = corrupt(tag, "spec version disagrees "
						  "with the generation");
			else
				rc = ssc_card_set_spec_version(c, s);
			break;
		case T_REGION:
			rc = ssc_card_set_region(c, s);
			break;
		case T_INSTITUTION:
			rc = ssc_card_set_institution(c, s);
			break;
		case T_PHOTO:
			rc = ssc_card_set_photo_ref(c, s);
			break;
		case T_FIN_BANK:
			pd->fin_bank = s;
			s = NULL;
			break;
		case T_FIN_ACCOUNT:
			pd->fin_account = s;
			s = NULL;
			break;
		case T_H_ID:
			if (len != 18)
				rc = corrupt(tag, "identity number not in "
						  "18-character form");
			else
				rc = ssc__person_set_id_at(h, s, 0);
			break;
		case T_H_NAME:
			rc = ssc_person_set_name(h, s);
			break;
		case T_H_BIRTH_PLACE:
			rc = ssc_person_set_birth_place(h, s);
			break;
		case T_H_PHONE:
			rc = ssc_person_set_phone(h, s);
			break;
		case T_H_ADDRESS:
			rc = ssc_person_set_address(h, s);
			break;
		case T_H_INSURED_REGION:
			pd->insured_region = s;
			s = NULL;
			break;
		case T_H_DOC_NUMBER:
			pd->doc_number = s;
			s = NULL;
			break;
		default:
			rc = ssc__error_setf(SSC_ESCHEMA, SSC_ERROR_CLASS_STORE,
					     "card record: required field 0x%02X "
					     "is unknown to this library", tag);
			break;
		}
		if (s) {
			ssc__wipe(s, len);
			ssc__free(c->ctx, s);
		}
		break;
	}
	if (rc < 0 && rc != SSC_ECORRUPT && rc != SSC_ESCHEMA)
		return refused(rc, tag);
	return rc;
}

static ssc_status
apply_pending(ssc_card *c, pending *pd)
{
	ssc_status rc;

	if ((rc = ssc_card_set_dates(c, pd->issued, pd->expires)) < 0)
		return refused(rc, T_ISSUED);
	if ((pd->fin_bank || pd->fin_account) && !pd->fin_state)
		return corrupt(T_FIN_BANK, "bank data without a state");
	if ((rc = ssc_card_set_fin(c, pd->fin_state, pd->fin_bank,
				   pd->fin_account)) < 0)
		return refused(rc, T_FIN_STATE);
	if (pd->insured_region && !pd->insured)
		return corrupt(T_H_INSURED_REGION, "region without a status");
	if ((rc = ssc_person_set_insured(c->holder, pd->insured,
					 pd->insured_region)) < 0)
		return refused(rc, T_H_INSURED);
	if (pd->doc_type || pd->doc_number || pd->doc_valid) {
		if (!pd->doc_type || !pd->doc_number)
			return corrupt(T_H_DOC_TYPE, "incomplete document");
		if ((rc = ssc_person_set_document(c->holder, pd->doc_type,
						  pd->doc_number,
						  pd->doc_valid)) < 0)
			return refused(rc, T_H_DOC_TYPE);
	}
	return SSC_OK;
}

ssc_status
ssc_card_decode(ssc_card **out, ssc_ctx *ctx, const uint8_t *data,
		size_t len)
{
	ssc_card *c = NULL;
	pending pd;
	ssc_buf again = SSC_BUF_INIT, extra = SSC_BUF_INIT;
	size_t pos = REC_HEADER;
	int prev = 0;
	bool have_uuid = false;
	ssc_status rc;

	memset(&pd, 0, sizeof(pd));
	if (!out || !ctx || (!data && len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_card_decode: NULL argument");
	if (len < REC_HEADER || memcmp(data, REC_MAGIC, 4) != 0)
		return ssc__error_setf(SSC_ECORRUPT, SSC_ERROR_CLASS_STORE,
				       "not a card record");
	if (data[4] > REC_VERSION)
		return ssc__error_setf(SSC_ESCHEMA, SSC_ERROR_CLASS_STORE,
				       "card record format %u is newer than "
				       "this library (%u)", data[4],
				       REC_VERSION);
	if (data[4] != REC_VERSION || data[5] != 0)
		return ssc__error_setf(SSC_ECORRUPT, SSC_ERROR_CLASS_STORE,
				       "card record: bad format version %u or "
				       "flags %u", data[4], data[5]);
	if ((rc = ssc_card_new(&c, ctx)) < 0)
		return rc;
	ssc__buf_bind(&extra, ctx);
	while (pos < len) {
		uint8_t tag;
		size_t flen;

		if (len - pos < 3) {
			rc = corrupt(data[pos], "truncated field header");
			goto out;
		}
		tag = data[pos];
		flen = (size_t)data[pos + 1] << 8 | data[pos + 2];
		if (tag <= prev) {
			rc = corrupt(tag, "tags out of order or repeated");
			goto out;
		}
		if (len - pos - 3 < flen) {
			rc = corrupt(tag, "value runs past the end");
			goto out;
		}
		if (flen == 0) {
			rc = corrupt(tag, "empty value is not canonical");
			goto out;
		}
		if (tag >= T_OPTIONAL_FIRST) {
			rc = ssc__buf_put(&extra, data + pos, 3 + flen);
		} else {
			if (tag == T_UUID)
				have_uuid = true;
			else if (!have_uuid) {
				rc = corrupt(T_UUID, "internal id missing");
				goto out;
			}
			rc = apply_field(c, &pd, tag, data + pos + 3, flen);
		}
		if (rc < 0)
			goto out;
		prev = tag;
		pos += 3 + flen;
	}
	if (!have_uuid) {
		rc = corrupt(T_UUID, "internal id missing");
		goto out;
	}
	if ((rc = apply_pending(c, &pd)) < 0)
		goto out;
	if (extra.size) {
		c->extra_len = extra.size;
		c->extra = (uint8_t *)ssc__buf_detach(&extra);
	}
	/* Canonical form: the record must be what we would write. */
	if ((rc = ssc_card_encode(&again, c)) < 0)
		goto out;
	if (again.size != len || memcmp(again.ptr, data, len) != 0) {
		rc = ssc__error_setf(SSC_ECORRUPT, SSC_ERROR_CLASS_STORE,
				     "card record is not in canonical form");
		goto out;
	}
out:
	pending_free(ctx, &pd);
	ssc_buf_dispose(&again);
	ssc_buf_dispose(&extra);
	if (rc < 0) {
		ssc_card_free(c);
		return rc;
	}
	*out = c;
	return SSC_OK;
}
