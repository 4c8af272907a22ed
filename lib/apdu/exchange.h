/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The exchange policy that sits above every reader backend: one raw
 * transport (bytes in, bytes out) and the ISO 7816 rules applied to it
 * (GET RESPONSE on 61xx, re-send on 6Cxx, command chaining, APDU trace
 * with PIN/key masking).  Backends never see these rules.
 */
#ifndef SSC_APDU_EXCHANGE_H
#define SSC_APDU_EXCHANGE_H

#include "apdu/apdu_int.h"

/* The raw transport.  transmit() sends cmd and writes the card's answer
 * (data + SW) into resp; *resp_len is the capacity on entry and the length
 * on return.  Transport failures come back as reader codes
 * (SSC_ECARDREMOVED, SSC_ECARDRESET, SSC_EREADER ...) and are passed
 * through unchanged. */
typedef struct ssc__transport {
	ssc_status (*transmit)(void *io, const uint8_t *cmd, size_t cmd_len,
			       uint8_t *resp, size_t *resp_len);
	void *io;
	/* The card accepts extended-length APDUs (otherwise long data are
	 * sent with command chaining and long Le is capped at 256). */
	bool extended_length;
	/* Trace logging and allocation; may be NULL. */
	const ssc_ctx *ctx;
} ssc__transport;

/* Limits of the policy loops. */
#define SSC__EXCHANGE_MAX_GET_RESPONSE 64
#define SSC__EXCHANGE_MAX_6C_RETRIES 2
#define SSC__EXCHANGE_MAX_RESPONSE 65536

/* Send one command under the exchange policy.  On SSC_OK *out is the final
 * response (any status word, including errors: the caller decides what the
 * SW means), owned by the caller. */
ssc_status ssc__exchange(ssc__transport *t, const ssc_apdu *cmd,
			 ssc_apdu_response **out);

/* Convenience: exchange, then turn a non-9000 SW into an error through the
 * SW table (ssc__sw_error(sw, what)).  On success *out (if not NULL) holds
 * the response; on a card error *out is NULL and the SW is in the error
 * record. */
ssc_status ssc__exchange_ok(ssc__transport *t, const ssc_apdu *cmd,
			    const char *what, ssc_apdu_response **out);

/* Build and exchange in one call; the SW of the answer goes to *sw and the
 * data (up to *data_len bytes) to data when data_len is not NULL.  Returns
 * transport errors and SSC_EBUFS only; the caller interprets *sw. */
ssc_status ssc__transceive(ssc__transport *t, uint8_t cla, uint8_t ins,
			   uint8_t p1, uint8_t p2, const uint8_t *cdata,
			   size_t clen, size_t le, uint32_t flags,
			   uint8_t *data, size_t *data_len, uint16_t *sw);

#endif /* SSC_APDU_EXCHANGE_H */
