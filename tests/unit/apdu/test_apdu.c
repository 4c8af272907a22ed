/* SPDX-License-Identifier: Apache-2.0 */
/* Command builder, case detection, checks, encoding; responses; SW table. */
#include "test_common.h"
#include <socialcard/apdu.h>

static void
expect_encoding(const ssc_apdu *a, const uint8_t *want, size_t want_len)
{
	ssc_buf b = SSC_BUF_INIT;

	uint8_t out[70000];
	size_t n, dl;
	const uint8_t *d;
	uint32_t flags;

	assert_ssc_ok(ssc_apdu_encode(&b, a));
	assert_int_equal(b.size, want_len);
	assert_memory_equal(b.ptr, want, want_len);
	ssc_buf_dispose(&b);

	/* The allocation-free paths give the same bytes. */
	n = sizeof(out);
	assert_ssc_ok(ssc_apdu_encode_into(out, &n, a));
	assert_int_equal(n, want_len);
	assert_memory_equal(out, want, want_len);

	/* Exactly the size fits; one byte less is SSC_EBUFS + the size. */
	n = want_len;
	assert_ssc_ok(ssc_apdu_encode_into(out, &n, a));
	n = want_len - 1;
	memset(out, 0xEE, sizeof(out));
	assert_ssc_error(ssc_apdu_encode_into(out, &n, a), SSC_EBUFS);
	assert_int_equal(n, want_len);
	assert_int_equal(out[0], 0xEE);
	n = 0;
	assert_ssc_error(ssc_apdu_encode_into(NULL, &n, a), SSC_EBUFS);
	assert_int_equal(n, want_len);

	d = ssc_apdu_data(a, &dl);
	flags = ssc_apdu_get_case(a) >= SSC_APDU_CASE_2E ?
			SSC_APDU_FLAG_EXTENDED : 0;
	n = sizeof(out);
	assert_ssc_ok(ssc_apdu_encode_command(out, &n, ssc_apdu_cla(a),
					      ssc_apdu_ins(a), ssc_apdu_p1(a),
					      ssc_apdu_p2(a), d, dl,
					      ssc_apdu_le(a), flags));
	assert_int_equal(n, want_len);
	assert_memory_equal(out, want, want_len);
	n = want_len - 1;
	assert_ssc_error(ssc_apdu_encode_command(out, &n, ssc_apdu_cla(a),
						 ssc_apdu_ins(a),
						 ssc_apdu_p1(a), ssc_apdu_p2(a),
						 d, dl, ssc_apdu_le(a), flags),
			 SSC_EBUFS);
	assert_int_equal(n, want_len);
}

static void
test_apdu_cases_short(void **state)
{
	ssc_apdu *a = NULL;
	const uint8_t data[3] = { 0x12, 0x34, 0x56 };
	(void)state;

	assert_ssc_ok(ssc_apdu_new(&a, NULL, 0x00, 0xB2, 0x01, 0x28));
	assert_int_equal(ssc_apdu_get_case(a), SSC_APDU_CASE_1);
	expect_encoding(a, (const uint8_t[]){ 0x00, 0xB2, 0x01, 0x28 }, 4);

	assert_ssc_ok(ssc_apdu_set_le(a, 0x12));
	assert_int_equal(ssc_apdu_get_case(a), SSC_APDU_CASE_2S);
	expect_encoding(a, (const uint8_t[]){ 0x00, 0xB2, 0x01, 0x28, 0x12 }, 5);

	assert_ssc_ok(ssc_apdu_set_le(a, 256));
	expect_encoding(a, (const uint8_t[]){ 0x00, 0xB2, 0x01, 0x28, 0x00 }, 5);

	assert_ssc_ok(ssc_apdu_set_data(a, data, 3));
	assert_int_equal(ssc_apdu_get_case(a), SSC_APDU_CASE_4S);
	expect_encoding(a, (const uint8_t[]){ 0x00, 0xB2, 0x01, 0x28, 0x03,
					      0x12, 0x34, 0x56, 0x00 }, 9);
	assert_ssc_ok(ssc_apdu_set_le(a, 0));
	assert_int_equal(ssc_apdu_get_case(a), SSC_APDU_CASE_3S);
	expect_encoding(a, (const uint8_t[]){ 0x00, 0xB2, 0x01, 0x28, 0x03,
					      0x12, 0x34, 0x56 }, 8);
	ssc_apdu_free(a);
}

