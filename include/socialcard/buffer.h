/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/buffer.h
 * @brief ssc_buf: bytes and strings that the library hands to the caller.
 *
 * A function that returns variable-length data fills an ::ssc_buf the
 * caller provides (initialised with #SSC_BUF_INIT).  The buffer remembers the
 * allocator that filled it; the caller releases it with ssc_buf_dispose(),
 * never with free().  The contents are always followed by a NUL byte that is
 * not counted in ssc_buf::size, so text can be used as a C string.
 *
 * Thread rules: a buffer is plain data; use it from one thread at a time.
 */
#ifndef SOCIALCARD_BUFFER_H
#define SOCIALCARD_BUFFER_H

#include "common.h"

SSC_BEGIN_DECL

/**
 * An allocator: with @p size 0 it frees @p ptr and returns NULL; otherwise it
 * behaves as realloc(ptr, size).  @p payload is the pointer registered with
 * it.  See ssc_ctx_options::alloc.
 */
typedef void *(*ssc_realloc_fn)(void *ptr, size_t size, void *payload);

/** Library-owned bytes or UTF-8 text. */
typedef struct ssc_buf {
	/** The data, NUL-terminated; NULL when empty and never filled. */
	char *ptr;
	/** Bytes of data, not counting the terminating NUL. */
	size_t size;
	/** Bytes allocated (internal). */
	size_t asize;
	/** The allocator that owns @ref ptr (internal; NULL = system). */
	ssc_realloc_fn alloc;
	/** The allocator's payload (internal). */
	void *alloc_payload;
} ssc_buf;

/** Initialiser for an empty buffer. */
#define SSC_BUF_INIT { NULL, 0, 0, NULL, NULL }

/**
 * Release a buffer's memory and reset it to empty.  The bytes are wiped
 * before they are freed.  NULL and empty buffers are accepted.
 *
 * @param buf the buffer; afterwards equal to #SSC_BUF_INIT
 * @since 1.0
 */
SSC_EXPORT void ssc_buf_dispose(ssc_buf *buf);

/**
 * Replace a buffer's contents with a copy of @p len bytes.
 *
 * @param[out] buf the buffer to fill (its old contents are released)
 * @param data the bytes to copy; may be NULL when @p len is 0
 * @param len number of bytes
 * @return #SSC_OK, #SSC_EINVAL or #SSC_ENOMEM (buffer unchanged)
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_buf_set(ssc_buf *buf, const void *data, size_t len);

SSC_END_DECL

#endif /* SOCIALCARD_BUFFER_H */
