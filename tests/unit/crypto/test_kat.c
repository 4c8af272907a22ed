/* SPDX-License-Identifier: Apache-2.0 */
/* Known-answer tests (card-spec §7.2): SM4 (GB/T 32907, incl. 1,000,000
 * iterations), SM3 (GB/T 32905), DES, ISO 9797-1 MAC algorithms 1 and 3,
 * SM4 CBC-MAC and its truncations, HMAC (RFC 4231), AES-256-GCM (GCM
 * spec test cases 13/14). */
#include <openssl/evp.h>

#include "test_common.h"
#include "crypto/crypto.h"

static size_t
hx(uint8_t *out, const char *hex)
{
	size_t n = 0;
	unsigned v;

	while (hex[0] && hex[1] && sscanf(hex, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

static void
test_kat_sm4_single(void **state)
{
	uint8_t k[16], p[16], c[16], want[16], back[16];
	(void)state;

	hx(k, "0123456789ABCDEFFEDCBA9876543210");
	hx(p, "0123456789ABCDEFFEDCBA9876543210");
	hx(want, "681EDF34D206965E86B3E94F536E4246");
	assert_ssc_ok(ssc__crypto_ecb(c, SSC_KEY_TYPE_SM4, k, 16, true, p, 16));
	assert_memory_equal(c, want, 16);
	assert_ssc_ok(ssc__crypto_ecb(back, SSC_KEY_TYPE_SM4, k, 16, false, c, 16));
	assert_memory_equal(back, p, 16);
}

static void
test_kat_sm4_million(void **state)
{
	uint8_t k[16], b[16], want[16];
	long i;
	(void)state;

	hx(k, "0123456789ABCDEFFEDCBA9876543210");
	hx(b, "0123456789ABCDEFFEDCBA9876543210");
	hx(want, "595298C7C6FD271F0402F804C33D3F66");
	for (i = 0; i < 1000000; i++)
		assert_ssc_ok(ssc__crypto_ecb(b, SSC_KEY_TYPE_SM4, k, 16, true,
					      b, 16));
	assert_memory_equal(b, want, 16);
}

static void
test_kat_sm3(void **state)
{
	uint8_t d[32], want[32], in[64];
	int i;
	(void)state;

	hx(want, "66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0");
	assert_ssc_ok(ssc__crypto_sm3(d, (const uint8_t *)"abc", 3));
	assert_memory_equal(d, want, 32);
	for (i = 0; i < 16; i++)
		memcpy(in + 4 * i, "abcd", 4);
	hx(want, "DEBE9FF92275B8A138604889C18E5A4D6FDB70E5387E5765293DCBA39C0C5732");
	assert_ssc_ok(ssc__crypto_sm3(d, in, 64));
	assert_memory_equal(d, want, 32);
}

static void
test_kat_single_des(void **state)
{
	uint8_t k[8], c[8], want[8];
	ssc_mac_params p = SSC_MAC_PARAMS_INIT;
	size_t n;
	(void)state;

	hx(k, "0123456789ABCDEF");
	hx(want, "3FA40E8A984D4815");
	assert_ssc_ok(ssc__crypto_ecb(c, SSC_KEY_TYPE_DES, k, 8, true,
				      (const uint8_t *)"Now is t", 8));
	assert_memory_equal(c, want, 8);
	/* algorithm 1 with an 8-byte key over one aligned block, pad 1 */
	p.alg = SSC_MAC_ALG_ISO9797_1;
	p.padding = SSC_MAC_PAD_METHOD1;
	p.truncation = SSC_MAC_TRUNC_NONE;
	assert_ssc_ok(ssc__crypto_mac(c, &n, SSC_KEY_TYPE_DES, k, 8, &p,
				      (const uint8_t *)"Now is t", 8));
	assert_int_equal(n, 8);
	assert_memory_equal(c, want, 8);
	/* algorithm 3 with an 8-byte key is algorithm 1 */
	p.alg = SSC_MAC_ALG_ISO9797_3;
	assert_ssc_ok(ssc__crypto_mac(c, &n, SSC_KEY_TYPE_DES, k, 8, &p,
				      (const uint8_t *)"Now is t", 8));
	assert_memory_equal(c, want, 8);
}

static void
test_kat_retail_mac(void **state)
{
	uint8_t k[16], m[16], want[8], data[32];
	ssc_mac_params p = SSC_MAC_PARAMS_INIT;
	size_t n, dl;
	(void)state;

	assert_int_equal(p.alg, SSC_MAC_ALG_UNSET);
	assert_ssc_ok(ssc_mac_params_init(&p, SSC_MAC_PARAMS_VERSION));
	assert_int_equal(p.alg, SSC_MAC_ALG_ISO9797_3);
	p.truncation = SSC_MAC_TRUNC_NONE;

	hx(k, "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB");
	p.padding = SSC_MAC_PAD_METHOD1;
	hx(want, "78DA3D3DEB48FD4D");
	assert_ssc_ok(ssc__crypto_mac(m, &n, SSC_KEY_TYPE_DES, k, 16, &p,
				      (const uint8_t *)"hello world", 11));
	assert_int_equal(n, 8);
	assert_memory_equal(m, want, 8);
	p.padding = SSC_MAC_PAD_METHOD2;
	hx(want, "2BC2D9EDE0CF31F6");
	assert_ssc_ok(ssc__crypto_mac(m, &n, SSC_KEY_TYPE_DES, k, 16, &p,
				      (const uint8_t *)"hello world", 11));
	assert_memory_equal(m, want, 8);

	/* EMV issuer-script MAC (card-spec §7.2) and its left-4 truncation */
	hx(k, "0123456789ABCDEFFEDCBA9876543210");
	dl = hx(data, "8424000008999E57FD0F47CACE0007");
	hx(want, "22CB48394DFD1977");
	assert_ssc_ok(ssc__crypto_mac(m, &n, SSC_KEY_TYPE_DES, k, 16, &p,
				      data, dl));
	assert_memory_equal(m, want, 8);
	p.truncation = SSC_MAC_TRUNC_LEFT4;
	assert_ssc_ok(ssc__crypto_mac(m, &n, SSC_KEY_TYPE_DES, k, 16, &p,
				      data, dl));
	assert_int_equal(n, 4);
	assert_memory_equal(m, want, 4);

	/* wrong key type, bad IV length, unknown algorithm */
	p.alg = SSC_MAC_ALG_SM4_CBC;
	assert_ssc_error(ssc__crypto_mac(m, &n, SSC_KEY_TYPE_DES, k, 16, &p,
					 data, dl), SSC_EINVAL);
	p.alg = SSC_MAC_ALG_ISO9797_3;
	p.iv = data;
	p.iv_len = 9;
	assert_ssc_error(ssc__crypto_mac(m, &n, SSC_KEY_TYPE_DES, k, 16, &p,
					 data, dl), SSC_EINVAL);
	p.iv_len = 0;
	p.alg = 42;
	assert_ssc_error(ssc__crypto_mac(m, &n, SSC_KEY_TYPE_DES, k, 16, &p,
					 data, dl), SSC_EINVAL);
	p.version = 0;
	assert_ssc_error(ssc__crypto_mac(m, &n, SSC_KEY_TYPE_DES, k, 16, &p,
					 data, dl), SSC_EVERSION);
}

/* SM4 CBC-MAC against OpenSSL's SM4-CBC (independent path): the MAC is the
 * last ciphertext block of the method-2-padded data under the IV. */
static void
test_kat_sm4_mac(void **state)
{
	uint8_t k[16], iv[16], data[37], padded[48], ct[48 + 16], m[16], x[16];
	ssc_mac_params p = SSC_MAC_PARAMS_INIT;
	EVP_CIPHER_CTX *cc = EVP_CIPHER_CTX_new();
	int outl = 0, i;
	size_t n;
	(void)state;

	hx(k, "0123456789ABCDEFFEDCBA9876543210");
	for (i = 0; i < 16; i++)
		iv[i] = (uint8_t)(0xF0 + i);
	for (i = 0; i < 37; i++)
		data[i] = (uint8_t)(i * 7);
	memset(padded, 0, sizeof(padded));
	memcpy(padded, data, 37);
	padded[37] = 0x80;
	assert_true(EVP_EncryptInit_ex(cc, EVP_sm4_cbc(), NULL, k, iv));
	EVP_CIPHER_CTX_set_padding(cc, 0);
	assert_true(EVP_EncryptUpdate(cc, ct, &outl, padded, 48));
	assert_int_equal(outl, 48);
	EVP_CIPHER_CTX_free(cc);

	p.alg = SSC_MAC_ALG_SM4_CBC;
	p.iv = iv;
	p.iv_len = 16;
	p.truncation = SSC_MAC_TRUNC_NONE;
	assert_ssc_ok(ssc__crypto_mac(m, &n, SSC_KEY_TYPE_SM4, k, 16, &p, data, 37));
	assert_int_equal(n, 16);
	assert_memory_equal(m, ct + 32, 16);
	p.truncation = SSC_MAC_TRUNC_LEFT4;
	assert_ssc_ok(ssc__crypto_mac(x, &n, SSC_KEY_TYPE_SM4, k, 16, &p, data, 37));
	assert_int_equal(n, 4);
	assert_memory_equal(x, ct + 32, 4);
	p.truncation = SSC_MAC_TRUNC_XOR4;
	assert_ssc_ok(ssc__crypto_mac(x, &n, SSC_KEY_TYPE_SM4, k, 16, &p, data, 37));
	for (i = 0; i < 4; i++)
		assert_int_equal(x[i], ct[32 + i] ^ ct[36 + i] ^ ct[40 + i] ^
				       ct[44 + i]);
}

static void
test_kat_hmac_and_gcm(void **state)
{
	uint8_t k[32], out[64], want[32], nonce[12], pt[16], back[16];
	(void)state;

	memset(k, 0x0b, 20);
	hx(want, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	assert_ssc_ok(ssc__crypto_hmac(out, SSC_KEY_TYPE_HMAC_SHA256, k, 20,
				       (const uint8_t *)"Hi There", 8));
	assert_memory_equal(out, want, 32);

	memset(k, 0, 32);
	memset(nonce, 0, 12);
	memset(pt, 0, 16);
	assert_ssc_ok(ssc__crypto_aead(out, true, SSC_KEY_TYPE_AES256, k, 32,
				       nonce, NULL, 0, NULL, 0));
	hx(want, "530f8afbc74536b9a963b4f1c4cb738b");
	assert_memory_equal(out, want, 16);
	assert_ssc_ok(ssc__crypto_aead(out, true, SSC_KEY_TYPE_AES256, k, 32,
				       nonce, NULL, 0, pt, 16));
	hx(want, "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
	assert_memory_equal(out, want, 32);
	assert_ssc_ok(ssc__crypto_aead(back, false, SSC_KEY_TYPE_AES256, k, 32,
				       nonce, NULL, 0, out, 32));
	assert_memory_equal(back, pt, 16);
	out[3] ^= 1;
	assert_ssc_error(ssc__crypto_aead(back, false, SSC_KEY_TYPE_AES256, k,
					  32, nonce, NULL, 0, out, 32),
			 SSC_ECRYPTO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kat_sm4_single),
		cmocka_unit_test(test_kat_sm4_million),
		cmocka_unit_test(test_kat_sm3),
		cmocka_unit_test(test_kat_single_des),
		cmocka_unit_test(test_kat_retail_mac),
		cmocka_unit_test(test_kat_sm4_mac),
		cmocka_unit_test(test_kat_hmac_and_gcm),
	};
	return cmocka_run_group_tests_name("kat", tests, NULL, NULL);
}
