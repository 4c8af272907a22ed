/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `socialcard demo`: one person through the whole life of a card on the
 * embedded default — a fresh SQLite store (temporary directory, random
 * keys held in memory) and the in-process software card (`sim:`) — with
 * every step's verdict, the materials, the chip read-back and the journal
 * printed; exit 0 only when every step did what it should.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdarg.h>

#include <socialcard/sys/reader_backend.h>

#include "cli.h"

int cli_journal_table(struct cli *c, ssc_store *store, const char *card_id,
		      bool json, size_t *out_count);

struct demo {
	struct cli *c;
	ssc_registry *reg;
	int step, failed;
	char card[40], new_card[40];
	char rid[40];
	int seq;
};

static const ssc_presented_doc holder_docs[] = {
	{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
	{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
};
static const ssc_presented_doc agent_docs[] = {
	{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
	{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_AGENT },
};
static const ssc_presented_material holder_mats[] = {
	{ "photo", 0 },
	{ "application_form", SSC_MATERIAL_SIGNED },
	{ "fee_payment", 0 },
};
static const char *const evidence[] = { "scan:demo-credential",
					"scene:demo-window", "pad:demo-sig" };

static ssc_request
req(struct demo *d, const char *card, int actor, int channel)
{
	ssc_request q;

	ssc_request_init(&q, SSC_REQUEST_VERSION);
	snprintf(d->rid, sizeof(d->rid), "demo-%04d", ++d->seq);
	q.request_id = d->rid;
	q.card_id = card;
	q.actor = actor;
	q.channel = channel;
	q.actor_doc_type = SSC_DOC_RESIDENT_ID;
	q.acceptance_operator = "teller-01";
	q.processing_operator = "clerk-02";
	if (actor == SSC_ACTOR_HOLDER) {
		q.docs = holder_docs;
		q.n_docs = 2;
		q.materials = holder_mats;
		q.n_materials = 3;
	}
	q.evidence = SSC_EVIDENCE_CREDENTIAL_IMAGES | SSC_EVIDENCE_SCENE_IMAGES |
		     SSC_EVIDENCE_SIGNATURE;
	q.evidence_refs = evidence;
	q.n_evidence_refs = 3;
	return q;
}

static void
heading(struct demo *d, const char *zh, const char *en)
{
	printf("\n[%2d] %s\n", ++d->step, cli_tr(d->c, zh, en));
}

static void
ok_line(struct demo *d, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
ok_line(struct demo *d, bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("     %s ", ok ? "✔" : "✘");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		d->failed++;
}

/* Run one service; `want` is the status it should give. */
static bool
service(struct demo *d, const char *zh, const char *en, ssc_status want,
	ssc_status (*fn)(ssc_result **, ssc_registry *, const ssc_request *),
	const ssc_request *q, ssc_result **keep)
{
	ssc_result *r = NULL;
	ssc_lc_states st = SSC_LC_STATES_INIT;
	char states[160];
	ssc_status rc;

	heading(d, zh, en);
	rc = fn(&r, d->reg, q);
	if (r && ssc_result_verdict(r))
		cli_print_verdict(d->c, ssc_result_verdict(r), "     │ ");
	if (rc == SSC_OK) {
		ssc_result_states(&st, r);
		cli_states_text(states, sizeof(states), &st);
		ok_line(d, want == SSC_OK, "%s → %s",
			ssc_event_name(ssc_result_event(r)), states);
	} else {
		ok_line(d, rc == want, "%s: %s (%s)",
			rc == want ? cli_tr(d->c, "按规定拒绝", "refused as it should be")
				   : cli_tr(d->c, "失败", "FAILED"),
			ssc_error_last()->message, ssc_error_name(rc));
	}
	if (keep && rc == SSC_OK)
		*keep = r;
	else
		ssc_result_free(r);
	return rc == want;
}

/* Personalise the blank software card from the registry's record and read
 * it back through ssc_card_read(); then change the PIN on the chip. */
static void
chip_steps(struct demo *d, ssc_ctx *ctx)
{
	static const char profile[] =
		"{\"description\": \"demo blank card\", \"generation\": 2,"
		" \"blank\": true}";
	static const char *const keys =
		"update des 77777777777777777777777777777777\n";
	ssc_sim_options so = SSC_SIM_OPTIONS_INIT;
	ssc_reader_backend *be = NULL;
	ssc_reader *rd = NULL;
	ssc_reader_conn *conn = NULL;
	ssc_key_provider *kp = NULL;
	ssc_card *rec = NULL, *w = NULL, *read = NULL;
	ssc_person *holder = NULL;
	uint8_t ident[16] = { 0x50, 0x01, 0x00, 0xD1, 0x56, 0x00, 0x00, 0x05 };
	char m1[40], m2[40], n1[64];
	int tries = -1;
	ssc_status rc;

	heading(d, "制卡: 个人化软件卡 (sim:)", "personalise the software card (sim:)");
	so.profile_json = profile;
	rc = ssc_registry_load_card(&rec, d->reg, d->card);
	if (!rc)
		rc = ssc_card_dup(&w, rec);
	if (!rc)
		rc = ssc_person_dup(&holder, ssc_card_holder(rec));
	if (!rc && !ssc_person_ethnicity(holder))
		rc = ssc_person_set_ethnicity(holder, 1);
	if (!rc)
		rc = ssc_card_set_holder(w, holder);
	if (!rc && !ssc_card_identifier(w)) {
		if (RAND_bytes(ident + 8, 8) != 1)
			rc = SSC_ECRYPTO;
		else
			rc = ssc_card_set_identifier(w, ident);
	}
	if (!rc && !ssc_card_spec_version(w))
		rc = ssc_card_set_spec_version(w, "2.00");
	if (!rc && !ssc_card_issue_date(w))
		rc = ssc_card_set_dates(w, 20250303, 20350303);
	if (!rc)
		rc = ssc_reader_backend_sim_new(&be, ctx, &so);
	if (!rc) {
		rc = ssc_reader_new(&rd, ctx, be);
		if (rc)
			be->free(be);
	}
	if (!rc)
		rc = ssc_reader_connect(&conn, rd, NULL,
					SSC_READER_MODE_CONTACT);
	if (!rc)
		rc = ssc_key_provider_soft_new(&kp, ctx);
	if (!rc)
		rc = ssc_key_provider_soft_load_memory(kp, keys, strlen(keys));
	if (!rc)
		rc = ssc_card_personalize(conn, w, kp, "update");
	ok_line(d, rc == SSC_OK, "%s%s%s",
		rc ? ssc_error_last()->message : "",
		rc ? "" : "EF05/EF06 ",
		rc ? "" : cli_tr(d->c, "已写入 (UPDATE RECORD + MAC)",
				 "written (UPDATE RECORD + MAC)"));
	if (rc)
		goto out;

	heading(d, "读卡: ssc_card_read()", "read the card: ssc_card_read()");
	rc = ssc_card_read(&read, NULL, conn, NULL);
	if (rc) {
		ok_line(d, false, "%s (%s)", ssc_error_last()->message,
			ssc_error_name(rc));
		goto out;
	}
	const ssc_person *ph = ssc_card_holder(read);
	bool same = ph && ssc_person_id_number(ph) &&
		    !strcmp(ssc_person_id_number(ph),
			    ssc_person_id_number(holder)) &&
		    !strcmp(ssc_person_name(ph), ssc_person_name(holder)) &&
		    ssc_card_number(read) && ssc_card_number(w) &&
		    !strcmp(ssc_card_number(read), ssc_card_number(w));
	printf("     │ %s %s  %s %s  %s %s  %s %s\n",
	       cli_tr(d->c, "卡号", "card no."), ssc_card_number(read),
	       cli_tr(d->c, "社会保障号码", "SSN"),
	       cli_mask_id(m1, sizeof(m1),
			   ph ? ssc_person_id_number(ph) : NULL),
	       cli_tr(d->c, "姓名", "name"),
	       cli_mask_name(n1, sizeof(n1), ph ? ssc_person_name(ph) : NULL),
	       cli_tr(d->c, "规范版本", "spec"),
	       ssc_card_spec_version(read) ? ssc_card_spec_version(read) : "-");
	ok_line(d, same, "%s (%s)",
		same ? cli_tr(d->c, "芯片内容与登记记录一致",
			      "chip matches the registry record")
		     : cli_tr(d->c, "芯片内容与登记记录不一致",
			      "chip DIFFERS from the registry record"),
		cli_mask_id(m2, sizeof(m2), ssc_person_id_number(holder)));

	heading(d, "芯片改密: ssc_card_pin_change()", "change the PIN on the chip");
	rc = ssc_card_pin_change(&tries, conn, "123456", "246810", NULL);
	if (!rc)
		rc = ssc_card_pin_verify(&tries, conn, "246810", NULL);
	ok_line(d, rc == SSC_OK, "%s",
		rc ? ssc_error_last()->message
		   : cli_tr(d->c, "旧密码校验后已更换, 新密码校验通过 (密码不显示)",
			    "changed after the old PIN, the new PIN verifies "
			    "(PINs not shown)"));
out:
	if (conn)
		ssc_reader_disconnect(conn, 0);
	ssc_reader_free(rd);
	ssc_key_provider_free(kp);
	ssc_card_free(read);
	ssc_card_free(w);
	ssc_card_free(rec);
	ssc_person_free(holder);
}

int
cli_cmd_demo(struct cli *c)
{
	char dir[4096] = "", uri[4200];
	uint8_t keys[64];
	ssc_ctx_options co = SSC_CTX_OPTIONS_INIT;
	ssc_store_options so = SSC_STORE_OPTIONS_INIT;
	ssc_person *p = NULL;
	ssc_result *r = NULL;
	ssc_request q;
	struct demo d = { .c = c };
	char id[19], m[40], nm[64];
	const char *region = c->region ? c->region : "500000";
	size_t n_old = 0, n_new = 0;
	int code = EXIT_OK, rc;

	if (c->store_uri && strcmp(c->store_uri, "sqlite:socialcard.db") != 0) {
		snprintf(uri, sizeof(uri), "%s", c->store_uri);
	} else {
		const char *base = c->tmpdir ? c->tmpdir
				   : getenv("TMPDIR") ? getenv("TMPDIR")
						      : "/tmp";
		snprintf(dir, sizeof(dir), "%s/socialcard-demo-XXXXXX", base);
		if (!mkdtemp(dir))
			return cli_usage_error(c, "demo",
					       "cannot make a directory in %s",
					       base);
		snprintf(uri, sizeof(uri), "sqlite:%s/demo.db", dir);
	}
	co.region = region;
	if ((rc = ssc_ctx_new(&c->ctx, &co)) != 0) {
		code = cli_fail(c, "demo", rc, "context");
		goto cleanup;
	}
	if (RAND_bytes(keys, sizeof(keys)) != 1) {
		code = cli_usage_error(c, "demo", "the random generator failed");
		goto cleanup;
	}
	so.data_key = keys;
	so.data_key_len = 32;
	so.index_key = keys + 32;
	so.index_key_len = 32;
	rc = ssc_registry_open_uri(&d.reg, c->ctx, uri, &so, NULL);
	OPENSSL_cleanse(keys, sizeof(keys));
	if (rc) {
		code = cli_fail(c, "demo", rc, "store");
		goto cleanup;
	}
	c->reg = d.reg;

	printf("libsocialcard %s — %s\n", ssc_version(NULL, NULL, NULL),
	       cli_tr(c, "演示: 一张社会保障卡的一生", "demo: the life of one social security card"));
	printf("  store  %s  (%s)\n", uri,
	       cli_tr(c, "临时 SQLite, 随机密钥仅在内存", "fresh SQLite, random keys in memory only"));
	printf("  region %s   reader sim: (%s)\n", region,
	       cli_tr(c, "进程内软件卡", "in-process software card"));

	/* a synthetic person: region 500101, born 1990-01-01 */
	snprintf(id, sizeof(id), "50010119900101%03d", 100 + (int)(getpid() % 800));
	id[17] = ssc_idnumber_check_char(id);
	id[18] = '\0';
	rc = ssc_person_new(&p, c->ctx);
	if (!rc)
		rc = ssc_person_set_id_number(p, id);
	if (!rc)
		rc = ssc_person_set_name(p, "王小明");
	if (!rc)
		rc = ssc_person_set_birth_date(p, 19900101);
	if (!rc)
		rc = ssc_person_set_ethnicity(p, 1);
	if (!rc)
		rc = ssc_person_set_insured(p, SSC_INSURED_YES, NULL);
	if (rc) {
		code = cli_fail(c, "demo", rc, "person");
		goto cleanup;
	}
	printf("  %s %s  %s %s\n", cli_tr(c, "申领人", "applicant"),
	       cli_mask_name(nm, sizeof(nm), "王小明"),
	       cli_tr(c, "公民身份号码", "ID number"),
	       cli_mask_id(m, sizeof(m), id));

	/* 0: what a window application needs */
	heading(&d, "所需材料: 窗口申领", "materials: window application");
	{
		ssc_situation sit = SSC_SITUATION_INIT;
		ssc_rulebook *rb = ssc_registry_rulebook(d.reg);
		ssc_verdict *v = NULL;
		sit.actor = SSC_ACTOR_HOLDER;
		sit.channel = SSC_CHANNEL_WINDOW;
		sit.insured = 1;
		sit.holder_birth_date = 19900101;
		rc = ssc_rules_check(&v, rb, SSC_SERVICE_APPLY, &sit);
		if (!rc)
			cli_print_verdict(c, v, "     │ ");
		ok_line(&d, rc == SSC_OK && !ssc_verdict_allowed(v),
			"%s", cli_tr(c, "未带材料时不予受理, 并列出所缺材料",
				     "refused without materials, listing what is missing"));
		ssc_verdict_free(v);
	}

	q = req(&d, NULL, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.bank_code = "ICBC";
	heading(&d, "申领 (窗口, 本人, 材料齐全)", "apply (window, holder, materials complete)");
	rc = ssc_registry_apply(&r, d.reg, &q, p);
	if (r && ssc_result_verdict(r))
		cli_print_verdict(c, ssc_result_verdict(r), "     │ ");
	ok_line(&d, rc == SSC_OK, "%s %s",
		rc ? ssc_error_last()->message : cli_tr(c, "已受理, 卡", "accepted, card"),
		rc ? "" : ssc_result_card_id(r));
	if (rc)
		goto report;
	snprintf(d.card, sizeof(d.card), "%s", ssc_result_card_id(r));
	ssc_result_free(r);
	r = NULL;

	q = req(&d, d.card, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	service(&d, "审核通过", "approve", SSC_OK, ssc_registry_approve, &q,
		NULL);
	q = req(&d, d.card, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	q.production = SSC_PRODUCTION_INSTANT;
	service(&d, "制卡开始 (即时制卡)", "production starts (instant issuance)",
		SSC_OK, ssc_registry_start_production, &q, NULL);
	q = req(&d, d.card, SSC_ACTOR_SYSTEM, SSC_CHANNEL_WINDOW);
	service(&d, "制卡完成", "production finished", SSC_OK,
		ssc_registry_finish_production, &q, NULL);
	q = req(&d, d.card, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	service(&d, "领取 (本人)", "collect (holder)", SSC_OK,
		ssc_registry_collect, &q, NULL);
	q = req(&d, d.card, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	service(&d, "社保功能启用", "activate the social-security function",
		SSC_OK, ssc_registry_activate_ss, &q, NULL);
	q = req(&d, d.card, SSC_ACTOR_HOLDER, SSC_CHANNEL_BANK);
	q.outlet_bank = "ICBC";
	service(&d, "金融功能激活 (合作银行网点)",
		"activate the financial function (partner bank)", SSC_OK,
		ssc_registry_activate_financial, &q, NULL);

	chip_steps(&d, c->ctx);

	q = req(&d, d.card, SSC_ACTOR_AGENT, SSC_CHANNEL_WINDOW);
	q.docs = agent_docs;
	q.n_docs = 2;
	service(&d, "代办人申请改密 (应拒绝)", "PIN change by an agent (must be refused)",
		SSC_ENOTELIGIBLE, ssc_registry_pin_change, &q, NULL);
	q = req(&d, d.card, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	service(&d, "密码修改 (本人) 登记", "PIN change (holder) recorded", SSC_OK,
		ssc_registry_pin_change, &q, NULL);
	q = req(&d, d.card, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	service(&d, "挂失", "report loss", SSC_OK, ssc_registry_report_loss,
		&q, NULL);
	{
		ssc_request again = q;
		heading(&d, "同一请求重发 (幂等)", "the same request again (idempotent)");
		rc = ssc_registry_report_loss(&r, d.reg, &again);
		ok_line(&d, rc == SSC_OK && ssc_result_replayed(r), "%s",
			cli_tr(c, "返回首次结果, 未重复记账",
			       "first result returned, nothing written twice"));
		ssc_result_free(r);
		r = NULL;
	}
	q = req(&d, d.card, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	q.fee_fen = 2000;
	if (service(&d, "补领 (新卡关联旧卡)", "replacement (new card linked)",
		    SSC_OK, ssc_registry_replace_lost, &q, &r)) {
		snprintf(d.new_card, sizeof(d.new_card), "%s",
			 ssc_result_new_card_id(r) ? ssc_result_new_card_id(r)
						   : "");
		ssc_result_free(r);
		r = NULL;
		printf("     │ %s %s\n", cli_tr(c, "新卡", "new card"),
		       d.new_card);
	}
	q = req(&d, d.card, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	service(&d, "解挂 (已补领, 应拒绝)", "cancel the loss after replacement (must be refused)",
		SSC_ETRANSITION, ssc_registry_cancel_loss, &q, NULL);
	q = req(&d, d.card, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
	service(&d, "应用状态查询 (旧卡)", "status query (old card)", SSC_OK,
		ssc_registry_status_query, &q, NULL);
	if (d.new_card[0]) {
		q = req(&d, d.new_card, SSC_ACTOR_HOLDER, SSC_CHANNEL_WINDOW);
		service(&d, "应用状态查询 (新卡)", "status query (new card)",
			SSC_OK, ssc_registry_status_query, &q, NULL);
	}

	heading(&d, "业务日志 (旧卡) 与哈希链校验", "journal (old card) and hash-chain check");
	rc = cli_journal_table(c, ssc_registry_store(d.reg), d.card, false,
			       &n_old);
	ok_line(&d, rc == SSC_OK && n_old >= 10, "%zu %s", n_old,
		cli_tr(c, "条记录, 链完整", "entries, chain intact"));
	if (d.new_card[0]) {
		heading(&d, "业务日志 (新卡)", "journal (new card)");
		rc = cli_journal_table(c, ssc_registry_store(d.reg), d.new_card,
				       false, &n_new);
		ok_line(&d, rc == SSC_OK && n_new >= 1, "%zu %s", n_new,
			cli_tr(c, "条记录, 链完整", "entries, chain intact"));
	} else {
		d.failed++;
	}

report:
	printf("\n%s: %d %s, %d %s\n", cli_tr(c, "演示结果", "demo result"),
	       d.step - d.failed, cli_tr(c, "步成功", "steps ok"), d.failed,
	       cli_tr(c, "步失败", "failed"));
	code = d.failed ? EXIT_FAILED : EXIT_OK;
cleanup:
	ssc_result_free(r);
	ssc_person_free(p);
	ssc_registry_free(d.reg);
	c->reg = NULL;
	if (dir[0]) {
		char f[4200];
		const char *sfx[] = { "", "-wal", "-shm", "-journal" };
		for (size_t i = 0; i < 4; i++) {
			snprintf(f, sizeof(f), "%s/demo.db%s", dir, sfx[i]);
			unlink(f);
		}
		rmdir(dir);
	}
	return code;
}
