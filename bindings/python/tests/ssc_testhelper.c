/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test-only extension for the python suite.  No public function logs yet,
 * so the log-callback tests drive the library's internal ssc__log() — the
 * path every area's log lines take — on a Context made by the socialcard
 * extension: with the GIL released, and from a thread Python never saw.
 * Linked to the internal static library; never installed.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <pthread.h>
#include <stdint.h>

#include <socialcard/sys/errors.h>

#include "internal.h"

PyMODINIT_FUNC PyInit__ssc_testhelper(void);

static ssc_ctx *
ctx_from(unsigned long long addr)
{
	ssc_ctx *ctx = (ssc_ctx *)(uintptr_t)addr;
	if (!ctx)
		PyErr_SetString(PyExc_ValueError, "NULL context");
	return ctx;
}

/* emit_log(ctx_address, level, message, release_gil=True) */
static PyObject *
emit_log(PyObject *self, PyObject *args)
{
	unsigned long long addr;
	int level, release = 1;
	const char *msg;
	ssc_ctx *ctx;

	(void)self;
	if (!PyArg_ParseTuple(args, "Kis|p", &addr, &level, &msg, &release))
		return NULL;
	if (!(ctx = ctx_from(addr)))
		return NULL;
	if (release) {
		Py_BEGIN_ALLOW_THREADS
		ssc__log(ctx, level, "%s", msg);
		Py_END_ALLOW_THREADS
	} else {
		ssc__log(ctx, level, "%s", msg);
	}
	Py_RETURN_NONE;
}

struct thread_job {
	ssc_ctx *ctx;
	int count;
};

static void *
log_thread(void *arg)
{
	struct thread_job *job = arg;
	for (int i = 0; i < job->count; i++)
		ssc__log(job->ctx, SSC_LOG_INFO, "from C thread %d", i);
	return NULL;
}

/* log_from_c_thread(ctx_address, count): log from a new pthread. */
static PyObject *
log_from_c_thread(PyObject *self, PyObject *args)
{
	unsigned long long addr;
	struct thread_job job;
	pthread_t t;
	int rc;

	(void)self;
	if (!PyArg_ParseTuple(args, "Ki", &addr, &job.count))
		return NULL;
	if (!(job.ctx = ctx_from(addr)))
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	rc = pthread_create(&t, NULL, log_thread, &job);
	if (rc == 0)
		pthread_join(t, NULL);
	Py_END_ALLOW_THREADS
	if (rc != 0) {
		errno = rc;
		return PyErr_SetFromErrno(PyExc_OSError);
	}
	Py_RETURN_NONE;
}

/*
 * log_keeps_error(ctx_address): record an error, log once, and return the
 * record afterwards as (code, message): the trampoline must leave the
 * record as it found it, whatever the Python callback did.
 */
static PyObject *
log_keeps_error(PyObject *self, PyObject *args)
{
	unsigned long long addr;
	const ssc_error *e;
	ssc_ctx *ctx;

	(void)self;
	if (!PyArg_ParseTuple(args, "K", &addr))
		return NULL;
	if (!(ctx = ctx_from(addr)))
		return NULL;
	ssc_error_set_str(SSC_ENOTFOUND, SSC_ERROR_CLASS_STORE, "kept");
	Py_BEGIN_ALLOW_THREADS
	ssc__log(ctx, SSC_LOG_ERROR, "while an error is recorded");
	Py_END_ALLOW_THREADS
	e = ssc_error_last();
	return Py_BuildValue("(iis)", e->code, e->klass, e->message);
}

/* ctx_now(ctx_address): ssc_ctx_now() called outside any wrapper, so the
 * value the C side got is visible even when the clock callback failed. */
static PyObject *
ctx_now(PyObject *self, PyObject *args)
{
	unsigned long long addr;
	long long ms;
	ssc_ctx *ctx;

	(void)self;
	if (!PyArg_ParseTuple(args, "K", &addr))
		return NULL;
	if (!(ctx = ctx_from(addr)))
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	ms = (long long)ssc_ctx_now(ctx);
	Py_END_ALLOW_THREADS
	return PyLong_FromLongLong(ms);
}

/* ctx_ref(addr) / ctx_unref(addr): hold a C reference the way an object
 * made in the context does (public ssc_ctx_ref() / ssc_ctx_free()). */
static PyObject *
ctx_ref(PyObject *self, PyObject *args)
{
	unsigned long long addr;
	ssc_ctx *ctx;

	(void)self;
	if (!PyArg_ParseTuple(args, "K", &addr))
		return NULL;
	if (!(ctx = ctx_from(addr)))
		return NULL;
	ssc_ctx_ref(ctx);
	Py_RETURN_NONE;
}

static PyObject *
ctx_unref(PyObject *self, PyObject *args)
{
	unsigned long long addr;
	ssc_ctx *ctx;

	(void)self;
	if (!PyArg_ParseTuple(args, "K", &addr))
		return NULL;
	if (!(ctx = ctx_from(addr)))
		return NULL;
	ssc_ctx_free(ctx);
	Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
	{ "ctx_ref", ctx_ref, METH_VARARGS, NULL },
	{ "ctx_unref", ctx_unref, METH_VARARGS, NULL },
	{ "ctx_now", ctx_now, METH_VARARGS, NULL },
	{ "emit_log", emit_log, METH_VARARGS, NULL },
	{ "log_from_c_thread", log_from_c_thread, METH_VARARGS, NULL },
	{ "log_keeps_error", log_keeps_error, METH_VARARGS, NULL },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = {
	PyModuleDef_HEAD_INIT, "_ssc_testhelper",
	"Test-only hooks into libsocialcard's internals.", -1, methods,
	NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__ssc_testhelper(void)
{
	return PyModule_Create(&module);
}
