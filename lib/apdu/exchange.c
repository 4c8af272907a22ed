/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The exchange policy, once, above every reader backend (DESIGN.md §3.5):
 * GET RESPONSE while 61xx, re-send with the corrected Le on 6Cxx, command
 * chaining when the data exceed the short limit and the card lacks extended
 * length, rejection of empty and 1-byte answers, transport errors passed
 * through, and the APDU trace at SSC_LOG_TRACE with secret command data
 * and personal response data masked.
 */
#include <stdio.h>
#include <string.h>

#include "apdu/exchange.h"

/* INS codes whose command data are secret: VERIFY, CHANGE REFERENCE DATA /
 * PIN CHANGE-UNBLOCK, RESET RETRY COUNTER, the proprietary 80 5E (CHANGE /
 * RELOAD PIN), EXTERNAL / MUTUAL AUTHENTICATE (cryptograms), and the
 * PBOC issuer-script commands (MAC input). */
static bool
cmd_data_secret(uint8_t cla, uint8_t ins, uint32_t flags)
{
	if (flags & SSC_APDU_FLAG_SENSITIVE)
		return true;
	/* Secure messaging indicated in the class byte (b4 b3). */
	if ((cla & 0x0C) != 0)
		return true;
	switch (ins) {
	case 0x20: case 0x21: case 0x24: case 0x2C: case 0x5E:
	case 0x82: case 0x86: case 0x87: case 0xDC: case 0xDA:
	case 0x1E: case 0x18: case 0x16:
		return true;
	default:
		return false;
	}
}

/* INS codes whose answers carry personal data (records, data objects). */
static bool
resp_data_personal(uint8_t ins, uint32_t flags)
{
	if (flags & (SSC_APDU_FLAG_PERSONAL | SSC_APDU_FLAG_SENSITIVE))
		return true;
	switch (ins) {
	case 0xB0: case 0xB1: case 0xB2: case 0xB3: case 0xCA: case 0xCB:
	case 0xA8: case 0xAE:
		return true;
	default:
		return false;
	}
}

static void
hex_into(char *out, size_t cap, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	size_t i, o = 0;

	for (i = 0; i < n && o + 4 < cap; i++) {
		out[o++] = hx[p[i] >> 4];
		out[o++] = hx[p[i] & 15];
	}
	if (i < n && o + 4 <= cap) {
		out[o++] = '.';
		out[o++] = '.';
		out[o++] = '.';
	}
	out[o] = '\0';
}

static void
trace_cmd(const ssc__transport *t, const uint8_t *cmd, size_t len, bool secret)
{
	char hex[700];

	if (!ssc__log_enabled(t->ctx, SSC_LOG_TRACE))
		return;
	if (len <= 5 || !secret) {
		hex_into(hex, sizeof(hex), cmd, len);
		ssc__log(t->ctx, SSC_LOG_TRACE, "apdu > %s", hex);
	} else {
		/* header and the length byte(s) only */
		size_t hdr = (cmd[4] == 0 && len > 7) ? 7 : 5;
		hex_into(hex, sizeof(hex), cmd, hdr);
		ssc__log(t->ctx, SSC_LOG_TRACE,
			 "apdu > %s [%zu bytes masked]", hex, len - hdr);
	}
	ssc__wipe(hex, sizeof(hex));
}

static void
trace_resp(const ssc__transport *t, const uint8_t *resp, size_t len,
	   bool personal)
{
	char hex[700];

	if (!ssc__log_enabled(t->ctx, SSC_LOG_TRACE) || len < 2)
		return;
	if (len == 2 || !personal) {
		hex_into(hex, sizeof(hex), resp, len - 2);
		ssc__log(t->ctx, SSC_LOG_TRACE, "apdu < %s%sSW %02X%02X", hex,
			 len > 2 ? " " : "", resp[len - 2], resp[len - 1]);
	} else {
		ssc__log(t->ctx, SSC_LOG_TRACE,
			 "apdu < [%zu bytes masked] SW %02X%02X", len - 2,
			 resp[len - 2], resp[len - 1]);
	}
	ssc__wipe(hex, sizeof(hex));
}

struct xchg {
	ssc__transport *t;
	uint8_t *cmd;   /* encoded command, capacity cmd_cap */
	size_t cmd_cap;
	uint8_t *resp;  /* raw answer, capacity resp_cap */
	size_t resp_cap;
	size_t resp_len;
	bool secret, personal;
};

