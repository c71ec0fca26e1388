"""Subscription rules from the terms of sale (seeds/eexpi-cgv.txt) and DOMAIN.md §2h.

Seats: 49 € HT per Administrateur and 29 € HT per Collaborateur per month; portal users are free.
The first month from the firm's creation is free. Prices are revised each year on the
subscription's anniversary: P1 = P0 × S1 / S0, S0 the SYNTEC index of the reference month, S1 the
latest index published before the revision date.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from domain.money import round_cents

VAT_RATE = Decimal("0.20")

# Revised SYNTEC values known at launch (DOMAIN.md §2h); administrators add the later months.
SYNTEC_SEED = (
    (date(2023, 1, 1), "293.9"), (date(2023, 6, 1), "304.0"), (date(2023, 9, 1), "306.0"),
    (date(2023, 11, 1), "307.0"), (date(2024, 1, 1), "310.5"), (date(2024, 8, 1), "314.1"),
    (date(2024, 9, 1), "314.5"), (date(2024, 10, 1), "315.0"), (date(2024, 12, 1), "314.8"),
    (date(2025, 1, 1), "315.2"), (date(2025, 9, 1), "321.7"), (date(2025, 10, 1), "322.2"),
)


@dataclass(frozen=True, slots=True)
class IndexValue:
    month: date  # first day of the month
    value: Decimal


@dataclass(frozen=True, slots=True)
class SubscriptionTerms:
    started_on: date
    reference_month: date
    admin_seat_cents: int = 4900
    collaborator_seat_cents: int = 2900


@dataclass(frozen=True, slots=True)
class SeatLine:
    label: str
    seats: int
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return round_cents(self.unit_price * self.seats)


@dataclass(frozen=True, slots=True)
class MonthlyBill:
    lines: tuple[SeatLine, ...]
    in_trial: bool
    trial_end: date

    @property
    def total_excl_vat(self) -> Decimal:
        return Decimal(0) if self.in_trial else sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def vat(self) -> Decimal:
        return round_cents(self.total_excl_vat * VAT_RATE)

    @property
    def total_incl_vat(self) -> Decimal:
        return self.total_excl_vat + self.vat


@dataclass(frozen=True, slots=True)
class Revision:
    revision_date: date
    s0: IndexValue
    s1: IndexValue
    admin_before: Decimal
    admin_after: Decimal
    collaborator_before: Decimal
    collaborator_after: Decimal

    @property
    def coefficient(self) -> Decimal:
        return self.s1.value / self.s0.value


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in range(day.day, 27, -1):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def trial_end(started_on: date) -> date:
    """Last free day: the day before the same date one month later; when next month has no such
    date (a start on 29, 30 or 31 January), the whole of February is free."""
    same_day = add_months(started_on, 1)
    if same_day.day < started_on.day:  # clamped to the month's end
        return same_day
    return same_day - timedelta(days=1)
