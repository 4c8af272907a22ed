/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SSSE command flows (card-spec §1–§3): SELECT MF / SSSE and the FCI
 * with its algorithm indicator, READ RECORD by tag in SFI mode with exact
 * Le, the EF05/EF06 decoders, PIN verify / change / reload / unblock,
 * generation-3 authentication steps and UPDATE RECORD of non-key items.
 */
#include <string.h>

#include "chip/ssse.h"
#include "crypto/key_provider.h"
#include "socialcard/tlv.h"

#include <openssl/crypto.h>

const uint8_t ssc__ssse_df_name[15] = {
	0x73, 0x78, 0x31, 0x2E, 0x73, 0x68, 0x2E, /* "sx1.sh." */
	0xC9, 0xE7, 0xBB, 0xE1, 0xB1, 0xA3, 0xD5, 0xCF /* 社会保障 (GBK) */
};

struct item {
	uint8_t sfi, tag;
	uint8_t len;
	bool key_item; /* identity items: never written here */
	uint8_t pad;   /* write padding for variable text, 0 = exact */
};

static const struct item items[] = {
	{ 5, 0x01, 16, true, 0 },   /* 卡识别码 */
	{ 5, 0x02, 1, false, 0 },   /* 卡类别 */
	{ 5, 0x03, 4, true, 0 },    /* 规范版本 */
	{ 5, 0x04, 12, false, 0 },  /* 初始化机构编号 */
	{ 5, 0x05, 4, false, 0 },   /* 发卡日期 */
	{ 5, 0x06, 4, false, 0 },   /* 卡有效期 */
	{ 5, 0x07, 9, true, 0 },    /* 卡号 */
	{ 6, 0x08, 18, true, 0 },   /* 社会保障号码 */
	{ 6, 0x09, 30, false, 0x00 }, /* 姓名 */
	{ 6, 0x4E, 20, false, 0xFF }, /* 姓名扩展 */
	{ 6, 0x0A, 1, false, 0 },   /* 性别 */
	{ 6, 0x0B, 1, false, 0 },   /* 民族 */
	{ 6, 0x0C, 3, false, 0 },   /* 出生地 */
	{ 6, 0x0D, 4, false, 0 },   /* 出生日期 */
};

static const struct item *
item_of(uint8_t sfi, uint8_t tag)
{
	size_t i;

	for (i = 0; i < SSC__ARRAY_SIZE(items); i++)
		if (items[i].sfi == sfi && items[i].tag == tag)
			return &items[i];
	return NULL;
}

void
ssc__ssse_options_default(ssc__ssse_options *o)
{
	memset(o, 0, sizeof(*o));
	o->pin_min_len = 6;
	o->pin_max_len = 6;
	o->le_mode = SSC__SSSE_LE_EXACT;
	o->reload_p2 = 0x01;
	o->reload_block_len = 16;
	o->unblock_p2 = 0x00;
}

static const ssc__ssse_options *
opts_or_default(const ssc__ssse_options *o, ssc__ssse_options *tmp)
{
	if (o)
		return o;
	ssc__ssse_options_default(tmp);
	return tmp;
}

/* ---- FCI ------------------------------------------------------------ */

