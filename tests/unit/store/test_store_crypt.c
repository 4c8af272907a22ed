/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the store's private crypto (lib/store/crypt.c): sealing
 * round trips, tamper and row-binding detection, key ids and rotation
 * keys, blind-index normalisation, and allocation failure.
 */
#include "test_common.h"

#include "store/crypt.h"

static const uint8_t k1[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
				15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
				27, 28, 29, 30, 31, 32 };
static const uint8_t k2[32] = { 99, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
				15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
				27, 28, 29, 30, 31, 32 };
static const uint8_t ik[32] = { 7 };

static void
test_store_crypt_roundtrip_and_tamper(void **state)
{
	ssc__crypt *c = NULL;
	ssc_buf sealed = SSC_BUF_INIT, plain = SSC_BUF_INIT;
	static const uint8_t msg[] = "name=\xe5\xbc\xa0\xe4\xb8\x89\0tail";
	uint32_t id = 0;
	(void)state;

	assert_ssc_ok(ssc__crypt_new(&c, NULL, 0, 7, k1, ik));
	assert_ssc_ok(ssc__crypt_seal(&sealed, c, SSC__SEAL_CARD, "row-1",
				      msg, sizeof(msg)));
	assert_int_equal(sealed.size, sizeof(msg) + SSC__SEAL_OVERHEAD);
	assert_null(memmem(sealed.ptr, sealed.size, "name=", 5));
	assert_ssc_ok(ssc__crypt_sealed_key_id(&id, (uint8_t *)sealed.ptr,
					       sealed.size));
	assert_int_equal(id, 7);
	assert_ssc_ok(ssc__crypt_open(&plain, c, SSC__SEAL_CARD, "row-1",
				      (uint8_t *)sealed.ptr, sealed.size));
	assert_int_equal(plain.size, sizeof(msg));
	assert_memory_equal(plain.ptr, msg, sizeof(msg));
	/* Bound to the row and the table. */
	assert_ssc_error(ssc__crypt_open(&plain, c, SSC__SEAL_CARD, "row-2",
					 (uint8_t *)sealed.ptr, sealed.size),
			 SSC_ECORRUPT);
	assert_ssc_error(ssc__crypt_open(&plain, c, SSC__SEAL_JOURNAL, "row-1",
					 (uint8_t *)sealed.ptr, sealed.size),
			 SSC_ECORRUPT);
	/* Any flipped byte of the ciphertext or tag fails. */
	for (size_t i = 7; i < sealed.size; i += 5) {
		sealed.ptr[i] ^= 0x40;
		assert_ssc_error(ssc__crypt_open(&plain, c, SSC__SEAL_CARD,
						 "row-1", (uint8_t *)sealed.ptr,
						 sealed.size),
				 SSC_ECORRUPT);
		sealed.ptr[i] ^= 0x40;
	}
	/* Truncated or not sealed at all. */
	assert_ssc_error(ssc__crypt_open(&plain, c, SSC__SEAL_CARD, "row-1",
					 (uint8_t *)sealed.ptr, 10),
			 SSC_ECORRUPT);
	assert_ssc_error(ssc__crypt_open(&plain, c, SSC__SEAL_CARD, "row-1",
					 msg, sizeof(msg)),
			 SSC_ECORRUPT);
	ssc_buf_dispose(&sealed);
	ssc_buf_dispose(&plain);
	ssc__crypt_free(c);
}

