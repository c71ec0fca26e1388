"""Boni/mali in plain Python (DOMAIN.md §3): the reference the `sql/boni_mali_*.sql` views must equal to the cent.

- **Fees billed** (honoraires facturés): the lines of kind honoraires and complementaire of issued invoices, HT;
  disbursements (débours) excluded; a credit note counts negative.
- **Time value** (TV_PV): each chargeable entry (billable, on a mission) at the selling rate, in force on the
  entry's day, of the grade the person had that day (their grade history, domain/firm/model.py `grade_on`: a
  promotion never revalues the time before it), rounded half up to the cent per entry; the same at the cost rate
  gives TV_CR.
- **Boni/mali** = fees − time value; **realisation** = fees ÷ time value; **margin on cost** = fees − TV_CR.
- A mission is compared on its own fiscal year: every instalment of a monthly forfait counts against the whole
  year's time, whatever the calendar month it was billed in (the period mismatch of DOMAIN.md §3.2).
- A mission no invoice with fees was allocated to is **en-cours** (WIP): it has no boni/mali; its time value is
  WIP, not a mali.
- Which missions an invoice's fees belong to (an invoice may bill several missions of its client): its mission;
  else the items it billed (instalments, units, time entries at selling rate) weighted by their amounts; else the
  client's missions whose fiscal year contains its issue date, weighted by their fee. A credit note follows the
  invoice it credits. Shares are rounded down, the cents left over going to the lowest mission id.
- A person's fees on a mission are the mission's fees pro rata of their time value (of their minutes when the
  mission's time has no value), rounded half up per person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from domain.firm.model import GradeRate, rate_in_force

CREDIT_NOTE = "avoir"
DISBURSEMENT = "debours"


@dataclass(frozen=True, slots=True)
class Entry:
    """A time entry with the grade its author had on its day."""

    mission_id: int | None
    user_id: int
    day: date
    minutes: int
    billable: bool
    grade_id: int | None  # grade_on(the author's history, day)
    invoice_id: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """An issued invoice or credit note, with its lines' (kind, amount HT in cents)."""

    id: int
    kind: str  # facture | avoir
    client_id: int
    issue_date: date
    mission_id: int | None
    credited_invoice_id: int | None
    lines: tuple[tuple[str, int], ...]

    @property
    def fees_cents(self) -> int:
        total = sum(cents for kind, cents in self.lines if kind != DISBURSEMENT)
        return -total if self.kind == CREDIT_NOTE else total


@dataclass(frozen=True, slots=True)
class BilledItem:
    """What an invoice billed for a mission: an instalment, units, or a time entry's value (weights)."""

    invoice_id: int
    mission_id: int
    cents: int


@dataclass(frozen=True, slots=True)
class MissionFacts:
    id: int
    client_id: int
    fiscal_year_start: date
    fiscal_year_end: date
    fee_cents: int
    budget_minutes: int = 0


@dataclass(frozen=True, slots=True)
class MissionFigures:
    mission_id: int
    fiscal_year: int
    fees_cents: int
    minutes: int
    time_value_cents: int
    time_cost_cents: int
    budget_minutes: int
    billed: bool

    @property
    def boni_mali_cents(self) -> int | None:
        return self.fees_cents - self.time_value_cents if self.billed else None

    @property
    def margin_cents(self) -> int | None:
        return self.fees_cents - self.time_cost_cents if self.billed else None

    @property
    def wip_cents(self) -> int:
        return 0 if self.billed else self.time_value_cents

    @property
    def realisation(self) -> Decimal | None:
        """Fees ÷ time value (1.299 for 129.9 %); None while en-cours or without time value."""
        return realisation(self.fees_cents, self.time_value_cents) if self.billed else None


def realisation(fees_cents: int, value_cents: int) -> Decimal | None:
    return Decimal(fees_cents) / Decimal(value_cents) if value_cents else None


