/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key-provider front-end: vtable init and checks, the checked method
 * wrappers used inside the library, and key diversification over a
 * provider's derive method with a pluggable diversification function.
 */
#include <stddef.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "crypto/key_provider.h"

/* sizeof each released version of the vtable */
static size_t
vtable_size(unsigned int version)
{
	switch (version) {
	case 1:
		return offsetof(ssc_key_provider, forget) +
		       sizeof(((ssc_key_provider *)0)->forget);
	default:
		return 0;
	}
}

#define HAS(kp, m) (offsetof(ssc_key_provider, m) < vtable_size((kp)->version) && (kp)->m)

ssc_status
ssc_mac_params_init(ssc_mac_params *params, unsigned int version)
{
	ssc_status rc;

	if (!params)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_mac_params_init: NULL");
	if ((rc = ssc__check_version(version, SSC_MAC_PARAMS_VERSION,
				     "ssc_mac_params")) < 0)
		return rc;
	memset(params, 0, sizeof(*params));
	params->version = version;
	params->alg = SSC_MAC_ALG_ISO9797_3;
	return SSC_OK;
}

ssc_status
ssc_key_provider_init(ssc_key_provider *kp, unsigned int version)
{
	ssc_status rc;

	if (!kp)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_key_provider_init: NULL");
	if ((rc = ssc__check_version(version, SSC_KEY_PROVIDER_VERSION,
				     "ssc_key_provider")) < 0)
		return rc;
	memset(kp, 0, sizeof(*kp));
	kp->version = version;
	return SSC_OK;
}

ssc_status
ssc_key_provider_check(const ssc_key_provider *kp)
{
	ssc_status rc;
	const char *missing = NULL;

	if (!kp)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_BACKEND,
				       "key provider is NULL");
	if ((rc = ssc__check_version(kp->version, SSC_KEY_PROVIDER_VERSION,
				     "ssc_key_provider")) < 0)
		return rc;
	if (!kp->key_info)
		missing = "key_info";
	else if (!kp->mac)
		missing = "mac";
	else if (!kp->cipher)
		missing = "cipher";
	else if (!kp->derive)
		missing = "derive";
	else if (!kp->free)
		missing = "free";
	if (missing)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_BACKEND,
				       "key provider \"%s\" lacks the required "
				       "method %s",
				       kp->name ? kp->name : "?", missing);
	return SSC_OK;
}

void
ssc_key_provider_free(ssc_key_provider *kp)
{
	if (kp && kp->free)
		kp->free(kp);
}

static ssc_status
no_key_id(const char *key_id)
{
	if (key_id && *key_id)
		return SSC_OK;
	return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
			       "key id is empty");
}

static ssc_status
unsupported(const ssc_key_provider *kp, const char *what)
{
	return ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_BACKEND,
			       "key provider \"%s\" has no %s operation",
			       kp->name ? kp->name : "?", what);
}

ssc_status
ssc__kp_key_info(ssc_key_provider *kp, int *type_out, size_t *len_out,
		 const char *key_id)
{
	ssc_status rc;

	if ((rc = ssc_key_provider_check(kp)) < 0 ||
	    (rc = no_key_id(key_id)) < 0)
		return rc;
	return kp->key_info(kp, type_out, len_out, key_id);
}

ssc_status
ssc__kp_mac(ssc_key_provider *kp, uint8_t *out, size_t *out_len,
	    const char *key_id, const ssc_mac_params *params,
	    const uint8_t *data, size_t len)
{
	ssc_status rc;

	if ((rc = ssc_key_provider_check(kp)) < 0 ||
	    (rc = no_key_id(key_id)) < 0)
		return rc;
	return kp->mac(kp, out, out_len, key_id, params, data, len);
}

ssc_status
ssc__kp_cipher(ssc_key_provider *kp, uint8_t *out, const char *key_id, int op,
	       const uint8_t *in, size_t len)
{
	ssc_status rc;

	if ((rc = ssc_key_provider_check(kp)) < 0 ||
	    (rc = no_key_id(key_id)) < 0)
		return rc;
	if (op != SSC_CIPHER_ECB_ENCRYPT && op != SSC_CIPHER_ECB_DECRYPT)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown cipher operation %d", op);
	return kp->cipher(kp, out, key_id, op, in, len);
}

