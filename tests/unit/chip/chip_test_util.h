/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the chip tests: hex helpers and a soft key provider with the
 * synthetic test keys. */
#ifndef SSC_CHIP_TEST_UTIL_H
#define SSC_CHIP_TEST_UTIL_H

#include "test_common.h"
#include "apdu_script.h"
#include "crypto/crypto.h"
#include "crypto/key_provider.h"

/* 2-key 3DES test key and SM4 test key (synthetic). */
#define TEST_DES_KEY "0123456789ABCDEFFEDCBA9876543210"
#define TEST_SM4_KEY "00112233445566778899AABBCCDDEEFF"

static inline void
hex_of(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02X", p[i]);
	out[2 * n] = '\0';
}

static inline ssc_key_provider *
test_provider(void)
{
	ssc_key_provider *kp = NULL;
	uint8_t k[16];

	assert_ssc_ok(ssc_key_provider_soft_new(&kp, NULL));
	apdu_script_hex(k, 16, TEST_DES_KEY);
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "des", SSC_KEY_TYPE_DES, k, 16));
	apdu_script_hex(k, 16, TEST_SM4_KEY);
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "sm4", SSC_KEY_TYPE_SM4, k, 16));
	return kp;
}

/* The MAC'd command the card must see: header with Lc = len + 4, data,
 * MAC (method 2, IV = challenge, left 4), computed from raw key bytes
 * (independently of the provider). */
static inline void
expected_sm_command(char *out_hex, const char *key_hex, int key_type,
		    const uint8_t *challenge, size_t ch_len, uint8_t cla,
		    uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data,
		    size_t len, int truncation)
{
	uint8_t buf[300], k[16], mac[16];
	ssc_mac_params p = SSC_MAC_PARAMS_INIT;
	size_t ml;

	apdu_script_hex(k, 16, key_hex);
	buf[0] = cla;
	buf[1] = ins;
	buf[2] = p1;
	buf[3] = p2;
	buf[4] = (uint8_t)(len + 4);
	if (len)
		memcpy(buf + 5, data, len);
	p.alg = key_type == SSC_KEY_TYPE_SM4 ? SSC_MAC_ALG_SM4_CBC
					     : SSC_MAC_ALG_ISO9797_3;
	p.iv = challenge;
	p.iv_len = ch_len;
	p.truncation = truncation;
	assert_ssc_ok(ssc__crypto_mac(mac, &ml, key_type, k, 16, &p, buf,
				      5 + len));
	memcpy(buf + 5 + len, mac, 4);
	hex_of(out_hex, buf, 5 + len + 4);
}

#endif /* SSC_CHIP_TEST_UTIL_H */
