/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rule-pack format (doc/rulepacks.md): its vocabularies and the
 * validator that refuses a malformed pack with the path of the offending
 * field (syntax errors carry jansson's line and column, rulebook.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rules/rules_int.h"

#define RULEPACK_FORMAT 1

const char *const ssc__rules_service_names[] = {
	"unset", "apply", "apply_batch", "batch_to_individual", "produce",
	"collect", "activate_ss", "activate_financial", "activate_linked",
	"activate_transfer", "report_loss", "cancel_loss", "replace_lost",
	"replace_damaged", "reissue", "info_change", "pin_change", "pin_reset",
	"unlock", "status_query", "cancel", "rollback", NULL
};
const char *const ssc__rules_channel_names[] = {
	"unset", "window", "kiosk", "online", "bank", "phone", "mail", "batch",
	NULL
};
const char *const ssc__rules_actor_names[] = {
	"unset", "holder", "agent", "guardian", "employer_agent", "system", NULL
};
const char *const ssc__rules_doc_names[] = {
	"unset", "resident_id", "temporary_id", "household_register",
	"hkmo_permit", "tw_permit", "residence_permit", "passport",
	"foreign_pr_card", "officer_card", "birth_certificate", "ss_card", NULL
};
const char *const ssc__rules_party_names[] = {
	"unset", "holder", "agent", "guardian", NULL
};
/* Indexed by ssc_residency (person.h): rule packs name Hong Kong and Macau
 * residents together as "hkmo", as the seeds do. */
const char *const ssc__rules_residency_names[] = {
	"unset", "mainland", "hkmo", "hkmo", "taiwan", "foreign", NULL
};
const char *const ssc__rules_form_names[] = {
	"unset", "original", "copy", "electronic", "any", NULL
};
const char *const ssc__rules_fact_names[] = {
	"has_valid_card", "pending_application", "card_received", "ss_active",
	"financial_active", "loss_reported", "replacement_applied",
	"batch_data_generated", "batch_production_started", "pin_blocked",
	"transferred_in", "multiple_accounts", "relation_transfer",
	"agent_changed", "photo_change", NULL
};
const char *const ssc__rules_evidence_names[] = {
	"credential_images", "scene_images", "signature", NULL
};
const char *const ssc__rules_material_names[] = {
	"photo",                /* 1-inch white-background photo 一寸白底免冠照 */
	"onsite_photo",         /* photo taken on site in the SS system */
	"application_form",     /* 《社会保障卡服务申请表》 */
	"undertaking",          /* agent's undertaking 承诺书 */
	"unit_letter",          /* letter of introduction 单位介绍信 */
	"batch_form",           /* regional batch application form 申领表(批量) */
	"batch_file",           /* 报盘文件: 制卡明细表 / 补换卡明细表 */
	"batch_photos",         /* scanned photos of the batch */
	"batch_id_scans",       /* ID front/back scans (adults) */
	"batch_register_scans", /* household register page scans (minors) */
	"batch_authorisation",  /* employer's activation authorisation */
	"guardian_proof",       /* proof of guardianship 监护关系证明 */
	"realname_phone",       /* real-name mobile number 实名制手机 */
	"face_verification",    /* online face verification 人脸识别 */
	"liability_notice",     /* 《办理银行账户(银行卡)法律责任告知书》 */
	"mail_address",         /* delivery information 邮寄信息 */
	"issuance_receipt",     /* receipt printed at submission 业务办理凭证 */
	"fee_payment",          /* fee paid or offset 费用清缴或抵扣 */
	NULL
};
const char *const ssc__rules_point_kind_names[] = {
	"hall", "window", "bank", "kiosk", NULL
};
const char *const ssc__rules_capability_names[] = {
	"accept",        /* accepts individual applications */
	"batch",         /* accepts employer batches */
	"district_hall", /* a district (城区) service hall */
	"county_hall",   /* a county-level service hall */
	"instant_issue", /* instant issuance 即时制卡 */
	"activate",      /* activation */
	"unlock",        /* PIN unlock */
	"pin",           /* PIN change and reset */
	"loss",          /* loss reports and their cancellation */
	NULL
};

int
ssc__rules_lookup(const char *const *table, const char *name, bool skip_unset)
{
	if (!name)
		return -1;
	for (int i = skip_unset ? 1 : 0; table[i]; i++)
		if (strcmp(table[i], name) == 0)
			return i;
	return -1;
}

/* ---- validation ----------------------------------------------------- */

struct vpath {
	char buf[256];
	size_t len;
};

static size_t vpush(struct vpath *p, const char *fmt, ...) SSC__PRINTF(2, 3);

static size_t
vpush(struct vpath *p, const char *fmt, ...)
{
	size_t old = p->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(p->buf + p->len, sizeof p->buf - p->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		p->len += (size_t)n < sizeof p->buf - p->len
				  ? (size_t)n
				  : sizeof p->buf - p->len - 1;
	return old;
}

static void
vpop(struct vpath *p, size_t old)
{
	p->len = old;
	p->buf[old] = '\0';
}

static ssc_status
verr(const struct vpath *p, const char *what)
{
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_RULES,
			       "rule pack: %s: %s", p->len ? p->buf : "(root)",
			       what);
}

static ssc_status
verr_name(const struct vpath *p, const char *what, const char *name)
{
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_RULES,
			       "rule pack: %s: %s \"%.60s\"",
			       p->len ? p->buf : "(root)", what, name);
}

