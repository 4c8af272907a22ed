/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private layout of ssc_apdu and ssc_apdu_response, shared by the APDU
 * encoder (apdu.c), the exchange policy (exchange.c) and the chip
 * applications (lib/chip), plus small helpers to build commands on the
 * stack-free path.
 */
#ifndef SSC_APDU_APDU_INT_H
#define SSC_APDU_APDU_INT_H

#include "internal.h"
#include "socialcard/apdu.h"

struct ssc_apdu {
	ssc_ctx *ctx;
	uint8_t cla, ins, p1, p2;
	uint8_t *data;
	size_t data_len;
	size_t le;
	uint32_t flags;
};

struct ssc_apdu_response {
	ssc_ctx *ctx;
	uint8_t *data;
	size_t data_len;
	uint16_t sw;
};

/* Encode into a caller array; *len in: capacity, out: length. */
ssc_status ssc__apdu_encode_to(uint8_t *out, size_t *len, const ssc_apdu *apdu,
			       bool force_short_le);
/* Build a command in one call (data copied; le as ssc_apdu_set_le). */
ssc_status ssc__apdu_make(ssc_apdu **out, ssc_ctx *ctx, uint8_t cla,
			  uint8_t ins, uint8_t p1, uint8_t p2,
			  const uint8_t *data, size_t len, size_t le);
/* A response from already-split parts (data copied). */
ssc_status ssc__apdu_response_new(ssc_apdu_response **out, ssc_ctx *ctx,
				  const uint8_t *data, size_t len, uint16_t sw);

/* ---- status words (sw.c) ------------------------------------------- */

/* Set the error record for a non-success status word: code from the table,
 * the SW kept in ssc_error.sw, message "<what>: <text> (SW xxxx)".  Returns
 * the code (SSC_OK for 9000, without touching the record). */
ssc_status ssc__sw_error(uint16_t sw, const char *what);

#endif /* SSC_APDU_APDU_INT_H */
