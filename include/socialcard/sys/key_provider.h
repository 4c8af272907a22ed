/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/sys/key_provider.h
 * @brief Key providers: where secret keys live and where operations with
 *        them run (software keys now; a PKCS#11 HSM can implement the same
 *        vtable).
 *
 * The library never asks a provider for key bytes.  It asks for operations
 * by key id: a secure-messaging MAC, a block-cipher operation (cryptograms,
 * PIN encipherment), a key derivation (card-key diversification), AEAD seal
 * and open (personal data at rest), and an HMAC (keyed look-up index).  A
 * PKCS#11 provider maps each to one C_* mechanism.
 *
 * Backend authors embed ::ssc_key_provider as the first member of their own
 * struct, fill it from a `static const` method table, and set #version.
 *
 * Thread rules: a provider is used by one thread at a time unless its
 * implementation says otherwise; the software provider follows the context
 * rule (one thread at a time).
 */
#ifndef SOCIALCARD_SYS_KEY_PROVIDER_H
#define SOCIALCARD_SYS_KEY_PROVIDER_H

#include "../common.h"
#include "../types.h"

SSC_BEGIN_DECL

/** Key types.  Values are ABI. */
typedef enum {
	SSC_KEY_TYPE_UNSET = 0,
	/** DES family: 8 bytes single DES, 16 bytes 2-key 3DES, 24 bytes
	 * 3-key 3DES. */
	SSC_KEY_TYPE_DES = 1,
	/** SM4 (GB/T 32907), 16 bytes. */
	SSC_KEY_TYPE_SM4 = 2,
	/** AES-256, 32 bytes (AEAD). */
	SSC_KEY_TYPE_AES256 = 3,
	/** HMAC-SHA-256 key, 16–64 bytes. */
	SSC_KEY_TYPE_HMAC_SHA256 = 4,
	/** HMAC-SM3 key, 16–64 bytes. */
	SSC_KEY_TYPE_HMAC_SM3 = 5
} ssc_key_type;

/** MAC algorithms.  Values are ABI. */
typedef enum {
	SSC_MAC_ALG_UNSET = 0,
	/** ISO 9797-1 algorithm 1: CBC-MAC with the whole (3)DES key. */
	SSC_MAC_ALG_ISO9797_1 = 1,
	/** ISO 9797-1 algorithm 3 ("retail MAC"): single-DES CBC under the
	 * left half, last block D(right) then E(left); an 8-byte key makes it
	 * algorithm 1. */
	SSC_MAC_ALG_ISO9797_3 = 2,
	/** SM4 CBC-MAC (16-byte blocks). */
	SSC_MAC_ALG_SM4_CBC = 3
} ssc_mac_alg;

/** MAC padding.  Values are ABI. */
typedef enum {
	/** ISO 9797-1 method 2: 80 then 00 to the block size (default). */
	SSC_MAC_PAD_METHOD2 = 0,
	/** ISO 9797-1 method 1: 00 to the block size (none when aligned;
	 * empty data get one block). */
	SSC_MAC_PAD_METHOD1 = 1
} ssc_mac_padding;

/** How the final MAC block is shortened.  Values are ABI. */
typedef enum {
	/** Left 4 bytes (PBOC and 3DES social cards; default). */
	SSC_MAC_TRUNC_LEFT4 = 0,
	/** XOR of the 4-byte words of the final block (one SM4
	 * implementation, card-spec §7.3). */
	SSC_MAC_TRUNC_XOR4 = 1,
	/** The whole final block (8 or 16 bytes). */
	SSC_MAC_TRUNC_NONE = 2
} ssc_mac_truncation;

/** Block-cipher operations of ssc_key_provider::cipher.  Values are ABI. */
typedef enum {
	SSC_CIPHER_ECB_ENCRYPT = 1,
	SSC_CIPHER_ECB_DECRYPT = 2
} ssc_cipher_op;

/** Parameters of a MAC.  Versioned: see ssc_mac_params_init(). */
typedef struct ssc_mac_params {
	/** #SSC_MAC_PARAMS_VERSION. */
	unsigned int version;
	/** An ::ssc_mac_alg.  (v1) */
	int alg;
	/** An ::ssc_mac_padding.  (v1) */
	int padding;
	/** An ::ssc_mac_truncation.  (v1) */
	int truncation;
	/** Initial vector (e.g. a GET CHALLENGE result), borrowed; NULL =
	 * zeros.  Shorter than a block: right-padded with zeros.  (v1) */
	const uint8_t *iv;
	/** Length of #iv, at most the block size.  (v1) */
	size_t iv_len;
} ssc_mac_params;

/** Current version of ::ssc_mac_params. */
#define SSC_MAC_PARAMS_VERSION 1
/** Initialiser for ::ssc_mac_params (retail MAC, method 2, left 4). */
#define SSC_MAC_PARAMS_INIT SSC_VERSIONED_INIT(SSC_MAC_PARAMS_VERSION)

