/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The store's private crypto: AEAD sealing of values at rest (AES-256-GCM
 * or SM4-GCM through OpenSSL EVP) under numbered data keys, and the
 * HMAC-SHA256 blind index of ID numbers under a separate index key.  Keys
 * live in memory wiped on free.  The lead will route these operations
 * through the key provider (sys/key_provider.h) when it lands; callers only
 * see this interface.
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

/* cipher: ssc_store_cipher.  Keys are SSC_STORE_KEY_LEN bytes, copied. */
ssc_status ssc__crypt_new(ssc__crypt **out, const ssc_ctx *ctx, int cipher,
			  uint32_t data_key_id, const uint8_t *data_key,
			  const uint8_t *index_key);
void ssc__crypt_free(ssc__crypt *c);
/* A decrypt-only older key. */
ssc_status ssc__crypt_add_key(ssc__crypt *c, uint32_t key_id,
			      const uint8_t *key);
uint32_t ssc__crypt_key_id(const ssc__crypt *c);

/* Seal `len` bytes into out (replaced), bound to (tag, row). */
ssc_status ssc__crypt_seal(ssc_buf *out, const ssc__crypt *c, int tag,
			   const char *row, const uint8_t *data, size_t len);
/* Open a sealed value into out (replaced).  SSC_ENOKEY for an unknown key
 * id, SSC_ECORRUPT when authentication fails. */
ssc_status ssc__crypt_open(ssc_buf *out, const ssc__crypt *c, int tag,
			   const char *row, const uint8_t *sealed, size_t len);
/* Key id written in a sealed value's header, or SSC_ECORRUPT. */
ssc_status ssc__crypt_sealed_key_id(uint32_t *out, const uint8_t *sealed,
				    size_t len);

/* HMAC-SHA256 blind index of a normalised ID number (trimmed, trailing x
 * upper-cased). */
ssc_status ssc__crypt_blind(uint8_t out[SSC_STORE_HOLDER_INDEX_LEN],
			    const ssc__crypt *c, const char *id_number);

#endif /* SSC_STORE_CRYPT_H */
