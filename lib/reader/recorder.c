/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The recorder: a reader backend that forwards every call to another
 * backend and writes the ATR, each command (PIN data masked) and each
 * response or failure to a two-way trace file that the replay backend
 * plays back.  Records are flushed one by one, so a trace survives a card
 * pulled mid-session.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "reader/reader_int.h"

typedef struct {
	ssc_reader_backend parent;  /* first */
	ssc_reader_backend *inner;  /* owned */
	const ssc_ctx *actx;
	FILE *f;
} rec_backend;

typedef struct {
	ssc_reader_backend_conn parent;  /* first */
	ssc_reader_backend_conn *inner;
	rec_backend *be;
} rec_conn;

static ssc_status
put(rec_backend *be, int type, const uint8_t *data, size_t len)
{
	ssc_buf b = SSC_BUF_INIT;
	ssc_status rc;

	ssc__buf_bind(&b, be->actx);
	if ((rc = ssc__trace_put(&b, type, data, len)) < 0)
		return rc;
	if (fwrite(b.ptr, 1, b.size, be->f) != b.size || fflush(be->f) != 0)
		rc = ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_OS,
					    SSC_NATIVE_ERRNO, (uint32_t)errno,
					    "recorder: cannot write the trace");
	ssc_buf_dispose(&b);
	return rc;
}

static ssc_status
put_atr(rec_backend *be, ssc_reader_backend_conn *inner)
{
	uint8_t atr[SSC__READER_ATR_MAX];
	size_t len = sizeof(atr);
	ssc_status rc;

	if ((rc = be->inner->atr(inner, atr, &len)) < 0)
		return rc;
	return put(be, SSC__TRACE_ATR, atr, len);
}

static ssc_status
rec_list(ssc_reader_backend *pbe, ssc_buf *out)
{
	rec_backend *be = (rec_backend *)pbe;

	return be->inner->list_readers(be->inner, out);
}

static ssc_status
rec_connect(ssc_reader_backend_conn **out, ssc_reader_backend *pbe,
	    const char *reader, int mode)
{
	rec_backend *be = (rec_backend *)pbe;
	ssc_reader_backend_conn *inner = NULL;
	rec_conn *c;
	ssc_status rc;

	c = ssc__calloc(be->actx, 1, sizeof(*c));
	SSC__CHECK_ALLOC(c);
	if ((rc = be->inner->connect(&inner, be->inner, reader, mode)) < 0) {
		ssc__free(be->actx, c);
		return rc;
	}
	inner->backend = be->inner;
	if ((rc = put_atr(be, inner)) < 0) {
		be->inner->disconnect(inner, SSC_DISPOSITION_LEAVE);
		ssc__free(be->actx, c);
		return rc;
	}
	c->parent = *inner;
	c->parent.version = SSC_READER_BACKEND_CONN_VERSION;
	c->parent.backend = pbe;
	c->inner = inner;
	c->be = be;
	*out = &c->parent;
	return SSC_OK;
}

static ssc_status
rec_transmit(ssc_reader_backend_conn *pc, const uint8_t *cmd, size_t len,
	     uint8_t *resp, size_t *resp_len)
{
	rec_conn *c = (rec_conn *)pc;
	rec_backend *be = c->be;
	size_t off;
	ssc_status rc, wrc;

	if (ssc__reader_cmd_has_pin(cmd, len, &off)) {
		uint8_t *m = ssc__malloc(be->actx, len);

		SSC__CHECK_ALLOC(m);
		memcpy(m, cmd, off);
		memset(m + off, 0xFF, len - off);
		rc = put(be, SSC__TRACE_CMD_MASKED, m, len);
		ssc__free(be->actx, m);
	} else {
		rc = put(be, SSC__TRACE_CMD, cmd, len);
	}
	if (rc < 0)
		return rc;
	rc = be->inner->transmit(c->inner, cmd, len, resp, resp_len);
	if (rc < 0) {
		ssc__error_saved saved;
		uint8_t e[2] = { (uint8_t)((unsigned)-rc >> 8),
				 (uint8_t)(unsigned)-rc };

		ssc__error_save(&saved);
		put(be, SSC__TRACE_ERROR, e, 2);
		ssc__error_restore(&saved);
		return rc;
	}
	if ((wrc = put(be, SSC__TRACE_RESP, resp, *resp_len)) < 0)
		return wrc;
	return SSC_OK;
}

static ssc_status
rec_disconnect(ssc_reader_backend_conn *pc, int how)
{
	rec_conn *c = (rec_conn *)pc;
	ssc_status rc = c->be->inner->disconnect(c->inner, how);

	ssc__free(c->be->actx, c);
	return rc;
}

static ssc_status
rec_atr(ssc_reader_backend_conn *pc, uint8_t *atr, size_t *len)
{
	rec_conn *c = (rec_conn *)pc;

	return c->be->inner->atr(c->inner, atr, len);
}

