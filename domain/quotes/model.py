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


def divide_rounded(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero (the cent rounding of DESIGN.md), integers only."""
    if denominator <= 0:
        raise ValueError("positive denominator expected")
    quotient = (abs(numerator) * 2 + denominator) // (denominator * 2)
    return quotient if numerator >= 0 else -quotient


def minutes_value_cents(minutes: int, rate_cents: int) -> int:
    """minutes × hourly rate, rounded half up to the cent (integers only, no float)."""
    return divide_rounded(minutes * rate_cents, 60)


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

    @property
    def is_estimated(self) -> bool:
        """Has hours per grade, hence a computed value to compare with its price."""
        return any(h.minutes for h in self.hours)

    def minutes_of(self, grade_id: int) -> int:
        return sum(h.minutes for h in self.hours if h.grade_id == grade_id)


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
    def extra_lines(self) -> tuple[QuoteLine, ...]:
        return tuple(line for line in self.lines if line.kind is LineKind.EXTRA)

    @property
    def fees_cents(self) -> int:
        """The priced lines' prices before the discount."""
        return sum(line.fee_cents for line in self.priced_lines)

    @property
    def total_ht_cents(self) -> int:
        """The proposed annual fees HT: the priced lines' prices less the discount."""
        return self.fees_cents - self.discount_cents

    @property
    def gap_cents(self) -> int:
        """Proposed fees minus computed value: negative when the forfait is below the work's value.

        Only lines with hours have a computed value, so only their prices (less the whole discount)
        are compared with it: a unit-priced line without an estimate does not inflate the gap."""
        estimated = sum(line.fee_cents for line in self.priced_lines if line.is_estimated)
        return estimated - self.discount_cents - self.computed_cents

    @property
    def gap_bp(self) -> int | None:
        """The gap as a share of the computed value, in basis points (-1250 = -12,50 %); None without hours."""
        if self.computed_cents <= 0:
            return None
        return divide_rounded(self.gap_cents * 10000, self.computed_cents)

    @property
    def monthly_cents(self) -> int | None:
        """Monthly instalment HT of a forfait mensualisé (the last month absorbs the rounding)."""
        return self.total_ht_cents // 12 if self.monthly else None

    @property
    def monthly_ttc_cents(self) -> int | None:
        """Monthly instalment TTC of a forfait mensualisé (the last month absorbs the rounding)."""
        return self.total_ttc_cents // 12 if self.monthly else None

    def monthly_schedule_cents(self) -> tuple[int, ...]:
        """The twelve instalments HT: eleven equal ones, the last absorbing the rounding; () if not mensualisé."""
        if not self.monthly:
            return ()
        base = self.total_ht_cents // 12
        return (base,) * 11 + (self.total_ht_cents - 11 * base,)

    @property
    def vat_cents(self) -> int:
        """VAT on the total HT, rounded half up to the cent."""
        return divide_rounded(self.total_ht_cents * self.vat_rate_bp, 10000)

    @property
    def total_ttc_cents(self) -> int:
        return self.total_ht_cents + self.vat_cents

    @property
    def target(self) -> tuple[str, int]:
        """("client", id) or ("prospect", id): a converted prospect's quote targets its client."""
        if self.client_id is not None:
            return "client", self.client_id
        return "prospect", self.prospect_id or 0


@dataclass(frozen=True, slots=True)
class QuoteDraft:
    """What a user types to create or edit a quote (before the number and status are set)."""

    client_id: int | None = None
    prospect_id: int | None = None
    title: str = ""
    valid_until: date | None = None  # default: created + VALIDITY_DAYS
    fiscal_year_start: date | None = None
    monthly: bool = False
    discount_cents: int = 0
    vat_rate_bp: int = 2000
    introduction: str = ""
    conditions: str = ""
    lines: tuple[QuoteLine, ...] = ()


VALIDITY_DAYS = 30
