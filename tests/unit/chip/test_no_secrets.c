/* SPDX-License-Identifier: Apache-2.0 */
/* No PIN or key byte reaches a log line or an error message, even at
 * SSC_LOG_TRACE: whole PIN and secure-messaging dialogues run with a
 * capturing log callback, then the captured text is searched for the
 * canary PIN digits and the canary key in hex. */
#include "chip_test_util.h"
#include "chip/pboc.h"
#include "chip/ssse.h"

#define CANARY_PIN "975310"
#define CANARY_NEW_PIN "864297"
#define CANARY_KEY "C0FFEE11C0FFEE22C0FFEE33C0FFEE44"

struct capture {
	char text[32768];
	size_t len;
	int lines;
};

static void
capture_log(int level, const char *message, void *payload)
{
	struct capture *c = payload;
	int n;
	(void)level;

	n = snprintf(c->text + c->len, sizeof(c->text) - c->len, "%s\n",
		     message);
	if (n > 0 && (size_t)n < sizeof(c->text) - c->len)
		c->len += (size_t)n;
	c->lines++;
}

static void
append_error(struct capture *c)
{
	capture_log(0, ssc_error_last()->message, c);
}

static void
assert_clean(const struct capture *c)
{
	/* the digits as typed, and as BCD hex in an APDU trace */
	assert_null(strstr(c->text, CANARY_PIN));
	assert_null(strstr(c->text, CANARY_NEW_PIN));
	assert_null(strstr(c->text, CANARY_KEY));
	assert_null(strstr(c->text, "C0FFEE"));
	assert_null(strstr(c->text, "c0ffee"));
}

static void
test_no_secrets_pin_and_sm_dialogues(void **state)
{
	struct capture cap;
	ssc_ctx_options opts = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	ssc_key_provider *kp = NULL;
	ssc__sm_config sm;
	apdu_script s;
	ssc__transport t;
	uint8_t key[16];
	char keyline[128];
	int tries;
	(void)state;

	memset(&cap, 0, sizeof(cap));
	opts.log = capture_log;
	opts.log_payload = &cap;
	opts.log_level = SSC_LOG_TRACE;
	assert_ssc_ok(ssc_ctx_new(&ctx, &opts));
	assert_ssc_ok(ssc_key_provider_soft_new(&kp, ctx));
	snprintf(keyline, sizeof(keyline), "canary des %s\n", CANARY_KEY);
	assert_ssc_ok(ssc_key_provider_soft_load_memory(kp, keyline,
							strlen(keyline)));
	/* a malformed line must not echo its key either */
	snprintf(keyline, sizeof(keyline), "canary2 des %sZZ\n", CANARY_KEY);
	assert_ssc_error(ssc_key_provider_soft_load_memory(kp, keyline,
							   strlen(keyline)),
			 SSC_EPARSE);
	append_error(&cap);
	apdu_script_hex(key, 16, CANARY_KEY);
	assert_ssc_error(ssc_key_provider_soft_add(kp, "canary", SSC_KEY_TYPE_DES,
						   key, 16), SSC_EEXISTS);
	append_error(&cap);
	ssc__sm_config_default(&sm, kp, "canary", SSC__ALG_DES);

	apdu_script_init(&s);
	apdu_script_expect(&s, "0020000003" CANARY_PIN, "63C2");
	apdu_script_expect(&s, "0020000003" CANARY_PIN, "9000");
	apdu_script_expect(&s, "805E010007" CANARY_PIN "FF" CANARY_NEW_PIN,
			   "6983");
	apdu_script_expect(&s, "002000800826" CANARY_PIN "FFFFFFFF", "63C1");
	t = apdu_script_transport(&s, ctx, false);
	assert_ssc_error(ssc__ssse_verify_pin(&t, NULL, CANARY_PIN, &tries),
			 SSC_EPIN);
	append_error(&cap);
	assert_ssc_ok(ssc__ssse_verify_pin(&t, NULL, CANARY_PIN, &tries));
	assert_ssc_error(ssc__ssse_change_pin(&t, NULL, CANARY_PIN,
					      CANARY_NEW_PIN, &tries),
			 SSC_EPINBLOCKED);
	append_error(&cap);
	assert_ssc_error(ssc__pboc_verify_pin(&t, CANARY_PIN, &tries), SSC_EPIN);
	append_error(&cap);
	apdu_script_assert_done(&s);

	/* MAC'd RELOAD: the exact command is computed independently from
	 * the raw key; its data field (enciphered PIN + MAC) is masked */
	{
		uint8_t ch[8] = { 9, 8, 7, 6, 5, 4, 3, 2 }, blk[16], enc[16];
		char cmd[200];
		memset(blk, 0, sizeof(blk));
		memcpy(blk, "\x06\x86\x42\x97\x80", 5);
		assert_ssc_ok(ssc__crypto_ecb(enc, SSC_KEY_TYPE_DES, key, 16,
					      true, blk, 16));
		expected_sm_command(cmd, CANARY_KEY, SSC_KEY_TYPE_DES, ch, 8,
				    0x84, 0x24, 0x00, 0x01, enc, 16,
				    SSC_MAC_TRUNC_LEFT4);
		apdu_script_init(&s);
		apdu_script_expect(&s, "0084000008", "0908070605040302" "9000");
		apdu_script_expect(&s, cmd, "9000");
		t = apdu_script_transport(&s, ctx, false);
		assert_ssc_ok(ssc__ssse_reload_pin(&t, NULL, &sm, CANARY_NEW_PIN));
		apdu_script_assert_done(&s);
		assert_null(strstr(cap.text, cmd + 10));
	}
	/* a bad PIN format is refused without echoing it */
	assert_ssc_error(ssc__ssse_verify_pin(&t, NULL, CANARY_PIN "9", NULL),
			 SSC_EINVAL);
	append_error(&cap);

	assert_true(cap.lines >= 10);
	assert_non_null(strstr(cap.text, "apdu > 0020000003 [3 bytes masked]"));
	assert_non_null(strstr(cap.text, "apdu > 805E010007 [7 bytes masked]"));
	assert_non_null(strstr(cap.text, "apdu > 8424000114 [20 bytes masked]"));
	assert_clean(&cap);
	ssc_key_provider_free(kp);
	ssc_ctx_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_secrets_pin_and_sm_dialogues),
	};
	return cmocka_run_group_tests_name("no_secrets", tests, NULL, NULL);
}
