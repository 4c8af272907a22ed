/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The reader front-end: vtable registration (versions, required methods,
 * ownership on success only), URI parsing errors, argument checks, and
 * connections outliving their reader handle.
 */
#include "reader_test_util.h"

#include <socialcard/sys/reader_backend.h>

/* A minimal backend that counts calls. */
typedef struct {
	ssc_reader_backend parent;
	int frees;
	int disconnects;
} fake_backend;

static fake_backend *last_fake;

static ssc_status
fake_list(ssc_reader_backend *be, ssc_buf *out)
{
	(void)be;
	return ssc_buf_set(out, "one\0two\0", 8);
}

static ssc_reader_backend_conn fake_conn_obj = {
	SSC_READER_BACKEND_CONN_VERSION, NULL, SSC_PROTOCOL_T1,
	SSC_INTERFACE_CONTACT, "one"
};

static ssc_status
fake_connect(ssc_reader_backend_conn **out, ssc_reader_backend *be,
	     const char *reader, int mode)
{
	(void)be;
	(void)reader;
	assert_in_range(mode, 1, 4);
	*out = &fake_conn_obj;
	return SSC_OK;
}

static ssc_status
fake_transmit(ssc_reader_backend_conn *c, const uint8_t *cmd, size_t len,
	      uint8_t *resp, size_t *resp_len)
{
	(void)c;
	(void)cmd;
	/* echo INS as data, then 9000; a 1-byte answer for INS FF */
	if (cmd[1] == 0xFF) {
		resp[0] = 0x90;
		*resp_len = 1;
		return SSC_OK;
	}
	resp[0] = cmd[1];
	resp[1] = 0x90;
	resp[2] = 0x00;
	*resp_len = 3;
	(void)len;
	return SSC_OK;
}

static ssc_status
fake_disconnect(ssc_reader_backend_conn *c, int how)
{
	(void)c;
	(void)how;
	last_fake->disconnects++;
	return SSC_OK;
}

static void
fake_free(ssc_reader_backend *be)
{
	((fake_backend *)be)->frees++;
}

static void
fake_init(fake_backend *f)
{
	memset(f, 0, sizeof(*f));
	assert_ssc_ok(ssc_reader_backend_init(&f->parent,
					      SSC_READER_BACKEND_VERSION));
	f->parent.name = "fake";
	f->parent.list_readers = fake_list;
	f->parent.connect = fake_connect;
	f->parent.transmit = fake_transmit;
	f->parent.disconnect = fake_disconnect;
	f->parent.free = fake_free;
	last_fake = f;
}

static void
test_reader_register_versions(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	fake_backend f;
	ssc_reader *r = NULL;

	(void)state;
	fake_init(&f);
	f.parent.version = 0;
	assert_ssc_error(ssc_reader_new(&r, ctx, &f.parent), SSC_EVERSION);
	f.parent.version = SSC_READER_BACKEND_VERSION + 1;
	assert_ssc_error(ssc_reader_new(&r, ctx, &f.parent), SSC_EVERSION);
	assert_null(r);
	assert_int_equal(f.frees, 0); /* not taken on failure */
	assert_null(f.parent.ctx);
	assert_ssc_error(ssc_reader_backend_init(&f.parent, 0), SSC_EVERSION);
	assert_ssc_error(ssc_reader_backend_init(&f.parent, 99), SSC_EVERSION);
	ssc_ctx_free(ctx);
}

static void
test_reader_register_required_methods(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	fake_backend f;
	ssc_reader *r = NULL;

	(void)state;
	fake_init(&f);
	f.parent.transmit = NULL;
	assert_ssc_error(ssc_reader_new(&r, ctx, &f.parent), SSC_EINVAL);
	fake_init(&f);
	f.parent.name = NULL;
	assert_ssc_error(ssc_reader_new(&r, ctx, &f.parent), SSC_EINVAL);
	assert_int_equal(f.frees, 0);
	ssc_ctx_free(ctx);
}

