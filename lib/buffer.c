/* SPDX-License-Identifier: Apache-2.0 */
/* ssc_buf: growable, NUL-terminated byte buffers that remember the
 * allocator that filled them and wipe their bytes when released. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *
buf_realloc(ssc_buf *buf, void *ptr, size_t size)
{
	if (buf->alloc)
		return buf->alloc(ptr, size, buf->alloc_payload);
	if (size == 0) {
		free(ptr);
		return NULL;
	}
	return realloc(ptr, size);
}

void
ssc__buf_bind(ssc_buf *buf, const ssc_ctx *ctx)
{
	if (!buf || buf->ptr || buf->alloc || !ctx)
		return;
	ssc__ctx_allocator(ctx, &buf->alloc, &buf->alloc_payload);
}

ssc_status
ssc__buf_grow(ssc_buf *buf, size_t need)
{
	size_t want;
	char *p;

	if (need >= SIZE_MAX / 2)
		return ssc_error_set_oom();
	if (buf->ptr && need + 1 <= buf->asize)
		return SSC_OK;
	want = buf->asize ? buf->asize : 32;
	while (want < need + 1)
		want *= 2;
	/* Grow by copy so that old bytes can be wiped: buffers carry PIN
	 * blocks and personal data. */
	p = buf_realloc(buf, NULL, want);
	if (!p)
		return ssc_error_set_oom();
	if (buf->ptr) {
		memcpy(p, buf->ptr, buf->size + 1);
		ssc__wipe(buf->ptr, buf->asize);
		buf_realloc(buf, buf->ptr, 0);
	} else {
		p[0] = '\0';
		buf->size = 0;
	}
	buf->ptr = p;
	buf->asize = want;
	return SSC_OK;
}

ssc_status
ssc__buf_put(ssc_buf *buf, const void *data, size_t len)
{
	ssc_status rc;
	if (len > SIZE_MAX / 2 - buf->size)
		return ssc_error_set_oom();
	if ((rc = ssc__buf_grow(buf, buf->size + len)) < 0)
		return rc;
	if (len)
		memcpy(buf->ptr + buf->size, data, len);
	buf->size += len;
	buf->ptr[buf->size] = '\0';
	return SSC_OK;
}

ssc_status
ssc__buf_puts(ssc_buf *buf, const char *s)
{
	return ssc__buf_put(buf, s, strlen(s));
}

ssc_status
ssc__buf_putc(ssc_buf *buf, char c)
{
	return ssc__buf_put(buf, &c, 1);
}

ssc_status
ssc__buf_vprintf(ssc_buf *buf, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	ssc_status rc;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "bad format");
	if ((rc = ssc__buf_grow(buf, buf->size + (size_t)n)) < 0)
		return rc;
	vsnprintf(buf->ptr + buf->size, (size_t)n + 1, fmt, ap);
	buf->size += (size_t)n;
	return SSC_OK;
}

ssc_status
ssc__buf_printf(ssc_buf *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ssc_status rc = ssc__buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return rc;
}

void
ssc__buf_clear(ssc_buf *buf)
{
	if (!buf->ptr)
		return;
	ssc__wipe(buf->ptr, buf->asize);
	buf->size = 0;
}

char *
ssc__buf_detach(ssc_buf *buf)
{
	char *p = buf->ptr;
	buf->ptr = NULL;
	buf->size = 0;
	buf->asize = 0;
	return p;
}

void
ssc_buf_dispose(ssc_buf *buf)
{
	if (!buf)
		return;
	if (buf->ptr) {
		ssc__wipe(buf->ptr, buf->asize);
		buf_realloc(buf, buf->ptr, 0);
	}
	buf->ptr = NULL;
	buf->size = 0;
	buf->asize = 0;
	buf->alloc = NULL;
	buf->alloc_payload = NULL;
}

ssc_status
ssc_buf_set(ssc_buf *buf, const void *data, size_t len)
{
	ssc_buf tmp = SSC_BUF_INIT;
	ssc_status rc;

	if (!buf || (!data && len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_buf_set: NULL argument");
	tmp.alloc = buf->alloc;
	tmp.alloc_payload = buf->alloc_payload;
	if ((rc = ssc__buf_put(&tmp, data, len)) < 0)
		return rc;
	ssc_buf_dispose(buf);
	*buf = tmp;
	return SSC_OK;
}
