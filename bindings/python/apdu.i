/* SPDX-License-Identifier: Apache-2.0 */
/*
 * apdu.h: Apdu (a command) and Response (data + SW1 SW2).
 *
 *   Apdu(0x00, 0xA4, 0x04, 0x00, data=b"...", le=256)
 *   Apdu("00A4040000")  /  Apdu(b"...")  /  Apdu([0x00, 0xB0, 0x81, 0, 0])
 *   bytes(apdu), apdu.case, apdu.check()
 *   Response(b"\x90\x00").sw, .sw1, .sw2, .data, .ok, .check()
 */
%ignore ssc_apdu_new;
%ignore ssc_apdu_free;
%ignore ssc_apdu_data;
%ignore ssc_apdu_response_parse;
%ignore ssc_apdu_response_free;
%ignore ssc_apdu_response_data;
/* The allocation-free C paths (caller buffers, borrowed views) have no use
 * in Python, where bytes(Apdu(...)) and Response(...) already copy. */
%ignore ssc_apdu_encode_into;
%ignore ssc_apdu_encode_command;
%ignore ssc_apdu_response_view;
%ignore ssc_apdu_view_init;
%ignore ssc_apdu_view;
%ignore SSC_APDU_VIEW_VERSION;
%nothread ssc_sw_is_success;
%nothread ssc_sw_error_code;
%nothread ssc_sw_text;
%nothread ssc_sw_tries_left;
%include "socialcard/apdu.h"

%{
static PyObject *
ssc_py_apdu_data(const ssc_apdu *apdu)
{
	size_t n = 0;
	const uint8_t *p;

	if (!apdu) {
		PyErr_SetString(PyExc_ValueError, "no command");
		return NULL;
	}
	p = ssc_apdu_data(apdu, &n);
	return PyBytes_FromStringAndSize(p ? (const char *)p : "",
					 (Py_ssize_t)(p ? n : 0));
}

static PyObject *
ssc_py_response_data(const ssc_apdu_response *r)
{
	size_t n = 0;
	const uint8_t *p;

	if (!r) {
		PyErr_SetString(PyExc_ValueError, "no response");
		return NULL;
	}
	p = ssc_apdu_response_data(r, &n);
	return PyBytes_FromStringAndSize(p ? (const char *)p : "",
					 (Py_ssize_t)(p ? n : 0));
}
%}
%nothread ssc_py_apdu_data;
%nothread ssc_py_response_data;
%rename(_apdu_data) ssc_py_apdu_data;
%rename(_response_data) ssc_py_response_data;
PyObject *ssc_py_apdu_data(const ssc_apdu *apdu);
PyObject *ssc_py_response_data(const ssc_apdu_response *r);

/* Apdu and Response work without a Context (ctx=None). */
%typemap(check) ssc_ctx *ctx "";

/* ---- Apdu --------------------------------------------------------------- */

%rename(Apdu) ssc_apdu;
%nodefaultctor ssc_apdu;
struct ssc_apdu {};
%nothread ssc_apdu::ssc_apdu;
%exception ssc_apdu::~ssc_apdu {
	$action
}
%exception ssc_apdu::ssc_apdu {
	$action
	if (!result)
		SWIG_fail;
}
%feature("shadow") ssc_apdu::ssc_apdu %{
def __init__(self, cla, ins=None, p1=0, p2=0, data=None, le=0, *,
             extended=None, sensitive=False, personal=False, ctx=None):
    """A command APDU: ``Apdu(cla, ins, p1, p2, data=..., le=...)``, or
    the whole command as bytes, hex text or a list of ints.

    le: 0 = no Le; 1..256 short (256 is sent as 00), up to 65536 extended.
    extended: force (True) or forbid (False) the extended form; None =
    as needed.  sensitive / personal: the command carries a PIN or key /
    personal data, so traces and logs mask it.  Raises InvalidArgument for
    values that do not fit."""
    if ins is None:
        cla, ins, p1, p2, data, le, ext = _apdu_split(cla)
        if extended is None:
            extended = ext
    flags = 0
    if extended or (extended is None and (
            (data is not None and len(_bytes(data)) > 255) or le > 256)):
        flags |= APDU_FLAG_EXTENDED
    if sensitive:
        flags |= APDU_FLAG_SENSITIVE
    if personal:
        flags |= APDU_FLAG_PERSONAL
    _socialcard.Apdu_swiginit(self, $action(ctx, cla, ins, p1, p2))
    apdu_set_flags(self, flags)
    if data is not None:
        apdu_set_data(self, data)
    if le:
        apdu_set_le(self, le)
%}
%extend ssc_apdu {
	ssc_apdu(ssc_ctx *ctx, uint8_t cla, uint8_t ins, uint8_t p1,
		 uint8_t p2) {
		ssc_apdu *a = NULL;
		ssc_status rc = ssc_apdu_new(&a, ctx, cla, ins, p1, p2);
		if (rc < 0)
			ssc_py_raise(rc);
		return a;
	}
	~ssc_apdu() {
		ssc_apdu_free($self);
	}
	%pythoncode %{
    cla = property(apdu_cla)
    ins = property(apdu_ins)
    p1 = property(apdu_p1)
    p2 = property(apdu_p2)
    le = property(apdu_le, doc="Le (0 = none; 256 / 65536 = maximum).")

    @property
    def data(self) -> bytes:
        return _apdu_data(self)

    @property
    def case(self):
        """socialcard.ApduCase."""
        from .enums import ApduCase
        try:
            return ApduCase(apdu_get_case(self))
        except ValueError:
            return apdu_get_case(self)

    def check(self) -> None:
        """Raise ApduError when the command breaks an ISO 7816-4 rule."""
        apdu_check(self)

    def encode(self) -> bytes:
        """The command bytes."""
        return apdu_encode(self)

    __bytes__ = encode

    def hex(self, sep: str = " ") -> str:
        return apdu_encode(self).hex(sep).upper() if sep else \
            apdu_encode(self).hex().upper()

    def __eq__(self, other):
        if not isinstance(other, Apdu):
            return NotImplemented
        return apdu_encode(self) == apdu_encode(other)

    __hash__ = None

    def __repr__(self):
        return "<socialcard.Apdu %02X %02X %02X %02X lc=%d le=%d>" % (
            apdu_cla(self), apdu_ins(self), apdu_p1(self), apdu_p2(self),
            len(_apdu_data(self)), apdu_le(self))
	%}
}

