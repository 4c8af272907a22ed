/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Primitives over raw key bytes (OpenSSL 3 EVP): DES/3DES and SM4 ECB,
 * the ISO 9797-1 MACs and SM4 CBC-MAC, SM3, HMAC, AEAD.  Only key
 * providers hold raw keys; everything else goes through the provider
 * wrappers in crypto/key_provider.h.
 */
#ifndef SSC_CRYPTO_CRYPTO_H
#define SSC_CRYPTO_CRYPTO_H

#include "internal.h"
#include "socialcard/sys/key_provider.h"

/* Block size of a key type (8 for DES, 16 for SM4/AES), 0 otherwise. */
size_t ssc__crypto_block_size(int key_type);
/* Whether len is valid for the key type. */
bool ssc__crypto_key_len_ok(int key_type, size_t len);

/* ECB over whole blocks; DES keys of 8 bytes act as single DES. */
ssc_status ssc__crypto_ecb(uint8_t *out, int key_type, const uint8_t *key,
			   size_t key_len, bool encrypt, const uint8_t *in,
			   size_t len);

/* A MAC per params; out has room for SSC_MAC_MAX bytes. */
ssc_status ssc__crypto_mac(uint8_t *out, size_t *out_len, int key_type,
			   const uint8_t *key, size_t key_len,
			   const ssc_mac_params *params, const uint8_t *data,
			   size_t len);

/* SM3 digest (32 bytes). */
ssc_status ssc__crypto_sm3(uint8_t out[32], const uint8_t *data, size_t len);

/* HMAC-SHA-256 or HMAC-SM3 per key type; 32 bytes. */
ssc_status ssc__crypto_hmac(uint8_t out[32], int key_type, const uint8_t *key,
			    size_t key_len, const uint8_t *data, size_t len);

/* AES-256-GCM (AES256 keys) or SM4-GCM (SM4 keys, when OpenSSL has it). */
ssc_status ssc__crypto_aead(uint8_t *out, bool seal, int key_type,
			    const uint8_t *key, size_t key_len,
			    const uint8_t nonce[SSC_AEAD_NONCE_LEN],
			    const uint8_t *aad, size_t aad_len,
			    const uint8_t *in, size_t len);

#endif /* SSC_CRYPTO_CRYPTO_H */
