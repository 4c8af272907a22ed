/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of lib/util/idnumber.c: every reason code with real-shaped
 * numbers, the official GB 11643 examples, the legacy form. */
#include "test_common.h"

#define TODAY 20261125

static int
parse(const char *text, ssc_idnumber_info *info)
{
	ssc_idnumber_info_init(info, SSC_IDNUMBER_INFO_VERSION);
	return ssc_idnumber_parse_at(info, text, TODAY);
}

static void
test_idnumber_official_examples(void **state)
{
	ssc_idnumber_info i = SSC_IDNUMBER_INFO_INIT;
	(void)state;

	assert_ssc_ok(parse("11010519491231002X", &i));
	assert_string_equal(i.number, "11010519491231002X");
	assert_string_equal(i.region, "110105");
	assert_int_equal(i.birth_date, 19491231);
	assert_int_equal(i.sex, SSC_SEX_FEMALE);
	assert_int_equal(i.reason, SSC_ID_REASON_NONE);
	assert_ssc_ok(parse("440524188001010014", &i));
	assert_int_equal(i.birth_date, 18800101);
	assert_int_equal(i.sex, SSC_SEX_MALE);
	assert_int_equal(ssc_idnumber_check_char("11010519491231002"), 'X');
	assert_int_equal(ssc_idnumber_check_char("44052418800101001"), '4');
	assert_int_equal(ssc_idnumber_check_char("4405241880010100a"), '\0');
}

static void
test_idnumber_normalises(void **state)
{
	ssc_idnumber_info i;
	(void)state;

	assert_ssc_ok(parse(" 11010519491231002x ", &i));
	assert_string_equal(i.number, "11010519491231002X");
	/* Liujiang: current district code and the old county code */
	assert_ssc_ok(parse("450206199001011232", &i));
	assert_string_equal(i.region, "450206");
	assert_ssc_ok(parse("450221198506150026", &i));
	/* 29 February of a leap year */
	assert_ssc_ok(parse("430682202002290017", &i));
	assert_int_equal(i.birth_date, 20200229);
	/* HK residence permit prefix 81 */
	assert_ssc_ok(parse("810000199001010019", &i));
	/* born today is fine; with today 0 the future check is off */
	assert_ssc_ok(parse("110105202611250016", &i));
	ssc_idnumber_info_init(&i, SSC_IDNUMBER_INFO_VERSION);
	assert_ssc_ok(ssc_idnumber_parse_at(&i, "45020620300101001X", 0));
}

static void
test_idnumber_kinds(void **state)
{
	ssc_idnumber_info i;
	(void)state;

	assert_ssc_ok(parse("11010519491231002X", &i));
	assert_int_equal(i.kind, SSC_ID_KIND_CITIZEN);
	assert_ssc_ok(parse("830000199001010020", &i));
	assert_int_equal(i.kind, SSC_ID_KIND_HMT_PERMIT);
	assert_int_equal(i.sex, SSC_SEX_FEMALE);
	/* foreign permanent residence card: 9, Beijing (11), 840, birth date */
	assert_ssc_ok(parse("911840198001010013", &i));
	assert_int_equal(i.kind, SSC_ID_KIND_FOREIGN_PR);
	assert_string_equal(i.region, "110000");
	assert_int_equal(i.birth_date, 19800101);
	assert_int_equal(i.sex, SSC_SEX_UNSET);
	/* unknown province of issue */
	assert_ssc_error(parse("999840198001010015", &i), SSC_EBADID);
	assert_int_equal(i.reason, SSC_ID_REASON_REGION);
	assert_int_equal(i.kind, SSC_ID_KIND_UNSET);
	assert_string_equal(ssc_id_kind_name(SSC_ID_KIND_FOREIGN_PR),
			    "foreign_pr");
}

static void
test_idnumber_legacy_15(void **state)
{
	ssc_idnumber_info i;
	(void)state;

	assert_ssc_ok(parse("450221850615002", &i));
	assert_string_equal(i.number, "450221198506150026");
	assert_int_equal(i.legacy, 1);
	assert_int_equal(i.sex, SSC_SEX_FEMALE);
	assert_int_equal(i.birth_date, 19850615);
	/* no X in the legacy form */
	assert_ssc_error(parse("45022185061500X", &i), SSC_EBADID);
	assert_int_equal(i.reason, SSC_ID_REASON_CHARACTER);
}

