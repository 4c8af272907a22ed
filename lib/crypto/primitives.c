/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cryptographic primitives over OpenSSL 3 EVP: DES/3DES and SM4 ECB, the
 * ISO 9797-1 MAC algorithms 1 and 3 (retail MAC) and SM4 CBC-MAC built from
 * ECB (OpenSSL has no ISO 9797-1 MAC; CMAC is a different MAC), padding
 * methods 1 and 2, truncation (left 4 / XOR-fold / none), SM3, HMAC and
 * AEAD.  Single DES runs as DES-EDE with K ‖ K (the default provider has no
 * plain DES).
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto/crypto.h"

size_t
ssc__crypto_block_size(int key_type)
{
	switch (key_type) {
	case SSC_KEY_TYPE_DES:
		return 8;
	case SSC_KEY_TYPE_SM4:
	case SSC_KEY_TYPE_AES256:
		return 16;
	default:
		return 0;
	}
}

bool
ssc__crypto_key_len_ok(int key_type, size_t len)
{
	switch (key_type) {
	case SSC_KEY_TYPE_DES:
		return len == 8 || len == 16 || len == 24;
	case SSC_KEY_TYPE_SM4:
		return len == 16;
	case SSC_KEY_TYPE_AES256:
		return len == 32;
	case SSC_KEY_TYPE_HMAC_SHA256:
	case SSC_KEY_TYPE_HMAC_SM3:
		return len >= 16 && len <= 64;
	default:
		return false;
	}
}

static ssc_status
crypto_error(const char *what)
{
	return ssc__error_setf(SSC_ECRYPTO, SSC_ERROR_CLASS_CRYPTO,
			       "%s failed in OpenSSL", what);
}

ssc_status
ssc__crypto_ecb(uint8_t *out, int key_type, const uint8_t *key,
		size_t key_len, bool encrypt, const uint8_t *in, size_t len)
{
	uint8_t k2[16];
	const char *name;
	EVP_CIPHER *c = NULL;
	EVP_CIPHER_CTX *cc = NULL;
	size_t bs = ssc__crypto_block_size(key_type);
	ssc_status rc = SSC_OK;
	int outl = 0;

	if ((key_type != SSC_KEY_TYPE_DES && key_type != SSC_KEY_TYPE_SM4) ||
	    !ssc__crypto_key_len_ok(key_type, key_len) || len % bs != 0 ||
	    len > (size_t)0x7FFFFFF0)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "ECB: bad key type/length or data length %zu",
				       len);
	if (len == 0)
		return SSC_OK;
	if (key_type == SSC_KEY_TYPE_SM4) {
		name = "SM4-ECB";
	} else if (key_len == 8) {
		memcpy(k2, key, 8);
		memcpy(k2 + 8, key, 8);
		key = k2;
		name = "DES-EDE-ECB";
	} else {
		name = key_len == 16 ? "DES-EDE-ECB" : "DES-EDE3-ECB";
	}
	c = EVP_CIPHER_fetch(NULL, name, NULL);
	cc = EVP_CIPHER_CTX_new();
	if (!c || !cc ||
	    !EVP_CipherInit_ex2(cc, c, key, NULL, encrypt ? 1 : 0, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(cc, 0) ||
	    !EVP_CipherUpdate(cc, out, &outl, in, (int)len) ||
	    (size_t)outl != len)
		rc = crypto_error(name);
	EVP_CIPHER_CTX_free(cc);
	EVP_CIPHER_free(c);
	OPENSSL_cleanse(k2, sizeof(k2));
	return rc;
}

