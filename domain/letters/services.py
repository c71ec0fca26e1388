"""Commands on engagement letters: generate from an accepted quote, edit a draft, put up for signature
(HTML and PDF frozen), record the signature (uploaded scan or Yousign) which activates the engagement,
refusal, expiry, new versions and amendments (avenants). Every command is audited.

The `*_in_transaction` functions run inside a unit of work the caller has already opened and do not
commit (quotes call `create_from_quote_in_transaction` when a quote is accepted; the Yousign integration
calls `put_up_for_signature_in_transaction` and `record_signature_in_transaction`).

Activation of the engagement when a letter is signed: domain/letters/activation.py.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clients.validation import EMAIL_PATTERN
from domain.clients.model import ClientKind
from domain.clock import Clock
from domain.compliance.services import check_gate as check_compliance_gate
from domain.engagements.model import Engagement
from domain.engagements.schedule import current_fiscal_year, fiscal_year_from_start
from domain.errors import InvalidInput, NotFound, Problems
from domain.firm.guards import actor_id, require_staff
from domain.firm.model import DocType
from domain.letters import document, rules
from domain.letters.activation import engagement_of_signed, existing_engagement
from domain.letters.defaults import default_body, install_default_templates
from domain.letters.model import EngagementLetter, LetterKind, LetterStatus, LetterTemplate, SignatureProvider
from domain.letters.variables import LetterData, build_context, signatory_of
from domain.ports import DocumentRenderer, FirmUnitOfWork
from domain.quotes.model import Quote, QuoteStatus
from domain.text import single_line
from domain.templating import render_source


def get_letter(uow: FirmUnitOfWork, letter_id: int) -> EngagementLetter:
    letter = uow.letters.get(letter_id)
    if letter is None:
        raise NotFound("Lettre de mission introuvable dans ce cabinet.")
    return letter


def _summary(letter: EngagementLetter) -> dict:
    return {"référence": letter.reference, "client_id": str(letter.client_id), "type": letter.kind.label}


# --- rendering --------------------------------------------------------------------------------------------

def template_for(uow: FirmUnitOfWork, clock: Clock, kind: LetterKind, template_id: int | None = None) -> LetterTemplate:
    """The chosen template (if it is of the right kind), else the kind's default; a firm created before the
    templates existed gets the default ones installed (callers are in a write transaction or roll back)."""
    if template_id is not None:
        template = uow.letter_templates.get(template_id)
        if template is not None and template.kind is kind:
            return template
    template = uow.letter_templates.get_default(kind)
    if template is None:
        install_default_templates(uow, clock.now())
        template = uow.letter_templates.get_default(kind)
    if template is None:  # pragma: no cover - the install above always adds one
        return LetterTemplate(id=0, name="", kind=kind, body=default_body(kind), is_default=True)
    return template


def letter_data(uow: FirmUnitOfWork, letter: EngagementLetter, today: date) -> LetterData:
    client = uow.clients.get(letter.client_id)
    if client is None:
        raise NotFound("Client introuvable dans ce cabinet.")
    quote = uow.quotes.get(letter.quote_id) if letter.quote_id else None
    mission_types = {}
    for line in quote.priced_lines if quote else ():
        if line.mission_type_id and line.mission_type_id not in mission_types:
            mission_type = uow.mission_types.get(line.mission_type_id)
            if mission_type is not None:
                mission_types[line.mission_type_id] = mission_type
    index = [v for v in uow.syntec.list() if v.month <= letter.created_on]
    syntec = max(index, key=lambda v: v.month) if index else None
    amended = uow.letters.get(letter.amends_id) if letter.amends_id else None
    return LetterData(firm=uow.firm.get().identity, client=client, letter=letter, today=today, quote=quote,
                      mission_types=mission_types, grades=tuple(uow.grades.list()), rates=tuple(uow.grades.rates()),
                      syntec=syntec, amended=amended)


def render_body(uow: FirmUnitOfWork, clock: Clock, letter: EngagementLetter) -> str:
    """The letter's text from its template and today's data (French error if the template is broken)."""
    template = template_for(uow, clock, letter.kind, letter.template_id)
    return render_source(template.body, **build_context(letter_data(uow, letter, clock.today())))


def full_html(uow: FirmUnitOfWork, letter: EngagementLetter, body: str, *, draft: bool) -> str:
    firm = uow.firm.get()
    client = uow.clients.get(letter.client_id)
    return document.letter_html(letter, firm.identity, client, body,
                                logo=uow.firm.logo() if firm.has_logo else None, draft=draft)


# --- creation -------------------------------------------------------------------------------------------

def fiscal_year_for(quote: Quote | None, client_fiscal_year_end: tuple[int, int], today: date) -> tuple[date, date]:
    """The quote's fiscal year, else the client's fiscal year in progress."""
    if quote is not None and quote.fiscal_year_start is not None:
        return fiscal_year_from_start(quote.fiscal_year_start)
    return current_fiscal_year(client_fiscal_year_end, today)


def _new_number(uow: FirmUnitOfWork, today: date) -> str:
    number = uow.numbering.allocate(DocType.ENGAGEMENT_LETTER)
    return uow.numbering.get(DocType.ENGAGEMENT_LETTER).format(number, today.year)


def create_from_quote_in_transaction(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock,
                                     quote_id: int) -> EngagementLetter:
    """The draft letter of an accepted quote (the one already generated for it, if any)."""
    quote = uow.quotes.get(quote_id)
    if quote is None:
        raise NotFound("Devis introuvable dans ce cabinet.")
    if quote.client_id is None:
        raise InvalidInput(f"Le devis {quote.reference} n'est rattaché à aucun client : convertissez d'abord le "
                           "prospect en client.")
    existing = [letter for letter in uow.letters.for_quote(quote_id) if letter.kind is LetterKind.LETTER]
    if existing:
        return existing[0]
    client = uow.clients.get(quote.client_id)
    if client is None:
        raise NotFound("Client introuvable dans ce cabinet.")
    today = clock.today()
    start, end = fiscal_year_for(quote, client.fiscal_year_end, today)
    name, email, phone = signatory_for(uow, client.id)
    template = template_for(uow, clock, LetterKind.LETTER)
    draft = EngagementLetter(
        id=0, number=_new_number(uow, today), status=LetterStatus.DRAFT, client_id=client.id,
        fiscal_year_start=start, fiscal_year_end=end, created_on=today, quote_id=quote.id, template_id=template.id,
        title=f"Lettre de mission — exercice clos le {end:%d/%m/%Y}", signatory_name=name, signatory_email=email,
        signatory_phone=phone, created_by=actor_id)
    letter = uow.letters.add(draft, render_body(uow, clock, draft), at=clock.now())
    uow.audit.record(Action.LETTER_CREATE, actor_id, "letter", str(letter.id),
                     dict(_summary(letter), devis=quote.reference), at=clock.now())
    return letter


def create_from_quote(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock,
                      quote_id: int) -> EngagementLetter:
    """Generate the letter of an accepted quote that has none yet."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    with uow:
        quote = uow.quotes.get(quote_id)
        if quote is None:
            raise NotFound("Devis introuvable dans ce cabinet.")
        if quote.status is not QuoteStatus.ACCEPTED:
            raise InvalidInput(f"Le devis {quote.reference} n'est pas accepté : la lettre de mission se génère "
                               "à partir d'un devis accepté.")
        letter = create_from_quote_in_transaction(uow, actor_id(principal), clock, quote_id)
        uow.commit()
        return letter


