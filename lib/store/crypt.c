/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sealing of stored values (AES-256-GCM / SM4-GCM) and the ID-number blind
 * index (HMAC), all through key providers by key id.  Owns the key ring
 * (key number -> provider key id) and the private software provider that
 * holds raw keys given as bytes; see crypt.h.
 */
#include <stdio.h>
#include <string.h>

#include "crypto/key_provider.h"
#include "store/crypt.h"

#define MAX_OLD_KEYS 16
#define NONCE_LEN SSC_AEAD_NONCE_LEN
#define TAG_LEN SSC_AEAD_TAG_LEN
#define HDR_LEN (1 + 1 + 1 + 4 + NONCE_LEN)
#define KEY_NAME_MAX SSC__CRYPT_KEY_NAME_MAX

/* AAD: "ssc-store-v1" with its NUL, the tag, the row key with its NUL and
 * the 7-byte header. */
static const char aad_label[] = "ssc-store-v1";
#define AAD_MAX (sizeof(aad_label) + 1 + SSC_STORE_TEXT_MAX + 1 + 7)

/*
 * A key of the ring.  own: raw bytes in the private provider, registered
 * twice (as an AES-256 key "<name>.aes256" and as an SM4 key of its first
 * 16 bytes "<name>.sm4") so a value sealed under either cipher opens; else
 * a key of the context's provider, of type `type`.
 */
struct key_slot {
	uint32_t id;
	bool own;
	int type;
	char name[KEY_NAME_MAX + 1];
};

struct ssc__crypt {
	ssc_ctx *ctx;
	int cipher;
	ssc_key_provider *own; /* private software provider, or NULL */
	struct key_slot current;
	struct key_slot old[MAX_OLD_KEYS];
	size_t n_old;
	struct key_slot index;
};

static int
cipher_key_type(int cipher)
{
	return cipher == SSC_STORE_CIPHER_SM4_GCM ? SSC_KEY_TYPE_SM4
						  : SSC_KEY_TYPE_AES256;
}

static const char *
cipher_name(int cipher)
{
	return cipher == SSC_STORE_CIPHER_SM4_GCM ? "SM4-GCM" : "AES-256-GCM";
}

static ssc_status
need_own(ssc__crypt *c)
{
	if (c->own)
		return SSC_OK;
	return ssc_key_provider_soft_new(&c->own, c->ctx);
}

/* The provider of a slot. */
static ssc_status
slot_provider(ssc_key_provider **kp, const ssc__crypt *c,
	      const struct key_slot *s)
{
	*kp = s->own ? c->own : ssc_ctx_key_provider(c->ctx);
	if (*kp)
		return SSC_OK;
	return ssc__error_setf(SSC_ENOKEY, SSC_ERROR_CLASS_CRYPTO,
			       "store key \"%s\" lives in the context's key "
			       "provider, but none is attached", s->name);
}

/* The provider key id to use with a data slot for a sealed value's
 * cipher byte. */
static ssc_status
slot_data_key(ssc_key_provider **kp, char name[KEY_NAME_MAX + 16],
	      const ssc__crypt *c, const struct key_slot *s, int cipher)
{
	ssc_status rc;

	if (cipher != SSC_STORE_CIPHER_AES_256_GCM &&
	    cipher != SSC_STORE_CIPHER_SM4_GCM)
		return ssc__error_setf(SSC_ECORRUPT, SSC_ERROR_CLASS_STORE,
				       "stored value names unknown cipher %d",
				       cipher);
	if ((rc = slot_provider(kp, c, s)) < 0)
		return rc;
	if (s->own) {
		snprintf(name, KEY_NAME_MAX + 16, "%s.%s", s->name,
			 cipher == SSC_STORE_CIPHER_SM4_GCM ? "sm4" : "aes256");
		return SSC_OK;
	}
	if (s->type != cipher_key_type(cipher))
		return ssc__error_setf(SSC_ECORRUPT, SSC_ERROR_CLASS_STORE,
				       "value sealed with %s, but data key %u "
				       "(\"%s\") is not a key for it",
				       cipher_name(cipher), (unsigned)s->id,
				       s->name);
	snprintf(name, KEY_NAME_MAX + 16, "%s", s->name);
	return SSC_OK;
}

