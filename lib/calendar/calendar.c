/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Working-day calendars: the yearly data-file parser (validated with
 * field-precise errors), the built-in years, civil-date arithmetic and the
 * deadline functions of calendar.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "internal.h"
#include "calendar/date.h"
#include "calendar/embedded.h"
#include "socialcard/calendar.h"

#define CAL_FORMAT 1
#define CAL_MAX_FILE (1024 * 1024)

struct cal_year {
	int year;
	uint8_t working[366]; /* by day of year (0-based): 1 = working day */
	char *source;
};

struct ssc_calendar {
	ssc_ctx *ctx;
	struct cal_year *years; /* sorted by year */
	size_t n_years;
};

/* ---- civil dates ---------------------------------------------------- */

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool
ssc__date_valid(uint32_t date)
{
	int y = (int)(date / 10000), m = (int)(date / 100 % 100),
	    d = (int)(date % 100);

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= month_days(y, m);
}

/* Days from civil (proleptic Gregorian), 1970-01-01 = 0. */
int64_t
ssc__date_to_days(uint32_t date)
{
	int64_t y = date / 10000, m = date / 100 % 100, d = date % 100;
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

uint32_t
ssc__days_to_date(int64_t z)
{
	int64_t era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	return (uint32_t)(y * 10000 + m * 100 + d);
}

int
ssc__days_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3). */
	int64_t w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

int
ssc__age_on(uint32_t birth, uint32_t date)
{
	int age = (int)(date / 10000) - (int)(birth / 10000);

	if (date % 10000 < birth % 10000)
		age--;
	return age;
}

ssc_status
ssc_date_from_time(uint32_t *out, int64_t ms)
{
	int64_t days;

	/* 0001-01-01 .. 9999-12-31 in day numbers. */
	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_date_from_time: out is NULL");
	if (ms < -62135596800000LL || ms > 253402271999999LL)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "instant %lld ms is outside years 1..9999",
				       (long long)ms);
	ms += SSC__CST_OFFSET_MS;
	days = ms / SSC__DAY_MS - (ms % SSC__DAY_MS < 0);
	*out = ssc__days_to_date(days);
	return SSC_OK;
}

/* ---- parsing -------------------------------------------------------- */

/* "YYYY-MM-DD" strictly. */
static bool
parse_iso_date(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (!ssc__date_valid(v))
		return false;
	*out = v;
	return true;
}

static ssc_status
field_error(const char *path, const char *what)
{
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_CALENDAR,
			       "calendar: %s: %s", path, what);
}

static ssc_status
check_keys(json_t *obj, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		bool ok = false;
		(void)v;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				ok = true;
		if (!ok)
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_CALENDAR,
					       "calendar: %s.%s: unknown field",
					       path, key);
	}
	return SSC_OK;
}

static ssc_status
get_date(json_t *obj, const char *key, const char *path, int year,
	 uint32_t *out)
{
	json_t *v = json_object_get(obj, key);
	char where[96];

	snprintf(where, sizeof where, "%s.%s", path, key);
	if (!json_is_string(v))
		return field_error(where, "missing or not a string");
	if (!parse_iso_date(json_string_value(v), out))
		return field_error(where, "not a date YYYY-MM-DD");
	if ((int)(*out / 10000) != year)
		return field_error(where, "date outside the calendar's year");
	return SSC_OK;
}

