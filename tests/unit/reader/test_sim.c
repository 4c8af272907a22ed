/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The in-process software card, through the public reader API: SELECT
 * with FCI and 61xx, READ RECORD by tag and by number (direct and by SFI),
 * 6Cxx, PIN tries and blocking, CHANGE PIN, generation-3 authentication,
 * rare-character names, T=1 answers, the PBOC application, card removal,
 * events and cancel.  Expected bytes follow reference/card-spec.md.
 */
#include <pthread.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "reader_test_util.h"
#include "reader/reader_int.h"

#define SSSE "00A404000F7378312E73682EC9E7BBE1B1A3D5CF"
#define FCI_GEN2 "6F16840F7378312E73682EC9E7BBE1B1A3D5CFA50388010B"
#define FCI_GEN3                                                               \
	"6F1C840F7378312E73682EC9E7BBE1B1A3D5CFA50988010B9F0C03860103"
#define IDENT "330100D1560000050A1B2C3D5E6F7081"

typedef struct {
	ssc_ctx *ctx;
	ssc_reader_backend *be;
	ssc_reader *r;
	ssc_reader_conn *c;
} sim_fixture;

static void
sim_open(sim_fixture *f, const char *json, int mode)
{
	ssc_sim_options o = SSC_SIM_OPTIONS_INIT;

	f->ctx = ssc_test_ctx(NULL, NULL, NULL);
	o.profile_json = json;
	assert_ssc_ok(ssc_reader_backend_sim_new(&f->be, f->ctx, &o));
	assert_ssc_ok(ssc_reader_new(&f->r, f->ctx, f->be));
	assert_ssc_ok(ssc_reader_connect(&f->c, f->r, NULL, mode));
}

static void
sim_close(sim_fixture *f)
{
	assert_ssc_ok(ssc_reader_disconnect(f->c, SSC_DISPOSITION_LEAVE));
	ssc_reader_free(f->r);
	ssc_ctx_free(f->ctx);
}

static void
test_sim_select_and_fci(void **state)
{
	sim_fixture f;
	ssc_buf atr = SSC_BUF_INIT;

	(void)state;
	sim_open(&f, NULL, SSC_READER_MODE_AUTO_CONTACT_FIRST);
	assert_ssc_ok(ssc_reader_conn_atr(&atr, f.c));
	/* T=0 ATR whose last historical bytes are the chip serial */
	assert_int_equal(atr.size, 16);
	assert_memory_equal(atr.ptr, "\x3B\x6C\x00\x00", 4);
	assert_memory_equal(atr.ptr + 12, "\x0A\x1B\x2C\x3D", 4);
	ssc_buf_dispose(&atr);
	assert_int_equal(ssc_reader_conn_protocol(f.c), SSC_PROTOCOL_T0);
	assert_xmit(f.c, "00A40000023F00", "9000");
	/* case 3 SELECT on a T=0 card: 61 18, as the traced real card */
	assert_xmit(f.c, SSSE, "6118");
	assert_xmit(f.c, "00C0000018", FCI_GEN2 "9000");
	/* nothing pending any more */
	assert_xmit(f.c, "00C0000018", "6985");
	/* partial GET RESPONSE keeps the rest */
	assert_xmit(f.c, SSSE, "6118");
	assert_xmit(f.c, "00C0000010", "6F16840F7378312E73682EC9E7BBE1B1"
				       "6108");
	assert_xmit(f.c, "00C0000008", "A3D5CFA50388010B9000");
	assert_xmit(f.c, "00A4040C0F7378312E73682EC9E7BBE1B1A3D5CF", "9000");
	assert_xmit(f.c, "00A404000F7378312E73682EC9E7BBE1B1A3D5CE", "6A82");
	sim_close(&f);
}