static void
test_reader_register_takes_ownership(void **state)
{
	ssc_test_alloc alloc = { 0, 0, 0, 0 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, &alloc, NULL);
	fake_backend f;
	ssc_reader *r = NULL, *r2 = NULL;
	ssc_buf names = SSC_BUF_INIT;

	(void)state;
	fake_init(&f);
	assert_ssc_ok(ssc_reader_new(&r, ctx, &f.parent));
	assert_ptr_equal(f.parent.ctx, ctx);
	assert_string_equal(ssc_reader_backend_name(r), "fake");
	/* attached: a second registration is refused */
	assert_ssc_error(ssc_reader_new(&r2, ctx, &f.parent), SSC_EINVAL);
	assert_ssc_ok(ssc_reader_list(&names, r));
	assert_int_equal(names.size, 8);
	assert_memory_equal(names.ptr, "one\0two\0", 8);
	ssc_buf_dispose(&names);
	ssc_reader_free(r);
	assert_int_equal(f.frees, 1);
	ssc_ctx_free(ctx);
	assert_int_equal(alloc.live, 0);
}

static void
test_reader_conn_outlives_reader(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	fake_backend f;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;

	(void)state;
	fake_init(&f);
	assert_ssc_ok(ssc_reader_new(&r, ctx, &f.parent));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_int_equal(ssc_reader_conn_protocol(c), SSC_PROTOCOL_T1);
	assert_int_equal(ssc_reader_conn_interface(c), SSC_INTERFACE_CONTACT);
	assert_string_equal(ssc_reader_conn_reader_name(c), "one");
	ssc_reader_free(r);
	assert_int_equal(f.frees, 0);
	assert_xmit(c, "00B20000", "B29000");
	/* no ATR method: refused, not invented */
	{
		ssc_buf atr = SSC_BUF_INIT;

		assert_ssc_error(ssc_reader_conn_atr(&atr, c),
				 SSC_ENOTSUPPORTED);
	}
	assert_ssc_error(ssc_reader_begin_transaction(c), SSC_ENOTSUPPORTED);
	assert_ssc_ok(ssc_reader_disconnect(c, SSC_DISPOSITION_RESET));
	assert_int_equal(f.disconnects, 1);
	assert_int_equal(f.frees, 1);
	ssc_ctx_free(ctx);
}

static void
test_reader_transmit_checks(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	fake_backend f;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	ssc_buf out = SSC_BUF_INIT;
	const uint8_t cmd[4] = { 0, 0xFF, 0, 0 };
	unsigned int ev;
	char resp[64];

	(void)state;
	fake_init(&f);
	assert_ssc_ok(ssc_reader_new(&r, ctx, &f.parent));
	assert_ssc_error(ssc_reader_connect(&c, r, NULL, 5), SSC_EINVAL);
	assert_ssc_error(ssc_reader_connect(&c, r, NULL, -1), SSC_EINVAL);
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL,
					 SSC_READER_MODE_CONTACT));
	assert_ssc_error(ssc_reader_transmit_raw(&out, c, cmd, 3), SSC_EINVAL);
	/* a backend answering 1 byte is a protocol error */
	assert_ssc_error(ssc_reader_transmit_raw(&out, c, cmd, 4),
			 SSC_EPROTOCOL);
	assert_int_equal(rt_xmit(c, "00A40000", resp), SSC_OK);
	assert_ssc_error(ssc_reader_end_transaction(c, 7), SSC_EINVAL);
	assert_ssc_error(ssc_reader_wait_event(&ev, r, NULL, 0),
			 SSC_ENOTSUPPORTED);
	assert_ssc_error(ssc_reader_cancel(r), SSC_ENOTSUPPORTED);
	assert_ssc_ok(ssc_reader_disconnect(c, SSC_DISPOSITION_LEAVE));
	assert_ssc_ok(ssc_reader_disconnect(NULL, SSC_DISPOSITION_LEAVE));
	ssc_reader_free(r);
	ssc_reader_free(NULL);
	ssc_ctx_free(ctx);
}