static ssc_status
only_keys(struct vpath *p, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		(void)v;
		if (ssc__rules_lookup(allowed, key, false) < 0)
			return verr_name(p, "unknown field", key);
	}
	return SSC_OK;
}

static ssc_status
need_string(struct vpath *p, json_t *obj, const char *key, bool required)
{
	json_t *v = json_object_get(obj, key);
	size_t old;
	ssc_status rc = SSC_OK;

	if (!v)
		return required ? verr_name(p, "missing field", key) : SSC_OK;
	old = vpush(p, ".%s", key);
	if (!json_is_string(v) || json_string_length(v) == 0)
		rc = verr(p, "must be a non-empty string");
	vpop(p, old);
	return rc;
}

/* A value that is a name from table, or an array of such names. */
static ssc_status
need_names(struct vpath *p, json_t *v, const char *const *table,
	   bool skip_unset, const char *what, bool allow_single)
{
	size_t i;
	json_t *e;

	if (json_is_string(v) && allow_single) {
		if (ssc__rules_lookup(table, json_string_value(v), skip_unset) <
		    0)
			return verr_name(p, what, json_string_value(v));
		return SSC_OK;
	}
	if (!json_is_array(v) || json_array_size(v) == 0)
		return verr(p, "must be a non-empty array of names");
	json_array_foreach(v, i, e) {
		size_t old = vpush(p, "[%zu]", i);
		if (!json_is_string(e) ||
		    ssc__rules_lookup(table, json_string_value(e), skip_unset) <
			    0) {
			ssc_status rc = json_is_string(e)
				? verr_name(p, what, json_string_value(e))
				: verr(p, "must be a string");
			return rc;
		}
		vpop(p, old);
	}
	return SSC_OK;
}

static ssc_status need_expr(struct vpath *p, json_t *e, int depth);

static ssc_status
need_doc_spec(struct vpath *p, json_t *obj, bool allow_when, int depth)
{
	static const char *const keys[] = { "doc", "of", "form", "when", NULL };
	static const char *const keys_nowhen[] = { "doc", "of", "form", NULL };
	json_t *v;
	size_t old;
	ssc_status rc;

	if ((rc = only_keys(p, obj, allow_when ? keys : keys_nowhen)))
		return rc;
	old = vpush(p, ".%s", "doc");
	rc = need_names(p, json_object_get(obj, "doc"), ssc__rules_doc_names,
			true, "unknown document type", true);
	vpop(p, old);
	if (rc)
		return rc;
	v = json_object_get(obj, "of");
	if (!v)
		return verr(p, "missing field \"of\" (holder, agent, guardian)");
	old = vpush(p, ".%s", "of");
	rc = need_names(p, v, ssc__rules_party_names, true, "unknown party",
			true);
	vpop(p, old);
	if (rc)
		return rc;
	v = json_object_get(obj, "form");
	if (!v)
		return verr(p, "missing field \"form\" (original, copy, "
			       "electronic, any)");
	old = vpush(p, ".%s", "form");
	rc = need_names(p, v, ssc__rules_form_names, true, "unknown form",
			true);
	if (!rc && !json_is_string(v))
		rc = verr(p, "must be one name");
	vpop(p, old);
	if (rc)
		return rc;
	if ((v = json_object_get(obj, "when"))) {
		old = vpush(p, ".%s", "when");
		rc = need_expr(p, v, depth + 1);
		vpop(p, old);
	}
	return rc;
}