ssc_status
ssc__ssse_parse_fci(ssc__ssse_fci *out, const uint8_t *fci, size_t len)
{
	ssc_tlv t6f = SSC_TLV_INIT, t = SSC_TLV_INIT;
	ssc_status rc;
	size_t off = 0;

	memset(out, 0, sizeof(*out));
	out->dir_sfi = -1;
	out->algorithm = SSC__ALG_DES;
	if ((rc = ssc_tlv_next(&t6f, fci, len, &off)) < 0 ||
	    t6f.tag != 0x6F || !t6f.constructed)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				       "SSSE FCI: no 6F template");
	if ((rc = ssc_tlv_validate(t6f.value, t6f.len)) < 0)
		return rc;
	if (ssc_tlv_find(&t, t6f.value, t6f.len, 0x84) == SSC_OK) {
		if (t.len > sizeof(out->df_name))
			return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
					       "SSSE FCI: DF name of %zu bytes",
					       t.len);
		if (t.len)
			memcpy(out->df_name, t.value, t.len);
		out->df_name_len = t.len;
	}
	if (ssc_tlv_find(&t, t6f.value, t6f.len, 0x88) == SSC_OK) {
		if (t.len != 1 || t.value[0] == 0 || t.value[0] > 30)
			return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
					       "SSSE FCI: bad SFI in tag 88");
		out->dir_sfi = t.value[0];
	}
	/* 9F0C is primitive; its value holds 86 01 <alg> (card-spec §1.1:
	 * exact path [U], so 86 is also accepted anywhere in the FCI). */
	rc = ssc_tlv_find(&t, t6f.value, t6f.len, 0x9F0C);
	if (rc == SSC_OK) {
		const uint8_t *v = t.value;
		size_t n = t.len;
		t.version = SSC_TLV_VERSION;
		if (ssc_tlv_find(&t, v, n, 0x86) < 0)
			return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
					       "SSSE FCI: 9F0C without 86");
	} else {
		rc = ssc_tlv_find(&t, t6f.value, t6f.len, 0x86);
	}
	if (rc == SSC_OK) {
		if (t.len != 1 || t.value[0] < SSC__ALG_DES ||
		    t.value[0] > SSC__ALG_SM4)
			return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
					       "SSSE FCI: unknown algorithm "
					       "indicator");
		out->algorithm = t.value[0];
		out->algorithm_present = true;
	} else {
		ssc_error_clear();
	}
	return SSC_OK;
}

ssc_status
ssc__ssse_select(ssc__transport *t, const ssc__ssse_options *o,
		 ssc__ssse_fci *fci)
{
	ssc__ssse_options tmp;
	uint8_t data[256];
	size_t n = sizeof(data);
	uint16_t sw = 0;
	ssc_status rc;

	o = opts_or_default(o, &tmp);
	if (o->select_mf_first) {
		const uint8_t mf[2] = { 0x3F, 0x00 };
		/* status ignored (card-spec §2.8 step 1); transport errors
		 * are not */
		if ((rc = ssc__transceive(t, 0x00, 0xA4, 0x00, 0x00, mf, 2, 0,
					  0, NULL, NULL, &sw)) < 0)
			return rc;
	}
	if ((rc = ssc__transceive(t, 0x00, 0xA4, 0x04, 0x00, ssc__ssse_df_name,
				  sizeof(ssc__ssse_df_name), 0, 0, data, &n,
				  &sw)) < 0)
		return rc;
	if (sw == 0x9000 && n == 0) {
		/* a T=1 card may want case 4 to return the FCI */
		n = sizeof(data);
		if ((rc = ssc__transceive(t, 0x00, 0xA4, 0x04, 0x00,
					  ssc__ssse_df_name,
					  sizeof(ssc__ssse_df_name), 256, 0,
					  data, &n, &sw)) < 0)
			return rc;
	}
	if (sw != 0x9000)
		return ssc__sw_error(sw, "SELECT SSSE");
	return ssc__ssse_parse_fci(fci, data, n);
}

/* ---- READ RECORD ---------------------------------------------------- */

ssc_status
ssc__ssse_read_item(ssc__transport *t, const ssc__ssse_options *o,
		    uint8_t sfi, uint8_t tag, size_t len, uint8_t *out,
		    size_t *out_len)
{
	ssc__ssse_options tmp;
	uint8_t rec[258];
	size_t n = sizeof(rec);
	uint16_t sw = 0;
	ssc_status rc;

	o = opts_or_default(o, &tmp);
	if (sfi == 0 || sfi > 30 || len > 253)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "READ RECORD: bad SFI or length");
	rc = ssc__transceive(t, 0x00, 0xB2, tag, (uint8_t)(sfi << 3), NULL, 0,
			     o->le_mode == SSC__SSSE_LE_ZERO ? 256 : len + 2,
			     SSC_APDU_FLAG_PERSONAL, rec, &n, &sw);
	if (rc < 0)
		goto out;
	if (sw != 0x9000) {
		rc = ssc__sw_error(sw, "READ RECORD");
		goto out;
	}
	if (n < 2 || rec[0] != tag || rec[1] > n - 2) {
		rc = ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				     "READ RECORD EF%02X tag %02X: record header "
				     "does not match", sfi, tag);
		goto out;
	}
	if (rec[1] > *out_len) {
		rc = ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				     "READ RECORD EF%02X tag %02X: %u bytes, at "
				     "most %zu expected", sfi, tag, rec[1],
				     *out_len);
		goto out;
	}
	memcpy(out, rec + 2, rec[1]);
	*out_len = rec[1];
