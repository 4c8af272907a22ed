/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Command APDUs (builder, case detection, ISO 7816-4 checks, short and
 * extended encoding) and response APDUs (data + SW).
 */
#include <stdint.h>
#include <string.h>

#include "apdu/apdu_int.h"

ssc_status
ssc_apdu_new(ssc_apdu **out, ssc_ctx *ctx, uint8_t cla, uint8_t ins,
	     uint8_t p1, uint8_t p2)
{
	ssc_apdu *a;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_new: out is NULL");
	*out = NULL;
	a = ssc__calloc(ctx, 1, sizeof(*a));
	SSC__CHECK_ALLOC(a);
	a->ctx = ctx ? ssc_ctx_ref(ctx) : NULL;
	a->cla = cla;
	a->ins = ins;
	a->p1 = p1;
	a->p2 = p2;
	*out = a;
	return SSC_OK;
}

void
ssc_apdu_free(ssc_apdu *apdu)
{
	ssc_ctx *ctx;

	if (!apdu)
		return;
	ctx = apdu->ctx;
	if (apdu->data) {
		ssc__wipe(apdu->data, apdu->data_len);
		ssc__free(ctx, apdu->data);
	}
	ssc__free(ctx, apdu);
	ssc_ctx_free(ctx);
}

/* The argument rules of the builder, shared with
 * ssc_apdu_encode_command() so that both paths refuse the same input with
 * the same code and message. */
static ssc_status
check_data_arg(const char *fn, const uint8_t *data, size_t len)
{
	if (len > 0 && !data)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "%s: NULL argument", fn);
	if (len > SSC_APDU_EXT_MAX_LC)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "lc-too-long: %zu data bytes (max %d)",
				       len, SSC_APDU_EXT_MAX_LC);
	return SSC_OK;
}

static ssc_status
check_le_arg(size_t le)
{
	if (le > SSC_APDU_EXT_MAX_LE)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "le-too-long: Le %zu (max %d)", le,
				       SSC_APDU_EXT_MAX_LE);
	return SSC_OK;
}

static ssc_status
check_flags_arg(const char *fn, uint32_t flags)
{
	const uint32_t known = SSC_APDU_FLAG_EXTENDED |
			       SSC_APDU_FLAG_SENSITIVE | SSC_APDU_FLAG_PERSONAL;

	if (flags & ~known)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "%s: unknown flags 0x%x", fn,
				       (unsigned)(flags & ~known));
	return SSC_OK;
}

ssc_status
ssc_apdu_set_data(ssc_apdu *apdu, const uint8_t *data, size_t len)
{
	uint8_t *copy = NULL;
	ssc_status rc;

	if (!apdu)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_set_data: NULL argument");
	if ((rc = check_data_arg("ssc_apdu_set_data", data, len)) < 0)
		return rc;
	if (len > 0) {
		copy = ssc__malloc(apdu->ctx, len);
		SSC__CHECK_ALLOC(copy);
		memcpy(copy, data, len);
	}
	if (apdu->data) {
		ssc__wipe(apdu->data, apdu->data_len);
		ssc__free(apdu->ctx, apdu->data);
	}
	apdu->data = copy;
	apdu->data_len = len;
	return SSC_OK;
}

ssc_status
ssc_apdu_set_le(ssc_apdu *apdu, size_t le)
{
	ssc_status rc;

	if (!apdu)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_set_le: apdu is NULL");
	if ((rc = check_le_arg(le)) < 0)
		return rc;
	apdu->le = le;
	return SSC_OK;
}

ssc_status
ssc_apdu_set_flags(ssc_apdu *apdu, uint32_t flags)
{
	ssc_status rc;

	if (!apdu)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_set_flags: apdu is NULL");
	if ((rc = check_flags_arg("ssc_apdu_set_flags", flags)) < 0)
		return rc;
	apdu->flags = flags;
	return SSC_OK;
}

uint8_t
ssc_apdu_cla(const ssc_apdu *apdu)
{
	return apdu ? apdu->cla : 0;
}

uint8_t
ssc_apdu_ins(const ssc_apdu *apdu)
{
	return apdu ? apdu->ins : 0;
}

uint8_t
ssc_apdu_p1(const ssc_apdu *apdu)
{
	return apdu ? apdu->p1 : 0;
}

uint8_t
ssc_apdu_p2(const ssc_apdu *apdu)
{
	return apdu ? apdu->p2 : 0;
}

size_t
ssc_apdu_le(const ssc_apdu *apdu)
{
	return apdu ? apdu->le : 0;
}

const uint8_t *
ssc_apdu_data(const ssc_apdu *apdu, size_t *len)
{
	if (len)
		*len = apdu ? apdu->data_len : 0;
	return apdu ? apdu->data : NULL;
}

static bool
is_extended(const ssc_apdu *a)
{
	return (a->flags & SSC_APDU_FLAG_EXTENDED) ||
	       a->data_len > SSC_APDU_SHORT_MAX_LC ||
	       a->le > SSC_APDU_SHORT_MAX_LE;
}

