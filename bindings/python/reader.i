/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reader.h: Reader (a backend opened by URI) and Connection (a card in one
 * reader).  Blocking calls (open, list, connect, transmit, wait_event,
 * disconnect) release the GIL; Reader.cancel() may be called from another
 * thread while one waits in wait_event().
 *
 *   r = Reader("pcsc:")                 # or "sim:", "replay:FILE"
 *   for name in r.readers(): ...
 *   with r.connect(name) as conn:       # disconnects on exit
 *       conn.atr, conn.transmit_raw(b"\x00\xA4\x04\x00\x00")
 */
%ignore ssc_reader_open;
%ignore ssc_reader_free;
%ignore ssc_reader_disconnect;
SSC_OUT_OBJECT(ssc_reader_conn)
SSC_OPEN_CHECK(ssc_reader, reader, "the Reader")
SSC_OPEN_CHECK(ssc_reader_conn, conn, "the Connection")
%include "socialcard/reader.h"

%{
/* Disconnect now and leave a NULL handle behind (idempotent). */
static PyObject *
ssc_py_conn_close(PyObject *obj, int how)
{
	SwigPyObject *s = SWIG_Python_GetSwigThis(obj);
	ssc_reader_conn *conn;
	ssc_status rc;

	if (!s || s->ty != SWIGTYPE_p_ssc_reader_conn) {
		PyErr_SetString(PyExc_TypeError, "expected a Connection");
		return NULL;
	}
	if (!s->ptr || !s->own) {
		s->ptr = NULL;
		Py_RETURN_NONE;
	}
	conn = (ssc_reader_conn *)s->ptr;
	s->ptr = NULL;
	s->own = 0;
	Py_BEGIN_ALLOW_THREADS
	rc = ssc_reader_disconnect(conn, how);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return ssc_py_raise(rc);
	Py_RETURN_NONE;
}

static void
ssc_py_reader_close(PyObject *obj)
{
	SwigPyObject *s = SWIG_Python_GetSwigThis(obj);
	ssc_reader *r;

	if (!s || s->ty != SWIGTYPE_p_ssc_reader || !s->ptr)
		return;
	r = (ssc_reader *)s->ptr;
	s->ptr = NULL;
	if (s->own) {
		Py_BEGIN_ALLOW_THREADS
		ssc_reader_free(r);
		Py_END_ALLOW_THREADS
	}
	s->own = 0;
}
%}
%nothread ssc_py_conn_close;
%nothread ssc_py_reader_close;
%rename(_conn_close) ssc_py_conn_close;
%rename(_reader_close) ssc_py_reader_close;
%typemap(in) PyObject *ANY_OBJ "$1 = $input;";
%apply PyObject *ANY_OBJ { PyObject *obj };
PyObject *ssc_py_conn_close(PyObject *obj, int how);
void ssc_py_reader_close(PyObject *obj);

/* ---- Reader ------------------------------------------------------------- */

