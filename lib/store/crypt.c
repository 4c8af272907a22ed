/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sealing of stored values (AES-256-GCM / SM4-GCM) and the ID-number blind
 * index (HMAC-SHA256).  Owns the key copies; see crypt.h.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "store/crypt.h"

#define MAX_OLD_KEYS 16
#define NONCE_LEN 12
#define TAG_LEN 16
#define HDR_LEN (1 + 1 + 1 + 4 + NONCE_LEN)

struct key_slot {
	uint32_t id;
	uint8_t key[SSC_STORE_KEY_LEN];
};

struct ssc__crypt {
	const ssc_ctx *ctx;
	int cipher;
	EVP_CIPHER *evp;
	struct key_slot current;
	struct key_slot old[MAX_OLD_KEYS];
	size_t n_old;
	uint8_t index_key[SSC_STORE_KEY_LEN];
};

ssc_status
ssc__crypt_new(ssc__crypt **out, const ssc_ctx *ctx, int cipher,
	       uint32_t data_key_id, const uint8_t *data_key,
	       const uint8_t *index_key)
{
	ssc__crypt *c;
	const char *name;

	*out = NULL;
	if (cipher == SSC_STORE_CIPHER_DEFAULT)
		cipher = SSC_STORE_CIPHER_AES_256_GCM;
	if (cipher == SSC_STORE_CIPHER_AES_256_GCM)
		name = "AES-256-GCM";
	else if (cipher == SSC_STORE_CIPHER_SM4_GCM)
		name = "SM4-GCM";
	else
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown store cipher %d", cipher);
	c = ssc__calloc(ctx, 1, sizeof(*c));
	SSC__CHECK_ALLOC(c);
	c->ctx = ctx;
	c->cipher = cipher;
	c->evp = EVP_CIPHER_fetch(NULL, name, NULL);
	if (!c->evp) {
		ssc__free(ctx, c);
		return ssc__error_setf(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_CRYPTO,
				       "cipher %s is not provided by this "
				       "OpenSSL", name);
	}
	c->current.id = data_key_id;
	memcpy(c->current.key, data_key, SSC_STORE_KEY_LEN);
	memcpy(c->index_key, index_key, SSC_STORE_KEY_LEN);
	*out = c;
	return SSC_OK;
}

void
ssc__crypt_free(ssc__crypt *c)
{
	const ssc_ctx *ctx;

	if (!c)
		return;
	ctx = c->ctx;
	EVP_CIPHER_free(c->evp);
	ssc__wipe(c, sizeof(*c));
	ssc__free(ctx, c);
}

uint32_t
ssc__crypt_key_id(const ssc__crypt *c)
{
	return c->current.id;
}

ssc_status
ssc__crypt_add_key(ssc__crypt *c, uint32_t key_id, const uint8_t *key)
{
	size_t i;

	if (key_id == c->current.id)
		return ssc__error_setf(SSC_EEXISTS, SSC_ERROR_CLASS_CRYPTO,
				       "key id %u is the current data key",
				       (unsigned)key_id);
	for (i = 0; i < c->n_old; i++)
		if (c->old[i].id == key_id)
			return ssc__error_setf(SSC_EEXISTS,
					       SSC_ERROR_CLASS_CRYPTO,
					       "key id %u already registered",
					       (unsigned)key_id);
	if (c->n_old == MAX_OLD_KEYS)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "at most %d old keys", MAX_OLD_KEYS);
	c->old[c->n_old].id = key_id;
	memcpy(c->old[c->n_old].key, key, SSC_STORE_KEY_LEN);
	c->n_old++;
	return SSC_OK;
}

static const uint8_t *
find_key(const ssc__crypt *c, uint32_t id)
{
	size_t i;

	if (id == c->current.id)
		return c->current.key;
	for (i = 0; i < c->n_old; i++)
		if (c->old[i].id == id)
			return c->old[i].key;
	return NULL;
}

