/* SPDX-License-Identifier: Apache-2.0 */
/* Hexadecimal text <-> bytes (public ssc_hex_*; ssc__hex_* for lib/). */
#include "../internal.h"
#include "util/codec_int.h"

static const char hexdigits[] = "0123456789ABCDEF";

int
ssc__hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void
ssc__hex_format(char *out, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hexdigits[data[i] >> 4];
		out[2 * i + 1] = hexdigits[data[i] & 0x0F];
	}
	out[2 * len] = '\0';
}

ssc_status
ssc__hex_parse(uint8_t *out, size_t out_len, const char *hex, size_t len)
{
	if (len != 2 * out_len)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "hex text of %zu characters, expected %zu",
				       len, 2 * out_len);
	for (size_t i = 0; i < out_len; i++) {
		int hi = ssc__hex_value(hex[2 * i]);
		int lo = ssc__hex_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_ENCODING,
					       "not a hex digit at offset %zu",
					       hi < 0 ? 2 * i : 2 * i + 1);
	}
	for (size_t i = 0; i < out_len; i++)
		out[i] = (uint8_t)(ssc__hex_value(hex[2 * i]) << 4 |
				   ssc__hex_value(hex[2 * i + 1]));
	return SSC_OK;
}

ssc_status
ssc_hex_encode(ssc_buf *out, const uint8_t *data, size_t len)
{
	ssc_buf tmp = SSC_BUF_INIT;
	ssc_status rc;

	if (!out || (!data && len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_hex_encode: NULL argument");
	if (len > (SIZE_MAX - 1) / 2)
		return ssc_error_set_oom();
	tmp.alloc = out->alloc;
	tmp.alloc_payload = out->alloc_payload;
	if ((rc = ssc__buf_grow(&tmp, 2 * len)) < 0)
		return rc;
	ssc__hex_format(tmp.ptr, data ? data : (const uint8_t *)"", len);
	tmp.size = 2 * len;
	ssc_buf_dispose(out);
	*out = tmp;
	return SSC_OK;
}

ssc_status
ssc_hex_decode(ssc_buf *out, const char *hex, size_t len)
{
	ssc_buf tmp = SSC_BUF_INIT;
	ssc_status rc;

	if (!out || (!hex && len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_hex_decode: NULL argument");
	if (len % 2)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "hex text of odd length %zu", len);
	tmp.alloc = out->alloc;
	tmp.alloc_payload = out->alloc_payload;
	if ((rc = ssc__buf_grow(&tmp, len / 2)) < 0)
		return rc;
	if (len && (rc = ssc__hex_parse((uint8_t *)tmp.ptr, len / 2, hex,
					len)) < 0) {
		ssc_buf_dispose(&tmp);
		return rc;
	}
	tmp.size = len / 2;
	tmp.ptr[tmp.size] = '\0';
	ssc_buf_dispose(out);
	*out = tmp;
	return SSC_OK;
}