static void
test_apdu_cases_extended(void **state)
{
	ssc_apdu *a = NULL;
	uint8_t big[300];
	ssc_buf b = SSC_BUF_INIT;
	(void)state;

	memset(big, 0xA5, sizeof(big));
	assert_ssc_ok(ssc_apdu_new(&a, NULL, 0x00, 0xD6, 0x00, 0x00));
	assert_ssc_ok(ssc_apdu_set_data(a, big, sizeof(big)));
	assert_int_equal(ssc_apdu_get_case(a), SSC_APDU_CASE_3E);
	assert_ssc_ok(ssc_apdu_encode(&b, a));
	assert_int_equal(b.size, 4 + 3 + 300);
	assert_int_equal((uint8_t)b.ptr[4], 0x00);
	assert_int_equal((uint8_t)b.ptr[5], 0x01);
	assert_int_equal((uint8_t)b.ptr[6], 0x2C);
	assert_ssc_ok(ssc_apdu_set_le(a, 65536));
	assert_int_equal(ssc_apdu_get_case(a), SSC_APDU_CASE_4E);
	assert_ssc_ok(ssc_apdu_encode(&b, a));
	assert_int_equal(b.size, 4 + 3 + 300 + 2);
	assert_int_equal((uint8_t)b.ptr[b.size - 1], 0x00);
	assert_int_equal((uint8_t)b.ptr[b.size - 2], 0x00);
	ssc_buf_dispose(&b);
	ssc_apdu_free(a);

	/* 2E: 00 then two Le bytes */
	assert_ssc_ok(ssc_apdu_new(&a, NULL, 0x00, 0xB0, 0x00, 0x00));
	assert_ssc_ok(ssc_apdu_set_le(a, 1000));
	assert_int_equal(ssc_apdu_get_case(a), SSC_APDU_CASE_2E);
	expect_encoding(a, (const uint8_t[]){ 0, 0xB0, 0, 0, 0x00, 0x03, 0xE8 }, 7);
	/* forced extended form of a short command */
	assert_ssc_ok(ssc_apdu_set_le(a, 5));
	assert_ssc_ok(ssc_apdu_set_flags(a, SSC_APDU_FLAG_EXTENDED));
	assert_int_equal(ssc_apdu_get_case(a), SSC_APDU_CASE_2E);
	expect_encoding(a, (const uint8_t[]){ 0, 0xB0, 0, 0, 0x00, 0x00, 0x05 }, 7);
	ssc_apdu_free(a);
}

static void
test_apdu_check_named_failures(void **state)
{
	ssc_apdu *a = NULL;
	ssc_buf b = SSC_BUF_INIT;
	(void)state;

	assert_ssc_ok(ssc_apdu_new(&a, NULL, 0xFF, 0xA4, 0, 0));
	assert_ssc_error(ssc_apdu_check(a), SSC_EAPDU);
	assert_non_null(strstr(ssc_error_last()->message, "cla-invalid"));
	assert_ssc_error(ssc_apdu_encode(&b, a), SSC_EAPDU);
	assert_null(b.ptr);
	ssc_apdu_free(a);

	assert_ssc_ok(ssc_apdu_new(&a, NULL, 0x00, 0x61, 0, 0));
	assert_ssc_error(ssc_apdu_check(a), SSC_EAPDU);
	assert_non_null(strstr(ssc_error_last()->message, "ins-invalid"));
	ssc_apdu_free(a);

	assert_ssc_ok(ssc_apdu_new(&a, NULL, 0x00, 0xA4, 0, 0));
	assert_ssc_error(ssc_apdu_set_le(a, 65537), SSC_EINVAL);
	assert_non_null(strstr(ssc_error_last()->message, "le-too-long"));
	assert_int_equal(ssc_apdu_le(a), 0);
	assert_ssc_error(ssc_apdu_set_flags(a, 1u << 20), SSC_EINVAL);
	assert_ssc_ok(ssc_apdu_check(a));
	ssc_apdu_free(a);
	ssc_apdu_free(NULL);
}

