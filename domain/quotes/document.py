"""The quote as a French document: the HTML of its PDF (templates/quotes/quote.html) and its mail.

Only HTML is made here (domain.templating); the PDF bytes come from ports.DocumentRenderer at the edge.
"""

from dataclasses import dataclass
from datetime import date

from domain.access.mails import Attachment, Mail
from domain.catalogue.model import BillingMode
from domain.firm.model import FirmIdentity, Grade
from domain.formatting import day, eur_cents, hours
from domain.letterhead import address_lines, firm_mentions, logo_data_uri
from domain.quotes.building import percent_label
from domain.quotes.model import Quote, QuoteLine
from domain.templating import render_file

DEFAULT_CONDITIONS = (
    "Honoraires hors taxes, TVA au taux en vigueur en sus. Factures payables à 30 jours date de facture, "
    "par virement ou prélèvement ; le forfait mensualisé est facturé chaque mois par douzième.\n"
    "Pas d'escompte pour paiement anticipé. Tout retard de paiement entraîne des pénalités au taux de la BCE "
    "majoré de 10 points et une indemnité forfaitaire pour frais de recouvrement de 40 € (art. L441-10 du "
    "Code de commerce).\n"
    "Les honoraires forfaitaires sont révisables chaque année selon l'indice SYNTEC. Les travaux non prévus au "
    "devis sont facturés au temps passé, aux taux horaires ci-dessus, après accord du client.\n"
    "L'acceptation du devis donne lieu à l'établissement d'une lettre de mission, conformément à l'article 151 "
    "du code de déontologie des professionnels de l'expertise comptable."
)


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who the quote is addressed to: a client, or a prospect not yet converted."""

    name: str
    legal_form: str = ""
    siren: str = ""
    vat_number: str = ""
    contact: str = ""  # "À l'attention de …"
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class GradeRateLine:
    label: str
    rate_cents: int


def _line_row(line: QuoteLine, grade_labels: dict[int, str]) -> dict:
    unit = ""
    if line.billing_mode is BillingMode.UNIT and line.quantity:
        unit = f"{line.quantity} × {eur_cents(line.unit_price_cents or 0)}"
    return {"label": line.label, "mode": line.billing_mode.label, "unit": unit, "fee": eur_cents(line.fee_cents),
            "hours": hours(line.minutes) if line.minutes else "",
            "computed": eur_cents(line.computed_cents) if line.is_estimated else "",
            "detail": [f"{grade_labels.get(h.grade_id, 'Grade')} : {hours(h.minutes)}" for h in line.hours
                       if h.minutes]}


def quote_html(quote: Quote, firm: FirmIdentity, recipient: Recipient, *, grades: list[Grade],
               rates: dict[int, int], logo: tuple[bytes, str] | None = None, show_hours: bool = False,
               issued_on: date | None = None) -> str:
    """The HTML of the quote's PDF. `rates`: selling rate per grade on the quote's date (extras at time spent);
    `show_hours`: detail hours and computed value per line (else only the proposed prices)."""
    grade_labels = {g.id: g.label for g in grades}
    logo_uri = logo_data_uri(logo)
    grade_rates = [GradeRateLine(g.label, rates[g.id]) for g in sorted(grades, key=lambda g: g.rank) if g.id in rates]
    return render_file(
        "quotes/quote.html", quote=quote, firm=firm, recipient=recipient, logo_uri=logo_uri,
        firm_mentions=firm_mentions(firm), firm_address=address_lines(firm.address_line, firm.postal_code, firm.city),
        recipient_address=address_lines(recipient.address_line, recipient.postal_code, recipient.city),
        lines=[_line_row(line, grade_labels) for line in quote.priced_lines],
        extras=[line.label for line in quote.extra_lines],
        grade_rates=[{"label": r.label, "rate": eur_cents(r.rate_cents)} for r in grade_rates],
        show_hours=show_hours, issued_on=day(issued_on or quote.sent_on or quote.created_on),
        valid_until=day(quote.valid_until), fiscal_year_start=day(quote.fiscal_year_start),
        totals={"fees": eur_cents(quote.fees_cents), "discount": eur_cents(quote.discount_cents),
                "ht": eur_cents(quote.total_ht_cents), "vat": eur_cents(quote.vat_cents),
                "ttc": eur_cents(quote.total_ttc_cents), "vat_rate": percent_label(quote.vat_rate_bp).lstrip("+"),
                "computed": eur_cents(quote.computed_cents),
                "monthly_ht": eur_cents(quote.monthly_cents or 0), "monthly_ttc": eur_cents(quote.monthly_ttc_cents or 0)},
        conditions=[p for p in (quote.conditions or DEFAULT_CONDITIONS).split("\n") if p.strip()],
        introduction=[p for p in quote.introduction.split("\n") if p.strip()])


def pdf_filename(quote: Quote) -> str:
    return f"Devis-{quote.reference}.pdf"


def quote_mail(quote: Quote, firm: FirmIdentity, recipient: Recipient, email: str, pdf: bytes) -> Mail:
    greeting = "Bonjour,"
    body = f"""{greeting}

Veuillez trouver ci-joint notre proposition d'honoraires n° {quote.reference}{f" ({quote.title})" if quote.title else ""}, \
d'un montant de {eur_cents(quote.total_ht_cents)} HT ({eur_cents(quote.total_ttc_cents)} TTC) par an.

Ce devis est valable jusqu'au {day(quote.valid_until)}. Pour l'accepter, retournez-le-nous daté et signé avec la mention \
« Bon pour accord » ; nous vous adresserons ensuite la lettre de mission.

Nous restons à votre disposition pour toute question.

Bien cordialement,

{firm.name}
{firm.phone or firm.email}
"""
    return Mail(email, f"Devis {quote.reference} – {firm.name}", body.rstrip() + "\n",
                attachments=(Attachment(pdf_filename(quote), "application/pdf", pdf),))
