/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Store keys from a key provider: a context carrying a provider
 * (ssc_ctx_set_key_provider), stores (memory, sqlite) whose data and index
 * keys are named provider keys (ssc_store_options v2), wrong and missing
 * providers, rotation between provider keys, a failing provider (nothing
 * written), no plaintext on disk, and v1 options still accepted.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uuid/uuid.h>

#include "ssc_config.h"
#include "test_common.h"

#include <socialcard/sys/errors.h>
#include <socialcard/sys/key_provider.h>

#define CANARY_ID "11010519491231002X"
#define CANARY_NAME "\xe6\xac\xa7\xe9\x98\xb3\xe7\xa7\x8b\xe6\xb0\xb4" /* 欧阳秋水 */

static const uint8_t key_a[32] = { 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
				   0xa8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
				   18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
				   29, 30, 31, 32 };
static const uint8_t key_b[32] = { 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
				   0xb8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
				   18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
				   29, 30, 31, 32 };
static const uint8_t key_x[32] = { 0x55 };
static const uint8_t key_i[32] = { 0x1d, 0x1e, 0x1f, 7 };

static char tmp_dir[256];
static int case_no;

/* A provider made in ctx with the given keys (NULL bytes: skipped). */
static ssc_key_provider *
soft_with(ssc_ctx *ctx, const uint8_t *a, const uint8_t *b)
{
	ssc_key_provider *kp = NULL;

	assert_ssc_ok(ssc_key_provider_soft_new(&kp, ctx));
	if (a)
		assert_ssc_ok(ssc_key_provider_soft_add(
			kp, "store-data-a", SSC_KEY_TYPE_AES256, a, 32));
	if (b)
		assert_ssc_ok(ssc_key_provider_soft_add(
			kp, "store-data-b", SSC_KEY_TYPE_AES256, b, 32));
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "store-index",
						SSC_KEY_TYPE_HMAC_SHA256,
						key_i, 32));
	return kp;
}

static ssc_ctx *
ctx_with(ssc_test_alloc *al, const uint8_t *a, const uint8_t *b)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, al, NULL);

	assert_non_null(ctx);
	assert_ssc_ok(ssc_ctx_set_key_provider(ctx, soft_with(ctx, a, b)));
	return ctx;
}

static void
named_opts(ssc_store_options *o, uint32_t id, const char *name)
{
	assert_ssc_ok(ssc_store_options_init(o, SSC_STORE_OPTIONS_VERSION));
	o->data_key_id = id;
	o->data_key_name = name;
	o->index_key_name = "store-index";
}

static void
new_uri(char *uri, size_t n, const char *kind)
{
	if (strcmp(kind, "memory") == 0)
		snprintf(uri, n, "memory:");
	else
		snprintf(uri, n, "sqlite:%s/keys-%d.db", tmp_dir, ++case_no);
}

static void
new_uuid(char out[37])
{
	uuid_t u;
	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

static const char record[] = "name=" CANARY_NAME ";id=" CANARY_ID
			     ";phone=13800138000";

/* Create a card holding the canaries; its id goes to id. */
static ssc_status
put_card(ssc_store *st, char id[37], const char *number)
{
	ssc_store_txn *t = NULL;
	ssc_store_card c;
	ssc_store_journal_entry e;
	char eid[37];
	ssc_status rc;

	new_uuid(id);
	new_uuid(eid);
	ssc_store_card_init(&c, SSC_STORE_CARD_VERSION);
	c.card_id = id;
	c.card_number = number;
	c.holder_id = CANARY_ID;
	c.region = "500000";
	c.state = 1;
	c.record = (const uint8_t *)record;
	c.record_len = sizeof(record);
	ssc_store_journal_entry_init(&e, SSC_STORE_JOURNAL_ENTRY_VERSION);
	e.entry_id = eid;
	e.card_id = id;
	e.sequence = 1;
	e.time_ms = 1700000000000;
	e.service = "apply";
	e.data = (const uint8_t *)CANARY_NAME;
	e.data_len = strlen(CANARY_NAME);
	assert_ssc_ok(ssc_store_txn_new(&t, st));
	assert_ssc_ok(ssc_store_txn_set_card(t, &c, 0));
	assert_ssc_ok(ssc_store_txn_add_journal(t, &e));
	rc = ssc_store_commit(NULL, st, t);
	ssc_store_txn_free(t);
	return rc;
}

static void
check_card(ssc_store *st, const char *id, uint32_t key_id)
{
	ssc_store_card out = SSC_STORE_CARD_INIT;

	assert_ssc_ok(ssc_store_load_by_id(&out, st, id));
	assert_int_equal(out.record_len, sizeof(record));
	assert_memory_equal(out.record, record, sizeof(record));
	assert_int_equal(out.key_id, key_id);
	ssc_store_card_dispose(&out);
}

static size_t
holder_cards(ssc_store *st, const char *id_number)
{
	ssc_store_iter *it = NULL;
	const ssc_store_card *c;
	size_t n = 0;

	assert_ssc_ok(ssc_store_iter_holder(&it, st, id_number));
	for (;;) {
		assert_ssc_ok(ssc_store_iter_next_card(&c, it));
		if (!c)
			break;
		n++;
	}
	ssc_store_iter_free(it);
	return n;
}

static bool
file_contains(const char *path, const void *needle, size_t n)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long len;
	bool found;

	if (!fp)
		return false;
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	found = memmem(buf, (size_t)len, needle, n) != NULL;
	free(buf);
	return found;
}

