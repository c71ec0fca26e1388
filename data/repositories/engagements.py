"""Engagements and their fee schedule; missions with budget hours and tasks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, insert, or_, select

from data.models.clients import ClientRow
from data.models.engagements import EngagementRow, FeeScheduleRow, MissionBudgetRow, MissionRow, MissionTaskRow
from data.repositories.base import FirmScoped
from domain.catalogue.model import BillingMode
from domain.engagements.model import (
    Engagement,
    FeeInstalment,
    Mission,
    MissionFilter,
    MissionStatus,
    MissionTask,
    TaskStatus,
)


def _engagement(row: EngagementRow) -> Engagement:
    return Engagement(id=row.id, client_id=row.client_id, letter_id=row.letter_id,
                      fiscal_year_start=row.fiscal_year_start, fiscal_year_end=row.fiscal_year_end,
                      activated_on=row.activated_on, annual_fee_cents=row.annual_fee_cents, monthly=row.monthly,
                      status=row.status, chorus_service_code=row.chorus_service_code,
                      chorus_commitment_number=row.chorus_commitment_number)


def _instalment(row: FeeScheduleRow) -> FeeInstalment:
    return FeeInstalment(id=row.id, engagement_id=row.engagement_id, label=row.label,
                         billing_mode=BillingMode(row.billing_mode), due_on=row.due_on, period_start=row.period_start,
                         period_end=row.period_end, amount_cents=row.amount_cents, mission_id=row.mission_id,
                         invoice_id=row.invoice_id)


class EngagementRepository(FirmScoped):
    """Engagements (one per signed letter) and their fee schedule."""

    def add(self, engagement: Engagement) -> Engagement:
        row = self._add(EngagementRow, client_id=engagement.client_id, letter_id=engagement.letter_id,
                        status=engagement.status, fiscal_year_start=engagement.fiscal_year_start,
                        fiscal_year_end=engagement.fiscal_year_end, activated_on=engagement.activated_on,
                        annual_fee_cents=engagement.annual_fee_cents, monthly=engagement.monthly)
        return _engagement(row)

    def get(self, engagement_id: int) -> Engagement | None:
        row = self.session.scalar(self._select(EngagementRow).where(EngagementRow.id == engagement_id))
        return _engagement(row) if row else None

    def many(self, engagement_ids: Iterable[int]) -> dict[int, Engagement]:
        """id → engagement, unknown ids left out: one query per 900 ids."""
        ordered, found = sorted(set(engagement_ids)), {}
        for start in range(0, len(ordered), 900):
            rows = self.session.scalars(self._select(EngagementRow)
                                        .where(EngagementRow.id.in_(ordered[start:start + 900])))
            found.update((row.id, _engagement(row)) for row in rows)
        return found

    def for_client(self, client_id: int) -> list[Engagement]:
        """The client's engagements, the latest fiscal year first."""
        statement = (self._select(EngagementRow).where(EngagementRow.client_id == client_id)
                     .order_by(EngagementRow.fiscal_year_start.desc(), EngagementRow.id.desc()))
        return [_engagement(r) for r in self.session.scalars(statement)]

    def for_letter(self, letter_id: int) -> Engagement | None:
        row = self.session.scalar(self._select(EngagementRow).where(EngagementRow.letter_id == letter_id))
        return _engagement(row) if row else None

    def set_fees(self, engagement_id: int, annual_fee_cents: int, monthly: bool) -> None:
        self._update(EngagementRow, EngagementRow.id == engagement_id, annual_fee_cents=annual_fee_cents,
                     monthly=monthly)

    def set_chorus_codes(self, engagement_id: int, service_code: str, commitment_number: str) -> None:
        self._update(EngagementRow, EngagementRow.id == engagement_id, chorus_service_code=service_code,
                     chorus_commitment_number=commitment_number)

    def add_instalments(self, instalments: list[FeeInstalment]) -> int:
        if instalments:
            self.session.execute(insert(FeeScheduleRow), [
                {"firm_id": self.firm_id, "engagement_id": i.engagement_id, "mission_id": i.mission_id,
                 "label": i.label, "billing_mode": i.billing_mode.value, "due_on": i.due_on,
                 "period_start": i.period_start, "period_end": i.period_end, "amount_cents": i.amount_cents,
                 "invoice_id": i.invoice_id} for i in instalments])
        return len(instalments)

    def instalments(self, engagement_id: int) -> list[FeeInstalment]:
        """The engagement's schedule by due date."""
        statement = (self._select(FeeScheduleRow).where(FeeScheduleRow.engagement_id == engagement_id)
                     .order_by(FeeScheduleRow.due_on, FeeScheduleRow.mission_id, FeeScheduleRow.id))
        return [_instalment(r) for r in self.session.scalars(statement)]

    def delete_open_instalments(self, mission_id: int, from_day: date) -> int:
        """Remove a mission's instalments not yet invoiced and due on or after `from_day` (amendments)."""
        return self._delete(FeeScheduleRow, FeeScheduleRow.mission_id == mission_id,
                            FeeScheduleRow.invoice_id.is_(None), FeeScheduleRow.due_on >= from_day)


