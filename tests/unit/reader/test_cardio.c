/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The application-facing card access (socialcard/cardio.h) against the
 * in-process software card: the basic read for each generation profile
 * with the number of APDUs counted, a rare-character name through the 4E
 * extension, the financial read and the holder-ID mismatch, the
 * iReadCardBas text, PIN verify / change / wrong / blocked, reload and
 * unblock with a key provider, APDU transmit through the exchange layer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader_test_util.h"
#include "socialcard/cardio.h"
#include "socialcard/sys/key_provider.h"
#include "socialcard/sys/reader_backend.h"

/* A connection to a sim card with its exchanges counted from the trace. */
typedef struct {
	ssc_ctx *ctx;
	ssc_reader *r;
	ssc_reader_conn *c;
	int commands;   /* "apdu >" lines: one per round trip */
	int retries_6c; /* answers 6Cxx */
	int raw_lines;  /* "reader:" lines (raw trace; must stay 0) */
	char last[32768];
} fx;

static void
count_log(int level, const char *message, void *payload)
{
	fx *f = payload;
	size_t n = strlen(message);

	(void)level;
	if (strncmp(message, "apdu > ", 7) == 0)
		f->commands++;
	if (strncmp(message, "apdu < ", 7) == 0 && n >= 4 &&
	    strncmp(message + n - 4, "6C", 2) == 0)
		f->retries_6c++;
	if (strncmp(message, "reader: >", 9) == 0 ||
	    strncmp(message, "reader: <", 9) == 0)
		f->raw_lines++;
	/* the log of the current step (restarted when full) */
	if (strlen(f->last) + n + 2 > sizeof(f->last))
		f->last[0] = '\0';
	strcat(f->last, message);
	strcat(f->last, "\n");
}

static void
fx_open_ctx(fx *f)
{
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;

	memset(f, 0, sizeof(*f));
	o.log = count_log;
	o.log_payload = f;
	o.log_level = SSC_LOG_TRACE;
	assert_ssc_ok(ssc_ctx_new(&f->ctx, &o));
}

static void
fx_open_file(fx *f, const char *profile)
{
	const char *dir = getenv("SSC_TEST_DATA");
	char uri[1024];

	assert_non_null(dir);
	fx_open_ctx(f);
	snprintf(uri, sizeof(uri), "sim:%s/reader/%s", dir, profile);
	assert_ssc_ok(ssc_reader_open(&f->r, f->ctx, uri));
	assert_ssc_ok(ssc_reader_connect(&f->c, f->r, NULL, 0));
}

static void
fx_open_json(fx *f, const char *json, int mode)
{
	ssc_sim_options o = SSC_SIM_OPTIONS_INIT;
	ssc_reader_backend *be = NULL;

	fx_open_ctx(f);
	o.profile_json = json;
	assert_ssc_ok(ssc_reader_backend_sim_new(&be, f->ctx, &o));
	assert_ssc_ok(ssc_reader_new(&f->r, f->ctx, be));
	assert_ssc_ok(ssc_reader_connect(&f->c, f->r, NULL, mode));
}

static void
fx_close(fx *f)
{
	assert_ssc_ok(ssc_reader_disconnect(f->c, SSC_DISPOSITION_LEAVE));
	ssc_reader_free(f->r);
	ssc_ctx_free(f->ctx);
}

/* Generation 2, T=0: SELECT (61xx) + GET RESPONSE, EF05 01 03 07 05 06,
 * EF06 08 09 4E 0A 0B 0D: 13 exchanges, none wasted on 6Cxx. */
