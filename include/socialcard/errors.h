/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/errors.h
 * @brief Error codes, error classes and the per-thread error record.
 *
 * Every function that can fail returns ::ssc_status: #SSC_OK or one of the
 * negative codes below, grouped by subsystem in blocks of 100.  The return
 * value is how failure is detected; ssc_error_last() only adds detail.
 *
 * Thread rules: the error record is per thread; reading it from one thread
 * never sees another thread's error.
 */
#ifndef SOCIALCARD_ERRORS_H
#define SOCIALCARD_ERRORS_H

#include "common.h"

SSC_BEGIN_DECL

/**
 * Negative error codes.  Values are ABI: never reused, gaps stay gaps.
 * Status words from a card are never error codes; they travel in
 * ssc_error::sw.
 */
typedef enum {
	/* -1 .. -99: generic */
	SSC_ERROR = -1,          /**< unexpected failure; see the message */
	SSC_ENOMEM = -2,         /**< an allocation failed */
	SSC_EINVAL = -3,         /**< an argument is invalid */
	SSC_ENOTFOUND = -4,      /**< the object asked for does not exist */
	SSC_EEXISTS = -5,        /**< the object already exists */
	SSC_EBUFS = -6,          /**< the caller's buffer is too small */
	SSC_EUSER = -7,          /**< a callback asked to stop */
	SSC_EVERSION = -8,       /**< unknown struct or vtable version */
	SSC_ENOTSUPPORTED = -9,  /**< the backend lacks this operation */
	SSC_ETIMEOUT = -10,      /**< the operation timed out */
	SSC_ECANCELLED = -11,    /**< the operation was cancelled */
	SSC_EBUSY = -12,         /**< a resource stayed busy past its retries */
	SSC_EOS = -13,           /**< an operating-system call failed (errno kept) */
	SSC_ECRYPTO = -14,       /**< a cryptographic operation failed */
	SSC_ENOKEY = -15,        /**< the key provider has no such key */

	/* -100 .. -199: domain (rules, lifecycle, model) */
	SSC_ETRANSITION = -100,  /**< the event is not allowed from this state */
	SSC_ENOTELIGIBLE = -101, /**< refused by the rules; the verdict has reasons */
	SSC_EONECARD = -102,     /**< the holder already has a valid card or application */
	SSC_EPARSE = -103,       /**< malformed input: text, record, rule pack, calendar */
	SSC_EBADID = -104,       /**< invalid citizen identity number */
	SSC_ECALENDAR = -105,    /**< date outside the loaded working-day calendars */
	SSC_EDUTY = -106,        /**< separation of duties violated */
	SSC_EIDEMPOTENCY = -107, /**< request id reused for a different request */

	/* -200 .. -299: card and APDU */
	SSC_ECARD = -200,        /**< the card answered a non-success status word */
	SSC_EAPDU = -201,        /**< malformed command or response APDU */
	SSC_EPIN = -202,         /**< wrong PIN; tries left from the 63Cx status word */
	SSC_EPINBLOCKED = -203,  /**< PIN blocked (6983 / 6984) */
	SSC_ESECURITY = -204,    /**< security status not satisfied */
	SSC_EAPPBLOCKED = -205,  /**< the card application is blocked */
	SSC_EMISMATCH = -206,    /**< card data disagree (e.g. holder ID between applications) */
	SSC_EMAC = -207,         /**< MAC or cryptogram check failed */

	/* -300 .. -399: reader */
	SSC_EREADER = -300,      /**< reader or transport failure */
	SSC_ENOREADER = -301,    /**< no such reader, or it went away */
	SSC_ENOCARD = -302,      /**< no card in the reader */
	SSC_ECARDREMOVED = -303, /**< the card was removed */
	SSC_ECARDRESET = -304,   /**< the card was reset by another party */
	SSC_ESHARING = -305,     /**< the reader is in exclusive use elsewhere */
	SSC_EPROTOCOL = -306,    /**< transport framing or protocol error */

	/* -400 .. -499: store */
	SSC_ESTORE = -400,       /**< storage backend failure */
	SSC_ECORRUPT = -401,     /**< stored data failed an integrity check */
	SSC_ECONFLICT = -402,    /**< concurrent update: base revision changed */
	SSC_ESCHEMA = -403       /**< stored schema is newer than this library */
} ssc_error_code;

