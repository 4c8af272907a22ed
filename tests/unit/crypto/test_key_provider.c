/* SPDX-License-Identifier: Apache-2.0 */
/* Key providers: the vtable checks, the software provider (add, load from
 * memory and file, all-or-nothing, operations by key id), diversification,
 * and the optional-method rules with a minimal provider. */
#include "test_common.h"
#include "crypto/key_provider.h"
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

static ssc_key_provider *
load_test_keys(void)
{
	char path[1024];
	const char *dir = getenv("SSC_TEST_DATA");
	ssc_key_provider *kp = NULL;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/crypto/soft_keys.txt", dir);
	assert_ssc_ok(ssc_key_provider_soft_new(&kp, NULL));
	assert_ssc_ok(ssc_key_provider_check(kp));
	assert_ssc_ok(ssc_key_provider_soft_load_file(kp, path));
	return kp;
}

static void
test_key_provider_soft_operations(void **state)
{
	ssc_key_provider *kp = load_test_keys();
	ssc_mac_params p = SSC_MAC_PARAMS_INIT;
	uint8_t data[32], m[16], want[8], nonce[12] = { 0 }, ct[64], pt[32];
	size_t dl, n;
	int type;
	(void)state;

	assert_ssc_ok(ssc__kp_key_info(kp, &type, &n, "ss.mac"));
	assert_int_equal(type, SSC_KEY_TYPE_DES);
	assert_int_equal(n, 16);
	assert_ssc_error(ssc__kp_key_info(kp, &type, &n, "nope"), SSC_ENOKEY);

	p.alg = SSC_MAC_ALG_ISO9797_3;
	dl = hx(data, "8424000008999E57FD0F47CACE0007");
	hx(want, "22CB48394DFD1977");
	assert_ssc_ok(ssc__kp_mac(kp, m, &n, "ss.mac", &p, data, dl));
	assert_int_equal(n, 4);
	assert_memory_equal(m, want, 4);

	hx(data, "0123456789ABCDEFFEDCBA9876543210");
	hx(want, "681EDF34D206965E");
	assert_ssc_ok(ssc__kp_cipher(kp, m, "ss.sm4", SSC_CIPHER_ECB_ENCRYPT,
				     data, 16));
	assert_memory_equal(m, want, 8);
	assert_ssc_error(ssc__kp_cipher(kp, m, "ss.sm4", 9, data, 16),
			 SSC_EINVAL);

	/* AEAD round trip with AAD, then a tampered AAD */
	assert_ssc_ok(ssc__kp_aead_seal(kp, ct, "store.data", nonce,
					(const uint8_t *)"rec-1", 5,
					(const uint8_t *)"110105194912310021", 18));
	assert_ssc_ok(ssc__kp_aead_open(kp, pt, "store.data", nonce,
					(const uint8_t *)"rec-1", 5, ct, 18 + 16));
	assert_memory_equal(pt, "110105194912310021", 18);
	assert_ssc_error(ssc__kp_aead_open(kp, pt, "store.data", nonce,
					   (const uint8_t *)"rec-2", 5, ct,
					   18 + 16), SSC_ECRYPTO);
	/* a DES key cannot seal */
	assert_ssc_error(ssc__kp_aead_seal(kp, ct, "ss.mac", nonce, NULL, 0,
					   pt, 4), SSC_EINVAL);
	/* SM4-GCM: refused honestly when OpenSSL lacks it, else round trip */
	{
		ssc_status rc = ssc__kp_aead_seal(kp, ct, "ss.sm4", nonce, NULL,
						  0, (const uint8_t *)"abc", 3);
		if (rc == SSC_OK) {
			assert_ssc_ok(ssc__kp_aead_open(kp, pt, "ss.sm4", nonce,
							NULL, 0, ct, 3 + 16));
			assert_memory_equal(pt, "abc", 3);
		} else {
			assert_int_equal(rc, SSC_ENOTSUPPORTED);
		}
	}
	/* HMAC index key: RFC 4231 case 1 */
	hx(want, "b0344c61d8db3853");
	assert_ssc_ok(ssc__kp_hmac(kp, ct, &n, "store.index",
				   (const uint8_t *)"Hi There", 8));
	assert_int_equal(n, 32);
	assert_memory_equal(ct, want, 8);
	assert_ssc_ok(ssc__kp_random(kp, data, 16));
	ssc_key_provider_free(kp);
	ssc_key_provider_free(NULL);
}

