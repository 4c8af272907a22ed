/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lib/lifecycle/lifecycle.c: the transition table (built from
 * transitions.def), lookup and application of events, the rules' card
 * facts implied by states, and the generated documentation (dot and
 * Markdown).
 */
#include <string.h>

#include "internal.h"
#include <socialcard/card.h>
#include <socialcard/lifecycle.h>
#include <socialcard/rules.h>

#define E(x) SSC_EVENT_##x
#define S(x) SSC_CARD_STATE_##x
#define F(x) SSC_FIN_STATE_##x
#define P(x) SSC_PIN_STATE_##x
#define V(x) SSC_SERVICE_##x
#define ANY SSC_LC_ANY
#define SAME SSC_LC_SAME
#define PREV SSC_LC_PREVIOUS
#define JOURNAL SSC_EFFECT_JOURNAL
#define CREATE SSC_EFFECT_CREATE
#define INVALID_ADD SSC_EFFECT_INVALID_ADD
#define INVALID_REMOVE SSC_EFFECT_INVALID_REMOVE
#define MIRROR SSC_EFFECT_MIRROR
#define DEADLINE_PRODUCTION SSC_EFFECT_DEADLINE_PRODUCTION
#define DEADLINE_AUTO_ACTIVATE SSC_EFFECT_DEADLINE_AUTO_ACTIVATE
#define REVERSIBLE SSC_EFFECT_REVERSIBLE
#define NEW_CARD SSC_EFFECT_NEW_CARD
#define QUERY SSC_EFFECT_QUERY
#define ECARD_ISSUE SSC_EFFECT_ECARD_ISSUE
#define SYSTEM SSC_EFFECT_SYSTEM
#define STAFF SSC_EFFECT_STAFF

static const ssc_transition table[] = {
#define T(ev, fs, ff, fp, ts, tf, tp, sv, eff, note)                           \
	{ ev, fs, ff, fp, ts, tf, tp, sv, (eff) | JOURNAL, note },
#include "lifecycle/transitions.def"
#undef T
};

static const char *const event_names[SSC_EVENT_MAX + 1] = {
	[SSC_EVENT_APPLY] = "apply",
	[SSC_EVENT_APPLY_ONLINE] = "apply_online",
	[SSC_EVENT_APPLY_BATCH] = "apply_batch",
	[SSC_EVENT_APPROVE] = "approve",
	[SSC_EVENT_PHOTO_APPROVE] = "photo_approve",
	[SSC_EVENT_PHOTO_REJECT] = "photo_reject",
	[SSC_EVENT_PHOTO_RESUBMIT] = "photo_resubmit",
	[SSC_EVENT_GENERATE_DATA] = "generate_data",
	[SSC_EVENT_BATCH_TO_INDIVIDUAL] = "batch_to_individual",
	[SSC_EVENT_START_PRODUCTION] = "start_production",
	[SSC_EVENT_FINISH_PRODUCTION] = "finish_production",
	[SSC_EVENT_MAIL] = "mail",
	[SSC_EVENT_DELIVER] = "deliver",
	[SSC_EVENT_COLLECT] = "collect",
	[SSC_EVENT_COLLECT_BATCH] = "collect_batch",
	[SSC_EVENT_ACTIVATE_SS] = "activate_ss",
	[SSC_EVENT_AUTO_ACTIVATE] = "auto_activate",
	[SSC_EVENT_ACTIVATE_FINANCIAL] = "activate_financial",
	[SSC_EVENT_ACTIVATE_LINKED] = "activate_linked",
	[SSC_EVENT_ACTIVATE_TRANSFER] = "activate_transfer",
	[SSC_EVENT_REPORT_LOSS] = "report_loss",
	[SSC_EVENT_CANCEL_LOSS] = "cancel_loss",
	[SSC_EVENT_REPLACE_LOST] = "replace_lost",
	[SSC_EVENT_REPLACE_DAMAGED] = "replace_damaged",
	[SSC_EVENT_REISSUE] = "reissue",
	[SSC_EVENT_INFO_CHANGE] = "info_change",
	[SSC_EVENT_PIN_CHANGE] = "pin_change",
	[SSC_EVENT_PIN_RESET] = "pin_reset",
	[SSC_EVENT_PIN_BLOCKED] = "pin_blocked",
	[SSC_EVENT_UNLOCK] = "unlock",
	[SSC_EVENT_STATUS_QUERY] = "status_query",
	[SSC_EVENT_CANCEL] = "cancel",
	[SSC_EVENT_ROLLBACK] = "rollback",
	[SSC_EVENT_EXPIRE] = "expire",
	[SSC_EVENT_PRODUCTION_OVERDUE] = "production_overdue",
};

