/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A reader backend whose card is reached through a Python object: any
 * object with pyscard's connection interface, `transmit(list[int]) ->
 * (data: list[int], sw1, sw2)` and optionally `getATR() -> list[int]`.
 * socialcard.compat.pyscard wraps a pyscard CardConnection in it, so the
 * library's exchange layer, card reading and PIN operations run over
 * pyscard.  The library calls the backend with the GIL released; each
 * method takes the GIL for its Python calls.  An exception raised by the
 * Python object becomes SSC_EREADER for the library and is re-raised by
 * the wrapped call once it returns (the callback rule of ssc_python.h).
 */
#include <string.h>

#include <socialcard/sys/errors.h>
#include <socialcard/sys/reader_backend.h>

#include "ssc_python.h"

#define PYREADER_NAME_MAX 256

typedef struct pyreader {
	ssc_reader_backend be;     /* first: the library's view */
	PyObject *conn;            /* the Python connection (strong ref) */
	int protocol;              /* ssc_reader_protocol */
	char name[PYREADER_NAME_MAX];
	ssc_reader_backend_conn bconn;
	int connected;
} pyreader;

static pyreader *
from_be(ssc_reader_backend *be)
{
	return (pyreader *)be;
}

static pyreader *
from_conn(ssc_reader_backend_conn *c)
{
	return from_be(c->backend);
}

static ssc_status
pr_list(ssc_reader_backend *be, ssc_buf *out)
{
	pyreader *p = from_be(be);

	return ssc_buf_set(out, p->name, strlen(p->name) + 1);
}

static ssc_status
pr_connect(ssc_reader_backend_conn **out, ssc_reader_backend *be,
	   const char *reader, int mode)
{
	pyreader *p = from_be(be);

	if (reader && strcmp(reader, p->name) != 0)
		return ssc_error_set_str(SSC_ENOREADER, SSC_ERROR_CLASS_READER,
					 "no such reader behind the Python "
					 "connection");
	if (mode == SSC_READER_MODE_CONTACTLESS)
		return ssc_error_set_str(SSC_ENOTSUPPORTED,
					 SSC_ERROR_CLASS_READER,
					 "the Python connection is a contact "
					 "card");
	if (p->connected)
		return ssc_error_set_str(SSC_ESHARING, SSC_ERROR_CLASS_READER,
					 "the Python connection is in use");
	memset(&p->bconn, 0, sizeof(p->bconn));
	p->bconn.version = SSC_READER_BACKEND_CONN_VERSION;
	p->bconn.backend = be;
	p->bconn.protocol = p->protocol;
	p->bconn.iface = SSC_INTERFACE_CONTACT;
	p->bconn.reader_name = p->name;
	p->connected = 1;
	*out = &p->bconn;
	return SSC_OK;
}

/* Copy a sequence of ints 0..255 into buf (capacity *len in, length out).
 * -1 with a Python exception set. */
static int
copy_ints(PyObject *seq, uint8_t *buf, size_t *len)
{
	PyObject *fast = PySequence_Fast(seq, "expected a sequence of ints");
	Py_ssize_t i, n;

	if (!fast)
		return -1;
	n = PySequence_Fast_GET_SIZE(fast);
	if ((size_t)n > *len) {
		Py_DECREF(fast);
		PyErr_SetString(PyExc_ValueError, "response too long");
		return -1;
	}
	for (i = 0; i < n; i++) {
		long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(fast, i));
		if (v == -1 && PyErr_Occurred()) {
			Py_DECREF(fast);
			return -1;
		}
		if (v < 0 || v > 255) {
			Py_DECREF(fast);
			PyErr_SetString(PyExc_ValueError,
					"a byte must be in 0..255");
			return -1;
		}
		buf[i] = (uint8_t)v;
	}
	*len = (size_t)n;
	Py_DECREF(fast);
	return 0;
}

static PyObject *
ints_new(const uint8_t *p, size_t n)
{
	PyObject *list = PyList_New((Py_ssize_t)n);
	size_t i;

	if (!list)
		return NULL;
	for (i = 0; i < n; i++)
		PyList_SET_ITEM(list, (Py_ssize_t)i, PyLong_FromLong(p[i]));
	return list;
}

static ssc_status
python_failed(PyObject *callable)
{
	ssc_py_stash_exception(callable);
	return ssc_error_set_str(SSC_EREADER, SSC_ERROR_CLASS_READER,
				 "the Python connection raised an exception");
}

static ssc_status
pr_transmit(ssc_reader_backend_conn *c, const uint8_t *cmd, size_t cmd_len,
	    uint8_t *resp, size_t *resp_len)
{
	pyreader *p = from_conn(c);
	PyGILState_STATE g = PyGILState_Ensure();
	PyObject *args = NULL, *ret = NULL, *data, *fn = NULL;
	int sw1, sw2;
	size_t cap;
	ssc_status rc = SSC_OK;

	if (*resp_len < 2) {
		rc = ssc_error_set_str(SSC_EBUFS, SSC_ERROR_CLASS_INVALID,
				       "response buffer too small");
		goto out;
	}
	if (!(fn = PyObject_GetAttrString(p->conn, "transmit")) ||
	    !(args = ints_new(cmd, cmd_len)) ||
	    !(ret = PyObject_CallOneArg(fn, args))) {
		rc = python_failed(fn ? fn : p->conn);
		goto out;
	}
	if (!PyTuple_Check(ret)) {
		PyErr_SetString(PyExc_TypeError,
				"transmit() must return (data, sw1, sw2)");
		rc = python_failed(fn);
		goto out;
	}
	if (!PyArg_ParseTuple(ret, "Oii;transmit() must return (data, sw1, "
			      "sw2)", &data, &sw1, &sw2)) {
		rc = python_failed(fn);
		goto out;
	}
	if (sw1 < 0 || sw1 > 255 || sw2 < 0 || sw2 > 255) {
		PyErr_SetString(PyExc_ValueError, "SW1/SW2 must be in 0..255");
		rc = python_failed(fn);
		goto out;
	}
	cap = *resp_len - 2;
	if (copy_ints(data, resp, &cap) < 0) {
		rc = python_failed(fn);
		goto out;
	}
	resp[cap] = (uint8_t)sw1;
	resp[cap + 1] = (uint8_t)sw2;
	*resp_len = cap + 2;
out:
	Py_XDECREF(fn);
	Py_XDECREF(args);
	Py_XDECREF(ret);
	PyGILState_Release(g);
	return rc;
}

static ssc_status
pr_atr(ssc_reader_backend_conn *c, uint8_t *atr, size_t *atr_len)
{
	pyreader *p = from_conn(c);
	PyGILState_STATE g = PyGILState_Ensure();
	PyObject *ret = NULL;
	ssc_status rc = SSC_OK;

	if (!PyObject_HasAttrString(p->conn, "getATR")) {
		rc = ssc_error_set_str(SSC_ENOTSUPPORTED,
				       SSC_ERROR_CLASS_READER,
				       "the Python connection has no getATR()");
		goto out;
	}
	if (!(ret = PyObject_CallMethod(p->conn, "getATR", NULL)) ||
	    copy_ints(ret, atr, atr_len) < 0)
		rc = python_failed(p->conn);
out:
	Py_XDECREF(ret);
	PyGILState_Release(g);
	return rc;
}

static ssc_status
pr_disconnect(ssc_reader_backend_conn *c, int how)
{
	(void)how;
	from_conn(c)->connected = 0;
	return SSC_OK;
}

static void
pr_free(ssc_reader_backend *be)
{
	pyreader *p = from_be(be);
	PyGILState_STATE g;

	if (!p)
		return;
	if (Py_IsInitialized()) {
		g = PyGILState_Ensure();
		Py_XDECREF(p->conn);
		PyGILState_Release(g);
	}
	PyMem_RawFree(p);
}

ssc_reader *
ssc_py_reader_new_python(ssc_ctx *ctx, PyObject *conn, const char *name,
			 int protocol)
{
	ssc_reader *r = NULL;
	pyreader *p;
	ssc_status rc;

	if (!ctx) {
		PyErr_SetString(PyExc_ValueError, "the Context is closed");
		return NULL;
	}
	if (!PyObject_HasAttrString(conn, "transmit")) {
		PyErr_SetString(PyExc_TypeError,
				"the connection needs a transmit() method");
		return NULL;
	}
	if (!name || !*name || strlen(name) >= PYREADER_NAME_MAX) {
		PyErr_SetString(PyExc_ValueError,
				"the reader name must be 1 to 255 bytes");
		return NULL;
	}
	if (!(p = PyMem_RawCalloc(1, sizeof(*p)))) {
		PyErr_NoMemory();
		return NULL;
	}
	if ((rc = ssc_reader_backend_init(&p->be, SSC_READER_BACKEND_VERSION))
	    < 0) {
		PyMem_RawFree(p);
		ssc_py_raise(rc);
		return NULL;
	}
	p->be.name = "python";
	p->be.list_readers = pr_list;
	p->be.connect = pr_connect;
	p->be.transmit = pr_transmit;
	p->be.disconnect = pr_disconnect;
	p->be.free = pr_free;
	p->be.atr = pr_atr;
	p->protocol = protocol;
	memcpy(p->name, name, strlen(name) + 1);
	Py_INCREF(conn);
	p->conn = conn;
	if ((rc = ssc_reader_new(&r, ctx, &p->be)) < 0) {
		Py_DECREF(conn);
		PyMem_RawFree(p);
		ssc_py_raise(rc);
		return NULL;
	}
	return r;
}