/* Parse and validate one year; fills *y (source allocated). */
static ssc_status
parse_year(ssc_calendar *cal, json_t *root, struct cal_year *y)
{
	static const char *const top_keys[] = { "format", "year", "source",
						"holidays", "workdays", NULL };
	static const char *const hol_keys[] = { "name", "from", "to", NULL };
	json_t *v, *hol, *work;
	size_t i;
	uint8_t holiday[366] = { 0 };
	int64_t jan1;
	int ndays;
	ssc_status rc;

	if (!json_is_object(root))
		return field_error("(root)", "not an object");
	if ((rc = check_keys(root, "(root)", top_keys)) != SSC_OK)
		return rc;
	v = json_object_get(root, "format");
	if (!json_is_integer(v) || json_integer_value(v) != CAL_FORMAT)
		return field_error("format", "missing or not 1");
	v = json_object_get(root, "year");
	if (!json_is_integer(v) || json_integer_value(v) < 1900 ||
	    json_integer_value(v) > 9999)
		return field_error("year", "missing or not a year 1900..9999");
	y->year = (int)json_integer_value(v);
	v = json_object_get(root, "source");
	if (!json_is_string(v) || json_string_length(v) == 0)
		return field_error("source",
				   "missing: cite the State Council notice");
	hol = json_object_get(root, "holidays");
	if (!json_is_array(hol))
		return field_error("holidays", "missing or not an array");
	work = json_object_get(root, "workdays");
	if (!json_is_array(work))
		return field_error("workdays", "missing or not an array");

	jan1 = ssc__date_to_days((uint32_t)y->year * 10000 + 101);
	ndays = is_leap(y->year) ? 366 : 365;
	json_array_foreach(hol, i, v) {
		char path[48];
		uint32_t from, to;
		json_t *name;

		snprintf(path, sizeof path, "holidays[%zu]", i);
		if (!json_is_object(v))
			return field_error(path, "not an object");
		if ((rc = check_keys(v, path, hol_keys)) != SSC_OK)
			return rc;
		name = json_object_get(v, "name");
		if (!json_is_string(name) || json_string_length(name) == 0) {
			strcat(path, ".name");
			return field_error(path, "missing or empty");
		}
		if ((rc = get_date(v, "from", path, y->year, &from)) != SSC_OK ||
		    (rc = get_date(v, "to", path, y->year, &to)) != SSC_OK)
			return rc;
		if (to < from) {
			strcat(path, ".to");
			return field_error(path, "before from");
		}
		for (int64_t d = ssc__date_to_days(from);
		     d <= ssc__date_to_days(to); d++)
			holiday[d - jan1] = 1;
	}
	for (int d = 0; d < ndays; d++)
		y->working[d] = !holiday[d] &&
				ssc__days_weekday(jan1 + d) < 5;
	json_array_foreach(work, i, v) {
		char path[48];
		uint32_t date;
		int64_t d;

		snprintf(path, sizeof path, "workdays[%zu]", i);
		if (!json_is_string(v))
			return field_error(path, "not a string");
		if (!parse_iso_date(json_string_value(v), &date))
			return field_error(path, "not a date YYYY-MM-DD");
		if ((int)(date / 10000) != y->year)
			return field_error(path,
					   "date outside the calendar's year");
		d = ssc__date_to_days(date);
		if (ssc__days_weekday(d) < 5)
			return field_error(path, "an adjusted working day must "
						 "fall on a Saturday or Sunday");
		if (holiday[d - jan1])
			return field_error(path, "also listed as a holiday");
		y->working[d - jan1] = 1;
	}
	y->source = ssc__strdup(cal->ctx,
				json_string_value(json_object_get(root,
								  "source")));
	SSC__CHECK_ALLOC(y->source);
	return SSC_OK;
}

ssc_status
ssc_calendar_load_json(ssc_calendar *cal, const char *text, size_t len)
{
	json_error_t jerr;
	json_t *root;
	struct cal_year y;
	struct cal_year *grown;
	size_t pos;
	ssc_status rc;

	if (!cal || (!text && len))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_calendar_load_json: NULL argument");
	root = json_loadb(text ? text : "", len,
			  JSON_REJECT_DUPLICATES,
			  &jerr);
	if (!root)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_CALENDAR,
				       "calendar: line %d, column %d: %s",
				       jerr.line, jerr.column, jerr.text);
	memset(&y, 0, sizeof y);
	rc = parse_year(cal, root, &y);
	json_decref(root);
	if (rc != SSC_OK)
		return rc;

	for (pos = 0; pos < cal->n_years; pos++)
		if (cal->years[pos].year >= y.year)
			break;
	if (pos < cal->n_years && cal->years[pos].year == y.year) {
		ssc__free(cal->ctx, cal->years[pos].source);
		cal->years[pos] = y;
		return SSC_OK;
	}
	grown = ssc__realloc(cal->ctx, cal->years,
			     (cal->n_years + 1) * sizeof *grown);
	if (!grown) {
		ssc__free(cal->ctx, y.source);
		return ssc_error_set_oom();
	}
	cal->years = grown;
	memmove(&grown[pos + 1], &grown[pos],
		(cal->n_years - pos) * sizeof *grown);
	grown[pos] = y;
	cal->n_years++;
	return SSC_OK;
}