/**
 * Initialise MAC parameters to their defaults.
 *
 * @param[out] params the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_mac_params_init(ssc_mac_params *params,
					  unsigned int version);

/** Largest MAC output (one SM4 block). */
#define SSC_MAC_MAX 16
/** Bytes an AEAD tag adds to the ciphertext. */
#define SSC_AEAD_TAG_LEN 16
/** Nonce length of AEAD operations. */
#define SSC_AEAD_NONCE_LEN 12

/** A key provider (see the file comment). */
typedef struct ssc_key_provider ssc_key_provider;

struct ssc_key_provider {
	/** #SSC_KEY_PROVIDER_VERSION. */
	unsigned int version;
	/** Short name, e.g. "soft" or "pkcs11"; static storage. */
	const char *name;
	/** The context the provider was made in (for allocation, logging);
	 * may be NULL. */
	ssc_ctx *ctx;

	/** Required: the type and length of a key.
	 * @retval SSC_ENOKEY no such key */
	ssc_status (*key_info)(ssc_key_provider *kp, int *type_out,
			       size_t *len_out, const char *key_id);
	/** Required: a MAC over @p data with key @p key_id (DES or SM4 keys);
	 * @p out has room for #SSC_MAC_MAX bytes; *out_len receives the
	 * length after truncation. */
	ssc_status (*mac)(ssc_key_provider *kp, uint8_t *out, size_t *out_len,
			  const char *key_id, const ssc_mac_params *params,
			  const uint8_t *data, size_t len);
	/** Required: ECB encryption or decryption (::ssc_cipher_op) of whole
	 * blocks with a DES or SM4 key; @p out has room for @p len bytes. */
	ssc_status (*cipher)(ssc_key_provider *kp, uint8_t *out,
			     const char *key_id, int op, const uint8_t *in,
			     size_t len);
	/** Required: create key @p new_key_id = ECB-encrypt(@p master_key_id,
	 * @p data), of the master's type, with @p len equal to the master's
	 * length for DES (16 or 24) and 16 for SM4 (PKCS#11
	 * CKM_*_ECB_ENCRYPT_DATA).  Replaces an existing derived key of that
	 * id.  The derived bytes never leave the provider. */
	ssc_status (*derive)(ssc_key_provider *kp, const char *new_key_id,
			     const char *master_key_id, const uint8_t *data,
			     size_t len);
	/** Required: release the provider and wipe every secret it holds. */
	void (*free)(ssc_key_provider *kp);

	/** Optional (NULL: #SSC_ENOTSUPPORTED): AEAD encryption with an
	 * AES-256 (AES-256-GCM) or SM4 (SM4-GCM) key; @p out receives
	 * @p len ciphertext bytes followed by the #SSC_AEAD_TAG_LEN-byte tag;
	 * @p nonce is #SSC_AEAD_NONCE_LEN bytes. */
	ssc_status (*aead_seal)(ssc_key_provider *kp, uint8_t *out,
				const char *key_id, const uint8_t *nonce,
				const uint8_t *aad, size_t aad_len,
				const uint8_t *in, size_t len);
	/** Optional (NULL: #SSC_ENOTSUPPORTED): AEAD decryption of @p len
	 * bytes (ciphertext ‖ tag) into @p out (@p len − tag bytes).
	 * @retval SSC_ECRYPTO authentication failed (@p out wiped) */
	ssc_status (*aead_open)(ssc_key_provider *kp, uint8_t *out,
				const char *key_id, const uint8_t *nonce,
				const uint8_t *aad, size_t aad_len,
				const uint8_t *in, size_t len);
	/** Optional (NULL: #SSC_ENOTSUPPORTED): HMAC with an HMAC key;
	 * @p out has room for 32 bytes. */
	ssc_status (*hmac)(ssc_key_provider *kp, uint8_t *out, size_t *out_len,
			   const char *key_id, const uint8_t *data, size_t len);
	/** Optional (NULL: the library uses OpenSSL's RAND_bytes): random
	 * bytes. */
	ssc_status (*random)(ssc_key_provider *kp, uint8_t *out, size_t len);
	/** Optional (NULL: #SSC_ENOTSUPPORTED): forget a derived key. */
	ssc_status (*forget)(ssc_key_provider *kp, const char *key_id);
};

/** Current version of ::ssc_key_provider. */
#define SSC_KEY_PROVIDER_VERSION 1
/** Initialiser for ::ssc_key_provider. */
#define SSC_KEY_PROVIDER_INIT SSC_VERSIONED_INIT(SSC_KEY_PROVIDER_VERSION)

/**
 * Initialise a provider vtable (version set, every method NULL).
 *
 * @param[out] kp the vtable to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK, #SSC_EINVAL or #SSC_EVERSION
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_key_provider_init(ssc_key_provider *kp,
					    unsigned int version);

/**
 * Check that a provider has a supported version and every required method
 * (what the library does before it uses one).
 *
 * @param kp the provider (borrowed)
 * @return #SSC_OK, #SSC_EVERSION or #SSC_EINVAL naming the missing method
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_key_provider_check(const ssc_key_provider *kp);

/**
 * Release a provider through its free method.  NULL is a no-op.
 * @param kp the provider, owned by the caller until this call
 * @since 1.0
 */