static ssc_status
rec_begin(ssc_reader_backend_conn *pc)
{
	rec_conn *c = (rec_conn *)pc;

	if (!c->be->inner->begin_transaction)
		return ssc__error_setf(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_BACKEND,
				       "recorder: inner backend has no "
				       "transactions");
	return c->be->inner->begin_transaction(c->inner);
}

static ssc_status
rec_end(ssc_reader_backend_conn *pc, int how)
{
	rec_conn *c = (rec_conn *)pc;

	if (!c->be->inner->end_transaction)
		return ssc__error_setf(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_BACKEND,
				       "recorder: inner backend has no "
				       "transactions");
	return c->be->inner->end_transaction(c->inner, how);
}

static ssc_status
rec_reconnect(ssc_reader_backend_conn *pc, int how)
{
	rec_conn *c = (rec_conn *)pc;
	ssc_status rc;

	if (!c->be->inner->reconnect)
		return ssc__error_setf(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_BACKEND,
				       "recorder: inner backend cannot "
				       "reconnect");
	if ((rc = c->be->inner->reconnect(c->inner, how)) < 0)
		return rc;
	c->parent.protocol = c->inner->protocol;
	c->parent.iface = c->inner->iface;
	return put_atr(c->be, c->inner);
}

static ssc_status
rec_wait(ssc_reader_backend *pbe, const char *reader, int timeout_ms,
	 unsigned int *events)
{
	rec_backend *be = (rec_backend *)pbe;

	if (!be->inner->wait_event)
		return ssc__error_setf(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_BACKEND,
				       "recorder: inner backend has no events");
	return be->inner->wait_event(be->inner, reader, timeout_ms, events);
}

static ssc_status
rec_cancel(ssc_reader_backend *pbe)
{
	rec_backend *be = (rec_backend *)pbe;

	if (!be->inner->cancel)
		return ssc__error_setf(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_BACKEND,
				       "recorder: inner backend cannot cancel");
	return be->inner->cancel(be->inner);
}

static void
rec_free(ssc_reader_backend *pbe)
{
	rec_backend *be = (rec_backend *)pbe;
	const ssc_ctx *actx;

	if (!be)
		return;
	actx = be->actx;
	if (be->inner)
		be->inner->free(be->inner);
	if (be->f)
		fclose(be->f);
	ssc__free(actx, be);
	ssc_ctx_free((ssc_ctx *)actx);
}

static const ssc_reader_backend rec_methods = {
	.version = SSC_READER_BACKEND_VERSION,
	.name = "recorder",
	.list_readers = rec_list,
	.connect = rec_connect,
	.transmit = rec_transmit,
	.disconnect = rec_disconnect,
	.free = rec_free,
	.atr = rec_atr,
	.begin_transaction = rec_begin,
	.end_transaction = rec_end,
	.wait_event = rec_wait,
	.cancel = rec_cancel,
	.reconnect = rec_reconnect,
};

ssc_status
ssc_reader_backend_recorder_new(ssc_reader_backend **out, ssc_ctx *ctx,
				ssc_reader_backend *inner, const char *path)
{
	rec_backend *be;
	ssc_status rc;

	if (!out || !inner || !path)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out, inner and path are required");
	*out = NULL;
	if ((rc = ssc__check_version(inner->version,
				     SSC_READER_BACKEND_VERSION,
				     "ssc_reader_backend")) < 0)
		return rc;
	if (!inner->list_readers || !inner->connect || !inner->transmit ||
	    !inner->disconnect || !inner->free || !inner->atr)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_BACKEND,
				       "recorder: the inner backend lacks a "
				       "required member or the ATR");
	if (inner->ctx)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_BACKEND,
				       "recorder: the inner backend is attached "
				       "to a context already");
	be = ssc__calloc(ctx, 1, sizeof(*be));
	SSC__CHECK_ALLOC(be);
	be->parent = rec_methods;
	if (!(be->f = fopen(path, "wb"))) {
		rc = ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_OS,
					    SSC_NATIVE_ERRNO, (uint32_t)errno,
					    "recorder: cannot create %s: %s",
					    path, strerror(errno));
		ssc__free(ctx, be);
		return rc;
	}
	if (fwrite(SSC__TRACE_MAGIC, 1, SSC__TRACE_MAGIC_LEN, be->f) !=
	    SSC__TRACE_MAGIC_LEN) {
		rc = ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_OS,
					    SSC_NATIVE_ERRNO, (uint32_t)errno,
					    "recorder: cannot write %s", path);
		fclose(be->f);
		ssc__free(ctx, be);
		return rc;
	}
	be->actx = ctx ? ssc_ctx_ref(ctx) : NULL;
	be->inner = inner;
	*out = &be->parent;
	return SSC_OK;
}
