"""From what a user types to an invoice draft: the lines table, the checks of a draft, the buyer.

Typed rows are parsed the French way ("2,5", "1 234,56") and every problem is reported at once, with
its line number; nothing is written while one remains. The buyer is the client record as it stands;
the invoice's mail goes to the client's billing address (see `billing_email`).
"""

import math
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation

from domain.clients.model import Client, Contact, ContactRole
from domain.engagements.model import Engagement
from domain.errors import InvalidInput, Problems
from domain.formatting import day
from domain.invoicing import rules
from domain.invoicing.model import Buyer, InvoiceLine, LineKind, PostalAddress, Unit
from domain.invoicing.records import InvoiceDraft
from domain.money import parse_non_negative_amount, to_cents
from domain.text import single_line

LABEL_LIMIT, TERMS_LIMIT = 300, 300
MAX_QUANTITY = Decimal(1_000_000)
DISBURSEMENT_CHOICE = "Débours (hors TVA)"
# What the VAT column offers: the French rates a firm's services bear, and débours outside VAT.
VAT_CHOICES = {"20 %": Decimal("20.00"), "10 %": Decimal("10.00"), "5,5 %": Decimal("5.50"),
               "8,5 %": Decimal("8.50"), "2,1 %": Decimal("2.10"), DISBURSEMENT_CHOICE: Decimal("0.00")}
UNIT_CHOICES = {unit.label: unit for unit in Unit}
COLUMNS = {"label": "Libellé", "quantity": "Quantité", "unit": "Unité", "unit_price": "Prix unitaire HT (€)",
           "vat": "TVA"}
_QUANTITY = re.compile(r"^\d+([.,]\d+)?$")


def parse_quantity(text: object) -> Decimal:
    cleaned = str(text if text is not None else "").strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not cleaned:
        raise InvalidInput("quantité : valeur obligatoire.")
    if not _QUANTITY.match(cleaned):
        raise InvalidInput(f"quantité : « {text} » n'est pas un nombre positif.")
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation as err:  # pragma: no cover - the pattern already refused it
        raise InvalidInput(f"quantité : « {text} » n'est pas un nombre.") from err
    if value > MAX_QUANTITY:
        raise InvalidInput("quantité : trop élevée.")
    return value


