/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Instant issuance through the in-process software card (argv[1]: memory
 * or sqlite): a blank card is personalised and the case recorded as
 * produced, collected and active in one flow; a failed chip step leaves
 * the case in production and a later call resumes it; a card whose chip
 * holds other data is never recorded as issued.
 */
#include "registry_fx.h"

#include <socialcard/sys/key_provider.h>

#define CQ "500000"

static const uint8_t ssse_df[15] = { 0x73, 0x78, 0x31, 0x2E, 0x73, 0x68,
				     0x2E, 0xC9, 0xE7, 0xBB, 0xE1, 0xB1,
				     0xA3, 0xD5, 0xCF };

struct ifx {
	struct fx f;
	ssc_reader *reader;
	ssc_reader_conn *conn;
	ssc_key_provider *kp;
};

static int
open_reader(struct ifx *x, const char *profile)
{
	char uri[512];
	const char *data = getenv("SSC_TEST_DATA");

	if (profile)
		snprintf(uri, sizeof(uri), "sim:%s/registry/%s",
			 data ? data : "tests/data", profile);
	else
		snprintf(uri, sizeof(uri), "sim:");
	if (ssc_reader_open(&x->reader, x->f.ctx, uri))
		return -1;
	return ssc_reader_connect(&x->conn, x->reader, NULL, 0) ? -1 : 0;
}

static int
setup(void **state)
{
	struct ifx *x = calloc(1, sizeof(*x));
	uint8_t good[16], bad[16];

	if (!x || fx_open(&x->f, CQ, false) || open_reader(x, "blank-card.json"))
		return -1;
	memset(good, 0x11, 16);
	memset(bad, 0x77, 16);
	if (ssc_key_provider_soft_new(&x->kp, x->f.ctx) ||
	    ssc_key_provider_soft_add(x->kp, "perso", SSC_KEY_TYPE_DES, good,
				      16) ||
	    ssc_key_provider_soft_add(x->kp, "wrong", SSC_KEY_TYPE_DES, bad,
				      16))
		return -1;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct ifx *x = *state;

	ssc_key_provider_free(x->kp);
	ssc_reader_disconnect(x->conn, SSC_DISPOSITION_LEAVE);
	ssc_reader_free(x->reader);
	fx_close(&x->f);
	free(x);
	return 0;
}

/* An approved window application. */
static void
approved(struct fx *f, int serial, char id[40])
{
	ssc_person *p = fx_person(f, "500101", 19900101, serial);
	ssc_request q = fx_req(f, NULL, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	ssc_result *r = NULL;

	assert_ssc_ok(ssc_registry_apply(&r, f->reg, &q, p));
	snprintf(id, 40, "%s", ssc_result_card_id(r));
	ssc_result_free(r);
	ssc_person_free(p);
	q = fx_req(f, id, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	FX_OK(ssc_registry_approve(&fx_r, f->reg, &q));
}

/* The card number on the chip (SELECT SSSE, READ RECORD EF05 tag 07). */
static void
chip_number(ssc_reader_conn *conn, char out[10])
{
	uint8_t sel[5 + 15] = { 0x00, 0xA4, 0x04, 0x00, 15 };
	static const uint8_t rd[5] = { 0x00, 0xB2, 0x07, 0x28, 0x0B };
	ssc_buf resp = SSC_BUF_INIT;

	memcpy(sel + 5, ssse_df, 15);
	assert_ssc_ok(ssc_reader_transmit_raw(&resp, conn, sel, sizeof(sel)));
	assert_ssc_ok(ssc_reader_transmit_raw(&resp, conn, rd, sizeof(rd)));
	assert_int_equal(resp.size, 13);
	assert_int_equal((uint8_t)resp.ptr[0], 0x07);
	assert_int_equal((uint8_t)resp.ptr[11], 0x90);
	memcpy(out, resp.ptr + 2, 9);
	out[9] = '\0';
	ssc_buf_dispose(&resp);
}

static void
test_registry_issue_instant_personalises_and_activates(void **state)
{
	struct ifx *x = *state;
	struct fx *f = &x->f;
	char id[40], num[10];
	ssc_request q;
	ssc_result *r = NULL;
	ssc_card *c = NULL;
	ssc_lc_states st;

	approved(f, 1, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_ssc_ok(ssc_registry_issue_instant(&r, f->reg, &q, x->conn,
						 x->kp, "perso"));
	assert_ssc_ok(ssc_result_states(&st, r));
	assert_int_equal(st.card, SSC_CARD_STATE_ACTIVE);
	assert_int_equal(st.ecard, SSC_CARD_STATE_ACTIVE);
	ssc_result_free(r);
	assert_int_equal(fx_journal_len(f, id), 6);
	assert_ssc_ok(ssc_registry_load_card(&c, f->reg, id));
	assert_non_null(ssc_card_identifier(c));
	assert_memory_equal(ssc_card_identifier(c), "500000D156000005", 16);
	chip_number(x->conn, num);
	assert_string_equal(num, ssc_card_number(c));
	ssc_card_free(c);
	/* the same request again: the recorded result */
	assert_ssc_ok(ssc_registry_issue_instant(&r, f->reg, &q, x->conn,
						 x->kp, "perso"));
	assert_true(ssc_result_replayed(r));
	ssc_result_free(r);
	assert_int_equal(fx_journal_len(f, id), 6);
}

static void
test_registry_issue_instant_resumes_after_chip_failure(void **state)
{
	struct ifx *x = *state;
	struct fx *f = &x->f;
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;

	approved(f, 2, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	/* the personalisation key is wrong: the chip refuses */
	assert_true(ssc_registry_issue_instant(&r, f->reg, &q, x->conn, x->kp,
					       "wrong") < 0);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_IN_PRODUCTION);
	assert_int_equal(fx_journal_len(f, id), 3);
	/* again, with the right key: resumed from production */
	assert_ssc_ok(ssc_registry_issue_instant(&r, f->reg, &q, x->conn,
						 x->kp, "perso"));
	ssc_result_free(r);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_ACTIVE);
	assert_int_equal(fx_journal_len(f, id), 6);
}

static void
test_registry_issue_instant_refuses_a_personalised_card(void **state)
{
	struct ifx *x = *state;
	struct fx *f = &x->f;
	char id[40];
	ssc_request q;
	ssc_result *r = NULL;

	/* the built-in sim card is already personalised for someone else */
	ssc_reader_disconnect(x->conn, SSC_DISPOSITION_LEAVE);
	ssc_reader_free(x->reader);
	x->conn = NULL;
	x->reader = NULL;
	assert_int_equal(open_reader(x, NULL), 0);
	approved(f, 3, id);
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	assert_true(ssc_registry_issue_instant(&r, f->reg, &q, x->conn, x->kp,
					       "perso") < 0);
	assert_int_equal(fx_state(f, id), SSC_CARD_STATE_IN_PRODUCTION);
	assert_int_equal(fx_journal_len(f, id), 3);
	/* a card not approved */
	q = fx_req(f, id, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.card_id = "00000000-0000-4000-8000-000000000000";
	assert_ssc_error(ssc_registry_issue_instant(&r, f->reg, &q, x->conn,
						    x->kp, "perso"),
			 SSC_ENOTFOUND);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_registry_issue_instant_personalises_and_activates,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_issue_instant_resumes_after_chip_failure,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_issue_instant_refuses_a_personalised_card,
			setup, teardown),
	};

	fx_parse_args(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
