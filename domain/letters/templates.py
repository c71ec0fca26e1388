"""The administrator's letter templates: list, preview against a sample or a client's latest quote, save
(only a template that renders), restore the default text. Saving is audited."""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id
from domain.letters import document
from domain.letters.defaults import default_body, install_default_templates
from domain.letters.model import EngagementLetter, LetterKind, LetterStatus, LetterTemplate
from domain.letters.services import fiscal_year_for, letter_data, require_staff, signatory_for
from domain.letters.variables import LetterData, build_context, sample_data
from domain.ports import DocumentRenderer, FirmUnitOfWork
from domain.quotes.model import QuoteStatus
from domain.text import single_line
from domain.templating import render_source

MAX_BODY = 200_000


def list_templates(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock) -> list[LetterTemplate]:
    """The firm's templates (the default ones are installed for a firm created before they existed)."""
    require_staff(uow, principal, Permission.ADMINISTER)
    with uow:
        templates = uow.letter_templates.list()
        if {t.kind for t in templates} != set(LetterKind):
            install_default_templates(uow, clock.now())
            uow.commit()
            templates = uow.letter_templates.list()
        return templates


def _get(uow: FirmUnitOfWork, template_id: int) -> LetterTemplate:
    template = uow.letter_templates.get(template_id)
    if template is None:
        raise NotFound("Modèle de lettre introuvable dans ce cabinet.")
    return template


def _sample(uow: FirmUnitOfWork, clock: Clock, kind: LetterKind) -> LetterData:
    index = [v for v in uow.syntec.list() if v.month <= clock.today()]
    return sample_data(uow.firm.get().identity, clock.today(), tuple(uow.grades.list()), tuple(uow.grades.rates()),
                       max(index, key=lambda v: v.month) if index else None, kind)


def _client_data(uow: FirmUnitOfWork, clock: Clock, kind: LetterKind, client_id: int) -> LetterData:
    """A letter as it would be generated now for the client's latest accepted (else latest) quote."""
    client = uow.clients.get(client_id)
    if client is None:
        raise NotFound("Client introuvable dans ce cabinet.")
    quotes = uow.quotes.for_client(client_id)
    accepted = [q for q in quotes if q.status is QuoteStatus.ACCEPTED]
    quote = max(accepted or quotes, key=lambda q: (q.created_on, q.id), default=None)
    today = clock.today()
    start, end = fiscal_year_for(quote, client.fiscal_year_end, today)
    name, email, phone = signatory_for(uow, client_id)
    signed = [x for x in uow.letters.for_client(client_id)
              if x.kind is LetterKind.LETTER and x.status is LetterStatus.SIGNED]
    letter = EngagementLetter(id=0, number="APERÇU", status=LetterStatus.DRAFT, client_id=client_id,
                              fiscal_year_start=start, fiscal_year_end=end, created_on=today, kind=kind,
                              quote_id=quote.id if quote else None, title=f"{kind.label} — aperçu",
                              signatory_name=name, signatory_email=email, signatory_phone=phone,
                              amends_id=signed[0].id if signed and kind is LetterKind.AMENDMENT else None)
    return letter_data(uow, letter, today)


def preview(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, kind: LetterKind, body: str,
            client_id: int | None = None) -> str:
    """The text `body` renders to for the sample (or the client): a French error when it is broken."""
    require_staff(uow, principal, Permission.ADMINISTER)
    with uow:
        data = _client_data(uow, clock, kind, client_id) if client_id else _sample(uow, clock, kind)
    return render_source(body, **build_context(data))


def preview_pdf(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, documents: DocumentRenderer,
                kind: LetterKind, body: str, client_id: int | None = None) -> bytes:
    require_staff(uow, principal, Permission.ADMINISTER)
    with uow:
        data = _client_data(uow, clock, kind, client_id) if client_id else _sample(uow, clock, kind)
        rendered = render_source(body, **build_context(data))
        firm = uow.firm.get()
        html = document.letter_html(data.letter, firm.identity, data.client, rendered,
                                    logo=uow.firm.logo() if firm.has_logo else None, draft=True)
    return documents.pdf(html)


def check_renders(uow: FirmUnitOfWork, clock: Clock, kind: LetterKind, body: str) -> None:
    """A template must render the sample letter (and the sample with every optional part empty)."""
    sample = _sample(uow, clock, kind)
    render_source(body, **build_context(sample))
    bare = replace(sample, quote=None, syntec=None, amended=None,
                   letter=replace(sample.letter, expires_on=None, signatory_name="", signatory_email=""))
    render_source(body, **build_context(bare))


def save_template(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, template_id: int, name: str,
                  body: str) -> LetterTemplate:
    """Save a template's name and text; refused (nothing saved) when the text does not render."""
    require_staff(uow, principal, Permission.ADMINISTER)
    name = single_line(name, "Nom du modèle", 120, required=True)
    body = (body or "").replace("\r\n", "\n")
    if not body.strip():
        raise InvalidInput("Le modèle est vide : saisissez le texte de la lettre.")
    if len(body) > MAX_BODY:
        raise InvalidInput("Le modèle dépasse 200 000 caractères.")
    if "\x00" in body:
        raise InvalidInput("Le modèle contient des caractères de contrôle.")
    with uow:
        template = _get(uow, template_id)
        check_renders(uow, clock, template.kind, body)
        holder = uow.letter_templates.find_by_name(name)
        if holder is not None and holder.id != template_id:
            raise InvalidInput(f"Un autre modèle s'appelle déjà « {name} ».")
        if template.body == body and template.name == name:
            return template
        uow.letter_templates.update(template_id, body=body, name=name, at=clock.now(), by=actor_id(principal))
        uow.audit.record(Action.LETTER_TEMPLATE_UPDATE, actor_id(principal), "letter_template", str(template_id),
                         {"modèle": name, "type": template.kind.label,
                          "taille": f"{len(template.body)} → {len(body)} caractères"}, at=clock.now())
        uow.commit()
        return uow.letter_templates.get(template_id)


def restore_default(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock,
                    template_id: int) -> LetterTemplate:
    """Put back the text EEXPI ships for the template's kind (audited like a save)."""
    require_staff(uow, principal, Permission.ADMINISTER)
    with uow:
        template = _get(uow, template_id)
    return save_template(uow, principal, clock, template_id, template.name, default_body(template.kind))


@dataclass(frozen=True, slots=True)
class ClientChoice:
    id: int
    name: str


def clients_with_quotes(uow: FirmUnitOfWork, principal: Principal | None) -> list[ClientChoice]:
    """Clients that have a quote (to preview a template with real figures), by name."""
    require_staff(uow, principal, Permission.ADMINISTER)
    with uow:
        ids = {q.client_id for q in uow.quotes.list() if q.client_id is not None}
        clients = [uow.clients.get(i) for i in sorted(ids)[:500]]
    return sorted((ClientChoice(c.id, c.name) for c in clients if c), key=lambda c: c.name.lower())
