/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Frozen layouts of the structs that cross the ABI: an accidental reorder,
 * retype or insertion fails here even where abidiff is not installed.
 * Offsets are for LP64 (x86_64, aarch64); other data models skip.
 * When a struct gains a member, append a check; never edit an old one.
 */
#include <stddef.h>

#include "test_common.h"
#include <socialcard/sys/key_provider.h>

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

static void
test_layout_chip_v1(void **state)
{
	(void)state;
	OFF(ssc_tlv, version, 0);
	OFF(ssc_tlv, tag, 4);
	OFF(ssc_tlv, constructed, 8);
	OFF(ssc_tlv, value, 16);
	OFF(ssc_tlv, len, 24);
	OFF(ssc_tlv, offset, 32);
	OFF(ssc_tlv, size, 40);
	assert_int_equal(sizeof(ssc_tlv), 48);
	OFF(ssc_mac_params, version, 0);
	OFF(ssc_mac_params, alg, 4);
	OFF(ssc_mac_params, padding, 8);
	OFF(ssc_mac_params, truncation, 12);
	OFF(ssc_mac_params, iv, 16);
	OFF(ssc_mac_params, iv_len, 24);
	assert_int_equal(sizeof(ssc_mac_params), 32);
	OFF(ssc_key_provider, version, 0);
	OFF(ssc_key_provider, name, 8);
	OFF(ssc_key_provider, ctx, 16);
	OFF(ssc_key_provider, key_info, 24);
	OFF(ssc_key_provider, mac, 32);
	OFF(ssc_key_provider, cipher, 40);
	OFF(ssc_key_provider, derive, 48);
	OFF(ssc_key_provider, free, 56);
	OFF(ssc_key_provider, aead_seal, 64);
	OFF(ssc_key_provider, aead_open, 72);
	OFF(ssc_key_provider, hmac, 80);
	OFF(ssc_key_provider, random, 88);
	OFF(ssc_key_provider, forget, 96);
	assert_int_equal(sizeof(ssc_key_provider), 104);
	assert_int_equal(SSC_APDU_CASE_4E, 7);
	assert_int_equal(SSC_KEY_TYPE_HMAC_SM3, 5);
	assert_int_equal(SSC_MAC_ALG_SM4_CBC, 3);
	assert_int_equal(SSC_MAC_TRUNC_NONE, 2);
	assert_int_equal(SSC_CIPHER_ECB_DECRYPT, 2);
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
		cmocka_unit_test(test_layout_chip_v1),
	};
	return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