static ssc_status
need_bool(struct vpath *p, json_t *v)
{
	return json_is_boolean(v) ? SSC_OK : verr(p, "must be true or false");
}

static ssc_status
need_age(struct vpath *p, json_t *v)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 150)
		return verr(p, "must be an age 0..150");
	return SSC_OK;
}

#define MAX_DEPTH 24

/* Expressions: true/false, [e...] (all), or an object with one operator. */
static ssc_status
need_expr(struct vpath *p, json_t *e, int depth)
{
	const char *op;
	json_t *v;
	size_t old, i;
	ssc_status rc = SSC_OK;

	if (depth > MAX_DEPTH)
		return verr(p, "expression nested too deeply");
	if (json_is_boolean(e))
		return SSC_OK;
	if (json_is_array(e)) {
		json_array_foreach(e, i, v) {
			old = vpush(p, "[%zu]", i);
			if ((rc = need_expr(p, v, depth + 1)))
				return rc;
			vpop(p, old);
		}
		return SSC_OK;
	}
	if (!json_is_object(e) || json_object_size(e) != 1)
		return verr(p, "an expression is true, false, an array or an "
			       "object with exactly one operator");
	json_object_foreach(e, op, v) {
		old = vpush(p, ".%s", op);
		if (!strcmp(op, "all") || !strcmp(op, "any")) {
			if (!json_is_array(v))
				return verr(p, "must be an array");
			rc = need_expr(p, v, depth + 1);
		} else if (!strcmp(op, "not")) {
			rc = need_expr(p, v, depth + 1);
		} else if (!strcmp(op, "actor")) {
			rc = need_names(p, v, ssc__rules_actor_names, true,
					"unknown actor", false);
		} else if (!strcmp(op, "channel")) {
			rc = need_names(p, v, ssc__rules_channel_names, true,
					"unknown channel", false);
		} else if (!strcmp(op, "residency")) {
			rc = need_names(p, v, ssc__rules_residency_names, true,
					"unknown residency", false);
		} else if (!strcmp(op, "point_kind")) {
			rc = need_names(p, v, ssc__rules_point_kind_names,
					false, "unknown service-point kind",
					false);
		} else if (!strcmp(op, "age_lt") || !strcmp(op, "age_ge")) {
			rc = need_age(p, v);
		} else if (!strcmp(op, "age_known") || !strcmp(op, "insured") ||
			   !strcmp(op, "point_bank_is_card_bank")) {
			rc = need_bool(p, v);
		} else if (!strcmp(op, "fact")) {
			rc = need_names(p, v, ssc__rules_fact_names, false,
					"unknown fact", true);
		} else if (!strcmp(op, "point")) {
			rc = need_names(p, v, ssc__rules_capability_names,
					false, "unknown capability", true);
		} else if (!strcmp(op, "material")) {
			rc = need_names(p, v, ssc__rules_material_names, false,
					"unknown material", true);
		} else if (!strcmp(op, "evidence")) {
			rc = need_names(p, v, ssc__rules_evidence_names, false,
					"unknown evidence", true);
		} else if (!strcmp(op, "change")) {
			if (!json_is_string(v) ||
			    (strcmp(json_string_value(v), "key") &&
			     strcmp(json_string_value(v), "any")))
				rc = verr(p, "must be \"key\" or \"any\"");
		} else if (!strcmp(op, "doc")) {
			if (!json_is_object(v))
				rc = verr(p, "must be an object");
			else
				rc = need_doc_spec(p, v, false, depth);
		} else {
			vpop(p, old);
			return verr_name(p, "unknown operator", op);
		}
		if (rc)
			return rc;
		vpop(p, old);
	}
	return SSC_OK;
}

