/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of ssc_card: setters, card number and 卡识别码 codecs,
 * masking, and the canonical record codec (round trip, strictness,
 * unknown fields, allocation failures). */
#include "test_common.h"

#define NOW_MS 1795536000000LL /* 2026-11-25 in Beijing */
#define OLD_UUID "0b6f3c56-8a52-4a8e-9d0e-3f1e2a4b5c6d"
#define NEW_UUID "7d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5"

static const uint8_t ident[16] = { 0x45, 0x02, 0x06, 0xD1, 0x56, 0x00,
				   0x00, 0x05, 0x0A, 0x1B, 0x2C, 0x3D,
				   0xFF, 0xFF, 0xFF, 0xFF };

static ssc_card *
full_card(ssc_ctx *ctx)
{
	ssc_card *c = NULL;
	ssc_person *h = NULL;

	assert_ssc_ok(ssc_card_new(&c, ctx));
	assert_ssc_ok(ssc_card_set_uuid(c, "5F0E1D2C-3B4A-4958-8776-655443322110"));
	assert_ssc_ok(ssc_card_set_revision(c, 7));
	assert_ssc_ok(ssc_card_set_number(c, "a12345678"));
	assert_ssc_ok(ssc_card_set_identifier(c, ident));
	assert_ssc_ok(ssc_card_set_spec_version(c, "3.00"));
	assert_ssc_ok(ssc_card_set_region(c, "450200"));
	assert_ssc_ok(ssc_card_set_institution(c, "450200000001"));
	assert_ssc_ok(ssc_card_set_dates(c, 20240229, 0));
	assert_ssc_ok(ssc_card_set_photo_ref(c, "photo/2024/ab12.jpg"));
	assert_ssc_ok(ssc_card_set_state(c, SSC_CARD_STATE_ACTIVE));
	assert_ssc_ok(ssc_card_set_pin_state(c, SSC_PIN_STATE_NORMAL));
	assert_ssc_ok(ssc_card_set_ecard_state(c, SSC_CARD_STATE_ACTIVE));
	assert_ssc_ok(ssc_card_set_fin(c, SSC_FIN_STATE_ACTIVE, "0102",
				       "6217002870012345678"));
	assert_ssc_ok(ssc_card_set_replaces(c, OLD_UUID));
	assert_ssc_ok(ssc_person_new(&h, ctx));
	assert_ssc_ok(ssc_person_set_id_number(h, "450206199001011232"));
	assert_ssc_ok(ssc_person_set_name(h, "爱新觉罗恒山爱新觉罗恒山王李𠮷欧阳"));
	assert_ssc_ok(ssc_person_set_ethnicity(h, 8));
	assert_ssc_ok(ssc_person_set_birth_place(h, "450221"));
	assert_ssc_ok(ssc_person_set_residency(h, SSC_RESIDENCY_MAINLAND));
	assert_ssc_ok(ssc_person_set_phone(h, "13800001234"));
	assert_ssc_ok(ssc_person_set_address(h, "广西柳州市柳江区"));
	assert_ssc_ok(ssc_person_set_insured(h, SSC_INSURED_YES, "450206"));
	assert_ssc_ok(ssc_person_set_document(h, SSC_DOC_RESIDENT_ID,
					      "450206199001011232", 20350101));
	assert_ssc_ok(ssc_card_set_holder(c, h));
	ssc_person_free(h);
	return c;
}