/* One raw round trip of x->cmd[0..len). */
static ssc_status
round_trip(struct xchg *x, size_t len)
{
	ssc_status rc;

	trace_cmd(x->t, x->cmd, len, x->secret);
	x->resp_len = x->resp_cap;
	rc = x->t->transmit(x->t->io, x->cmd, len, x->resp, &x->resp_len);
	if (rc < 0) {
		ssc__log(x->t->ctx, SSC_LOG_DEBUG,
			 "apdu: transport failed with %s",
			 ssc_error_name(rc) ? ssc_error_name(rc) : "?");
		return rc;
	}
	if (x->resp_len > x->resp_cap)
		return ssc__error_setf(SSC_EPROTOCOL, SSC_ERROR_CLASS_READER,
				       "transport reported %zu bytes into a "
				       "%zu-byte buffer", x->resp_len,
				       x->resp_cap);
	if (x->resp_len < 2)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "card answered %zu byte%s, no status word",
				       x->resp_len, x->resp_len == 1 ? "" : "s");
	trace_resp(x->t, x->resp, x->resp_len, x->personal);
	return SSC_OK;
}

/* Send a (short-form-capable) command with the 6Cxx rule applied. */
static ssc_status
send_with_le_retry(struct xchg *x, ssc_apdu *a)
{
	ssc_status rc;
	size_t len;
	int tries;

	for (tries = 0;; tries++) {
		len = x->cmd_cap;
		if ((rc = ssc__apdu_encode_to(x->cmd, &len, a,
					      !x->t->extended_length)) < 0)
			return rc;
		if ((rc = round_trip(x, len)) < 0)
			return rc;
		if (x->resp[x->resp_len - 2] != 0x6C)
			return SSC_OK;
		if (tries >= SSC__EXCHANGE_MAX_6C_RETRIES)
			return ssc__error_setf_sw(SSC_EAPDU,
						  (uint16_t)(0x6C00 | x->resp[x->resp_len - 1]),
						  "card kept answering 6Cxx after %d re-sends",
						  tries);
		a->le = x->resp[x->resp_len - 1] ? x->resp[x->resp_len - 1]
						   : 256;
	}
}

static ssc_status
append(ssc_buf *acc, const struct xchg *x)
{
	if (x->resp_len == 2)
		return SSC_OK;
	if (acc->size + x->resp_len - 2 > SSC__EXCHANGE_MAX_RESPONSE)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "response longer than %d bytes",
				       SSC__EXCHANGE_MAX_RESPONSE);
	return ssc__buf_put(acc, x->resp, x->resp_len - 2);
}

/* The single-command path: 6Cxx, then GET RESPONSE while 61xx. */
static ssc_status
exchange_one(struct xchg *x, ssc_apdu *a, ssc_buf *acc, uint16_t *sw)
{
	ssc_status rc;
	int n;

	if ((rc = send_with_le_retry(x, a)) < 0)
		return rc;
	if ((rc = append(acc, x)) < 0)
		return rc;
	for (n = 0; x->resp[x->resp_len - 2] == 0x61; n++) {
		ssc_apdu gr;
		if (n >= SSC__EXCHANGE_MAX_GET_RESPONSE)
			return ssc__error_setf_sw(SSC_EAPDU, 0x6100,
						  "more than %d GET RESPONSE rounds",
						  n);
		memset(&gr, 0, sizeof(gr));
		/* Keep the logical channel of an inter-industry class. */
		gr.cla = (a->cla & 0x80) ? 0x00 : (a->cla & 0x03);
		gr.ins = 0xC0;
		gr.le = x->resp[x->resp_len - 1] ? x->resp[x->resp_len - 1]
						 : 256;
		if ((rc = send_with_le_retry(x, &gr)) < 0)
			return rc;
		if ((rc = append(acc, x)) < 0)
			return rc;
	}
	*sw = (uint16_t)(x->resp[x->resp_len - 2] << 8 |
			 x->resp[x->resp_len - 1]);
	return SSC_OK;
}

