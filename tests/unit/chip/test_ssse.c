/* SPDX-License-Identifier: Apache-2.0 */
/* SSSE dialogues over the scripted card: selection (T=0 61xx, FCI with
 * algorithm indicator), EF05/EF06 with a GBK name and extension, 6Cxx
 * fallback, PIN verify/change (wrong PIN with tries left, blocked PIN),
 * MAC'd reload/unblock/update, generation-3 authentication steps. */
#include "chip_test_util.h"
#include "chip/ssse.h"

#define SELECT_SSSE "00A404000F7378312E73682EC9E7BBE1B1A3D5CF"

static void
script_ef05(apdu_script *s)
{
	apdu_script_expect(s, "00B2012812",
			   "0110330100D1560000050A1B2C3D5E6F7081" "9000");
	apdu_script_expect(s, "00B2032806", "0304322E3030" "9000");
	apdu_script_expect(s, "00B207280B", "0709413132333435363738" "9000");
	apdu_script_expect(s, "00B2022803", "020131" "9000");
	apdu_script_expect(s, "00B204280E", "6A83");
	apdu_script_expect(s, "00B2052806", "050420150630" "9000");
	apdu_script_expect(s, "00B2062806", "060420250630" "9000");
}

static void
script_ef06(apdu_script *s, bool with_ext)
{
	apdu_script_expect(s, "00B2083014",
			   "0812313130313035313934393132333130303258" "9000");
	apdu_script_expect(s, "00B2093020",
			   "091ED5C5C8FD"
			   "2020202020202020202020202020202020202020202020202020"
			   "9000");
	if (with_ext)
		apdu_script_expect(s, "00B24E3016",
				   "4E14B1BCFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
				   "9000");
	else
		apdu_script_expect(s, "00B24E3016", "6A83");
	apdu_script_expect(s, "00B20A3003", "0A0131" "9000");
	apdu_script_expect(s, "00B20B3003", "0B0101" "9000");
	apdu_script_expect(s, "00B20C3005", "0C03110105" "9000");
	apdu_script_expect(s, "00B20D3006", "0D0419491231" "9000");
}

static void
test_ssse_select_t0_and_read_basic(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__ssse_fci fci;
	ssc__ssse_ef05 e5;
	ssc__ssse_ef06 e6;
	(void)state;

	apdu_script_init(&s);
	script_select_ssse(&s, true);
	script_ef05(&s);
	script_ef06(&s, true);
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_select(&t, NULL, &fci));
	assert_int_equal(fci.df_name_len, 15);
	assert_memory_equal(fci.df_name, ssc__ssse_df_name, 15);
	assert_int_equal(fci.dir_sfi, 6);
	assert_int_equal(fci.algorithm, SSC__ALG_DES);
	assert_false(fci.algorithm_present);

	assert_ssc_ok(ssc__ssse_read_ef05(&t, NULL, &e5));
	assert_string_equal(e5.card_id_hex, "330100D1560000050A1B2C3D5E6F7081");
	assert_string_equal(e5.region, "330100");
	assert_string_equal(e5.spec_version, "2.00");
	assert_int_equal(e5.generation, 2);
	assert_string_equal(e5.card_number, "A12345678");
	assert_true(e5.has_card_type);
	assert_int_equal(e5.card_type, '1');
	assert_false(e5.has_init_org);
	assert_string_equal(e5.issue_date, "20150630");
	assert_string_equal(e5.expiry_date, "20250630");

	assert_ssc_ok(ssc__ssse_read_ef06(&t, NULL, &e6));
	assert_string_equal(e6.ssn, "11010519491231002X");
	/* GBK bytes of the name, padding stripped, extension kept apart */
	assert_int_equal(e6.name_len, 4);
	assert_memory_equal(e6.name, "\xD5\xC5\xC8\xFD", 4);
	assert_true(e6.has_name_ext);
	assert_int_equal(e6.name_ext_len, 2);
	assert_memory_equal(e6.name_ext, "\xB1\xBC", 2);
	assert_int_equal(e6.sex, '1');
	assert_string_equal(e6.ethnicity, "01");
	assert_string_equal(e6.birthplace, "110105");
	assert_string_equal(e6.birth_date, "19491231");
	apdu_script_assert_done(&s);
}

