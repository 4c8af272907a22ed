/* SPDX-License-Identifier: Apache-2.0 */
/*
 * socialcard: the command-line tool.  Each subcommand is a thin layer over
 * the public API (registry, rules, readers, card access, journal).  This
 * file owns the command line, the dispatch, the output helpers and the
 * service subcommands; cli_demo.c owns `socialcard demo`.  Exit codes and
 * the --json schema are documented in doc/cli.md and socialcard(1).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <uuid/uuid.h>

#include "cli.h"

static void
usage(FILE *f)
{
	fputs("usage: socialcard <command> [options]\n"
	      "\n"
	      "services (on the registry at --store):\n"
	      "  apply --id-number N --name NAME      申领: apply for a card\n"
	      "  approve CARD                         approve an application\n"
	      "  produce start|finish CARD            production\n"
	      "  collect CARD                         领取: collection\n"
	      "  activate CARD [--financial|--transfer]  启用 / 金融激活\n"
	      "  report-loss CARD | cancel-loss CARD  挂失 / 解挂\n"
	      "  replace CARD [--damaged|--reissue]   补领 / 换领 / 换发\n"
	      "  change-info CARD --phone P --address A  信息变更\n"
	      "  pin change|reset|unlock CARD         密码修改 / 重置 / 解锁\n"
	      "  status CARD                          应用状态查询\n"
	      "  cancel CARD --reason R | rollback CARD --reason R\n"
	      "  batch import FILE|status|collect|apply EVENT --batch-id B\n"
	      "  due                                  apply timed transitions\n"
	      "  materials SERVICE                    what a service needs\n"
	      "other:\n"
	      "  card read --reader URI               read a card (sim:, pcsc:, replay:FILE)\n"
	      "  id check NUMBER                      check an ID number\n"
	      "  journal CARD                         show and verify a card's journal\n"
	      "  invalid-list [--level L]             the invalid-card list\n"
	      "  keys init FILE                       make a store key file\n"
	      "  sim [socialcard-sim options]         the software card on vpcd\n"
	      "  demo                                 one person through every step\n"
	      "  version | self-check | help\n"
	      "\n"
	      "options: --store URI (sqlite:socialcard.db) --keys FILE --region CODE\n"
	      "  --operator ID --post acceptance|processing|feedback --channel CH\n"
	      "  --actor holder|agent|guardian|employer_agent|system\n"
	      "  --doc TYPE[:FORM[:PARTY]] --material ID[:signed|sealed|electronic]\n"
	      "  --evidence KIND[:REF] --request-id ID --json --lang zh|en\n"
	      "See socialcard(1) and doc/cli.md.\n",
	      f);
}

/* ------------------------------------------------------------------ */
/* names */

static const char *const actor_names[] = { "", "holder", "agent",
					    "guardian", "employer_agent",
					    "system", NULL };
static const char *const channel_names[] = { "", "window", "kiosk", "online",
					      "bank", "phone", "mail", "batch",
					      NULL };
static const char *const doc_names[] = {
	"", "resident_id", "temporary_id", "household_register",
	"hkmo_permit", "tw_permit", "residence_permit", "passport",
	"foreign_pr_card", "officer_card", "birth_certificate", "ss_card", NULL
};
static const char *const form_names[] = { "", "original", "copy",
					   "electronic", NULL };
static const char *const party_names[] = { "", "holder", "agent", "guardian",
					    NULL };
static const char *const post_names[] = { "", "acceptance", "processing",
					   "feedback", NULL };
static const char *const evidence_names[] = { "", "credential_images",
					       "scene_images", "signature",
					       NULL };
static const char *const fact_names[] = {
	"", "has_valid_card", "pending_application", "card_received",
	"ss_active", "financial_active", "loss_reported",
	"replacement_applied", "batch_data_generated",
	"batch_production_started", "pin_blocked", "transferred_in",
	"multiple_accounts", "relation_transfer", "agent_changed",
	"photo_change", NULL
};
static const char *const production_names[] = { "", "instant", "fallback",
						  "online", "batch", NULL };
static const char *const level_names[] = { "", "national", "provincial",
					    "municipal", NULL };

static int
lookup(const char *const *names, const char *s)
{
	for (int i = 1; s && names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* output helpers */

const char *
cli_tr(const struct cli *c, const char *zh, const char *en)
{
	return strcmp(c->lang, "en") ? zh : en;
}

const char *
cli_mask_id(char *buf, size_t n, const char *id)
{
	ssc_buf b = SSC_BUF_INIT;

	if (id && ssc_mask_id_number(&b, id) == 0 && b.ptr)
		snprintf(buf, n, "%s", b.ptr);
	else
		snprintf(buf, n, "%s", "-");
	ssc_buf_dispose(&b);
	return buf;
}

const char *
cli_mask_name(char *buf, size_t n, const char *name)
{
	ssc_buf b = SSC_BUF_INIT;

	if (name && ssc_mask_name(&b, name) == 0 && b.ptr)
		snprintf(buf, n, "%s", b.ptr);
	else
		snprintf(buf, n, "%s", "-");
	ssc_buf_dispose(&b);
	return buf;
}

const char *
cli_new_request_id(struct cli *c)
{
	uuid_t u;

	uuid_generate_random(u);
	uuid_unparse_lower(u, c->rid_buf);
	return c->rid_buf;
}

void
cli_json_print(json_t *o)
{
	char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0);

	if (s) {
		puts(s);
		free(s);
	}
}

static const char *
nz(const char *s)
{
	return s ? s : "-";
}

json_t *
cli_states_json(const ssc_lc_states *st)
{
	return json_pack("{s:s?, s:s?, s:s?, s:s?}", "card",
			 ssc_card_state_name(st->card), "fin",
			 ssc_fin_state_name(st->fin), "pin",
			 ssc_pin_state_name(st->pin), "ecard",
			 ssc_ecard_state_name(st->ecard));
}

void
cli_states_text(char *buf, size_t n, const ssc_lc_states *st)
{
	snprintf(buf, n, "card=%s fin=%s pin=%s ecard=%s",
		 nz(ssc_card_state_name(st->card)),
		 nz(ssc_fin_state_name(st->fin)),
		 nz(ssc_pin_state_name(st->pin)),
		 nz(ssc_ecard_state_name(st->ecard)));
}

json_t *
cli_verdict_json(const ssc_verdict *v)
{
	json_t *o, *reasons, *missing, *mats;

	if (!v)
		return json_null();
	reasons = json_array();
	missing = json_array();
	mats = json_array();
	for (size_t i = 0; i < ssc_verdict_reason_count(v); i++) {
		const ssc_reason *r = ssc_verdict_reason(v, i);
		json_array_append_new(
			reasons, json_pack("{s:s?, s:s?, s:s?, s:s?}", "code",
					   r->code, "zh", r->text_zh, "en",
					   r->text_en, "source", r->source));
	}
	for (size_t i = 0; i < ssc_verdict_material_count(v); i++) {
		const ssc_material *m = ssc_verdict_material(v, i);
		json_t *mo = json_pack("{s:s?, s:s?, s:s?, s:b, s:b}", "id",
				       m->id, "zh", m->text_zh, "en",
				       m->text_en, "optional", m->optional,
				       "missing", m->missing);
		json_array_append_new(mats, mo);
		if (m->missing && !m->optional)
			json_array_append_new(missing, json_string(m->id));
	}
	o = json_pack("{s:b, s:s?, s:o, s:o, s:o}", "allowed",
		      ssc_verdict_allowed(v), "pack", ssc_verdict_pack(v),
		      "reasons", reasons, "missing", missing, "materials", mats);
	return o;
}

void
cli_print_verdict(struct cli *c, const ssc_verdict *v, const char *indent)
{
	ssc_buf b = SSC_BUF_INIT;

	if (!v || ssc_verdict_format(&b, v, c->lang) || !b.ptr) {
		ssc_buf_dispose(&b);
		return;
	}
	for (char *p = b.ptr, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		printf("%s%.*s\n", indent, nl ? (int)(nl - p) : (int)strlen(p),
		       p);
	}
	ssc_buf_dispose(&b);
}

int
cli_exit_code(int rc)
{
	if (rc == SSC_OK)
		return EXIT_OK;
	if (rc == SSC_EINVAL || rc == SSC_EBADID || rc == SSC_EPARSE ||
	    rc == SSC_EVERSION)
		return EXIT_USAGE;
	if (rc == SSC_ECORRUPT)
		return EXIT_CORRUPT;
	if (rc <= -400 || rc == SSC_EOS || rc == SSC_ENOKEY ||
	    rc == SSC_ECRYPTO)
		return EXIT_STORE;
	if (rc <= -200 && rc > -400)
		return EXIT_CARD;
	return EXIT_FAILED;
}

/* The one-line reason of a refusal: the verdict's reasons and missing
 * materials, else the library's message. */
static void
reason_line(struct cli *c, char *buf, size_t n, const ssc_verdict *v,
	    const char *message)
{
	size_t k = 0;

	buf[0] = '\0';
	if (v && !ssc_verdict_allowed(v)) {
		for (size_t i = 0; i < ssc_verdict_reason_count(v) && k < n;
		     i++) {
			const ssc_reason *r = ssc_verdict_reason(v, i);
			k += (size_t)snprintf(buf + k, n - k, "%s%s",
					      i ? "; " : "",
					      nz(cli_tr(c, r->text_zh,
							r->text_en)));
		}
		size_t m = 0;
		for (size_t i = 0; i < ssc_verdict_material_count(v) && k < n;
		     i++) {
			const ssc_material *mt = ssc_verdict_material(v, i);
			if (!mt->missing || mt->optional)
				continue;
			k += (size_t)snprintf(
				buf + k, n - k, "%s%s", m++ ? ", " : 
				(k ? cli_tr(c, "; 缺少: ", "; missing: ")
				   : cli_tr(c, "缺少: ", "missing: ")),
				nz(cli_tr(c, mt->text_zh, mt->text_en)));
		}
	}
	if (!buf[0])
		snprintf(buf, n, "%s", message && *message ? message : "failed");
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
}

static int
fail_vc(struct cli *c, const char *command, int rc, const char *what,
	const ssc_verdict *v, int code)
{
	char line[2048], msg[512];
	const ssc_error *e = ssc_error_last();

	snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message : "");
	reason_line(c, line, sizeof(line), v, msg);
	fprintf(stderr, "socialcard %s: %s%s%s (%s)\n", command,
		what ? what : "", what ? ": " : "", line,
		nz(ssc_error_name(rc)));
	if (c->json) {
		json_t *o = json_pack("{s:b, s:s, s:i, s:{s:s?, s:s}, s:o}",
				      "ok", 0, "command", command, "exit", code,
				      "error", "code", ssc_error_name(rc),
				      "message", line, "verdict",
				      cli_verdict_json(v));
		cli_json_print(o);
		json_decref(o);
	}
	return code;
}

