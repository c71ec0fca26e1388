"""Pipeline statistics on a hand-made scenario; every expected figure is worked out in the comments."""

from datetime import UTC, date, datetime
from decimal import Decimal

from domain.pipeline.model import Prospect, Stage, StageChange
from domain.pipeline.stats import by_month, by_owner, last_months, open_pipeline, reached, total

TODAY = date(2026, 11, 20)


def prospect(pid, created, stage, fees_euros, owner, closed=None):
    return Prospect(id=pid, name=f"P{pid}", created_on=created, stage_changed_on=closed or created, stage=stage,
                    expected_fees_cents=fees_euros * 100, owner_id=owner, closed_on=closed)


SCENARIO = [
    prospect(1, date(2026, 9, 5), Stage.WON, 10_000, 1, date(2026, 10, 10)),   # A
    prospect(2, date(2026, 9, 12), Stage.LOST, 5_000, 1, date(2026, 9, 30)),   # B
    prospect(3, date(2026, 9, 20), Stage.QUALIFIED, 3_000, 2),                  # C
    prospect(4, date(2026, 10, 1), Stage.WON, 6_000, 2, date(2026, 11, 2)),    # D
    prospect(5, date(2026, 10, 15), Stage.LOST, 2_000, None, date(2026, 11, 5)),  # E
    prospect(6, date(2026, 10, 20), Stage.LOST, 1_000, 2, date(2026, 10, 25)),  # F
    prospect(7, date(2026, 11, 3), Stage.NEW, 4_000, 1),                        # G
    prospect(8, date(2026, 11, 10), Stage.QUOTE_SENT, 8_000, 2),                # H
    prospect(9, date(2025, 10, 10), Stage.WON, 7_000, 1, date(2026, 1, 15)),   # I: created before the window
]


def test_last_months_spans_a_year_boundary():
    assert last_months(date(2026, 2, 14), 4) == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1),
                                                 date(2026, 2, 1)]


def test_by_month_counts_cohorts_by_creation_and_won_fees_by_closing():
    rows = {r.key: r for r in by_month(SCENARIO, TODAY)}

    assert list(rows) == last_months(TODAY, 12)  # December 2025 … November 2026, empty months included
    sept, octo, nov = rows[date(2026, 9, 1)], rows[date(2026, 10, 1)], rows[date(2026, 11, 1)]
    # September: A, B, C created; A won, B lost → 1 / 2 = 50 %; nothing won in September.
    assert (sept.created, sept.won, sept.lost, sept.conversion_rate, sept.won_fees_cents) == (
        3, 1, 1, Decimal("50.0"), 0)
    # October: D, E, F created; D won, E and F lost → 1 / 3 = 33.3 %; A (10 000 €) won in October.
    assert (octo.created, octo.won, octo.lost, octo.conversion_rate, octo.won_fees_cents) == (
        3, 1, 2, Decimal("33.3"), 1_000_000)
    # November: G and H still open → no rate yet; D (6 000 €) won in November.
    assert (nov.created, nov.closed, nov.conversion_rate, nov.won_fees_cents) == (2, 0, None, 600_000)
    # January: nothing created, but I (created October 2025, outside the window) was won: 7 000 €.
    assert (rows[date(2026, 1, 1)].created, rows[date(2026, 1, 1)].won_fees_cents) == (0, 700_000)
    assert rows[date(2025, 12, 1)] == type(sept)(date(2025, 12, 1))
    # Total: 8 created in the window, 2 won, 3 lost → 40 %; fees 10 000 + 6 000 + 7 000 €.
    grand = total(list(rows.values()))
    assert (grand.created, grand.won, grand.lost, grand.conversion_rate, grand.won_fees_cents) == (
        8, 2, 3, Decimal("40.0"), 2_300_000)


def test_by_owner_counts_the_period_and_sorts_by_won_fees():
    rows = by_owner(SCENARIO, date(2026, 9, 1), TODAY)

    assert [(r.key, r.created, r.won, r.lost, r.conversion_rate, r.won_fees_cents) for r in rows] == [
        (1, 3, 1, 1, Decimal("50.0"), 1_000_000),   # A, B, G; I won in January is outside the period
        (2, 4, 1, 1, Decimal("50.0"), 600_000),     # C, D, F, H
        (None, 1, 0, 1, Decimal("0.0"), 0),         # E lost: a 0 % rate, not "no rate"
    ]


def test_open_pipeline_sums_and_weights_each_open_stage():
    assert [(v.stage, v.count, v.fees_cents, v.weighted_cents) for v in open_pipeline(SCENARIO)] == [
        (Stage.NEW, 1, 400_000, 40_000),            # G at 10 %
        (Stage.QUALIFIED, 1, 300_000, 90_000),      # C at 30 %
        (Stage.QUOTE_SENT, 1, 800_000, 480_000),    # H at 60 %
    ]


def test_reached_counts_distinct_prospects_per_stage():
    at = datetime(2026, 11, 20, tzinfo=UTC)
    changes = [StageChange(1, None, Stage.NEW, TODAY, at), StageChange(1, Stage.NEW, Stage.QUOTE_SENT, TODAY, at),
               StageChange(2, None, Stage.NEW, TODAY, at), StageChange(2, Stage.NEW, Stage.LOST, TODAY, at),
               StageChange(2, Stage.LOST, Stage.NEW, TODAY, at)]

    assert reached(changes) == {Stage.NEW: 2, Stage.QUALIFIED: 0, Stage.QUOTE_SENT: 1, Stage.WON: 0, Stage.LOST: 1}
