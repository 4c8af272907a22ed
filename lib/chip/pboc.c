/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PBOC / UnionPay debit application flows (card-spec §4): PSE and
 * PPSE discovery with the UnionPay AID fallback, SELECT and FCI, GPO with
 * the PDOL filled from terminal data, READ RECORD over the AFL, GET DATA,
 * extraction of 5A / 57 / 5F24 / 5F20 / 9F61 / 9F62 …, the holder-ID
 * cross-check against EF06, offline VERIFY and the issuer-script style
 * MAC'd commands.
 */
#include <string.h>
#include <time.h>

#include "chip/pboc.h"
#include "crypto/key_provider.h"
#include "socialcard/tlv.h"

const uint8_t ssc__pboc_aid_debit[8] = { 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x01 };
const uint8_t ssc__pboc_aid_credit[8] = { 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x02 };
const uint8_t ssc__pboc_aid_quasi_credit[8] = { 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x03 };
const uint8_t ssc__pboc_aid_ecash[8] = { 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x06 };
const char ssc__pboc_pse[14] = { '1', 'P', 'A', 'Y', '.', 'S', 'Y', 'S', '.', 'D', 'D', 'F', '0', '1' };
const char ssc__pboc_ppse[14] = { '2', 'P', 'A', 'Y', '.', 'S', 'Y', 'S', '.', 'D', 'D', 'F', '0', '1' };

void
ssc__pboc_options_default(ssc__pboc_options *o)
{
	memset(o, 0, sizeof(*o));
	o->contactless_ttq[0] = 0x28;
	o->aid_fallback = true;
}

static const ssc__pboc_options *
opts_or_default(const ssc__pboc_options *o, ssc__pboc_options *tmp)
{
	if (o)
		return o;
	ssc__pboc_options_default(tmp);
	return tmp;
}

static ssc_status
parse_error(const char *what)
{
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU, "PBOC: %s",
			       what);
}

/* ---- FCI and directory ---------------------------------------------- */

ssc_status
ssc__pboc_parse_fci(ssc__pboc_fci *out, const uint8_t *fci, size_t len)
{
	ssc_tlv t6f = SSC_TLV_INIT, t = SSC_TLV_INIT;
	size_t off = 0;
	ssc_status rc;

	memset(out, 0, sizeof(*out));
	if (ssc_tlv_next(&t6f, fci, len, &off) < 0 || t6f.tag != 0x6F ||
	    !t6f.constructed)
		return parse_error("FCI has no 6F template");
	if ((rc = ssc_tlv_validate(t6f.value, t6f.len)) < 0)
		return rc;
	if (ssc_tlv_find(&t, t6f.value, t6f.len, 0x84) == SSC_OK) {
		if (t.len < 5 || t.len > 16)
			return parse_error("DF name (84) is not 5-16 bytes");
		memcpy(out->aid, t.value, t.len);
		out->aid_len = t.len;
	}
	if (ssc_tlv_find(&t, t6f.value, t6f.len, 0x50) == SSC_OK &&
	    t.len <= sizeof(out->label)) {
		if (t.len)
			memcpy(out->label, t.value, t.len);
		out->label_len = t.len;
	}
	if (ssc_tlv_find(&t, t6f.value, t6f.len, 0x9F38) == SSC_OK) {
		uint32_t tag;
		size_t l, o = 0;
		if (t.len > sizeof(out->pdol))
			return parse_error("PDOL too long");
		while (o < t.len)
			if ((rc = ssc_dol_next(&tag, &l, t.value, t.len, &o)) < 0)
				return rc;
		if (t.len)
			memcpy(out->pdol, t.value, t.len);
		out->pdol_len = t.len;
		out->has_pdol = true;
	}
	ssc_error_clear();
	return SSC_OK;
}

