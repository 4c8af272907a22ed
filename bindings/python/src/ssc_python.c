/* SPDX-License-Identifier: Apache-2.0 */
/*
 * C support for the Python extension: status → exception, the per-thread
 * slot for exceptions raised inside callbacks, the Context trampolines
 * (log, clock, and the allocator that ties the callbacks' lifetime to the
 * C context) and argument converters.  See ssc_python.h.
 */
#include "ssc_python.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <socialcard/sys/errors.h>

/* ---- the error record ------------------------------------------------ */

typedef struct {
	int code;
	int klass;
	unsigned int sw;
	int native_kind;
	unsigned long native_code;
	char message[512];
} saved_error;

static void
save_error(saved_error *s)
{
	const ssc_error *e = ssc_error_last();
	s->code = e->code;
	s->klass = e->klass;
	s->sw = e->sw;
	s->native_kind = e->native_kind;
	s->native_code = e->native_code;
	snprintf(s->message, sizeof(s->message), "%s",
		 e->message ? e->message : "");
}

static void
restore_error(const saved_error *s)
{
	if (s->code == SSC_OK)
		ssc_error_clear();
	else if (s->sw)
		ssc_error_set_sw(s->code, (uint16_t)s->sw, s->message);
	else
		ssc_error_set_native(s->code, s->klass, s->native_kind,
				     (uint32_t)s->native_code, s->message);
}

PyObject *
ssc_py_raise(int code)
{
	saved_error s;
	PyObject *mod, *msg, *exc;

	/* Copy the record first: nothing below may run before it. */
	save_error(&s);
	if (s.code != code) {
		s.klass = SSC_ERROR_CLASS_NONE;
		s.sw = 0;
		s.native_kind = SSC_NATIVE_NONE;
		s.native_code = 0;
		snprintf(s.message, sizeof(s.message), "%s",
			 ssc_strerror(code));
	}
	mod = PyImport_ImportModule("socialcard.errors");
	if (!mod)
		return NULL;
	msg = ssc_py_text_new(s.message, strlen(s.message));
	if (!msg) {
		Py_DECREF(mod);
		return NULL;
	}
	exc = PyObject_CallMethod(mod, "_from_record", "iiIikO", code,
				  s.klass, s.sw, s.native_kind,
				  s.native_code, msg);
	Py_DECREF(msg);
	Py_DECREF(mod);
	if (!exc)
		return NULL;
	PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
	Py_DECREF(exc);
	return NULL;
}

/* ---- exceptions raised by Python callbacks ----------------------------- */

/* The exception being handled, as one object (3.12+) or a triple. */
#if PY_VERSION_HEX >= 0x030C0000
typedef struct {
	PyObject *exc;
} exc_state;
#define EXC_SET(s) ((s)->exc != NULL)
static void
exc_fetch(exc_state *s)
{
	s->exc = PyErr_GetRaisedException();
}
static void
exc_restore(exc_state *s)
{
	PyErr_SetRaisedException(s->exc);
	s->exc = NULL;
}
#else
typedef struct {
	PyObject *type, *value, *tb;
} exc_state;
#define EXC_SET(s) ((s)->type != NULL)
static void
exc_fetch(exc_state *s)
{
	PyErr_Fetch(&s->type, &s->value, &s->tb);
}
static void
exc_restore(exc_state *s)
{
	PyErr_Restore(s->type, s->value, s->tb);
	s->type = s->value = s->tb = NULL;
}
#endif

static _Thread_local exc_state pending;

/* Move the current Python exception into this thread's pending slot; a
 * second one while the first is still pending goes to sys.unraisablehook. */
static void
stash_exception(PyObject *callable)
{
	if (EXC_SET(&pending)) {
		PyErr_WriteUnraisable(callable);
		return;
	}
	exc_fetch(&pending);
}

void
ssc_py_stash_exception(PyObject *callable)
{
	stash_exception(callable);
}

int
ssc_py_take_pending(void)
{
	if (!EXC_SET(&pending))
		return 0;
	exc_restore(&pending);
	return 1;
}

/* ---- Context trampolines ------------------------------------------------ */

static int64_t
system_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
log_trampoline(int level, const char *message, void *payload)
{
	ssc_py_ctx_data *d = payload;
	PyObject *msg, *r;
	PyGILState_STATE gil;
	exc_state outer;
	saved_error s;

	if (!Py_IsInitialized())
		return;
	gil = PyGILState_Ensure();
	save_error(&s);
	exc_fetch(&outer);
	msg = ssc_py_text_new(message, strlen(message));
	r = msg ? PyObject_CallFunction(d->log, "iO", level, msg) : NULL;
	Py_XDECREF(msg);
	if (r)
		Py_DECREF(r);
	else
		stash_exception(d->log);
	exc_restore(&outer);
	restore_error(&s);
	PyGILState_Release(gil);
}