/* ---- the context side ------------------------------------------------ */

static void
test_store_keys_ctx_provider(void **state)
{
	ssc_test_alloc al = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &al, NULL), *other;
	ssc_key_provider *kp = NULL, *kp2 = NULL, bad;
	(void)state;

	assert_non_null(ctx);
	assert_null(ssc_ctx_key_provider(ctx));
	assert_null(ssc_ctx_key_provider(NULL));
	assert_ssc_error(ssc_ctx_set_key_provider(NULL, NULL), SSC_EINVAL);
	/* A provider lacking required methods is refused; the caller keeps
	 * it and the context is unchanged. */
	assert_ssc_ok(ssc_key_provider_init(&bad, SSC_KEY_PROVIDER_VERSION));
	assert_ssc_error(ssc_ctx_set_key_provider(ctx, &bad), SSC_EINVAL);
	bad.version = 0;
	assert_ssc_error(ssc_ctx_set_key_provider(ctx, &bad), SSC_EVERSION);
	assert_null(ssc_ctx_key_provider(ctx));
	/* Attach, re-attach (no-op), replace (the old one is freed),
	 * detach (freed). */
	kp = soft_with(ctx, key_a, NULL);
	assert_ssc_ok(ssc_ctx_set_key_provider(ctx, kp));
	assert_ptr_equal(ssc_ctx_key_provider(ctx), kp);
	assert_ssc_ok(ssc_ctx_set_key_provider(ctx, kp));
	kp2 = soft_with(ctx, NULL, key_b);
	assert_ssc_ok(ssc_ctx_set_key_provider(ctx, kp2));
	assert_ptr_equal(ssc_ctx_key_provider(ctx), kp2);
	assert_ssc_ok(ssc_ctx_set_key_provider(ctx, NULL));
	assert_null(ssc_ctx_key_provider(ctx));
	/* Freed with the context even though it holds a reference to it:
	 * nothing may stay allocated. */
	assert_ssc_ok(ssc_ctx_set_key_provider(ctx, soft_with(ctx, key_a,
							      key_b)));
	/* An object made in the context outlives the caller's reference. */
	ssc_ctx_ref(ctx);
	ssc_ctx_free(ctx);
	assert_non_null(ssc_ctx_key_provider(ctx));
	ssc_ctx_free(ctx);
	assert_int_equal(al.live, 0);

	/* A store keeps the context, and so its provider, alive after the
	 * caller's last reference is gone. */
	{
		ssc_store *st = NULL;
		ssc_store_options o;
		char id[37];

		ctx = ctx_with(&al, key_a, NULL);
		named_opts(&o, 1, "store-data-a");
		assert_ssc_ok(ssc_store_open(&st, ctx, "memory:", &o));
		ssc_ctx_free(ctx);
		assert_ssc_ok(put_card(st, id, "C1"));
		check_card(st, id, 1);
		ssc_store_free(st);
		assert_int_equal(al.live, 0);
	}

	/* A provider made in another context keeps that one alive until
	 * it is released. */
	al.live = 0;
	ctx = ssc_test_ctx(NULL, &al, NULL);
	other = ssc_test_ctx(NULL, &al, NULL);
	assert_ssc_ok(ssc_ctx_set_key_provider(ctx, soft_with(other, key_a,
							      NULL)));
	ssc_ctx_free(other); /* still referenced by the provider */
	ssc_ctx_free(ctx);
	assert_int_equal(al.live, 0);
}