/* Add the 61 entries of a template to apps. */
static ssc_status
add_entries(const uint8_t *data, size_t len, ssc__pboc_app *apps, size_t *n)
{
	ssc_tlv e = SSC_TLV_INIT, f = SSC_TLV_INIT;
	size_t off = 0;
	ssc_status rc;

	while ((rc = ssc_tlv_next(&e, data, len, &off)) == SSC_OK) {
		ssc__pboc_app *a;
		if (e.tag != 0x61) {
			if (e.constructed &&
			    (rc = add_entries(e.value, e.len, apps, n)) < 0)
				return rc;
			continue;
		}
		if (*n >= SSC__PBOC_MAX_APPS)
			break;
		a = &apps[*n];
		memset(a, 0, sizeof(*a));
		a->priority = -1;
		if (ssc_tlv_find(&f, e.value, e.len, 0x4F) < 0 || f.len < 5 ||
		    f.len > 16)
			return parse_error("directory entry without a valid AID");
		memcpy(a->aid, f.value, f.len);
		a->aid_len = f.len;
		if (ssc_tlv_find(&f, e.value, e.len, 0x50) == SSC_OK &&
		    f.len <= sizeof(a->label)) {
			if (f.len)
				memcpy(a->label, f.value, f.len);
			a->label_len = f.len;
		}
		if (ssc_tlv_find(&f, e.value, e.len, 0x87) == SSC_OK &&
		    f.len == 1)
			a->priority = f.value[0] & 0x0F;
		(*n)++;
	}
	if (rc == SSC_ENOTFOUND) {
		ssc_error_clear();
		return SSC_OK;
	}
	return rc;
}

static int
prio_key(const ssc__pboc_app *a)
{
	return a->priority <= 0 ? 16 : a->priority;
}

ssc_status
ssc__pboc_list_apps(ssc__transport *t, const ssc__pboc_options *o,
		    ssc__pboc_app apps[SSC__PBOC_MAX_APPS], size_t *n)
{
	ssc__pboc_options tmp;
	uint8_t data[258];
	size_t len = sizeof(data), i, j;
	ssc_tlv x = SSC_TLV_INIT;
	uint16_t sw = 0;
	ssc_status rc;

	o = opts_or_default(o, &tmp);
	*n = 0;
	rc = ssc__transceive(t, 0x00, 0xA4, 0x04, 0x00,
			     (const uint8_t *)(o->contactless ? ssc__pboc_ppse
							      : ssc__pboc_pse),
			     14, 256, 0, data, &len, &sw);
	if (rc < 0)
		return rc;
	if (sw != 0x9000)
		return ssc__sw_error(sw, o->contactless ? "SELECT PPSE"
							: "SELECT PSE");
	if ((rc = ssc_tlv_validate(data, len)) < 0)
		return rc;
	/* entries directly in BF0C (PPSE, some PSE) */
	if (ssc_tlv_find(&x, data, len, 0xBF0C) == SSC_OK &&
	    (rc = add_entries(x.value, x.len, apps, n)) < 0)
		return rc;
	if (*n == 0 && ssc_tlv_find(&x, data, len, 0x88) == SSC_OK) {
		uint8_t sfi, rec;
		if (x.len != 1 || x.value[0] == 0 || x.value[0] > 30)
			return parse_error("PSE FCI: bad SFI in 88");
		sfi = x.value[0];
		for (rec = 1; rec <= 16; rec++) {
			len = sizeof(data);
			rc = ssc__transceive(t, 0x00, 0xB2, rec,
					     (uint8_t)(sfi << 3 | 4), NULL, 0,
					     256, 0, data, &len, &sw);
			if (rc < 0)
				return rc;
			if (sw == 0x6A83)
				break;
			if (sw != 0x9000)
				return ssc__sw_error(sw, "READ RECORD (PSE)");
			if (ssc_tlv_find(&x, data, len, 0x70) < 0)
				return parse_error("PSE record is not a 70 "
						   "template");
			if ((rc = add_entries(x.value, x.len, apps, n)) < 0)
				return rc;
		}
	}
	ssc_error_clear();
	/* stable sort by priority (1 highest, absent last) */
	for (i = 1; i < *n; i++)
		for (j = i; j > 0 && prio_key(&apps[j]) < prio_key(&apps[j - 1]);
		     j--) {
			ssc__pboc_app tmpa = apps[j];
			apps[j] = apps[j - 1];
			apps[j - 1] = tmpa;
		}
	return SSC_OK;
}