out:
	ssc__wipe(rec, sizeof(rec));
	return rc;
}

/* ---- decoders ------------------------------------------------------- */

static bool
bcd_digits(char *out, const uint8_t *v, size_t len, bool allow_f_tail)
{
	size_t i, o = 0;
	bool tail = false;

	for (i = 0; i < 2 * len; i++) {
		uint8_t d = (uint8_t)(i % 2 ? v[i / 2] & 0x0F : v[i / 2] >> 4);
		if (d == 0x0F && allow_f_tail) {
			tail = true;
			continue;
		}
		if (d > 9 || tail)
			return false;
		out[o++] = (char)('0' + d);
	}
	out[o] = '\0';
	return true;
}

ssc_status
ssc__ssse_decode_bcd_date(char out[9], const uint8_t *v, size_t len)
{
	int m, d;

	if (len != 4 || !bcd_digits(out, v, 4, false))
		goto bad;
	m = (out[4] - '0') * 10 + (out[5] - '0');
	d = (out[6] - '0') * 10 + (out[7] - '0');
	if (m < 1 || m > 12 || d < 1 || d > 31)
		goto bad;
	return SSC_OK;
bad:
	out[0] = '\0';
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
			       "BCD date is not YYYYMMDD");
}

static void
hex_upper(char *out, const uint8_t *v, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[v[i] >> 4];
		out[2 * i + 1] = hx[v[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Read one item; absent (ENOTFOUND) is fine when optional. */
static ssc_status
read_opt(ssc__transport *t, const ssc__ssse_options *o, uint8_t sfi,
	 uint8_t tag, uint8_t *buf, size_t *n, bool *present)
{
	const struct item *it = item_of(sfi, tag);
	ssc_status rc;

	*n = it->len;
	rc = ssc__ssse_read_item(t, o, sfi, tag, it->len, buf, n);
	if (present)
		*present = rc == SSC_OK;
	if (rc == SSC_ENOTFOUND && present) {
		ssc_error_clear();
		return SSC_OK;
	}
	return rc;
}

static ssc_status
need_exact(size_t n, size_t want, uint8_t tag)
{
	if (n == want)
		return SSC_OK;
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
			       "item %02X has %zu bytes, expected %zu", tag, n,
			       want);
}

static ssc_status
gen3_hint(ssc_status rc, int generation)
{
	if (rc == SSC_ESECURITY && generation >= 3)
		return ssc__error_setf_sw(SSC_ESECURITY,
					  ssc_error_last()->sw,
					  "generation-3 card: this item needs "
					  "SAM authentication first");
	return rc;
}

ssc_status
ssc__ssse_read_ef05(ssc__transport *t, const ssc__ssse_options *o,
		    ssc__ssse_ef05 *out)
{
	uint8_t v[32];
	size_t n, i;
	bool present;
	ssc_status rc;

	memset(out, 0, sizeof(*out));
	if ((rc = read_opt(t, o, 5, 0x01, v, &n, NULL)) < 0 ||
	    (rc = need_exact(n, 16, 0x01)) < 0)
		return rc;
	memcpy(out->card_id, v, 16);
	hex_upper(out->card_id_hex, v, 16);
	if (!bcd_digits(out->region, v, 3, false))
		out->region[0] = '\0';

	if ((rc = read_opt(t, o, 5, 0x03, v, &n, NULL)) < 0 ||
	    (rc = need_exact(n, 4, 0x03)) < 0)
		return rc;
	for (i = 0; i < 4; i++)
		if (v[i] < 0x20 || v[i] > 0x7E)
			return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
					       "spec version is not ASCII");
	memcpy(out->spec_version, v, 4);
	if (v[0] < '1' || v[0] > '9')
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				       "spec version does not start with a "
				       "generation digit");
	out->generation = v[0] - '0';

	if ((rc = read_opt(t, o, 5, 0x07, v, &n, NULL)) < 0)
		return gen3_hint(rc, out->generation);
	while (n > 0 && (v[n - 1] == 0x20 || v[n - 1] == 0x00))
		n--;
	if (n == 0)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				       "card number is empty");
	for (i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') ||
		      (v[i] >= 'A' && v[i] <= 'Z')))
			return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
					       "card number has a character "
					       "outside [0-9A-Z]");
	memcpy(out->card_number, v, n);

	if ((rc = read_opt(t, o, 5, 0x02, v, &n, &present)) < 0)
		return gen3_hint(rc, out->generation);
	if (present && n == 1) {
		out->card_type = v[0];
		out->has_card_type = true;
	}
	if ((rc = read_opt(t, o, 5, 0x04, v, &n, &present)) < 0)
		return gen3_hint(rc, out->generation);
	if (present && n == 12) {
		memcpy(out->init_org, v, 12);
		out->has_init_org = true;
	}
	if ((rc = read_opt(t, o, 5, 0x05, v, &n, NULL)) < 0)
		return gen3_hint(rc, out->generation);
	if ((rc = ssc__ssse_decode_bcd_date(out->issue_date, v, n)) < 0)
		return rc;
	if ((rc = read_opt(t, o, 5, 0x06, v, &n, &present)) < 0)
		return gen3_hint(rc, out->generation);
	if (present && (rc = ssc__ssse_decode_bcd_date(out->expiry_date, v,
						       n)) < 0)
		return rc;
	return SSC_OK;
}

