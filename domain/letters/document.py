"""The printable letter: the firm's letterhead and layout (templates/letters/layout.html) around the text
rendered from the firm's template."""

from __future__ import annotations

import base64

from markupsafe import Markup

from domain.clients.model import Client
from domain.firm.model import FirmIdentity
from domain.formatting import eur_cents
from domain.letters.model import EngagementLetter
from domain.templating import render_file


def firm_mentions(firm: FirmIdentity) -> list[str]:
    """The firm's identity as its papers state it: name, capital, SIREN/RCS, VAT, Ordre registration."""
    first = " ".join(p for p in (firm.name, firm.legal_form) if p)
    if firm.share_capital_cents:
        first += f" au capital de {eur_cents(firm.share_capital_cents)}"
    mentions = [first]
    if firm.siren:
        mentions.append(f"SIREN {firm.siren}" + (f" – RCS {firm.rcs_city}" if firm.rcs_city else ""))
    if firm.vat_number:
        mentions.append(f"TVA {firm.vat_number}")
    if firm.ordre_number:
        mentions.append(f"Inscrite au tableau de l'Ordre des experts-comptables, n° {firm.ordre_number}")
    return mentions


def _address(line: str, postal_code: str, city: str) -> list[str]:
    place = " ".join(p for p in (postal_code, city) if p)
    return [p for p in (line, place) if p]


def letter_html(letter: EngagementLetter, firm: FirmIdentity, client: Client | None, body: str, *,
                logo: tuple[bytes, str] | None = None, draft: bool = False) -> str:
    """The whole HTML document of the PDF. `body` is the output of the sandboxed template (autoescaped)."""
    logo_uri = f"data:{logo[1]};base64,{base64.b64encode(logo[0]).decode('ascii')}" if logo else ""
    return render_file(
        "letters/layout.html", firm=firm, logo_uri=logo_uri, firm_mentions=firm_mentions(firm),
        firm_address=_address(firm.address_line, firm.postal_code, firm.city), kind_label=letter.kind.label,
        reference=letter.reference, client_name=client.name if client else "",
        client_address=_address(client.address_line, client.postal_code, client.city) if client else [],
        signatory=letter.signatory_name, draft=draft, body=Markup(body))  # noqa: S704 - sandboxed, autoescaped


def pdf_filename(letter: EngagementLetter, signed: bool = False) -> str:
    prefix = "Avenant" if letter.kind.value == "amendment" else "Lettre-de-mission"
    return f"{prefix}-{letter.reference}{'-signee' if signed else ''}.pdf"
