"""The mission catalogue and its task templates."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, insert

from data.models.crm_catalogue import MissionTypeRow, TaskTemplateHoursRow, TaskTemplateRow
from data.models.firm import GradeRow
from data.repositories.base import FirmScoped
from domain.catalogue.model import BillingMode, DueAnchor, DueRule, MissionType, TaskTemplate


def _values_of(mission_type: MissionType) -> dict:
    return {
        "code": mission_type.code, "label": mission_type.label, "norm_reference": mission_type.norm_reference,
        "billing_mode": mission_type.billing_mode.value, "default_fee_cents": mission_type.default_fee_cents,
        "unit_price_cents": mission_type.unit_price_cents, "unit_label": mission_type.unit_label,
        "scope": mission_type.scope, "exclusions": mission_type.exclusions, "position": mission_type.position}


def _mission_type(row: MissionTypeRow, tasks: Iterable[TaskTemplate]) -> MissionType:
    return MissionType(
        id=row.id, code=row.code, label=row.label, billing_mode=BillingMode(row.billing_mode),
        norm_reference=row.norm_reference, default_fee_cents=row.default_fee_cents,
        unit_price_cents=row.unit_price_cents, unit_label=row.unit_label, scope=row.scope,
        exclusions=row.exclusions, active=row.active, position=row.position, tasks=tuple(tasks))


class MissionTypeRepository(FirmScoped):
    """The mission catalogue and its task templates."""

    def _tasks_of(self, mission_type_ids: list[int]) -> dict[int, list[TaskTemplate]]:
        """Task templates of these mission types, with their hours: two queries whatever the count."""
        if not mission_type_ids:
            return {}
        templates = list(self.session.scalars(
            self._select(TaskTemplateRow).where(TaskTemplateRow.mission_type_id.in_(mission_type_ids))
            .order_by(TaskTemplateRow.mission_type_id, TaskTemplateRow.position, TaskTemplateRow.id)))
        hours: dict[int, list[tuple[int, int]]] = {}
        if templates:
            statement = (
                self._select(TaskTemplateHoursRow, TaskTemplateHoursRow.template_id, TaskTemplateHoursRow.grade_id,
                             TaskTemplateHoursRow.minutes)
                .join(TaskTemplateRow, (TaskTemplateRow.id == TaskTemplateHoursRow.template_id)
                      & (TaskTemplateRow.firm_id == TaskTemplateHoursRow.firm_id))
                .join(GradeRow, (GradeRow.id == TaskTemplateHoursRow.grade_id)
                      & (GradeRow.firm_id == TaskTemplateHoursRow.firm_id))
                .where(TaskTemplateRow.mission_type_id.in_(mission_type_ids))
                .order_by(TaskTemplateHoursRow.template_id, GradeRow.rank, GradeRow.id))
            for template_id, grade_id, minutes in self.session.execute(statement):
                hours.setdefault(template_id, []).append((grade_id, minutes))
        tasks: dict[int, list[TaskTemplate]] = {}
        for row in templates:
            tasks.setdefault(row.mission_type_id, []).append(TaskTemplate(
                id=row.id, label=row.label,
                due=DueRule(DueAnchor(row.due_anchor), row.due_months, row.due_days),
                minutes_by_grade=tuple(hours.get(row.id, ())), position=row.position))
        return tasks

    def list(self, active_only: bool = False) -> list[MissionType]:
        """The catalogue in display order, each type with its work programme."""
        statement = self._select(MissionTypeRow).order_by(MissionTypeRow.position, MissionTypeRow.id)
        if active_only:
            statement = statement.where(MissionTypeRow.active.is_(True))
        rows = list(self.session.scalars(statement))
        tasks = self._tasks_of([r.id for r in rows])
        return [_mission_type(r, tasks.get(r.id, ())) for r in rows]

    def get(self, mission_type_id: int) -> MissionType | None:
        row = self.session.scalar(self._select(MissionTypeRow).where(MissionTypeRow.id == mission_type_id))
        return _mission_type(row, self._tasks_of([row.id]).get(row.id, ())) if row else None

    def find_by_code(self, code: str) -> MissionType | None:
        row = self.session.scalar(self._select(MissionTypeRow).where(MissionTypeRow.code == code))
        return _mission_type(row, self._tasks_of([row.id]).get(row.id, ())) if row else None

    def next_position(self) -> int:
        """One past the last position, so a new type comes at the end of the catalogue."""
        last = self.session.scalar(self._select(MissionTypeRow, func.max(MissionTypeRow.position)))
        return (last or 0) + 1

    def add(self, mission_type: MissionType) -> MissionType:
        """Insert the type and its work programme; ids in the argument are ignored."""
        row = self._add(MissionTypeRow, active=mission_type.active, **_values_of(mission_type))
        self.replace_tasks(row.id, list(mission_type.tasks))
        return self.get(row.id)

    def update(self, mission_type: MissionType) -> None:
        """The type's own fields; its work programme and its active flag have their own methods."""
        self._update(MissionTypeRow, MissionTypeRow.id == mission_type.id, **_values_of(mission_type))

    def replace_tasks(self, mission_type_id: int, tasks: list[TaskTemplate]) -> None:
        """Replace the whole work programme; tasks are stored in list order (positions 1, 2, …)."""
        template_ids = self._select(TaskTemplateRow, TaskTemplateRow.id).where(
            TaskTemplateRow.mission_type_id == mission_type_id).scalar_subquery()
        self._delete(TaskTemplateHoursRow, TaskTemplateHoursRow.template_id.in_(template_ids))
        self._delete(TaskTemplateRow, TaskTemplateRow.mission_type_id == mission_type_id)
        hours: list[dict] = []
        for position, task in enumerate(tasks, start=1):
            row = self._add(TaskTemplateRow, mission_type_id=mission_type_id, position=position, label=task.label,
                            due_anchor=task.due.anchor.value, due_months=task.due.months, due_days=task.due.days)
            hours.extend({"firm_id": self.firm_id, "template_id": row.id, "grade_id": grade_id, "minutes": minutes}
                         for grade_id, minutes in task.minutes_by_grade if minutes)
        if hours:
            self.session.execute(insert(TaskTemplateHoursRow), hours)

    def set_active(self, mission_type_id: int, active: bool) -> None:
        self._update(MissionTypeRow, MissionTypeRow.id == mission_type_id, active=active)
