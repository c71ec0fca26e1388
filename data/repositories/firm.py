"""The firm's own row and its configuration tables."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from data.models.access import UserRow
from data.models.firm import (
    FirmRow,
    GradeRateRow,
    GradeRow,
    NumberingSeriesRow,
    SubscriptionRow,
    SyntecIndexRow,
    TeamRow,
)
from data.repositories.base import FirmScoped, upsert
from domain.errors import NotFound
from domain.firm.model import DocType, Firm, FirmIdentity, Grade, GradeRate, NumberingSeries, Team
from domain.subscription.model import IndexValue, SubscriptionTerms

IDENTITY_FIELDS = [f.name for f in fields(FirmIdentity)]


def firm_from_row(row: FirmRow) -> Firm:
    identity = FirmIdentity(**{name: getattr(row, name) for name in IDENTITY_FIELDS})
    return Firm(id=row.id, identity=identity, created_on=row.created_on, has_logo=row.logo is not None,
                alsace_moselle=bool(row.alsace_moselle))


class FirmRepository(FirmScoped):
    """The tenant root: its row is the one whose id is the repository's firm."""

    def _row(self) -> FirmRow:
        row = self.session.get(FirmRow, self.firm_id)
        if row is None:
            raise NotFound("Cabinet introuvable.")
        return row

    def get(self) -> Firm:
        return firm_from_row(self._row())

    def update_identity(self, identity: FirmIdentity) -> None:
        row = self._row()
        for name, value in asdict(identity).items():
            setattr(row, name, value)
        self.session.flush()

    def set_logo(self, content: bytes, mime: str) -> None:
        row = self._row()
        row.logo, row.logo_mime = content, mime
        self.session.flush()

    def logo(self) -> tuple[bytes, str] | None:
        row = self._row()
        return (row.logo, row.logo_mime) if row.logo is not None else None

    def set_alsace_moselle(self, enabled: bool) -> None:
        self._row().alsace_moselle = enabled
        self.session.flush()

    def siren_used_elsewhere(self, siren: str) -> bool:
        """Unscoped on purpose: a SIREN identifies one firm across the whole platform."""
        statement = select(func.count()).where(FirmRow.siren == siren, FirmRow.id != self.firm_id)
        return self.session.scalar(statement) > 0


class TeamRepository(FirmScoped):
    def list(self) -> list[Team]:
        members = (select(UserRow.team_id, func.count().label("n"))
                   .where(UserRow.firm_id == self.firm_id, UserRow.is_active.is_(True))
                   .group_by(UserRow.team_id).subquery())
        statement = (self._select(TeamRow, TeamRow.id, TeamRow.name, func.coalesce(members.c.n, 0))
                     .outerjoin(members, members.c.team_id == TeamRow.id).order_by(TeamRow.name))
        return [Team(id, name, count) for id, name, count in self.session.execute(statement)]

    def add(self, name: str) -> Team:
        return Team(self._add(TeamRow, name=name).id, name)

    def delete(self, team_id: int) -> None:
        self._delete(TeamRow, TeamRow.id == team_id)

    def count_members(self, team_id: int) -> int:
        """Every account of the team, deactivated ones included."""
        statement = select(func.count()).where(UserRow.firm_id == self.firm_id, UserRow.team_id == team_id)
        return self.session.scalar(statement) or 0


class GradeRepository(FirmScoped):
    def list(self) -> list[Grade]:
        rows = self.session.scalars(self._select(GradeRow).order_by(GradeRow.rank))
        return [Grade(r.id, r.code, r.label, r.rank) for r in rows]

    def add(self, *, code: str, label: str, rank: int) -> Grade:
        row = self._add(GradeRow, code=code, label=label, rank=rank)
        return Grade(row.id, code, label, rank)

    def rates(self, grade_id: int | None = None) -> list[GradeRate]:
        statement = self._select(GradeRateRow).order_by(GradeRateRow.grade_id, GradeRateRow.effective_from)
        if grade_id is not None:
            statement = statement.where(GradeRateRow.grade_id == grade_id)
        return [GradeRate(r.id, r.grade_id, r.effective_from, r.selling_rate_cents, r.cost_rate_cents)
                for r in self.session.scalars(statement)]

    def add_rate(self, grade_id: int, effective_from: date, selling_cents: int, cost_cents: int) -> GradeRate:
        row = self._add(GradeRateRow, grade_id=grade_id, effective_from=effective_from,
                        selling_rate_cents=selling_cents, cost_rate_cents=cost_cents)
        return GradeRate(row.id, grade_id, effective_from, selling_cents, cost_cents)


def _series(row: NumberingSeriesRow) -> NumberingSeries:
    return NumberingSeries(row.id, DocType(row.doc_type), row.prefix, row.next_number, row.padding,
                           row.with_year, row.last_allocated)


class NumberingRepository(FirmScoped):
    def list(self) -> list[NumberingSeries]:
        return [_series(r) for r in self.session.scalars(self._select(NumberingSeriesRow).order_by(NumberingSeriesRow.id))]

    def _row(self, doc_type: DocType, lock: bool = False) -> NumberingSeriesRow:
        statement = self._select(NumberingSeriesRow).where(NumberingSeriesRow.doc_type == doc_type.value)
        row = self.session.scalars(statement.with_for_update() if lock else statement).one_or_none()
        if row is None:
            raise NotFound(f"Aucune série de numérotation pour « {doc_type.label} ».")
        return row

    def get(self, doc_type: DocType) -> NumberingSeries:
        return _series(self._row(doc_type))

    def create(self, doc_type: DocType, prefix: str) -> None:
        self._add(NumberingSeriesRow, doc_type=doc_type.value, prefix=prefix)

    def update(self, doc_type: DocType, *, prefix: str, next_number: int, padding: int, with_year: bool) -> None:
        self._update(NumberingSeriesRow, NumberingSeriesRow.doc_type == doc_type.value, prefix=prefix,
                     next_number=next_number, padding=padding, with_year=with_year)

    def allocate(self, doc_type: DocType) -> int:
        """The next number, under a row lock so concurrent issuers never share or skip one."""
        row = self._row(doc_type, lock=True)
        number = row.next_number
        row.next_number, row.last_allocated = number + 1, number
        self.session.flush()
        return number


class SyntecRepository(FirmScoped):
    def list(self) -> list[IndexValue]:
        rows = self.session.scalars(self._select(SyntecIndexRow).order_by(SyntecIndexRow.month))
        return [IndexValue(r.month, Decimal(r.value_tenths) / 10) for r in rows]

    def upsert(self, month: date, value: Decimal) -> None:
        upsert(self.session, SyntecIndexRow, {"firm_id": self.firm_id, "month": month},
               {"value_tenths": int(value * 10)})

    def delete(self, month: date) -> None:
        self._delete(SyntecIndexRow, SyntecIndexRow.month == month)


class SubscriptionRepository(FirmScoped):
    def get(self) -> SubscriptionTerms:
        row = self.session.scalars(self._select(SubscriptionRow)).one()
        return SubscriptionTerms(row.started_on, row.reference_month, row.admin_seat_cents,
                                 row.collaborator_seat_cents)

    def create(self, terms: SubscriptionTerms) -> None:
        self._add(SubscriptionRow, started_on=terms.started_on, reference_month=terms.reference_month,
                  admin_seat_cents=terms.admin_seat_cents, collaborator_seat_cents=terms.collaborator_seat_cents)

    def set_reference_month(self, month: date) -> None:
        self._update(SubscriptionRow, reference_month=month)
