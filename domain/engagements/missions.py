"""Commands on missions and their work programme. Each is audited and writes nothing on bad input.

Who may do what (the command line, principal None, may do everything):

- **create a mission** directly for a client (without a signed letter), and set its fee: a staff member
  with the "Voir les honoraires et les taux" permission (SEE_MONEY: managers, partners, administrators);
- **change a mission** (label, status, manager, team): SEE_MONEY, or the mission's manager;
- **change a task** (assignee, planned dates, status, estimate, due date, checklist): SEE_MONEY, the
  mission's manager, or the staff member the task is assigned to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.catalogue.model import BillingMode, add_months
from domain.catalogue.validation import hours_text, parse_hours
from domain.clock import Clock
from domain.compliance.services import check_gate as check_compliance_gate
from domain.compliance.services import flag_for_review
from domain.engagements.model import Mission, MissionStatus, MissionTask, TaskStatus
from domain.engagements.schedule import current_fiscal_year, tasks_for
from domain.errors import InvalidInput, NotFound, PermissionDenied, Problems
from domain.firm.guards import actor_id, require_staff
from domain.formatting import day
from domain.money import parse_non_negative_amount, to_cents
from domain.ports import FirmUnitOfWork
from domain.text import single_line

CHECKLIST_LIMIT = 5000


@dataclass(frozen=True, slots=True)
class MissionForm:
    """What a manager types to create a mission. Empty/None fields take the mission type's defaults."""

    client_id: int
    mission_type_id: int
    fiscal_year_end: date | None = None  # None: the client's fiscal year in progress
    label: str = ""  # empty: the type's label
    manager_id: int | None = None  # None: the client's manager
    team_id: int | None = None
    billing_mode: BillingMode | None = None  # None: the type's
    fee: str = ""  # French amount HT; empty: the type's default fee
    budget_hours: dict[int, str] | None = None  # grade id → French hours; None: the type's work programme


@dataclass(frozen=True, slots=True)
class MissionEdit:
    label: str
    status: MissionStatus
    manager_id: int | None
    team_id: int | None


@dataclass(frozen=True, slots=True)
class TaskEdit:
    """One row of the work programme as edited: hours typed the French way ("1,5")."""

    task_id: int
    assignee_id: int | None
    planned_start: date | None
    planned_end: date | None
    status: TaskStatus
    estimated_hours: object
    due_on: date | None


def fiscal_year_ending(end: date) -> tuple[date, date]:
    """The twelve-month fiscal year closing on `end`."""
    return add_months(end, -12) + timedelta(days=1), end


def apply_task_edit(task: MissionTask, edit: TaskEdit, active_staff: set[int]) -> MissionTask:
    """The task as edited, or InvalidInput listing every problem (prefixed by the task's label)."""
    problems = Problems()
    if edit.assignee_id is not None and edit.assignee_id not in active_staff:
        problems.problems.append("l'intervenant choisi n'est pas un collaborateur actif du cabinet")
    if edit.planned_start and edit.planned_end and edit.planned_start > edit.planned_end:
        problems.problems.append(f"le début prévu ({day(edit.planned_start)}) est après la fin prévue "
                                 f"({day(edit.planned_end)})")
    minutes = problems.take(lambda: parse_hours(edit.estimated_hours, "heures estimées"), default=0)
    if not isinstance(edit.status, TaskStatus):
        problems.problems.append("statut inconnu")
    if problems.problems:
        raise InvalidInput(f"Tâche « {task.label} » : " + " ; ".join(problems.problems) + ".")
    return replace(task, assignee_id=edit.assignee_id, planned_start=edit.planned_start,
                   planned_end=edit.planned_end, status=edit.status, estimated_minutes=int(minutes),
                   due_on=edit.due_on)


def active_staff_ids(uow: FirmUnitOfWork) -> set[int]:
    return {u.id for u in uow.users.list() if u.role.is_staff and u.is_active}


def _check_people(uow: FirmUnitOfWork, manager_id: int | None, team_id: int | None) -> None:
    if manager_id is not None and manager_id not in active_staff_ids(uow):
        raise InvalidInput("Le manager choisi n'est pas un collaborateur actif du cabinet.")
    if team_id is not None and team_id not in {t.id for t in uow.teams.list()}:
        raise InvalidInput("L'équipe choisie n'existe pas (ou plus) dans ce cabinet.")


