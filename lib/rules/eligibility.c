/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The evaluator: merges a service's rules along the pack chain (national →
 * province → city → county), evaluates conditions and material lists over a
 * situation, and builds the verdict with every reason, the required and
 * missing materials, the deadline, the fee and the notes.
 */
#include <string.h>

#include "rules/rules_int.h"
#include "calendar/date.h"

#define MAX_CHAIN SSC__RULES_MAX_CHAIN

struct ssc_verdict {
	ssc_ctx *ctx;
	json_t *roots[MAX_CHAIN]; /* references keeping the texts alive */
	size_t n_roots;
	char pack[16];
	ssc_reason *reasons;
	size_t n_reasons;
	ssc_reason *notes;
	size_t n_notes;
	ssc_material *materials;
	size_t n_materials;
	size_t n_missing;
	ssc_deadline deadline;
	ssc_fee fee;
};

struct eval {
	const ssc_situation *sit;
	int age; /* -1 = unknown */
	const struct rules_pack *chain[MAX_CHAIN]; /* national first */
	size_t n_chain;
	json_t *point; /* the service point, or NULL */
};

/* ---- names ---------------------------------------------------------- */

const char *
ssc_service_name(int service)
{
	if (service <= 0 || service >= SSC_SERVICE_ROLLBACK + 1)
		return NULL;
	return ssc__rules_service_names[service];
}

int
ssc_service_from_name(const char *name)
{
	int i = ssc__rules_lookup(ssc__rules_service_names, name, true);
	return i < 0 ? SSC_SERVICE_UNSET : i;
}

ssc_status
ssc_situation_init(ssc_situation *sit, unsigned int version)
{
	ssc_status rc;

	if (!sit)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_situation_init: NULL");
	if ((rc = ssc__check_version(version, SSC_SITUATION_VERSION,
				     "ssc_situation")))
		return rc;
	memset(sit, 0, sizeof *sit);
	sit->version = version;
	return SSC_OK;
}

/* ---- expressions ---------------------------------------------------- */

static bool
name_in(json_t *v, const char *const *table, int value)
{
	size_t i;
	json_t *e;

	/* Compare by name: a table may give two values one name (residency:
	 * Hong Kong and Macau are both "hkmo"). */
	if (value < 0 || !table[0])
		return false;
	const char *want = table[value];
	if (json_is_string(v))
		return !strcmp(json_string_value(v), want);
	json_array_foreach(v, i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), want))
			return true;
	return false;
}

static int
table_size(const char *const *t)
{
	int n = 0;
	while (t[n])
		n++;
	return n;
}

/* value if it is a valid index of the table, else -1 */
static int
clamp(const char *const *t, int v)
{
	return v >= 0 && v < table_size(t) ? v : -1;
}

static bool
doc_matches(json_t *spec, const ssc_presented_doc *d)
{
	json_t *form = json_object_get(spec, "form");
	int want = ssc__rules_lookup(ssc__rules_form_names,
				     json_string_value(form), true);

	if (!name_in(json_object_get(spec, "doc"), ssc__rules_doc_names,
		     clamp(ssc__rules_doc_names, d->type)) ||
	    !name_in(json_object_get(spec, "of"), ssc__rules_party_names,
		     clamp(ssc__rules_party_names, d->owner)))
		return false;
	switch (want) {
	case SSC_FORM_ORIGINAL:
		return d->form == SSC_FORM_ORIGINAL;
	case SSC_FORM_COPY:
		return d->form == SSC_FORM_ORIGINAL || d->form == SSC_FORM_COPY;
	case SSC_FORM_ELECTRONIC:
		return d->form == SSC_FORM_ELECTRONIC;
	default: /* any */
		return d->form >= SSC_FORM_ORIGINAL &&
		       d->form <= SSC_FORM_ELECTRONIC;
	}
}

static bool
has_doc(const struct eval *ev, json_t *spec)
{
	for (size_t i = 0; i < ev->sit->n_docs; i++)
		if (doc_matches(spec, &ev->sit->docs[i]))
			return true;
	return false;
}

