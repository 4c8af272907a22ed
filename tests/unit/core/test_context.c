/* SPDX-License-Identifier: Apache-2.0 */
/* ssc_ctx: options versioning, clock, region, logging, allocator. */
#include "test_common.h"
#include "internal.h"

static void
test_context_defaults(void **state)
{
	(void)state;
	ssc_ctx *ctx = NULL;
	assert_ssc_ok(ssc_ctx_new(&ctx, NULL));
	assert_non_null(ctx);
	assert_null(ssc_ctx_region(ctx));
	assert_true(ssc_ctx_now(ctx) > 1700000000000LL);
	ssc_ctx_free(ctx);
	ssc_ctx_free(NULL);
}

static void
test_context_options_version_zero_refused(void **state)
{
	(void)state;
	ssc_ctx_options o;
	ssc_ctx *ctx = (ssc_ctx *)&o; /* must be reset to NULL */
	memset(&o, 0, sizeof(o));
	assert_ssc_error(ssc_ctx_new(&ctx, &o), SSC_EVERSION);
	assert_null(ctx);
	assert_non_null(strstr(ssc_error_last()->message,
			       "unsupported version 0 of ssc_ctx_options"));
	assert_ssc_error(ssc_ctx_options_init(&o, 0), SSC_EVERSION);
}

static void
test_context_options_future_version_refused(void **state)
{
	(void)state;
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	o.version = SSC_CTX_OPTIONS_VERSION + 1;
	assert_ssc_error(ssc_ctx_new(&ctx, &o), SSC_EVERSION);
	assert_null(ctx);
	assert_ssc_error(ssc_ctx_options_init(&o, SSC_CTX_OPTIONS_VERSION + 1),
			 SSC_EVERSION);
}

static void
test_context_options_init(void **state)
{
	(void)state;
	ssc_ctx_options o;
	memset(&o, 0xAB, sizeof(o));
	assert_ssc_ok(ssc_ctx_options_init(&o, SSC_CTX_OPTIONS_VERSION));
	assert_int_equal(o.version, SSC_CTX_OPTIONS_VERSION);
	assert_null(o.region);
	assert_null(o.log);
	assert_null(o.clock);
	assert_null(o.alloc);
	assert_int_equal(o.flags, 0);
}

static void
test_context_clock_injected(void **state)
{
	(void)state;
	ssc_test_clock clock = { 1735689600000LL };
	ssc_ctx *ctx = ssc_test_ctx(&clock, NULL, "450221");
	assert_non_null(ctx);
	assert_int_equal(ssc_ctx_now(ctx), 1735689600000LL);
	clock.now_ms += 96LL * 3600 * 1000;
	assert_int_equal(ssc_ctx_now(ctx), 1735689600000LL + 345600000LL);
	assert_string_equal(ssc_ctx_region(ctx), "450221");
	ssc_ctx_free(ctx);
}

static void
test_context_region_validated(void **state)
{
	(void)state;
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	const char *bad[] = { "", "50000", "5000000", "50000a", "'; --" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.region = bad[i];
		assert_ssc_error(ssc_ctx_new(&ctx, &o), SSC_EINVAL);
		assert_null(ctx);
	}
	o.region = "500000";
	assert_ssc_ok(ssc_ctx_new(&ctx, &o));
	assert_ssc_error(ssc_ctx_set_region(ctx, "12"), SSC_EINVAL);
	assert_string_equal(ssc_ctx_region(ctx), "500000");
	assert_ssc_ok(ssc_ctx_set_region(ctx, "450100"));
	assert_string_equal(ssc_ctx_region(ctx), "450100");
	assert_ssc_ok(ssc_ctx_set_region(ctx, NULL));
	assert_null(ssc_ctx_region(ctx));
	ssc_ctx_free(ctx);
}

static void
test_context_reserved_flags(void **state)
{
	(void)state;
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	o.flags = 1;
	assert_ssc_error(ssc_ctx_new(&ctx, &o), SSC_EINVAL);
	o.flags = 0;
	o.log_level = 42;
	assert_ssc_error(ssc_ctx_new(&ctx, &o), SSC_EINVAL);
}

