/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Application-facing card access on a reader connection (socialcard/
 * cardio.h): APDU transmit through the one exchange layer, the ATR's
 * historical bytes, the high-level basic-information read on the fewest
 * APDUs (and its iReadCardBas text form), and the social-security PIN
 * operations.  The chip flows (lib/chip) do the commands; this file picks
 * which items to read and turns the bytes into the card model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apdu/apdu_int.h"
#include "chip/pboc.h"
#include "chip/ssse.h"
#include "reader/reader_int.h"
#include "reader/transport.h"
#include "socialcard/cardio.h"
#include "socialcard/sys/key_provider.h"
#include "util/gbk.h"

/* ---- transmit ------------------------------------------------------- */

ssc_status
ssc_reader_transmit(ssc_apdu_response **out, ssc_reader_conn *conn,
		    const ssc_apdu *cmd)
{
	ssc__transport t;

	if (out)
		*out = NULL;
	if (!out || !conn || !cmd)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out, conn and cmd are required");
	ssc__reader_transport(&t, conn,
			      (cmd->flags & SSC_APDU_FLAG_EXTENDED) != 0);
	return ssc__exchange(&t, cmd, out);
}

/* ---- ATR ------------------------------------------------------------ */

/* The historical bytes of an ATR: [*off, *off + *n). */
static ssc_status
atr_history(const uint8_t *atr, size_t len, size_t *off, size_t *n)
{
	size_t i = 2, k;
	uint8_t y;

	if (len < 2 || (atr[0] != 0x3B && atr[0] != 0x3F))
		goto bad;
	k = atr[1] & 0x0F;
	y = atr[1] >> 4;
	for (;;) {
		int bits = !!(y & 1) + !!(y & 2) + !!(y & 4);

		i += (size_t)bits;
		if (!(y & 8))
			break;
		if (i >= len)
			goto bad;
		y = atr[i] >> 4;
		i++;
	}
	if (i > len || len - i < k)
		goto bad;
	*off = i;
	*n = k;
	return SSC_OK;
bad:
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_READER,
			       "the ATR is malformed (%zu bytes)", len);
}

ssc_status
ssc_reader_conn_atr_history(ssc_buf *out, ssc_reader_conn *conn)
{
	ssc_buf atr = SSC_BUF_INIT;
	size_t off = 0, n = 0;
	ssc_status rc;

	if (!out || !conn)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out and conn are required");
	if ((rc = ssc_reader_conn_atr(&atr, conn)) < 0)
		return rc;
	rc = atr_history((const uint8_t *)atr.ptr, atr.size, &off, &n);
	if (rc == SSC_OK) {
		ssc__buf_bind(out, conn->ctx);
		rc = ssc_buf_set(out, atr.ptr + off, n);
	}
	ssc_buf_dispose(&atr);
	return rc;
}

/* ---- options -------------------------------------------------------- */

ssc_status
ssc_read_options_init(ssc_read_options *opts, unsigned int version)
{
	ssc_status rc;

	if (!opts)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "opts is NULL");
	if ((rc = ssc__check_version(version, SSC_READ_OPTIONS_VERSION,
				     "ssc_read_options")) < 0)
		return rc;
	memset(opts, 0, sizeof(*opts));
	opts->version = version;
	return SSC_OK;
}

ssc_status
ssc_pin_options_init(ssc_pin_options *opts, unsigned int version)
{
	ssc_status rc;

	if (!opts)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "opts is NULL");
	if ((rc = ssc__check_version(version, SSC_PIN_OPTIONS_VERSION,
				     "ssc_pin_options")) < 0)
		return rc;
	memset(opts, 0, sizeof(*opts));
	opts->version = version;
	opts->min_len = 6;
	opts->max_len = 6;
	return SSC_OK;
}

static ssc_status
read_opts_check(const ssc_read_options *o)
{
	ssc_status rc;

	if (!o)
		return SSC_OK;
	if ((rc = ssc__check_version(o->version, SSC_READ_OPTIONS_VERSION,
				     "ssc_read_options")) < 0)
		return rc;
	if (o->flags & ~(SSC_READ_FINANCIAL | SSC_READ_SELECT_MF |
			 SSC_READ_BIRTH_PLACE | SSC_READ_BAS_FULL_ATR))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_read_options: unknown flags 0x%X",
				       o->flags);
	if (o->kp && !o->auth_key_id)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_read_options: a key provider needs "
				       "auth_key_id");
	return SSC_OK;
}

/* ---- the basic read ------------------------------------------------- */

