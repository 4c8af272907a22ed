/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Integration client for the reader suite, linked to the installed
 * library: drives the PC/SC backend against socialcard-sim behind pcscd +
 * vpcd (run by run_reader.py).
 *
 *   reader_pcsc_e2e session READER TRACE   SS app, PINs, debit app, blocked
 *                                          PIN, recorded; the trace then
 *                                          re-runs in strict replay
 *   reader_pcsc_e2e contactless READER     a generation-3 dual card on the
 *                                          contactless interface: mode
 *                                          filter, T=1, SM4 EXTERNAL
 *                                          AUTHENTICATE before protected reads
 *   reader_pcsc_e2e removal READER         the card is pulled mid-session:
 *                                          a clean error, an event, no hang
 *   reader_pcsc_e2e read READER            the high-level read of the
 *                                          gen2-debit card (SS + debit
 *                                          application, iReadCardBas text,
 *                                          the PIN the session blocked)
 *   reader_pcsc_e2e read3 READER           the high-level read of the
 *                                          generation-3 card, contactless,
 *                                          with SM4 EXTERNAL AUTHENTICATE
 *   reader_pcsc_e2e personalize READER     instant issuance: the blank card
 *                                          of blank-gen2.json written with
 *                                          MAC'd UPDATE RECORD, read back
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <socialcard/socialcard.h>
#include <socialcard/sys/reader_backend.h>
#include <socialcard/sys/key_provider.h>

#define SSSE "00A404000F7378312E73682EC9E7BBE1B1A3D5CF"

static int failures;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);   \
			fprintf(stderr, __VA_ARGS__);                          \
			fprintf(stderr, " [%s]\n", ssc_error_last()->message); \
			failures++;                                            \
		}                                                              \
	} while (0)

static size_t
unhex(uint8_t *out, const char *s)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[1] && sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static void
hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02X", p[i]);
	out[2 * n] = '\0';
}

/* The session: command and the response the spec and profile give. */
static const char *const session[][2] = {
	{ "00A40000023F00", "9000" },
	{ SSSE, "6118" },
	{ "00C0000018",
	  "6F16840F7378312E73682EC9E7BBE1B1A3D5CFA50388010B9000" },
	{ "00B2012812", "0110500000D156000005AABBCCDD000000019000" },
	{ "00B2032806", "0304322E30309000" },
	{ "00B2052806", "0504202103159000" },
	{ "00B207280B", "07094231323334353637389000" },
	{ "00B2012800", "6C12" },
	{ "00B2083014", "08123434303532343138383030313031303031349000" },
	{ "00B2093020", "091ECDF59534B235"
		      "202020202020202020202020202020202020202020202020"
		      "9000" },
	{ "00B2053403", "0B01019000" },
	{ "00B20D3006", "0D04188001019000" },
	{ "00200000", "63C3" },
	{ "0020000003111111", "63C2" },
	{ "0020000003123456", "9000" },
	{ "805E010007123456FF246810", "9000" },
	{ "0020000003246810", "9000" },
	{ "00A404000E325041592E5359532E444446303100", "6136" },
	{ "00A4040008A00000033301010100", "612D" },
	{ "80CA9F3605", "9F360200059000" },
	{ "80A800000B830900000000000000015600", "6108" },
	{ "00C0000008", "80067C00100102009000" },
	{ "80CA9F3605", "9F360200069000" },
	{ "80CA9F7909", "9F79060000000001009000" },
	{ "00B2021400", "6C37" },
	{ SSSE, "6118" },
	{ "0020000003000000", "63C2" },
	{ "0020000003000000", "63C1" },
	{ "0020000003000000", "6983" },
	{ "0020000003246810", "6983" },
	{ "00B2012812", "0110500000D156000005AABBCCDD000000019000" },
};

static void
run_session(ssc_reader_conn *c, const char *label)
{
	size_t i;

	for (i = 0; i < sizeof(session) / sizeof(session[0]); i++) {
		uint8_t cmd[300];
		size_t n = unhex(cmd, session[i][0]);
		ssc_buf out = SSC_BUF_INIT;
		char got[1024] = "";
		int rc = ssc_reader_transmit_raw(&out, c, cmd, n);

		if (rc == SSC_OK)
			hex(got, (const uint8_t *)out.ptr, out.size);
		CHECK(rc == SSC_OK && strcmp(got, session[i][1]) == 0,
		      "%s: %s -> %s (rc %d), want %s", label, session[i][0],
		      got, rc, session[i][1]);
		ssc_buf_dispose(&out);
	}
}