static void
test_reader_uri_errors(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_reader *r = NULL;
	int rc;

	(void)state;
	assert_ssc_error(ssc_reader_open(&r, ctx, NULL), SSC_EINVAL);
	assert_ssc_error(ssc_reader_open(&r, ctx, ""), SSC_EINVAL);
	assert_ssc_error(ssc_reader_open(&r, ctx, "bogus:x"), SSC_EINVAL);
	assert_ssc_error(ssc_reader_open(&r, ctx, "pcscx:"), SSC_EINVAL);
	assert_ssc_error(ssc_reader_open(&r, ctx, "replay:"), SSC_EINVAL);
	assert_ssc_error(ssc_reader_open(&r, ctx, "replay-strict:"),
			 SSC_EINVAL);
	assert_ssc_error(ssc_reader_open(&r, ctx, "replay:/nonexistent/t"),
			 SSC_EOS);
	assert_ssc_error(ssc_reader_open(&r, ctx, "sim:/nonexistent/p.json"),
			 SSC_EOS);
	assert_null(r);
	assert_ssc_ok(ssc_reader_open(&r, ctx, "sim:"));
	assert_string_equal(ssc_reader_backend_name(r), "sim");
	ssc_reader_free(r);
	/* pcsc: opens when a service runs, else a reader error; never a
	 * crash, and never success without a backend */
	r = NULL;
	rc = ssc_reader_open(&r, ctx, "pcsc:");
	if (rc == SSC_OK) {
		assert_string_equal(ssc_reader_backend_name(r), "pcsc");
		ssc_reader_free(r);
	} else {
		assert_true(rc == SSC_EREADER || rc == SSC_ENOTSUPPORTED);
		assert_null(r);
	}
	ssc_ctx_free(ctx);
}

/* Every allocation failure on the way to an answer is a clean
 * SSC_ENOMEM that leaks nothing. */
static void
test_reader_allocation_failures(void **state)
{
	long k;
	int successes = 0;

	(void)state;
	for (k = 1; k < 200; k++) {
		ssc_test_alloc alloc = { 0, 0, 0, 0 };
		ssc_ctx *ctx = ssc_test_ctx(NULL, &alloc, NULL);
		ssc_reader *r = NULL;
		ssc_reader_conn *c = NULL;
		ssc_buf out = SSC_BUF_INIT;
		static const uint8_t cmd[] = { 0x00, 0xA4, 0x00, 0x00, 0x02,
					       0x3F, 0x00 };
		int rc;

		assert_non_null(ctx);
		alloc.fail_at = alloc.calls + k;
		rc = ssc_reader_open(&r, ctx, "sim:");
		if (rc == SSC_OK)
			rc = ssc_reader_connect(&c, r, NULL, 0);
		if (rc == SSC_OK)
			rc = ssc_reader_transmit_raw(&out, c, cmd, sizeof(cmd));
		if (rc == SSC_OK)
			successes++;
		else
			assert_int_equal(rc, SSC_ENOMEM);
		ssc_buf_dispose(&out);
		ssc_reader_disconnect(c, 0);
		ssc_reader_free(r);
		ssc_ctx_free(ctx);
		assert_int_equal(alloc.live, 0);
		if (alloc.failures == 0)
			break; /* past the last allocation */
	}
	assert_true(successes >= 1);
	assert_true(k > 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_register_versions),
		cmocka_unit_test(test_reader_register_required_methods),
		cmocka_unit_test(test_reader_register_takes_ownership),
		cmocka_unit_test(test_reader_conn_outlives_reader),
		cmocka_unit_test(test_reader_transmit_checks),
		cmocka_unit_test(test_reader_uri_errors),
		cmocka_unit_test(test_reader_allocation_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
