/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A strict scripted card for cmocka tests: a list of (expected command ->
 * response) steps behind an ssc__transport.  An unexpected command, or one
 * sent after the script ran out, fails the test on the spot; leftover
 * steps fail apdu_script_assert_done().
 */
#ifndef SSC_TEST_APDU_SCRIPT_H
#define SSC_TEST_APDU_SCRIPT_H

#include <stdbool.h>

#include "apdu/exchange.h"

#define APDU_SCRIPT_MAX_STEPS 96
#define APDU_SCRIPT_MAX_BYTES 1024

typedef struct {
	uint8_t cmd[APDU_SCRIPT_MAX_BYTES];
	size_t cmd_len;
	uint8_t resp[APDU_SCRIPT_MAX_BYTES];
	size_t resp_len;
	ssc_status transport_error; /* returned instead of a response */
} apdu_script_step;

typedef struct {
	apdu_script_step steps[APDU_SCRIPT_MAX_STEPS];
	size_t n, pos;
} apdu_script;

/* Hex (spaces ignored) to bytes; fails the test on bad hex or overflow. */
size_t apdu_script_hex(uint8_t *out, size_t cap, const char *hex);

void apdu_script_init(apdu_script *s);
/* Expect command cmd_hex; answer resp_hex (data + SW). */
void apdu_script_expect(apdu_script *s, const char *cmd_hex,
			const char *resp_hex);
/* Expect command cmd_hex; the transport fails with err (e.g. removal). */
void apdu_script_expect_error(apdu_script *s, const char *cmd_hex,
			      ssc_status err);
/* The transport over the script. */
ssc__transport apdu_script_transport(apdu_script *s, const ssc_ctx *ctx,
				     bool extended_length);
/* Fails the test unless every step was used. */
void apdu_script_assert_done(const apdu_script *s);

/* Named scenario helpers (card dialogues that recur). */
void script_select_ssse(apdu_script *s, bool t0);

#endif /* SSC_TEST_APDU_SCRIPT_H */
