"""What the dashboards show, as typed figures: the page formats them, the `sql/` views compute their bases.

Money in cents (HT unless named TTC), time in minutes, rates as Decimal fractions (0.85 = 85 %), None when the
base is zero (a rate of nothing is no rate, not 0 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from domain.collections.aging import ClientBalance


class PeriodChoice(StrEnum):
    MONTH = "mois"
    QUARTER = "trimestre"
    YEAR = "annee"
    LAST_12_MONTHS = "12_mois"

    @property
    def label(self) -> str:
        return {"mois": "Mois en cours", "trimestre": "Trimestre en cours", "annee": "Depuis le 1er janvier",
                "12_mois": "12 derniers mois"}[self.value]


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # included: today for the periods "to date"


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: date  # first day
    fees_cents: int
    fees_last_year_cents: int  # the same month one year earlier
    recurring_cents: int
    time_value_cents: int  # chargeable time of the month at selling rates


@dataclass(frozen=True, slots=True)
class WipLine:
    mission_id: int
    mission_label: str
    client_name: str
    billing_mode: str
    minutes: int
    wip_cents: int
    oldest_day: date


@dataclass(frozen=True, slots=True)
class DeadlineLine:
    deadline_id: int
    label: str
    client_name: str
    due_on: date
    done_on: date | None
    follower_id: int | None
    in_period: bool
    on_time: bool
    days_late: int

    @property
    def open(self) -> bool:
        return self.done_on is None


@dataclass(frozen=True, slots=True)
class DeadlineFigures:
    due: int  # due in the period and already past (or done)
    met_on_time: int
    at_risk: tuple[DeadlineLine, ...]  # open, overdue or due by the horizon, the earliest first
    overdue: int

    @property
    def on_time_rate(self) -> Decimal | None:
        return Decimal(self.met_on_time) / self.due if self.due else None


@dataclass(frozen=True, slots=True)
class BoniMaliLine:
    mission_id: int
    mission_label: str
    client_name: str
    fees_cents: int
    time_value_cents: int
    boni_mali_cents: int  # fees − time value: positive boni, negative mali


@dataclass(frozen=True, slots=True)
class ReviewToDo:
    """An LCB-FT review to do (domain/compliance/rules.py `reviews_to_do`)."""

    client_id: int
    client_name: str
    state: str  # ReviewState label
    due_on: date | None  # None: never validated
    manager_id: int | None


@dataclass(frozen=True, slots=True)
class PartnerDashboard:
    period: Period
    fees_month_cents: int
    fees_month_last_year_cents: int
    fees_ytd_cents: int
    fees_ytd_last_year_cents: int
    fees_period_cents: int
    recurring_period_cents: int
    time_value_period_cents: int
    realisation: Decimal | None  # fees of the period ÷ chargeable time value of the period
    wip_cents: int
    wip_missions: int  # missions with WIP (the table lists the largest only)
    wip_days: Decimal | None
    receivables_cents: int  # TTC still owed
    overdue_receivables_cents: int
    dso_days: Decimal | None
    months: tuple[MonthFigures, ...]
    wip: tuple[WipLine, ...]
    aged: tuple[ClientBalance, ...]
    deadlines: DeadlineFigures
    loaded_at: datetime | None


@dataclass(frozen=True, slots=True)
class PersonTime:
    user_id: int
    full_name: str
    team_name: str
    available_minutes: int
    entered_minutes: int
    chargeable_minutes: int

    @property
    def chargeability(self) -> Decimal | None:
        return Decimal(self.chargeable_minutes) / self.available_minutes if self.available_minutes else None


@dataclass(frozen=True, slots=True)
class MissionBudget:
    mission_id: int
    mission_label: str
    client_name: str
    budget_minutes: int
    actual_minutes: int
    own_minutes: int = 0

    @property
    def consumed(self) -> Decimal | None:
        return Decimal(self.actual_minutes) / self.budget_minutes if self.budget_minutes else None

    @property
    def over_budget(self) -> bool:
        return self.budget_minutes > 0 and self.actual_minutes > self.budget_minutes


@dataclass(frozen=True, slots=True)
class BudgetTotals:
    """Over every open mission followed, not only those listed."""

    missions: int = 0
    budgeted_minutes: int = 0
    actual_on_budgeted_minutes: int = 0  # entered on the missions that have a budget

    @property
    def adherence(self) -> Decimal | None:
        """Hours entered ÷ hours budgeted over the missions that have a budget."""
        return Decimal(self.actual_on_budgeted_minutes) / self.budgeted_minutes if self.budgeted_minutes else None


@dataclass(frozen=True, slots=True)
class WeekGap:
    user_id: int
    full_name: str
    week: date
    capacity_minutes: int
    entered_minutes: int
    missing_minutes: int
    status: str  # TimesheetStatus value


@dataclass(frozen=True, slots=True)
class ManagerDashboard:
    period: Period
    team_id: int | None
    people: tuple[PersonTime, ...]
    budgets: tuple[MissionBudget, ...]  # the most consumed first (at most BUDGET_ROWS)
    budget_totals: BudgetTotals
    deadlines: DeadlineFigures
    gaps: tuple[WeekGap, ...]
    loaded_at: datetime | None

    @property
    def chargeability(self) -> Decimal | None:
        available = sum(p.available_minutes for p in self.people)
        return Decimal(sum(p.chargeable_minutes for p in self.people)) / available if available else None

    @property
    def adherence(self) -> Decimal | None:
        return self.budget_totals.adherence


@dataclass(frozen=True, slots=True)
class WeekHours:
    week: date
    chargeable_minutes: int
    internal_minutes: int
    capacity_minutes: int


@dataclass(frozen=True, slots=True)
class CollaboratorDashboard:
    period: Period
    weeks: tuple[WeekHours, ...]
    budgets: tuple[MissionBudget, ...]
    deadlines: DeadlineFigures
    gaps: tuple[WeekGap, ...]
    loaded_at: datetime | None

    @property
    def chargeable_minutes(self) -> int:
        return sum(w.chargeable_minutes for w in self.weeks)

    @property
    def entered_minutes(self) -> int:
        return sum(w.chargeable_minutes + w.internal_minutes for w in self.weeks)

    @property
    def capacity_minutes(self) -> int:
        return sum(w.capacity_minutes for w in self.weeks)

    @property
    def chargeability(self) -> Decimal | None:
        return Decimal(self.chargeable_minutes) / self.capacity_minutes if self.capacity_minutes else None