static void
test_ssse_select_t1_sm4_and_gen1_without_ext(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__ssse_fci fci;
	ssc__ssse_ef06 e6;
	ssc__ssse_options o;
	(void)state;

	ssc__ssse_options_default(&o);
	o.select_mf_first = true;
	apdu_script_init(&s);
	apdu_script_expect(&s, "00A40000023F00", "6A82"); /* ignored */
	script_select_ssse(&s, false);
	script_ef06(&s, false);
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_select(&t, &o, &fci));
	assert_true(fci.algorithm_present);
	assert_int_equal(fci.algorithm, SSC__ALG_SM4);
	assert_ssc_ok(ssc__ssse_read_ef06(&t, &o, &e6));
	assert_false(e6.has_name_ext);
	assert_int_equal(e6.name_ext_len, 0);
	apdu_script_assert_done(&s);
}

static void
test_ssse_select_case4_retry_and_failure(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__ssse_fci fci;
	(void)state;

	apdu_script_init(&s);
	apdu_script_expect(&s, SELECT_SSSE, "9000");
	apdu_script_expect(&s, SELECT_SSSE "00",
			   "6F11840F7378312E73682EC9E7BBE1B1A3D5CF" "9000");
	apdu_script_expect(&s, SELECT_SSSE, "6A82");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_select(&t, NULL, &fci));
	assert_int_equal(fci.dir_sfi, -1);
	assert_ssc_error(ssc__ssse_select(&t, NULL, &fci), SSC_ENOTFOUND);
	assert_int_equal(ssc_error_last()->sw, 0x6A82);
	apdu_script_assert_done(&s);
}

static void
test_ssse_read_le_zero_6cxx_fallback(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__ssse_options o;
	uint8_t v[32];
	size_t n = sizeof(v);
	(void)state;

	ssc__ssse_options_default(&o);
	o.le_mode = SSC__SSSE_LE_ZERO;
	apdu_script_init(&s);
	apdu_script_expect(&s, "00B2093000", "6C20");
	apdu_script_expect(&s, "00B2093020",
			   "091ED5C5C8FD"
			   "2020202020202020202020202020202020202020202020202020"
			   "9000");
	/* wrong record header: tag mismatch */
	apdu_script_expect(&s, "00B2083000", "0902C1C2" "9000");
	/* length byte beyond the data */
	apdu_script_expect(&s, "00B2083000", "08203131" "9000");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_read_item(&t, &o, 6, 0x09, 30, v, &n));
	assert_int_equal(n, 30);
	n = sizeof(v);
	assert_ssc_error(ssc__ssse_read_item(&t, &o, 6, 0x08, 18, v, &n),
			 SSC_EAPDU);
	assert_ssc_error(ssc__ssse_read_item(&t, &o, 6, 0x08, 18, v, &n),
			 SSC_EAPDU);
	apdu_script_assert_done(&s);
}

static void
test_ssse_gen3_needs_sam(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__ssse_ef05 e5;
	(void)state;

	apdu_script_init(&s);
	apdu_script_expect(&s, "00B2012812",
			   "0110330100D1560000050A1B2C3D5E6F7081" "9000");
	apdu_script_expect(&s, "00B2032806", "0304332E3030" "9000");
	apdu_script_expect(&s, "00B207280B", "6982");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_error(ssc__ssse_read_ef05(&t, NULL, &e5), SSC_ESECURITY);
	assert_non_null(strstr(ssc_error_last()->message, "SAM"));
	assert_int_equal(ssc_error_last()->sw, 0x6982);
	/* what was read before the refusal is kept for the caller */
	assert_int_equal(e5.generation, 3);
	assert_string_equal(e5.card_id_hex, "330100D1560000050A1B2C3D5E6F7081");
	apdu_script_assert_done(&s);
}

struct auth_probe {
	ssc_key_provider *kp;
	int calls;
	int algorithm_seen;
};

static ssc_status
auth_with_kp(ssc__transport *t, const ssc__ssse_fci *fci,
	     const ssc__ssse_ef05 *so_far, void *payload)
{
	struct auth_probe *p = payload;

	p->calls++;
	p->algorithm_seen = fci->algorithm;
	assert_int_equal(so_far->generation, 3);
	return ssc__ssse_external_auth_kp(t, p->kp, "sm4", 0x0A, fci->algorithm);
}

