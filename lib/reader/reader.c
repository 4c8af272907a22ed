/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The application side of readers: registering a backend (version and
 * method checks, ownership on success only), URI sugar, connections, raw
 * transmit (the transport the APDU layer plugs into), transactions,
 * events and cancel.  Backends only move bytes.
 */
#include <string.h>

#include "reader/reader_int.h"

ssc_status
ssc_reader_backend_init(ssc_reader_backend *be, unsigned int version)
{
	ssc_status rc;

	if (!be)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "backend is NULL");
	if ((rc = ssc__check_version(version, SSC_READER_BACKEND_VERSION,
				     "ssc_reader_backend")) < 0)
		return rc;
	memset(be, 0, sizeof(*be));
	be->version = version;
	return SSC_OK;
}

ssc_status
ssc_reader_new(ssc_reader **out, ssc_ctx *ctx, ssc_reader_backend *be)
{
	ssc_reader *r;
	ssc_status rc;

	if (!out || !ctx || !be)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out, ctx and backend are required");
	*out = NULL;
	if ((rc = ssc__check_version(be->version, SSC_READER_BACKEND_VERSION,
				     "ssc_reader_backend")) < 0)
		return rc;
	if (!be->name || !be->list_readers || !be->connect || !be->transmit ||
	    !be->disconnect || !be->free)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_BACKEND,
				       "reader backend lacks a required member "
				       "(name, list_readers, connect, transmit, "
				       "disconnect, free)");
	if (be->ctx)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_BACKEND,
				       "reader backend \"%s\" is already attached "
				       "to a context", be->name);
	r = ssc__calloc(ctx, 1, sizeof(*r));
	SSC__CHECK_ALLOC(r);
	atomic_init(&r->refs, 1);
	r->ctx = ssc_ctx_ref(ctx);
	r->be = be;
	be->ctx = ctx;
	*out = r;
	return SSC_OK;
}

static void
reader_unref(ssc_reader *r)
{
	ssc_ctx *ctx;

	if (atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	ctx = r->ctx;
	r->be->free(r->be);
	ssc__free(ctx, r);
	ssc_ctx_free(ctx);
}

void
ssc_reader_free(ssc_reader *reader)
{
	if (reader)
		reader_unref(reader);
}

const char *
ssc_reader_backend_name(const ssc_reader *reader)
{
	return reader ? reader->be->name : NULL;
}

/* "scheme:rest" -> rest, or NULL when uri does not start with scheme: */
static const char *
uri_rest(const char *uri, const char *scheme)
{
	size_t n = strlen(scheme);

	if (strncmp(uri, scheme, n) == 0 && uri[n] == ':')
		return uri + n + 1;
	return NULL;
}

ssc_status
ssc_reader_open(ssc_reader **out, ssc_ctx *ctx, const char *uri)
{
	ssc_reader_backend *be = NULL;
	const char *rest;
	ssc_status rc;

	if (!out || !ctx || !uri)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out, ctx and uri are required");
	*out = NULL;
	if ((rest = uri_rest(uri, "pcsc"))) {
		rc = ssc_reader_backend_pcsc_new(&be, ctx,
						 *rest ? rest : NULL);
	} else if ((rest = uri_rest(uri, "sim"))) {
		ssc_sim_options o = SSC_SIM_OPTIONS_INIT;

		o.profile_path = *rest ? rest : NULL;
		rc = ssc_reader_backend_sim_new(&be, ctx, &o);
	} else if ((rest = uri_rest(uri, "replay")) ||
		   (rest = uri_rest(uri, "replay-strict"))) {
		ssc_replay_options o = SSC_REPLAY_OPTIONS_INIT;

		if (!*rest)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "reader URI \"%.*s\" needs a "
					       "trace file name",
					       (int)(rest - uri), uri);
		o.path = rest;
		o.flags = uri[6] == '-' ? SSC_REPLAY_STRICT : 0;
		rc = ssc_reader_backend_replay_new(&be, ctx, &o);
	} else {
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown reader URI scheme (expected "
				       "pcsc:, sim:, replay: or replay-strict:)");
	}
	if (rc < 0)
		return rc;
	if ((rc = ssc_reader_new(out, ctx, be)) < 0)
		be->free(be);
	return rc;
}