static void
test_key_provider_soft_load_rules(void **state)
{
	ssc_key_provider *kp = NULL;
	uint8_t k16[16] = { 1, 2, 3 };
	const char *bad_hex = "a des 0123456789ABCDEFFEDCBA98765432\n";
	const char *dup = "a sm4 000102030405060708090A0B0C0D0E0F\n"
			  "a sm4 000102030405060708090A0B0C0D0E0F\n";
	const char *good = "# comment\r\n\nx1 sm4 000102030405060708090A0B0C0D0E0F\r\n"
			   "x2 hmac-sm3 000102030405060708090A0B0C0D0E0F\n";
	int type;
	size_t n;
	(void)state;

	assert_ssc_ok(ssc_key_provider_soft_new(&kp, NULL));
	assert_ssc_error(ssc_key_provider_soft_load_memory(kp, bad_hex,
							   strlen(bad_hex)),
			 SSC_EPARSE);
	assert_non_null(strstr(ssc_error_last()->message, "line 1"));
	assert_null(strstr(ssc_error_last()->message, "0123"));
	assert_ssc_error(ssc_key_provider_soft_load_memory(kp, dup, strlen(dup)),
			 SSC_EEXISTS);
	/* all or nothing: the first "a" was not kept */
	assert_ssc_error(ssc__kp_key_info(kp, &type, &n, "a"), SSC_ENOKEY);
	assert_ssc_ok(ssc_key_provider_soft_load_memory(kp, good, strlen(good)));
	assert_ssc_ok(ssc__kp_key_info(kp, &type, &n, "x2"));
	assert_int_equal(type, SSC_KEY_TYPE_HMAC_SM3);
	assert_ssc_error(ssc_key_provider_soft_add(kp, "x1", SSC_KEY_TYPE_SM4,
						   k16, 16), SSC_EEXISTS);
	assert_ssc_error(ssc_key_provider_soft_add(kp, "x3", SSC_KEY_TYPE_SM4,
						   k16, 15), SSC_EINVAL);
	assert_ssc_error(ssc_key_provider_soft_add(kp, "bad id",
						   SSC_KEY_TYPE_SM4, k16, 16),
			 SSC_EINVAL);
	assert_ssc_error(ssc_key_provider_soft_load_file(kp, "/nonexistent/k"),
			 SSC_EOS);
	ssc_key_provider_free(kp);
}

static void
test_key_provider_diversify(void **state)
{
	ssc_key_provider *kp = load_test_keys();
	uint8_t factor[8] = { 0x33, 0x01, 0x00, 0xD1, 0x56, 0x00, 0x00, 0x05 };
	uint8_t master[16], d[16], want[16], got[8], zero[8] = { 0 };
	int i;
	(void)state;

	assert_ssc_ok(ssc_key_diversify(kp, "card.mac", "ss.mac",
					ssc_key_diversify_pboc, NULL, factor, 8));
	/* expected: 3DES_K(F) || 3DES_K(~F), checked through raw primitives */
	hx(master, "0123456789ABCDEFFEDCBA9876543210");
	for (i = 0; i < 8; i++) {
		d[i] = factor[i];
		d[8 + i] = (uint8_t)~factor[i];
	}
	assert_ssc_ok(ssc__crypto_ecb(want, SSC_KEY_TYPE_DES, master, 16, true,
				      d, 16));
	/* the derived key encrypts zeros like a key made of `want` */
	assert_ssc_ok(ssc__kp_cipher(kp, got, "card.mac",
				     SSC_CIPHER_ECB_ENCRYPT, zero, 8));
	assert_ssc_ok(ssc__crypto_ecb(d, SSC_KEY_TYPE_DES, want, 16, true,
				      zero, 8));
	assert_memory_equal(got, d, 8);
	/* re-deriving replaces; a loaded key is never overwritten */
	assert_ssc_ok(ssc_key_diversify(kp, "card.mac", "ss.mac",
					ssc_key_diversify_pboc, NULL, factor, 8));
	assert_ssc_error(ssc_key_diversify(kp, "ss.sm4", "ss.mac",
					   ssc_key_diversify_pboc, NULL, factor,
					   8), SSC_EEXISTS);
	assert_ssc_error(ssc_key_diversify(kp, "x", "ss.mac",
					   ssc_key_diversify_pboc, NULL, factor,
					   7), SSC_EINVAL);
	assert_ssc_error(ssc_key_diversify(kp, "x", "store.data",
					   ssc_key_diversify_pboc, NULL, factor,
					   8), SSC_EINVAL);
	ssc_key_provider_free(kp);
}

