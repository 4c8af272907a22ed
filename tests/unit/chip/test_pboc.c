/* SPDX-License-Identifier: Apache-2.0 */
/* PBOC dialogues over the scripted card: PSE discovery (with 61xx), SELECT,
 * GPO with a PDOL, records over the AFL, GET DATA, holder-ID cross-check
 * (match and mismatch), PPSE + format-1 GPO, the AID fallback, offline
 * VERIFY and the MAC'd issuer-script commands. */
#include "chip_test_util.h"
#include "chip/pboc.h"

#define SELECT_PSE "00A404000E315041592E5359532E444446303100"
#define SELECT_PPSE "00A404000E325041592E5359532E444446303100"
#define SELECT_DEBIT "00A4040008A00000033301010100"
#define DEBIT_FCI "6F22" "8408A000000333010101" "A516" "50054445424954" \
	"870101" "9F38099F7A019F02065F2A02"
#define REC1 "7032" "57106231234567890123D28062201234567F" "5F2004D5C5C8FD" \
	"9F6112313130313035313934393132333130303258" "9F620100"
#define REC2 "7014" "5A086231234567890123" "5F2403280630" "5F340101"

static void
script_contact_read(apdu_script *s)
{
	apdu_script_expect(s, SELECT_PSE, "6117");
	apdu_script_expect(s, "00C0000017",
			   "6F15840E315041592E5359532E4444463031A503880101" "9000");
	apdu_script_expect(s, "00B2010C00",
			   "7016" "6114" "4F08A000000333010101" "50054445424954"
			   "870101" "9000");
	apdu_script_expect(s, "00B2020C00", "6A83");
	apdu_script_expect(s, SELECT_DEBIT, DEBIT_FCI "9000");
	/* PDOL 9F7A01 9F0206 5F2A02 filled with the defaults (card-spec §4.2) */
	apdu_script_expect(s, "80A800000B830900000000000000015600",
			   "770A82027C00940408010200" "9000");
	apdu_script_expect(s, "00B2010C00", REC1 "9000");
	apdu_script_expect(s, "00B2020C00", REC2 "9000");
	apdu_script_expect(s, "80CA9F3605", "9F36020012" "9000");
	apdu_script_expect(s, "80CA9F1305", "9F13020010" "9000");
	apdu_script_expect(s, "80CA9F1704", "9F170103" "9000");
	apdu_script_expect(s, "80CA9F7909", "6A88");
}

static void
test_pboc_contact_read_flow_with_pdol(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__pboc_card c;
	ssc__ssse_ef06 e6;
	bool compared = false;
	(void)state;

	apdu_script_init(&s);
	script_contact_read(&s);
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__pboc_read(&t, NULL, &c));
	apdu_script_assert_done(&s);

	assert_int_equal(c.aid_len, 8);
	assert_memory_equal(c.aid, "\xA0\x00\x00\x03\x33\x01\x01\x01", 8);
	assert_memory_equal(c.aip, "\x7C\x00", 2);
	assert_string_equal(c.pan, "6231234567890123");
	assert_string_equal(c.track2_pan, "6231234567890123");
	assert_string_equal(c.track2_expiry, "2806");
	assert_string_equal(c.service_code, "220");
	assert_int_equal(c.track2_len, 16);
	assert_string_equal(c.expiry, "20280630");
	assert_string_equal(c.effective, "");
	assert_int_equal(c.pan_seq, 1);
	assert_int_equal(c.name_len, 4);
	assert_memory_equal(c.name, "\xD5\xC5\xC8\xFD", 4);
	assert_true(c.has_holder_id);
	assert_int_equal(c.holder_id_len, 18);
	assert_int_equal(c.holder_id_type, 0);
	assert_int_equal(c.atc, 0x12);
	assert_int_equal(c.last_online_atc, 0x10);
	assert_int_equal(c.pin_tries, 3);
	assert_string_equal(c.ecash_balance, "");

	memset(&e6, 0, sizeof(e6));
	memcpy(e6.ssn, "11010519491231002X", 19);
	assert_ssc_ok(ssc__pboc_check_holder(&c, &e6, &compared));
	assert_true(compared);
}

