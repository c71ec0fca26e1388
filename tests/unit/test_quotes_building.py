"""Building quote lines from the catalogue at the rates of the quote's date (domain/quotes/building.py)."""

from datetime import date

import pytest

from domain.catalogue.model import BillingMode, MissionType, TaskTemplate
from domain.errors import InvalidInput
from domain.firm.model import Grade, GradeRate
from domain.quotes.building import (default_valid_until, extra_line, line_from_mission_type, parse_hours,
                                    priced_unit, revalued, selling_rates, valued_hours, with_hours)
from domain.quotes.model import GradeHours, LineKind

GRADES = [Grade(1, "associe", "Associé", 1), Grade(3, "chef_mission", "Chef de mission", 3),
          Grade(4, "collaborateur", "Collaborateur", 4)]
RATES = [
    GradeRate(1, 1, date(2025, 1, 1), 17000, 9000), GradeRate(2, 1, date(2026, 1, 1), 18000, 9500),
    GradeRate(3, 1, date(2027, 1, 1), 19000, 9900),  # not yet in force on a 2026 quote
    GradeRate(4, 3, date(2026, 1, 1), 10500, 5000), GradeRate(5, 4, date(2026, 1, 1), 8000, 3800),
]
TENUE = MissionType(
    10, "tenue", "Tenue comptable", BillingMode.MONTHLY, tasks=(
        TaskTemplate(1, "Saisie", minutes_by_grade=((4, 1200),)),
        TaskTemplate(2, "Révision", minutes_by_grade=((3, 300), (1, 60))),
        TaskTemplate(3, "Bilan", minutes_by_grade=((4, 240), (1, 60))),
    ))


def test_the_selling_rate_of_each_grade_is_the_one_in_force_on_the_quote_date():
    assert selling_rates(RATES, date(2026, 11, 20)) == {1: 18000, 3: 10500, 4: 8000}
    assert selling_rates(RATES, date(2025, 6, 1)) == {1: 17000}
    assert selling_rates(RATES, date(2027, 1, 1))[1] == 19000


def test_a_catalogue_line_takes_the_work_programme_hours_valued_in_grade_rank_order():
    line = line_from_mission_type(TENUE, selling_rates(RATES, date(2026, 11, 20)), GRADES)

    assert line.hours == (GradeHours(1, 120, 18000), GradeHours(3, 300, 10500), GradeHours(4, 1440, 8000))
    # 2 h × 180 + 5 h × 105 + 24 h × 80 = 360 + 525 + 1 920
    assert line.computed_cents == 280500
    assert line.fee_cents == 280500  # no default fee in the catalogue: the computed value
    assert (line.label, line.billing_mode, line.mission_type_id, line.kind) == (
        "Tenue comptable", BillingMode.MONTHLY, 10, LineKind.MISSION)


def test_the_default_fee_of_the_catalogue_is_the_proposed_price():
    from dataclasses import replace

    line = line_from_mission_type(replace(TENUE, default_fee_cents=250000), selling_rates(RATES, date(2026, 11, 20)))
    assert (line.fee_cents, line.computed_cents) == (250000, 280500)


def test_a_unit_priced_type_is_quantity_times_unit_price():
    payroll = MissionType(11, "paie", "Bulletins de paie", BillingMode.UNIT, unit_price_cents=2750,
                          unit_label="bulletin")

    line = line_from_mission_type(payroll, {}, quantity=36)
    assert (line.quantity, line.unit_price_cents, line.fee_cents, line.hours) == (36, 2750, 99000, ())
    assert priced_unit(line, 12, 3000).fee_cents == 36000


def test_hours_typed_per_grade_are_revalued_and_zero_hours_dropped():
    rates = selling_rates(RATES, date(2026, 11, 20))
    line = with_hours(line_from_mission_type(TENUE, rates, GRADES), {4: 600, 1: 0, 3: 90}, rates, GRADES)

    assert line.hours == (GradeHours(3, 90, 10500), GradeHours(4, 600, 8000))
    assert line.computed_cents == 15750 + 80000
    assert revalued(line, {3: 11000}).hours == (GradeHours(3, 90, 11000), GradeHours(4, 600, 8000))
    assert valued_hours({9: 60}, rates) == (GradeHours(9, 60, 0),)  # a grade without a rate is worth nothing


def test_an_extra_is_time_spent_and_carries_no_price():
    line = extra_line("Assistance contrôle fiscal")
    assert (line.kind, line.billing_mode, line.fee_cents) == (LineKind.EXTRA, BillingMode.TIME_SPENT, 0)


def test_validity_defaults_to_thirty_days():
    assert default_valid_until(date(2026, 11, 20)) == date(2026, 12, 20)
    assert default_valid_until(date(2026, 2, 10)) == date(2026, 3, 12)


@pytest.mark.parametrize("text, minutes", [
    ("12,5", 750), ("12.5", 750), (12.5, 750), ("7 h 30", 450), ("7h", 420), ("", 0), (None, 0), (0.01, 1),
    ("1 200", 72000),
])
def test_hours_typed_the_french_way_become_minutes(text, minutes):
    assert parse_hours(text) == minutes


@pytest.mark.parametrize("text, message", [
    ("-1", "Heures : une durée ne peut pas être négative."),
    ("abc", "Heures : « abc » n'est pas une durée valide."),
    ("inf", "Heures : « inf » n'est pas une durée valide."),
    ("1e9", "Heures : durée trop élevée."),
])
def test_impossible_hours_are_refused_in_french(text, message):
    with pytest.raises(InvalidInput) as err:
        parse_hours(text)
    assert err.value.message == message


def test_the_editor_table_round_trips_lines_and_parses_french_amounts():
    from domain.quotes.building import lines_from_rows, table_rows

    rates = selling_rates(RATES, date(2026, 11, 20))
    tenue = line_from_mission_type(TENUE, rates, GRADES)
    payroll = priced_unit(line_from_mission_type(
        MissionType(11, "paie", "Paie", BillingMode.UNIT, unit_price_cents=2750), rates), 12, 2750)
    rows = table_rows((tenue, payroll, extra_line("Conseil")), GRADES)

    assert rows[0]["fee"] == "2805,00" and rows[0]["h4"] == 24.0 and rows[0]["h1"] == 2.0
    assert lines_from_rows(rows, GRADES, rates) == (tenue, replace_position(payroll, 1),
                                                   replace_position(extra_line("Conseil"), 2))
    rows[0].update(fee="2 500,50", h4=12.5)
    rows[1].update(quantity=24)
    rows.append({"label": "", "fee": None})  # a blank row added by mistake
    lines = lines_from_rows(rows, GRADES, rates)
    assert lines[0].fee_cents == 250050 and lines[0].minutes_of(4) == 750
    assert lines[1].fee_cents == 24 * 2750
    assert len(lines) == 3


def replace_position(line, position):
    from dataclasses import replace

    return replace(line, position=position)


def test_every_problem_of_the_editor_table_is_reported_at_once():
    from domain.quotes.building import lines_from_rows

    rows = [{"label": "A", "kind": "Mission (au forfait)", "mode": "Forfait annuel", "fee": "12,345", "h1": -1},
            {"label": "B", "kind": "Mission (au forfait)", "mode": "Unitaire", "unit_price": "10", "quantity": 1.5}]
    with pytest.raises(InvalidInput) as err:
        lines_from_rows(rows, GRADES, {})
    assert err.value.message.split(" ; ") == [
        "Ligne 1, heures Associé : une durée ne peut pas être négative.",
        "Ligne 1, prix proposé : au plus deux décimales.",
        "Ligne 2 : la quantité doit être un nombre entier positif.",
    ]