# --- drafts ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LetterEdit:
    """What the user may change on a draft."""

    title: str
    fiscal_year_start: date
    signatory_name: str
    signatory_email: str
    signatory_phone: str = ""
    template_id: int | None = None


def _clean_edit(edit: LetterEdit) -> LetterEdit:
    problems = Problems()
    title = problems.take(lambda: single_line(edit.title, "Titre", 200, required=True))
    name = problems.take(lambda: single_line(edit.signatory_name, "Nom du signataire", 200))
    email = problems.take(lambda: single_line(edit.signatory_email, "E-mail du signataire", 254))
    phone = problems.take(lambda: single_line(edit.signatory_phone, "Téléphone du signataire", 30))
    if email and not EMAIL_PATTERN.match(str(email)):
        problems.problems.append(f"L'e-mail du signataire « {email} » n'est pas une adresse valide.")
    if not isinstance(edit.fiscal_year_start, date):
        problems.problems.append("Indiquez le premier jour de l'exercice couvert.")
    if problems.problems:
        raise InvalidInput(" ".join(problems.problems))
    return replace(edit, title=str(title), signatory_name=str(name), signatory_email=str(email),
                   signatory_phone=str(phone))


def update_draft(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, letter_id: int,
                 edit: LetterEdit) -> EngagementLetter:
    """Change a draft's title, fiscal year, signatory or template, and render it again."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    edit = _clean_edit(edit)
    with uow:
        letter = get_letter(uow, letter_id)
        rules.check_editable(letter)
        template = template_for(uow, clock, letter.kind, edit.template_id)
        start, end = fiscal_year_from_start(edit.fiscal_year_start)
        updated = replace(letter, title=edit.title, fiscal_year_start=start, fiscal_year_end=end,
                          signatory_name=edit.signatory_name, signatory_email=edit.signatory_email,
                          signatory_phone=edit.signatory_phone, template_id=template.id)
        uow.letters.update_draft(updated, render_body(uow, clock, updated))
        changes = {field: f"{getattr(letter, field)} → {getattr(updated, field)}"
                   for field in ("title", "fiscal_year_start", "signatory_name", "signatory_email",
                                 "signatory_phone", "template_id") if getattr(letter, field) != getattr(updated, field)}
        uow.audit.record(Action.LETTER_UPDATE, actor_id(principal), "letter", str(letter_id),
                         dict(_summary(letter), **changes), at=clock.now())
        uow.commit()
        return uow.letters.get(letter_id)


def signatory_for(uow: FirmUnitOfWork, client_id: int) -> tuple[str, str, str]:
    """(name, e-mail, phone) of who signs for the client: the contact designated as signatory, else an
    individual client signs personally; empty strings when a company has designated nobody."""
    contact = uow.contacts.signatory(client_id)
    client = uow.clients.get(client_id)
    if contact is None and client is not None and client.kind is ClientKind.INDIVIDUAL:
        return client.name, client.email, client.phone
    return signatory_of(contact)


def signatory_from_contacts(uow: FirmUnitOfWork, principal: Principal | None, client_id: int) -> tuple[str, str, str]:
    """(name, e-mail, phone) of who signs for the client (see `signatory_for`), or empty strings."""
    require_staff(uow, principal)
    with uow:
        return signatory_for(uow, client_id)


# --- signature -------------------------------------------------------------------------------------------

def put_up_for_signature_in_transaction(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock,
                                        documents: DocumentRenderer, letter_id: int) -> tuple[EngagementLetter, bytes]:
    """Render the final letter, freeze its HTML and PDF (exact bytes and SHA-256): the letter is À signer
    until its expiry date. Returns the letter and the PDF to have signed."""
    letter = get_letter(uow, letter_id)
    rules.check_can_put_up(letter)
    today = clock.today()
    check_compliance_gate(uow, letter.client_id, today, "l'envoi de la lettre de mission pour signature")
    final = replace(letter, sent_on=today, expires_on=rules.expiry_for(today))
    body = render_body(uow, clock, final)
    pdf = documents.pdf(full_html(uow, final, body, draft=False))
    sha256 = hashlib.sha256(pdf).hexdigest()
    uow.letters.freeze(letter_id, body, pdf, sha256, today, final.expires_on)
    uow.audit.record(Action.LETTER_SEND, actor_id, "letter", str(letter_id),
                     dict(_summary(letter), sha256=sha256, expire_le=f"{final.expires_on:%d/%m/%Y}"), at=clock.now())
    return uow.letters.get(letter_id), pdf


def put_up_for_signature(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, documents: DocumentRenderer,
                         letter_id: int) -> tuple[EngagementLetter, bytes]:
    """"Imprimer / faire signer": the draft becomes À signer; its frozen PDF is returned to download."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    with uow:
        result = put_up_for_signature_in_transaction(uow, actor_id(principal), clock, documents, letter_id)
        uow.commit()
        return result


