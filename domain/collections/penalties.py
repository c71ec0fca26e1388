"""Late-payment penalties (C. com. L441-10, DOMAIN.md §2a and §2g).

Penalties run from the day after the due date, without any reminder, as simple interest on what is still
unpaid: principal × rate × days / 365. The rate is the invoice's contractual rate, but never below three
times the legal interest rate ("autres cas", professional creditor) of the half-year concerned, so the
period is split at each 1 January and 1 July, and again at each payment or credit note (the principal
changes). A day counts when it is after the due date and on or before the day looked at: a 1,200 € invoice
due on 15/03 and paid on 30/09 is 199 days late (107 in the first half-year, 92 in the second). Each
segment is rounded to the cent (half up) so that the letter's lines add up to its total.

Plus the flat 40 € recovery indemnity per late invoice (D441-5), whatever the amount.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from domain.collections.model import Receivable
from domain.money import round_cents, to_cents

DAYS_IN_YEAR = Decimal(365)
HUNDRED = Decimal(100)

# Taux de l'intérêt légal, professional creditors, DOMAIN.md §2g (arrêtés; 2026 H2 not yet published).
DEFAULT_LEGAL_RATES: dict[tuple[int, int], Decimal] = {
    (2024, 1): Decimal("5.07"), (2024, 2): Decimal("4.92"),
    (2025, 1): Decimal("3.71"), (2025, 2): Decimal("2.76"),
    (2026, 1): Decimal("2.62"),
}


@dataclass(frozen=True, slots=True)
class HalfYear:
    year: int
    half: int  # 1: January–June, 2: July–December

    @classmethod
    def of(cls, day: date) -> "HalfYear":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def first_day(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"{'1er' if self.half == 1 else '2nd'} semestre {self.year}"


@dataclass(frozen=True, slots=True)
class Segment:
    """Days of lateness at one principal and one rate."""

    first: date
    last: date
    principal_cents: int
    rate: Decimal  # percent per year
    legal_rate: Decimal | None  # the half-year's legal rate used for the floor
    estimated: bool  # True when the half-year's legal rate is unknown and the latest known one was used
    cents: int

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True, slots=True)
class PenaltyStatement:
    principal_cents: int  # still unpaid on the day looked at
    segments: tuple[Segment, ...]
    indemnity_cents: int

    @property
    def penalty_cents(self) -> int:
        return sum(s.cents for s in self.segments)

    @property
    def total_cents(self) -> int:
        return self.principal_cents + self.penalty_cents + self.indemnity_cents


def legal_rate_for(period: HalfYear, rates: dict[tuple[int, int], Decimal]) -> tuple[Decimal | None, bool]:
    """The half-year's rate; when it is not known yet, the latest earlier one, flagged as an estimate."""
    if (period.year, period.half) in rates:
        return rates[(period.year, period.half)], False
    earlier = [key for key in rates if key < (period.year, period.half)]
    return (rates[max(earlier)], True) if earlier else (None, True)


def applicable_rate(contract_rate: Decimal, legal_rate: Decimal | None) -> Decimal:
    """The contractual rate, raised to three times the legal rate when it is lower (L441-10)."""
    if legal_rate is None:
        return contract_rate
    return max(contract_rate, 3 * legal_rate)


def simple_interest_cents(principal_cents: int, rate: Decimal, days: int) -> int:
    return to_cents(round_cents(Decimal(principal_cents) / HUNDRED * rate / HUNDRED * days / DAYS_IN_YEAR))


def _cut_points(receivable: Receivable, first: date, last: date) -> list[date]:
    """First days of the segments: the first late day, each half-year start, each day after a movement."""
    points = {first}
    period = HalfYear.of(first)
    while period.last_day < last:
        period = HalfYear.of(period.last_day + timedelta(days=1))
        points.add(period.first_day)
    points.update(m.on + timedelta(days=1) for m in receivable.movements if first < m.on + timedelta(days=1) <= last)
    return sorted(points)


def penalties(receivable: Receivable, on: date, rates: dict[tuple[int, int], Decimal]) -> PenaltyStatement:
    """What a late invoice owes on day `on`: unpaid principal, penalties by segment, the 40 € indemnity."""
    first, last = receivable.due_date + timedelta(days=1), on
    principal = max(receivable.outstanding_on(on), 0)
    if last < first:
        return PenaltyStatement(principal, (), 0)
    starts = _cut_points(receivable, first, last)
    segments = []
    for start, next_start in zip(starts, [*starts[1:], last + timedelta(days=1)], strict=True):
        end = next_start - timedelta(days=1)
        # The principal of a day is what remained unpaid at the end of the previous day: a payment made on
        # day P still leaves day P late (the debtor had not paid by the due date's end).
        owed = max(receivable.outstanding_on(start - timedelta(days=1)), 0)
        if owed == 0:
            continue
        legal, estimated = legal_rate_for(HalfYear.of(start), rates)
        rate = applicable_rate(receivable.late_penalty_rate, legal)
        days = (end - start).days + 1
        segments.append(Segment(start, end, owed, rate, legal, estimated, simple_interest_cents(owed, rate, days)))
    late = bool(segments)
    return PenaltyStatement(principal, tuple(segments), receivable.recovery_indemnity_cents if late else 0)
