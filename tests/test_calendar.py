"""Working-day calendar and deadline arithmetic: weekends, holidays, cuti bersama, local closures."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.calendar import (
    DEFAULT_DAYS,
    WorkingCalendar,
    close_day,
    closures,
    national_holidays,
    reopen_day,
    site_calendar,
    working_day_deadline,
)
from counter_app.errors import ValidationError

FIVE = WorkingCalendar(week=5)
SIX = WorkingCalendar(week=6)

MON_16_MAR_2026 = date(2026, 3, 16)


def test_weekends_for_5_and_6_day_weeks():
    saturday, sunday = date(2026, 3, 7), date(2026, 3, 8)
    assert FIVE.reason_closed(saturday) == "akhir pekan"
    assert FIVE.reason_closed(sunday) == "akhir pekan"
    assert SIX.is_working_day(saturday)
    assert SIX.reason_closed(sunday) == "akhir pekan"
    assert FIVE.is_working_day(date(2026, 3, 9))


def test_holidays_include_cuti_bersama_and_are_named_in_indonesian():
    h = national_holidays(2026)
    # Nyepi and Idul Fitri 1447 H with their cuti bersama (SKB 3 Menteri for 2026)
    for day in (18, 19, 20, 23, 24):
        assert date(2026, 3, day) in h
    assert date(2026, 8, 17) in h
    assert "Kemerdekaan" in h[date(2026, 8, 17)]
    assert "Idul Fitri" in FIVE.reason_closed(date(2026, 3, 23))


def test_lebaran_2026_is_skipped():
    # Tue 17 is the only working day before Nyepi/Lebaran; then Wed 25 March.
    assert FIVE.add_working_days(MON_16_MAR_2026, 1) == date(2026, 3, 17)
    assert FIVE.add_working_days(MON_16_MAR_2026, 2) == date(2026, 3, 25)
    assert FIVE.add_working_days(MON_16_MAR_2026, DEFAULT_DAYS) == date(2026, 3, 30)
    # six-day week: Saturday 28 March counts, Saturday 21 March is Idul Fitri itself
    assert SIX.add_working_days(MON_16_MAR_2026, 5) == date(2026, 3, 28)
    # starting inside the holiday block
    assert FIVE.add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 25)


def test_year_end_2026_into_2027():
    # Wed 23 Dec 2026: 24 cuti bersama, 25 Natal, weekend, 28–31 Dec, 1 Jan, weekend, Mon 4 Jan
    assert FIVE.add_working_days(date(2026, 12, 23), 5) == date(2027, 1, 4)
    assert FIVE.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert SIX.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 2)


def test_zero_days_is_day_0_itself_or_the_next_working_day():
    assert FIVE.add_working_days(MON_16_MAR_2026, 0) == MON_16_MAR_2026
    assert FIVE.add_working_days(date(2026, 3, 21), 0) == date(2026, 3, 25)
    assert FIVE.add_working_days(date(2026, 3, 14), 0) == MON_16_MAR_2026  # Saturday
    assert SIX.add_working_days(date(2026, 3, 14), 0) == date(2026, 3, 14)


def test_day_0_is_not_counted_even_on_a_weekend():
    # requirements complete on Saturday 14 March: day 1 is Monday 16
    assert FIVE.add_working_days(date(2026, 3, 14), 1) == MON_16_MAR_2026


def test_bad_day_counts_and_weeks_are_refused():
    with pytest.raises(ValidationError) as info:
        FIVE.add_working_days(MON_16_MAR_2026, -1)
    assert info.value.field == "days"
    with pytest.raises(ValidationError):
        FIVE.add_working_days(MON_16_MAR_2026, 366)
    with pytest.raises(ValidationError) as info:
        WorkingCalendar(week=7)
    assert info.value.field == "week"


# ------------------------------------------------------------------ properties
starts = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
# the hard spans: Nyepi + Lebaran 2026 (18–24 March) and the turns of the year
hard_starts = st.one_of(
    st.dates(min_value=date(2026, 3, 9), max_value=date(2026, 3, 27)),
    st.dates(min_value=date(2025, 12, 18), max_value=date(2026, 1, 5)),
    st.dates(min_value=date(2026, 12, 17), max_value=date(2027, 1, 5)),
)
weeks = st.sampled_from([5, 6])
local = st.sets(st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 3, 31)), max_size=8)
OFFICIAL = holidays.country_holidays("ID", categories=("public", "government"), years=range(2025, 2029))


def oracle(start: date, days: int, week: int, closed: set[date]) -> date:
    """Deadline by brute force, straight from the holidays package."""
    def working(d: date) -> bool:
        return d.weekday() < week and d not in OFFICIAL and d not in closed

    d = start
    if days == 0:
        while not working(d):
            d += timedelta(1)
        return d
    while days:
        d += timedelta(1)
        days -= working(d)
    return d


@settings(max_examples=300, deadline=None)
@given(hard_starts, st.integers(0, 12), weeks)
def test_deadline_over_lebaran_and_year_end_matches_brute_force(start, days, week):
    due = WorkingCalendar(week=week).add_working_days(start, days)
    assert due == oracle(start, days, week, set())
    assert due not in OFFICIAL and due.weekday() < week
    assert not (date(2026, 3, 18) <= due <= date(2026, 3, 24))


@settings(max_examples=300, deadline=None)
@given(starts, st.integers(0, 40), weeks, local)
def test_deadline_is_the_nth_working_day_after_day_0(start, days, week, closed):
    cal = WorkingCalendar({d: "penutupan lokal" for d in closed}, week)
    due = cal.add_working_days(start, days)
    assert due == oracle(start, days, week, closed)
    assert cal.is_working_day(due)
    assert due >= start
    if days == 0:
        # the same day, or the first working day after it
        assert all(not cal.is_working_day(start + timedelta(n)) for n in range((due - start).days))
    else:
        assert due > start
        assert cal.working_days_between(start, due) == days
        # and no earlier day would do
        assert cal.working_days_between(start, due - timedelta(1)) == days - 1
    for d in closed:
        assert d != due


@settings(max_examples=100, deadline=None)
@given(starts, st.integers(0, 20), st.integers(0, 20), weeks)
def test_deadlines_compose_and_grow(start, a, b, week):
    cal = WorkingCalendar(week=week)
    if a:
        assert cal.add_working_days(cal.add_working_days(start, a), b) == cal.add_working_days(start, a + b)
    assert cal.add_working_days(start, a) <= cal.add_working_days(start, a + 1)


@settings(max_examples=100, deadline=None)
@given(starts, st.integers(0, 20))
def test_a_six_day_week_is_never_later(start, days):
    assert SIX.add_working_days(start, days) <= FIVE.add_working_days(start, days)


# ------------------------------------------------------------------ site calendar (real db)
def test_local_closure_moves_the_deadline_and_reopening_restores_it(session):
    assert working_day_deadline(session, MON_16_MAR_2026, 1) == date(2026, 3, 17)
    close_day(session, date(2026, 3, 17), "Banjir: gedung MPP ditutup")
    assert working_day_deadline(session, MON_16_MAR_2026, 1) == date(2026, 3, 25)
    assert site_calendar(session).reason_closed(date(2026, 3, 17)) == "Banjir: gedung MPP ditutup"
    assert [c["day"] for c in closures(session)] == ["2026-03-17"]
    reopen_day(session, date(2026, 3, 17))
    assert working_day_deadline(session, MON_16_MAR_2026, 1) == date(2026, 3, 17)
    assert closures(session) == []


def test_unset_completion_time_defaults_to_5_working_days(session):
    assert working_day_deadline(session, MON_16_MAR_2026, None) == date(2026, 3, 30)
    assert working_day_deadline(session, MON_16_MAR_2026, None, week=6) == date(2026, 3, 28)


def test_closure_needs_a_reason_and_nothing_is_written(session):
    before = session.store.scalar("SELECT count(*) FROM events")
    with pytest.raises(ValidationError) as info:
        close_day(session, date(2026, 3, 17), "  ")
    assert info.value.field == "reason"
    with pytest.raises(ValidationError):
        reopen_day(session, date(2026, 3, 17))  # not closed
    assert session.store.scalar("SELECT count(*) FROM events") == before
