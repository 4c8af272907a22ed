/* SPDX-License-Identifier: Apache-2.0 */
/*
 * errors.h and sys/errors.h: the error-code, error-class and native-kind
 * constants, the code → name/text look-ups, and the backend authors'
 * error setters.  The code → exception-class table itself is in one place,
 * socialcard/errors.py; ssc_py_raise() (src/ssc_python.c) builds the
 * exception from the per-thread record through it.
 */

/* The record is read by the ssc_status typemap; Python never sees it. */
%ignore ssc_error;
%ignore ssc_error_last;
%ignore ssc_error_clear;

%nothread ssc_strerror;
%nothread ssc_error_name;
%nothread ssc_error_class_name;

%include "socialcard/errors.h"

/*
 * The setters return the code they record, so through the ssc_status
 * typemap each call raises the matching exception with the record's
 * message, status word or native code: backends in C use them, and the
 * tests use them to drive the raising path end to end.
 */
%nothread ssc_error_set_str;
%nothread ssc_error_set_native;
%nothread ssc_error_set_sw;
%nothread ssc_error_set_oom;
%include "socialcard/sys/errors.h"

/*
 * Re-raise an exception that a Python callback raised while C code that
 * was not called through a wrapper (e.g. a test helper) ran on this
 * thread.  The check itself is the global %exception of common.i.
 */
%nothread ssc_py_flush_callbacks;
%rename(raise_pending_callback_error) ssc_py_flush_callbacks;
%inline %{
static void
ssc_py_flush_callbacks(void)
{
}
%}
