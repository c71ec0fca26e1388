"""What every document the firm issues prints about it (quotes, letters, later invoices)."""

import base64

from domain.firm.model import FirmIdentity
from domain.formatting import eur_cents


def firm_mentions(firm: FirmIdentity) -> list[str]:
    """The firm's identity as its papers state it (DOMAIN.md §2a): name and capital, SIREN/RCS, VAT, Ordre."""
    first = " ".join(p for p in (firm.name, firm.legal_form) if p)
    if firm.share_capital_cents:
        first += f" au capital de {eur_cents(firm.share_capital_cents)}"
    mentions = [first]
    if firm.siren:
        mentions.append(f"SIREN {firm.siren}" + (f" – RCS {firm.rcs_city}" if firm.rcs_city else ""))
    if firm.vat_number:
        mentions.append(f"N° de TVA intracommunautaire {firm.vat_number}")
    if firm.ordre_number:
        mentions.append(f"Inscrit au tableau de l'Ordre des experts-comptables, n° {firm.ordre_number}")
    return mentions


def address_lines(address_line: str, postal_code: str, city: str) -> list[str]:
    """["12 quai Saint-Antoine", "69002 Lyon"], leaving out what is empty."""
    place = " ".join(p for p in (postal_code, city) if p)
    return [p for p in (address_line, place) if p]


def logo_data_uri(logo: tuple[bytes, str] | None) -> str:
    """The firm's logo inlined in the HTML (the PDF renderer fetches nothing)."""
    return f"data:{logo[1]};base64,{base64.b64encode(logo[0]).decode('ascii')}" if logo else ""