ssc_status
ssc_lc_states_init(ssc_lc_states *st, unsigned int version)
{
	ssc_status rc;

	if (!st)
		return ssc__error_setf(SSC_EINVAL, 0, "states: NULL");
	rc = ssc__check_version(version, SSC_LC_STATES_VERSION, "ssc_lc_states");
	if (rc)
		return rc;
	memset(st, 0, sizeof(*st));
	st->version = version;
	return SSC_OK;
}

size_t
ssc_lifecycle_row_count(void)
{
	return sizeof(table) / sizeof(table[0]);
}

const ssc_transition *
ssc_lifecycle_row(size_t i)
{
	return i < ssc_lifecycle_row_count() ? &table[i] : NULL;
}

const char *
ssc_event_name(int event)
{
	if (event <= 0 || event > SSC_EVENT_MAX)
		return NULL;
	return event_names[event];
}

int
ssc_event_from_name(const char *name)
{
	int i;

	if (!name)
		return SSC_EVENT_UNSET;
	for (i = 1; i <= SSC_EVENT_MAX; i++)
		if (event_names[i] && strcmp(event_names[i], name) == 0)
			return i;
	return SSC_EVENT_UNSET;
}

static bool
matches(int want, int have)
{
	return want == SSC_LC_ANY || want == have;
}

static ssc_status
check_states(const ssc_lc_states *st, const char *what)
{
	if (!st)
		return ssc__error_setf(SSC_EINVAL, 0, "lifecycle: NULL %s", what);
	return ssc__check_version(st->version, SSC_LC_STATES_VERSION,
				  "ssc_lc_states");
}

ssc_status
ssc_lifecycle_find(const ssc_transition **out, const ssc_lc_states *from,
		   int event)
{
	size_t i;
	ssc_status rc;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, 0, "lifecycle: NULL out");
	if ((rc = check_states(from, "states")))
		return rc;
	if (!ssc_event_name(event))
		return ssc__error_setf(SSC_EINVAL, 0,
				       "lifecycle: unknown event %d", event);
	for (i = 0; i < ssc_lifecycle_row_count(); i++) {
		const ssc_transition *t = &table[i];

		if (t->event != event)
			continue;
		if (ssc_card_state_is_final(from->card) &&
		    !(t->effects & SSC_EFFECT_QUERY))
			continue;
		if (matches(t->from_state, from->card) &&
		    matches(t->from_fin, from->fin) &&
		    matches(t->from_pin, from->pin)) {
			*out = t;
			return SSC_OK;
		}
	}
	return ssc__error_setf(SSC_ETRANSITION, 0,
			       "event %s is not allowed from state %s "
			       "(financial %s, PIN %s)",
			       ssc_event_name(event),
			       ssc_card_state_name(from->card),
			       ssc_fin_state_name(from->fin),
			       ssc_pin_state_name(from->pin));
}

ssc_status
ssc_lifecycle_apply(ssc_lc_states *out, const ssc_transition **out_row,
		    const ssc_lc_states *from, int event,
		    const ssc_lc_states *previous)
{
	const ssc_transition *t = NULL;
	ssc_lc_states n;
	ssc_status rc;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, 0, "lifecycle: NULL out");
	if ((rc = ssc_lifecycle_find(&t, from, event)))
		return rc;
	n = *from;
	n.version = SSC_LC_STATES_VERSION;
	if (t->to_state == SSC_LC_PREVIOUS) {
		if (!previous || previous->version == 0 ||
		    previous->card <= SSC_CARD_STATE_UNSET ||
		    ssc_card_state_is_final(previous->card))
			return ssc__error_setf(
				SSC_ETRANSITION, 0,
				"event %s: no earlier state to return to",
				ssc_event_name(event));
		n.card = previous->card;
		n.fin = previous->fin;
		n.pin = previous->pin;
		n.ecard = previous->ecard;
	} else {
		if (t->to_state != SSC_LC_SAME)
			n.card = t->to_state;
		if (t->to_fin != SSC_LC_SAME)
			n.fin = t->to_fin;
		if (t->to_pin != SSC_LC_SAME)
			n.pin = t->to_pin;
		if (ssc_card_state_is_final(n.card) &&
		    (n.fin == SSC_FIN_STATE_AWAITING_ACTIVATION ||
		     n.fin == SSC_FIN_STATE_ACTIVE ||
		     n.fin == SSC_FIN_STATE_BLOCKED))
			n.fin = SSC_FIN_STATE_CLOSED;
		if ((t->effects & SSC_EFFECT_ECARD_ISSUE) ||
		    n.ecard != SSC_ECARD_STATE_NONE)
			n.ecard = n.card;
	}
	*out = n;
	if (out_row)
		*out_row = t;
	return SSC_OK;
}