/* A provider with only the required methods. */
struct mini {
	ssc_key_provider base;
	int freed;
};

static ssc_status
mini_info(ssc_key_provider *kp, int *t, size_t *l, const char *id)
{
	(void)kp; (void)id;
	*t = SSC_KEY_TYPE_DES;
	*l = 16;
	return SSC_OK;
}

static ssc_status
mini_mac(ssc_key_provider *kp, uint8_t *o, size_t *ol, const char *id,
	 const ssc_mac_params *p, const uint8_t *d, size_t l)
{
	(void)kp; (void)id; (void)p; (void)d; (void)l;
	memset(o, 0x5A, 4);
	*ol = 4;
	return SSC_OK;
}

static ssc_status
mini_cipher(ssc_key_provider *kp, uint8_t *o, const char *id, int op,
	    const uint8_t *in, size_t l)
{
	(void)kp; (void)id; (void)op;
	memcpy(o, in, l);
	return SSC_OK;
}

static ssc_status
mini_derive(ssc_key_provider *kp, const char *n, const char *m,
	    const uint8_t *d, size_t l)
{
	(void)kp; (void)n; (void)m; (void)d; (void)l;
	return SSC_OK;
}

static void
mini_free(ssc_key_provider *kp)
{
	((struct mini *)kp)->freed++;
}

static void
test_key_provider_vtable_rules(void **state)
{
	struct mini m;
	uint8_t out[64];
	size_t n;
	(void)state;

	memset(&m, 0, sizeof(m));
	assert_ssc_error(ssc_key_provider_check(&m.base), SSC_EVERSION);
	assert_ssc_ok(ssc_key_provider_init(&m.base, SSC_KEY_PROVIDER_VERSION));
	m.base.name = "mini";
	assert_ssc_error(ssc_key_provider_check(&m.base), SSC_EINVAL);
	assert_non_null(strstr(ssc_error_last()->message, "key_info"));
	m.base.key_info = mini_info;
	m.base.mac = mini_mac;
	m.base.cipher = mini_cipher;
	m.base.derive = mini_derive;
	m.base.free = mini_free;
	assert_ssc_ok(ssc_key_provider_check(&m.base));
	assert_ssc_error(ssc__kp_hmac(&m.base, out, &n, "k",
				      (const uint8_t *)"x", 1),
			 SSC_ENOTSUPPORTED);
	assert_ssc_error(ssc__kp_aead_seal(&m.base, out, "k", out, NULL, 0,
					   out, 1), SSC_ENOTSUPPORTED);
	assert_ssc_error(ssc__kp_mac(&m.base, out, &n, "", NULL, NULL, 0),
			 SSC_EINVAL);
	/* random falls back to OpenSSL */
	assert_ssc_ok(ssc__kp_random(&m.base, out, 8));
	/* not a software provider */
	assert_ssc_error(ssc_key_provider_soft_add(&m.base, "a", SSC_KEY_TYPE_SM4,
						   out, 16), SSC_EINVAL);
	ssc_key_provider_free(&m.base);
	assert_int_equal(m.freed, 1);
	m.base.version = 2;
	assert_ssc_error(ssc_key_provider_check(&m.base), SSC_EVERSION);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_provider_soft_operations),
		cmocka_unit_test(test_key_provider_soft_load_rules),
		cmocka_unit_test(test_key_provider_diversify),
		cmocka_unit_test(test_key_provider_vtable_rules),
	};
	return cmocka_run_group_tests_name("key_provider", tests, NULL, NULL);
}
