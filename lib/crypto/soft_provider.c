/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The software key provider: keys in memory (added one by one, or loaded
 * from a text file or buffer), every secret in a buffer wiped with
 * OPENSSL_cleanse when it is replaced or released; operations run through
 * crypto/primitives.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "crypto/crypto.h"
#include "crypto/key_provider.h"

#define KEY_ID_MAX 64

struct soft_key {
	char id[KEY_ID_MAX + 1];
	int type;
	bool derived;
	uint8_t *bytes;
	size_t len;
	struct soft_key *next;
};

struct soft_provider {
	ssc_key_provider base; /* first member */
	struct soft_key *keys;
};

static void
key_free(const ssc_ctx *ctx, struct soft_key *k)
{
	if (!k)
		return;
	if (k->bytes) {
		OPENSSL_cleanse(k->bytes, k->len);
		ssc__free(ctx, k->bytes);
	}
	OPENSSL_cleanse(k, sizeof(*k));
	ssc__free(ctx, k);
}

static struct soft_key *
find(struct soft_provider *sp, const char *id)
{
	struct soft_key *k = NULL;

	for (k = sp->keys; k; k = k->next)
		if (strcmp(k->id, id) == 0)
			return k;
	return NULL;
}

static ssc_status
lookup(struct soft_key **out, ssc_key_provider *kp, const char *id)
{
	struct soft_key *k = find((struct soft_provider *)kp, id);

	if (!k)
		return ssc__error_setf(SSC_ENOKEY, SSC_ERROR_CLASS_CRYPTO,
				       "no key \"%s\" in the software provider",
				       id);
	*out = k;
	return SSC_OK;
}

static bool
id_ok(const char *id)
{
	size_t n;

	if (!id)
		return false;
	for (n = 0; id[n]; n++)
		if (n >= KEY_ID_MAX || !isgraph((unsigned char)id[n]))
			return false;
	return n > 0;
}

static ssc_status
new_key(struct soft_key **out, const ssc_ctx *ctx, const char *id, int type,
	const uint8_t *bytes, size_t len)
{
	struct soft_key *k = NULL;

	k = ssc__calloc(ctx, 1, sizeof(*k));
	SSC__CHECK_ALLOC(k);
	k->bytes = ssc__malloc(ctx, len);
	if (!k->bytes) {
		ssc__free(ctx, k);
		return ssc_error_set_oom();
	}
	memcpy(k->bytes, bytes, len);
	k->len = len;
	k->type = type;
	strcpy(k->id, id);
	*out = k;
	return SSC_OK;
}

static ssc_status
soft_key_info(ssc_key_provider *kp, int *type_out, size_t *len_out,
	      const char *key_id)
{
	struct soft_key *k = NULL;
	ssc_status rc;

	if ((rc = lookup(&k, kp, key_id)) < 0)
		return rc;
	if (type_out)
		*type_out = k->type;
	if (len_out)
		*len_out = k->len;
	return SSC_OK;
}

static ssc_status
soft_mac(ssc_key_provider *kp, uint8_t *out, size_t *out_len,
	 const char *key_id, const ssc_mac_params *params, const uint8_t *data,
	 size_t len)
{
	struct soft_key *k = NULL;
	ssc_status rc;

	if ((rc = lookup(&k, kp, key_id)) < 0)
		return rc;
	return ssc__crypto_mac(out, out_len, k->type, k->bytes, k->len, params,
			       data, len);
}

static ssc_status
soft_cipher(ssc_key_provider *kp, uint8_t *out, const char *key_id, int op,
	    const uint8_t *in, size_t len)
{
	struct soft_key *k = NULL;
	ssc_status rc;

	if ((rc = lookup(&k, kp, key_id)) < 0)
		return rc;
	return ssc__crypto_ecb(out, k->type, k->bytes, k->len,
			       op == SSC_CIPHER_ECB_ENCRYPT, in, len);
}

