/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of ssc_person: validating setters, ages and bands, names of
 * the enums, the GB 3304 table. */
#include "test_common.h"

/* 2026-11-25 in Beijing */
#define NOW_MS 1795536000000LL

typedef struct {
	ssc_test_clock clock;
	ssc_ctx *ctx;
	ssc_person *p;
} fixture;

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	f->clock.now_ms = NOW_MS;
	f->ctx = ssc_test_ctx(&f->clock, NULL, NULL);
	if (!f->ctx || ssc_person_new(&f->p, f->ctx) != SSC_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;
	ssc_person_free(f->p);
	ssc_ctx_free(f->ctx);
	free(f);
	return 0;
}

static void
test_person_id_sets_birth_and_sex(void **state)
{
	fixture *f = *state;

	assert_ssc_ok(ssc_person_set_id_number(f->p, "450221850615002"));
	assert_string_equal(ssc_person_id_number(f->p), "450221198506150026");
	assert_int_equal(ssc_person_birth_date(f->p), 19850615);
	assert_int_equal(ssc_person_sex(f->p), SSC_SEX_FEMALE);
	/* disagreeing sex / birth date refused, nothing changed */
	assert_ssc_error(ssc_person_set_sex(f->p, SSC_SEX_MALE), SSC_EINVAL);
	assert_ssc_error(ssc_person_set_birth_date(f->p, 19850616), SSC_EINVAL);
	assert_int_equal(ssc_person_sex(f->p), SSC_SEX_FEMALE);
	/* a bad number leaves the old one */
	assert_ssc_error(ssc_person_set_id_number(f->p, "450206199001011233"),
			 SSC_EBADID);
	assert_string_equal(ssc_person_id_number(f->p), "450221198506150026");
	/* born tomorrow in Beijing: future */
	assert_ssc_error(ssc_person_set_id_number(f->p, "110105202611260011"),
			 SSC_EBADID);
	/* a foreign permanent residence number does not fix the sex */
	assert_ssc_ok(ssc_person_set_id_number(f->p, "911840198001010013"));
	assert_int_equal(ssc_person_birth_date(f->p), 19800101);
	assert_ssc_ok(ssc_person_set_sex(f->p, SSC_SEX_MALE));
	assert_ssc_error(ssc_person_set_birth_date(f->p, 19800102), SSC_EINVAL);
	assert_ssc_ok(ssc_person_set_id_number(f->p, NULL));
	assert_null(ssc_person_id_number(f->p));
	assert_ssc_ok(ssc_person_set_sex(f->p, SSC_SEX_MALE));
	assert_ssc_error(ssc_person_set_sex(f->p, 3), SSC_EINVAL);
}

static void
test_person_name_rules(void **state)
{
	fixture *f = *state;

	assert_ssc_ok(ssc_person_set_name(f->p, "吉𠮷"));
	assert_string_equal(ssc_person_name(f->p), "吉𠮷");
	assert_ssc_error(ssc_person_set_name(f->p, ""), SSC_EINVAL);
	assert_ssc_error(ssc_person_set_name(f->p, "张\n三"), SSC_EPARSE);
	assert_ssc_error(ssc_person_set_name(f->p, "\xC3\x28"), SSC_EPARSE);
	assert_ssc_error(ssc_person_set_name(f->p, " 张三"), SSC_EINVAL);
	/* 26 characters = 52 bytes in GB 18030: does not fit the card */
	assert_ssc_error(ssc_person_set_name(f->p,
			 "一二三四五六七八九十一二三四五六七八九十一二三四五六"),
			 SSC_EINVAL);
	assert_string_equal(ssc_person_name(f->p), "吉𠮷");
	/* the message never carries the name */
	assert_null(strstr(ssc_error_last()->message, "一二三"));
}