static int
do_session(const char *reader_name, const char *trace)
{
	ssc_ctx *ctx = NULL;
	ssc_reader_backend *pcsc = NULL, *rec = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_buf names = SSC_BUF_INIT, atr = SSC_BUF_INIT;
	char uri[512], atrhex[80];
	unsigned int ev = 0;
	const char *p;
	int found = 0, rc;

	CHECK(ssc_ctx_new(&ctx, NULL) == SSC_OK, "context");
	/* the PC/SC backend, wrapped by the recorder */
	rc = ssc_reader_backend_pcsc_new(&pcsc, ctx, NULL);
	CHECK(rc == SSC_OK, "pcsc backend: %d", rc);
	if (rc)
		return 1;
	rc = ssc_reader_backend_recorder_new(&rec, ctx, pcsc, trace);
	CHECK(rc == SSC_OK, "recorder: %d", rc);
	if (rc)
		return 1;
	CHECK(ssc_reader_new(&r, ctx, rec) == SSC_OK, "register");
	CHECK(ssc_reader_list(&names, r) == SSC_OK, "list");
	for (p = names.ptr; p && p < names.ptr + names.size; p += strlen(p) + 1)
		if (strcmp(p, reader_name) == 0)
			found = 1;
	CHECK(found, "reader %s not listed", reader_name);
	ssc_buf_dispose(&names);
	rc = ssc_reader_connect(&c, r, reader_name, SSC_READER_MODE_CONTACT);
	CHECK(rc == SSC_OK, "connect %s: %d", reader_name, rc);
	if (rc)
		return 1;
	CHECK(ssc_reader_conn_atr(&atr, c) == SSC_OK, "atr");
	hex(atrhex, (const uint8_t *)atr.ptr, atr.size);
	/* T=0, historical bytes ending in the chip serial (identifier 9-12) */
	CHECK(strcmp(atrhex, "3B6C0000801F842301005353AABBCCDD") == 0,
	      "ATR %s", atrhex);
	ssc_buf_dispose(&atr);
	CHECK(ssc_reader_conn_protocol(c) == SSC_PROTOCOL_T0, "protocol");
	CHECK(ssc_reader_conn_interface(c) == SSC_INTERFACE_CONTACT, "iface");
	/* nothing changes in 50 ms */
	rc = ssc_reader_wait_event(&ev, r, reader_name, 50);
	CHECK(rc == SSC_ETIMEOUT && ev == 0, "wait_event: %d %u", rc, ev);
	CHECK(ssc_reader_begin_transaction(c) == SSC_OK, "begin");
	run_session(c, "pcsc");
	CHECK(ssc_reader_end_transaction(c, SSC_DISPOSITION_LEAVE) == SSC_OK,
	      "end");
	CHECK(ssc_reader_disconnect(c, SSC_DISPOSITION_RESET) == SSC_OK,
	      "disconnect");
	ssc_reader_free(r);

	/* the recording re-runs in strict mode, byte for byte */
	snprintf(uri, sizeof(uri), "replay-strict:%s", trace);
	CHECK(ssc_reader_open(&r, ctx, uri) == SSC_OK, "open %s", uri);
	CHECK(ssc_reader_connect(&c, r, NULL, 0) == SSC_OK, "replay connect");
	run_session(c, "replay");
	ssc_reader_disconnect(c, 0);
	ssc_reader_free(r);
	ssc_ctx_free(ctx);
	return failures ? 1 : 0;
}

static int
xmit_hex(ssc_reader_conn *c, const char *cmd_hex, char *got)
{
	uint8_t cmd[300];
	size_t n = unhex(cmd, cmd_hex);
	ssc_buf out = SSC_BUF_INIT;
	int rc = ssc_reader_transmit_raw(&out, c, cmd, n);

	got[0] = '\0';
	if (rc == SSC_OK)
		hex(got, (const uint8_t *)out.ptr, out.size);
	ssc_buf_dispose(&out);
	return rc;
}

