/* SPDX-License-Identifier: Apache-2.0 */
/* Command builder, case detection, checks, encoding; responses; SW table. */
#include "test_common.h"
#include <socialcard/apdu.h>

static void
expect_encoding(const ssc_apdu *a, const uint8_t *want, size_t want_len)
{
	ssc_buf b = SSC_BUF_INIT;

	assert_ssc_ok(ssc_apdu_encode(&b, a));
	assert_int_equal(b.size, want_len);
	assert_memory_equal(b.ptr, want, want_len);
	ssc_buf_dispose(&b);
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
		cmocka_unit_test(test_apdu_sw_table),
		cmocka_unit_test(test_apdu_ctx_allocator_failure),
	};
	return cmocka_run_group_tests_name("apdu", tests, NULL, NULL);
}
