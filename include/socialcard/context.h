/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/context.h
 * @brief ssc_ctx: the library context (options, clock, logging, allocator).
 *
 * All state hangs off a context; there is no global initialisation.  Every
 * time the library needs ("now") comes from the context's clock, so tests
 * and batch replays control time.  Every allocation made on behalf of a
 * context goes through its allocator.
 *
 * Thread rules: a context and the objects made from it are used by one
 * thread at a time.  Separate contexts are independent.  The reference count
 * is atomic, so the last ssc_ctx_free() may happen on any thread.  The key
 * provider a context carries (ssc_ctx_set_key_provider()) follows the same
 * rule: it is used by whichever thread is using the context or an object
 * made from it, and it must not be replaced while another thread uses one.
 */
#ifndef SOCIALCARD_CONTEXT_H
#define SOCIALCARD_CONTEXT_H

#include "common.h"
#include "buffer.h"
#include "types.h"

SSC_BEGIN_DECL

struct ssc_key_provider; /* socialcard/sys/key_provider.h */

/** Log levels, most severe first. */
typedef enum {
	SSC_LOG_NONE = 0,  /**< nothing is logged */
	SSC_LOG_ERROR = 1,
	SSC_LOG_WARN = 2,
	SSC_LOG_INFO = 3,
	SSC_LOG_DEBUG = 4,
	SSC_LOG_TRACE = 5  /**< APDU traces; PIN and key data are masked */
} ssc_log_level;

/**
 * Log callback.  @p message is UTF-8, already masked, valid only during the
 * call.
 */
typedef void (*ssc_log_fn)(int level, const char *message, void *payload);

/** Clock: milliseconds since 1970-01-01T00:00:00Z. */
typedef int64_t (*ssc_clock_fn)(void *payload);

/** Options for ssc_ctx_new().  Versioned: see ssc_ctx_options_init(). */
typedef struct ssc_ctx_options {
	/** #SSC_CTX_OPTIONS_VERSION. */
	unsigned int version;
	/**
	 * Region whose rule pack applies: a 6-digit GB/T 2260 code such as
	 * "500000"; NULL for the national defaults.  Copied.  (v1)
	 */
	const char *region;
	/** Log callback; NULL = silent.  (v1) */
	ssc_log_fn log;
	/** Passed to #log.  (v1) */
	void *log_payload;
	/** Highest ::ssc_log_level delivered; 0 = #SSC_LOG_INFO.  (v1) */
	int log_level;
	/** Clock; NULL = the system's real-time clock.  (v1) */
	ssc_clock_fn clock;
	/** Passed to #clock.  (v1) */
	void *clock_payload;
	/** Allocator for everything made in this context; NULL = libc.  (v1) */
	ssc_realloc_fn alloc;
	/** Passed to #alloc.  (v1) */
	void *alloc_payload;
	/** Reserved flags, must be 0.  (v1) */
	uint32_t flags;
} ssc_ctx_options;

/** Current version of ::ssc_ctx_options. */
#define SSC_CTX_OPTIONS_VERSION 1
/** Initialiser for ::ssc_ctx_options with defaults. */
#define SSC_CTX_OPTIONS_INIT SSC_VERSIONED_INIT(SSC_CTX_OPTIONS_VERSION)

/**
 * Initialise options to their defaults (for bindings and languages without
 * macros).
 *
 * @param[out] opts the struct to fill
 * @param version the version the caller was compiled against
 * @return #SSC_OK, or #SSC_EVERSION when @p version is 0 or newer than this
 *         library knows
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_ctx_options_init(ssc_ctx_options *opts,
					   unsigned int version);

/**
 * Create a context.
 *
 * @param[out] out the new context, owned by the caller: release it with
 *             ssc_ctx_free()
 * @param opts options, or NULL for defaults; copied, not kept
 * @return #SSC_OK
 * @retval SSC_EVERSION opts->version is 0 or newer than this library
 * @retval SSC_EINVAL a malformed region code or non-zero reserved flags
 * @retval SSC_ENOMEM out of memory
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_ctx_new(ssc_ctx **out, const ssc_ctx_options *opts);

/**
 * Take another reference to a context.
 *
 * @return @p ctx
 * @since 1.0
 */
SSC_EXPORT ssc_ctx *ssc_ctx_ref(ssc_ctx *ctx);

/**
 * Drop a reference; the context is destroyed when the last reference,
 * including those held by objects made in it, is gone.  NULL is a no-op.
 * @since 1.0
 */
SSC_EXPORT void ssc_ctx_free(ssc_ctx *ctx);

/**
 * The context's current time.
 *
 * @return milliseconds since the Unix epoch, from the context's clock
 * @since 1.0
 */
SSC_EXPORT int64_t ssc_ctx_now(const ssc_ctx *ctx);

/**
 * The region code the context was created for.
 *
 * @return borrowed, valid while the context lives; NULL for national
 * @since 1.0
 */
SSC_EXPORT const char *ssc_ctx_region(const ssc_ctx *ctx);

/**
 * Change the region whose rule pack applies.
 *
 * @param region a 6-digit code, or NULL for national defaults; copied
 * @return #SSC_OK or #SSC_EINVAL (context unchanged)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_ctx_set_region(ssc_ctx *ctx, const char *region);

/**
 * Change the highest log level delivered to the log callback.
 *
 * @return #SSC_OK or #SSC_EINVAL for a level outside ::ssc_log_level
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_ctx_set_log_level(ssc_ctx *ctx, int level);

/**
 * Attach a key provider to the context (software keys, or an HSM behind the
 * same vtable, see socialcard/sys/key_provider.h).  Objects made in the
 * context that need secret keys (the store: personal data at rest and the
 * ID-number blind index) ask it for operations by key id; they never see
 * key bytes.  They look the provider up each time they use it, so a
 * replaced provider is used from the next operation on.
 *
 * The context takes ownership of @p kp on success only, and releases it
 * (ssc_key_provider_free()) when it is replaced, detached, or when the
 * context is destroyed.  A provider whose @c ctx member is this context
 * must hold one reference to it, as ssc_key_provider_soft_new() does: the
 * context takes that reference over, so the pair does not keep itself
 * alive.  A provider that holds a reference to this context but names
 * another (or none) in @c ctx, e.g. a wrapper around a software provider
 * made here, keeps the context alive forever: set its @c ctx to this
 * context.  Attaching the provider already attached is a no-op.
 *
 * Thread rules: call it while no other thread uses the context or an
 * object made from it (see the file comment).
 *
 * @param ctx the context
 * @param kp the provider, or NULL to detach (and release) the current one
 * @return #SSC_OK
 * @retval SSC_EINVAL @p ctx is NULL, or @p kp lacks a required method
 *         (the caller still owns @p kp; the context is unchanged)
 * @retval SSC_EVERSION @p kp has an unsupported version (likewise)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_ctx_set_key_provider(ssc_ctx *ctx,
					       struct ssc_key_provider *kp);

/**
 * The key provider attached with ssc_ctx_set_key_provider().
 *
 * @param ctx the context; may be NULL
 * @return the provider, borrowed: valid until it is replaced or detached or
 *         the context is destroyed; NULL when none is attached
 * @since 1.0
 */
SSC_EXPORT struct ssc_key_provider *
ssc_ctx_key_provider(const ssc_ctx *ctx);

SSC_END_DECL

#endif /* SOCIALCARD_CONTEXT_H */
