/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The library side of key providers: checked wrappers that call a
 * provider's methods (version and presence checked per method), so that
 * the chip layer and the store never touch a vtable directly.
 */
#ifndef SSC_CRYPTO_KEY_PROVIDER_H
#define SSC_CRYPTO_KEY_PROVIDER_H

#include "internal.h"
#include "socialcard/sys/key_provider.h"

ssc_status ssc__kp_key_info(ssc_key_provider *kp, int *type_out,
			    size_t *len_out, const char *key_id);
ssc_status ssc__kp_mac(ssc_key_provider *kp, uint8_t *out, size_t *out_len,
		       const char *key_id, const ssc_mac_params *params,
		       const uint8_t *data, size_t len);
ssc_status ssc__kp_cipher(ssc_key_provider *kp, uint8_t *out,
			  const char *key_id, int op, const uint8_t *in,
			  size_t len);
ssc_status ssc__kp_aead_seal(ssc_key_provider *kp, uint8_t *out,
			     const char *key_id, const uint8_t *nonce,
			     const uint8_t *aad, size_t aad_len,
			     const uint8_t *in, size_t len);
ssc_status ssc__kp_aead_open(ssc_key_provider *kp, uint8_t *out,
			     const char *key_id, const uint8_t *nonce,
			     const uint8_t *aad, size_t aad_len,
			     const uint8_t *in, size_t len);
ssc_status ssc__kp_hmac(ssc_key_provider *kp, uint8_t *out, size_t *out_len,
			const char *key_id, const uint8_t *data, size_t len);
/* Provider's random method, else OpenSSL RAND_bytes. */
ssc_status ssc__kp_random(ssc_key_provider *kp, uint8_t *out, size_t len);

#endif /* SSC_CRYPTO_KEY_PROVIDER_H */
