"""The firm's ledger entries and fee revisions.

Entries are inserted, never updated: there is no method that changes or deletes one. The numbers of a journal
are taken from `ledger_sequences` under its row lock (UPDATE … RETURNING, held until the caller's transaction
ends), so two transactions posting at once get consecutive numbers and a rolled-back posting gives them back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import bindparam, select, update
from sqlalchemy import insert as insert_row
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from data.models.clients import ClientRow
from data.models.engagements import EngagementRow, FeeScheduleRow
from data.models.ledger import FeeRevisionRow, LedgerEntryRow, LedgerLineRow, LedgerSequenceRow
from data.repositories.base import FirmScoped
from domain.accounting.indexation import FeeRevision
from domain.accounting.model import Journal, LedgerEntry, LedgerLine, Source
from domain.catalogue.model import BillingMode
from domain.engagements.model import Engagement, FeeInstalment
from domain.errors import InvalidInput
from domain.subscription.model import IndexValue

# Built once: a billing run posts one entry per invoice, and building SQLAlchemy statements costs more than
# running them. Each is bound to the repository's firm at execution (`firm`), like every FirmScoped statement.
_TAKE_NUMBER = (update(LedgerSequenceRow)
                .where(LedgerSequenceRow.firm_id == bindparam("firm"), LedgerSequenceRow.journal == bindparam("code"))
                .values(last_number=LedgerSequenceRow.last_number + bindparam("count"))
                .returning(LedgerSequenceRow.last_number))
_IS_POSTED = select(LedgerEntryRow.id).where(LedgerEntryRow.firm_id == bindparam("firm"),
                                            LedgerEntryRow.source == bindparam("kind"),
                                            LedgerEntryRow.source_id == bindparam("key"))
_INSERT_ENTRIES = insert_row(LedgerEntryRow.__table__).returning(LedgerEntryRow.__table__.c.id,
                                                                 sort_by_parameter_order=True)
_INSERT_LINES = insert_row(LedgerLineRow.__table__)
_HEADER = (LedgerEntryRow.id, LedgerEntryRow.journal, LedgerEntryRow.number, LedgerEntryRow.entry_date,
           LedgerEntryRow.piece_ref, LedgerEntryRow.piece_date, LedgerEntryRow.label, LedgerEntryRow.source,
           LedgerEntryRow.source_id, LedgerEntryRow.invoice_id, LedgerEntryRow.client_id)
_LINE = (LedgerLineRow.entry_id, LedgerLineRow.account, LedgerLineRow.account_label, LedgerLineRow.debit_cents,
         LedgerLineRow.credit_cents, LedgerLineRow.aux_account, LedgerLineRow.aux_label, LedgerLineRow.label)


class LedgerRepository(FirmScoped):
    def _take_numbers(self, journal: Journal, count: int) -> int:
        """The first of `count` consecutive numbers of the journal. One statement takes the row lock and the
        numbers (UPDATE … RETURNING, PostgreSQL and SQLite ≥ 3.35); the journal's row is created on its first
        posting (INSERT … ON CONFLICT DO NOTHING, race-free)."""
        keys = {"firm": self.firm_id, "code": journal.value, "count": count}
        last = self.session.execute(_TAKE_NUMBER, keys).scalar()
        if last is None:
            insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[self.session.get_bind().dialect.name]
            self.session.execute(insert(LedgerSequenceRow).values(firm_id=self.firm_id, journal=journal.value,
                                                                  last_number=0).on_conflict_do_nothing())
            last = self.session.execute(_TAKE_NUMBER, keys).scalar_one()
        return last - count + 1

    def post(self, entry: LedgerEntry, at: datetime) -> LedgerEntry:
        return self.post_many([entry], at)[0]

    def post_many(self, entries: Sequence[LedgerEntry], at: datetime) -> list[LedgerEntry]:
        """The entries numbered in their order (continuous per journal), in a few statements whatever their
        number (a billing run's batch). Refused, for all, when one of their pieces is already posted."""
        if not entries:
            return []
        self._refuse_posted(entries)
        numbered, following = [], {}
        for journal in dict.fromkeys(entry.journal for entry in entries):
            following[journal] = self._take_numbers(journal, sum(entry.journal is journal for entry in entries))
        for entry in entries:
            numbered.append(replace(entry, number=following[entry.journal]))
            following[entry.journal] += 1
        ids = self.session.execute(_INSERT_ENTRIES, [{
            "firm_id": self.firm_id, "journal": entry.journal.value, "number": entry.number,
            "entry_date": entry.entry_date, "piece_ref": entry.piece_ref, "piece_date": entry.piece_date,
            "label": entry.label[:300], "source": entry.source.value, "source_id": entry.source_id,
            "invoice_id": entry.invoice_id, "client_id": entry.client_id, "debit_cents": entry.debit_cents,
            "credit_cents": entry.credit_cents, "created_at": at} for entry in numbered]).scalars().all()
        self.session.execute(_INSERT_LINES, [{
            "firm_id": self.firm_id, "entry_id": entry_id, "position": position, "account": item.account,
            "account_label": item.account_label, "aux_account": item.aux_account, "aux_label": item.aux_label[:200],
            "label": item.label[:300], "debit_cents": item.debit_cents, "credit_cents": item.credit_cents}
            for entry_id, entry in zip(ids, numbered, strict=True) for position, item in enumerate(entry.lines)])
        return [replace(entry, id=entry_id) for entry_id, entry in zip(ids, numbered, strict=True)]

    def _refuse_posted(self, entries: Sequence[LedgerEntry]) -> None:
        by_source: dict[str, list[int]] = defaultdict(list)
        for entry in entries:
            by_source[entry.source.value].append(entry.source_id)
        for source, keys in by_source.items():
            for start in range(0, len(keys), 900):
                posted = self.session.execute(
                    self._select(LedgerEntryRow, LedgerEntryRow.source_id).where(
                        LedgerEntryRow.source == source, LedgerEntryRow.source_id.in_(keys[start:start + 900]))
                ).scalars().first()
                if posted is not None:
                    piece = next(e.piece_ref for e in entries if e.source.value == source and e.source_id == posted)
                    raise InvalidInput(f"La pièce {piece} est déjà comptabilisée.")

    def is_posted(self, source: str, source_id: int) -> bool:
        found = self.session.execute(_IS_POSTED, {"firm": self.firm_id, "kind": source, "key": source_id}).first()
        return found is not None

    def _load(self, *conditions) -> list[LedgerEntry]:
        headers = self.session.execute(self._select(LedgerEntryRow, *_HEADER).where(*conditions)
                                       .order_by(LedgerEntryRow.entry_date, LedgerEntryRow.journal,
                                                 LedgerEntryRow.number)).all()
        lines: dict[int, list[LedgerLine]] = defaultdict(list)
        ids = [h.id for h in headers]
        for start in range(0, len(ids), 900):
            statement = (self._select(LedgerLineRow, *_LINE).where(LedgerLineRow.entry_id.in_(ids[start:start + 900]))
                         .order_by(LedgerLineRow.entry_id, LedgerLineRow.position))
            for entry_id, *values in self.session.execute(statement):
                lines[entry_id].append(LedgerLine(*values))
        return [LedgerEntry(journal=Journal(h.journal), entry_date=h.entry_date, piece_ref=h.piece_ref,
                            piece_date=h.piece_date, label=h.label, lines=tuple(lines[h.id]), source=Source(h.source),
                            source_id=h.source_id, invoice_id=h.invoice_id, client_id=h.client_id, number=h.number,
                            id=h.id) for h in headers]

    def entries(self, first: date, last: date, journal: Journal | None = None) -> list[LedgerEntry]:
        conditions = [LedgerEntryRow.entry_date >= first, LedgerEntryRow.entry_date <= last]
        if journal is not None:
            conditions.append(LedgerEntryRow.journal == journal.value)
        return self._load(*conditions)

    def for_invoice(self, invoice_id: int) -> list[LedgerEntry]:
        return self._load(LedgerEntryRow.invoice_id == invoice_id)


def _revision(row: FeeRevisionRow) -> FeeRevision:
    return FeeRevision(engagement_id=row.engagement_id, revision_date=row.revision_date,
                       s0=IndexValue(row.s0_month, Decimal(row.s0_tenths) / 10),
                       s1=IndexValue(row.s1_month, Decimal(row.s1_tenths) / 10), old_fee_cents=row.old_fee_cents,
                       new_fee_cents=row.new_fee_cents, applied_by=row.applied_by, applied_at=row.applied_at,
                       index_name=row.index_name, id=row.id)


def _tenths(value: Decimal) -> int:
    return int((value * 10).to_integral_value())


class FeeRevisionRepository(FirmScoped):
    """Fee revisions, and the engagement and instalment amounts a revision changes."""

    def active_engagements(self) -> list[tuple[Engagement, str]]:
        statement = (self._select(EngagementRow, EngagementRow, ClientRow.name)
                     .join(ClientRow, (ClientRow.firm_id == EngagementRow.firm_id)
                           & (ClientRow.id == EngagementRow.client_id))
                     .where(EngagementRow.status == "active").order_by(ClientRow.name, EngagementRow.id))
        return [(Engagement(id=r.id, client_id=r.client_id, letter_id=r.letter_id,
                            fiscal_year_start=r.fiscal_year_start, fiscal_year_end=r.fiscal_year_end,
                            activated_on=r.activated_on, annual_fee_cents=r.annual_fee_cents, monthly=r.monthly,
                            status=r.status), name) for r, name in self.session.execute(statement)]

    def open_instalments(self, engagement_ids: list[int]) -> dict[int, list[FeeInstalment]]:
        """The instalments not invoiced yet, by engagement."""
        found: dict[int, list[FeeInstalment]] = defaultdict(list)
        for start in range(0, len(engagement_ids), 900):
            statement = (self._select(FeeScheduleRow)
                         .where(FeeScheduleRow.engagement_id.in_(engagement_ids[start:start + 900]),
                                FeeScheduleRow.invoice_id.is_(None))
                         .order_by(FeeScheduleRow.due_on, FeeScheduleRow.id))
            for r in self.session.scalars(statement):
                found[r.engagement_id].append(FeeInstalment(
                    id=r.id, engagement_id=r.engagement_id, label=r.label, billing_mode=BillingMode(r.billing_mode),
                    due_on=r.due_on, period_start=r.period_start, period_end=r.period_end,
                    amount_cents=r.amount_cents, mission_id=r.mission_id, invoice_id=r.invoice_id))
        return dict(found)

    def last_revisions(self) -> dict[int, FeeRevision]:
        latest: dict[int, FeeRevision] = {}
        for row in self.session.scalars(self._select(FeeRevisionRow).order_by(FeeRevisionRow.revision_date,
                                                                              FeeRevisionRow.id)):
            latest[row.engagement_id] = _revision(row)
        return latest

    def history(self, engagement_id: int) -> list[FeeRevision]:
        statement = (self._select(FeeRevisionRow).where(FeeRevisionRow.engagement_id == engagement_id)
                     .order_by(FeeRevisionRow.revision_date, FeeRevisionRow.id))
        return [_revision(r) for r in self.session.scalars(statement)]

    def record(self, revision: FeeRevision) -> FeeRevision:
        row = self._add(FeeRevisionRow, engagement_id=revision.engagement_id, revision_date=revision.revision_date,
                        index_name=revision.index_name, s0_month=revision.s0.month, s0_tenths=_tenths(revision.s0.value),
                        s1_month=revision.s1.month, s1_tenths=_tenths(revision.s1.value),
                        old_fee_cents=revision.old_fee_cents, new_fee_cents=revision.new_fee_cents,
                        applied_by=revision.applied_by, applied_at=revision.applied_at)
        return replace(revision, id=row.id)

    def set_annual_fee(self, engagement_id: int, annual_fee_cents: int) -> None:
        self._update(EngagementRow, EngagementRow.id == engagement_id, annual_fee_cents=annual_fee_cents)

    def revise_instalment(self, instalment_id: int, amount_cents: int, label: str) -> None:
        """Refused when the instalment was invoiced meanwhile (an invoiced amount never changes)."""
        changed = self._update(FeeScheduleRow, FeeScheduleRow.id == instalment_id, FeeScheduleRow.invoice_id.is_(None),
                               amount_cents=amount_cents, label=label)
        if changed != 1:
            raise InvalidInput("Une échéance a été facturée pendant la révision : recommencez.")
