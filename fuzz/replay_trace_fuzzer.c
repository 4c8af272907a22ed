/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target replay_trace: the trace file parser and the replay backend.
 * Input: a trace file in either format (doc/readers.md): response-only
 * chunks (2-byte big-endian length + payload, the first the ATR) or the
 * two-way format ("SSCTRC1\n", then type byte + 2-byte length + payload).
 * A parsed trace is replayed leniently with fixed commands, and a two-way
 * trace also in strict mode with its own recorded commands, which must
 * then be answered exactly as recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
replay(ssc_ctx *ctx, const uint8_t *data, size_t size, uint32_t flags,
       const ssc__trace *t)
{
	ssc_replay_options o = SSC_REPLAY_OPTIONS_INIT;
	ssc_reader_backend *be = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_buf out = SSC_BUF_INIT;
	static const uint8_t fixed[] = { 0x00, 0xB2, 0x01, 0x28, 0x12 };
	size_t i, ncmd = 0;

	o.data = data;
	o.size = size;
	o.flags = flags;
	if (ssc_reader_backend_replay_new(&be, ctx, &o) < 0)
		return;
	if (ssc_reader_new(&r, ctx, be) < 0) {
		be->free(be);
		return;
	}
	if (ssc_reader_connect(&c, r, NULL, 0) == SSC_OK) {
		if (ssc_reader_conn_atr(&out, c) == SSC_OK && out.size < 2)
			abort();
		for (i = 0; i < t->n && ncmd < 256; i++) {
			const ssc__trace_rec *rec = &t->recs[i];
			int rc;

			if (flags & SSC_REPLAY_STRICT) {
				if (rec->type != SSC__TRACE_CMD &&
				    rec->type != SSC__TRACE_CMD_MASKED)
					continue;
				if (rec->len < 4)
					break;
				rc = ssc_reader_transmit_raw(&out, c, rec->data,
							     rec->len);
			} else {
				rc = ssc_reader_transmit_raw(&out, c, fixed,
							     sizeof(fixed));
			}
			ncmd++;
			if (rc == SSC_OK && out.size < 2)
				abort();
			/* strict mode with the recorded commands: a mismatch
			 * would be a replay bug */
			if ((flags & SSC_REPLAY_STRICT) &&
			    ssc_error_last()->code == SSC_EPROTOCOL &&
			    strstr(ssc_error_last()->message, "differs"))
				abort();
			if (rc < 0 && rc != SSC_EPROTOCOL)
				break;
		}
		ssc_reader_reconnect(c, SSC_DISPOSITION_RESET);
		ssc_reader_disconnect(c, SSC_DISPOSITION_LEAVE);
	}
	ssc_buf_dispose(&out);
	ssc_reader_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_ctx *ctx = NULL;
	ssc__trace t = { NULL, 0, false };

	if (size > 1 << 20 || ssc_ctx_new(&ctx, NULL) != SSC_OK)
		return 0;
	if (ssc__trace_parse(&t, ctx, data, size) == SSC_OK) {
		replay(ctx, data, size, 0, &t);
		if (t.two_way)
			replay(ctx, data, size, SSC_REPLAY_STRICT, &t);
		ssc__trace_dispose(&t, ctx);
	}
	ssc_ctx_free(ctx);
	return 0;
}
