"""The three dashboards, each read in one unit of work from the `sql/` views (the aged balance's view mirrors the
collections' aging rules and is tested against them, so the dashboard and the Encaissements page agree).

Who sees what: the firm's figures need "Voir les honoraires et les taux" (SEE_MONEY); the team's need "Valider
les temps" (APPROVE_TIME) and stay within the approver's team unless they approve everyone (domain/timesheets/
scope.py); one's own figures are every staff member's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from domain.access.model import Permission, Principal
from domain.analytics import reports as boni_mali
from domain.collections import aging
from domain.compliance import rules as compliance_rules
from domain.compliance import services as compliance
from domain.dashboards import rules
from domain.dashboards.model import (
    BoniMaliLine,
    BudgetTotals,
    CollaboratorDashboard,
    DeadlineFigures,
    DeadlineLine,
    ManagerDashboard,
    MissionBudget,
    MonthFigures,
    PartnerDashboard,
    Period,
    PeriodChoice,
    PersonTime,
    ReviewToDo,
    WeekGap,
    WeekHours,
    WipLine,
)
from domain.errors import PermissionDenied
from domain.firm.guards import require_staff
from domain.planning.queries import holidays_for
from domain.ports import FirmUnitOfWork
from domain.timesheets.scope import approves_everyone
from domain.workload.rules import monday

PARTNER_VIEWS = ("fees_by_day", "time_value_by_month", "wip_by_mission", "deadlines_in_period", "aged_receivables")
MANAGER_VIEWS = ("chargeability_by_person", "budget_adherence", "deadlines_in_period", "timesheet_gaps")
COLLABORATOR_VIEWS = ("hours_by_week", "budget_adherence", "deadlines_in_period", "timesheet_gaps")
WIP_ROWS = 50  # the missions with the largest WIP listed (the totals cover them all)
BUDGET_ROWS = 50  # the most consumed missions listed


# --- partner ------------------------------------------------------------------------------------------------------

def partner(uow: FirmUnitOfWork, principal: Principal | None, today: date, choice: PeriodChoice) -> PartnerDashboard:
    require_staff(uow, principal, Permission.SEE_MONEY)
    period = rules.period_of(choice, today)
    first = min(rules.year_earlier(period.start), date(today.year - 1, 1, 1), rules.trailing_year(today).start)
    with uow:
        since = today.replace(day=1)  # the entries both views read one by one: this month's (one load for both)
        uow.analytics.load(*PARTNER_VIEWS, since=since, user_id=None)
        days = uow.analytics.rows("fees_by_day", start=first, end=today)
        values = uow.analytics.rows("time_value_by_month", start=period.start, end=period.end, since=since,
                                    team_id=None)
        wip_rows = uow.analytics.rows("wip_by_mission", today=today, since=since, team_id=None, limit=WIP_ROWS)
        deadlines = _deadlines(uow, period, today, team_id=None, user_id=None)
        aged = aged_balance(uow, today)
        loaded_at = uow.analytics.loaded_at(*PARTNER_VIEWS)
    fees = _fees_between(days)
    trailing = rules.trailing_year(today)
    month, ytd = rules.period_of(PeriodChoice.MONTH, today), rules.period_of(PeriodChoice.YEAR, today)
    time_value = sum(int(r["value_cents"]) for r in values)
    wip_cents = int(wip_rows[0]["total_wip_cents"]) if wip_rows else 0
    receivables = sum(b.total_cents for b in aged)
    return PartnerDashboard(
        period=period, fees_month_cents=fees(month), fees_month_last_year_cents=fees(rules.last_year(month)),
        fees_ytd_cents=fees(ytd), fees_ytd_last_year_cents=fees(rules.last_year(ytd)), fees_period_cents=fees(period),
        recurring_period_cents=fees(period, "recurring_cents"), time_value_period_cents=time_value,
        realisation=rules.ratio(fees(period), time_value), wip_cents=wip_cents,
        wip_missions=int(wip_rows[0]["missions"]) if wip_rows else 0,
        wip_days=rules.days_of(wip_cents, fees(trailing)), receivables_cents=receivables,
        overdue_receivables_cents=sum(b.late_cents for b in aged),
        dso_days=rules.days_of(receivables, fees(trailing, "ttc_cents")),
        months=_months(days, values, period), wip=tuple(_wip_line(r) for r in wip_rows), aged=tuple(aged), deadlines=deadlines,
        loaded_at=loaded_at)


def top_boni_mali(uow: FirmUnitOfWork, principal: Principal | None, year: int,
                  count: int = 5) -> tuple[tuple[BoniMaliLine, ...], tuple[BoniMaliLine, ...]]:
    """The `count` largest bonis and largest malis of the missions whose fiscal year ends in `year`, from the
    boni/mali views (sql/boni_mali_by_mission.sql: missions not billed yet are WIP, in neither list)."""
    rows = [BoniMaliLine(r["mission_id"], r["mission"], r["client"], int(r["fees_cents"]),
                         int(r["time_value_cents"]), int(r["boni_mali_cents"]))
            for r in boni_mali.mission_rows(uow, principal, year) if r["boni_mali_cents"] is not None]
    best = sorted((r for r in rows if r.boni_mali_cents > 0), key=lambda r: (-r.boni_mali_cents, r.mission_id))
    worst = sorted((r for r in rows if r.boni_mali_cents < 0), key=lambda r: (r.boni_mali_cents, r.mission_id))
    return tuple(best[:count]), tuple(worst[:count])


def reviews_to_do(uow: FirmUnitOfWork, principal: Principal | None, today: date) -> tuple[ReviewToDo, ...]:
    """The LCB-FT reviews to do, as the compliance module lists them: overdue first, then never validated, then
    due within 60 days (needs "Gérer la conformité LCB-FT")."""
    todo = compliance_rules.reviews_to_do(compliance.overview(uow, principal), today)
    return tuple(ReviewToDo(i.client_id, i.client_name, compliance_rules.review_state(i, today).label,
                            compliance_rules.review_due(i), i.manager_id) for i in todo)


def aged_balance(uow: FirmUnitOfWork, on: date) -> list[aging.ClientBalance]:
    """The aged balance of `sql/aged_receivables.sql`: the collections' rule (domain/collections/aging.py) run by
    DuckDB, a twentieth of the time of reading every receivable with its movements through the repository."""
    columns = dict(zip(aging.BUCKETS, ("not_due_cents", "late_30_cents", "late_60_cents", "late_90_cents",
                                      "late_more_cents"), strict=True))
    return [aging.ClientBalance(r["client_id"], r["client_name"], {b: int(r[c]) for b, c in columns.items()})
            for r in uow.analytics.rows("aged_receivables", on=on)]


def _fees_between(days: list[dict]):
    def total(period: Period, column: str = "fees_cents") -> int:
        return sum(int(r[column]) for r in days if period.start <= r["day"] <= period.end)
    return total


def _months(days: list[dict], values: list[dict], period: Period) -> tuple[MonthFigures, ...]:
    """Each month of the period: its fees and those of the same month a year earlier (whole months, except the
    current one, cut at today's day for both years), its recurring fees and its chargeable time value."""
    fees, last, recurring = defaultdict(int), defaultdict(int), defaultdict(int)
    earlier = rules.last_year(period)
    for r in days:
        if period.start <= r["day"] <= period.end:
            fees[r["day"].replace(day=1)] += int(r["fees_cents"])
            recurring[r["day"].replace(day=1)] += int(r["recurring_cents"])
        elif earlier.start <= r["day"] <= earlier.end:
            last[_next_year(r["day"].replace(day=1))] += int(r["fees_cents"])
    valued = {r["month"]: int(r["value_cents"]) for r in values}
    months, month = [], period.start.replace(day=1)
    while month <= period.end:
        months.append(MonthFigures(month, fees[month], last[month], recurring[month], valued.get(month, 0)))
        month = rules.add_months(month, 1)
    return tuple(months)


def _next_year(first_of_month: date) -> date:
    return first_of_month.replace(year=first_of_month.year + 1)


def _wip_line(r: dict) -> WipLine:
    return WipLine(mission_id=r["mission_id"], mission_label=r["mission_label"], client_name=r["client_name"],
                   billing_mode=r["billing_mode"], minutes=int(r["minutes"]), wip_cents=int(r["wip_cents"]),
                   oldest_day=r["oldest_day"])


# --- manager ------------------------------------------------------------------------------------------------------

def manager(uow: FirmUnitOfWork, principal: Principal | None, today: date, choice: PeriodChoice,
            team_id: int | None = None) -> ManagerDashboard:
    """The team's figures; an approver who approves only their team sees that team whatever `team_id` says."""
    require_staff(uow, principal, Permission.APPROVE_TIME)
    if not approves_everyone(principal):
        if team_id not in (None, principal.user.team_id):
            raise PermissionDenied("Vous suivez votre équipe : les autres équipes sont celles de leurs responsables.")
        team_id = principal.user.team_id
    period = rules.period_of(choice, today)
    with uow:
        holidays = holidays_for(uow, monday(period.start), period.end)
        people = uow.analytics.rows("chargeability_by_person", start=period.start, end=period.end,
                                    holidays=holidays, team_id=team_id)
        budgets = uow.analytics.rows("budget_adherence", team_id=team_id, user_id=None, limit=BUDGET_ROWS)
        deadlines = _deadlines(uow, period, today, team_id=team_id, user_id=None)
        gaps = _gaps(uow, period, today, holidays, team_id=team_id, user_id=None)
        loaded_at = uow.analytics.loaded_at(*MANAGER_VIEWS)
    return ManagerDashboard(
        period=period, team_id=team_id,
        people=tuple(PersonTime(r["user_id"], r["full_name"], r["team_name"] or "", int(r["available_minutes"]),
                                int(r["entered_minutes"]), int(r["chargeable_minutes"])) for r in people),
        budgets=tuple(_budget(r) for r in budgets), budget_totals=_budget_totals(budgets), deadlines=deadlines,
        gaps=gaps, loaded_at=loaded_at)


def _budget_totals(rows: list[dict]) -> BudgetTotals:
    if not rows:
        return BudgetTotals()
    return BudgetTotals(int(rows[0]["missions"]), int(rows[0]["budgeted_minutes_total"]),
                        int(rows[0]["actual_on_budgeted_minutes"]))


def _budget(r: dict) -> MissionBudget:
    return MissionBudget(mission_id=r["mission_id"], mission_label=r["mission_label"], client_name=r["client_name"],
                         budget_minutes=int(r["budget_minutes"]), actual_minutes=int(r["actual_minutes"]),
                         own_minutes=int(r["own_minutes"]))


# --- collaborator -------------------------------------------------------------------------------------------------

def collaborator(uow: FirmUnitOfWork, principal: Principal, today: date, choice: PeriodChoice) -> CollaboratorDashboard:
    """The signed-in person's own hours, missions and deadlines (whole weeks from the period's first Monday)."""
    require_staff(uow, principal)
    me = principal.user.id
    period = rules.period_of(choice, today)
    with uow:
        holidays = holidays_for(uow, monday(period.start), period.end)
        weeks = uow.analytics.rows("hours_by_week", user_id=me, start=monday(period.start), end=period.end,
                                   holidays=holidays)
        budgets = uow.analytics.rows("budget_adherence", team_id=None, user_id=me, limit=None)
        deadlines = _deadlines(uow, period, today, team_id=None, user_id=me)
        gaps = _gaps(uow, period, today, holidays, team_id=None, user_id=me)
        loaded_at = uow.analytics.loaded_at(*COLLABORATOR_VIEWS)
    return CollaboratorDashboard(
        period=period, weeks=tuple(WeekHours(r["week"], int(r["chargeable_minutes"]), int(r["internal_minutes"]),
                                             int(r["capacity_minutes"])) for r in weeks),
        budgets=tuple(_budget(r) for r in budgets), deadlines=deadlines, gaps=gaps, loaded_at=loaded_at)


# --- shared -------------------------------------------------------------------------------------------------------

def _deadlines(uow: FirmUnitOfWork, period: Period, today: date, team_id: int | None,
               user_id: int | None) -> DeadlineFigures:
    rows = uow.analytics.rows("deadlines_in_period", start=period.start, end=period.end, today=today,
                              horizon=today + timedelta(days=rules.AT_RISK_DAYS), team_id=team_id, user_id=user_id)
    return rules.deadline_figures([DeadlineLine(
        deadline_id=r["deadline_id"], label=r["label"], client_name=r["client_name"], due_on=r["due_on"],
        done_on=r["done_on"], follower_id=r["follower_id"], in_period=bool(r["in_period"]), on_time=bool(r["on_time"]),
        days_late=int(r["days_late"])) for r in rows], today)


def _gaps(uow: FirmUnitOfWork, period: Period, today: date, holidays: list[date], team_id: int | None,
          user_id: int | None) -> tuple[WeekGap, ...]:
    """The finished weeks of the period (from its first Monday to last Sunday) missing time or approval."""
    first, last = monday(period.start), monday(today) - timedelta(days=1)
    if last < first:
        return ()
    rows = uow.analytics.rows("timesheet_gaps", start=first, end=last, holidays=holidays, team_id=team_id,
                              user_id=user_id)
    return tuple(WeekGap(r["user_id"], r["full_name"], r["week"], int(r["capacity_minutes"]),
                         int(r["entered_minutes"]), int(r["missing_minutes"]), r["status"]) for r in rows)