ssc_status
ssc__pboc_select_app(ssc__transport *t, const uint8_t *aid, size_t aid_len,
		     ssc__pboc_fci *fci)
{
	uint8_t data[258];
	size_t len = sizeof(data);
	uint16_t sw = 0;
	ssc_status rc;

	if (!aid || aid_len < 5 || aid_len > 16)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "SELECT: AID must be 5-16 bytes");
	if ((rc = ssc__transceive(t, 0x00, 0xA4, 0x04, 0x00, aid, aid_len, 256,
				  0, data, &len, &sw)) < 0)
		return rc;
	if (sw != 0x9000)
		return ssc__sw_error(sw, "SELECT application");
	if ((rc = ssc__pboc_parse_fci(fci, data, len)) < 0)
		return rc;
	if (fci->aid_len == 0) {
		memcpy(fci->aid, aid, aid_len);
		fci->aid_len = aid_len;
	}
	return SSC_OK;
}

/* ---- GPO ------------------------------------------------------------ */

static ssc_status
default_terminal_data(ssc_buf *b, const ssc__transport *t,
		      const ssc__pboc_options *o)
{
	static const uint8_t cn[2] = { 0x01, 0x56 };
	static const uint8_t zero6[6] = { 0 };
	uint8_t date[3], un[4];
	time_t now;
	struct tm tm;
	ssc_status rc;

	now = t->ctx ? (time_t)(ssc_ctx_now(t->ctx) / 1000) : time(NULL);
	if (!gmtime_r(&now, &tm))
		memset(&tm, 0, sizeof(tm));
	date[0] = (uint8_t)(((tm.tm_year % 100) / 10) << 4 | (tm.tm_year % 10));
	date[1] = (uint8_t)(((tm.tm_mon + 1) / 10) << 4 | ((tm.tm_mon + 1) % 10));
	date[2] = (uint8_t)((tm.tm_mday / 10) << 4 | (tm.tm_mday % 10));
	if ((rc = ssc__kp_random(NULL, un, sizeof(un))) < 0)
		return rc;
	if ((rc = ssc_tlv_append(b, 0x9F1A, cn, 2)) < 0 ||
	    (rc = ssc_tlv_append(b, 0x5F2A, cn, 2)) < 0 ||
	    (rc = ssc_tlv_append(b, 0x9F02, zero6, 6)) < 0 ||
	    (rc = ssc_tlv_append(b, 0x9F03, zero6, 6)) < 0 ||
	    (rc = ssc_tlv_append(b, 0x9C, zero6, 1)) < 0 ||
	    (rc = ssc_tlv_append(b, 0x9F7A, zero6, 1)) < 0 ||
	    (rc = ssc_tlv_append(b, 0x9A, date, 3)) < 0 ||
	    (rc = ssc_tlv_append(b, 0x9F37, un, 4)) < 0 ||
	    (rc = ssc_tlv_append(b, 0x9F66, o->contactless_ttq, 4)) < 0)
		return rc;
	return SSC_OK;
}

ssc_status
ssc__pboc_check_afl(const uint8_t *afl, size_t len)
{
	size_t i;

	if (len == 0 || len % 4 != 0)
		return parse_error("AFL length is not a non-zero multiple of 4");
	for (i = 0; i < len; i += 4) {
		uint8_t sfi = afl[i] >> 3;
		if ((afl[i] & 7) != 0 || sfi == 0 || sfi > 30 || afl[i + 1] == 0 ||
		    afl[i + 2] < afl[i + 1] ||
		    afl[i + 3] > afl[i + 2] - afl[i + 1] + 1)
			return parse_error("malformed AFL entry");
	}
	return SSC_OK;
}