static void
test_ssse_read_basic_gen3_with_auth_hook(void **state)
{
	struct auth_probe probe = { test_provider(), 0, 0 };
	apdu_script s;
	ssc__transport t;
	ssc__ssse_fci fci;
	ssc__ssse_ef05 e5;
	ssc__ssse_ef06 e6;
	uint8_t ch[16], cg[16], k[16];
	char step[80], hex[40];
	(void)state;

	apdu_script_hex(k, 16, TEST_SM4_KEY);
	apdu_script_hex(ch, 16, "0F0E0D0C0B0A09080706050403020100");
	assert_ssc_ok(ssc__crypto_ecb(cg, SSC_KEY_TYPE_SM4, k, 16, true, ch, 16));
	hex_of(hex, cg, 16);
	snprintf(step, sizeof(step), "0082000A10%s", hex);

	apdu_script_init(&s);
	script_select_ssse(&s, false); /* algorithm 03 = SM4 */
	apdu_script_expect(&s, "00B2012812",
			   "0110330100D1560000050A1B2C3D5E6F7081" "9000");
	apdu_script_expect(&s, "00B2032806", "0304332E3030" "9000");
	apdu_script_expect(&s, "00B207280B", "6982");
	apdu_script_expect(&s, "0084000010",
			   "0F0E0D0C0B0A09080706050403020100" "9000");
	apdu_script_expect(&s, step, "9000");
	script_ef05(&s);
	script_ef06(&s, true);
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_read_basic(&t, NULL, auth_with_kp, &probe, &fci,
					   &e5, &e6));
	apdu_script_assert_done(&s);
	assert_int_equal(probe.calls, 1);
	assert_int_equal(probe.algorithm_seen, SSC__ALG_SM4);
	assert_string_equal(e5.card_number, "A12345678");
	assert_string_equal(e6.ssn, "11010519491231002X");
	ssc_key_provider_free(probe.kp);
}

static void
test_ssse_verify_pin(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__ssse_options o;
	int tries = 99;
	(void)state;

	apdu_script_init(&s);
	apdu_script_expect(&s, "0020000003123456", "9000");
	apdu_script_expect(&s, "0020000003654321", "63C2");
	apdu_script_expect(&s, "0020000003654321", "63C0");
	apdu_script_expect(&s, "0020000003123456", "6983");
	apdu_script_expect(&s, "00200000021234", "9000");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_verify_pin(&t, NULL, "123456", &tries));
	assert_int_equal(tries, -1);
	assert_ssc_error(ssc__ssse_verify_pin(&t, NULL, "654321", &tries),
			 SSC_EPIN);
	assert_int_equal(tries, 2);
	assert_int_equal(ssc_error_last()->sw, 0x63C2);
	assert_non_null(strstr(ssc_error_last()->message, "2 tries left"));
	assert_ssc_error(ssc__ssse_verify_pin(&t, NULL, "654321", &tries),
			 SSC_EPINBLOCKED);
	assert_int_equal(tries, 0);
	assert_ssc_error(ssc__ssse_verify_pin(&t, NULL, "123456", &tries),
			 SSC_EPINBLOCKED);
	assert_int_equal(tries, 0);
	/* length and digits are checked before anything is sent */
	assert_ssc_error(ssc__ssse_verify_pin(&t, NULL, "12345", &tries),
			 SSC_EINVAL);
	assert_ssc_error(ssc__ssse_verify_pin(&t, NULL, "12a456", &tries),
			 SSC_EINVAL);
	/* a region allowing 4..6 digits */
	ssc__ssse_options_default(&o);
	o.pin_min_len = 4;
	assert_ssc_ok(ssc__ssse_verify_pin(&t, &o, "1234", &tries));
	apdu_script_assert_done(&s);
}

static void
test_ssse_verify_pin_odd_length(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__ssse_options o;
	(void)state;

	ssc__ssse_options_default(&o);
	o.pin_min_len = 4;
	o.pin_max_len = 8;
	apdu_script_init(&s);
	apdu_script_expect(&s, "002000000312345F", "9000");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_verify_pin(&t, &o, "12345", NULL));
	apdu_script_assert_done(&s);
}

