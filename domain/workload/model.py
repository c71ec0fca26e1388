"""Absences of the staff (leave, RTT, sickness, training) and the capacity table built from them."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class AbsenceKind(StrEnum):
    PAID_LEAVE = "conges_payes"
    RTT = "rtt"
    SICKNESS = "maladie"
    TRAINING = "formation"
    OTHER = "autre"

    @property
    def label(self) -> str:
        return {"conges_payes": "Congés payés", "rtt": "RTT", "maladie": "Maladie", "formation": "Formation",
                "autre": "Autre"}[self.value]


@dataclass(frozen=True, slots=True)
class Absence:
    """From `first_day` to `last_day` included; `half_day` means half of each day of the range."""

    id: int
    user_id: int
    kind: AbsenceKind
    first_day: date
    last_day: date
    half_day: bool = False
    comment: str = ""

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def overlaps(self, first: date, last: date) -> bool:
        return self.first_day <= last and first <= self.last_day


@dataclass(frozen=True, slots=True)
class CapacityRow:
    """One person's available minutes for each week of a `CapacityTable` (same order as its weeks)."""

    user_id: int
    full_name: str
    weekly_minutes: int
    minutes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CapacityTable:
    weeks: tuple[date, ...]  # the Monday of each ISO week
    rows: tuple[CapacityRow, ...]
    alsace_moselle: bool = False  # Good Friday and 26 December counted as public holidays
