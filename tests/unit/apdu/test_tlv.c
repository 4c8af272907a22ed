/* SPDX-License-Identifier: Apache-2.0 */
/* BER-TLV parsing (padding, multi-byte tags, long lengths, depth limit,
 * bounds), building, DOL parsing and filling. */
#include "test_common.h"
#include <socialcard/tlv.h>

static void
test_tlv_parse_template_with_padding(void **state)
{
	/* 6F{84 name, 00 pad, A5{88 01 06, 9F0C 03 {86 01 03}}, 00 00} */
	const uint8_t fci[] = { 0x6F, 0x13, 0x84, 0x03, 'a', 'b', 'c', 0x00,
				0xA5, 0x0A, 0x88, 0x01, 0x06, 0x9F, 0x0C, 0x03,
				0x86, 0x01, 0x03, 0x00, 0x00, 0x00 };
	ssc_tlv t = SSC_TLV_INIT;
	size_t off = 0;
	(void)state;

	assert_ssc_ok(ssc_tlv_validate(fci, sizeof(fci)));
	assert_ssc_ok(ssc_tlv_next(&t, fci, sizeof(fci), &off));
	assert_int_equal(t.tag, 0x6F);
	assert_true(t.constructed);
	assert_int_equal(t.len, 0x13);
	assert_int_equal(off, sizeof(fci) - 1);
	assert_ssc_error(ssc_tlv_next(&t, fci, sizeof(fci), &off), SSC_ENOTFOUND);

	assert_ssc_ok(ssc_tlv_find(&t, fci, sizeof(fci), 0x9F0C));
	assert_int_equal(t.len, 3);
	assert_int_equal(t.offset, 13);
	/* 9F0C is primitive (b6 of 9F is 0): its bytes are not searched */
	assert_ssc_error(ssc_tlv_find(&t, fci, sizeof(fci), 0x86),
			 SSC_ENOTFOUND);
	assert_ssc_ok(ssc_tlv_find(&t, fci, sizeof(fci), 0x88));
	assert_int_equal(t.value[0], 0x06);
	assert_ssc_error(ssc_tlv_find(&t, fci, sizeof(fci), 0x5A), SSC_ENOTFOUND);
}

static void
test_tlv_long_lengths_and_tags(void **state)
{
	uint8_t buf[300];
	ssc_tlv t = SSC_TLV_INIT;
	size_t off = 0;
	(void)state;

	memset(buf, 0x11, sizeof(buf));
	buf[0] = 0x9F; buf[1] = 0x81; buf[2] = 0x01; /* 3-byte tag */
	buf[3] = 0x82; buf[4] = 0x01; buf[5] = 0x00; /* length 256 */
	assert_ssc_ok(ssc_tlv_next(&t, buf, 6 + 256, &off));
	assert_int_equal(t.tag, 0x9F8101);
	assert_int_equal(t.len, 256);
	/* one byte short: never reads past */
	off = 0;
	assert_ssc_error(ssc_tlv_next(&t, buf, 6 + 255, &off), SSC_EPARSE);
	assert_int_equal(off, 0);
	/* 81 length */
	buf[3] = 0x81; buf[4] = 0x80;
	off = 0;
	assert_ssc_ok(ssc_tlv_next(&t, buf, 5 + 128, &off));
	assert_int_equal(t.len, 128);
	/* indefinite (80) and 84 lengths are refused */
	buf[3] = 0x80;
	off = 0;
	assert_ssc_error(ssc_tlv_next(&t, buf, 20, &off), SSC_EPARSE);
	buf[3] = 0x84;
	assert_ssc_error(ssc_tlv_next(&t, buf, 20, &off), SSC_EPARSE);
	/* a tag longer than 4 bytes */
	{
		const uint8_t bad[] = { 0x1F, 0x81, 0x81, 0x81, 0x01, 0x00 };
		off = 0;
		assert_ssc_error(ssc_tlv_next(&t, bad, sizeof(bad), &off),
				 SSC_EPARSE);
	}
	/* truncated multi-byte tag */
	{
		const uint8_t bad[] = { 0x9F };
		off = 0;
		assert_ssc_error(ssc_tlv_next(&t, bad, 1, &off), SSC_EPARSE);
	}
}

static void
test_tlv_depth_limit(void **state)
{
	uint8_t nest[2 * 12];
	size_t i;
	(void)state;

	/* 12 nested empty-ending templates E1 { E1 { ... } } */
	for (i = 0; i < 12; i++) {
		nest[2 * i] = 0xE1;
		nest[2 * i + 1] = (uint8_t)(2 * (12 - i - 1));
	}
	assert_ssc_error(ssc_tlv_validate(nest, sizeof(nest)), SSC_EPARSE);
	assert_ssc_ok(ssc_tlv_validate(nest + 2 * 5, sizeof(nest) - 2 * 5));
}