ssc_status
ssc__pboc_gpo(ssc__transport *t, const ssc__pboc_options *o,
	      const ssc__pboc_fci *fci, uint8_t aip[2], uint8_t *afl,
	      size_t *afl_len)
{
	ssc__pboc_options tmp;
	ssc_buf term = SSC_BUF_INIT, vals = SSC_BUF_INIT, cmd = SSC_BUF_INIT;
	uint8_t data[258];
	size_t len = sizeof(data);
	ssc_tlv x = SSC_TLV_INIT, y = SSC_TLV_INIT;
	size_t off = 0;
	uint16_t sw = 0;
	ssc_status rc;

	o = opts_or_default(o, &tmp);
	ssc__buf_bind(&term, t->ctx);
	ssc__buf_bind(&vals, t->ctx);
	ssc__buf_bind(&cmd, t->ctx);
	if (o->terminal_len &&
	    (rc = ssc__buf_put(&term, o->terminal_tlv, o->terminal_len)) < 0)
		goto out;
	if ((rc = default_terminal_data(&term, t, o)) < 0)
		goto out;
	if (fci->has_pdol &&
	    (rc = ssc_dol_fill(&vals, fci->pdol, fci->pdol_len,
			       (const uint8_t *)term.ptr, term.size)) < 0)
		goto out;
	if (vals.size > 250) {
		rc = parse_error("PDOL data longer than one command");
		goto out;
	}
	if ((rc = ssc_tlv_append(&cmd, 0x83, (const uint8_t *)vals.ptr,
				 vals.size)) < 0)
		goto out;
	if ((rc = ssc__transceive(t, 0x80, 0xA8, 0x00, 0x00,
				  (const uint8_t *)cmd.ptr, cmd.size, 256, 0,
				  data, &len, &sw)) < 0)
		goto out;
	if (sw != 0x9000) {
		rc = ssc__sw_error(sw, "GET PROCESSING OPTIONS");
		goto out;
	}
	if ((rc = ssc_tlv_next(&x, data, len, &off)) < 0)
		goto out;
	if (x.tag == 0x80) {
		if (x.len < 2 + 4 || x.len - 2 > *afl_len) {
			rc = parse_error("GPO format 1 has no room for AIP + AFL");
			goto out;
		}
		memcpy(aip, x.value, 2);
		memcpy(afl, x.value + 2, x.len - 2);
		*afl_len = x.len - 2;
	} else if (x.tag == 0x77) {
		if (ssc_tlv_find(&y, x.value, x.len, 0x82) < 0 || y.len != 2) {
			rc = parse_error("GPO format 2 without AIP (82)");
			goto out;
		}
		memcpy(aip, y.value, 2);
		if (ssc_tlv_find(&y, x.value, x.len, 0x94) < 0 ||
		    y.len > *afl_len) {
			rc = parse_error("GPO format 2 without AFL (94)");
			goto out;
		}
		if (y.len)
			memcpy(afl, y.value, y.len);
		*afl_len = y.len;
	} else {
		rc = parse_error("GPO answer is neither 80 nor 77");
		goto out;
	}
	rc = ssc__pboc_check_afl(afl, *afl_len);
out:
	ssc_buf_dispose(&term);
	ssc_buf_dispose(&vals);
	ssc_buf_dispose(&cmd);
	return rc;
}

/* ---- data objects --------------------------------------------------- */

/* BCD nibbles to digits, stopping at F padding (and at D for track 2
 * when stop_d); false on other non-digits or overflow. */
static bool
nibbles(char *out, size_t cap, const uint8_t *v, size_t len, size_t *pos,
	bool stop_d)
{
	size_t o = 0;

	for (; *pos < 2 * len; (*pos)++) {
		uint8_t d = (uint8_t)(*pos % 2 ? v[*pos / 2] & 15 : v[*pos / 2] >> 4);
		if (d == 0x0F)
			break;
		if (d == 0x0D && stop_d)
			break;
		if (d > 9 || o + 1 >= cap)
			return false;
		out[o++] = (char)('0' + d);
	}
	out[o] = '\0';
	return true;
}

static ssc_status
yymmdd(char out[9], const uint8_t *v, size_t len)
{
	char d[7];
	size_t pos = 0;

	if (len != 3 || !nibbles(d, sizeof(d), v, 3, &pos, false) ||
	    strlen(d) != 6)
		return parse_error("date is not YYMMDD");
	/* EMV: YY < 50 -> 20YY */
	out[0] = d[0] < '5' ? '2' : '1';
	out[1] = d[0] < '5' ? '0' : '9';
	memcpy(out + 2, d, 6);
	out[8] = '\0';
	if (memcmp(out + 4, "01", 2) < 0 || memcmp(out + 4, "12", 2) > 0)
		return parse_error("date has a bad month");
	return SSC_OK;
}

