/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of lib/util/gbk.c: GBK / GB 18030 <-> UTF-8, padding, the
 * 姓名 / 姓名扩展 split and join. */
#include "test_common.h"

#include "util/gbk.h"

#define U(s) ((const uint8_t *)(s))

static void
test_text_gbk_name_round_trip(void **state)
{
	ssc_buf u = SSC_BUF_INIT, g = SSC_BUF_INIT;
	(void)state;

	/* 张三 then 20 padding; 堃 is GBK 88D2 */
	assert_ssc_ok(ssc_text_decode(&u, SSC_CHARSET_GBK,
				      U("\xD5\xC5\xC8\xFD\x20\x20\x00"), 7,
				      SSC_TEXT_STRIP_PADDING));
	assert_string_equal(u.ptr, "张三");
	assert_ssc_ok(ssc_text_encode(&g, SSC_CHARSET_GBK, "王堃", 6));
	assert_int_equal(g.size, 4);
	assert_memory_equal(g.ptr, "\xCD\xF5\x88\xD2", 4);
	assert_ssc_ok(ssc_text_decode(&u, SSC_CHARSET_GBK, U(g.ptr), g.size, 0));
	assert_string_equal(u.ptr, "王堃");
	ssc_buf_dispose(&u);
	ssc_buf_dispose(&g);
}

static void
test_text_gb18030_rare_characters(void **state)
{
	const char *names[] = { "吉𠮷", "刘䶮", "王堃", "𠮷𠮷", "Ｍａｒｙ·安" };
	ssc_buf u = SSC_BUF_INIT, g = SSC_BUF_INIT;
	(void)state;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_ssc_ok(ssc_text_encode(&g, SSC_CHARSET_GB18030, names[i],
					      strlen(names[i])));
		assert_ssc_ok(ssc_text_decode(&u, SSC_CHARSET_GB18030,
					      U(g.ptr), g.size, 0));
		assert_string_equal(u.ptr, names[i]);
	}
	/* 𠮷 is a 4-byte GB 18030 sequence, 䶮 the 2-byte FE9F */
	assert_ssc_ok(ssc_text_encode(&g, SSC_CHARSET_GB18030, "𠮷䶮", 7));
	assert_int_equal(g.size, 6);
	assert_memory_equal(g.ptr, "\x95\x34\xB2\x35\xFE\x9F", 6);
	/* strict GBK refuses what only GB 18030 has */
	assert_ssc_error(ssc_text_encode(&g, SSC_CHARSET_GBK, "𠮷", 4),
			 SSC_EPARSE);
	assert_int_equal(ssc_error_last()->klass, SSC_ERROR_CLASS_ENCODING);
	assert_int_equal(g.size, 6); /* unchanged */
	ssc_buf_dispose(&u);
	ssc_buf_dispose(&g);
}

static void
test_text_invalid_bytes_are_errors(void **state)
{
	ssc_buf u = SSC_BUF_INIT;
	(void)state;

	assert_ssc_ok(ssc_text_decode(&u, SSC_CHARSET_GB18030, U("A"), 1, 0));
	/* lone lead byte (truncated) */
	assert_ssc_error(ssc_text_decode(&u, SSC_CHARSET_GB18030,
					 U("\xD5"), 1, 0), SSC_EPARSE);
	assert_int_equal(ssc_error_last()->klass, SSC_ERROR_CLASS_ENCODING);
	/* bad trail byte */
	assert_ssc_error(ssc_text_decode(&u, SSC_CHARSET_GB18030,
					 U("\xD5\x20"), 2, 0), SSC_EPARSE);
	/* 0x80 and 0xFF are not characters */
	assert_ssc_error(ssc_text_decode(&u, SSC_CHARSET_GB18030, U("\x80"), 1,
					 0), SSC_EPARSE);
	assert_ssc_error(ssc_text_decode(&u, SSC_CHARSET_GB18030,
					 U("\xFF\x41"), 2, 0), SSC_EPARSE);
	/* broken 4-byte sequence */
	assert_ssc_error(ssc_text_decode(&u, SSC_CHARSET_GB18030,
					 U("\x95\x34\xB2"), 3, 0), SSC_EPARSE);
	/* NUL inside the text (not trailing padding) */
	assert_ssc_error(ssc_text_decode(&u, SSC_CHARSET_GB18030,
					 U("\xD5\xC5\x00\xC8\xFD"), 5,
					 SSC_TEXT_STRIP_PADDING), SSC_EPARSE);
	/* never silently replaced: the earlier result stays */
	assert_string_equal(u.ptr, "A");
	/* invalid UTF-8 in, overlong, surrogate */
	assert_ssc_error(ssc_text_encode(&u, SSC_CHARSET_GB18030, "\xC3", 1),
			 SSC_EPARSE);
	assert_ssc_error(ssc_text_encode(&u, SSC_CHARSET_GB18030, "\xC0\xAF",
					 2), SSC_EPARSE);
	assert_ssc_error(ssc_text_encode(&u, SSC_CHARSET_GB18030,
					 "\xED\xA0\x80", 3), SSC_EPARSE);
	assert_ssc_error(ssc_text_encode(&u, 7, "a", 1), SSC_EINVAL);
	assert_ssc_error(ssc_text_decode(&u, SSC_CHARSET_GBK, U("a"), 1, 8),
			 SSC_EINVAL);
	ssc_buf_dispose(&u);
}