ssc_apdu_case
ssc_apdu_get_case(const ssc_apdu *apdu)
{
	bool ext;

	if (!apdu || apdu->data_len > SSC_APDU_EXT_MAX_LC ||
	    apdu->le > SSC_APDU_EXT_MAX_LE)
		return SSC_APDU_CASE_NONE;
	ext = is_extended(apdu);
	if (apdu->data_len == 0 && apdu->le == 0)
		return SSC_APDU_CASE_1;
	if (apdu->data_len == 0)
		return ext ? SSC_APDU_CASE_2E : SSC_APDU_CASE_2S;
	if (apdu->le == 0)
		return ext ? SSC_APDU_CASE_3E : SSC_APDU_CASE_3S;
	return ext ? SSC_APDU_CASE_4E : SSC_APDU_CASE_4S;
}

ssc_status
ssc_apdu_check(const ssc_apdu *apdu)
{
	if (!apdu)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_check: apdu is NULL");
	if (apdu->cla == 0xFF)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "cla-invalid: CLA FF is reserved for PPS");
	if ((apdu->ins & 0xF0) == 0x60 || (apdu->ins & 0xF0) == 0x90)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "ins-invalid: INS %02X is a status byte",
				       apdu->ins);
	if (apdu->data_len > SSC_APDU_EXT_MAX_LC)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "lc-too-long: %zu data bytes",
				       apdu->data_len);
	if (apdu->le > SSC_APDU_EXT_MAX_LE)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "le-too-long: Le %zu", apdu->le);
	return SSC_OK;
}

/* Encoded size of a checked command. */
static size_t
encoded_size(const ssc_apdu *a, bool ext)
{
	size_t n = 4;

	if (!ext) {
		if (a->data_len)
			n += 1 + a->data_len;
		if (a->le)
			n += 1;
		return n;
	}
	if (a->data_len)
		n += 3 + a->data_len;
	if (a->le)
		n += a->data_len ? 2 : 3;
	return n;
}

ssc_status
ssc__apdu_encode_to(uint8_t *out, size_t *len, const ssc_apdu *a,
		    bool force_short_le)
{
	ssc_status rc;
	bool ext;
	size_t n, i = 0, le;

	if ((rc = ssc_apdu_check(a)) < 0)
		return rc;
	le = a->le;
	if (force_short_le && le > SSC_APDU_SHORT_MAX_LE)
		le = SSC_APDU_SHORT_MAX_LE;
	ext = (a->flags & SSC_APDU_FLAG_EXTENDED) ||
	      a->data_len > SSC_APDU_SHORT_MAX_LC ||
	      le > SSC_APDU_SHORT_MAX_LE;
	{
		ssc_apdu tmp = *a;
		tmp.le = le;
		n = encoded_size(&tmp, ext);
	}
	if (*len < n) {
		*len = n;
		return ssc__error_setf(SSC_EBUFS, SSC_ERROR_CLASS_INVALID,
				       "encoded command needs %zu bytes", n);
	}
	out[i++] = a->cla;
	out[i++] = a->ins;
	out[i++] = a->p1;
	out[i++] = a->p2;
	if (!ext) {
		if (a->data_len) {
			out[i++] = (uint8_t)a->data_len;
			memcpy(out + i, a->data, a->data_len);
			i += a->data_len;
		}
		if (le)
			out[i++] = (uint8_t)(le == 256 ? 0 : le);
	} else {
		if (a->data_len) {
			out[i++] = 0;
			out[i++] = (uint8_t)(a->data_len >> 8);
			out[i++] = (uint8_t)a->data_len;
			memcpy(out + i, a->data, a->data_len);
			i += a->data_len;
		}
		if (le) {
			size_t v = le == 65536 ? 0 : le;
			if (!a->data_len)
				out[i++] = 0;
			out[i++] = (uint8_t)(v >> 8);
			out[i++] = (uint8_t)v;
		}
	}
	*len = i;
	return SSC_OK;
}

ssc_status
ssc_apdu_encode(ssc_buf *out, const ssc_apdu *apdu)
{
	ssc_status rc;
	uint8_t *tmp;
	size_t len;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_encode: out is NULL");
	if ((rc = ssc_apdu_check(apdu)) < 0)
		return rc;
	len = encoded_size(apdu, is_extended(apdu));
	tmp = ssc__malloc(apdu->ctx, len);
	SSC__CHECK_ALLOC(tmp);
	rc = ssc__apdu_encode_to(tmp, &len, apdu, false);
	if (rc == SSC_OK) {
		ssc_buf_dispose(out);
		ssc__buf_bind(out, apdu->ctx);
		rc = ssc__buf_put(out, tmp, len);
	}
	ssc__wipe(tmp, len);
	ssc__free(apdu->ctx, tmp);
	return rc;
}

ssc_status
ssc_apdu_encode_into(uint8_t *out, size_t *out_len, const ssc_apdu *apdu)
{
	if (!out_len || (!out && *out_len > 0))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_encode_into: NULL argument");
	return ssc__apdu_encode_to(out, out_len, apdu, false);
}

