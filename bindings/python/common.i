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

/* ---- objects returned through `type **out`: Python-owned proxies -------- */

%define SSC_OUT_OBJECT(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *tmp = NULL) {
	$1 = &tmp;
}
%typemap(argout) TYPE **out {
	$result = SWIG_Python_AppendOutput($result,
		SWIG_NewPointerObj(SWIG_as_voidptr(*$1), $descriptor(TYPE *),
				   SWIG_POINTER_OWN));
}
%enddef

/* ---- scalar outputs: int *out → returned int, and friends --------------- */

%apply int *OUTPUT { int *out };
%apply unsigned int *OUTPUT { unsigned int *events };
%apply unsigned int *OUTPUT { uint32_t *out };
%apply long long *OUTPUT { int64_t *out, int64_t *out_ms,
			   int64_t *out_revision };
%apply unsigned long long *OUTPUT { uint64_t *out_count };

/* ---- fixed-size character and byte outputs ------------------------------ */

%define SSC_CHAR_OUT(N)
%typemap(in, numinputs=0) char out[N] (char tmp[N]) {
	memset(tmp, 0, sizeof(tmp));
	$1 = tmp;
}
%typemap(argout) char out[N] {
	PyObject *o = ssc_py_text_new($1, strnlen($1, N));
	if (!o)
		SWIG_fail;
	$result = SWIG_Python_AppendOutput($result, o);
}
%enddef
SSC_CHAR_OUT(7)
SSC_CHAR_OUT(10)
SSC_CHAR_OUT(33)

%define SSC_BYTES_OUT_FIXED(N)
%typemap(in, numinputs=0) uint8_t out[N] (uint8_t tmp[N]) {
	memset(tmp, 0, sizeof(tmp));
	$1 = tmp;
}
%typemap(argout) uint8_t out[N] {
	PyObject *o = PyBytes_FromStringAndSize((const char *)$1, N);
	if (!o)
		SWIG_fail;
	$result = SWIG_Python_AppendOutput($result, o);
}
%enddef
SSC_BYTES_OUT_FIXED(3)
SSC_BYTES_OUT_FIXED(4)
SSC_BYTES_OUT_FIXED(16)
SSC_BYTES_OUT_FIXED(32)

/* ---- fixed-size byte input: exactly N bytes, None → NULL ---------------- */

%define SSC_BYTES_IN_FIXED(NAME, N)
%typemap(arginit) const uint8_t NAME[N] {
	memset(&tmp$argnum, 0, sizeof(tmp$argnum));
}
%typemap(in) const uint8_t NAME[N] (ssc_py_bytes tmp) {
	if ($input == Py_None) {
		$1 = NULL;
	} else {
		if (ssc_py_bytes_get(&tmp, $input) < 0)
			SWIG_fail;
		if (tmp.len != N) {
			PyErr_Format(PyExc_ValueError,
				     "expected %d bytes, got %zu", N, tmp.len);
			SWIG_fail;
		}
		$1 = ($1_ltype)tmp.data;
	}
}
%typemap(freearg) const uint8_t NAME[N] {
	ssc_py_bytes_release(&tmp$argnum);
}
%enddef
SSC_BYTES_IN_FIXED(id, 16)

/* ---- more (pointer, length) inputs take any bytes-like value ------------- */

%apply (const uint8_t *data, size_t len) {
	(const uint8_t *raw, size_t len),
	(const uint8_t *id, size_t len),
	(const uint8_t *in, size_t len),
	(const uint8_t *bcd, size_t len),
	(const uint8_t *bytes, size_t len),
	(const uint8_t *cmd, size_t len),
	(const uint8_t *value, size_t len),
	(const uint8_t *key, size_t key_len),
	(const uint8_t *dol, size_t dol_len),
	(const uint8_t *terminal_tlv, size_t terminal_len),
	(const uint8_t *result, size_t result_len)
};

/* ---- text with an explicit length: str → UTF-8 pointer and byte count ---- */

%typemap(in) (const char *TEXT, size_t LEN) {
	Py_ssize_t n = 0;
	if (!PyUnicode_Check($input)) {
		PyErr_SetString(PyExc_TypeError, "expected str");
		SWIG_fail;
	}
	$1 = ($1_ltype)PyUnicode_AsUTF8AndSize($input, &n);
	if (!$1)
		SWIG_fail;
	$2 = (size_t)n;
}
%apply (const char *TEXT, size_t LEN) {
	(const char *json, size_t len),
	(const char *utf8, size_t len),
	(const char *hex, size_t len)
};

/* ---- an object argument that was closed (NULL handle) is refused ---------- */

%define SSC_OPEN_CHECK(TYPE, NAME, WHAT)
%typemap(check) TYPE *NAME, const TYPE *NAME {
	if (!$1) {
		PyErr_SetString(PyExc_ValueError, WHAT " is closed");
		SWIG_fail;
	}
}
%enddef