ssc_status
ssc_reader_list(ssc_buf *out, ssc_reader *reader)
{
	ssc_buf tmp = SSC_BUF_INIT;
	ssc_status rc;

	if (!out || !reader)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out and reader are required");
	ssc__buf_bind(&tmp, reader->ctx);
	if ((rc = reader->be->list_readers(reader->be, &tmp)) < 0) {
		ssc_buf_dispose(&tmp);
		return rc;
	}
	ssc_buf_dispose(out);
	*out = tmp;
	return SSC_OK;
}

ssc_status
ssc__reader_list_add(ssc_buf *out, const char *name)
{
	return ssc__buf_put(out, name, strlen(name) + 1);
}

ssc_status
ssc_reader_connect(ssc_reader_conn **out, ssc_reader *reader,
		   const char *name, int mode)
{
	ssc_reader_backend_conn *bc = NULL;
	ssc_reader_conn *c;
	ssc_status rc;

	if (!out || !reader)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out and reader are required");
	*out = NULL;
	if (mode == SSC_READER_MODE_UNSET)
		mode = SSC_READER_MODE_AUTO_CONTACT_FIRST;
	if (mode < SSC_READER_MODE_CONTACT ||
	    mode > SSC_READER_MODE_AUTO_CONTACTLESS_FIRST)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "reader mode %d is not 1..4", mode);
	c = ssc__calloc(reader->ctx, 1, sizeof(*c));
	SSC__CHECK_ALLOC(c);
	if ((rc = reader->be->connect(&bc, reader->be, name, mode)) < 0) {
		ssc__free(reader->ctx, c);
		return rc;
	}
	if (!bc || bc->version == 0 ||
	    bc->version > SSC_READER_BACKEND_CONN_VERSION) {
		ssc__free(reader->ctx, c);
		if (bc)
			reader->be->disconnect(bc, SSC_DISPOSITION_LEAVE);
		return ssc__error_setf(SSC_EVERSION, SSC_ERROR_CLASS_BACKEND,
				       "reader backend \"%s\" returned a "
				       "connection of unknown version",
				       reader->be->name);
	}
	bc->backend = reader->be;
	atomic_fetch_add(&reader->refs, 1);
	c->reader = reader;
	c->bconn = bc;
	c->ctx = reader->ctx;
	ssc__log(c->ctx, SSC_LOG_DEBUG, "reader: connected to \"%s\" (%s)",
		 bc->reader_name ? bc->reader_name : "?", reader->be->name);
	*out = c;
	return SSC_OK;
}

ssc_ctx *
ssc__reader_conn_ctx(const ssc_reader_conn *conn)
{
	return conn->ctx;
}

int
ssc_reader_conn_protocol(const ssc_reader_conn *conn)
{
	return conn ? conn->bconn->protocol : SSC_PROTOCOL_UNKNOWN;
}

int
ssc_reader_conn_interface(const ssc_reader_conn *conn)
{
	return conn ? conn->bconn->iface : SSC_INTERFACE_UNKNOWN;
}

const char *
ssc_reader_conn_reader_name(const ssc_reader_conn *conn)
{
	if (!conn || !conn->bconn->reader_name)
		return "";
	return conn->bconn->reader_name;
}

static ssc_status
conn_check(const ssc_reader_conn *conn)
{
	if (!conn)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "connection is NULL");
	if (conn->gone)
		return ssc__error_setf(conn->gone_code, SSC_ERROR_CLASS_READER,
				       "the card or reader is gone; "
				       "reconnect or disconnect");
	return SSC_OK;
}

/* A removal seen once is sticky: later calls fail fast. */
static ssc_status
conn_note(ssc_reader_conn *conn, ssc_status rc)
{
	if (rc == SSC_ECARDREMOVED || rc == SSC_ENOREADER ||
	    rc == SSC_ENOCARD) {
		conn->gone = true;
		conn->gone_code = rc;
	}
	return rc;
}

ssc_status
ssc_reader_conn_atr(ssc_buf *out, ssc_reader_conn *conn)
{
	uint8_t atr[SSC__READER_ATR_MAX];
	size_t len = sizeof(atr);
	ssc_status rc;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out is NULL");
	if ((rc = conn_check(conn)) < 0)
		return rc;
	if (!conn->bconn->backend->atr)
		return ssc__error_setf(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_BACKEND,
				       "reader backend \"%s\" cannot report the "
				       "ATR", conn->bconn->backend->name);
	if ((rc = conn->bconn->backend->atr(conn->bconn, atr, &len)) < 0)
		return conn_note(conn, rc);
	ssc__buf_bind(out, conn->ctx);
	return ssc_buf_set(out, atr, len);
}

