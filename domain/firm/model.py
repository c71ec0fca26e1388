"""The firm's configuration records."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class FirmIdentity:
    """What the firm's invoices and letters must state about it (DOMAIN.md §2a)."""

    name: str
    legal_form: str = ""
    siren: str = ""
    siret: str = ""
    vat_number: str = ""
    rcs_city: str = ""
    share_capital_cents: int = 0
    ordre_number: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    iban: str = ""
    bic: str = ""


@dataclass(frozen=True, slots=True)
class Firm:
    id: int
    identity: FirmIdentity
    created_on: date
    has_logo: bool = False
    alsace_moselle: bool = False  # Good Friday and 26 December are public holidays


@dataclass(frozen=True, slots=True)
class Team:
    id: int
    name: str
    member_count: int = 0


@dataclass(frozen=True, slots=True)
class Grade:
    id: int
    code: str
    label: str
    rank: int


@dataclass(frozen=True, slots=True)
class GradeRate:
    """Hourly rates of a grade from `effective_from` until the next rate of the same grade."""

    id: int
    grade_id: int
    effective_from: date
    selling_rate_cents: int
    cost_rate_cents: int


def rate_in_force(rates: list[GradeRate], grade_id: int, on: date) -> GradeRate | None:
    candidates = [r for r in rates if r.grade_id == grade_id and r.effective_from <= on]
    return max(candidates, key=lambda r: r.effective_from, default=None)


# The effective date of the grade history rows written for people who had a grade before the history existed
# (migration 0020) or who are given one at their creation: "since always".
SINCE_ALWAYS = date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class UserGrade:
    """A person holds `grade_id` from `effective_from` until the next row of their history."""

    user_id: int
    grade_id: int
    effective_from: date


def grade_on(history: list[UserGrade], on: date) -> int | None:
    """The grade of one person on a day: the latest row of their history in force that day; a day before the first
    row takes the first row's grade (time entered before a grade was recorded is not worth nothing); no history:
    no grade (time worth 0). Time is valued at this grade, so a promotion never revalues the time before it."""
    if not history:
        return None
    in_force = [g for g in history if g.effective_from <= on]
    chosen = max(in_force, key=lambda g: g.effective_from) if in_force else min(history, key=lambda g: g.effective_from)
    return chosen.grade_id


def histories(rows: list[UserGrade]) -> dict[int, list[UserGrade]]:
    """The grade history of each person, by user id."""
    found: dict[int, list[UserGrade]] = {}
    for row in rows:
        found.setdefault(row.user_id, []).append(row)
    return found


class DocType(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    QUOTE = "quote"
    ENGAGEMENT_LETTER = "engagement_letter"

    @property
    def label(self) -> str:
        return {"invoice": "Facture", "credit_note": "Avoir", "quote": "Devis",
                "engagement_letter": "Lettre de mission"}[self.value]


DEFAULT_PREFIXES = {DocType.INVOICE: "F", DocType.CREDIT_NOTE: "AV", DocType.QUOTE: "D",
                    DocType.ENGAGEMENT_LETTER: "LM"}


@dataclass(frozen=True, slots=True)
class NumberingSeries:
    """A numbering series: prefix, optional year, zero-padded counter (e.g. F2026-00042)."""

    id: int
    doc_type: DocType
    prefix: str
    next_number: int
    padding: int = 5
    with_year: bool = True
    last_allocated: int = 0

    def format(self, number: int, year: int) -> str:
        year_part = f"{year}-" if self.with_year else ""
        return f"{self.prefix}{year_part}{number:0{self.padding}d}"


# Grades every new firm starts with; rates in euros per hour (selling, cost), editable afterwards.
DEFAULT_GRADES = (
    ("associe", "Associé", 1, 180, 95),
    ("manager", "Manager", 2, 130, 65),
    ("chef_mission", "Chef de mission", 3, 105, 50),
    ("collaborateur", "Collaborateur", 4, 80, 38),
    ("assistant", "Assistant", 5, 55, 28),
)
