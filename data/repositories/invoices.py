"""Invoices and credit notes with their lines; the exact Factur-X bytes of issued ones.

An issued row is immutable: every write below but `record_mail` is conditioned on the status
"brouillon" in its WHERE clause, so even two sessions racing on the same draft cannot change an issued
invoice (the second UPDATE finds no draft and is refused). There is no method that edits an issued row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, func, insert, update

from data.models.engagements import FeeScheduleRow
from data.models.invoicing import BilledUnitsRow, InvoiceLineRow, InvoiceRow, TimeBillingRow
from data.models.production import TimeEntryRow
from data.repositories.base import FirmScoped
from domain.errors import InvalidInput, NotFound
from domain.invoicing.model import (
    Buyer,
    ConformityProblem,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    LineKind,
    PostalAddress,
    Seller,
    Unit,
)
from domain.invoicing.records import InvoiceFilter, InvoiceStatus, InvoiceSummary, Issuance, StoredInvoice

ISSUED_IS_FROZEN = ("Cette facture est émise : elle ne peut être ni modifiée ni supprimée. "
                    "Pour la corriger, établissez un avoir.")
_HEADER = tuple(c for c in InvoiceRow.__table__.columns if c.key not in ("pdf", "xml"))  # bytes on demand
_SUMMARY = (InvoiceRow.id, InvoiceRow.kind, InvoiceRow.status, InvoiceRow.number, InvoiceRow.client_id,
            InvoiceRow.buyer, InvoiceRow.created_on, InvoiceRow.issue_date, InvoiceRow.due_date,
            InvoiceRow.lines_cents, InvoiceRow.vat_cents, InvoiceRow.ttc_cents, InvoiceRow.credited_invoice_id,
            InvoiceRow.mailed_to)
E4, BP = Decimal(10_000), Decimal(100)
_ADD_DRAFT = insert(InvoiceRow.__table__).returning(InvoiceRow.__table__.c.id, sort_by_parameter_order=True)
_ADD_LINES = insert(InvoiceLineRow.__table__)
# Built once (a billing run issues batches of them); bound to the repository's firm at execution, like every
# FirmScoped statement. Only a draft is changed: an issued row is never written again.
_ISSUE = (update(InvoiceRow.__table__)
          .where(InvoiceRow.firm_id == bindparam("firm"), InvoiceRow.id == bindparam("key"),
                 InvoiceRow.status == bindparam("draft"))
          .values({column: bindparam(column) for column in (
              "status", "number", "issue_date", "pdf", "xml", "pdf_sha256", "issued_at", "issued_by", "problems",
              "mailed_to", "mail_outbox_id", "kind", "due_date", "period_start", "period_end", "seller", "buyer",
              "preceding_number", "preceding_date", "contract_reference", "payment_terms", "late_penalty_rate_bp",
              "recovery_indemnity_cents", "early_payment_discount", "prepaid_cents", "prepaid_note", "lines_cents",
              "vat_cents", "ttc_cents", "due_cents")}))


# --- snapshots as JSON ---------------------------------------------------------------------------------

def _dump(party: Seller | Buyer) -> str:
    return json.dumps(asdict(party), ensure_ascii=False, sort_keys=True)


def _load(kind: type, text: str):
    values = json.loads(text)
    values["address"] = PostalAddress(**values.get("address", {}))
    known = set(kind.__dataclass_fields__)  # a key a later version drops is ignored, not fatal
    return kind(**{key: value for key, value in values.items() if key in known})


def _rate_bp(rate: Decimal) -> int:
    return int((rate * BP).to_integral_value())


def _header_values(invoice: Invoice) -> dict:
    totals = invoice.totals
    return {"kind": invoice.kind.value, "due_date": invoice.due_date, "period_start": invoice.period_start,
            "period_end": invoice.period_end, "seller": _dump(invoice.seller), "buyer": _dump(invoice.buyer),
            "preceding_number": invoice.preceding_number, "preceding_date": invoice.preceding_date,
            "contract_reference": invoice.contract_reference, "payment_terms": invoice.payment_terms,
            "late_penalty_rate_bp": _rate_bp(invoice.late_penalty_rate),
            "recovery_indemnity_cents": invoice.recovery_indemnity_cents,
            "early_payment_discount": invoice.early_payment_discount, "prepaid_cents": invoice.prepaid_cents,
            "prepaid_note": invoice.prepaid_note,
            "lines_cents": totals.lines_cents, "vat_cents": totals.vat_cents, "ttc_cents": totals.ttc_cents,
            "due_cents": totals.due_cents}


def _line(row: InvoiceLineRow) -> InvoiceLine:
    return InvoiceLine(label=row.label, quantity=Decimal(row.quantity_e4) / E4,
                       unit_price_cents=row.unit_price_cents, vat_rate=Decimal(row.vat_rate_bp) / BP,
                       unit=Unit(row.unit), kind=LineKind(row.kind))


def _problems_json(problems: tuple[ConformityProblem, ...]) -> str:
    return json.dumps([{"check": p.check, "rule": p.rule, "message": p.message, "location": p.location}
                       for p in problems], ensure_ascii=False) if problems else ""


def _problems(text: str | None) -> tuple[ConformityProblem, ...]:
    return tuple(ConformityProblem(**values) for values in json.loads(text)) if text else ()


def _stored(row, lines: tuple[InvoiceLine, ...]) -> StoredInvoice:
    document = Invoice(
        kind=InvoiceKind(row.kind), number=row.number or "", issue_date=row.issue_date or row.created_on,
        seller=_load(Seller, row.seller), buyer=_load(Buyer, row.buyer), lines=lines, due_date=row.due_date,
        period_start=row.period_start, period_end=row.period_end, preceding_number=row.preceding_number,
        preceding_date=row.preceding_date, contract_reference=row.contract_reference,
        payment_terms=row.payment_terms, late_penalty_rate=Decimal(row.late_penalty_rate_bp) / BP,
        recovery_indemnity_cents=row.recovery_indemnity_cents, early_payment_discount=row.early_payment_discount,
        prepaid_cents=row.prepaid_cents, prepaid_note=row.prepaid_note or "")
    return StoredInvoice(
        id=row.id, status=InvoiceStatus(row.status), client_id=row.client_id, document=document,
        created_on=row.created_on, engagement_id=row.engagement_id, mission_id=row.mission_id,
        credited_invoice_id=row.credited_invoice_id, created_by=row.created_by, issued_at=row.issued_at,
        issued_by=row.issued_by, mailed_to=row.mailed_to, mail_outbox_id=row.mail_outbox_id,
        pdf_sha256=row.pdf_sha256, billing_period=row.billing_period or "", problems=_problems(row.problems))


class InvoiceRepository(FirmScoped):
    """Invoices and credit notes of one firm."""

    # --- reads ------------------------------------------------------------------------------------

    def _lines_of(self, invoice_ids: list[int]) -> dict[int, tuple[InvoiceLine, ...]]:
        by_invoice: dict[int, list[InvoiceLine]] = defaultdict(list)
        for start in range(0, len(invoice_ids), 900):
            statement = (self._select(InvoiceLineRow)
                         .where(InvoiceLineRow.invoice_id.in_(invoice_ids[start:start + 900]))
                         .order_by(InvoiceLineRow.invoice_id, InvoiceLineRow.position))
            for row in self.session.scalars(statement):
                by_invoice[row.invoice_id].append(_line(row))
        return {invoice_id: tuple(lines) for invoice_id, lines in by_invoice.items()}

    def get(self, invoice_id: int) -> StoredInvoice | None:
        row = self.session.execute(self._select(InvoiceRow, *_HEADER).where(InvoiceRow.id == invoice_id)).first()
        return _stored(row, self._lines_of([row.id]).get(row.id, ())) if row else None

    def many(self, invoice_ids: Iterable[int]) -> dict[int, StoredInvoice]:
        """id → invoice with its lines, unknown ids left out: two queries per 900 ids (a billing run's batch)."""
        ordered = sorted(set(invoice_ids))
        rows = []
        for start in range(0, len(ordered), 900):
            rows += self.session.execute(self._select(InvoiceRow, *_HEADER)
                                         .where(InvoiceRow.id.in_(ordered[start:start + 900]))).all()
        lines = self._lines_of([row.id for row in rows])
        return {row.id: _stored(row, lines.get(row.id, ())) for row in rows}

    def list(self, criteria: InvoiceFilter) -> list[InvoiceSummary]:
        """Newest first: issued by number within a day, drafts (no number) by creation."""
        day = func.coalesce(InvoiceRow.issue_date, InvoiceRow.created_on)
        statement = self._select(InvoiceRow, *_SUMMARY).order_by(day.desc(), InvoiceRow.id.desc())
        if criteria.status is not None:
            statement = statement.where(InvoiceRow.status == criteria.status.value)
        if criteria.kind is not None:
            statement = statement.where(InvoiceRow.kind == criteria.kind.value)
        if criteria.client_id is not None:
            statement = statement.where(InvoiceRow.client_id == criteria.client_id)
        if criteria.credited_invoice_id is not None:
            statement = statement.where(InvoiceRow.credited_invoice_id == criteria.credited_invoice_id)
        if criteria.billing_period is not None:
            statement = statement.where(InvoiceRow.billing_period == criteria.billing_period)
        if criteria.period_from is not None:
            statement = statement.where(day >= criteria.period_from)
        if criteria.period_to is not None:
            statement = statement.where(day <= criteria.period_to)
        return [InvoiceSummary(
            id=r.id, kind=InvoiceKind(r.kind), status=InvoiceStatus(r.status), number=r.number or "",
            client_id=r.client_id, buyer_name=json.loads(r.buyer).get("name", ""), created_on=r.created_on,
            issue_date=r.issue_date, due_date=r.due_date, ht_cents=r.lines_cents, vat_cents=r.vat_cents,
            ttc_cents=r.ttc_cents, credited_invoice_id=r.credited_invoice_id, mailed_to=r.mailed_to)
            for r in self.session.execute(statement)]

    def problems_of(self, invoice_ids: list[int]) -> dict[int, tuple[ConformityProblem, ...]]:
        """Why these drafts were refused at their last issue attempt (only those with problems)."""
        found = {}
        for start in range(0, len(invoice_ids), 900):
            statement = self._select(InvoiceRow, InvoiceRow.id, InvoiceRow.problems).where(
                InvoiceRow.id.in_(invoice_ids[start:start + 900]), InvoiceRow.problems != "")
            found.update({invoice_id: _problems(text) for invoice_id, text in self.session.execute(statement)})
        return found

    def pdf(self, invoice_id: int) -> bytes | None:
        """The Factur-X PDF exactly as issued (None for a draft)."""
        return self.session.scalar(self._select(InvoiceRow, InvoiceRow.pdf).where(InvoiceRow.id == invoice_id))

    def xml(self, invoice_id: int) -> bytes | None:
        return self.session.scalar(self._select(InvoiceRow, InvoiceRow.xml).where(InvoiceRow.id == invoice_id))

    def _status(self, invoice_id: int) -> InvoiceStatus:
        status = self.session.scalar(self._select(InvoiceRow, InvoiceRow.status).where(InvoiceRow.id == invoice_id))
        if status is None:
            raise NotFound("Facture introuvable dans ce cabinet.")
        return InvoiceStatus(status)

    def _refuse_unless_changed(self, changed: int, invoice_id: int) -> None:
        if changed != 1:
            self._status(invoice_id)  # NotFound when it does not exist
            raise InvalidInput(ISSUED_IS_FROZEN)

    # --- drafts -----------------------------------------------------------------------------------

    def add_draft(self, invoice: StoredInvoice, at: datetime) -> StoredInvoice:
        return self.add_drafts([invoice], at)[0]

    def add_drafts(self, invoices: Sequence[StoredInvoice], at: datetime) -> list[StoredInvoice]:
        """New drafts with their lines, in three statements whatever their number (a billing run's drafts); each
        read back as stored, in their order."""
        if not invoices:
            return []
        ids = self.session.execute(_ADD_DRAFT, [{
            "firm_id": self.firm_id, "status": InvoiceStatus.DRAFT.value, "number": None,
            "client_id": invoice.client_id, "engagement_id": invoice.engagement_id, "mission_id": invoice.mission_id,
            "credited_invoice_id": invoice.credited_invoice_id, "created_on": invoice.created_on, "created_at": at,
            "created_by": invoice.created_by, "issue_date": None, "pdf": None, "xml": None, "pdf_sha256": "",
            "mailed_to": "", "billing_period": invoice.billing_period or None, "problems": "",
            **_header_values(invoice.document)} for invoice in invoices]).scalars().all()
        self._insert_lines([(invoice_id, invoice.document.lines) for invoice_id, invoice in zip(ids, invoices,
                                                                                              strict=True)])
        stored = self.many(ids)
        return [stored[invoice_id] for invoice_id in ids]

    def _insert_lines(self, lines_of: Sequence[tuple[int, tuple[InvoiceLine, ...]]]) -> None:
        rows = [{"firm_id": self.firm_id, "invoice_id": invoice_id, "position": position, "kind": line.kind.value,
                 "label": line.label, "quantity_e4": int((line.quantity * E4).to_integral_value()),
                 "unit": line.unit.value, "unit_price_cents": line.unit_price_cents,
                 "vat_rate_bp": _rate_bp(line.effective_rate), "amount_cents": line.amount_cents}
                for invoice_id, lines in lines_of for position, line in enumerate(lines)]
        if rows:
            self.session.execute(_ADD_LINES, rows)

    def update_draft(self, invoice: StoredInvoice) -> None:
        """The draft's terms, snapshots and lines; refused (InvalidInput) once the invoice is issued."""
        changed = self._update(InvoiceRow, InvoiceRow.id == invoice.id,
                               InvoiceRow.status == InvoiceStatus.DRAFT.value, client_id=invoice.client_id,
                               engagement_id=invoice.engagement_id, mission_id=invoice.mission_id,
                               **_header_values(invoice.document))
        self._refuse_unless_changed(changed, invoice.id)
        self._delete(InvoiceLineRow, InvoiceLineRow.invoice_id == invoice.id)
        self._insert_lines([(invoice.id, invoice.document.lines)])

    def delete_draft(self, invoice_id: int) -> None:
        """Refused (InvalidInput) once the invoice is issued: an issued invoice is never deleted. What the draft
        billed (instalments, time, units, deposits deducted) is released: the next billing run proposes it again."""
        if self._status(invoice_id) is not InvoiceStatus.DRAFT:
            raise InvalidInput(ISSUED_IS_FROZEN)
        self._release(invoice_id)
        self._delete(InvoiceLineRow, InvoiceLineRow.invoice_id == invoice_id)
        changed = self._delete(InvoiceRow, InvoiceRow.id == invoice_id, InvoiceRow.status == InvoiceStatus.DRAFT.value)
        self._refuse_unless_changed(changed, invoice_id)

    def _release(self, invoice_id: int) -> None:
        for model in (FeeScheduleRow, TimeEntryRow):
            self.session.execute(update(model).where(model.firm_id == self.firm_id, model.invoice_id == invoice_id)
                                 .values(invoice_id=None))
        self._delete(BilledUnitsRow, BilledUnitsRow.invoice_id == invoice_id)
        self._delete(TimeBillingRow, TimeBillingRow.invoice_id == invoice_id)
        self._update(InvoiceRow, InvoiceRow.deducted_by_id == invoice_id, deducted_by_id=None)  # its deposits

    def set_problems(self, invoice_id: int, problems: tuple[ConformityProblem, ...]) -> None:
        """What refused the draft at its last issue attempt (() clears it); a draft only."""
        changed = self._update(InvoiceRow, InvoiceRow.id == invoice_id, InvoiceRow.status == InvoiceStatus.DRAFT.value,
                               problems=_problems_json(problems))
        self._refuse_unless_changed(changed, invoice_id)

    # --- issue and after ---------------------------------------------------------------------------

    def issue(self, invoice_id: int, document: Invoice, *, pdf: bytes, xml: bytes, sha256: str, at: datetime,
              by: int | None) -> None:
        """The draft becomes the issued `document` (its number, dates and snapshots; the lines are the draft's)
        with the exact bytes sent. Refused when the row is no longer a draft."""
        self.issue_many([Issuance(invoice_id, document, pdf=pdf, xml=xml, sha256=sha256)], at=at, by=by)

    def issue_many(self, issuances: Sequence[Issuance], *, at: datetime, by: int | None) -> None:
        """`issue` of several drafts in one statement sent many times (a billing run's batch), the mail each
        carries recorded with it. Refused, for all, when one row is no longer a draft: the caller rolls back."""
        if not issuances:
            return
        changed = self.session.execute(_ISSUE, [{
            "firm": self.firm_id, "key": i.invoice_id, "draft": InvoiceStatus.DRAFT.value,
            "status": InvoiceStatus.ISSUED.value, "number": i.document.number, "issue_date": i.document.issue_date,
            "pdf": i.pdf, "xml": i.xml, "pdf_sha256": i.sha256, "issued_at": at, "issued_by": by, "problems": "",
            "mailed_to": i.mailed_to, "mail_outbox_id": i.mail_outbox_id, **_header_values(i.document)}
            for i in issuances]).rowcount
        if changed != len(issuances):
            for issuance in issuances:
                if self._status(issuance.invoice_id) is not InvoiceStatus.DRAFT:  # NotFound when it is not there
                    break
            raise InvalidInput(ISSUED_IS_FROZEN)

    def record_mail(self, invoice_id: int, recipient: str, outbox_id: int) -> None:
        """The one change an issued invoice accepts, once: the mail that carries it was queued."""
        changed = self._update(InvoiceRow, InvoiceRow.id == invoice_id, InvoiceRow.status == InvoiceStatus.ISSUED.value,
                               InvoiceRow.mail_outbox_id.is_(None), mailed_to=recipient, mail_outbox_id=outbox_id)
        if changed != 1:
            raise InvalidInput("Le courriel de cette facture est déjà enregistré, ou elle n'est pas émise.")