def _half_up(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator (> 0) rounded half away from zero, in integers."""
    sign = -1 if numerator < 0 else 1
    return sign * ((2 * abs(numerator) + denominator) // (2 * denominator))


def entry_value(minutes: int, rate_cents: int) -> int:
    """Minutes at an hourly rate, rounded half up to the cent."""
    return int((Decimal(minutes) * rate_cents / 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Valued:
    entry: Entry
    value_cents: int
    cost_cents: int


def valued_entries(entries: Iterable[Entry], rates: list[GradeRate]) -> list[Valued]:
    """The chargeable entries (billable, on a mission) at selling and cost rate of their day (0 without rate)."""
    found = []
    for entry in entries:
        if entry.mission_id is None or not entry.billable:
            continue
        rate = rate_in_force(rates, entry.grade_id, entry.day) if entry.grade_id is not None else None
        found.append(Valued(entry, entry_value(entry.minutes, rate.selling_rate_cents) if rate else 0,
                            entry_value(entry.minutes, rate.cost_rate_cents) if rate else 0))
    return found


def allocate(documents: Iterable[Document], items: Iterable[BilledItem], missions: Iterable[MissionFacts],
             valued: Iterable[Valued]) -> list[tuple[Document, int, int]]:
    """(document, mission id, cents) for every share of an issued document's fees (rules in the docstring)."""
    documents = list(documents)
    by_id = {d.id: d for d in documents}
    linked: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:
        linked[item.invoice_id][item.mission_id] += item.cents
    for v in valued:
        if v.entry.invoice_id is not None:
            linked[v.entry.invoice_id][v.entry.mission_id] += v.value_cents
    linked = {i: {m: w for m, w in weights.items()} for i, weights in linked.items()
              if sum(weights.values()) > 0}
    by_client: dict[int, list[MissionFacts]] = defaultdict(list)
    for mission in missions:
        by_client[mission.client_id].append(mission)
    shares = []
    for document in documents:
        basis = by_id.get(document.credited_invoice_id, document) if document.credited_invoice_id else document
        weights = _weights(document, basis, linked, by_client)
        for mission_id, cents in _split(document.fees_cents, weights):
            shares.append((document, mission_id, cents))
    return shares


def _weights(document: Document, basis: Document, linked: dict[int, dict[int, int]],
             by_client: dict[int, list[MissionFacts]]) -> dict[int, int]:
    mission_id = document.mission_id if document.mission_id is not None else basis.mission_id
    if mission_id is not None:
        return {mission_id: 1}
    if basis.id in linked:
        return {m: w for m, w in linked[basis.id].items() if w > 0}
    covering = [m for m in by_client.get(basis.client_id, ())
                if m.fiscal_year_start <= basis.issue_date <= m.fiscal_year_end]
    if any(m.fee_cents > 0 for m in covering):
        return {m.id: max(m.fee_cents, 0) for m in covering if m.fee_cents > 0}
    return {m.id: 1 for m in covering}


def _split(cents: int, weights: dict[int, int]) -> list[tuple[int, int]]:
    """Shares rounded toward zero, the rest to the lowest mission id; nothing when there is no mission."""
    total = sum(weights.values())
    if total <= 0:
        return []
    sign = -1 if cents < 0 else 1
    shares = {m: sign * (abs(cents) * w // total) for m, w in weights.items()}
    first = min(shares)
    shares[first] += cents - sum(shares.values())
    return sorted(shares.items())


def by_mission(missions: Iterable[MissionFacts], valued: list[Valued],
               shares: list[tuple[Document, int, int]], year: int = 0) -> dict[int, MissionFigures]:
    """The figures of each mission with chargeable time or an invoice allocated, of the fiscal years ending in
    `year` (0: every year)."""
    minutes, value, cost = defaultdict(int), defaultdict(int), defaultdict(int)
    for v in valued:
        minutes[v.entry.mission_id] += v.entry.minutes
        value[v.entry.mission_id] += v.value_cents
        cost[v.entry.mission_id] += v.cost_cents
    fees, billed, allocated = defaultdict(int), defaultdict(bool), set()
    for document, mission_id, cents in shares:
        fees[mission_id] += cents
        allocated.add(mission_id)
        billed[mission_id] |= document.kind != CREDIT_NOTE and cents != 0
    found = {}
    for m in missions:
        if (m.id not in minutes and m.id not in allocated) or (year and m.fiscal_year_end.year != year):
            continue
        found[m.id] = MissionFigures(m.id, m.fiscal_year_end.year, fees[m.id], minutes[m.id], value[m.id], cost[m.id],
                                     m.budget_minutes, billed[m.id])
    return found


@dataclass(frozen=True, slots=True)
class Share:
    """A person's part of a mission."""

    mission_id: int
    user_id: int
    minutes: int
    time_value_cents: int
    time_cost_cents: int
    billed: bool
    fees_cents: int | None  # None while the mission is en-cours


def shares_of_people(figures: dict[int, MissionFigures], valued: list[Valued]) -> list[Share]:
    """Each person's part of the missions in `figures`: fees pro rata of their time value (of their minutes when
    the mission's time has no value), rounded half up per person."""
    minutes, value, cost = defaultdict(int), defaultdict(int), defaultdict(int)
    for v in valued:
        if v.entry.mission_id in figures:
            key = (v.entry.mission_id, v.entry.user_id)
            minutes[key] += v.entry.minutes
            value[key] += v.value_cents
            cost[key] += v.cost_cents
    found = []
    for key in sorted(minutes):
        mission = figures[key[0]]
        weight, total = ((value[key], mission.time_value_cents) if mission.time_value_cents > 0
                         else (minutes[key], mission.minutes))
        fees = (_half_up(mission.fees_cents * weight, total) if total > 0 else 0) if mission.billed else None
        found.append(Share(key[0], key[1], minutes[key], value[key], cost[key], mission.billed, fees))
    return found


@dataclass(frozen=True, slots=True)
class Rollup:
    """Missions added up; boni/mali and margin of the billed ones only, the others' time as en-cours."""

    key: object
    missions: int = 0
    wip_missions: int = 0
    fees_cents: int = 0
    time_value_cents: int = 0
    billed_value_cents: int = 0
    time_cost_cents: int = 0
    boni_mali_cents: int = 0
    margin_cents: int = 0
    wip_cents: int = 0
    minutes: int = 0
    budget_minutes: int = 0

    @property
    def realisation(self) -> Decimal | None:
        return realisation(self.fees_cents, self.billed_value_cents)

    def plus(self, m: MissionFigures) -> Rollup:
        return Rollup(self.key, self.missions + 1, self.wip_missions + (not m.billed), self.fees_cents + m.fees_cents,
                      self.time_value_cents + m.time_value_cents,
                      self.billed_value_cents + (m.time_value_cents if m.billed else 0),
                      self.time_cost_cents + m.time_cost_cents, self.boni_mali_cents + (m.boni_mali_cents or 0),
                      self.margin_cents + (m.margin_cents or 0), self.wip_cents + m.wip_cents,
                      self.minutes + m.minutes, self.budget_minutes + m.budget_minutes)


def roll_up(figures: Iterable[MissionFigures], key_of) -> dict[object, Rollup]:
    """The missions added up by `key_of(figures)` (a client id, a partner id, a fiscal year…)."""
    found: dict[object, Rollup] = {}
    for m in figures:
        key = key_of(m)
        found[key] = found.get(key, Rollup(key)).plus(m)
    return found
