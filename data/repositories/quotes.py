"""Quotes, lines, hours per grade, frozen PDFs."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time

from sqlalchemy import func, or_, select

from data.models.clients import ClientRow
from data.models.crm_pipeline import ProspectRow
from data.models.crm_quotes import QuoteLineHoursRow, QuoteLineRow, QuoteRow
from data.repositories.base import FirmScoped
from domain.catalogue.model import BillingMode
from domain.quotes.model import GradeHours, LineKind, Quote, QuoteLine, QuoteStatus

# Every column of the quote but the PDF bytes, which are read only on demand.
_HEADER = tuple(c for c in QuoteRow.__table__.columns if c.key != "pdf")


def _quote(row, lines: tuple[QuoteLine, ...], has_pdf: bool) -> Quote:
    return Quote(
        id=row.id, number=row.number, status=QuoteStatus(row.status), created_on=row.created_on,
        valid_until=row.valid_until, version=row.version, previous_id=row.previous_id, client_id=row.client_id,
        prospect_id=row.prospect_id, title=row.title, sent_on=row.sent_on, decided_on=row.decided_on,
        refusal_reason=row.refusal_reason, fiscal_year_start=row.fiscal_year_start, monthly=row.monthly,
        discount_cents=row.discount_cents, vat_rate_bp=row.vat_rate_bp, introduction=row.introduction,
        conditions=row.conditions, lines=lines, created_by=row.created_by, has_pdf=has_pdf)


def _header_values(quote: Quote) -> dict:
    return {"client_id": quote.client_id, "prospect_id": quote.prospect_id, "title": quote.title,
            "created_on": quote.created_on, "valid_until": quote.valid_until,
            "fiscal_year_start": quote.fiscal_year_start, "monthly": quote.monthly,
            "discount_cents": quote.discount_cents, "vat_rate_bp": quote.vat_rate_bp,
            "introduction": quote.introduction, "conditions": quote.conditions}


class QuoteRepository(FirmScoped):
    """Quotes, lines, hours per grade, frozen PDFs."""

    # --- reads ------------------------------------------------------------------------------------

    def _load(self, statement) -> list[Quote]:
        rows = self.session.execute(statement).all()
        lines = self._lines_of([r.id for r in rows])
        return [_quote(r, lines.get(r.id, ()), r.has_pdf) for r in rows]

    def _quotes(self):
        return self._select(QuoteRow, *_HEADER, QuoteRow.pdf.is_not(None).label("has_pdf"))

    def _lines_of(self, quote_ids: list[int]) -> dict[int, tuple[QuoteLine, ...]]:
        if not quote_ids:
            return {}
        by_quote: dict[int, list[QuoteLineRow]] = defaultdict(list)
        line_rows = []
        for start in range(0, len(quote_ids), 900):
            chunk = quote_ids[start:start + 900]
            line_rows += self.session.scalars(self._select(QuoteLineRow).where(QuoteLineRow.quote_id.in_(chunk))
                                              .order_by(QuoteLineRow.position, QuoteLineRow.id)).all()
        hours: dict[int, list[GradeHours]] = defaultdict(list)
        line_ids = [r.id for r in line_rows]
        for start in range(0, len(line_ids), 900):
            statement = (self._select(QuoteLineHoursRow)
                         .where(QuoteLineHoursRow.line_id.in_(line_ids[start:start + 900]))
                         .order_by(QuoteLineHoursRow.id))
            for h in self.session.scalars(statement):
                hours[h.line_id].append(GradeHours(h.grade_id, h.minutes, h.rate_cents))
        for r in line_rows:
            by_quote[r.quote_id].append(r)
        return {quote_id: tuple(QuoteLine(
            id=r.id, label=r.label, billing_mode=BillingMode(r.billing_mode), kind=LineKind(r.kind),
            mission_type_id=r.mission_type_id, hours=tuple(hours.get(r.id, ())), fee_cents=r.fee_cents,
            quantity=r.quantity, unit_price_cents=r.unit_price_cents, position=r.position) for r in rows)
            for quote_id, rows in by_quote.items()}

    def get(self, quote_id: int) -> Quote | None:
        found = self._load(self._quotes().where(QuoteRow.id == quote_id))
        return found[0] if found else None

    def list(self, status: QuoteStatus | None = None, text: str = "") -> list[Quote]:
        """Newest first; `text` is looked for in the number, the title and the client's or prospect's name."""
        statement = self._quotes().order_by(QuoteRow.created_on.desc(), QuoteRow.number.desc(),
                                            QuoteRow.version.desc())
        if status is not None:
            statement = statement.where(QuoteRow.status == status.value)
        if needle := " ".join((text or "").split()).lower():
            clients = (select(ClientRow.id).where(ClientRow.firm_id == self.firm_id,
                                                  func.lower(ClientRow.name).contains(needle, autoescape=True)))
            prospects = (select(ProspectRow.id).where(ProspectRow.firm_id == self.firm_id,
                                                      func.lower(ProspectRow.name).contains(needle, autoescape=True)))
            statement = statement.where(or_(func.lower(QuoteRow.number).contains(needle, autoescape=True),
                                            func.lower(QuoteRow.title).contains(needle, autoescape=True),
                                            QuoteRow.client_id.in_(clients), QuoteRow.prospect_id.in_(prospects)))
        return self._load(statement)

    def for_client(self, client_id: int) -> list[Quote]:
        return self._load(self._quotes().where(QuoteRow.client_id == client_id)
                          .order_by(QuoteRow.created_on.desc(), QuoteRow.number.desc(), QuoteRow.version.desc()))

    def for_prospect(self, prospect_id: int) -> list[Quote]:
        return self._load(self._quotes().where(QuoteRow.prospect_id == prospect_id)
                          .order_by(QuoteRow.created_on.desc(), QuoteRow.number.desc(), QuoteRow.version.desc()))

    def versions(self, number: str) -> list[Quote]:
        return self._load(self._quotes().where(QuoteRow.number == number).order_by(QuoteRow.version))

    def pdf(self, quote_id: int) -> bytes | None:
        return self.session.scalar(self._select(QuoteRow, QuoteRow.pdf).where(QuoteRow.id == quote_id))

    def pdf_sha256(self, quote_id: int) -> str:
        return self.session.scalar(self._select(QuoteRow, QuoteRow.pdf_sha256).where(QuoteRow.id == quote_id)) or ""

    # --- writes -----------------------------------------------------------------------------------

    def add(self, quote: Quote, at: datetime | None = None) -> Quote:
        created_at = at or datetime.combine(quote.created_on, time(12), tzinfo=UTC)
        row = self._add(QuoteRow, number=quote.number, version=quote.version, previous_id=quote.previous_id,
                        status=quote.status.value, sent_on=quote.sent_on, decided_on=quote.decided_on,
                        refusal_reason=quote.refusal_reason, created_by=quote.created_by, created_at=created_at,
                        pdf=None, pdf_sha256="", **_header_values(quote))
        self._insert_lines(row.id, quote.lines)
        stored = self.get(row.id)
        assert stored is not None
        return stored

    def _insert_lines(self, quote_id: int, lines) -> None:
        for position, line in enumerate(lines):
            line_row = self._add(QuoteLineRow, quote_id=quote_id, position=position, kind=line.kind.value,
                                 mission_type_id=line.mission_type_id, label=line.label,
                                 billing_mode=line.billing_mode.value, computed_cents=line.computed_cents,
                                 fee_cents=line.fee_cents, quantity=line.quantity,
                                 unit_price_cents=line.unit_price_cents)
            for h in line.hours:
                self._add(QuoteLineHoursRow, line_id=line_row.id, grade_id=h.grade_id, minutes=h.minutes,
                          rate_cents=h.rate_cents)

    def replace_lines(self, quote_id: int, lines) -> None:
        line_ids = select(QuoteLineRow.id).where(QuoteLineRow.firm_id == self.firm_id,
                                                 QuoteLineRow.quote_id == quote_id)
        self._delete(QuoteLineHoursRow, QuoteLineHoursRow.line_id.in_(line_ids))
        self._delete(QuoteLineRow, QuoteLineRow.quote_id == quote_id)
        self._insert_lines(quote_id, lines)

    def update_header(self, quote: Quote) -> None:
        self._update(QuoteRow, QuoteRow.id == quote.id, **_header_values(quote))

    def set_status(self, quote_id: int, status: QuoteStatus, *, sent_on: date | None = None,
                   decided_on: date | None = None, refusal_reason: str | None = None) -> None:
        values: dict = {"status": status.value}
        if sent_on is not None:
            values["sent_on"] = sent_on
        if decided_on is not None:
            values["decided_on"] = decided_on
        if refusal_reason is not None:
            values["refusal_reason"] = refusal_reason
        self._update(QuoteRow, QuoteRow.id == quote_id, **values)

    def freeze_pdf(self, quote_id: int, pdf: bytes, sha256: str) -> None:
        self._update(QuoteRow, QuoteRow.id == quote_id, pdf=pdf, pdf_sha256=sha256)

    def link_client(self, quote_id: int, client_id: int) -> None:
        """The client a converted prospect became, on every version of the quote (the prospect is kept)."""
        number = self.session.scalar(self._select(QuoteRow, QuoteRow.number).where(QuoteRow.id == quote_id))
        if number is not None:
            self._update(QuoteRow, QuoteRow.number == number, client_id=client_id)
