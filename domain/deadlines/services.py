"""Commands on statutory deadlines: generate a year's deadlines, mark one done, reopen it. Each needs a
staff member of the unit of work's firm (principal None is the trusted command line) and is audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from domain.access.model import Principal
from domain.audit import Action
from domain.clients.model import ClientFilter
from domain.clock import Clock
from domain.deadlines.model import MISSION_CODES, Deadline
from domain.deadlines.rules import deadlines_for
from domain.engagements.model import Mission, MissionFilter
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.formatting import day
from domain.ports import FirmUnitOfWork

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_year(year: object) -> int:
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"Année invalide : {year!r} (attendu : une année entre {FIRST_YEAR} et {LAST_YEAR}).")
    return year


def mission_for(deadline: Deadline, missions: dict[tuple[int, str], list[Mission]]) -> int | None:
    """The client's mission of the deadline's catalogue type whose fiscal year contains the period's end."""
    for code in MISSION_CODES[deadline.kind]:
        for mission in missions.get((deadline.client_id, code), []):
            if mission.fiscal_year_start <= deadline.period_end <= mission.fiscal_year_end:
                return mission.id
    return None


def _missions_by_client_and_code(uow: FirmUnitOfWork) -> dict[tuple[int, str], list[Mission]]:
    codes = {t.id: t.code for t in uow.mission_types.list()}
    found: dict[tuple[int, str], list[Mission]] = {}
    for mission in uow.missions.list(MissionFilter()):
        code = codes.get(mission.mission_type_id) if mission.mission_type_id is not None else None
        if code:
            found.setdefault((mission.client_id, code), []).append(mission)
    for missions in found.values():
        missions.sort(key=lambda m: (m.fiscal_year_end, m.id))
    return found


def missing_deadlines(uow: FirmUnitOfWork, year: int) -> list[Deadline]:
    """The deadlines of `year` of the firm's active clients that are not stored yet, with their mission.
    Runs inside the caller's transaction."""
    candidates = [d for client in uow.clients.search(ClientFilter()) for d in deadlines_for(client, year)]
    if not candidates:
        return []
    existing = uow.deadlines.existing_keys(min(d.period_end for d in candidates),
                                           max(d.period_end for d in candidates))
    missions = _missions_by_client_and_code(uow)
    return [replace(d, mission_id=mission_for(d, missions)) for d in candidates if d.key not in existing]


def generate_year(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, year: int) -> int:
    """Store the deadlines falling due in `year` for every active client; returns how many were added.

    Safe to run again: deadlines already stored (done or not) are left as they are."""
    require_staff(uow, principal)
    _check_year(year)
    with uow:
        missing = missing_deadlines(uow, year)
        added = uow.deadlines.add_many(missing)
        uow.audit.record(Action.DEADLINES_GENERATE, actor_id(principal), "deadlines", str(year),
                         {"année": str(year), "ajoutées": str(added)}, at=clock.now())
        uow.commit()
        return added


def _get(uow: FirmUnitOfWork, deadline_id: int) -> Deadline:
    deadline = uow.deadlines.get(deadline_id)
    if deadline is None:
        raise NotFound("Échéance introuvable dans ce cabinet.")
    return deadline


def mark_done(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, deadline_id: int,
              on: date | None = None) -> None:
    """Record that the deadline was met on `on` (today by default; not in the future)."""
    require_staff(uow, principal)
    today = clock.today()
    on = on or today
    if not isinstance(on, date):
        raise InvalidInput("Date de réalisation invalide.")
    if on > today:
        raise InvalidInput(f"La date de réalisation ({day(on)}) ne peut pas être dans le futur.")
    with uow:
        deadline = _get(uow, deadline_id)
        if deadline.is_done:
            raise InvalidInput(f"L'échéance « {deadline.label} » est déjà marquée faite (le {day(deadline.done_on)}).")
        uow.deadlines.set_done(deadline_id, on, actor_id(principal))
        uow.audit.record(Action.DEADLINE_DONE, actor_id(principal), "deadline", str(deadline_id),
                         {"échéance": deadline.label, "client": deadline.client_name, "faite le": day(on)},
                         at=clock.now())
        uow.commit()


def reopen(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, deadline_id: int) -> None:
    """Mark a done deadline as still to do."""
    require_staff(uow, principal)
    with uow:
        deadline = _get(uow, deadline_id)
        if not deadline.is_done:
            raise InvalidInput(f"L'échéance « {deadline.label} » n'est pas marquée faite.")
        uow.deadlines.reopen(deadline_id)
        uow.audit.record(Action.DEADLINE_REOPEN, actor_id(principal), "deadline", str(deadline_id),
                         {"échéance": deadline.label, "client": deadline.client_name,
                          "était faite le": day(deadline.done_on)}, at=clock.now())
        uow.commit()