def get_mission(uow: FirmUnitOfWork, mission_id: int) -> Mission:
    mission = uow.missions.get(mission_id)
    if mission is None:
        raise NotFound("Mission introuvable dans ce cabinet.")
    return mission


def require_may_change(principal: Principal | None, mission: Mission, task: MissionTask | None = None) -> None:
    if principal is None or principal.can(Permission.SEE_MONEY):
        return
    me = principal.user.id
    if mission.manager_id == me or (task is not None and task.assignee_id == me):
        return
    raise PermissionDenied("Seuls le manager de la mission, l'intervenant de la tâche ou un responsable habilité "
                           "aux honoraires peuvent la modifier.")


def _budget(form: MissionForm, programme: dict[int, int], grades: set[int]) -> tuple[tuple[int, int], ...]:
    if form.budget_hours is None:
        return tuple(sorted((g, m) for g, m in programme.items() if m > 0))
    problems = Problems()
    budget = []
    for grade_id, text in form.budget_hours.items():
        if grade_id not in grades:
            problems.problems.append("Budget : grade inconnu.")
            continue
        minutes = problems.take(lambda t=text: parse_hours(t, "Budget en heures"), default=0)
        if minutes:
            budget.append((grade_id, int(minutes)))
    if problems.problems:
        raise InvalidInput(" ; ".join(problems.problems))
    return tuple(sorted(budget))