/* Put raw data-key bytes into the private provider as slot s. */
static ssc_status
slot_own_data(ssc__crypt *c, struct key_slot *s, uint32_t id,
	      const uint8_t *key)
{
	char aes[KEY_NAME_MAX + 16], sm4[KEY_NAME_MAX + 16];
	ssc_status rc;

	if ((rc = need_own(c)) < 0)
		return rc;
	s->id = id;
	s->own = true;
	s->type = 0;
	snprintf(s->name, sizeof(s->name), "data-%u", (unsigned)id);
	snprintf(aes, sizeof(aes), "%s.aes256", s->name);
	snprintf(sm4, sizeof(sm4), "%s.sm4", s->name);
	if ((rc = ssc_key_provider_soft_add(c->own, aes, SSC_KEY_TYPE_AES256,
					    key, SSC_STORE_KEY_LEN)) < 0)
		return rc;
	if ((rc = ssc_key_provider_soft_add(c->own, sm4, SSC_KEY_TYPE_SM4,
					    key, 16)) < 0) {
		ssc__error_saved saved;
		ssc__error_save(&saved);
		c->own->forget(c->own, aes);
		ssc__error_restore(&saved);
		return rc;
	}
	return SSC_OK;
}

/* Name a data key of the context's provider as slot s, checking it. */
static ssc_status
slot_named_data(ssc__crypt *c, struct key_slot *s, uint32_t id,
		const char *name)
{
	ssc_key_provider *kp = ssc_ctx_key_provider(c->ctx);
	size_t len = 0;
	int type = 0;
	ssc_status rc;

	if (strlen(name) == 0 || strlen(name) > KEY_NAME_MAX)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "store key name must be 1-%d bytes",
				       KEY_NAME_MAX);
	if (!kp)
		return ssc__error_setf(SSC_ENOKEY, SSC_ERROR_CLASS_CRYPTO,
				       "store key \"%s\" names a provider key, "
				       "but the context has no key provider "
				       "(ssc_ctx_set_key_provider)", name);
	if ((rc = ssc__kp_key_info(kp, &type, &len, name)) < 0)
		return rc;
	if (type != SSC_KEY_TYPE_AES256 && type != SSC_KEY_TYPE_SM4)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "provider key \"%s\" is not an AES-256 "
				       "or SM4 key", name);
	s->id = id;
	s->own = false;
	s->type = type;
	snprintf(s->name, sizeof(s->name), "%s", name);
	return SSC_OK;
}

static ssc_status
slot_index(ssc__crypt *c, const uint8_t *key, const char *name)
{
	struct key_slot *s = &c->index;
	ssc_key_provider *kp;
	size_t len = 0;
	int type = 0;
	ssc_status rc;

	if (key) {
		if ((rc = need_own(c)) < 0)
			return rc;
		if ((rc = ssc_key_provider_soft_add(c->own, "index",
						    SSC_KEY_TYPE_HMAC_SHA256,
						    key,
						    SSC_STORE_KEY_LEN)) < 0)
			return rc;
		s->own = true;
		s->type = SSC_KEY_TYPE_HMAC_SHA256;
		strcpy(s->name, "index");
		return SSC_OK;
	}
	if (strlen(name) == 0 || strlen(name) > KEY_NAME_MAX)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "store key name must be 1-%d bytes",
				       KEY_NAME_MAX);
	kp = ssc_ctx_key_provider(c->ctx);
	if (!kp)
		return ssc__error_setf(SSC_ENOKEY, SSC_ERROR_CLASS_CRYPTO,
				       "index key \"%s\" names a provider key, "
				       "but the context has no key provider "
				       "(ssc_ctx_set_key_provider)", name);
	if ((rc = ssc__kp_key_info(kp, &type, &len, name)) < 0)
		return rc;
	if (type != SSC_KEY_TYPE_HMAC_SHA256 && type != SSC_KEY_TYPE_HMAC_SM3)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "provider key \"%s\" is not an HMAC key",
				       name);
	s->own = false;
	s->type = type;
	snprintf(s->name, sizeof(s->name), "%s", name);
	return SSC_OK;
}

