/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The replay backend: one reader, "replay", whose card gives the ATR and
 * the responses of a trace (lib/reader/trace.c), in order.  In strict mode
 * every command must equal the recorded one (a masked PIN command: same
 * header and length); a difference is an error, not a guess.
 */
#include <string.h>

#include "reader/reader_int.h"

typedef struct {
	ssc_reader_backend parent;  /* first */
	const ssc_ctx *actx;
	uint8_t *data;
	size_t size;
	ssc__trace trace;
	bool strict;
	size_t next;                /* where the next connection looks for
				     * its ATR record */
} replay_backend;

typedef struct {
	ssc_reader_backend_conn parent;  /* first */
	replay_backend *be;
	size_t pos;                      /* next record */
	size_t ncmd;                     /* commands answered */
	const ssc__trace_rec *atr;
} replay_conn;

static const char replay_reader_name[] = "replay";

static ssc_status
replay_list(ssc_reader_backend *be, ssc_buf *out)
{
	(void)be;
	return ssc__reader_list_add(out, replay_reader_name);
}

/* T=1 when the ATR's first TD announces it, else T=0. */
static int
atr_protocol(const uint8_t *atr, size_t len)
{
	if (len >= 2 && (atr[1] & 0x80)) {
		size_t i = 2 + ((atr[1] & 0x10) != 0) + ((atr[1] & 0x20) != 0) +
			   ((atr[1] & 0x40) != 0);
		if (i < len)
			return (atr[i] & 0x0F) == 1 ? SSC_PROTOCOL_T1
						    : SSC_PROTOCOL_T0;
	}
	return SSC_PROTOCOL_T0;
}

static ssc_status
replay_connect(ssc_reader_backend_conn **out, ssc_reader_backend *pbe,
	       const char *reader, int mode)
{
	replay_backend *be = (replay_backend *)pbe;
	replay_conn *c;

	(void)mode;
	if (reader && strcmp(reader, replay_reader_name) != 0)
		return ssc__error_setf(SSC_ENOREADER, SSC_ERROR_CLASS_READER,
				       "replay: no reader \"%s\" (only "
				       "\"replay\")", reader);
	c = ssc__calloc(be->actx, 1, sizeof(*c));
	SSC__CHECK_ALLOC(c);
	c->parent.version = SSC_READER_BACKEND_CONN_VERSION;
	c->parent.backend = pbe;
	c->parent.reader_name = replay_reader_name;
	c->parent.iface = SSC_INTERFACE_CONTACT;
	c->be = be;
	c->atr = &be->trace.recs[0];
	c->pos = 1;
	/* a recording of several sessions: each connection takes the next
	 * one; after the last, start again */
	if (be->trace.two_way) {
		size_t i;

		for (i = be->next; i < be->trace.n; i++)
			if (be->trace.recs[i].type == SSC__TRACE_ATR) {
				c->atr = &be->trace.recs[i];
				c->pos = i + 1;
				break;
			}
	}
	c->parent.protocol = atr_protocol(c->atr->data, c->atr->len);
	*out = &c->parent;
	return SSC_OK;
}

static ssc_status
replay_atr(ssc_reader_backend_conn *pc, uint8_t *atr, size_t *len)
{
	replay_conn *c = (replay_conn *)pc;

	if (*len < c->atr->len)
		return ssc__error_setf(SSC_EBUFS, SSC_ERROR_CLASS_INVALID,
				       "ATR buffer too small");
	memcpy(atr, c->atr->data, c->atr->len);
	*len = c->atr->len;
	return SSC_OK;
}

static ssc_status
ended(replay_conn *c)
{
	return ssc__error_setf(SSC_ECARDREMOVED, SSC_ERROR_CLASS_READER,
			       "replay: the recording ends after %zu "
			       "commands", c->ncmd);
}

static bool
same_command(const ssc__trace_rec *r, const uint8_t *cmd, size_t len)
{
	size_t off;

	if (r->len != len)
		return false;
	if (r->type == SSC__TRACE_CMD)
		return memcmp(r->data, cmd, len) == 0;
	/* masked: compare everything before the PIN data */
	if (!ssc__reader_cmd_has_pin(cmd, len, &off))
		return false;
	return memcmp(r->data, cmd, off) == 0;
}

static ssc_status
replay_transmit(ssc_reader_backend_conn *pc, const uint8_t *cmd,
		size_t cmd_len, uint8_t *resp, size_t *resp_len)
{
	replay_conn *c = (replay_conn *)pc;
	const ssc__trace *t = &c->be->trace;
	const ssc__trace_rec *r;

	if (t->two_way) {
		if (c->pos >= t->n)
			return ended(c);
		r = &t->recs[c->pos];
		if (r->type != SSC__TRACE_CMD &&
		    r->type != SSC__TRACE_CMD_MASKED)
			return ended(c);
		if (c->be->strict && !same_command(r, cmd, cmd_len))
			return ssc__error_setf(SSC_EPROTOCOL,
					       SSC_ERROR_CLASS_READER,
					       "replay (strict): command %zu "
					       "differs from the recording",
					       c->ncmd + 1);
		c->pos++;
		if (c->pos >= t->n)
			return ended(c);
		r = &t->recs[c->pos];
		if (r->type == SSC__TRACE_ERROR) {
			int code = -((int)r->data[0] << 8 | r->data[1]);

			c->pos++;
			c->ncmd++;
			if (code > SSC_EREADER || code < SSC_EPROTOCOL)
				return ssc__error_setf(SSC_EPROTOCOL,
						       SSC_ERROR_CLASS_READER,
						       "replay: recorded error "
						       "%d is not a reader "
						       "error", code);
			return ssc__error_setf(code, SSC_ERROR_CLASS_READER,
					       "replay: recorded failure of "
					       "command %zu (%s)", c->ncmd,
					       ssc_strerror(code));
		}
		if (r->type != SSC__TRACE_RESP)
			return ssc__error_setf(SSC_EPROTOCOL,
					       SSC_ERROR_CLASS_READER,
					       "replay: command %zu has no "
					       "recorded response",
					       c->ncmd + 1);
	} else {
		if (c->be->strict)
			return ssc__error_setf(SSC_EPROTOCOL,
					       SSC_ERROR_CLASS_READER,
					       "replay (strict): the trace "
					       "holds no commands");
		if (c->pos >= t->n)
			return ended(c);
		r = &t->recs[c->pos];
	}
	if (r->len > *resp_len)
		return ssc__error_setf(SSC_EBUFS, SSC_ERROR_CLASS_INVALID,
				       "replay: response of %zu bytes exceeds "
				       "the buffer", r->len);
	if (r->len < 2)
		return ssc__error_setf(SSC_EPROTOCOL, SSC_ERROR_CLASS_READER,
				       "replay: recorded response %zu has no "
				       "status word", c->ncmd + 1);
	memcpy(resp, r->data, r->len);
	*resp_len = r->len;
	c->pos++;
	c->ncmd++;
	return SSC_OK;
}

