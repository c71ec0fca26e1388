"""Commands on the mission catalogue, for the firm's administrators: create and edit a mission type,
replace its work programme, withdraw it from (or put it back into) the offer. Every change is audited.
`principal=None` is the trusted command line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from domain.access.model import Principal
from domain.audit import Action
from domain.catalogue.model import MissionType
from domain.catalogue.validation import TaskInput, validate_mission_type, validate_tasks
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_admin
from domain.formatting import eur_cents, hours
from domain.ports import FirmUnitOfWork


def _require_admin(uow: FirmUnitOfWork, principal: Principal | None) -> None:
    if principal is not None:
        require_admin(uow, principal)


def _get(uow: FirmUnitOfWork, mission_type_id: int) -> MissionType:
    mission_type = uow.mission_types.get(mission_type_id)
    if mission_type is None:
        raise NotFound("Type de mission introuvable dans ce cabinet.")
    return mission_type


def _check_code_free(uow: FirmUnitOfWork, mission_type: MissionType) -> None:
    holder = uow.mission_types.find_by_code(mission_type.code)
    if holder is not None and holder.id != mission_type.id:
        raise InvalidInput(f"Le code « {mission_type.code} » est déjà celui du type de mission « {holder.label} ».")


def _money(cents: int | None) -> str:
    return eur_cents(cents) if cents is not None else "—"


def _summary(mission_type: MissionType) -> dict[str, str]:
    """The fields as the audit trail shows them."""
    return {"code": mission_type.code, "libellé": mission_type.label, "facturation": mission_type.billing_mode.label,
            "norme": mission_type.norm_reference, "honoraires annuels HT": _money(mission_type.default_fee_cents),
            "prix unitaire HT": _money(mission_type.unit_price_cents), "unité": mission_type.unit_label,
            "périmètre": mission_type.scope, "exclusions": mission_type.exclusions}


def create_mission_type(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock,
                        form: dict[str, str]) -> MissionType:
    """A new mission type at the end of the catalogue, offered at once, with an empty work programme."""
    _require_admin(uow, principal)
    draft = validate_mission_type(form)
    with uow:
        _check_code_free(uow, draft)
        mission_type = uow.mission_types.add(replace(draft, position=uow.mission_types.next_position()))
        uow.audit.record(Action.MISSION_TYPE_CREATE, actor_id(principal), "mission_type", str(mission_type.id),
                         {"code": mission_type.code, "libellé": mission_type.label,
                          "facturation": mission_type.billing_mode.label}, at=clock.now())
        uow.commit()
        return mission_type


def update_mission_type(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, mission_type_id: int,
                        form: dict[str, str]) -> None:
    """Edit the type's own fields; quotes and missions already made keep what they copied."""
    _require_admin(uow, principal)
    with uow:
        before = _get(uow, mission_type_id)
        draft = validate_mission_type(form, mission_type_id=before.id, active=before.active,
                                      position=before.position, tasks=before.tasks)
        _check_code_free(uow, draft)
        old, new = _summary(before), _summary(draft)
        changes = {k: f"{old[k]} → {new[k]}" for k in new if old[k] != new[k]}
        if not changes:
            return
        uow.mission_types.update(draft)
        uow.audit.record(Action.MISSION_TYPE_UPDATE, actor_id(principal), "mission_type", str(mission_type_id),
                         changes, at=clock.now())
        uow.commit()


def replace_work_programme(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, mission_type_id: int,
                           rows: Iterable[TaskInput]) -> None:
    """Replace the whole work programme by the rows typed in the table, in their order."""
    _require_admin(uow, principal)
    with uow:
        grades = {g.id: g.label for g in uow.grades.list()}
        tasks = validate_tasks(list(rows), grades)
        before = _get(uow, mission_type_id)
        if _programme(before.tasks) == _programme(tasks):
            return
        uow.mission_types.replace_tasks(mission_type_id, tasks)
        total = sum(t.total_minutes for t in tasks)
        uow.audit.record(Action.MISSION_TYPE_UPDATE, actor_id(principal), "mission_type", str(mission_type_id), {
            "programme de travail": f"{len(before.tasks)} → {len(tasks)} tâche(s)",
            "budget": f"{hours(sum(t.total_minutes for t in before.tasks))} → {hours(total)}"}, at=clock.now())
        uow.commit()


def _programme(tasks) -> list[tuple]:
    return [(t.label, t.due, tuple(sorted(t.minutes_by_grade))) for t in tasks]


def set_active(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, mission_type_id: int,
               active: bool) -> None:
    """Withdraw a type from the offer (it stays on existing quotes and missions) or offer it again."""
    _require_admin(uow, principal)
    with uow:
        mission_type = _get(uow, mission_type_id)
        if mission_type.active == active:
            return
        uow.mission_types.set_active(mission_type_id, active)
        change = "non → oui" if active else "oui → non"
        uow.audit.record(Action.MISSION_TYPE_UPDATE, actor_id(principal), "mission_type", str(mission_type_id),
                         {"libellé": mission_type.label, "proposé": change}, at=clock.now())
        uow.commit()


def deactivate_mission_type(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock,
                            mission_type_id: int) -> None:
    set_active(uow, principal, clock, mission_type_id, False)


def reactivate_mission_type(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock,
                            mission_type_id: int) -> None:
    set_active(uow, principal, clock, mission_type_id, True)