/* What the read collects before it becomes a card. */
struct basic {
	int algorithm;
	uint8_t card_id[16];
	char spec_version[5];
	char number[10];
	char issue[9], expiry[9];
	char ssn[19];
	uint8_t name[30], ext[20];
	size_t name_len, ext_len;
	char sex;
	int ethnicity;
	char birth_place[7];
	char birth_date[9];
};

static void
basic_wipe(struct basic *b)
{
	ssc__wipe(b, sizeof(*b));
}

/* Read one EF item with its exact Le; *present = false when absent
 * (6A82 / 6A83) and optional. */
static ssc_status
item(ssc__transport *t, uint8_t sfi, uint8_t tag, size_t len, uint8_t *v,
     size_t *n, bool *present)
{
	ssc_status rc;

	*n = len;
	rc = ssc__ssse_read_item(t, NULL, sfi, tag, len, v, n);
	if (present)
		*present = rc == SSC_OK;
	if (rc == SSC_ENOTFOUND && present) {
		ssc_error_clear();
		return SSC_OK;
	}
	return rc;
}

static ssc_status
bad_item(uint8_t tag, const char *what)
{
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
			       "item %02X: %s", tag, what);
}

static bool
bcd_to_digits(char *out, const uint8_t *v, size_t len, bool f_tail)
{
	size_t i, o = 0;
	bool tail = false;

	for (i = 0; i < 2 * len; i++) {
		uint8_t d = (uint8_t)(i % 2 ? v[i / 2] & 0x0F : v[i / 2] >> 4);

		if (d == 0x0F && f_tail) {
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

static ssc_status
gen3_refused(ssc_status rc, const struct basic *b)
{
	if (rc == SSC_ESECURITY && b->spec_version[0] == '3')
		return ssc__error_setf_sw(SSC_ESECURITY,
					  ssc_error_last()->sw,
					  "generation-3 card: EF05/EF06 items "
					  "need EXTERNAL AUTHENTICATE (key 0A) "
					  "first; give a key provider in "
					  "ssc_read_options");
	return rc;
}

static ssc_status
read_ss(ssc__transport *t, const ssc_read_options *o, struct basic *b)
{
	ssc__ssse_options so;
	ssc__ssse_fci fci;
	uint8_t v[32];
	size_t n = 0;
	bool present;
	ssc_status rc;

	ssc__ssse_options_default(&so);
	so.select_mf_first = o && (o->flags & SSC_READ_SELECT_MF);
	if ((rc = ssc__ssse_select(t, &so, &fci)) < 0)
		return rc;
	b->algorithm = fci.algorithm;

	/* EF05 01 卡识别码, 03 规范版本: free on every generation */
	if ((rc = item(t, 5, 0x01, 16, v, &n, NULL)) < 0)
		goto out;
	if (n != 16 || ssc_card_identifier_check(v, 16) < 0) {
		rc = bad_item(0x01, "not a card identifier");
		goto out;
	}
	memcpy(b->card_id, v, 16);
	if ((rc = item(t, 5, 0x03, 4, v, &n, NULL)) < 0)
		goto out;
	if (n != 4) {
		rc = bad_item(0x03, "not 4 bytes");
		goto out;
	}
	memcpy(b->spec_version, v, 4);
	b->spec_version[4] = '\0';
	if (ssc_card_generation_of(b->spec_version) == 0) {
		rc = bad_item(0x03, "not a spec version d.dd (1..3)");
		goto out;
	}
	if (b->spec_version[0] == '3' && o && o->kp &&
	    (rc = ssc__ssse_external_auth_kp(t, o->kp, o->auth_key_id, 0x0A,
					     fci.algorithm)) < 0)
		goto out;

	if ((rc = item(t, 5, 0x07, 9, v, &n, NULL)) < 0) {
		rc = gen3_refused(rc, b);
		goto out;
	}
	if ((rc = ssc_card_number_parse(b->number, v, n)) < 0)
		goto out;
	if ((rc = item(t, 5, 0x05, 4, v, &n, NULL)) < 0 ||
	    (rc = ssc__ssse_decode_bcd_date(b->issue, v, n)) < 0)
		goto out;
	if ((rc = item(t, 5, 0x06, 4, v, &n, &present)) < 0)
		goto out;
	if (present && (rc = ssc__ssse_decode_bcd_date(b->expiry, v, n)) < 0)
		goto out;

	/* EF06 */
	if ((rc = item(t, 6, 0x08, 18, v, &n, NULL)) < 0)
		goto out;
	if (n != 18) {
		rc = bad_item(0x08, "not 18 characters");
		goto out;
	}
	memcpy(b->ssn, v, 18);
	b->ssn[18] = '\0';
	if ((rc = item(t, 6, 0x09, 30, v, &n, NULL)) < 0)
		goto out;
	memcpy(b->name, v, n);
	b->name_len = n;
	/* 姓名扩展 exists from generation 2 on: a generation-1 card is not
	 * asked (one APDU less) */
	if (b->spec_version[0] != '1') {
		if ((rc = item(t, 6, 0x4E, 20, v, &n, &present)) < 0)
			goto out;
		if (present) {
			memcpy(b->ext, v, n);
			b->ext_len = n;
		}
	}
	if ((rc = item(t, 6, 0x0A, 1, v, &n, NULL)) < 0)
		goto out;
	if (n != 1 || v[0] < '0' || v[0] > '9') {
		rc = bad_item(0x0A, "not one digit");
		goto out;
	}
	b->sex = (char)v[0];
	if ((rc = item(t, 6, 0x0B, 1, v, &n, NULL)) < 0)
		goto out;
	{
		char d[3];

		if (n != 1 || !bcd_to_digits(d, v, 1, false)) {
			rc = bad_item(0x0B, "not one BCD byte");
			goto out;
		}
		b->ethnicity = (d[0] - '0') * 10 + (d[1] - '0');
	}
	if (o && (o->flags & SSC_READ_BIRTH_PLACE)) {
		if ((rc = item(t, 6, 0x0C, 3, v, &n, &present)) < 0)
			goto out;
		if (present && (n != 3 ||
				!bcd_to_digits(b->birth_place, v, 3, true) ||
				strlen(b->birth_place) != 6)) {
			rc = bad_item(0x0C, "not 6 BCD digits");
			goto out;
		}
	}
	if ((rc = item(t, 6, 0x0D, 4, v, &n, NULL)) < 0 ||
	    (rc = ssc__ssse_decode_bcd_date(b->birth_date, v, n)) < 0)
		goto out;
out:
	ssc__wipe(v, sizeof(v));
	return rc;
}

/* A value the card model refuses is malformed card data (SSC_EPARSE
 * naming the item); running out of memory stays SSC_ENOMEM. */
static ssc_status
model_refused(ssc_status rc, const char *item)
{
	if (rc >= 0 || rc == SSC_ENOMEM)
		return rc;
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
			       "%s: the card's value is not valid (%s)", item,
			       ssc_error_name(rc) ? ssc_error_name(rc) : "?");
}

static ssc_status
holder_from(ssc_person *p, const ssc_ctx *ctx, const struct basic *b)
{
	ssc_buf name = SSC_BUF_INIT;
	ssc_status rc;

	if ((rc = ssc_person_set_id_number(p, b->ssn)) < 0 && rc != SSC_EBADID)
		return rc;
	if (rc < 0)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				       "EF06 item 08 is not a valid social "
				       "security number");
	if ((rc = ssc__name_join(ctx, &name, b->name, b->name_len, b->ext,
				 b->ext_len)) < 0)
		return rc;
	rc = model_refused(ssc_person_set_name(p, name.ptr),
			   "EF06 items 09/4E (name)");
	ssc__wipe(name.ptr, name.size);
	ssc_buf_dispose(&name);
	if (rc < 0)
		return rc;
	/* The ID number already set sex and birth date; a card whose 性别 or
	 * 出生日期 item disagrees keeps the number's values, and the
	 * disagreement is logged (the card still has to be readable at the
	 * window that corrects it). */
	if (ssc_person_sex(p) != b->sex - '0' ||
	    ssc_person_birth_date(p) !=
		    (uint32_t)strtoul(b->birth_date, NULL, 10))
		ssc__log(ctx, SSC_LOG_WARN,
			 "card: EF06 sex or birth date disagrees with the "
			 "social security number; the number's values are "
			 "kept");
	if ((rc = model_refused(ssc_person_set_ethnicity(p, b->ethnicity),
				"EF06 item 0B (ethnicity)")) < 0)
		return rc;
	if (b->birth_place[0] &&
	    (rc = model_refused(ssc_person_set_birth_place(p, b->birth_place),
				"EF06 item 0C (birth place)")) < 0)
		return rc;
	return SSC_OK;
}

static ssc_status
card_from(ssc_card **out, ssc_ctx *ctx, const struct basic *b)
{
	ssc_card *card = NULL;
	ssc_person *p = NULL;
	char region[7];
	ssc_status rc;

	if ((rc = ssc_card_new(&card, ctx)) < 0)
		return rc;
	if ((rc = model_refused(ssc_card_set_identifier(card, b->card_id),
				"EF05 item 01 (card identifier)")) < 0 ||
	    (rc = model_refused(ssc_card_identifier_region(region, b->card_id),
				"EF05 item 01 (region)")) < 0 ||
	    (rc = model_refused(ssc_card_set_region(card, region),
				"EF05 item 01 (region)")) < 0 ||
	    (rc = model_refused(ssc_card_set_spec_version(card,
							  b->spec_version),
				"EF05 item 03 (spec version)")) < 0 ||
	    (rc = model_refused(ssc_card_set_number(card, b->number),
				"EF05 item 07 (card number)")) < 0 ||
	    (rc = model_refused(ssc_card_set_dates(
					card,
					(uint32_t)strtoul(b->issue, NULL, 10),
					(uint32_t)strtoul(b->expiry, NULL,
							  10)),
				"EF05 items 05/06 (dates)")) < 0)
		goto fail;
	if ((rc = ssc_person_new(&p, ctx)) < 0)
		goto fail;
	if ((rc = holder_from(p, ctx, b)) < 0 ||
	    (rc = ssc_card_set_holder(card, p)) < 0)
		goto fail;
	ssc_person_free(p);
	*out = card;
	return SSC_OK;
fail:
	ssc_person_free(p);
	ssc_card_free(card);
	return rc;
}

static ssc_status
read_fin(ssc__transport *t, ssc_reader_conn *conn, const struct basic *b,
	 ssc_card *card)
{
	ssc__pboc_options po;
	ssc__pboc_card *fin;
	ssc__ssse_ef06 ef06;
	ssc_status rc;

	fin = ssc__calloc(conn->ctx, 1, sizeof(*fin));
	SSC__CHECK_ALLOC(fin);
	ssc__pboc_options_default(&po);
	po.contactless = ssc_reader_conn_interface(conn) ==
			 SSC_INTERFACE_CONTACTLESS;
	memset(&ef06, 0, sizeof(ef06));
	memcpy(ef06.ssn, b->ssn, sizeof(ef06.ssn));
	if ((rc = ssc__pboc_read(t, &po, fin)) < 0)
		goto out;
	if ((rc = ssc__pboc_check_holder(fin, &ef06, NULL)) < 0)
		goto out;
	if (!fin->pan[0]) {
		rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				     "the debit application has no PAN (5A)");
		goto out;
	}
	rc = ssc_card_set_fin(card, SSC_FIN_STATE_UNSET, NULL, fin->pan);
	if (rc == SSC_EINVAL)
		rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_APDU,
				     "the debit application's PAN is not 8 to "
				     "32 digits");
