/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the working-day calendar: the shipped years against the
 * State Council notices, deadline arithmetic, and the parser's refusals.
 */
#include <stdbool.h>

#include "test_common.h"

static ssc_ctx *ctx;
static ssc_calendar *cal;

static int
setup(void **state)
{
	(void)state;
	ctx = ssc_test_ctx(NULL, NULL, NULL);
	if (!ctx || ssc_calendar_new(&cal, ctx, 0) != SSC_OK)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ssc_calendar_free(cal);
	ssc_ctx_free(ctx);
	return 0;
}

static bool
working(uint32_t date)
{
	int w = -1;
	assert_ssc_ok(ssc_calendar_is_working_day(&w, cal, date));
	return w == 1;
}

/* 国办发明电〔2023〕7号: 春节 2月10日至17日, 2月4日、2月18日上班. */
static void
test_calendar_2024_spring_festival(void **state)
{
	(void)state;
	assert_true(working(20240204)); /* Sunday worked */
	assert_true(working(20240209)); /* Friday before */
	for (uint32_t d = 20240210; d <= 20240217; d++)
		assert_false(working(d));
	assert_true(working(20240218)); /* Sunday worked */
	assert_false(working(20240101));
	assert_true(working(20240407));
	assert_true(working(20240428));
	assert_true(working(20240511));
	assert_false(working(20240610));
	assert_true(working(20240914));
	assert_false(working(20240916));
	assert_true(working(20240929));
	assert_false(working(20241007));
	assert_true(working(20241012));
	assert_false(working(20241013)); /* ordinary Sunday */
}

/* 国办发明电〔2024〕12号: 春节 1月28日至2月4日, 1月26日、2月8日上班;
 * 劳动节 4月27日上班; 国庆中秋 10月1日至8日, 9月28日、10月11日上班. */
static void
test_calendar_2025_notice(void **state)
{
	(void)state;
	assert_true(working(20250126));
	assert_false(working(20250128));
	assert_false(working(20250204));
	assert_true(working(20250205));
	assert_true(working(20250208));
	assert_false(working(20250404));
	assert_true(working(20250427));
	assert_false(working(20250505));
	assert_false(working(20250602));
	assert_true(working(20250928));
	assert_false(working(20251008));
	assert_true(working(20251011));
}

/* 2026 notice of 2025-11-04. */
static void
test_calendar_2026_notice(void **state)
{
	(void)state;
	assert_false(working(20260102));
	assert_true(working(20260104));
	assert_true(working(20260214));
	assert_false(working(20260216));
	assert_false(working(20260223));
	assert_true(working(20260228));
	assert_false(working(20260406));
	assert_false(working(20260505));
	assert_true(working(20260509));
	assert_false(working(20260619));
	assert_false(working(20260925));
	assert_true(working(20260920));
	assert_false(working(20261007));
	assert_true(working(20261010));
}

static void
test_calendar_add_working_days(void **state)
{
	uint32_t out;
	(void)state;
	/* 1 working day from the Friday before Spring Festival 2024. */
	assert_ssc_ok(ssc_calendar_add_working_days(&out, cal, 20240209, 1));
	assert_int_equal(out, 20240218);
	/* 5 working days from 2025-01-24 (Fri): 26(Sun), 27, 5, 6, 7. */
	assert_ssc_ok(ssc_calendar_add_working_days(&out, cal, 20250124, 5));
	assert_int_equal(out, 20250207);
	/* 10 working days from 2025-09-26 (Fri): 28, 29, 30, 9, 10, 11, 13..16 */
	assert_ssc_ok(ssc_calendar_add_working_days(&out, cal, 20250926, 10));
	assert_int_equal(out, 20251016);
	/* 0 from a holiday: the next working day. */
	assert_ssc_ok(ssc_calendar_add_working_days(&out, cal, 20251001, 0));
	assert_int_equal(out, 20251009);
	assert_ssc_ok(ssc_calendar_add_working_days(&out, cal, 20251009, 0));
	assert_int_equal(out, 20251009);
	/* 20 statutory working days across the year end. */
	assert_ssc_ok(ssc_calendar_add_working_days(&out, cal, 20251215, 20));
	assert_int_equal(out, 20260113);
}

