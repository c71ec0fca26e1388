"""Read side of the workload: absences of a person or of the firm in a period, and the capacity table
person × week (minutes available after public holidays and absences)."""

from datetime import date, timedelta

from domain.access.model import Permission, Principal, User
from domain.errors import PermissionDenied
from domain.firm.guards import require_staff
from domain.ports import FirmUnitOfWork
from domain.workload.model import Absence, CapacityRow, CapacityTable
from domain.workload.rules import capacity, holidays_between, monday, weekly_totals
from domain.workload.services import may_manage

HORIZON_WEEKS = 13


def absences_of(uow: FirmUnitOfWork, principal: Principal | None, user_id: int, start: date | None = None,
                end: date | None = None) -> list[Absence]:
    """A person's absences overlapping the period (oneself, or anyone for an administrator)."""
    require_staff(uow, principal)
    if not may_manage(principal, user_id):
        raise PermissionDenied()
    with uow:
        return uow.absences.list(user_id=user_id, start=start, end=end)


def firm_absences(uow: FirmUnitOfWork, principal: Principal | None, start: date | None = None,
                  end: date | None = None, user_id: int | None = None) -> list[Absence]:
    """Every absence of the firm overlapping the period (administrators)."""
    require_staff(uow, principal, Permission.ADMINISTER if principal is not None else None)
    with uow:
        return uow.absences.list(user_id=user_id, start=start, end=end)


def capacity_by_week(uow: FirmUnitOfWork, principal: Principal | None, today: date,
                     weeks: int = HORIZON_WEEKS) -> CapacityTable:
    """Minutes available per person and ISO week, from this week on: everyone active of the staff for an
    administrator, oneself for the others."""
    require_staff(uow, principal)
    first = monday(today)
    last = first + timedelta(days=7 * weeks - 1)
    with uow:
        people = [u for u in uow.users.list() if u.role.is_staff and u.is_active]
        if principal is not None and not principal.can(Permission.ADMINISTER):
            people = [u for u in people if u.id == principal.user.id]
        absences = uow.absences.list(start=first, end=last)
        alsace = uow.firm.get().alsace_moselle
    off = holidays_between(first, last, alsace)
    mondays = tuple(first + timedelta(days=7 * n) for n in range(weeks))
    rows = []
    for person in sorted(people, key=lambda u: u.full_name.casefold()):
        totals = weekly_totals(capacity(person, first, last, absences, off))
        rows.append(CapacityRow(person.id, person.full_name, person.weekly_minutes,
                                tuple(totals.get(m, 0) for m in mondays)))
    return CapacityTable(mondays, tuple(rows), alsace)


def people(uow: FirmUnitOfWork, principal: Principal | None, active_only: bool = True) -> list[User]:
    """The staff whose absences `principal` may manage, by name: everyone for an administrator, else oneself."""
    require_staff(uow, principal)
    with uow:
        found = [u for u in uow.users.list() if u.role.is_staff and (u.is_active or not active_only)]
    if principal is not None and not principal.can(Permission.ADMINISTER):
        found = [u for u in found if u.id == principal.user.id]
    return sorted(found, key=lambda u: u.full_name.casefold())