struct log_capture {
	int count;
	int last_level;
	char last[256];
};

static void
capture_log(int level, const char *message, void *payload)
{
	struct log_capture *c = payload;
	c->count++;
	c->last_level = level;
	snprintf(c->last, sizeof(c->last), "%s", message);
}

static void
test_context_log_levels(void **state)
{
	(void)state;
	struct log_capture cap = { 0, 0, "" };
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	o.log = capture_log;
	o.log_payload = &cap;
	assert_ssc_ok(ssc_ctx_new(&ctx, &o));
	ssc__log(ctx, SSC_LOG_INFO, "hello %d", 1);
	ssc__log(ctx, SSC_LOG_DEBUG, "hidden");
	assert_int_equal(cap.count, 1);
	assert_string_equal(cap.last, "hello 1");
	assert_ssc_ok(ssc_ctx_set_log_level(ctx, SSC_LOG_TRACE));
	ssc__log(ctx, SSC_LOG_TRACE, "trace");
	assert_int_equal(cap.count, 2);
	assert_int_equal(cap.last_level, SSC_LOG_TRACE);
	assert_ssc_ok(ssc_ctx_set_log_level(ctx, SSC_LOG_NONE));
	ssc__log(ctx, SSC_LOG_ERROR, "off");
	assert_int_equal(cap.count, 2);
	assert_ssc_error(ssc_ctx_set_log_level(ctx, 6), SSC_EINVAL);
	ssc_ctx_free(ctx);
}

static void
test_context_allocator_hook(void **state)
{
	(void)state;
	ssc_test_alloc a = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &a, NULL);
	assert_non_null(ctx);
	assert_int_equal(a.live, 1);
	char *s = ssc__strdup(ctx, "abc");
	assert_non_null(s);
	assert_int_equal(a.live, 2);
	ssc__free(ctx, s);
	ssc_buf b = SSC_BUF_INIT;
	ssc__buf_bind(&b, ctx);
	assert_ssc_ok(ssc__buf_puts(&b, "hello"));
	assert_int_equal(a.live, 2);
	/* The buffer outlives a reference-dropped context safely. */
	ssc_ctx_free(ctx);
	assert_int_equal(a.live, 1);
	ssc_buf_dispose(&b);
	assert_int_equal(a.live, 0);
}

static void
test_context_allocation_failure(void **state)
{
	(void)state;
	/* Fail every allocation of ssc_ctx_new in turn. */
	for (long k = 1;; k++) {
		ssc_test_alloc a = { 0, 0, k, 0 };
		ssc_ctx *ctx = ssc_test_ctx(NULL, &a, NULL);
		if (a.failures == 0) {
			assert_non_null(ctx);
			ssc_ctx_free(ctx);
			assert_int_equal(a.live, 0);
			break;
		}
		assert_null(ctx);
		assert_int_equal(ssc_error_last()->code, SSC_ENOMEM);
		assert_int_equal(a.live, 0);
	}
}

static void
test_context_refcount(void **state)
{
	(void)state;
	ssc_test_alloc a = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &a, NULL);
	assert_ptr_equal(ssc_ctx_ref(ctx), ctx);
	ssc_ctx_free(ctx);
	assert_int_equal(a.live, 1);
	ssc_ctx_free(ctx);
	assert_int_equal(a.live, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_context_defaults),
		cmocka_unit_test(test_context_options_version_zero_refused),
		cmocka_unit_test(test_context_options_future_version_refused),
		cmocka_unit_test(test_context_options_init),
		cmocka_unit_test(test_context_clock_injected),
		cmocka_unit_test(test_context_region_validated),
		cmocka_unit_test(test_context_reserved_flags),
		cmocka_unit_test(test_context_log_levels),
		cmocka_unit_test(test_context_allocator_hook),
		cmocka_unit_test(test_context_allocation_failure),
		cmocka_unit_test(test_context_refcount),
	};
	return cmocka_run_group_tests_name("context", tests, NULL, NULL);
}