static ssc_status
need_texts(struct vpath *p, json_t *obj)
{
	ssc_status rc;

	if ((rc = need_string(p, obj, "zh", true)) ||
	    (rc = need_string(p, obj, "en", true)))
		return rc;
	return SSC_OK;
}

static ssc_status
need_alternative(struct vpath *p, json_t *alt, int depth)
{
	static const char *const mkeys[] = { "material", "signed", "sealed",
					     "electronic", "when", NULL };
	static const char *const ekeys[] = { "evidence", "when", NULL };
	size_t old;
	json_t *v;
	ssc_status rc;

	if (!json_is_object(alt))
		return verr(p, "an alternative must be an object");
	if (json_object_get(alt, "doc"))
		return need_doc_spec(p, alt, true, depth);
	if ((v = json_object_get(alt, "material"))) {
		if ((rc = only_keys(p, alt, mkeys)))
			return rc;
		old = vpush(p, ".%s", "material");
		rc = need_names(p, v, ssc__rules_material_names, false,
				"unknown material", true);
		if (!rc && !json_is_string(v))
			rc = verr(p, "must be one name");
		vpop(p, old);
		if (rc)
			return rc;
		for (int i = 1; i < 4; i++) {
			json_t *b = json_object_get(alt, mkeys[i]);
			if (!b)
				continue;
			old = vpush(p, ".%s", mkeys[i]);
			if ((rc = need_bool(p, b)))
				return rc;
			vpop(p, old);
		}
	} else if ((v = json_object_get(alt, "evidence"))) {
		if ((rc = only_keys(p, alt, ekeys)))
			return rc;
		old = vpush(p, ".%s", "evidence");
		rc = need_names(p, v, ssc__rules_evidence_names, false,
				"unknown evidence", true);
		if (!rc && !json_is_string(v))
			rc = verr(p, "must be one name");
		vpop(p, old);
		if (rc)
			return rc;
	} else {
		return verr(p, "an alternative has \"doc\", \"material\" or "
			       "\"evidence\"");
	}
	if ((v = json_object_get(alt, "when"))) {
		old = vpush(p, ".%s", "when");
		rc = need_expr(p, v, depth + 1);
		vpop(p, old);
		return rc;
	}
	return SSC_OK;
}

static ssc_status
need_count(struct vpath *p, json_t *obj, const char *key, json_int_t max,
	   bool required)
{
	json_t *v = json_object_get(obj, key);
	size_t old;
	ssc_status rc = SSC_OK;

	if (!v)
		return required ? verr_name(p, "missing field", key) : SSC_OK;
	old = vpush(p, ".%s", key);
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > max)
		rc = verr(p, "must be a non-negative integer in range");
	vpop(p, old);
	return rc;
}