static void
test_sim_read_record_by_tag_and_number(void **state)
{
	sim_fixture f;

	(void)state;
	sim_open(&f, NULL, 0);
	/* not selected yet */
	assert_xmit(f.c, "00B2012812", "6A82");
	assert_xmit(f.c, SSSE, "6118");
	/* EF05 by SFI, tag mode */
	assert_xmit(f.c, "00B2012812", "0110" IDENT "9000");
	assert_xmit(f.c, "00B2032806", "0304322E30309000");
	assert_xmit(f.c, "00B207280B", "0709413030303030303031" "9000");
	/* Le 00 on a T=0 card: 6Cxx with the exact length */
	assert_xmit(f.c, "00B2012800", "6C12");
	assert_xmit(f.c, "00B2012810", "6C12");
	/* EF06 tag mode and record-number mode (gen 2: rec 3 = 4E) */
	assert_xmit(f.c, "00B2083014",
		    "0812313130313035313934393132333130303258" "9000");
	assert_xmit(f.c, "00B2093020",
		    "091ED5C5C8FD" "2020202020202020202020202020202020202020"
		    "202020202020" "9000");
	assert_xmit(f.c, "00B2033416",
		    "4E14FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF9000");
	assert_xmit(f.c, "00B2073406", "0D04194912319000");
	assert_xmit(f.c, "00B2083406", "6A83");
	/* absent tag, bad P2 mode */
	assert_xmit(f.c, "00B2443003", "6A83");
	assert_xmit(f.c, "00B2083101", "6A86");
	/* current-EF modes after SELECT EF */
	assert_xmit(f.c, "00B2010012", "6986");
	assert_xmit(f.c, "00A4020002EF05", "9000");
	assert_xmit(f.c, "00B2010012", "0110" IDENT "9000");
	assert_xmit(f.c, "00B2050406", "0504202006019000");
	sim_close(&f);
}

static void
test_sim_pin_tries_and_blocking(void **state)
{
	sim_fixture f;

	(void)state;
	sim_open(&f, NULL, 0);
	assert_xmit(f.c, "0020000003123456", "6985"); /* SSSE not selected */
	assert_xmit(f.c, SSSE, "6118");
	assert_xmit(f.c, "00200000", "63C3");
	assert_xmit(f.c, "0020000003111111", "63C2");
	assert_xmit(f.c, "0020000003123456", "9000"); /* resets tries */
	assert_xmit(f.c, "00200000", "63C3");
	/* change: old FF new */
	assert_xmit(f.c, "805E010007123456FF654321", "9000");
	assert_xmit(f.c, "0020000003123456", "63C2");
	assert_xmit(f.c, "0020000003654321", "9000");
	/* a new PIN that is not BCD is refused and changes nothing */
	assert_xmit(f.c, "805E010007654321FF6543A1", "6A80");
	assert_xmit(f.c, "0020000003654321", "9000");
	/* block it */
	assert_xmit(f.c, "0020000003000000", "63C2");
	assert_xmit(f.c, "0020000003000000", "63C1");
	assert_xmit(f.c, "0020000003000000", "6983");
	assert_xmit(f.c, "0020000003654321", "6983");
	assert_xmit(f.c, "805E010007654321FF123456", "6983");
	assert_xmit(f.c, "00200000", "6983");
	sim_close(&f);
}

static void
test_sim_profile_blocked_pin(void **state)
{
	sim_fixture f;

	(void)state;
	sim_open(&f, "{\"pin\": {\"value\": \"1234\", \"tries\": 0, "
		     "\"max_tries\": 6}}", 0);
	assert_xmit(f.c, SSSE, "6118");
	assert_xmit(f.c, "00200000021234", "6983");
	sim_close(&f);
	sim_open(&f, "{\"pin\": {\"value\": \"12345\", \"max_tries\": 6}}", 0);
	assert_xmit(f.c, SSSE, "6118");
	assert_xmit(f.c, "00200000", "63C6");
	assert_xmit(f.c, "002000000312345F", "9000");
	sim_close(&f);
}

static void
test_sim_t1_answers_directly(void **state)
{
	sim_fixture f;
	ssc_buf atr = SSC_BUF_INIT;
	size_t i;
	uint8_t tck = 0;

	(void)state;
	sim_open(&f, "{\"protocol\": \"t1\"}", SSC_READER_MODE_CONTACT);
	assert_int_equal(ssc_reader_conn_protocol(f.c), SSC_PROTOCOL_T1);
	assert_ssc_ok(ssc_reader_conn_atr(&atr, f.c));
	for (i = 1; i < atr.size; i++)
		tck ^= (uint8_t)atr.ptr[i];
	assert_int_equal(tck, 0); /* TCK is right */
	ssc_buf_dispose(&atr);
	assert_xmit(f.c, SSSE, "9000");
	assert_xmit(f.c, SSSE "00", FCI_GEN2 "9000");
	assert_xmit(f.c, "00B2012800", "0110" IDENT "9000");
	assert_xmit(f.c, "00B2012811", "6C12");
	sim_close(&f);
}

