/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Civil-date arithmetic shared by the calendar and the rules (ages):
 * YYYYMMDD <-> day numbers (days since 1970-01-01), China time.
 */
#ifndef SSC_CALENDAR_DATE_H
#define SSC_CALENDAR_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* Milliseconds of the UTC+8 offset of China Standard Time. */
#define SSC__CST_OFFSET_MS (8 * 3600 * 1000LL)
#define SSC__DAY_MS (86400 * 1000LL)

/* Whether YYYYMMDD is a real Gregorian date in years 1..9999. */
bool ssc__date_valid(uint32_t date);
/* Day number of a valid YYYYMMDD. */
int64_t ssc__date_to_days(uint32_t date);
/* YYYYMMDD of a day number (must be within years 1..9999). */
uint32_t ssc__days_to_date(int64_t days);
/* 0 = Monday ... 6 = Sunday. */
int ssc__days_weekday(int64_t days);
/* Completed years between a birth date and a date (both valid). */
int ssc__age_on(uint32_t birth, uint32_t date);

#endif /* SSC_CALENDAR_DATE_H */
