"""Port of collections: payments, bank statement lines and mappings, reminder levels, reminders sent,
legal interest rates (domain.collections)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from domain.collections.model import (
    BankLine,
    BankLineStatus,
    BankMapping,
    Payment,
    PaymentInput,
    Receivable,
    ReminderLevel,
    SentReminder,
    StatementLine,
)


class CollectionRepo(Protocol):
    # receivables: issued invoices with their payments (not cancelled) and credit notes
    def receivables(self, client_id: int | None = None) -> list[Receivable]: ...
    def receivable(self, invoice_id: int, *, lock: bool = False) -> Receivable | None: ...  # lock: FOR UPDATE

    # payments
    def add_payment(self, payment: PaymentInput, client_id: int, *, at: datetime, by: int | None) -> Payment: ...
    def payment(self, payment_id: int) -> Payment | None: ...
    def payments(self, *, invoice_id: int | None = None, client_id: int | None = None) -> list[Payment]: ...
    def cancel_payment(self, payment_id: int, *, at: datetime, by: int | None) -> bool: ...  # False: already

    # bank statements
    def mappings(self) -> list[BankMapping]: ...
    def save_mapping(self, mapping: BankMapping) -> None: ...
    def known_hashes(self, hashes: Iterable[str]) -> set[str]: ...
    def add_bank_lines(self, bank_name: str, lines: list[StatementLine], *, at: datetime, by: int | None) -> int: ...
    def bank_lines(self, status: BankLineStatus | None = None) -> list[BankLine]: ...
    def bank_line(self, line_id: int, *, lock: bool = False) -> BankLine | None: ...  # lock: FOR UPDATE
    def bank_line_of_payment(self, payment_id: int) -> BankLine | None: ...
    def first_payment_of_line(self, line_id: int) -> int | None: ...  # oldest not cancelled
    def move_bank_line(self, line_id: int, expected: BankLineStatus, status: BankLineStatus,
                       payment_id: int | None) -> bool: ...  # False when the line was no longer `expected`

    # reminders
    def levels(self) -> list[ReminderLevel]: ...  # by level; [] when the firm has not set any
    def replace_levels(self, levels: list[ReminderLevel]) -> None: ...
    def reminders(self, *, invoice_id: int | None = None, client_id: int | None = None) -> list[SentReminder]: ...
    def add_reminder(self, reminder: SentReminder, *, at: datetime, by: int | None) -> int: ...
    def attach_mail(self, reminder_id: int, recipient: str, outbox_id: int) -> None: ...

    # legal interest rates, (year, half) → percent
    def legal_rates(self) -> dict[tuple[int, int], Decimal]: ...
    def save_legal_rates(self, rates: dict[tuple[int, int], Decimal]) -> None: ...  # replaces the table