static int
fail_v(struct cli *c, const char *command, int rc, const char *what,
       const ssc_verdict *v)
{
	return fail_vc(c, command, rc, what, v, cli_exit_code(rc));
}

int
cli_fail(struct cli *c, const char *command, int rc, const char *what)
{
	return fail_v(c, command, rc, what, NULL);
}

int
cli_usage_error(struct cli *c, const char *command, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (!command)
		command = c->n_words ? c->words[0] : "";
	fprintf(stderr, "socialcard%s%s: %s\n", *command ? " " : "", command,
		line);
	if (c->json) {
		json_t *o = json_pack("{s:b, s:s, s:i, s:{s:s, s:s}, s:n}", "ok",
				      0, "command", command, "exit", EXIT_USAGE,
				      "error", "code", "usage", "message",
				      line, "verdict");
		cli_json_print(o);
		json_decref(o);
	}
	return EXIT_USAGE;
}

/* Parse an ID number against today's date. */
static ssc_status
id_parse(ssc_idnumber_info *info, const char *text)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return ssc_idnumber_parse_at(info, text,
				     (uint32_t)((tm.tm_year + 1900) * 10000 +
						(tm.tm_mon + 1) * 100 +
						tm.tm_mday));
}

/* ------------------------------------------------------------------ */
/* opening */

int
cli_load_keys(struct cli *c, const char *command, const char *path)
{
	ssc_key_provider *kp = NULL;
	int rc;

	rc = ssc_key_provider_soft_new(&kp, c->ctx);
	if (rc == 0)
		rc = ssc_key_provider_soft_load_file(kp, path);
	if (rc == 0)
		rc = ssc_ctx_set_key_provider(c->ctx, kp);
	if (rc) {
		int code = cli_fail(c, command, rc, "keys");
		ssc_key_provider_free(kp);
		return code == EXIT_USAGE ? EXIT_STORE : code;
	}
	return 0;
}

static bool
region_known(const char *code)
{
	return ssc_region_name(code) != NULL;
}

int
cli_open(struct cli *c, const char *command, bool registry)
{
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_store_options so = SSC_STORE_OPTIONS_INIT;
	int rc;

	if (c->region) {
		if (strlen(c->region) != 6 ||
		    strspn(c->region, "0123456789") != 6 ||
		    !region_known(c->region))
			return cli_usage_error(
				c, command,
				"unknown region '%.12s%s': a 6-digit administrative "
				"division code is expected (e.g. 500000)",
				c->region, strlen(c->region) > 12 ? "..." : "");
	}
	o.region = c->region;
	rc = ssc_ctx_new(&c->ctx, &o);
	if (rc)
		return cli_fail(c, command, rc, "context");
	if (!registry)
		return 0;
	if (strncmp(c->store_uri, "memory:", 7) != 0) {
		const char *kf = c->keys_path;
		if (!kf)
			kf = getenv("SOCIALCARD_KEYS");
		if (!kf && access("socialcard.keys", R_OK) == 0)
			kf = "socialcard.keys";
		if (!kf)
			return cli_usage_error(
				c, command,
				"the store needs keys: --keys FILE or "
				"SOCIALCARD_KEYS is missing (make one with "
				"'socialcard keys init socialcard.keys')");
		if ((rc = cli_load_keys(c, command, kf)) != 0)
			return rc;
		so.data_key_name = "data";
		so.index_key_name = "index";
	}
	rc = ssc_registry_open_uri(&c->reg, c->ctx, c->store_uri, &so, NULL);
	if (rc) {
		int code = cli_fail(c, command, rc, "store");
		return code == EXIT_USAGE || code == EXIT_FAILED ? EXIT_STORE
								  : code;
	}
	return 0;
}

void
cli_close(struct cli *c)
{
	ssc_registry_free(c->reg);
	c->reg = NULL;
	ssc_ctx_free(c->ctx);
	c->ctx = NULL;
}

void
cli_request(struct cli *c, ssc_request *q)
{
	ssc_request_init(q, SSC_REQUEST_VERSION);
	q->request_id = c->request_id ? c->request_id : cli_new_request_id(c);
	q->card_id = c->card_id;
	q->actor = c->actor ? lookup(actor_names, c->actor) : SSC_ACTOR_HOLDER;
	q->channel = c->channel ? lookup(channel_names, c->channel)
				: SSC_CHANNEL_WINDOW;
	q->actor_doc_type = c->actor_doc_type ? c->actor_doc_type
					      : SSC_DOC_RESIDENT_ID;
	q->actor_doc_number = c->actor_doc_number;
	q->acceptance_operator = c->ops[SSC_POST_ACCEPTANCE];
	q->processing_operator = c->ops[SSC_POST_PROCESSING];
	q->feedback_operator = c->ops[SSC_POST_FEEDBACK];
	q->case_id = c->case_id;
	q->outlet = c->outlet;
	q->outlet_bank = c->outlet_bank;
	q->docs = c->docs;
	q->n_docs = c->n_docs;
	q->materials = c->mats;
	q->n_materials = c->n_mats;
	q->evidence = c->evidence;
	q->evidence_refs = c->evidence_refs;
	q->n_evidence_refs = c->n_evidence_refs;
	q->facts = c->facts;
	q->new_phone = c->phone;
	q->new_address = c->address;
	if (c->phone)
		q->changes |= SSC_CHANGE_PHONE;
	if (c->address)
		q->changes |= SSC_CHANGE_ADDRESS;
	q->fee_fen = c->fee ? strtol(c->fee, NULL, 10) : -1;
	q->reason = c->reason;
	q->production = c->production ? lookup(production_names, c->production)
				      : SSC_PRODUCTION_UNSET;
	q->batch_id = c->batch_id;
	q->bank_code = c->bank_code;
	q->card_number = c->card_number;
}

/* ------------------------------------------------------------------ */
/* services */

typedef ssc_status (*svc_fn)(ssc_result **, ssc_registry *,
			     const ssc_request *);