ssc_status
ssc__crypt_new_ex(ssc__crypt **out, ssc_ctx *ctx, int cipher,
		  uint32_t data_key_id, const uint8_t *data_key,
		  const char *data_key_name, const uint8_t *index_key,
		  const char *index_key_name)
{
	ssc__crypt *c;
	ssc_buf probe = SSC_BUF_INIT;
	ssc_status rc;

	*out = NULL;
	if (cipher == SSC_STORE_CIPHER_DEFAULT)
		cipher = SSC_STORE_CIPHER_AES_256_GCM;
	if (cipher != SSC_STORE_CIPHER_AES_256_GCM &&
	    cipher != SSC_STORE_CIPHER_SM4_GCM)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "unknown store cipher %d", cipher);
	if (!data_key == !data_key_name || !index_key == !index_key_name)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "give each store key either as bytes "
				       "or as a provider key name, not both");
	c = ssc__calloc(ctx, 1, sizeof(*c));
	SSC__CHECK_ALLOC(c);
	c->ctx = ctx;
	c->cipher = cipher;
	if (data_key)
		rc = slot_own_data(c, &c->current, data_key_id, data_key);
	else
		rc = slot_named_data(c, &c->current, data_key_id,
				     data_key_name);
	if (rc >= 0 && !c->current.own &&
	    c->current.type != cipher_key_type(cipher))
		rc = ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				     "provider key \"%s\" is not a key for %s",
				     data_key_name, cipher_name(cipher));
	if (rc >= 0)
		rc = slot_index(c, index_key, index_key_name);
	/* One seal now, so a cipher the OpenSSL build lacks or a provider
	 * without AEAD fails at open, not at the first commit. */
	if (rc >= 0)
		rc = ssc__crypt_seal(&probe, c, SSC__SEAL_CARD, "", NULL, 0);
	ssc_buf_dispose(&probe);
	if (rc < 0) {
		ssc__error_saved saved;
		ssc__error_save(&saved);
		ssc__crypt_free(c);
		ssc__error_restore(&saved);
		return rc;
	}
	*out = c;
	return SSC_OK;
}

ssc_status
ssc__crypt_new(ssc__crypt **out, ssc_ctx *ctx, int cipher,
	       uint32_t data_key_id, const uint8_t *data_key,
	       const uint8_t *index_key)
{
	if (!data_key || !index_key) {
		*out = NULL;
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "store keys are missing");
	}
	return ssc__crypt_new_ex(out, ctx, cipher, data_key_id, data_key,
				 NULL, index_key, NULL);
}

void
ssc__crypt_free(ssc__crypt *c)
{
	const ssc_ctx *ctx;

	if (!c)
		return;
	ctx = c->ctx;
	ssc_key_provider_free(c->own);
	ssc__wipe(c, sizeof(*c));
	ssc__free(ctx, c);
}

uint32_t
ssc__crypt_key_id(const ssc__crypt *c)
{
	return c->current.id;
}

static ssc_status
check_new_id(const ssc__crypt *c, uint32_t key_id)
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
	return SSC_OK;
}

ssc_status
ssc__crypt_add_key(ssc__crypt *c, uint32_t key_id, const uint8_t *key)
{
	ssc_status rc;

	if ((rc = check_new_id(c, key_id)) < 0)
		return rc;
	if ((rc = slot_own_data(c, &c->old[c->n_old], key_id, key)) < 0) {
		memset(&c->old[c->n_old], 0, sizeof(c->old[0]));
		return rc;
	}
	c->n_old++;
	return SSC_OK;
}

ssc_status
ssc__crypt_add_key_name(ssc__crypt *c, uint32_t key_id, const char *key_name)
{
	ssc_status rc;

	if ((rc = check_new_id(c, key_id)) < 0)
		return rc;
	if ((rc = slot_named_data(c, &c->old[c->n_old], key_id,
				  key_name)) < 0) {
		memset(&c->old[c->n_old], 0, sizeof(c->old[0]));
		return rc;
	}
	c->n_old++;
	return SSC_OK;
}

static const struct key_slot *
find_slot(const ssc__crypt *c, uint32_t id)
{
	size_t i;

	if (id == c->current.id)
		return &c->current;
	for (i = 0; i < c->n_old; i++)
		if (c->old[i].id == id)
			return &c->old[i];
	return NULL;
}

static ssc_status
build_aad(uint8_t aad[AAD_MAX], size_t *aad_len, int tag, const char *row,
	  const uint8_t *hdr)
{
	size_t rl = strlen(row), n = 0;

	if (rl > SSC_STORE_TEXT_MAX)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "row key longer than %d bytes",
				       SSC_STORE_TEXT_MAX);
	memcpy(aad, aad_label, sizeof(aad_label));
	n = sizeof(aad_label);
	aad[n++] = (uint8_t)tag;
	memcpy(aad + n, row, rl + 1);
	n += rl + 1;
	memcpy(aad + n, hdr, 7);
	*aad_len = n + 7;
	return SSC_OK;
}