def record_signature_in_transaction(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock, letter_id: int,
                                    signed_pdf: bytes, audit_trail: bytes | None,
                                    provider: SignatureProvider) -> Engagement:
    """Store the signed document; the letter is Signée and its engagement active (idempotent)."""
    letter = get_letter(uow, letter_id)
    if letter.status is LetterStatus.SIGNED:
        return existing_engagement(uow, actor_id, clock, letter)
    rules.check_awaiting_signature(letter, "l'enregistrement de la signature")
    today = clock.today()
    sha256 = hashlib.sha256(signed_pdf).hexdigest()
    uow.letters.store_signed(letter_id, signed_pdf, sha256, audit_trail, provider, today)
    uow.audit.record(Action.LETTER_SIGN, actor_id, "letter", str(letter_id),
                     dict(_summary(letter), mode=provider.label, sha256=sha256), at=clock.now())
    return engagement_of_signed(uow, actor_id, clock, uow.letters.get(letter_id))


def upload_signed(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, letter_id: int, content: bytes,
                  filename: str) -> Engagement:
    """The scan of the letter signed on paper (a PDF of at most 10 Mo)."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    rules.check_signed_upload(content, filename)
    with uow:
        engagement = record_signature_in_transaction(uow, actor_id(principal), clock, letter_id, content, None,
                                                     SignatureProvider.UPLOAD)
        uow.commit()
        return engagement


def record_refusal_in_transaction(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock, letter_id: int,
                                  reason: str) -> EngagementLetter:
    reason = single_line(reason, "Motif du refus", 300, required=True)
    letter = get_letter(uow, letter_id)
    rules.check_awaiting_signature(letter, "le refus")
    uow.letters.set_status(letter_id, LetterStatus.REFUSED, clock.today(), reason)
    uow.audit.record(Action.LETTER_REFUSE, actor_id, "letter", str(letter_id), dict(_summary(letter), motif=reason),
                     at=clock.now())
    return uow.letters.get(letter_id)


def refuse(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, letter_id: int,
           reason: str) -> EngagementLetter:
    require_staff(uow, principal, Permission.SEE_MONEY)
    with uow:
        letter = record_refusal_in_transaction(uow, actor_id(principal), clock, letter_id, reason)
        uow.commit()
        return letter


def expire_overdue(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock) -> int:
    """Letters À signer past their expiry date become Expirées; returns how many."""
    require_staff(uow, principal)
    today = clock.today()
    with uow:
        overdue = uow.letters.overdue(today)
        for letter in overdue:
            uow.letters.set_status(letter.id, LetterStatus.EXPIRED, today)
            uow.audit.record(Action.LETTER_EXPIRE, actor_id(principal), "letter", str(letter.id),
                             dict(_summary(letter), expirait_le=f"{letter.expires_on:%d/%m/%Y}"), at=clock.now())
        uow.commit()
        return len(overdue)


# --- versions and amendments -------------------------------------------------------------------------------

def revise(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, letter_id: int) -> EngagementLetter:
    """A new version (draft, same number, version + 1) of a letter À signer, refused or expired; a letter
    À signer becomes Remplacée (its signature can no longer be recorded)."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    today = clock.today()
    with uow:
        letter = get_letter(uow, letter_id)
        versions = uow.letters.versions(letter.number)
        rules.check_revisable(letter, max(v.version for v in versions))
        if letter.status is LetterStatus.TO_SIGN:
            uow.letters.set_status(letter_id, LetterStatus.SUPERSEDED, today)
        draft = replace(letter, id=0, version=letter.version + 1, previous_id=letter.id, status=LetterStatus.DRAFT,
                        created_on=today, sent_on=None, expires_on=None, decided_on=None, refusal_reason="",
                        signature_provider=None, signature_request_id="", signer_id="", signature_status="",
                        signature_checked_at=None, pdf_sha256="", signed_pdf_sha256="", has_audit_trail=False,
                        created_by=actor_id(principal))
        new = uow.letters.add(draft, render_body(uow, clock, draft), at=clock.now())
        uow.audit.record(Action.LETTER_UPDATE, actor_id(principal), "letter", str(new.id),
                         dict(_summary(new), version_precedente=letter.reference), at=clock.now())
        uow.commit()
        return new


