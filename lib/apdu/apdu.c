/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Command APDUs (builder, case detection, ISO 7816-4 checks, short and
 * extended encoding) and response APDUs (data + SW).
 */
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

ssc_status
ssc_apdu_set_data(ssc_apdu *apdu, const uint8_t *data, size_t len)
{
	uint8_t *copy = NULL;

	if (!apdu || (len > 0 && !data))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_set_data: NULL argument");
	if (len > SSC_APDU_EXT_MAX_LC)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "lc-too-long: %zu data bytes (max %d)",
				       len, SSC_APDU_EXT_MAX_LC);
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
	if (!apdu)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_set_le: apdu is NULL");
	if (le > SSC_APDU_EXT_MAX_LE)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "le-too-long: Le %zu (max %d)", le,
				       SSC_APDU_EXT_MAX_LE);
	apdu->le = le;
	return SSC_OK;
}

ssc_status
ssc_apdu_set_flags(ssc_apdu *apdu, uint32_t flags)
{
	const uint32_t known = SSC_APDU_FLAG_EXTENDED |
			       SSC_APDU_FLAG_SENSITIVE | SSC_APDU_FLAG_PERSONAL;

	if (!apdu || (flags & ~known))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_set_flags: unknown flags 0x%x",
				       (unsigned)(flags & ~known));
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
	if (*len < n)
		return ssc__error_setf(SSC_EBUFS, SSC_ERROR_CLASS_INVALID,
				       "encoded command needs %zu bytes", n);
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

ssc_status
ssc_apdu_response_parse(ssc_apdu_response **out, ssc_ctx *ctx,
			const uint8_t *bytes, size_t len)
{
	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_apdu_response_parse: out is NULL");
	*out = NULL;
	if (!bytes || len < 2)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "response of %zu bytes has no status word",
				       bytes ? len : 0);
	return ssc__apdu_response_new(out, ctx, bytes, len - 2,
				      (uint16_t)(bytes[len - 2] << 8 |
						 bytes[len - 1]));
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
