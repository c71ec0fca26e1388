"""Letter and amendment templates; engagement letters with their frozen PDF and signature state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

from sqlalchemy import func

from data.models.crm_letters import EngagementLetterRow, LetterTemplateRow
from data.repositories.base import FirmScoped
from domain.letters.model import EngagementLetter, LetterKind, LetterStatus, LetterTemplate, SignatureProvider


def _template(row: LetterTemplateRow) -> LetterTemplate:
    return LetterTemplate(id=row.id, name=row.name, kind=LetterKind(row.kind), body=row.body,
                          is_default=row.is_default, updated_at=row.updated_at)


class LetterTemplateRepository(FirmScoped):
    """Letter and amendment templates (Jinja2 source typed by the firm's administrator)."""

    def list(self, kind: LetterKind | None = None) -> list[LetterTemplate]:
        statement = self._select(LetterTemplateRow).order_by(LetterTemplateRow.kind.desc(),
                                                            func.lower(LetterTemplateRow.name), LetterTemplateRow.id)
        if kind is not None:
            statement = statement.where(LetterTemplateRow.kind == kind.value)
        return [_template(r) for r in self.session.scalars(statement)]

    def get(self, template_id: int) -> LetterTemplate | None:
        row = self.session.scalar(self._select(LetterTemplateRow).where(LetterTemplateRow.id == template_id))
        return _template(row) if row else None

    def find_by_name(self, name: str) -> LetterTemplate | None:
        row = self.session.scalar(self._select(LetterTemplateRow).where(LetterTemplateRow.name == name))
        return _template(row) if row else None

    def get_default(self, kind: LetterKind) -> LetterTemplate | None:
        """The kind's default template; failing that, its oldest template."""
        statement = (self._select(LetterTemplateRow).where(LetterTemplateRow.kind == kind.value)
                     .order_by(LetterTemplateRow.is_default.desc(), LetterTemplateRow.id).limit(1))
        row = self.session.scalar(statement)
        return _template(row) if row else None

    def add(self, template: LetterTemplate, *, at: datetime, by: int | None = None) -> LetterTemplate:
        row = self._add(LetterTemplateRow, name=template.name, kind=template.kind.value, body=template.body,
                        is_default=template.is_default, updated_at=at, updated_by=by)
        if template.is_default:
            self.set_default(row.id)
        return _template(row)

    def update(self, template_id: int, *, body: str, name: str, at: datetime, by: int | None = None) -> None:
        self._update(LetterTemplateRow, LetterTemplateRow.id == template_id, body=body, name=name, updated_at=at,
                     updated_by=by)

    def set_default(self, template_id: int) -> None:
        """Make this template its kind's default (the others of the kind lose the mark)."""
        template = self.get(template_id)
        if template is None:
            return
        self._update(LetterTemplateRow, LetterTemplateRow.kind == template.kind.value,
                     LetterTemplateRow.id != template_id, is_default=False)
        self._update(LetterTemplateRow, LetterTemplateRow.id == template_id, is_default=True)


# Every column but the large ones (HTML, PDFs, proof file): lists never load them.
_L = EngagementLetterRow
_HEADER = (_L.id, _L.number, _L.version, _L.previous_id, _L.kind, _L.amends_id, _L.client_id, _L.quote_id,
           _L.template_id, _L.status, _L.title, _L.fiscal_year_start, _L.fiscal_year_end, _L.created_on, _L.sent_on,
           _L.expires_on, _L.decided_on, _L.refusal_reason, _L.signatory_name, _L.signatory_email,
           _L.signatory_phone, _L.signature_provider, _L.signature_request_id, _L.signer_id, _L.signature_status,
           _L.signature_checked_at, _L.pdf_sha256, _L.signed_pdf_sha256, _L.created_by,
           _L.audit_trail.is_not(None).label("has_audit_trail"))


def _letter(row) -> EngagementLetter:
    return EngagementLetter(
        id=row.id, number=row.number, status=LetterStatus(row.status), client_id=row.client_id,
        fiscal_year_start=row.fiscal_year_start, fiscal_year_end=row.fiscal_year_end, created_on=row.created_on,
        version=row.version, previous_id=row.previous_id, kind=LetterKind(row.kind), amends_id=row.amends_id,
        quote_id=row.quote_id, template_id=row.template_id, title=row.title, sent_on=row.sent_on,
        expires_on=row.expires_on, decided_on=row.decided_on, refusal_reason=row.refusal_reason,
        signatory_name=row.signatory_name, signatory_email=row.signatory_email, signatory_phone=row.signatory_phone,
        signature_provider=SignatureProvider(row.signature_provider) if row.signature_provider else None,
        signature_request_id=row.signature_request_id, signer_id=row.signer_id,
        signature_status=row.signature_status, signature_checked_at=row.signature_checked_at,
        pdf_sha256=row.pdf_sha256, signed_pdf_sha256=row.signed_pdf_sha256,
        has_audit_trail=bool(row.has_audit_trail), created_by=row.created_by)


_CLOSING = {LetterStatus.SIGNED, LetterStatus.REFUSED, LetterStatus.EXPIRED}


class LetterRepository(FirmScoped):
    """Engagement letters and amendments, their rendered HTML, frozen PDF and signature state."""

    def _letters(self, *conditions) -> list[EngagementLetter]:
        statement = (self._select(_L, *_HEADER).where(*conditions)
                     .order_by(_L.created_on.desc(), _L.number.desc(), _L.version.desc()))
        return [_letter(r) for r in self.session.execute(statement)]

    def _column(self, letter_id: int, column):
        return self.session.scalar(self._select(_L, column).where(_L.id == letter_id))

    def get(self, letter_id: int) -> EngagementLetter | None:
        found = self._letters(_L.id == letter_id)
        return found[0] if found else None

    def many(self, letter_ids: Iterable[int]) -> dict[int, EngagementLetter]:
        """id → letter, unknown ids left out: one query per 900 ids."""
        ordered, found = sorted(set(letter_ids)), {}
        for start in range(0, len(ordered), 900):
            found.update((letter.id, letter) for letter in self._letters(_L.id.in_(ordered[start:start + 900])))
        return found

    def list(self, status: LetterStatus | None = None) -> list[EngagementLetter]:
        """Every letter and amendment, newest first (every version)."""
        return self._letters(*([_L.status == status.value] if status else []))

    def for_client(self, client_id: int) -> list[EngagementLetter]:
        return self._letters(_L.client_id == client_id)

    def for_quote(self, quote_id: int) -> list[EngagementLetter]:
        return self._letters(_L.quote_id == quote_id)

    def versions(self, number: str) -> list[EngagementLetter]:
        """Every version of a number, oldest first."""
        return sorted(self._letters(_L.number == number), key=lambda letter: letter.version)

    def amendments_of(self, letter_id: int) -> list[EngagementLetter]:
        return self._letters(_L.amends_id == letter_id)

    def add(self, letter: EngagementLetter, body_html: str, at: datetime | None = None) -> EngagementLetter:
        row = self._add(
            _L, number=letter.number, version=letter.version, previous_id=letter.previous_id,
            kind=letter.kind.value, amends_id=letter.amends_id, client_id=letter.client_id, quote_id=letter.quote_id,
            template_id=letter.template_id, status=letter.status.value, title=letter.title,
            fiscal_year_start=letter.fiscal_year_start, fiscal_year_end=letter.fiscal_year_end,
            created_on=letter.created_on, sent_on=letter.sent_on, expires_on=letter.expires_on,
            decided_on=letter.decided_on, refusal_reason=letter.refusal_reason,
            signatory_name=letter.signatory_name, signatory_email=letter.signatory_email,
            signatory_phone=letter.signatory_phone, body_html=body_html, created_by=letter.created_by,
            created_at=at or datetime.combine(letter.created_on, time(), UTC))
        return self.get(row.id)

    def update_draft(self, letter: EngagementLetter, body_html: str) -> None:
        """The editable fields of a draft, and its re-rendered HTML."""
        self._update(_L, _L.id == letter.id, title=letter.title, fiscal_year_start=letter.fiscal_year_start,
                     fiscal_year_end=letter.fiscal_year_end, template_id=letter.template_id,
                     signatory_name=letter.signatory_name, signatory_email=letter.signatory_email,
                     signatory_phone=letter.signatory_phone, body_html=body_html)

    def set_status(self, letter_id: int, status: LetterStatus, on: date, reason: str = "") -> None:
        """A new status; signed, refused and expired also record the day of the decision."""
        values: dict = {"status": status.value}
        if status in _CLOSING:
            values["decided_on"] = on
        if status is LetterStatus.REFUSED:
            values["refusal_reason"] = reason
        self._update(_L, _L.id == letter_id, **values)

    def freeze(self, letter_id: int, body_html: str, pdf: bytes, sha256: str, sent_on: date,
               expires_on: date | None) -> None:
        """Keep the exact HTML and PDF put up for signature; the letter becomes À signer."""
        self._update(_L, _L.id == letter_id, body_html=body_html, pdf=pdf, pdf_sha256=sha256, sent_on=sent_on,
                     expires_on=expires_on, status=LetterStatus.TO_SIGN.value)

    def body_html(self, letter_id: int) -> str:
        return self._column(letter_id, _L.body_html) or ""

    def pdf(self, letter_id: int) -> bytes | None:
        return self._column(letter_id, _L.pdf)

    def store_signed(self, letter_id: int, signed_pdf: bytes, sha256: str, audit_trail: bytes | None,
                     provider: SignatureProvider, decided_on: date) -> None:
        """The signed document (and the provider's proof file); the letter becomes Signée."""
        self._update(_L, _L.id == letter_id, signed_pdf=signed_pdf, signed_pdf_sha256=sha256,
                     audit_trail=audit_trail, signature_provider=provider.value, decided_on=decided_on,
                     status=LetterStatus.SIGNED.value)

    def signed_pdf(self, letter_id: int) -> bytes | None:
        return self._column(letter_id, _L.signed_pdf)

    def audit_trail(self, letter_id: int) -> bytes | None:
        return self._column(letter_id, _L.audit_trail)

    def set_signature_request(self, letter_id: int, provider: SignatureProvider, request_id: str, signer_id: str,
                              status: str, at: datetime) -> None:
        self._update(_L, _L.id == letter_id, signature_provider=provider.value, signature_request_id=request_id,
                     signer_id=signer_id, signature_status=status, signature_checked_at=at)

    def set_signature_status(self, letter_id: int, status: str, at: datetime) -> None:
        self._update(_L, _L.id == letter_id, signature_status=status, signature_checked_at=at)

    def awaiting_signature(self, provider: SignatureProvider) -> list[EngagementLetter]:
        """Letters À signer with a request open at the provider, oldest first."""
        found = self._letters(_L.status == LetterStatus.TO_SIGN.value, _L.signature_provider == provider.value,
                              _L.signature_request_id != "")
        return sorted(found, key=lambda letter: (letter.sent_on or letter.created_on, letter.id))

    def overdue(self, today: date) -> list[EngagementLetter]:
        """Letters À signer whose expiry date has passed."""
        return self._letters(_L.status == LetterStatus.TO_SIGN.value, _L.expires_on.is_not(None),
                             _L.expires_on < today)