static void
test_sim_generation1_records(void **state)
{
	sim_fixture f;

	(void)state;
	sim_open(&f, "{\"generation\": 1, \"holder\": {\"sex\": \"1\"}}", 0);
	assert_xmit(f.c, SSSE, "6118");
	assert_xmit(f.c, "00B2032806", "0304312E30309000");
	assert_xmit(f.c, "00B24E3016", "6A83"); /* no name extension */
	assert_xmit(f.c, "00B2033403", "0A01319000"); /* sex at rec 3 */
	sim_close(&f);
}

static void
test_sim_rare_character_names(void **state)
{
	sim_fixture f;

	(void)state;
	/* U+20BB7 is outside GBK: GB18030 four-byte form */
	sim_open(&f, "{\"holder\": {\"name\": \"\xE7\x8E\x8B\xF0\xA0\xAE\xB7\"}}",
		 0);
	assert_xmit(f.c, SSSE, "6118");
	assert_xmit(f.c, "00B2093020",
		    "091ECDF59534B235" "2020202020202020202020202020202020202020"
		    "20202020" "9000");
	sim_close(&f);
	/* 38 bytes: 30 in tag 09, the rest (on a character boundary) in 4E */
	sim_open(&f, "{\"holder\": {\"name\": \"\xE6\xAC\xA7\xE9\x98\xB3"
		     "\xE5\xA8\x9C\xE5\xA8\x9C\xE5\xA8\x9C\xE5\xA8\x9C\xE5\xA8\x9C"
		     "\xE5\xA8\x9C\xE5\xA8\x9C\xE5\xA8\x9C\xE5\xA8\x9C\xE5\xA8\x9C"
		     "\xE5\xA8\x9C\xE5\xA8\x9C\xE5\xA8\x9C\xE5\xA8\x9C\xE5\xA8\x9C"
		     "\xF0\xA0\xAE\xB7\"}}", 0);
	assert_xmit(f.c, SSSE, "6118");
	assert_xmit(f.c, "00B2093020",
		    "091EC5B7D1F4C4C8C4C8C4C8C4C8C4C8C4C8C4C8C4C8C4C8C4C8C4C8"
		    "C4C8C4C8" "9000");
	assert_xmit(f.c, "00B24E3016",
		    "4E14C4C8C4C89534B235FFFFFFFFFFFFFFFFFFFFFFFF9000");
	sim_close(&f);
	/* raw GBK bytes from the profile */
	sim_open(&f, "{\"holder\": {\"name_gbk\": \"C0EEB0D7\", "
		     "\"name_ext_gbk\": \"8139EF30\"}}", 0);
	assert_xmit(f.c, SSSE, "6118");
	assert_xmit(f.c, "00B24E3016",
		    "4E148139EF30FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF9000");
	sim_close(&f);
}

static void
sm4_ecb(const uint8_t key[16], const uint8_t *in, uint8_t *out)
{
	EVP_CIPHER_CTX *cc = EVP_CIPHER_CTX_new();
	int l = 0;

	assert_non_null(cc);
	assert_int_equal(EVP_EncryptInit_ex(cc, EVP_sm4_ecb(), NULL, key, NULL),
			 1);
	EVP_CIPHER_CTX_set_padding(cc, 0);
	assert_int_equal(EVP_EncryptUpdate(cc, out, &l, in, 16), 1);
	assert_int_equal(l, 16);
	EVP_CIPHER_CTX_free(cc);
}

