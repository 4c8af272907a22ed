/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Frozen layouts of the structs that cross the ABI: an accidental reorder,
 * retype or insertion fails here even where abidiff is not installed.
 * Offsets are for LP64 (x86_64, aarch64); other data models skip.
 * When a struct gains a member, append a check; never edit an old one.
 */
#include <stddef.h>

#include "test_common.h"

#define OFF(type, member, value) assert_int_equal(offsetof(type, member), value)

static void
test_layout_ctx_options_v1(void **state)
{
	(void)state;
	OFF(ssc_ctx_options, version, 0);
	OFF(ssc_ctx_options, region, 8);
	OFF(ssc_ctx_options, log, 16);
	OFF(ssc_ctx_options, log_payload, 24);
	OFF(ssc_ctx_options, log_level, 32);
	OFF(ssc_ctx_options, clock, 40);
	OFF(ssc_ctx_options, clock_payload, 48);
	OFF(ssc_ctx_options, alloc, 56);
	OFF(ssc_ctx_options, alloc_payload, 64);
	OFF(ssc_ctx_options, flags, 72);
	assert_int_equal(sizeof(ssc_ctx_options), 80);
}

static void
test_layout_error_v1(void **state)
{
	(void)state;
	OFF(ssc_error, message, 0);
	OFF(ssc_error, code, 8);
	OFF(ssc_error, klass, 12);
	OFF(ssc_error, sw, 16);
	OFF(ssc_error, native_kind, 20);
	OFF(ssc_error, native_code, 24);
	assert_int_equal(sizeof(ssc_error), 32);
}

static void
test_layout_buf(void **state)
{
	(void)state;
	OFF(ssc_buf, ptr, 0);
	OFF(ssc_buf, size, 8);
	OFF(ssc_buf, asize, 16);
	OFF(ssc_buf, alloc, 24);
	OFF(ssc_buf, alloc_payload, 32);
	assert_int_equal(sizeof(ssc_buf), 40);
}

/* Enum values are ABI too. */
static void
test_layout_enum_values(void **state)
{
	(void)state;
	assert_int_equal(SSC_ENOTELIGIBLE, -101);
	assert_int_equal(SSC_ECARDREMOVED, -303);
	assert_int_equal(SSC_ECONFLICT, -402);
	assert_int_equal(SSC_CHANNEL_PHONE, 5);
	assert_int_equal(SSC_DOC_SS_CARD, 11);
	assert_int_equal(SSC_SERVICE_ROLLBACK, 21);
	assert_int_equal(SSC_LOG_TRACE, 5);
}

/* ssc_idnumber_info v1 and the model's enum values (issue 3). */
static void
test_layout_idnumber_info_v1(void **state)
{
	(void)state;
	OFF(ssc_idnumber_info, version, 0);
	OFF(ssc_idnumber_info, reason, 4);
	OFF(ssc_idnumber_info, number, 8);
	OFF(ssc_idnumber_info, region, 27);
	OFF(ssc_idnumber_info, birth_date, 36);
	OFF(ssc_idnumber_info, sex, 40);
	OFF(ssc_idnumber_info, legacy, 44);
	OFF(ssc_idnumber_info, kind, 48);
	assert_int_equal(sizeof(ssc_idnumber_info), 52);
	assert_int_equal(SSC_ID_KIND_FOREIGN_PR, 3);
	assert_int_equal(SSC_ID_REASON_FUTURE, 6);
	assert_int_equal(SSC_SEX_UNSPECIFIED, 9);
	assert_int_equal(SSC_CARD_STATE_EXPIRED, 14);
	assert_int_equal(SSC_FIN_STATE_CLOSED, 5);
	assert_int_equal(SSC_PIN_STATE_LOCKED, 2);
	assert_int_equal(SSC_RESIDENCY_FOREIGN, 5);
	assert_int_equal(SSC_INSURED_SUSPENDED, 3);
	assert_int_equal(SSC_AGE_BAND_ADULT, 4);
	assert_int_equal(SSC_REGION_LEVEL_COUNTY, 3);
	assert_int_equal(SSC_CHARSET_GBK, 2);
}

int
main(void)
{
	if (sizeof(void *) != 8 || sizeof(long) != 8) {
		printf("not an LP64 platform: layout test skipped\n");
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_ctx_options_v1),
		cmocka_unit_test(test_layout_error_v1),
		cmocka_unit_test(test_layout_buf),
		cmocka_unit_test(test_layout_enum_values),
		cmocka_unit_test(test_layout_idnumber_info_v1),
	};
	return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
