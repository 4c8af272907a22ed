/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The per-thread error record and the one table of error codes (name, text,
 * default class).  doc/errors.md and the Python exception map are checked
 * against this table by tests.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define SSC__MSG_MAX 512

typedef struct {
	ssc_error pub;
	char message[SSC__MSG_MAX];
} error_slot;

static _Thread_local error_slot tls_error = {
	{ "no error", SSC_OK, SSC_ERROR_CLASS_NONE, 0, SSC_NATIVE_NONE, 0 },
	"no error"
};

struct code_info {
	int code;
	const char *name;
	const char *text;
	int klass;
};

#define C(code, klass, text) { code, #code, text, SSC_ERROR_CLASS_##klass }
static const struct code_info code_table[] = {
	C(SSC_OK, NONE, "success"),
	C(SSC_ERROR, NONE, "unexpected failure"),
	C(SSC_ENOMEM, NOMEMORY, "out of memory"),
	C(SSC_EINVAL, INVALID, "invalid argument"),
	C(SSC_ENOTFOUND, INVALID, "not found"),
	C(SSC_EEXISTS, INVALID, "already exists"),
	C(SSC_EBUFS, INVALID, "buffer too small"),
	C(SSC_EUSER, NONE, "stopped by a callback"),
	C(SSC_EVERSION, INVALID, "unsupported struct or vtable version"),
	C(SSC_ENOTSUPPORTED, BACKEND, "operation not supported"),
	C(SSC_ETIMEOUT, NONE, "timed out"),
	C(SSC_ECANCELLED, NONE, "cancelled"),
	C(SSC_EBUSY, NONE, "resource busy"),
	C(SSC_EOS, OS, "operating-system error"),
	C(SSC_ECRYPTO, CRYPTO, "cryptographic operation failed"),
	C(SSC_ENOKEY, CRYPTO, "key not available"),
	C(SSC_ETRANSITION, LIFECYCLE, "not allowed in the card's state"),
	C(SSC_ENOTELIGIBLE, RULES, "not eligible"),
	C(SSC_EONECARD, RULES, "holder already has a valid card or application"),
	C(SSC_EPARSE, INVALID, "malformed input"),
	C(SSC_EBADID, INVALID, "invalid identity number"),
	C(SSC_ECALENDAR, CALENDAR, "date outside the loaded calendars"),
	C(SSC_EDUTY, LIFECYCLE, "separation of duties violated"),
	C(SSC_EIDEMPOTENCY, LIFECYCLE, "request id reused for a different request"),
	C(SSC_ECARD, CARD, "card returned an error status"),
	C(SSC_EAPDU, APDU, "malformed APDU"),
	C(SSC_EPIN, CARD, "wrong PIN"),
	C(SSC_EPINBLOCKED, CARD, "PIN blocked"),
	C(SSC_ESECURITY, CARD, "security status not satisfied"),
	C(SSC_EAPPBLOCKED, CARD, "card application blocked"),
	C(SSC_EMISMATCH, CARD, "card data mismatch"),
	C(SSC_EMAC, CRYPTO, "MAC or cryptogram check failed"),
	C(SSC_EREADER, READER, "reader failure"),
	C(SSC_ENOREADER, READER, "no such reader"),
	C(SSC_ENOCARD, READER, "no card in reader"),
	C(SSC_ECARDREMOVED, READER, "card removed"),
	C(SSC_ECARDRESET, READER, "card reset"),
	C(SSC_ESHARING, READER, "reader in exclusive use"),
	C(SSC_EPROTOCOL, READER, "transport protocol error"),
	C(SSC_ESTORE, STORE, "storage failure"),
	C(SSC_ECORRUPT, STORE, "stored data corrupt"),
	C(SSC_ECONFLICT, STORE, "concurrent update conflict"),
	C(SSC_ESCHEMA, STORE, "stored schema newer than the library"),
};
#undef C

static const char *const class_names[] = {
	"none", "nomemory", "os", "invalid", "card", "apdu", "reader",
	"store", "rules", "lifecycle", "calendar", "backend", "crypto",
	"encoding",
};

static const struct code_info *
find_code(int code)
{
	for (size_t i = 0; i < SSC__ARRAY_SIZE(code_table); i++)
		if (code_table[i].code == code)
			return &code_table[i];
	return NULL;
}

const ssc_error *
ssc_error_last(void)
{
	return &tls_error.pub;
}