out:
	ssc__wipe(&ef06, sizeof(ef06));
	ssc__wipe(fin, sizeof(*fin));
	ssc__free(conn->ctx, fin);
	return rc;
}

static ssc_status
do_read(ssc_card **out, ssc_buf *atr, ssc_buf *history,
	ssc_reader_conn *conn, const ssc_read_options *o, bool financial)
{
	ssc__transport t;
	struct basic b;
	ssc_card *card = NULL;
	bool tx = false;
	ssc_status rc;

	*out = NULL;
	if ((rc = read_opts_check(o)) < 0)
		return rc;
	ssc__reader_transport(&t, conn, false);
	memset(&b, 0, sizeof(b));
	if (atr && (rc = ssc_reader_conn_atr(atr, conn)) < 0)
		return rc;
	if (history && (rc = ssc_reader_conn_atr_history(history, conn)) < 0)
		return rc;
	if ((rc = ssc__reader_tx_begin(conn, &tx)) < 0)
		return rc;
	if ((rc = read_ss(&t, o, &b)) < 0)
		goto out;
	if ((rc = card_from(&card, conn->ctx, &b)) < 0)
		goto out;
	if (financial && (rc = read_fin(&t, conn, &b, card)) < 0) {
		ssc_card_free(card);
		goto out;
	}
	*out = card;
	if (ssc__log_enabled(conn->ctx, SSC_LOG_DEBUG)) {
		char id[SSC__MASK_MAX];

		ssc__mask_id(id, b.ssn);
		ssc__log(conn->ctx, SSC_LOG_DEBUG,
			 "card: read generation-%c card %s of holder %s",
			 b.spec_version[0], b.number, id);
	}
out:
	ssc__reader_tx_end(conn, tx);
	basic_wipe(&b);
	return rc;
}