static void
test_card_fields(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_card *c = full_card(ctx);
	(void)state;

	assert_string_equal(ssc_card_uuid(c),
			    "5f0e1d2c-3b4a-4958-8776-655443322110");
	assert_string_equal(ssc_card_number(c), "A12345678");
	assert_string_equal(ssc_card_identifier(c),
			    "450206D1560000050A1B2C3DFFFFFFFF");
	assert_int_equal(ssc_card_generation(c), 3);
	assert_string_equal(ssc_card_spec_version(c), "3.00");
	assert_int_equal(ssc_card_issue_date(c), 20240229);
	assert_int_equal(ssc_card_expiry_date(c), 0);
	assert_true(ssc_card_ecard_in_sync(c));
	assert_int_equal(ssc_card_get_state(c), SSC_CARD_STATE_ACTIVE);
	assert_string_equal(ssc_person_name(ssc_card_holder(c)),
			    "爱新觉罗恒山爱新觉罗恒山王李𠮷欧阳");

	/* refusals change nothing */
	assert_ssc_error(ssc_card_set_number(c, "A1234567"), SSC_EINVAL);
	assert_ssc_error(ssc_card_set_number(c, "A1234567#"), SSC_EINVAL);
	assert_string_equal(ssc_card_number(c), "A12345678");
	assert_ssc_error(ssc_card_set_spec_version(c, "4.00"), SSC_EINVAL);
	assert_ssc_error(ssc_card_set_generation(c, 2), SSC_EINVAL);
	assert_ssc_error(ssc_card_set_dates(c, 20240301, 20240229), SSC_EINVAL);
	assert_ssc_error(ssc_card_set_dates(c, 20230229, 0), SSC_EINVAL);
	assert_int_equal(ssc_card_issue_date(c), 20240229);
	assert_ssc_error(ssc_card_set_state(c, 15), SSC_EINVAL);
	assert_ssc_error(ssc_card_set_pin_state(c, 3), SSC_EINVAL);
	assert_ssc_error(ssc_card_set_ecard_state(c, -1), SSC_EINVAL);
	assert_ssc_error(ssc_card_set_fin(c, 6, NULL, NULL), SSC_EINVAL);
	assert_ssc_error(ssc_card_set_fin(c, SSC_FIN_STATE_ACTIVE, "01",
					  "6217x"), SSC_EINVAL);
	assert_null(strstr(ssc_error_last()->message, "6217"));
	assert_string_equal(ssc_card_fin_account(c), "6217002870012345678");
	assert_ssc_error(ssc_card_set_replaced_by(c, ssc_card_uuid(c)),
			 SSC_EINVAL);
	assert_ssc_error(ssc_card_set_replaced_by(c, "not-a-uuid"), SSC_EINVAL);
	assert_ssc_error(ssc_card_set_uuid(c, OLD_UUID), SSC_EINVAL);
	assert_ssc_error(ssc_card_set_region(c, "990000"), SSC_EINVAL);
	assert_ssc_ok(ssc_card_set_region(c, "459900")); /* pool pseudo code */
	assert_ssc_error(ssc_card_set_institution(c, "机构"), SSC_EINVAL);
	assert_ssc_ok(ssc_card_set_ecard_state(c, SSC_CARD_STATE_REPORTED_LOST));
	assert_false(ssc_card_ecard_in_sync(c));
	assert_ssc_ok(ssc_card_set_replaced_by(c, NEW_UUID));
	assert_string_equal(ssc_card_replaced_by(c), NEW_UUID);
	assert_true(ssc_card_state_is_final(SSC_CARD_STATE_REPLACED));
	assert_false(ssc_card_state_is_final(SSC_CARD_STATE_REPORTED_LOST));
	ssc_card_free(c);
	ssc_card_free(NULL);
	ssc_ctx_free(ctx);
}

static void
test_card_state_names(void **state)
{
	(void)state;
	for (int s = 0; s <= SSC_CARD_STATE_EXPIRED; s++)
		assert_string_not_equal(ssc_card_state_name(s), "unknown");
	assert_string_equal(ssc_card_state_name(SSC_CARD_STATE_REPORTED_LOST),
			    "reported_lost");
	assert_string_equal(ssc_card_state_name(15), "unknown");
	assert_string_equal(ssc_fin_state_name(SSC_FIN_STATE_AWAITING_ACTIVATION),
			    "awaiting_activation");
	assert_string_equal(ssc_pin_state_name(SSC_PIN_STATE_LOCKED), "locked");
	assert_string_equal(ssc_ecard_state_name(SSC_ECARD_STATE_NONE), "none");
	assert_string_equal(ssc_ecard_state_name(SSC_CARD_STATE_ACTIVE),
			    "active");
}