def _text(value: object) -> str:
    """A cell as text; an emptied cell comes back as None or NaN."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _line_of(row: dict) -> tuple[InvoiceLine, list[str]]:
    c = Problems()
    # An unreadable label is reported once (by single_line), a missing one by the rules below.
    label = c.take(lambda: single_line(_text(row.get("label")), "libellé", LABEL_LIMIT), "?")
    quantity = c.take(lambda: parse_quantity(row.get("quantity")), Decimal(1))
    price = c.take(lambda: to_cents(parse_non_negative_amount(_text(row.get("unit_price")), "prix unitaire HT")), 1)
    vat = _text(row.get("vat")) or "20 %"
    if vat not in VAT_CHOICES:
        c.problems.append(f"taux de TVA « {vat} » inconnu.")
    unit = UNIT_CHOICES.get(_text(row.get("unit")), Unit.FLAT)
    kind = LineKind.DISBURSEMENT if vat == DISBURSEMENT_CHOICE else LineKind.FEE
    line = InvoiceLine(label, quantity, price, VAT_CHOICES.get(vat, Decimal("20.00")), unit, kind)
    return line, c.problems + rules.line_problems(line)


def lines_from_rows(rows: Iterable[dict]) -> tuple[InvoiceLine, ...]:
    """The lines of the editor's table (keys of COLUMNS); blank rows are skipped; InvalidInput lists every
    problem as "Ligne n : …"."""
    problems, lines = [], []
    for number, row in enumerate((r for r in rows if any(_text(v).strip() for v in r.values())), start=1):
        line, found = _line_of(row)
        problems += [f"Ligne {number} : {p}" for p in found]
        lines.append(line)
    if not lines and not problems:
        problems.append("Ajoutez au moins une ligne (libellé, quantité, prix unitaire HT, TVA).")
    if problems:
        raise InvalidInput(" ; ".join(problems))
    return tuple(lines)


def rows_of(lines: Iterable[InvoiceLine]) -> list[dict]:
    """The inverse of `lines_from_rows`, to edit a draft."""
    vat_labels = {rate: label for label, rate in VAT_CHOICES.items() if label != DISBURSEMENT_CHOICE}
    return [{"label": line.label, "quantity": f"{line.quantity:f}".replace(".", ","), "unit": line.unit.label,
             "unit_price": f"{line.unit_price_cents / 100:.2f}".replace(".", ","),
             "vat": DISBURSEMENT_CHOICE if line.kind is LineKind.DISBURSEMENT
             else vat_labels.get(line.vat_rate, f"{line.vat_rate} %")} for line in lines]


def checked_draft(draft: InvoiceDraft, today: date) -> InvoiceDraft:
    """The draft with its text cleaned, or InvalidInput listing every problem (lines, dates, terms)."""
    c = Problems()
    terms = c.take(lambda: single_line(draft.payment_terms, "Conditions de paiement", TERMS_LIMIT))
    if not draft.lines:
        c.problems.append("Ajoutez au moins une ligne (libellé, quantité, prix unitaire HT, TVA).")
    for number, line in enumerate(draft.lines, start=1):
        c.problems += [f"Ligne {number} : {p}" for p in rules.line_problems(line)]
        if len(line.label) > LABEL_LIMIT:
            c.problems.append(f"Ligne {number} : libellé de {LABEL_LIMIT} caractères au plus.")
    if (draft.period_start is None) != (draft.period_end is None):
        c.problems.append("La période de prestation doit avoir un début et une fin.")
    elif draft.period_start and draft.period_end and draft.period_end < draft.period_start:
        c.problems.append("La période de prestation finit avant de commencer.")
    if draft.due_date is not None:
        if draft.due_date < today:
            c.problems.append(f"L'échéance du {day(draft.due_date)} est déjà passée.")
        elif draft.due_date > rules.latest_due_date(today):
            c.problems.append(f"L'échéance du {day(draft.due_date)} dépasse le délai légal : au plus tard le "
                              f"{day(rules.latest_due_date(today))} (60 jours, ou 45 jours fin de mois).")
    if draft.late_penalty_rate <= 0 or draft.late_penalty_rate > 100:
        c.problems.append("Le taux des pénalités de retard doit être compris entre 0 et 100 %.")
    if c.problems:
        raise InvalidInput(" ; ".join(c.problems))
    return replace(draft, payment_terms=terms)


# --- the buyer ------------------------------------------------------------------------------------------

def billing_email(client: Client, contacts: Iterable[Contact]) -> str:
    """Where the invoice is mailed: the client's internal accountant if one has an address (who books and
    pays it), else the client's own address, else the signatory's. "" when there is none: the invoice is
    then issued without a mail and the firm sends it another way."""
    contacts = list(contacts)
    accountant = next((c.email for c in contacts if c.role is ContactRole.INTERNAL_ACCOUNTANT and c.email), "")
    signatory = next((c.email for c in contacts if c.is_signatory and c.email), "")
    return accountant or client.email or signatory


def buyer_of(client: Client, email: str, engagement: Engagement | None = None) -> Buyer:
    """The client as its invoice states it, today. A public-sector client is addressed on Chorus Pro by the
    recipient SIRET, with the engagement's service code and commitment number when it has its own, else
    the client's."""
    buyer = Buyer(name=client.name, address=PostalAddress(client.address_line, client.postal_code, client.city),
                  siren=client.siren or "", siret=client.siret, vat_number=client.vat_number, email=email)
    public = client.public
    if public is None:
        return buyer
    own = engagement if engagement is not None and engagement.client_id == client.id else None
    return replace(buyer, public_sector=True, siret=public.siret or client.siret,
                   service_code=(own.chorus_service_code if own else "") or public.service_code,
                   commitment_number=(own.chorus_commitment_number if own else "") or public.commitment_number,
                   service_code_required=public.service_code_required, commitment_required=public.commitment_required)