uint32_t
ssc_lifecycle_facts(const ssc_lc_states *st)
{
	uint32_t f = 0;

	if (!st)
		return 0;
	switch (st->card) {
	case SSC_CARD_STATE_SUBMITTED:
	case SSC_CARD_STATE_PHOTO_REVIEW:
	case SSC_CARD_STATE_PHOTO_REJECTED:
	case SSC_CARD_STATE_APPROVED:
	case SSC_CARD_STATE_IN_PRODUCTION:
	case SSC_CARD_STATE_AWAITING_COLLECTION:
	case SSC_CARD_STATE_IN_MAIL:
		f |= SSC_FACT_PENDING_APPLICATION;
		break;
	case SSC_CARD_STATE_DATA_GENERATED:
		f |= SSC_FACT_PENDING_APPLICATION |
		     SSC_FACT_BATCH_DATA_GENERATED;
		break;
	case SSC_CARD_STATE_ISSUED:
		f |= SSC_FACT_HAS_VALID_CARD | SSC_FACT_CARD_RECEIVED;
		break;
	case SSC_CARD_STATE_ACTIVE:
		f |= SSC_FACT_HAS_VALID_CARD | SSC_FACT_CARD_RECEIVED |
		     SSC_FACT_SS_ACTIVE;
		break;
	case SSC_CARD_STATE_REPORTED_LOST:
		f |= SSC_FACT_HAS_VALID_CARD | SSC_FACT_CARD_RECEIVED |
		     SSC_FACT_LOSS_REPORTED;
		break;
	case SSC_CARD_STATE_REPLACED:
		f |= SSC_FACT_REPLACEMENT_APPLIED;
		break;
	default:
		break;
	}
	if (st->card == SSC_CARD_STATE_IN_PRODUCTION)
		f |= SSC_FACT_BATCH_PRODUCTION_STARTED;
	if (st->fin == SSC_FIN_STATE_ACTIVE)
		f |= SSC_FACT_FINANCIAL_ACTIVE;
	if (st->pin == SSC_PIN_STATE_LOCKED)
		f |= SSC_FACT_PIN_BLOCKED;
	return f;
}

/* ---- generated documentation ------------------------------------------ */

/* Keep the first buffer failure in the caller's local `brc`. */
#define BUF_puts(...) (brc = brc ? brc : ssc__buf_puts(__VA_ARGS__))
#define BUF_printf(...) (brc = brc ? brc : ssc__buf_printf(__VA_ARGS__))

static const char *
state_text(int s, const char *same)
{
	if (s == SSC_LC_ANY)
		return same;
	if (s == SSC_LC_PREVIOUS)
		return "(previous)";
	return ssc_card_state_name(s);
}

static ssc_status
effects_text(ssc_buf *b, unsigned int e)
{
	ssc_status brc = SSC_OK;
	static const struct {
		unsigned int bit;
		const char *name;
	} names[] = {
		{ SSC_EFFECT_CREATE, "create" },
		{ SSC_EFFECT_INVALID_ADD, "invalid-list add" },
		{ SSC_EFFECT_INVALID_REMOVE, "invalid-list remove" },
		{ SSC_EFFECT_MIRROR, "e-card mirror" },
		{ SSC_EFFECT_ECARD_ISSUE, "e-card issued" },
		{ SSC_EFFECT_DEADLINE_PRODUCTION, "production deadline" },
		{ SSC_EFFECT_DEADLINE_AUTO_ACTIVATE, "96 h auto-activation" },
		{ SSC_EFFECT_REVERSIBLE, "reversible" },
		{ SSC_EFFECT_NEW_CARD, "new linked card" },
		{ SSC_EFFECT_QUERY, "query" },
		{ SSC_EFFECT_SYSTEM, "system" },
		{ SSC_EFFECT_STAFF, "staff" },
	};
	size_t i;

	BUF_puts(b, "journal");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (e & names[i].bit)
			BUF_printf(b, ", %s", names[i].name);
	return brc;
}