ssc_status
ssc__ssse_read_ef06(ssc__transport *t, const ssc__ssse_options *o,
		    ssc__ssse_ef06 *out)
{
	uint8_t v[32];
	size_t n, i;
	bool present;
	ssc_status rc;

	memset(out, 0, sizeof(*out));
	if ((rc = read_opt(t, o, 6, 0x08, v, &n, NULL)) < 0)
		goto out;
	if ((rc = need_exact(n, 18, 0x08)) < 0)
		goto out;
	for (i = 0; i < 18; i++) {
		char c = (char)v[i];
		if (c == 'x')
			c = 'X';
		if (!((c >= '0' && c <= '9') || (i == 17 && c == 'X'))) {
			rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
					     "social security number has a "
					     "character outside [0-9X]");
			goto out;
		}
		out->ssn[i] = c;
	}

	if ((rc = read_opt(t, o, 6, 0x09, v, &n, NULL)) < 0)
		goto out;
	while (n > 0 && (v[n - 1] == 0x20 || v[n - 1] == 0x00))
		n--;
	memcpy(out->name, v, n);
	out->name_len = n;

	if ((rc = read_opt(t, o, 6, 0x4E, v, &n, &present)) < 0)
		goto out;
	if (present) {
		while (n > 0 && (v[n - 1] == 0xFF || v[n - 1] == 0x20 ||
				 v[n - 1] == 0x00))
			n--;
		memcpy(out->name_ext, v, n);
		out->name_ext_len = n;
		out->has_name_ext = true;
	}

	if ((rc = read_opt(t, o, 6, 0x0A, v, &n, NULL)) < 0)
		goto out;
	if (n != 1 || v[0] < '0' || v[0] > '9') {
		rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				     "sex code is not one ASCII digit");
		goto out;
	}
	out->sex = (char)v[0];

	if ((rc = read_opt(t, o, 6, 0x0B, v, &n, NULL)) < 0)
		goto out;
	if (n != 1 || !bcd_digits(out->ethnicity, v, 1, false)) {
		rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				     "ethnicity is not one BCD byte");
		goto out;
	}
	if ((rc = read_opt(t, o, 6, 0x0C, v, &n, &present)) < 0)
		goto out;
	if (present && (n != 3 || !bcd_digits(out->birthplace, v, 3, true))) {
		rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				     "birthplace is not BCD");
		goto out;
	}
	if ((rc = read_opt(t, o, 6, 0x0D, v, &n, NULL)) < 0)
		goto out;
	rc = ssc__ssse_decode_bcd_date(out->birth_date, v, n);
