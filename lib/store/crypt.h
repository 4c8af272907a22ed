/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The store's private crypto: AEAD sealing of values at rest (AES-256-GCM
 * or SM4-GCM) under numbered data keys, and the blind index of ID numbers
 * (HMAC) under a separate index key.  Every operation runs through a key
 * provider (crypto/key_provider.h) by key id: either the provider attached
 * to the store's context (keys named by their provider key id, so an HSM
 * never exposes key bytes), or a private software provider that holds the
 * raw keys the caller gave (the convenience of ssc_store_options v1).
 * There is one code path for both.
 */
#ifndef SSC_STORE_CRYPT_H
#define SSC_STORE_CRYPT_H

#include "internal.h"

typedef struct ssc__crypt ssc__crypt;

/* Tags bound into the AAD, so a value cannot be moved to another table. */
enum {
	SSC__SEAL_CARD = 'C',
	SSC__SEAL_JOURNAL = 'J',
	SSC__SEAL_MIRROR = 'M',
	SSC__SEAL_REQUEST = 'R'
};

/* Sealed layout: "S" 0x01 cipher(1) key_id(4, BE) nonce(12) ciphertext tag(16). */
#define SSC__SEAL_OVERHEAD (1 + 1 + 1 + 4 + 12 + 16)

/* Longest provider key id the store accepts. */
#define SSC__CRYPT_KEY_NAME_MAX 64

/*
 * cipher: ssc_store_cipher.  The data key is either raw bytes
 * (SSC_STORE_KEY_LEN, copied into a private software provider) or the
 * name of a key in the context's provider (AES-256 for AES-256-GCM, SM4
 * for SM4-GCM); exactly one of data_key and data_key_name is non-NULL.
 * Likewise for the index key (raw: HMAC-SHA256; named: an HMAC-SHA256 or
 * HMAC-SM3 key).  Named keys are checked with the provider now, and the
 * data key is tried with one seal.
 */
ssc_status ssc__crypt_new_ex(ssc__crypt **out, ssc_ctx *ctx, int cipher,
			     uint32_t data_key_id, const uint8_t *data_key,
			     const char *data_key_name,
			     const uint8_t *index_key,
			     const char *index_key_name);
/* Raw keys only (both non-NULL). */
ssc_status ssc__crypt_new(ssc__crypt **out, ssc_ctx *ctx, int cipher,
			  uint32_t data_key_id, const uint8_t *data_key,
			  const uint8_t *index_key);
void ssc__crypt_free(ssc__crypt *c);
/* A decrypt-only older key: raw bytes (SSC_STORE_KEY_LEN), or the name of
 * a key in the context's provider. */
ssc_status ssc__crypt_add_key(ssc__crypt *c, uint32_t key_id,
			      const uint8_t *key);
ssc_status ssc__crypt_add_key_name(ssc__crypt *c, uint32_t key_id,
				   const char *key_name);
uint32_t ssc__crypt_key_id(const ssc__crypt *c);

/* Seal `len` bytes into out (replaced), bound to (tag, row).  On failure
 * out is released (ssc_buf_dispose) and the provider's error returned. */
ssc_status ssc__crypt_seal(ssc_buf *out, const ssc__crypt *c, int tag,
			   const char *row, const uint8_t *data, size_t len);
/* Open a sealed value into out (replaced; released on failure, wiped
 * first).  SSC_ENOKEY for an unknown key
 * id (or a provider without that key), SSC_ECORRUPT when authentication
 * fails (tampered, moved, or a different key under the same id). */
ssc_status ssc__crypt_open(ssc_buf *out, const ssc__crypt *c, int tag,
			   const char *row, const uint8_t *sealed, size_t len);
/* Key id written in a sealed value's header, or SSC_ECORRUPT. */
ssc_status ssc__crypt_sealed_key_id(uint32_t *out, const uint8_t *sealed,
				    size_t len);

/* Blind index (HMAC) of a normalised ID number (trimmed, trailing x
 * upper-cased). */
ssc_status ssc__crypt_blind(uint8_t out[SSC_STORE_HOLDER_INDEX_LEN],
			    const ssc__crypt *c, const char *id_number);

#endif /* SSC_STORE_CRYPT_H */
