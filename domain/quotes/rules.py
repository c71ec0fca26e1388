"""The rules of a quote's life: what a draft must hold, which status may follow which, which version may act.

Brouillon (editable) → Envoyé (frozen) → Accepté / Refusé / Expiré. Revising a sent quote makes a new
draft version (same number, version + 1) and the sent one becomes Remplacé. Only the latest version of a
number may be sent, accepted, refused or revised.
"""

from dataclasses import replace
from datetime import date

from domain.catalogue.model import BillingMode
from domain.errors import InvalidInput, Problems
from domain.quotes.model import LineKind, Quote, QuoteDraft, QuoteLine, QuoteStatus
from domain.text import has_control_characters, single_line

TRANSITIONS: dict[QuoteStatus, frozenset[QuoteStatus]] = {
    QuoteStatus.DRAFT: frozenset({QuoteStatus.SENT}),
    QuoteStatus.SENT: frozenset({QuoteStatus.ACCEPTED, QuoteStatus.REFUSED, QuoteStatus.EXPIRED,
                                 QuoteStatus.SUPERSEDED}),
    QuoteStatus.ACCEPTED: frozenset(),
    QuoteStatus.REFUSED: frozenset({QuoteStatus.SUPERSEDED}),
    QuoteStatus.EXPIRED: frozenset({QuoteStatus.SUPERSEDED}),
    QuoteStatus.SUPERSEDED: frozenset(),
}

# A refused or expired quote may be revised too (a lower price after a refusal), as a new version.
REVISABLE = frozenset({QuoteStatus.SENT, QuoteStatus.REFUSED, QuoteStatus.EXPIRED})

_VERBS = {QuoteStatus.SENT: "envoyé", QuoteStatus.ACCEPTED: "accepté", QuoteStatus.REFUSED: "refusé",
          QuoteStatus.EXPIRED: "expiré", QuoteStatus.SUPERSEDED: "remplacé"}

MAX_LINES = 100
MAX_VAT_BP = 10000


def can_move(current: QuoteStatus, target: QuoteStatus) -> bool:
    return target in TRANSITIONS[current]


def check_move(quote: Quote, target: QuoteStatus) -> None:
    if not can_move(quote.status, target):
        raise InvalidInput(f"Le devis {quote.reference} est « {quote.status.label} » : "
                           f"il ne peut pas être {_VERBS.get(target, target.label.lower())}.")


def check_editable(quote: Quote) -> None:
    if quote.status is not QuoteStatus.DRAFT:
        raise InvalidInput(f"Le devis {quote.reference} est « {quote.status.label} » : seul un brouillon se modifie. "
                           "Créez une nouvelle version pour le réviser.")


def check_latest(quote: Quote, versions: list[Quote]) -> None:
    latest = max(v.version for v in versions) if versions else quote.version
    if quote.version != latest:
        raise InvalidInput(f"Le devis {quote.reference} a été remplacé par la version {latest} : "
                           "seule la dernière version peut évoluer.")


def check_revisable(quote: Quote, versions: list[Quote]) -> None:
    check_latest(quote, versions)
    if quote.status not in REVISABLE:
        raise InvalidInput(f"Le devis {quote.reference} est « {quote.status.label} » : seul un devis envoyé, refusé "
                           "ou expiré se révise par une nouvelle version.")


def is_overdue(quote: Quote, today: date) -> bool:
    """A sent quote whose validity date has passed (valid through `valid_until` inclusive)."""
    return quote.status is QuoteStatus.SENT and quote.valid_until < today


def clean_draft(draft: QuoteDraft, created_on: date) -> QuoteDraft:
    """The draft with its text cleaned, or InvalidInput listing every problem."""
    problems = Problems()
    if (draft.client_id is None) == (draft.prospect_id is None):
        problems.problems.append("Choisissez le client ou le prospect destinataire du devis (un seul des deux).")
    title = problems.take(lambda: single_line(draft.title, "Objet du devis", 200))
    introduction = problems.take(lambda: _block(draft.introduction, "Introduction"))
    conditions = problems.take(lambda: _block(draft.conditions, "Conditions"))
    valid_until = draft.valid_until
    if valid_until is not None and valid_until < created_on:
        problems.problems.append("La date de validité ne peut pas précéder la date du devis.")
    if not 0 <= draft.vat_rate_bp <= MAX_VAT_BP:
        problems.problems.append("Taux de TVA invalide.")
    if draft.discount_cents < 0:
        problems.problems.append("La remise ne peut pas être négative.")
    if len(draft.lines) > MAX_LINES:
        problems.problems.append(f"Au plus {MAX_LINES} lignes par devis.")
    lines = []
    for number, line in enumerate(draft.lines, start=1):
        where = f"Ligne {number}"
        label = problems.take(lambda line=line, where=where: single_line(line.label, f"{where}, libellé", 300,
                                                                          required=True))
        if line.kind is LineKind.MISSION:
            if line.fee_cents < 0:
                problems.problems.append(f"{where} : le prix ne peut pas être négatif.")
            if line.billing_mode is BillingMode.UNIT:
                if not line.quantity or line.quantity <= 0:
                    problems.problems.append(f"{where} : la quantité d'une ligne unitaire doit être positive.")
                if line.unit_price_cents is None or line.unit_price_cents < 0:
                    problems.problems.append(f"{where} : le prix unitaire est obligatoire et positif.")
                elif line.quantity and line.fee_cents != line.quantity * line.unit_price_cents:
                    problems.problems.append(f"{where} : le prix doit être la quantité × le prix unitaire.")
        if any(h.minutes < 0 or h.rate_cents < 0 for h in line.hours):
            problems.problems.append(f"{where} : heures et taux ne peuvent pas être négatifs.")
        if len({h.grade_id for h in line.hours}) != len(line.hours):
            problems.problems.append(f"{where} : un grade apparaît deux fois.")
        lines.append(_replace_line(line, label=label, position=number - 1))
    fees = sum(line.fee_cents for line in draft.lines if line.kind is LineKind.MISSION)
    if draft.discount_cents > 0 and draft.discount_cents > fees:
        problems.problems.append("La remise dépasse le total des honoraires proposés.")
    if problems.problems:
        raise InvalidInput(" ; ".join(problems.problems))
    return replace(draft, title=title, lines=tuple(lines), introduction=introduction, conditions=conditions)


def _block(text: str, label: str, limit: int = 5000) -> str:
    """A multi-line text (introduction, conditions): lines kept, control characters refused, bounded."""
    value = "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")).strip()
    if has_control_characters(value.replace("\n", " ").replace("\t", " ")):
        raise InvalidInput(f"{label} : caractères non autorisés.")
    if len(value) > limit:
        raise InvalidInput(f"{label} : {limit} caractères au plus.")
    return value


def _replace_line(line: QuoteLine, **fields: object) -> QuoteLine:
    if line.kind is LineKind.EXTRA:  # extras carry no price: time spent at the grades' rates
        fields.update(fee_cents=0, quantity=None, unit_price_cents=None)
    return replace(line, **fields)


def check_sendable(quote: Quote) -> None:
    if not quote.priced_lines:
        raise InvalidInput("Le devis ne contient aucune mission : ajoutez au moins une ligne avant de l'envoyer.")
    if quote.total_ht_cents <= 0:
        raise InvalidInput("Le total HT du devis est nul : indiquez le prix proposé des missions.")