static void
test_tlv_version_checked(void **state)
{
	ssc_tlv t = SSC_TLV_INIT;
	const uint8_t d[] = { 0x5A, 0x01, 0x12 };
	size_t off = 0;
	(void)state;

	t.version = 0;
	assert_ssc_error(ssc_tlv_next(&t, d, 3, &off), SSC_EVERSION);
	assert_ssc_error(ssc_tlv_init(&t, 99), SSC_EVERSION);
	assert_ssc_ok(ssc_tlv_init(&t, SSC_TLV_VERSION));
	assert_ssc_ok(ssc_tlv_next(&t, d, 3, &off));
	assert_int_equal(t.tag, 0x5A);
}

static void
test_tlv_build_round_trip(void **state)
{
	ssc_buf b = SSC_BUF_INIT;
	uint8_t big[200];
	ssc_tlv t = SSC_TLV_INIT;
	size_t off = 0;
	(void)state;

	memset(big, 7, sizeof(big));
	assert_ssc_ok(ssc_tlv_append(&b, 0x9F36, (const uint8_t *)"\x00\x2A", 2));
	assert_ssc_ok(ssc_tlv_append(&b, 0x70, big, sizeof(big)));
	assert_ssc_ok(ssc_tlv_append(&b, 0x84, NULL, 0));
	assert_int_equal(b.size, 5 + 3 + 200 + 2);
	assert_memory_equal(b.ptr, "\x9F\x36\x02\x00\x2A\x70\x81\xC8", 8);
	assert_ssc_ok(ssc_tlv_next(&t, (uint8_t *)b.ptr, b.size, &off));
	assert_int_equal(t.tag, 0x9F36);
	assert_ssc_ok(ssc_tlv_next(&t, (uint8_t *)b.ptr, b.size, &off));
	assert_int_equal(t.len, 200);
	assert_ssc_ok(ssc_tlv_next(&t, (uint8_t *)b.ptr, b.size, &off));
	assert_int_equal(t.tag, 0x84);
	assert_int_equal(t.len, 0);
	/* malformed tags are refused, buffer unchanged */
	assert_ssc_error(ssc_tlv_append(&b, 0x9F, NULL, 0), SSC_EINVAL);
	assert_ssc_error(ssc_tlv_append(&b, 0, NULL, 0), SSC_EINVAL);
	assert_int_equal(b.size, 210);
	ssc_buf_dispose(&b);
}

static void
test_tlv_dol_fill(void **state)
{
	/* PDOL 9F7A01 9F0206 5F2A02 9F3704 */
	const uint8_t pdol[] = { 0x9F, 0x7A, 0x01, 0x9F, 0x02, 0x06, 0x5F,
				 0x2A, 0x02, 0x9F, 0x37, 0x04 };
	/* terminal: currency 0156 (numeric, given 3 bytes: truncated left),
	 * amount 100 as 2 bytes (padded left), unpredictable number 8 bytes
	 * (truncated right) */
	const uint8_t term[] = { 0x5F, 0x2A, 0x03, 0x00, 0x01, 0x56,
				 0x9F, 0x02, 0x02, 0x01, 0x00,
				 0x9F, 0x37, 0x08, 1, 2, 3, 4, 5, 6, 7, 8 };
	const uint8_t want[] = { 0x00, 0, 0, 0, 0, 0x01, 0x00, 0x01, 0x56,
				 1, 2, 3, 4 };
	ssc_buf out = SSC_BUF_INIT;
	uint32_t tag;
	size_t len, off = 0;
	(void)state;

	assert_ssc_ok(ssc_dol_next(&tag, &len, pdol, sizeof(pdol), &off));
	assert_int_equal(tag, 0x9F7A);
	assert_int_equal(len, 1);
	assert_ssc_ok(ssc_dol_fill(&out, pdol, sizeof(pdol), term, sizeof(term)));
	assert_int_equal(out.size, sizeof(want));
	assert_memory_equal(out.ptr, want, sizeof(want));
	/* truncated list */
	assert_ssc_error(ssc_dol_fill(&out, pdol, 2, term, sizeof(term)),
			 SSC_EPARSE);
	assert_int_equal(out.size, sizeof(want));
	/* malformed terminal data */
	assert_ssc_error(ssc_dol_fill(&out, pdol, sizeof(pdol), term, 5),
			 SSC_EPARSE);
	ssc_buf_dispose(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tlv_parse_template_with_padding),
		cmocka_unit_test(test_tlv_long_lengths_and_tags),
		cmocka_unit_test(test_tlv_depth_limit),
		cmocka_unit_test(test_tlv_version_checked),
		cmocka_unit_test(test_tlv_build_round_trip),
		cmocka_unit_test(test_tlv_dol_fill),
	};
	return cmocka_run_group_tests_name("tlv", tests, NULL, NULL);
}