static bool
has_material(const struct eval *ev, const char *id, unsigned int flags)
{
	for (size_t i = 0; i < ev->sit->n_materials; i++) {
		const ssc_presented_material *m = &ev->sit->materials[i];
		if (m->id && !strcmp(m->id, id) && (m->flags & flags) == flags)
			return true;
	}
	return false;
}

static bool
bit_named(json_t *v, const char *const *table, uint32_t bits)
{
	int i = ssc__rules_lookup(table, json_string_value(v), false);
	return i >= 0 && (bits & (1u << i));
}

static const char *
point_bank(const struct eval *ev)
{
	if (ev->point)
		return json_string_value(json_object_get(ev->point, "bank"));
	return ev->sit->outlet_bank;
}

static bool eval_expr(const struct eval *ev, json_t *e);

static bool
eval_op(const struct eval *ev, const char *op, json_t *v)
{
	const ssc_situation *s = ev->sit;
	size_t i;
	json_t *e;

	if (!strcmp(op, "all") || !strcmp(op, "any")) {
		bool any = op[1] == 'n';
		json_array_foreach(v, i, e) {
			if (eval_expr(ev, e) == any)
				return any;
		}
		return !any;
	}
	if (!strcmp(op, "not"))
		return !eval_expr(ev, v);
	if (!strcmp(op, "actor"))
		return name_in(v, ssc__rules_actor_names,
			       clamp(ssc__rules_actor_names, s->actor));
	if (!strcmp(op, "channel"))
		return name_in(v, ssc__rules_channel_names,
			       clamp(ssc__rules_channel_names, s->channel));
	if (!strcmp(op, "residency"))
		return name_in(v, ssc__rules_residency_names,
			       s->residency ? clamp(ssc__rules_residency_names,
						    s->residency)
					    : SSC_RESIDENCY_MAINLAND);
	if (!strcmp(op, "point_kind"))
		return ev->point &&
		       name_in(v, ssc__rules_point_kind_names,
			       ssc__rules_lookup(
				       ssc__rules_point_kind_names,
				       json_string_value(json_object_get(
					       ev->point, "kind")),
				       false));
	if (!strcmp(op, "age_lt"))
		return ev->age >= 0 && ev->age < json_integer_value(v);
	if (!strcmp(op, "age_ge"))
		return ev->age < 0 || ev->age >= json_integer_value(v);
	if (!strcmp(op, "age_known"))
		return (ev->age >= 0) == json_is_true(v);
	if (!strcmp(op, "insured"))
		return (s->insured != 0) == json_is_true(v);
	if (!strcmp(op, "point_bank_is_card_bank")) {
		const char *b = point_bank(ev);
		bool same = b && s->card_bank && !strcmp(b, s->card_bank);
		return same == json_is_true(v);
	}
	if (!strcmp(op, "fact"))
		return bit_named(v, ssc__rules_fact_names, s->card_facts);
	if (!strcmp(op, "evidence"))
		return bit_named(v, ssc__rules_evidence_names, s->evidence);
	if (!strcmp(op, "point")) {
		json_t *caps;
		if (!ev->point)
			return false;
		caps = json_object_get(ev->point, "capabilities");
		json_array_foreach(caps, i, e)
			if (!strcmp(json_string_value(e), json_string_value(v)))
				return true;
		return false;
	}
	if (!strcmp(op, "material"))
		return has_material(ev, json_string_value(v), 0);
	if (!strcmp(op, "change"))
		return !strcmp(json_string_value(v), "key")
			       ? (s->changes & SSC_CHANGE_KEY_MASK) != 0
			       : s->changes != 0;
	if (!strcmp(op, "doc"))
		return has_doc(ev, v);
	return false; /* the validator admits no other operator */
}

static bool
eval_expr(const struct eval *ev, json_t *e)
{
	const char *op;
	json_t *v;
	size_t i;

	if (!e)
		return true;
	if (json_is_boolean(e))
		return json_is_true(e);
	if (json_is_array(e)) {
		json_array_foreach(e, i, v)
			if (!eval_expr(ev, v))
				return false;
		return true;
	}
	json_object_foreach(e, op, v)
		return eval_op(ev, op, v);
	return false;
}

/* ---- verdict building ----------------------------------------------- */