static void
test_card_number_and_identifier(void **state)
{
	char num[10] = "unchanged", region[7];
	uint8_t id[16];
	char hex[33];
	(void)state;

	assert_ssc_ok(ssc_card_number_parse(num, (const uint8_t *)"A12345678",
					    9));
	assert_string_equal(num, "A12345678");
	assert_ssc_ok(ssc_card_number_parse(num, (const uint8_t *)
					    "123456789\x00\xFF", 11));
	assert_string_equal(num, "123456789");
	assert_ssc_error(ssc_card_number_parse(num, (const uint8_t *)
					       "a12345678", 9), SSC_EPARSE);
	assert_ssc_error(ssc_card_number_parse(num, (const uint8_t *)
					       "12345678", 8), SSC_EPARSE);
	assert_string_equal(num, "123456789");
	assert_ssc_ok(ssc_card_number_check("A12345678"));
	assert_ssc_error(ssc_card_number_check("A123456789"), SSC_EINVAL);

	assert_ssc_ok(ssc_card_identifier_parse(id,
			"330100d1560000050a1b2c3d5e6f7081"));
	assert_ssc_ok(ssc_card_identifier_format(hex, id));
	assert_string_equal(hex, "330100D1560000050A1B2C3D5E6F7081");
	assert_ssc_ok(ssc_card_identifier_region(region, id));
	assert_string_equal(region, "330100");
	/* wrong RID, non-BCD region, wrong length */
	assert_ssc_error(ssc_card_identifier_parse(id,
			 "330100D1560000060A1B2C3D5E6F7081"), SSC_EPARSE);
	assert_ssc_error(ssc_card_identifier_parse(id,
			 "3301A0D1560000050A1B2C3D5E6F7081"), SSC_EPARSE);
	assert_ssc_error(ssc_card_identifier_parse(id,
			 "330100D1560000050A1B2C3D5E6F70"), SSC_EPARSE);
	assert_ssc_error(ssc_card_identifier_check(id, 15), SSC_EPARSE);
	assert_int_equal(ssc_card_generation_of("1.00"), 1);
	assert_int_equal(ssc_card_generation_of("2.01"), 2);
	assert_int_equal(ssc_card_generation_of("3.00"), 3);
	assert_int_equal(ssc_card_generation_of("3.0"), 0);
	assert_int_equal(ssc_card_generation_of("0.00"), 0);
}

static void
test_card_masking(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_card *c = full_card(ctx);
	ssc_buf b = SSC_BUF_INIT;
	(void)state;

	assert_ssc_ok(ssc_card_fin_account_masked(&b, c));
	assert_string_equal(b.ptr, "6217***********5678");
	assert_ssc_ok(ssc_card_describe(&b, c));
	assert_null(strstr(b.ptr, "6217002870012345678"));
	assert_null(strstr(b.ptr, "450206199001011232"));
	assert_null(strstr(b.ptr, "恒山"));
	assert_null(strstr(b.ptr, "13800001234"));
	assert_non_null(strstr(b.ptr, "450206********1232"));
	assert_non_null(strstr(b.ptr, "6217***********5678"));
	assert_non_null(strstr(b.ptr, "state active"));
	assert_ssc_ok(ssc_card_set_fin(c, SSC_FIN_STATE_NOT_OPENED, NULL,
				       NULL));
	assert_ssc_ok(ssc_card_fin_account_masked(&b, c));
	assert_string_equal(b.ptr, "");
	ssc_buf_dispose(&b);
	ssc_card_free(c);
	ssc_ctx_free(ctx);
}

static void
test_card_record_round_trip(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_card *c = full_card(ctx), *d = NULL, *e = NULL, *empty = NULL;
	ssc_buf r1 = SSC_BUF_INIT, r2 = SSC_BUF_INIT, s1 = SSC_BUF_INIT,
		s2 = SSC_BUF_INIT;
	(void)state;

	assert_ssc_ok(ssc_card_encode(&r1, c));
	assert_memory_equal(r1.ptr, "SSCR\x01\x00\x01\x00\x10", 9);
	assert_ssc_ok(ssc_card_decode(&d, ctx, (uint8_t *)r1.ptr, r1.size));
	assert_ssc_ok(ssc_card_encode(&r2, d));
	assert_int_equal(r1.size, r2.size);
	assert_memory_equal(r1.ptr, r2.ptr, r1.size);
	assert_ssc_ok(ssc_card_describe(&s1, c));
	assert_ssc_ok(ssc_card_describe(&s2, d));
	assert_string_equal(s1.ptr, s2.ptr);
	assert_string_equal(ssc_person_name(ssc_card_holder(d)),
			    "爱新觉罗恒山爱新觉罗恒山王李𠮷欧阳");
	assert_string_equal(ssc_card_fin_account(d), "6217002870012345678");
	assert_string_equal(ssc_person_doc_number(ssc_card_holder(d)),
			    "450206199001011232");
	assert_int_equal(ssc_person_doc_valid_until(ssc_card_holder(d)),
			 20350101);
	assert_string_equal(ssc_card_replaces(d), OLD_UUID);
	assert_int_equal(ssc_card_revision(d), 7);
	/* dup gives the same record */
	assert_ssc_ok(ssc_card_dup(&e, d));
	assert_ssc_ok(ssc_card_encode(&r2, e));
	assert_memory_equal(r1.ptr, r2.ptr, r1.size);
	/* an empty card is just the header and its id */
	assert_ssc_ok(ssc_card_new(&empty, ctx));
	assert_ssc_ok(ssc_card_encode(&r2, empty));
	assert_int_equal(r2.size, 6 + 3 + 16);
	ssc_card_free(empty);
	empty = NULL;
	assert_ssc_ok(ssc_card_decode(&empty, ctx, (uint8_t *)r2.ptr, r2.size));
	ssc_card_free(empty);
	ssc_buf_dispose(&r1);
	ssc_buf_dispose(&r2);
	ssc_buf_dispose(&s1);
	ssc_buf_dispose(&s2);
	ssc_card_free(c);
	ssc_card_free(d);
	ssc_card_free(e);
	ssc_ctx_free(ctx);
}