ssc_status
ssc__kp_aead_seal(ssc_key_provider *kp, uint8_t *out, const char *key_id,
		  const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		  const uint8_t *in, size_t len)
{
	ssc_status rc;

	if ((rc = ssc_key_provider_check(kp)) < 0 ||
	    (rc = no_key_id(key_id)) < 0)
		return rc;
	if (!HAS(kp, aead_seal))
		return unsupported(kp, "aead_seal");
	return kp->aead_seal(kp, out, key_id, nonce, aad, aad_len, in, len);
}

ssc_status
ssc__kp_aead_open(ssc_key_provider *kp, uint8_t *out, const char *key_id,
		  const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		  const uint8_t *in, size_t len)
{
	ssc_status rc;

	if ((rc = ssc_key_provider_check(kp)) < 0 ||
	    (rc = no_key_id(key_id)) < 0)
		return rc;
	if (!HAS(kp, aead_open))
		return unsupported(kp, "aead_open");
	return kp->aead_open(kp, out, key_id, nonce, aad, aad_len, in, len);
}

ssc_status
ssc__kp_hmac(ssc_key_provider *kp, uint8_t *out, size_t *out_len,
	     const char *key_id, const uint8_t *data, size_t len)
{
	ssc_status rc;

	if ((rc = ssc_key_provider_check(kp)) < 0 ||
	    (rc = no_key_id(key_id)) < 0)
		return rc;
	if (!HAS(kp, hmac))
		return unsupported(kp, "hmac");
	return kp->hmac(kp, out, out_len, key_id, data, len);
}

ssc_status
ssc__kp_random(ssc_key_provider *kp, uint8_t *out, size_t len)
{
	if (kp && kp->version >= 1 && HAS(kp, random))
		return kp->random(kp, out, len);
	if (len > (size_t)0x7FFFFFFF || RAND_bytes(out, (int)len) != 1)
		return ssc__error_setf(SSC_ECRYPTO, SSC_ERROR_CLASS_CRYPTO,
				       "random bytes unavailable");
	return SSC_OK;
}

ssc_status
ssc_key_diversify_pboc(uint8_t *data, size_t *data_len, int key_type,
		       size_t key_len, const uint8_t *factor,
		       size_t factor_len, void *payload)
{
	size_t i;
	(void)payload;

	if (!data || !data_len || *data_len < 16 || !factor)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "diversify: NULL argument or small buffer");
	if (factor_len != 8)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "diversify: PBOC factor must be 8 bytes, "
				       "got %zu", factor_len);
	if (!((key_type == SSC_KEY_TYPE_DES && key_len == 16) ||
	      (key_type == SSC_KEY_TYPE_SM4 && key_len == 16)))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "diversify: PBOC scheme needs a 16-byte "
				       "DES or SM4 key");
	for (i = 0; i < 8; i++) {
		data[i] = factor[i];
		data[8 + i] = (uint8_t)~factor[i];
	}
	*data_len = 16;
	return SSC_OK;
}

ssc_status
ssc_key_diversify(ssc_key_provider *kp, const char *new_key_id,
		  const char *master_key_id, ssc_key_diversify_fn fn,
		  void *payload, const uint8_t *factor, size_t factor_len)
{
	uint8_t data[32];
	size_t data_len = sizeof(data), key_len = 0;
	int type = 0;
	ssc_status rc;

	if (!fn || (!factor && factor_len) || no_key_id(new_key_id) < 0)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_key_diversify: bad argument");
	if ((rc = ssc__kp_key_info(kp, &type, &key_len, master_key_id)) < 0)
		return rc;
	if ((rc = fn(data, &data_len, type, key_len, factor, factor_len,
		     payload)) < 0)
		goto out;
	if (data_len > sizeof(data)) {
		rc = ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				     "diversify function overflowed");
		goto out;
	}
	rc = kp->derive(kp, new_key_id, master_key_id, data, data_len);
out:
	OPENSSL_cleanse(data, sizeof(data));
	return rc;
}
