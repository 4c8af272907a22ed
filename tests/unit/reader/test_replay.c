/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The replay backend and the recorder: response-only traces, two-way
 * traces in strict mode (a differing command is an error), the recorder
 * masking PIN data, a recorded card removal, and malformed traces.
 */
#include <unistd.h>

#include "reader_test_util.h"
#include "reader/reader_int.h"

#define SSSE "00A404000F7378312E73682EC9E7BBE1B1A3D5CF"

static ssc_reader *
open_bytes(ssc_ctx *ctx, const uint8_t *data, size_t n, uint32_t flags,
	   int want)
{
	ssc_replay_options o = SSC_REPLAY_OPTIONS_INIT;
	ssc_reader_backend *be = NULL;
	ssc_reader *r = NULL;

	o.data = data;
	o.size = n;
	o.flags = flags;
	if (want != SSC_OK) {
		assert_ssc_error(ssc_reader_backend_replay_new(&be, ctx, &o),
				 want);
		assert_null(be);
		return NULL;
	}
	assert_ssc_ok(ssc_reader_backend_replay_new(&be, ctx, &o));
	assert_ssc_ok(ssc_reader_new(&r, ctx, be));
	return r;
}

static void
test_replay_response_only(void **state)
{
	/* ATR 3B 02 14 50, then 6118, then the FCI + 9000 */
	static const uint8_t t[] = { 0x00, 0x04, 0x3B, 0x02, 0x14, 0x50,
				     0x00, 0x02, 0x61, 0x18,
				     0x00, 0x03, 0x01, 0x90, 0x00 };
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_reader *r = open_bytes(ctx, t, sizeof(t), 0, SSC_OK);
	ssc_reader_conn *c = NULL;
	ssc_buf atr = SSC_BUF_INIT, names = SSC_BUF_INIT;
	char hex[64];

	(void)state;
	assert_ssc_ok(ssc_reader_list(&names, r));
	assert_string_equal(names.ptr, "replay");
	ssc_buf_dispose(&names);
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_ssc_ok(ssc_reader_conn_atr(&atr, c));
	assert_int_equal(atr.size, 4);
	assert_memory_equal(atr.ptr, "\x3B\x02\x14\x50", 4);
	ssc_buf_dispose(&atr);
	/* any command gets the next response */
	assert_xmit(c, SSSE, "6118");
	assert_xmit(c, "00C0000018", "019000");
	assert_ssc_error(rt_xmit(c, "00C0000018", hex), SSC_ECARDREMOVED);
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	/* strict mode needs commands in the trace */
	open_bytes(ctx, t, sizeof(t), SSC_REPLAY_STRICT, SSC_EINVAL);
	ssc_reader_free(r);
	ssc_ctx_free(ctx);
}

static void
test_replay_malformed_traces(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	static const uint8_t truncated[] = { 0x00, 0x04, 0x3B, 0x02 };
	static const uint8_t half_header[] = { 0x00, 0x02, 0x3B, 0x00, 0x00 };
	static const uint8_t short_atr[] = { 0x00, 0x01, 0x3B };
	static const uint8_t bad_type[] = { 'S', 'S', 'C', 'T', 'R', 'C', '1',
					    '\n', 'A', 0x00, 0x02, 0x3B, 0x00,
					    'Z', 0x00, 0x00 };
	static const uint8_t no_atr[] = { 'S', 'S', 'C', 'T', 'R', 'C', '1',
					  '\n', 'C', 0x00, 0x04, 0, 0, 0, 0 };
	static const uint8_t masked_not_pin[] = {
		'S', 'S', 'C', 'T', 'R', 'C', '1', '\n', 'A', 0x00, 0x02, 0x3B,
		0x00, 'P', 0x00, 0x08, 0x00, 0xE3, 0x00, 0x00, 0x03, 0xFF,
		0xFF, 0xFF
	};
	static const uint8_t short_cmd[] = { 'S', 'S', 'C', 'T', 'R', 'C', '1',
					     '\n', 'A', 0x00, 0x02, 0x3B, 0x00,
					     'C', 0x00, 0x03, 0x00, 0xA4, 0x00 };
	static const uint8_t bad_err[] = { 'S', 'S', 'C', 'T', 'R', 'C', '1',
					   '\n', 'A', 0x00, 0x02, 0x3B, 0x00,
					   'E', 0x00, 0x01, 0x01 };

	(void)state;
	open_bytes(ctx, truncated, sizeof(truncated), 0, SSC_EPARSE);
	open_bytes(ctx, half_header, sizeof(half_header), 0, SSC_EPARSE);
	open_bytes(ctx, short_atr, sizeof(short_atr), 0, SSC_EPARSE);
	open_bytes(ctx, bad_type, sizeof(bad_type), 0, SSC_EPARSE);
	open_bytes(ctx, no_atr, sizeof(no_atr), 0, SSC_EPARSE);
	open_bytes(ctx, bad_err, sizeof(bad_err), 0, SSC_EPARSE);
	open_bytes(ctx, masked_not_pin, sizeof(masked_not_pin), 0, SSC_EPARSE);
	open_bytes(ctx, short_cmd, sizeof(short_cmd), 0, SSC_EPARSE);
	open_bytes(ctx, NULL, 0, 0, SSC_EINVAL);
	ssc_ctx_free(ctx);
}

