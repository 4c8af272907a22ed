/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tlv.h: BER-TLV.  _tlv_next(data, offset) returns one object as
 * (tag, constructed, value, offset, size, next_offset), None at the end;
 * socialcard/tlv.py builds the tree (parse) and encodes (build) with
 * tlv_append(tag, value) → bytes.
 */
%ignore ssc_tlv;
%ignore ssc_tlv_init;
%ignore ssc_tlv_next;
%ignore ssc_tlv_find;
%ignore ssc_dol_next;
%ignore SSC_TLV_VERSION;
%ignore SSC_TLV_INIT;
%apply ssc_buf *BYTES_OUT { ssc_buf *buf };
%nothread ssc_tlv_validate;
%nothread ssc_tlv_append;
%nothread ssc_dol_fill;
%include "socialcard/tlv.h"
%clear ssc_buf *buf;

%{
static PyObject *
ssc_py_tlv_next(const uint8_t *data, size_t len, size_t offset)
{
	ssc_tlv t = SSC_TLV_INIT;
	size_t off = offset;
	ssc_status rc;

	rc = ssc_tlv_next(&t, data, len, &off);
	if (rc == SSC_ENOTFOUND) {
		ssc_error_clear();
		Py_RETURN_NONE;
	}
	if (rc < 0)
		return ssc_py_raise(rc);
	return Py_BuildValue("(kNy#nnn)", (unsigned long)t.tag,
			     PyBool_FromLong(t.constructed),
			     t.value ? (const char *)t.value : "",
			     (Py_ssize_t)(t.value ? t.len : 0),
			     (Py_ssize_t)t.offset, (Py_ssize_t)t.size,
			     (Py_ssize_t)off);
}
%}
%nothread ssc_py_tlv_next;
%rename(_tlv_next) ssc_py_tlv_next;
PyObject *ssc_py_tlv_next(const uint8_t *data, size_t len, size_t offset);
