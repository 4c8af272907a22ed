/* SPDX-License-Identifier: Apache-2.0 */
/* The exchange policy over a scripted card: 61xx chains, 6Cxx re-sends,
 * command chaining, short answers, transport errors, trace masking. */
#include "test_common.h"
#include "apdu_script.h"

static ssc_apdu *
cmd(uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2, const char *data_hex,
    size_t le)
{
	uint8_t data[600];
	size_t n = data_hex ? apdu_script_hex(data, sizeof(data), data_hex) : 0;
	ssc_apdu *a = NULL;

	assert_ssc_ok(ssc__apdu_make(&a, NULL, cla, ins, p1, p2, data, n, le));
	return a;
}

static void
test_exchange_t0_61xx_chain(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc_apdu *a = cmd(0x00, 0xA4, 0x04, 0x00, "A000000333010101", 256);
	ssc_apdu_response *r = NULL;
	size_t n;
	const uint8_t *d;
	(void)state;

	apdu_script_init(&s);
	apdu_script_expect(&s, "00A4040008A00000033301010100", "6104");
	apdu_script_expect(&s, "00C0000004", "010203046102");
	apdu_script_expect(&s, "00C0000002", "05066100");
	apdu_script_expect(&s, "00C0000000", "079000");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__exchange(&t, a, &r));
	apdu_script_assert_done(&s);
	assert_int_equal(ssc_apdu_response_sw(r), 0x9000);
	d = ssc_apdu_response_data(r, &n);
	assert_int_equal(n, 7);
	assert_memory_equal(d, "\x01\x02\x03\x04\x05\x06\x07", 7);
	ssc_apdu_response_free(r);
	ssc_apdu_free(a);
}

static void
test_exchange_6cxx_resend(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc_apdu *a = cmd(0x00, 0xB2, 0x09, 0x30, NULL, 256);
	ssc_apdu_response *r = NULL;
	(void)state;

	apdu_script_init(&s);
	apdu_script_expect(&s, "00B2093000", "6C04");
	apdu_script_expect(&s, "00B2093004", "0902C1C29000");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__exchange(&t, a, &r));
	apdu_script_assert_done(&s);
	assert_int_equal(ssc_apdu_response_sw(r), 0x9000);
	ssc_apdu_response_free(r);

	/* a card that keeps answering 6Cxx is an APDU error, bounded */
	apdu_script_init(&s);
	apdu_script_expect(&s, "00B2093000", "6C04");
	apdu_script_expect(&s, "00B2093004", "6C05");
	apdu_script_expect(&s, "00B2093005", "6C06");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_error(ssc__exchange(&t, a, &r), SSC_EAPDU);
	assert_null(r);
	apdu_script_assert_done(&s);
	ssc_apdu_free(a);
}

static void
test_exchange_61xx_then_6cxx_on_get_response(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc_apdu *a = cmd(0x00, 0xA4, 0x04, 0x00, "3F00", 0);
	ssc_apdu_response *r = NULL;
	(void)state;

	apdu_script_init(&s);
	apdu_script_expect(&s, "00A40400023F00", "6103");
	apdu_script_expect(&s, "00C0000003", "6C02");
	apdu_script_expect(&s, "00C0000002", "AABB9000");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__exchange(&t, a, &r));
	apdu_script_assert_done(&s);
	assert_int_equal(ssc_apdu_response_sw(r), 0x9000);
	ssc_apdu_response_free(r);
	ssc_apdu_free(a);
}

static void
test_exchange_command_chaining(void **state)
{
	apdu_script s;
	ssc__transport t;
	char hex[2 * 300 + 1], step[2 * 300 + 32];
	ssc_apdu *a;
	ssc_apdu_response *r = NULL;
	size_t i;
	(void)state;

	for (i = 0; i < 300; i++)
		snprintf(hex + 2 * i, 3, "%02X", (unsigned)(i & 0xFF));
	a = cmd(0x00, 0xDA, 0x01, 0x02, hex, 0);

	apdu_script_init(&s);
	snprintf(step, sizeof(step), "10DA0102FF%.*s", 2 * 255, hex);
	apdu_script_expect(&s, step, "9000");
	snprintf(step, sizeof(step), "00DA01022D%s", hex + 2 * 255);
	apdu_script_expect(&s, step, "9000");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__exchange(&t, a, &r));
	apdu_script_assert_done(&s);
	assert_int_equal(ssc_apdu_response_sw(r), 0x9000);
	ssc_apdu_response_free(r);

	/* a refused first part ends the chain with that answer */
	apdu_script_init(&s);
	snprintf(step, sizeof(step), "10DA0102FF%.*s", 2 * 255, hex);
	apdu_script_expect(&s, step, "6884");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__exchange(&t, a, &r));
	apdu_script_assert_done(&s);
	assert_int_equal(ssc_apdu_response_sw(r), 0x6884);
	ssc_apdu_response_free(r);

	/* with extended length the command goes in one piece */
	apdu_script_init(&s);
	snprintf(step, sizeof(step), "00DA010200012C%s", hex);
	apdu_script_expect(&s, step, "9000");
	t = apdu_script_transport(&s, NULL, true);
	assert_ssc_ok(ssc__exchange(&t, a, &r));
	apdu_script_assert_done(&s);
	ssc_apdu_response_free(r);
	ssc_apdu_free(a);
}