static void
test_idnumber_reasons(void **state)
{
	static const struct {
		const char *text;
		int reason;
	} cases[] = {
		{ "", SSC_ID_REASON_LENGTH },
		{ "45020619900101123", SSC_ID_REASON_LENGTH },
		{ "4502061990010112322", SSC_ID_REASON_LENGTH },
		{ "45020619900101123212345", SSC_ID_REASON_LENGTH },
		{ "4502061990O1011232", SSC_ID_REASON_CHARACTER },
		{ "450206199001011X32", SSC_ID_REASON_CHARACTER },
		{ "45020619900101123-", SSC_ID_REASON_CHARACTER },
		{ "450206199001011233", SSC_ID_REASON_CHECK_DIGIT },
		{ "11010519491231002Y", SSC_ID_REASON_CHARACTER },
		{ "110105194912310020", SSC_ID_REASON_CHECK_DIGIT },
		{ "45020619900230001X", SSC_ID_REASON_DATE },  /* 30 Feb */
		{ "450206190002290017", SSC_ID_REASON_DATE },  /* 1900 common */
		{ "45020620300101001X", SSC_ID_REASON_FUTURE },
		{ "110105202611260011", SSC_ID_REASON_FUTURE },
		{ "990000199001010017", SSC_ID_REASON_REGION },
		{ "999840198001010015", SSC_ID_REASON_REGION },
	};
	ssc_idnumber_info i;
	(void)state;

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		int rc = parse(cases[k].text, &i);
		if (rc != SSC_EBADID || i.reason != cases[k].reason)
			fail_msg("case %zu: rc %d reason %s, want %s", k, rc,
				 ssc_id_reason_name(i.reason),
				 ssc_id_reason_name(cases[k].reason));
		assert_int_equal(ssc_error_last()->code, SSC_EBADID);
		assert_string_equal(i.number, "");
		/* the message never carries the whole number */
		if (strlen(cases[k].text) >= 15)
			assert_null(strstr(ssc_error_last()->message,
					   cases[k].text));
	}
	assert_string_equal(ssc_id_reason_name(SSC_ID_REASON_CHECK_DIGIT),
			    "check_digit");
	assert_string_equal(ssc_id_reason_name(99), "unknown");
}

static void
test_idnumber_context_clock(void **state)
{
	ssc_test_clock clock = { 1795536000000LL }; /* 2026-11-25 in Beijing */
	ssc_ctx *ctx = ssc_test_ctx(&clock, NULL, NULL);
	ssc_idnumber_info i = SSC_IDNUMBER_INFO_INIT;
	(void)state;

	assert_ssc_ok(ssc_idnumber_parse(&i, ctx, "110105202611250016"));
	clock.now_ms -= 1; /* still the 24th in Beijing */
	assert_ssc_error(ssc_idnumber_parse(&i, ctx, "110105202611250016"),
			 SSC_EBADID);
	assert_int_equal(i.reason, SSC_ID_REASON_FUTURE);
	assert_ssc_error(ssc_idnumber_parse(&i, NULL, "110105202611250016"),
			 SSC_EINVAL);
	i.version = 0;
	assert_ssc_error(ssc_idnumber_parse(&i, ctx, "11010519491231002X"),
			 SSC_EVERSION);
	i.version = SSC_IDNUMBER_INFO_VERSION + 1;
	assert_ssc_error(ssc_idnumber_parse(&i, ctx, "11010519491231002X"),
			 SSC_EVERSION);
	assert_ssc_error(ssc_idnumber_info_init(&i, 0), SSC_EVERSION);
	ssc_ctx_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idnumber_official_examples),
		cmocka_unit_test(test_idnumber_normalises),
		cmocka_unit_test(test_idnumber_kinds),
		cmocka_unit_test(test_idnumber_legacy_15),
		cmocka_unit_test(test_idnumber_reasons),
		cmocka_unit_test(test_idnumber_context_clock),
	};
	return cmocka_run_group_tests_name("idnumber", tests, NULL, NULL);
}