ssc_status
ssc_card_read(ssc_card **out, ssc_buf *atr_history, ssc_reader_conn *conn,
	      const ssc_read_options *opts)
{
	ssc_buf h = SSC_BUF_INIT;
	ssc_status rc;

	if (out)
		*out = NULL;
	if (!out || !conn)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out and conn are required");
	rc = do_read(out, NULL, atr_history ? &h : NULL, conn, opts,
		     opts && (opts->flags & SSC_READ_FINANCIAL));
	if (rc == SSC_OK && atr_history) {
		ssc_buf_dispose(atr_history);
		*atr_history = h;
	} else {
		ssc_buf_dispose(&h);
	}
	return rc;
}

static ssc_status
put_str(ssc_buf *b, const char *s)
{
	ssc_status rc;

	if (s && (rc = ssc__buf_put(b, s, strlen(s))) < 0)
		return rc;
	return ssc__buf_put(b, "|", 1);
}

static ssc_status
put_hex(ssc_buf *b, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	size_t i;
	ssc_status rc = SSC_OK;

	for (i = 0; i < n && rc == SSC_OK; i++) {
		char two[2] = { hx[p[i] >> 4], hx[p[i] & 15] };

		rc = ssc__buf_put(b, two, 2);
	}
	return rc < 0 ? rc : ssc__buf_put(b, "|", 1);
}

