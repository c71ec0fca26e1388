"""Read side of the deadlines: lists with filters, "my deadlines", what is due soon, a month calendar,
and per mission the days to the next open deadline."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from domain.access.model import Principal
from domain.deadlines.model import DUE_SOON_DAYS, Deadline, DeadlineFilter
from domain.firm.guards import require_staff
from domain.formatting import day
from domain.ports import FirmUnitOfWork

UPCOMING_DAYS = 30


def search(uow: FirmUnitOfWork, principal: Principal | None, criteria: DeadlineFilter) -> list[Deadline]:
    """Deadlines matching `criteria`, by due date then client name."""
    require_staff(uow, principal)
    with uow:
        return uow.deadlines.list(criteria)


def upcoming(uow: FirmUnitOfWork, principal: Principal | None, today: date, days: int = UPCOMING_DAYS,
             user_id: int | None = None) -> list[Deadline]:
    """Open deadlines due within `days` days, the overdue ones (any age) first."""
    return search(uow, principal, DeadlineFilter(due_to=today + timedelta(days=days), open_only=True,
                                                 user_id=user_id))


def mine(uow: FirmUnitOfWork, principal: Principal, today: date, days: int = 90) -> list[Deadline]:
    """The open deadlines (overdue, then due within `days` days) of the clients whose missions the user
    manages or has tasks on, or that the user manages."""
    return upcoming(uow, principal, today, days, user_id=principal.user.id)


def for_mission(uow: FirmUnitOfWork, principal: Principal | None, mission_id: int) -> list[Deadline]:
    require_staff(uow, principal)
    with uow:
        return uow.deadlines.for_mission(mission_id)


def next_open(deadlines: list[Deadline], today: date) -> Deadline | None:
    """The earliest deadline not done (an overdue one first)."""
    open_ = [d for d in deadlines if not d.is_done]
    return min(open_, key=lambda d: (d.due_on, d.id)) if open_ else None


def days_to_next(deadlines: list[Deadline], today: date) -> int | None:
    """Days to the next open deadline (negative when overdue), None when every deadline is done."""
    found = next_open(deadlines, today)
    return found.days_left(today) if found else None


def due_soon(deadlines: list[Deadline], today: date, days: int = DUE_SOON_DAYS) -> list[Deadline]:
    """Open deadlines overdue or due within `days` days (the alert)."""
    return [d for d in deadlines if not d.is_done and d.days_left(today) <= days]


def days_label(deadline: Deadline, today: date) -> str:
    if deadline.is_done:
        return f"faite le {day(deadline.done_on)}"
    left = deadline.days_left(today)
    if left < 0:
        return f"en retard de {-left} j"
    return "aujourd'hui" if left == 0 else f"dans {left} j"


def month_weeks(year: int, month: int) -> list[list[date | None]]:
    """The weeks (Monday to Sunday) of a month; days of the neighbouring months are None."""
    return [[d if d.month == month else None for d in week]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)]


def by_day(deadlines: list[Deadline]) -> dict[date, list[Deadline]]:
    found: dict[date, list[Deadline]] = {}
    for deadline in deadlines:
        found.setdefault(deadline.due_on, []).append(deadline)
    return found


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def csv_row(deadline: Deadline, today: date) -> dict:
    return {"Échéance": day(deadline.due_on), "Client": deadline.client_name, "Type": deadline.kind.label,
            "Libellé": deadline.label, "Période du": day(deadline.period_start), "Période au": day(deadline.period_end),
            "Statut": deadline.status(today).label, "Faite le": day(deadline.done_on),
            "Jours restants": "" if deadline.is_done else deadline.days_left(today)}


def count(uow: FirmUnitOfWork, principal: Principal | None) -> int:
    """How many deadlines the firm has stored (0: nothing generated yet)."""
    require_staff(uow, principal)
    with uow:
        return uow.deadlines.count()


def kinds_summary(deadlines: list[Deadline]) -> str:
    """"TVA CA3 mensuelle ×3, DSN" for a day of the calendar."""
    counts: dict[str, int] = {}
    for deadline in deadlines:
        counts[deadline.kind.label] = counts.get(deadline.kind.label, 0) + 1
    return ", ".join(label if n == 1 else f"{label} ×{n}" for label, n in counts.items())