static void
test_sim_generation3_authentication(void **state)
{
	sim_fixture f;
	ssc_buf out = SSC_BUF_INIT;
	uint8_t key[16], chal[16], crypt[16], cmd[5 + 16];
	char hex[128];

	(void)state;
	memset(key, 0xA5, sizeof(key));
	sim_open(&f, "{\"generation\": 3, \"keys\": {\"external_0A\": "
		     "\"A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5\"}}",
		 SSC_READER_MODE_CONTACT);
	assert_xmit(f.c, SSSE, "611E");
	/* FCI announces SM4 (9F0C 03 86 01 03) */
	assert_xmit(f.c, "00C000001E",
		    "6F1C840F7378312E73682EC9E7BBE1B1A3D5CFA50988010B9F0C03860103"
		    "9000");
	assert_xmit(f.c, "00B2032806", "0304332E30309000");
	assert_xmit(f.c, "00B207280B", "6982");
	assert_xmit(f.c, "00B2083014", "6982");
	/* external authentication without a challenge */
	assert_xmit(f.c, "0082000A1000000000000000000000000000000000", "6985");
	/* wrong cryptogram */
	assert_ssc_ok(rt_xmit(f.c, "0084000010", hex));
	assert_int_equal(strlen(hex), 36);
	assert_xmit(f.c, "0082000A1000000000000000000000000000000000", "6300");
	/* right cryptogram: SM4-ECB(key 0A, challenge) */
	cmd[0] = 0x00;
	cmd[1] = 0x84;
	cmd[2] = cmd[3] = 0x00;
	cmd[4] = 0x10;
	assert_ssc_ok(ssc_reader_transmit_raw(&out, f.c, cmd, 5));
	assert_int_equal(out.size, 18);
	memcpy(chal, out.ptr, 16);
	sm4_ecb(key, chal, crypt);
	cmd[1] = 0x82;
	cmd[3] = 0x0A;
	memcpy(cmd + 5, crypt, 16);
	assert_ssc_ok(ssc_reader_transmit_raw(&out, f.c, cmd, sizeof(cmd)));
	assert_int_equal(out.size, 2);
	assert_memory_equal(out.ptr, "\x90\x00", 2);
	ssc_buf_dispose(&out);
	assert_xmit(f.c, "00B207280B", "0709413030303030303031" "9000");
	/* a reset clears the security state */
	assert_ssc_ok(ssc_reader_reconnect(f.c, SSC_DISPOSITION_RESET));
	assert_xmit(f.c, SSSE, "611E");
	assert_xmit(f.c, "00B207280B", "6982");
	sim_close(&f);
}

static void
des3_ecb(const uint8_t key[16], const uint8_t *in, size_t n, uint8_t *out)
{
	EVP_CIPHER_CTX *cc = EVP_CIPHER_CTX_new();
	int l = 0;

	assert_non_null(cc);
	assert_int_equal(EVP_EncryptInit_ex(cc, EVP_des_ede_ecb(), NULL, key,
					    NULL), 1);
	EVP_CIPHER_CTX_set_padding(cc, 0);
	assert_int_equal(EVP_EncryptUpdate(cc, out, &l, in, (int)n), 1);
	assert_int_equal((size_t)l, n);
	EVP_CIPHER_CTX_free(cc);
}

static void
des_single(const uint8_t k8[8], bool enc, uint8_t blk[8])
{
	EVP_CIPHER_CTX *cc = EVP_CIPHER_CTX_new();
	uint8_t key[16], out[8];
	int l = 0;

	memcpy(key, k8, 8);
	memcpy(key + 8, k8, 8);
	assert_int_equal(EVP_CipherInit_ex(cc, EVP_des_ede_ecb(), NULL, key,
					   NULL, enc), 1);
	EVP_CIPHER_CTX_set_padding(cc, 0);
	assert_int_equal(EVP_CipherUpdate(cc, out, &l, blk, 8), 1);
	memcpy(blk, out, 8);
	EVP_CIPHER_CTX_free(cc);
}

/* ISO 9797-1 MAC algorithm 3, padding 2, written independently here. */
static void
retail_mac4(const uint8_t key[16], const uint8_t iv[8], const uint8_t *d,
	    size_t n, uint8_t mac[4])
{
	uint8_t buf[64], h[8];
	size_t len = n, i, j;

	memcpy(buf, d, n);
	buf[len++] = 0x80;
	while (len % 8)
		buf[len++] = 0;
	memcpy(h, iv, 8);
	for (i = 0; i < len; i += 8) {
		for (j = 0; j < 8; j++)
			h[j] ^= buf[i + j];
		des_single(key, true, h);
	}
	des_single(key + 8, false, h);
	des_single(key, true, h);
	memcpy(mac, h, 4);
}

/* The ISO 9797-1 alg. 3 / pad 2 vector of card-spec.md §7.2. */
static void
test_sim_retail_mac_vector(void **state)
{
	uint8_t key[16], iv[8] = { 0 }, data[15], mac[4];

	(void)state;
	rt_unhex(key, 16, "0123456789ABCDEFFEDCBA9876543210");
	rt_unhex(data, 15, "8424000008999E57FD0F47CACE0007");
	retail_mac4(key, iv, data, 15, mac);
	assert_memory_equal(mac, "\x22\xCB\x48\x39", 4);
}

