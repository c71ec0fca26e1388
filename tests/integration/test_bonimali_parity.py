"""Boni/mali parity on the demo firm (seeded once per module, on a fresh database of each kind): the SQL views
(`sql/boni_mali_*.sql`, DuckDB over the firm's tables) must give, for every mission and every person on it, the
figures the domain computes in plain Python (domain/analytics/bonimali.py) from the same rows read by SQLAlchemy,
to the cent. The roll-ups must add up the missions."""

import time
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, func, select

from data.analytics.runner import AnalyticsRunner
from data.container import Container
from data.db import session_factory
from data.models.access import UserGradeRow
from data.models.engagements import FeeScheduleRow, MissionBudgetRow, MissionRow
from data.models.firm import FirmRow, GradeRateRow
from data.models.invoicing import BilledUnitsRow, InvoiceLineRow, InvoiceRow
from data.models.production import TimeEntryRow
from data.seed import MAIN, seed_demo
from domain.analytics import bonimali as bm
from domain.firm.model import SINCE_ALWAYS, GradeRate, UserGrade, grade_on, histories
from tests.databases import throwaway_database


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def demo(request, tmp_path_factory):
    from data.migrate import upgrade
    from data.passwords import Argon2Hasher
    from data.settings import load_settings
    from domain.clock import FixedClock
    from tests.conftest import NOW

    like = request.getfixturevalue(f"{request.param}_url")
    with throwaway_database(like, tmp_path_factory.mktemp("bonimali")) as url:
        upgrade(url)
        container = Container(replace(load_settings(), database_url=url, secret_key="test-secret-key"),
                              clock=FixedClock(NOW), hasher=Argon2Hasher(fast=True))
        started = time.perf_counter()
        seed_demo(container.platform_uow())
        print(f"\nseed_demo on {request.param}: {time.perf_counter() - started:.1f} s")
        yield url


def domain_figures(url: str, firm_id: int):
    """The domain's boni/mali of every mission and person, from the rows as SQLAlchemy reads them."""
    with session_factory(url)() as session:
        def all_of(*columns, where):
            return session.execute(select(*columns).where(where)).all()

        history = histories([UserGrade(*row) for row in all_of(
            UserGradeRow.user_id, UserGradeRow.grade_id, UserGradeRow.effective_from,
            where=UserGradeRow.firm_id == firm_id)])
        rates = [GradeRate(0, g, d, s, c) for g, d, s, c in all_of(
            GradeRateRow.grade_id, GradeRateRow.effective_from, GradeRateRow.selling_rate_cents,
            GradeRateRow.cost_rate_cents, where=GradeRateRow.firm_id == firm_id)]
        entries = [bm.Entry(m, u, d, n, b, grade_on(history.get(u, []), d), i) for m, u, d, n, b, i in all_of(
            TimeEntryRow.mission_id, TimeEntryRow.user_id, TimeEntryRow.day, TimeEntryRow.minutes,
            TimeEntryRow.billable, TimeEntryRow.invoice_id, where=TimeEntryRow.firm_id == firm_id)]
        lines: dict[int, list] = {}
        for invoice_id, kind, cents in all_of(InvoiceLineRow.invoice_id, InvoiceLineRow.kind,
                                              InvoiceLineRow.amount_cents, where=InvoiceLineRow.firm_id == firm_id):
            lines.setdefault(invoice_id, []).append((kind, cents))
        documents = [bm.Document(i, k, c, d, m, cr, tuple(lines.get(i, ()))) for i, k, c, d, m, cr in all_of(
            InvoiceRow.id, InvoiceRow.kind, InvoiceRow.client_id, InvoiceRow.issue_date, InvoiceRow.mission_id,
            InvoiceRow.credited_invoice_id, where=(InvoiceRow.firm_id == firm_id) & (InvoiceRow.status == "emise"))]
        items = [bm.BilledItem(i, m, c) for i, m, c in all_of(
            FeeScheduleRow.invoice_id, FeeScheduleRow.mission_id, FeeScheduleRow.amount_cents,
            where=(FeeScheduleRow.firm_id == firm_id) & FeeScheduleRow.invoice_id.is_not(None)
            & FeeScheduleRow.mission_id.is_not(None))]
        items += [bm.BilledItem(i, m, q * p) for i, m, q, p in all_of(
            BilledUnitsRow.invoice_id, BilledUnitsRow.mission_id, BilledUnitsRow.quantity,
            BilledUnitsRow.unit_price_cents, where=BilledUnitsRow.firm_id == firm_id)]
        budgets: dict[int, int] = {}
        for mission_id, minutes in all_of(MissionBudgetRow.mission_id, MissionBudgetRow.minutes,
                                          where=MissionBudgetRow.firm_id == firm_id):
            budgets[mission_id] = budgets.get(mission_id, 0) + minutes
        missions = [bm.MissionFacts(i, c, s, e, f, budgets.get(i, 0)) for i, c, s, e, f in all_of(
            MissionRow.id, MissionRow.client_id, MissionRow.fiscal_year_start, MissionRow.fiscal_year_end,
            MissionRow.fee_cents, where=MissionRow.firm_id == firm_id)]
    valued = bm.valued_entries(entries, rates)
    shares = bm.allocate(documents, items, missions, valued)
    figures = bm.by_mission(missions, valued, shares)
    return figures, bm.shares_of_people(figures, valued), documents, shares


