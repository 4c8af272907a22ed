/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Employer batches (argv[1]: memory or sqlite): a Chongqing 制卡明细表 in
 * UTF-8 and in GBK imported row by row with per-row verdicts (bad check
 * digit, duplicate person, missing photo), idempotent re-import, batch
 * status, production and collection of the whole batch by the employer's
 * agent, and the 96-hour auto-activation.
 */
#include "registry_fx.h"

#define CQ "500000"

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || fx_open(f, CQ, false))
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	fx_close(f);
	free(f);
	return 0;
}

static void
make_id(char out[19], const char *region, const char *birth, int serial,
	bool good)
{
	snprintf(out, 19, "%s%s%03d", region, birth, serial);
	out[17] = ssc_idnumber_check_char(out);
	if (!good)
		out[17] = out[17] == '1' ? '2' : '1';
	out[18] = '\0';
}

struct rows {
	int status[32];
	size_t line[32];
	int missing_photo;
	size_t n;
};

static ssc_status
on_row(const ssc_batch_row *row, void *payload)
{
	struct rows *r = payload;

	if (r->n < 32) {
		r->status[r->n] = row->status;
		r->line[r->n] = row->line;
		r->n++;
	}
	if (row->verdict) {
		size_t i;

		for (i = 0; i < ssc_verdict_material_count(row->verdict); i++) {
			const ssc_material *m =
				ssc_verdict_material(row->verdict, i);

			if (m->missing && strcmp(m->id, "batch_photos") == 0)
				r->missing_photo++;
		}
	}
	/* no full ID number in a message */
	assert_null(strstr(row->message, "19900101"));
	return SSC_OK;
}

static const ssc_presented_doc agent_docs[] = {
	{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_AGENT },
};
static const ssc_presented_material batch_mats[] = {
	{ "batch_file", SSC_MATERIAL_ELECTRONIC },
	{ "unit_letter", SSC_MATERIAL_SEALED },
};

static ssc_request
agent_req(struct fx *f, const char *batch)
{
	ssc_request q = fx_req(f, NULL, SSC_ACTOR_EMPLOYER_AGENT,
			       SSC_CHANNEL_WINDOW);

	q.docs = agent_docs;
	q.n_docs = 1;
	q.materials = batch_mats;
	q.n_materials = 2;
	q.batch_id = batch;
	q.actor_doc_type = SSC_DOC_SS_CARD;
	q.actor_doc_number = "A12345678";
	return q;
}

/* The file: header, a good adult, a bad check digit, a duplicate, an
 * adult without photo, a minor with register scans and no photo, and a
 * row in quotes with a comma in the name's field. */
static void
build_csv(char *out, size_t n, int base)
{
	char a[19], b[19], c[19], d[19], e[19];

	make_id(a, "500101", "19900101", base + 1, true);
	make_id(b, "500101", "19900101", base + 2, false);
	make_id(c, "500101", "19900101", base + 3, true);
	make_id(d, "500101", "20150101", base + 4, true);
	make_id(e, "500101", "19900101", base + 5, true);
	snprintf(out, n,
		 "姓名,社会保障号码,照片,身份证扫描件,户口本扫描件,联系电话\r\n"
		 "张三,%s,p1.jpg,s1.jpg,,13800000001\r\n"
		 "李四,%s,p2.jpg,s2.jpg,,\r\n"
		 "张三,%s,p1.jpg,s1.jpg,,\r\n"
		 "王五,%s,,s3.jpg,,\r\n"
		 "小明,%s,,,r4.jpg,\r\n"
		 "\"欧阳,娜娜\",%s,p5.jpg,s5.jpg,,\n",
		 a, b, a, c, d, e);
}

static void
check_rows(const struct rows *r)
{
	assert_int_equal(r->n, 6);
	assert_int_equal(r->status[0], SSC_OK);
	assert_int_equal(r->status[1], SSC_EBADID);
	assert_int_equal(r->status[2], SSC_EEXISTS);
	assert_int_equal(r->status[3], SSC_ENOTELIGIBLE);
	assert_int_equal(r->status[4], SSC_OK);
	assert_int_equal(r->status[5], SSC_OK);
	assert_int_equal(r->line[5], 7);
	assert_int_equal(r->missing_photo, 1);
}

static void
test_registry_batch_import_utf8_and_reimport(void **state)
{
	struct fx *f = *state;
	char csv[2048];
	struct rows r = { { 0 }, { 0 }, 0, 0 };
	ssc_request q = agent_req(f, "cq-batch-1");
	size_t ok = 0, bad = 0, counts[SSC_BATCH_STATE_COUNT];

	build_csv(csv, sizeof(csv), 10);
	assert_ssc_ok(ssc_registry_batch_import(&ok, &bad, f->reg, &q,
						(const uint8_t *)csv,
						strlen(csv), 0, on_row, &r));
	assert_int_equal(ok, 3);
	assert_int_equal(bad, 3);
	check_rows(&r);
	assert_ssc_ok(ssc_registry_batch_status(counts, f->reg, "cq-batch-1"));
	assert_int_equal(counts[SSC_CARD_STATE_SUBMITTED], 3);
	/* the same file and request again: nothing new */
	memset(&r, 0, sizeof(r));
	assert_ssc_ok(ssc_registry_batch_import(&ok, &bad, f->reg, &q,
						(const uint8_t *)csv,
						strlen(csv), 0, on_row, &r));
	check_rows(&r);
	assert_ssc_ok(ssc_registry_batch_status(counts, f->reg, "cq-batch-1"));
	assert_int_equal(counts[SSC_CARD_STATE_SUBMITTED], 3);
	/* no header, empty file */
	assert_ssc_error(ssc_registry_batch_import(
				 &ok, &bad, f->reg, &q,
				 (const uint8_t *)"a,b\n1,2\n", 8, 0, NULL,
				 NULL),
			 SSC_EPARSE);
	assert_ssc_error(ssc_registry_batch_import(&ok, &bad, f->reg, &q,
						   (const uint8_t *)"", 0, 0,
						   NULL, NULL),
			 SSC_EPARSE);
}

