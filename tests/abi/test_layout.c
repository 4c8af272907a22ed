/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Frozen layouts of the structs that cross the ABI: an accidental reorder,
 * retype or insertion fails here even where abidiff is not installed.
 * Offsets are for LP64 (x86_64, aarch64); other data models skip.
 * When a struct gains a member, append a check; never edit an old one.
 */
#include <stddef.h>

#include "test_common.h"
#include <socialcard/sys/reader_backend.h>

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
test_layout_reader_v1(void **state)
{
	(void)state;
	OFF(ssc_reader_backend_conn, version, 0);
	OFF(ssc_reader_backend_conn, backend, 8);
	OFF(ssc_reader_backend_conn, protocol, 16);
	OFF(ssc_reader_backend_conn, iface, 20);
	OFF(ssc_reader_backend_conn, reader_name, 24);
	assert_int_equal(sizeof(ssc_reader_backend_conn), 32);
	OFF(ssc_reader_backend, version, 0);
	OFF(ssc_reader_backend, name, 8);
	OFF(ssc_reader_backend, ctx, 16);
	OFF(ssc_reader_backend, list_readers, 24);
	OFF(ssc_reader_backend, connect, 32);
	OFF(ssc_reader_backend, transmit, 40);
	OFF(ssc_reader_backend, disconnect, 48);
	OFF(ssc_reader_backend, free, 56);
	OFF(ssc_reader_backend, atr, 64);
	OFF(ssc_reader_backend, begin_transaction, 72);
	OFF(ssc_reader_backend, end_transaction, 80);
	OFF(ssc_reader_backend, wait_event, 88);
	OFF(ssc_reader_backend, cancel, 96);
	OFF(ssc_reader_backend, reconnect, 104);
	assert_int_equal(sizeof(ssc_reader_backend), 112);
	OFF(ssc_replay_options, version, 0);
	OFF(ssc_replay_options, path, 8);
	OFF(ssc_replay_options, data, 16);
	OFF(ssc_replay_options, size, 24);
	OFF(ssc_replay_options, flags, 32);
	assert_int_equal(sizeof(ssc_replay_options), 40);
	OFF(ssc_sim_options, version, 0);
	OFF(ssc_sim_options, profile_path, 8);
	OFF(ssc_sim_options, profile_json, 16);
	assert_int_equal(sizeof(ssc_sim_options), 24);
	assert_int_equal(SSC_READER_MODE_AUTO_CONTACTLESS_FIRST, 4);
	assert_int_equal(SSC_DISPOSITION_EJECT, 3);
	assert_int_equal(SSC_PROTOCOL_T1, 2);
	assert_int_equal(SSC_INTERFACE_CONTACTLESS, 2);
	assert_int_equal(SSC_READER_EVENT_READER_REMOVED, 8);
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
		cmocka_unit_test(test_layout_reader_v1),
	};
	return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
