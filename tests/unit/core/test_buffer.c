/* SPDX-License-Identifier: Apache-2.0 */
/* ssc_buf: growth, NUL termination, set/dispose, allocation failure. */
#include "test_common.h"
#include "internal.h"

static void
test_buffer_put_and_terminate(void **state)
{
	(void)state;
	ssc_buf b = SSC_BUF_INIT;
	assert_ssc_ok(ssc__buf_puts(&b, "abc"));
	assert_int_equal(b.size, 3);
	assert_string_equal(b.ptr, "abc");
	for (int i = 0; i < 1000; i++)
		assert_ssc_ok(ssc__buf_putc(&b, 'x'));
	assert_int_equal(b.size, 1003);
	assert_int_equal(b.ptr[1003], '\0');
	assert_true(b.asize > b.size);
	assert_ssc_ok(ssc__buf_printf(&b, "%d-%s", 42, "z"));
	assert_int_equal(b.size, 1007);
	assert_memory_equal(b.ptr + 1003, "42-z", 5);
	ssc_buf_dispose(&b);
	assert_null(b.ptr);
	assert_int_equal(b.size, 0);
	ssc_buf_dispose(&b);
	ssc_buf_dispose(NULL);
}

static void
test_buffer_set_binary(void **state)
{
	(void)state;
	ssc_buf b = SSC_BUF_INIT;
	const uint8_t bytes[] = { 0x00, 0xFF, 0x00, 0x61 };
	assert_ssc_ok(ssc_buf_set(&b, bytes, sizeof(bytes)));
	assert_int_equal(b.size, 4);
	assert_memory_equal(b.ptr, bytes, 4);
	assert_ssc_ok(ssc_buf_set(&b, NULL, 0));
	assert_int_equal(b.size, 0);
	assert_string_equal(b.ptr, "");
	assert_ssc_error(ssc_buf_set(&b, NULL, 3), SSC_EINVAL);
	assert_ssc_error(ssc_buf_set(NULL, "a", 1), SSC_EINVAL);
	ssc_buf_dispose(&b);
}

static void
test_buffer_allocation_failure_keeps_contents(void **state)
{
	(void)state;
	ssc_test_alloc a = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &a, NULL);
	ssc_buf b = SSC_BUF_INIT;
	ssc__buf_bind(&b, ctx);
	assert_ssc_ok(ssc__buf_puts(&b, "keep"));
	a.fail_at = a.calls + 1;
	assert_ssc_error(ssc_buf_set(&b, "a much longer replacement text that "
					 "needs a new block",
				     53),
			 SSC_ENOMEM);
	assert_string_equal(b.ptr, "keep");
	ssc_buf_dispose(&b);
	ssc_ctx_free(ctx);
	assert_int_equal(a.live, 0);
}

static void
test_buffer_clear_and_detach(void **state)
{
	(void)state;
	ssc_buf b = SSC_BUF_INIT;
	assert_ssc_ok(ssc__buf_puts(&b, "123456"));
	ssc__buf_clear(&b);
	assert_int_equal(b.size, 0);
	assert_ssc_ok(ssc__buf_puts(&b, "z"));
	char *p = ssc__buf_detach(&b);
	assert_string_equal(p, "z");
	assert_null(b.ptr);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buffer_put_and_terminate),
		cmocka_unit_test(test_buffer_set_binary),
		cmocka_unit_test(test_buffer_allocation_failure_keeps_contents),
		cmocka_unit_test(test_buffer_clear_and_detach),
	};
	return cmocka_run_group_tests_name("buffer", tests, NULL, NULL);
}