static int
print_result(struct cli *c, const char *command, const ssc_request *q,
	     ssc_result *r)
{
	ssc_lc_states st = SSC_LC_STATES_INIT;
	char states[160];

	ssc_result_states(&st, r);
	if (c->json) {
		json_t *o = json_pack(
			"{s:b, s:s, s:i, s:s, s:s?, s:s?, s:s?, s:o, s:s?, "
			"s:o, s:b, s:s?, s:o}",
			"ok", 1, "command", command, "exit", 0, "request_id",
			q->request_id, "card_id", ssc_result_card_id(r),
			"new_card_id", ssc_result_new_card_id(r), "event",
			ssc_event_name(ssc_result_event(r)), "states",
			cli_states_json(&st), "entry_id",
			ssc_result_entry_id(r), "deadline_ms",
			ssc_result_deadline(r)
				? json_integer(ssc_result_deadline(r))
				: json_null(),
			"replayed", ssc_result_replayed(r), "summary",
			ssc_result_summary(r), "verdict",
			cli_verdict_json(ssc_result_verdict(r)));
		cli_json_print(o);
		json_decref(o);
		return EXIT_OK;
	}
	cli_states_text(states, sizeof(states), &st);
	printf("%s: %s%s\n", command, cli_tr(c, "完成", "done"),
	       ssc_result_replayed(r)
		       ? cli_tr(c, " (重复请求, 未改变)",
				" (repeated request, nothing changed)")
		       : "");
	printf("  card:    %s\n", nz(ssc_result_card_id(r)));
	if (ssc_result_new_card_id(r))
		printf("  new card: %s\n", ssc_result_new_card_id(r));
	printf("  event:   %s\n", nz(ssc_event_name(ssc_result_event(r))));
	printf("  states:  %s\n", states);
	if (ssc_result_entry_id(r))
		printf("  journal: %s\n", ssc_result_entry_id(r));
	if (ssc_result_summary(r))
		printf("  verdict: %s\n", ssc_result_summary(r));
	if (ssc_result_deadline(r)) {
		time_t t = (time_t)(ssc_result_deadline(r) / 1000);
		char when[40];
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M %Z",
			 localtime(&t));
		printf("  deadline: %s\n", when);
	}
	printf("  request: %s\n", q->request_id);
	return EXIT_OK;
}

static int
run_service(struct cli *c, const char *command, svc_fn fn, bool need_card)
{
	ssc_request q;
	ssc_result *r = NULL;
	int rc, code;

	if (need_card && !c->card_id)
		return cli_usage_error(c, command,
				       "the card id is missing (socialcard %s "
				       "CARD_ID)",
				       command);
	if ((code = cli_open(c, command, true)) != 0)
		return code;
	cli_request(c, &q);
	rc = fn(&r, c->reg, &q);
	if (rc)
		code = fail_v(c, command, rc, cli_tr(c, "未办理", "refused"),
			      r ? ssc_result_verdict(r) : NULL);
	else
		code = print_result(c, command, &q, r);
	ssc_result_free(r);
	return code;
}

/* `pin change CARD --reader URI`: the holder's PIN changed on the chip, then
 * the service recorded.  Before the chip is touched, the card's state and
 * the region's rules are checked as the registry will check them, and the
 * chip's card number must be the record's.  PINs come from the environment
 * (SOCIALCARD_PIN, SOCIALCARD_NEW_PIN), never from the command line, and
 * are never printed. */
static int
cmd_pin_change_chip(struct cli *c)
{
	const char *old_pin = getenv("SOCIALCARD_PIN");
	const char *new_pin = getenv("SOCIALCARD_NEW_PIN");
	ssc_situation sit = SSC_SITUATION_INIT;
	ssc_lc_states st = SSC_LC_STATES_INIT;
	const ssc_transition *row = NULL;
	ssc_card *rec = NULL, *chip = NULL;
	ssc_verdict *v = NULL;
	ssc_reader *rd = NULL;
	ssc_reader_conn *conn = NULL;
	ssc_request q;
	ssc_result *r = NULL;
	int code, rc, tries = -1;

	if (!c->card_id)
		return cli_usage_error(c, "pin change", "the card id is missing");
	if (!old_pin || !new_pin)
		return cli_usage_error(c, "pin change",
				       "SOCIALCARD_PIN and SOCIALCARD_NEW_PIN "
				       "are missing (PINs are never taken from "
				       "the command line)");
	if ((code = cli_open(c, "pin change", true)) != 0)
		return code;
	cli_request(c, &q);
	rc = ssc_registry_load_card(&rec, c->reg, c->card_id);
	if (rc) {
		code = cli_fail(c, "pin change", rc, "card");
		goto out;
	}
	st.card = ssc_card_get_state(rec);
	st.fin = ssc_card_fin_state(rec);
	st.pin = ssc_card_pin_state(rec);
	st.ecard = ssc_card_ecard_state(rec);
	rc = ssc_lifecycle_find(&row, &st, SSC_EVENT_PIN_CHANGE);
	if (!rc) {
		const ssc_person *h = ssc_card_holder(rec);
		sit.actor = q.actor;
		sit.channel = q.channel;
		sit.service_point = q.outlet;
		sit.outlet_bank = q.outlet_bank;
		sit.holder_birth_date = h ? ssc_person_birth_date(h) : 0;
		sit.insured = 1;
		sit.card_facts = ssc_lifecycle_facts(&st) | q.facts;
		sit.card_bank = ssc_card_fin_bank(rec);
		sit.docs = q.docs;
		sit.n_docs = q.n_docs;
		sit.materials = q.materials;
		sit.n_materials = q.n_materials;
		sit.evidence = q.evidence;
		rc = ssc_rules_check(&v, ssc_registry_rulebook(c->reg),
				     SSC_SERVICE_PIN_CHANGE, &sit);
		if (!rc && !ssc_verdict_allowed(v))
			rc = SSC_ENOTELIGIBLE;
	}
	if (rc) {
		code = fail_v(c, "pin change", rc,
			      cli_tr(c, "未办理 (芯片未改动)",
				     "refused (chip untouched)"),
			      v);
		goto out;
	}
	rc = ssc_reader_open(&rd, c->ctx, c->reader);
	if (!rc)
		rc = ssc_reader_connect(&conn, rd, NULL,
					SSC_READER_MODE_AUTO_CONTACT_FIRST);
	if (!rc)
		rc = ssc_card_read(&chip, NULL, conn, NULL);
	if (!rc && (!ssc_card_number(chip) || !ssc_card_number(rec) ||
		    strcmp(ssc_card_number(chip), ssc_card_number(rec)) != 0)) {
		fprintf(stderr,
			"socialcard pin change: %s (SSC_EMISMATCH)\n",
			cli_tr(c, "读卡器中的卡不是该卡 (卡号不符), 芯片未改动",
			       "the card in the reader is not this card (card "
			       "numbers differ); chip untouched"));
		code = EXIT_CARD;
		goto out;
	}
	if (!rc)
		rc = ssc_card_pin_change(&tries, conn, old_pin, new_pin, NULL);
	if (rc) {
		code = fail_vc(c, "pin change", rc, cli_tr(c, "芯片", "chip"),
			       NULL, rc == SSC_EINVAL ? EXIT_USAGE : EXIT_CARD);
		goto out;
	}
	rc = ssc_registry_pin_change(&r, c->reg, &q);
	if (rc)
		code = fail_v(c, "pin change", rc,
			      cli_tr(c, "芯片已改密, 但登记失败",
				     "PIN changed on the chip, but not recorded"),
			      r ? ssc_result_verdict(r) : NULL);
	else
		code = print_result(c, "pin change", &q, r);
out:
	ssc_result_free(r);
	ssc_card_free(chip);
	if (conn)
		ssc_reader_disconnect(conn, 0);
	ssc_reader_free(rd);
	ssc_verdict_free(v);
	ssc_card_free(rec);
	return code;
}

static int
cmd_apply(struct cli *c)
{
	ssc_idnumber_info info = SSC_IDNUMBER_INFO_INIT;
	ssc_person *p = NULL;
	ssc_request q;
	ssc_result *r = NULL;
	int rc, code;

	if (!c->id_number || !c->name)
		return cli_usage_error(c, "apply",
				       "--id-number and --name are required");
	if (id_parse(&info, c->id_number) != 0) {
		char m[40];
		return cli_usage_error(
			c, "apply", "invalid ID number %s: %s",
			cli_mask_id(m, sizeof(m), c->id_number),
			nz(ssc_id_reason_name(info.reason)));
	}
	if ((code = cli_open(c, "apply", true)) != 0)
		return code;
	rc = ssc_person_new(&p, c->ctx);
	if (!rc)
		rc = ssc_person_set_id_number(p, info.number);
	if (!rc)
		rc = ssc_person_set_name(p, c->name);
	if (!rc)
		rc = ssc_person_set_birth_date(p, info.birth_date);
	if (!rc && info.sex)
		rc = ssc_person_set_sex(p, info.sex);
	if (!rc)
		rc = ssc_person_set_insured(p, SSC_INSURED_YES, NULL);
	if (!rc && c->phone)
		rc = ssc_person_set_phone(p, c->phone);
	if (!rc && c->address)
		rc = ssc_person_set_address(p, c->address);
	if (rc) {
		ssc_person_free(p);
		return cli_fail(c, "apply", rc, "applicant");
	}
	cli_request(c, &q);
	q.card_id = NULL;
	q.new_phone = q.new_address = NULL;
	q.changes = 0;
	rc = ssc_registry_apply(&r, c->reg, &q, p);
	if (rc)
		code = fail_v(c, "apply", rc, cli_tr(c, "未办理", "refused"),
			      r ? ssc_result_verdict(r) : NULL);
	else
		code = print_result(c, "apply", &q, r);
	ssc_result_free(r);
	ssc_person_free(p);
	return code;
}

