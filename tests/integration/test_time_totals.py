"""The time totals the database's triggers keep (migrations 0019 and 0020, data/models/time_totals.py), on SQLite
and PostgreSQL: after inserts, updates, deletes, a new rate, a change in a grade history and a rolled-back write they
equal the entries' totals worked out here in Python from the entries themselves (domain rules: rate in force on the
day of the grade the author had that day, half up per entry), and a few of them by hand."""

from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from data.analytics.runner import AnalyticsRunner
from data.db import engine_for
from data.models.access import UserGradeRow, UserRow
from data.models.firm import GradeRateRow
from data.models.production import TimeEntryRow
from data.models.time_totals import TimeMissionTotalRow, TimeMonthTotalRow, TimeTotalRow
from domain.analytics.bonimali import entry_value
from domain.firm.model import GradeRate, UserGrade, grade_on, histories, rate_in_force
from tests.integration.dashboards_support import AT, build


def _session(firm) -> Session:
    return Session(engine_for(firm.container.settings.database_url))


def _stored(s: Session, firm_id: int) -> tuple[dict, dict]:
    totals = {(r.mission_id, r.user_id, r.invoice_key, r.billable): (r.minutes, r.value_cents, r.cost_cents,
                                                                    r.first_day)
              for r in s.scalars(select(TimeTotalRow).where(TimeTotalRow.firm_id == firm_id))}
    months = {(r.user_id, r.month): (r.minutes, r.value_cents)
              for r in s.scalars(select(TimeMonthTotalRow).where(TimeMonthTotalRow.firm_id == firm_id))}
    return totals, months


def _expected(s: Session, firm_id: int) -> tuple[dict, dict]:
    """The same totals summed in Python from the entries as they now are."""
    grades = histories([UserGrade(r.user_id, r.grade_id, r.effective_from)
                        for r in s.scalars(select(UserGradeRow).where(UserGradeRow.firm_id == firm_id))])
    rates = [GradeRate(r.id, r.grade_id, r.effective_from, r.selling_rate_cents, r.cost_rate_cents)
             for r in s.scalars(select(GradeRateRow).where(GradeRateRow.firm_id == firm_id))]
    totals: dict = defaultdict(lambda: [0, 0, 0, date.max])
    months: dict = defaultdict(lambda: [0, 0])
    for e in s.scalars(select(TimeEntryRow).where(TimeEntryRow.firm_id == firm_id,
                                                  TimeEntryRow.mission_id.is_not(None))):
        grade = grade_on(grades.get(e.user_id, []), e.day)
        rate = rate_in_force(rates, grade, e.day) if grade is not None else None
        value = entry_value(e.minutes, rate.selling_rate_cents) if rate else 0
        cost = entry_value(e.minutes, rate.cost_rate_cents) if rate else 0
        row = totals[(e.mission_id, e.user_id, e.invoice_id or 0, e.billable)]
        row[0], row[1], row[2], row[3] = row[0] + e.minutes, row[1] + value, row[2] + cost, min(row[3], e.day)
        if e.billable:
            month = months[(e.user_id, e.day.replace(day=1))]
            month[0], month[1] = month[0] + e.minutes, month[1] + value
    return {k: tuple(v) for k, v in totals.items()}, {k: tuple(v) for k, v in months.items()}


def _check(firm) -> tuple[dict, dict]:
    with _session(firm) as s:
        stored = _stored(s, firm.firm_id)
        assert stored == _expected(s, firm.firm_id)
        assert _mission_totals(s, firm.firm_id) == _summed_per_mission(stored[0])
    return stored


def _mission_totals(s: Session, firm_id: int) -> dict:
    return {(r.mission_id, r.invoice_key, r.billable): (r.minutes, r.value_cents, r.cost_cents, r.first_day)
            for r in s.scalars(select(TimeMissionTotalRow).where(TimeMissionTotalRow.firm_id == firm_id))}


def _summed_per_mission(totals: dict) -> dict:
    """The person totals summed per mission, invoice and billable flag (what migration 0021 keeps)."""
    summed: dict = {}
    for (mission_id, _, invoice_key, billable), (minutes, value, cost, first_day) in totals.items():
        was = summed.get((mission_id, invoice_key, billable), (0, 0, 0, date.max))
        summed[(mission_id, invoice_key, billable)] = (was[0] + minutes, was[1] + value, was[2] + cost,
                                                       min(was[3], first_day))
    return summed


def test_the_totals_of_the_written_entries(firm):
    scenario = build(firm)
    totals, months = _check(firm)
    # Bob on Tenue 2026: 240 min on 3 November at 70 €/h (280 €) and 90 min on the 12th at 80 €/h (120 €).
    assert totals[(scenario.m1, scenario.bob_id, 0, True)] == (330, 28000 + 12000, 14000 + 6000, date(2026, 11, 3))
    # Bob's chargeable November: those 400 € and 45 min on Bilan 2026 on the 17th at 80 €/h (60 €); his
    # 120 min of training (no mission) are in neither table.
    assert months[(scenario.bob_id, date(2026, 11, 1))] == (240 + 90 + 45, 40000 + 6000)