@pytest.fixture(scope="module")
def both(demo):
    with session_factory(demo)() as session:
        firm_id = session.scalar(select(FirmRow.id).where(FirmRow.siren == MAIN.siren))
    runner = AnalyticsRunner(create_engine(demo))
    return firm_id, runner, domain_figures(demo, firm_id)


def promoted_time(url: str, firm_id: int) -> int:
    """Minutes the demo's promoted people entered before their promotion (valued at their former grade)."""
    with session_factory(url)() as session:
        promotions = session.execute(select(UserGradeRow.user_id, UserGradeRow.effective_from).where(
            UserGradeRow.firm_id == firm_id, UserGradeRow.effective_from > SINCE_ALWAYS)).all()
        return sum(session.scalar(select(func.coalesce(func.sum(TimeEntryRow.minutes), 0)).where(
            TimeEntryRow.firm_id == firm_id, TimeEntryRow.user_id == user_id, TimeEntryRow.day < day,
            TimeEntryRow.mission_id.is_not(None))) for user_id, day in promotions)


def test_every_mission_matches_the_domain_to_the_cent(demo, both):
    firm_id, runner, (figures, _, _, _) = both
    rows = {r["mission_id"]: r for r in runner.rows(firm_id, "boni_mali_by_mission", {"year": 0})}
    assert len(rows) > 500 and set(rows) == set(figures)
    assert promoted_time(demo, firm_id) > 0  # the demo's promotions value time at two grades
    assert sum(1 for f in figures.values() if f.billed) > 300 and any(not f.billed for f in figures.values())
    mismatched = []
    for mission_id, f in figures.items():
        r = rows[mission_id]
        expected = (f.fees_cents, f.minutes, f.time_value_cents, f.time_cost_cents, f.budget_minutes, f.billed,
                    f.boni_mali_cents, f.margin_cents, f.wip_cents, f.fiscal_year)
        found = (r["fees_cents"], r["minutes"], r["time_value_cents"], r["time_cost_cents"], r["budget_minutes"],
                 r["billed"], r["boni_mali_cents"], r["margin_cents"], r["wip_cents"], r["fiscal_year"])
        if expected != found:
            mismatched.append((mission_id, expected, found))
    assert mismatched == []


def test_every_persons_share_matches_the_domain(both):
    firm_id, runner, (_, people, _, _) = both
    rows = {(r["mission_id"], r["user_id"]): r for r in runner.rows(firm_id, "boni_mali_shares",
                                                                     {"year": 0, "mission_ids": []})}
    assert len(rows) == len(people) > 1000
    for share in people:
        r = rows[(share.mission_id, share.user_id)]
        assert (r["fees_cents"], r["time_value_cents"], r["time_cost_cents"], r["minutes"]) == \
            (share.fees_cents, share.time_value_cents, share.time_cost_cents, share.minutes), share


def test_the_fees_allocated_are_the_fees_billed(both):
    """Every cent of fees of the demo's issued documents reaches a mission (none is left unallocated)."""
    _, _, (figures, _, documents, shares) = both
    assert sum(d.fees_cents for d in documents) == sum(c for _, _, c in shares) == \
        sum(f.fees_cents for f in figures.values())


@pytest.mark.parametrize("by, key", [("client", "client_id"), ("partner", "partner_id"),
                                     ("fiscal_year", "fiscal_year"), ("manager", "manager_id")])
def test_the_roll_ups_add_up_the_missions(both, by, key):
    firm_id, runner, _ = both
    year = 2025
    missions = runner.rows(firm_id, "boni_mali_by_mission", {"year": year})
    groups = {r["key"]: r for r in runner.rows(firm_id, "boni_mali_by_group", {"by": by, "year": year})}
    expected: dict = {}
    for m in missions:
        total = expected.setdefault(m[key], [0, 0, 0, 0])
        total[0] += m["fees_cents"]
        total[1] += m["time_value_cents"]
        total[2] += m["boni_mali_cents"] or 0
        total[3] += m["wip_cents"]
    assert {k: [g["fees_cents"], g["time_value_cents"], g["boni_mali_cents"], g["wip_cents"]]
            for k, g in groups.items()} == expected
