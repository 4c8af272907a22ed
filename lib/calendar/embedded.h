/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Data files compiled into the library by lib/calendar/embed_json.py:
 * the built-in calendars (calendar.c) and rule packs (lib/rules).
 */
#ifndef SSC_CALENDAR_EMBEDDED_H
#define SSC_CALENDAR_EMBEDDED_H

#include <stddef.h>

struct ssc__embedded_file {
	const char *name; /* base name of the data file, e.g. "2025.json" */
	const char *data; /* its bytes, NUL-terminated */
	size_t size;      /* without the NUL */
};

/* data/calendar/YYYY.json */
extern const struct ssc__embedded_file ssc__builtin_calendars[];
extern const size_t ssc__builtin_calendars_count;

/* data/rules/<pack>.json */
extern const struct ssc__embedded_file ssc__builtin_rulepacks[];
extern const size_t ssc__builtin_rulepacks_count;

#endif /* SSC_CALENDAR_EMBEDDED_H */
