"""Mission follow-up for managers, for a whole list of missions at once (computed by `sql/mission_progress.sql`):
hours budgeted, estimated in the work programme and entered, overdue tasks, days to the next open deadline.
No money here, so every staff member may read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.access.model import Principal
from domain.firm.guards import require_staff
from domain.ports import FirmUnitOfWork


@dataclass(frozen=True, slots=True)
class MissionProgress:
    mission_id: int
    budget_minutes: int
    estimated_minutes: int  # the work programme's estimates
    actual_minutes: int  # entered, every status
    overdue_tasks: int
    next_deadline: str | None = None
    next_deadline_on: date | None = None
    days_to_deadline: int | None = None  # negative: overdue

    @property
    def consumed(self) -> float | None:
        """Entered ÷ budget; None without budget."""
        return self.actual_minutes / self.budget_minutes if self.budget_minutes else None

    @property
    def over_budget(self) -> bool:
        return self.budget_minutes > 0 and self.actual_minutes > self.budget_minutes


def progress(uow: FirmUnitOfWork, principal: Principal | None, today: date,
             mission_ids: list[int] | None = None) -> dict[int, MissionProgress]:
    """By mission id, for the missions listed (every mission of the firm when None)."""
    require_staff(uow, principal)
    if mission_ids == []:
        return {}
    with uow:
        rows = uow.analytics.rows("mission_progress", today=today, mission_ids=mission_ids or [])
    return {r["mission_id"]: MissionProgress(
        mission_id=r["mission_id"], budget_minutes=int(r["budget_minutes"]),
        estimated_minutes=int(r["estimated_minutes"]), actual_minutes=int(r["actual_minutes"]),
        overdue_tasks=int(r["overdue_tasks"]), next_deadline=r["next_deadline"], next_deadline_on=r["next_deadline_on"],
        days_to_deadline=r["days_to_deadline"]) for r in rows}