static void
test_ssse_change_pin(void **state)
{
	apdu_script s;
	ssc__transport t;
	int tries = 0;
	(void)state;

	apdu_script_init(&s);
	apdu_script_expect(&s, "805E010007123456FF654321", "9000");
	apdu_script_expect(&s, "805E010007111111FF654321", "63C1");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_change_pin(&t, NULL, "123456", "654321", &tries));
	assert_ssc_error(ssc__ssse_change_pin(&t, NULL, "111111", "654321",
					      &tries), SSC_EPIN);
	assert_int_equal(tries, 1);
	assert_ssc_error(ssc__ssse_change_pin(&t, NULL, "111111", "65432",
					      &tries), SSC_EINVAL);
	apdu_script_assert_done(&s);
}

static void
test_ssse_reload_and_unblock_with_mac(void **state)
{
	ssc_key_provider *kp = test_provider();
	ssc__sm_config sm;
	apdu_script s;
	ssc__transport t;
	uint8_t ch[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, blk[16], enc[16], k[16];
	char cmd[200];
	(void)state;

	ssc__sm_config_default(&sm, kp, "des", SSC__ALG_DES);
	/* expected enciphered PIN block: LV(PIN) 80 00.. under the key */
	memset(blk, 0, sizeof(blk));
	memcpy(blk, "\x06\x13\x57\x91\x80", 5);
	apdu_script_hex(k, 16, TEST_DES_KEY);
	assert_ssc_ok(ssc__crypto_ecb(enc, SSC_KEY_TYPE_DES, k, 16, true, blk, 16));

	apdu_script_init(&s);
	apdu_script_expect(&s, "0084000008", "0102030405060708" "9000");
	expected_sm_command(cmd, TEST_DES_KEY, SSC_KEY_TYPE_DES, ch, 8, 0x84,
			    0x24, 0x00, 0x01, enc, 16, SSC_MAC_TRUNC_LEFT4);
	apdu_script_expect(&s, cmd, "9000");
	/* unblock: MAC only */
	apdu_script_expect(&s, "0084000008", "0102030405060708" "9000");
	expected_sm_command(cmd, TEST_DES_KEY, SSC_KEY_TYPE_DES, ch, 8, 0x84,
			    0x24, 0x00, 0x00, NULL, 0, SSC_MAC_TRUNC_LEFT4);
	apdu_script_expect(&s, cmd, "6988");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_reload_pin(&t, NULL, &sm, "135791"));
	assert_ssc_error(ssc__ssse_unblock_pin(&t, NULL, &sm), SSC_EMAC);
	apdu_script_assert_done(&s);

	/* SSF33 is refused, nothing sent */
	sm.algorithm = SSC__ALG_SSF33;
	assert_ssc_error(ssc__ssse_unblock_pin(&t, NULL, &sm),
			 SSC_ENOTSUPPORTED);
	ssc_key_provider_free(kp);
}

static void
test_ssse_sm4_update_record_xor_fold(void **state)
{
	ssc_key_provider *kp = test_provider();
	ssc__sm_config sm;
	apdu_script s;
	ssc__transport t;
	uint8_t ch[16], rec[32];
	char cmd[300], chhex[40];
	size_t i;
	(void)state;

	for (i = 0; i < 16; i++)
		ch[i] = (uint8_t)(0xA0 + i);
	hex_of(chhex, ch, 16);
	ssc__sm_config_default(&sm, kp, "sm4", SSC__ALG_SM4);
	sm.truncation = SSC_MAC_TRUNC_XOR4;
	rec[0] = 0x0B;
	rec[1] = 0x01;
	rec[2] = 0x02;
	apdu_script_init(&s);
	{
		char resp[64];
		snprintf(resp, sizeof(resp), "%s9000", chhex);
		apdu_script_expect(&s, "0084000010", resp);
	}
	expected_sm_command(cmd, TEST_SM4_KEY, SSC_KEY_TYPE_SM4, ch, 16, 0x04,
			    0xDC, 0x0B, 0x30, rec, 3, SSC_MAC_TRUNC_XOR4);
	apdu_script_expect(&s, cmd, "9000");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_update_item(&t, &sm, 6, 0x0B,
					    (const uint8_t *)"\x02", 1));
	/* key items and bad lengths are refused before anything is sent */
	assert_ssc_error(ssc__ssse_update_item(&t, &sm, 6, 0x08,
					       (const uint8_t *)"1", 1),
			 SSC_EINVAL);
	assert_ssc_error(ssc__ssse_update_item(&t, &sm, 5, 0x01,
					       (const uint8_t *)"1", 1),
			 SSC_EINVAL);
	assert_ssc_error(ssc__ssse_update_item(&t, &sm, 6, 0x0D,
					       (const uint8_t *)"\x19", 1),
			 SSC_EINVAL);
	apdu_script_assert_done(&s);
	ssc_key_provider_free(kp);
}

