/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ssc_ctx: options, reference counting, the clock, logging, the
 * allocator through which every allocation of a context goes, and the key
 * provider a context may own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "context_int.h"
#include "socialcard/sys/key_provider.h"

/* sizeof each released version of ssc_ctx_options, for reading old ones. */
static const size_t ctx_options_size[] = {
	0,
	sizeof(ssc_ctx_options), /* v1 */
};

static void *
libc_realloc(void *ptr, size_t size, void *payload)
{
	(void)payload;
	if (size == 0) {
		free(ptr);
		return NULL;
	}
	return realloc(ptr, size);
}

static int64_t
system_clock(void *payload)
{
	struct timespec ts;
	(void)payload;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
ssc__ctx_allocator(const ssc_ctx *ctx, ssc_realloc_fn *fn, void **payload)
{
	*fn = ctx ? ctx->alloc : libc_realloc;
	*payload = ctx ? ctx->alloc_payload : NULL;
}

void *
ssc__malloc(const ssc_ctx *ctx, size_t size)
{
	if (size == 0)
		size = 1;
	return ctx ? ctx->alloc(NULL, size, ctx->alloc_payload)
		   : malloc(size);
}

void *
ssc__calloc(const ssc_ctx *ctx, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	size_t total = n * size;
	void *p = ssc__malloc(ctx, total);
	if (p && total)
		memset(p, 0, total);
	return p;
}

void *
ssc__realloc(const ssc_ctx *ctx, void *ptr, size_t size)
{
	if (size == 0)
		size = 1;
	return ctx ? ctx->alloc(ptr, size, ctx->alloc_payload)
		   : realloc(ptr, size);
}

void
ssc__free(const ssc_ctx *ctx, void *ptr)
{
	if (!ptr)
		return;
	if (ctx)
		ctx->alloc(ptr, 0, ctx->alloc_payload);
	else
		free(ptr);
}

char *
ssc__strndup(const ssc_ctx *ctx, const char *s, size_t n)
{
	char *d = ssc__malloc(ctx, n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
ssc__strdup(const ssc_ctx *ctx, const char *s)
{
	return ssc__strndup(ctx, s, strlen(s));
}

static bool
region_valid(const char *region)
{
	if (strlen(region) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (region[i] < '0' || region[i] > '9')
			return false;
	return true;
}

ssc_status
ssc_ctx_options_init(ssc_ctx_options *opts, unsigned int version)
{
	ssc_status rc;
	if (!opts)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_ctx_options_init: opts is NULL");
	if ((rc = ssc__check_version(version, SSC_CTX_OPTIONS_VERSION,
				     "ssc_ctx_options")) < 0)
		return rc;
	memset(opts, 0, ctx_options_size[version]);
	opts->version = version;
	return SSC_OK;
}

ssc_status
ssc_ctx_new(ssc_ctx **out, const ssc_ctx_options *opts)
{
	ssc_ctx_options o;
	ssc_ctx *ctx;
	ssc_status rc;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_ctx_new: out is NULL");
	*out = NULL;
	memset(&o, 0, sizeof(o));
	o.version = SSC_CTX_OPTIONS_VERSION;
	if (opts) {
		if ((rc = ssc__check_version(opts->version,
					     SSC_CTX_OPTIONS_VERSION,
					     "ssc_ctx_options")) < 0)
			return rc;
		memcpy(&o, opts, ctx_options_size[opts->version]);
	}
	if (o.region && !region_valid(o.region))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "region must be a 6-digit code");
	if (o.log_level < 0 || o.log_level > SSC_LOG_TRACE)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "log level %d out of range",
				       o.log_level);
	if (o.flags != 0)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "reserved flags must be 0");

	ssc_realloc_fn alloc = o.alloc ? o.alloc : libc_realloc;
	ctx = alloc(NULL, sizeof(*ctx), o.alloc_payload);
	SSC__CHECK_ALLOC(ctx);
	memset(ctx, 0, sizeof(*ctx));
	atomic_init(&ctx->refcount, 1);
	if (o.region)
		memcpy(ctx->region, o.region, 7);
	ctx->log_level = o.log_level ? o.log_level : SSC_LOG_INFO;
	ctx->log = o.log;
	ctx->log_payload = o.log_payload;
	ctx->clock = o.clock ? o.clock : system_clock;
	ctx->clock_payload = o.clock_payload;
	ctx->alloc = alloc;
	ctx->alloc_payload = o.alloc_payload;
	*out = ctx;
	return SSC_OK;
}

ssc_ctx *
ssc_ctx_ref(ssc_ctx *ctx)
{
	if (ctx)
		atomic_fetch_add(&ctx->refcount, 1);
	return ctx;
}

void
ssc_ctx_free(ssc_ctx *ctx)
{
	if (!ctx)
		return;
	if (atomic_fetch_sub(&ctx->refcount, 1) != 1)
		return;
	if (ctx->kp) {
		ssc_key_provider *kp = ctx->kp;
		bool holds_ref = ctx->kp_holds_ref;

		ctx->kp = NULL;
		ctx->kp_holds_ref = false;
		if (holds_ref) {
			/* Give the provider back the reference the context
			 * took over; releasing it drops that last reference
			 * and re-enters here with no provider left. */
			atomic_store(&ctx->refcount, 1);
			ssc_key_provider_free(kp);
			return;
		}
		ssc_key_provider_free(kp);
	}
	ssc_realloc_fn alloc = ctx->alloc;
	void *payload = ctx->alloc_payload;
	ssc__wipe(ctx, sizeof(*ctx));
	alloc(ctx, 0, payload);
}

int64_t
ssc_ctx_now(const ssc_ctx *ctx)
{
	return ctx ? ctx->clock(ctx->clock_payload) : system_clock(NULL);
}

const char *
ssc_ctx_region(const ssc_ctx *ctx)
{
	return ctx && ctx->region[0] ? ctx->region : NULL;
}

ssc_status
ssc_ctx_set_region(ssc_ctx *ctx, const char *region)
{
	if (!ctx)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_ctx_set_region: ctx is NULL");
	if (region && !region_valid(region))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "region must be a 6-digit code");
	if (region)
		memcpy(ctx->region, region, 7);
	else
		ctx->region[0] = '\0';
	return SSC_OK;
}

