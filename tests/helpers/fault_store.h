/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fault-injecting store backend for tests: it wraps another backend,
 * counts the calls of every method, and can fail the k-th call of one
 * method (or of any method), or break the k-th commit in the middle so the
 * inner backend must roll back.
 */
#ifndef SSC_TEST_FAULT_STORE_H
#define SSC_TEST_FAULT_STORE_H

#include <socialcard/socialcard.h>
#include <socialcard/sys/store_backend.h>

typedef enum {
	FAULT_ANY = 0,     /* count every method together */
	FAULT_QUERY = 1,
	FAULT_COMMIT = 2,
	FAULT_RESEAL = 3,
	FAULT_HEALTH = 4,
	FAULT_N_METHODS = 5
} fault_method;

typedef enum {
	/* Return `code` without calling the inner backend. */
	FAULT_FAIL = 0,
	/* Commits only: pass the inner backend the transaction with its
	 * first journal entry repeated, so that the journal write fails
	 * after the card row has been written; the inner backend must roll
	 * the card back. */
	FAULT_BREAK_JOURNAL = 1
} fault_mode;

/* Wrap `inner` (ownership passes to the wrapper on success). */
ssc_status fault_store_new(ssc_store_backend **out, ssc_ctx *ctx,
			   ssc_store_backend *inner);
/* Fail the k-th (1-based) call of `method` from now on (counting restarts
 * at 0); k = 0 disarms.  `code` is returned for FAULT_FAIL. */
void fault_store_arm(ssc_store_backend *be, fault_method method, long k,
		     fault_mode mode, ssc_status code);
/* Calls of `method` (FAULT_ANY: all) since creation. */
long fault_store_calls(const ssc_store_backend *be, fault_method method);
/* Faults injected so far. */
long fault_store_injected(const ssc_store_backend *be);

#endif /* SSC_TEST_FAULT_STORE_H */