static ssc_status
add_reason(struct ssc_verdict *vd, ssc_reason **arr, size_t *n,
	   const ssc_reason *r)
{
	ssc_reason *grown = ssc__realloc(vd->ctx, *arr, (*n + 1) * sizeof *grown);
	SSC__CHECK_ALLOC(grown);
	grown[*n] = *r;
	*arr = grown;
	(*n)++;
	return SSC_OK;
}

static const char *
jstr(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static bool
alternative_ok(const struct eval *ev, json_t *alt)
{
	json_t *v;

	if ((v = json_object_get(alt, "doc")))
		return has_doc(ev, alt);
	if ((v = json_object_get(alt, "material"))) {
		unsigned int flags = 0;
		if (json_is_true(json_object_get(alt, "signed")))
			flags |= SSC_MATERIAL_SIGNED;
		if (json_is_true(json_object_get(alt, "sealed")))
			flags |= SSC_MATERIAL_SEALED;
		if (json_is_true(json_object_get(alt, "electronic")))
			flags |= SSC_MATERIAL_ELECTRONIC;
		return has_material(ev, json_string_value(v), flags);
	}
	v = json_object_get(alt, "evidence");
	return bit_named(v, ssc__rules_evidence_names, ev->sit->evidence);
}

static ssc_status
apply_material(struct ssc_verdict *vd, const struct eval *ev, json_t *rule)
{
	json_t *m = json_object_get(rule, "material");
	json_t *alts = json_object_get(m, "any_of"), *a;
	bool applicable = false, ok = false;
	ssc_material item;
	ssc_material *grown;
	size_t i;

	json_array_foreach(alts, i, a) {
		if (!eval_expr(ev, json_object_get(a, "when")))
			continue;
		applicable = true;
		if (alternative_ok(ev, a)) {
			ok = true;
			break;
		}
	}
	if (!applicable)
		return SSC_OK;
	memset(&item, 0, sizeof item);
	item.id = jstr(rule, "id");
	item.text_zh = jstr(m, "zh");
	item.text_en = jstr(m, "en");
	item.source = jstr(rule, "source");
	item.copies = (unsigned int)json_integer_value(
		json_object_get(m, "copies"));
	item.optional = json_is_true(json_object_get(m, "optional"));
	item.missing = !ok && !item.optional;
	grown = ssc__realloc(vd->ctx, vd->materials,
			     (vd->n_materials + 1) * sizeof *grown);
	SSC__CHECK_ALLOC(grown);
	grown[vd->n_materials++] = item;
	vd->materials = grown;
	vd->n_missing += item.missing;
	return SSC_OK;
}

static json_t *
service_of(const struct rules_pack *p, int service)
{
	return json_object_get(json_object_get(p->root, "services"),
			       ssc__rules_service_names[service]);
}

/* Rules of a service merged along the chain: same id replaces, remove
 * deletes, new ids append. */
static ssc_status
merged_rules(const ssc_ctx *ctx, const struct eval *ev, int service,
	     json_t ***out, size_t *n_out)
{
	json_t **list = NULL;
	size_t n = 0;

	for (size_t c = 0; c < ev->n_chain; c++) {
		json_t *rules = json_object_get(service_of(ev->chain[c],
							   service),
						"rules");
		json_t *r;
		size_t i, j;

		json_array_foreach(rules, i, r) {
			const char *id = jstr(r, "id");
			bool done = false;
			for (j = 0; j < n && !done; j++) {
				if (strcmp(jstr(list[j], "id"), id))
					continue;
				done = true;
				if (json_object_get(r, "remove")) {
					memmove(&list[j], &list[j + 1],
						(n - j - 1) * sizeof *list);
					n--;
				} else {
					list[j] = r;
				}
			}
			if (done || json_object_get(r, "remove"))
				continue;
			json_t **grown = ssc__realloc(ctx, list,
						      (n + 1) * sizeof *list);
			if (!grown) {
				ssc__free(ctx, list);
				return ssc_error_set_oom();
			}
			list = grown;
			list[n++] = r;
		}
	}
	*out = list;
	*n_out = n;
	return SSC_OK;
}

/* actors or channels: the nearest pack that states them. */
static json_t *
service_field(const struct eval *ev, int service, const char *key,
	      const char **source)
{
	for (size_t c = ev->n_chain; c-- > 0;) {
		json_t *svc = service_of(ev->chain[c], service);
		json_t *v = json_object_get(svc, key);
		if (v) {
			*source = jstr(svc, "source");
			return v;
		}
	}
	*source = "";
	return NULL;
}

static json_t *
find_point(const struct eval *ev, const char *id)
{
	for (size_t c = ev->n_chain; c-- > 0;) {
		json_t *pts = json_object_get(ev->chain[c]->root,
					      "service_points"), *p;
		size_t i;
		json_array_foreach(pts, i, p)
			if (!strcmp(jstr(p, "id"), id))
				return p;
	}
	return NULL;
}

static int
channel_of_point(json_t *point)
{
	const char *k = jstr(point, "kind");

	if (!strcmp(k, "bank"))
		return SSC_CHANNEL_BANK;
	if (!strcmp(k, "kiosk"))
		return SSC_CHANNEL_KIOSK;
	return SSC_CHANNEL_WINDOW;
}

static ssc_status
builtin_reason(struct ssc_verdict *vd, const char *code, const char *zh,
	       const char *en, const char *source)
{
	ssc_reason r = { code, zh, en, source, code };
	return add_reason(vd, &vd->reasons, &vd->n_reasons, &r);
}

static ssc_status
evaluate(struct ssc_verdict *vd, struct eval *ev, int service)
{
	const char *src;
	json_t *v, **rules = NULL, *dl = NULL, *dl_rule = NULL, *fee = NULL,
		   *fee_rule = NULL;
	size_t n_rules = 0;
	ssc_status rc;

	v = service_field(ev, service, "actors", &src);
	if (!name_in(v, ssc__rules_actor_names,
		     clamp(ssc__rules_actor_names, ev->sit->actor)) &&
	    (rc = builtin_reason(vd, "actor_not_allowed",
				 "办理人身份不符合该事项的要求",
				 "this service is not open to this actor",
				 src)))
		return rc;
	v = service_field(ev, service, "channels", &src);
	if (!name_in(v, ssc__rules_channel_names,
		     clamp(ssc__rules_channel_names, ev->sit->channel)) &&
	    (rc = builtin_reason(vd, "channel_not_open",
				 "该事项不能通过此渠道办理",
				 "this service is not offered on this channel",
				 src)))
		return rc;
	if (ev->sit->service_point) {
		ev->point = find_point(ev, ev->sit->service_point);
		if (!ev->point) {
			if ((rc = builtin_reason(
				     vd, "unknown_service_point",
				     "服务网点不在本地区的网点名单中",
				     "the service point is not listed for "
				     "this region",
				     "pack service_points")))
				return rc;
		} else if (channel_of_point(ev->point) != ev->sit->channel &&
			   (rc = builtin_reason(
				    vd, "point_channel_mismatch",
				    "服务网点与办理渠道不一致",
				    "the service point does not serve this "
				    "channel",
				    "pack service_points")))
			return rc;
	}

	if ((rc = merged_rules(vd->ctx, ev, service, &rules, &n_rules)))
		return rc;
	for (size_t i = 0; i < n_rules; i++) {
		json_t *r = rules[i];
		if (!eval_expr(ev, json_object_get(r, "when")))
			continue;
		if ((v = json_object_get(r, "require"))) {
			if (!eval_expr(ev, v)) {
				ssc_reason reason = {
					jstr(r, "code"), jstr(r, "zh"),
					jstr(r, "en"), jstr(r, "source"),
					jstr(r, "id")
				};
				rc = add_reason(vd, &vd->reasons,
						&vd->n_reasons, &reason);
			}
		} else if (json_object_get(r, "material")) {
			rc = apply_material(vd, ev, r);
		} else if ((v = json_object_get(r, "deadline"))) {
			dl = v;
			dl_rule = r;
		} else if ((v = json_object_get(r, "fee"))) {
			fee = v;
			fee_rule = r;
		} else if ((v = json_object_get(r, "note"))) {
			ssc_reason note = { jstr(r, "id"), jstr(v, "zh"),
					    jstr(v, "en"), jstr(r, "source"),
					    jstr(r, "id") };
			rc = add_reason(vd, &vd->notes, &vd->n_notes, &note);
		}
		if (rc) {
			ssc__free(vd->ctx, rules);
			return rc;
		}
	}
	ssc__free(vd->ctx, rules);

	vd->deadline.text_zh = vd->deadline.text_en = vd->deadline.source = "";
	if (dl) {
		json_t *wd = json_object_get(dl, "working_days");
		vd->deadline.unit = wd ? SSC_DEADLINE_WORKING_DAYS
				       : SSC_DEADLINE_HOURS;
		vd->deadline.amount = (unsigned int)json_integer_value(
			wd ? wd : json_object_get(dl, "hours"));
		vd->deadline.statutory_working_days =
			(unsigned int)json_integer_value(
				json_object_get(dl, "statutory_working_days"));
		vd->deadline.text_zh = jstr(dl, "zh");
		vd->deadline.text_en = jstr(dl, "en");
		vd->deadline.source = jstr(dl_rule, "source");
	}
	vd->fee.amount_fen = -1;
	vd->fee.text_zh = vd->fee.text_en = vd->fee.source = "";
	if (fee) {
		json_t *amt = json_object_get(fee, "amount_fen");
		vd->fee.charged = json_is_true(json_object_get(fee, "charged"));
		vd->fee.amount_fen = amt ? (long)json_integer_value(amt)
					 : (vd->fee.charged ? -1 : 0);
		vd->fee.text_zh = jstr(fee, "zh");
		vd->fee.text_en = jstr(fee, "en");
		vd->fee.source = jstr(fee_rule, "source");
	}
	return SSC_OK;
}

static ssc_status
bad_situation(const char *what)
{
	return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
			       "ssc_rules_check: situation %s", what);
}

