/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lib/registry/registry_int.h: the registry object and the internal entry
 * point shared by the service calls, due-time processing and batch work.
 */
#ifndef SSC_REGISTRY_INT_H
#define SSC_REGISTRY_INT_H

#include "internal.h"
#include <socialcard/registry.h>

struct ssc_registry {
	ssc_ctx *ctx;
	ssc_store *store;
	ssc_store *owned_store;
	ssc_rulebook *rb;
	int hash;
	unsigned int attempts;
	char *shared_post_packs;
};

/* A step of a call: an event, optional when its refusal (guard or
 * transition) only skips it. */
typedef struct ssc__step {
	int event;
	bool optional;
} ssc__step;

/* Run the steps on one card in one commit (or create the card when the
 * first step creates), idempotent by req->request_id. */
ssc_status ssc__registry_run(ssc_result **out, ssc_registry *reg,
			     const ssc_request *req, const ssc__step *steps,
			     size_t n_steps, const ssc_person *holder);

/* As ssc__registry_run(), recording the card identifier the chip was
 * personalised with when production finishes. */
ssc_status ssc__registry_run_ident(ssc_result **out, ssc_registry *reg,
				   const ssc_request *req,
				   const ssc__step *steps, size_t n_steps,
				   const uint8_t identifier[16]);

#endif /* SSC_REGISTRY_INT_H */