ssc_status
ssc__pboc_collect(ssc__pboc_card *c, const uint8_t *data, size_t len)
{
	ssc_tlv x = SSC_TLV_INIT;
	ssc_status rc;

	if ((rc = ssc_tlv_validate(data, len)) < 0)
		return rc;
	if (!c->pan[0] && ssc_tlv_find(&x, data, len, 0x5A) == SSC_OK) {
		size_t pos = 0;
		if (x.len == 0 || x.len > 10 ||
		    !nibbles(c->pan, sizeof(c->pan), x.value, x.len, &pos,
			     false) || strlen(c->pan) < 12)
			return parse_error("PAN (5A) is not 12-19 BCD digits");
	}
	if (!c->track2_len && ssc_tlv_find(&x, data, len, 0x57) == SSC_OK) {
		size_t pos = 0;
		char rest[40];
		if (x.len == 0 || x.len > sizeof(c->track2))
			return parse_error("track 2 (57) has a bad length");
		if (!nibbles(c->track2_pan, sizeof(c->track2_pan), x.value,
			     x.len, &pos, true) ||
		    pos >= 2 * x.len ||
		    (pos % 2 ? x.value[pos / 2] & 15 : x.value[pos / 2] >> 4) != 0x0D)
			return parse_error("track 2 (57) has no separator D");
		pos++;
		if (!nibbles(rest, sizeof(rest), x.value, x.len, &pos, false) ||
		    strlen(rest) < 7)
			return parse_error("track 2 (57) too short after D");
		memcpy(c->track2_expiry, rest, 4);
		memcpy(c->service_code, rest + 4, 3);
		ssc__wipe(rest, sizeof(rest));
		memcpy(c->track2, x.value, x.len);
		c->track2_len = x.len;
	}
	if (!c->expiry[0] && ssc_tlv_find(&x, data, len, 0x5F24) == SSC_OK &&
	    (rc = yymmdd(c->expiry, x.value, x.len)) < 0)
		return rc;
	if (!c->effective[0] && ssc_tlv_find(&x, data, len, 0x5F25) == SSC_OK &&
	    (rc = yymmdd(c->effective, x.value, x.len)) < 0)
		return rc;
	if (c->pan_seq < 0 && ssc_tlv_find(&x, data, len, 0x5F34) == SSC_OK) {
		if (x.len != 1 || (x.value[0] >> 4) > 9 || (x.value[0] & 15) > 9)
			return parse_error("PAN sequence (5F34) is not n2");
		c->pan_seq = (x.value[0] >> 4) * 10 + (x.value[0] & 15);
	}
	if (!c->name_len && ssc_tlv_find(&x, data, len, 0x5F20) == SSC_OK) {
		size_t n = x.len;
		if (n > sizeof(c->name))
			return parse_error("name (5F20) longer than 45 bytes");
		while (n > 0 && (x.value[n - 1] == 0x20 || x.value[n - 1] == 0))
			n--;
		if (n)
			memcpy(c->name, x.value, n);
		c->name_len = n;
	}
	if (!c->has_holder_id && ssc_tlv_find(&x, data, len, 0x9F61) == SSC_OK) {
		size_t n = x.len;
		if (n > sizeof(c->holder_id))
			return parse_error("holder ID (9F61) longer than 40 bytes");
		while (n > 0 && (x.value[n - 1] == 0x20 || x.value[n - 1] == 0 ||
				 x.value[n - 1] == 0xFF))
			n--;
		if (n)
			memcpy(c->holder_id, x.value, n);
		c->holder_id_len = n;
		c->has_holder_id = true;
	}
	if (c->holder_id_type < 0 && ssc_tlv_find(&x, data, len, 0x9F62) == SSC_OK) {
		if (x.len != 1)
			return parse_error("holder ID type (9F62) is not 1 byte");
		c->holder_id_type = x.value[0];
	}
	ssc_error_clear();
	return SSC_OK;
}

/* GET DATA with an expected length: data objects of known size are asked
 * for with their exact Le (tag + length + value), so the card never needs a
 * 6Cxx correction; le 256 (Le 00) when the size is not known. */