static void
test_ssse_external_auth_steps(void **state)
{
	ssc_key_provider *kp = test_provider();
	apdu_script s;
	ssc__transport t;
	uint8_t ch[16], cg[16], k[16];
	char step[80], hex[40];
	size_t n = sizeof(ch);
	(void)state;

	apdu_script_hex(k, 16, TEST_SM4_KEY);
	apdu_script_hex(ch, 16, "000102030405060708090A0B0C0D0E0F");
	assert_ssc_ok(ssc__crypto_ecb(cg, SSC_KEY_TYPE_SM4, k, 16, true, ch, 16));
	hex_of(hex, cg, 16);

	apdu_script_init(&s);
	/* by steps: challenge out, cryptogram in */
	apdu_script_expect(&s, "0084000010", "000102030405060708090A0B0C0D0E0F9000");
	snprintf(step, sizeof(step), "008200" "0A" "10%s", hex);
	apdu_script_expect(&s, step, "9000");
	/* with the key provider */
	apdu_script_expect(&s, "0084000010", "000102030405060708090A0B0C0D0E0F9000");
	apdu_script_expect(&s, step, "6300");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__ssse_get_challenge(&t, SSC__ALG_SM4, ch, &n));
	assert_int_equal(n, 16);
	assert_ssc_ok(ssc__ssse_external_auth(&t, 0x0A, cg, 16));
	assert_ssc_error(ssc__ssse_external_auth_kp(&t, kp, "sm4", 0x0A,
						    SSC__ALG_SM4), SSC_EMAC);
	apdu_script_assert_done(&s);
	ssc_key_provider_free(kp);
}

static void
test_ssse_fci_parse_rules(void **state)
{
	ssc__ssse_fci f;
	const uint8_t bad_alg[] = { 0x6F, 0x06, 0x9F, 0x0C, 0x03, 0x86, 0x01, 0x07 };
	const uint8_t no_86[] = { 0x6F, 0x05, 0x9F, 0x0C, 0x02, 0x87, 0x00 };
	const uint8_t bare_86[] = { 0x6F, 0x05, 0xA5, 0x03, 0x86, 0x01, 0x01 };
	const uint8_t not_6f[] = { 0x70, 0x00 };
	(void)state;

	assert_ssc_error(ssc__ssse_parse_fci(&f, bad_alg, sizeof(bad_alg)),
			 SSC_EPARSE);
	assert_ssc_error(ssc__ssse_parse_fci(&f, no_86, sizeof(no_86)),
			 SSC_EPARSE);
	assert_ssc_ok(ssc__ssse_parse_fci(&f, bare_86, sizeof(bare_86)));
	assert_true(f.algorithm_present);
	assert_int_equal(f.algorithm, SSC__ALG_DES);
	assert_ssc_error(ssc__ssse_parse_fci(&f, not_6f, sizeof(not_6f)),
			 SSC_EPARSE);
	assert_ssc_error(ssc__ssse_parse_fci(&f, not_6f, 1), SSC_EPARSE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ssse_select_t0_and_read_basic),
		cmocka_unit_test(test_ssse_select_t1_sm4_and_gen1_without_ext),
		cmocka_unit_test(test_ssse_select_case4_retry_and_failure),
		cmocka_unit_test(test_ssse_read_le_zero_6cxx_fallback),
		cmocka_unit_test(test_ssse_gen3_needs_sam),
		cmocka_unit_test(test_ssse_read_basic_gen3_with_auth_hook),
		cmocka_unit_test(test_ssse_verify_pin),
		cmocka_unit_test(test_ssse_verify_pin_odd_length),
		cmocka_unit_test(test_ssse_change_pin),
		cmocka_unit_test(test_ssse_reload_and_unblock_with_mac),
		cmocka_unit_test(test_ssse_sm4_update_record_xor_fold),
		cmocka_unit_test(test_ssse_external_auth_steps),
		cmocka_unit_test(test_ssse_fci_parse_rules),
	};
	return cmocka_run_group_tests_name("ssse", tests, NULL, NULL);
}
