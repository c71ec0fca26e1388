"""Commands of time entry. Each writes nothing on bad input; submissions and decisions are audited.

- **save_week**: the person (or the command line) replaces the whole week's entries from the grid, all or
  nothing, while the week is a draft or sent back; billed time is locked (domain.timesheets.billed);
- **start_timer / stop_timer**: the person's running timer; stopping it adds an entry rounded to the minute;
- **submit_week**: the person submits the week;
- **approve_week / send_back**: an administrator on anyone's week, another user with "Valider les temps"
  (APPROVE_TIME) on the weeks of their team (anyone's when they have no team), never on their own week
  (domain.timesheets.scope). An approved week is locked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm.guards import actor_id, require_staff
from domain.formatting import PARIS, day
from domain.ports import FirmUnitOfWork
from domain.text import single_line
from domain.timesheets.billed import billed_lines, without_billed
from domain.timesheets.model import Activity, RunningTimer, TimeEntry, Timesheet, TimesheetStatus, week_start
from domain.timesheets.scope import require_approver_of
from domain.timesheets.validation import (
    Reference,
    check_day_totals,
    check_in_week,
    check_reference,
    hours_label,
    parse_duration,
)

COMMENT_LIMIT = 500


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row of the week grid: what the time is for, and the seven days' durations as typed."""

    activity: Activity = Activity.PRODUCTION
    client_id: int | None = None
    mission_id: int | None = None
    task_id: int | None = None
    billable: bool = True
    comment: str = ""
    days: tuple[object, ...] = ()  # Monday … Sunday: "1,5", "1:30", "90 min", a number or empty


def _owner(uow: FirmUnitOfWork, principal: Principal | None, user_id: int) -> None:
    require_staff(uow, principal)
    if principal is not None and principal.user.id != user_id:
        raise PermissionDenied("On ne saisit que ses propres temps.")
    person = uow.users.get(user_id)
    if person is None or not person.role.is_staff:
        raise NotFound("Collaborateur introuvable dans ce cabinet.")


def _monday(value: date) -> date:
    if value.weekday() != 0:
        raise InvalidInput(f"Une semaine commence un lundi (le {day(value)} n'en est pas un).")
    return value


def _sheet(uow: FirmUnitOfWork, user_id: int, monday: date) -> Timesheet:
    return uow.timesheets.get(user_id, monday) or Timesheet(user_id=user_id, week_start=monday)


def _require_editable(sheet: Timesheet) -> None:
    if sheet.status is TimesheetStatus.APPROVED:
        raise InvalidInput(f"La semaine du {day(sheet.week_start)} est validée : ses temps sont verrouillés.")
    if sheet.status is TimesheetStatus.SUBMITTED:
        raise InvalidInput(f"La semaine du {day(sheet.week_start)} est soumise : elle ne peut plus être modifiée "
                           "sauf si elle est renvoyée par un responsable.")


def _context(uow: FirmUnitOfWork, client_ids: set[int], mission_ids: set[int]):
    """What the references of a few entries are checked against: those clients and the clients of those
    missions (the firm's only), those missions and their tasks. Three queries, whatever the size of the firm."""
    missions = {m.id: m for m in uow.missions.many(mission_ids)}
    tasks = {t.id: t for t in uow.missions.tasks_of(missions)}
    clients = set(uow.clients.names(client_ids | {m.client_id for m in missions.values()}))
    return clients, missions, tasks


def _ids(*values: int | None) -> set[int]:
    return {v for v in values if v is not None}


def _blank(row: GridRow) -> bool:
    """No cell typed in (None, NaN or spaces): the row makes no entry, its references need not be read."""
    return all(cell is None or (isinstance(cell, float) and cell != cell) or not str(cell).strip()  # noqa: PLR0124
               for cell in row.days)


def _comment(text: str) -> str:
    return single_line(text or "", "Commentaire", COMMENT_LIMIT)