ssc_status
ssc_calendar_load_file(ssc_calendar *cal, const char *path)
{
	FILE *f;
	char *buf;
	size_t n;
	ssc_status rc;

	if (!cal || !path)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_calendar_load_file: NULL argument");
	f = fopen(path, "rb");
	if (!f)
		return ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_OS,
					      SSC_NATIVE_ERRNO,
					      (uint32_t)errno,
					      "calendar: cannot open %s: %s",
					      path, strerror(errno));
	buf = ssc__malloc(cal->ctx, CAL_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		return ssc_error_set_oom();
	}
	n = fread(buf, 1, CAL_MAX_FILE + 1, f);
	if (ferror(f) || n > CAL_MAX_FILE) {
		int err = ferror(f) ? errno : EFBIG;
		fclose(f);
		ssc__free(cal->ctx, buf);
		return ssc__error_setf_native(SSC_EOS, SSC_ERROR_CLASS_OS,
					      SSC_NATIVE_ERRNO, (uint32_t)err,
					      "calendar: cannot read %s "
					      "(error or larger than 1 MiB)",
					      path);
	}
	fclose(f);
	rc = ssc_calendar_load_json(cal, buf, n);
	ssc__free(cal->ctx, buf);
	return rc;
}

/* ---- objects -------------------------------------------------------- */

ssc_status
ssc_calendar_new(ssc_calendar **out, ssc_ctx *ctx, unsigned int flags)
{
	ssc_calendar *cal;

	if (!out || !ctx)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_calendar_new: NULL argument");
	if (flags & ~SSC_CALENDAR_EMPTY)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_calendar_new: unknown flags 0x%x",
				       flags);
	cal = ssc__calloc(ctx, 1, sizeof *cal);
	SSC__CHECK_ALLOC(cal);
	cal->ctx = ssc_ctx_ref(ctx);
	if (!(flags & SSC_CALENDAR_EMPTY)) {
		for (size_t i = 0; i < ssc__builtin_calendars_count; i++) {
			const struct ssc__embedded_file *f =
				&ssc__builtin_calendars[i];
			ssc_status rc = ssc_calendar_load_json(cal, f->data,
							       f->size);
			if (rc != SSC_OK) {
				ssc_calendar_free(cal);
				return rc;
			}
		}
	}
	*out = cal;
	return SSC_OK;
}

void
ssc_calendar_free(ssc_calendar *cal)
{
	ssc_ctx *ctx;

	if (!cal)
		return;
	ctx = cal->ctx;
	for (size_t i = 0; i < cal->n_years; i++)
		ssc__free(ctx, cal->years[i].source);
	ssc__free(ctx, cal->years);
	ssc__free(ctx, cal);
	ssc_ctx_free(ctx);
}

static const struct cal_year *
find_year(const ssc_calendar *cal, int year)
{
	if (!cal)
		return NULL;
	for (size_t i = 0; i < cal->n_years; i++)
		if (cal->years[i].year == year)
			return &cal->years[i];
	return NULL;
}

int
ssc_calendar_has_year(const ssc_calendar *cal, int year)
{
	return find_year(cal, year) != NULL;
}