/* ---- stores ---------------------------------------------------------- */

static void
roundtrip(const char *kind)
{
	ssc_test_alloc al = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ctx_with(&al, key_a, NULL), *raw_ctx;
	ssc_store *st = NULL, *raw = NULL;
	ssc_store_options o, ro;
	uint8_t idx[32], idx_raw[32];
	char uri[512], id[37], id2[37];

	new_uri(uri, sizeof(uri), kind);
	named_opts(&o, 1, "store-data-a");
	assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
	assert_ssc_ok(put_card(st, id, "K001"));
	assert_ssc_ok(put_card(st, id2, "K002"));
	check_card(st, id, 1);
	assert_int_equal(holder_cards(st, CANARY_ID), 2);
	assert_int_equal(holder_cards(st, " 11010519491231002x "), 2);
	assert_int_equal(holder_cards(st, "110105194912310038"), 0);
	/* The blind index through the provider equals the raw-key path's
	 * (one HMAC construction, whatever holds the key). */
	assert_ssc_ok(ssc_store_holder_index(idx, st, CANARY_ID));
	raw_ctx = ssc_test_ctx(NULL, &al, NULL);
	assert_ssc_ok(ssc_store_options_init(&ro, SSC_STORE_OPTIONS_VERSION));
	ro.data_key = key_a;
	ro.data_key_len = 32;
	ro.index_key = key_i;
	ro.index_key_len = 32;
	ro.data_key_id = 1;
	assert_ssc_ok(ssc_store_open(&raw, raw_ctx, "memory:", &ro));
	assert_ssc_ok(ssc_store_holder_index(idx_raw, raw, CANARY_ID));
	assert_memory_equal(idx, idx_raw, 32);
	ssc_store_free(raw);
	ssc_ctx_free(raw_ctx);
	if (strcmp(kind, "sqlite") == 0) {
		/* Reopen with raw keys of the same bytes: the same records
		 * open, so provider keys and raw keys share one format. */
		ssc_store_free(st);
		st = NULL;
		raw_ctx = ssc_test_ctx(NULL, &al, NULL);
		assert_ssc_ok(ssc_store_open(&raw, raw_ctx, uri, &ro));
		check_card(raw, id2, 1);
		ssc_store_free(raw);
		ssc_ctx_free(raw_ctx);
		/* No plaintext ID number or name anywhere in the file. */
		assert_false(file_contains(uri + 7, CANARY_ID, 18));
		assert_false(file_contains(uri + 7, CANARY_NAME,
					   strlen(CANARY_NAME)));
		assert_false(file_contains(uri + 7, "13800138000", 11));
		/* The canary is findable when it is there (the check can
		 * fail). */
		assert_true(file_contains(uri + 7, "K001", 4));
		unlink(uri + 7);
	}
	ssc_store_free(st);
	ssc_ctx_free(ctx);
	assert_int_equal(al.live, 0);
}

static void
test_store_keys_roundtrip_memory(void **state)
{
	(void)state;
	roundtrip("memory");
}

static void
test_store_keys_roundtrip_sqlite(void **state)
{
	(void)state;
	roundtrip("sqlite");
}