/* Builds a record from a header and fields given as tag, length, bytes. */
static size_t
rec(uint8_t *out, const char *fields, size_t flen)
{
	static const uint8_t head[] = { 'S', 'S', 'C', 'R', 1, 0, 0x01, 0x00,
					0x10, 0x5F, 0x0E, 0x1D, 0x2C, 0x3B,
					0x4A, 0x49, 0x58, 0x87, 0x76, 0x65,
					0x54, 0x43, 0x32, 0x21, 0x10 };
	memcpy(out, head, sizeof(head));
	memcpy(out + sizeof(head), fields, flen);
	return sizeof(head) + flen;
}

static void
test_card_record_strictness(void **state)
{
	static const struct {
		const char *fields;
		size_t len;
		int code;
	} cases[] = {
		{ "\x03\x00\x09" "A12345678", 12, SSC_OK },
		{ "\x03\x00\x09" "a12345678", 12, SSC_ECORRUPT },  /* case */
		{ "\x03\x00\x0A" "A12345678", 12, SSC_ECORRUPT },  /* overrun */
		{ "\x03\x00", 2, SSC_ECORRUPT },                   /* header */
		{ "\x03\x00\x00", 3, SSC_ECORRUPT },               /* empty */
		{ "\x0C\x00\x01\x0A\x03\x00\x09" "A12345678", 16,
		  SSC_ECORRUPT },                                  /* order */
		{ "\x0C\x00\x01\x0A\x0C\x00\x01\x0A", 8, SSC_ECORRUPT },
		{ "\x0C\x00\x01\x00", 4, SSC_ECORRUPT },           /* zero */
		{ "\x0C\x00\x01\x0F", 4, SSC_ECORRUPT },           /* range */
		{ "\x0C\x00\x02\x00\x0A", 5, SSC_ECORRUPT },       /* size */
		{ "\x09\x00\x04\x20\x23\x02\x29", 7, SSC_ECORRUPT },
		{ "\x20\x00\x12" "450206199001011233", 21, SSC_ECORRUPT },
		{ "\x20\x00\x12" "450206199001011232"
		  "\x22\x00\x01\x01\x24\x00\x04\x01\x2F\xA6\xC5", 32, SSC_OK },
		{ "\x20\x00\x12" "450206199001011232"
		  "\x22\x00\x01\x01", 25,
		  SSC_ECORRUPT },           /* birth date omitted: not canonical */
		{ "\x20\x00\x12" "450206199001011232", 21,
		  SSC_ECORRUPT },                 /* sex omitted: not canonical */
		{ "\x20\x00\x12" "450206199001011232"
		  "\x22\x00\x01\x02", 25, SSC_ECORRUPT }, /* sex disagrees */
		{ "\x06\x00\x04" "3.00", 7, SSC_ECORRUPT }, /* no generation */
		{ "\x05\x00\x01\x03\x06\x00\x04" "3.00", 11, SSC_OK },
		{ "\x05\x00\x01\x02\x06\x00\x04" "3.00", 11, SSC_ECORRUPT },
		{ "\x21\x00\x03" "\xE5\xBC\xA0", 6, SSC_OK },
		{ "\x21\x00\x03" "\xE5\xBC\x00", 6, SSC_ECORRUPT },
		{ "\x21\x00\x02" "\xC3\x28", 5, SSC_ECORRUPT },
		{ "\x10\x00\x08" "62170028", 11, SSC_ECORRUPT }, /* no state */
		{ "\x7F\x00\x01\x01", 4, SSC_ESCHEMA },     /* required, unknown */
		{ "\x90\x00\x02\xAB\xCD", 5, SSC_OK },      /* optional, kept */
		{ "\x90\x00\x02\xAB\xCD\x90\x00\x01\x01", 9, SSC_ECORRUPT },
	};
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	uint8_t buf[128];
	(void)state;

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		ssc_card *c = (ssc_card *)&buf; /* must stay untouched */
		size_t n = rec(buf, cases[k].fields, cases[k].len);
		int rc = ssc_card_decode(&c, ctx, buf, n);
		if (rc != cases[k].code)
			fail_msg("case %zu: got %d (%s), want %d", k, rc,
				 ssc_error_last()->message, cases[k].code);
		if (rc == SSC_OK) {
			ssc_buf again = SSC_BUF_INIT;
			assert_ssc_ok(ssc_card_encode(&again, c));
			assert_int_equal(again.size, n);
			assert_memory_equal(again.ptr, buf, n);
			ssc_buf_dispose(&again);
			ssc_card_free(c);
		} else {
			assert_ptr_equal(c, (ssc_card *)&buf);
		}
	}
	/* header problems */
	{
		ssc_card *c = NULL;
		uint8_t r[] = { 'S', 'S', 'C', 'R', 2, 0 };
		assert_ssc_error(ssc_card_decode(&c, ctx, r, 6), SSC_ESCHEMA);
		r[4] = 0;
		assert_ssc_error(ssc_card_decode(&c, ctx, r, 6), SSC_ECORRUPT);
		r[4] = 1;
		r[5] = 1;
		assert_ssc_error(ssc_card_decode(&c, ctx, r, 6), SSC_ECORRUPT);
		r[5] = 0;
		assert_ssc_error(ssc_card_decode(&c, ctx, r, 6), SSC_ECORRUPT);
		assert_ssc_error(ssc_card_decode(&c, ctx, r, 3), SSC_ECORRUPT);
		assert_ssc_error(ssc_card_decode(&c, NULL, r, 6), SSC_EINVAL);
		assert_null(c);
	}
	ssc_ctx_free(ctx);
}