/* ---- Response ----------------------------------------------------------- */

%rename(Response) ssc_apdu_response;
%nodefaultctor ssc_apdu_response;
struct ssc_apdu_response {};
%nothread ssc_apdu_response::ssc_apdu_response;
%exception ssc_apdu_response::~ssc_apdu_response {
	$action
}
%exception ssc_apdu_response::ssc_apdu_response {
	$action
	if (!result)
		SWIG_fail;
}
%feature("shadow") ssc_apdu_response::ssc_apdu_response %{
def __init__(self, raw, *, ctx=None):
    """A response from its bytes (data then SW1 SW2; bytes, hex text or
    a list of ints).  ApduError when shorter than 2 bytes."""
    _socialcard.Response_swiginit(self, $action(ctx, raw))
%}
%extend ssc_apdu_response {
	ssc_apdu_response(ssc_ctx *ctx, const uint8_t *data, size_t len) {
		ssc_apdu_response *r = NULL;
		ssc_status rc = ssc_apdu_response_parse(&r, ctx, data, len);
		if (rc < 0)
			ssc_py_raise(rc);
		return r;
	}
	~ssc_apdu_response() {
		ssc_apdu_response_free($self);
	}
	%pythoncode %{
    @property
    def sw(self) -> int:
        """SW1 SW2 as one int (0x9000)."""
        return apdu_response_sw(self)

    @property
    def sw1(self) -> int:
        return apdu_response_sw(self) >> 8

    @property
    def sw2(self) -> int:
        return apdu_response_sw(self) & 0xFF

    @property
    def data(self) -> bytes:
        return _response_data(self)

    @property
    def ok(self) -> bool:
        """Whether the status word means success (9000, 61xx)."""
        return bool(sw_is_success(apdu_response_sw(self)))

    @property
    def text(self) -> str:
        """What the status word means."""
        return sw_text(apdu_response_sw(self))

    @property
    def tries_left(self):
        """PIN tries left for a 63Cx status word, else None."""
        n = sw_tries_left(apdu_response_sw(self))
        return None if n < 0 else n

    def check(self) -> "Response":
        """Raise the CardError subclass for an error status word (PinError
        with tries_left for 63Cx, …); return self on success."""
        sw = apdu_response_sw(self)
        if not sw_is_success(sw):
            error_set_sw(sw_error_code(sw), sw, sw_text(sw))
        return self

    def __bytes__(self):
        sw = apdu_response_sw(self)
        return _response_data(self) + bytes((sw >> 8, sw & 0xFF))

    def __iter__(self):
        """``data, sw1, sw2 = response`` (pyscard's triple)."""
        return iter((_response_data(self), self.sw1, self.sw2))

    def __repr__(self):
        return "<socialcard.Response sw=%04X len=%d>" % (
            apdu_response_sw(self), len(_response_data(self)))
	%}
}

%apply ssc_ctx *CTX_OPEN { ssc_ctx *ctx };

%pythoncode %{
def _bytes(value) -> bytes:
    return buf_set(value)


def _apdu_split(raw):
    """Split a whole command (ISO 7816-4 §5.1) into its fields."""
    from .errors import InvalidArgument
    from .enums import ErrorCode
    b = _bytes(raw)

    def bad(why):
        return InvalidArgument("malformed command APDU: " + why,
                               code=ErrorCode.EINVAL)
    if len(b) < 4:
        raise bad("shorter than 4 bytes")
    cla, ins, p1, p2 = b[0], b[1], b[2], b[3]
    body = b[4:]
    if not body:
        return cla, ins, p1, p2, None, 0, False
    if len(body) == 1:
        return cla, ins, p1, p2, None, body[0] or 256, False
    if body[0] != 0:
        lc = body[0]
        if len(body) == 1 + lc:
            return cla, ins, p1, p2, body[1:], 0, False
        if len(body) == 2 + lc:
            return cla, ins, p1, p2, body[1:1 + lc], body[-1] or 256, False
        raise bad("Lc does not match the length")
    if len(body) == 3:
        return cla, ins, p1, p2, None, \
            int.from_bytes(body[1:3], "big") or 65536, True
    if len(body) < 3:
        raise bad("truncated extended length")
    lc = int.from_bytes(body[1:3], "big")
    if lc == 0:
        raise bad("extended Lc of 0")
    rest = body[3 + lc:]
    if len(body) < 3 + lc or len(rest) not in (0, 2):
        raise bad("extended Lc does not match the length")
    le = (int.from_bytes(rest, "big") or 65536) if rest else 0
    return cla, ins, p1, p2, body[3:3 + lc], le, True
%}
