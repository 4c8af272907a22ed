# SPDX-License-Identifier: Apache-2.0
"""Calendar: working days over holidays and make-up days, with
datetime.date in and out."""

import datetime as dt

import pytest

import socialcard
from socialcard import Calendar, DeadlineUnit

CN = dt.timezone(dt.timedelta(hours=8))


def test_national_day_is_skipped():
    cal = Calendar()
    assert cal.has_year(2026) and not cal.has_year(1999)
    assert not cal.is_working_day(dt.date(2026, 10, 1))
    nxt = cal.add_working_days(dt.date(2026, 9, 30), 1)
    assert nxt > dt.date(2026, 10, 7)
    assert cal.working_days_between(dt.date(2026, 9, 30), nxt) == 1
    assert cal.working_days_between(nxt, dt.date(2026, 9, 30)) == -1


def test_plain_week():
    cal = Calendar()
    # Monday 2026-03-02 + 5 working days = Monday 2026-03-09
    assert cal.add_working_days(dt.date(2026, 3, 2), 5) == dt.date(2026, 3, 9)
    assert cal.add_working_days(dt.date(2026, 3, 2), 0) == dt.date(2026, 3, 2)


def test_deadline():
    cal = Calendar()
    start = dt.datetime(2026, 3, 2, 10, 0, tzinfo=CN)
    due = cal.deadline(start, DeadlineUnit.HOURS, 24)
    assert due == start + dt.timedelta(hours=24)
    due = cal.deadline(start, DeadlineUnit.WORKING_DAYS, 5)
    assert due.astimezone(CN).date() == dt.date(2026, 3, 9)
    with pytest.raises(ValueError):
        cal.deadline(dt.datetime(2026, 3, 2), DeadlineUnit.HOURS, 1)


def test_missing_year_and_bad_input():
    cal = Calendar(empty=True)
    assert not cal.has_year(2026)
    with pytest.raises(socialcard.CalendarError):
        cal.add_working_days(dt.date(2026, 3, 2), 1)
    with pytest.raises(socialcard.ParseError):
        cal.load_json("[")
    with pytest.raises(ValueError):
        Calendar().add_working_days(dt.date(2026, 3, 2), -1)
    with pytest.raises(TypeError):
        Calendar().is_working_day("2026-03-02")
