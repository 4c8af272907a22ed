/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of lib/util's hex, date and BCD codecs. */
#include "test_common.h"

#include "util/codec_int.h"

static void
test_codec_hex_round_trip(void **state)
{
	ssc_buf b = SSC_BUF_INIT, h = SSC_BUF_INIT;
	const uint8_t bytes[] = { 0x33, 0x01, 0x00, 0xD1, 0x56, 0xFF };
	(void)state;

	assert_ssc_ok(ssc_hex_encode(&h, bytes, sizeof(bytes)));
	assert_string_equal(h.ptr, "330100D156FF");
	assert_ssc_ok(ssc_hex_decode(&b, "330100d156ff", 12));
	assert_int_equal(b.size, sizeof(bytes));
	assert_memory_equal(b.ptr, bytes, sizeof(bytes));
	assert_ssc_ok(ssc_hex_encode(&h, NULL, 0));
	assert_string_equal(h.ptr, "");
	ssc_buf_dispose(&b);
	ssc_buf_dispose(&h);
}

static void
test_codec_hex_refuses_bad_text(void **state)
{
	ssc_buf b = SSC_BUF_INIT;
	(void)state;

	assert_ssc_ok(ssc_hex_decode(&b, "AB", 2));
	assert_ssc_error(ssc_hex_decode(&b, "ABC", 3), SSC_EPARSE);
	assert_int_equal(ssc_error_last()->klass, SSC_ERROR_CLASS_ENCODING);
	assert_ssc_error(ssc_hex_decode(&b, "A G0", 4), SSC_EPARSE);
	assert_ssc_error(ssc_hex_decode(&b, "0x12", 4), SSC_EPARSE);
	/* unchanged after failures */
	assert_int_equal(b.size, 1);
	assert_int_equal((uint8_t)b.ptr[0], 0xAB);
	assert_ssc_error(ssc_hex_decode(NULL, "AB", 2), SSC_EINVAL);
	ssc_buf_dispose(&b);
}

static void
test_codec_date_validity(void **state)
{
	(void)state;
	assert_true(ssc_date_is_valid(20240229));   /* leap year */
	assert_false(ssc_date_is_valid(20230229));  /* common year */
	assert_true(ssc_date_is_valid(20000229));   /* 400-year rule */
	assert_false(ssc_date_is_valid(19000229));  /* 100-year rule */
	assert_false(ssc_date_is_valid(20241301));  /* month 13 */
	assert_false(ssc_date_is_valid(20240001));  /* month 0 */
	assert_false(ssc_date_is_valid(20240431));  /* April has 30 */
	assert_false(ssc_date_is_valid(20240100));  /* day 0 */
	assert_true(ssc_date_is_valid(20241231));
	assert_false(ssc_date_is_valid(0));
	assert_true(ssc_date_is_valid(99991231));
}

static void
test_codec_date_from_ms_is_china_time(void **state)
{
	(void)state;
	assert_int_equal(ssc_date_from_ms(0), 19700101);
	/* 2026-11-24T16:00:00Z is already the 25th in Beijing. */
	assert_int_equal(ssc_date_from_ms(1795536000000LL), 20261125);
	assert_int_equal(ssc_date_from_ms(1795536000000LL - 1), 20261124);
	assert_int_equal(ssc_date_from_ms(951753600000LL), 20000229);
	assert_int_equal(ssc_date_from_ms(-86400000LL), 19691231);
	assert_int_equal(ssc_date_from_ms(INT64_MAX), 0);
}

