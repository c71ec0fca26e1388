"""The directory of firms (unscoped: firm creation, CLI listing, seed)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import select

from data.models.firm import FirmRow
from data.repositories.firm import firm_from_row
from domain.firm.model import Firm, FirmIdentity


class FirmDirectoryRepository:
    def __init__(self, session) -> None:
        self.session = session

    def add(self, identity: FirmIdentity, *, created_on: date, sort_key: int = 100) -> int:
        row = FirmRow(**asdict(identity), created_on=created_on, sort_key=sort_key, logo_mime="")
        self.session.add(row)
        self.session.flush()
        return row.id

    def find_by_siren(self, siren: str) -> Firm | None:
        row = self.session.scalars(select(FirmRow).where(FirmRow.siren == siren)).one_or_none()
        return firm_from_row(row) if row else None

    def list(self) -> list[Firm]:
        return [firm_from_row(r) for r in self.session.scalars(select(FirmRow).order_by(FirmRow.sort_key, FirmRow.id))]