static int
cmd_status(struct cli *c)
{
	ssc_request q;
	ssc_result *r = NULL;
	ssc_card *card = NULL;
	ssc_buf d = SSC_BUF_INIT;
	int rc, code;

	if (!c->card_id)
		return cli_usage_error(c, "status", "the card id is missing");
	if ((code = cli_open(c, "status", true)) != 0)
		return code;
	cli_request(c, &q);
	rc = ssc_registry_status_query(&r, c->reg, &q);
	if (!rc)
		rc = ssc_registry_load_card(&card, c->reg, c->card_id);
	if (!rc)
		rc = ssc_card_describe(&d, card);
	if (rc) {
		code = fail_v(c, "status", rc, cli_tr(c, "查询失败", "failed"),
			      r ? ssc_result_verdict(r) : NULL);
		goto out;
	}
	if (c->json) {
		ssc_lc_states st = SSC_LC_STATES_INIT;
		st.card = ssc_card_get_state(card);
		st.fin = ssc_card_fin_state(card);
		st.pin = ssc_card_pin_state(card);
		st.ecard = ssc_card_ecard_state(card);
		json_t *o = json_pack(
			"{s:b, s:s, s:i, s:s, s:s, s:s?, s:s?, s:o, s:s?, "
			"s:s?, s:s?, s:s?}",
			"ok", 1, "command", "status", "exit", 0, "request_id",
			q.request_id, "card_id", c->card_id, "card_number",
			ssc_card_number(card), "region", ssc_card_region(card),
			"states", cli_states_json(&st), "replaces",
			ssc_card_replaces(card), "replaced_by",
			ssc_card_replaced_by(card), "entry_id",
			ssc_result_entry_id(r), "description", d.ptr);
		cli_json_print(o);
		json_decref(o);
	} else {
		printf("%s\n", d.ptr);
		printf("  %s: %s (%s)\n", cli_tr(c, "卡状态", "card state"),
		       nz(ssc_card_state_name(ssc_card_get_state(card))),
		       ssc_card_state_is_final(ssc_card_get_state(card))
			       ? cli_tr(c, "终态", "final")
			       : cli_tr(c, "有效", "open"));
		printf("  %s: %s\n", cli_tr(c, "金融功能", "financial"),
		       nz(ssc_fin_state_name(ssc_card_fin_state(card))));
		printf("  %s: %s\n", cli_tr(c, "密码", "PIN"),
		       nz(ssc_pin_state_name(ssc_card_pin_state(card))));
		if (ssc_card_replaced_by(card))
			printf("  %s: %s\n", cli_tr(c, "新卡", "replaced by"),
			       ssc_card_replaced_by(card));
		if (ssc_card_replaces(card))
			printf("  %s: %s\n", cli_tr(c, "原卡", "replaces"),
			       ssc_card_replaces(card));
	}
	code = EXIT_OK;
out:
	ssc_buf_dispose(&d);
	ssc_card_free(card);
	ssc_result_free(r);
	return code;
}

static int
cmd_id_check(struct cli *c)
{
	ssc_idnumber_info info = SSC_IDNUMBER_INFO_INIT;
	char m[40];
	const char *num = c->n_words > 2 ? c->words[2] : c->id_number;
	int rc;

	if (!num)
		return cli_usage_error(c, "id check",
				       "the ID number is missing");
	rc = id_parse(&info, num);
	cli_mask_id(m, sizeof(m), rc ? num : info.number);
	if (c->json) {
		char birth[16];
		snprintf(birth, sizeof(birth), "%u", (unsigned)info.birth_date);
		json_t *o = json_pack(
			"{s:b, s:s, s:i, s:b, s:s, s:s?, s:s?, s:s?, s:s?, "
			"s:s?, s:b}",
			"ok", rc == 0, "command", "id check", "exit",
			rc ? EXIT_FAILED : 0, "valid", rc == 0, "masked", m,
			"reason", rc ? ssc_id_reason_name(info.reason) : NULL,
			"region", rc ? NULL : info.region, "birth_date",
			rc ? NULL : birth, "sex",
			rc ? NULL : ssc_sex_name(info.sex), "kind",
			rc ? NULL : ssc_id_kind_name(info.kind), "legacy",
			info.legacy);
		cli_json_print(o);
		json_decref(o);
	}
	if (rc) {
		fprintf(stderr, "socialcard id check: %s %s: %s\n", m,
			cli_tr(c, "无效", "is invalid"),
			nz(ssc_id_reason_name(info.reason)));
		return EXIT_FAILED;
	}
	if (!c->json)
		printf("%s %s  region %s  birth %u  sex %s  kind %s%s\n", m,
		       cli_tr(c, "有效", "valid"), info.region,
		       (unsigned)info.birth_date, nz(ssc_sex_name(info.sex)),
		       nz(ssc_id_kind_name(info.kind)),
		       info.legacy ? "  (15-digit legacy form)" : "");
	return EXIT_OK;
}

/* Print @p s padded to @p width terminal columns (CJK counts two). */
static void
pad(const char *s, int width)
{
	int w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE0 ? 2 : 1;
	}
	fputs(s, stdout);
	do
		putchar(' ');
	while (++w < width);
}

/* The journal of a card as a table (also used by the demo). */
int cli_journal_table(struct cli *c, ssc_store *store, const char *card_id,
		      bool json, size_t *out_count);

int
cli_journal_table(struct cli *c, ssc_store *store, const char *card_id,
		  bool json, size_t *out_count)
{
	ssc_buf b = SSC_BUF_INIT;
	json_error_t err;
	json_t *arr = NULL;
	size_t n = 0;
	int rc, vrc;

	rc = ssc_journal_export(&b, store, card_id);
	if (rc)
		return rc;
	vrc = ssc_journal_verify(&n, store, card_id);
	arr = json_loads(b.ptr, 0, &err);
	ssc_buf_dispose(&b);
	if (!arr)
		return SSC_EPARSE;
	if (out_count)
		*out_count = n;
	if (json) {
		json_t *o = json_pack(
			"{s:b, s:s, s:i, s:s, s:b, s:I, s:O}", "ok", vrc == 0,
			"command", "journal", "exit", cli_exit_code(vrc),
			"card_id", card_id, "chain_ok", vrc == 0, "count",
			(json_int_t)json_array_size(arr), "entries", arr);
		cli_json_print(o);
		json_decref(o);
		json_decref(arr);
		return vrc;
	}
	printf("  ");
	pad("#", 4);
	pad(cli_tr(c, "时间", "time"), 12);
	pad(cli_tr(c, "事件", "event"), 20);
	pad(cli_tr(c, "状态 (卡/金融/密码)", "states (card/fin/pin)"), 46);
	pad(cli_tr(c, "办理人", "actor"), 15);
	pad(cli_tr(c, "渠道", "channel"), 8);
	printf("%s\n", cli_tr(c, "结论", "verdict"));
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
	{
		time_t t = (time_t)(json_integer_value(
					    json_object_get(e, "time")) /
				    1000);
		char when[24], st[64];
		json_t *to = json_object_get(e, "to");
		strftime(when, sizeof(when), "%m-%d %H:%M", localtime(&t));
		snprintf(st, sizeof(st), "%s/%s/%s",
			 nz(ssc_card_state_name((int)json_integer_value(
				 json_object_get(to, "card")))),
			 nz(ssc_fin_state_name((int)json_integer_value(
				 json_object_get(to, "fin")))),
			 nz(ssc_pin_state_name((int)json_integer_value(
				 json_object_get(to, "pin")))));
		char seq[24];
		snprintf(seq, sizeof(seq), "%lld",
			 (long long)json_integer_value(
				 json_object_get(e, "seq")));
		printf("  ");
		pad(seq, 4);
		pad(when, 12);
		pad(nz(json_string_value(json_object_get(e, "event"))), 20);
		pad(st, 46);
		pad(nz(json_string_value(json_object_get(e, "actor"))), 15);
		pad(nz(json_string_value(json_object_get(e, "channel"))), 8);
		printf("%s\n",
		       nz(json_string_value(json_object_get(e, "verdict"))));
	}
	printf("  %s: %s (%zu %s)\n", cli_tr(c, "哈希链", "hash chain"),
	       vrc == 0 ? cli_tr(c, "校验通过", "verified")
			: cli_tr(c, "损坏", "BROKEN"),
	       json_array_size(arr), cli_tr(c, "条", "entries"));
	json_decref(arr);
	return vrc;
}

