/* SPDX-License-Identifier: Apache-2.0 */
/* The private layout of ssc_ctx, for files in lib/ that need more than the
 * accessors in internal.h. */
#ifndef SSC_CONTEXT_INT_H
#define SSC_CONTEXT_INT_H

#include <stdatomic.h>

#include "internal.h"

struct ssc_ctx {
	atomic_uint refcount;
	char region[7];   /* "" = national */
	int log_level;
	ssc_log_fn log;
	void *log_payload;
	ssc_clock_fn clock;
	void *clock_payload;
	ssc_realloc_fn alloc;  /* never NULL after ssc_ctx_new() */
	void *alloc_payload;
	struct ssc_key_provider *kp; /* owned; NULL = none */
	bool kp_holds_ref; /* kp->ctx == this: its reference is taken over */
};

#endif /* SSC_CONTEXT_INT_H */