static ssc_status
get_data_le(ssc__transport *t, uint16_t tag, size_t le, uint8_t *out,
	    size_t *out_len)
{
	uint8_t data[258];
	size_t len = sizeof(data), off = 0;
	ssc_tlv x = SSC_TLV_INIT;
	uint16_t sw = 0;
	ssc_status rc;

	if ((rc = ssc__transceive(t, 0x80, 0xCA, (uint8_t)(tag >> 8),
				  (uint8_t)tag, NULL, 0, le, 0, data, &len,
				  &sw)) < 0)
		return rc;
	if (sw == 0x6A88 || sw == 0x6A81 || sw == 0x6A83 || sw == 0x6D00 ||
	    sw == 0x6A82)
		return ssc__error_setf_sw(SSC_ENOTFOUND, sw,
					  "GET DATA %04X: not available",
					  (unsigned)tag);
	if (sw != 0x9000)
		return ssc__sw_error(sw, "GET DATA");
	if ((rc = ssc_tlv_next(&x, data, len, &off)) < 0)
		return rc;
	if (x.tag != tag || x.len > *out_len)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "GET DATA %04X answered tag %X of %zu "
				       "bytes", (unsigned)tag, (unsigned)x.tag,
				       x.len);
	if (x.len)
		memcpy(out, x.value, x.len);
	*out_len = x.len;
	return SSC_OK;
}

ssc_status
ssc__pboc_get_data(ssc__transport *t, uint16_t tag, uint8_t *out,
		   size_t *out_len)
{
	return get_data_le(t, tag, 256, out, out_len);
}

/* GET DATA of a counter: b1/b2 -> int; absent -> -1. */
static ssc_status
get_counter(ssc__transport *t, uint16_t tag, size_t want, int *out)
{
	uint8_t v[8];
	size_t n = sizeof(v);
	ssc_status rc;

	*out = -1;
	rc = get_data_le(t, tag, 3 + want, v, &n);
	if (rc == SSC_ENOTFOUND) {
		ssc_error_clear();
		return SSC_OK;
	}
	if (rc < 0)
		return rc;
	if (n != want)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "GET DATA %04X: %zu bytes, expected %zu",
				       (unsigned)tag, n, want);
	*out = want == 1 ? v[0] : (v[0] << 8 | v[1]);
	return SSC_OK;
}

