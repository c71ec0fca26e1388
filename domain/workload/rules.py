"""Capacity rules (pure): a working day is worth a fifth of the contract's weekly minutes, nothing on weekends
and public holidays (with the Alsace-Moselle option: Good Friday and 26 December), nothing on a full-day
absence and half on a half-day absence."""

from collections.abc import Iterable
from datetime import date, timedelta

from domain.access.model import User
from domain.deadlines.rules import easter, public_holidays
from domain.workload.model import Absence

MAX_COMMENT = 500


def anniversary(day: date) -> date:
    """The same day one year later (29 February → 1 March): an absence must end before it."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 3, 1)


def holidays(year: int, alsace_moselle: bool = False) -> frozenset[date]:
    """French public holidays of `year`; Alsace-Moselle adds Good Friday and Saint Stephen's day (26/12)."""
    days = public_holidays(year)
    if alsace_moselle:
        days = days | {easter(year) - timedelta(days=2), date(year, 12, 26)}
    return days


def holidays_between(first: date, last: date, alsace_moselle: bool = False) -> frozenset[date]:
    found: set[date] = set()
    for year in range(first.year, last.year + 1):
        found |= {d for d in holidays(year, alsace_moselle) if first <= d <= last}
    return frozenset(found)


def daily_capacity(user: User, day: date, absences: Iterable[Absence], holidays: Iterable[date]) -> int:
    """Minutes `user` can work on `day`."""
    if day.weekday() >= 5 or day in set(holidays):
        return 0
    full = user.weekly_minutes // 5
    for absence in absences:
        if absence.user_id == user.id and absence.covers(day):
            return full // 2 if absence.half_day else 0
    return full


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def capacity(user: User, first: date, last: date, absences: Iterable[Absence],
             holidays: Iterable[date]) -> dict[date, int]:
    """Minutes available on each day from `first` to `last` included."""
    mine = [a for a in absences if a.user_id == user.id and a.overlaps(first, last)]
    off = frozenset(holidays)
    return {d: daily_capacity(user, d, mine, off) for d in days(first, last)}


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_totals(daily: dict[date, int]) -> dict[date, int]:
    """Sum per ISO week, keyed by the week's Monday (in date order)."""
    totals: dict[date, int] = {}
    for day in sorted(daily):
        totals[monday(day)] = totals.get(monday(day), 0) + daily[day]
    return totals


def week_label(week_monday: date) -> str:
    number = week_monday.isocalendar().week
    return f"S{number:02d} ({week_monday:%d/%m})"