static void
test_registry_batch_import_gbk_file(void **state)
{
	struct fx *f = *state;
	char csv[2048], path[64];
	ssc_buf gbk = SSC_BUF_INIT;
	struct rows r = { { 0 }, { 0 }, 0, 0 };
	ssc_request q = agent_req(f, "cq-batch-gbk");
	size_t ok = 0, bad = 0;
	FILE *fp;

	build_csv(csv, sizeof(csv), 50);
	assert_ssc_ok(ssc_text_encode(&gbk, SSC_CHARSET_GBK, csv,
				      strlen(csv)));
	snprintf(path, sizeof(path), "/tmp/ssc-batch-%d.csv", (int)getpid());
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(gbk.ptr, 1, gbk.size, fp), gbk.size);
	fclose(fp);
	assert_ssc_ok(ssc_registry_batch_import_file(&ok, &bad, f->reg, &q,
						     path, 0, on_row, &r));
	unlink(path);
	ssc_buf_dispose(&gbk);
	assert_int_equal(ok, 3);
	check_rows(&r);
	assert_ssc_error(ssc_registry_batch_import_file(&ok, &bad, f->reg, &q,
							"/nonexistent/x.csv",
							0, NULL, NULL),
			 SSC_EOS);
}

static void
test_registry_batch_produce_collect_auto_activate(void **state)
{
	struct fx *f = *state;
	char csv[2048];
	ssc_request q = agent_req(f, "cq-batch-2");
	size_t ok = 0, bad = 0, done = 0, due = 0;
	size_t counts[SSC_BATCH_STATE_COUNT];

	build_csv(csv, sizeof(csv), 80);
	assert_ssc_ok(ssc_registry_batch_import(&ok, &bad, f->reg, &q,
						(const uint8_t *)csv,
						strlen(csv), 0, NULL, NULL));
	assert_int_equal(ok, 3);
	q = agent_req(f, "cq-batch-2");
	q.actor = SSC_ACTOR_SYSTEM;
	assert_ssc_ok(ssc_registry_batch_apply(&done, f->reg, &q,
					       SSC_EVENT_APPROVE));
	assert_int_equal(done, 3);
	q = agent_req(f, "cq-batch-2");
	assert_ssc_ok(ssc_registry_batch_apply(&done, f->reg, &q,
					       SSC_EVENT_GENERATE_DATA));
	q = agent_req(f, "cq-batch-2");
	assert_ssc_ok(ssc_registry_batch_apply(&done, f->reg, &q,
					       SSC_EVENT_START_PRODUCTION));
	assert_int_equal(done, 3);
	q = agent_req(f, "cq-batch-2");
	assert_ssc_ok(ssc_registry_batch_apply(&done, f->reg, &q,
					       SSC_EVENT_FINISH_PRODUCTION));
	assert_ssc_ok(ssc_registry_batch_status(counts, f->reg, "cq-batch-2"));
	assert_int_equal(counts[SSC_CARD_STATE_AWAITING_COLLECTION], 3);
	f->clock.now_ms += 10 * 24 * FX_HOUR;
	q = agent_req(f, "cq-batch-2");
	assert_ssc_ok(ssc_registry_batch_apply(&done, f->reg, &q,
					       SSC_EVENT_COLLECT_BATCH));
	assert_int_equal(done, 3);
	assert_ssc_ok(ssc_registry_batch_status(counts, f->reg, "cq-batch-2"));
	assert_int_equal(counts[SSC_CARD_STATE_ISSUED], 3);
	f->clock.now_ms += 96 * FX_HOUR;
	assert_ssc_ok(ssc_registry_process_due(&due, f->reg));
	assert_int_equal(due, 3);
	assert_ssc_ok(ssc_registry_batch_status(counts, f->reg, "cq-batch-2"));
	assert_int_equal(counts[SSC_CARD_STATE_ACTIVE], 3);
	q = agent_req(f, "cq-batch-2");
	assert_ssc_error(ssc_registry_batch_apply(&done, f->reg, &q,
						  SSC_EVENT_CANCEL),
			 SSC_EINVAL);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_registry_batch_import_utf8_and_reimport, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_batch_import_gbk_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_registry_batch_produce_collect_auto_activate,
			setup, teardown),
	};

	fx_parse_args(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
