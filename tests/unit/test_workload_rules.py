"""Capacity rules: a fifth of the weekly contract minutes per working day, nothing on weekends, public holidays
(Alsace-Moselle adds Good Friday and 26 December) and full-day absences, half on a half-day absence."""

from datetime import date

from domain.access.model import Role, User
from domain.workload.model import Absence, AbsenceKind
from domain.workload.rules import capacity, daily_capacity, holidays, holidays_between, weekly_totals

FULL = User(id=1, firm_id=1, email="a@x.fr", full_name="Anne", role=Role.COLLABORATOR, weekly_minutes=35 * 60)
PART = User(id=2, firm_id=1, email="b@x.fr", full_name="Bruno", role=Role.COLLABORATOR, weekly_minutes=28 * 60)


def absence(user_id, first, last, half=False, id_=1):
    return Absence(id_, user_id, AbsenceKind.PAID_LEAVE, first, last, half)


def test_working_day_weekend_and_holiday():
    off = holidays(2026)
    assert daily_capacity(FULL, date(2026, 11, 10), [], off) == 420  # Tuesday
    assert daily_capacity(FULL, date(2026, 11, 14), [], off) == 0  # Saturday
    assert daily_capacity(FULL, date(2026, 11, 15), [], off) == 0  # Sunday
    assert daily_capacity(FULL, date(2026, 11, 11), [], off) == 0  # Armistice, a Wednesday
    # the week of 11 November: four working days
    week = capacity(FULL, date(2026, 11, 9), date(2026, 11, 15), [], off)
    assert sum(week.values()) == 4 * 420


def test_full_and_half_day_absences_only_count_for_their_person():
    off = holidays(2026)
    leave = [absence(1, date(2026, 11, 16), date(2026, 11, 17)), absence(1, date(2026, 11, 19), date(2026, 11, 19),
                                                                         half=True, id_=2)]
    week = capacity(FULL, date(2026, 11, 16), date(2026, 11, 22), leave, off)
    assert [week[date(2026, 11, d)] for d in range(16, 23)] == [0, 0, 420, 210, 420, 0, 0]
    assert daily_capacity(PART, date(2026, 11, 16), leave, off) == 336  # someone else's absence


def test_part_time_28_hours():
    daily = capacity(PART, date(2026, 11, 2), date(2026, 11, 15), [], holidays(2026))
    assert daily[date(2026, 11, 2)] == 28 * 60 // 5 == 336
    assert weekly_totals(daily) == {date(2026, 11, 2): 5 * 336, date(2026, 11, 9): 4 * 336}


def test_alsace_moselle_adds_good_friday_and_saint_stephen():
    assert date(2026, 4, 3) not in holidays(2026)
    assert {date(2026, 4, 3), date(2026, 12, 26)} <= holidays(2026, alsace_moselle=True)
    assert holidays(2027, alsace_moselle=True) - holidays(2027) == {date(2027, 3, 26), date(2027, 12, 26)}
    good_friday = date(2026, 4, 3)
    assert daily_capacity(FULL, good_friday, [], holidays(2026)) == 420
    assert daily_capacity(FULL, good_friday, [], holidays(2026, True)) == 0
    span = holidays_between(date(2026, 12, 20), date(2027, 1, 5), True)
    assert span == {date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)}


def test_weekly_totals_are_keyed_by_iso_monday_across_years():
    daily = capacity(FULL, date(2026, 12, 28), date(2027, 1, 10), [], holidays_between(date(2026, 12, 28),
                                                                                        date(2027, 1, 10)))
    assert weekly_totals(daily) == {date(2026, 12, 28): 4 * 420, date(2027, 1, 4): 5 * 420}


def test_an_absence_lasts_less_than_a_year():
    from domain.workload.rules import anniversary

    assert anniversary(date(2027, 1, 1)) == date(2028, 1, 1)
    assert anniversary(date(2028, 2, 29)) == date(2029, 3, 1)