static void
test_card_record_allocation_failures(void **state)
{
	ssc_test_alloc a = { 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &a, NULL);
	ssc_card *c = full_card(ctx);
	ssc_buf r = SSC_BUF_INIT;
	long fails = 0;
	bool done = false;
	(void)state;

	assert_ssc_ok(ssc_card_encode(&r, c));
	for (long k = 1; k < 1000 && !done; k++) {
		ssc_card *d = NULL;
		ssc_buf again = SSC_BUF_INIT;
		long live = a.live;
		ssc_status rc;

		a.calls = 0;
		a.fail_at = k;
		rc = ssc_card_decode(&d, ctx, (uint8_t *)r.ptr, r.size);
		if (rc == SSC_OK)
			rc = ssc_card_encode(&again, d);
		a.fail_at = 0;
		if (rc == SSC_OK) {
			assert_int_equal(again.size, r.size);
			assert_memory_equal(again.ptr, r.ptr, r.size);
			done = true;
		} else {
			assert_int_equal(rc, SSC_ENOMEM);
			assert_int_equal(ssc_error_last()->code, SSC_ENOMEM);
			fails++;
		}
		ssc_buf_dispose(&again);
		ssc_card_free(d);
		assert_int_equal(a.live, live);
	}
	assert_true(done);
	assert_true(fails > 10);
	ssc_buf_dispose(&r);
	ssc_card_free(c);
	ssc_ctx_free(ctx);
	assert_int_equal(a.live, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_card_fields),
		cmocka_unit_test(test_card_state_names),
		cmocka_unit_test(test_card_number_and_identifier),
		cmocka_unit_test(test_card_masking),
		cmocka_unit_test(test_card_record_round_trip),
		cmocka_unit_test(test_card_record_strictness),
		cmocka_unit_test(test_card_record_allocation_failures),
	};
	return cmocka_run_group_tests_name("card", tests, NULL, NULL);
}
