"""The dashboards' figures on a hand-made firm (tests/integration/dashboards_support.py), on SQLite and PostgreSQL.
Every expected value is worked out in the comments from the rows the support module writes."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from data.db import engine_for
from data.models.access import UserPermissionRow
from data.models.engagements import MissionRow
from data.models.production import TimeEntryRow
from domain.collections.aging import BUCKETS
from domain.dashboards import queries
from domain.dashboards.model import PeriodChoice
from domain.errors import PermissionDenied
from tests.integration.dashboards_support import TODAY, build
from tests.integration.planning_support import uow

MONTH = PeriodChoice.MONTH


def test_partner_fees_compare_month_and_year_to_date_with_last_year(firm):
    build(firm)
    board = queries.partner(uow(firm), firm.principal(), TODAY, MONTH)
    # November 2026: F-2026-3 500 € of fees (its 30 € disbursement left out), credit note AV-2026-1 −100 €;
    # the 999.99 € draft does not count.
    assert board.fees_month_cents == 50000 - 10000
    assert board.fees_month_last_year_cents == 30000  # F-2025-2 on 7 November 2025
    # Since 1 January: F-2026-2 800 € + 500 € − 100 €; a year earlier, to 20 November 2025: 1,000 € + 300 €.
    assert board.fees_ytd_cents == 80000 + 50000 - 10000
    assert board.fees_ytd_last_year_cents == 100000 + 30000
    assert board.recurring_period_cents == 50000  # the monthly instalment only (the credit note is by the hour)


def test_partner_realisation_wip_and_dso(firm):
    build(firm)
    board = queries.partner(uow(firm), firm.principal(), TODAY, MONTH)
    # Chargeable time of November: Bob 240 min at 70 €/h = 280 €, 90 min on the 12th at 80 €/h = 120 €, 45 min at
    # 80 €/h = 60 €; Alice 60 min + 30 min at 180 €/h = 180 € + 90 €. Bob's internal 2 h do not count.
    assert board.time_value_period_cents == 28000 + 12000 + 6000 + 18000 + 9000
    assert board.realisation == Decimal(40000) / Decimal(73000)
    # WIP: on the time-spent mission, Alice's unbilled 30 min (90 €) and Carla's 100 min at 70 €/h (116.666… →
    # 116.67 €); the annual forfait never billed, Bob's 45 min (60 €). The monthly forfait is billed: no WIP.
    assert board.wip_cents == 9000 + 11667 + 6000
    assert [(w.mission_label, w.wip_cents) for w in board.wip] == [("Conseil social", 20667), ("Bilan 2026", 6000)]
    # WIP days: 266.67 € ÷ (1,200 € of fees over the 365 days to today ÷ 365) = 81.1 days.
    assert board.wip_days == Decimal("81.1")
    # Owed TTC: F-2026-3 630 € (not due before 5 December); F-2026-2 960 € − 400 € paid − 120 € credited = 440 €,
    # 21 days late. DSO: 1,070 € ÷ (960 + 630 − 120 = 1,470 € TTC over 365 days) × 365 = 265.7 days.
    assert board.receivables_cents == 63000 + 44000
    assert board.overdue_receivables_cents == 44000
    assert {b.client_name: (b.cents[BUCKETS[0]], b.cents[BUCKETS[1]]) for b in board.aged} == {
        "Alpha SAS": (63000, 0), "Beta SARL": (0, 44000)}
    assert board.dso_days == Decimal("265.7")


def test_time_dated_after_today_is_not_work_in_progress(firm):
    scenario = build(firm)
    engine = engine_for(firm.container.settings.database_url)
    at = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    with Session(engine) as s, s.begin():
        later = MissionRow(firm_id=firm.firm_id, client_id=s.get(MissionRow, scenario.m2).client_id,
                           label="Conseil 2027", fiscal_year_start=date(2026, 1, 1), fiscal_year_end=date(2026, 12, 31),
                           manager_id=scenario.admin_id, status="en_cours", billing_mode="temps_passe",
                           created_on=date(2026, 11, 2))
        s.add(later)
        s.flush()
        for mission_id in (scenario.m2, later.id):  # Carla's 60 min on Monday 23 November, on both missions
            s.add(TimeEntryRow(firm_id=firm.firm_id, user_id=scenario.carla_id, day=date(2026, 11, 23), minutes=60,
                               mission_id=mission_id, billable=True, activity="production", created_at=at,
                               updated_at=at))
    board = queries.partner(uow(firm), firm.principal(), TODAY, MONTH)
    # The same WIP as without them (test_partner_realisation_wip_and_dso): 90 € + 116.67 € + 60 €, and the mission
    # whose only time is dated after today is not listed.
    assert board.wip_cents == 9000 + 11667 + 6000
    assert [(w.mission_label, w.wip_cents) for w in board.wip] == [("Conseil social", 20667), ("Bilan 2026", 6000)]
    assert board.wip_missions == 2


def test_partner_months_and_deadlines(firm):
    build(firm)
    board = queries.partner(uow(firm), firm.principal(), TODAY, PeriodChoice.QUARTER)
    assert [(m.month, m.fees_cents, m.fees_last_year_cents, m.time_value_cents) for m in board.months] == [
        (date(2026, 10, 1), 80000, 0, 11667),  # Carla's 100 min of October
        (date(2026, 11, 1), 40000, 30000, 73000)]
    # Due in the quarter and past: D1 done the day before (on time), D2 two days late, D3 still open after
    # 18 November, D6 open since 1 October. D4 (30 November) is not due yet; D5 is in December.
    deadlines = board.deadlines
    assert (deadlines.due, deadlines.met_on_time) == (4, 1)
    # At risk: open and due by 4 December: D6, D3 overdue, D4 in ten days.
    assert [d.label for d in deadlines.at_risk] == ["D6", "D3", "D4"]
    assert deadlines.overdue == 2
    assert board.loaded_at is not None


def test_top_boni_mali_of_the_fiscal_years_ending_this_year(firm):
    scenario = build(firm)
    best, worst = queries.top_boni_mali(uow(firm), firm.principal(), 2026)
    # Tenue 2026: F-2025-2 (300 €) and F-2026-3 (500 €) name the mission; its time is worth 280 € + 120 € → +400 €.
    # Conseil social: 800 € − 100 € credited; time 180 € + 90 € + 116.67 € = 386.67 € → +313.33 €.
    # Bilan 2026 is not billed: WIP, neither boni nor mali.
    assert [(b.mission_label, b.fees_cents, b.time_value_cents, b.boni_mali_cents) for b in best] == [
        ("Tenue 2026", 80000, 40000, 40000), ("Conseil social", 70000, 38667, 31333)]
    assert worst == ()
    with pytest.raises(PermissionDenied):
        queries.top_boni_mali(uow(firm), firm.principal(scenario.carla_email), 2026)


def test_lcb_ft_reviews_to_do_are_the_compliance_modules(firm):
    scenario = build(firm)
    # Neither client has a validated risk assessment: both reviews are to do, by client name.
    assert [(r.client_name, r.state, r.due_on) for r in queries.reviews_to_do(uow(firm), firm.principal(), TODAY)] == [
        ("Alpha SAS", "Aucune évaluation validée", None), ("Beta SARL", "Aucune évaluation validée", None)]
    assert {r.manager_id for r in queries.reviews_to_do(uow(firm), firm.principal(), TODAY)} == {scenario.bob_id}


def test_manager_sees_chargeability_budgets_deadlines_and_missing_time_of_a_team(firm):
    scenario = build(firm)
    board = queries.manager(uow(firm), firm.principal(), TODAY, MONTH, team_id=scenario.audit_id)
    # 1 to 20 November: 14 working days (11 November off). Alice 7 h a day = 5,880 min; Bob as much less half of
    # 13 November = 5,670 min. Chargeable: Alice 90 min on Beta, Bob 240 + 90 + 45 = 375 min (his 2 h of training
    # are entered, not chargeable).
    assert [(p.full_name, p.available_minutes, p.entered_minutes, p.chargeable_minutes) for p in board.people] == [
        ("Alice Admin", 5880, 90, 90), ("Bob Martin", 5670, 495, 375)]
    assert board.chargeability == Decimal(465) / Decimal(11550)
    # Budgets of the Audit team's open missions: Tenue 330 of 1,200 min (27.5 %), Bilan 45 of 300 (15 %).
    assert [(b.mission_label, b.budget_minutes, b.actual_minutes) for b in board.budgets] == [
        ("Tenue 2026", 1200, 330), ("Bilan 2026", 300, 45)]
    assert board.adherence == Decimal(375) / Decimal(1500)
    # Deadlines of the team's missions: D1 on time, D3 overdue.
    assert (board.deadlines.due, board.deadlines.met_on_time, board.deadlines.overdue) == (2, 1, 1)
    # Finished weeks from Monday 26 October to Sunday 15 November. Alice's week of 26 October is full and
    # approved; every other week lacks time (and approval).
    assert [(g.full_name, g.week, g.capacity_minutes, g.entered_minutes, g.status) for g in board.gaps] == [
        ("Alice Admin", date(2026, 11, 2), 2100, 60, "brouillon"),
        ("Alice Admin", date(2026, 11, 9), 1680, 0, "brouillon"),
        ("Bob Martin", date(2026, 10, 26), 2100, 0, "brouillon"),
        ("Bob Martin", date(2026, 11, 2), 2100, 360, "soumise"),
        ("Bob Martin", date(2026, 11, 9), 1470, 90, "brouillon")]


def test_an_approver_of_one_team_is_kept_to_that_team(firm):
    scenario = build(firm)
    with Session(engine_for(firm.container.settings.database_url)) as s, s.begin():
        s.add(UserPermissionRow(firm_id=firm.firm_id, user_id=scenario.bob_id, permission="approve_time"))
    bob = firm.principal(scenario.bob_email)
    board = queries.manager(uow(firm), bob, TODAY, MONTH)  # no team asked: his own, Audit
    assert board.team_id == scenario.audit_id
    assert [p.full_name for p in board.people] == ["Alice Admin", "Bob Martin"]
    with pytest.raises(PermissionDenied, match="votre équipe"):
        queries.manager(uow(firm), bob, TODAY, MONTH, team_id=scenario.social_id)


def test_collaborator_sees_own_hours_missions_and_deadlines(firm):
    scenario = build(firm)
    bob = firm.principal(scenario.bob_email)
    board = queries.collaborator(uow(firm), bob, TODAY, MONTH)
    assert [(w.week, w.chargeable_minutes, w.internal_minutes, w.capacity_minutes) for w in board.weeks] == [
        (date(2026, 10, 26), 0, 0, 2100), (date(2026, 11, 2), 240, 120, 2100), (date(2026, 11, 9), 90, 0, 1470),
        (date(2026, 11, 16), 45, 0, 2100)]
    assert board.chargeability == Decimal(375) / Decimal(7770)
    # His missions: those he entered time on (Tenue, Bilan, where he also has a task).
    assert [(b.mission_label, b.own_minutes, b.actual_minutes) for b in board.budgets] == [
        ("Tenue 2026", 330, 330), ("Bilan 2026", 45, 45)]
    # His deadlines: D3 (his task on Bilan), D4 and D6 (clients he manages, no mission); D1 and D2 are Alice's.
    assert [d.label for d in board.deadlines.at_risk] == ["D6", "D3", "D4"]
    assert (board.deadlines.due, board.deadlines.met_on_time) == (1, 0)
    assert [g.week for g in board.gaps] == [date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 9)]


def test_money_and_team_figures_are_refused_without_their_permissions(firm):
    scenario = build(firm)
    carla = firm.principal(scenario.carla_email)
    with pytest.raises(PermissionDenied):
        queries.partner(uow(firm), carla, TODAY, MONTH)
    with pytest.raises(PermissionDenied):
        queries.manager(uow(firm), carla, TODAY, MONTH)


def test_a_firm_sees_none_of_another_firms_figures(firm, make_firm):
    build(make_firm())
    board = queries.partner(uow(firm), firm.principal(), TODAY, MONTH)
    assert (board.fees_ytd_cents, board.wip_cents, board.receivables_cents, board.deadlines.due) == (0, 0, 0, 0)
    assert board.realisation is None and board.dso_days is None


@pytest.mark.parametrize("on", [date(2026, 10, 15), date(2026, 11, 1), date(2026, 11, 12), TODAY, date(2027, 3, 1)])
def test_the_sql_aged_balance_is_the_collections_own(firm, on):
    """Before and after the payment, the credit note and the due dates: same clients, same buckets, same order."""
    build(firm)
    from domain.collections import aging

    with uow(firm) as u:
        expected = aging.aged_balance(u.collections.receivables(), on)
        found = queries.aged_balance(u, on)
    assert [(b.client_name, b.cents) for b in found] == [(b.client_name, b.cents) for b in expected]
    assert expected  # something is owed on each of these days


def test_the_tables_are_cut_but_the_totals_cover_every_mission(firm, monkeypatch):
    scenario = build(firm)
    monkeypatch.setattr(queries, "WIP_ROWS", 1)
    monkeypatch.setattr(queries, "BUDGET_ROWS", 1)
    board = queries.partner(uow(firm), firm.principal(), TODAY, MONTH)
    assert [w.mission_label for w in board.wip] == ["Conseil social"]
    assert (board.wip_cents, board.wip_missions) == (26667, 2)
    team = queries.manager(uow(firm), firm.principal(), TODAY, MONTH, team_id=scenario.audit_id)
    assert [b.mission_label for b in team.budgets] == ["Tenue 2026"]
    assert team.budget_totals.missions == 2
    assert team.adherence == Decimal(375) / Decimal(1500)