def entries_from_grid(user_id: int, monday: date, rows: list[GridRow], clients: set[int], missions: dict,
                      tasks: dict) -> list[TimeEntry]:
    """The entries the grid describes (empty cells skipped), or InvalidInput naming the row and day."""
    entries: list[TimeEntry] = []
    for number, row in enumerate(rows, start=1):
        if len(row.days) > 7:
            raise InvalidInput(f"Ligne {number} : sept jours au plus.")
        minutes = []
        for offset, cell in enumerate(row.days):
            try:
                minutes.append(parse_duration(cell))
            except InvalidInput as err:
                raise InvalidInput(f"Ligne {number}, {day(monday + timedelta(days=offset))} : {err.message}") from None
        if not any(minutes):
            continue
        try:
            ref = check_reference(Reference(row.activity, row.client_id, row.mission_id, row.task_id, row.billable),
                                  clients, missions, tasks)
            comment = _comment(row.comment)
        except InvalidInput as err:
            raise InvalidInput(f"Ligne {number} : {err.message}") from None
        for offset, value in enumerate(minutes):
            if value:
                when = monday + timedelta(days=offset)
                check_in_week(when, monday)
                entries.append(TimeEntry(id=0, user_id=user_id, day=when, minutes=value, activity=ref.activity,
                                         billable=ref.billable, client_id=ref.client_id, mission_id=ref.mission_id,
                                         task_id=ref.task_id, comment=comment))
    check_day_totals(entries)
    return entries


def locked_rows(lines: list) -> list[GridRow]:
    """The grid's billed lines (`queries.GridLine` with an invoice) as rows handed back unchanged to save_week."""
    return [GridRow(activity=line.activity, client_id=line.client_id, mission_id=line.mission_id,
                    task_id=line.task_id, billable=line.billable, comment=line.comment,
                    days=tuple(f"{minutes} min" if minutes else "" for minutes in line.minutes))
            for line in lines if line.invoice_id is not None]


def save_week(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, user_id: int, monday: date,
              rows: list[GridRow]) -> int:
    """Replace the person's unbilled entries of the week by the grid's, all or nothing; the billed lines
    (domain.timesheets.billed) must be in `rows` unchanged and stay as stored. Returns how many were saved."""
    monday = _monday(monday)
    with uow:
        _owner(uow, principal, user_id)
        sheet = _sheet(uow, user_id, monday)
        _require_editable(sheet)
        sunday = monday + timedelta(days=6)
        billed = [e for e in uow.time_entries.for_user(user_id, monday, sunday) if e.invoice_id is not None]
        if billed:  # billed time must come back unchanged; it is kept as stored, never rewritten
            lines = billed_lines(monday, billed)
            rows = without_billed(rows, lines, uow.time_entries.invoice_numbers(x.invoice_id for x in lines),
                                  monday)
        typed = [r for r in rows if not _blank(r)]  # the grid's pre-filled lines mostly stay empty
        clients, missions, tasks = _context(uow, _ids(*(r.client_id for r in typed)),
                                            _ids(*(r.mission_id for r in typed)))
        entries = entries_from_grid(user_id, monday, rows, clients, missions, tasks)
        check_day_totals(entries + billed)
        uow.time_entries.delete_for_user(user_id, monday, sunday)  # the unbilled entries only
        uow.time_entries.add_many(entries, clock.now())
        uow.timesheets.save(sheet)
        uow.commit()
        return len(entries)


def start_timer(uow: FirmUnitOfWork, principal: Principal, clock: Clock, *, activity: Activity = Activity.PRODUCTION,
                client_id: int | None = None, mission_id: int | None = None, task_id: int | None = None,
                billable: bool = True, comment: str = "") -> RunningTimer:
    """Start the person's timer (one at a time) on a client, mission, task and activity."""
    user_id = principal.user.id
    with uow:
        _owner(uow, principal, user_id)
        if uow.timers.get(user_id) is not None:
            raise InvalidInput("Un chronomètre tourne déjà : arrêtez-le d'abord.")
        clients, missions, tasks = _context(uow, _ids(client_id), _ids(mission_id))
        ref = check_reference(Reference(activity, client_id, mission_id, task_id, billable and not activity.internal),
                              clients, missions, tasks)
        timer = RunningTimer(user_id=user_id, started_at=clock.now(), activity=ref.activity, client_id=ref.client_id,
                             mission_id=ref.mission_id, task_id=ref.task_id, comment=_comment(comment))
        uow.timers.start(timer)
        uow.commit()
        return timer


def running_timer(uow: FirmUnitOfWork, principal: Principal) -> RunningTimer | None:
    require_staff(uow, principal)
    with uow:
        return uow.timers.get(principal.user.id)