ssc_status
ssc__crypt_seal(ssc_buf *out, const ssc__crypt *c, int tag, const char *row,
		const uint8_t *data, size_t len)
{
	const struct key_slot *s = &c->current;
	ssc_key_provider *kp = NULL;
	char name[KEY_NAME_MAX + 16];
	uint8_t aad[AAD_MAX];
	size_t aad_len = 0;
	uint8_t *p;
	ssc_status rc;

	if (len > SSC_STORE_DATA_MAX)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "value of %zu bytes exceeds %d", len,
				       SSC_STORE_DATA_MAX);
	if ((rc = slot_data_key(&kp, name, c, s, c->cipher)) < 0)
		return rc;
	ssc__buf_clear(out);
	ssc__buf_bind(out, c->ctx);
	if ((rc = ssc__buf_grow(out, HDR_LEN + len + TAG_LEN)) < 0) {
		ssc_buf_dispose(out);
		return rc;
	}
	p = (uint8_t *)out->ptr;
	p[0] = 'S';
	p[1] = 1;
	p[2] = (uint8_t)c->cipher;
	p[3] = (uint8_t)(s->id >> 24);
	p[4] = (uint8_t)(s->id >> 16);
	p[5] = (uint8_t)(s->id >> 8);
	p[6] = (uint8_t)s->id;
	if ((rc = build_aad(aad, &aad_len, tag, row, p)) < 0 ||
	    (rc = ssc__kp_random(kp, p + 7, NONCE_LEN)) < 0 ||
	    (rc = ssc__kp_aead_seal(kp, p + HDR_LEN, name, p + 7, aad,
				    aad_len, data, len)) < 0) {
		ssc__buf_clear(out);
		ssc_buf_dispose(out);
		return rc;
	}
	out->size = HDR_LEN + len + TAG_LEN;
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
	const struct key_slot *slot;
	ssc_key_provider *kp = NULL;
	char name[KEY_NAME_MAX + 16];
	uint8_t aad[AAD_MAX];
	size_t aad_len = 0, clen;
	uint32_t id = 0;
	ssc_status rc;

	if ((rc = ssc__crypt_sealed_key_id(&id, s, len)) < 0)
		return rc;
	slot = find_slot(c, id);
	if (!slot)
		return ssc__error_setf(SSC_ENOKEY, SSC_ERROR_CLASS_CRYPTO,
				       "value sealed under unknown key id %u",
				       (unsigned)id);
	if ((rc = slot_data_key(&kp, name, c, slot, s[2])) < 0 ||
	    (rc = build_aad(aad, &aad_len, tag, row, s)) < 0)
		return rc;
	clen = len - HDR_LEN - TAG_LEN;
	ssc__buf_clear(out);
	ssc__buf_bind(out, c->ctx);
	if ((rc = ssc__buf_grow(out, clen)) < 0) {
		ssc_buf_dispose(out);
		return rc;
	}
	rc = ssc__kp_aead_open(kp, (uint8_t *)out->ptr, name, s + 7, aad,
			       aad_len, s + HDR_LEN, clen + TAG_LEN);
	if (rc == SSC_ECRYPTO)
		rc = ssc__error_setf(SSC_ECORRUPT, SSC_ERROR_CLASS_STORE,
				     "stored value failed authentication: "
				     "tampered, moved, or key id %u (\"%s\") "
				     "is not the key that sealed it",
				     (unsigned)id, slot->name);
	if (rc < 0) {
		ssc__buf_clear(out);
		ssc_buf_dispose(out);
		return rc;
	}
	out->size = clen;
	out->ptr[out->size] = '\0';
	return SSC_OK;
}

ssc_status
ssc__crypt_blind(uint8_t out[SSC_STORE_HOLDER_INDEX_LEN], const ssc__crypt *c,
		 const char *id)
{
	static const char label[] = "ssc-holder-v1:";
	uint8_t msg[sizeof(label) + SSC_STORE_TEXT_MAX];
	uint8_t mac[32];
	size_t len, lab = sizeof(label) - 1, i, olen = 0;
	ssc_key_provider *kp = NULL;
	ssc_status rc;

	while (*id == ' ' || *id == '\t')
		id++;
	len = strlen(id);
	while (len && (id[len - 1] == ' ' || id[len - 1] == '\t'))
		len--;
	if (len == 0 || len > SSC_STORE_TEXT_MAX)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ID number empty or longer than %d "
				       "bytes", SSC_STORE_TEXT_MAX);
	if ((rc = slot_provider(&kp, c, &c->index)) < 0)
		return rc;
	memcpy(msg, label, lab);
	for (i = 0; i < len; i++)
		msg[lab + i] = id[i] == 'x' ? 'X' : (uint8_t)id[i];
	rc = ssc__kp_hmac(kp, mac, &olen, c->index.name, msg, lab + len);
	ssc__wipe(msg, sizeof(msg));
	if (rc >= 0 && olen != SSC_STORE_HOLDER_INDEX_LEN)
		rc = ssc__error_setf(SSC_ECRYPTO, SSC_ERROR_CLASS_CRYPTO,
				     "index key \"%s\" gave a %zu-byte HMAC",
				     c->index.name, olen);
	if (rc >= 0)
		memcpy(out, mac, SSC_STORE_HOLDER_INDEX_LEN);
	ssc__wipe(mac, sizeof(mac));
	return rc;
}
