/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target card_record: the store record decoder.  Input: a record.
 * An accepted record must re-encode to the same bytes, decode again, and
 * survive a deep copy; the same decode with an allocation failure
 * injected (position derived from the input) must fail with SSC_ENOMEM
 * or succeed, never crash or leak.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	long calls;
	long fail_at;
} fuzz_alloc;

static void *
fuzz_realloc(void *ptr, size_t size, void *payload)
{
	fuzz_alloc *a = payload;
	if (size == 0) {
		free(ptr);
		return NULL;
	}
	if (a->fail_at && ++a->calls == a->fail_at)
		return NULL;
	return realloc(ptr, size);
}

static fuzz_alloc alloc_state;
static ssc_ctx *ctx;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_card *c = NULL, *d = NULL, *e = NULL;
	ssc_buf r = SSC_BUF_INIT, r2 = SSC_BUF_INIT, desc = SSC_BUF_INIT;
	ssc_status rc;

	if (!ctx) {
		ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
		o.alloc = fuzz_realloc;
		o.alloc_payload = &alloc_state;
		if (ssc_ctx_new(&ctx, &o) != SSC_OK)
			abort();
	}
	alloc_state.fail_at = 0;
	rc = ssc_card_decode(&c, ctx, data, size);
	if (rc != SSC_OK) {
		if (c)
			abort();
		return 0;
	}
	if (ssc_card_encode(&r, c) != SSC_OK || r.size != size ||
	    memcmp(r.ptr, data, size) != 0)
		abort();
	if (ssc_card_decode(&d, ctx, (uint8_t *)r.ptr, r.size) != SSC_OK ||
	    ssc_card_dup(&e, d) != SSC_OK || ssc_card_encode(&r2, e) != SSC_OK ||
	    r2.size != size || memcmp(r2.ptr, data, size) != 0)
		abort();
	if (ssc_card_describe(&desc, c) != SSC_OK)
		abort();
	ssc_card_free(d);
	d = NULL;

	/* The same decode with one allocation failing. */
	alloc_state.calls = 0;
	alloc_state.fail_at = 1 + (long)(size % 64);
	rc = ssc_card_decode(&d, ctx, data, size);
	alloc_state.fail_at = 0;
	if (rc != SSC_OK && rc != SSC_ENOMEM)
		abort();

	ssc_card_free(c);
	ssc_card_free(d);
	ssc_card_free(e);
	ssc_buf_dispose(&r);
	ssc_buf_dispose(&r2);
	ssc_buf_dispose(&desc);
	return 0;
}