static void
test_cardio_read_gen2_minimum_apdus(void **state)
{
	fx f;
	ssc_card *card = NULL;
	ssc_buf hist = SSC_BUF_INIT;
	const ssc_person *h;

	(void)state;
	fx_open_file(&f, "gen2-debit.json");
	assert_ssc_ok(ssc_card_read(&card, &hist, f.c, NULL));
	assert_int_equal(f.commands, 13);
	assert_int_equal(f.retries_6c, 0);
	assert_int_equal(f.raw_lines, 0);
	assert_string_equal(ssc_card_region(card), "500000");
	assert_string_equal(ssc_card_identifier(card),
			    "500000D156000005AABBCCDD00000001");
	assert_string_equal(ssc_card_number(card), "B12345678");
	assert_string_equal(ssc_card_spec_version(card), "2.00");
	assert_int_equal(ssc_card_generation(card), 2);
	assert_int_equal(ssc_card_issue_date(card), 20210315);
	assert_int_equal(ssc_card_expiry_date(card), 20310315);
	h = ssc_card_holder(card);
	assert_string_equal(ssc_person_id_number(h), "440524188001010014");
	/* 𠮷 (U+20BB7) is outside GBK: 4 bytes of GB 18030 */
	assert_string_equal(ssc_person_name(h), "王\xF0\xA0\xAE\xB7");
	assert_int_equal(ssc_person_sex(h), SSC_SEX_MALE);
	assert_int_equal(ssc_person_ethnicity(h), 1);
	assert_int_equal(ssc_person_birth_date(h), 18800101);
	assert_null(ssc_person_birth_place(h));
	assert_null(ssc_card_fin_account(card));
	assert_true(hist.size > 0);
	/* no personal data in the trace */
	assert_null(strstr(f.last, "440524188001010014"));
	assert_null(strstr(f.last, "3434303532"));
	ssc_buf_dispose(&hist);
	ssc_card_free(card);
	/* inside the caller's transaction the read takes none of its own and
	 * leaves the caller's open */
	assert_ssc_ok(ssc_reader_begin_transaction(f.c));
	assert_ssc_ok(ssc_card_read(&card, NULL, f.c, NULL));
	assert_ssc_ok(ssc_card_pin_verify(NULL, f.c, "123456", NULL));
	assert_ssc_ok(ssc_reader_end_transaction(f.c, SSC_DISPOSITION_LEAVE));
	ssc_card_free(card);
	fx_close(&f);
}

/* Generation 1 has no 姓名扩展: 4E is not asked (12 exchanges). */
static void
test_cardio_read_gen1(void **state)
{
	fx f;
	ssc_card *card = NULL;

	(void)state;
	fx_open_file(&f, "gen1.json");
	assert_ssc_ok(ssc_card_read(&card, NULL, f.c, NULL));
	assert_int_equal(f.commands, 12);
	assert_int_equal(f.retries_6c, 0);
	assert_int_equal(ssc_card_generation(card), 1);
	assert_string_equal(ssc_card_number(card), "100000001");
	assert_int_equal(ssc_card_expiry_date(card), 20200101);
	assert_string_equal(ssc_person_name(ssc_card_holder(card)),
			    "李白");
	/* the profile's 性别 '1' disagrees with the number (…002X, female):
	 * the number wins and a warning is logged */
	assert_int_equal(ssc_person_sex(ssc_card_holder(card)),
			 SSC_SEX_FEMALE);
	assert_non_null(strstr(f.last, "disagrees"));
	ssc_card_free(card);
	fx_close(&f);
}

/* Birth place on request: one exchange more. */
static void
test_cardio_read_birth_place(void **state)
{
	fx f;
	ssc_card *card = NULL;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;

	(void)state;
	fx_open_file(&f, "gen2-debit.json");
	o.flags = SSC_READ_BIRTH_PLACE | SSC_READ_SELECT_MF;
	assert_ssc_ok(ssc_card_read(&card, NULL, f.c, &o));
	assert_int_equal(f.commands, 15);
	assert_string_equal(ssc_person_birth_place(ssc_card_holder(card)),
			    "440524");
	ssc_card_free(card);
	fx_close(&f);
}

static ssc_key_provider *
gen3_kp(ssc_ctx *ctx)
{
	static const uint8_t k0a[16] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB,
					 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98,
					 0x76, 0x54, 0x32, 0x10 };
	ssc_key_provider *kp = NULL;

	assert_ssc_ok(ssc_key_provider_soft_new(&kp, ctx));
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "ss-0A", SSC_KEY_TYPE_SM4,
						k0a, sizeof(k0a)));
	return kp;
}

/* Generation 3 (T=1, SM4): refused without a key provider with a clear
 * hint; with one: EXTERNAL AUTHENTICATE key 0A after 01/03. */
static void
test_cardio_read_gen3(void **state)
{
	fx f;
	ssc_card *card = NULL;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;
	ssc_key_provider *kp;

	(void)state;
	fx_open_file(&f, "gen3-dual.json");
	assert_ssc_error(ssc_card_read(&card, NULL, f.c, NULL),
			 SSC_ESECURITY);
	assert_null(card);
	assert_non_null(strstr(ssc_error_last()->message, "generation-3"));
	kp = gen3_kp(f.ctx);
	o.kp = kp;
	o.auth_key_id = "ss-0A";
	f.commands = 0;
	assert_ssc_ok(ssc_card_read(&card, NULL, f.c, &o));
	/* SELECT (case 3, then case 4 for the FCI), 01 03, GET CHALLENGE,
	 * EXTERNAL AUTHENTICATE, 07 05 06, 08 09 4E 0A 0B 0D */
	assert_int_equal(f.commands, 15);
	assert_int_equal(f.retries_6c, 0);
	assert_int_equal(ssc_card_generation(card), 3);
	assert_string_equal(ssc_card_number(card), "C00000003");
	assert_string_equal(ssc_person_name(ssc_card_holder(card)),
			    "欧阳\xF0\xA0\xAE\xB7");
	ssc_card_free(card);
	o.auth_key_id = NULL;
	assert_ssc_error(ssc_card_read(&card, NULL, f.c, &o), SSC_EINVAL);
	ssc_key_provider_free(kp);
	fx_close(&f);
}