ssc_status
ssc__pboc_read(ssc__transport *t, const ssc__pboc_options *o,
	       ssc__pboc_card *out)
{
	static const uint8_t *const fallback[] = {
		ssc__pboc_aid_debit, ssc__pboc_aid_credit,
		ssc__pboc_aid_quasi_credit, ssc__pboc_aid_ecash,
	};
	ssc__pboc_options tmp;
	ssc__pboc_app apps[SSC__PBOC_MAX_APPS];
	ssc__pboc_fci fci;
	uint8_t afl[252], rec[258], v[8];
	size_t napps = 0, afl_len = sizeof(afl), i, n;
	uint16_t blocked_sw = 0;
	ssc_status rc;

	o = opts_or_default(o, &tmp);
	memset(out, 0, sizeof(*out));
	out->pan_seq = out->holder_id_type = -1;
	out->atc = out->last_online_atc = out->pin_tries = -1;

	rc = ssc__pboc_list_apps(t, o, apps, &napps);
	if (rc < 0 && rc != SSC_ENOTFOUND)
		return rc;
	rc = SSC_ENOTFOUND;
	for (i = 0; i < napps && rc < 0; i++) {
		rc = ssc__pboc_select_app(t, apps[i].aid, apps[i].aid_len, &fci);
		if (rc == SSC_EAPPBLOCKED)
			blocked_sw = ssc_error_last()->sw;
		else if (rc < 0 && rc != SSC_ENOTFOUND)
			return rc;
	}
	for (i = 0; rc < 0 && o->aid_fallback && napps == 0 &&
		    i < SSC__ARRAY_SIZE(fallback); i++) {
		rc = ssc__pboc_select_app(t, fallback[i], 8, &fci);
		if (rc == SSC_EAPPBLOCKED)
			blocked_sw = ssc_error_last()->sw;
		else if (rc < 0 && rc != SSC_ENOTFOUND)
			return rc;
	}
	if (rc < 0 && blocked_sw)
		return ssc__error_setf_sw(SSC_EAPPBLOCKED, blocked_sw,
					  "the UnionPay application is blocked "
					  "(SW %04X)", (unsigned)blocked_sw);
	if (rc < 0)
		return ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_CARD,
				       "no UnionPay application on the card");
	memcpy(out->aid, fci.aid, fci.aid_len);
	out->aid_len = fci.aid_len;

	if ((rc = ssc__pboc_gpo(t, o, &fci, out->aip, afl, &afl_len)) < 0)
		return rc;
	for (i = 0; i < afl_len; i += 4) {
		uint8_t sfi = afl[i] >> 3, r;
		for (r = afl[i + 1]; r <= afl[i + 2]; r++) {
			uint16_t sw = 0;
			ssc_tlv x = SSC_TLV_INIT;
			size_t off = 0;
			n = sizeof(rec);
			if ((rc = ssc__transceive(t, 0x00, 0xB2, r,
						  (uint8_t)(sfi << 3 | 4), NULL,
						  0, 256, 0, rec, &n, &sw)) < 0)
				goto out;
			if (sw != 0x9000) {
				rc = ssc__sw_error(sw, "READ RECORD (AFL)");
				goto out;
			}
			if ((rc = ssc_tlv_next(&x, rec, n, &off)) < 0)
				goto out;
			if (x.tag != 0x70) {
				rc = parse_error("AFL record is not a 70 template");
				goto out;
			}
			if ((rc = ssc__pboc_collect(out, x.value, x.len)) < 0)
				goto out;
			if (r == 0xFF)
				break;
		}
	}
	if ((rc = get_counter(t, 0x9F36, 2, &out->atc)) < 0 ||
	    (rc = get_counter(t, 0x9F13, 2, &out->last_online_atc)) < 0 ||
	    (rc = get_counter(t, 0x9F17, 1, &out->pin_tries)) < 0)
		goto out;
	n = sizeof(v);
	rc = get_data_le(t, 0x9F79, 3 + 6, v, &n);
	if (rc == SSC_OK) {
		size_t pos = 0;
		if (n != 6 || !nibbles(out->ecash_balance,
				       sizeof(out->ecash_balance), v, 6, &pos,
				       false) ||
		    strlen(out->ecash_balance) != 12) {
			out->ecash_balance[0] = '\0';
			rc = parse_error("e-cash balance (9F79) is not n12");
			goto out;
		}
	} else if (rc == SSC_ENOTFOUND) {
		ssc_error_clear();
		rc = SSC_OK;
	}
out:
	ssc__wipe(rec, sizeof(rec));
	return rc;
}

/* ---- holder cross-check ---------------------------------------------- */

ssc_status
ssc__pboc_check_holder(const ssc__pboc_card *fin, const ssc__ssse_ef06 *ef06,
		       bool *compared)
{
	char a[41], b[19], ma[SSC__MASK_MAX], mb[SSC__MASK_MAX];
	size_t i;

	if (compared)
		*compared = false;
	if (!fin->has_holder_id || (fin->holder_id_type != -1 &&
				    fin->holder_id_type != 0x00))
		return SSC_OK;
	if (!ef06->ssn[0])
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "EF06 has no social security number to "
				       "compare");
	for (i = 0; i < fin->holder_id_len && i < 40; i++) {
		char c = (char)fin->holder_id[i];
		a[i] = c == 'x' ? 'X' : c;
	}
	a[i] = '\0';
	memcpy(b, ef06->ssn, sizeof(b));
	if (compared)
		*compared = true;
	if (strcmp(a, b) == 0)
		return SSC_OK;
	ssc__mask_id(ma, a);
	ssc__mask_id(mb, b);
	ssc__wipe(a, sizeof(a));
	ssc__wipe(b, sizeof(b));
	return ssc__error_setf(SSC_EMISMATCH, SSC_ERROR_CLASS_CARD,
			       "holder ID of the financial application (%s) "
			       "differs from the social security number in "
			       "EF06 (%s)", ma, mb);
}