/* Reopening a file with the wrong provider. */
static void
test_store_keys_wrong_provider(void **state)
{
	ssc_test_alloc al = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ctx_with(&al, key_a, NULL), *ctx2;
	ssc_key_provider *kp;
	ssc_store *st = NULL, *st2 = NULL;
	ssc_store_card out = SSC_STORE_CARD_INIT;
	ssc_store_options o;
	char uri[512], id[37];
	(void)state;

	new_uri(uri, sizeof(uri), "sqlite");
	named_opts(&o, 1, "store-data-a");
	assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
	assert_ssc_ok(put_card(st, id, "W001"));
	ssc_store_free(st);

	/* A context without a provider, or a provider without the key:
	 * refused before the file is touched. */
	ctx2 = ssc_test_ctx(NULL, &al, NULL);
	assert_ssc_error(ssc_store_open(&st2, ctx2, uri, &o), SSC_ENOKEY);
	assert_non_null(strstr(ssc_error_last()->message, "no key provider"));
	assert_ssc_ok(ssc_ctx_set_key_provider(ctx2,
					       soft_with(ctx2, NULL, key_b)));
	assert_ssc_error(ssc_store_open(&st2, ctx2, uri, &o), SSC_ENOKEY);
	/* The provider has key number 2 only: the key-1 record is
	 * ENOKEY. */
	named_opts(&o, 2, "store-data-b");
	assert_ssc_ok(ssc_store_open(&st2, ctx2, uri, &o));
	assert_ssc_error(ssc_store_load_by_id(&out, st2, id), SSC_ENOKEY);
	assert_non_null(strstr(ssc_error_last()->message, "key id 1"));
	/* Key number 1 named in the provider, but other bytes: fails
	 * authentication and says so. */
	kp = ssc_ctx_key_provider(ctx2);
	assert_ssc_ok(ssc_key_provider_soft_add(kp, "store-data-x",
						SSC_KEY_TYPE_AES256, key_x,
						32));
	assert_ssc_ok(ssc_store_add_old_key_name(st2, 1, "store-data-x"));
	assert_ssc_error(ssc_store_load_by_id(&out, st2, id), SSC_ECORRUPT);
	assert_non_null(strstr(ssc_error_last()->message,
			       "failed authentication"));
	assert_null(strstr(ssc_error_last()->message, CANARY_ID));
	ssc_store_free(st2);
	/* The provider detached under an open store: ENOKEY, no crash. */
	named_opts(&o, 1, "store-data-a");
	assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
	check_card(st, id, 1);
	assert_ssc_ok(ssc_ctx_set_key_provider(ctx, NULL));
	assert_ssc_error(ssc_store_load_by_id(&out, st, id), SSC_ENOKEY);
	assert_non_null(strstr(ssc_error_last()->message, "none is attached"));
	ssc_store_free(st);
	ssc_ctx_free(ctx2);
	ssc_ctx_free(ctx);
	unlink(uri + 7);
	assert_int_equal(al.live, 0);
}

/* Bad names and mixed options are refused. */
static void
test_store_keys_bad_options(void **state)
{
	ssc_test_alloc al = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ctx_with(&al, key_a, NULL);
	ssc_store *st = NULL;
	ssc_store_options o;
	(void)state;

	named_opts(&o, 1, "store-data-a");
	o.data_key = key_a;
	o.data_key_len = 32;
	assert_ssc_error(ssc_store_open(&st, ctx, "memory:", &o), SSC_EINVAL);
	/* The index key is not an AEAD key, the data key not an HMAC key. */
	named_opts(&o, 1, "store-index");
	assert_ssc_error(ssc_store_open(&st, ctx, "memory:", &o), SSC_EINVAL);
	named_opts(&o, 1, "store-data-a");
	o.index_key_name = "store-data-a";
	assert_ssc_error(ssc_store_open(&st, ctx, "memory:", &o), SSC_EINVAL);
	/* An AES key cannot serve SM4-GCM. */
	named_opts(&o, 1, "store-data-a");
	o.cipher = SSC_STORE_CIPHER_SM4_GCM;
	assert_ssc_error(ssc_store_open(&st, ctx, "memory:", &o), SSC_EINVAL);
	named_opts(&o, 1, "no-such-key");
	assert_ssc_error(ssc_store_open(&st, ctx, "memory:", &o), SSC_ENOKEY);
	named_opts(&o, 1, "");
	assert_ssc_error(ssc_store_open(&st, ctx, "memory:", &o), SSC_EINVAL);
	assert_null(st);
	/* add_old_key_name: unknown key, wrong type, the current id. */
	named_opts(&o, 1, "store-data-a");
	assert_ssc_ok(ssc_store_open(&st, ctx, "memory:", &o));
	assert_ssc_error(ssc_store_add_old_key_name(st, 7, "nope"),
			 SSC_ENOKEY);
	assert_ssc_error(ssc_store_add_old_key_name(st, 7, "store-index"),
			 SSC_EINVAL);
	assert_ssc_error(ssc_store_add_old_key_name(st, 1, "store-data-a"),
			 SSC_EEXISTS);
	assert_ssc_error(ssc_store_add_old_key_name(st, 7, NULL), SSC_EINVAL);
	ssc_store_free(st);
	ssc_ctx_free(ctx);
	assert_int_equal(al.live, 0);
}

