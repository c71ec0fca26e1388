"""Mission types of the firm's catalogue, with their default work programme."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class BillingMode(StrEnum):
    ANNUAL = "forfait_annuel"
    MONTHLY = "forfait_mensualise"
    TIME_SPENT = "temps_passe"
    UNIT = "unitaire"

    @property
    def label(self) -> str:
        return {"forfait_annuel": "Forfait annuel", "forfait_mensualise": "Forfait mensualisé",
                "temps_passe": "Temps passé", "unitaire": "Unitaire"}[self.value]

    @property
    def is_forfait(self) -> bool:
        return self in (BillingMode.ANNUAL, BillingMode.MONTHLY)


class DueAnchor(StrEnum):
    FISCAL_YEAR_END = "fiscal_year_end"
    FISCAL_YEAR_START = "fiscal_year_start"

    @property
    def label(self) -> str:
        return {"fiscal_year_end": "clôture", "fiscal_year_start": "ouverture de l'exercice"}[self.value]


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31/12 + 2 months = 28 or 29/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True, slots=True)
class DueRule:
    """A due date relative to the fiscal year, e.g. liasse fiscale: clôture + 4 mois 15 jours."""

    anchor: DueAnchor = DueAnchor.FISCAL_YEAR_END
    months: int = 0
    days: int = 0

    def due_on(self, fiscal_year_start: date, fiscal_year_end: date) -> date:
        base = fiscal_year_end if self.anchor is DueAnchor.FISCAL_YEAR_END else fiscal_year_start
        return add_months(base, self.months) + timedelta(days=self.days)

    @property
    def label(self) -> str:
        parts = [f"{self.months} mois"] if self.months else []
        if self.days:
            parts.append(f"{self.days} jour{'s' if abs(self.days) > 1 else ''}")
        return self.anchor.label + (" + " + " ".join(parts) if parts else "")


@dataclass(frozen=True, slots=True)
class TaskTemplate:
    id: int
    label: str
    due: DueRule = field(default_factory=DueRule)
    minutes_by_grade: tuple[tuple[int, int], ...] = ()  # (grade_id, minutes), grades in rank order
    position: int = 0

    @property
    def total_minutes(self) -> int:
        return sum(minutes for _, minutes in self.minutes_by_grade)


@dataclass(frozen=True, slots=True)
class MissionType:
    id: int
    code: str
    label: str
    billing_mode: BillingMode
    norm_reference: str = ""
    default_fee_cents: int | None = None  # annual forfait HT
    unit_price_cents: int | None = None  # unitaire: price HT of one unit
    unit_label: str = ""  # unitaire: "bulletin", "déclaration", …
    scope: str = ""  # object and limits, quoted in the engagement letter
    exclusions: str = ""
    active: bool = True
    position: int = 0
    tasks: tuple[TaskTemplate, ...] = ()

    def minutes_by_grade(self) -> dict[int, int]:
        """The work programme's hours summed per grade: the default hours of a quote line."""
        totals: dict[int, int] = {}
        for task in self.tasks:
            for grade_id, minutes in task.minutes_by_grade:
                totals[grade_id] = totals.get(grade_id, 0) + minutes
        return totals