ssc_status
ssc__crypto_mac(uint8_t *out, size_t *out_len, int key_type,
		const uint8_t *key, size_t key_len,
		const ssc_mac_params *p, const uint8_t *data, size_t len)
{
	uint8_t h[16], blk[16];
	size_t bs, i, off, total;
	int ktype_cbc = key_type;
	const uint8_t *kcbc = key;
	size_t kcbc_len = key_len;
	ssc_status rc;

	if (!p || !out || !out_len || (!data && len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "MAC: NULL argument");
	if ((rc = ssc__check_version(p->version, SSC_MAC_PARAMS_VERSION,
				     "ssc_mac_params")) < 0)
		return rc;
	switch (p->alg) {
	case SSC_MAC_ALG_ISO9797_1:
	case SSC_MAC_ALG_ISO9797_3:
		if (key_type != SSC_KEY_TYPE_DES)
			return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
					       "MAC: ISO 9797-1 needs a DES key");
		break;
	case SSC_MAC_ALG_SM4_CBC:
		if (key_type != SSC_KEY_TYPE_SM4)
			return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
					       "MAC: SM4 CBC-MAC needs an SM4 key");
		break;
	default:
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "MAC: unknown algorithm %d", p->alg);
	}
	if (!ssc__crypto_key_len_ok(key_type, key_len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "MAC: bad key length %zu", key_len);
	if (p->padding != SSC_MAC_PAD_METHOD1 &&
	    p->padding != SSC_MAC_PAD_METHOD2)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "MAC: unknown padding %d", p->padding);
	if (p->truncation < SSC_MAC_TRUNC_LEFT4 ||
	    p->truncation > SSC_MAC_TRUNC_NONE)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "MAC: unknown truncation %d",
				       p->truncation);
	bs = ssc__crypto_block_size(key_type);
	if (p->iv_len > bs || (p->iv_len && !p->iv))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "MAC: IV of %zu bytes for %zu-byte blocks",
				       p->iv_len, bs);
	/* Retail MAC: CBC with the left key half only. */
	if (p->alg == SSC_MAC_ALG_ISO9797_3 && key_len > 8)
		kcbc_len = 8;

	memset(h, 0, sizeof(h));
	if (p->iv_len)
		memcpy(h, p->iv, p->iv_len);
	if (p->padding == SSC_MAC_PAD_METHOD2)
		total = (len / bs + 1) * bs;
	else
		total = len == 0 ? bs : (len + bs - 1) / bs * bs;
	for (off = 0; off < total; off += bs) {
		memset(blk, 0, bs);
		if (off < len)
			memcpy(blk, data + off, len - off < bs ? len - off : bs);
		if (p->padding == SSC_MAC_PAD_METHOD2 && off <= len &&
		    len < off + bs)
			blk[len - off] = 0x80;
		for (i = 0; i < bs; i++)
			h[i] ^= blk[i];
		if ((rc = ssc__crypto_ecb(h, ktype_cbc, kcbc, kcbc_len, true, h,
					  bs)) < 0)
			goto out;
	}
	if (p->alg == SSC_MAC_ALG_ISO9797_3 && key_len > 8) {
		/* final: D(K2) then E(K1); K2 = bytes 8..15 */
		if ((rc = ssc__crypto_ecb(h, SSC_KEY_TYPE_DES, key + 8, 8, false,
					  h, 8)) < 0 ||
		    (rc = ssc__crypto_ecb(h, SSC_KEY_TYPE_DES, key, 8, true, h,
					  8)) < 0)
			goto out;
	}
	switch (p->truncation) {
	case SSC_MAC_TRUNC_LEFT4:
		memcpy(out, h, 4);
		*out_len = 4;
		break;
	case SSC_MAC_TRUNC_XOR4:
		for (i = 0; i < 4; i++) {
			size_t w;
			out[i] = 0;
			for (w = 0; w < bs / 4; w++)
				out[i] ^= h[4 * w + i];
		}
		*out_len = 4;
		break;
	default:
		memcpy(out, h, bs);
		*out_len = bs;
		break;
	}
	rc = SSC_OK;
out:
	OPENSSL_cleanse(h, sizeof(h));
	OPENSSL_cleanse(blk, sizeof(blk));
	return rc;
}

ssc_status
ssc__crypto_sm3(uint8_t out[32], const uint8_t *data, size_t len)
{
	EVP_MD *md = EVP_MD_fetch(NULL, "SM3", NULL);
	unsigned int n = 0;
	ssc_status rc = SSC_OK;

	if (!md || !EVP_Digest(data, len, out, &n, md, NULL) || n != 32)
		rc = crypto_error("SM3");
	EVP_MD_free(md);
	return rc;
}

