"""Typed prospect fields → a `Prospect`, every problem reported at once (French messages).

A prospect needs only a name: the SIREN, when typed, must carry a correct check digit; the
expected annual fees are typed the French way ("12 000", "1 500,50") and never negative; a next
action date needs the action it announces.
"""

import re
from dataclasses import replace
from datetime import date, datetime

from domain.clients.model import ClientKind
from domain.clients.validation import EMAIL_PATTERN, PHONE_PATTERN, POSTAL_PATTERN, InvalidClient
from domain.errors import InvalidInput, Problems
from domain.identifiers import validate_siren
from domain.money import from_cents, parse_non_negative_amount, to_cents
from domain.pipeline.model import Prospect
from domain.text import single_line

LIMITS = {"name": 200, "legal_form": 60, "contact_name": 200, "email": 254, "phone": 30, "address_line": 300,
          "city": 100, "source": 60, "next_action": 200, "lost_reason": 300, "notes": 2000}
LABELS = {"name": "Nom", "legal_form": "Forme juridique", "contact_name": "Contact", "email": "E-mail",
          "phone": "Téléphone", "address_line": "Adresse", "city": "Ville", "source": "Origine",
          "next_action": "Prochaine action", "lost_reason": "Raison de la perte", "notes": "Notes"}
DATE_PATTERN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
FEES_LABEL = "Honoraires annuels espérés"


class InvalidProspect(InvalidClient):
    """Every problem of one prospect at once; `problems` lists them, the message joins them."""


def clean_text(value: object, field: str) -> str:
    return single_line(str(value or ""), LABELS[field], LIMITS[field])


def parse_day(value: object, label: str = "Date de la prochaine action") -> date | None:
    """A `date`, "JJ/MM/AAAA" or "AAAA-MM-JJ"; empty → None."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = str(value).strip()
    if not text:
        return None
    try:
        match = DATE_PATTERN.match(text)
        return date(int(match[3]), int(match[2]), int(match[1])) if match else date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{label} « {text} » invalide : JJ/MM/AAAA.") from None


def parse_fees(value: object) -> int:
    text = str(value or "").strip()
    return to_cents(parse_non_negative_amount(text, FEES_LABEL)) if text else 0


def _kind(value: object) -> ClientKind:
    text = str(value or "").strip().lower()
    for kind in ClientKind:
        if text in (kind.value, kind.label.lower()):
            return kind
    if not text:
        return ClientKind.COMPANY
    raise InvalidInput(f"Type « {value} » inconnu : société ou particulier.")


def _pattern(value: object, pattern: re.Pattern, message: str) -> str:
    text = " ".join(str(value or "").split())
    if text and not pattern.match(text):
        raise InvalidInput(message.format(text))
    return text


def _notes(value: object) -> str:
    raw = str(value or "").replace("\r", "")
    lines = [single_line(line, LABELS["notes"], LIMITS["notes"]) for line in raw.split("\n")]
    text = "\n".join(lines).strip()
    if len(text) > LIMITS["notes"]:
        raise InvalidInput(f"Notes : {LIMITS['notes']} caractères au plus.")
    return text


def validate_prospect(form: dict[str, object], base: Prospect) -> Prospect:
    """`base` with the form's descriptive fields (stage, dates and links untouched); raises
    InvalidProspect listing every problem. `form` maps field names to typed text (dates may be `date`)."""
    c = Problems()
    siren_text = str(form.get("siren") or "").strip()
    prospect = replace(
        base,
        name=c.take(lambda: single_line(str(form.get("name") or ""), LABELS["name"], LIMITS["name"], required=True)),
        kind=c.take(lambda: _kind(form.get("kind")), ClientKind.COMPANY),
        siren=c.take(lambda: validate_siren(siren_text), None) if siren_text else None,
        legal_form=c.take(lambda: clean_text(form.get("legal_form"), "legal_form")),
        contact_name=c.take(lambda: clean_text(form.get("contact_name"), "contact_name")),
        email=c.take(lambda: _pattern(str(form.get("email") or "").lower(), EMAIL_PATTERN, "E-mail « {} » invalide.")),
        phone=c.take(lambda: _pattern(form.get("phone"), PHONE_PATTERN, "Téléphone « {} » invalide.")),
        address_line=c.take(lambda: clean_text(form.get("address_line"), "address_line")),
        postal_code=c.take(lambda: _pattern(form.get("postal_code"), POSTAL_PATTERN,
                                            "Code postal « {} » invalide : 5 chiffres.")),
        city=c.take(lambda: clean_text(form.get("city"), "city")),
        source=c.take(lambda: clean_text(form.get("source"), "source")),
        expected_fees_cents=c.take(lambda: parse_fees(form.get("expected_fees")), 0),
        next_action=c.take(lambda: clean_text(form.get("next_action"), "next_action")),
        next_action_on=c.take(lambda: parse_day(form.get("next_action_on")), None),
        notes=c.take(lambda: _notes(form.get("notes"))),
    )
    if prospect.kind is ClientKind.INDIVIDUAL and prospect.siren:
        c.problems.append("SIREN : un particulier n'en a pas (choisissez « Société »).")
    if prospect.next_action_on is not None and not prospect.next_action:
        c.problems.append("Prochaine action : décrivez l'action prévue à cette date.")
    if c.problems:
        raise InvalidProspect(c.problems)
    return prospect


def as_form(prospect: Prospect) -> dict[str, object]:
    """The inverse of `validate_prospect`, to prefill an edit form."""
    fees = f"{from_cents(prospect.expected_fees_cents):.2f}".replace(".", ",").removesuffix(",00")
    return {"kind": prospect.kind.value, "name": prospect.name, "siren": prospect.siren or "",
            "legal_form": prospect.legal_form, "contact_name": prospect.contact_name, "email": prospect.email,
            "phone": prospect.phone, "address_line": prospect.address_line, "postal_code": prospect.postal_code,
            "city": prospect.city, "source": prospect.source,
            "expected_fees": fees if prospect.expected_fees_cents else "",
            "next_action": prospect.next_action, "next_action_on": prospect.next_action_on, "notes": prospect.notes}