void
ssc_error_clear(void)
{
	tls_error.pub.code = SSC_OK;
	tls_error.pub.klass = SSC_ERROR_CLASS_NONE;
	tls_error.pub.sw = 0;
	tls_error.pub.native_kind = SSC_NATIVE_NONE;
	tls_error.pub.native_code = 0;
	snprintf(tls_error.message, sizeof(tls_error.message), "no error");
	tls_error.pub.message = tls_error.message;
}

const char *
ssc_strerror(int code)
{
	const struct code_info *ci = find_code(code);
	return ci ? ci->text : "unknown error";
}

const char *
ssc_error_name(int code)
{
	const struct code_info *ci = find_code(code);
	return ci ? ci->name : NULL;
}

const char *
ssc_error_class_name(int klass)
{
	if (klass < 0 || (size_t)klass >= SSC__ARRAY_SIZE(class_names))
		return "unknown";
	return class_names[klass];
}

int
ssc__error_default_class(int code)
{
	const struct code_info *ci = find_code(code);
	return ci ? ci->klass : SSC_ERROR_CLASS_NONE;
}

static ssc_status set_record(int code, int klass, uint16_t sw,
			     int native_kind, uint32_t native_code,
			     const char *fmt, va_list ap) SSC__PRINTF(6, 0);

static ssc_status
set_record(int code, int klass, uint16_t sw, int native_kind,
	   uint32_t native_code, const char *fmt, va_list ap)
{
	error_slot *e = &tls_error;
	if (code >= 0)
		code = SSC_ERROR;
	if (fmt)
		vsnprintf(e->message, sizeof(e->message), fmt, ap);
	else
		snprintf(e->message, sizeof(e->message), "%s",
			 ssc_strerror(code));
	e->pub.message = e->message;
	e->pub.code = code;
	e->pub.klass = klass;
	e->pub.sw = sw;
	e->pub.native_kind = native_kind;
	e->pub.native_code = native_code;
	return code;
}

static ssc_status
set_str(int code, int klass, uint16_t sw, int native_kind,
	uint32_t native_code, const char *message)
{
	error_slot *e = &tls_error;
	if (code >= 0)
		code = SSC_ERROR;
	snprintf(e->message, sizeof(e->message), "%s",
		 message ? message : ssc_strerror(code));
	e->pub.message = e->message;
	e->pub.code = code;
	e->pub.klass = klass;
	e->pub.sw = sw;
	e->pub.native_kind = native_kind;
	e->pub.native_code = native_code;
	return code;
}

ssc_status
ssc_error_set_str(int code, int klass, const char *message)
{
	return set_str(code, klass, 0, SSC_NATIVE_NONE, 0, message);
}

ssc_status
ssc_error_set_native(int code, int klass, int native_kind,
		     uint32_t native_code, const char *message)
{
	return set_str(code, klass, 0, native_kind, native_code, message);
}

ssc_status
ssc_error_set_sw(int code, uint16_t sw, const char *message)
{
	return set_str(code, ssc__error_default_class(code), sw,
		       SSC_NATIVE_NONE, 0, message);
}

ssc_status
ssc_error_set_oom(void)
{
	return set_str(SSC_ENOMEM, SSC_ERROR_CLASS_NOMEMORY, 0,
		       SSC_NATIVE_NONE, 0, "out of memory");
}

ssc_status
ssc__error_setf(int code, int klass, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ssc_status rc = set_record(code, klass, 0, SSC_NATIVE_NONE, 0, fmt, ap);
	va_end(ap);
	return rc;
}

ssc_status
ssc__error_setf_sw(int code, uint16_t sw, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ssc_status rc = set_record(code, ssc__error_default_class(code), sw,
				   SSC_NATIVE_NONE, 0, fmt, ap);
	va_end(ap);
	return rc;
}

ssc_status
ssc__error_setf_native(int code, int klass, int native_kind,
		       uint32_t native_code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ssc_status rc = set_record(code, klass, 0, native_kind, native_code,
				   fmt, ap);
	va_end(ap);
	return rc;
}

void
ssc__error_save(ssc__error_saved *out)
{
	out->err = tls_error.pub;
	memcpy(out->message, tls_error.message, sizeof(out->message));
}

void
ssc__error_restore(const ssc__error_saved *saved)
{
	tls_error.pub = saved->err;
	memcpy(tls_error.message, saved->message, sizeof(tls_error.message));
	tls_error.pub.message = tls_error.message;
}

ssc_status
ssc__check_version(unsigned int version, unsigned int current,
		   const char *name)
{
	if (version == 0 || version > current)
		return ssc__error_setf(SSC_EVERSION, SSC_ERROR_CLASS_INVALID,
				       "unsupported version %u of %s "
				       "(this library knows 1..%u)",
				       version, name, current);
	return SSC_OK;
}