/* Every enum in range, required facts present, arrays consistent. */
static ssc_status
check_situation(const ssc_situation *sit)
{
	if (sit->actor <= SSC_ACTOR_UNSET || sit->actor > SSC_ACTOR_SYSTEM)
		return bad_situation("actor is unset or unknown");
	if (sit->channel <= SSC_CHANNEL_UNSET ||
	    sit->channel > SSC_CHANNEL_BATCH)
		return bad_situation("channel is unset or unknown");
	if (sit->residency < SSC_RESIDENCY_UNSET ||
	    sit->residency > SSC_RESIDENCY_FOREIGN)
		return bad_situation("residency is unknown");
	if ((sit->n_docs && !sit->docs) ||
	    (sit->n_materials && !sit->materials))
		return bad_situation("counts documents or materials but "
				     "their array is NULL");
	for (size_t i = 0; i < sit->n_docs; i++) {
		const ssc_presented_doc *d = &sit->docs[i];
		if (d->type <= SSC_DOC_UNSET || d->type > SSC_DOC_SS_CARD ||
		    d->form <= SSC_FORM_UNSET ||
		    d->form > SSC_FORM_ELECTRONIC ||
		    d->owner <= SSC_PARTY_UNSET ||
		    d->owner > SSC_PARTY_GUARDIAN)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "ssc_rules_check: docs[%zu] has "
					       "an unknown type, form or owner",
					       i);
	}
	for (size_t i = 0; i < sit->n_materials; i++) {
		if (!sit->materials[i].id ||
		    ssc__rules_lookup(ssc__rules_material_names,
				      sit->materials[i].id, false) < 0)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "ssc_rules_check: materials[%zu] "
					       "is not in the material "
					       "vocabulary",
					       i);
	}
	return SSC_OK;
}