static int
do_contactless(const char *reader_name)
{
	/* key 0A of tests/data/reader/gen3-dual.json */
	static const uint8_t key[16] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB,
					 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98,
					 0x76, 0x54, 0x32, 0x10 };
	ssc_ctx *ctx = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	char uri[300], got[600], cmd[80];
	uint8_t chal[18], crypt[16]; /* challenge + SW */
	EVP_CIPHER_CTX *cc;
	int rc, len = 0;

	alarm(30);
	CHECK(ssc_ctx_new(&ctx, NULL) == SSC_OK, "context");
	snprintf(uri, sizeof(uri), "pcsc:%s", reader_name);
	CHECK(ssc_reader_open(&r, ctx, uri) == SSC_OK, "open");
	rc = ssc_reader_connect(&c, r, NULL, SSC_READER_MODE_CONTACT);
	CHECK(rc == SSC_ENOCARD, "contact mode on a contactless card: %d", rc);
	rc = ssc_reader_connect(&c, r, NULL,
				SSC_READER_MODE_AUTO_CONTACT_FIRST);
	CHECK(rc == SSC_OK, "auto mode: %d", rc);
	if (rc)
		return 1;
	CHECK(ssc_reader_conn_interface(c) == SSC_INTERFACE_CONTACTLESS,
	      "interface");
	CHECK(ssc_reader_conn_protocol(c) == SSC_PROTOCOL_T1, "protocol");
	/* T=1: the FCI comes back directly; it announces SM4 */
	xmit_hex(c, SSSE "00", got);
	CHECK(strcmp(got, "6F1C840F7378312E73682EC9E7BBE1B1A3D5CFA50988010B"
			  "9F0C038601039000") == 0, "select: %s", got);
	xmit_hex(c, "00B2032800", got);
	CHECK(strcmp(got, "0304332E30309000") == 0, "version: %s", got);
	xmit_hex(c, "00B2072800", got);
	CHECK(strcmp(got, "6982") == 0, "protected read: %s", got);
	xmit_hex(c, "0084000010", got);
	CHECK(strlen(got) == 36, "challenge: %s", got);
	unhex(chal, got);
	cc = EVP_CIPHER_CTX_new();
	CHECK(cc && EVP_EncryptInit_ex(cc, EVP_sm4_ecb(), NULL, key, NULL) &&
	      EVP_CIPHER_CTX_set_padding(cc, 0) &&
	      EVP_EncryptUpdate(cc, crypt, &len, chal, 16) && len == 16,
	      "SM4");
	EVP_CIPHER_CTX_free(cc);
	strcpy(cmd, "0082000A10");
	hex(cmd + 10, crypt, 16);
	xmit_hex(c, cmd, got);
	CHECK(strcmp(got, "9000") == 0, "external authenticate: %s", got);
	xmit_hex(c, "00B2072800", got);
	CHECK(strcmp(got, "0709433030303030303033" "9000") == 0,
	      "card number after authentication: %s", got);
	ssc_reader_disconnect(c, SSC_DISPOSITION_RESET);
	ssc_reader_free(r);
	ssc_ctx_free(ctx);
	return failures ? 1 : 0;
}

static void *
cancel_later(void *arg)
{
	usleep(200 * 1000);
	ssc_reader_cancel(arg);
	return NULL;
}