def stop_timer(uow: FirmUnitOfWork, principal: Principal, clock: Clock) -> TimeEntry:
    """Stop the person's timer: an entry on the day it started, rounded to the minute (at least one)."""
    user_id = principal.user.id
    with uow:
        _owner(uow, principal, user_id)
        timer = uow.timers.get(user_id)
        if timer is None:
            raise InvalidInput("Aucun chronomètre en cours.")
        now = clock.now()
        minutes = max(1, round((now - timer.started_at).total_seconds() / 60))
        started = timer.started_at.astimezone(PARIS).date()
        if minutes > 24 * 60:
            raise InvalidInput("Le chronomètre tourne depuis plus de 24 heures : arrêtez-le et saisissez le temps "
                               "dans la grille.")
        monday = week_start(started)
        sheet = _sheet(uow, user_id, monday)
        _require_editable(sheet)
        clients, missions, tasks = _context(uow, _ids(timer.client_id), _ids(timer.mission_id))
        ref = check_reference(Reference(timer.activity, timer.client_id, timer.mission_id, timer.task_id,
                                        not timer.activity.internal and timer.client_id is not None),
                              clients, missions, tasks)
        entry = TimeEntry(id=0, user_id=user_id, day=started, minutes=minutes, activity=ref.activity,
                          billable=ref.billable, client_id=ref.client_id, mission_id=ref.mission_id,
                          task_id=ref.task_id, comment=timer.comment)
        check_day_totals([e for e in uow.time_entries.for_user(user_id, started, started)] + [entry])
        saved = uow.time_entries.add(entry, now)
        uow.timers.delete(user_id)
        uow.timesheets.save(sheet)
        uow.commit()
        return saved


def submit_week(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, user_id: int,
                monday: date) -> Timesheet:
    """Submit the person's week for approval (it must hold some time)."""
    monday = _monday(monday)
    with uow:
        _owner(uow, principal, user_id)
        sheet = _sheet(uow, user_id, monday)
        _require_editable(sheet)
        entries = uow.time_entries.for_user(user_id, monday, monday + timedelta(days=6))
        if not entries:
            raise InvalidInput("Aucun temps saisi cette semaine : enregistrez vos temps avant de soumettre.")
        sheet = replace(sheet, status=TimesheetStatus.SUBMITTED, submitted_at=clock.now(), decided_at=None,
                        decided_by=None)
        uow.timesheets.save(sheet)
        uow.audit.record(Action.TIME_SUBMIT, actor_id(principal), "timesheet", f"{user_id}:{monday.isoformat()}",
                         {"semaine": day(monday), "heures": hours_label(sum(e.minutes for e in entries))},
                         at=clock.now())
        uow.commit()
        return sheet


def _decide(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, user_id: int, monday: date,
            status: TimesheetStatus, comment: str) -> Timesheet:
    monday = _monday(monday)
    with uow:
        require_staff(uow, principal, Permission.APPROVE_TIME)
        if principal is not None and principal.user.id == user_id:
            raise PermissionDenied("On ne valide pas sa propre semaine : un autre responsable doit le faire.")
        require_approver_of(uow, principal, user_id)
        sheet = uow.timesheets.get(user_id, monday)
        if sheet is None or sheet.status is not TimesheetStatus.SUBMITTED:
            raise InvalidInput(f"La semaine du {day(monday)} n'est pas soumise : rien à valider ou renvoyer.")
        sheet = replace(sheet, status=status, decided_at=clock.now(), decided_by=actor_id(principal), comment=comment)
        uow.timesheets.save(sheet)
        action = Action.TIME_APPROVE if status is TimesheetStatus.APPROVED else Action.TIME_REJECT
        details = {"semaine": day(monday)}
        if comment:
            details["commentaire"] = comment
        uow.audit.record(action, actor_id(principal), "timesheet", f"{user_id}:{monday.isoformat()}", details,
                         at=clock.now())
        uow.commit()
        return sheet


def approve_week(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, user_id: int,
                 monday: date) -> Timesheet:
    """Approve a submitted week: its entries are locked from now on."""
    return _decide(uow, principal, clock, user_id, monday, TimesheetStatus.APPROVED, "")


def send_back(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, user_id: int, monday: date,
              comment: str) -> Timesheet:
    """Send a submitted week back to the person with a comment saying what to correct (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput("Indiquez en commentaire ce qui doit être corrigé.")
    if len(comment) > 2000:
        raise InvalidInput("Commentaire : 2 000 caractères au plus.")
    return _decide(uow, principal, clock, user_id, monday, TimesheetStatus.SENT_BACK, comment)