static int
cmd_journal(struct cli *c)
{
	int code, rc;

	if (!c->card_id)
		return cli_usage_error(c, "journal", "the card id is missing");
	if ((code = cli_open(c, "journal", true)) != 0)
		return code;
	rc = cli_journal_table(c, ssc_registry_store(c->reg), c->card_id,
			       c->json, NULL);
	if (rc && !(c->json && rc == SSC_ECORRUPT))
		return cli_fail(c, "journal", rc, "journal");
	return cli_exit_code(rc);
}

static int
cmd_invalid_list(struct cli *c)
{
	ssc_store_iter *it = NULL;
	const ssc_store_invalid_entry *e;
	json_t *arr = json_array();
	int level = c->level ? lookup(level_names, c->level)
			     : SSC_INVALID_LEVEL_NATIONAL;
	int code, rc;
	size_t n = 0;

	if (level < 0) {
		json_decref(arr);
		return cli_usage_error(c, "invalid-list",
				       "unknown --level (national, provincial, "
				       "municipal)");
	}
	if ((code = cli_open(c, "invalid-list", true)) != 0) {
		json_decref(arr);
		return code;
	}
	const char *region = level == SSC_INVALID_LEVEL_NATIONAL ? ""
			     : c->region ? c->region : "";
	rc = ssc_store_iter_invalid(&it, ssc_registry_store(c->reg), level,
				    region, NULL, 0);
	while (!rc && !(rc = ssc_store_iter_next_invalid(&e, it)) && e) {
		n++;
		if (c->json) {
			json_array_append_new(
				arr, json_pack("{s:s?, s:s?, s:I, s:s?}",
					       "card_number", e->card_number,
					       "card_id", e->card_id, "time_ms",
					       (json_int_t)e->time_ms, "reason",
					       e->reason));
		} else {
			time_t t = (time_t)(e->time_ms / 1000);
			char when[24];
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M",
				 localtime(&t));
			printf("%-10s %-17s %-8s %s\n", nz(e->card_number), when,
			       nz(e->reason), nz(e->card_id));
		}
	}
	ssc_store_iter_free(it);
	if (rc) {
		json_decref(arr);
		return cli_fail(c, "invalid-list", rc, "store");
	}
	if (c->json) {
		json_t *o = json_pack("{s:b, s:s, s:i, s:s, s:s, s:I, s:o}",
				      "ok", 1, "command", "invalid-list",
				      "exit", 0, "level", level_names[level],
				      "region", region, "count", (json_int_t)n,
				      "entries", arr);
		cli_json_print(o);
		json_decref(o);
	} else {
		json_decref(arr);
		printf("%zu %s\n", n, cli_tr(c, "张卡", "cards"));
	}
	return EXIT_OK;
}

static int
cmd_due(struct cli *c)
{
	size_t n = 0;
	int code, rc;

	if ((code = cli_open(c, "due", true)) != 0)
		return code;
	rc = ssc_registry_process_due(&n, c->reg);
	if (rc)
		return cli_fail(c, "due", rc, "due");
	if (c->json) {
		json_t *o = json_pack("{s:b, s:s, s:i, s:I}", "ok", 1,
				      "command", "due", "exit", 0, "applied",
				      (json_int_t)n);
		cli_json_print(o);
		json_decref(o);
	} else {
		printf("due: %zu %s\n", n,
		       cli_tr(c, "项到期处理已执行", "timed transitions applied"));
	}
	return EXIT_OK;
}

static int
cmd_materials(struct cli *c)
{
	ssc_situation sit = SSC_SITUATION_INIT;
	ssc_rulebook *rb = NULL;
	ssc_verdict *v = NULL;
	int service, rc, code;

	if (c->n_words < 2)
		return cli_usage_error(c, "materials",
				       "the service is missing (e.g. apply, "
				       "activate_ss, report_loss)");
	service = ssc_service_from_name(c->words[1]);
	if (!service)
		return cli_usage_error(c, "materials", "unknown service '%.40s'",
				       c->words[1]);
	if ((code = cli_open(c, "materials", false)) != 0)
		return code;
	sit.actor = c->actor ? lookup(actor_names, c->actor) : SSC_ACTOR_HOLDER;
	sit.channel = c->channel ? lookup(channel_names, c->channel)
				 : SSC_CHANNEL_WINDOW;
	sit.service_point = c->outlet;
	sit.outlet_bank = c->outlet_bank;
	sit.card_bank = c->bank_code;
	sit.insured = 1;
	sit.card_facts = c->facts;
	sit.docs = c->docs;
	sit.n_docs = c->n_docs;
	sit.materials = c->mats;
	sit.n_materials = c->n_mats;
	sit.evidence = c->evidence;
	sit.changes = SSC_CHANGE_ADDRESS;
	if (c->id_number) {
		ssc_idnumber_info info = SSC_IDNUMBER_INFO_INIT;
		if (id_parse(&info, c->id_number))
			return cli_usage_error(c, "materials",
					       "invalid ID number: %s",
					       nz(ssc_id_reason_name(info.reason)));
		sit.holder_birth_date = info.birth_date;
	}
	rc = ssc_rulebook_new(&rb, c->ctx);
	if (!rc)
		rc = ssc_rules_check(&v, rb, service, &sit);
	if (rc) {
		code = cli_fail(c, "materials", rc, "rules");
		goto out;
	}
	if (c->json) {
		json_t *o = json_pack("{s:b, s:s, s:i, s:s, s:o}", "ok",
				      ssc_verdict_allowed(v), "command",
				      "materials", "exit",
				      ssc_verdict_allowed(v) ? 0 : EXIT_FAILED,
				      "service", c->words[1], "verdict",
				      cli_verdict_json(v));
		cli_json_print(o);
		json_decref(o);
	} else {
		cli_print_verdict(c, v, "");
	}
	code = ssc_verdict_allowed(v) ? EXIT_OK : EXIT_FAILED;
out:
	ssc_verdict_free(v);
	ssc_rulebook_free(rb);
	return code;
}

static int
cmd_card_read(struct cli *c)
{
	ssc_reader *rd = NULL;
	ssc_reader_conn *conn = NULL;
	ssc_card *card = NULL;
	ssc_buf d = SSC_BUF_INIT;
	int code, rc;

	if (!c->reader)
		return cli_usage_error(c, "card read",
				       "--reader URI is missing (sim:, pcsc:, "
				       "pcsc:NAME, replay:FILE)");
	if ((code = cli_open(c, "card read", false)) != 0)
		return code;
	rc = ssc_reader_open(&rd, c->ctx, c->reader);
	if (!rc)
		rc = ssc_reader_connect(&conn, rd, NULL,
					SSC_READER_MODE_AUTO_CONTACT_FIRST);
	if (!rc)
		rc = ssc_card_read(&card, NULL, conn, NULL);
	if (!rc)
		rc = ssc_card_describe(&d, card);
	if (rc) {
		code = fail_vc(c, "card read", rc, "card", NULL,
			       rc == SSC_EINVAL ? EXIT_USAGE : EXIT_CARD);
		goto out;
	}
	if (c->json) {
		char mid[40], mname[64];
		const ssc_person *h = ssc_card_holder(card);
		json_t *o = json_pack(
			"{s:b, s:s, s:i, s:s, s:s?, s:s?, s:s?, s:s?, s:i, "
			"s:s, s:s, s:I, s:I}",
			"ok", 1, "command", "card read", "exit", 0, "reader",
			ssc_reader_conn_reader_name(conn), "card_number",
			ssc_card_number(card), "identifier",
			ssc_card_identifier(card), "region",
			ssc_card_region(card), "spec_version",
			ssc_card_spec_version(card), "generation",
			ssc_card_generation(card), "holder_id",
			cli_mask_id(mid, sizeof(mid),
				    h ? ssc_person_id_number(h) : NULL),
			"holder_name",
			cli_mask_name(mname, sizeof(mname),
				      h ? ssc_person_name(h) : NULL),
			"issue_date", (json_int_t)ssc_card_issue_date(card),
			"expiry_date", (json_int_t)ssc_card_expiry_date(card));
		cli_json_print(o);
		json_decref(o);
	} else {
		printf("%s: %s\n", nz(ssc_reader_conn_reader_name(conn)),
		       d.ptr);
	}
	code = EXIT_OK;
out:
	ssc_buf_dispose(&d);
	ssc_card_free(card);
	if (conn)
		ssc_reader_disconnect(conn, 0);
	ssc_reader_free(rd);
	return code;
}