static void
test_person_other_fields(void **state)
{
	fixture *f = *state;

	assert_ssc_ok(ssc_person_set_ethnicity(f->p, 8));
	assert_string_equal(ssc_ethnicity_name(ssc_person_ethnicity(f->p)),
			    "壮族");
	assert_ssc_error(ssc_person_set_ethnicity(f->p, 57), SSC_EINVAL);
	assert_ssc_ok(ssc_person_set_ethnicity(f->p, SSC_ETHNICITY_OTHER));
	assert_ssc_ok(ssc_person_set_birth_place(f->p, "450221"));
	assert_string_equal(ssc_person_birth_place(f->p), "450221");
	assert_ssc_error(ssc_person_set_birth_place(f->p, "990000"),
			 SSC_EINVAL);
	assert_ssc_error(ssc_person_set_birth_place(f->p, "45022"), SSC_EINVAL);
	assert_ssc_ok(ssc_person_set_residency(f->p, SSC_RESIDENCY_MACAU));
	assert_ssc_error(ssc_person_set_residency(f->p, 6), SSC_EINVAL);
	assert_int_equal(ssc_person_residency(f->p), SSC_RESIDENCY_MACAU);
	assert_ssc_ok(ssc_person_set_phone(f->p, "+86 138-0000-1234"));
	assert_ssc_error(ssc_person_set_phone(f->p, "1380000x234"), SSC_EINVAL);
	assert_ssc_error(ssc_person_set_phone(f->p, "123"), SSC_EINVAL);
	assert_string_equal(ssc_person_phone(f->p), "+86 138-0000-1234");
	assert_ssc_ok(ssc_person_set_address(f->p, "广西柳州市柳江区拉堡镇"));
	assert_ssc_error(ssc_person_set_address(f->p, "a\tb"), SSC_EPARSE);
	assert_ssc_ok(ssc_person_set_insured(f->p, SSC_INSURED_YES, "450206"));
	assert_ssc_error(ssc_person_set_insured(f->p, SSC_INSURED_NO, "12"),
			 SSC_EINVAL);
	assert_int_equal(ssc_person_insured(f->p), SSC_INSURED_YES);
	assert_string_equal(ssc_person_insured_region(f->p), "450206");
}

static void
test_person_documents(void **state)
{
	fixture *f = *state;

	assert_ssc_ok(ssc_person_set_document(f->p, SSC_DOC_RESIDENT_ID,
					      "11010519491231002x", 20300101));
	assert_string_equal(ssc_person_doc_number(f->p), "11010519491231002X");
	assert_true(ssc_person_doc_is_valid(f->p, 20300101));
	assert_false(ssc_person_doc_is_valid(f->p, 20300102));
	assert_ssc_error(ssc_person_set_document(f->p, SSC_DOC_RESIDENT_ID,
						 "110105194912310021", 0),
			 SSC_EBADID);
	assert_ssc_ok(ssc_person_set_document(f->p, SSC_DOC_PASSPORT,
					      "E12345678", 0));
	assert_true(ssc_person_doc_is_valid(f->p, 20991231)); /* long-term */
	assert_ssc_error(ssc_person_set_document(f->p, SSC_DOC_PASSPORT,
						 "E 123", 0), SSC_EINVAL);
	assert_ssc_error(ssc_person_set_document(f->p, 12, "X1", 0),
			 SSC_EINVAL);
	assert_ssc_error(ssc_person_set_document(f->p, SSC_DOC_PASSPORT,
						 "E1", 20230229), SSC_EINVAL);
	assert_int_equal(ssc_person_doc_type(f->p), SSC_DOC_PASSPORT);
	assert_ssc_ok(ssc_person_set_document(f->p, SSC_DOC_UNSET, NULL, 0));
	assert_false(ssc_person_doc_is_valid(f->p, 20200101));
	assert_string_equal(ssc_doc_type_name(SSC_DOC_HKMO_PERMIT),
			    "hkmo_permit");
}

static void
test_person_age_thresholds(void **state)
{
	fixture *f = *state;
	int age, band;

	/* born 29 Feb 2008 */
	assert_ssc_ok(ssc_person_set_birth_date(f->p, 20080229));
	assert_ssc_ok(ssc_person_age(&age, f->p, 20260228));
	assert_int_equal(age, 17);
	assert_true(ssc_person_is_minor(f->p, 20260228));
	assert_ssc_ok(ssc_person_age(&age, f->p, 20260301));
	assert_int_equal(age, 18);
	assert_false(ssc_person_is_minor(f->p, 20260301));
	assert_ssc_ok(ssc_person_age_band(&band, f->p, 20260301));
	assert_int_equal(band, SSC_AGE_BAND_ADULT);
	/* today from the clock (2026-11-25): 18 */
	assert_ssc_ok(ssc_person_age(&age, f->p, 0));
	assert_int_equal(age, 18);

	assert_ssc_ok(ssc_person_set_birth_date(f->p, 20191125));
	assert_ssc_ok(ssc_person_age_band(&band, f->p, 0));
	assert_int_equal(band, SSC_AGE_BAND_UNDER_16); /* 7 today */
	assert_ssc_ok(ssc_person_age_band(&band, f->p, 20261124));
	assert_int_equal(band, SSC_AGE_BAND_UNDER_7);
	assert_ssc_ok(ssc_person_age_band(&band, f->p, 20351125));
	assert_int_equal(band, SSC_AGE_BAND_UNDER_18); /* 16 */
	assert_ssc_ok(ssc_person_age_band(&band, f->p, 20351124));
	assert_int_equal(band, SSC_AGE_BAND_UNDER_16); /* 15 */
	assert_ssc_error(ssc_person_age(&age, f->p, 20191124), SSC_EINVAL);
	/* future birth dates refused */
	assert_ssc_error(ssc_person_set_birth_date(f->p, 20261126), SSC_EINVAL);
	assert_ssc_error(ssc_person_set_birth_date(f->p, 20230229), SSC_EINVAL);
	assert_ssc_ok(ssc_person_set_birth_date(f->p, 0));
	assert_ssc_error(ssc_person_age(&age, f->p, 20200101), SSC_EINVAL);
	assert_false(ssc_person_is_minor(f->p, 20200101));
	assert_string_equal(ssc_age_band_name(SSC_AGE_BAND_UNDER_16),
			    "under_16");
}

