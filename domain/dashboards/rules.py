"""The dashboards' formulas (DOMAIN.md §3.3), pure: periods, ratios, WIP days, DSO, deadline counts.

- Realisation rate = fees billed HT (disbursements excluded, credit notes deducted) ÷ chargeable time valued at
  selling rates, over the same period.
- WIP days = WIP ÷ (fees of the last 365 days ÷ 365): how many days of fees sit in unbilled time.
- DSO = receivables TTC ÷ documents TTC of the last 365 days × 365.
- Deadlines met on time = deadlines of the period done by their due day ÷ those due (past their day, or done).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from domain.dashboards.model import DeadlineFigures, DeadlineLine, Period, PeriodChoice

AT_RISK_DAYS = 14  # an open deadline due within two weeks is at risk
DAYS_IN_YEAR = 365
ONE_DECIMAL = Decimal("0.1")


def period_of(choice: PeriodChoice, today: date) -> Period:
    """The period chosen, up to today included."""
    if choice is PeriodChoice.MONTH:
        return Period(today.replace(day=1), today)
    if choice is PeriodChoice.QUARTER:
        return Period(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today)
    if choice is PeriodChoice.YEAR:
        return Period(date(today.year, 1, 1), today)
    return Period(add_months(today.replace(day=1), -11), today)


def add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def year_earlier(day: date) -> date:
    """The same day one year before (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def last_year(period: Period) -> Period:
    return Period(year_earlier(period.start), year_earlier(period.end))


def trailing_year(today: date) -> Period:
    """The 365 days ending today, the base of WIP days and DSO."""
    return Period(today - timedelta(days=DAYS_IN_YEAR - 1), today)


def ratio(part: int, whole: int) -> Decimal | None:
    return Decimal(part) / whole if whole else None


def days_of(amount_cents: int, yearly_cents: int) -> Decimal | None:
    """How many days of a year's flow `amount_cents` represents, to one decimal; None without flow."""
    if yearly_cents <= 0:
        return None
    return (Decimal(amount_cents) * DAYS_IN_YEAR / yearly_cents).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def deadline_figures(lines: list[DeadlineLine], today: date, horizon_days: int = AT_RISK_DAYS) -> DeadlineFigures:
    horizon = today + timedelta(days=horizon_days)
    due = [d for d in lines if d.in_period and (d.done_on is not None or d.due_on < today)]
    at_risk = tuple(d for d in lines if d.open and d.due_on <= horizon)
    return DeadlineFigures(due=len(due), met_on_time=sum(1 for d in due if d.on_time), at_risk=at_risk,
                           overdue=sum(1 for d in at_risk if d.due_on < today))