static ssc_status
soft_derive(ssc_key_provider *kp, const char *new_key_id,
	    const char *master_key_id, const uint8_t *data, size_t len)
{
	struct soft_provider *sp = (struct soft_provider *)kp;
	struct soft_key *m = NULL, *old, *k = NULL, **pp;
	uint8_t buf[32];
	ssc_status rc;

	if (!id_ok(new_key_id))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "derive: bad key id");
	if ((rc = lookup(&m, kp, master_key_id)) < 0)
		return rc;
	if ((m->type != SSC_KEY_TYPE_DES && m->type != SSC_KEY_TYPE_SM4) ||
	    len != m->len || !data)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_CRYPTO,
				       "derive: master \"%s\" is not a DES/SM4 "
				       "key of %zu bytes", master_key_id, len);
	old = find(sp, new_key_id);
	if (old && !old->derived)
		return ssc__error_setf(SSC_EEXISTS, SSC_ERROR_CLASS_CRYPTO,
				       "derive: \"%s\" is a loaded key",
				       new_key_id);
	if ((rc = ssc__crypto_ecb(buf, m->type, m->bytes, m->len, true, data,
				  len)) < 0)
		goto out;
	if ((rc = new_key(&k, kp->ctx, new_key_id, m->type, buf, len)) < 0)
		goto out;
	k->derived = true;
	if (old) {
		for (pp = &sp->keys; *pp != old; pp = &(*pp)->next)
			;
		*pp = old->next;
		key_free(kp->ctx, old);
	}
	k->next = sp->keys;
	sp->keys = k;
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	return rc;
}

static ssc_status
soft_aead(ssc_key_provider *kp, bool seal, uint8_t *out, const char *key_id,
	  const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
	  const uint8_t *in, size_t len)
{
	struct soft_key *k = NULL;
	ssc_status rc;

	if ((rc = lookup(&k, kp, key_id)) < 0)
		return rc;
	return ssc__crypto_aead(out, seal, k->type, k->bytes, k->len, nonce,
				aad, aad_len, in, len);
}

static ssc_status
soft_aead_seal(ssc_key_provider *kp, uint8_t *out, const char *key_id,
	       const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
	       const uint8_t *in, size_t len)
{
	return soft_aead(kp, true, out, key_id, nonce, aad, aad_len, in, len);
}

static ssc_status
soft_aead_open(ssc_key_provider *kp, uint8_t *out, const char *key_id,
	       const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
	       const uint8_t *in, size_t len)
{
	return soft_aead(kp, false, out, key_id, nonce, aad, aad_len, in, len);
}

static ssc_status
soft_hmac(ssc_key_provider *kp, uint8_t *out, size_t *out_len,
	  const char *key_id, const uint8_t *data, size_t len)
{
	struct soft_key *k = NULL;
	ssc_status rc;

	if ((rc = lookup(&k, kp, key_id)) < 0)
		return rc;
	if ((rc = ssc__crypto_hmac(out, k->type, k->bytes, k->len, data,
				   len)) < 0)
		return rc;
	*out_len = 32;
	return SSC_OK;
}

static ssc_status
soft_forget(ssc_key_provider *kp, const char *key_id)
{
	struct soft_provider *sp = (struct soft_provider *)kp;
	struct soft_key **pp;

	for (pp = &sp->keys; *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->id, key_id) == 0) {
			struct soft_key *k = *pp;
			*pp = k->next;
			key_free(kp->ctx, k);
			return SSC_OK;
		}
	}
	return ssc__error_setf(SSC_ENOKEY, SSC_ERROR_CLASS_CRYPTO,
			       "no key \"%s\" to forget", key_id);
}

static void
soft_free(ssc_key_provider *kp)
{
	struct soft_provider *sp = (struct soft_provider *)kp;
	ssc_ctx *ctx = kp->ctx;

	while (sp->keys) {
		struct soft_key *k = sp->keys;
		sp->keys = k->next;
		key_free(ctx, k);
	}
	ssc__free(ctx, sp);
	ssc_ctx_free(ctx);
}

static const ssc_key_provider soft_methods = {
	.version = SSC_KEY_PROVIDER_VERSION,
	.name = "soft",
	.key_info = soft_key_info,
	.mac = soft_mac,
	.cipher = soft_cipher,
	.derive = soft_derive,
	.free = soft_free,
	.aead_seal = soft_aead_seal,
	.aead_open = soft_aead_open,
	.hmac = soft_hmac,
	.forget = soft_forget,
};