/* The financial application: PAN on the card, masked for display. */
static void
test_cardio_read_financial(void **state)
{
	fx f;
	ssc_card *card = NULL;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;
	ssc_buf m = SSC_BUF_INIT;

	(void)state;
	fx_open_json(&f,
		     "{\"generation\":2,\"holder\":{\"ssn\":\"440524188001010014\"},"
		     "\"financial\":{\"pan\":\"6214830000000000018\","
		     "\"id_number\":\"440524188001010014\"}}",
		     0);
	o.flags = SSC_READ_FINANCIAL;
	assert_ssc_ok(ssc_card_read(&card, NULL, f.c, &o));
	/* GET DATA of fixed-size objects asks for the exact Le: the only
	 * 6Cxx answers left are for records of unknown length (the PSE
	 * directory record and the AFL records) */
	printf("financial read: %d APDUs, %d 6Cxx re-sends\n", f.commands,
	       f.retries_6c);
	assert_true(f.retries_6c <= 3);
	assert_string_equal(ssc_card_fin_account(card), "6214830000000000018");
	assert_int_equal(ssc_card_fin_state(card), SSC_FIN_STATE_UNSET);
	assert_ssc_ok(ssc_card_fin_account_masked(&m, card));
	assert_null(strstr(m.ptr, "830000000000"));
	assert_null(strstr(f.last, "6214830000000000018"));
	ssc_buf_dispose(&m);
	ssc_card_free(card);
	fx_close(&f);
}

/* A holder ID in the debit application that is not EF06's number is
 * reported, masked, and no card is returned. */
static void
test_cardio_read_financial_mismatch(void **state)
{
	fx f;
	ssc_card *card = NULL;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;

	(void)state;
	fx_open_json(&f,
		     "{\"generation\":2,\"holder\":{\"ssn\":\"440524188001010014\"},"
		     "\"financial\":{\"id_number\":\"11010519491231002X\"}}",
		     0);
	o.flags = SSC_READ_FINANCIAL;
	assert_ssc_error(ssc_card_read(&card, NULL, f.c, &o), SSC_EMISMATCH);
	assert_null(card);
	assert_null(strstr(ssc_error_last()->message, "11010519491231002X"));
	assert_null(strstr(ssc_error_last()->message, "440524188001010014"));
	/* without the flag the same card reads */
	o.flags = 0;
	assert_ssc_ok(ssc_card_read(&card, NULL, f.c, &o));
	ssc_card_free(card);
	fx_close(&f);
}

/* The iReadCardBas text (card-spec §2.7). */
static void
test_cardio_read_bas(void **state)
{
	fx f;
	ssc_buf s = SSC_BUF_INIT, hist = SSC_BUF_INIT, atr = SSC_BUF_INIT;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;
	char want[512], hx[100];

	(void)state;
	fx_open_file(&f, "gen2-debit.json");
	assert_ssc_ok(ssc_reader_conn_atr_history(&hist, f.c));
	rt_hex(hx, (const uint8_t *)hist.ptr, hist.size);
	assert_ssc_ok(ssc_card_read_bas(&s, f.c, NULL));
	snprintf(want, sizeof(want),
		 "500000|440524188001010014|B12345678|"
		 "500000D156000005AABBCCDD00000001|王\xF0\xA0\xAE\xB7|%s|2.00|"
		 "20210315|20310315|000000000000||", hx);
	assert_string_equal(s.ptr, want);
	o.flags = SSC_READ_BAS_FULL_ATR;
	assert_ssc_ok(ssc_card_read_bas(&s, f.c, &o));
	assert_ssc_ok(ssc_reader_conn_atr(&atr, f.c));
	rt_hex(hx, (const uint8_t *)atr.ptr, atr.size);
	assert_non_null(strstr(s.ptr, hx));
	o.flags = 0x100;
	assert_ssc_error(ssc_card_read_bas(&s, f.c, &o), SSC_EINVAL);
	o.version = 99;
	assert_ssc_error(ssc_card_read_bas(&s, f.c, &o), SSC_EVERSION);
	ssc_buf_dispose(&s);
	ssc_buf_dispose(&hist);
	ssc_buf_dispose(&atr);
	fx_close(&f);
}

/* Wrong PIN: SSC_EPIN with 63Cx and the tries left; the right one resets
 * the counter; change; a malformed PIN never reaches the card. */