%rename(Reader) ssc_reader;
%nodefaultctor ssc_reader;
struct ssc_reader {};
%nothread ssc_reader::ssc_reader;
%exception ssc_reader::~ssc_reader {
	$action
}
%exception ssc_reader::ssc_reader {
	$action
	if (!result)
		SWIG_fail;
	if (ssc_py_take_pending())
		SWIG_fail;
}
%feature("shadow") ssc_reader::ssc_reader %{
def __init__(self, uri, *, ctx=None):
    """Open a reader backend: "pcsc:", "pcsc:NAME", "sim:", "sim:PATH",
    "replay:FILE" or "replay-strict:FILE".  InvalidArgument for a bad
    URI, ReaderError when the service fails."""
    if not isinstance(uri, str):
        raise TypeError("uri must be a str")
    _socialcard.Reader_swiginit(self, $action(_util.context(ctx), uri))
%}
%extend ssc_reader {
	ssc_reader(ssc_ctx *ctx, const char *uri) {
		ssc_reader *r = NULL;
		ssc_status rc;
		Py_BEGIN_ALLOW_THREADS
		rc = ssc_reader_open(&r, ctx, uri);
		Py_END_ALLOW_THREADS
		if (rc < 0 && !PyErr_Occurred())
			ssc_py_raise(rc);
		return rc < 0 ? NULL : r;
	}
	~ssc_reader() {
		ssc_reader_free($self);
	}
	%pythoncode %{
    @property
    def backend(self) -> str:
        """"pcsc", "sim", "replay", …"""
        return reader_backend_name(self)

    def readers(self):
        """The names of the readers the backend sees (a list; empty when
        there are none)."""
        raw = reader_list(self)
        return [_util.text(n) for n in raw.split(b"\0") if n]

    def __iter__(self):
        return iter(self.readers())

    def connect(self, name=None, mode=0, *, disposition=0):
        """Connect to the card in reader ``name`` (None: the first with a
        card).  ``mode`` a ReaderMode; ``disposition`` what to do with the
        card when the Connection ends.  NoReader, NoCard,
        SharingViolation."""
        conn = reader_connect(self, name, int(mode))
        conn._reader = self
        conn._disposition = int(disposition)
        return conn

    def wait_event(self, name=None, timeout=None) -> int:
        """Wait for a card or reader change; the ReaderEvent bits.
        ``timeout`` in seconds (None = no limit).  Timeout, Cancelled,
        NotSupported.  The GIL is released while waiting."""
        ms = -1 if timeout is None else max(0, int(timeout * 1000))
        from .enums import ReaderEvent
        return ReaderEvent(reader_wait_event(self, name, ms))

    def cancel(self) -> None:
        """Make a wait_event() in another thread raise Cancelled."""
        reader_cancel(self)

    @property
    def closed(self) -> bool:
        return int(self.this) == 0

    def close(self) -> None:
        """Release this handle now (connections keep the backend)."""
        _reader_close(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        if self.closed:
            return "<socialcard.Reader closed>"
        return "<socialcard.Reader backend=%r>" % reader_backend_name(self)
	%}
}

/* ---- Connection --------------------------------------------------------- */

%rename(Connection) ssc_reader_conn;
%nodefaultctor ssc_reader_conn;
struct ssc_reader_conn {};
%exception ssc_reader_conn::~ssc_reader_conn {
	$action
}
%extend ssc_reader_conn {
	~ssc_reader_conn() {
		ssc_reader_disconnect($self, SSC_DISPOSITION_LEAVE);
	}
	%pythoncode %{
    _disposition = 0

    @property
    def atr(self) -> bytes:
        """The card's answer to reset."""
        return reader_conn_atr(self)

    @property
    def protocol(self):
        from .enums import Protocol
        return Protocol(reader_conn_protocol(self))

    @property
    def interface(self):
        from .enums import CardInterface
        return CardInterface(reader_conn_interface(self))

    @property
    def reader_name(self) -> str:
        return reader_conn_reader_name(self)

    def transmit_raw(self, command) -> bytes:
        """Send command bytes as they are and return the answer as it is
        (data + SW1 SW2); no GET RESPONSE.  The GIL is released."""
        return reader_transmit_raw(self, command)

    def transmit(self, apdu) -> "Response":
        """Send a command through the library's exchange layer (GET
        RESPONSE on 61xx, resend on 6Cxx) and return the Response; an
        error status word is not raised (see Response.check()).
        ``apdu`` is an Apdu or its bytes.  The GIL is released."""
        if not isinstance(apdu, Apdu):
            apdu = Apdu(apdu)
        return reader_transmit(self, apdu)

    def read_card(self, **options):
        """The card's contents as a socialcard.Card (see read_card())."""
        from . import read_card as _read
        return _read(self, **options)

    @property
    def atr_history(self) -> bytes:
        """The ATR's historical bytes."""
        return reader_conn_atr_history(self)

    def verify_pin(self, pin: str, *, min_len: int = 0,
                   max_len: int = 0) -> int:
        """VERIFY the holder's PIN; the tries left the card reports, or
        None when it did not say.  PinError (``tries_left``) on a wrong PIN, PinBlocked
        when blocked, InvalidArgument for a PIN that is not min_len..max_len
        digits (default 6..6; nothing is sent).  The GIL is released."""
        left = _card_pin(self, pin, None, min_len, max_len)
        return None if left < 0 else left

    def change_pin(self, old_pin: str, new_pin: str, *, min_len: int = 0,
                   max_len: int = 0) -> int:
        """CHANGE REFERENCE DATA from ``old_pin`` to ``new_pin``; as
        verify_pin()."""
        if new_pin is None:
            raise TypeError("new_pin must be a str")
        left = _card_pin(self, old_pin, new_pin, min_len, max_len)
        return None if left < 0 else left

    def reload_pin(self, new_pin: str, *, key_provider, mac_key_id: str,
                   enc_key_id=None, auth_key_id=None, min_len: int = 0,
                   max_len: int = 0) -> None:
        """Set a new PIN without the old one (重装, with the holder's
        identity checked at a window): the command is MAC'd (and the PIN
        enciphered) with keys of ``key_provider``; ``auth_key_id``: an
        EXTERNAL AUTHENTICATE with key 06 first."""
        if new_pin is None:
            raise TypeError("new_pin must be a str")
        _card_pin_admin(self, new_pin, key_provider, mac_key_id, enc_key_id,
                        auth_key_id, min_len, max_len)

    def unblock_pin(self, *, key_provider, mac_key_id: str,
                    enc_key_id=None) -> None:
        """Unblock a blocked PIN (解锁), MAC'd with a key of
        ``key_provider``; the PIN value stays."""
        _card_pin_admin(self, None, key_provider, mac_key_id, enc_key_id,
                        None, 0, 0)

    def begin_transaction(self) -> None:
        reader_begin_transaction(self)

    def end_transaction(self, disposition=0) -> None:
        reader_end_transaction(self, int(disposition))

    def transaction(self, disposition=0):
        """``with conn.transaction():`` exclusive use of the card."""
        import contextlib

        @contextlib.contextmanager
        def _txn():
            reader_begin_transaction(self)
            try:
                yield self
            finally:
                reader_end_transaction(self, int(disposition))
        return _txn()

    def reconnect(self, disposition=0) -> None:
        reader_reconnect(self, int(disposition))

    @property
    def closed(self) -> bool:
        return int(self.this) == 0

    def disconnect(self, disposition=None) -> None:
        """End the connection (idempotent)."""
        how = self._disposition if disposition is None else int(disposition)
        _conn_close(self, how)

    close = disconnect

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.disconnect()
        return False

    def __repr__(self):
        if self.closed:
            return "<socialcard.Connection closed>"
        return "<socialcard.Connection reader=%r>" % \
            reader_conn_reader_name(self)
	%}
}

/* ---- a reader over a Python connection (socialcard.compat.pyscard) ------ */

%typemap(out) ssc_reader *ssc_py_reader_new_python {
	if (!$1)
		SWIG_fail;
	$result = SWIG_NewPointerObj(SWIG_as_voidptr($1), SWIGTYPE_p_ssc_reader,
				     SWIG_POINTER_OWN);
}
%nothread ssc_py_reader_new_python;
%rename(_reader_from_python) ssc_py_reader_new_python;
%apply PyObject *ANY_OBJ { PyObject *pyconn };
ssc_reader *ssc_py_reader_new_python(ssc_ctx *ctx, PyObject *pyconn,
				     const char *name, int protocol);