ssc_status
ssc_key_provider_soft_new(ssc_key_provider **out, ssc_ctx *ctx)
{
	struct soft_provider *sp;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_key_provider_soft_new: out is NULL");
	*out = NULL;
	sp = ssc__calloc(ctx, 1, sizeof(*sp));
	SSC__CHECK_ALLOC(sp);
	sp->base = soft_methods;
	sp->base.ctx = ctx ? ssc_ctx_ref(ctx) : NULL;
	*out = &sp->base;
	return SSC_OK;
}

static ssc_status
is_soft(const ssc_key_provider *kp)
{
	if (!kp || kp->free != soft_free)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "not a software key provider");
	return SSC_OK;
}

ssc_status
ssc_key_provider_soft_add(ssc_key_provider *kp, const char *key_id, int type,
			  const uint8_t *key, size_t len)
{
	struct soft_provider *sp = (struct soft_provider *)kp;
	struct soft_key *k = NULL;
	ssc_status rc;

	if ((rc = is_soft(kp)) < 0)
		return rc;
	if (!id_ok(key_id))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "key id must be 1-%d printable characters",
				       KEY_ID_MAX);
	if (!key || !ssc__crypto_key_len_ok(type, len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "key \"%s\": type %d does not take %zu "
				       "bytes", key_id, type, len);
	if (find(sp, key_id))
		return ssc__error_setf(SSC_EEXISTS, SSC_ERROR_CLASS_CRYPTO,
				       "key \"%s\" exists", key_id);
	if ((rc = new_key(&k, kp->ctx, key_id, type, key, len)) < 0)
		return rc;
	k->next = sp->keys;
	sp->keys = k;
	return SSC_OK;
}

static int
type_by_name(const char *s, size_t n)
{
	static const struct {
		const char *name;
		int type;
	} names[] = {
		{ "des", SSC_KEY_TYPE_DES },
		{ "sm4", SSC_KEY_TYPE_SM4 },
		{ "aes256", SSC_KEY_TYPE_AES256 },
		{ "hmac-sha256", SSC_KEY_TYPE_HMAC_SHA256 },
		{ "hmac-sm3", SSC_KEY_TYPE_HMAC_SM3 },
	};
	size_t i;

	for (i = 0; i < SSC__ARRAY_SIZE(names); i++)
		if (strlen(names[i].name) == n && memcmp(names[i].name, s, n) == 0)
			return names[i].type;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Split the next whitespace-separated field of [*p, end). */
static bool
field(const char **p, const char *end, const char **f, size_t *n)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	*f = *p;
	while (*p < end && **p != ' ' && **p != '\t')
		(*p)++;
	*n = (size_t)(*p - *f);
	return *n > 0;
}