static int
do_removal(const char *reader_name)
{
	ssc_ctx *ctx = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	char uri[300];
	uint8_t cmd[5] = { 0x00, 0xB2, 0x01, 0x28, 0x12 };
	unsigned int ev = 0;
	int rc = SSC_OK, ok = 0, i;
	pthread_t t;

	alarm(30); /* a hang fails the test */
	CHECK(ssc_ctx_new(&ctx, NULL) == SSC_OK, "context");
	snprintf(uri, sizeof(uri), "pcsc:%s", reader_name);
	rc = ssc_reader_open(&r, ctx, uri);
	CHECK(rc == SSC_OK, "open %s: %d", uri, rc);
	if (rc)
		return 1;
	rc = ssc_reader_connect(&c, r, NULL, 0);
	CHECK(rc == SSC_OK, "connect: %d", rc);
	if (rc)
		return 1;
	for (i = 0; i < 200; i++) {
		ssc_buf out = SSC_BUF_INIT;

		rc = ssc_reader_transmit_raw(&out, c, cmd, sizeof(cmd));
		ssc_buf_dispose(&out);
		if (rc != SSC_OK)
			break;
		ok++;
	}
	fprintf(stderr, "removal: %d APDUs answered, then %s (%s, native "
		"0x%08X)\n", ok, ssc_error_name(rc), ssc_error_last()->message,
		(unsigned)ssc_error_last()->native_code);
	CHECK(ok >= 1, "no APDU answered before the removal");
	CHECK(rc == SSC_ECARDREMOVED || rc == SSC_ENOCARD,
	      "removal gave %d, want SSC_ECARDREMOVED or SSC_ENOCARD", rc);
	/* later calls fail fast with the same code */
	{
		ssc_buf out = SSC_BUF_INIT;
		int rc2 = ssc_reader_transmit_raw(&out, c, cmd, sizeof(cmd));

		CHECK(rc2 == rc, "second call gave %d", rc2);
	}
	ssc_reader_disconnect(c, SSC_DISPOSITION_LEAVE);
	/* the removal is an event (compared with the state at open) */
	rc = ssc_reader_wait_event(&ev, r, NULL, 5000);
	CHECK(rc == SSC_OK && (ev & SSC_READER_EVENT_CARD_REMOVED),
	      "wait_event after removal: %d, events %u", rc, ev);
	/* a wait without events is cancelled from another thread */
	pthread_create(&t, NULL, cancel_later, r);
	rc = ssc_reader_wait_event(&ev, r, NULL, -1);
	pthread_join(t, NULL);
	CHECK(rc == SSC_ECANCELLED, "cancel gave %d", rc);
	ssc_reader_free(r);
	ssc_ctx_free(ctx);
	return failures ? 1 : 0;
}

/* The library's high-level read through pcscd + vpcd + socialcard-sim:
 * the fields of tests/data/reader/gen2-debit.json. */
static int
do_read(const char *reader_name)
{
	ssc_ctx *ctx = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_card *card = NULL;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;
	ssc_buf bas = SSC_BUF_INIT, hist = SSC_BUF_INIT;
	char uri[512];
	int rc, tries = 99;

	CHECK(ssc_ctx_new(&ctx, NULL) == SSC_OK, "context");
	snprintf(uri, sizeof(uri), "pcsc:%s", reader_name);
	rc = ssc_reader_open(&r, ctx, uri);
	CHECK(rc == SSC_OK, "open %s: %d", uri, rc);
	if (rc)
		return 1;
	rc = ssc_reader_connect(&c, r, NULL, SSC_READER_MODE_CONTACT);
	CHECK(rc == SSC_OK, "connect: %d", rc);
	if (rc)
		return 1;
	o.flags = SSC_READ_FINANCIAL;
	rc = ssc_card_read(&card, &hist, c, &o);
	CHECK(rc == SSC_OK, "ssc_card_read: %d", rc);
	if (rc == SSC_OK) {
		const ssc_person *h = ssc_card_holder(card);

		CHECK(strcmp(ssc_card_number(card), "B12345678") == 0,
		      "number");
		CHECK(strcmp(ssc_card_identifier(card),
			     "500000D156000005AABBCCDD00000001") == 0,
		      "identifier");
		CHECK(strcmp(ssc_card_region(card), "500000") == 0, "region");
		CHECK(ssc_card_generation(card) == 2, "generation");
		CHECK(ssc_card_issue_date(card) == 20210315 &&
		      ssc_card_expiry_date(card) == 20310315, "dates");
		CHECK(strcmp(ssc_person_id_number(h),
			     "440524188001010014") == 0, "ID number");
		CHECK(strcmp(ssc_person_name(h), "王\xF0\xA0\xAE\xB7") == 0,
		      "name");
		CHECK(ssc_card_fin_account(card) &&
		      strcmp(ssc_card_fin_account(card),
			     "6214830000000000018") == 0, "account");
		/* the historical bytes end in the chip serial */
		CHECK(hist.size >= 4 &&
		      memcmp(hist.ptr + hist.size - 4, "\xAA\xBB\xCC\xDD",
			     4) == 0, "ATR history");
	}
	ssc_card_free(card);
	card = NULL;
	/* inside the caller's transaction (the read then takes none) */
	CHECK(ssc_reader_begin_transaction(c) == SSC_OK, "begin");
	rc = ssc_card_read(&card, NULL, c, NULL);
	CHECK(rc == SSC_OK, "read in a transaction: %d", rc);
	CHECK(ssc_reader_end_transaction(c, SSC_DISPOSITION_LEAVE) == SSC_OK,
	      "end");
	ssc_card_free(card);
	rc = ssc_card_read_bas(&bas, c, NULL);
	CHECK(rc == SSC_OK && strncmp(bas.ptr,
				      "500000|440524188001010014|B12345678|",
				      36) == 0,
	      "iReadCardBas text: %d", rc);
	/* the session before this run blocked the PIN */
	rc = ssc_card_pin_verify(&tries, c, "123456", NULL);
	CHECK(rc == SSC_EPINBLOCKED && tries == 0, "blocked PIN: %d %d", rc,
	      tries);
	ssc_buf_dispose(&bas);
	ssc_buf_dispose(&hist);
	ssc_reader_disconnect(c, SSC_DISPOSITION_LEAVE);
	ssc_reader_free(r);
	ssc_ctx_free(ctx);
	return failures ? 1 : 0;
}

