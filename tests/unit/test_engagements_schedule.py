"""Fee schedule, fiscal years and task due dates of an activated engagement (pure rules)."""

from datetime import date

import pytest

from domain.catalogue.model import BillingMode, DueAnchor, DueRule, MissionType, TaskTemplate
from domain.engagements.model import Mission
from domain.engagements.schedule import (current_fiscal_year, fiscal_year_from_start, instalments_for, main_grade,
                                         month_periods, share_out, split_evenly, tasks_for)


def mission(mode: BillingMode, fee: int, start=date(2027, 1, 1), end=date(2027, 12, 31)) -> Mission:
    return Mission(id=7, client_id=1, label="Tenue", fiscal_year_start=start, fiscal_year_end=end, billing_mode=mode,
                   created_on=date(2026, 11, 20), fee_cents=fee)


@pytest.mark.parametrize("total", [100_001, 120_000, 11, 0, 1_234_567])
def test_monthly_forfait_is_twelve_instalments_summing_exactly_to_the_cent(total):
    schedule = instalments_for(mission(BillingMode.MONTHLY, total), 3, monthly=False)

    assert len(schedule) == 12
    assert sum(i.amount_cents for i in schedule) == total
    assert len({i.amount_cents for i in schedule[:11]}) == 1  # eleven equal, the last absorbs the rounding
    assert {i.engagement_id for i in schedule} == {3} and {i.mission_id for i in schedule} == {7}


def test_one_thousand_euros_and_one_cent_a_year():
    amounts = [i.amount_cents for i in instalments_for(mission(BillingMode.MONTHLY, 100_001), 1, monthly=False)]

    assert amounts == [8_333] * 11 + [8_338]


def test_monthly_instalments_are_due_on_the_first_day_of_each_month_of_the_fiscal_year():
    schedule = instalments_for(mission(BillingMode.MONTHLY, 1200, date(2026, 7, 1), date(2027, 6, 30)), 1,
                               monthly=False)

    assert [i.due_on for i in schedule] == [date(2026, m, 1) for m in range(7, 13)] + [date(2027, m, 1)
                                                                                     for m in range(1, 7)]
    assert (schedule[0].period_start, schedule[0].period_end) == (date(2026, 7, 1), date(2026, 7, 31))
    assert schedule[-1].period_end == date(2027, 6, 30)
    assert schedule[0].label == "Tenue — juillet 2026"


def test_annual_forfait_is_due_at_fiscal_year_end_unless_the_quote_is_mensualise():
    [single] = instalments_for(mission(BillingMode.ANNUAL, 250_000), 1, monthly=False)
    monthly = instalments_for(mission(BillingMode.ANNUAL, 250_000), 1, monthly=True)

    assert (single.due_on, single.amount_cents, single.billing_mode) == (date(2027, 12, 31), 250_000,
                                                                          BillingMode.ANNUAL)
    assert len(monthly) == 12 and sum(i.amount_cents for i in monthly) == 250_000


@pytest.mark.parametrize("mode", [BillingMode.UNIT, BillingMode.TIME_SPENT])
def test_unit_and_time_spent_have_no_planned_instalment(mode):
    assert instalments_for(mission(mode, 48_000), 1, monthly=True) == []


def test_replanning_from_a_month_bills_only_what_remains():
    schedule = instalments_for(mission(BillingMode.MONTHLY, 120_000), 1, monthly=False, from_day=date(2027, 11, 20),
                               already_planned_cents=83_330)

    assert [(i.due_on, i.amount_cents) for i in schedule] == [(date(2027, 11, 1), 18_335), (date(2027, 12, 1), 18_335)]


def test_split_and_share_are_exact():
    assert split_evenly(100, 3) == [33, 33, 34]
    assert split_evenly(5, 0) == []
    assert share_out(1_000, [100_001, 250_000]) == [286, 714]
    assert sum(share_out(999, [1, 1, 1])) == 999
    assert share_out(10, [0, 0]) == [5, 5]


def test_fiscal_years():
    assert fiscal_year_from_start(date(2027, 1, 1)) == (date(2027, 1, 1), date(2027, 12, 31))
    assert fiscal_year_from_start(date(2027, 7, 1)) == (date(2027, 7, 1), date(2028, 6, 30))
    assert current_fiscal_year((31, 12), date(2026, 11, 20)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert current_fiscal_year((31, 12), date(2027, 1, 1)) == (date(2027, 1, 1), date(2027, 12, 31))
    assert current_fiscal_year((30, 6), date(2026, 11, 20)) == (date(2026, 7, 1), date(2027, 6, 30))
    assert current_fiscal_year((30, 6), date(2026, 6, 30)) == (date(2025, 7, 1), date(2026, 6, 30))
    assert current_fiscal_year((29, 2), date(2026, 11, 20)) == (date(2026, 3, 1), date(2027, 2, 28))
    assert current_fiscal_year((29, 2), date(2027, 11, 20)) == (date(2027, 3, 1), date(2028, 2, 29))
    assert len(month_periods(date(2027, 1, 15), date(2028, 1, 14))) == 12


def test_tasks_take_the_due_date_of_their_rule_and_their_main_grade():
    mission_type = MissionType(id=1, code="liasse", label="Liasse", billing_mode=BillingMode.ANNUAL, tasks=(
        TaskTemplate(id=2, label="Liasse fiscale", due=DueRule(DueAnchor.FISCAL_YEAR_END, 4, 15),
                     minutes_by_grade=((10, 60), (11, 240)), position=1),
        TaskTemplate(id=1, label="Lettre de mission", due=DueRule(DueAnchor.FISCAL_YEAR_START, 1, 0),
                     minutes_by_grade=((10, 30),), position=0)))

    tasks = tasks_for(mission_type, mission(BillingMode.ANNUAL, 0))

    assert [(t.label, t.due_on, t.grade_id, t.estimated_minutes, t.position) for t in tasks] == [
        ("Lettre de mission", date(2027, 2, 1), 10, 30, 0),
        ("Liasse fiscale", date(2028, 5, 15), 11, 300, 1)]
    assert tasks_for(None, mission(BillingMode.ANNUAL, 0)) == []
    assert main_grade(()) is None and main_grade(((1, 30), (2, 30))) == 1