SSC_EXPORT void ssc_key_provider_free(ssc_key_provider *kp);

/**
 * Create a software key provider (keys held in memory in buffers that are
 * wiped with OPENSSL_cleanse when replaced or released).  It implements
 * every method above: AEAD with AES-256-GCM, and SM4-GCM where the OpenSSL
 * build has it (OpenSSL 3.0 has not: #SSC_ENOTSUPPORTED then).
 *
 * @param[out] out the provider, owned by the caller: ssc_key_provider_free()
 * @param ctx context for allocation; may be NULL; a reference is kept
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_key_provider_soft_new(ssc_key_provider **out,
						ssc_ctx *ctx);

/**
 * Add a key to a software provider.
 *
 * @param kp a provider made by ssc_key_provider_soft_new()
 * @param key_id 1–64 printable ASCII characters without spaces; copied
 * @param type an ::ssc_key_type
 * @param key the key bytes; copied into a wiped buffer, not kept
 * @param len a length valid for @p type
 * @return #SSC_OK
 * @retval SSC_EINVAL not a software provider, bad id, type or length
 * @retval SSC_EEXISTS a key with this id exists (provider unchanged)
 * @retval SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_key_provider_soft_add(ssc_key_provider *kp,
						const char *key_id, int type,
						const uint8_t *key, size_t len);

/**
 * Load keys into a software provider from text: one key per line,
 * `<id> <type> <hex>`, type one of `des`, `sm4`, `aes256`, `hmac-sha256`,
 * `hmac-sm3`; blank lines and lines starting with `#` are ignored.  All or
 * nothing: on failure no key is added.  Messages name the line, never a
 * key byte.
 *
 * @param kp a provider made by ssc_key_provider_soft_new()
 * @param text the text (need not be NUL-terminated); the caller should
 *        wipe it afterwards
 * @param len its length
 * @return #SSC_OK, #SSC_EPARSE, #SSC_EEXISTS, #SSC_EINVAL or #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_key_provider_soft_load_memory(ssc_key_provider *kp,
							const char *text,
							size_t len);

/**
 * Load keys from a file in the format of
 * ssc_key_provider_soft_load_memory().  The file's bytes are wiped from
 * memory after parsing.
 *
 * @param kp a provider made by ssc_key_provider_soft_new()
 * @param path the file
 * @return #SSC_OK, #SSC_EOS (errno kept), #SSC_EPARSE, #SSC_EEXISTS or
 *         #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_key_provider_soft_load_file(ssc_key_provider *kp,
						      const char *path);

/**
 * A diversification function: computes the derivation data that a master
 * key encrypts to give the diversified key (see ssc_key_diversify()).
 *
 * @param[out] data receives the derivation data
 * @param[in,out] data_len capacity on entry (32), length on return
 * @param key_type ::ssc_key_type of the master key
 * @param key_len length of the master key
 * @param factor the diversification factor (e.g. card data)
 * @param factor_len its length
 * @param payload the caller's pointer
 */
typedef ssc_status (*ssc_key_diversify_fn)(uint8_t *data, size_t *data_len,
					   int key_type, size_t key_len,
					   const uint8_t *factor,
					   size_t factor_len, void *payload);

/**
 * The common PBOC scheme (card-spec §7.3, uncertain for social cards, hence
 * pluggable): an 8-byte factor F gives F ‖ NOT(F), so that a 16-byte DES
 * key becomes E(F) ‖ E(NOT F) and an SM4 key E(F ‖ NOT F).
 *
 * @param[out] data receives F ‖ NOT(F)
 * @param[in,out] data_len capacity (at least 16) / length (16)
 * @param key_type the master's ::ssc_key_type
 * @param key_len the master's length
 * @param factor the 8-byte factor F
 * @param factor_len 8
 * @param payload unused
 * @return #SSC_OK, or #SSC_EINVAL when the factor is not 8 bytes or the
 *         key is not 16-byte DES or SM4
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_key_diversify_pboc(uint8_t *data, size_t *data_len,
					     int key_type, size_t key_len,
					     const uint8_t *factor,
					     size_t factor_len, void *payload);

/**
 * Diversify a key: @p new_key_id = ECB-encrypt(@p master_key_id,
 * fn(factor)), inside the provider.  Multi-level diversification is a
 * chain of calls, each level's result the next level's master.
 *
 * @param kp the provider
 * @param new_key_id id of the derived key; copied
 * @param master_key_id the master key
 * @param fn the diversification function, e.g. ssc_key_diversify_pboc
 * @param payload passed to @p fn
 * @param factor the factor; borrowed
 * @param factor_len its length
 * @return #SSC_OK, #SSC_ENOKEY, #SSC_EINVAL, #SSC_ECRYPTO or what @p fn
 *         returned
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_key_diversify(ssc_key_provider *kp,
					const char *new_key_id,
					const char *master_key_id,
					ssc_key_diversify_fn fn, void *payload,
					const uint8_t *factor,
					size_t factor_len);

SSC_END_DECL

#endif /* SOCIALCARD_SYS_KEY_PROVIDER_H */