static ssc_status
put_date(ssc_buf *b, uint32_t ymd)
{
	char d[12] = "";

	if (ymd)
		snprintf(d, sizeof(d), "%08u", (unsigned)ymd);
	return put_str(b, d);
}

ssc_status
ssc_card_read_bas(ssc_buf *out, ssc_reader_conn *conn,
		  const ssc_read_options *opts)
{
	ssc_buf atr = SSC_BUF_INIT, text = SSC_BUF_INIT;
	ssc_card *card = NULL;
	const ssc_person *h;
	bool full;
	ssc_status rc;

	if (!out || !conn)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out and conn are required");
	full = opts && (opts->flags & SSC_READ_BAS_FULL_ATR);
	rc = do_read(&card, full ? &atr : NULL, full ? NULL : &atr, conn,
		     opts, false);
	if (rc < 0)
		goto out;
	h = ssc_card_holder(card);
	ssc__buf_bind(&text, conn->ctx);
	if ((rc = put_str(&text, ssc_card_region(card))) < 0 ||
	    (rc = put_str(&text, ssc_person_id_number(h))) < 0 ||
	    (rc = put_str(&text, ssc_card_number(card))) < 0 ||
	    (rc = put_str(&text, ssc_card_identifier(card))) < 0 ||
	    (rc = put_str(&text, ssc_person_name(h))) < 0 ||
	    (rc = put_hex(&text, (const uint8_t *)atr.ptr, atr.size)) < 0 ||
	    (rc = put_str(&text, ssc_card_spec_version(card))) < 0 ||
	    (rc = put_date(&text, ssc_card_issue_date(card))) < 0 ||
	    (rc = put_date(&text, ssc_card_expiry_date(card))) < 0 ||
	    (rc = put_str(&text, "000000000000")) < 0 ||
	    (rc = put_str(&text, "")) < 0)
		goto out;
	if (out->ptr)
		ssc__wipe(out->ptr, out->size);
	ssc_buf_dispose(out);
	*out = text;
	text = (ssc_buf)SSC_BUF_INIT;
out:
	if (text.ptr)
		ssc__wipe(text.ptr, text.size);
	ssc_buf_dispose(&text);
	ssc_buf_dispose(&atr);
	ssc_card_free(card);
	return rc;
}

/* ---- PIN ------------------------------------------------------------ */

static ssc_status
pin_setup(ssc__transport *t, ssc__ssse_options *so, ssc__ssse_fci *fci,
	  ssc_reader_conn *conn, const ssc_pin_options *o)
{
	ssc_status rc;

	if (!conn)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "conn is NULL");
	ssc__ssse_options_default(so);
	if (o) {
		if ((rc = ssc__check_version(o->version,
					     SSC_PIN_OPTIONS_VERSION,
					     "ssc_pin_options")) < 0)
			return rc;
		if (o->min_len)
			so->pin_min_len = o->min_len;
		if (o->max_len)
			so->pin_max_len = o->max_len;
		if (so->pin_min_len < 4 || so->pin_max_len > 16 ||
		    so->pin_min_len > so->pin_max_len)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "ssc_pin_options: PIN lengths "
					       "must satisfy 4 <= min <= max "
					       "<= 16");
	}
	ssc__reader_transport(t, conn, false);
	return ssc__ssse_select(t, so, fci);
}