ssc_status
ssc__exchange(ssc__transport *t, const ssc_apdu *cmd, ssc_apdu_response **out)
{
	struct xchg x;
	ssc_buf acc = SSC_BUF_INIT;
	ssc_apdu a;
	ssc_status rc;
	uint16_t sw = 0;

	if (!t || !t->transmit || !cmd || !out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc__exchange: NULL argument");
	*out = NULL;
	if ((rc = ssc_apdu_check(cmd)) < 0)
		return rc;
	memset(&x, 0, sizeof(x));
	x.t = t;
	x.secret = cmd_data_secret(cmd->cla, cmd->ins, cmd->flags);
	x.personal = resp_data_personal(cmd->ins, cmd->flags);
	x.cmd_cap = 4 + 3 + SSC_APDU_EXT_MAX_LC + 3;
	if (!t->extended_length)
		x.cmd_cap = 4 + 1 + SSC_APDU_SHORT_MAX_LC + 1;
	x.resp_cap = (t->extended_length ? SSC_APDU_EXT_MAX_LE
					 : SSC_APDU_SHORT_MAX_LE) + 2;
	x.cmd = ssc__malloc(t->ctx, x.cmd_cap);
	x.resp = ssc__malloc(t->ctx, x.resp_cap);
	if (!x.cmd || !x.resp) {
		rc = ssc_error_set_oom();
		goto out;
	}
	ssc__buf_bind(&acc, t->ctx);
	a = *cmd;
	if (!t->extended_length)
		a.flags &= ~SSC_APDU_FLAG_EXTENDED;

	if (!t->extended_length && cmd->data_len > SSC_APDU_SHORT_MAX_LC) {
		/* Command chaining (ISO 7816-4 5.1.1.1): CLA b5 set on all
		 * but the last part; each part but the last must get 9000. */
		size_t off = 0;
		while (cmd->data_len - off > SSC_APDU_SHORT_MAX_LC) {
			size_t len = x.cmd_cap;
			ssc_apdu part = *cmd;
			part.cla = (uint8_t)(cmd->cla | 0x10);
			part.flags = 0;
			part.data = cmd->data + off;
			part.data_len = SSC_APDU_SHORT_MAX_LC;
			part.le = 0;
			if ((rc = ssc__apdu_encode_to(x.cmd, &len, &part,
						      true)) < 0 ||
			    (rc = round_trip(&x, len)) < 0)
				goto out;
			off += SSC_APDU_SHORT_MAX_LC;
			sw = (uint16_t)(x.resp[x.resp_len - 2] << 8 |
					x.resp[x.resp_len - 1]);
			if (sw != 0x9000) {
				/* The card refused a part: that answer is
				 * the answer. */
				if ((rc = append(&acc, &x)) < 0)
					goto out;
				goto done;
			}
		}
		a.data = cmd->data + off;
		a.data_len = cmd->data_len - off;
	}
	if ((rc = exchange_one(&x, &a, &acc, &sw)) < 0)
		goto out;
done:
	rc = ssc__apdu_response_new(out, (ssc_ctx *)t->ctx,
				    (const uint8_t *)acc.ptr, acc.size, sw);
out:
	if (x.cmd) {
		ssc__wipe(x.cmd, x.cmd_cap);
		ssc__free(t->ctx, x.cmd);
	}
	if (x.resp) {
		ssc__wipe(x.resp, x.resp_cap);
		ssc__free(t->ctx, x.resp);
	}
	ssc_buf_dispose(&acc);
	return rc;
}

ssc_status
ssc__exchange_ok(ssc__transport *t, const ssc_apdu *cmd, const char *what,
		 ssc_apdu_response **out)
{
	ssc_apdu_response *r = NULL;
	ssc_status rc;

	if (out)
		*out = NULL;
	if ((rc = ssc__exchange(t, cmd, &r)) < 0)
		return rc;
	if (r->sw != 0x9000) {
		rc = ssc__sw_error(r->sw, what);
		ssc_apdu_response_free(r);
		return rc;
	}
	if (out)
		*out = r;
	else
		ssc_apdu_response_free(r);
	return SSC_OK;
}

ssc_status
ssc__transceive(ssc__transport *t, uint8_t cla, uint8_t ins, uint8_t p1,
		uint8_t p2, const uint8_t *cdata, size_t clen, size_t le,
		uint32_t flags, uint8_t *data, size_t *data_len, uint16_t *sw)
{
	ssc_apdu a;
	ssc_apdu_response *r = NULL;
	ssc_status rc;

	memset(&a, 0, sizeof(a));
	a.cla = cla;
	a.ins = ins;
	a.p1 = p1;
	a.p2 = p2;
	a.data = (uint8_t *)cdata;
	a.data_len = clen;
	a.le = le;
	a.flags = flags;
	if ((rc = ssc__exchange(t, &a, &r)) < 0)
		return rc;
	if (sw)
		*sw = r->sw;
	if (data_len) {
		if (r->data_len > *data_len) {
			rc = ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
					     "card answered %zu bytes, at most "
					     "%zu expected", r->data_len,
					     *data_len);
		} else {
			if (r->data_len)
				memcpy(data, r->data, r->data_len);
			*data_len = r->data_len;
		}
	}
	ssc_apdu_response_free(r);
	return rc;
}