ssc_status
ssc__crypto_hmac(uint8_t out[32], int key_type, const uint8_t *key,
		 size_t key_len, const uint8_t *data, size_t len)
{
	EVP_MAC *mac;
	EVP_MAC_CTX *mc = NULL;
	OSSL_PARAM params[2];
	char digest[16];
	size_t n = 0;
	ssc_status rc = SSC_OK;

	if ((key_type != SSC_KEY_TYPE_HMAC_SHA256 &&
	     key_type != SSC_KEY_TYPE_HMAC_SM3) ||
	    !ssc__crypto_key_len_ok(key_type, key_len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "HMAC needs an HMAC key");
	strcpy(digest, key_type == SSC_KEY_TYPE_HMAC_SM3 ? "SM3" : "SHA256");
	params[0] = OSSL_PARAM_construct_utf8_string("digest", digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (mac)
		mc = EVP_MAC_CTX_new(mac);
	if (!mc || !EVP_MAC_init(mc, key, key_len, params) ||
	    !EVP_MAC_update(mc, data, len) ||
	    !EVP_MAC_final(mc, out, &n, 32) || n != 32)
		rc = crypto_error("HMAC");
	EVP_MAC_CTX_free(mc);
	EVP_MAC_free(mac);
	return rc;
}

ssc_status
ssc__crypto_aead(uint8_t *out, bool seal, int key_type, const uint8_t *key,
		 size_t key_len, const uint8_t nonce[SSC_AEAD_NONCE_LEN],
		 const uint8_t *aad, size_t aad_len, const uint8_t *in,
		 size_t len)
{
	const char *name;
	EVP_CIPHER *c;
	EVP_CIPHER_CTX *cc = NULL;
	size_t ct_len;
	int outl = 0, fin = 0;
	ssc_status rc = SSC_OK;

	if (key_type == SSC_KEY_TYPE_AES256)
		name = "AES-256-GCM";
	else if (key_type == SSC_KEY_TYPE_SM4)
		name = "SM4-GCM";
	else
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "AEAD needs an AES-256 or SM4 key");
	if (!ssc__crypto_key_len_ok(key_type, key_len) || !nonce ||
	    (!seal && len < SSC_AEAD_TAG_LEN) || len > (size_t)0x7FFFFF00 ||
	    aad_len > (size_t)0x7FFFFF00)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "AEAD: bad key, nonce or length");
	c = EVP_CIPHER_fetch(NULL, name, NULL);
	if (!c)
		return ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_CRYPTO,
				       "%s is not available in this OpenSSL",
				       name);
	ct_len = seal ? len : len - SSC_AEAD_TAG_LEN;
	cc = EVP_CIPHER_CTX_new();
	if (!cc || !EVP_CipherInit_ex2(cc, c, NULL, NULL, seal ? 1 : 0, NULL) ||
	    !EVP_CIPHER_CTX_ctrl(cc, EVP_CTRL_AEAD_SET_IVLEN,
				 SSC_AEAD_NONCE_LEN, NULL) ||
	    !EVP_CipherInit_ex2(cc, NULL, key, nonce, -1, NULL) ||
	    (aad_len && !EVP_CipherUpdate(cc, NULL, &outl, aad, (int)aad_len)) ||
	    (ct_len && !EVP_CipherUpdate(cc, out, &outl, in, (int)ct_len))) {
		rc = crypto_error(name);
		goto out;
	}
	if (!seal &&
	    !EVP_CIPHER_CTX_ctrl(cc, EVP_CTRL_AEAD_SET_TAG, SSC_AEAD_TAG_LEN,
				 (void *)(in + ct_len))) {
		rc = crypto_error(name);
		goto out;
	}
	if (!EVP_CipherFinal_ex(cc, out + (ct_len ? (size_t)outl : 0), &fin)) {
		if (!seal) {
			OPENSSL_cleanse(out, ct_len);
			rc = ssc__error_setf(SSC_ECRYPTO, SSC_ERROR_CLASS_CRYPTO,
					     "AEAD: authentication failed");
		} else {
			rc = crypto_error(name);
		}
		goto out;
	}
	if (seal && !EVP_CIPHER_CTX_ctrl(cc, EVP_CTRL_AEAD_GET_TAG,
					 SSC_AEAD_TAG_LEN, out + ct_len))
		rc = crypto_error(name);
out:
	EVP_CIPHER_CTX_free(cc);
	EVP_CIPHER_free(c);
	return rc;
}