CHUNK = 900  # bound parameters per IN (...) list, well under SQLite's limit
# Missions and tasks are read as plain rows, not ORM objects: five times faster for the hundreds a page reads.
MISSION_COLUMNS = tuple(MissionRow.__table__.c)
TASK_COLUMNS = tuple(MissionTaskRow.__table__.c)


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]


def _task(row) -> MissionTask:  # a MissionTaskRow or a row of TASK_COLUMNS
    return MissionTask(id=row.id, mission_id=row.mission_id, label=row.label, grade_id=row.grade_id,
                       estimated_minutes=row.estimated_minutes, due_on=row.due_on, status=TaskStatus(row.status),
                       assignee_id=row.assignee_id, planned_start=row.planned_start, planned_end=row.planned_end,
                       position=row.position, checklist=row.checklist or "")


class MissionRepository(FirmScoped):
    """Missions of the firm with their budget hours per grade and their tasks."""

    def _budgets(self, mission_ids: list[int]) -> dict[int, tuple[tuple[int, int], ...]]:
        budgets: dict[int, list[tuple[int, int]]] = {}
        for chunk in _chunks(mission_ids):  # a whole firm's missions overflow PostgreSQL's 65,535 parameters
            statement = (self._select(MissionBudgetRow, MissionBudgetRow.mission_id, MissionBudgetRow.grade_id,
                                      MissionBudgetRow.minutes).where(MissionBudgetRow.mission_id.in_(chunk))
                         .order_by(MissionBudgetRow.mission_id, MissionBudgetRow.grade_id))
            for row in self.session.execute(statement):
                budgets.setdefault(row.mission_id, []).append((row.grade_id, row.minutes))
        return {k: tuple(v) for k, v in budgets.items()}

    def _missions(self, *conditions, statement=None) -> list[Mission]:
        if statement is None:
            statement = self._select(MissionRow, *MISSION_COLUMNS)
        statement = statement.where(*conditions).order_by(MissionRow.fiscal_year_start.desc(), MissionRow.id)
        rows = self.session.execute(statement).all()
        budgets = self._budgets([r.id for r in rows])
        return [Mission(id=r.id, client_id=r.client_id, label=r.label, fiscal_year_start=r.fiscal_year_start,
                        fiscal_year_end=r.fiscal_year_end, billing_mode=BillingMode(r.billing_mode),
                        created_on=r.created_on, engagement_id=r.engagement_id, mission_type_id=r.mission_type_id,
                        manager_id=r.manager_id, status=MissionStatus(r.status), fee_cents=r.fee_cents,
                        quantity=r.quantity, unit_price_cents=r.unit_price_cents,
                        budget_minutes=budgets.get(r.id, ()), team_id=r.team_id) for r in rows]

    def _set_budget_rows(self, mission_id: int, budget: tuple[tuple[int, int], ...]) -> None:
        totals: dict[int, int] = {}
        for grade_id, minutes in budget:
            totals[grade_id] = totals.get(grade_id, 0) + minutes
        rows = [{"firm_id": self.firm_id, "mission_id": mission_id, "grade_id": g, "minutes": m}
                for g, m in sorted(totals.items()) if m > 0]
        if rows:
            self.session.execute(insert(MissionBudgetRow), rows)

    def add(self, mission: Mission) -> Mission:
        """The mission and its budget hours per grade (minutes of one grade are summed)."""
        row = self._add(MissionRow, client_id=mission.client_id, engagement_id=mission.engagement_id,
                        mission_type_id=mission.mission_type_id, label=mission.label,
                        fiscal_year_start=mission.fiscal_year_start, fiscal_year_end=mission.fiscal_year_end,
                        manager_id=mission.manager_id, team_id=mission.team_id, status=mission.status.value,
                        billing_mode=mission.billing_mode.value, fee_cents=mission.fee_cents,
                        quantity=mission.quantity, unit_price_cents=mission.unit_price_cents,
                        created_on=mission.created_on)
        self._set_budget_rows(row.id, mission.budget_minutes)
        return self.get(row.id)

    def update_terms(self, mission: Mission) -> None:
        """Fee, billing mode, quantity and budget hours of a mission (an amendment changed them)."""
        self._update(MissionRow, MissionRow.id == mission.id, label=mission.label,
                     billing_mode=mission.billing_mode.value, fee_cents=mission.fee_cents,
                     quantity=mission.quantity, unit_price_cents=mission.unit_price_cents)
        self._delete(MissionBudgetRow, MissionBudgetRow.mission_id == mission.id)
        self._set_budget_rows(mission.id, mission.budget_minutes)

    def add_tasks(self, tasks: list[MissionTask]) -> int:
        if tasks:
            self.session.execute(insert(MissionTaskRow), [
                {"firm_id": self.firm_id, "mission_id": t.mission_id, "position": t.position, "label": t.label,
                 "grade_id": t.grade_id, "estimated_minutes": t.estimated_minutes, "due_on": t.due_on,
                 "status": t.status.value, "assignee_id": t.assignee_id, "planned_start": t.planned_start,
                 "planned_end": t.planned_end, "checklist": t.checklist} for t in tasks])
        return len(tasks)

    def get(self, mission_id: int) -> Mission | None:
        found = self._missions(MissionRow.id == mission_id)
        return found[0] if found else None

    def many(self, mission_ids: Iterable[int]) -> list[Mission]:
        """The missions of these ids (unknown ones left out), with their budgets: two queries per 900 ids."""
        found: list[Mission] = []
        for chunk in _chunks(mission_ids):
            found += self._missions(MissionRow.id.in_(chunk))
        return found

    def for_client(self, client_id: int) -> list[Mission]:
        return self._missions(MissionRow.client_id == client_id)

    def for_engagement(self, engagement_id: int) -> list[Mission]:
        return self._missions(MissionRow.engagement_id == engagement_id)

    def tasks(self, mission_id: int) -> list[MissionTask]:
        statement = (self._select(MissionTaskRow, *TASK_COLUMNS).where(MissionTaskRow.mission_id == mission_id)
                     .order_by(MissionTaskRow.position, MissionTaskRow.id))
        return [_task(r) for r in self.session.execute(statement)]

    def tasks_of(self, mission_ids: Iterable[int]) -> list[MissionTask]:
        """The tasks of these missions, by mission then position: one query per 900 missions."""
        found: list[MissionTask] = []
        for chunk in _chunks(mission_ids):
            statement = (self._select(MissionTaskRow, *TASK_COLUMNS).where(MissionTaskRow.mission_id.in_(chunk))
                         .order_by(MissionTaskRow.mission_id, MissionTaskRow.position, MissionTaskRow.id))
            found += [_task(r) for r in self.session.execute(statement)]
        return found

    def open_ids_relevant_to(self, user_id: int) -> list[int]:
        """The open missions (not finished) the user manages or has a task of, not done, assigned to: one query."""
        assigned = select(MissionTaskRow.mission_id).where(
            MissionTaskRow.firm_id == self.firm_id, MissionTaskRow.assignee_id == user_id,
            MissionTaskRow.status != TaskStatus.DONE.value)
        statement = (self._select(MissionRow, MissionRow.id)
                     .where(MissionRow.status != MissionStatus.DONE.value,
                            or_(MissionRow.manager_id == user_id, MissionRow.id.in_(assigned)))
                     .order_by(MissionRow.id))
        return list(self.session.scalars(statement))

    def open_ids_of_team(self, team_id: int, limit: int) -> list[int]:
        """At most `limit` of the team's open missions (not finished): one query."""
        statement = (self._select(MissionRow, MissionRow.id)
                     .where(MissionRow.team_id == team_id, MissionRow.status != MissionStatus.DONE.value)
                     .order_by(MissionRow.id).limit(limit))
        return list(self.session.scalars(statement))

    def search_open(self, client_text: str, limit: int) -> list[Mission]:
        """At most `limit` open missions of the clients whose name holds the text, by client name then the latest
        fiscal year first. The first `limit` such clients having an open mission are picked first, so a short text
        matching half the firm's clients costs little."""
        text = " ".join(client_text.split()).lower()
        has_open = select(MissionRow.id).where(
            MissionRow.firm_id == ClientRow.firm_id, MissionRow.client_id == ClientRow.id,
            MissionRow.status != MissionStatus.DONE.value).exists()
        name = func.lower(ClientRow.name)
        clients = (self._select(ClientRow, ClientRow.id.label("client_id"), name.label("name_key"))
                   .where(name.contains(text, autoescape=True), has_open)
                   .order_by(name, ClientRow.id).limit(limit).subquery())
        statement = (self._select(MissionRow, MissionRow.id)
                     .join(clients, clients.c.client_id == MissionRow.client_id)
                     .where(MissionRow.status != MissionStatus.DONE.value)
                     .order_by(clients.c.name_key, clients.c.client_id, MissionRow.fiscal_year_end.desc(),
                               MissionRow.id)
                     .limit(limit))
        ids = list(self.session.scalars(statement))
        by_id = {m.id: m for m in self.many(ids)}
        return [by_id[i] for i in ids]

    def open_tasks_of(self, user_id: int) -> list[MissionTask]:
        """The tasks assigned to the user, not done, of missions not finished, by mission then position."""
        statement = (self._select(MissionTaskRow, *TASK_COLUMNS).join(
            MissionRow, (MissionRow.firm_id == MissionTaskRow.firm_id) & (MissionRow.id == MissionTaskRow.mission_id))
            .where(MissionTaskRow.assignee_id == user_id, MissionTaskRow.status != TaskStatus.DONE.value,
                   MissionRow.status != MissionStatus.DONE.value)
            .order_by(MissionTaskRow.mission_id, MissionTaskRow.position, MissionTaskRow.id))
        return [_task(r) for r in self.session.execute(statement)]

    def list(self, criteria: MissionFilter) -> list[Mission]:
        """Missions matching every given criterion (client name text, status, manager, team, fiscal year end)."""
        statement = self._select(MissionRow, *MISSION_COLUMNS).join(
            ClientRow, (ClientRow.firm_id == MissionRow.firm_id) & (ClientRow.id == MissionRow.client_id))
        conditions = []
        if text := " ".join(criteria.client_text.split()).lower():
            conditions.append(func.lower(ClientRow.name).contains(text, autoescape=True))
        if criteria.client_id is not None:
            conditions.append(MissionRow.client_id == criteria.client_id)
        if criteria.status is not None:
            conditions.append(MissionRow.status == criteria.status.value)
        if criteria.manager_id is not None:
            conditions.append(MissionRow.manager_id == criteria.manager_id)
        if criteria.team_id is not None:
            conditions.append(MissionRow.team_id == criteria.team_id)
        if criteria.fiscal_year_end is not None:
            conditions.append(MissionRow.fiscal_year_end == criteria.fiscal_year_end)
        return self._missions(*conditions, statement=statement)

    def fiscal_year_ends(self) -> list[date]:
        """The distinct fiscal year ends of the firm's missions, the latest first."""
        statement = self._select(MissionRow, MissionRow.fiscal_year_end).distinct().order_by(
            MissionRow.fiscal_year_end.desc())
        return list(self.session.scalars(statement))

    def update(self, mission_id: int, *, label: str, status: MissionStatus, manager_id: int | None,
               team_id: int | None) -> None:
        self._update(MissionRow, MissionRow.id == mission_id, label=label, status=status.value,
                     manager_id=manager_id, team_id=team_id)

    def task(self, task_id: int) -> MissionTask | None:
        row = self.session.scalar(self._select(MissionTaskRow).where(MissionTaskRow.id == task_id))
        return _task(row) if row else None

    def update_task(self, task: MissionTask) -> None:
        """Planning fields of a task: assignee, planned dates, status, estimate, due date."""
        self._update(MissionTaskRow, MissionTaskRow.id == task.id, assignee_id=task.assignee_id,
                     planned_start=task.planned_start, planned_end=task.planned_end, status=task.status.value,
                     estimated_minutes=task.estimated_minutes, due_on=task.due_on)

    def set_checklist(self, task_id: int, checklist: str) -> None:
        self._update(MissionTaskRow, MissionTaskRow.id == task_id, checklist=checklist)
