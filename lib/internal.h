/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private helpers shared by every file in lib/: allocation through the
 * context, error setting with printf formats, logging, struct-version
 * checks and secret wiping.  Nothing here is exported.
 */
#ifndef SSC_INTERNAL_H
#define SSC_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socialcard/socialcard.h"
#include "socialcard/sys/errors.h"

#if defined(__GNUC__)
#define SSC__PRINTF(f, a) __attribute__((format(printf, f, a)))
#define SSC__UNUSED __attribute__((unused))
#else
#define SSC__PRINTF(f, a)
#define SSC__UNUSED
#endif

#define SSC__ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- allocation (lib/context.c) ------------------------------------ */

/* The context's allocator; ctx may be NULL (libc).  Every allocation made
 * on behalf of a context goes through these, so a test can fail the k-th. */
void *ssc__malloc(const ssc_ctx *ctx, size_t size);
void *ssc__calloc(const ssc_ctx *ctx, size_t n, size_t size);
void *ssc__realloc(const ssc_ctx *ctx, void *ptr, size_t size);
void ssc__free(const ssc_ctx *ctx, void *ptr);
char *ssc__strdup(const ssc_ctx *ctx, const char *s);
char *ssc__strndup(const ssc_ctx *ctx, const char *s, size_t n);
/* The raw allocator pair of a context (for ssc_buf). */
void ssc__ctx_allocator(const ssc_ctx *ctx, ssc_realloc_fn *fn, void **payload);

/* Fails with SSC_ENOMEM (error record set) when p is NULL. */
#define SSC__CHECK_ALLOC(p)                                                    \
	do {                                                                   \
		if ((p) == NULL)                                               \
			return ssc_error_set_oom();                            \
	} while (0)

/* ---- errors (lib/error.c) ------------------------------------------ */

/* printf-style error setters; return code.  Callers mask personal data
 * before formatting it (ssc__mask_* below). */
ssc_status ssc__error_setf(int code, int klass, const char *fmt, ...)
	SSC__PRINTF(3, 4);
ssc_status ssc__error_setf_sw(int code, uint16_t sw, const char *fmt, ...)
	SSC__PRINTF(3, 4);
ssc_status ssc__error_setf_native(int code, int klass, int native_kind,
				  uint32_t native_code, const char *fmt, ...)
	SSC__PRINTF(5, 6);
/* Default class for a code (e.g. SSC_ECARD -> SSC_ERROR_CLASS_CARD). */
int ssc__error_default_class(int code);
/* Save and restore the error record around cleanup code that may fail. */
typedef struct {
	ssc_error err;
	char message[512];
} ssc__error_saved;
void ssc__error_save(ssc__error_saved *out);
void ssc__error_restore(const ssc__error_saved *saved);

/* ---- versioned structs --------------------------------------------- */

/* Accepts 1 <= version <= current, else SSC_EVERSION with the struct's
 * name in the message. */
ssc_status ssc__check_version(unsigned int version, unsigned int current,
			      const char *name);

/* ---- logging (lib/context.c) --------------------------------------- */

bool ssc__log_enabled(const ssc_ctx *ctx, int level);
void ssc__log(const ssc_ctx *ctx, int level, const char *fmt, ...)
	SSC__PRINTF(3, 4);

/* ---- secrets and masking (lib/util/mask.c) ------------------------- */

/* Wipe memory in a way the compiler may not remove. */
void ssc__wipe(void *p, size_t n);

/* Masked forms into a caller array (no allocation), always NUL-terminated;
 * for log lines and error messages.  See socialcard/mask.h for the rules. */
#define SSC__MASK_MAX 128
void ssc__mask_id(char out[SSC__MASK_MAX], const char *id);
void ssc__mask_name(char out[SSC__MASK_MAX], const char *name);
void ssc__mask_number(char out[SSC__MASK_MAX], const char *text,
		      size_t keep_head, size_t keep_tail);

/* ---- buffers (lib/buffer.c) ---------------------------------------- */

/* Bind an empty buffer to a context's allocator (no-op if it already has
 * contents or an allocator). */
void ssc__buf_bind(ssc_buf *buf, const ssc_ctx *ctx);
/* Make room for at least `need` bytes of data plus the NUL. */
ssc_status ssc__buf_grow(ssc_buf *buf, size_t need);
ssc_status ssc__buf_put(ssc_buf *buf, const void *data, size_t len);
ssc_status ssc__buf_puts(ssc_buf *buf, const char *s);
ssc_status ssc__buf_putc(ssc_buf *buf, char c);
ssc_status ssc__buf_printf(ssc_buf *buf, const char *fmt, ...)
	SSC__PRINTF(2, 3);
ssc_status ssc__buf_vprintf(ssc_buf *buf, const char *fmt, va_list ap)
	SSC__PRINTF(2, 0);
/* Empty the buffer but keep its memory (wiping the old bytes). */
void ssc__buf_clear(ssc_buf *buf);
/* Hand the data to the caller: returns ptr (caller frees with the buffer's
 * allocator) and resets the buffer. */
char *ssc__buf_detach(ssc_buf *buf);

#endif /* SSC_INTERNAL_H */