static void
test_cardio_pin_verify_change(void **state)
{
	fx f;
	int tries = 99;

	(void)state;
	fx_open_file(&f, "gen2-debit.json");
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "654321", NULL),
			 SSC_EPIN);
	assert_int_equal(tries, 2);
	assert_int_equal(ssc_error_last()->sw, 0x63C2);
	assert_null(strstr(f.last, "654321"));
	assert_null(strstr(f.last, "65 43 21"));
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "654321", NULL),
			 SSC_EPIN);
	assert_int_equal(tries, 1);
	assert_ssc_ok(ssc_card_pin_verify(&tries, f.c, "123456", NULL));
	assert_ssc_ok(ssc_card_pin_change(&tries, f.c, "123456", "246810",
					  NULL));
	assert_null(strstr(f.last, "246810"));
	assert_null(strstr(f.last, "123456"));
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "123456", NULL),
			 SSC_EPIN);
	assert_int_equal(tries, 2);
	assert_ssc_ok(ssc_card_pin_verify(NULL, f.c, "246810", NULL));
	f.commands = 0;
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "12a456", NULL),
			 SSC_EINVAL);
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "1234", NULL),
			 SSC_EINVAL);
	assert_int_equal(f.commands, 0);
	fx_close(&f);
}

/* Wrong PINs down to zero: SSC_EPINBLOCKED; then even the right PIN. */
static void
test_cardio_pin_blocked(void **state)
{
	fx f;
	int tries = 99;

	(void)state;
	fx_open_file(&f, "blocked-pin.json");
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "123456", NULL),
			 SSC_EPINBLOCKED);
	assert_int_equal(tries, 0);
	fx_close(&f);

	fx_open_file(&f, "gen2-debit.json");
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "000000", NULL),
			 SSC_EPIN);
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "000000", NULL),
			 SSC_EPIN);
	assert_int_equal(tries, 1);
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "000000", NULL),
			 SSC_EPINBLOCKED);
	assert_int_equal(tries, 0);
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "123456", NULL),
			 SSC_EPINBLOCKED);
	fx_close(&f);
}

#define RELOAD_KEY "00112233445566778899AABBCCDDEEFF"
#define UNBLOCK_KEY "FFEEDDCCBBAA99887766554433221100"
#define EXT06_KEY "0F1E2D3C4B5A69788796A5B4C3D2E1F0"

static ssc_key_provider *
pin_kp(ssc_ctx *ctx)
{
	ssc_key_provider *kp = NULL;
	uint8_t k[16];

	assert_ssc_ok(ssc_key_provider_soft_new(&kp, ctx));
	rt_unhex(k, 16, RELOAD_KEY);
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "reload", SSC_KEY_TYPE_DES,
						k, 16));
	rt_unhex(k, 16, UNBLOCK_KEY);
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "unblock",
						SSC_KEY_TYPE_DES, k, 16));
	rt_unhex(k, 16, EXT06_KEY);
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "ext06", SSC_KEY_TYPE_DES,
						k, 16));
	return kp;
}

/* Reload (with EXTERNAL AUTHENTICATE key 06) and unblock, MAC'd with
 * keys from a key provider. */
static void
test_cardio_pin_reload_unblock(void **state)
{
	fx f;
	ssc_pin_options o = SSC_PIN_OPTIONS_INIT;
	ssc_key_provider *kp;
	int tries = 0;

	(void)state;
	fx_open_json(&f,
		     "{\"generation\":2,\"pin\":{\"value\":\"123456\","
		     "\"tries\":0,\"max_tries\":3},\"keys\":{"
		     "\"reload\":\"" RELOAD_KEY "\",\"unblock\":\"" UNBLOCK_KEY
		     "\",\"external_06\":\"" EXT06_KEY "\"}}",
		     0);
	kp = pin_kp(f.ctx);
	assert_ssc_error(ssc_card_pin_unblock(f.c, NULL), SSC_EINVAL);
	assert_ssc_ok(ssc_pin_options_init(&o, SSC_PIN_OPTIONS_VERSION));
	o.kp = kp;
	o.mac_key_id = "unblock";
	assert_ssc_ok(ssc_card_pin_unblock(f.c, &o));
	assert_ssc_ok(ssc_card_pin_verify(&tries, f.c, "123456", &o));
	o.mac_key_id = "reload";
	o.auth_key_id = "ext06";
	assert_ssc_ok(ssc_card_pin_reload(f.c, "135790", &o));
	assert_null(strstr(f.last, "135790"));
	assert_ssc_error(ssc_card_pin_verify(&tries, f.c, "123456", &o),
			 SSC_EPIN);
	assert_ssc_ok(ssc_card_pin_verify(&tries, f.c, "135790", &o));
	/* a wrong MAC key: the card refuses */
	o.mac_key_id = "unblock";
	assert_true(ssc_card_pin_reload(f.c, "135790", &o) < 0);
	ssc_key_provider_free(kp);
	fx_close(&f);
}