/* Version 1 options are read as version 1: members appended in v2 are
 * not looked at. */
static void
test_store_keys_options_v1(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_store *st = NULL;
	ssc_store_options o;
	char uri[512], id[37];
	(void)state;

	new_uri(uri, sizeof(uri), "sqlite");
	assert_ssc_ok(ssc_store_options_init(&o, 1));
	o.data_key = key_a;
	o.data_key_len = 32;
	o.index_key = key_i;
	o.index_key_len = 32;
	o.data_key_id = 3;
	/* Beyond a v1 struct: must be ignored. */
	o.data_key_name = "garbage that would be refused";
	o.index_key_name = "likewise";
	assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
	assert_ssc_ok(put_card(st, id, "V1"));
	check_card(st, id, 3);
	ssc_store_free(st);
	o.version = 3;
	assert_ssc_error(ssc_store_open(&st, ctx, uri, &o), SSC_EVERSION);
	assert_ssc_error(ssc_store_options_init(&o, 3), SSC_EVERSION);
	ssc_ctx_free(ctx);
	unlink(uri + 7);
}

/* Rotation from provider key A (1) to provider key B (2). */
static void
rotation(const char *kind)
{
	ssc_test_alloc al = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ctx_with(&al, key_a, key_b);
	ssc_store *st = NULL;
	ssc_store_card out = SSC_STORE_CARD_INIT;
	ssc_store_options o;
	char uri[512], id[3][37];
	uint64_t n = 99;
	int i;

	new_uri(uri, sizeof(uri), kind);
	named_opts(&o, 1, "store-data-a");
	assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
	for (i = 0; i < 3; i++) {
		char num[8];
		snprintf(num, sizeof(num), "R%d", i);
		assert_ssc_ok(put_card(st, id[i], num));
	}
	if (strcmp(kind, "sqlite") == 0) {
		ssc_store_free(st);
		st = NULL;
		named_opts(&o, 2, "store-data-b");
		assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
		assert_ssc_error(ssc_store_load_by_id(&out, st, id[0]),
				 SSC_ENOKEY);
		assert_ssc_error(ssc_store_reencrypt(&n, st), SSC_ENOKEY);
		assert_ssc_ok(ssc_store_add_old_key_name(st, 1,
							 "store-data-a"));
		check_card(st, id[0], 1);
		/* 3 cards and 3 journal entries. */
		assert_ssc_ok(ssc_store_reencrypt(&n, st));
		assert_int_equal(n, 6);
		assert_ssc_ok(ssc_store_reencrypt(&n, st));
		assert_int_equal(n, 0);
		ssc_store_free(st);
		st = NULL;
		/* Key A can go from the provider: B alone reads it all. */
		assert_ssc_ok(ssc_ctx_key_provider(ctx)->forget(
			ssc_ctx_key_provider(ctx), "store-data-a"));
		assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
		for (i = 0; i < 3; i++)
			check_card(st, id[i], 2);
		assert_int_equal(holder_cards(st, CANARY_ID), 3);
		ssc_store_free(st);
		unlink(uri + 7);
	} else {
		ssc_store_free(st);
	}
	ssc_ctx_free(ctx);
	assert_int_equal(al.live, 0);
}

static void
test_store_keys_rotation_sqlite(void **state)
{
	(void)state;
	rotation("sqlite");
}

/* Rotation with mixed key sources: raw old key, provider current key. */
static void
test_store_keys_rotation_raw_to_provider(void **state)
{
	ssc_test_alloc al = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ctx_with(&al, NULL, key_b);
	ssc_store *st = NULL;
	ssc_store_options o;
	char uri[512], id[37];
	uint64_t n = 0;
	(void)state;

	new_uri(uri, sizeof(uri), "sqlite");
	assert_ssc_ok(ssc_store_options_init(&o, SSC_STORE_OPTIONS_VERSION));
	o.data_key_id = 1;
	o.data_key = key_a;
	o.data_key_len = 32;
	o.index_key_name = "store-index";
	assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
	assert_ssc_ok(put_card(st, id, "M1"));
	ssc_store_free(st);
	named_opts(&o, 2, "store-data-b");
	assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
	assert_ssc_ok(ssc_store_add_old_key(st, 1, key_a, 32));
	assert_ssc_ok(ssc_store_reencrypt(&n, st));
	assert_int_equal(n, 2);
	check_card(st, id, 2);
	ssc_store_free(st);
	ssc_ctx_free(ctx);
	unlink(uri + 7);
	assert_int_equal(al.live, 0);
}