static ssc_status
crypto_error(const char *what)
{
	return ssc__error_setf(SSC_ECRYPTO, SSC_ERROR_CLASS_CRYPTO,
			       "%s failed", what);
}

/* AAD: "ssc-store-v1", the tag, the row key and the 7-byte header. */
static int
add_aad(EVP_CIPHER_CTX *e, int tag, const char *row, const uint8_t *hdr)
{
	static const char label[] = "ssc-store-v1";
	unsigned char t = (unsigned char)tag;
	int n;

	if (EVP_CipherUpdate(e, NULL, &n, (const unsigned char *)label,
			     (int)sizeof(label)) != 1)
		return 0;
	if (EVP_CipherUpdate(e, NULL, &n, &t, 1) != 1)
		return 0;
	if (EVP_CipherUpdate(e, NULL, &n, (const unsigned char *)row,
			     (int)strlen(row) + 1) != 1)
		return 0;
	return EVP_CipherUpdate(e, NULL, &n, hdr, 7) == 1;
}

ssc_status
ssc__crypt_seal(ssc_buf *out, const ssc__crypt *c, int tag, const char *row,
		const uint8_t *data, size_t len)
{
	EVP_CIPHER_CTX *e = NULL;
	uint8_t *p;
	int n = 0, fin = 0;
	ssc_status rc;

	if (len > SSC_STORE_DATA_MAX)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "value of %zu bytes exceeds %d", len,
				       SSC_STORE_DATA_MAX);
	ssc__buf_clear(out);
	ssc__buf_bind(out, c->ctx);
	if ((rc = ssc__buf_grow(out, HDR_LEN + len + TAG_LEN)) < 0)
		return rc;
	p = (uint8_t *)out->ptr;
	p[0] = 'S';
	p[1] = 1;
	p[2] = (uint8_t)c->cipher;
	p[3] = (uint8_t)(c->current.id >> 24);
	p[4] = (uint8_t)(c->current.id >> 16);
	p[5] = (uint8_t)(c->current.id >> 8);
	p[6] = (uint8_t)c->current.id;
	if (RAND_bytes(p + 7, NONCE_LEN) != 1)
		return crypto_error("RAND_bytes");
	e = EVP_CIPHER_CTX_new();
	if (!e)
		return ssc_error_set_oom();
	rc = SSC_OK;
	if (EVP_EncryptInit_ex2(e, c->evp, c->current.key, p + 7, NULL) != 1 ||
	    !add_aad(e, tag, row, p) ||
	    (len && EVP_EncryptUpdate(e, p + HDR_LEN, &n, data, (int)len) != 1) ||
	    EVP_EncryptFinal_ex(e, p + HDR_LEN + n, &fin) != 1 ||
	    EVP_CIPHER_CTX_ctrl(e, EVP_CTRL_AEAD_GET_TAG, TAG_LEN,
				p + HDR_LEN + n + fin) != 1)
		rc = crypto_error("AEAD seal");
	EVP_CIPHER_CTX_free(e);
	if (rc < 0) {
		ssc__buf_clear(out);
		return rc;
	}
	out->size = HDR_LEN + (size_t)n + (size_t)fin + TAG_LEN;
	out->ptr[out->size] = '\0';
	return SSC_OK;
}

ssc_status
ssc__crypt_sealed_key_id(uint32_t *out, const uint8_t *s, size_t len)
{
	if (len < HDR_LEN + TAG_LEN || s[0] != 'S' || s[1] != 1)
		return ssc__error_setf(SSC_ECORRUPT, SSC_ERROR_CLASS_STORE,
				       "stored value is not a sealed value");
	*out = (uint32_t)s[3] << 24 | (uint32_t)s[4] << 16 |
	       (uint32_t)s[5] << 8 | s[6];
	return SSC_OK;
}

