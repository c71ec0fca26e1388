"""What a signed letter plans: fiscal years, the fee schedule and the tasks of each mission.

Rules of the fee schedule (documented here and on the letter):

- **forfait mensualisé** (or any forfait of a quote marked "mensualisé"): one instalment per month of the
  fiscal year (12 for an ordinary year), due on the first day of its month (billing "à terme à échoir");
  every instalment is the fee divided by the number of months, rounded down to the cent, and the last one
  absorbs the rounding, so the sum is exact to the cent;
- **forfait annuel**: one instalment of the whole fee, due on the fiscal year end (the annual accounts
  are the deliverable);
- **unitaire** and **temps passé**: no planned instalment; they are billed as units are produced or time is
  spent.

An amendment signed during the year re-plans only what is not yet invoiced and falls due from the first
day of the month of signature (see `replan`).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from domain.catalogue.model import BillingMode, MissionType, add_months
from domain.engagements.model import FeeInstalment, Mission, MissionTask
from domain.formatting import month as month_label


def fiscal_year_from_start(start: date) -> tuple[date, date]:
    """A twelve-month fiscal year opening on `start`."""
    return start, add_months(start, 12) - timedelta(days=1)


def current_fiscal_year(fiscal_year_end: tuple[int, int], today: date) -> tuple[date, date]:
    """The fiscal year in progress: the one closing on the client's next closing date (on or after today).

    A firm taking on a client during the year prepares the accounts of the year in progress: a client
    closing on 31/12, on 20/11/2026: 01/01/2026 – 31/12/2026."""
    day, month = fiscal_year_end
    year = today.year
    closing = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    if closing < today:
        year += 1
        closing = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    return add_months(closing, -12) + timedelta(days=1), closing


def month_periods(start: date, end: date) -> list[tuple[date, date]]:
    """The successive one-month periods from `start` to `end` (the last one may be shorter)."""
    periods: list[tuple[date, date]] = []
    index = 0
    while True:
        period_start = add_months(start, index)
        if period_start > end:
            return periods
        period_end = min(add_months(start, index + 1) - timedelta(days=1), end)
        periods.append((period_start, period_end))
        index += 1


def split_evenly(total_cents: int, parts: int) -> list[int]:
    """`parts` amounts summing exactly to `total_cents`: equal ones rounded down, the last absorbs the rest."""
    if parts <= 0:
        return []
    base = total_cents // parts
    return [base] * (parts - 1) + [total_cents - base * (parts - 1)]


def share_out(total_cents: int, weights: list[int]) -> list[int]:
    """`total_cents` shared in proportion to `weights` (largest remainders), summing exactly to the total."""
    weight_sum = sum(weights)
    if not weights:
        return []
    if weight_sum <= 0:
        return split_evenly(total_cents, len(weights))
    shares = [total_cents * w // weight_sum for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total_cents * weights[i] % weight_sum), i))
    for i in order[:total_cents - sum(shares)]:
        shares[i] += 1
    return shares


def billed_monthly(mission: Mission, quote_monthly: bool) -> bool:
    return mission.billing_mode is BillingMode.MONTHLY or (quote_monthly and mission.billing_mode.is_forfait)


def instalments_for(mission: Mission, engagement_id: int, *, monthly: bool,
                    from_day: date | None = None, already_planned_cents: int = 0) -> list[FeeInstalment]:
    """The planned billings of one mission over its fiscal year (rules in the module's docstring).

    `from_day`: only the months starting on or after the first day of that month (an amendment);
    `already_planned_cents`: what earlier instalments kept for the mission already bill."""
    start, end = mission.fiscal_year_start, mission.fiscal_year_end
    remaining = mission.fee_cents - already_planned_cents
    if not mission.billing_mode.is_forfait:
        return []
    if billed_monthly(mission, monthly):
        periods = month_periods(start, end)
        if from_day is not None:
            first = from_day.replace(day=1)
            periods = [p for p in periods if p[0] >= first] or periods[-1:]
        amounts = split_evenly(remaining, len(periods))
        return [FeeInstalment(id=0, engagement_id=engagement_id, mission_id=mission.id,
                              label=f"{mission.label} — {month_label(ps)}", billing_mode=BillingMode.MONTHLY,
                              due_on=ps, period_start=ps, period_end=pe, amount_cents=amount)
                for (ps, pe), amount in zip(periods, amounts, strict=True)]
    return [FeeInstalment(id=0, engagement_id=engagement_id, mission_id=mission.id,
                          label=f"{mission.label} — exercice clos le {end.strftime('%d/%m/%Y')}",
                          billing_mode=BillingMode.ANNUAL, due_on=end, period_start=start, period_end=end,
                          amount_cents=remaining)]


def main_grade(minutes_by_grade: tuple[tuple[int, int], ...]) -> int | None:
    """The grade carrying most of a task's minutes (the first one listed on a tie)."""
    best: tuple[int, int] | None = None
    for grade_id, minutes in minutes_by_grade:
        if minutes > 0 and (best is None or minutes > best[1]):
            best = (grade_id, minutes)
    return best[0] if best else None


def tasks_for(mission_type: MissionType | None, mission: Mission) -> list[MissionTask]:
    """The mission type's work programme instantiated for the mission's fiscal year: one task per task
    template, estimated at its total minutes, for its main grade, due on its rule's date."""
    if mission_type is None:
        return []
    templates = sorted(mission_type.tasks, key=lambda t: (t.position, t.id))
    return [MissionTask(id=0, mission_id=mission.id, label=t.label, grade_id=main_grade(t.minutes_by_grade),
                        estimated_minutes=t.total_minutes,
                        due_on=t.due.due_on(mission.fiscal_year_start, mission.fiscal_year_end), position=index)
            for index, t in enumerate(templates)]