ssc_status
ssc_rules_check(ssc_verdict **out, const ssc_rulebook *rb, int service,
		const ssc_situation *sit)
{
	struct ssc_verdict *vd;
	struct eval ev;
	const struct rules_pack *p;
	uint32_t today;
	int64_t now;
	ssc_status rc;

	if (!out || !rb || !sit)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_rules_check: NULL argument");
	if ((rc = ssc__check_version(sit->version, SSC_SITUATION_VERSION,
				     "ssc_situation")))
		return rc;
	if (!ssc_service_name(service))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_rules_check: unknown service %d",
				       service);
	if ((rc = check_situation(sit)))
		return rc;
	now = ssc_ctx_now(rb->ctx);
	if ((rc = ssc_date_from_time(&today, now)))
		return rc;
	memset(&ev, 0, sizeof ev);
	ev.sit = sit;
	ev.age = -1;
	if (sit->holder_birth_date) {
		if (!ssc__date_valid(sit->holder_birth_date) ||
		    sit->holder_birth_date > today)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "ssc_rules_check: holder birth "
					       "date is not a past date "
					       "YYYYMMDD");
		ev.age = ssc__age_on(sit->holder_birth_date, today);
	}
	p = ssc__rulebook_find(rb, ssc_ctx_region(rb->ctx));
	if (!p)
		return ssc__error_setf(SSC_ENOTFOUND, SSC_ERROR_CLASS_RULES,
				       "no national rule pack loaded");
	/* chain, leaf first, then reversed to national first */
	for (const struct rules_pack *q = p; q && ev.n_chain < MAX_CHAIN;
	     q = ssc__rulebook_parent(rb, q))
		ev.chain[ev.n_chain++] = q;
	for (size_t i = 0; i < ev.n_chain / 2; i++) {
		const struct rules_pack *t = ev.chain[i];
		ev.chain[i] = ev.chain[ev.n_chain - 1 - i];
		ev.chain[ev.n_chain - 1 - i] = t;
	}

	vd = ssc__calloc(rb->ctx, 1, sizeof *vd);
	SSC__CHECK_ALLOC(vd);
	vd->ctx = ssc_ctx_ref(rb->ctx);
	for (size_t i = 0; i < ev.n_chain; i++)
		vd->roots[vd->n_roots++] = json_incref(ev.chain[i]->root);
	snprintf(vd->pack, sizeof vd->pack, "%s", p->id);
	if ((rc = evaluate(vd, &ev, service))) {
		ssc_verdict_free(vd);
		return rc;
	}
	vd->deadline.due_status = SSC_OK;
	if (vd->deadline.unit != SSC_DEADLINE_NONE) {
		ssc__error_saved saved;
		ssc__error_save(&saved);
		vd->deadline.due_status = ssc_calendar_deadline(
			&vd->deadline.due_ms, rb->cal, now, vd->deadline.unit,
			vd->deadline.amount);
		if (vd->deadline.due_status != SSC_OK)
			vd->deadline.due_ms = 0;
		ssc__error_restore(&saved);
	}
	*out = vd;
	return SSC_OK;
}