static void
test_pboc_holder_id_mismatch(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__pboc_card c;
	ssc__ssse_ef06 e6;
	bool compared = false;
	const char *msg;
	(void)state;

	apdu_script_init(&s);
	script_contact_read(&s);
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__pboc_read(&t, NULL, &c));
	memset(&e6, 0, sizeof(e6));
	memcpy(e6.ssn, "440524188001010014", 19);
	assert_ssc_error(ssc__pboc_check_holder(&c, &e6, &compared),
			 SSC_EMISMATCH);
	assert_true(compared);
	msg = ssc_error_last()->message;
	assert_null(strstr(msg, "11010519491231002X"));
	assert_null(strstr(msg, "440524188001010014"));
	/* another document type is not comparable: reported as such */
	c.holder_id_type = 2;
	assert_ssc_ok(ssc__pboc_check_holder(&c, &e6, &compared));
	assert_false(compared);
}

static void
test_pboc_ppse_format1_and_terminal_data(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__pboc_options o;
	ssc__pboc_card c;
	/* 9F37 and 9A given by the terminal: deterministic */
	const uint8_t term[] = { 0x9F, 0x37, 0x04, 0xDE, 0xAD, 0xBE, 0xEF,
				 0x9A, 0x03, 0x26, 0x11, 0x25,
				 0x9F, 0x02, 0x06, 0, 0, 0, 0, 0x01, 0x00 };
	(void)state;

	ssc__pboc_options_default(&o);
	o.contactless = true;
	o.terminal_tlv = term;
	o.terminal_len = sizeof(term);
	apdu_script_init(&s);
	apdu_script_expect(&s, SELECT_PPSE,
			   "6F28840E325041592E5359532E4444463031"
			   "A516BF0C13"
			   "6111" "4F08A000000333010101" "50054445424954" "9000");
	/* PDOL 9F66 04, 9F02 06, 9F37 04, 9A 03, 5F2A 02 */
	apdu_script_expect(&s, SELECT_DEBIT,
			   "6F24" "8408A000000333010101" "A518" "500544454249"
			   "54" "9F380E9F66049F02069F37049A035F2A02" "9000");
	apdu_script_expect(&s, "80A80000158313" "28000000" "000000000100"
			   "DEADBEEF" "261125" "0156" "00",
			   "800A" "7C00" "08010100" "10010101" "9000");
	apdu_script_expect(&s, "00B2010C00", REC2 "9000");
	apdu_script_expect(&s, "00B2011400", REC1 "9000");
	apdu_script_expect(&s, "80CA9F3605", "6A88");
	apdu_script_expect(&s, "80CA9F1305", "6A88");
	apdu_script_expect(&s, "80CA9F1704", "6A88");
	apdu_script_expect(&s, "80CA9F7909", "9F7906000000012345" "9000");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_ok(ssc__pboc_read(&t, &o, &c));
	apdu_script_assert_done(&s);
	assert_int_equal(c.atc, -1);
	assert_int_equal(c.pin_tries, -1);
	assert_string_equal(c.ecash_balance, "000000012345");
	assert_string_equal(c.pan, "6231234567890123");
}

