"""Quote arithmetic in integer cents (domain/quotes/model.py), with hand-computed expectations."""

from datetime import date

import pytest

from domain.catalogue.model import BillingMode
from domain.quotes.building import percent_label
from domain.quotes.model import (GradeHours, LineKind, Quote, QuoteLine, QuoteStatus, divide_rounded,
                                 minutes_value_cents)

ASSOCIE, COLLAB = 1, 4


def quote(lines=(), **fields) -> Quote:
    values = dict(id=1, number="D2026-00001", status=QuoteStatus.DRAFT, created_on=date(2026, 11, 20),
                  valid_until=date(2026, 12, 20), lines=tuple(lines))
    values.update(fields)
    return Quote(**values)


TENUE = QuoteLine(1, "Tenue comptable", BillingMode.ANNUAL, fee_cents=150000,
                  hours=(GradeHours(ASSOCIE, 120, 18000), GradeHours(COLLAB, 600, 8000)))  # 360 € + 800 €
PAIE = QuoteLine(2, "Bulletins de paie", BillingMode.UNIT, quantity=24, unit_price_cents=2500, fee_cents=60000)
EXTRA = QuoteLine(3, "Situation intermédiaire", BillingMode.TIME_SPENT, kind=LineKind.EXTRA,
                  hours=(GradeHours(COLLAB, 600, 8000),), fee_cents=0)


@pytest.mark.parametrize("minutes, rate, cents", [
    (120, 18000, 36000),  # 2 h × 180 €
    (90, 10500, 15750),  # 1 h 30 × 105 €
    (1, 8000, 133),  # 133,33… → 133
    (1, 9000, 150),
    (10, 3, 1),  # 0,5 cent → 1 (half up)
    (10, 9, 2),  # 1,5 cent → 2
    (2, 3, 0),  # 0,1 cent → 0
    (0, 18000, 0),
])
def test_hours_are_valued_per_grade_and_rounded_half_up_to_the_cent(minutes, rate, cents):
    assert minutes_value_cents(minutes, rate) == cents
    assert GradeHours(ASSOCIE, minutes, rate).value_cents == cents


def test_division_rounds_half_away_from_zero_for_negative_amounts_too():
    assert [divide_rounded(n, 10) for n in (4, 5, 15, -4, -5, -15)] == [0, 1, 2, 0, -1, -2]
    with pytest.raises(ValueError):
        divide_rounded(1, 0)


def test_a_quote_adds_prices_subtracts_the_discount_and_leaves_extras_out():
    q = quote([TENUE, PAIE, EXTRA], discount_cents=10000)

    assert TENUE.computed_cents == 116000
    assert q.priced_lines == (TENUE, PAIE) and q.extra_lines == (EXTRA,)
    assert q.computed_cents == 116000  # the extra's hours are not part of the offer
    assert q.fees_cents == 210000
    assert q.total_ht_cents == 200000
    assert q.vat_cents == 40000
    assert q.total_ttc_cents == 240000


def test_the_gap_compares_the_price_of_estimated_lines_with_their_computed_value():
    q = quote([TENUE, PAIE], discount_cents=10000)

    # 1 500 € proposed − 100 € discount − 1 160 € computed; the unit-priced payroll (no hours) is left out,
    # otherwise the gap would claim +840 € over the work's value.
    assert q.gap_cents == 24000
    assert q.gap_bp == 2069  # 240 / 1 160 = 20,689… %
    assert percent_label(q.gap_bp) == "+20,69 %"


def test_a_forfait_below_the_computed_value_shows_a_negative_gap():
    q = quote([QuoteLine(1, "Révision", BillingMode.ANNUAL, fee_cents=100000,
                         hours=(GradeHours(ASSOCIE, 400, 18000),))])  # computed 1 200 €

    assert q.gap_cents == -20000
    assert q.gap_bp == -1667
    assert percent_label(q.gap_bp) == "-16,67 %"


def test_without_hours_there_is_no_gap_percentage():
    q = quote([PAIE])
    assert (q.computed_cents, q.gap_cents, q.gap_bp, percent_label(q.gap_bp)) == (0, 0, None, "—")


@pytest.mark.parametrize("ht, rate_bp, vat", [
    (1234567, 2000, 246913),  # 2 469,134 → 2 469,13
    (1, 2000, 0),  # 0,2 cent
    (3, 2000, 1),  # 0,6 cent
    (10, 550, 1),  # 5,5 %: 0,55 cent → 1
    (9, 550, 0),  # 0,495 cent → 0
    (12345, 0, 0),
])
def test_vat_is_rounded_half_up_to_the_cent(ht, rate_bp, vat):
    q = quote([QuoteLine(1, "Mission", BillingMode.ANNUAL, fee_cents=ht)], vat_rate_bp=rate_bp)
    assert (q.vat_cents, q.total_ttc_cents) == (vat, ht + vat)


def test_a_monthly_forfait_is_twelve_instalments_the_last_absorbing_the_rounding():
    q = quote([TENUE, PAIE], discount_cents=10000, monthly=True)

    assert q.monthly_cents == 16666
    assert q.monthly_ttc_cents == 20000
    schedule = q.monthly_schedule_cents()
    assert schedule == (16666,) * 11 + (16674,)
    assert sum(schedule) == q.total_ht_cents
    not_monthly = quote([TENUE])
    assert (not_monthly.monthly_cents, not_monthly.monthly_ttc_cents, not_monthly.monthly_schedule_cents()) == (
        None, None, ())


def test_the_reference_of_a_later_version_carries_its_number():
    assert quote().reference == "D2026-00001"
    assert quote(version=3).reference == "D2026-00001-v3"


def test_a_quote_targets_its_client_once_a_prospect_is_converted():
    assert quote(prospect_id=7).target == ("prospect", 7)
    assert quote(prospect_id=7, client_id=9).target == ("client", 9)