void
ssc_verdict_free(ssc_verdict *vd)
{
	ssc_ctx *ctx;

	if (!vd)
		return;
	ctx = vd->ctx;
	for (size_t i = 0; i < vd->n_roots; i++)
		json_decref(vd->roots[i]);
	ssc__free(ctx, vd->reasons);
	ssc__free(ctx, vd->notes);
	ssc__free(ctx, vd->materials);
	ssc__free(ctx, vd);
	ssc_ctx_free(ctx);
}

int
ssc_verdict_allowed(const ssc_verdict *vd)
{
	return vd && vd->n_reasons == 0 && vd->n_missing == 0;
}

const char *
ssc_verdict_pack(const ssc_verdict *vd)
{
	return vd ? vd->pack : NULL;
}

size_t
ssc_verdict_reason_count(const ssc_verdict *vd)
{
	return vd ? vd->n_reasons : 0;
}

const ssc_reason *
ssc_verdict_reason(const ssc_verdict *vd, size_t i)
{
	return vd && i < vd->n_reasons ? &vd->reasons[i] : NULL;
}

int
ssc_verdict_has_reason(const ssc_verdict *vd, const char *code)
{
	if (!vd || !code)
		return 0;
	for (size_t i = 0; i < vd->n_reasons; i++)
		if (!strcmp(vd->reasons[i].code, code))
			return 1;
	return 0;
}

size_t
ssc_verdict_material_count(const ssc_verdict *vd)
{
	return vd ? vd->n_materials : 0;
}

const ssc_material *
ssc_verdict_material(const ssc_verdict *vd, size_t i)
{
	return vd && i < vd->n_materials ? &vd->materials[i] : NULL;
}

