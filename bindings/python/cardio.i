/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cardio.h: card access over a Connection.  The Connection methods
 * (reader.i) call these:
 *
 *   conn.transmit(Apdu(...))            → Response (GET RESPONSE / 6Cxx
 *                                          handled by the exchange layer)
 *   socialcard.read_card(conn, financial=True) → Card
 *   conn.verify_pin("123456")           → tries left; PinError / PinBlocked
 *   conn.change_pin(old, new)
 *
 * Every call releases the GIL while the card works.  A generation-3 read,
 * PIN reload and unblock take a KeyProvider (keyprovider.i).
 * Personalisation is not bound.
 */
%ignore ssc_read_options;
%ignore ssc_read_options_init;
%ignore ssc_pin_options;
%ignore ssc_pin_options_init;
%ignore ssc_card_read;
%ignore ssc_card_read_bas;
%ignore ssc_card_pin_verify;
%ignore ssc_card_pin_change;
%ignore ssc_card_pin_reload;
%ignore ssc_card_pin_unblock;
%ignore ssc_card_personalize;
%ignore SSC_READ_OPTIONS_VERSION;
%ignore SSC_READ_OPTIONS_INIT;
%ignore SSC_PIN_OPTIONS_VERSION;
%ignore SSC_PIN_OPTIONS_INIT;
SSC_OUT_OBJECT(ssc_apdu_response)
SSC_OPEN_CHECK(ssc_reader_conn, conn, "the Connection")
SSC_OPEN_CHECK(ssc_apdu, cmd, "the Apdu")
%include "socialcard/cardio.h"
%apply ssc_buf *BYTES_OUT { ssc_buf *out };

%{
/* (Card, ATR historical bytes) */
static PyObject *
ssc_py_card_read(ssc_reader_conn *conn, unsigned int flags, int bas,
		 ssc_key_provider *kp, const char *auth_key_id)
{
	ssc_read_options o = SSC_READ_OPTIONS_INIT;
	ssc_buf hist = SSC_BUF_INIT, text = SSC_BUF_INIT;
	ssc_card *card = NULL;
	PyObject *r = NULL;
	ssc_status rc;

	if (!conn) {
		PyErr_SetString(PyExc_ValueError, "the Connection is closed");
		return NULL;
	}
	o.flags = flags;
	o.kp = kp;
	o.auth_key_id = auth_key_id;
	Py_BEGIN_ALLOW_THREADS
	rc = bas ? ssc_card_read_bas(&text, conn, &o)
		 : ssc_card_read(&card, &hist, conn, &o);
	Py_END_ALLOW_THREADS
	if (ssc_py_take_pending()) {
		ssc_card_free(card);
		goto out;
	}
	if (rc < 0) {
		ssc_py_raise(rc);
		goto out;
	}
	if (bas)
		r = ssc_py_text_new(text.ptr ? text.ptr : "", text.size);
	else
		r = Py_BuildValue("(NN)",
			SWIG_NewPointerObj(SWIG_as_voidptr(card),
					   SWIGTYPE_p_ssc_card,
					   SWIG_POINTER_OWN),
			PyBytes_FromStringAndSize(hist.ptr ? hist.ptr : "",
						  (Py_ssize_t)hist.size));
out:
	ssc_buf_dispose(&hist);
	ssc_buf_dispose(&text);
	return r;
}

/* Verify (new_pin NULL) or change the PIN; the tries the card reports
 * left (-1 when it did not say). */
static PyObject *
ssc_py_card_pin(ssc_reader_conn *conn, const char *pin, const char *new_pin,
		unsigned int min_len, unsigned int max_len)
{
	ssc_pin_options o = SSC_PIN_OPTIONS_INIT;
	int tries = -1;
	ssc_status rc;

	if (!conn) {
		PyErr_SetString(PyExc_ValueError, "the Connection is closed");
		return NULL;
	}
	if (!pin) {
		PyErr_SetString(PyExc_TypeError, "the PIN must be a str");
		return NULL;
	}
	if (min_len)
		o.min_len = min_len;
	if (max_len)
		o.max_len = max_len;
	Py_BEGIN_ALLOW_THREADS
	rc = new_pin ? ssc_card_pin_change(&tries, conn, pin, new_pin, &o)
		     : ssc_card_pin_verify(&tries, conn, pin, &o);
	Py_END_ALLOW_THREADS
	if (ssc_py_take_pending())
		return NULL;
	if (rc < 0)
		return ssc_py_raise(rc);
	return PyLong_FromLong(tries);
}
/* Reload (@p new_pin) or unblock (@p new_pin NULL) the PIN with keys of
 * @p kp. */
static PyObject *
ssc_py_card_pin_admin(ssc_reader_conn *conn, const char *new_pin,
		      ssc_key_provider *kp, const char *mac_key_id,
		      const char *enc_key_id, const char *auth_key_id,
		      unsigned int min_len, unsigned int max_len)
{
	ssc_pin_options o = SSC_PIN_OPTIONS_INIT;
	ssc_status rc;

	if (!conn) {
		PyErr_SetString(PyExc_ValueError, "the Connection is closed");
		return NULL;
	}
	if (!kp) {
		PyErr_SetString(PyExc_TypeError, "a KeyProvider is needed");
		return NULL;
	}
	if (min_len)
		o.min_len = min_len;
	if (max_len)
		o.max_len = max_len;
	o.kp = kp;
	o.mac_key_id = mac_key_id;
	o.enc_key_id = enc_key_id;
	o.auth_key_id = auth_key_id;
	Py_BEGIN_ALLOW_THREADS
	rc = new_pin ? ssc_card_pin_reload(conn, new_pin, &o)
		     : ssc_card_pin_unblock(conn, &o);
	Py_END_ALLOW_THREADS
	if (ssc_py_take_pending())
		return NULL;
	if (rc < 0)
		return ssc_py_raise(rc);
	Py_RETURN_NONE;
}
%}
%nothread ssc_py_card_pin_admin;
%rename(_card_pin_admin) ssc_py_card_pin_admin;
%nothread ssc_py_card_read;
%nothread ssc_py_card_pin;
%rename(_card_read) ssc_py_card_read;
%rename(_card_pin) ssc_py_card_pin;
PyObject *ssc_py_card_read(ssc_reader_conn *conn, unsigned int flags, int bas,
			   ssc_key_provider *kp, const char *auth_key_id);
PyObject *ssc_py_card_pin_admin(ssc_reader_conn *conn, const char *new_pin,
				ssc_key_provider *kp, const char *mac_key_id,
				const char *enc_key_id,
				const char *auth_key_id, unsigned int min_len,
				unsigned int max_len);
PyObject *ssc_py_card_pin(ssc_reader_conn *conn, const char *pin,
			  const char *new_pin, unsigned int min_len,
			  unsigned int max_len);
