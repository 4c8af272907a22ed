/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lib/registry/csv.h: an incremental CSV parser (RFC 4180 with CRLF or
 * LF, quoted fields, "" escapes, a UTF-8 BOM skipped) that hands over one
 * row at a time, for streaming batch files of any size.  Bytes are passed
 * through unchanged (GBK is safe: its bytes never look like , " CR LF).
 */
#ifndef SSC_REGISTRY_CSV_H
#define SSC_REGISTRY_CSV_H

#include "internal.h"

/* Longest field and most fields per row; beyond them the row is refused
 * (error set) and parsing resumes at the next line. */
#define SSC__CSV_FIELD_MAX 4096
#define SSC__CSV_FIELDS_MAX 64

typedef struct ssc__csv ssc__csv;

/* One row: `line` is the 1-based line where it starts; `fields` are
 * NUL-terminated byte strings valid during the call; `error` is non-zero
 * (and n = 0) for a malformed row (too long, too many fields, NUL byte,
 * stray quote).  A non-zero return stops the parse with that status. */
typedef ssc_status (*ssc__csv_row_fn)(size_t line, char **fields, size_t n,
				      int error, void *payload);

ssc_status ssc__csv_new(ssc__csv **out, const ssc_ctx *ctx,
			ssc__csv_row_fn fn, void *payload);
ssc_status ssc__csv_feed(ssc__csv *p, const uint8_t *data, size_t len);
/* End of input: the last row (without a final newline) is delivered. */
ssc_status ssc__csv_finish(ssc__csv *p);
void ssc__csv_free(ssc__csv *p);

#endif /* SSC_REGISTRY_CSV_H */
