"""Time entry rules: durations typed the French way and their refusals, the week, valuation at the rate in
force on the entry's day."""

from datetime import date

import pytest

from domain.errors import InvalidInput
from domain.firm.model import GradeRate
from domain.timesheets.model import Activity, TimeEntry, week_start
from domain.timesheets.queries import value_cents
from domain.timesheets.validation import check_day_totals, check_in_week, minutes_text, parse_duration


@pytest.mark.parametrize("typed, minutes", [("1,5", 90), ("1.5", 90), ("1:30", 90), ("1h30", 90), ("2h", 120),
                                            ("90 min", 90), ("45mn", 45), ("", 0), (None, 0), (2, 120),
                                            ("0,25", 15), ("24", 1440)])
def test_durations_typed_the_french_way(typed, minutes):
    assert parse_duration(typed) == minutes


@pytest.mark.parametrize("typed, message", [("-1", "négative"), ("25", "24 heures"), ("1:75", "0 à 59"),
                                            ("abc", "n'est pas une durée"), ("1500 min", "24 heures")])
def test_bad_durations_are_refused_in_french(typed, message):
    with pytest.raises(InvalidInput, match=message):
        parse_duration(typed)


def test_minutes_are_shown_as_french_hours():
    assert (minutes_text(90), minutes_text(0), minutes_text(420), minutes_text(20)) == ("1,5", "", "7", "0,33")


def test_week_rules():
    assert week_start(date(2026, 11, 22)) == date(2026, 11, 16) == week_start(date(2026, 11, 16))
    check_in_week(date(2026, 11, 22), date(2026, 11, 16))
    with pytest.raises(InvalidInput, match="pas dans la semaine"):
        check_in_week(date(2026, 11, 23), date(2026, 11, 16))
    day = date(2026, 11, 17)
    entries = [TimeEntry(0, 1, day, 720, Activity.PRODUCTION), TimeEntry(0, 1, day, 721, Activity.TRAVEL)]
    with pytest.raises(InvalidInput, match="24 heures"):
        check_day_totals(entries)
    with pytest.raises(InvalidInput, match="positive"):
        check_day_totals([TimeEntry(0, 1, day, 0)])
    assert Activity.TRAINING.internal and not Activity.PRODUCTION.internal
    assert Activity.INTERNAL_MEETING.label == "Réunion interne"


def test_valuation_uses_the_rate_in_force_on_the_entrys_day():
    rates = [GradeRate(1, 7, date(2025, 1, 1), 10_000, 5_000), GradeRate(2, 7, date(2026, 1, 1), 12_000, 6_000)]
    assert value_cents(90, 7, date(2025, 12, 31), rates) == 15_000
    assert value_cents(90, 7, date(2026, 1, 1), rates) == 18_000
    assert value_cents(90, 7, date(2024, 6, 1), rates) == 0  # no rate yet
    assert value_cents(90, None, date(2026, 1, 1), rates) == 0