def test_the_totals_follow_updates_and_deletes(firm):
    scenario = build(firm)
    with _session(firm) as s, s.begin():
        entries = {(e.user_id, e.day): e for e in s.scalars(select(TimeEntryRow).where(
            TimeEntryRow.firm_id == firm.firm_id))}
        entries[(scenario.bob_id, date(2026, 11, 3))].minutes = 250  # more minutes
        entries[(scenario.bob_id, date(2026, 11, 12))].invoice_id = 999  # reserved by a draft
        entries[(scenario.bob_id, date(2026, 11, 17))].billable = False  # no longer chargeable
        entries[(scenario.carla_id, date(2026, 10, 20))].day = date(2026, 11, 19)  # moved to another month
        entries[(scenario.admin_id, date(2026, 11, 16))].mission_id = scenario.m1  # to another mission
        s.delete(entries[(scenario.admin_id, date(2026, 11, 4))])
    totals, months = _check(firm)
    assert totals[(scenario.m1, scenario.bob_id, 0, True)] == (250, 29167, 14583, date(2026, 11, 3))  # 250 min at 70 €/h
    assert totals[(scenario.m1, scenario.bob_id, 999, True)] == (90, 12000, 6000, date(2026, 11, 12))
    assert (scenario.m2, scenario.admin_id, 0, True) not in totals  # its only entry moved to Tenue 2026
    assert (scenario.carla_id, date(2026, 10, 1)) not in months  # Carla's only October entry is now in November
    with _session(firm) as s, s.begin():  # a whole mission's time deleted in one statement
        s.execute(delete(TimeEntryRow).where(TimeEntryRow.firm_id == firm.firm_id,
                                             TimeEntryRow.mission_id == scenario.m1))
    totals, _ = _check(firm)
    assert not [key for key in totals if key[0] == scenario.m1]


def test_a_new_rate_or_grade_values_the_time_again(firm):
    scenario = build(firm)
    with _session(firm) as s, s.begin():
        staff_grade = s.get(UserRow, scenario.bob_id).grade_id
        s.add(GradeRateRow(firm_id=firm.firm_id, grade_id=staff_grade, effective_from=date(2026, 11, 15),
                           selling_rate_cents=9000, cost_rate_cents=4500))
    totals, _ = _check(firm)
    # Bob's 45 min of 17 November on Bilan 2026 now at 90 €/h.
    assert totals[(scenario.m3, scenario.bob_id, 0, True)][1] == 6750
    with _session(firm) as s, s.begin():  # users.grade_id alone (the grade shown today) values nothing
        s.execute(update(UserRow).where(UserRow.id == scenario.bob_id).values(
            grade_id=s.get(UserRow, scenario.admin_id).grade_id))
    totals, _ = _check(firm)
    assert totals[(scenario.m3, scenario.bob_id, 0, True)][1] == 6750
    with _session(firm) as s, s.begin():  # Bob partner since always in his history: 180 €/h
        s.execute(update(UserGradeRow).where(UserGradeRow.user_id == scenario.bob_id).values(
            grade_id=s.get(UserRow, scenario.admin_id).grade_id))
    totals, _ = _check(firm)
    assert totals[(scenario.m3, scenario.bob_id, 0, True)][1] == 13500
    with _session(firm) as s, s.begin():  # his history deleted: no grade, his time is worth nothing
        s.execute(delete(UserGradeRow).where(UserGradeRow.user_id == scenario.bob_id))
    totals, _ = _check(firm)
    assert totals[(scenario.m3, scenario.bob_id, 0, True)][1:3] == (0, 0)


def test_a_promotion_values_the_time_before_it_at_the_former_grade(firm):
    scenario = build(firm)
    with _session(firm) as s, s.begin():
        partner = s.get(UserRow, scenario.admin_id).grade_id
        for day in (date(2026, 6, 30), date(2026, 7, 1)):  # an hour of Carla's on Conseil social each day
            s.add(TimeEntryRow(firm_id=firm.firm_id, user_id=scenario.carla_id, day=day, minutes=60,
                               mission_id=scenario.m2, client_id=None, billable=True, activity="production",
                               created_at=AT, updated_at=AT))
        s.flush()
        s.add(UserGradeRow(firm_id=firm.firm_id, user_id=scenario.carla_id, grade_id=partner,
                           effective_from=date(2026, 7, 1)))  # Carla made partner from 1 July
    totals, months = _check(firm)
    # 30 June at Collaborateur (70 €/h, cost 35 €/h); 1 July and her 100 min of 20 October at Associé (180 €/h,
    # cost 90 €/h): 70 + 180 + 300 = 550 €, cost 35 + 90 + 150 = 275 €.
    assert totals[(scenario.m2, scenario.carla_id, 0, True)] == (220, 7000 + 18000 + 30000, 3500 + 9000 + 15000,
                                                                date(2026, 6, 30))
    assert months[(scenario.carla_id, date(2026, 6, 1))] == (60, 7000)
    assert months[(scenario.carla_id, date(2026, 7, 1))] == (60, 18000)
    # The boni/mali of Conseil social: fees 800 € − 100 € credited = 700 €; time: Alice's 90 min at 180 €/h
    # (270 €) and Carla's 550 €, i.e. 820 €: a mali of 120 €.
    row = next(r for r in AnalyticsRunner(engine_for(firm.container.settings.database_url)).rows(
        firm.firm_id, "boni_mali_by_mission", {"year": 0}) if r["mission_id"] == scenario.m2)
    assert (row["fees_cents"], row["time_value_cents"], row["boni_mali_cents"]) == (70000, 82000, -12000)


def test_a_rolled_back_write_leaves_the_totals_as_they_were(firm):
    scenario = build(firm)
    before = _check(firm)
    with pytest.raises(RuntimeError), _session(firm) as s, s.begin():
        s.add(TimeEntryRow(firm_id=firm.firm_id, user_id=scenario.bob_id, day=date(2026, 11, 18), minutes=60,
                           mission_id=scenario.m1, billable=True, activity="production", created_at=AT,
                           updated_at=AT))
        s.flush()
        raise RuntimeError("the save fails after the entry was written")
    assert _check(firm) == before