static void
get_challenge8(ssc_reader_conn *c, uint8_t chal[8])
{
	ssc_buf out = SSC_BUF_INIT;
	static const uint8_t cmd[5] = { 0x00, 0x84, 0x00, 0x00, 0x08 };

	assert_ssc_ok(ssc_reader_transmit_raw(&out, c, cmd, 5));
	assert_int_equal(out.size, 10);
	memcpy(chal, out.ptr, 8);
	ssc_buf_dispose(&out);
}

static void
send_expect(ssc_reader_conn *c, const uint8_t *cmd, size_t n, const char *sw)
{
	ssc_buf out = SSC_BUF_INIT;
	char hex[600];

	assert_ssc_ok(ssc_reader_transmit_raw(&out, c, cmd, n));
	rt_hex(hex, (const uint8_t *)out.ptr, out.size);
	assert_string_equal(hex, sw);
	ssc_buf_dispose(&out);
}

static void
test_sim_pin_unblock_and_reload(void **state)
{
	sim_fixture f;
	uint8_t k_unblock[16], k_reload[16], k_06[16], chal[8], crypt[8];
	uint8_t cmd[64], plain[16];

	(void)state;
	memset(k_unblock, 0x66, 16);
	memset(k_reload, 0x55, 16);
	memset(k_06, 0x22, 16);
	sim_open(&f, NULL, 0);
	assert_xmit(f.c, SSSE, "6118");
	assert_xmit(f.c, "0020000003000000", "63C2");
	assert_xmit(f.c, "0020000003000000", "63C1");
	assert_xmit(f.c, "0020000003000000", "6983");
	/* UNBLOCK: 84 24 00 00 0C, 3DES(LV(PIN) 80 ..) + MAC */
	memcpy(plain, "\x03\x12\x34\x56\x80\x00\x00\x00", 8);
	memcpy(cmd, "\x84\x24\x00\x00\x0C", 5);
	des3_ecb(k_unblock, plain, 8, cmd + 5);
	assert_xmit(f.c, "842400000C000000000000000000000000", "6985");
	get_challenge8(f.c, chal);
	retail_mac4(k_unblock, chal, cmd, 13, cmd + 13);
	cmd[16] ^= 1; /* a wrong MAC */
	send_expect(f.c, cmd, 17, "6988");
	assert_xmit(f.c, "0020000003123456", "6983");
	get_challenge8(f.c, chal);
	retail_mac4(k_unblock, chal, cmd, 13, cmd + 13);
	send_expect(f.c, cmd, 17, "9000");
	assert_xmit(f.c, "00200000", "63C3");
	assert_xmit(f.c, "0020000003123456", "9000");
	/* RELOAD needs EXTERNAL AUTHENTICATE with key 06 first */
	memcpy(plain, "\x03\x65\x43\x21\x80\x00\x00\x00"
		      "\x00\x00\x00\x00\x00\x00\x00\x00", 16);
	memcpy(cmd, "\x84\x24\x00\x01\x14", 5);
	des3_ecb(k_reload, plain, 16, cmd + 5);
	get_challenge8(f.c, chal);
	retail_mac4(k_reload, chal, cmd, 21, cmd + 21);
	send_expect(f.c, cmd, 25, "6982");
	get_challenge8(f.c, chal);
	des3_ecb(k_06, chal, 8, crypt);
	{
		uint8_t ea[13] = { 0x00, 0x82, 0x00, 0x06, 0x08 };

		memcpy(ea + 5, crypt, 8);
		send_expect(f.c, ea, 13, "9000");
	}
	get_challenge8(f.c, chal);
	retail_mac4(k_reload, chal, cmd, 21, cmd + 21);
	send_expect(f.c, cmd, 25, "9000");
	assert_xmit(f.c, "0020000003123456", "63C2");
	assert_xmit(f.c, "0020000003654321", "9000");
	/* INTERNAL AUTHENTICATE: the card enciphers the terminal's data */
	{
		uint8_t k_int[16], data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
		uint8_t want[8];
		char whex[40];

		memset(k_int, 0x44, 16);
		des3_ecb(k_int, data, 8, want);
		assert_xmit(f.c, "00880000080102030405060708", "6108");
		rt_hex(whex, want, 8);
		strcat(whex, "9000");
		assert_xmit(f.c, "00C0000008", whex);
	}
	sim_close(&f);
}