ssc_status
ssc_ctx_set_log_level(ssc_ctx *ctx, int level)
{
	if (!ctx || level < SSC_LOG_NONE || level > SSC_LOG_TRACE)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "log level %d out of range", level);
	ctx->log_level = level;
	return SSC_OK;
}

ssc_status
ssc_ctx_set_key_provider(ssc_ctx *ctx, ssc_key_provider *kp)
{
	ssc_key_provider *old;
	bool old_holds_ref, holds_ref;
	ssc_status rc;

	if (!ctx)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_ctx_set_key_provider: ctx is NULL");
	if (kp == ctx->kp)
		return SSC_OK;
	holds_ref = kp && kp->ctx == ctx;
	if (kp) {
		if ((rc = ssc_key_provider_check(kp)) < 0)
			return rc;
		/* The caller's reference plus the provider's. */
		if (holds_ref && atomic_load(&ctx->refcount) < 2)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "key provider \"%s\" was made in "
					       "this context but holds no "
					       "reference to it",
					       kp->name ? kp->name : "?");
	}
	old = ctx->kp;
	old_holds_ref = ctx->kp_holds_ref;
	ctx->kp = kp;
	ctx->kp_holds_ref = holds_ref;
	if (holds_ref)
		atomic_fetch_sub(&ctx->refcount, 1);
	if (old) {
		if (old_holds_ref)
			atomic_fetch_add(&ctx->refcount, 1);
		ssc_key_provider_free(old);
	}
	return SSC_OK;
}

ssc_key_provider *
ssc_ctx_key_provider(const ssc_ctx *ctx)
{
	return ctx ? ctx->kp : NULL;
}

bool
ssc__log_enabled(const ssc_ctx *ctx, int level)
{
	return ctx && ctx->log && level <= ctx->log_level;
}

void
ssc__log(const ssc_ctx *ctx, int level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (!ssc__log_enabled(ctx, level))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ctx->log(level, line, ctx->log_payload);
	ssc__wipe(line, sizeof(line));
}
