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

static void
test_layout_rules_situation_v1(void **state)
{
	(void)state;
	OFF(ssc_situation, version, 0);
	OFF(ssc_situation, actor, 4);
	OFF(ssc_situation, channel, 8);
	OFF(ssc_situation, service_point, 16);
	OFF(ssc_situation, outlet_bank, 24);
	OFF(ssc_situation, holder_birth_date, 32);
	OFF(ssc_situation, residency, 36);
	OFF(ssc_situation, insured, 40);
	OFF(ssc_situation, card_facts, 44);
	OFF(ssc_situation, card_bank, 48);
	OFF(ssc_situation, docs, 56);
	OFF(ssc_situation, n_docs, 64);
	OFF(ssc_situation, materials, 72);
	OFF(ssc_situation, n_materials, 80);
	OFF(ssc_situation, evidence, 88);
	OFF(ssc_situation, changes, 92);
	assert_int_equal(sizeof(ssc_situation), 96);
}

static void
test_layout_rules_presented_doc_v1(void **state)
{
	(void)state;
	OFF(ssc_presented_doc, type, 0);
	OFF(ssc_presented_doc, form, 4);
	OFF(ssc_presented_doc, owner, 8);
	assert_int_equal(sizeof(ssc_presented_doc), 12);
}

static void
test_layout_rules_presented_material_v1(void **state)
{
	(void)state;
	OFF(ssc_presented_material, id, 0);
	OFF(ssc_presented_material, flags, 8);
	assert_int_equal(sizeof(ssc_presented_material), 16);
}

static void
test_layout_rules_reason_v1(void **state)
{
	(void)state;
	OFF(ssc_reason, code, 0);
	OFF(ssc_reason, text_zh, 8);
	OFF(ssc_reason, text_en, 16);
	OFF(ssc_reason, source, 24);
	OFF(ssc_reason, rule, 32);
	assert_int_equal(sizeof(ssc_reason), 40);
}

static void
test_layout_rules_material_v1(void **state)
{
	(void)state;
	OFF(ssc_material, id, 0);
	OFF(ssc_material, text_zh, 8);
	OFF(ssc_material, text_en, 16);
	OFF(ssc_material, source, 24);
	OFF(ssc_material, copies, 32);
	OFF(ssc_material, optional, 36);
	OFF(ssc_material, missing, 40);
	assert_int_equal(sizeof(ssc_material), 48);
}

static void
test_layout_rules_deadline_v1(void **state)
{
	(void)state;
	OFF(ssc_deadline, unit, 0);
	OFF(ssc_deadline, amount, 4);
	OFF(ssc_deadline, statutory_working_days, 8);
	OFF(ssc_deadline, due_status, 12);
	OFF(ssc_deadline, due_ms, 16);
	OFF(ssc_deadline, text_zh, 24);
	OFF(ssc_deadline, text_en, 32);
	OFF(ssc_deadline, source, 40);
	assert_int_equal(sizeof(ssc_deadline), 48);
}

static void
test_layout_rules_fee_v1(void **state)
{
	(void)state;
	OFF(ssc_fee, charged, 0);
	OFF(ssc_fee, amount_fen, 8);
	OFF(ssc_fee, text_zh, 16);
	OFF(ssc_fee, text_en, 24);
	OFF(ssc_fee, source, 32);
	assert_int_equal(sizeof(ssc_fee), 40);
}

static void
test_layout_rules_calendar_values(void **state)
{
	(void)state;
	assert_int_equal(SSC_FORM_ELECTRONIC, 3);
	assert_int_equal(SSC_PARTY_GUARDIAN, 3);
	assert_int_equal(SSC_RESIDENCY_FOREIGN, 4);
	assert_int_equal(SSC_FACT_PHOTO_CHANGE, 0x4000);
	assert_int_equal(SSC_EVIDENCE_SIGNATURE, 0x4);
	assert_int_equal(SSC_CHANGE_KEY_MASK, 0xff00);
	assert_int_equal(SSC_DEADLINE_HOURS, 2);
	assert_int_equal(SSC_SITUATION_VERSION, 1);
}

static void
test_layout_rules_service_point_v1(void **state)
{
	(void)state;
	OFF(ssc_service_point, version, 0);
	OFF(ssc_service_point, id, 8);
	OFF(ssc_service_point, kind, 16);
	OFF(ssc_service_point, name, 24);
	OFF(ssc_service_point, address, 32);
	OFF(ssc_service_point, hours, 40);
	OFF(ssc_service_point, phone, 48);
	OFF(ssc_service_point, hall, 56);
	OFF(ssc_service_point, bank, 64);
	OFF(ssc_service_point, capabilities, 72);
	OFF(ssc_service_point, pack, 80);
	assert_int_equal(sizeof(ssc_service_point), 88);
	assert_int_equal(SSC_POINT_LOSS, 0x100);
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
		cmocka_unit_test(test_layout_rules_situation_v1),
		cmocka_unit_test(test_layout_rules_presented_doc_v1),
		cmocka_unit_test(test_layout_rules_presented_material_v1),
		cmocka_unit_test(test_layout_rules_reason_v1),
		cmocka_unit_test(test_layout_rules_material_v1),
		cmocka_unit_test(test_layout_rules_deadline_v1),
		cmocka_unit_test(test_layout_rules_fee_v1),
		cmocka_unit_test(test_layout_rules_calendar_values),
		cmocka_unit_test(test_layout_rules_service_point_v1),
	};
	return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