ssc_status
ssc__crypt_open(ssc_buf *out, const ssc__crypt *c, int tag, const char *row,
		const uint8_t *s, size_t len)
{
	EVP_CIPHER_CTX *e;
	EVP_CIPHER *evp = c->evp, *other = NULL;
	const uint8_t *key;
	uint32_t id;
	size_t clen;
	int n = 0, fin = 0;
	ssc_status rc;

	if ((rc = ssc__crypt_sealed_key_id(&id, s, len)) < 0)
		return rc;
	key = find_key(c, id);
	if (!key)
		return ssc__error_setf(SSC_ENOKEY, SSC_ERROR_CLASS_CRYPTO,
				       "value sealed under unknown key id %u",
				       (unsigned)id);
	if (s[2] != c->cipher) {
		if (s[2] == SSC_STORE_CIPHER_AES_256_GCM)
			other = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
		else if (s[2] == SSC_STORE_CIPHER_SM4_GCM)
			other = EVP_CIPHER_fetch(NULL, "SM4-GCM", NULL);
		if (!other)
			return ssc__error_setf(SSC_ENOTSUPPORTED,
					       SSC_ERROR_CLASS_CRYPTO,
					       "value sealed with unavailable "
					       "cipher %d", s[2]);
		evp = other;
	}
	clen = len - HDR_LEN - TAG_LEN;
	ssc__buf_clear(out);
	ssc__buf_bind(out, c->ctx);
	if ((rc = ssc__buf_grow(out, clen)) < 0) {
		EVP_CIPHER_free(other);
		return rc;
	}
	e = EVP_CIPHER_CTX_new();
	if (!e) {
		EVP_CIPHER_free(other);
		return ssc_error_set_oom();
	}
	rc = SSC_OK;
	if (EVP_DecryptInit_ex2(e, evp, key, s + 7, NULL) != 1 ||
	    !add_aad(e, tag, row, s) ||
	    (clen && EVP_DecryptUpdate(e, (uint8_t *)out->ptr, &n,
				       s + HDR_LEN, (int)clen) != 1) ||
	    EVP_CIPHER_CTX_ctrl(e, EVP_CTRL_AEAD_SET_TAG, TAG_LEN,
				(void *)(s + HDR_LEN + clen)) != 1)
		rc = crypto_error("AEAD open");
	else if (EVP_DecryptFinal_ex(e, (uint8_t *)out->ptr + n, &fin) != 1)
		rc = ssc__error_setf(SSC_ECORRUPT, SSC_ERROR_CLASS_STORE,
				     "stored value failed authentication");
	EVP_CIPHER_CTX_free(e);
	EVP_CIPHER_free(other);
	if (rc < 0) {
		ssc__buf_clear(out);
		return rc;
	}
	out->size = (size_t)n + (size_t)fin;
	out->ptr[out->size] = '\0';
	return SSC_OK;
}

ssc_status
ssc__crypt_blind(uint8_t out[SSC_STORE_HOLDER_INDEX_LEN], const ssc__crypt *c,
		 const char *id)
{
	static const char label[] = "ssc-holder-v1:";
	uint8_t msg[sizeof(label) + SSC_STORE_TEXT_MAX];
	size_t len, lab = sizeof(label) - 1, i;
	unsigned int olen = 0;

	while (*id == ' ' || *id == '\t')
		id++;
	len = strlen(id);
	while (len && (id[len - 1] == ' ' || id[len - 1] == '\t'))
		len--;
	if (len == 0 || len > SSC_STORE_TEXT_MAX)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ID number empty or longer than %d "
				       "bytes", SSC_STORE_TEXT_MAX);
	memcpy(msg, label, lab);
	for (i = 0; i < len; i++)
		msg[lab + i] = id[i] == 'x' ? 'X' : (uint8_t)id[i];
	if (!HMAC(EVP_sha256(), c->index_key, SSC_STORE_KEY_LEN, msg,
		  lab + len, out, &olen) || olen != SSC_STORE_HOLDER_INDEX_LEN) {
		ssc__wipe(msg, sizeof(msg));
		return crypto_error("HMAC-SHA256");
	}
	ssc__wipe(msg, sizeof(msg));
	return SSC_OK;
}