static void
test_exchange_short_answers_and_transport_errors(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc_apdu *a = cmd(0x00, 0x84, 0x00, 0x00, NULL, 8);
	ssc_apdu_response *r = NULL;
	(void)state;

	apdu_script_init(&s);
	apdu_script_expect(&s, "0084000008", "");
	apdu_script_expect(&s, "0084000008", "90");
	apdu_script_expect_error(&s, "0084000008", SSC_ECARDREMOVED);
	apdu_script_expect_error(&s, "0084000008", SSC_ECARDRESET);
	apdu_script_expect(&s, "0084000008", "6982");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_error(ssc__exchange(&t, a, &r), SSC_EAPDU);
	assert_ssc_error(ssc__exchange(&t, a, &r), SSC_EAPDU);
	assert_ssc_error(ssc__exchange(&t, a, &r), SSC_ECARDREMOVED);
	assert_ssc_error(ssc__exchange(&t, a, &r), SSC_ECARDRESET);
	assert_null(r);
	assert_ssc_error(ssc__exchange_ok(&t, a, "GET CHALLENGE", &r),
			 SSC_ESECURITY);
	assert_int_equal(ssc_error_last()->sw, 0x6982);
	assert_null(r);
	apdu_script_assert_done(&s);
	ssc_apdu_free(a);
}

struct log_capture {
	char text[8192];
	size_t len;
	int lines;
};

static void
capture(int level, const char *message, void *payload)
{
	struct log_capture *c = payload;
	int n;
	(void)level;

	n = snprintf(c->text + c->len, sizeof(c->text) - c->len, "%s\n",
		     message);
	if (n > 0 && (size_t)n < sizeof(c->text) - c->len)
		c->len += (size_t)n;
	c->lines++;
}

static void
test_exchange_trace_masks_secrets(void **state)
{
	struct log_capture cap;
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	apdu_script s;
	ssc__transport t;
	ssc_apdu *v = cmd(0x00, 0x20, 0x00, 0x00, "975310", 0);
	ssc_apdu *rr = cmd(0x00, 0xB2, 0x08, 0x30, NULL, 0x14);
	ssc_apdu *sel = cmd(0x00, 0xA4, 0x00, 0x00, "3F00", 0);
	ssc_apdu_response *r = NULL;
	(void)state;

	memset(&cap, 0, sizeof(cap));
	o.log = capture;
	o.log_payload = &cap;
	o.log_level = SSC_LOG_TRACE;
	assert_ssc_ok(ssc_ctx_new(&ctx, &o));
	apdu_script_init(&s);
	apdu_script_expect(&s, "0020000003975310", "63C2");
	apdu_script_expect(&s, "00B2083014",
			   "0812313130313035313934393132333130303258" "9000");
	apdu_script_expect(&s, "00A40000023F00", "9000");
	t = apdu_script_transport(&s, ctx, false);
	assert_ssc_ok(ssc__exchange(&t, v, &r));
	ssc_apdu_response_free(r);
	assert_ssc_ok(ssc__exchange(&t, rr, &r));
	ssc_apdu_response_free(r);
	assert_ssc_ok(ssc__exchange(&t, sel, &r));
	ssc_apdu_response_free(r);
	apdu_script_assert_done(&s);

	assert_int_equal(cap.lines, 6);
	assert_null(strstr(cap.text, "975310"));
	assert_null(strstr(cap.text, "3131303130"));
	assert_non_null(strstr(cap.text, "apdu > 0020000003 [3 bytes masked]"));
	assert_non_null(strstr(cap.text, "SW 63C2"));
	assert_non_null(strstr(cap.text, "[20 bytes masked] SW 9000"));
	/* non-secret traffic is traced in full */
	assert_non_null(strstr(cap.text, "apdu > 00A40000023F00"));
	ssc_apdu_free(v);
	ssc_apdu_free(rr);
	ssc_apdu_free(sel);
	ssc_ctx_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exchange_t0_61xx_chain),
		cmocka_unit_test(test_exchange_6cxx_resend),
		cmocka_unit_test(test_exchange_61xx_then_6cxx_on_get_response),
		cmocka_unit_test(test_exchange_command_chaining),
		cmocka_unit_test(test_exchange_short_answers_and_transport_errors),
		cmocka_unit_test(test_exchange_trace_masks_secrets),
	};
	return cmocka_run_group_tests_name("exchange", tests, NULL, NULL);
}