static void
test_pboc_aid_fallback_and_blocked(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__pboc_card c;
	(void)state;

	apdu_script_init(&s);
	apdu_script_expect(&s, SELECT_PSE, "6A82");
	apdu_script_expect(&s, SELECT_DEBIT, "6A82");
	apdu_script_expect(&s, "00A4040008A00000033301010200", "6A82");
	apdu_script_expect(&s, "00A4040008A00000033301010300", "6A82");
	apdu_script_expect(&s, "00A4040008A00000033301010600", "6A82");
	/* second card: PSE fine, application blocked */
	apdu_script_expect(&s, SELECT_PSE,
			   "6F15840E315041592E5359532E4444463031A503880101" "9000");
	apdu_script_expect(&s, "00B2010C00",
			   "7016" "6114" "4F08A000000333010101" "50054445424954"
			   "870101" "9000");
	apdu_script_expect(&s, "00B2020C00", "6A83");
	apdu_script_expect(&s, SELECT_DEBIT, "6283");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_error(ssc__pboc_read(&t, NULL, &c), SSC_ENOTFOUND);
	assert_ssc_error(ssc__pboc_read(&t, NULL, &c), SSC_EAPPBLOCKED);
	assert_int_equal(ssc_error_last()->sw, 0x6283);
	apdu_script_assert_done(&s);
}

static void
test_pboc_gpo_and_afl_rules(void **state)
{
	apdu_script s;
	ssc__transport t;
	ssc__pboc_fci fci;
	uint8_t aip[2], afl[64];
	size_t n = sizeof(afl);
	(void)state;

	assert_ssc_error(ssc__pboc_check_afl((const uint8_t *)"\x08\x01\x02", 3),
			 SSC_EPARSE);
	assert_ssc_error(ssc__pboc_check_afl((const uint8_t *)"\x00\x01\x02\x00", 4),
			 SSC_EPARSE);
	assert_ssc_error(ssc__pboc_check_afl((const uint8_t *)"\x08\x03\x02\x00", 4),
			 SSC_EPARSE);
	assert_ssc_error(ssc__pboc_check_afl((const uint8_t *)"\x08\x01\x02\x03", 4),
			 SSC_EPARSE);
	assert_ssc_ok(ssc__pboc_check_afl((const uint8_t *)"\x08\x01\x02\x02", 4));

	memset(&fci, 0, sizeof(fci));
	apdu_script_init(&s);
	apdu_script_expect(&s, "80A8000002830000", "6985");
	apdu_script_expect(&s, "80A8000002830000", "9F3602000A" "9000");
	t = apdu_script_transport(&s, NULL, false);
	assert_ssc_error(ssc__pboc_gpo(&t, NULL, &fci, aip, afl, &n), SSC_ECARD);
	assert_int_equal(ssc_error_last()->sw, 0x6985);
	n = sizeof(afl);
	assert_ssc_error(ssc__pboc_gpo(&t, NULL, &fci, aip, afl, &n), SSC_EPARSE);
	apdu_script_assert_done(&s);
}

