/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lib/registry/csv.c: the incremental CSV parser of batch files
 * (csv.h): a byte-at-a-time state machine with bounded buffers.
 */
#include <string.h>

#include "registry/csv.h"

enum { ST_START, ST_FIELD, ST_QUOTED, ST_QUOTE_IN_QUOTED, ST_SKIP_LINE,
       ST_CR };

struct ssc__csv {
	const ssc_ctx *ctx;
	ssc__csv_row_fn fn;
	void *payload;
	int state;
	int error;
	bool bom_checked;
	uint8_t bom[3];
	size_t bom_len;
	size_t line;      /* current line number */
	size_t row_line;  /* line where the current row started */
	bool row_open;    /* some byte of the row was seen */
	char buf[SSC__CSV_FIELDS_MAX * (SSC__CSV_FIELD_MAX + 1)];
	size_t used;      /* bytes in buf */
	size_t flen;      /* bytes of the current field */
	char *fields[SSC__CSV_FIELDS_MAX];
	size_t n;         /* fields completed */
};

ssc_status
ssc__csv_new(ssc__csv **out, const ssc_ctx *ctx, ssc__csv_row_fn fn,
	     void *payload)
{
	ssc__csv *p = ssc__calloc(ctx, 1, sizeof(*p));

	if (!p)
		return ssc__error_setf(SSC_ENOMEM, 0, "csv: no memory");
	p->ctx = ctx;
	p->fn = fn;
	p->payload = payload;
	p->line = 1;
	p->row_line = 1;
	*out = p;
	return SSC_OK;
}

void
ssc__csv_free(ssc__csv *p)
{
	if (p)
		ssc__free(p->ctx, p);
}

static void
reset_row(ssc__csv *p)
{
	p->used = 0;
	p->flen = 0;
	p->n = 0;
	p->error = 0;
	p->row_open = false;
}

static void
put(ssc__csv *p, uint8_t c)
{
	if (p->error)
		return;
	if (c == 0 || p->flen >= SSC__CSV_FIELD_MAX) {
		p->error = 1;
		return;
	}
	p->buf[p->used++] = (char)c;
	p->flen++;
}

static void
end_field(ssc__csv *p)
{
	if (p->error)
		return;
	if (p->n >= SSC__CSV_FIELDS_MAX) {
		p->error = 1;
		return;
	}
	p->buf[p->used] = '\0';
	p->fields[p->n++] = p->buf + p->used - p->flen;
	p->used++;
	p->flen = 0;
}

static ssc_status
end_row(ssc__csv *p)
{
	ssc_status rc = SSC_OK;

	if (p->row_open) {
		end_field(p);
		rc = p->fn(p->row_line, p->error ? NULL : p->fields,
			   p->error ? 0 : p->n, p->error, p->payload);
	}
	reset_row(p);
	return rc;
}

static ssc_status
byte(ssc__csv *p, uint8_t c)
{
	ssc_status rc = SSC_OK;

	if (p->state == ST_CR) {
		p->state = ST_START;
		if (c == '\n')
			return SSC_OK; /* CRLF */
	}
	if (p->state == ST_START) {
		p->row_line = p->line;
		p->state = ST_FIELD;
	}
	switch (p->state) {
	case ST_FIELD:
		if (c == ',') {
			p->row_open = true;
			end_field(p);
		} else if (c == '"' && p->flen == 0) {
			p->row_open = true;
			p->state = ST_QUOTED;
		} else if (c == '\r' || c == '\n') {
			rc = end_row(p);
			p->line++;
			p->state = c == '\r' ? ST_CR : ST_START;
		} else {
			if (c == '"')
				p->error = 1; /* stray quote */
			p->row_open = true;
			put(p, c);
		}
		break;
	case ST_QUOTED:
		if (c == '"')
			p->state = ST_QUOTE_IN_QUOTED;
		else {
			if (c == '\n')
				p->line++;
			put(p, c);
		}
		break;
	case ST_QUOTE_IN_QUOTED:
		if (c == '"') {
			put(p, c);
			p->state = ST_QUOTED;
		} else if (c == ',') {
			end_field(p);
			p->state = ST_FIELD;
		} else if (c == '\r' || c == '\n') {
			rc = end_row(p);
			p->line++;
			p->state = c == '\r' ? ST_CR : ST_START;
		} else {
			p->error = 1;
			p->state = ST_SKIP_LINE;
		}
		break;
	case ST_SKIP_LINE:
		if (c == '\r' || c == '\n') {
			rc = end_row(p);
			p->line++;
			p->state = c == '\r' ? ST_CR : ST_START;
		}
		break;
	default:
		break;
	}
	return rc;
}

ssc_status
ssc__csv_feed(ssc__csv *p, const uint8_t *data, size_t len)
{
	static const uint8_t bom[3] = { 0xEF, 0xBB, 0xBF };
	size_t i = 0;
	ssc_status rc;

	if (!p || (!data && len))
		return ssc__error_setf(SSC_EINVAL, 0, "csv: NULL argument");
	while (!p->bom_checked && i < len) {
		p->bom[p->bom_len++] = data[i++];
		if (memcmp(p->bom, bom, p->bom_len) != 0) {
			size_t k, n = p->bom_len;

			p->bom_checked = true;
			for (k = 0; k < n; k++)
				if ((rc = byte(p, p->bom[k])))
					return rc;
		} else if (p->bom_len == 3) {
			p->bom_checked = true; /* skipped */
		}
	}
	for (; i < len; i++)
		if ((rc = byte(p, data[i])))
			return rc;
	return SSC_OK;
}

ssc_status
ssc__csv_finish(ssc__csv *p)
{
	ssc_status rc;

	if (!p)
		return ssc__error_setf(SSC_EINVAL, 0, "csv: NULL parser");
	if (!p->bom_checked && p->bom_len) {
		size_t k, n = p->bom_len;

		p->bom_checked = true;
		for (k = 0; k < n; k++)
			if ((rc = byte(p, p->bom[k])))
				return rc;
	}
	if (p->state == ST_QUOTED)
		p->error = 1; /* unterminated quote */
	rc = end_row(p);
	p->state = ST_START;
	return rc;
}
