"""Commands on quotes. Each needs a staff member of the unit of work's firm (principal None: the trusted
command line); accepting and refusing also need SEE_MONEY. Every command is audited (Action.QUOTE_*).

Brouillon → Envoyé (the PDF's exact bytes and SHA-256 frozen, the mail queued with the PDF) → Accepté
(a prospect becomes a client, the engagement letter is generated) / Refusé (reason) / Expiré (validity
passed). Revising makes a new draft version of the same number.
"""

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.firm.model import DocType
from domain.formatting import eur_cents
from domain.letters.services import create_from_quote_in_transaction
from domain.pipeline.services import advance_on_quote_sent, convert_in_transaction
from domain.ports import DocumentRenderer, FirmRepositories, FirmUnitOfWork
from domain.quotes import document, rules
from domain.quotes.building import default_valid_until, revalued, selling_rates
from domain.quotes.model import Quote, QuoteDraft, QuoteLine, QuoteStatus
from domain.text import single_line


def _get(uow: FirmUnitOfWork, quote_id: int) -> Quote:
    quote = uow.quotes.get(quote_id)
    if quote is None:
        raise NotFound("Devis introuvable dans ce cabinet.")
    return quote


def _check_target(uow: FirmUnitOfWork, draft: QuoteDraft) -> str:
    """The recipient exists in this firm; returns its name (for the audit)."""
    if draft.client_id is not None:
        client = uow.clients.get(draft.client_id)
        if client is None:
            raise NotFound("Client introuvable dans ce cabinet.")
        if client.archived:
            raise InvalidInput(f"Le client « {client.name} » est archivé : restaurez-le avant de lui faire un devis.")
        return client.name
    prospect = uow.prospects.get(draft.prospect_id)
    if prospect is None:
        raise NotFound("Prospect introuvable dans ce cabinet.")
    return prospect.name


def _checked_lines(uow: FirmUnitOfWork, lines: tuple[QuoteLine, ...], on: date) -> tuple[QuoteLine, ...]:
    """The lines with their hours valued at the firm's selling rates of `on` (never the rates a page sent);
    grades and mission types must be the firm's own."""
    grade_ids = {g.id for g in uow.grades.list()}
    rates = selling_rates(uow.grades.rates(), on)
    known_types: dict[int, bool] = {}
    checked = []
    for number, line in enumerate(lines, start=1):
        if any(h.grade_id not in grade_ids for h in line.hours):
            raise InvalidInput(f"Ligne {number} : grade inconnu dans ce cabinet.")
        if line.mission_type_id is not None:
            if line.mission_type_id not in known_types:
                known_types[line.mission_type_id] = uow.mission_types.get(line.mission_type_id) is not None
            if not known_types[line.mission_type_id]:
                raise InvalidInput(f"Ligne {number} : type de mission inconnu dans ce cabinet.")
        line = replace(line, hours=tuple(h for h in line.hours if h.minutes))
        checked.append(replace(revalued(line, {g: rates.get(g, 0) for g in grade_ids}), id=0))
    return tuple(checked)


def _summary(quote: Quote) -> dict:
    return {"numéro": quote.reference, "total HT": eur_cents(quote.total_ht_cents), "lignes": len(quote.lines)}


def create_quote(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, draft: QuoteDraft) -> Quote:
    """A draft quote numbered from the firm's quote series (the number is kept by every later version)."""
    require_staff(uow, principal)
    today = clock.today()
    draft = rules.clean_draft(draft, today)
    with uow:
        _check_target(uow, draft)
        lines = _checked_lines(uow, draft.lines, today)
        series = uow.numbering.get(DocType.QUOTE)
        number = series.format(uow.numbering.allocate(DocType.QUOTE), today.year)
        quote = uow.quotes.add(Quote(
            id=0, number=number, status=QuoteStatus.DRAFT, created_on=today,
            valid_until=draft.valid_until or default_valid_until(today), client_id=draft.client_id,
            prospect_id=draft.prospect_id, title=draft.title, fiscal_year_start=draft.fiscal_year_start,
            monthly=draft.monthly, discount_cents=draft.discount_cents, vat_rate_bp=draft.vat_rate_bp,
            introduction=draft.introduction, conditions=draft.conditions, lines=lines,
            created_by=actor_id(principal)), at=clock.now())
        uow.audit.record(Action.QUOTE_CREATE, actor_id(principal), "quote", str(quote.id), _summary(quote),
                         at=clock.now())
        uow.commit()
        return quote