static ssc_status
need_rule(struct vpath *p, json_t *r)
{
	static const char *const rkeys[] = { "id", "when", "source", "require",
					     "code", "zh", "en", "material",
					     "deadline", "fee", "note",
					     "remove", NULL };
	static const char *const mkeys[] = { "any_of", "zh", "en", "copies",
					     "optional", NULL };
	static const char *const dkeys[] = { "working_days", "hours",
					     "statutory_working_days", "zh",
					     "en", NULL };
	static const char *const fkeys[] = { "charged", "amount_fen", "zh",
					     "en", NULL };
	static const char *const nkeys[] = { "zh", "en", NULL };
	static const char *const kinds[] = { "require", "material",
					     "deadline", "fee", "note",
					     "remove", NULL };
	json_t *v;
	size_t old, i;
	int n_kinds = 0;
	ssc_status rc;

	if (!json_is_object(r))
		return verr(p, "a rule must be an object");
	if ((rc = only_keys(p, r, rkeys)) ||
	    (rc = need_string(p, r, "id", true)))
		return rc;
	for (i = 0; kinds[i]; i++)
		n_kinds += json_object_get(r, kinds[i]) != NULL;
	if (n_kinds != 1)
		return verr(p, "a rule has exactly one of require, material, "
			       "deadline, fee, note, remove");
	if ((v = json_object_get(r, "remove"))) {
		if (!json_is_true(v))
			return verr(p, "remove must be true");
		if (json_object_size(r) != 2)
			return verr(p, "a remove rule has only id and remove");
		return SSC_OK;
	}
	if ((rc = need_string(p, r, "source", true)))
		return rc;
	if ((v = json_object_get(r, "when"))) {
		old = vpush(p, ".%s", "when");
		if ((rc = need_expr(p, v, 0)))
			return rc;
		vpop(p, old);
	}
	if ((v = json_object_get(r, "require"))) {
		old = vpush(p, ".%s", "require");
		if ((rc = need_expr(p, v, 0)))
			return rc;
		vpop(p, old);
		if ((rc = need_string(p, r, "code", true)) ||
		    (rc = need_texts(p, r)))
			return rc;
		return SSC_OK;
	}
	if (json_object_get(r, "code") || json_object_get(r, "zh") ||
	    json_object_get(r, "en"))
		return verr(p, "code, zh and en belong to require rules; "
			       "other kinds carry texts inside");
	if ((v = json_object_get(r, "material"))) {
		json_t *alts, *a;
		old = vpush(p, ".%s", "material");
		if (!json_is_object(v))
			return verr(p, "must be an object");
		if ((rc = only_keys(p, v, mkeys)) || (rc = need_texts(p, v)) ||
		    (rc = need_count(p, v, "copies", 100, false)))
			return rc;
		if (json_object_get(v, "optional")) {
			size_t o2 = vpush(p, ".%s", "optional");
			if ((rc = need_bool(p, json_object_get(v, "optional"))))
				return rc;
			vpop(p, o2);
		}
		alts = json_object_get(v, "any_of");
		if (!json_is_array(alts) || json_array_size(alts) == 0)
			return verr(p, "any_of must be a non-empty array");
		json_array_foreach(alts, i, a) {
			size_t o2 = vpush(p, ".any_of[%zu]", i);
			if ((rc = need_alternative(p, a, 0)))
				return rc;
			vpop(p, o2);
		}
		vpop(p, old);
		return SSC_OK;
	}
	if ((v = json_object_get(r, "deadline"))) {
		old = vpush(p, ".%s", "deadline");
		if (!json_is_object(v))
			return verr(p, "must be an object");
		if ((rc = only_keys(p, v, dkeys)) || (rc = need_texts(p, v)) ||
		    (rc = need_count(p, v, "working_days", 3660, false)) ||
		    (rc = need_count(p, v, "hours", 87840, false)) ||
		    (rc = need_count(p, v, "statutory_working_days", 3660,
				     false)))
			return rc;
		if (!json_object_get(v, "working_days") ==
		    !json_object_get(v, "hours"))
			return verr(p, "exactly one of working_days, hours");
		vpop(p, old);
		return SSC_OK;
	}
	if ((v = json_object_get(r, "fee"))) {
		old = vpush(p, ".%s", "fee");
		if (!json_is_object(v))
			return verr(p, "must be an object");
		if ((rc = only_keys(p, v, fkeys)) || (rc = need_texts(p, v)) ||
		    (rc = need_count(p, v, "amount_fen", 100000000, false)))
			return rc;
		if (!json_is_boolean(json_object_get(v, "charged")))
			return verr(p, "charged must be true or false");
		vpop(p, old);
		return SSC_OK;
	}
	v = json_object_get(r, "note");
	old = vpush(p, ".%s", "note");
	if (!json_is_object(v))
		return verr(p, "must be an object");
	if ((rc = only_keys(p, v, nkeys)) || (rc = need_texts(p, v)))
		return rc;
	vpop(p, old);
	return SSC_OK;
}

