"""Ports of the accounting area: the ledger (sales and bank journals) and the fee revisions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from domain.accounting.indexation import FeeRevision
from domain.accounting.model import Journal, LedgerEntry
from domain.engagements.model import Engagement, FeeInstalment


class LedgerRepo(Protocol):
    """Posted entries: written once, numbered under a row lock, never changed."""

    def post(self, entry: LedgerEntry, at: datetime) -> LedgerEntry: ...  # with its number and id
    def post_many(self, entries: Sequence[LedgerEntry], at: datetime) -> list[LedgerEntry]: ...  # numbered in order
    def entries(self, first: date, last: date, journal: Journal | None = None) -> list[LedgerEntry]: ...
    def for_invoice(self, invoice_id: int) -> list[LedgerEntry]: ...  # its VE entry and the payments settling it
    def is_posted(self, source: str, source_id: int) -> bool: ...


class FeeRevisionRepo(Protocol):
    def active_engagements(self) -> list[tuple[Engagement, str]]: ...  # with the client's name
    def open_instalments(self, engagement_ids: list[int]) -> dict[int, list[FeeInstalment]]: ...
    def last_revisions(self) -> dict[int, FeeRevision]: ...  # by engagement
    def history(self, engagement_id: int) -> list[FeeRevision]: ...
    def record(self, revision: FeeRevision) -> FeeRevision: ...
    def set_annual_fee(self, engagement_id: int, annual_fee_cents: int) -> None: ...
    def revise_instalment(self, instalment_id: int, amount_cents: int, label: str) -> None: ...  # not invoiced only