static void
test_calendar_between(void **state)
{
	int n;
	(void)state;
	assert_ssc_ok(ssc_calendar_working_days_between(&n, cal, 20250124,
							20250207));
	assert_int_equal(n, 5);
	assert_ssc_ok(ssc_calendar_working_days_between(&n, cal, 20250207,
							20250124));
	assert_int_equal(n, -5);
	assert_ssc_ok(ssc_calendar_working_days_between(&n, cal, 20250101,
							20250101));
	assert_int_equal(n, 0);
	/* 2025: 261 weekdays - 18 holiday weekdays (1 + 6 + 1 + 3 + 1 + 6)
	 * + 5 adjusted working days = 248. */
	assert_ssc_ok(ssc_calendar_working_days_between(&n, cal, 20241231,
							20251231));
	assert_int_equal(n, 248);
	/* 2024: 262 - 19 + 8 = 251; 2026: 261 - 19 + 6 = 248. */
	assert_ssc_ok(ssc_calendar_working_days_between(&n, cal, 20231231,
							20241231));
	assert_int_equal(n, 251);
	assert_ssc_error(ssc_calendar_working_days_between(&n, cal, 20231230,
							   20241231),
			 SSC_ECALENDAR);
	assert_ssc_ok(ssc_calendar_working_days_between(&n, cal, 20260101,
							20261231));
	assert_int_equal(n, 248);
}

static void
test_calendar_outside_years(void **state)
{
	uint32_t out;
	int w;
	(void)state;
	assert_ssc_error(ssc_calendar_is_working_day(&w, cal, 20230505),
			 SSC_ECALENDAR);
	assert_ssc_error(ssc_calendar_add_working_days(&out, cal, 20261225,
						       10),
			 SSC_ECALENDAR);
	assert_ssc_error(ssc_calendar_is_working_day(&w, cal, 20250230),
			 SSC_EINVAL);
	assert_false(ssc_calendar_has_year(cal, 2027));
	assert_true(ssc_calendar_has_year(cal, 2026));
}

static void
test_calendar_deadlines(void **state)
{
	int64_t out;
	/* 2025-01-24 10:00 China time = 02:00 UTC. */
	int64_t start = 1737684000000LL;
	uint32_t d;
	(void)state;
	assert_ssc_ok(ssc_date_from_time(&d, start));
	assert_int_equal(d, 20250124);
	/* 23:30 UTC on 2025-01-23 is already the 24th in China. */
	assert_ssc_ok(ssc_date_from_time(&d, 1737675000000LL));
	assert_int_equal(d, 20250124);
	assert_ssc_ok(ssc_calendar_deadline(&out, cal, start,
					    SSC_DEADLINE_WORKING_DAYS, 5));
	/* End of 2025-02-07 China time = 2025-02-07T15:59:59.999Z. */
	assert_int_equal(out, 1738943999999LL);
	assert_ssc_ok(ssc_calendar_deadline(&out, cal, start,
					    SSC_DEADLINE_HOURS, 96));
	assert_int_equal(out, start + 96LL * 3600 * 1000);
	assert_ssc_ok(ssc_calendar_deadline(&out, NULL, start,
					    SSC_DEADLINE_HOURS, 24));
	assert_int_equal(out, start + 24LL * 3600 * 1000);
	assert_ssc_error(ssc_calendar_deadline(&out, cal, start, 9, 1),
			 SSC_EINVAL);
	/* 2023: not loaded. */
	assert_ssc_error(ssc_calendar_deadline(&out, cal, 1680000000000LL,
					       SSC_DEADLINE_WORKING_DAYS, 1),
			 SSC_ECALENDAR);
}

