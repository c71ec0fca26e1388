"""The printable letter: the firm's letterhead and layout (templates/letters/layout.html) around the text
rendered from the firm's template."""

from __future__ import annotations

from markupsafe import Markup

from domain.clients.model import Client
from domain.firm.model import FirmIdentity
from domain.letterhead import address_lines, firm_mentions, logo_data_uri
from domain.letters.model import EngagementLetter
from domain.templating import render_file


def letter_html(letter: EngagementLetter, firm: FirmIdentity, client: Client | None, body: str, *,
                logo: tuple[bytes, str] | None = None, draft: bool = False) -> str:
    """The whole HTML document of the PDF. `body` is the output of the sandboxed template (autoescaped)."""
    logo_uri = logo_data_uri(logo)
    return render_file(
        "letters/layout.html", firm=firm, logo_uri=logo_uri, firm_mentions=firm_mentions(firm),
        firm_address=address_lines(firm.address_line, firm.postal_code, firm.city), kind_label=letter.kind.label,
        reference=letter.reference, client_name=client.name if client else "",
        client_address=address_lines(client.address_line, client.postal_code, client.city) if client else [],
        signatory=letter.signatory_name, draft=draft, body=Markup(body))  # noqa: S704 - sandboxed, autoescaped


def pdf_filename(letter: EngagementLetter, signed: bool = False) -> str:
    prefix = "Avenant" if letter.kind.value == "amendment" else "Lettre-de-mission"
    return f"{prefix}-{letter.reference}{'-signee' if signed else ''}.pdf"
