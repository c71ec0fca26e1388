"""The billing run of a month: which drafts are due, and what each one bills. Pure: the facts come in as
plain records (read by `BillingRepo`), the proposal goes out; nothing is written here.

Rules (recorded in the README's design notes):

- **forfaits** (monthly or annual): every instalment of an active engagement's fee schedule due in the month
  (`due_on` in the month) and not yet on an invoice. A month whose run was skipped is billed by running that
  month: a run never sweeps earlier months on its own, so a forgotten instalment cannot surprise anyone.
  Line: the instalment's label and its period, quantity 1, the instalment's amount.
- **temps passé**: the billable time entries of weeks approved by a manager, on missions billed at time
  spent, dated up to the end of the month and not yet on an invoice. They are valued at the selling rate of
  the person's grade in force on each entry's day (grade_rates), and billed as one line per grade and rate
  (hours × rate): a rate change inside the period gives two lines for the grade. Hours carry up to 4
  decimals (what an invoice line accepts); the line's amount is that quantity × the rate, rounded once, and
  that is the "valued" figure the write-up/write-down is measured against. Entries of a person without
  grade or without a rate for that day are left out and reported (they come back once a rate exists).
- **unitaire**: a unit-priced mission is billed once, quantity × unit price (the mission's own quantity
  and price), in the month of its fiscal year end, or earlier once it is marked done, or in any later run if
  it was not billed then. Missions without quantity or price are skipped.
- **extras and disbursements** are not proposed: they are added by hand to the draft (the Factures page).
- **deposits (acomptes)**: a run proposes no deposit invoice (they are drafted by hand, TypeCode 386), but each
  draft it prepares deducts its client's deposits paid in full and not yet deducted, of a mission it bills or of
  no mission, whole and oldest first while they fit in its TTC, as `prepaid_cents` (BT-113) with a note naming
  them (rules in `domain/invoicing/deposits.py`; the draft reserves them in `invoices.deducted_by_id`).
- **billed time is locked**: an entry on a draft or an issued invoice cannot be changed or deleted from its week
  any more (`domain/timesheets/billed.py`), so what an invoice billed stays what the time sheets say.

A client gets one draft per run, grouping all its due items (forfait instalments first, then units, then
time). Each item is reserved by the draft (instalment → `fee_schedule.invoice_id`, entry →
`time_entries.invoice_id`, mission → `billed_units`, deposit → `invoices.deducted_by_id`), so running the proposal again proposes nothing new,
and an item is never billed twice; deleting the draft releases its items.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from domain.catalogue.model import BillingMode
from domain.errors import InvalidInput
from domain.firm.model import GradeRate, rate_in_force
from domain.formatting import day, eur_cents, hours
from domain.formatting import month as month_label
from domain.invoicing.model import InvoiceLine, LineKind, Unit
from domain.invoicing.rules import end_of_month

HOURS_QUANTUM = Decimal("0.0001")  # an invoice quantity has at most 4 decimals
TIME_PREFIX = "Temps passé — "
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class BillingPeriod:
    """A calendar month billed by a run."""

    first: date

    @property
    def last(self) -> date:
        return end_of_month(self.first)

    @property
    def key(self) -> str:
        return f"{self.first.year:04d}-{self.first.month:02d}"

    @property
    def label(self) -> str:
        return month_label(self.first)


def parse_period(text: str) -> BillingPeriod:
    """"2026-11" → November 2026; InvalidInput in French otherwise."""
    found = _PERIOD.match((text or "").strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        raise InvalidInput(f"Période « {text} » invalide : attendu AAAA-MM, par exemple 2026-11.")
    return BillingPeriod(date(int(found.group(1)), int(found.group(2)), 1))


# --- the facts a proposal reads ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DueInstalment:
    id: int
    client_id: int
    engagement_id: int
    mission_id: int | None
    label: str
    billing_mode: BillingMode
    due_on: date
    period_start: date
    period_end: date
    amount_cents: int


@dataclass(frozen=True, slots=True)
class UnbilledTime:
    """One approved billable entry on a temps-passé mission, not yet on an invoice."""

    entry_id: int
    client_id: int
    mission_id: int
    engagement_id: int | None
    mission_label: str
    grade_id: int | None  # the grade the person had on the entry's day (domain/firm/model.py grade_on)
    day: date
    minutes: int


@dataclass(frozen=True, slots=True)
class UnitMission:
    """A unit-priced mission not yet billed."""

    mission_id: int
    client_id: int
    engagement_id: int | None
    label: str
    fiscal_year_end: date
    quantity: int | None
    unit_price_cents: int | None
    done: bool


# --- what a proposal holds ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TimeBlock:
    """The time of one mission billed by a draft: its value at selling rates; what is billed starts equal."""

    mission_id: int
    mission_label: str
    minutes: int
    valued_cents: int


@dataclass(frozen=True, slots=True)
class BilledUnits:
    mission_id: int
    quantity: int
    unit_price_cents: int


@dataclass(frozen=True, slots=True)
class ProposedDraft:
    client_id: int
    client_name: str
    lines: tuple[InvoiceLine, ...]
    period_start: date
    period_end: date
    engagement_id: int | None  # when every item bills the same engagement (its letter is BT-12)
    mission_id: int | None  # when every item bills the same mission
    instalment_ids: tuple[int, ...] = ()
    entry_ids: tuple[int, ...] = ()
    units: tuple[BilledUnits, ...] = ()
    time: tuple[TimeBlock, ...] = ()
    mission_ids: tuple[int, ...] = ()  # every mission it bills (which deposits it deducts)

    @property
    def ht_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)


@dataclass(frozen=True, slots=True)
class Proposal:
    period: BillingPeriod
    drafts: tuple[ProposedDraft, ...]
    warnings: tuple[str, ...] = ()

    @property
    def ht_cents(self) -> int:
        return sum(d.ht_cents for d in self.drafts)


# --- the rules ---------------------------------------------------------------------------------------------

def unit_is_due(mission: UnitMission, period: BillingPeriod) -> bool:
    return mission.fiscal_year_end <= period.last or mission.done


def hours_of(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(HOURS_QUANTUM, rounding=ROUND_HALF_UP).normalize()


def _euros(cents: int) -> str:
    return eur_cents(cents).replace("\u202f€", " €").replace("\xa0€", " €")


def _instalment_line(item: DueInstalment) -> InvoiceLine:
    unit = Unit.MONTH if item.billing_mode is BillingMode.MONTHLY else Unit.FLAT
    label = f"{item.label} (période du {day(item.period_start)} au {day(item.period_end)})"
    return InvoiceLine(label, Decimal(1), item.amount_cents, unit=unit, kind=LineKind.FEE)


def _unit_line(mission: UnitMission) -> InvoiceLine:
    label = f"{mission.label} (exercice clos le {day(mission.fiscal_year_end)})"
    return InvoiceLine(label, Decimal(mission.quantity or 0), mission.unit_price_cents or 0, unit=Unit.PIECE)


def time_label(mission_label: str) -> str:
    """The start of every time line of a mission (how an adjustment finds them again)."""
    return f"{TIME_PREFIX}{mission_label}"


def _time_lines(entries: list[UnbilledTime], grades: Mapping[int, str], rates: list[GradeRate],
                warnings: list[str]) -> tuple[list[InvoiceLine], list[int], list[TimeBlock]]:
    """One line per mission, grade and selling rate; the entries billed; the value per mission."""
    minutes: dict[tuple[int, int, int], int] = defaultdict(int)  # (mission, grade, rate) → minutes
    labels, entry_ids, unrated = {}, [], defaultdict(int)
    for entry in entries:
        rate = rate_in_force(rates, entry.grade_id, entry.day) if entry.grade_id is not None else None
        labels[entry.mission_id] = entry.mission_label
        if rate is None or rate.selling_rate_cents <= 0:
            unrated[entry.mission_id] += entry.minutes
            continue
        minutes[(entry.mission_id, entry.grade_id, rate.selling_rate_cents)] += entry.minutes
        entry_ids.append(entry.entry_id)
    for mission_id, left_out in unrated.items():
        warnings.append(f"{labels[mission_id]} : {hours(left_out)} sans taux de vente (grade ou taux horaire "
                        "manquant) ne sont pas proposées.")
    lines, blocks = [], []
    for mission_id in sorted({key[0] for key in minutes}, key=lambda m: (labels[m], m)):
        keys = sorted((k for k in minutes if k[0] == mission_id), key=lambda k: (grades.get(k[1], ""), k[2]))
        mission_lines = [InvoiceLine(f"{time_label(labels[mission_id])} — {grades.get(grade_id, 'Grade')} "
                                     f"({_euros(rate)} HT de l'heure)", hours_of(minutes[k]), rate, unit=Unit.HOUR)
                         for k in keys for _, grade_id, rate in [k]]
        lines += mission_lines
        blocks.append(TimeBlock(mission_id, labels[mission_id], sum(minutes[k] for k in keys),
                                sum(line.amount_cents for line in mission_lines)))
    return lines, entry_ids, blocks


def _single(values: Iterable[int | None]) -> int | None:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def propose(period: BillingPeriod, *, instalments: Iterable[DueInstalment], time: Iterable[UnbilledTime],
            units: Iterable[UnitMission], client_names: Mapping[int, str], grades: Mapping[int, str],
            rates: list[GradeRate], archived: Iterable[int] = ()) -> Proposal:
    """The drafts due for the month, one per client (rules in the module's docstring)."""
    by_client: dict[int, dict[str, list]] = defaultdict(lambda: {"instalments": [], "time": [], "units": []})
    for item in instalments:
        if period.first <= item.due_on <= period.last:
            by_client[item.client_id]["instalments"].append(item)
    for entry in time:
        if entry.day <= period.last:
            by_client[entry.client_id]["time"].append(entry)
    for mission in units:
        if unit_is_due(mission, period) and (mission.quantity or 0) > 0 and (mission.unit_price_cents or 0) > 0:
            by_client[mission.client_id]["units"].append(mission)
    warnings: list[str] = []
    skipped = set(archived) & set(by_client)
    for client_id in sorted(skipped, key=lambda c: client_names.get(c, "")):
        warnings.append(f"{client_names.get(client_id, client_id)} : client archivé, rien n'est proposé.")
    drafts = [_draft_of(client_id, client_names.get(client_id, ""), items, period, grades, rates, warnings)
              for client_id, items in by_client.items() if client_id not in skipped]
    drafts = [d for d in drafts if d is not None]
    drafts.sort(key=lambda d: (d.client_name.casefold(), d.client_id))
    return Proposal(period, tuple(drafts), tuple(warnings))


def _draft_of(client_id: int, name: str, items: dict[str, list], period: BillingPeriod,
              grades: Mapping[int, str], rates: list[GradeRate], warnings: list[str]) -> ProposedDraft | None:
    instalments = sorted(items["instalments"], key=lambda i: (i.due_on, i.label, i.id))
    units = sorted(items["units"], key=lambda m: (m.label, m.mission_id))
    time_lines, entry_ids, blocks = _time_lines(items["time"], grades, rates, warnings)
    lines = [_instalment_line(i) for i in instalments] + [_unit_line(m) for m in units] + time_lines
    if not lines:
        return None
    billed_entries = set(entry_ids)
    entries = [e for e in items["time"] if e.entry_id in billed_entries]
    starts = [i.period_start for i in instalments] + [e.day for e in entries] + [period.first] * bool(units)
    ends = [i.period_end for i in instalments] + [period.last] * bool(entries or units)
    return ProposedDraft(
        client_id=client_id, client_name=name, lines=tuple(lines), period_start=min(starts), period_end=max(ends),
        engagement_id=_single([i.engagement_id for i in instalments] + [m.engagement_id for m in units]
                              + [e.engagement_id for e in entries]),
        mission_id=_single([i.mission_id for i in instalments] + [m.mission_id for m in units]
                           + [e.mission_id for e in entries]),
        mission_ids=tuple(sorted({i.mission_id for i in instalments if i.mission_id is not None}
                                 | {m.mission_id for m in units} | {e.mission_id for e in entries})),
        instalment_ids=tuple(i.id for i in instalments), entry_ids=tuple(sorted(billed_entries)),
        units=tuple(BilledUnits(m.mission_id, m.quantity or 0, m.unit_price_cents or 0) for m in units),
        time=tuple(blocks))


# --- adjusting the time billed -----------------------------------------------------------------------------

def adjusted_lines(lines: tuple[InvoiceLine, ...], mission_label: str, minutes: int,
                   billed_cents: int) -> tuple[InvoiceLine, ...]:
    """The draft's lines with the time lines of the mission replaced by one line of the amount billed (the
    hours stay in its label); the other lines are kept in place."""
    prefix = time_label(mission_label)
    mine = [i for i, line in enumerate(lines) if line.kind is LineKind.FEE and line.label.startswith(prefix)]
    if not mine:
        raise InvalidInput(f"Ce brouillon ne facture plus de temps passé sur « {mission_label} » : "
                           "ses lignes ont été modifiées à la main.")
    single = InvoiceLine(f"{prefix} — {hours(minutes)} passées", Decimal(1), billed_cents, unit=Unit.FLAT)
    kept = [line for i, line in enumerate(lines) if i not in mine]
    return tuple(kept[:mine[0]] + [single] + kept[mine[0]:])


def check_adjustment(valued_cents: int, billed_cents: int, reason: str) -> str:
    """The reason, cleaned; InvalidInput when the amount is not positive or a change comes without reason."""
    reason = " ".join((reason or "").split())
    if billed_cents <= 0:
        raise InvalidInput("Le montant facturé doit être positif (pour ne rien facturer, retirez le temps du "
                           "brouillon en le supprimant).")
    if billed_cents != valued_cents and not reason:
        raise InvalidInput(f"Indiquez le motif de l'écart ({_euros(billed_cents - valued_cents)} par rapport au "
                           f"temps valorisé de {_euros(valued_cents)}).")
    if len(reason) > 300:
        raise InvalidInput("Le motif fait 300 caractères au plus.")
    return reason
