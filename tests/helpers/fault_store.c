/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fault-injecting store backend (see fault_store.h).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <socialcard/sys/errors.h>

#include "fault_store.h"

struct fault_store {
	ssc_store_backend parent;
	ssc_store_backend *inner;
	long calls[FAULT_N_METHODS];
	long armed_at[FAULT_N_METHODS]; /* call count at arming */
	fault_method method;
	long k;
	fault_mode mode;
	ssc_status code;
	long injected;
};

/* Counts a call; true when this call is the one to break. */
static bool
hit(struct fault_store *fs, fault_method m)
{
	long n;

	fs->calls[m]++;
	fs->calls[FAULT_ANY]++;
	if (!fs->k || (fs->method != FAULT_ANY && fs->method != m))
		return false;
	n = fs->calls[fs->method] - fs->armed_at[fs->method];
	if (n != fs->k)
		return false;
	fs->k = 0;
	fs->injected++;
	return true;
}

static ssc_status
fail(struct fault_store *fs)
{
	return ssc_error_set_str(fs->code, SSC_ERROR_CLASS_BACKEND,
				 "fault injected by the test backend");
}

static ssc_status
f_query(ssc_store_backend *be, const ssc_store_query *q, ssc_store_row_fn fn,
	void *payload)
{
	struct fault_store *fs = (struct fault_store *)be;

	if (hit(fs, FAULT_QUERY))
		return fail(fs);
	return fs->inner->query(fs->inner, q, fn, payload);
}

static ssc_status
f_commit(ssc_store_backend *be, const ssc_store_changes *c)
{
	struct fault_store *fs = (struct fault_store *)be;
	ssc_store_changes broken;
	ssc_store_journal_entry twice[2];

	if (!hit(fs, FAULT_COMMIT))
		return fs->inner->commit(fs->inner, c);
	if (fs->mode == FAULT_FAIL || c->n_journal == 0)
		return fail(fs);
	broken = *c;
	twice[0] = c->journal[0];
	twice[1] = c->journal[0];
	broken.journal = twice;
	broken.n_journal = 2;
	return fs->inner->commit(fs->inner, &broken);
}

static ssc_status
f_reseal(ssc_store_backend *be, const ssc_store_reseal *r)
{
	struct fault_store *fs = (struct fault_store *)be;

	if (!fs->inner->reseal)
		return ssc_error_set_str(SSC_ENOTSUPPORTED,
					 SSC_ERROR_CLASS_STORE,
					 "inner backend cannot re-seal");
	if (hit(fs, FAULT_RESEAL))
		return fail(fs);
	return fs->inner->reseal(fs->inner, r);
}

static ssc_status
f_health(ssc_store_backend *be, ssc_buf *report)
{
	struct fault_store *fs = (struct fault_store *)be;

	if (hit(fs, FAULT_HEALTH))
		return fail(fs);
	if (!fs->inner->health)
		return report ? ssc_buf_set(report, "ok", 2) : SSC_OK;
	return fs->inner->health(fs->inner, report);
}

static void
f_free(ssc_store_backend *be)
{
	struct fault_store *fs = (struct fault_store *)be;

	if (!fs)
		return;
	fs->inner->free(fs->inner);
	free(fs);
}

static const ssc_store_backend fault_methods = {
	.version = SSC_STORE_BACKEND_VERSION,
	.query = f_query,
	.commit = f_commit,
	.free = f_free,
	.reseal = f_reseal,
	.health = f_health,
};

ssc_status
fault_store_new(ssc_store_backend **out, ssc_ctx *ctx,
		ssc_store_backend *inner)
{
	struct fault_store *fs;

	(void)ctx;
	if (!out || !inner)
		return ssc_error_set_str(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
					 "fault_store_new: NULL argument");
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return ssc_error_set_oom();
	fs->parent = fault_methods;
	/* Keep the inner backend's name: the library treats a wrapped
	 * memory backend as volatile like the real one. */
	fs->parent.name = inner->name;
	fs->inner = inner;
	*out = &fs->parent;
	return SSC_OK;
}

void
fault_store_arm(ssc_store_backend *be, fault_method method, long k,
		fault_mode mode, ssc_status code)
{
	struct fault_store *fs = (struct fault_store *)be;

	fs->method = method;
	fs->k = k;
	fs->mode = mode;
	fs->code = code ? code : SSC_ESTORE;
	memcpy(fs->armed_at, fs->calls, sizeof(fs->calls));
}

long
fault_store_calls(const ssc_store_backend *be, fault_method method)
{
	return ((const struct fault_store *)be)->calls[method];
}

long
fault_store_injected(const ssc_store_backend *be)
{
	return ((const struct fault_store *)be)->injected;
}