static void
test_codec_bcd_date(void **state)
{
	uint32_t d = 7;
	uint8_t out[4];
	const uint8_t leap[4] = { 0x20, 0x24, 0x02, 0x29 };
	const uint8_t common[4] = { 0x20, 0x23, 0x02, 0x29 };
	const uint8_t month13[4] = { 0x20, 0x24, 0x13, 0x01 };
	const uint8_t nibble[4] = { 0x20, 0x2A, 0x01, 0x01 };
	const uint8_t ff[4] = { 0xFF, 0xFF, 0xFF, 0xFF };
	const uint8_t half_ff[4] = { 0x20, 0x24, 0xFF, 0xFF };
	(void)state;

	assert_ssc_ok(ssc_bcd_date_decode(&d, leap, 4));
	assert_int_equal(d, 20240229);
	assert_ssc_error(ssc_bcd_date_decode(&d, common, 4), SSC_EPARSE);
	assert_int_equal(d, 20240229); /* unchanged */
	assert_ssc_error(ssc_bcd_date_decode(&d, month13, 4), SSC_EPARSE);
	assert_ssc_error(ssc_bcd_date_decode(&d, nibble, 4), SSC_EPARSE);
	assert_ssc_error(ssc_bcd_date_decode(&d, half_ff, 4), SSC_EPARSE);
	assert_ssc_error(ssc_bcd_date_decode(&d, leap, 3), SSC_EPARSE);
	assert_ssc_ok(ssc_bcd_date_decode(&d, ff, 4));
	assert_int_equal(d, 0);

	assert_ssc_ok(ssc_bcd_date_encode(out, 20240229));
	assert_memory_equal(out, leap, 4);
	assert_ssc_ok(ssc_bcd_date_encode(out, 0));
	assert_memory_equal(out, ff, 4);
	assert_ssc_error(ssc_bcd_date_encode(out, 20230229), SSC_EINVAL);
}

static void
test_codec_bcd_region(void **state)
{
	char code[7] = "xxxxxx";
	uint8_t out[3];
	const uint8_t full[3] = { 0x45, 0x02, 0x06 };
	const uint8_t prov[3] = { 0x45, 0xFF, 0xFF };
	const uint8_t pref[4] = { 0x45, 0x02, 0xFF, 0xFF };
	const uint8_t odd[3] = { 0x45, 0x02, 0x0F };
	const uint8_t gap[3] = { 0x45, 0xF2, 0x06 };
	const uint8_t hexa[3] = { 0x45, 0x0A, 0x06 };
	(void)state;

	assert_ssc_ok(ssc_bcd_region_decode(code, full, 3));
	assert_string_equal(code, "450206");
	assert_ssc_ok(ssc_bcd_region_decode(code, prov, 3));
	assert_string_equal(code, "450000");
	assert_ssc_ok(ssc_bcd_region_decode(code, pref, 4));
	assert_string_equal(code, "450200");
	assert_ssc_error(ssc_bcd_region_decode(code, odd, 3), SSC_EPARSE);
	assert_ssc_error(ssc_bcd_region_decode(code, gap, 3), SSC_EPARSE);
	assert_ssc_error(ssc_bcd_region_decode(code, hexa, 3), SSC_EPARSE);
	assert_string_equal(code, "450200"); /* unchanged */

	assert_ssc_ok(ssc_bcd_region_encode(out, "450206"));
	assert_memory_equal(out, full, 3);
	assert_ssc_error(ssc_bcd_region_encode(out, "45020"), SSC_EINVAL);
	assert_ssc_error(ssc_bcd_region_encode(out, "4502061"), SSC_EINVAL);
}

static void
test_codec_years_between(void **state)
{
	(void)state;
	assert_int_equal(ssc__years_between(20000229, 20180228), 17);
	assert_int_equal(ssc__years_between(20000229, 20180301), 18);
	assert_int_equal(ssc__years_between(20000229, 20200229), 20);
	assert_int_equal(ssc__years_between(20100615, 20170614), 6);
	assert_int_equal(ssc__years_between(20100615, 20170615), 7);
	assert_int_equal(ssc__years_between(20100615, 20100614), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_hex_round_trip),
		cmocka_unit_test(test_codec_hex_refuses_bad_text),
		cmocka_unit_test(test_codec_date_validity),
		cmocka_unit_test(test_codec_date_from_ms_is_china_time),
		cmocka_unit_test(test_codec_bcd_date),
		cmocka_unit_test(test_codec_bcd_region),
		cmocka_unit_test(test_codec_years_between),
	};
	return cmocka_run_group_tests_name("codec", tests, NULL, NULL);
}
