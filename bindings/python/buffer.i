/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buffer.h: ssc_buf never reaches Python (common.i turns it into bytes or
 * str).  buf_set(data) copies a bytes-like value through the library's
 * buffer and returns it as bytes.
 */
%ignore ssc_buf;
%ignore ssc_buf_dispose;
%ignore ssc_realloc_fn;

%apply ssc_buf *BYTES_OUT { ssc_buf *buf };
%apply (const uint8_t *data, size_t len) { (const void *data, size_t len) };
%nothread ssc_buf_set;
%include "socialcard/buffer.h"
%clear ssc_buf *buf;
%clear (const void *data, size_t len);