/* ---- a provider whose AEAD operations fail --------------------------- */

struct failing {
	ssc_key_provider base; /* first member */
	ssc_key_provider *inner;
	bool fail;
	bool with_aead;
	int seals;
};

static ssc_status
f_key_info(ssc_key_provider *kp, int *t, size_t *l, const char *id)
{
	struct failing *f = (struct failing *)kp;
	return f->inner->key_info(f->inner, t, l, id);
}

static ssc_status
f_mac(ssc_key_provider *kp, uint8_t *out, size_t *out_len, const char *id,
      const ssc_mac_params *p, const uint8_t *d, size_t n)
{
	struct failing *f = (struct failing *)kp;
	return f->inner->mac(f->inner, out, out_len, id, p, d, n);
}

static ssc_status
f_cipher(ssc_key_provider *kp, uint8_t *out, const char *id, int op,
	 const uint8_t *in, size_t n)
{
	struct failing *f = (struct failing *)kp;
	return f->inner->cipher(f->inner, out, id, op, in, n);
}

static ssc_status
f_derive(ssc_key_provider *kp, const char *nid, const char *mid,
	 const uint8_t *d, size_t n)
{
	struct failing *f = (struct failing *)kp;
	return f->inner->derive(f->inner, nid, mid, d, n);
}

static void
f_free(ssc_key_provider *kp)
{
	struct failing *f = (struct failing *)kp;
	ssc_key_provider_free(f->inner);
	free(f);
}

static ssc_status
f_seal(ssc_key_provider *kp, uint8_t *out, const char *id,
       const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
       const uint8_t *in, size_t n)
{
	struct failing *f = (struct failing *)kp;

	f->seals++;
	if (f->fail)
		return ssc_error_set_str(SSC_ECRYPTO, SSC_ERROR_CLASS_CRYPTO,
				     "HSM session lost");
	return f->inner->aead_seal(f->inner, out, id, nonce, aad, aad_len,
				   in, n);
}

static ssc_status
f_open(ssc_key_provider *kp, uint8_t *out, const char *id,
       const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
       const uint8_t *in, size_t n)
{
	struct failing *f = (struct failing *)kp;

	if (f->fail)
		return ssc_error_set_str(SSC_ETIMEOUT, SSC_ERROR_CLASS_BACKEND,
				     "HSM session lost");
	return f->inner->aead_open(f->inner, out, id, nonce, aad, aad_len,
				   in, n);
}

static ssc_status
f_hmac(ssc_key_provider *kp, uint8_t *out, size_t *out_len, const char *id,
       const uint8_t *d, size_t n)
{
	struct failing *f = (struct failing *)kp;
	return f->inner->hmac(f->inner, out, out_len, id, d, n);
}

static struct failing *
failing_new(ssc_ctx *ctx, bool with_aead)
{
	struct failing *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_ssc_ok(ssc_key_provider_init(&f->base,
					    SSC_KEY_PROVIDER_VERSION));
	f->base.name = "failing";
	f->base.key_info = f_key_info;
	f->base.mac = f_mac;
	f->base.cipher = f_cipher;
	f->base.derive = f_derive;
	f->base.free = f_free;
	f->base.hmac = f_hmac;
	if (with_aead) {
		f->base.aead_seal = f_seal;
		f->base.aead_open = f_open;
	}
	f->inner = soft_with(ctx, key_a, NULL);
	/* The inner provider holds a reference to ctx, so this one does:
	 * saying so lets the context take it over (no cycle). */
	f->base.ctx = ctx;
	return f;
}