/* The generation-3 card of tests/data/reader/gen3-dual.json, contactless:
 * refused without a key, read with key 0A in a key provider. */
static int
do_read3(const char *reader_name)
{
	static const uint8_t k0a[16] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB,
					 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98,
					 0x76, 0x54, 0x32, 0x10 };
	ssc_ctx *ctx = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_card *card = NULL;
	ssc_key_provider *kp = NULL;
	ssc_read_options o = SSC_READ_OPTIONS_INIT;
	char uri[512];
	int rc;

	CHECK(ssc_ctx_new(&ctx, NULL) == SSC_OK, "context");
	CHECK(ssc_key_provider_soft_new(&kp, ctx) == SSC_OK &&
	      ssc_key_provider_soft_add(kp, "k0A", SSC_KEY_TYPE_SM4, k0a,
					16) == SSC_OK, "key provider");
	snprintf(uri, sizeof(uri), "pcsc:%s", reader_name);
	rc = ssc_reader_open(&r, ctx, uri);
	CHECK(rc == SSC_OK, "open %s: %d", uri, rc);
	if (rc)
		return 1;
	rc = ssc_reader_connect(&c, r, NULL, SSC_READER_MODE_CONTACTLESS);
	CHECK(rc == SSC_OK, "connect: %d", rc);
	if (rc)
		return 1;
	rc = ssc_card_read(&card, NULL, c, NULL);
	CHECK(rc == SSC_ESECURITY, "no key: %d", rc);
	o.flags = SSC_READ_FINANCIAL;
	o.kp = kp;
	o.auth_key_id = "k0A";
	rc = ssc_card_read(&card, NULL, c, &o);
	CHECK(rc == SSC_OK, "ssc_card_read: %d", rc);
	if (rc == SSC_OK) {
		CHECK(ssc_card_generation(card) == 3, "generation");
		CHECK(strcmp(ssc_card_number(card), "C00000003") == 0,
		      "number");
		CHECK(strcmp(ssc_person_name(ssc_card_holder(card)),
			     "欧阳\xF0\xA0\xAE\xB7") == 0, "name");
		CHECK(ssc_card_fin_account(card) &&
		      strcmp(ssc_card_fin_account(card),
			     "6214830000000000026") == 0, "account");
	}
	ssc_card_free(card);
	ssc_reader_disconnect(c, SSC_DISPOSITION_LEAVE);
	ssc_reader_free(r);
	ssc_key_provider_free(kp);
	ssc_ctx_free(ctx);
	return failures ? 1 : 0;
}

/* Instant issuance through pcscd: personalise tests/data/reader/
 * blank-gen2.json, then read the card back. */