def update_quote(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, quote_id: int,
                 draft: QuoteDraft) -> Quote:
    """Change a draft: recipient, header, lines (the hours revalued at the rates of the quote's date)."""
    require_staff(uow, principal)
    with uow:
        before = _get(uow, quote_id)
        rules.check_editable(before)
        draft = rules.clean_draft(draft, before.created_on)
        _check_target(uow, draft)
        lines = _checked_lines(uow, draft.lines, before.created_on)
        after = replace(before, client_id=draft.client_id, prospect_id=draft.prospect_id, title=draft.title,
                        valid_until=draft.valid_until or default_valid_until(before.created_on),
                        fiscal_year_start=draft.fiscal_year_start, monthly=draft.monthly,
                        discount_cents=draft.discount_cents, vat_rate_bp=draft.vat_rate_bp,
                        introduction=draft.introduction, conditions=draft.conditions)
        uow.quotes.update_header(after)
        uow.quotes.replace_lines(quote_id, lines)
        stored = _get(uow, quote_id)
        uow.audit.record(Action.QUOTE_UPDATE, actor_id(principal), "quote", str(quote_id),
                         dict(_summary(stored), avant=eur_cents(before.total_ht_cents)), at=clock.now())
        uow.commit()
        return stored


# --- the document ---------------------------------------------------------------------------------

def _recipient(uow: FirmRepositories, quote: Quote) -> document.Recipient:
    if quote.client_id is not None:
        client = uow.clients.get(quote.client_id)
        if client is None:
            raise NotFound("Client introuvable dans ce cabinet.")
        signatory = uow.contacts.signatory(client.id)
        return document.Recipient(
            name=client.name, legal_form=client.legal_form, siren=client.siren or "", vat_number=client.vat_number,
            contact=signatory.full_name if signatory else "", address_line=client.address_line,
            postal_code=client.postal_code, city=client.city,
            email=(signatory.email if signatory and signatory.email else client.email))
    prospect = uow.prospects.get(quote.prospect_id)
    if prospect is None:
        raise NotFound("Prospect introuvable dans ce cabinet.")
    return document.Recipient(
        name=prospect.name, legal_form=prospect.legal_form, siren=prospect.siren or "",
        contact=prospect.contact_name, address_line=prospect.address_line, postal_code=prospect.postal_code,
        city=prospect.city, email=prospect.email)


def quote_html(repos: FirmRepositories, quote: Quote, *, show_hours: bool = False) -> str:
    """The HTML of a quote's PDF, from the firm's records (inside an open unit of work; the seed uses it)."""
    return _html(repos, quote, _recipient(repos, quote), show_hours)


def _html(uow: FirmRepositories, quote: Quote, recipient: document.Recipient, show_hours: bool) -> str:
    firm = uow.firm.get()
    return document.quote_html(quote, firm.identity, recipient, grades=uow.grades.list(),
                               rates=selling_rates(uow.grades.rates(), quote.created_on),
                               logo=uow.firm.logo() if firm.has_logo else None, show_hours=show_hours)


def preview_pdf(uow: FirmUnitOfWork, principal: Principal | None, documents: DocumentRenderer, quote_id: int,
                *, show_hours: bool = False) -> bytes:
    """The PDF a quote has: the frozen bytes once sent, else a preview of the draft (nothing stored)."""
    require_staff(uow, principal)
    with uow:
        quote = _get(uow, quote_id)
        if quote.has_pdf:
            return uow.quotes.pdf(quote_id) or b""
        return documents.pdf(_html(uow, quote, _recipient(uow, quote), show_hours))


def send_quote(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, documents: DocumentRenderer,
               quote_id: int, *, show_hours: bool = False) -> Quote:
    """Freeze the latest draft version: status Envoyé, the PDF rendered once and its exact bytes and SHA-256
    stored, the mail with the PDF queued to the client's signatory (else the client's or prospect's e-mail).
    A prospect moves to "Devis envoyé". Nothing is written when any step fails."""
    require_staff(uow, principal)
    today = clock.today()
    with uow:
        quote = _get(uow, quote_id)
        rules.check_latest(quote, uow.quotes.versions(quote.number))
        rules.check_move(quote, QuoteStatus.SENT)
        rules.check_sendable(quote)
        if quote.valid_until < today:
            raise InvalidInput(f"La date de validité du devis ({quote.valid_until:%d/%m/%Y}) est dépassée : "
                               "modifiez-la avant de l'envoyer.")
        recipient = _recipient(uow, quote)
        if not recipient.email:
            raise InvalidInput(f"Aucune adresse e-mail pour « {recipient.name} » : renseignez celle du signataire "
                               "ou du client (ou du prospect) avant d'envoyer le devis. Rien n'a été envoyé.")
        sent = replace(quote, status=QuoteStatus.SENT, sent_on=today)
        pdf = documents.pdf(_html(uow, sent, recipient, show_hours))
        digest = hashlib.sha256(pdf).hexdigest()
        uow.quotes.set_status(quote_id, QuoteStatus.SENT, sent_on=today)
        uow.quotes.freeze_pdf(quote_id, pdf, digest)
        uow.outbox.enqueue(document.quote_mail(sent, uow.firm.get().identity, recipient, recipient.email, pdf),
                           at=clock.now())
        if quote.client_id is None and quote.prospect_id is not None:
            advance_on_quote_sent(uow, actor_id(principal), clock, quote.prospect_id)
        uow.audit.record(Action.QUOTE_SEND, actor_id(principal), "quote", str(quote_id),
                         dict(_summary(quote), destinataire=recipient.email, sha256=digest), at=clock.now())
        uow.commit()
        return _get(uow, quote_id)


