"""A quote (devis) and its lines. Money is integer cents; hours are integer minutes."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.catalogue.model import BillingMode


class QuoteStatus(StrEnum):
    DRAFT = "brouillon"
    SENT = "envoye"
    ACCEPTED = "accepte"
    REFUSED = "refuse"
    EXPIRED = "expire"
    SUPERSEDED = "remplace"  # an older version, revised by a newer one

    @property
    def label(self) -> str:
        return {"brouillon": "Brouillon", "envoye": "Envoyé", "accepte": "Accepté", "refuse": "Refusé",
                "expire": "Expiré", "remplace": "Remplacé"}[self.value]


class LineKind(StrEnum):
    MISSION = "mission"  # priced in the quote's total
    EXTRA = "extra"  # work outside the forfait, billed at time spent: shown, not totalled

    @property
    def label(self) -> str:
        return {"mission": "Mission", "extra": "Travaux complémentaires au temps passé"}[self.value]


def minutes_value_cents(minutes: int, rate_cents: int) -> int:
    """minutes × hourly rate, rounded half up to the cent (integers only, no float)."""
    return (minutes * rate_cents * 2 + 60) // 120


@dataclass(frozen=True, slots=True)
class GradeHours:
    grade_id: int
    minutes: int
    rate_cents: int  # selling rate of the grade on the quote's date

    @property
    def value_cents(self) -> int:
        return minutes_value_cents(self.minutes, self.rate_cents)


@dataclass(frozen=True, slots=True)
class QuoteLine:
    id: int
    label: str
    billing_mode: BillingMode
    kind: LineKind = LineKind.MISSION
    mission_type_id: int | None = None
    hours: tuple[GradeHours, ...] = ()
    fee_cents: int = 0  # proposed annual price HT (unitaire: quantity × unit price)
    quantity: int | None = None
    unit_price_cents: int | None = None
    position: int = 0

    @property
    def computed_cents(self) -> int:
        return sum(h.value_cents for h in self.hours)

    @property
    def minutes(self) -> int:
        return sum(h.minutes for h in self.hours)


@dataclass(frozen=True, slots=True)
class Quote:
    id: int
    number: str
    status: QuoteStatus
    created_on: date
    valid_until: date
    version: int = 1
    previous_id: int | None = None
    client_id: int | None = None
    prospect_id: int | None = None
    title: str = ""
    sent_on: date | None = None
    decided_on: date | None = None
    refusal_reason: str = ""
    fiscal_year_start: date | None = None
    monthly: bool = False
    discount_cents: int = 0
    vat_rate_bp: int = 2000
    introduction: str = ""
    conditions: str = ""
    lines: tuple[QuoteLine, ...] = ()
    created_by: int | None = None
    has_pdf: bool = False

    @property
    def reference(self) -> str:
        return self.number if self.version == 1 else f"{self.number}-v{self.version}"

    @property
    def priced_lines(self) -> tuple[QuoteLine, ...]:
        return tuple(line for line in self.lines if line.kind is LineKind.MISSION)

    @property
    def computed_cents(self) -> int:
        """Value of the priced lines' hours at the grades' selling rates."""
        return sum(line.computed_cents for line in self.priced_lines)

    @property
    def total_ht_cents(self) -> int:
        """The proposed annual fees HT: the priced lines' prices less the discount."""
        return sum(line.fee_cents for line in self.priced_lines) - self.discount_cents

    @property
    def gap_cents(self) -> int:
        """Proposed fees minus computed value: negative when the forfait is below the work's value."""
        return self.total_ht_cents - self.computed_cents

    @property
    def monthly_cents(self) -> int | None:
        """Monthly instalment of a forfait mensualisé (the last month absorbs the rounding)."""
        return self.total_ht_cents // 12 if self.monthly else None

    @property
    def vat_cents(self) -> int:
        return (self.total_ht_cents * self.vat_rate_bp * 2 + 10000) // 20000

    @property
    def total_ttc_cents(self) -> int:
        return self.total_ht_cents + self.vat_cents