/* A rare character written in 姓名扩展 (tag 4E) by the issuer: 09 holds
 * 张 (GBK D5C5, space-padded), 4E holds 𠮷 (GB 18030 9534B235, FF-padded);
 * the read joins them. */
static void
test_cardio_read_name_extension(void **state)
{
	fx f;
	ssc_card *card = NULL;

	(void)state;
	fx_open_json(&f,
		     "{\"generation\":2,\"holder\":{\"name_gbk\":\"D5C5\","
		     "\"name_ext_gbk\":\"9534B235\"}}",
		     0);
	assert_ssc_ok(ssc_card_read(&card, NULL, f.c, NULL));
	assert_string_equal(ssc_person_name(ssc_card_holder(card)),
			    "张\xF0\xA0\xAE\xB7");
	ssc_card_free(card);
	fx_close(&f);
}

#define UPDATE_KEY "A1A2A3A4A5A6A7A8B1B2B3B4B5B6B7B8"

static ssc_card *
perso_card(ssc_ctx *ctx, const char *name)
{
	ssc_card *card = NULL;
	ssc_person *p = NULL;
	uint8_t id[16];

	assert_ssc_ok(ssc_card_new(&card, ctx));
	assert_ssc_ok(ssc_card_identifier_parse(
		id, "440300D15600000501020304A0B0C0D0"));
	assert_ssc_ok(ssc_card_set_identifier(card, id));
	assert_ssc_ok(ssc_card_set_spec_version(card, "2.00"));
	assert_ssc_ok(ssc_card_set_number(card, "D98765432"));
	assert_ssc_ok(ssc_card_set_dates(card, 20250101, 20350101));
	assert_ssc_ok(ssc_person_new(&p, ctx));
	assert_ssc_ok(ssc_person_set_id_number(p, "440524188001010014"));
	assert_ssc_ok(ssc_person_set_name(p, name));
	assert_ssc_ok(ssc_person_set_ethnicity(p, 5));
	assert_ssc_ok(ssc_person_set_birth_place(p, "440524"));
	assert_ssc_ok(ssc_card_set_holder(card, p));
	ssc_person_free(p);
	return card;
}

/* Instant issuance: a blank card personalised with MAC'd UPDATE RECORD,
 * then read back item for item; a 16-character name (32 bytes) spills
 * into 姓名扩展.  Key items are not rewritten; a wrong MAC key is
 * refused; an incomplete record writes nothing. */
static void
test_cardio_personalize(void **state)
{
	static const char name[] = "阿卜杜热合曼买买提明艾力江阿卜杜";
	fx f;
	ssc_key_provider *kp = NULL;
	ssc_card *card, *got = NULL, *empty = NULL;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;
	uint8_t k[16];
	const ssc_person *h;

	(void)state;
	fx_open_json(&f,
		     "{\"generation\":2,\"blank\":true,\"keys\":{\"update\":\""
		     UPDATE_KEY "\"}}",
		     0);
	assert_ssc_error(ssc_card_read(&got, NULL, f.c, NULL), SSC_ENOTFOUND);
	assert_ssc_ok(ssc_key_provider_soft_new(&kp, f.ctx));
	rt_unhex(k, 16, UPDATE_KEY);
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "upd", SSC_KEY_TYPE_DES,
						k, 16));
	rt_unhex(k, 16, RELOAD_KEY);
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "wrong", SSC_KEY_TYPE_DES,
						k, 16));
	card = perso_card(f.ctx, name);

	/* incomplete: nothing sent */
	assert_ssc_ok(ssc_card_new(&empty, f.ctx));
	f.commands = 0;
	assert_ssc_error(ssc_card_personalize(f.c, empty, kp, "upd"),
			 SSC_EINVAL);
	assert_int_equal(f.commands, 0);
	assert_ssc_error(ssc_card_personalize(f.c, card, NULL, "upd"),
			 SSC_EINVAL);
	/* the wrong key: the first record is refused */
	assert_ssc_error(ssc_card_personalize(f.c, card, kp, "wrong"),
			 SSC_EMAC);
	assert_non_null(strstr(ssc_error_last()->message, "item 01"));

	assert_ssc_ok(ssc_card_personalize(f.c, card, kp, "upd"));
	assert_null(strstr(f.last, "440524188001010014"));
	o.flags = SSC_READ_BIRTH_PLACE;
	assert_ssc_ok(ssc_card_read(&got, NULL, f.c, &o));
	assert_string_equal(ssc_card_identifier(got),
			    "440300D15600000501020304A0B0C0D0");
	assert_string_equal(ssc_card_region(got), "440300");
	assert_string_equal(ssc_card_number(got), "D98765432");
	assert_string_equal(ssc_card_spec_version(got), "2.00");
	assert_int_equal(ssc_card_issue_date(got), 20250101);
	assert_int_equal(ssc_card_expiry_date(got), 20350101);
	h = ssc_card_holder(got);
	assert_string_equal(ssc_person_id_number(h), "440524188001010014");
	assert_string_equal(ssc_person_name(h), name);
	assert_int_equal(ssc_person_ethnicity(h), 5);
	assert_int_equal(ssc_person_sex(h), SSC_SEX_MALE);
	assert_int_equal(ssc_person_birth_date(h), 18800101);
	assert_string_equal(ssc_person_birth_place(h), "440524");
	ssc_card_free(got);

	/* personalised once: the card number (a key item) stays */
	assert_ssc_error(ssc_card_personalize(f.c, card, kp, "upd"),
			 SSC_ECARD);
	assert_int_equal(ssc_error_last()->sw, 0x6985);

	ssc_card_free(empty);
	ssc_card_free(card);
	ssc_key_provider_free(kp);
	fx_close(&f);
}