def create_amendment(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, letter_id: int,
                     quote_id: int | None = None, title: str = "") -> EngagementLetter:
    """An amendment (draft, own number) to a signed letter, for the same client and fiscal year; its missions
    and fees come from `quote_id` (a quote of the same client), or it changes only the text."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    title = single_line(title, "Titre", 200)
    today = clock.today()
    with uow:
        original = get_letter(uow, letter_id)
        rules.check_amendable(original)
        if quote_id is not None:
            quote = uow.quotes.get(quote_id)
            if quote is None:
                raise NotFound("Devis introuvable dans ce cabinet.")
            if quote.client_id != original.client_id:
                raise InvalidInput(f"Le devis {quote.reference} concerne un autre client que la lettre "
                                   f"{original.reference}.")
        rank = len([a for a in uow.letters.amendments_of(letter_id) if a.version == 1]) + 1
        name, email, phone = signatory_for(uow, original.client_id)
        template = template_for(uow, clock, LetterKind.AMENDMENT)
        draft = EngagementLetter(
            id=0, number=_new_number(uow, today), status=LetterStatus.DRAFT, client_id=original.client_id,
            fiscal_year_start=original.fiscal_year_start, fiscal_year_end=original.fiscal_year_end, created_on=today,
            kind=LetterKind.AMENDMENT, amends_id=original.id, quote_id=quote_id, template_id=template.id,
            title=title or f"Avenant n° {rank} à la lettre de mission {original.reference}",
            signatory_name=name or original.signatory_name, signatory_email=email or original.signatory_email,
            signatory_phone=phone or original.signatory_phone, created_by=actor_id(principal))
        amendment = uow.letters.add(draft, render_body(uow, clock, draft), at=clock.now())
        uow.audit.record(Action.LETTER_AMEND, actor_id(principal), "letter", str(amendment.id),
                         dict(_summary(amendment), lettre_modifiee=original.reference), at=clock.now())
        uow.commit()
        return amendment
