/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target replay_trace: reader trace files (the response-only format
 * and the two-way "SSCTRC1" format).  A parsed trace's records must lie
 * inside the input; the same bytes opened as a replay reader (plain and
 * strict) must connect and answer a few commands or fail cleanly.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/internal.h"
#include "reader/reader_int.h"

#include <socialcard/sys/reader_backend.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ssc_ctx *ctx;

static void
session(const uint8_t *data, size_t size, uint32_t flags)
{
	static const uint8_t cmds[][8] = {
		{ 0x00, 0xA4, 0x04, 0x00, 0x02, 0x3F, 0x00, 0 },
		{ 0x00, 0xB2, 0x01, 0x0C, 0x00, 0, 0, 0 },
		{ 0x00, 0x20, 0x00, 0x00, 0x02, 0x12, 0x34, 0 },
	};
	static const size_t lens[] = { 7, 5, 7 };
	ssc_replay_options o = SSC_REPLAY_OPTIONS_INIT;
	ssc_reader_backend *be = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_buf out = SSC_BUF_INIT;
	size_t i;

	o.data = data;
	o.size = size;
	o.flags = flags;
	if (ssc_reader_backend_replay_new(&be, ctx, &o) != SSC_OK)
		return;
	if (ssc_reader_new(&r, ctx, be) != SSC_OK) {
		be->free(be);
		return;
	}
	if (ssc_reader_connect(&c, r, NULL, 0) == SSC_OK) {
		(void)ssc_reader_conn_atr(&out, c);
		for (i = 0; i < 3; i++)
			if (ssc_reader_transmit_raw(&out, c, cmds[i],
						    lens[i]) != SSC_OK)
				break;
		ssc_reader_disconnect(c, 0);
	}
	ssc_buf_dispose(&out);
	ssc_reader_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc__trace t;
	size_t i;

	if (!ctx && ssc_ctx_new(&ctx, NULL) != SSC_OK)
		abort();
	memset(&t, 0, sizeof(t));
	if (ssc__trace_parse(&t, ctx, data, size) == SSC_OK) {
		for (i = 0; i < t.n; i++)
			if (t.recs[i].len &&
			    (t.recs[i].data < data ||
			     t.recs[i].data + t.recs[i].len > data + size))
				abort();
		ssc__trace_dispose(&t, ctx);
	}
	session(data, size, 0);
	session(data, size, SSC_REPLAY_STRICT);
	return 0;
}