static void
test_sim_financial_application_block(void **state)
{
	sim_fixture f;
	uint8_t key[16], chal[8], cmd[9] = { 0x84, 0x1E, 0x00, 0x00, 0x04 };
	char hex[300];

	(void)state;
	memset(key, 0x77, 16);
	sim_open(&f, "{\"financial\": {}}", 0);
	assert_ssc_ok(rt_xmit(f.c, "00A4040008A00000033301010100", hex));
	assert_string_equal(hex, "612D");
	get_challenge8(f.c, chal);
	retail_mac4(key, chal, cmd, 5, cmd + 5);
	cmd[5] ^= 0x80;
	send_expect(f.c, cmd, 9, "6988");
	get_challenge8(f.c, chal);
	retail_mac4(key, chal, cmd, 5, cmd + 5);
	send_expect(f.c, cmd, 9, "9000");
	assert_xmit(f.c, "80A800000B830900000000000000015600", "6985");
	assert_xmit(f.c, "00A4040008A00000033301010100", "6283");
	assert_xmit(f.c, "00C000002D", "6F2B8408A000000333010101A5"
		    "1F500E556E696F6E5061792044656269748701019F38099F7A019F0206"
		    "5F2A029000");
	sim_close(&f);
}

static void
test_sim_contactless_interface(void **state)
{
	sim_fixture f;
	ssc_buf atr = SSC_BUF_INIT;
	ssc_reader_conn *c2 = NULL;

	(void)state;
	sim_open(&f, "{\"generation\": 3}",
		 SSC_READER_MODE_AUTO_CONTACTLESS_FIRST);
	assert_int_equal(ssc_reader_conn_interface(f.c),
			 SSC_INTERFACE_CONTACTLESS);
	assert_int_equal(ssc_reader_conn_protocol(f.c), SSC_PROTOCOL_T1);
	assert_ssc_ok(ssc_reader_conn_atr(&atr, f.c));
	assert_memory_equal(atr.ptr, "\x3B\x8C\x80\x01", 4);
	ssc_buf_dispose(&atr);
	sim_close(&f);
	sim_open(&f, NULL, SSC_READER_MODE_CONTACT);
	assert_ssc_error(ssc_reader_connect(&c2, f.r, NULL,
					    SSC_READER_MODE_CONTACTLESS),
			 SSC_ENOCARD);
	assert_ssc_error(ssc_reader_connect(&c2, f.r, "other", 0),
			 SSC_ENOREADER);
	sim_close(&f);
}

static void
test_sim_financial_application(void **state)
{
	sim_fixture f;
	char hex[600];

	(void)state;
	sim_open(&f, "{\"financial\": {\"pan\": \"6214830000000000018\", "
		     "\"atc\": 7, \"balance\": 12345}}", 0);
	/* PPSE lists the debit AID */
	assert_xmit(f.c, "00A404000E325041592E5359532E444446303100", "6136");
	assert_ssc_ok(rt_xmit(f.c, "00C0000036", hex));
	assert_non_null(strstr(hex, "4F08A000000333010101"));
	/* PSE names the directory SFI, whose record 1 holds the AID */
	assert_xmit(f.c, "00A404000E315041592E5359532E444446303100", "6117");
	assert_xmit(f.c, "00C0000017",
		    "6F15840E315041592E5359532E4444463031A5038801019000");
	assert_xmit(f.c, "00B2010C00", "6C21");
	assert_xmit(f.c, "00B2010C21",
		    "701F611D4F08A000000333010101500E556E696F6E50617920446562"
		    "6974" "8701019000");
	sim_close(&f);
}