bool
ssc__reader_cmd_has_pin(const uint8_t *cmd, size_t len, size_t *data_off)
{
	uint8_t ins;

	if (len < 6)
		return false;
	ins = cmd[1];
	if (ins != 0x20 && ins != 0x5E && ins != 0x2C && ins != 0x24)
		return false;
	*data_off = (cmd[4] == 0 && len >= 7) ? 7 : 5;
	return *data_off < len;
}

static void
log_bytes(const ssc_ctx *ctx, const char *dir, const uint8_t *p, size_t n,
	  size_t mask_from)
{
	char line[2 * 64 + 16];
	size_t i, k = 0;

	for (i = 0; i < n && i < 64; i++) {
		if (i >= mask_from) {
			line[k++] = '*';
			line[k++] = '*';
		} else {
			static const char hx[] = "0123456789ABCDEF";
			line[k++] = hx[p[i] >> 4];
			line[k++] = hx[p[i] & 15];
		}
	}
	line[k] = '\0';
	ssc__log(ctx, SSC_LOG_TRACE, "reader: %s %s%s", dir, line,
		 n > 64 ? "..." : "");
}

/* The raw round trip.  trace: log it here (the raw public API); the
 * exchange layer logs its own round trips, with its own masking, so the
 * transport it uses passes false and each APDU is traced once. */
static ssc_status
raw_transmit(ssc_reader_conn *conn, const uint8_t *cmd, size_t cmd_len,
	     uint8_t *resp, size_t *resp_len, bool trace)
{
	size_t cap, off = (size_t)-1;
	ssc_status rc;

	if ((rc = conn_check(conn)) < 0)
		return rc;
	if (!cmd || !resp || !resp_len || cmd_len < 4 ||
	    cmd_len > SSC__READER_CMD_MAX)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "a command APDU has 4 to %u bytes, "
				       "got %zu", SSC__READER_CMD_MAX,
				       cmd_len);
	if (*resp_len < 2)
		return ssc__error_setf(SSC_EBUFS, SSC_ERROR_CLASS_INVALID,
				       "response buffer under 2 bytes");
	if (trace && ssc__log_enabled(conn->ctx, SSC_LOG_TRACE)) {
		if (!ssc__reader_cmd_has_pin(cmd, cmd_len, &off))
			off = (size_t)-1;
		log_bytes(conn->ctx, ">", cmd, cmd_len, off);
	}
	cap = *resp_len;
	rc = conn->bconn->backend->transmit(conn->bconn, cmd, cmd_len, resp,
					    resp_len);
	if (rc < 0) {
		*resp_len = 0;
		return conn_note(conn, rc);
	}
	if (*resp_len < 2 || *resp_len > cap) {
		*resp_len = 0;
		return ssc__error_setf(SSC_EPROTOCOL, SSC_ERROR_CLASS_READER,
				       "reader backend \"%s\" returned a "
				       "response without a status word",
				       conn->bconn->backend->name);
	}
	/* response data may hold personal data (ID number, name): only the
	 * length and the status word are logged */
	if (trace && ssc__log_enabled(conn->ctx, SSC_LOG_TRACE))
		ssc__log(conn->ctx, SSC_LOG_TRACE, "reader: < [%zu bytes] %02X%02X",
			 *resp_len - 2, resp[*resp_len - 2],
			 resp[*resp_len - 1]);
	return SSC_OK;
}

ssc_status
ssc__reader_raw_transmit(void *io, const uint8_t *cmd, size_t cmd_len,
			 uint8_t *resp, size_t *resp_len)
{
	return raw_transmit(io, cmd, cmd_len, resp, resp_len, false);
}

ssc_status
ssc_reader_transmit_raw(ssc_buf *out, ssc_reader_conn *conn,
			const uint8_t *cmd, size_t len)
{
	ssc_buf tmp = SSC_BUF_INIT;
	size_t rlen = SSC__READER_RESP_MAX;
	ssc_status rc;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out is NULL");
	if ((rc = conn_check(conn)) < 0)
		return rc;
	ssc__buf_bind(&tmp, conn->ctx);
	if ((rc = ssc__buf_grow(&tmp, SSC__READER_RESP_MAX)) < 0)
		return rc;
	rc = raw_transmit(conn, cmd, len, (uint8_t *)tmp.ptr, &rlen, true);
	if (rc < 0) {
		ssc_buf_dispose(&tmp);
		return rc;
	}
	tmp.size = rlen;
	tmp.ptr[rlen] = '\0';
	ssc_buf_dispose(out);
	*out = tmp;
	return SSC_OK;
}

