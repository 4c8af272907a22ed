/* SPDX-License-Identifier: Apache-2.0 */
/*
 * calendar.h: the Calendar class over ssc_calendar (working days, public
 * holidays and 调休 make-up days), with datetime.date in and out.
 *
 *   Calendar(ctx=None, *, empty=False)   built-in years unless empty
 *   cal.load_json(str) / cal.load_file(path)
 *   cal.add_working_days(date, n) → date
 *   cal.working_days_between(a, b) → int
 *   cal.deadline(start: datetime, unit, amount) → datetime
 *
 * Rulebook.calendar returns the rulebook's own Calendar, borrowed (it
 * keeps the rulebook alive).
 */
%ignore ssc_calendar_new;
%ignore ssc_calendar_free;
%include "socialcard/calendar.h"

%rename(Calendar) ssc_calendar;
%nodefaultctor ssc_calendar;
struct ssc_calendar {};
%nothread ssc_calendar::ssc_calendar;
%exception ssc_calendar::~ssc_calendar {
	$action
}
%exception ssc_calendar::ssc_calendar {
	$action
	if (!result)
		SWIG_fail;
}
%feature("shadow") ssc_calendar::ssc_calendar %{
def __init__(self, ctx=None, *, empty=False):
    """A calendar in ``ctx`` (a private Context when None) holding the
    built-in years, or none when ``empty``."""
    flags = CALENDAR_EMPTY if empty else 0
    _socialcard.Calendar_swiginit(self, $action(_util.context(ctx), flags))
%}
%extend ssc_calendar {
	ssc_calendar(ssc_ctx *ctx, unsigned int flags) {
		ssc_calendar *c = NULL;
		ssc_status rc = ssc_calendar_new(&c, ctx, flags);
		if (rc < 0)
			ssc_py_raise(rc);
		return c;
	}
	~ssc_calendar() {
		ssc_calendar_free($self);
	}
	%pythoncode %{
    def load_json(self, text: str) -> None:
        """Load years from JSON text (see doc/calendar.md); ParseError on
        bad input, the calendar unchanged."""
        calendar_load_json(self, text)

    def load_file(self, path) -> None:
        """Load years from a JSON file."""
        import os
        calendar_load_file(self, os.fspath(path))

    def has_year(self, year: int) -> bool:
        return bool(calendar_has_year(self, int(year)))

    def is_working_day(self, day) -> bool:
        """Whether ``day`` (datetime.date) is a working day.  Raises
        CalendarError when the year is not loaded."""
        return bool(calendar_is_working_day(self, _util.ymd_from_date(day)))

    def add_working_days(self, day, n: int):
        """The date ``n`` working days after ``day``."""
        if n < 0:
            raise ValueError("n must not be negative")
        return _util.date_from_ymd(calendar_add_working_days(
            self, _util.ymd_from_date(day), n))

    def working_days_between(self, start, end) -> int:
        """Working days after ``start`` up to and including ``end``
        (negative when ``end`` is earlier)."""
        return calendar_working_days_between(
            self, _util.ymd_from_date(start), _util.ymd_from_date(end))

    def deadline(self, start, unit, amount: int):
        """The deadline ``amount`` working days or hours (DeadlineUnit)
        after ``start`` (an aware datetime or int ms); an aware UTC
        datetime."""
        if amount < 0:
            raise ValueError("amount must not be negative")
        return _util.datetime_from_ms(calendar_deadline(
            self, _util.ms_from_datetime(start), int(unit), amount))

    def __repr__(self):
        years = [y for y in range(2000, 2100) if calendar_has_year(self, y)]
        return "<socialcard.Calendar years=%s>" % years
	%}
}