static void
test_text_padding(void **state)
{
	ssc_buf u = SSC_BUF_INIT;
	(void)state;

	/* 0xFF padding of 姓名扩展, mixed padding, all padding */
	assert_ssc_ok(ssc_text_decode(&u, SSC_CHARSET_GB18030,
				      U("\x88\xD2\xFF\xFF\xFF"), 5,
				      SSC_TEXT_STRIP_PADDING));
	assert_string_equal(u.ptr, "堃");
	assert_ssc_ok(ssc_text_decode(&u, SSC_CHARSET_GB18030,
				      U("JOHN SMITH\x20\x00\xFF"), 13,
				      SSC_TEXT_STRIP_PADDING));
	assert_string_equal(u.ptr, "JOHN SMITH");
	assert_ssc_ok(ssc_text_decode(&u, SSC_CHARSET_GB18030,
				      U("\x00\x00\x20\xFF"), 4,
				      SSC_TEXT_STRIP_PADDING));
	assert_string_equal(u.ptr, "");
	assert_int_equal(u.size, 0);
	/* without the flag, padding is data: 0xFF is then invalid */
	assert_ssc_error(ssc_text_decode(&u, SSC_CHARSET_GB18030,
					 U("\x88\xD2\xFF"), 3, 0), SSC_EPARSE);
	ssc_buf_dispose(&u);
}

static void
test_text_name_split_and_join(void **state)
{
	ssc_buf n = SSC_BUF_INIT, e = SSC_BUF_INIT, j = SSC_BUF_INIT;
	/* 14 two-byte characters (28 bytes) + 𠮷 (4 bytes) + 欧阳 */
	const char *longname = "爱新觉罗恒山爱新觉罗恒山王李𠮷欧阳";
	uint8_t field[30], extf[20];
	(void)state;

	assert_ssc_ok(ssc_name_split(&n, &e, "张三"));
	assert_int_equal(n.size, 4);
	assert_int_equal(e.size, 0);

	assert_ssc_ok(ssc_name_split(&n, &e, longname));
	assert_int_equal(n.size, 28); /* 𠮷 does not fit in the 2 bytes left */
	assert_int_equal(e.size, 8);
	assert_memory_equal(e.ptr, "\x95\x34\xB2\x35", 4);

	/* as on the card: 姓名 padded with 0x20, 姓名扩展 with 0xFF */
	memset(field, 0x20, sizeof(field));
	memcpy(field, n.ptr, n.size);
	memset(extf, 0xFF, sizeof(extf));
	memcpy(extf, e.ptr, e.size);
	assert_ssc_ok(ssc_name_join(&j, field, 30, extf, 20));
	assert_string_equal(j.ptr, longname);
	/* gen-1 cards: no extension */
	assert_ssc_ok(ssc_name_join(&j, field, 30, NULL, 0));
	assert_string_equal(j.ptr, "爱新觉罗恒山爱新觉罗恒山王李");

	/* exactly 30 bytes: no extension */
	assert_ssc_ok(ssc_name_split(&n, &e, "一二三四五六七八九十一二三四五"));
	assert_int_equal(n.size, 30);
	assert_int_equal(e.size, 0);
	/* 51 bytes do not fit: refused, outputs unchanged */
	assert_ssc_error(ssc_name_split(&n, &e,
					"一二三四五六七八九十一二三四五"
					"六七八九十一二三四五A"),
			 SSC_EINVAL);
	assert_int_equal(n.size, 30);
	assert_ssc_error(ssc_name_split(&n, &e, ""), SSC_EINVAL);
	assert_ssc_error(ssc_name_split(&n, &e, "\xFF"), SSC_EPARSE);
	assert_ssc_error(ssc_name_join(&j, field, 31, NULL, 0), SSC_EPARSE);
	ssc_buf_dispose(&n);
	ssc_buf_dispose(&e);
	ssc_buf_dispose(&j);
}

static void
test_text_allocation_failures(void **state)
{
	ssc_test_alloc a = { 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &a, NULL);
	const char *name = "爱新觉罗恒山爱新觉罗恒山王李𠮷欧阳";
	long fails = 0;
	(void)state;

	assert_non_null(ctx);
	for (long k = 1; k < 50; k++) {
		ssc_buf n = SSC_BUF_INIT, e = SSC_BUF_INIT, j = SSC_BUF_INIT;
		long live = a.live;
		ssc_status rc;
		a.calls = 0;
		a.fail_at = k;
		rc = ssc__name_split(ctx, &n, &e, name);
		if (rc == SSC_OK)
			rc = ssc__name_join(ctx, &j, (uint8_t *)n.ptr, n.size,
					    (uint8_t *)e.ptr, e.size);
		a.fail_at = 0;
		if (rc == SSC_OK) {
			assert_string_equal(j.ptr, name);
		} else {
			assert_int_equal(rc, SSC_ENOMEM);
			fails++;
		}
		ssc_buf_dispose(&n);
		ssc_buf_dispose(&e);
		ssc_buf_dispose(&j);
		assert_int_equal(a.live, live);
		if (rc == SSC_OK)
			break;
	}
	assert_true(fails > 0);
	ssc_ctx_free(ctx);
	assert_int_equal(a.live, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_gbk_name_round_trip),
		cmocka_unit_test(test_text_gb18030_rare_characters),
		cmocka_unit_test(test_text_invalid_bytes_are_errors),
		cmocka_unit_test(test_text_padding),
		cmocka_unit_test(test_text_name_split_and_join),
		cmocka_unit_test(test_text_allocation_failures),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