static ssc_status
need_service(struct vpath *p, json_t *svc, bool national)
{
	static const char *const keys[] = { "actors", "channels", "source",
					    "rules", NULL };
	json_t *v, *r;
	size_t old, i, j;
	ssc_status rc;

	if (!json_is_object(svc))
		return verr(p, "a service must be an object");
	if ((rc = only_keys(p, svc, keys)))
		return rc;
	if (national && (!json_object_get(svc, "actors") ||
			 !json_object_get(svc, "channels")))
		return verr(p, "the national pack states actors and channels "
			       "of every service");
	if ((json_object_get(svc, "actors") ||
	     json_object_get(svc, "channels")) &&
	    (rc = need_string(p, svc, "source", true)))
		return rc;
	if ((v = json_object_get(svc, "actors"))) {
		old = vpush(p, ".%s", "actors");
		if ((rc = need_names(p, v, ssc__rules_actor_names, true,
				     "unknown actor", false)))
			return rc;
		vpop(p, old);
	}
	if ((v = json_object_get(svc, "channels"))) {
		old = vpush(p, ".%s", "channels");
		if ((rc = need_names(p, v, ssc__rules_channel_names, true,
				     "unknown channel", false)))
			return rc;
		vpop(p, old);
	}
	v = json_object_get(svc, "rules");
	if (!v)
		return SSC_OK;
	if (!json_is_array(v))
		return verr(p, "rules must be an array");
	json_array_foreach(v, i, r) {
		old = vpush(p, ".rules[%zu]", i);
		if ((rc = need_rule(p, r)))
			return rc;
		if (national && json_object_get(r, "remove"))
			return verr(p, "the national pack has nothing to "
				       "remove");
		for (j = 0; j < i; j++) {
			const char *a = json_string_value(
				json_object_get(json_array_get(v, j), "id"));
			if (!strcmp(a, json_string_value(
					       json_object_get(r, "id"))))
				return verr_name(p, "duplicate rule id", a);
		}
		vpop(p, old);
	}
	return SSC_OK;
}

static ssc_status
need_point(struct vpath *p, json_t *pt)
{
	static const char *const keys[] = { "id", "kind", "name", "address",
					    "hours", "phone", "hall", "bank",
					    "capabilities", NULL };
	json_t *v;
	size_t old;
	ssc_status rc;

	if (!json_is_object(pt))
		return verr(p, "a service point must be an object");
	if ((rc = only_keys(p, pt, keys)) ||
	    (rc = need_string(p, pt, "id", true)) ||
	    (rc = need_string(p, pt, "name", true)) ||
	    (rc = need_string(p, pt, "address", false)) ||
	    (rc = need_string(p, pt, "hours", false)) ||
	    (rc = need_string(p, pt, "phone", false)) ||
	    (rc = need_string(p, pt, "hall", false)) ||
	    (rc = need_string(p, pt, "bank", false)))
		return rc;
	v = json_object_get(pt, "kind");
	old = vpush(p, ".%s", "kind");
	if (!json_is_string(v) ||
	    ssc__rules_lookup(ssc__rules_point_kind_names,
			      json_string_value(v), false) < 0)
		return verr(p, "must be hall, window, bank or kiosk");
	vpop(p, old);
	if (!strcmp(json_string_value(v), "bank") &&
	    !json_object_get(pt, "bank"))
		return verr(p, "a bank outlet states its bank code (bank)");
	if ((v = json_object_get(pt, "capabilities"))) {
		old = vpush(p, ".%s", "capabilities");
		if (json_is_array(v) && json_array_size(v) == 0) {
			vpop(p, old);
			return SSC_OK;
		}
		if ((rc = need_names(p, v, ssc__rules_capability_names, false,
				     "unknown capability", false)))
			return rc;
		vpop(p, old);
	}
	return SSC_OK;
}