out:
	ssc__wipe(v, sizeof(v));
	if (rc < 0) {
		ssc__wipe(out, sizeof(*out));
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

ssc_status
ssc__ssse_read_basic(ssc__transport *t, const ssc__ssse_options *o,
		     ssc__ssse_auth_fn auth, void *payload, ssc__ssse_fci *fci,
		     ssc__ssse_ef05 *ef05, ssc__ssse_ef06 *ef06)
{
	bool authed = false;
	ssc_status rc;

	memset(ef06, 0, sizeof(*ef06));
	if ((rc = ssc__ssse_select(t, o, fci)) < 0)
		return rc;
	rc = ssc__ssse_read_ef05(t, o, ef05);
	if (rc == SSC_ESECURITY && auth && ef05->generation >= 3) {
		if ((rc = auth(t, fci, ef05, payload)) < 0)
			return rc;
		authed = true;
		rc = ssc__ssse_read_ef05(t, o, ef05);
	}
	if (rc < 0)
		return rc;
	rc = ssc__ssse_read_ef06(t, o, ef06);
	if (rc == SSC_ESECURITY && auth && !authed && ef05->generation >= 3) {
		if ((rc = auth(t, fci, ef05, payload)) < 0)
			return rc;
		rc = ssc__ssse_read_ef06(t, o, ef06);
	}
	if (rc == SSC_ESECURITY && ef05->generation >= 3)
		return gen3_hint(rc, ef05->generation);
	return rc;
}

/* ---- PIN ------------------------------------------------------------ */

/* Map the answer to a PIN command; tries_left as documented. */
static ssc_status
pin_result(uint16_t sw, const char *what, int *tries_left)
{
	int tl = ssc_sw_tries_left(sw);

	if (tries_left)
		*tries_left = tl;
	if (sw == 0x9000)
		return SSC_OK;
	if ((sw & 0xFFF0) == 0x63C0 && tl == 0)
		return ssc__error_setf_sw(SSC_EPINBLOCKED, sw,
					  "%s: wrong PIN, no tries left (PIN "
					  "blocked)", what);
	if ((sw & 0xFFF0) == 0x63C0)
		return ssc__error_setf_sw(SSC_EPIN, sw,
					  "%s: wrong PIN, %d tr%s left", what,
					  tl, tl == 1 ? "y" : "ies");
	if (sw == 0x6983 || sw == 0x6984)
		return ssc__error_setf_sw(SSC_EPINBLOCKED, sw,
					  "%s: PIN blocked (SW %04X)", what,
					  (unsigned)sw);
	return ssc__sw_error(sw, what);
}

ssc_status
ssc__ssse_verify_pin(ssc__transport *t, const ssc__ssse_options *o,
		     const char *pin, int *tries_left)
{
	ssc__ssse_options tmp;
	uint8_t bcd[8];
	size_t n = 0;
	uint16_t sw = 0;
	ssc_status rc;

	o = opts_or_default(o, &tmp);
	if (tries_left)
		*tries_left = -1;
	if (o->pin_max_len > 16 || o->pin_min_len < 1)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "PIN length bounds must lie in 1..16");
	if ((rc = ssc__pin_to_bcd(bcd, &n, pin, o->pin_min_len,
				  o->pin_max_len)) < 0)
		return rc;
	rc = ssc__transceive(t, 0x00, 0x20, 0x00, 0x00, bcd, n, 0,
			     SSC_APDU_FLAG_SENSITIVE, NULL, NULL, &sw);
	ssc__wipe(bcd, sizeof(bcd));
	if (rc < 0)
		return rc;
	return pin_result(sw, "VERIFY", tries_left);
}

ssc_status
ssc__ssse_change_pin(ssc__transport *t, const ssc__ssse_options *o,
		     const char *old_pin, const char *new_pin, int *tries_left)
{
	ssc__ssse_options tmp;
	uint8_t data[17];
	size_t a = 0, b = 0;
	uint16_t sw = 0;
	ssc_status rc;

	o = opts_or_default(o, &tmp);
	if (tries_left)
		*tries_left = -1;
	if (o->pin_max_len > 16 || o->pin_min_len < 1)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "PIN length bounds must lie in 1..16");
	if ((rc = ssc__pin_to_bcd(data, &a, old_pin, o->pin_min_len,
				  o->pin_max_len)) < 0)
		goto out;
	data[a] = 0xFF;
	if ((rc = ssc__pin_to_bcd(data + a + 1, &b, new_pin, o->pin_min_len,
				  o->pin_max_len)) < 0)
		goto out;
	rc = ssc__transceive(t, 0x80, 0x5E, 0x01, 0x00, data, a + 1 + b, 0,
			     SSC_APDU_FLAG_SENSITIVE, NULL, NULL, &sw);
	if (rc == SSC_OK)
		rc = pin_result(sw, "CHANGE PIN", tries_left);