/* A generation-1 card cannot hold a name that needs 姓名扩展. */
static void
test_cardio_personalize_gen1_long_name(void **state)
{
	fx f;
	ssc_key_provider *kp = NULL;
	ssc_card *card;
	uint8_t k[16];

	(void)state;
	fx_open_json(&f, "{\"generation\":1,\"blank\":true}", 0);
	assert_ssc_ok(ssc_key_provider_soft_new(&kp, f.ctx));
	memset(k, 0x77, 16);
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "upd", SSC_KEY_TYPE_DES,
						k, 16));
	card = perso_card(f.ctx, "阿卜杜热合曼买买提明艾力江阿卜杜");
	assert_ssc_ok(ssc_card_set_spec_version(card, "1.00"));
	f.commands = 0;
	assert_ssc_error(ssc_card_personalize(f.c, card, kp, "upd"),
			 SSC_EINVAL);
	assert_int_equal(f.commands, 0);
	/* a short name fits */
	{
		ssc_person *p = NULL;

		assert_ssc_ok(ssc_person_dup(&p, ssc_card_holder(card)));
		assert_ssc_ok(ssc_person_set_name(p, "李白"));
		assert_ssc_ok(ssc_card_set_holder(card, p));
		ssc_person_free(p);
	}
	assert_ssc_ok(ssc_card_personalize(f.c, card, kp, "upd"));
	ssc_card_free(card);
	card = NULL;
	assert_ssc_ok(ssc_card_read(&card, NULL, f.c, NULL));
	assert_string_equal(ssc_person_name(ssc_card_holder(card)), "李白");
	assert_int_equal(ssc_card_generation(card), 1);
	ssc_card_free(card);
	ssc_key_provider_free(kp);
	fx_close(&f);
}

/* Every allocation failure during the read (with the debit application)
 * is a clean SSC_ENOMEM that leaks nothing. */
static void
test_cardio_read_allocation_failures(void **state)
{
	long k;
	int successes = 0;

	(void)state;
	for (k = 1; k < 5000; k++) {
		ssc_test_alloc alloc = { 0, 0, 0, 0 };
		ssc_ctx *ctx = ssc_test_ctx(NULL, &alloc, NULL);
		ssc_sim_options so = SSC_SIM_OPTIONS_INIT;
		ssc_read_options o = SSC_READ_OPTIONS_INIT;
		ssc_reader_backend *be = NULL;
		ssc_reader *r = NULL;
		ssc_reader_conn *c = NULL;
		ssc_card *card = NULL;
		ssc_buf hist = SSC_BUF_INIT;
		int rc;

		assert_non_null(ctx);
		so.profile_json = "{\"generation\":2,\"holder\":{\"ssn\":"
				  "\"440524188001010014\"},\"financial\":{"
				  "\"id_number\":\"440524188001010014\"}}";
		assert_ssc_ok(ssc_reader_backend_sim_new(&be, ctx, &so));
		assert_ssc_ok(ssc_reader_new(&r, ctx, be));
		assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
		o.flags = SSC_READ_FINANCIAL;
		alloc.fail_at = alloc.calls + k;
		rc = ssc_card_read(&card, &hist, c, &o);
		if (rc == SSC_OK) {
			successes++;
			assert_non_null(card);
		} else {
			assert_int_equal(rc, SSC_ENOMEM);
			assert_null(card);
		}
		ssc_card_free(card);
		ssc_buf_dispose(&hist);
		ssc_reader_disconnect(c, 0);
		ssc_reader_free(r);
		ssc_ctx_free(ctx);
		assert_int_equal(alloc.live, 0);
		if (alloc.failures == 0)
			break; /* past the last allocation */
	}
	assert_int_equal(successes, 1);
	assert_true(k > 20);
}

