"""Ports of the billing runs: the facts a month's proposal reads and the links that stop double billing, and
the batch Factur-X maker that spreads checks and rendering over the CPU cores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from domain.invoicing.billing import BilledUnits, DueInstalment, TimeBlock, UnbilledTime, UnitMission
from domain.invoicing.model import ConformityProblem, Invoice
from domain.invoicing.records import Deposit
from domain.invoicing.sheet import InvoiceSheet

T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True, slots=True)
class TimeBilling:
    """The time of a mission billed by an invoice: value at selling rates, amount billed, reason of the gap."""

    invoice_id: int
    mission_id: int
    mission_label: str
    minutes: int
    valued_cents: int
    billed_cents: int
    reason: str = ""

    @property
    def adjustment_cents(self) -> int:
        """Boni (> 0) or mali (< 0) of billing."""
        return self.billed_cents - self.valued_cents


class DepositRepo(Protocol):
    """Deposit invoices (factures d'acompte) and the invoice deducting each (released when that draft is deleted)."""

    # issued, paid in full, not yet deducted, oldest first; client_id None: every client's
    def deductible(self, client_id: int | None) -> list[Deposit]: ...
    def deducted_by(self, invoice_id: int) -> list[Deposit]: ...
    def reserve(self, invoice_id: int, deposit_ids: Sequence[int]) -> None: ...  # InvalidInput if one was taken
    def release(self, invoice_id: int) -> int: ...  # the deposits it deducted are deductible again; how many
    def holder_of(self, deposit_id: int) -> str | None: ...  # number (or draft id) of the invoice deducting it


class BillingRepo(Protocol):
    """What is due and not yet on an invoice; reservations made by drafts (released when a draft is deleted)."""

    def due_instalments(self, first: date, last: date) -> list[DueInstalment]: ...  # active engagements only
    def unbilled_time(self, last: date) -> list[UnbilledTime]: ...  # approved weeks, temps-passé missions
    def unbilled_units(self) -> list[UnitMission]: ...  # unit-priced missions never billed
    def archived_clients(self, client_ids: Sequence[int]) -> set[int]: ...
    # Raises InvalidInput when another draft took one of the items first (nothing is half reserved).
    def reserve(self, invoice_id: int, *, instalment_ids: Sequence[int], entry_ids: Sequence[int],
                units: Sequence[BilledUnits], time: Sequence[TimeBlock]) -> None: ...
    def time_billings(self, invoice_ids: Sequence[int]) -> list[TimeBilling]: ...
    def set_billed(self, invoice_id: int, mission_id: int, billed_cents: int, reason: str, *, at: datetime,
                   by: int | None) -> None: ...


@dataclass(frozen=True, slots=True)
class FacturXJob:
    """One invoice to make: what its PDF prints (drawn in PDF/A-3) and the checked XML embedded in it."""

    sheet: InvoiceSheet
    xml: bytes
    title: str
    author: str


class Later(Protocol[T_co]):
    """Work started and not waited for yet (a future of `concurrent.futures`, or work done on demand)."""

    def result(self) -> T_co: ...


class FacturXBatch(Protocol):
    """Checks and renders many invoices at once (an adapter may use a process pool over the cores). Results
    come back in the order of the input. The `start_*` forms return at once, so the caller can do its own work
    (the database's) while the invoices are checked or rendered; one `Later` per invoice."""

    def check_many(self, invoices: Sequence[Invoice]) -> list[tuple[bytes, list[ConformityProblem]]]: ...
    def start_checks(self, invoices: Sequence[Invoice]) -> list[Later[tuple[bytes, list[ConformityProblem]]]]: ...
    def xml(self, invoice: Invoice) -> bytes: ...  # in the calling process: cheap
    def make_many(self, jobs: Sequence[FacturXJob]) -> list[bytes]: ...  # Factur-X PDF/A-3 bytes
    def start_making(self, jobs: Sequence[FacturXJob]) -> list[Later[bytes]]: ...
