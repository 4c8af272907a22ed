/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hand-written C support for the SWIG Python extension: raising the
 * exception that matches an ssc_status, the Python-callable log and clock
 * trampolines of a Context, the bytes-like argument converter and the
 * per-thread "a callback raised" slot.  Compiled with the library's strict
 * warnings, apart from the SWIG-generated wrapper.
 */
#ifndef SSC_PYTHON_H
#define SSC_PYTHON_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <socialcard/socialcard.h>

/*
 * Raise the socialcard exception for @p code, built from the calling
 * thread's error record (read now, before anything else touches it).  When
 * the record describes another code, only @p code and its static text are
 * used.  Needs the GIL.  Always returns NULL.
 */
PyObject *ssc_py_raise(int code);

/*
 * A Python exception raised inside a log or clock callback cannot cross the
 * C library; the trampoline stores it here (per thread) and the wrapper of
 * the library call re-raises it when that call returns.  Returns 1 and sets
 * the Python error indicator when an exception was pending, else 0.  Needs
 * the GIL.
 */
int ssc_py_take_pending(void);

/*
 * Move the current Python exception into this thread's pending slot (for
 * ssc_py_take_pending()); @p callable names the culprit when a second
 * exception has to go to sys.unraisablehook.  Needs the GIL.
 */
void ssc_py_stash_exception(PyObject *callable);

/*
 * A reader whose one card is reached through the Python object @p conn
 * (pyscard's connection interface: transmit(list) -> (data, sw1, sw2),
 * optionally getATR()); ssc_pyreader.c.  @p name is its reader name,
 * @p protocol an ssc_reader_protocol.  A new reference to @p conn is kept
 * until the reader is freed.  On failure raises and returns NULL.  Needs
 * the GIL.
 */
ssc_reader *ssc_py_reader_new_python(ssc_ctx *ctx, PyObject *conn,
				     const char *name, int protocol);

/*
 * As ssc_py_raise(), then set attribute @p name of the exception to
 * @p value (borrowed), e.g. the reason of a BadIdNumber.  Always returns
 * NULL.
 */
PyObject *ssc_py_raise_attr(int code, const char *name, PyObject *value);

/*
 * Callbacks of one Context.  Owned by the context itself: it is released by
 * the context's allocator when the library frees the context's own memory,
 * so the Python callables live exactly as long as the C context does, even
 * when C objects made in it outlive the Python proxy.
 */
typedef struct ssc_py_ctx_data {
	ssc_ctx *ctx;       /* set once ssc_ctx_new() succeeded */
	PyObject *log;      /* callable(level, message) or NULL */
	PyObject *clock;    /* callable() -> int ms | aware datetime, or NULL */
} ssc_py_ctx_data;

/*
 * Create a context from Python-level options.  @p log and @p clock may be
 * NULL or Py_None.  Needs the GIL.  On failure raises and returns NULL.
 */
ssc_ctx *ssc_py_ctx_new(const char *region, PyObject *log, int log_level,
			PyObject *clock);

/*
 * Bytes-like input: bytes, bytearray, memoryview (any C-contiguous buffer),
 * hex text ("3B 65 00", whitespace ignored) or a sequence of ints 0..255.
 * Fills @p view (release with ssc_py_bytes_release()).  Returns 0, or -1
 * with TypeError/ValueError set.  Needs the GIL.
 */
typedef struct ssc_py_bytes {
	const uint8_t *data;
	size_t len;
	Py_buffer view;     /* valid when has_view */
	int has_view;
	uint8_t *owned;     /* PyMem buffer for hex text and int sequences */
} ssc_py_bytes;

int ssc_py_bytes_get(ssc_py_bytes *out, PyObject *obj);
void ssc_py_bytes_release(ssc_py_bytes *b);

/*
 * UTF-8 text input: str only (None when @p allow_none, giving NULL).
 * Rejects embedded NUL characters with ValueError.  The pointer is owned by
 * @p obj.  Returns 0 or -1 with an exception set.
 */
int ssc_py_text_get(const char **out, PyObject *obj, int allow_none);

/* New reference to a str decoded from UTF-8 (invalid bytes replaced). */
PyObject *ssc_py_text_new(const char *s, size_t len);

#endif /* SSC_PYTHON_H */