static int
do_personalize(const char *reader_name)
{
	static const uint8_t kupd[16] = { 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6,
					  0xA7, 0xA8, 0xB1, 0xB2, 0xB3, 0xB4,
					  0xB5, 0xB6, 0xB7, 0xB8 };
	static const char name[] = "阿卜杜热合曼买买提明艾力江阿卜杜";
	ssc_ctx *ctx = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_card *card = NULL, *got = NULL;
	ssc_person *p = NULL;
	ssc_key_provider *kp = NULL;
	uint8_t id[16];
	char uri[512];
	int rc;

	CHECK(ssc_ctx_new(&ctx, NULL) == SSC_OK, "context");
	CHECK(ssc_key_provider_soft_new(&kp, ctx) == SSC_OK &&
	      ssc_key_provider_soft_add(kp, "upd", SSC_KEY_TYPE_DES, kupd,
					16) == SSC_OK, "key provider");
	CHECK(ssc_card_new(&card, ctx) == SSC_OK &&
	      ssc_card_identifier_parse(id, "440300D15600000501020304A0B0C0D0")
		      == SSC_OK &&
	      ssc_card_set_identifier(card, id) == SSC_OK &&
	      ssc_card_set_spec_version(card, "2.00") == SSC_OK &&
	      ssc_card_set_number(card, "D98765432") == SSC_OK &&
	      ssc_card_set_dates(card, 20250101, 20350101) == SSC_OK &&
	      ssc_person_new(&p, ctx) == SSC_OK &&
	      ssc_person_set_id_number(p, "440524188001010014") == SSC_OK &&
	      ssc_person_set_name(p, name) == SSC_OK &&
	      ssc_person_set_ethnicity(p, 1) == SSC_OK &&
	      ssc_card_set_holder(card, p) == SSC_OK, "card record");
	ssc_person_free(p);
	snprintf(uri, sizeof(uri), "pcsc:%s", reader_name);
	rc = ssc_reader_open(&r, ctx, uri);
	CHECK(rc == SSC_OK, "open %s: %d", uri, rc);
	if (rc)
		return 1;
	rc = ssc_reader_connect(&c, r, NULL, SSC_READER_MODE_CONTACT);
	CHECK(rc == SSC_OK, "connect: %d", rc);
	if (rc)
		return 1;
	rc = ssc_card_read(&got, NULL, c, NULL);
	CHECK(rc == SSC_ENOTFOUND, "blank card read: %d", rc);
	rc = ssc_card_personalize(c, card, kp, "upd");
	CHECK(rc == SSC_OK, "personalize: %d", rc);
	rc = ssc_card_read(&got, NULL, c, NULL);
	CHECK(rc == SSC_OK, "read back: %d", rc);
	if (rc == SSC_OK) {
		CHECK(strcmp(ssc_card_number(got), "D98765432") == 0, "number");
		CHECK(strcmp(ssc_card_identifier(got),
			     ssc_card_identifier(card)) == 0, "identifier");
		CHECK(strcmp(ssc_person_name(ssc_card_holder(got)), name) == 0,
		      "name (with 姓名扩展)");
		CHECK(ssc_card_expiry_date(got) == 20350101, "expiry");
	}
	ssc_card_free(got);
	ssc_card_free(card);
	ssc_reader_disconnect(c, SSC_DISPOSITION_LEAVE);
	ssc_reader_free(r);
	ssc_key_provider_free(kp);
	ssc_ctx_free(ctx);
	return failures ? 1 : 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "session") == 0)
		return do_session(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "contactless") == 0)
		return do_contactless(argv[2]);
	if (argc == 3 && strcmp(argv[1], "removal") == 0)
		return do_removal(argv[2]);
	if (argc == 3 && strcmp(argv[1], "read") == 0)
		return do_read(argv[2]);
	if (argc == 3 && strcmp(argv[1], "read3") == 0)
		return do_read3(argv[2]);
	if (argc == 3 && strcmp(argv[1], "personalize") == 0)
		return do_personalize(argv[2]);
	fprintf(stderr, "usage: reader_pcsc_e2e session READER TRACE | "
		"contactless READER | removal READER | read READER | "
		"read3 READER | personalize READER\n");
	return 2;
}