static ssc_status
check_how(int how)
{
	if (how < SSC_DISPOSITION_LEAVE || how > SSC_DISPOSITION_EJECT)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "disposition %d is not 0..3", how);
	return SSC_OK;
}

static ssc_status
unsupported(const ssc_reader_conn *conn, const char *what)
{
	return ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_BACKEND,
			       "reader backend \"%s\" has no %s",
			       conn->bconn->backend->name, what);
}

ssc_status
ssc_reader_begin_transaction(ssc_reader_conn *conn)
{
	ssc_status rc;

	if ((rc = conn_check(conn)) < 0)
		return rc;
	if (!conn->bconn->backend->begin_transaction)
		return unsupported(conn, "transactions");
	rc = conn->bconn->backend->begin_transaction(conn->bconn);
	if (rc == SSC_OK)
		conn->in_tx = true;
	return conn_note(conn, rc);
}

ssc_status
ssc_reader_end_transaction(ssc_reader_conn *conn, int how)
{
	ssc_status rc;

	if ((rc = conn_check(conn)) < 0 || (rc = check_how(how)) < 0)
		return rc;
	if (!conn->bconn->backend->end_transaction)
		return unsupported(conn, "transactions");
	conn->in_tx = false;
	return conn_note(conn, conn->bconn->backend->end_transaction(
					conn->bconn, how));
}

ssc_status
ssc__reader_tx_begin(ssc_reader_conn *conn, bool *began)
{
	ssc_status rc;

	*began = false;
	if ((rc = conn_check(conn)) < 0)
		return rc;
	if (conn->in_tx || !conn->bconn->backend->begin_transaction ||
	    !conn->bconn->backend->end_transaction)
		return SSC_OK;
	rc = conn->bconn->backend->begin_transaction(conn->bconn);
	if (rc == SSC_ENOTSUPPORTED) {
		ssc_error_clear();
		return SSC_OK;
	}
	if (rc < 0)
		return conn_note(conn, rc);
	conn->in_tx = true;
	*began = true;
	return SSC_OK;
}

void
ssc__reader_tx_end(ssc_reader_conn *conn, bool began)
{
	ssc__error_saved saved;

	if (!began || !conn->in_tx)
		return;
	conn->in_tx = false;
	if (conn->gone)
		return;
	/* keep the operation's error record */
	ssc__error_save(&saved);
	if (conn->bconn->backend->end_transaction(conn->bconn,
						  SSC_DISPOSITION_LEAVE) < 0)
		ssc__log(conn->ctx, SSC_LOG_DEBUG,
			 "reader: ending the operation's transaction failed");
	ssc__error_restore(&saved);
}

ssc_status
ssc_reader_reconnect(ssc_reader_conn *conn, int how)
{
	ssc_status rc;

	if (!conn)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "connection is NULL");
	if ((rc = check_how(how)) < 0)
		return rc;
	if (!conn->bconn->backend->reconnect)
		return unsupported(conn, "reconnect");
	rc = conn->bconn->backend->reconnect(conn->bconn, how);
	if (rc == SSC_OK)
		conn->gone = false;
	return conn_note(conn, rc);
}

ssc_status
ssc_reader_disconnect(ssc_reader_conn *conn, int how)
{
	ssc_reader *r;
	ssc_status rc;

	if (!conn)
		return SSC_OK;
	if (how < SSC_DISPOSITION_LEAVE || how > SSC_DISPOSITION_EJECT)
		how = SSC_DISPOSITION_LEAVE;
	r = conn->reader;
	rc = r->be->disconnect(conn->bconn, how);
	ssc__free(r->ctx, conn);
	reader_unref(r);
	return rc;
}

ssc_status
ssc_reader_wait_event(unsigned int *events, ssc_reader *reader,
		      const char *name, int timeout_ms)
{
	if (!events || !reader)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "events and reader are required");
	*events = 0;
	if (!reader->be->wait_event)
		return ssc__error_setf(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_BACKEND,
				       "reader backend \"%s\" has no events",
				       reader->be->name);
	return reader->be->wait_event(reader->be, name, timeout_ms, events);
}

ssc_status
ssc_reader_cancel(ssc_reader *reader)
{
	if (!reader)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "reader is NULL");
	if (!reader->be->cancel)
		return ssc__error_setf(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_BACKEND,
				       "reader backend \"%s\" cannot cancel",
				       reader->be->name);
	return reader->be->cancel(reader->be);
}