/** Which subsystem an error comes from. Values are ABI. */
typedef enum {
	SSC_ERROR_CLASS_NONE = 0,
	SSC_ERROR_CLASS_NOMEMORY = 1,
	SSC_ERROR_CLASS_OS = 2,
	SSC_ERROR_CLASS_INVALID = 3,
	SSC_ERROR_CLASS_CARD = 4,
	SSC_ERROR_CLASS_APDU = 5,
	SSC_ERROR_CLASS_READER = 6,
	SSC_ERROR_CLASS_STORE = 7,
	SSC_ERROR_CLASS_RULES = 8,
	SSC_ERROR_CLASS_LIFECYCLE = 9,
	SSC_ERROR_CLASS_CALENDAR = 10,
	SSC_ERROR_CLASS_BACKEND = 11,
	SSC_ERROR_CLASS_CRYPTO = 12,
	SSC_ERROR_CLASS_ENCODING = 13
} ssc_error_class;

/** What kind of native code ssc_error::native_code holds. */
typedef enum {
	SSC_NATIVE_NONE = 0,  /**< no native code */
	SSC_NATIVE_ERRNO = 1, /**< an errno value */
	SSC_NATIVE_PCSC = 2,  /**< a PC/SC SCARD_* result */
	SSC_NATIVE_SQLITE = 3,/**< an SQLite extended result code */
	SSC_NATIVE_PGSQL = 4  /**< a PostgreSQL SQLSTATE, 5 characters packed base 36 */
} ssc_native_kind;

/**
 * The detail of the last error on this thread.  Library-owned and
 * read-only; valid until the next library call on the same thread.
 * Members are only ever appended.
 */
typedef struct ssc_error {
	/** UTF-8 text; never contains a full ID number, a name, a PIN or key. */
	const char *message;
	/** The ::ssc_error_code, or #SSC_OK when there is no error. */
	int code;
	/** The ::ssc_error_class. */
	int klass;
	/** Card status word SW1SW2 when a card answered, else 0. */
	uint16_t sw;
	/** The ::ssc_native_kind of #native_code. */
	int native_kind;
	/** The raw PC/SC, errno or database code, when #native_kind says so. */
	uint32_t native_code;
} ssc_error;

/**
 * The detail of the last error raised on the calling thread.
 *
 * @return a borrowed pointer, never NULL; valid until the next library call
 *         on this thread.  With no error recorded, code is #SSC_OK and the
 *         message is "no error".
 * @since 1.0
 */
SSC_EXPORT const ssc_error *ssc_error_last(void);

/**
 * Forget the calling thread's last error.
 * @since 1.0
 */
SSC_EXPORT void ssc_error_clear(void);

/**
 * Static English text for an error code.
 *
 * @param code an ::ssc_error_code or #SSC_OK
 * @return static storage, never NULL ("unknown error" for unknown codes)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_strerror(int code);

/**
 * The symbolic name of an error code, e.g. "SSC_ENOTELIGIBLE".
 *
 * @return static storage, or NULL for an unknown code
 * @since 1.0
 */
SSC_EXPORT const char *ssc_error_name(int code);

/**
 * The lowercase name of an error class, e.g. "reader".
 *
 * @return static storage, never NULL ("unknown" for unknown classes)
 * @since 1.0
 */
SSC_EXPORT const char *ssc_error_class_name(int klass);

SSC_END_DECL

#endif /* SOCIALCARD_ERRORS_H */