static int
cmd_keys_init(struct cli *c)
{
	uint8_t k[64];
	char line[256];
	int fd, n;
	const char *path = c->n_words > 2 ? c->words[2] : c->file;

	if (c->n_words < 2 || strcmp(c->words[1], "init") != 0 || !path)
		return cli_usage_error(c, "keys", "usage: socialcard keys init "
						  "FILE");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return cli_usage_error(c, "keys", "cannot create %s: %s", path,
				       strerror(errno));
	if (RAND_bytes(k, sizeof(k)) != 1) {
		close(fd);
		unlink(path);
		fprintf(stderr, "socialcard keys: the random generator "
				"failed\n");
		return EXIT_STORE;
	}
	n = snprintf(line, sizeof(line),
		     "# libsocialcard store keys: keep secret, back up.\n"
		     "data aes256 ");
	for (int i = 0; i < 32; i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%02x", k[i]);
	n += snprintf(line + n, sizeof(line) - (size_t)n,
		      "\nindex hmac-sha256 ");
	for (int i = 32; i < 64; i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%02x", k[i]);
	n += snprintf(line + n, sizeof(line) - (size_t)n, "\n");
	OPENSSL_cleanse(k, sizeof(k));
	if (write(fd, line, (size_t)n) != n || close(fd) != 0) {
		OPENSSL_cleanse(line, sizeof(line));
		unlink(path);
		fprintf(stderr, "socialcard keys: cannot write %s\n", path);
		return EXIT_STORE;
	}
	OPENSSL_cleanse(line, sizeof(line));
	if (c->json) {
		json_t *o = json_pack("{s:b, s:s, s:i, s:s}", "ok", 1,
				      "command", "keys init", "exit", 0,
				      "file", path);
		cli_json_print(o);
		json_decref(o);
	} else {
		printf("%s %s (mode 0600)\n",
		       cli_tr(c, "已生成存储密钥文件", "wrote the store keys to"),
		       path);
	}
	return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* batches */

struct progress {
	struct cli *c;
	size_t total, done, ok, refused;
	bool bar;
	json_t *rows;
};

static ssc_status
on_row(const ssc_batch_row *row, void *payload)
{
	struct progress *p = payload;

	p->done++;
	if (row->status)
		p->refused++;
	else
		p->ok++;
	if (p->rows) {
		json_array_append_new(
			p->rows,
			json_pack("{s:I, s:s?, s:s?, s:s?}", "line",
				  (json_int_t)row->line, "status",
				  row->status ? ssc_error_name(row->status)
					      : "SSC_OK",
				  "card_id", row->card_id, "message",
				  row->message));
	} else if (row->status) {
		if (p->bar)
			fputs("\r\033[K", stderr);
		fprintf(stderr, "  line %zu: %s (%s)\n", row->line,
			nz(row->message), nz(ssc_error_name(row->status)));
	}
	if (p->bar && p->total) {
		size_t pct = p->done * 100 / p->total;
		int w = (int)(pct > 100 ? 40 : pct * 40 / 100);
		fprintf(stderr, "\r[%.*s%*s] %3zu%% %zu/%zu", w,
			"########################################", 40 - w, "",
			pct > 100 ? 100 : pct, p->done, p->total);
	}
	return SSC_OK;
}

static size_t
count_lines(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0;
	int ch, last = '\n';

	if (!f)
		return 0;
	while ((ch = getc(f)) != EOF) {
		if (ch == '\n')
			n++;
		last = ch;
	}
	fclose(f);
	if (last != '\n')
		n++;
	return n ? n - 1 : 0; /* minus the header */
}

static int
cmd_batch(struct cli *c)
{
	const char *sub = c->n_words > 1 ? c->words[1] : NULL;
	ssc_request q;
	int code, rc;

	if (!sub)
		return cli_usage_error(c, "batch",
				       "import|status|collect|apply is missing");
	if (!c->batch_id)
		return cli_usage_error(c, "batch", "--batch-id is missing");
	if (!strcmp(sub, "status")) {
		size_t counts[SSC_BATCH_STATE_COUNT] = { 0 };
		if ((code = cli_open(c, "batch status", true)) != 0)
			return code;
		rc = ssc_registry_batch_status(counts, c->reg, c->batch_id);
		if (rc)
			return cli_fail(c, "batch status", rc, "store");
		json_t *o = json_object();
		for (int s = 1; s < SSC_BATCH_STATE_COUNT; s++) {
			if (!ssc_card_state_name(s))
				continue;
			json_object_set_new(o, ssc_card_state_name(s),
					    json_integer((json_int_t)counts[s]));
			if (!c->json && counts[s])
				printf("  %-22s %zu\n", ssc_card_state_name(s),
				       counts[s]);
		}
		if (c->json) {
			json_t *r = json_pack("{s:b, s:s, s:i, s:s, s:o}", "ok",
					      1, "command", "batch status",
					      "exit", 0, "batch_id",
					      c->batch_id, "counts", o);
			cli_json_print(r);
			json_decref(r);
		} else {
			json_decref(o);
		}
		return EXIT_OK;
	}
	if (!strcmp(sub, "import")) {
		const char *path = c->n_words > 2 ? c->words[2] : c->file;
		size_t ok = 0, refused = 0;
		struct progress p = { .c = c };
		int enc = SSC_BATCH_ENCODING_AUTO;

		if (!path)
			return cli_usage_error(c, "batch import",
					       "the file is missing");
		if (c->encoding)
			enc = !strcmp(c->encoding, "gbk")    ? SSC_BATCH_ENCODING_GBK
			      : !strcmp(c->encoding, "utf8") ? SSC_BATCH_ENCODING_UTF8
							     : -1;
		if (enc < 0)
			return cli_usage_error(c, "batch import",
					       "--encoding utf8|gbk");
		if (!c->actor)
			c->actor = "employer_agent";
		if ((code = cli_open(c, "batch import", true)) != 0)
			return code;
		p.bar = !c->json && isatty(2);
		p.total = p.bar ? count_lines(path) : 0;
		p.rows = c->json ? json_array() : NULL;
		cli_request(c, &q);
		rc = ssc_registry_batch_import_file(&ok, &refused, c->reg, &q,
						    path, enc, on_row, &p);
		if (p.bar)
			fputs("\n", stderr);
		if (rc) {
			json_decref(p.rows);
			code = cli_fail(c, "batch import", rc, "import");
			return code == EXIT_USAGE && rc == SSC_EOS ? EXIT_STORE
								   : code;
		}
		if (c->json) {
			json_t *o = json_pack(
				"{s:b, s:s, s:i, s:s, s:s, s:I, s:I, s:o}", "ok",
				refused == 0, "command", "batch import", "exit",
				refused ? EXIT_FAILED : 0,
				"batch_id", c->batch_id, "request_id",
				q.request_id, "accepted", (json_int_t)ok,
				"refused", (json_int_t)refused, "rows", p.rows);
			cli_json_print(o);
			json_decref(o);
		} else {
			printf("batch %s: %zu %s, %zu %s (request %s)\n",
			       c->batch_id, ok, cli_tr(c, "行已受理", "accepted"),
			       refused, cli_tr(c, "行被拒", "refused"),
			       q.request_id);
		}
		return refused ? EXIT_FAILED : EXIT_OK;
	}
	int event = 0;
	if (!strcmp(sub, "collect"))
		event = SSC_EVENT_COLLECT_BATCH;
	else if (!strcmp(sub, "apply") && c->n_words > 2)
		event = ssc_event_from_name(c->words[2]);
	if (!event)
		return cli_usage_error(c, "batch",
				       "unknown batch command '%.20s' (import, "
				       "status, collect, apply EVENT)",
				       sub);
	if (event == SSC_EVENT_COLLECT_BATCH && !c->actor)
		c->actor = "employer_agent";
	if (event == SSC_EVENT_START_PRODUCTION && !c->production)
		c->production = "batch";
	if ((code = cli_open(c, "batch", true)) != 0)
		return code;
	size_t done = 0;
	cli_request(c, &q);
	rc = ssc_registry_batch_apply(&done, c->reg, &q, event);
	if (rc)
		return cli_fail(c, "batch", rc, ssc_event_name(event));
	if (c->json) {
		json_t *o = json_pack("{s:b, s:s, s:i, s:s, s:s, s:s, s:I}",
				      "ok", 1, "command", "batch", "exit", 0,
				      "batch_id", c->batch_id, "event",
				      ssc_event_name(event), "request_id",
				      q.request_id, "done", (json_int_t)done);
		cli_json_print(o);
		json_decref(o);
	} else {
		printf("batch %s: %s %zu %s\n", c->batch_id,
		       ssc_event_name(event), done, cli_tr(c, "张卡", "cards"));
	}
	return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* sim */

static int
cmd_sim(int argc, char **argv, int first)
{
	char self[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char **av;

	if (n <= 0) {
		fprintf(stderr, "socialcard sim: cannot find my own path\n");
		return EXIT_FAILED;
	}
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/socialcard-sim", dirname(self));
	av = calloc((size_t)(argc - first + 2), sizeof(*av));
	if (!av)
		return EXIT_FAILED;
	av[0] = path;
	for (int i = first; i < argc; i++)
		av[i - first + 1] = argv[i];
	execv(path, av);
	fprintf(stderr, "socialcard sim: cannot run %s: %s\n", path,
		strerror(errno));
	free(av);
	return EXIT_FAILED;
}

/* ------------------------------------------------------------------ */
/* self-check (kept from the first version of the tool) */

static int64_t
fixed_clock(void *payload)
{
	return *(const int64_t *)payload;
}

struct check {
	const char *name;
	int (*run)(char *detail, size_t n);
};

static int
check_context(char *detail, size_t n)
{
	int64_t t = 1767225600000; /* 2026-01-01T00:00:00Z */
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	o.clock = fixed_clock;
	o.clock_payload = &t;
	o.region = "500000";
	if (ssc_ctx_new(&ctx, &o) < 0)
		return snprintf(detail, n, "%s", ssc_error_last()->message), 0;
	int ok = ssc_ctx_now(ctx) == t &&
		 strcmp(ssc_ctx_region(ctx), "500000") == 0;
	snprintf(detail, n, "clock and region %s", ok ? "as set" : "wrong");
	ssc_ctx_free(ctx);
	return ok;
}

static int
check_versioning(char *detail, size_t n)
{
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	o.version = SSC_CTX_OPTIONS_VERSION + 1;
	int rc = ssc_ctx_new(&ctx, &o);
	snprintf(detail, n, "future options version -> %s",
		 ssc_error_name(rc) ? ssc_error_name(rc) : "?");
	return rc == SSC_EVERSION && ctx == NULL;
}

static int
check_masking(char *detail, size_t n)
{
	ssc_buf id = SSC_BUF_INIT, name = SSC_BUF_INIT;
	int ok = ssc_mask_id_number(&id, "11010519491231002X") == 0 &&
		 ssc_mask_name(&name, "张三") == 0 &&
		 strcmp(id.ptr, "110105********002X") == 0 &&
		 strcmp(name.ptr, "张*") == 0;
	snprintf(detail, n, "%s %s", id.ptr ? id.ptr : "?",
		 name.ptr ? name.ptr : "?");
	ssc_buf_dispose(&id);
	ssc_buf_dispose(&name);
	return ok;
}

static const struct check checks[] = {
	{ "context", check_context },
	{ "versioning", check_versioning },
	{ "masking", check_masking },
};

static int
cmd_self_check(void)
{
	int failed = 0;
	char detail[256];
	printf("libsocialcard %s self-check\n", ssc_version(NULL, NULL, NULL));
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		detail[0] = '\0';
		int ok = checks[i].run(detail, sizeof(detail));
		printf("  %-12s %s  %s\n", checks[i].name, ok ? "ok  " : "FAIL",
		       detail);
		failed += !ok;
	}
	printf("self-check: %s\n", failed ? "FAILED" : "all passed");
	return failed ? EXIT_FAILED : EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* command line */

static const char *const value_opts[] = {
	"", "store", "keys", "region", "lang", "request-id", "card", "actor",
	"channel", "operator", "post", "case", "outlet", "outlet-bank",
	"bank", "batch-id", "reason", "phone", "address", "production",
	"card-number", "fee", "actor-doc-number", "id-number", "name", "doc",
	"material", "evidence", "fact", "reader", "file", "encoding", "level",
	"dir", "actor-doc", NULL
};

static int
parse_doc(struct cli *c, char *v)
{
	char *t = v, *f = NULL, *p = NULL;
	ssc_presented_doc *d;

	if ((f = strchr(t, ':')) != NULL) {
		*f++ = '\0';
		if ((p = strchr(f, ':')) != NULL)
			*p++ = '\0';
	}
	if (f && !*f)
		f = NULL;
	if (p && !*p)
		p = NULL;

	if (c->n_docs == CLI_MAX_ITEMS || !t)
		return -1;
	d = &c->docs[c->n_docs];
	d->type = lookup(doc_names, t);
	d->form = f ? lookup(form_names, f) : SSC_FORM_ORIGINAL;
	d->owner = p ? lookup(party_names, p) : SSC_PARTY_HOLDER;
	if (d->type < 0 || d->form < 0 || d->owner < 0)
		return -1;
	c->n_docs++;
	return 0;
}

static int
parse_material(struct cli *c, char *v)
{
	char *flag = strchr(v, ':');
	ssc_presented_material *m;

	if (c->n_mats == CLI_MAX_ITEMS || !*v)
		return -1;
	m = &c->mats[c->n_mats];
	m->flags = 0;
	if (flag) {
		*flag++ = '\0';
		m->flags = !strcmp(flag, "signed")     ? SSC_MATERIAL_SIGNED
			   : !strcmp(flag, "sealed")     ? SSC_MATERIAL_SEALED
			   : !strcmp(flag, "electronic") ? SSC_MATERIAL_ELECTRONIC
							 : 0;
		if (!m->flags)
			return -1;
	}
	m->id = v;
	c->n_mats++;
	return 0;
}

static int
set_option(struct cli *c, const char *name, char *v)
{
	int i;

#define OPT(n, field)                                                          \
	if (!strcmp(name, n)) {                                                \
		c->field = v;                                                  \
		return 0;                                                      \
	}
	OPT("store", store_uri)
	OPT("keys", keys_path)
	OPT("region", region)
	OPT("request-id", request_id)
	OPT("card", card_id)
	OPT("case", case_id)
	OPT("outlet", outlet)
	OPT("outlet-bank", outlet_bank)
	OPT("bank", bank_code)
	OPT("batch-id", batch_id)
	OPT("reason", reason)
	OPT("phone", phone)
	OPT("address", address)
	OPT("card-number", card_number)
	OPT("actor-doc-number", actor_doc_number)
	OPT("id-number", id_number)
	OPT("name", name)
	OPT("reader", reader)
	OPT("file", file)
	OPT("encoding", encoding)
	OPT("level", level)
	OPT("dir", tmpdir)
#undef OPT
	if (!strcmp(name, "lang")) {
		if (strcmp(v, "zh") && strcmp(v, "en"))
			return -1;
		c->lang = v;
		return 0;
	}
	if (!strcmp(name, "actor-doc")) {
		if ((i = lookup(doc_names, v)) < 0)
			return -1;
		c->actor_doc_type = i;
		return 0;
	}
	if (!strcmp(name, "actor")) {
		c->actor = v;
		return lookup(actor_names, v) < 0 ? -1 : 0;
	}
	if (!strcmp(name, "channel")) {
		c->channel = v;
		return lookup(channel_names, v) < 0 ? -1 : 0;
	}
	if (!strcmp(name, "production")) {
		c->production = v;
		return lookup(production_names, v) < 0 ? -1 : 0;
	}
	if (!strcmp(name, "fee")) {
		char *end;
		errno = 0;
		long f = strtol(v, &end, 10);
		if (errno || *end || f < 0)
			return -1;
		c->fee = v;
		return 0;
	}
	if (!strcmp(name, "operator")) {
		if (c->pending_op)
			c->ops[SSC_POST_ACCEPTANCE] = c->pending_op;
		c->pending_op = v;
		return 0;
	}
	if (!strcmp(name, "post")) {
		if ((i = lookup(post_names, v)) < 0 || !c->pending_op)
			return -1;
		c->ops[i] = c->pending_op;
		c->pending_op = NULL;
		return 0;
	}
	if (!strcmp(name, "doc"))
		return parse_doc(c, v);
	if (!strcmp(name, "material"))
		return parse_material(c, v);
	if (!strcmp(name, "evidence")) {
		char *ref = strchr(v, ':');
		if (ref)
			*ref++ = '\0';
		if ((i = lookup(evidence_names, v)) < 0)
			return -1;
		c->evidence |= 1u << (i - 1);
		if (ref && *ref) {
			if (c->n_evidence_refs == CLI_MAX_ITEMS)
				return -1;
			c->evidence_refs[c->n_evidence_refs++] = ref;
		}
		return 0;
	}
	if (!strcmp(name, "fact")) {
		if ((i = lookup(fact_names, v)) < 0)
			return -1;
		c->facts |= 1u << (i - 1);
		return 0;
	}
	return -1;
}

static int
parse_args(struct cli *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (strncmp(a, "--", 2) != 0 || !a[2]) {
			if (c->n_words == CLI_MAX_WORDS)
				return cli_usage_error(c, NULL,
						       "too many arguments");
			c->words[c->n_words++] = a;
			/* `sim` passes the rest to socialcard-sim */
			if (c->n_words == 1 && !strcmp(a, "sim"))
				return -(i + 1);
			continue;
		}
		char name[32];
		char *eq = strchr(a + 2, '=');
		size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		if (len >= sizeof(name))
			return cli_usage_error(c, NULL, "unknown option %.40s",
					       a);
		memcpy(name, a + 2, len);
		name[len] = '\0';
		if (!strcmp(name, "json")) {
			c->json = true;
			continue;
		}
		if (!strcmp(name, "financial") || !strcmp(name, "transfer") ||
		    !strcmp(name, "damaged") || !strcmp(name, "reissue") ||
		    !strcmp(name, "quiet") || !strcmp(name, "help")) {
			c->financial |= !strcmp(name, "financial");
			c->transfer |= !strcmp(name, "transfer");
			c->damaged |= !strcmp(name, "damaged");
			c->reissue |= !strcmp(name, "reissue");
			c->quiet |= !strcmp(name, "quiet");
			if (!strcmp(name, "help"))
				c->words[c->n_words++] = "help";
			continue;
		}
		if (lookup(value_opts, name) < 0)
			return cli_usage_error(c, NULL, "unknown option --%s",
					       name);
		char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (!v)
			return cli_usage_error(c, NULL,
					       "option --%s needs a value", name);
		if (set_option(c, name, v))
			return cli_usage_error(c, NULL,
					       "bad value for --%s: '%.40s'", name,
					       v);
	}
	if (c->pending_op)
		c->ops[SSC_POST_ACCEPTANCE] = c->pending_op;
	return 0;
}

static const struct {
	const char *name;
	svc_fn fn;
} simple_services[] = {
	{ "approve", ssc_registry_approve },
	{ "reject-photo", ssc_registry_reject_photo },
	{ "resubmit-photo", ssc_registry_resubmit_photo },
	{ "generate-data", ssc_registry_generate_data },
	{ "batch-to-individual", ssc_registry_batch_to_individual },
	{ "collect", ssc_registry_collect },
	{ "mail", ssc_registry_mail },
	{ "deliver", ssc_registry_deliver },
	{ "report-loss", ssc_registry_report_loss },
	{ "cancel-loss", ssc_registry_cancel_loss },
	{ "change-info", ssc_registry_info_change },
	{ "cancel", ssc_registry_cancel },
	{ "rollback", ssc_registry_rollback },
};

static int
dispatch(struct cli *c, int argc, char **argv)
{
	const char *cmd = c->words[0];
	const char *sub = c->n_words > 1 ? c->words[1] : NULL;
	char full[64];

	(void)argc;
	(void)argv;
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		int maj, min, mic;
		ssc_version(&maj, &min, &mic);
		printf("socialcard %d.%d.%d (headers %s)\n", maj, min, mic,
		       SSC_VERSION_STRING);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "self-check"))
		return cmd_self_check();
	if (!strcmp(cmd, "help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "demo"))
		return cli_cmd_demo(c);
	if (!strcmp(cmd, "apply"))
		return cmd_apply(c);
	if (!strcmp(cmd, "keys"))
		return cmd_keys_init(c);
	if (!strcmp(cmd, "id")) {
		if (!sub || strcmp(sub, "check"))
			return cli_usage_error(c, "id", "usage: socialcard id "
							"check NUMBER");
		return cmd_id_check(c);
	}
	if (!strcmp(cmd, "card")) {
		if (!sub || strcmp(sub, "read"))
			return cli_usage_error(c, "card", "usage: socialcard card "
							  "read --reader URI");
		return cmd_card_read(c);
	}
	if (!strcmp(cmd, "materials"))
		return cmd_materials(c);
	if (!strcmp(cmd, "due"))
		return cmd_due(c);
	if (!strcmp(cmd, "invalid-list"))
		return cmd_invalid_list(c);
	if (!strcmp(cmd, "batch"))
		return cmd_batch(c);

	/* commands on one card: the card id is the last word or --card */
	int card_word = 1;
	if (!strcmp(cmd, "pin") || !strcmp(cmd, "produce"))
		card_word = 2;
	if (!c->card_id && c->n_words > card_word)
		c->card_id = c->words[card_word];
	if (c->card_id && (strlen(c->card_id) > 64 ||
			   strspn(c->card_id, "0123456789abcdefABCDEF-") !=
				   strlen(c->card_id)))
		return cli_usage_error(c, cmd,
				       "malformed card id: a UUID is expected");
	if (!strcmp(cmd, "status"))
		return cmd_status(c);
	if (!strcmp(cmd, "journal"))
		return cmd_journal(c);
	if (!strcmp(cmd, "activate"))
		return run_service(c, "activate",
				   c->financial  ? ssc_registry_activate_financial
				   : c->transfer ? ssc_registry_activate_transfer
						 : ssc_registry_activate_ss,
				   true);
	if (!strcmp(cmd, "replace"))
		return run_service(c, "replace",
				   c->damaged   ? ssc_registry_replace_damaged
				   : c->reissue ? ssc_registry_reissue
						: ssc_registry_replace_lost,
				   true);
	if (!strcmp(cmd, "pin") || !strcmp(cmd, "produce")) {
		svc_fn fn = NULL;
		if (!sub)
			fn = NULL;
		else if (!strcmp(cmd, "pin"))
			fn = !strcmp(sub, "change")   ? ssc_registry_pin_change
			     : !strcmp(sub, "reset")  ? ssc_registry_pin_reset
			     : !strcmp(sub, "unlock") ? ssc_registry_unlock
			     : !strcmp(sub, "blocked") ? ssc_registry_pin_blocked
						       : NULL;
		else
			fn = !strcmp(sub, "start") ? ssc_registry_start_production
			     : !strcmp(sub, "finish")
				     ? ssc_registry_finish_production
				     : NULL;
		if (!fn)
			return cli_usage_error(
				c, cmd, "usage: socialcard %s %s CARD", cmd,
				!strcmp(cmd, "pin") ? "change|reset|unlock"
						    : "start|finish");
		snprintf(full, sizeof(full), "%s %s", cmd, sub);
		if (fn == ssc_registry_pin_change && c->reader)
			return cmd_pin_change_chip(c);
		if (!strcmp(cmd, "produce") && !strcmp(sub, "start") &&
		    !c->production)
			c->production = "instant";
		return run_service(c, full, fn, true);
	}
	for (size_t i = 0;
	     i < sizeof(simple_services) / sizeof(simple_services[0]); i++)
		if (!strcmp(cmd, simple_services[i].name))
			return run_service(c, cmd, simple_services[i].fn, true);
	return cli_usage_error(c, cmd, "unknown command (see socialcard help)");
}

int
main(int argc, char **argv)
{
	struct cli c = { .store_uri = "sqlite:socialcard.db", .lang = "zh" };
	int rc;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	c.region = getenv("SOCIALCARD_REGION");
	if (c.region && !*c.region)
		c.region = NULL;
	for (int i = 1; i < argc && strcmp(argv[i], "sim") != 0; i++)
		c.json |= !strcmp(argv[i], "--json");
	rc = parse_args(&c, argc, argv);
	if (rc < 0)
		return cmd_sim(argc, argv, -rc);
	if (rc)
		return rc;
	if (c.n_words == 0) {
		usage(c.json ? stdout : stderr);
		return EXIT_USAGE;
	}
	rc = dispatch(&c, argc, argv);
	cli_close(&c);
	return rc;
}
