"""Typed client fields → a `Client`, every problem reported at once (French messages)."""

import re
from datetime import date

from domain.clients.model import DEFAULT_FISCAL_YEAR_END, Client, ClientKind, TaxRegime, VatRegime
from domain.clients.public_sector import public_form, validate_public
from domain.errors import InvalidInput, Problems
from domain.formatting import number
from domain.identifiers import validate_siren, validate_siret, validate_vat_number
from domain.money import from_cents, parse_non_negative_amount, to_cents
from domain.text import single_line

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NAF_PATTERN = re.compile(r"^\d{2}\.?\d{2}[A-Z]$")
POSTAL_PATTERN = re.compile(r"^\d{5}$")
PHONE_PATTERN = re.compile(r"^\+?[\d .\-()]{6,30}$")
DATE_PATTERN = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$")
LIMITS = {"name": 200, "legal_form": 60, "address_line": 300, "city": 100, "email": 254, "phone": 30,
          "notes": 2000, "tags": 300}
LABELS = {"name": "Nom", "legal_form": "Forme juridique", "address_line": "Adresse", "city": "Ville",
          "email": "E-mail", "phone": "Téléphone", "notes": "Notes", "tags": "Étiquettes"}


class InvalidClient(InvalidInput):
    """Every problem of one client at once; `problems` lists them, the message joins them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ; ".join(problems))
        self.problems = problems


def parse_fiscal_year_end(text: str) -> tuple[int, int]:
    """"31/12", "30/06/2026" → (day, month); empty → 31/12."""
    text = (text or "").strip()
    if not text:
        return DEFAULT_FISCAL_YEAR_END
    match = DATE_PATTERN.match(text)
    if match is None:
        raise InvalidInput(f"Date de clôture « {text} » invalide : JJ/MM ou JJ/MM/AAAA.")
    day, month = int(match[1]), int(match[2])
    try:
        date(int(match[3] or 2024), month, day)  # 2024: a leap year accepts 29/02
    except ValueError:
        raise InvalidInput(f"Date de clôture « {text} » invalide : ce jour n'existe pas.") from None
    return day, month


def _optional_int(text: str, label: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 7:
        raise InvalidInput(f"{label} « {text} » invalide : un nombre entier positif.")
    return int(text)


def _choice(enum, text: str, label: str):
    text = (text or "").strip()
    if not text:
        return None
    for member in enum:
        if text.lower() in (member.value.lower(), member.name.lower(), member.label.lower()):
            return member
    raise InvalidInput(f"{label} « {text} » inconnu : {', '.join(m.value for m in enum)}.")


def parse_share_capital(text: str) -> int | None:
    """"15 000,00", "1500 €" → cents; empty → None (not known)."""
    if not (text or "").strip():
        return None
    return to_cents(parse_non_negative_amount(text, "Capital social"))


def share_capital_text(cents: int | None) -> str:
    """Cents → "15 000,00" (plain spaces, as a user types it); None → ""."""
    if cents is None:
        return ""
    return number(from_cents(cents), 2).replace("\u202f", " ").replace("\xa0", " ")


def _pattern(text: str, pattern: re.Pattern, message: str) -> str:
    text = " ".join((text or "").split())
    if text and not pattern.match(text):
        raise InvalidInput(message.format(text))
    return text


def _tags(text: str) -> tuple[str, ...]:
    text = single_line(text, LABELS["tags"], LIMITS["tags"])
    seen: dict[str, str] = {}
    for tag in (t.strip() for t in text.split(",")):
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return tuple(seen.values())


def _text(c: Problems, form: dict, field: str, required: bool = False) -> str:
    return c.take(lambda: single_line(form.get(field), LABELS[field], LIMITS[field], required=required))


def _identifiers(c: Problems, form: dict) -> tuple[str | None, str, str]:
    siren = c.take(lambda: validate_siren(form["siren"]), None) if (form.get("siren") or "").strip() else None
    siret = c.take(lambda: validate_siret(form["siret"], siren)) if (form.get("siret") or "").strip() else ""
    vat = c.take(lambda: validate_vat_number(form["vat_number"], siren)) if (form.get("vat_number") or "").strip() else ""
    return siren, siret, vat


def validate_client(form: dict[str, str], *, client_id: int = 0, partner_id: int | None = None,
                    manager_id: int | None = None, group_id: int | None = None) -> Client:
    """`form` holds the typed text by field name; raises InvalidClient listing every problem."""
    c = Problems()
    kind = c.take(lambda: _choice(ClientKind, form.get("kind") or "", "Type")) or (
        ClientKind.COMPANY if (form.get("siren") or "").strip() else ClientKind.INDIVIDUAL)
    siren, siret, vat = _identifiers(c, form)
    if kind is ClientKind.COMPANY and not (form.get("siren") or "").strip():
        c.problems.append("SIREN : obligatoire pour une société.")
    client = Client(
        id=client_id, kind=kind, name=_text(c, form, "name", required=True), siren=siren, siret=siret,
        legal_form=_text(c, form, "legal_form"), vat_number=vat,
        naf_code=c.take(lambda: _pattern((form.get("naf_code") or "").upper(), NAF_PATTERN,
                                         "Code NAF « {} » invalide : 4 chiffres et une lettre (ex. 69.20Z).")),
        address_line=_text(c, form, "address_line"),
        postal_code=c.take(lambda: _pattern(form.get("postal_code"), POSTAL_PATTERN, "Code postal « {} » invalide : 5 chiffres.")),
        city=_text(c, form, "city"),
        email=c.take(lambda: _pattern((form.get("email") or "").lower(), EMAIL_PATTERN, "E-mail « {} » invalide.")),
        phone=c.take(lambda: _pattern(form.get("phone"), PHONE_PATTERN, "Téléphone « {} » invalide.")),
        fiscal_year_end=c.take(lambda: parse_fiscal_year_end(form.get("fiscal_year_end") or ""), DEFAULT_FISCAL_YEAR_END),
        vat_regime=c.take(lambda: _choice(VatRegime, form.get("vat_regime") or "", "Régime de TVA"), None),
        tax_regime=c.take(lambda: _choice(TaxRegime, form.get("tax_regime") or "", "Régime fiscal"), None),
        headcount=c.take(lambda: _optional_int(form.get("headcount") or "", "Effectif"), None),
        partner_id=partner_id, manager_id=manager_id, tags=c.take(lambda: _tags(form.get("tags") or ""), ()),
        notes=c.take(lambda: _notes(form.get("notes") or "")),
        share_capital_cents=c.take(lambda: parse_share_capital(form.get("share_capital") or ""), None),
        group_id=group_id, public=validate_public(c, form, siren, siret),
    )
    if c.problems:
        raise InvalidClient(c.problems)
    return client


def _notes(text: str) -> str:
    """Notes may span lines; other control characters are refused like everywhere else."""
    lines = [single_line(line, LABELS["notes"], LIMITS["notes"]) for line in text.replace("\r", "").split("\n")]
    value = "\n".join(lines).strip()
    if len(value) > LIMITS["notes"]:
        raise InvalidInput(f"Notes : {LIMITS['notes']} caractères au plus.")
    return value


def as_form(client: Client) -> dict[str, str]:
    """The inverse of `validate_client`, to prefill an edit form."""
    return {"kind": client.kind.value, "name": client.name, "siren": client.siren or "", "siret": client.siret,
            "legal_form": client.legal_form, "naf_code": client.naf_code, "vat_number": client.vat_number,
            "address_line": client.address_line, "postal_code": client.postal_code, "city": client.city,
            "email": client.email, "phone": client.phone, "fiscal_year_end": client.fiscal_year_end_label,
            "vat_regime": client.vat_regime.value if client.vat_regime else "",
            "tax_regime": client.tax_regime.value if client.tax_regime else "",
            "headcount": "" if client.headcount is None else str(client.headcount),
            "tags": ", ".join(client.tags), "notes": client.notes,
            "share_capital": share_capital_text(client.share_capital_cents), **public_form(client.public)}
