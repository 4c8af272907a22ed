/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The trace file codec shared by the replay backend, the recorder and the
 * replay_trace fuzz target.  Two formats (doc/readers.md):
 *   - response-only: chunks of 2-byte big-endian length + payload, the
 *     first chunk the ATR, then one chunk per response (the fuzz format);
 *   - two-way: the magic "SSCTRC1\n", then records of a type byte, a
 *     2-byte big-endian length and the payload.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "reader/reader_int.h"

static bool
known_type(int t)
{
	return t == SSC__TRACE_ATR || t == SSC__TRACE_CMD ||
	       t == SSC__TRACE_CMD_MASKED || t == SSC__TRACE_RESP ||
	       t == SSC__TRACE_ERROR;
}

ssc_status
ssc__trace_parse(ssc__trace *out, const ssc_ctx *ctx, const uint8_t *data,
		 size_t len)
{
	size_t pos = 0, cap = 0, hdr;
	ssc__trace t = { NULL, 0, false };

	if (!data && len)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "trace data is NULL");
	if (len >= SSC__TRACE_MAGIC_LEN &&
	    memcmp(data, SSC__TRACE_MAGIC, SSC__TRACE_MAGIC_LEN) == 0) {
		t.two_way = true;
		pos = SSC__TRACE_MAGIC_LEN;
	}
	hdr = t.two_way ? 3 : 2;
	while (pos < len) {
		ssc__trace_rec r;
		size_t n;

		if (len - pos < hdr) {
			ssc__trace_dispose(&t, ctx);
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_INVALID,
					       "trace: truncated record header "
					       "at offset %zu", pos);
		}
		r.type = t.two_way ? data[pos] : 0;
		n = (size_t)data[pos + hdr - 2] << 8 | data[pos + hdr - 1];
		if (t.two_way && !known_type(r.type)) {
			ssc__trace_dispose(&t, ctx);
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_INVALID,
					       "trace: unknown record type 0x%02X "
					       "at offset %zu", r.type, pos);
		}
		if (n > len - pos - hdr) {
			ssc__trace_dispose(&t, ctx);
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_INVALID,
					       "trace: record at offset %zu "
					       "claims %zu bytes, %zu remain",
					       pos, n, len - pos - hdr);
		}
		if (t.two_way && r.type == SSC__TRACE_ERROR && n != 2) {
			ssc__trace_dispose(&t, ctx);
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_INVALID,
					       "trace: error record at offset "
					       "%zu is not 2 bytes", pos);
		}
		if (t.two_way && (r.type == SSC__TRACE_CMD ||
				  r.type == SSC__TRACE_CMD_MASKED)) {
			size_t off;

			if (n < 4 || (r.type == SSC__TRACE_CMD_MASKED &&
				      !ssc__reader_cmd_has_pin(data + pos + hdr,
							       n, &off))) {
				ssc__trace_dispose(&t, ctx);
				return ssc__error_setf(
					SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
					"trace: record at offset %zu is not a "
					"%scommand APDU", pos,
					r.type == SSC__TRACE_CMD_MASKED
						? "PIN " : "");
			}
		}
		if (!t.two_way)
			r.type = t.n == 0 ? SSC__TRACE_ATR : SSC__TRACE_RESP;
		r.data = data + pos + hdr;
		r.len = n;
		if (t.n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			ssc__trace_rec *nr = ssc__realloc(ctx, t.recs,
							  ncap * sizeof(*nr));
			if (!nr) {
				ssc__trace_dispose(&t, ctx);
				return ssc_error_set_oom();
			}
			t.recs = nr;
			cap = ncap;
		}
		t.recs[t.n++] = r;
		pos += hdr + n;
	}
	if (t.n == 0 || t.recs[0].type != SSC__TRACE_ATR) {
		ssc__trace_dispose(&t, ctx);
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
				       "trace: does not start with an ATR");
	}
	if (t.recs[0].len < 2 || t.recs[0].len > SSC__READER_ATR_MAX) {
		size_t alen = t.recs[0].len;

		ssc__trace_dispose(&t, ctx);
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
				       "trace: ATR of %zu bytes (2..%u)", alen,
				       SSC__READER_ATR_MAX);
	}
	*out = t;
	return SSC_OK;
}

void
ssc__trace_dispose(ssc__trace *t, const ssc_ctx *ctx)
{
	if (!t)
		return;
	ssc__free(ctx, t->recs);
	t->recs = NULL;
	t->n = 0;
}

ssc_status
ssc__trace_put(ssc_buf *buf, int type, const uint8_t *data, size_t len)
{
	uint8_t h[3];
	ssc_status rc;

	if (len > 0xFFFF)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "trace: record of %zu bytes", len);
	h[0] = (uint8_t)type;
	h[1] = (uint8_t)(len >> 8);
	h[2] = (uint8_t)len;
	if ((rc = ssc__buf_put(buf, h, 3)) < 0)
		return rc;
	return len ? ssc__buf_put(buf, data, len) : SSC_OK;
}

ssc_status
ssc__read_file(ssc_buf *buf, const char *path, size_t max)
{
	FILE *f;
	char chunk[4096];
	size_t n;
	ssc_status rc = SSC_OK;

	if (!(f = fopen(path, "rb")))
		return ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_OS,
					      SSC_NATIVE_ERRNO, (uint32_t)errno,
					      "cannot open %s: %s", path,
					      strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf->size + n > max) {
			rc = ssc__error_setf(SSC_EPARSE,
					     SSC_ERROR_CLASS_INVALID,
					     "%s is larger than %zu bytes",
					     path, max);
			break;
		}
		if ((rc = ssc__buf_put(buf, chunk, n)) < 0)
			break;
	}
	if (rc == SSC_OK && ferror(f))
		rc = ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_OS,
					    SSC_NATIVE_ERRNO, (uint32_t)errno,
					    "cannot read %s", path);
	fclose(f);
	return rc;
}