static ssc_status
tx_begin(ssc_reader_conn *conn, bool *tx)
{
	*tx = false;
	if (!conn)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "conn is NULL");
	return ssc__reader_tx_begin(conn, tx);
}

/* Refuse a malformed PIN before anything reaches the card. */
static ssc_status
pin_precheck(const char *pin, const ssc__ssse_options *so)
{
	uint8_t bcd[8];
	size_t n = 0;
	ssc_status rc;

	rc = ssc__pin_to_bcd(bcd, &n, pin, so->pin_min_len, so->pin_max_len);
	ssc__wipe(bcd, sizeof(bcd));
	return rc;
}

static ssc_status
pin_default_check(const char *pin, const ssc_pin_options *o)
{
	ssc__ssse_options so;

	ssc__ssse_options_default(&so);
	if (o && o->version == SSC_PIN_OPTIONS_VERSION) {
		if (o->min_len)
			so.pin_min_len = o->min_len;
		if (o->max_len)
			so.pin_max_len = o->max_len;
	}
	if (so.pin_min_len < 1 || so.pin_max_len > 16 ||
	    so.pin_min_len > so.pin_max_len)
		return SSC_OK; /* pin_setup reports it */
	return pin_precheck(pin, &so);
}

ssc_status
ssc_card_pin_verify(int *tries_left, ssc_reader_conn *conn, const char *pin,
		    const ssc_pin_options *opts)
{
	ssc__transport t;
	ssc__ssse_options so;
	ssc__ssse_fci fci;
	bool tx = false;
	ssc_status rc;

	if (tries_left)
		*tries_left = -1;
	if (!pin)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "pin is NULL");
	if ((rc = pin_default_check(pin, opts)) < 0 ||
	    (rc = tx_begin(conn, &tx)) < 0)
		return rc;
	if ((rc = pin_setup(&t, &so, &fci, conn, opts)) == SSC_OK)
		rc = ssc__ssse_verify_pin(&t, &so, pin, tries_left);
	ssc__reader_tx_end(conn, tx);
	return rc;
}

ssc_status
ssc_card_pin_change(int *tries_left, ssc_reader_conn *conn,
		    const char *old_pin, const char *new_pin,
		    const ssc_pin_options *opts)
{
	ssc__transport t;
	ssc__ssse_options so;
	ssc__ssse_fci fci;
	bool tx = false;
	ssc_status rc;

	if (tries_left)
		*tries_left = -1;
	if (!old_pin || !new_pin)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "old_pin and new_pin are required");
	if ((rc = pin_default_check(old_pin, opts)) < 0 ||
	    (rc = pin_default_check(new_pin, opts)) < 0 ||
	    (rc = tx_begin(conn, &tx)) < 0)
		return rc;
	if ((rc = pin_setup(&t, &so, &fci, conn, opts)) == SSC_OK)
		rc = ssc__ssse_change_pin(&t, &so, old_pin, new_pin,
					  tries_left);
	ssc__reader_tx_end(conn, tx);
	return rc;
}

static ssc_status
sm_from(ssc__sm_config *sm, const ssc_pin_options *o, int algorithm)
{
	if (!o || !o->kp || !o->mac_key_id)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_pin_options: kp and mac_key_id are "
				       "required");
	if (algorithm != SSC__ALG_DES && algorithm != SSC__ALG_SM4)
		return ssc__error_setf(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_CARD,
				       "the card's algorithm indicator %d is "
				       "not supported", algorithm);
	ssc__sm_config_default(sm, o->kp, o->mac_key_id, algorithm);
	sm->enc_key_id = o->enc_key_id;
	return SSC_OK;
}

