/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Secure messaging shared by the SSSE and PBOC applications: GET
 * CHALLENGE, MAC'd commands, PIN encipherment and PIN encoding.  Key
 * material stays in the key provider; buffers that held PIN digits are
 * wiped.
 */
#include <string.h>

#include "chip/sm.h"
#include "crypto/key_provider.h"

void
ssc__sm_config_default(ssc__sm_config *c, ssc_key_provider *kp,
		       const char *mac_key_id, int algorithm)
{
	memset(c, 0, sizeof(*c));
	c->kp = kp;
	c->mac_key_id = mac_key_id;
	c->algorithm = algorithm;
	c->truncation = SSC_MAC_TRUNC_LEFT4;
	c->challenge_len = algorithm == SSC__ALG_SM4 ? 16 : 8;
}

size_t
ssc__sm_block(const ssc__sm_config *c)
{
	switch (c->algorithm) {
	case SSC__ALG_DES:
		return 8;
	case SSC__ALG_SM4:
		return 16;
	default:
		return 0;
	}
}

static ssc_status
check_config(const ssc__sm_config *c)
{
	if (!c || !c->kp || !c->mac_key_id)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "secure messaging: no key provider or key");
	if (ssc__sm_block(c) == 0)
		return ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_CRYPTO,
				       "secure messaging: algorithm indicator %d "
				       "is not supported (SSF33 has no "
				       "implementation)", c->algorithm);
	if (c->challenge_len > ssc__sm_block(c))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "secure messaging: challenge of %zu bytes "
				       "exceeds the block", c->challenge_len);
	return SSC_OK;
}

ssc_status
ssc__sm_get_challenge(ssc__transport *t, uint8_t *out, size_t len)
{
	size_t n = len;
	uint16_t sw = 0;
	ssc_status rc;

	rc = ssc__transceive(t, 0x00, 0x84, 0x00, 0x00, NULL, 0, len, 0, out,
			     &n, &sw);
	if (rc < 0)
		return rc;
	if (sw != 0x9000)
		return ssc__sw_error(sw, "GET CHALLENGE");
	if (n != len)
		return ssc__error_setf(SSC_EAPDU, SSC_ERROR_CLASS_APDU,
				       "GET CHALLENGE returned %zu bytes, not %zu",
				       n, len);
	return SSC_OK;
}

ssc_status
ssc__sm_send(ssc__transport *t, const ssc__sm_config *c, uint8_t cla,
	     uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data,
	     size_t len, uint16_t *sw)
{
	uint8_t iv[16], mac[SSC_MAC_MAX], *buf = NULL;
	ssc_mac_params mp = SSC_MAC_PARAMS_INIT;
	size_t mac_len = 0, lc, buf_len;
	ssc_status rc;

	if ((rc = check_config(c)) < 0)
		return rc;
	if (len + 4 > SSC_APDU_SHORT_MAX_LC)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "secure messaging: %zu data bytes too long",
				       len);
	memset(iv, 0, sizeof(iv));
	if (c->challenge_len &&
	    (rc = ssc__sm_get_challenge(t, iv, c->challenge_len)) < 0)
		return rc;
	lc = len + 4;
	buf_len = 5 + len;
	buf = ssc__malloc(t->ctx, buf_len + 4);
	SSC__CHECK_ALLOC(buf);
	buf[0] = (uint8_t)(cla | 0x04);
	buf[1] = ins;
	buf[2] = p1;
	buf[3] = p2;
	buf[4] = (uint8_t)lc;
	if (len)
		memcpy(buf + 5, data, len);
	mp.alg = c->algorithm == SSC__ALG_SM4 ? SSC_MAC_ALG_SM4_CBC
					      : SSC_MAC_ALG_ISO9797_3;
	mp.padding = SSC_MAC_PAD_METHOD2;
	mp.truncation = c->truncation;
	mp.iv = iv;
	mp.iv_len = ssc__sm_block(c);
	if ((rc = ssc__kp_mac(c->kp, mac, &mac_len, c->mac_key_id, &mp, buf,
			      buf_len)) < 0)
		goto out;
	if (mac_len != 4) {
		rc = ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				     "secure messaging needs a 4-byte MAC");
		goto out;
	}
	memcpy(buf + 5 + len, mac, 4);
	rc = ssc__transceive(t, buf[0], ins, p1, p2, buf + 5, lc, 0,
			     SSC_APDU_FLAG_SENSITIVE, NULL, NULL, sw);
out:
	ssc__wipe(buf, buf_len + 4);
	ssc__free(t->ctx, buf);
	ssc__wipe(mac, sizeof(mac));
	ssc__wipe(iv, sizeof(iv));
	return rc;
}

ssc_status
ssc__sm_encipher_pin(const ssc__sm_config *c, uint8_t *out, size_t block_len,
		     const uint8_t *pin_bcd, size_t pin_bcd_len,
		     size_t pin_digits)
{
	uint8_t blk[32];
	size_t bs;
	ssc_status rc;

	if ((rc = check_config(c)) < 0)
		return rc;
	bs = ssc__sm_block(c);
	if (block_len == 0 || block_len > sizeof(blk) || block_len % bs ||
	    pin_bcd_len + 2 > block_len)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "PIN block of %zu bytes does not fit",
				       block_len);
	memset(blk, 0, sizeof(blk));
	blk[0] = (uint8_t)pin_digits;
	memcpy(blk + 1, pin_bcd, pin_bcd_len);
	blk[1 + pin_bcd_len] = 0x80;
	rc = ssc__kp_cipher(c->kp, out,
			    c->enc_key_id ? c->enc_key_id : c->mac_key_id,
			    SSC_CIPHER_ECB_ENCRYPT, blk, block_len);
	ssc__wipe(blk, sizeof(blk));
	return rc;
}

ssc_status
ssc__pin_to_bcd(uint8_t *out, size_t *out_len, const char *pin,
		size_t min_len, size_t max_len)
{
	size_t n, i;

	if (!pin)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "PIN is NULL");
	n = strnlen(pin, max_len + 1);
	if (n < min_len || n > max_len) {
		if (min_len == max_len)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "PIN must have %zu digits",
					       min_len);
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "PIN must have %zu to %zu digits",
				       min_len, max_len);
	}
	for (i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "PIN must be digits only");
	for (i = 0; i < (n + 1) / 2; i++) {
		uint8_t hi = (uint8_t)(pin[2 * i] - '0');
		uint8_t lo = 2 * i + 1 < n ? (uint8_t)(pin[2 * i + 1] - '0')
					   : 0x0F;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*out_len = (n + 1) / 2;
	return SSC_OK;
}
