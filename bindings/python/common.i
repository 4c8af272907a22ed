/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Typemaps shared by every interface file: prefix stripping, ssc_status →
 * exception, ssc_buf → bytes/str, bytes-like and text inputs, the closed-
 * Context check, and the re-raising of exceptions from Python callbacks.
 * Each public header gets its own .i that %includes the header after
 * %apply-ing the named typemaps below to its parameter names.
 */

%include <stdint.i>
%include <typemaps.i>

%{
#include <string.h>
#include <socialcard/socialcard.h>
#include <socialcard/sys/errors.h>
#include "ssc_python.h"
%}

/* C names lose their prefix: ssc_mask_name → mask_name, SSC_EINVAL → EINVAL. */
%rename("%(strip:[ssc_])s") "";
%rename("%(strip:[SSC_])s", %$isenumitem) "";
%rename("%(strip:[SSC_])s", %$isconstant) "";

/* Export macros mean nothing to SWIG. */
#define SSC_EXPORT
#define SSC_DEPRECATED
#define SSC_BEGIN_DECL
#define SSC_END_DECL

/*
 * After every wrapped call: an exception raised by a Python callback (log,
 * clock) while the C call ran is re-raised here, once the call returned.
 */
%exception {
	$action
	if (ssc_py_take_pending())
		SWIG_fail;
}

/* ---- ssc_status: None on success, an exception on a negative code ------- */

%typemap(out) ssc_status {
	if ($1 < 0) {
		ssc_py_raise($1);
		SWIG_fail;
	}
	$result = Py_None;
	Py_INCREF(Py_None);
}

/* ---- ssc_buf outputs: BYTES_OUT → bytes, TEXT_OUT → str ----------------- */

%typemap(in, numinputs=0) ssc_buf *BYTES_OUT (ssc_buf tmp),
			  ssc_buf *TEXT_OUT (ssc_buf tmp) {
	memset(&tmp, 0, sizeof(tmp));
	$1 = &tmp;
}
%typemap(argout) ssc_buf *BYTES_OUT {
	PyObject *o = PyBytes_FromStringAndSize($1->ptr ? $1->ptr : "",
						(Py_ssize_t)$1->size);
	if (!o)
		SWIG_fail;
	$result = SWIG_Python_AppendOutput($result, o);
}
%typemap(argout) ssc_buf *TEXT_OUT {
	PyObject *o = ssc_py_text_new($1->ptr ? $1->ptr : "", $1->size);
	if (!o)
		SWIG_fail;
	$result = SWIG_Python_AppendOutput($result, o);
}
%typemap(freearg) ssc_buf *BYTES_OUT, ssc_buf *TEXT_OUT {
	ssc_buf_dispose($1);
}
%apply ssc_buf *BYTES_OUT { ssc_buf *out };

/* ---- bytes-like input: bytes, bytearray, memoryview, hex str, list[int] -- */

%typemap(in) (const uint8_t *data, size_t len) (ssc_py_bytes tmp) {
	if (ssc_py_bytes_get(&tmp, $input) < 0)
		SWIG_fail;
	$1 = ($1_ltype)tmp.data;
	$2 = tmp.len;
}
%typemap(arginit) (const uint8_t *data, size_t len) {
	memset(&tmp$argnum, 0, sizeof(tmp$argnum));
}
%typemap(freearg) (const uint8_t *data, size_t len) {
	ssc_py_bytes_release(&tmp$argnum);
}

/* ---- text input: str (UTF-8, no embedded NUL) or None → NULL ------------- */

%typemap(in) const char * (const char *text) {
	if (ssc_py_text_get(&text, $input, 1) < 0)
		SWIG_fail;
	$1 = ($1_ltype)text;
}
%typemap(freearg) const char * "";
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) const char * {
	$1 = ($input == Py_None || PyUnicode_Check($input)) ? 1 : 0;
}

/* ---- a Context argument must be open ------------------------------------ */

%typemap(check) ssc_ctx *CTX_OPEN, const ssc_ctx *CTX_OPEN {
	if (!$1) {
		PyErr_SetString(PyExc_ValueError, "the Context is closed");
		SWIG_fail;
	}
}
%apply ssc_ctx *CTX_OPEN { ssc_ctx *ctx, ssc_ctx *self };
%apply const ssc_ctx *CTX_OPEN { const ssc_ctx *ctx, const ssc_ctx *self };