/* ---- PIN and issuer-script commands ------------------------------------ */

ssc_status
ssc__pboc_verify_pin(ssc__transport *t, const char *pin, int *tries_left)
{
	uint8_t blk[8], bcd[7];
	size_t n = 0, digits;
	uint16_t sw = 0;
	ssc_status rc;
	int tl;

	if (tries_left)
		*tries_left = -1;
	if ((rc = ssc__pin_to_bcd(bcd, &n, pin, 4, 12)) < 0)
		return rc;
	digits = strlen(pin);
	memset(blk, 0xFF, sizeof(blk));
	blk[0] = (uint8_t)(0x20 | digits);
	memcpy(blk + 1, bcd, n);
	rc = ssc__transceive(t, 0x00, 0x20, 0x00, 0x80, blk, 8, 0,
			     SSC_APDU_FLAG_SENSITIVE, NULL, NULL, &sw);
	ssc__wipe(blk, sizeof(blk));
	ssc__wipe(bcd, sizeof(bcd));
	if (rc < 0)
		return rc;
	tl = ssc_sw_tries_left(sw);
	if (tries_left)
		*tries_left = tl;
	if (sw == 0x9000)
		return SSC_OK;
	if ((sw & 0xFFF0) == 0x63C0 && tl > 0)
		return ssc__error_setf_sw(SSC_EPIN, sw,
					  "VERIFY: wrong PIN, %d tr%s left", tl,
					  tl == 1 ? "y" : "ies");
	if (tl == 0)
		return ssc__error_setf_sw(SSC_EPINBLOCKED, sw,
					  "VERIFY: PIN blocked (SW %04X)",
					  (unsigned)sw);
	return ssc__sw_error(sw, "VERIFY");
}

static ssc_status
script_cmd(ssc__transport *t, const ssc__sm_config *sm, uint8_t ins,
	   uint8_t p2, const uint8_t *data, size_t len, const char *what)
{
	uint16_t sw = 0;
	ssc_status rc;

	if ((rc = ssc__sm_send(t, sm, 0x84, ins, 0x00, p2, data, len, &sw)) < 0)
		return rc;
	if (sw == 0x9000)
		return SSC_OK;
	return ssc__sw_error(sw, what);
}

ssc_status
ssc__pboc_app_block(ssc__transport *t, const ssc__sm_config *sm)
{
	return script_cmd(t, sm, 0x1E, 0x00, NULL, 0, "APPLICATION BLOCK");
}

ssc_status
ssc__pboc_app_unblock(ssc__transport *t, const ssc__sm_config *sm)
{
	return script_cmd(t, sm, 0x18, 0x00, NULL, 0, "APPLICATION UNBLOCK");
}

ssc_status
ssc__pboc_pin_unblock(ssc__transport *t, const ssc__sm_config *sm)
{
	return script_cmd(t, sm, 0x24, 0x00, NULL, 0, "PIN UNBLOCK");
}

ssc_status
ssc__pboc_pin_change(ssc__transport *t, const ssc__sm_config *sm,
		     const char *new_pin, size_t min_len, size_t max_len)
{
	uint8_t bcd[8], enc[16];
	size_t n = 0, bs;
	ssc_status rc;

	if (max_len > 12)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "PIN CHANGE: at most 12 digits");
	if ((rc = ssc__pin_to_bcd(bcd, &n, new_pin, min_len, max_len)) < 0)
		return rc;
	bs = ssc__sm_block(sm);
	if (bs == 0) {
		rc = ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_CRYPTO,
				     "PIN CHANGE: unsupported algorithm");
		goto out;
	}
	if ((rc = ssc__sm_encipher_pin(sm, enc, n + 2 <= bs ? bs : 2 * bs, bcd,
				       n, strlen(new_pin))) < 0)
		goto out;
	rc = script_cmd(t, sm, 0x24, 0x01, enc, n + 2 <= bs ? bs : 2 * bs,
			"PIN CHANGE");
out:
	ssc__wipe(bcd, sizeof(bcd));
	ssc__wipe(enc, sizeof(enc));
	return rc;
}