static void
test_pboc_verify_and_issuer_scripts(void **state)
{
	ssc_key_provider *kp = test_provider();
	ssc__sm_config sm;
	apdu_script s;
	ssc__transport t;
	uint8_t ch[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
	uint8_t blk[8], enc[8], k[16];
	char cmd[200];
	int tries = 0;
	(void)state;

	ssc__sm_config_default(&sm, kp, "des", SSC__ALG_DES);
	apdu_script_hex(k, 16, TEST_DES_KEY);
	memcpy(blk, "\x06\x24\x68\x02\x80\x00\x00\x00", 8);
	assert_ssc_ok(ssc__crypto_ecb(enc, SSC_KEY_TYPE_DES, k, 16, true, blk, 8));

	apdu_script_init(&s);
	apdu_script_expect(&s, "002000800826123456FFFFFFFF", "63C1");
	apdu_script_expect(&s, "0020008008241234FFFFFFFFFF", "6983");
	apdu_script_expect(&s, "0084000008", "1122334455667788" "9000");
	expected_sm_command(cmd, TEST_DES_KEY, SSC_KEY_TYPE_DES, ch, 8, 0x84,
			    0x1E, 0, 0, NULL, 0, SSC_MAC_TRUNC_LEFT4);
	apdu_script_expect(&s, cmd, "9000");
	apdu_script_expect(&s, "0084000008", "1122334455667788" "9000");
	expected_sm_command(cmd, TEST_DES_KEY, SSC_KEY_TYPE_DES, ch, 8, 0x84,
			    0x18, 0, 0, NULL, 0, SSC_MAC_TRUNC_LEFT4);
	apdu_script_expect(&s, cmd, "9302");
	apdu_script_expect(&s, "0084000008", "1122334455667788" "9000");
	expected_sm_command(cmd, TEST_DES_KEY, SSC_KEY_TYPE_DES, ch, 8, 0x84,
			    0x24, 0, 1, enc, 8, SSC_MAC_TRUNC_LEFT4);
	apdu_script_expect(&s, cmd, "9000");
	/* zero IV (no challenge) for the PIN unblock */
	memset(ch, 0, sizeof(ch));
	expected_sm_command(cmd, TEST_DES_KEY, SSC_KEY_TYPE_DES, ch, 8, 0x84,
			    0x24, 0, 0, NULL, 0, SSC_MAC_TRUNC_LEFT4);
	apdu_script_expect(&s, cmd, "9000");
	t = apdu_script_transport(&s, NULL, false);

	assert_ssc_error(ssc__pboc_verify_pin(&t, "123456", &tries), SSC_EPIN);
	assert_int_equal(tries, 1);
	assert_ssc_error(ssc__pboc_verify_pin(&t, "1234", &tries),
			 SSC_EPINBLOCKED);
	assert_ssc_ok(ssc__pboc_app_block(&t, &sm));
	assert_ssc_error(ssc__pboc_app_unblock(&t, &sm), SSC_EMAC);
	assert_ssc_ok(ssc__pboc_pin_change(&t, &sm, "246802", 6, 6));
	sm.challenge_len = 0;
	assert_ssc_ok(ssc__pboc_pin_unblock(&t, &sm));
	apdu_script_assert_done(&s);
	ssc_key_provider_free(kp);
}

/* Every allocation of the read flow failing in turn: each run either
 * succeeds or fails with SSC_ENOMEM, and nothing leaks. */
static void
test_pboc_read_allocation_failures(void **state)
{
	ssc_test_alloc al;
	long k;
	int ok_runs = 0, nomem_runs = 0;
	(void)state;

	for (k = 1; k < 400 && ok_runs == 0; k++) {
		apdu_script s;
		ssc__transport t;
		ssc__pboc_card c;
		ssc_ctx *ctx;
		ssc_status rc;

		memset(&al, 0, sizeof(al));
		ctx = ssc_test_ctx(NULL, &al, NULL);
		assert_non_null(ctx);
		al.fail_at = al.calls + k;
		apdu_script_init(&s);
		script_contact_read(&s);
		t = apdu_script_transport(&s, ctx, false);
		rc = ssc__pboc_read(&t, NULL, &c);
		if (rc == SSC_OK) {
			ok_runs++;
			apdu_script_assert_done(&s);
		} else {
			assert_int_equal(rc, SSC_ENOMEM);
			nomem_runs++;
		}
		al.fail_at = 0;
		ssc_ctx_free(ctx);
		assert_int_equal(al.live, 0);
	}
	assert_int_equal(ok_runs, 1);
	assert_true(nomem_runs > 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pboc_contact_read_flow_with_pdol),
		cmocka_unit_test(test_pboc_holder_id_mismatch),
		cmocka_unit_test(test_pboc_ppse_format1_and_terminal_data),
		cmocka_unit_test(test_pboc_aid_fallback_and_blocked),
		cmocka_unit_test(test_pboc_gpo_and_afl_rules),
		cmocka_unit_test(test_pboc_verify_and_issuer_scripts),
		cmocka_unit_test(test_pboc_read_allocation_failures),
	};
	return cmocka_run_group_tests_name("pboc", tests, NULL, NULL);
}
