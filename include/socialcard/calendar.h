/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/calendar.h
 * @brief Working-day calendars (statutory holidays and adjusted working
 *        days 调休) and the deadline arithmetic every service uses.
 *
 * A calendar holds whole years, each from one data file (format:
 * doc/rulepacks.md, "Calendars").  The years 2024–2026 are compiled in; a
 * deployment loads further years with ssc_calendar_load_file().  A date
 * outside the loaded years is never guessed: the functions fail with
 * #SSC_ECALENDAR.
 *
 * Dates are `uint32_t` in the form YYYYMMDD (e.g. 20250128), in China
 * Standard Time (UTC+8) whenever they come from a clock.
 *
 * Thread rules: a calendar may be read from several threads at once once it
 * is fully loaded; loading is not concurrent with anything.
 */
#ifndef SOCIALCARD_CALENDAR_H
#define SOCIALCARD_CALENDAR_H

#include "common.h"
#include "types.h"

SSC_BEGIN_DECL

/** A set of loaded calendar years.  Opaque. */
typedef struct ssc_calendar ssc_calendar;

/** ssc_calendar_new() flag: start with no year loaded (no built-ins). */
#define SSC_CALENDAR_EMPTY 0x1u

/** How a deadline is counted (ssc_calendar_deadline()). */
typedef enum {
	SSC_DEADLINE_NONE = 0,         /**< no deadline */
	SSC_DEADLINE_WORKING_DAYS = 1, /**< N working days after the start day */
	SSC_DEADLINE_HOURS = 2         /**< N clock hours after the start */
} ssc_deadline_unit;

/**
 * Create a calendar holding the built-in years (unless
 * #SSC_CALENDAR_EMPTY).
 *
 * @param[out] out the new calendar; the caller frees it with
 *             ssc_calendar_free().  Unchanged on failure.
 * @param ctx context for allocation (a reference is kept); not NULL.
 * @param flags 0 or #SSC_CALENDAR_EMPTY.
 * @return #SSC_OK, #SSC_EINVAL, #SSC_ENOMEM.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_calendar_new(ssc_calendar **out, ssc_ctx *ctx,
				       unsigned int flags);

/**
 * Free a calendar and drop its context reference.  NULL is a no-op.
 * @param cal the calendar.
 * @since 1.0
 */
SSC_EXPORT void ssc_calendar_free(ssc_calendar *cal);

/**
 * Load one year from JSON text (doc/rulepacks.md, "Calendars").  A year
 * already present is replaced.  The text is validated completely first:
 * on any error nothing changes and the message names the line and column
 * (syntax) or the field path (content), e.g. `holidays[2].to`.
 *
 * @param cal the calendar.
 * @param json the text (borrowed; need not be NUL-terminated).
 * @param len its length in bytes.
 * @return #SSC_OK, #SSC_EPARSE, #SSC_EINVAL, #SSC_ENOMEM.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_calendar_load_json(ssc_calendar *cal,
					     const char *json, size_t len);

/**
 * Load one year from a file, as ssc_calendar_load_json().
 *
 * @param cal the calendar.
 * @param path file name (borrowed).
 * @return #SSC_OK, #SSC_EOS (cannot read), #SSC_EPARSE, #SSC_EINVAL,
 *         #SSC_ENOMEM.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_calendar_load_file(ssc_calendar *cal,
					     const char *path);

/**
 * Whether a year is loaded.
 * @param cal the calendar (NULL: none loaded).
 * @param year e.g. 2025.
 * @return 1 if loaded, else 0.
 * @since 1.0
 */
SSC_EXPORT int ssc_calendar_has_year(const ssc_calendar *cal, int year);

/**
 * Whether a date is a working day (weekdays that are not statutory
 * holidays, plus adjusted working days).
 *
 * @param[out] out 1 for a working day, 0 otherwise.
 * @param cal the calendar.
 * @param date YYYYMMDD.
 * @return #SSC_OK, #SSC_EINVAL (not a date), #SSC_ECALENDAR (year not
 *         loaded).
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_calendar_is_working_day(int *out,
						  const ssc_calendar *cal,
						  uint32_t date);

/**
 * The @p n-th working day after @p date (the start day itself is not
 * counted).  With n = 0: @p date if it is a working day, else the next
 * working day.
 *
 * @param[out] out the resulting date, YYYYMMDD.
 * @param cal the calendar.
 * @param date start date, YYYYMMDD.
 * @param n number of working days.
 * @return #SSC_OK, #SSC_EINVAL, #SSC_ECALENDAR (a day on the way is in a
 *         year that is not loaded).
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_calendar_add_working_days(uint32_t *out,
						    const ssc_calendar *cal,
						    uint32_t date,
						    unsigned int n);

/**
 * Count the working days d with @p from < d <= @p to (negative when @p to
 * is before @p from), so that adding the result to @p from with
 * ssc_calendar_add_working_days() reaches the last working day <= @p to.
 *
 * @param[out] out the count.
 * @param cal the calendar.
 * @param from first date, YYYYMMDD.
 * @param to second date, YYYYMMDD.
 * @return #SSC_OK, #SSC_EINVAL, #SSC_ECALENDAR.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_calendar_working_days_between(
	int *out, const ssc_calendar *cal, uint32_t from, uint32_t to);

/**
 * A deadline from a start instant.  #SSC_DEADLINE_WORKING_DAYS: the end
 * (23:59:59.999 China time) of the @p amount-th working day after the
 * start's China date.  #SSC_DEADLINE_HOURS: the start plus @p amount hours
 * (clock hours; the calendar is not consulted).
 *
 * @param[out] out_ms the deadline, milliseconds since the epoch.
 * @param cal the calendar (may be NULL for hours).
 * @param start_ms the start, milliseconds since the epoch.
 * @param unit a ::ssc_deadline_unit other than #SSC_DEADLINE_NONE.
 * @param amount how many days or hours.
 * @return #SSC_OK, #SSC_EINVAL, #SSC_ECALENDAR.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_calendar_deadline(int64_t *out_ms,
					    const ssc_calendar *cal,
					    int64_t start_ms, int unit,
					    unsigned int amount);

/**
 * The China Standard Time (UTC+8) date of an instant.
 *
 * @param[out] out YYYYMMDD.
 * @param ms milliseconds since the epoch.
 * @return #SSC_OK, or #SSC_EINVAL before year 1 or after year 9999.
 * @since 1.0
 */
SSC_EXPORT ssc_status ssc_date_from_time(uint32_t *out, int64_t ms);

SSC_END_DECL

#endif /* SOCIALCARD_CALENDAR_H */