size_t
ssc_verdict_missing_count(const ssc_verdict *vd)
{
	return vd ? vd->n_missing : 0;
}

const ssc_deadline *
ssc_verdict_deadline(const ssc_verdict *vd)
{
	static const ssc_deadline none = { 0, 0, 0, 0, 0, "", "", "" };
	return vd ? &vd->deadline : &none;
}

const ssc_fee *
ssc_verdict_fee(const ssc_verdict *vd)
{
	static const ssc_fee none = { 0, 0, "", "", "" };
	return vd ? &vd->fee : &none;
}

size_t
ssc_verdict_note_count(const ssc_verdict *vd)
{
	return vd ? vd->n_notes : 0;
}

const ssc_reason *
ssc_verdict_note(const ssc_verdict *vd, size_t i)
{
	return vd && i < vd->n_notes ? &vd->notes[i] : NULL;
}

ssc_status
ssc_verdict_format(ssc_buf *out, const ssc_verdict *vd, const char *lang)
{
	ssc_buf b = SSC_BUF_INIT;
	bool zh;
	ssc_status rc = SSC_OK;

	if (!out || !vd || !lang || (strcmp(lang, "zh") && strcmp(lang, "en")))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_verdict_format: NULL argument or "
				       "language other than zh/en");
	zh = lang[0] == 'z';
	ssc__buf_bind(&b, vd->ctx);
#define PUT(...)                                                               \
	do {                                                                   \
		if (!rc)                                                       \
			rc = ssc__buf_printf(&b, __VA_ARGS__);                 \
	} while (0)
	PUT("%s%s (%s %s)\n",
	    zh ? "结论：" : "Verdict: ",
	    ssc_verdict_allowed(vd) ? (zh ? "可以办理" : "allowed")
				    : (zh ? "不予办理" : "refused"),
	    zh ? "规则包" : "pack", vd->pack);
	if (vd->n_reasons)
		PUT("%s\n", zh ? "原因：" : "Reasons:");
	for (size_t i = 0; i < vd->n_reasons; i++)
		PUT("  - %s [%s; %s %s]\n",
		    zh ? vd->reasons[i].text_zh : vd->reasons[i].text_en,
		    vd->reasons[i].code, zh ? "依据" : "source",
		    vd->reasons[i].source);
	if (vd->n_materials)
		PUT("%s\n", zh ? "所需材料：" : "Materials:");
	for (size_t i = 0; i < vd->n_materials; i++) {
		const ssc_material *m = &vd->materials[i];
		PUT("  %s %s", m->missing ? "✗" : (m->optional ? "○" : "✓"),
		    zh ? m->text_zh : m->text_en);
		if (m->copies)
			PUT(zh ? "（%u份）" : " (%u copies)", m->copies);
		if (m->optional)
			PUT("%s", zh ? "（可选）" : " (optional)");
		if (m->missing)
			PUT("%s", zh ? "（缺）" : " (missing)");
		PUT(" [%s %s]\n", zh ? "依据" : "source", m->source);
	}
	if (vd->deadline.unit != SSC_DEADLINE_NONE)
		PUT("%s%s [%s %s]\n", zh ? "时限：" : "Deadline: ",
		    zh ? vd->deadline.text_zh : vd->deadline.text_en,
		    zh ? "依据" : "source", vd->deadline.source);
	if (vd->fee.source[0])
		PUT("%s%s [%s %s]\n", zh ? "收费：" : "Fee: ",
		    zh ? vd->fee.text_zh : vd->fee.text_en,
		    zh ? "依据" : "source", vd->fee.source);
	if (vd->n_notes)
		PUT("%s\n", zh ? "提示：" : "Notes:");
	for (size_t i = 0; i < vd->n_notes; i++)
		PUT("  - %s [%s %s]\n",
		    zh ? vd->notes[i].text_zh : vd->notes[i].text_en,
		    zh ? "依据" : "source", vd->notes[i].source);
#undef PUT
	if (rc) {
		ssc_buf_dispose(&b);
		return rc;
	}
	ssc_buf_dispose(out);
	*out = b;
	return SSC_OK;
}
