/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private helpers shared by the store front-end and the built-in backends:
 * input validation, the backend constructors' common checks, and a small
 * bounded backoff for retries.
 */
#ifndef SSC_STORE_STORE_H
#define SSC_STORE_STORE_H

#include "internal.h"
#include "socialcard/sys/store_backend.h"

/* True if s is valid UTF-8 of 1..SSC_STORE_TEXT_MAX bytes (0.. when
 * allow_empty). */
bool ssc__store_text_ok(const char *s, bool allow_empty);
/* True if s is a canonical UUID text (36 characters). */
bool ssc__store_uuid_ok(const char *s);
/* Sleep for attempt n (0-based) of a bounded retry: 1, 2, 4 … ms capped at
 * 64 ms, with random jitter. */
void ssc__store_backoff(unsigned int attempt);

#endif /* SSC_STORE_STORE_H */