def create_mission(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, form: MissionForm) -> Mission:
    """A mission created directly for a client (no letter): its budget defaults to the type's work programme
    and its tasks are the type's task templates, due on their rules' dates, as for a signed letter."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    problems = Problems()
    label = problems.take(lambda: single_line(form.label, "Libellé", 200))
    fee_cents = problems.take(lambda: to_cents(parse_non_negative_amount(form.fee, "Honoraires HT"))
                              if (form.fee or "").strip() else None, default=None)
    if problems.problems:
        raise InvalidInput(" ; ".join(problems.problems))
    today = clock.today()
    with uow:
        client = uow.clients.get(form.client_id)
        if client is None:
            raise NotFound("Client introuvable dans ce cabinet.")
        if client.archived:
            raise InvalidInput(f"Le client « {client.name} » est archivé : restaurez-le avant de lui créer une "
                               "mission.")
        mission_type = uow.mission_types.get(form.mission_type_id)
        if mission_type is None or not mission_type.active:
            raise InvalidInput("Choisissez un type de mission actif du catalogue.")
        manager_id = form.manager_id if form.manager_id is not None else client.manager_id
        _check_people(uow, form.manager_id, form.team_id)
        if manager_id is not None and manager_id not in active_staff_ids(uow):
            manager_id = None  # the client's manager left: nobody rather than a former colleague
        start, end = (fiscal_year_ending(form.fiscal_year_end) if form.fiscal_year_end
                      else current_fiscal_year(client.fiscal_year_end, today))
        budget = _budget(form, mission_type.minutes_by_grade(), {g.id for g in uow.grades.list()})
        mode = form.billing_mode or mission_type.billing_mode
        if fee_cents is None:
            fee_cents = (mission_type.default_fee_cents or 0) if mode.is_forfait else 0
        mission = uow.missions.add(Mission(
            id=0, client_id=client.id, label=str(label) or mission_type.label, fiscal_year_start=start,
            fiscal_year_end=end, billing_mode=mode, created_on=today, mission_type_id=mission_type.id,
            manager_id=manager_id, team_id=form.team_id, fee_cents=int(fee_cents),
            unit_price_cents=mission_type.unit_price_cents if mode is BillingMode.UNIT else None,
            budget_minutes=budget))
        tasks = tasks_for(mission_type, mission)
        uow.missions.add_tasks(tasks)
        if uow.compliance.overview(client.id)[0].current is not None:  # a new mission calls for a review
            flag_for_review(uow, client.id, f"Nouvelle mission : {mission.label}", today, actor=actor_id(principal),
                            at=clock.now())
        uow.audit.record(Action.MISSION_CREATE, actor_id(principal), "mission", str(mission.id),
                         {"client": client.name, "mission": mission.label, "type": mission_type.code,
                          "exercice": f"{day(start)} – {day(end)}", "tâches": str(len(tasks)),
                          "budget": hours_text(mission.budget_total_minutes) or "0"}, at=clock.now())
        uow.commit()
        return mission


def update_mission(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, mission_id: int,
                   edit: MissionEdit) -> Mission:
    """Label, status, manager and team of a mission."""
    require_staff(uow, principal)
    label = single_line(edit.label, "Libellé", 200, required=True)
    if not isinstance(edit.status, MissionStatus):
        raise InvalidInput("Statut de mission inconnu.")
    with uow:
        mission = get_mission(uow, mission_id)
        require_may_change(principal, mission)
        _check_people(uow, edit.manager_id, edit.team_id)
        if mission.status is MissionStatus.PLANNED and edit.status is not MissionStatus.PLANNED:  # it starts
            check_compliance_gate(uow, mission.client_id, clock.today(), "le démarrage de la mission")
        after = replace(mission, label=label, status=edit.status, manager_id=edit.manager_id, team_id=edit.team_id)
        changes = {f: f"{getattr(mission, f)} → {getattr(after, f)}"
                   for f in ("label", "status", "manager_id", "team_id") if getattr(mission, f) != getattr(after, f)}
        if not changes:
            return mission
        uow.missions.update(mission_id, label=label, status=edit.status, manager_id=edit.manager_id,
                            team_id=edit.team_id)
        uow.audit.record(Action.MISSION_UPDATE, actor_id(principal), "mission", str(mission_id),
                         dict(mission=mission.label, **changes), at=clock.now())
        uow.commit()
        return uow.missions.get(mission_id)


def _task_of(uow: FirmUnitOfWork, mission_id: int, task_id: int) -> MissionTask:
    task = uow.missions.task(task_id)
    if task is None or task.mission_id != mission_id:
        raise NotFound("Tâche introuvable dans cette mission.")
    return task


TASK_FIELDS = ("assignee_id", "planned_start", "planned_end", "status", "estimated_minutes", "due_on")


def save_programme(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, mission_id: int,
                   edits: list[TaskEdit]) -> int:
    """Save the edited rows of a work programme in one go (all or nothing); returns how many tasks changed."""
    require_staff(uow, principal)
    with uow:
        mission = get_mission(uow, mission_id)
        staff = active_staff_ids(uow)
        problems = Problems()
        changed: list[tuple[MissionTask, MissionTask]] = []
        for edit in edits:
            task = _task_of(uow, mission_id, edit.task_id)
            after = problems.take(lambda t=task, e=edit: apply_task_edit(t, e, staff), default=None)
            if after is not None and after != task:
                require_may_change(principal, mission, task)
                changed.append((task, after))
        if problems.problems:
            raise InvalidInput(" ".join(problems.problems))
        for before, after in changed:
            uow.missions.update_task(after)
            changes = {f: f"{getattr(before, f)} → {getattr(after, f)}"
                       for f in TASK_FIELDS if getattr(before, f) != getattr(after, f)}
            uow.audit.record(Action.TASK_UPDATE, actor_id(principal), "task", str(after.id),
                             dict(mission=mission.label, tâche=after.label, **changes), at=clock.now())
        uow.commit()
        return len(changed)


def update_task(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, mission_id: int,
                edit: TaskEdit) -> MissionTask:
    """One task's assignee, planned dates, status, estimate and due date."""
    save_programme(uow, principal, clock, mission_id, [edit])
    with uow:
        return _task_of(uow, mission_id, edit.task_id)


def set_checklist(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, mission_id: int, task_id: int,
                  checklist: str) -> None:
    """Replace a task's checklist: one item a line, "[x] " in front of a done item."""
    require_staff(uow, principal)
    text = "\n".join(line.rstrip() for line in (checklist or "").replace("\r\n", "\n").split("\n")
                     if line.strip())
    if len(text) > CHECKLIST_LIMIT:
        raise InvalidInput(f"Liste de contrôle : {CHECKLIST_LIMIT} caractères au plus.")
    with uow:
        mission = get_mission(uow, mission_id)
        task = _task_of(uow, mission_id, task_id)
        require_may_change(principal, mission, task)
        if task.checklist == text:
            return
        uow.missions.set_checklist(task_id, text)
        done = sum(1 for line in text.splitlines() if line.lower().startswith("[x]"))
        uow.audit.record(Action.TASK_UPDATE, actor_id(principal), "task", str(task_id),
                         {"mission": mission.label, "tâche": task.label,
                          "liste de contrôle": f"{done}/{len(text.splitlines())} fait(s)"}, at=clock.now())
        uow.commit()
