"""What the catalogue page shows: each mission type with its budget in hours and its value at the
firm's selling rates in force, and due dates for a sample fiscal year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.access.model import Principal
from domain.catalogue.model import DueRule, MissionType
from domain.errors import NotFound
from domain.firm.guards import require_admin
from domain.firm.model import Grade, rate_in_force
from domain.money import round_cents
from domain.ports import FirmUnitOfWork


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    mission_type: MissionType
    total_minutes: int
    value_cents: int  # budget hours × selling rates in force, HT


@dataclass(frozen=True, slots=True)
class Catalogue:
    entries: tuple[CatalogueEntry, ...]
    grades: tuple[Grade, ...]  # rank order
    selling_rates: dict[int, int]  # grade id → hourly selling rate in cents in force on the day


def selling_rates(uow: FirmUnitOfWork, on: date) -> dict[int, int]:
    """Hourly selling rate in cents of each grade that has one in force on `on`."""
    rates = uow.grades.rates()
    found = {}
    for grade in uow.grades.list():
        rate = rate_in_force(rates, grade.id, on)
        if rate is not None:
            found[grade.id] = rate.selling_rate_cents
    return found


def budget_value_cents(minutes_by_grade: dict[int, int], rates: dict[int, int]) -> int:
    """Σ minutes × hourly rate / 60, rounded half up to the cent once (grades without a rate count 0)."""
    total = sum(Decimal(minutes) * rates.get(grade_id, 0) / 60 for grade_id, minutes in minutes_by_grade.items())
    return int(round_cents(Decimal(total) / 100) * 100)


def catalogue(uow: FirmUnitOfWork, principal: Principal, on: date, *, active_only: bool = False) -> Catalogue:
    require_admin(uow, principal)
    with uow:
        rates = selling_rates(uow, on)
        entries = tuple(CatalogueEntry(t, sum(t.minutes_by_grade().values()),
                                       budget_value_cents(t.minutes_by_grade(), rates))
                        for t in uow.mission_types.list(active_only=active_only))
        return Catalogue(entries, tuple(uow.grades.list()), rates)


def get(uow: FirmUnitOfWork, principal: Principal, mission_type_id: int) -> MissionType:
    require_admin(uow, principal)
    with uow:
        mission_type = uow.mission_types.get(mission_type_id)
    if mission_type is None:
        raise NotFound("Type de mission introuvable dans ce cabinet.")
    return mission_type


def sample_fiscal_year(today: date) -> tuple[date, date]:
    """The calendar fiscal year of `today`: 01/01 to 31/12."""
    return date(today.year, 1, 1), date(today.year, 12, 31)


def sample_due_date(rule: DueRule, today: date) -> date:
    """The due date for a fiscal year closing on 31/12 of `today`'s year."""
    return rule.due_on(*sample_fiscal_year(today))