ssc_status
ssc_apdu_encode_command(uint8_t *out, size_t *out_len, uint8_t cla,
			uint8_t ins, uint8_t p1, uint8_t p2,
			const uint8_t *data, size_t len, size_t le,
			uint32_t flags)
{
	ssc_apdu a;
	ssc_status rc;

	if (!out_len || (!out && *out_len > 0))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_encode_command: NULL argument");
	if ((rc = check_flags_arg("ssc_apdu_encode_command", flags)) < 0 ||
	    (rc = check_data_arg("ssc_apdu_encode_command", data, len)) < 0 ||
	    (rc = check_le_arg(le)) < 0)
		return rc;
	/* A command on the stack borrowing the caller's data: the encoder
	 * only reads it, and nothing here is ever freed. */
	memset(&a, 0, sizeof(a));
	a.cla = cla;
	a.ins = ins;
	a.p1 = p1;
	a.p2 = p2;
	a.data = len ? (uint8_t *)(uintptr_t)data : NULL;
	a.data_len = len;
	a.le = le;
	a.flags = flags;
	return ssc__apdu_encode_to(out, out_len, &a, false);
}

ssc_status
ssc__apdu_make(ssc_apdu **out, ssc_ctx *ctx, uint8_t cla, uint8_t ins,
	       uint8_t p1, uint8_t p2, const uint8_t *data, size_t len,
	       size_t le)
{
	ssc_apdu *a = NULL;
	ssc_status rc;

	if ((rc = ssc_apdu_new(&a, ctx, cla, ins, p1, p2)) < 0)
		return rc;
	if ((rc = ssc_apdu_set_data(a, data, len)) < 0 ||
	    (rc = ssc_apdu_set_le(a, le)) < 0) {
		ssc_apdu_free(a);
		return rc;
	}
	*out = a;
	return SSC_OK;
}

ssc_status
ssc__apdu_response_new(ssc_apdu_response **out, ssc_ctx *ctx,
		       const uint8_t *data, size_t len, uint16_t sw)
{
	ssc_apdu_response *r;

	*out = NULL;
	r = ssc__calloc(ctx, 1, sizeof(*r));
	SSC__CHECK_ALLOC(r);
	if (len > 0) {
		r->data = ssc__malloc(ctx, len);
		if (!r->data) {
			ssc__free(ctx, r);
			return ssc_error_set_oom();
		}
		memcpy(r->data, data, len);
	}
	r->ctx = ctx ? ssc_ctx_ref(ctx) : NULL;
	r->data_len = len;
	r->sw = sw;
	*out = r;
	return SSC_OK;
}

/* Split a raw response into data and SW: the rule shared by
 * ssc_apdu_response_parse() and ssc_apdu_response_view(). */
static ssc_status
split_response(uint16_t *sw, const uint8_t *bytes, size_t len)
{
	if (!bytes || len < 2)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "response of %zu bytes has no status word",
				       bytes ? len : 0);
	*sw = (uint16_t)(bytes[len - 2] << 8 | bytes[len - 1]);
	return SSC_OK;
}

ssc_status
ssc_apdu_response_parse(ssc_apdu_response **out, ssc_ctx *ctx,
			const uint8_t *bytes, size_t len)
{
	ssc_status rc;
	uint16_t sw = 0;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_response_parse: out is NULL");
	*out = NULL;
	if ((rc = split_response(&sw, bytes, len)) < 0)
		return rc;
	return ssc__apdu_response_new(out, ctx, bytes, len - 2, sw);
}

ssc_status
ssc_apdu_view_init(ssc_apdu_view *view, unsigned int version)
{
	ssc_status rc;

	if (!view)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_view_init: view is NULL");
	if ((rc = ssc__check_version(version, SSC_APDU_VIEW_VERSION,
				     "ssc_apdu_view")) < 0)
		return rc;
	memset(view, 0, sizeof(*view));
	view->version = version;
	return SSC_OK;
}

ssc_status
ssc_apdu_response_view(ssc_apdu_view *out, const uint8_t *bytes, size_t len)
{
	ssc_status rc;
	uint16_t sw = 0;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_response_view: out is NULL");
	if ((rc = ssc__check_version(out->version, SSC_APDU_VIEW_VERSION,
				     "ssc_apdu_view")) < 0)
		return rc;
	if ((rc = split_response(&sw, bytes, len)) < 0)
		return rc;
	out->data = len > 2 ? bytes : NULL;
	out->data_len = len - 2;
	out->sw = sw;
	return SSC_OK;
}

void
ssc_apdu_response_free(ssc_apdu_response *resp)
{
	ssc_ctx *ctx;

	if (!resp)
		return;
	ctx = resp->ctx;
	if (resp->data) {
		ssc__wipe(resp->data, resp->data_len);
		ssc__free(ctx, resp->data);
	}
	ssc__free(ctx, resp);
	ssc_ctx_free(ctx);
}

uint16_t
ssc_apdu_response_sw(const ssc_apdu_response *resp)
{
	return resp ? resp->sw : 0;
}

const uint8_t *
ssc_apdu_response_data(const ssc_apdu_response *resp, size_t *len)
{
	if (len)
		*len = resp ? resp->data_len : 0;
	return resp ? resp->data : NULL;
}
