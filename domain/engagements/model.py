"""What a signed letter makes real: the engagement, its missions (budget, tasks) and fee schedule."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.catalogue.model import BillingMode


class MissionStatus(StrEnum):
    PLANNED = "planifiee"
    IN_PROGRESS = "en_cours"
    WAITING_CLIENT = "attente_client"
    IN_REVIEW = "en_revue"
    DONE = "terminee"

    @property
    def label(self) -> str:
        return {"planifiee": "Planifiée", "en_cours": "En cours", "attente_client": "En attente client",
                "en_revue": "En revue", "terminee": "Terminée"}[self.value]


class TaskStatus(StrEnum):
    TODO = "a_faire"
    IN_PROGRESS = "en_cours"
    BLOCKED = "bloquee"
    DONE = "terminee"

    @property
    def label(self) -> str:
        return {"a_faire": "À faire", "en_cours": "En cours", "bloquee": "Bloquée", "terminee": "Terminée"}[self.value]


@dataclass(frozen=True, slots=True)
class Engagement:
    id: int
    client_id: int
    letter_id: int
    fiscal_year_start: date
    fiscal_year_end: date
    activated_on: date
    annual_fee_cents: int = 0
    monthly: bool = False
    status: str = "active"
    chorus_service_code: str = ""  # Chorus Pro codes for this engagement, when not the client's
    chorus_commitment_number: str = ""


@dataclass(frozen=True, slots=True)
class MissionTask:
    id: int
    mission_id: int
    label: str
    grade_id: int | None = None
    estimated_minutes: int = 0
    due_on: date | None = None
    status: TaskStatus = TaskStatus.TODO
    assignee_id: int | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    position: int = 0
    checklist: str = ""  # one item a line, "[x] " in front of a done item

    @property
    def done(self) -> bool:
        return self.status is TaskStatus.DONE

    def overdue(self, today: date) -> bool:
        """Due date passed and not done."""
        return self.due_on is not None and self.due_on < today and not self.done


@dataclass(frozen=True, slots=True)
class Mission:
    id: int
    client_id: int
    label: str
    fiscal_year_start: date
    fiscal_year_end: date
    billing_mode: BillingMode
    created_on: date
    engagement_id: int | None = None
    mission_type_id: int | None = None
    manager_id: int | None = None
    status: MissionStatus = MissionStatus.PLANNED
    fee_cents: int = 0
    quantity: int | None = None
    unit_price_cents: int | None = None
    budget_minutes: tuple[tuple[int, int], ...] = ()  # (grade_id, minutes)
    team_id: int | None = None

    @property
    def budget_total_minutes(self) -> int:
        return sum(minutes for _, minutes in self.budget_minutes)


@dataclass(frozen=True, slots=True)
class MissionFilter:
    """Criteria of the missions list; None or empty means "any"."""

    client_text: str = ""  # part of the client's name
    client_id: int | None = None
    status: MissionStatus | None = None
    manager_id: int | None = None
    team_id: int | None = None
    fiscal_year_end: date | None = None


@dataclass(frozen=True, slots=True)
class FeeInstalment:
    """One planned billing of an engagement (a month of a forfait mensualisé, an annual instalment…)."""

    id: int
    engagement_id: int
    label: str
    billing_mode: BillingMode
    due_on: date
    period_start: date
    period_end: date
    amount_cents: int
    mission_id: int | None = None
    invoice_id: int | None = None


DONE_MARK = "[x] "


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    text: str
    done: bool = False


def parse_checklist(text: str) -> tuple[ChecklistItem, ...]:
    """The stored checklist: one item a line, "[x] " in front of a done item ("[ ] " is accepted too)."""
    items = []
    for line in (text or "").splitlines():
        line = line.strip()
        done = line.lower().startswith("[x]")
        if done or line.startswith("[ ]"):
            line = line[3:].strip()
        if line:
            items.append(ChecklistItem(line, done))
    return tuple(items)


def checklist_text(items: tuple[ChecklistItem, ...] | list[ChecklistItem]) -> str:
    return "\n".join((DONE_MARK if i.done else "") + i.text for i in items if i.text.strip())