/* Working-day flag of a day number; SSC_ECALENDAR outside loaded years. */
static ssc_status
day_working(const ssc_calendar *cal, int64_t days, int *out)
{
	uint32_t date = ssc__days_to_date(days);
	int year = (int)(date / 10000);
	const struct cal_year *y = find_year(cal, year);

	if (!y)
		return ssc__error_setf(SSC_ECALENDAR, SSC_ERROR_CLASS_CALENDAR,
				       "no working-day calendar loaded for %d "
				       "(date %08u)",
				       year, (unsigned)date);
	*out = y->working[days -
			  ssc__date_to_days((uint32_t)year * 10000 + 101)];
	return SSC_OK;
}

static ssc_status
check_date(const ssc_calendar *cal, uint32_t date, const char *fn)
{
	if (!cal)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "%s: calendar is NULL", fn);
	if (!ssc__date_valid(date))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "%s: %u is not a date YYYYMMDD", fn,
				       (unsigned)date);
	return SSC_OK;
}

ssc_status
ssc_calendar_is_working_day(int *out, const ssc_calendar *cal, uint32_t date)
{
	ssc_status rc;
	int w = 0;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_calendar_is_working_day: out is NULL");
	if ((rc = check_date(cal, date, "ssc_calendar_is_working_day")))
		return rc;
	if ((rc = day_working(cal, ssc__date_to_days(date), &w)))
		return rc;
	*out = w;
	return SSC_OK;
}

ssc_status
ssc_calendar_add_working_days(uint32_t *out, const ssc_calendar *cal,
			      uint32_t date, unsigned int n)
{
	int64_t d;
	unsigned int left = n;
	ssc_status rc;
	int w = 0;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_calendar_add_working_days: out is "
				       "NULL");
	if ((rc = check_date(cal, date, "ssc_calendar_add_working_days")))
		return rc;
	d = ssc__date_to_days(date);
	if (n == 0) {
		for (;;) {
			if ((rc = day_working(cal, d, &w)))
				return rc;
			if (w)
				break;
			d++;
		}
	}
	while (left > 0) {
		d++;
		if ((rc = day_working(cal, d, &w)))
			return rc;
		if (w)
			left--;
	}
	*out = ssc__days_to_date(d);
	return SSC_OK;
}

ssc_status
ssc_calendar_working_days_between(int *out, const ssc_calendar *cal,
				  uint32_t from, uint32_t to)
{
	int64_t a, b;
	int count = 0, sign = 1, w = 0;
	ssc_status rc;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_calendar_working_days_between: out "
				       "is NULL");
	if ((rc = check_date(cal, from, "ssc_calendar_working_days_between")) ||
	    (rc = check_date(cal, to, "ssc_calendar_working_days_between")))
		return rc;
	a = ssc__date_to_days(from);
	b = ssc__date_to_days(to);
	if (b < a) {
		int64_t t = a;
		a = b;
		b = t;
		sign = -1;
	}
	for (int64_t d = a + 1; d <= b; d++) {
		if ((rc = day_working(cal, d, &w)))
			return rc;
		count += w;
	}
	*out = sign * count;
	return SSC_OK;
}

ssc_status
ssc_calendar_deadline(int64_t *out_ms, const ssc_calendar *cal,
		      int64_t start_ms, int unit, unsigned int amount)
{
	uint32_t start, end;
	ssc_status rc;

	if (!out_ms)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_calendar_deadline: out is NULL");
	switch (unit) {
	case SSC_DEADLINE_HOURS:
		if (amount > 24u * 366 * 100)
			return ssc__error_setf(SSC_EINVAL,
					       SSC_ERROR_CLASS_INVALID,
					       "deadline of %u hours is too far",
					       amount);
		*out_ms = start_ms + (int64_t)amount * 3600 * 1000;
		return SSC_OK;
	case SSC_DEADLINE_WORKING_DAYS:
		if ((rc = ssc_date_from_time(&start, start_ms)))
			return rc;
		if ((rc = ssc_calendar_add_working_days(&end, cal, start,
							amount)))
			return rc;
		*out_ms = (ssc__date_to_days(end) + 1) * SSC__DAY_MS -
			  SSC__CST_OFFSET_MS - 1;
		return SSC_OK;
	default:
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_calendar_deadline: unknown unit %d",
				       unit);
	}
}
