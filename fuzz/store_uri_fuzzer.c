/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target store_uri: ssc_store_open() URIs -- the scheme dispatch,
 * `memory:NAME` names and the `sqlite:PATH?vfs=NAME` option.  To stay off
 * the file system and the network, an SQLite URI is only tried as
 * `sqlite::memory:` followed by the input's option part, and PostgreSQL
 * URIs are skipped (a connection attempt is not parsing).  An opened
 * store must name the backend its scheme selects; a refusal must leave
 * the output NULL and set the error record.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ssc_ctx *ctx;
static const uint8_t key[32] = { 1, 2, 3 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_store_options o = SSC_STORE_OPTIONS_INIT;
	ssc_store *st = NULL;
	char uri[600];
	ssc_status rc;

	if (!ctx && ssc_ctx_new(&ctx, NULL) != SSC_OK)
		abort();
	if (size > 500 || memchr(data, 0, size))
		return 0;
	if (size >= 8 && memcmp(data, "postgres", 8) == 0)
		return 0;
	if (size >= 7 && memcmp(data, "sqlite:", 7) == 0) {
		if (size > 7 && (size < 12 || memcmp(data + 7, "?vfs=", 5)))
			return 0;
		memcpy(uri, "sqlite::memory:", 15);
		memcpy(uri + 15, data + 7, size - 7);
		uri[15 + size - 7] = '\0';
	} else {
		memcpy(uri, data, size);
		uri[size] = '\0';
	}
	o.data_key = key;
	o.data_key_len = sizeof(key);
	o.index_key = key;
	o.index_key_len = sizeof(key);
	rc = ssc_store_open(&st, ctx, uri, size & 1 ? &o : NULL);
	if (rc == SSC_OK) {
		const char *name = ssc_store_backend_name(st);
		if (!st || !name ||
		    (strncmp(uri, "memory:", 7) == 0) !=
			    (strcmp(name, "memory") == 0))
			abort();
		ssc_store_free(st);
	} else if (st || rc >= 0 || ssc_error_last()->code != rc) {
		abort();
	}
	return 0;
}