ssc_status
ssc_key_provider_soft_load_memory(ssc_key_provider *kp, const char *text,
				  size_t len)
{
	struct soft_provider *sp = (struct soft_provider *)kp;
	struct soft_key *added = NULL, *k;
	const char *p = text, *end = text + len;
	uint8_t bytes[64];
	unsigned line = 0;
	ssc_status rc = SSC_OK;

	if ((rc = is_soft(kp)) < 0)
		return rc;
	if (!text && len)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "key text is NULL");
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end, *f;
		char id[KEY_ID_MAX + 1];
		size_t n, i, blen;
		int type;

		line++;
		if (le > p && le[-1] == '\r')
			le--;
		if (!field(&p, le, &f, &n) || f[0] == '#')
			goto next;
		if (n > KEY_ID_MAX) {
			rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
					     "key file line %u: id too long", line);
			goto fail;
		}
		memcpy(id, f, n);
		id[n] = '\0';
		if (!field(&p, le, &f, &n) || !(type = type_by_name(f, n))) {
			rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
					     "key file line %u: unknown key type",
					     line);
			goto fail;
		}
		if (!field(&p, le, &f, &n) || n % 2 || n / 2 > sizeof(bytes)) {
			rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
					     "key file line %u: key must be an "
					     "even number of hex digits", line);
			goto fail;
		}
		blen = n / 2;
		for (i = 0; i < blen; i++) {
			int hi = hexval(f[2 * i]), lo = hexval(f[2 * i + 1]);
			if (hi < 0 || lo < 0) {
				rc = ssc__error_setf(SSC_EPARSE,
						     SSC_ERROR_CLASS_INVALID,
						     "key file line %u: bad hex "
						     "digit", line);
				goto fail;
			}
			bytes[i] = (uint8_t)(hi << 4 | lo);
		}
		{
			const char *q = p;
			if (field(&q, le, &f, &n)) {
				rc = ssc__error_setf(SSC_EPARSE,
						     SSC_ERROR_CLASS_INVALID,
						     "key file line %u: extra "
						     "field", line);
				goto fail;
			}
		}
		if (!ssc__crypto_key_len_ok(type, blen)) {
			rc = ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
					     "key file line %u: wrong key length "
					     "%zu for its type", line, blen);
			goto fail;
		}
		if (find(sp, id)) {
			rc = ssc__error_setf(SSC_EEXISTS, SSC_ERROR_CLASS_CRYPTO,
					     "key file line %u: key \"%s\" exists",
					     line, id);
			goto fail;
		}
		for (k = added; k; k = k->next)
			if (strcmp(k->id, id) == 0)
				break;
		if (k) {
			rc = ssc__error_setf(SSC_EEXISTS, SSC_ERROR_CLASS_CRYPTO,
					     "key file line %u: key \"%s\" repeated",
					     line, id);
			goto fail;
		}
		if ((rc = new_key(&k, kp->ctx, id, type, bytes, blen)) < 0)
			goto fail;
		k->next = added;
		added = k;
next:
		p = eol ? eol + 1 : end;
	}
	/* commit */
	while (added) {
		k = added;
		added = k->next;
		k->next = sp->keys;
		sp->keys = k;
	}
	OPENSSL_cleanse(bytes, sizeof(bytes));
	return SSC_OK;
fail:
	OPENSSL_cleanse(bytes, sizeof(bytes));
	while (added) {
		k = added;
		added = k->next;
		key_free(kp->ctx, k);
	}
	return rc;
}

ssc_status
ssc_key_provider_soft_load_file(ssc_key_provider *kp, const char *path)
{
	char *text = NULL;
	size_t len = 0, cap = 0;
	ssc_status rc;
	FILE *f;

	if ((rc = is_soft(kp)) < 0)
		return rc;
	if (!path)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "key file path is NULL");
	f = fopen(path, "rb");
	if (!f)
		return ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_OS,
					      SSC_NATIVE_ERRNO, (uint32_t)errno,
					      "cannot open key file: %s",
					      strerror(errno));
	{
		struct stat st;
		if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
			ssc__log(kp->ctx, SSC_LOG_WARN,
				 "key file is accessible to group or others "
				 "(mode %03o)", (unsigned)(st.st_mode & 0777));
	}
	for (;;) {
		size_t got;
		if (len == cap) {
			char *bigger;
			if (cap >= (1u << 20)) {
				rc = ssc__error_setf(SSC_EPARSE,
						     SSC_ERROR_CLASS_INVALID,
						     "key file larger than 1 MiB");
				goto out;
			}
			bigger = ssc__malloc(kp->ctx, cap ? 2 * cap : 4096);
			if (!bigger) {
				rc = ssc_error_set_oom();
				goto out;
			}
			if (text) {
				memcpy(bigger, text, len);
				OPENSSL_cleanse(text, cap);
				ssc__free(kp->ctx, text);
			}
			text = bigger;
			cap = cap ? 2 * cap : 4096;
		}
		got = fread(text + len, 1, cap - len, f);
		len += got;
		if (got == 0) {
			if (ferror(f)) {
				rc = ssc__error_setf_native(SSC_EOS,
							    SSC_ERROR_CLASS_OS,
							    SSC_NATIVE_ERRNO,
							    (uint32_t)errno,
							    "cannot read key file");
				goto out;
			}
			break;
		}
	}
	rc = ssc_key_provider_soft_load_memory(kp, text, len);
out:
	fclose(f);
	if (text) {
		OPENSSL_cleanse(text, cap);
		ssc__free(kp->ctx, text);
	}
	return rc;
}