static void
test_store_crypt_keys(void **state)
{
	ssc__crypt *old = NULL, *cur = NULL;
	ssc_buf sealed = SSC_BUF_INIT, plain = SSC_BUF_INIT;
	(void)state;

	assert_ssc_ok(ssc__crypt_new(&old, NULL, 0, 1, k1, ik));
	assert_ssc_ok(ssc__crypt_new(&cur, NULL, 0, 2, k2, ik));
	assert_ssc_ok(ssc__crypt_seal(&sealed, old, SSC__SEAL_MIRROR, "m",
				      (const uint8_t *)"x", 1));
	assert_ssc_error(ssc__crypt_open(&plain, cur, SSC__SEAL_MIRROR, "m",
					 (uint8_t *)sealed.ptr, sealed.size),
			 SSC_ENOKEY);
	/* The same id with the wrong bytes is a forgery, not a miss. */
	assert_ssc_error(ssc__crypt_add_key(cur, 2, k1), SSC_EEXISTS);
	assert_ssc_ok(ssc__crypt_add_key(cur, 1, k2));
	assert_ssc_error(ssc__crypt_open(&plain, cur, SSC__SEAL_MIRROR, "m",
					 (uint8_t *)sealed.ptr, sealed.size),
			 SSC_ECORRUPT);
	ssc__crypt_free(cur);
	assert_ssc_ok(ssc__crypt_new(&cur, NULL, 0, 2, k2, ik));
	assert_ssc_ok(ssc__crypt_add_key(cur, 1, k1));
	assert_ssc_ok(ssc__crypt_open(&plain, cur, SSC__SEAL_MIRROR, "m",
				      (uint8_t *)sealed.ptr, sealed.size));
	assert_memory_equal(plain.ptr, "x", 1);
	assert_int_equal(ssc__crypt_key_id(cur), 2);
	ssc_buf_dispose(&sealed);
	ssc_buf_dispose(&plain);
	ssc__crypt_free(old);
	ssc__crypt_free(cur);
	/* Unknown cipher ids are refused. */
	assert_ssc_error(ssc__crypt_new(&cur, NULL, 9, 1, k1, ik), SSC_EINVAL);
}

static void
test_store_crypt_blind_index(void **state)
{
	ssc__crypt *a = NULL, *b = NULL;
	uint8_t x[32], y[32], z[32];
	static const uint8_t ik2[32] = { 8 };
	(void)state;

	assert_ssc_ok(ssc__crypt_new(&a, NULL, 0, 1, k1, ik));
	assert_ssc_ok(ssc__crypt_new(&b, NULL, 0, 1, k1, ik2));
	assert_ssc_ok(ssc__crypt_blind(x, a, "11010519491231002X"));
	assert_ssc_ok(ssc__crypt_blind(y, a, " 11010519491231002x\t"));
	assert_memory_equal(x, y, 32);
	assert_ssc_ok(ssc__crypt_blind(z, a, "110105194912310038"));
	assert_memory_not_equal(x, z, 32);
	/* Another index key gives unrelated values. */
	assert_ssc_ok(ssc__crypt_blind(z, b, "11010519491231002X"));
	assert_memory_not_equal(x, z, 32);
	assert_ssc_error(ssc__crypt_blind(z, a, "   "), SSC_EINVAL);
	ssc__crypt_free(a);
	ssc__crypt_free(b);
}

/* Every allocation failure is reported and leaks nothing. */
static void
test_store_crypt_oom(void **state)
{
	ssc_test_alloc al = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &al, NULL);
	long k, baseline;
	(void)state;

	assert_non_null(ctx);
	baseline = al.live;
	for (k = 1;; k++) {
		ssc__crypt *c = NULL;
		ssc_buf s = SSC_BUF_INIT, p = SSC_BUF_INIT;
		ssc_status rc;

		al.calls = 0;
		al.fail_at = k;
		al.failures = 0;
		rc = ssc__crypt_new(&c, ctx, 0, 1, k1, ik);
		if (rc == SSC_OK)
			rc = ssc__crypt_seal(&s, c, SSC__SEAL_CARD, "r",
					     (const uint8_t *)"abc", 3);
		if (rc == SSC_OK)
			rc = ssc__crypt_open(&p, c, SSC__SEAL_CARD, "r",
					     (uint8_t *)s.ptr, s.size);
		ssc_buf_dispose(&s);
		ssc_buf_dispose(&p);
		ssc__crypt_free(c);
		if (al.live != baseline)
			print_error("leak at k=%ld rc=%d\n", k, rc);
		assert_int_equal(al.live, baseline);
		if (al.failures == 0) {
			assert_ssc_ok(rc);
			break;
		}
		assert_int_equal(rc, SSC_ENOMEM);
	}
	assert_true(k > 2);
	al.fail_at = 0;
	ssc_ctx_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_crypt_roundtrip_and_tamper),
		cmocka_unit_test(test_store_crypt_keys),
		cmocka_unit_test(test_store_crypt_blind_index),
		cmocka_unit_test(test_store_crypt_oom),
	};
	return cmocka_run_group_tests_name("store-crypt", tests, NULL, NULL);
}