ssc_status
ssc_card_pin_reload(ssc_reader_conn *conn, const char *new_pin,
		    const ssc_pin_options *opts)
{
	ssc__transport t;
	ssc__ssse_options so;
	ssc__ssse_fci fci;
	bool tx = false;
	ssc__sm_config sm;
	ssc_status rc;

	if (!new_pin)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "new_pin is NULL");
	if ((rc = pin_default_check(new_pin, opts)) < 0 ||
	    (rc = sm_from(&sm, opts, SSC__ALG_DES)) < 0 ||
	    (rc = tx_begin(conn, &tx)) < 0)
		return rc;
	if ((rc = pin_setup(&t, &so, &fci, conn, opts)) < 0 ||
	    (rc = sm_from(&sm, opts, fci.algorithm)) < 0)
		goto out;
	if (opts->auth_key_id &&
	    (rc = ssc__ssse_external_auth_kp(&t, opts->kp, opts->auth_key_id,
					     0x06, fci.algorithm)) < 0)
		goto out;
	rc = ssc__ssse_reload_pin(&t, &so, &sm, new_pin);
out:
	ssc__reader_tx_end(conn, tx);
	return rc;
}

ssc_status
ssc_card_pin_unblock(ssc_reader_conn *conn, const ssc_pin_options *opts)
{
	ssc__transport t;
	ssc__ssse_options so;
	ssc__ssse_fci fci;
	bool tx = false;
	ssc__sm_config sm;
	ssc_status rc;

	if ((rc = sm_from(&sm, opts, SSC__ALG_DES)) < 0 ||
	    (rc = tx_begin(conn, &tx)) < 0)
		return rc;
	if ((rc = pin_setup(&t, &so, &fci, conn, opts)) == SSC_OK &&
	    (rc = sm_from(&sm, opts, fci.algorithm)) == SSC_OK)
		rc = ssc__ssse_unblock_pin(&t, &so, &sm);
	ssc__reader_tx_end(conn, tx);
	return rc;
}

/* ---- personalisation ------------------------------------------------ */

#define PERSO_MAX_ITEMS 14

struct perso_item {
	uint8_t sfi, tag, len;
	uint8_t v[32];
};

static void
put_item(struct perso_item *it, size_t *n, uint8_t sfi, uint8_t tag,
	 uint8_t len, const void *v, size_t vlen, uint8_t pad)
{
	struct perso_item *p = &it[(*n)++];

	p->sfi = sfi;
	p->tag = tag;
	p->len = len;
	memset(p->v, pad, len);
	memcpy(p->v, v, vlen);
}

/* "YYYYMMDD" digits (or any even digit string) to BCD, F-padded. */
static void
digits_to_bcd(uint8_t *out, size_t nbytes, const char *d)
{
	size_t i, n = strlen(d);

	memset(out, 0xFF, nbytes);
	for (i = 0; i < n && i < 2 * nbytes; i++) {
		uint8_t x = (uint8_t)(d[i] - '0');

		if (i % 2 == 0)
			out[i / 2] = (uint8_t)(x << 4 | 0x0F);
		else
			out[i / 2] = (uint8_t)((out[i / 2] & 0xF0) | x);
	}
}

static ssc_status
perso_missing(const char *what)
{
	return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
			       "personalisation: the card record has no %s; "
			       "nothing written", what);
}