/* Milliseconds from a clock callback's result, or -1 with an exception. */
static int
clock_value(PyObject *r, int64_t *ms)
{
	PyObject *off, *ts;
	double secs;

	if (PyLong_Check(r) && !PyBool_Check(r)) {
		long long v = PyLong_AsLongLong(r);
		if (v == -1 && PyErr_Occurred())
			return -1;
		*ms = v;
		return 0;
	}
	if (!PyObject_HasAttrString(r, "utcoffset") ||
	    !PyObject_HasAttrString(r, "timestamp")) {
		PyErr_Format(PyExc_TypeError,
			     "clock must return int milliseconds or an aware "
			     "datetime, not %.200s", Py_TYPE(r)->tp_name);
		return -1;
	}
	off = PyObject_CallMethod(r, "utcoffset", NULL);
	if (!off)
		return -1;
	if (off == Py_None) {
		Py_DECREF(off);
		PyErr_SetString(PyExc_ValueError,
				"clock returned a naive datetime; attach a "
				"timezone");
		return -1;
	}
	Py_DECREF(off);
	ts = PyObject_CallMethod(r, "timestamp", NULL);
	if (!ts)
		return -1;
	secs = PyFloat_AsDouble(ts);
	Py_DECREF(ts);
	if (secs == -1.0 && PyErr_Occurred())
		return -1;
	*ms = (int64_t)llround(secs * 1000.0);
	return 0;
}

static int64_t
clock_trampoline(void *payload)
{
	ssc_py_ctx_data *d = payload;
	PyGILState_STATE gil;
	exc_state outer;
	saved_error s;
	int64_t ms = 0;
	PyObject *r;

	if (!Py_IsInitialized())
		return system_now_ms();
	gil = PyGILState_Ensure();
	save_error(&s);
	exc_fetch(&outer);
	r = PyObject_CallNoArgs(d->clock);
	if (!r || clock_value(r, &ms) < 0) {
		stash_exception(d->clock);
		ms = system_now_ms();
	}
	Py_XDECREF(r);
	exc_restore(&outer);
	restore_error(&s);
	PyGILState_Release(gil);
	return ms;
}

static void
ctx_data_release(ssc_py_ctx_data *d)
{
	if (Py_IsInitialized()) {
		PyGILState_STATE gil = PyGILState_Ensure();
		Py_CLEAR(d->log);
		Py_CLEAR(d->clock);
		PyGILState_Release(gil);
	}
	free(d);
}

/*
 * The context's allocator.  ssc_ctx_free() releases the context's own
 * memory last, through this function: that is the moment the callbacks
 * can no longer be called, so their payload goes with it.
 */
static void *
alloc_trampoline(void *ptr, size_t size, void *payload)
{
	ssc_py_ctx_data *d = payload;

	if (size)
		return realloc(ptr, size);
	free(ptr);
	if (ptr && ptr == (void *)d->ctx)
		ctx_data_release(d);
	return NULL;
}

ssc_ctx *
ssc_py_ctx_new(const char *region, PyObject *log, int log_level,
	       PyObject *clock)
{
	ssc_ctx_options o;
	ssc_py_ctx_data *d;
	ssc_ctx *ctx = NULL;
	ssc_status rc;

	if (log == Py_None)
		log = NULL;
	if (clock == Py_None)
		clock = NULL;
	if (log && !PyCallable_Check(log)) {
		PyErr_SetString(PyExc_TypeError, "log must be callable");
		return NULL;
	}
	if (clock && !PyCallable_Check(clock)) {
		PyErr_SetString(PyExc_TypeError, "clock must be callable");
		return NULL;
	}
	if ((rc = ssc_ctx_options_init(&o, SSC_CTX_OPTIONS_VERSION)) < 0) {
		ssc_py_raise(rc);
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		PyErr_NoMemory();
		return NULL;
	}
	Py_XINCREF(log);
	Py_XINCREF(clock);
	d->log = log;
	d->clock = clock;
	o.region = region;
	o.log = log ? log_trampoline : NULL;
	o.log_payload = d;
	o.log_level = log_level;
	o.clock = clock ? clock_trampoline : NULL;
	o.clock_payload = d;
	o.alloc = alloc_trampoline;
	o.alloc_payload = d;
	rc = ssc_ctx_new(&ctx, &o);
	if (rc < 0) {
		ssc_py_raise(rc);
		Py_XDECREF(log);
		Py_XDECREF(clock);
		free(d);
		return NULL;
	}
	d->ctx = ctx;
	return ctx;
}

/* ---- argument converters ----------------------------------------------- */

