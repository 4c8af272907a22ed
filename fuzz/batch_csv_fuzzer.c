/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target `batch_csv`: the incremental CSV parser of batch files, fed
 * in two chunks split where the first byte says (every row delivered is
 * bounded and NUL-terminated; the split does not change the rows), then
 * the whole import into an in-memory registry.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "registry/csv.h"
#include "socialcard/socialcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tally {
	size_t rows, errors, bytes;
	uint32_t hash;
};

static ssc_status
on_row(size_t line, char **fields, size_t n, int error, void *payload)
{
	struct tally *t = payload;
	size_t i;

	if (line == 0 || n > SSC__CSV_FIELDS_MAX || (error && n))
		abort();
	t->rows++;
	t->errors += error != 0;
	for (i = 0; i < n; i++) {
		size_t len = strlen(fields[i]);
		const char *c;

		if (len > SSC__CSV_FIELD_MAX)
			abort();
		t->bytes += len;
		for (c = fields[i]; *c; c++)
			t->hash = t->hash * 31u + (unsigned char)*c;
		t->hash = t->hash * 31u + 0xffu;
	}
	t->hash = t->hash * 7u + (uint32_t)line;
	return SSC_OK;
}

static void
parse(const ssc_ctx *ctx, const uint8_t *d, size_t n, size_t split,
      struct tally *t)
{
	ssc__csv *p = NULL;

	memset(t, 0, sizeof(*t));
	if (ssc__csv_new(&p, ctx, on_row, t) != SSC_OK)
		return;
	if (ssc__csv_feed(p, d, split) == SSC_OK &&
	    ssc__csv_feed(p, d + split, n - split) == SSC_OK)
		ssc__csv_finish(p);
	ssc__csv_free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ssc_ctx *ctx;
	static ssc_registry *reg;
	static unsigned long n_inputs;
	struct tally a, b;
	size_t split;

	if (!ctx) {
		ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;

		o.region = "500000";
		if (ssc_ctx_new(&ctx, &o) != SSC_OK)
			return 0;
	}
	if (size == 0)
		return 0;
	split = size > 1 ? data[0] % size : 0;
	parse(ctx, data + 1, size - 1, split ? split - 1 : 0, &a);
	parse(ctx, data + 1, size - 1, size - 1, &b);
	if (a.rows != b.rows || a.errors != b.errors || a.bytes != b.bytes ||
	    a.hash != b.hash)
		abort();
	/* the import, on a registry renewed now and then */
	if (size < 8192) {
		ssc_request q = SSC_REQUEST_INIT;
		char rid[48];
		size_t ok = 0, bad = 0;

		if (reg && n_inputs % 256 == 0) {
			ssc_registry_free(reg);
			reg = NULL;
		}
		if (!reg && ssc_registry_open_uri(&reg, ctx, "memory:", NULL,
						  NULL) != SSC_OK)
			return 0;
		snprintf(rid, sizeof(rid), "fuzz-%lu", ++n_inputs);
		q.request_id = rid;
		q.actor = SSC_ACTOR_EMPLOYER_AGENT;
		q.channel = SSC_CHANNEL_WINDOW;
		q.batch_id = "fuzz";
		ssc_registry_batch_import(&ok, &bad, reg, &q, data + 1,
					  size - 1, data[0] % 3, NULL, NULL);
		if (ok + bad > b.rows)
			abort();
	}
	return 0;
}
