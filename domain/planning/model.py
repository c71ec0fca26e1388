"""What the planning screens show: Gantt bars, heat-map cells, the tasks behind a cell, a change's impact."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.engagements.model import TaskStatus

MAX_GANTT_DAYS = 366  # a Gantt shows at most a year: beyond, nobody reads the bars


class GroupBy(StrEnum):
    COLLABORATOR = "collaborateur"
    CLIENT = "client"
    MISSION = "mission"

    @property
    def label(self) -> str:
        return {"collaborateur": "Collaborateur", "client": "Client", "mission": "Mission"}[self.value]


@dataclass(frozen=True, slots=True)
class GanttFilter:
    start: date
    end: date
    team_id: int | None = None
    statuses: tuple[TaskStatus, ...] = ()  # empty: every status
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class GanttTask:
    task_id: int
    label: str
    status: TaskStatus
    planned_start: date
    planned_end: date
    due_on: date | None
    estimated_minutes: int
    assignee_id: int | None
    assignee_name: str  # "Non affectée" when nobody
    team_id: int | None
    team_name: str
    mission_id: int
    mission_label: str
    client_id: int
    client_name: str
    overdue: bool
    blocked: bool

    def group(self, by: GroupBy) -> str:
        if by is GroupBy.CLIENT:
            return self.client_name
        if by is GroupBy.MISSION:
            return f"{self.client_name} · {self.mission_label}"
        return self.assignee_name


@dataclass(frozen=True, slots=True)
class HeatCell:
    week: date  # Monday
    capacity_minutes: int
    load_minutes: int
    tasks: int

    @property
    def ratio(self) -> float | None:
        """Load over capacity (1.0 = full); None when there is no capacity at all that week."""
        return self.load_minutes / self.capacity_minutes if self.capacity_minutes else None

    @property
    def over_allocated(self) -> bool:
        return self.load_minutes > self.capacity_minutes


@dataclass(frozen=True, slots=True)
class HeatRow:
    user_id: int
    full_name: str
    team_id: int | None
    weekly_minutes: int
    cells: tuple[HeatCell, ...]  # one per week of the heat map

    @property
    def over_allocated_weeks(self) -> int:
        return sum(1 for c in self.cells if c.over_allocated)


@dataclass(frozen=True, slots=True)
class Heatmap:
    weeks: tuple[date, ...]
    rows: tuple[HeatRow, ...]

    @property
    def over_allocated_cells(self) -> int:
        return sum(r.over_allocated_weeks for r in self.rows)


@dataclass(frozen=True, slots=True)
class CellTask:
    """A task behind a heat-map cell and its share of that week."""

    task_id: int
    label: str
    mission_id: int
    mission_label: str
    client_id: int
    client_name: str
    planned_start: date
    planned_end: date
    due_on: date | None
    status: TaskStatus
    estimated_minutes: int
    load_minutes: int


@dataclass(frozen=True, slots=True)
class ImpactRow:
    """One person's week before and after a planned change (only the weeks that change)."""

    user_id: int
    full_name: str
    week: date
    capacity_minutes: int
    before_minutes: int
    after_minutes: int

    @property
    def over_allocated_after(self) -> bool:
        return self.after_minutes > self.capacity_minutes

    @property
    def becomes_over_allocated(self) -> bool:
        return self.over_allocated_after and self.before_minutes <= self.capacity_minutes
