/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/sys/errors.h
 * @brief Setting the per-thread error record, for backend authors.
 *
 * A backend that fails sets the error record with one of these calls and
 * returns the code they return.  The front-end keeps the backend's message.
 * Messages must never contain a full ID number, a name, a PIN or key bytes:
 * mask them first (socialcard/mask.h).
 */
#ifndef SOCIALCARD_SYS_ERRORS_H
#define SOCIALCARD_SYS_ERRORS_H

#include "../common.h"
#include "../errors.h"

SSC_BEGIN_DECL

/**
 * Record an error on the calling thread.
 *
 * @param code a negative ::ssc_error_code
 * @param klass an ::ssc_error_class
 * @param message UTF-8 text, copied (truncated at 511 bytes); NULL uses
 *        ssc_strerror(code)
 * @return @p code, so that a backend can write `return ssc_error_set_str(...)`
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_error_set_str(int code, int klass,
					const char *message);

/**
 * Record an error that carries a native (errno, PC/SC, database) code.
 *
 * @param code a negative ::ssc_error_code
 * @param klass an ::ssc_error_class
 * @param message UTF-8 text, copied; NULL uses ssc_strerror(code)
 * @param native_kind an ::ssc_native_kind
 * @param native_code the raw value, kept as is
 * @return @p code
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_error_set_native(int code, int klass,
					   int native_kind,
					   uint32_t native_code,
					   const char *message);

/**
 * Record an error caused by a card status word; the class is the code's
 * default class.
 *
 * @param code a negative ::ssc_error_code (e.g. #SSC_EPIN)
 * @param message UTF-8 text, copied; NULL uses ssc_strerror(code)
 * @param sw SW1SW2 as one 16-bit value
 * @return @p code
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_error_set_sw(int code, uint16_t sw,
				       const char *message);

/**
 * Record an out-of-memory error.  Allocates nothing.
 *
 * @return #SSC_ENOMEM
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_error_set_oom(void);

SSC_END_DECL

#endif /* SOCIALCARD_SYS_ERRORS_H */