/* Record a session against the sim card, through the recorder. */
static void
record_session(ssc_ctx *ctx, const char *path, bool pull_card)
{
	ssc_reader_backend *sim = NULL, *rec = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;
	char hex[64];

	assert_ssc_ok(ssc_reader_backend_sim_new(&sim, ctx, NULL));
	assert_ssc_ok(ssc_reader_backend_recorder_new(&rec, ctx, sim, path));
	assert_ssc_ok(ssc_reader_new(&r, ctx, rec));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_xmit(c, SSSE, "6118");
	assert_xmit(c, "0020000003123456", "9000");
	assert_xmit(c, "805E010007123456FF654321", "9000");
	assert_xmit(c, "00B2012812",
		    "0110330100D1560000050A1B2C3D5E6F70819000");
	if (pull_card) {
		assert_ssc_ok(ssc__sim_backend_set_present(sim, false));
		assert_ssc_error(rt_xmit(c, "00B2033006", hex),
				 SSC_ECARDREMOVED);
	}
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	ssc_reader_free(r);
}

static bool
contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t k)
{
	size_t i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

static void
test_replay_recorder_masks_pin(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	char path[] = "/tmp/ssc-trace-XXXXXX";
	int fd = mkstemp(path);
	ssc_buf file = SSC_BUF_INIT;
	static const uint8_t pin1[] = { 0x12, 0x34, 0x56 };
	static const uint8_t pin2[] = { 0x65, 0x43, 0x21 };
	static const uint8_t masked_verify[] = { 'P', 0x00, 0x08, 0x00, 0x20,
						 0x00, 0x00, 0x03, 0xFF, 0xFF,
						 0xFF };

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	record_session(ctx, path, false);
	assert_ssc_ok(ssc__read_file(&file, path, 1 << 20));
	assert_memory_equal(file.ptr, SSC__TRACE_MAGIC, SSC__TRACE_MAGIC_LEN);
	assert_false(contains((uint8_t *)file.ptr, file.size, pin1, 3));
	assert_false(contains((uint8_t *)file.ptr, file.size, pin2, 3));
	assert_true(contains((uint8_t *)file.ptr, file.size, masked_verify,
			     sizeof(masked_verify)));
	ssc_buf_dispose(&file);
	unlink(path);
	ssc_ctx_free(ctx);
}

static void
test_replay_strict_reruns_recording(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	char path[] = "/tmp/ssc-trace-XXXXXX";
	char uri[64], hex[64];
	int fd = mkstemp(path);
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	record_session(ctx, path, true);
	snprintf(uri, sizeof(uri), "replay-strict:%s", path);
	/* the same commands: the same answers, then the recorded removal */
	assert_ssc_ok(ssc_reader_open(&r, ctx, uri));
	assert_ssc_ok(ssc_reader_connect(&c, r, "replay", 0));
	assert_int_equal(ssc_reader_conn_protocol(c), SSC_PROTOCOL_T0);
	assert_xmit(c, SSSE, "6118");
	/* masked PIN: any PIN of the same shape matches */
	assert_xmit(c, "0020000003999999", "9000");
	assert_xmit(c, "805E010007111111FF222222", "9000");
	assert_xmit(c, "00B2012812",
		    "0110330100D1560000050A1B2C3D5E6F70819000");
	assert_ssc_error(rt_xmit(c, "00B2033006", hex), SSC_ECARDREMOVED);
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	/* a different command is an error in strict mode */
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_xmit(c, SSSE, "6118");
	assert_ssc_error(rt_xmit(c, "0020000002123456", hex), SSC_EPROTOCOL);
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	ssc_reader_free(r);
	/* lenient mode ignores the commands */
	snprintf(uri, sizeof(uri), "replay:%s", path);
	assert_ssc_ok(ssc_reader_open(&r, ctx, uri));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_xmit(c, "00A40000023F00", "6118");
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	ssc_reader_free(r);
	unlink(path);
	ssc_ctx_free(ctx);
}

/* A recording of two sessions replays as two sessions. */
static void
test_replay_two_sessions(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	char path[] = "/tmp/ssc-trace-XXXXXX";
	char uri[64];
	int fd = mkstemp(path);
	ssc_reader_backend *sim = NULL, *rec = NULL;
	ssc_reader *r = NULL;
	ssc_reader_conn *c = NULL;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_ssc_ok(ssc_reader_backend_sim_new(&sim, ctx, NULL));
	assert_ssc_ok(ssc_reader_backend_recorder_new(&rec, ctx, sim, path));
	assert_ssc_ok(ssc_reader_new(&r, ctx, rec));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_xmit(c, SSSE, "6118");
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_xmit(c, "00A40000023F00", "9000");
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	ssc_reader_free(r);

	snprintf(uri, sizeof(uri), "replay-strict:%s", path);
	assert_ssc_ok(ssc_reader_open(&r, ctx, uri));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_xmit(c, SSSE, "6118");
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	assert_ssc_ok(ssc_reader_connect(&c, r, NULL, 0));
	assert_xmit(c, "00A40000023F00", "9000");
	assert_ssc_ok(ssc_reader_disconnect(c, 0));
	ssc_reader_free(r);
	unlink(path);
	ssc_ctx_free(ctx);
}

static void
test_replay_recorder_ownership(void **state)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_reader_backend *sim = NULL, *rec = NULL;

	(void)state;
	assert_ssc_ok(ssc_reader_backend_sim_new(&sim, ctx, NULL));
	/* failure: the inner backend stays the caller's */
	assert_ssc_error(ssc_reader_backend_recorder_new(&rec, ctx, sim,
							 "/nonexistent/t"),
			 SSC_EOS);
	assert_null(rec);
	sim->free(sim);
	ssc_ctx_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_response_only),
		cmocka_unit_test(test_replay_malformed_traces),
		cmocka_unit_test(test_replay_recorder_masks_pin),
		cmocka_unit_test(test_replay_strict_reruns_recording),
		cmocka_unit_test(test_replay_two_sessions),
		cmocka_unit_test(test_replay_recorder_ownership),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