static ssc_status
replay_reconnect(ssc_reader_backend_conn *pc, int how)
{
	replay_conn *c = (replay_conn *)pc;
	const ssc__trace *t = &c->be->trace;

	(void)how;
	if (t->two_way && c->pos < t->n &&
	    t->recs[c->pos].type == SSC__TRACE_ATR)
		c->atr = &t->recs[c->pos++];
	return SSC_OK;
}

static ssc_status
replay_disconnect(ssc_reader_backend_conn *pc, int how)
{
	replay_conn *c = (replay_conn *)pc;

	(void)how;
	c->be->next = c->pos;
	ssc__free(c->be->actx, c);
	return SSC_OK;
}

static ssc_status
replay_transaction(ssc_reader_backend_conn *pc)
{
	(void)pc;
	return SSC_OK;
}

static ssc_status
replay_end_transaction(ssc_reader_backend_conn *pc, int how)
{
	(void)pc;
	(void)how;
	return SSC_OK;
}

static void
replay_free(ssc_reader_backend *pbe)
{
	replay_backend *be = (replay_backend *)pbe;
	const ssc_ctx *actx;

	if (!be)
		return;
	actx = be->actx;
	ssc__trace_dispose(&be->trace, actx);
	ssc__free(actx, be->data);
	ssc__free(actx, be);
	ssc_ctx_free((ssc_ctx *)actx);
}

static const ssc_reader_backend replay_methods = {
	.version = SSC_READER_BACKEND_VERSION,
	.name = "replay",
	.list_readers = replay_list,
	.connect = replay_connect,
	.transmit = replay_transmit,
	.disconnect = replay_disconnect,
	.free = replay_free,
	.atr = replay_atr,
	.begin_transaction = replay_transaction,
	.end_transaction = replay_end_transaction,
	.reconnect = replay_reconnect,
};

ssc_status
ssc_replay_options_init(ssc_replay_options *opts, unsigned int version)
{
	ssc_status rc;

	if (!opts)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "opts is NULL");
	if ((rc = ssc__check_version(version, SSC_REPLAY_OPTIONS_VERSION,
				     "ssc_replay_options")) < 0)
		return rc;
	memset(opts, 0, sizeof(*opts));
	opts->version = version;
	return SSC_OK;
}

ssc_status
ssc_reader_backend_replay_new(ssc_reader_backend **out, ssc_ctx *ctx,
			      const ssc_replay_options *opts)
{
	replay_backend *be;
	ssc_buf file = SSC_BUF_INIT;
	ssc_status rc;

	if (!out || !opts)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out and opts are required");
	*out = NULL;
	if ((rc = ssc__check_version(opts->version,
				     SSC_REPLAY_OPTIONS_VERSION,
				     "ssc_replay_options")) < 0)
		return rc;
	if (opts->flags & ~SSC_REPLAY_STRICT)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown replay flags 0x%X",
				       (unsigned)opts->flags);
	if (!opts->path && !opts->data)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "replay needs a path or data");
	be = ssc__calloc(ctx, 1, sizeof(*be));
	SSC__CHECK_ALLOC(be);
	be->parent = replay_methods;
	be->actx = ctx ? ssc_ctx_ref(ctx) : NULL;
	be->strict = (opts->flags & SSC_REPLAY_STRICT) != 0;
	if (opts->path) {
		ssc__buf_bind(&file, ctx);
		if ((rc = ssc__read_file(&file, opts->path,
					 64u * 1024 * 1024)) < 0)
			goto fail;
		be->size = file.size;
		be->data = ssc__malloc(ctx, file.size ? file.size : 1);
		if (!be->data) {
			rc = ssc_error_set_oom();
			goto fail;
		}
		if (file.size)
			memcpy(be->data, file.ptr, file.size);
		ssc_buf_dispose(&file);
	} else {
		be->size = opts->size;
		be->data = ssc__malloc(ctx, opts->size ? opts->size : 1);
		if (!be->data) {
			rc = ssc_error_set_oom();
			goto fail;
		}
		if (opts->size)
			memcpy(be->data, opts->data, opts->size);
	}
	if ((rc = ssc__trace_parse(&be->trace, ctx, be->data, be->size)) < 0)
		goto fail;
	if (be->strict && !be->trace.two_way) {
		rc = ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				     "replay: strict mode needs a two-way "
				     "trace (with commands)");
		goto fail;
	}
	*out = &be->parent;
	return SSC_OK;
fail:
	ssc_buf_dispose(&file);
	replay_free(&be->parent);
	return rc;
}
