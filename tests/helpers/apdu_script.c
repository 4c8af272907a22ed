/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The strict scripted card of apdu_script.h.
 */
#include <ctype.h>

#include "test_common.h"
#include "apdu_script.h"

size_t
apdu_script_hex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v;
		if (isspace((unsigned char)*hex))
			continue;
		if (!isxdigit((unsigned char)*hex))
			fail_msg("bad hex character '%c' in script", *hex);
		v = isdigit((unsigned char)*hex) ? *hex - '0'
						 : (toupper((unsigned char)*hex) - 'A' + 10);
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			fail_msg("script hex longer than %zu bytes", cap);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		fail_msg("odd number of hex digits in script");
	return n;
}

void
apdu_script_init(apdu_script *s)
{
	memset(s, 0, sizeof(*s));
}

static apdu_script_step *
add(apdu_script *s, const char *cmd_hex)
{
	apdu_script_step *st;

	if (s->n >= APDU_SCRIPT_MAX_STEPS)
		fail_msg("script longer than %d steps", APDU_SCRIPT_MAX_STEPS);
	st = &s->steps[s->n++];
	st->cmd_len = apdu_script_hex(st->cmd, sizeof(st->cmd), cmd_hex);
	return st;
}

void
apdu_script_expect(apdu_script *s, const char *cmd_hex, const char *resp_hex)
{
	apdu_script_step *st = add(s, cmd_hex);

	st->resp_len = apdu_script_hex(st->resp, sizeof(st->resp), resp_hex);
}

void
apdu_script_expect_error(apdu_script *s, const char *cmd_hex, ssc_status err)
{
	apdu_script_step *st = add(s, cmd_hex);

	st->transport_error = err;
}

static void
hex_str(char *out, size_t cap, const uint8_t *p, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 3 < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%02X", p[i]);
	out[o] = '\0';
}

static ssc_status
script_transmit(void *io, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
		size_t *resp_len)
{
	apdu_script *s = io;
	apdu_script_step *st;
	char want[2 * APDU_SCRIPT_MAX_BYTES + 1], got[2 * APDU_SCRIPT_MAX_BYTES + 1];

	hex_str(got, sizeof(got), cmd, cmd_len);
	if (s->pos >= s->n)
		fail_msg("unexpected command after the script ended: %s", got);
	st = &s->steps[s->pos++];
	if (st->cmd_len != cmd_len || memcmp(st->cmd, cmd, cmd_len) != 0) {
		hex_str(want, sizeof(want), st->cmd, st->cmd_len);
		fail_msg("script step %zu: expected %s, got %s", s->pos, want,
			 got);
	}
	if (st->transport_error)
		return ssc_error_set_str(st->transport_error,
					 SSC_ERROR_CLASS_READER,
					 "scripted transport failure");
	if (st->resp_len > *resp_len)
		fail_msg("script step %zu: response of %zu bytes exceeds the "
			 "%zu-byte buffer", s->pos, st->resp_len, *resp_len);
	memcpy(resp, st->resp, st->resp_len);
	*resp_len = st->resp_len;
	return SSC_OK;
}

ssc__transport
apdu_script_transport(apdu_script *s, const ssc_ctx *ctx, bool extended_length)
{
	ssc__transport t;

	t.transmit = script_transmit;
	t.io = s;
	t.extended_length = extended_length;
	t.ctx = ctx;
	return t;
}

void
apdu_script_assert_done(const apdu_script *s)
{
	if (s->pos != s->n)
		fail_msg("script has %zu unused steps (next is step %zu)",
			 s->n - s->pos, s->pos + 1);
}

void
script_select_ssse(apdu_script *s, bool t0)
{
	if (t0) {
		apdu_script_expect(s, "00A404000F7378312E73682EC9E7BBE1B1A3D5CF",
				   "6118");
		apdu_script_expect(s, "00C0000018",
				   "6F16840F7378312E73682EC9E7BBE1B1A3D5CF"
				   "A503880106" "9000");
	} else {
		apdu_script_expect(s, "00A404000F7378312E73682EC9E7BBE1B1A3D5CF",
				   "6F1D840F7378312E73682EC9E7BBE1B1A3D5CF"
				   "A50A8801069F0C0386010300" "9000");
	}
}
