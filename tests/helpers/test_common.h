/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by every cmocka program: cmocka with the system headers it needs,
 * assert_ssc_ok / assert_ssc_error that print the error record on failure,
 * a controllable clock and a counting allocator that can fail the k-th
 * allocation.
 */
#ifndef SSC_TEST_COMMON_H
#define SSC_TEST_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <socialcard/socialcard.h>

static inline void
ssc_test_print_error(const char *expr, int rc)
{
	const ssc_error *e = ssc_error_last();
	print_error("%s returned %d (%s): message \"%s\", code %d, class %s, "
		    "sw %04X, native %d/%u\n",
		    expr, rc, ssc_error_name(rc) ? ssc_error_name(rc) : "?",
		    e->message, e->code, ssc_error_class_name(e->klass),
		    (unsigned)e->sw, e->native_kind, (unsigned)e->native_code);
}

/** Fails the test, printing the error record, unless expr returns SSC_OK. */
#define assert_ssc_ok(expr)                                                    \
	do {                                                                   \
		int ssc__rc = (expr);                                          \
		if (ssc__rc != SSC_OK) {                                       \
			ssc_test_print_error(#expr, ssc__rc);                  \
			fail_msg("%s is not SSC_OK", #expr);                   \
		}                                                              \
	} while (0)

/** Fails the test unless expr returns exactly `code`, and the error record
 * agrees. */
#define assert_ssc_error(expr, want)                                           \
	do {                                                                   \
		int ssc__rc = (expr);                                          \
		if (ssc__rc != (want) || ssc_error_last()->code != (want)) {   \
			ssc_test_print_error(#expr, ssc__rc);                  \
			fail_msg("%s: expected %s", #expr, #want);             \
		}                                                              \
	} while (0)

/* A clock the test moves by hand (milliseconds since the epoch). */
typedef struct {
	int64_t now_ms;
} ssc_test_clock;

static inline int64_t
ssc_test_clock_fn(void *payload)
{
	return ((ssc_test_clock *)payload)->now_ms;
}

/* A counting allocator: counts live blocks, and fails the fail_at-th
 * allocation (1-based; 0 = never). */
typedef struct {
	long calls;
	long live;
	long fail_at;
	long failures;
} ssc_test_alloc;

static inline void *
ssc_test_alloc_fn(void *ptr, size_t size, void *payload)
{
	ssc_test_alloc *a = payload;
	if (size == 0) {
		if (ptr)
			a->live--;
		free(ptr);
		return NULL;
	}
	a->calls++;
	if (a->fail_at && a->calls == a->fail_at) {
		a->failures++;
		return NULL;
	}
	void *p = realloc(ptr, size);
	if (p && !ptr)
		a->live++;
	return p;
}

/* A context with a fixed clock, the test allocator and an optional
 * region. */
static inline ssc_ctx *
ssc_test_ctx(ssc_test_clock *clock, ssc_test_alloc *alloc, const char *region)
{
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	o.region = region;
	if (clock) {
		o.clock = ssc_test_clock_fn;
		o.clock_payload = clock;
	}
	if (alloc) {
		o.alloc = ssc_test_alloc_fn;
		o.alloc_payload = alloc;
	}
	if (ssc_ctx_new(&ctx, &o) != SSC_OK)
		return NULL;
	return ctx;
}

#endif /* SSC_TEST_COMMON_H */
