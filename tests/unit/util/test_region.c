/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the compiled GB/T 2260 table. */
#include "test_common.h"

#include "util/codec_int.h"

static void
test_region_seed_regions(void **state)
{
	(void)state;
	assert_string_equal(ssc_region_name("450206"), "柳江区");
	assert_string_equal(ssc_region_parent("450206"), "450200");
	assert_string_equal(ssc_region_name("450200"), "柳州市");
	assert_string_equal(ssc_region_parent("450200"), "450000");
	assert_string_equal(ssc_region_name("450000"), "广西壮族自治区");
	assert_null(ssc_region_parent("450000"));
	assert_int_equal(ssc_region_level_of("450000"),
			 SSC_REGION_LEVEL_PROVINCE);
	assert_int_equal(ssc_region_level_of("450200"),
			 SSC_REGION_LEVEL_PREFECTURE);
	assert_int_equal(ssc_region_level_of("450206"), SSC_REGION_LEVEL_COUNTY);
	assert_true(ssc_region_is_current("450206"));
	assert_string_equal(ssc_region_name("450100"), "南宁市");
	assert_string_equal(ssc_region_name("450181"), "横州市");
	assert_string_equal(ssc_region_name("430682"), "临湘市");
	assert_string_equal(ssc_region_parent("430682"), "430600");
	assert_string_equal(ssc_region_name("430600"), "岳阳市");
	assert_string_equal(ssc_region_name("500000"), "重庆市");
	assert_string_equal(ssc_region_name("500243"), "彭水苗族土家族自治县");
	assert_string_equal(ssc_region_parent("500243"), "500200");
	assert_string_equal(ssc_region_parent("500101"), "500100");
	assert_string_equal(ssc_region_parent("500100"), "500000");
}

static void
test_region_history(void **state)
{
	(void)state;
	assert_string_equal(ssc_region_name("450221"), "柳江县");
	assert_false(ssc_region_is_current("450221"));
	assert_string_equal(ssc_region_successor("450221"), "450206");
	assert_int_equal(ssc_region_abolished_year("450221"), 2016);
	assert_string_equal(ssc_region_parent("450221"), "450200");
	assert_null(ssc_region_successor("450206"));
	assert_int_equal(ssc_region_abolished_year("450206"), 0);
	assert_string_equal(ssc_region_successor("500234"), "500154");
}

static void
test_region_table_shape(void **state)
{
	size_t provinces = 0, prefectures = 0, chongqing = 0;
	(void)state;

	for (size_t i = 0; i < ssc__region_count; i++) {
		const ssc__region_entry *e = &ssc__region_table[i];
		if (i)
			assert_true(strcmp(ssc__region_table[i - 1].code,
					   e->code) < 0);
		provinces += e->level == SSC_REGION_LEVEL_PROVINCE;
		prefectures += e->level == SSC_REGION_LEVEL_PREFECTURE &&
			       e->abolished == 0;
		chongqing += e->level == SSC_REGION_LEVEL_COUNTY &&
			     !strncmp(e->code, "50", 2) && e->abolished == 0;
	}
	assert_int_equal(provinces, 34);
	/* 333 prefecture-level divisions + the pseudo-prefectures of the four
	 * municipalities (5) and of province-administered counties (4) */
	assert_int_equal(prefectures, 333 + 5 + 4);
	assert_int_equal(chongqing, 38);
}

static void
test_region_unknown_codes(void **state)
{
	(void)state;
	assert_null(ssc_region_name("999999"));
	assert_null(ssc_region_name("45020"));
	assert_null(ssc_region_name("4502061"));
	assert_null(ssc_region_name(NULL));
	assert_null(ssc_region_parent("999999"));
	assert_int_equal(ssc_region_level_of("abcdef"), SSC_REGION_LEVEL_UNSET);
	assert_false(ssc_region_is_current("999999"));
	assert_true(ssc__region_province_known("830000"));
	assert_false(ssc__region_province_known("990000"));
	assert_string_equal(ssc_region_level_name(SSC_REGION_LEVEL_COUNTY),
			    "county");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_region_seed_regions),
		cmocka_unit_test(test_region_history),
		cmocka_unit_test(test_region_table_shape),
		cmocka_unit_test(test_region_unknown_codes),
	};
	return cmocka_run_group_tests_name("region", tests, NULL, NULL);
}
