/* SPDX-License-Identifier: Apache-2.0 */
/*
 * idnumber.h: citizen ID numbers (GB 11643).  The info struct never
 * reaches Python: _idnumber_check(ctx, text, today) returns
 * (number, region, birth_date, sex, legacy) or raises BadIdNumber with
 * the exception's `reason` set to the ssc_id_reason, from which
 * socialcard.check_id() builds an IdInfo.
 */
%ignore ssc_idnumber_info;
%ignore ssc_idnumber_info_init;
%ignore ssc_idnumber_parse;
%ignore ssc_idnumber_parse_at;
%nothread ssc_idnumber_check_char;
%nothread ssc_id_reason_name;
%nothread ssc_sex_name;

/* check_char: 17 digits → the check character as a one-character str. */
%typemap(out) char ssc_idnumber_check_char {
	if (!$1) {
		PyErr_SetString(PyExc_ValueError, "expected 17 digits");
		SWIG_fail;
	}
	$result = PyUnicode_FromStringAndSize(&$1, 1);
}
%include "socialcard/idnumber.h"

%{
static PyObject *
ssc_py_idnumber_check(const ssc_ctx *ctx, const char *text, uint32_t today)
{
	ssc_idnumber_info info = SSC_IDNUMBER_INFO_INIT;
	ssc_status rc;

	if (!text) {
		PyErr_SetString(PyExc_TypeError, "expected str");
		return NULL;
	}
	if (ctx)
		rc = ssc_idnumber_parse(&info, ctx, text);
	else
		rc = ssc_idnumber_parse_at(&info, text, today);
	if (ssc_py_take_pending())
		return NULL;
	if (rc < 0) {
		PyObject *reason = PyLong_FromLong(info.reason);
		ssc_py_raise_attr(rc, "reason", reason);
		Py_XDECREF(reason);
		return NULL;
	}
	return Py_BuildValue("(ssIii)", info.number, info.region,
			     (unsigned int)info.birth_date, info.sex,
			     info.legacy);
}
%}
%nothread ssc_py_idnumber_check;
%rename(_idnumber_check) ssc_py_idnumber_check;
%typemap(check) const ssc_ctx *ctx "";
PyObject *ssc_py_idnumber_check(const ssc_ctx *ctx, const char *text,
				uint32_t today);
%apply const ssc_ctx *CTX_OPEN { const ssc_ctx *ctx };