static ssc_status
history_of(ssc_ctx *ctx, const uint8_t *atr, size_t n, char *hex)
{
	ssc_replay_options o = SSC_REPLAY_OPTIONS_INIT;
	ssc_reader_backend *be = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_buf h = SSC_BUF_INIT;
	uint8_t data[40];
	ssc_status rc;

	data[0] = 0;
	data[1] = (uint8_t)n;
	memcpy(data + 2, atr, n);
	o.data = data;
	o.size = n + 2;
	assert_ssc_ok(ssc_reader_backend_replay_new(&be, ctx, &o));
	assert_ssc_ok(ssc_reader_new(&r, ctx, be));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	rc = ssc_reader_conn_atr_history(&h, c);
	hex[0] = '\0';
	if (rc == SSC_OK)
		rt_hex(hex, (const uint8_t *)h.ptr, h.size);
	ssc_buf_dispose(&h);
	ssc_reader_disconnect(c, 0);
	ssc_reader_free(r);
	return rc;
}

/* Historical bytes after the interface bytes, TD chains followed; a
 * count beyond the ATR is malformed. */
static void
test_cardio_atr_history(void **state)
{
	static const uint8_t plain[] = { 0x3B, 0x02, 0x41, 0x42 };
	static const uint8_t chain[] = { 0x3B, 0x81, 0x80, 0x01, 0x55, 0x54 };
	static const uint8_t t1[] = { 0x3B, 0xEC, 0x00, 0x00, 0x81, 0x31, 0xFE,
				      0x45, 0x80, 0x1F, 0x84, 0x23, 0x01,
				      0x00, 0x53, 0x53, 0xAA, 0xBB, 0xCC,
				      0xDD, 0x00 };
	static const uint8_t shortk[] = { 0x3B, 0x05, 0x41 };
	static const uint8_t badts[] = { 0x3C, 0x00 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	char hex[80];

	(void)state;
	assert_ssc_ok(history_of(ctx, plain, sizeof(plain), hex));
	assert_string_equal(hex, "4142");
	assert_ssc_ok(history_of(ctx, chain, sizeof(chain), hex));
	assert_string_equal(hex, "55");
	assert_ssc_ok(history_of(ctx, t1, sizeof(t1), hex));
	/* TB1 TC1 TD1 (T=1) TD2 TA3 TB3, then 12 bytes, then TCK */
	assert_string_equal(hex, "801F842301005353AABBCCDD");
	assert_ssc_error(history_of(ctx, shortk, sizeof(shortk), hex),
			 SSC_EPARSE);
	assert_ssc_error(history_of(ctx, badts, sizeof(badts), hex),
			 SSC_EPARSE);
	ssc_ctx_free(ctx);
}

/* A read recorded from the sim re-runs in strict replay (each command
 * must equal the recorded one) and gives the same card. */
static void
test_cardio_read_recorded_replays_strict(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_sim_options so = SSC_SIM_OPTIONS_INIT;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;
	ssc_reader_backend *sim = NULL, *rec = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_card *a = NULL, *b = NULL;
	ssc_buf ea = SSC_BUF_INIT, eb = SSC_BUF_INIT;
	char path[] = "/tmp/ssc-cardio-XXXXXX", uri[64];
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	so.profile_json = "{\"generation\":2,\"holder\":{\"ssn\":"
			  "\"440524188001010014\"},\"financial\":{"
			  "\"id_number\":\"440524188001010014\"}}";
	assert_ssc_ok(ssc_reader_backend_sim_new(&sim, ctx, &so));
	assert_ssc_ok(ssc_reader_backend_recorder_new(&rec, ctx, sim, path));
	assert_ssc_ok(ssc_reader_new(&r, ctx, rec));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	o.flags = SSC_READ_FINANCIAL | SSC_READ_BIRTH_PLACE;
	assert_ssc_ok(ssc_card_read(&a, NULL, c, &o));
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	ssc_reader_free(r);

	snprintf(uri, sizeof(uri), "replay-strict:%s", path);
	assert_ssc_ok(ssc_reader_open(&r, ctx, uri));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_ssc_ok(ssc_card_read(&b, NULL, c, &o));
	/* equal apart from the fresh internal id */
	assert_ssc_ok(ssc_card_set_uuid(b, ssc_card_uuid(a)));
	assert_ssc_ok(ssc_card_encode(&ea, a));
	assert_ssc_ok(ssc_card_encode(&eb, b));
	assert_int_equal(ea.size, eb.size);
	assert_memory_equal(ea.ptr, eb.ptr, ea.size);
	/* the recording is used up: a second read fails cleanly */
	ssc_card_free(b);
	b = NULL;
	assert_true(ssc_card_read(&b, NULL, c, &o) < 0);
	assert_null(b);
	ssc_reader_disconnect(c, 0);
	ssc_reader_free(r);
	ssc_buf_dispose(&ea);
	ssc_buf_dispose(&eb);
	ssc_card_free(a);
	unlink(path);
	ssc_ctx_free(ctx);
}

/* Card data the model refuses is SSC_EPARSE naming the item, no card. */
static void
test_cardio_read_malformed_items(void **state)
{
	static const char *const bad[][2] = {
		{ "{\"card\":{\"identifier\":\"000000D156000005AABBCCDD00000001\"}}",
		  "item 01" },
		{ "{\"card\":{\"issue_date\":\"20300101\",\"expiry_date\":\"20200101\"}}",
		  "EF05 items 05/06" },
		{ "{\"holder\":{\"ethnicity\":\"77\"}}", "EF06 item 0B" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fx f;
		ssc_card *card = NULL;

		fx_open_json(&f, bad[i][0], 0);
		assert_ssc_error(ssc_card_read(&card, NULL, f.c, NULL),
				 SSC_EPARSE);
		assert_null(card);
		assert_non_null(strstr(ssc_error_last()->message, bad[i][1]));
		fx_close(&f);
	}
}

/* APDU transmit through the exchange layer: the 61xx of a T=0 card is
 * collected, a 6Cxx re-sent; bad arguments refused. */
static void
test_cardio_transmit(void **state)
{
	static const uint8_t ssse[15] = { 0x73, 0x78, 0x31, 0x2E, 0x73, 0x68,
					  0x2E, 0xC9, 0xE7, 0xBB, 0xE1, 0xB1,
					  0xA3, 0xD5, 0xCF };
	fx f;
	ssc_apdu *a = NULL;
	ssc_apdu_response *r = NULL;
	size_t n = 0;

	(void)state;
	fx_open_file(&f, "gen2-debit.json");
	assert_ssc_ok(ssc_apdu_new(&a, f.ctx, 0x00, 0xA4, 0x04, 0x00));
	assert_ssc_ok(ssc_apdu_set_data(a, ssse, sizeof(ssse)));
	assert_ssc_ok(ssc_reader_transmit(&r, f.c, a));
	assert_int_equal(ssc_apdu_response_sw(r), 0x9000);
	assert_non_null(ssc_apdu_response_data(r, &n));
	assert_int_equal(n, 0x18);
	assert_int_equal(f.commands, 2);
	ssc_apdu_response_free(r);
	ssc_apdu_free(a);
	/* Le 00 on a T=0 card: 6C12, re-sent with 12 */
	assert_ssc_ok(ssc_apdu_new(&a, f.ctx, 0x00, 0xB2, 0x01, 0x28));
	assert_ssc_ok(ssc_apdu_set_le(a, 256));
	f.commands = 0;
	assert_ssc_ok(ssc_reader_transmit(&r, f.c, a));
	assert_int_equal(ssc_apdu_response_sw(r), 0x9000);
	assert_non_null(ssc_apdu_response_data(r, &n));
	assert_int_equal(n, 0x12);
	assert_int_equal(f.commands, 2);
	assert_int_equal(f.raw_lines, 0);
	ssc_apdu_response_free(r);
	assert_ssc_error(ssc_reader_transmit(&r, NULL, a), SSC_EINVAL);
	assert_null(r);
	assert_ssc_error(ssc_reader_transmit(&r, f.c, NULL), SSC_EINVAL);
	ssc_apdu_free(a);
	fx_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cardio_read_gen2_minimum_apdus),
		cmocka_unit_test(test_cardio_read_gen1),
		cmocka_unit_test(test_cardio_read_birth_place),
		cmocka_unit_test(test_cardio_read_gen3),
		cmocka_unit_test(test_cardio_read_financial),
		cmocka_unit_test(test_cardio_read_financial_mismatch),
		cmocka_unit_test(test_cardio_read_bas),
		cmocka_unit_test(test_cardio_pin_verify_change),
		cmocka_unit_test(test_cardio_pin_blocked),
		cmocka_unit_test(test_cardio_pin_reload_unblock),
		cmocka_unit_test(test_cardio_read_name_extension),
		cmocka_unit_test(test_cardio_personalize),
		cmocka_unit_test(test_cardio_personalize_gen1_long_name),
		cmocka_unit_test(test_cardio_read_allocation_failures),
		cmocka_unit_test(test_cardio_read_malformed_items),
		cmocka_unit_test(test_cardio_atr_history),
		cmocka_unit_test(test_cardio_read_recorded_replays_strict),
		cmocka_unit_test(test_cardio_transmit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
