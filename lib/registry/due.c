/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lib/registry/due.c: due-time processing — the timed transitions whose
 * deadline has passed at the context clock (96-hour auto-activation of
 * batch-collected cards, overdue production flags, expiry), each applied as its
 * own idempotent service call with a request id derived from the card and
 * the journal entry that set the deadline.
 */
#include <stdio.h>
#include <string.h>

#include "journal/journal_int.h"
#include "registry/registry_int.h"
#include <socialcard/card.h>
#include <socialcard/sys/store_backend.h>

typedef struct ids {
	char (*v)[SSC_CARD_UUID_LEN + 1];
	size_t n, cap;
} ids;

static ssc_status
collect_ids(ids *out, ssc_registry *reg, int state)
{
	ssc_store_iter *it = NULL;
	const ssc_store_card *c;
	ssc_status rc;

	rc = ssc_store_iter_cards(&it, reg->store, state, NULL, NULL, 0);
	if (rc)
		return rc;
	while ((rc = ssc_store_iter_next_card(&c, it)) == SSC_OK && c) {
		if (out->n == out->cap) {
			size_t ncap = out->cap ? out->cap * 2 : 16;
			void *nv = ssc__realloc(reg->ctx, out->v,
						ncap * sizeof(*out->v));

			if (!nv) {
				rc = ssc__error_setf(SSC_ENOMEM, 0,
						     "due: no memory");
				break;
			}
			out->v = nv;
			out->cap = ncap;
		}
		snprintf(out->v[out->n++], SSC_CARD_UUID_LEN + 1, "%s",
			 c->card_id);
	}
	ssc_store_iter_free(it);
	return rc;
}

/* The event due for a card, and the journal position that set it. */
static ssc_status
due_event(int *event, int64_t *seq, ssc_registry *reg, const char *card_id,
	  int64_t now)
{
	ssc__jlist l;
	ssc_card *c = NULL;
	uint32_t today = 0, expiry;
	size_t i;
	ssc_status rc;

	*event = 0;
	rc = ssc_registry_load_card(&c, reg, card_id);
	if (rc)
		return rc;
	expiry = ssc_card_expiry_date(c);
	ssc_card_free(c);
	if (expiry && ssc_date_from_time(&today, now) == SSC_OK &&
	    today > expiry) {
		*event = SSC_EVENT_EXPIRE;
		*seq = 0;
		return SSC_OK;
	}
	rc = ssc__journal_load(&l, reg->ctx, reg->store, card_id, false);
	if (rc)
		return rc;
	for (i = l.n; i-- > 0;) {
		const ssc__jentry *e = &l.v[i];

		if (e->event == SSC_EVENT_PRODUCTION_OVERDUE)
			break; /* flagged already */
		if (memcmp(&e->from, &e->to, sizeof(e->from)) == 0)
			continue; /* queries and the like */
		if (e->deadline_ms && e->deadline_ms <= now &&
		    e->deadline_kind) {
			if (e->event == SSC_EVENT_COLLECT_BATCH &&
			    strcmp(e->deadline_kind, "auto_activate") == 0)
				*event = SSC_EVENT_AUTO_ACTIVATE;
			else if (e->event == SSC_EVENT_START_PRODUCTION &&
				 strcmp(e->deadline_kind, "production") == 0 &&
				 e->deadline_ms < now)
				*event = SSC_EVENT_PRODUCTION_OVERDUE;
			*seq = e->seq;
		}
		break;
	}
	ssc__journal_list_free(reg->ctx, &l);
	return SSC_OK;
}

ssc_status
ssc_registry_process_due(size_t *out_applied, ssc_registry *reg)
{
	static const int states[] = { SSC_CARD_STATE_ISSUED,
				      SSC_CARD_STATE_IN_PRODUCTION,
				      SSC_CARD_STATE_ACTIVE,
				      SSC_CARD_STATE_REPORTED_LOST };
	ids list = { NULL, 0, 0 };
	size_t applied = 0, i, s;
	int64_t now;
	ssc_status rc = SSC_OK;

	if (!reg)
		return ssc__error_setf(SSC_EINVAL, 0, "due: NULL registry");
	now = ssc_ctx_now(reg->ctx);
	for (s = 0; !rc && s < sizeof(states) / sizeof(states[0]); s++) {
		list.n = 0;
		rc = collect_ids(&list, reg, states[s]);
		for (i = 0; !rc && i < list.n; i++) {
			ssc_request q = SSC_REQUEST_INIT;
			ssc__step st = { 0, false };
			ssc_result *res = NULL;
			char rid[96];
			int64_t seq = 0;

			rc = due_event(&st.event, &seq, reg, list.v[i], now);
			if (rc || !st.event)
				continue;
			snprintf(rid, sizeof(rid), "due:%s:%s:%lld",
				 ssc_event_name(st.event), list.v[i],
				 (long long)seq);
			q.request_id = rid;
			q.card_id = list.v[i];
			q.actor = SSC_ACTOR_SYSTEM;
			q.fee_fen = -1;
			rc = ssc__registry_run(&res, reg, &q, &st, 1, NULL);
			if (rc == SSC_OK && !ssc_result_replayed(res))
				applied++;
			ssc_result_free(res);
			if (rc == SSC_ETRANSITION)
				rc = SSC_OK; /* changed meanwhile */
		}
	}
	ssc__free(reg->ctx, list.v);
	if (out_applied)
		*out_applied = applied;
	return rc;
}