static void
test_sim_financial_gpo_and_get_data(void **state)
{
	sim_fixture f;
	char hex[600];

	(void)state;
	sim_open(&f, "{\"financial\": {\"atc\": 7, \"balance\": 12345}}", 0);
	assert_xmit(f.c, "80A80000028300", "6985"); /* no ADF selected */
	assert_ssc_ok(rt_xmit(f.c, "00A4040008A00000033301010100", hex));
	assert_int_equal(strncmp(hex, "61", 2), 0);
	assert_xmit(f.c, "80CA9F3605", "9F360200079000");
	/* PDOL 9F7A01 9F0206 5F2A02 = 9 bytes */
	assert_xmit(f.c, "80A80000028300", "6700");
	assert_xmit(f.c, "80A800000B830900000000000000015600", "6108");
	assert_xmit(f.c, "00C0000008", "80067C00100102009000");
	assert_xmit(f.c, "80CA9F3605", "9F360200089000");
	assert_xmit(f.c, "80CA9F7909", "9F79060000000123459000");
	assert_xmit(f.c, "80CA9F1704", "9F1701039000");
	assert_xmit(f.c, "80CA9F4F00", "6A88");
	/* AFL records: SFI 2, records 1-2 */
	assert_ssc_ok(rt_xmit(f.c, "00B2021400", hex));
	assert_int_equal(strncmp(hex, "6C", 2), 0);
	assert_xmit(f.c, "00B2031400", "6A83");
	sim_close(&f);
	/* a blocked application: SELECT warns 6283, GPO refused */
	sim_open(&f, "{\"financial\": {\"blocked\": true}}", 0);
	assert_ssc_ok(rt_xmit(f.c, "00A4040008A00000033301010100", hex));
	assert_string_equal(hex, "6283");
	assert_xmit(f.c, "80A800000B830900000000000000015600", "6985");
	sim_close(&f);
}

static void
test_sim_card_removed_mid_session(void **state)
{
	sim_fixture f;
	unsigned int ev = 0;
	char hex[64];

	(void)state;
	sim_open(&f, NULL, 0);
	assert_xmit(f.c, SSSE, "6118");
	assert_ssc_ok(ssc__sim_backend_set_present(f.be, false));
	assert_ssc_error(rt_xmit(f.c, "00B2012812", hex), SSC_ECARDREMOVED);
	/* sticky: the next call fails fast with the same code */
	assert_ssc_error(rt_xmit(f.c, "00B2012812", hex), SSC_ECARDREMOVED);
	assert_ssc_ok(ssc_reader_wait_event(&ev, f.r, NULL, 0));
	assert_int_equal(ev, SSC_READER_EVENT_CARD_REMOVED);
	assert_ssc_error(ssc_reader_wait_event(&ev, f.r, NULL, 10),
			 SSC_ETIMEOUT);
	assert_ssc_ok(ssc__sim_backend_set_present(f.be, true));
	assert_ssc_ok(ssc_reader_wait_event(&ev, f.r, "sim", 1000));
	assert_int_equal(ev, SSC_READER_EVENT_CARD_INSERTED);
	/* a new card needs a reconnect */
	assert_ssc_error(rt_xmit(f.c, "00B2012812", hex), SSC_ECARDREMOVED);
	assert_ssc_ok(ssc_reader_reconnect(f.c, SSC_DISPOSITION_LEAVE));
	assert_xmit(f.c, SSSE, "6118");
	sim_close(&f);
}

static void *
cancel_later(void *arg)
{
	usleep(50 * 1000);
	ssc_reader_cancel(arg);
	return NULL;
}

static void
test_sim_wait_cancelled_from_thread(void **state)
{
	sim_fixture f;
	pthread_t t;
	unsigned int ev = 0;

	(void)state;
	sim_open(&f, NULL, 0);
	assert_int_equal(pthread_create(&t, NULL, cancel_later, f.r), 0);
	assert_ssc_error(ssc_reader_wait_event(&ev, f.r, NULL, -1),
			 SSC_ECANCELLED);
	pthread_join(t, NULL);
	assert_int_equal(ev, 0);
	sim_close(&f);
}

static void
test_sim_profile_errors(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_sim_options o = SSC_SIM_OPTIONS_INIT;
	ssc_reader_backend *be = NULL;
	static const char *const bad[] = {
		"not json",
		"[1]",
		"{\"generation\": 4}",
		"{\"colour\": 1}",
		"{\"card\": {\"number\": \"123\"}}",
		"{\"card\": {\"identifier\": \"33\"}}",
		"{\"holder\": {\"birth_date\": \"1949123X\"}}",
		"{\"pin\": {\"value\": \"12\"}}",
		"{\"pin\": {\"tries\": 9, \"max_tries\": 3}}",
		"{\"interface\": \"usb\"}",
		"{\"financial\": {\"pdol\": \"9F02\"}}",
		"{\"generation\": 1, \"holder\": {\"name_gbk\": \"C0EE\", \"name_ext_gbk\": \"C0EE\"}}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < SSC__ARRAY_SIZE(bad); i++) {
		o.profile_json = bad[i];
		assert_ssc_error(ssc_reader_backend_sim_new(&be, ctx, &o),
				 SSC_EPARSE);
		assert_null(be);
	}
	o.version = 0;
	assert_ssc_error(ssc_reader_backend_sim_new(&be, ctx, &o),
			 SSC_EVERSION);
	ssc_ctx_free(ctx);
}