static void
test_apdu_response_parse(void **state)
{
	ssc_apdu_response *r = NULL;
	const uint8_t raw[] = { 0x01, 0x10, 0x33, 0x90, 0x00 };
	const uint8_t *d;
	size_t n;
	(void)state;

	assert_ssc_ok(ssc_apdu_response_parse(&r, NULL, raw, sizeof(raw)));
	assert_int_equal(ssc_apdu_response_sw(r), 0x9000);
	d = ssc_apdu_response_data(r, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(d, raw, 3);
	ssc_apdu_response_free(r);

	assert_ssc_error(ssc_apdu_response_parse(&r, NULL, raw, 1), SSC_EAPDU);
	assert_null(r);
	assert_ssc_error(ssc_apdu_response_parse(&r, NULL, raw, 0), SSC_EAPDU);
	ssc_apdu_response_free(NULL);
}

static void
test_apdu_encode_command_errors(void **state)
{
	uint8_t out[16], big[300];
	size_t n;
	(void)state;

	memset(big, 0x5A, sizeof(big));
	n = sizeof(out);
	assert_ssc_error(ssc_apdu_encode_command(out, NULL, 0, 0xA4, 4, 0,
						 NULL, 0, 0, 0),
			 SSC_EINVAL);
	assert_ssc_error(ssc_apdu_encode_command(NULL, &n, 0, 0xA4, 4, 0,
						 NULL, 0, 0, 0),
			 SSC_EINVAL);
	assert_ssc_error(ssc_apdu_encode_command(out, &n, 0, 0xA4, 4, 0, NULL,
						 3, 0, 0),
			 SSC_EINVAL);
	assert_ssc_error(ssc_apdu_encode_command(out, &n, 0, 0xA4, 4, 0, big,
						 SSC_APDU_EXT_MAX_LC + 1, 0, 0),
			 SSC_EINVAL);
	assert_non_null(strstr(ssc_error_last()->message, "lc-too-long"));
	assert_ssc_error(ssc_apdu_encode_command(out, &n, 0, 0xA4, 4, 0, NULL,
						 0, SSC_APDU_EXT_MAX_LE + 1, 0),
			 SSC_EINVAL);
	assert_non_null(strstr(ssc_error_last()->message, "le-too-long"));
	assert_ssc_error(ssc_apdu_encode_command(out, &n, 0, 0xA4, 4, 0, NULL,
						 0, 0, 0x80),
			 SSC_EINVAL);
	assert_ssc_error(ssc_apdu_encode_command(out, &n, 0xFF, 0xA4, 4, 0,
						 NULL, 0, 0, 0),
			 SSC_EAPDU);
	assert_non_null(strstr(ssc_error_last()->message, "cla-invalid"));
	assert_ssc_error(ssc_apdu_encode_command(out, &n, 0, 0x6C, 4, 0, NULL,
						 0, 0, 0),
			 SSC_EAPDU);
	assert_non_null(strstr(ssc_error_last()->message, "ins-invalid"));
	assert_int_equal(n, sizeof(out));

	/* 256 data bytes need the extended form: 4 + 3 + 256 + 2 bytes. */
	n = sizeof(out);
	assert_ssc_error(ssc_apdu_encode_command(out, &n, 0, 0xD6, 0, 0, big,
						 256, 256, 0),
			 SSC_EBUFS);
	assert_int_equal(n, 4 + 3 + 256 + 2);

	/* encode_into refuses what ssc_apdu_encode refuses. */
	n = sizeof(out);
	assert_ssc_error(ssc_apdu_encode_into(out, &n, NULL), SSC_EINVAL);
	assert_ssc_error(ssc_apdu_encode_into(out, NULL, NULL), SSC_EINVAL);
	{
		ssc_apdu *a = NULL;
		assert_ssc_ok(ssc_apdu_new(&a, NULL, 0x00, 0x94, 0, 0));
		assert_ssc_error(ssc_apdu_encode_into(out, &n, a), SSC_EAPDU);
		ssc_apdu_free(a);
	}
}

static void
test_apdu_response_view(void **state)
{
	ssc_apdu_view v = SSC_APDU_VIEW_INIT;
	ssc_apdu_view bad = { 0 };
	const uint8_t raw[] = { 0x01, 0x10, 0x33, 0x63, 0xC2 };
	(void)state;

	assert_ssc_ok(ssc_apdu_response_view(&v, raw, sizeof(raw)));
	assert_int_equal(v.sw, 0x63C2);
	assert_int_equal(v.data_len, 3);
	assert_ptr_equal(v.data, raw); /* borrowed, not copied */

	assert_ssc_ok(ssc_apdu_response_view(&v, raw + 3, 2));
	assert_int_equal(v.sw, 0x63C2);
	assert_int_equal(v.data_len, 0);
	assert_null(v.data);

	/* Malformed: nothing changed on error. */
	assert_ssc_ok(ssc_apdu_response_view(&v, raw, sizeof(raw)));
	assert_ssc_error(ssc_apdu_response_view(&v, raw, 1), SSC_EAPDU);
	assert_ssc_error(ssc_apdu_response_view(&v, raw, 0), SSC_EAPDU);
	assert_ssc_error(ssc_apdu_response_view(&v, NULL, 5), SSC_EAPDU);
	assert_int_equal(v.sw, 0x63C2);
	assert_int_equal(v.data_len, 3);
	assert_ssc_error(ssc_apdu_response_view(NULL, raw, 5), SSC_EINVAL);

	/* Version rules. */
	assert_ssc_error(ssc_apdu_response_view(&bad, raw, 5), SSC_EVERSION);
	bad.version = SSC_APDU_VIEW_VERSION + 1;
	assert_ssc_error(ssc_apdu_response_view(&bad, raw, 5), SSC_EVERSION);
	assert_ssc_error(ssc_apdu_view_init(&bad, 0), SSC_EVERSION);
	assert_ssc_error(ssc_apdu_view_init(&bad, 2), SSC_EVERSION);
	assert_ssc_error(ssc_apdu_view_init(NULL, 1), SSC_EINVAL);
	assert_ssc_ok(ssc_apdu_view_init(&bad, SSC_APDU_VIEW_VERSION));
	assert_int_equal(bad.version, SSC_APDU_VIEW_VERSION);
	assert_ssc_ok(ssc_apdu_response_view(&bad, raw, 5));
	assert_int_equal(bad.sw, 0x63C2);
}

static void
test_apdu_select_one_call(void **state)
{
	/* SELECT by AID, case 4 short (Le 256 encoded 00), then a 2-byte
	 * response viewed in place. */
	uint8_t out[16];
	size_t n = sizeof(out);
	const uint8_t aid[] = { 0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01 };
	const uint8_t want[] = { 0x00, 0xA4, 0x04, 0x00, 0x07, 0xA0, 0x00,
				 0x00, 0x03, 0x33, 0x01, 0x01, 0x00 };
	ssc_apdu_view v = SSC_APDU_VIEW_INIT;
	(void)state;

	assert_ssc_ok(ssc_apdu_encode_command(out, &n, 0x00, 0xA4, 0x04, 0x00,
					      aid, sizeof(aid), 256, 0));
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	assert_ssc_ok(ssc_apdu_response_view(&v, want + 11, 2));
	assert_int_equal(v.sw, 0x0100);
}

static void
test_apdu_sw_table(void **state)
{
	(void)state;
	assert_true(ssc_sw_is_success(0x9000));
	assert_false(ssc_sw_is_success(0x6100));
	assert_int_equal(ssc_sw_error_code(0x9000), SSC_OK);
	assert_int_equal(ssc_sw_error_code(0x63C2), SSC_EPIN);
	assert_int_equal(ssc_sw_tries_left(0x63C2), 2);
	assert_int_equal(ssc_sw_tries_left(0x63C0), 0);
	assert_int_equal(ssc_sw_error_code(0x6983), SSC_EPINBLOCKED);
	assert_int_equal(ssc_sw_error_code(0x6984), SSC_EPINBLOCKED);
	assert_int_equal(ssc_sw_tries_left(0x6983), 0);
	assert_int_equal(ssc_sw_tries_left(0x6A82), -1);
	assert_int_equal(ssc_sw_error_code(0x6982), SSC_ESECURITY);
	assert_int_equal(ssc_sw_error_code(0x6A82), SSC_ENOTFOUND);
	assert_int_equal(ssc_sw_error_code(0x6A83), SSC_ENOTFOUND);
	assert_int_equal(ssc_sw_error_code(0x6988), SSC_EMAC);
	assert_int_equal(ssc_sw_error_code(0x9303), SSC_EAPPBLOCKED);
	assert_int_equal(ssc_sw_error_code(0x6C10), SSC_EAPDU);
	assert_int_equal(ssc_sw_error_code(0x1234), SSC_ECARD);
	assert_string_equal(ssc_sw_text(0x6982), "security status not satisfied");
	assert_string_equal(ssc_sw_text(0x1234), "unknown status word");
	/* 6300 is not a tries-left word */
	assert_int_equal(ssc_sw_error_code(0x6300), SSC_ESECURITY);
	assert_int_equal(ssc_sw_tries_left(0x6300), -1);
}

static void
test_apdu_ctx_allocator_failure(void **state)
{
	ssc_test_alloc al = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &al, NULL);
	ssc_apdu *a = NULL;
	long base;
	(void)state;

	assert_non_null(ctx);
	base = al.calls;
	al.fail_at = base + 1;
	assert_ssc_error(ssc_apdu_new(&a, ctx, 0, 0xA4, 0, 0), SSC_ENOMEM);
	assert_null(a);
	al.fail_at = 0;
	assert_ssc_ok(ssc_apdu_new(&a, ctx, 0, 0xA4, 0, 0));
	al.fail_at = al.calls + 1;
	assert_ssc_error(ssc_apdu_set_data(a, (const uint8_t *)"ab", 2),
			 SSC_ENOMEM);
	assert_null(ssc_apdu_data(a, NULL));
	al.fail_at = 0;
	ssc_apdu_free(a);
	ssc_ctx_free(ctx);
	assert_int_equal(al.live, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apdu_cases_short),
		cmocka_unit_test(test_apdu_cases_extended),
		cmocka_unit_test(test_apdu_check_named_failures),
		cmocka_unit_test(test_apdu_response_parse),
		cmocka_unit_test(test_apdu_encode_command_errors),
		cmocka_unit_test(test_apdu_response_view),
		cmocka_unit_test(test_apdu_select_one_call),
		cmocka_unit_test(test_apdu_sw_table),
		cmocka_unit_test(test_apdu_ctx_allocator_failure),
	};
	return cmocka_run_group_tests_name("apdu", tests, NULL, NULL);
}