static void
failing_case(const char *kind)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	struct failing *f = failing_new(ctx, true), *g;
	ssc_store *st = NULL;
	ssc_store_card out = SSC_STORE_CARD_INIT;
	ssc_store_options o;
	char uri[512], id[37], id2[37];

	assert_ssc_ok(ssc_ctx_set_key_provider(ctx, &f->base));
	new_uri(uri, sizeof(uri), kind);
	named_opts(&o, 1, "store-data-a");
	assert_ssc_ok(ssc_store_open(&st, ctx, uri, &o));
	assert_ssc_ok(put_card(st, id, "F0"));
	/* The provider fails: the commit fails with its error, and no row
	 * of the transaction exists afterwards. */
	f->fail = true;
	f->seals = 0;
	assert_ssc_error(put_card(st, id2, "F1"), SSC_ECRYPTO);
	assert_true(f->seals >= 1);
	assert_non_null(strstr(ssc_error_last()->message, "HSM session"));
	f->fail = false;
	assert_ssc_error(ssc_store_load_by_id(&out, st, id2), SSC_ENOTFOUND);
	assert_ssc_error(ssc_store_load_by_number(&out, st, "F1"),
			 SSC_ENOTFOUND);
	assert_int_equal(holder_cards(st, CANARY_ID), 1);
	check_card(st, id, 1);
	/* Failing opens are reported as the provider said. */
	f->fail = true;
	assert_ssc_error(ssc_store_load_by_id(&out, st, id), SSC_ETIMEOUT);
	f->fail = false;
	ssc_store_free(st);

	/* A provider without AEAD operations: refused at open. */
	g = failing_new(ctx, false);
	assert_ssc_ok(ssc_ctx_set_key_provider(ctx, &g->base));
	assert_ssc_error(ssc_store_open(&st, ctx, "memory:", &o),
			 SSC_ENOTSUPPORTED);
	assert_non_null(strstr(ssc_error_last()->message, "aead_seal"));
	ssc_ctx_free(ctx);
	if (strcmp(kind, "sqlite") == 0)
		unlink(uri + 7);
}

static void
test_store_keys_failing_provider_memory(void **state)
{
	(void)state;
	failing_case("memory");
}

static void
test_store_keys_failing_provider_sqlite(void **state)
{
	(void)state;
	failing_case("sqlite");
}

/* ---- allocation failures --------------------------------------------- */

static void
test_store_keys_oom(void **state)
{
	ssc_test_alloc al = { 0, 0, 0, 0 };
	long k;
	(void)state;

	for (k = 1;; k++) {
		ssc_ctx *ctx = ctx_with(&al, key_a, NULL);
		ssc_store *st = NULL;
		ssc_store_options o;
		ssc_status rc;

		named_opts(&o, 1, "store-data-a");
		al.fail_at = al.calls + k;
		rc = ssc_store_open(&st, ctx, "memory:", &o);
		if (rc == SSC_OK)
			rc = ssc_store_add_old_key(st, 9, key_b, 32);
		al.fail_at = 0;
		ssc_store_free(st);
		ssc_ctx_free(ctx);
		assert_int_equal(al.live, 0);
		if (rc == SSC_OK)
			break;
		assert_int_equal(rc, SSC_ENOMEM);
		assert_true(k < 1000);
	}
}

static int
setup_dir(void **state)
{
	(void)state;
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/ssc-keys-XXXXXX");
	return mkdtemp(tmp_dir) ? 0 : -1;
}

static int
teardown_dir(void **state)
{
	(void)state;
	return rmdir(tmp_dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_keys_ctx_provider),
		cmocka_unit_test(test_store_keys_roundtrip_memory),
		cmocka_unit_test(test_store_keys_bad_options),
		cmocka_unit_test(test_store_keys_failing_provider_memory),
		cmocka_unit_test(test_store_keys_oom),
#if SSC_HAVE_SQLITE
		cmocka_unit_test(test_store_keys_roundtrip_sqlite),
		cmocka_unit_test(test_store_keys_wrong_provider),
		cmocka_unit_test(test_store_keys_options_v1),
		cmocka_unit_test(test_store_keys_rotation_sqlite),
		cmocka_unit_test(test_store_keys_rotation_raw_to_provider),
		cmocka_unit_test(test_store_keys_failing_provider_sqlite),
#endif
	};
	return cmocka_run_group_tests_name("store_keys", tests, setup_dir,
					   teardown_dir);
}
