/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private to lib/: the front-end reader and connection objects, the raw
 * transport entry point the APDU exchange layer plugs connections into,
 * and helpers shared by the reader backends (multi-strings, PIN masking of
 * commands, the trace file codec, test hooks of the software card).
 */
#ifndef SSC_READER_INT_H
#define SSC_READER_INT_H

#include <stdatomic.h>
#include <stdbool.h>

#include "internal.h"
#include "socialcard/reader.h"
#include "socialcard/sys/reader_backend.h"

/* Largest response a backend may return: extended Le 65536 + SW. */
#define SSC__READER_RESP_MAX 65538u
/* Largest command: extended case 4 (4 + 3 + 65535 + 2). */
#define SSC__READER_CMD_MAX 65544u
/* Largest ATR (ISO 7816-3). */
#define SSC__READER_ATR_MAX 33u

struct ssc_reader {
	atomic_uint refs;         /* the handle + one per open connection */
	ssc_ctx *ctx;             /* referenced */
	ssc_reader_backend *be;   /* owned */
};

struct ssc_reader_conn {
	ssc_reader *reader;              /* referenced (refs) */
	ssc_reader_backend_conn *bconn;  /* owned, ended by disconnect */
	ssc_ctx *ctx;                    /* == reader->ctx */
	bool gone;                       /* card or reader gone: no more I/O */
	int gone_code;                   /* the code to repeat once gone */
	bool in_tx;                      /* a transaction is open */
};

/*
 * The raw transport used by lib/apdu/exchange.c: io is an ssc_reader_conn *.
 * Sends cmd, writes the answer (data + SW1 SW2, at least 2 bytes) into
 * resp, whose capacity is *resp_len on entry; *resp_len is its length on
 * return.  No status-word policy and no trace: the exchange layer traces
 * each round trip once, with its masking (ssc_reader_transmit_raw() traces
 * the raw public path itself).
 */
ssc_status ssc__reader_raw_transmit(void *io, const uint8_t *cmd,
				    size_t cmd_len, uint8_t *resp,
				    size_t *resp_len);

/* Multi-APDU operations (the high-level read, PINs, personalisation) run
 * in a transaction so that another application sharing the card cannot
 * select another file in between.  begin: when the caller already holds a
 * transaction, or the backend has none, nothing happens (*began false);
 * end: releases only what begin took.  A failed begin is returned. */
ssc_status ssc__reader_tx_begin(ssc_reader_conn *conn, bool *began);
void ssc__reader_tx_end(ssc_reader_conn *conn, bool began);

/* The context a connection was made in. */
ssc_ctx *ssc__reader_conn_ctx(const ssc_reader_conn *conn);

/* Append name and a NUL to a multi-string buffer. */
ssc_status ssc__reader_list_add(ssc_buf *out, const char *name);

/* True when cmd carries PIN data (VERIFY 20, CHANGE 5E, RESET RETRY 2C,
 * CHANGE REFERENCE DATA / UNBLOCK 24); *data_off is where the data start. */
bool ssc__reader_cmd_has_pin(const uint8_t *cmd, size_t len, size_t *data_off);

/* ---- trace files (lib/reader/trace.c) ------------------------------ */

/* Record types of the two-direction trace format (doc/readers.md). */
enum {
	SSC__TRACE_ATR = 'A',      /* answer to reset */
	SSC__TRACE_CMD = 'C',      /* command APDU */
	SSC__TRACE_CMD_MASKED = 'P', /* command with its PIN data masked */
	SSC__TRACE_RESP = 'R',     /* response APDU (data + SW) */
	SSC__TRACE_ERROR = 'E'     /* the transmit failed: 2-byte -code */
};
#define SSC__TRACE_MAGIC "SSCTRC1\n"
#define SSC__TRACE_MAGIC_LEN 8

typedef struct {
	int type;
	const uint8_t *data; /* points into the parsed bytes */
	size_t len;
} ssc__trace_rec;

typedef struct {
	ssc__trace_rec *recs;
	size_t n;
	bool two_way;        /* magic header present */
} ssc__trace;

/* Parse a trace (either format) from memory; recs point into data, which
 * must outlive the trace.  SSC_EPARSE with the offset on bad input. */
ssc_status ssc__trace_parse(ssc__trace *out, const ssc_ctx *ctx,
			    const uint8_t *data, size_t len);
void ssc__trace_dispose(ssc__trace *t, const ssc_ctx *ctx);
/* Append one record of the two-way format to buf. */
ssc_status ssc__trace_put(ssc_buf *buf, int type, const uint8_t *data,
			  size_t len);
/* Read a whole file into buf (SSC_EOS with errno kept). */
ssc_status ssc__read_file(ssc_buf *buf, const char *path, size_t max);

/* ---- software card test hooks (lib/reader/sim.c) ------------------- */

/* Insert (true) or pull (false) the card of a sim backend; pulling makes
 * open connections fail with SSC_ECARDREMOVED and wakes wait_event. */
ssc_status ssc__sim_backend_set_present(ssc_reader_backend *be, bool present);

#endif /* SSC_READER_INT_H */