out:
	ssc__wipe(data, sizeof(data));
	return rc;
}

ssc_status
ssc__ssse_reload_pin(ssc__transport *t, const ssc__ssse_options *o,
		     const ssc__sm_config *sm, const char *new_pin)
{
	ssc__ssse_options tmp;
	uint8_t bcd[8], enc[32];
	size_t n = 0;
	uint16_t sw = 0;
	ssc_status rc;

	o = opts_or_default(o, &tmp);
	if ((rc = ssc__pin_to_bcd(bcd, &n, new_pin, o->pin_min_len,
				  o->pin_max_len)) < 0)
		return rc;
	if (o->reload_block_len > sizeof(enc)) {
		rc = ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				     "RELOAD PIN block too long");
		goto out;
	}
	if ((rc = ssc__sm_encipher_pin(sm, enc, o->reload_block_len, bcd, n,
				       strlen(new_pin))) < 0)
		goto out;
	if ((rc = ssc__sm_send(t, sm, 0x80, 0x24, 0x00, o->reload_p2, enc,
			       o->reload_block_len, &sw)) < 0)
		goto out;
	rc = pin_result(sw, "RELOAD PIN", NULL);
out:
	ssc__wipe(bcd, sizeof(bcd));
	ssc__wipe(enc, sizeof(enc));
	return rc;
}

ssc_status
ssc__ssse_unblock_pin(ssc__transport *t, const ssc__ssse_options *o,
		      const ssc__sm_config *sm)
{
	ssc__ssse_options tmp;
	uint16_t sw = 0;
	ssc_status rc;

	o = opts_or_default(o, &tmp);
	if ((rc = ssc__sm_send(t, sm, 0x80, 0x24, 0x00, o->unblock_p2, NULL, 0,
			       &sw)) < 0)
		return rc;
	if (sw == 0x9000)
		return SSC_OK;
	return ssc__sw_error(sw, "UNBLOCK PIN");
}

/* ---- authentication steps ------------------------------------------- */

static size_t
alg_block(int algorithm)
{
	return algorithm == SSC__ALG_SM4 ? 16 : algorithm == SSC__ALG_DES ? 8 : 0;
}

ssc_status
ssc__ssse_get_challenge(ssc__transport *t, int algorithm, uint8_t *out,
			size_t *out_len)
{
	size_t n = alg_block(algorithm);
	ssc_status rc;

	if (n == 0 || *out_len < n)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "GET CHALLENGE: unsupported algorithm %d "
				       "or small buffer", algorithm);
	if ((rc = ssc__sm_get_challenge(t, out, n)) < 0)
		return rc;
	*out_len = n;
	return SSC_OK;
}

ssc_status
ssc__ssse_external_auth(ssc__transport *t, uint8_t key_no,
			const uint8_t *cryptogram, size_t len)
{
	uint16_t sw = 0;
	ssc_status rc;

	if (!cryptogram || (len != 8 && len != 16))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "EXTERNAL AUTHENTICATE: cryptogram must "
				       "be 8 or 16 bytes");
	if ((rc = ssc__transceive(t, 0x00, 0x82, 0x00, key_no, cryptogram, len,
				  0, SSC_APDU_FLAG_SENSITIVE, NULL, NULL,
				  &sw)) < 0)
		return rc;
	if (sw == 0x9000)
		return SSC_OK;
	if (sw == 0x6300 || (sw & 0xFFF0) == 0x63C0)
		return ssc__error_setf_sw(SSC_EMAC, sw,
					  "EXTERNAL AUTHENTICATE: cryptogram "
					  "refused (SW %04X)", (unsigned)sw);
	return ssc__sw_error(sw, "EXTERNAL AUTHENTICATE");
}

ssc_status
ssc__ssse_internal_auth(ssc__transport *t, const uint8_t *data, size_t len,
			uint8_t *resp, size_t *resp_len)
{
	uint16_t sw = 0;
	ssc_status rc;

	if (!data || len == 0 || len > SSC_APDU_SHORT_MAX_LC)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "INTERNAL AUTHENTICATE: bad data");
	if ((rc = ssc__transceive(t, 0x00, 0x88, 0x00, 0x00, data, len, 256,
				  0, resp, resp_len, &sw)) < 0)
		return rc;
	if (sw != 0x9000)
		return ssc__sw_error(sw, "INTERNAL AUTHENTICATE");
	return SSC_OK;
}