/* Every record, validated, before anything is sent. */
static ssc_status
perso_items(struct perso_item *it, size_t *n, const ssc_ctx *ctx,
	    const ssc_card *card)
{
	const ssc_person *h = ssc_card_holder(card);
	ssc_buf name = SSC_BUF_INIT, ext = SSC_BUF_INIT;
	uint8_t b[16];
	char d[12];
	int gen = ssc_card_generation(card);
	ssc_status rc;

	*n = 0;
	if (!ssc_card_identifier(card))
		return perso_missing("card identifier");
	if (!ssc_card_spec_version(card))
		return perso_missing("spec version");
	if (!ssc_card_number(card))
		return perso_missing("card number");
	if (!ssc_card_issue_date(card))
		return perso_missing("issue date");
	if (!h || !ssc_person_id_number(h))
		return perso_missing("holder ID number");
	if (!ssc_person_name(h))
		return perso_missing("holder name");
	if (ssc_person_ethnicity(h) <= 0 || ssc_person_ethnicity(h) > 99)
		return perso_missing("holder ethnicity");
	if (ssc_person_sex(h) < 0 || ssc_person_sex(h) > 9 ||
	    !ssc_person_birth_date(h))
		return perso_missing("holder sex and birth date");
	if ((rc = ssc_card_identifier_parse(b, ssc_card_identifier(card))) < 0)
		return rc;
	put_item(it, n, 5, 0x01, 16, b, 16, 0);
	put_item(it, n, 5, 0x03, 4, ssc_card_spec_version(card), 4, 0);
	snprintf(d, sizeof(d), "%08u", (unsigned)ssc_card_issue_date(card));
	digits_to_bcd(b, 4, d);
	put_item(it, n, 5, 0x05, 4, b, 4, 0);
	if (ssc_card_expiry_date(card)) {
		snprintf(d, sizeof(d), "%08u",
			 (unsigned)ssc_card_expiry_date(card));
		digits_to_bcd(b, 4, d);
		put_item(it, n, 5, 0x06, 4, b, 4, 0);
	}
	put_item(it, n, 5, 0x07, 9, ssc_card_number(card), 9, 0);
	put_item(it, n, 6, 0x08, 18, ssc_person_id_number(h), 18, 0);
	if ((rc = ssc__name_split(ctx, &name, &ext, ssc_person_name(h))) < 0)
		goto out;
	if (ext.size && gen < 2) {
		rc = ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				     "personalisation: the name needs 姓名扩展, "
				     "which generation-1 cards lack; nothing "
				     "written");
		goto out;
	}
	put_item(it, n, 6, 0x09, 30, name.ptr, name.size, 0x00);
	if (gen >= 2)
		put_item(it, n, 6, 0x4E, 20, ext.ptr, ext.size, 0xFF);
	b[0] = (uint8_t)('0' + ssc_person_sex(h));
	put_item(it, n, 6, 0x0A, 1, b, 1, 0);
	snprintf(d, sizeof(d), "%02d", ssc_person_ethnicity(h));
	digits_to_bcd(b, 1, d);
	put_item(it, n, 6, 0x0B, 1, b, 1, 0);
	if (ssc_person_birth_place(h)) {
		digits_to_bcd(b, 3, ssc_person_birth_place(h));
		put_item(it, n, 6, 0x0C, 3, b, 3, 0);
	}
	snprintf(d, sizeof(d), "%08u", (unsigned)ssc_person_birth_date(h));
	digits_to_bcd(b, 4, d);
	put_item(it, n, 6, 0x0D, 4, b, 4, 0);
out:
	if (name.ptr)
		ssc__wipe(name.ptr, name.size);
	if (ext.ptr)
		ssc__wipe(ext.ptr, ext.size);
	ssc_buf_dispose(&name);
	ssc_buf_dispose(&ext);
	ssc__wipe(b, sizeof(b));
	return rc;
}

ssc_status
ssc_card_personalize(ssc_reader_conn *conn, const ssc_card *card,
		     struct ssc_key_provider *kp, const char *mac_key_id)
{
	struct perso_item it[PERSO_MAX_ITEMS];
	ssc__transport t;
	ssc__ssse_fci fci;
	ssc__sm_config sm;
	uint8_t rec[2 + 32];
	size_t n = 0, i;
	bool tx = false;
	ssc_status rc;

	if (!conn || !card || !kp || !mac_key_id)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "conn, card, kp and mac_key_id are "
				       "required");
	if ((rc = perso_items(it, &n, conn->ctx, card)) < 0)
		goto out;
	if ((rc = ssc__reader_tx_begin(conn, &tx)) < 0)
		goto out;
	ssc__reader_transport(&t, conn, false);
	if ((rc = ssc__ssse_select(&t, NULL, &fci)) < 0)
		goto out;
	if (fci.algorithm != SSC__ALG_DES && fci.algorithm != SSC__ALG_SM4) {
		rc = ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_CARD,
				     "the card's algorithm indicator %d is not "
				     "supported", fci.algorithm);
		goto out;
	}
	ssc__sm_config_default(&sm, kp, mac_key_id, fci.algorithm);
	for (i = 0; i < n; i++) {
		uint16_t sw = 0;

		rec[0] = it[i].tag;
		rec[1] = it[i].len;
		memcpy(rec + 2, it[i].v, it[i].len);
		rc = ssc__sm_send(&t, &sm, 0x00, 0xDC, it[i].tag,
				  (uint8_t)(it[i].sfi << 3), rec,
				  2u + it[i].len, &sw);
		if (rc == SSC_OK && sw != 0x9000) {
			char what[40];

			snprintf(what, sizeof(what),
				 "UPDATE RECORD EF%02X item %02X", it[i].sfi,
				 it[i].tag);
			rc = ssc__sw_error(sw, what);
		}
		if (rc < 0)
			goto out;
	}
	ssc__log(conn->ctx, SSC_LOG_INFO,
		 "card: personalised card %s (%zu records)",
		 ssc_card_number(card), n);
out:
	ssc__reader_tx_end(conn, tx);
	ssc__wipe(it, sizeof(it));
	ssc__wipe(rec, sizeof(rec));
	return rc;
}