def _get_fresh(uow: FirmUnitOfWork, quote_id: int) -> Quote:
    with uow:
        return _get(uow, quote_id)


# --- after sending ----------------------------------------------------------------------------------

def revise_quote(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, quote_id: int) -> Quote:
    """A new draft version of the latest sent (or refused, expired) version: same number, version + 1,
    lines copied and revalued at today's rates, validity from today; a sent version becomes Remplacé."""
    require_staff(uow, principal)
    today = clock.today()
    with uow:
        quote = _get(uow, quote_id)
        rules.check_revisable(quote, uow.quotes.versions(quote.number))
        lines = _checked_lines(uow, quote.lines, today)
        revised = uow.quotes.add(replace(
            quote, id=0, status=QuoteStatus.DRAFT, version=quote.version + 1, previous_id=quote.id,
            created_on=today, valid_until=default_valid_until(today), sent_on=None, decided_on=None,
            refusal_reason="", lines=lines, created_by=actor_id(principal), has_pdf=False), at=clock.now())
        if quote.status is QuoteStatus.SENT:
            uow.quotes.set_status(quote.id, QuoteStatus.SUPERSEDED)
        uow.audit.record(Action.QUOTE_REVISE, actor_id(principal), "quote", str(revised.id),
                         {"numéro": revised.reference, "remplace": quote.reference}, at=clock.now())
        uow.commit()
        return revised


@dataclass(frozen=True, slots=True)
class Acceptance:
    quote: Quote
    client_id: int
    letter_id: int | None  # the engagement letter generated from the quote


def accept_quote(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, quote_id: int) -> Acceptance:
    """The client accepted the latest sent version: a prospect becomes a client (the quote is linked to it) and
    the engagement letter is generated from the quote, all in one transaction."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    today = clock.today()
    actor = actor_id(principal)
    with uow:
        quote = _get(uow, quote_id)
        rules.check_latest(quote, uow.quotes.versions(quote.number))
        rules.check_move(quote, QuoteStatus.ACCEPTED)
        if rules.is_overdue(quote, today):
            raise InvalidInput(f"Le devis {quote.reference} n'est plus valable depuis le "
                               f"{quote.valid_until:%d/%m/%Y} : créez une nouvelle version.")
        uow.quotes.set_status(quote_id, QuoteStatus.ACCEPTED, decided_on=today)
        client_id = quote.client_id
        if client_id is None:
            client_id = convert_in_transaction(uow, actor, clock, quote.prospect_id).id
            uow.quotes.link_client(quote_id, client_id)
        uow.audit.record(Action.QUOTE_ACCEPT, actor, "quote", str(quote_id),
                         dict(_summary(quote), client_id=str(client_id)), at=clock.now())
        letter_id = _engagement_letter(uow, actor, clock, quote_id)
        uow.commit()
    return Acceptance(_get_fresh(uow, quote_id), client_id, letter_id)


def _engagement_letter(uow: FirmUnitOfWork, actor: int | None, clock: Clock, quote_id: int) -> int | None:
    """The letter generated from the accepted quote (domain.letters), in the same transaction."""
    return create_from_quote_in_transaction(uow, actor, clock, quote_id).id


def refuse_quote(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, quote_id: int,
                 reason: str) -> Quote:
    require_staff(uow, principal, Permission.SEE_MONEY)
    reason = single_line(reason, "Motif du refus", 300, required=True)
    with uow:
        quote = _get(uow, quote_id)
        rules.check_latest(quote, uow.quotes.versions(quote.number))
        rules.check_move(quote, QuoteStatus.REFUSED)
        uow.quotes.set_status(quote_id, QuoteStatus.REFUSED, decided_on=clock.today(), refusal_reason=reason)
        uow.audit.record(Action.QUOTE_REFUSE, actor_id(principal), "quote", str(quote_id),
                         dict(_summary(quote), motif=reason), at=clock.now())
        uow.commit()
    return _get_fresh(uow, quote_id)


def expire_in_transaction(uow: FirmUnitOfWork, clock: Clock) -> int:
    """Inside an open unit of work, no commit: every sent quote whose validity date has passed becomes Expiré."""
    today = clock.today()
    count = 0
    for quote in uow.quotes.list(QuoteStatus.SENT):
        if rules.is_overdue(quote, today):
            uow.quotes.set_status(quote.id, QuoteStatus.EXPIRED, decided_on=today)
            uow.audit.record(Action.QUOTE_EXPIRE, None, "quote", str(quote.id),
                             {"numéro": quote.reference, "valable jusqu'au": f"{quote.valid_until:%d/%m/%Y}"},
                             at=clock.now())
            count += 1
    return count


def expire_overdue(uow: FirmUnitOfWork, clock: Clock) -> int:
    """Mark Expiré the sent quotes past their validity date (cron, or lazily when quotes are listed)."""
    with uow:
        count = expire_in_transaction(uow, clock)
        if count:
            uow.commit()
        return count