static const char *
sub_text(int v, int fin)
{
	if (v == SSC_LC_ANY)
		return "·";
	return fin ? ssc_fin_state_name(v) : ssc_pin_state_name(v);
}

ssc_status
ssc_lifecycle_markdown(ssc_buf *out)
{
	ssc_buf b = SSC_BUF_INIT;
	ssc_status brc = SSC_OK;
	size_t i;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, 0, "lifecycle: NULL out");
	BUF_puts(&b,
		      "| # | event | from | fin | PIN | to | fin | PIN | "
		      "guard (rules service) | effects | note |\n"
		      "|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < ssc_lifecycle_row_count(); i++) {
		const ssc_transition *t = &table[i];

		BUF_printf(&b, "| %zu | %s | %s | %s | %s | %s | %s | %s "
				    "| %s | ",
				i + 1, ssc_event_name(t->event),
				state_text(t->from_state, "any"),
				sub_text(t->from_fin, 1),
				sub_text(t->from_pin, 0),
				state_text(t->to_state, "="),
				t->to_fin == SSC_LC_SAME
					? "="
					: ssc_fin_state_name(t->to_fin),
				t->to_pin == SSC_LC_SAME
					? "="
					: ssc_pin_state_name(t->to_pin),
				t->service ? ssc_service_name(t->service)
					   : "—");
		if (!brc)
			brc = effects_text(&b, t->effects);
		BUF_printf(&b, " | %s |\n", t->note);
	}
	if (b.ptr == NULL || brc) {
		ssc_buf_dispose(&b);
		return brc ? brc
			   : ssc__error_setf(SSC_ENOMEM, 0,
					     "lifecycle: no memory");
	}
	ssc_buf_dispose(out);
	*out = b;
	return SSC_OK;
}

ssc_status
ssc_lifecycle_dot(ssc_buf *out)
{
	ssc_buf b = SSC_BUF_INIT;
	ssc_status brc = SSC_OK;
	size_t i;
	int s;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, 0, "lifecycle: NULL out");
	BUF_puts(&b, "digraph lifecycle {\n"
			  "\trankdir=LR;\n"
			  "\tnode [shape=box, style=rounded, fontsize=10];\n"
			  "\tedge [fontsize=8];\n");
	for (s = SSC_CARD_STATE_UNSET; s <= SSC_CARD_STATE_EXPIRED; s++)
		BUF_printf(&b, "\t%s [label=\"%s\"%s];\n",
				ssc_card_state_name(s), ssc_card_state_name(s),
				ssc_card_state_is_final(s)
					? ", peripheries=2"
					: "");
	BUF_puts(&b, "\tprevious [label=\"(previous state)\", "
			  "shape=ellipse, style=dashed];\n");
	for (i = 0; i < ssc_lifecycle_row_count(); i++) {
		const ssc_transition *t = &table[i];
		const char *from, *to;

		if (t->from_state == SSC_LC_ANY)
			continue; /* the status query: drawn below */
		from = ssc_card_state_name(t->from_state);
		if (t->to_state == SSC_LC_PREVIOUS)
			to = "previous";
		else if (t->to_state == SSC_LC_SAME)
			to = from;
		else
			to = ssc_card_state_name(t->to_state);
		BUF_printf(&b, "\t%s -> %s [label=\"%s\"%s];\n", from, to,
				ssc_event_name(t->event),
				(t->effects & SSC_EFFECT_SYSTEM)
					? ", style=dashed"
					: "");
	}
	BUF_puts(&b, "\tlabel=\"status_query: allowed from every state, "
			  "read only. Dashed: system events. Double border: "
			  "final.\";\n}\n");
	if (b.ptr == NULL || brc) {
		ssc_buf_dispose(&b);
		return brc ? brc
			   : ssc__error_setf(SSC_ENOMEM, 0,
					     "lifecycle: no memory");
	}
	ssc_buf_dispose(out);
	*out = b;
	return SSC_OK;
}