ssc_status
ssc__ssse_external_auth_kp(ssc__transport *t, ssc_key_provider *kp,
			   const char *key_id, uint8_t key_no, int algorithm)
{
	uint8_t ch[16], cg[16];
	size_t n = sizeof(ch);
	ssc_status rc;

	if ((rc = ssc__ssse_get_challenge(t, algorithm, ch, &n)) < 0)
		return rc;
	if ((rc = ssc__kp_cipher(kp, cg, key_id, SSC_CIPHER_ECB_ENCRYPT, ch,
				 n)) < 0)
		goto out;
	rc = ssc__ssse_external_auth(t, key_no, cg, n);
out:
	ssc__wipe(cg, sizeof(cg));
	return rc;
}

ssc_status
ssc__ssse_internal_auth_kp(ssc__transport *t, ssc_key_provider *kp,
			   const char *key_id, int algorithm)
{
	uint8_t ch[16], want[16], got[256];
	size_t n = alg_block(algorithm), gl = sizeof(got);
	ssc_status rc;

	if (n == 0)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "INTERNAL AUTHENTICATE: unsupported "
				       "algorithm %d", algorithm);
	if ((rc = ssc__kp_random(kp, ch, n)) < 0)
		return rc;
	if ((rc = ssc__ssse_internal_auth(t, ch, n, got, &gl)) < 0)
		return rc;
	if ((rc = ssc__kp_cipher(kp, want, key_id, SSC_CIPHER_ECB_ENCRYPT, ch,
				 n)) < 0)
		goto out;
	if (gl != n || CRYPTO_memcmp(got, want, n))
		rc = ssc__error_setf(SSC_EMAC, SSC_ERROR_CLASS_CARD,
				     "INTERNAL AUTHENTICATE: the card's "
				     "cryptogram does not verify");
out:
	ssc__wipe(want, sizeof(want));
	return rc;
}

/* ---- UPDATE RECORD -------------------------------------------------- */

static ssc_status
write_item(ssc__transport *t, const ssc__sm_config *sm, uint8_t sfi,
	   uint8_t tag, const uint8_t *value, size_t len, bool personalise)
{
	const struct item *it = item_of(sfi, tag);
	uint8_t rec[2 + 32];
	uint16_t sw = 0;
	ssc_status rc;

	if (!it)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "UPDATE RECORD: no item %02X in EF%02X",
				       tag, sfi);
	if (it->key_item && !personalise)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "UPDATE RECORD: item %02X is a key item "
				       "and is not rewritten", tag);
	if (!value || len > it->len ||
	    (len != it->len && !(tag == 0x09 || tag == 0x4E)) || len == 0)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "UPDATE RECORD: item %02X takes %u bytes",
				       tag, it->len);
	rec[0] = tag;
	rec[1] = it->len;
	memset(rec + 2, it->pad, it->len);
	memcpy(rec + 2, value, len);
	if (sm)
		rc = ssc__sm_send(t, sm, 0x00, 0xDC, tag, (uint8_t)(sfi << 3),
				  rec, 2u + it->len, &sw);
	else
		rc = ssc__transceive(t, 0x00, 0xDC, tag, (uint8_t)(sfi << 3),
				     rec, 2u + it->len, 0,
				     SSC_APDU_FLAG_SENSITIVE, NULL, NULL, &sw);
	ssc__wipe(rec, sizeof(rec));
	if (rc < 0)
		return rc;
	if (sw != 0x9000)
		return ssc__sw_error(sw, "UPDATE RECORD");
	return SSC_OK;
}

ssc_status
ssc__ssse_update_item(ssc__transport *t, const ssc__sm_config *sm,
		      uint8_t sfi, uint8_t tag, const uint8_t *value,
		      size_t len)
{
	return write_item(t, sm, sfi, tag, value, len, false);
}

ssc_status
ssc__ssse_personalise_item(ssc__transport *t, uint8_t sfi, uint8_t tag,
			   const uint8_t *value, size_t len)
{
	return write_item(t, NULL, sfi, tag, value, len, true);
}