static void
test_person_ethnicity_table(void **state)
{
	(void)state;
	for (int c = 1; c <= 56; c++) {
		assert_non_null(ssc_ethnicity_name(c));
		assert_non_null(ssc_ethnicity_id(c));
		for (int d = 1; d < c; d++)
			assert_string_not_equal(ssc_ethnicity_name(c),
						ssc_ethnicity_name(d));
	}
	assert_string_equal(ssc_ethnicity_name(1), "汉族");
	assert_string_equal(ssc_ethnicity_name(56), "基诺族");
	assert_string_equal(ssc_ethnicity_id(5), "uyghur");
	assert_null(ssc_ethnicity_name(0));
	assert_null(ssc_ethnicity_name(57));
	assert_string_equal(ssc_residency_name(SSC_RESIDENCY_HONG_KONG),
			    "hong_kong");
	assert_string_equal(ssc_insured_name(SSC_INSURED_YES), "insured");
	assert_string_equal(ssc_sex_name(SSC_SEX_FEMALE), "female");
}

static void
test_person_dup_is_deep(void **state)
{
	fixture *f = *state;
	ssc_person *copy = NULL;

	assert_ssc_ok(ssc_person_set_name(f->p, "王堃"));
	assert_ssc_ok(ssc_person_set_address(f->p, "重庆市渝中区"));
	assert_ssc_ok(ssc_person_dup(&copy, f->p));
	assert_ssc_ok(ssc_person_set_name(f->p, "李四"));
	assert_string_equal(ssc_person_name(copy), "王堃");
	assert_string_equal(ssc_person_address(copy), "重庆市渝中区");
	ssc_person_free(copy);
	ssc_person_free(NULL);
}

static void
test_person_allocation_failure_changes_nothing(void **state)
{
	ssc_test_alloc a = { 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &a, NULL);
	ssc_person *p = NULL, *copy = NULL;
	bool done = false;
	(void)state;

	assert_ssc_ok(ssc_person_new(&p, ctx));
	assert_ssc_ok(ssc_person_set_name(p, "张三"));
	assert_ssc_ok(ssc_person_set_address(p, "南宁市青秀区"));
	for (long k = 1; k < 100 && !done; k++) {
		ssc_status rc;
		a.calls = 0;
		a.fail_at = k;
		rc = ssc_person_set_name(p, "刘䶮");
		if (rc == SSC_OK)
			rc = ssc_person_dup(&copy, p);
		a.fail_at = 0;
		if (rc == SSC_OK) {
			done = true;
			assert_string_equal(ssc_person_name(copy), "刘䶮");
			assert_string_equal(ssc_person_address(copy),
					    "南宁市青秀区");
		} else {
			assert_int_equal(rc, SSC_ENOMEM);
			/* the name is either untouched or fully replaced */
			assert_true(!strcmp(ssc_person_name(p), "张三") ||
				    !strcmp(ssc_person_name(p), "刘䶮"));
			assert_null(copy);
			if (!strcmp(ssc_person_name(p), "刘䶮"))
				assert_ssc_ok(ssc_person_set_name(p, "张三"));
		}
	}
	assert_true(done);
	ssc_person_free(copy);
	ssc_person_free(p);
	ssc_ctx_free(ctx);
	assert_int_equal(a.live, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_person_id_sets_birth_and_sex, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_name_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_other_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_age_thresholds, setup, teardown),
		cmocka_unit_test(test_person_ethnicity_table),
		cmocka_unit_test_setup_teardown(test_person_dup_is_deep, setup, teardown),
		cmocka_unit_test(test_person_allocation_failure_changes_nothing),
	};
	return cmocka_run_group_tests_name("person", tests, NULL, NULL);
}