static int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
bytes_from_hex(ssc_py_bytes *out, PyObject *obj)
{
	Py_ssize_t n, i;
	const char *s = PyUnicode_AsUTF8AndSize(obj, &n);
	size_t len = 0;
	int hi = -1;

	if (!s)
		return -1;
	out->owned = PyMem_Malloc((size_t)n / 2 + 1);
	if (!out->owned) {
		PyErr_NoMemory();
		return -1;
	}
	for (i = 0; i < n; i++) {
		int v, c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		v = hex_digit(c);
		if (v < 0) {
			PyErr_Format(PyExc_ValueError,
				     "invalid hex digit at position %zd", i);
			return -1;
		}
		if (hi < 0) {
			hi = v;
		} else {
			out->owned[len++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0) {
		PyErr_SetString(PyExc_ValueError,
				"hex text has an odd number of digits");
		return -1;
	}
	out->data = out->owned;
	out->len = len;
	return 0;
}

static int
bytes_from_ints(ssc_py_bytes *out, PyObject *obj)
{
	PyObject *seq = PySequence_Fast(obj, "expected a sequence of ints");
	Py_ssize_t n, i;

	if (!seq)
		return -1;
	n = PySequence_Fast_GET_SIZE(seq);
	out->owned = PyMem_Malloc((size_t)n + 1);
	if (!out->owned) {
		Py_DECREF(seq);
		PyErr_NoMemory();
		return -1;
	}
	for (i = 0; i < n; i++) {
		PyObject *it = PySequence_Fast_GET_ITEM(seq, i);
		long v;
		if (!PyLong_Check(it) || PyBool_Check(it)) {
			PyErr_Format(PyExc_TypeError,
				     "byte %zd: expected int, got %.200s", i,
				     Py_TYPE(it)->tp_name);
			Py_DECREF(seq);
			return -1;
		}
		v = PyLong_AsLong(it);
		if ((v == -1 && PyErr_Occurred()) || v < 0 || v > 255) {
			PyErr_Clear();
			PyErr_Format(PyExc_ValueError,
				     "byte %zd: value out of range 0..255", i);
			Py_DECREF(seq);
			return -1;
		}
		out->owned[i] = (uint8_t)v;
	}
	Py_DECREF(seq);
	out->data = out->owned;
	out->len = (size_t)n;
	return 0;
}

int
ssc_py_bytes_get(ssc_py_bytes *out, PyObject *obj)
{
	memset(out, 0, sizeof(*out));
	if (PyUnicode_Check(obj))
		return bytes_from_hex(out, obj);
	if (PyObject_CheckBuffer(obj)) {
		if (PyObject_GetBuffer(obj, &out->view, PyBUF_SIMPLE) < 0)
			return -1;
		out->has_view = 1;
		out->data = out->view.buf;
		out->len = (size_t)out->view.len;
		return 0;
	}
	if (PyList_Check(obj) || PyTuple_Check(obj))
		return bytes_from_ints(out, obj);
	PyErr_Format(PyExc_TypeError,
		     "expected bytes, bytearray, hex str or a list of ints, "
		     "got %.200s", Py_TYPE(obj)->tp_name);
	return -1;
}

void
ssc_py_bytes_release(ssc_py_bytes *b)
{
	if (b->has_view)
		PyBuffer_Release(&b->view);
	b->has_view = 0;
	PyMem_Free(b->owned);
	b->owned = NULL;
	b->data = NULL;
	b->len = 0;
}

int
ssc_py_text_get(const char **out, PyObject *obj, int allow_none)
{
	Py_ssize_t n;
	const char *s;

	*out = NULL;
	if (obj == Py_None && allow_none)
		return 0;
	if (!PyUnicode_Check(obj)) {
		PyErr_Format(PyExc_TypeError, "expected str, got %.200s",
			     Py_TYPE(obj)->tp_name);
		return -1;
	}
	s = PyUnicode_AsUTF8AndSize(obj, &n);
	if (!s)
		return -1;
	if (strlen(s) != (size_t)n) {
		PyErr_SetString(PyExc_ValueError, "embedded null character");
		return -1;
	}
	*out = s;
	return 0;
}

PyObject *
ssc_py_text_new(const char *s, size_t len)
{
	return PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, "replace");
}

PyObject *
ssc_py_raise_attr(int code, const char *name, PyObject *value)
{
	PyObject *type, *exc, *tb;

	ssc_py_raise(code);
	if (!name || !value)
		return NULL;
	PyErr_Fetch(&type, &exc, &tb);
	PyErr_NormalizeException(&type, &exc, &tb);
	if (exc && PyObject_SetAttrString(exc, name, value) < 0)
		PyErr_Clear();
	PyErr_Restore(type, exc, tb);
	return NULL;
}