static void
collect_log(int level, const char *message, void *payload)
{
	char *all = payload;

	(void)level;
	if (strlen(all) + strlen(message) + 2 < 8192) {
		strcat(all, message);
		strcat(all, "\n");
	}
}

/* TRACE logs show commands (PIN data masked) and only the length and SW
 * of responses, which may carry the ID number and the name. */
static void
test_sim_trace_log_masks_personal_data(void **state)
{
	static char logbuf[8192];
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;

	(void)state;
	logbuf[0] = '\0';
	o.log = collect_log;
	o.log_payload = logbuf;
	o.log_level = SSC_LOG_TRACE;
	assert_ssc_ok(ssc_ctx_new(&ctx, &o));
	assert_ssc_ok(ssc_reader_open(&r, ctx, "sim:"));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_xmit(c, SSSE, "6118");
	assert_xmit(c, "0020000003123456", "9000");
	assert_xmit(c, "00B2083014",
		    "0812313130313035313934393132333130303258" "9000");
	assert_non_null(strstr(logbuf, "> 00B2083014"));
	assert_non_null(strstr(logbuf, "> 0020000003******"));
	assert_non_null(strstr(logbuf, "< [20 bytes] 9000"));
	assert_null(strstr(logbuf, "123456"));
	assert_null(strstr(logbuf, "3131303130"));
	ssc_reader_disconnect(c, 0);
	ssc_reader_free(r);
	ssc_ctx_free(ctx);
}

/* The example profiles in tests/data/reader load through "sim:PATH". */
static void
test_sim_profile_files(void **state)
{
	static const char *const files[][2] = {
		{ "gen1.json", "0304312E30309000" },
		{ "gen2-debit.json", "0304322E30309000" },
		{ "gen3-dual.json", "0304332E30309000" },
		{ "blocked-pin.json", "0304322E30309000" },
	};
	const char *dir = getenv("SSC_TEST_DATA");
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	size_t i;

	(void)state;
	assert_non_null(dir);
	for (i = 0; i < SSC__ARRAY_SIZE(files); i++) {
		char uri[1024];
		ssc_reader *r = NULL;
		ssc_reader_conn *c = NULL;

		snprintf(uri, sizeof(uri), "sim:%s/reader/%s", dir,
			 files[i][0]);
		assert_ssc_ok(ssc_reader_open(&r, ctx, uri));
		assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
		assert_xmit(c, SSSE "00", i == 2 ? FCI_GEN3 "9000" : "6118");
		assert_xmit(c, "00B2032806", files[i][1]);
		if (i == 3)
			assert_xmit(c, "0020000003123456", "6983");
		ssc_reader_disconnect(c, 0);
		ssc_reader_free(r);
	}
	ssc_ctx_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_select_and_fci),
		cmocka_unit_test(test_sim_read_record_by_tag_and_number),
		cmocka_unit_test(test_sim_pin_tries_and_blocking),
		cmocka_unit_test(test_sim_profile_blocked_pin),
		cmocka_unit_test(test_sim_t1_answers_directly),
		cmocka_unit_test(test_sim_generation1_records),
		cmocka_unit_test(test_sim_rare_character_names),
		cmocka_unit_test(test_sim_generation3_authentication),
		cmocka_unit_test(test_sim_retail_mac_vector),
		cmocka_unit_test(test_sim_pin_unblock_and_reload),
		cmocka_unit_test(test_sim_financial_application_block),
		cmocka_unit_test(test_sim_contactless_interface),
		cmocka_unit_test(test_sim_financial_application),
		cmocka_unit_test(test_sim_financial_gpo_and_get_data),
		cmocka_unit_test(test_sim_card_removed_mid_session),
		cmocka_unit_test(test_sim_wait_cancelled_from_thread),
		cmocka_unit_test(test_sim_profile_errors),
		cmocka_unit_test(test_sim_profile_files),
		cmocka_unit_test(test_sim_trace_log_masks_personal_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
