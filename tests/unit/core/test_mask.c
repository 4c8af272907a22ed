/* SPDX-License-Identifier: Apache-2.0 */
/* Masking of ID numbers, names and account numbers. */
#include "test_common.h"
#include "internal.h"

static void
check_id(const char *in, const char *want)
{
	ssc_buf b = SSC_BUF_INIT;
	assert_ssc_ok(ssc_mask_id_number(&b, in));
	assert_string_equal(b.ptr, want);
	ssc_buf_dispose(&b);
}

static void
check_name(const char *in, const char *want)
{
	ssc_buf b = SSC_BUF_INIT;
	assert_ssc_ok(ssc_mask_name(&b, in));
	assert_string_equal(b.ptr, want);
	ssc_buf_dispose(&b);
}

static void
test_mask_id_numbers(void **state)
{
	(void)state;
	check_id("110101199003071234", "110101********1234");
	check_id("11010519491231002X", "110105********002X");
	check_id("110105491231002", "110105*****1002");
	check_id("1234567890", "**********");
	check_id("", "");
	/* Non-ASCII bytes in the kept ends never print raw. */
	check_id("\xe5\xbc\xa0\xe4\xb8\x89" "123456789012", "******" "********9012");
}

static void
test_mask_names(void **state)
{
	(void)state;
	check_name("张三", "张*");
	check_name("欧阳娜娜", "欧***");
	check_name("张", "*");
	check_name("𠮷野家", "𠮷**");
	check_name("Li Lei", "L*****");
	check_name("", "");
	ssc_buf b = SSC_BUF_INIT;
	assert_ssc_error(ssc_mask_name(&b, "\xff\xfe"), SSC_EINVAL);
	assert_ssc_error(ssc_mask_name(&b, "\xed\xa0\x80"), SSC_EINVAL);
	assert_ssc_error(ssc_mask_name(NULL, "x"), SSC_EINVAL);
	assert_null(b.ptr);
}

static void
test_mask_numbers(void **state)
{
	(void)state;
	ssc_buf b = SSC_BUF_INIT;
	assert_ssc_ok(ssc_mask_number(&b, "6217000010001234567", 4, 4));
	assert_string_equal(b.ptr, "6217***********4567");
	assert_ssc_ok(ssc_mask_number(&b, "13800138000", 3, 4));
	assert_string_equal(b.ptr, "138****8000");
	assert_ssc_ok(ssc_mask_number(&b, "12345", 2, 2));
	assert_string_equal(b.ptr, "*****");
	ssc_buf_dispose(&b);
}

static void
test_mask_internal_never_overflows(void **state)
{
	(void)state;
	char big[1000], out[SSC__MASK_MAX];
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ssc__mask_id(out, big);
	assert_int_equal(strlen(out), SSC__MASK_MAX - 1);
	ssc__mask_id(out, NULL);
	assert_string_equal(out, "(null)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_id_numbers),
		cmocka_unit_test(test_mask_names),
		cmocka_unit_test(test_mask_numbers),
		cmocka_unit_test(test_mask_internal_never_overflows),
	};
	return cmocka_run_group_tests_name("mask", tests, NULL, NULL);
}