static void
expect_parse_error(const char *json, const char *needle)
{
	ssc_calendar *c = NULL;
	assert_ssc_ok(ssc_calendar_new(&c, ctx, SSC_CALENDAR_EMPTY));
	assert_ssc_error(ssc_calendar_load_json(c, json, strlen(json)),
			 SSC_EPARSE);
	if (!strstr(ssc_error_last()->message, needle))
		fail_msg("message \"%s\" lacks \"%s\"",
			 ssc_error_last()->message, needle);
	assert_false(ssc_calendar_has_year(c, 2030));
	ssc_calendar_free(c);
}

static void
test_calendar_parse_errors(void **state)
{
	(void)state;
	expect_parse_error("{\n \"format\": 1,\n \"year\": 2030,\n x}",
			   "line 4");
	expect_parse_error("{\"format\":2,\"year\":2030}", "format");
	expect_parse_error("{\"format\":1,\"year\":2030,\"source\":\"n\","
			   "\"holidays\":[{\"name\":\"a\",\"from\":"
			   "\"2030-01-01\",\"to\":\"2030-13-01\"}],"
			   "\"workdays\":[]}",
			   "holidays[0].to");
	expect_parse_error("{\"format\":1,\"year\":2030,\"source\":\"n\","
			   "\"holidays\":[],\"workdays\":[\"2030-01-07\"]}",
			   "workdays[0]"); /* a Monday */
	expect_parse_error("{\"format\":1,\"year\":2030,\"source\":\"n\","
			   "\"holidays\":[],\"workdays\":[],\"extra\":1}",
			   "extra");
	expect_parse_error("{\"format\":1,\"year\":2030,\"year\":2031}",
			   "duplicate");
	expect_parse_error("{\"format\":1,\"year\":2030,"
			   "\"holidays\":[],\"workdays\":[]}", "source");
}

static void
test_calendar_load_file(void **state)
{
	ssc_calendar *c = NULL;
	char path[1024];
	int w;
	(void)state;
	assert_non_null(getenv("SSC_SOURCE_ROOT"));
	snprintf(path, sizeof path, "%s/data/calendar/2025.json",
		 getenv("SSC_SOURCE_ROOT"));
	assert_ssc_ok(ssc_calendar_new(&c, ctx, SSC_CALENDAR_EMPTY));
	assert_false(ssc_calendar_has_year(c, 2025));
	assert_ssc_ok(ssc_calendar_load_file(c, path));
	assert_ssc_ok(ssc_calendar_is_working_day(&w, c, 20250126));
	assert_int_equal(w, 1);
	assert_ssc_error(ssc_calendar_is_working_day(&w, c, 20240126),
			 SSC_ECALENDAR);
	assert_ssc_error(ssc_calendar_load_file(c, "/nonexistent/x.json"),
			 SSC_EOS);
	ssc_calendar_free(c);
	ssc_calendar_free(NULL);
}

static void
test_calendar_alloc_failures(void **state)
{
	(void)state;
	for (long k = 1; k < 40; k++) {
		ssc_test_alloc a = { 0, 0, k, 0 };
		ssc_ctx *c = ssc_test_ctx(NULL, &a, NULL);
		ssc_calendar *cc = NULL;
		if (!c)
			continue;
		if (ssc_calendar_new(&cc, c, 0) == SSC_OK)
			ssc_calendar_free(cc);
		ssc_ctx_free(c);
		assert_int_equal(a.live, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar_2024_spring_festival),
		cmocka_unit_test(test_calendar_2025_notice),
		cmocka_unit_test(test_calendar_2026_notice),
		cmocka_unit_test(test_calendar_add_working_days),
		cmocka_unit_test(test_calendar_between),
		cmocka_unit_test(test_calendar_outside_years),
		cmocka_unit_test(test_calendar_deadlines),
		cmocka_unit_test(test_calendar_parse_errors),
		cmocka_unit_test(test_calendar_load_file),
		cmocka_unit_test(test_calendar_alloc_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
