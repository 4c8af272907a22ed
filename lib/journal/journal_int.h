/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lib/journal/journal_int.h: the journal's internal interface for the
 * registry: encoding an entry, the chain hash, and loading a card's
 * journal decoded (optionally verifying the chain).
 */
#ifndef SSC_JOURNAL_INT_H
#define SSC_JOURNAL_INT_H

#include <jansson.h>

#include "internal.h"
#include <socialcard/journal.h>
#include <socialcard/lifecycle.h>

/* What the registry writes into one entry (all pointers borrowed). */
typedef struct ssc__jrec {
	const char *entry_id;
	const char *card_id;
	const char *request_id;
	int64_t time_ms;
	int service;
	int event;
	ssc_lc_states from;
	ssc_lc_states to;
	int actor;               /* ssc_actor_role */
	int actor_doc_type;      /* ssc_doc_type of the actor's document */
	const char *actor_doc_number; /* plaintext: masked when encoded */
	const char *operators[4]; /* by ssc_post (index 1..3) */
	int channel;
	const char *outlet;
	const char *const *evidence;
	size_t n_evidence;
	long fee_fen;            /* -1: none */
	const char *verdict;     /* summary, e.g. "allowed (500000)" */
	const char *reason;      /* rollback / rejection reason */
	int64_t deadline_ms;     /* 0: none */
	const char *deadline_kind; /* "production", "auto_activate", ... */
	const char *batch;       /* batch id or NULL */
	const char *link;        /* linked card id (replacement) or NULL */
	const char *case_id;     /* case id (separation of duties) or NULL */
} ssc__jrec;

/* One decoded entry. */
typedef struct ssc__jentry {
	int64_t seq;
	uint8_t hash[64];
	size_t hash_len;
	int64_t time_ms;
	int service;
	int event;
	ssc_lc_states from;
	ssc_lc_states to;
	int actor;
	int channel;
	int64_t deadline_ms;
	const char *deadline_kind; /* borrowed from json */
	const char *batch;         /* borrowed from json */
	const char *request_id;    /* borrowed from json */
	json_t *json;              /* the whole entry (owned) */
} ssc__jentry;

typedef struct ssc__jlist {
	ssc__jentry *v;
	size_t n;
} ssc__jlist;

/* Encode a record as the entry's JSON data. */
ssc_status ssc__journal_encode(ssc_buf *out, const ssc__jrec *r);

/* The chain hash of an entry (out: tag byte + 32-byte digest). */
ssc_status ssc__journal_chain(uint8_t out[SSC_JOURNAL_HASH_LEN], int algo,
			      const uint8_t *prev, size_t prev_len,
			      int64_t seq, const char *entry_id,
			      const uint8_t *data, size_t len);

/* Load a card's journal, decoded, in order; with `verify` the chain is
 * checked (SSC_ECORRUPT when broken).  Free with ssc__journal_list_free. */
ssc_status ssc__journal_load(ssc__jlist *out, const ssc_ctx *ctx,
			     ssc_store *store, const char *card_id,
			     bool verify);
/* Check a card's journal at its tail only: the entry at `seq` exists,
 * its stored hash is `hash` (what the card record carries), its data and
 * the hash of the entry before it chain to that hash, and no entry follows
 * it.  SSC_ECORRUPT when not.  Reads at most three entries; with
 * `out_tail` (zeroed by the caller, its json released by the caller with
 * json_decref) the tail entry is decoded into it, else none is.  The whole
 * chain is ssc_journal_verify()'s. */
ssc_status ssc__journal_check_tail(ssc__jentry *out_tail, ssc_store *store,
				   const char *card_id, int64_t seq,
				   const uint8_t *hash, size_t hash_len);
void ssc__journal_list_free(const ssc_ctx *ctx, ssc__jlist *l);

/* Names used in entries (static storage; "unknown" when out of range). */
const char *ssc__actor_name(int actor);
const char *ssc__channel_name(int channel);
int ssc__channel_from_name(const char *name);
int ssc__actor_from_name(const char *name);

#endif /* SSC_JOURNAL_INT_H */