static bool
is_code(const char *s)
{
	if (strlen(s) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return strcmp(s, "000000") != 0;
}

ssc_status
ssc__rulepack_validate(json_t *root)
{
	static const char *const keys[] = { "format", "id", "codes", "name",
					    "sources", "service_points",
					    "services", NULL };
	struct vpath p = { { 0 }, 0 };
	json_t *v, *e;
	const char *key, *id;
	size_t i, j, old;
	bool national;
	ssc_status rc;

	if (!json_is_object(root))
		return verr(&p, "a rule pack is a JSON object");
	if ((rc = only_keys(&p, root, keys)))
		return rc;
	v = json_object_get(root, "format");
	if (!json_is_integer(v) || json_integer_value(v) != RULEPACK_FORMAT) {
		vpush(&p, "%s", "format");
		return verr(&p, "missing or not 1");
	}
	if ((rc = need_string(&p, root, "id", true)))
		return rc;
	id = json_string_value(json_object_get(root, "id"));
	national = strcmp(id, "national") == 0;
	if (!national && !is_code(id)) {
		vpush(&p, "%s", "id");
		return verr(&p, "\"national\" or a 6-digit region code");
	}
	v = json_object_get(root, "codes");
	if (national && v) {
		vpush(&p, "%s", "codes");
		return verr(&p, "the national pack has no region codes");
	}
	if (!national) {
		bool has_id = false;
		vpush(&p, "%s", "codes");
		if (!json_is_array(v) || json_array_size(v) == 0)
			return verr(&p, "missing or empty");
		json_array_foreach(v, i, e) {
			old = vpush(&p, "[%zu]", i);
			if (!json_is_string(e) || !is_code(json_string_value(e)))
				return verr(&p, "not a 6-digit region code");
			has_id |= !strcmp(json_string_value(e), id);
			vpop(&p, old);
		}
		if (!has_id)
			return verr(&p, "must include the pack's id");
		vpop(&p, 0);
	}
	v = json_object_get(root, "name");
	vpush(&p, "%s", "name");
	if (!json_is_object(v))
		return verr(&p, "missing or not an object {zh, en}");
	if ((rc = need_texts(&p, v)))
		return rc;
	vpop(&p, 0);
	if ((v = json_object_get(root, "sources"))) {
		vpush(&p, "%s", "sources");
		if (!json_is_object(v))
			return verr(&p, "must be an object");
		json_object_foreach(v, key, e) {
			if (!json_is_string(e) || json_string_length(e) == 0)
				return verr_name(&p, "must map to a title",
						 key);
		}
		vpop(&p, 0);
	}
	if ((v = json_object_get(root, "service_points"))) {
		vpush(&p, "%s", "service_points");
		if (!json_is_array(v))
			return verr(&p, "must be an array");
		json_array_foreach(v, i, e) {
			old = vpush(&p, "[%zu]", i);
			if ((rc = need_point(&p, e)))
				return rc;
			for (j = 0; j < i; j++)
				if (!strcmp(json_string_value(json_object_get(
						    json_array_get(v, j), "id")),
					    json_string_value(
						    json_object_get(e, "id"))))
					return verr(&p, "duplicate id");
			vpop(&p, old);
		}
		json_array_foreach(v, i, e) {
			json_t *hall = json_object_get(e, "hall");
			bool found = false;
			if (!hall)
				continue;
			for (j = 0; j < json_array_size(v); j++)
				found |= !strcmp(json_string_value(
							 json_object_get(
								 json_array_get(v, j),
								 "id")),
						 json_string_value(hall));
			if (!found) {
				vpush(&p, "[%zu].hall", i);
				return verr(&p, "names no service point of "
						"this pack");
			}
		}
		vpop(&p, 0);
	}
	v = json_object_get(root, "services");
	vpush(&p, "%s", "services");
	if (!json_is_object(v))
		return verr(&p, "missing or not an object");
	json_object_foreach(v, key, e) {
		if (ssc__rules_lookup(ssc__rules_service_names, key, true) < 0)
			return verr_name(&p, "unknown service", key);
		old = vpush(&p, ".%s", key);
		if ((rc = need_service(&p, e, national)))
			return rc;
		vpop(&p, old);
	}
	if (national) {
		for (i = 1; ssc__rules_service_names[i]; i++)
			if (!json_object_get(v, ssc__rules_service_names[i]))
				return verr_name(&p, "the national pack lacks "
						     "service",
						 ssc__rules_service_names[i]);
	}
	return SSC_OK;
}
