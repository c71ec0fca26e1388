"""Validation of the firm's legal identity; every problem is reported at once."""

from dataclasses import asdict, fields

from domain.errors import InvalidInput, Problems
from domain.firm.model import FirmIdentity
from domain.identifiers import validate_bic, validate_iban, validate_siren, validate_siret, validate_vat_number
from domain.money import parse_non_negative_amount, to_cents
from domain.text import has_control_characters

# Longest text each field may hold (the database columns' sizes).
MAX_LENGTHS = {"name": ("Dénomination", 200), "legal_form": ("Forme juridique", 60), "rcs_city": ("Ville du RCS", 100),
               "ordre_number": ("N° d'inscription à l'Ordre", 50), "address_line": ("Adresse", 300),
               "city": ("Ville", 100), "email": ("E-mail", 254), "phone": ("Téléphone", 30)}

LEGAL_FORMS = ("SAS", "SASU", "SARL", "EURL", "SA", "SELAS", "SELARL", "SELAFA", "SCP", "SNC",
               "Entreprise individuelle", "Association")


def _clean(form: dict[str, str], problems: list[str]) -> dict[str, str]:
    cleaned = {}
    for key, value in form.items():
        label, _ = MAX_LENGTHS.get(key, (key, 0))
        if has_control_characters(str(value or "").replace("\t", " ").replace("\n", " ").replace("\r", " ")):
            problems.append(f"{label} : caractères non autorisés.")
            value = ""
        cleaned[key] = " ".join(str(value or "").split())
    return cleaned


def validate_identity(form: dict[str, str]) -> FirmIdentity:
    """Build a FirmIdentity from typed text; raise InvalidInput listing every problem."""
    checks = Problems()
    problems = checks.problems
    f = _clean(form, problems)
    if not f.get("name"):
        problems.append("La dénomination du cabinet est obligatoire.")
    siren = checks.take(lambda: validate_siren(f.get("siren", "")))
    siret = checks.take(lambda: validate_siret(f["siret"], siren)) if f.get("siret") else ""
    vat = checks.take(lambda: validate_vat_number(f["vat_number"], siren)) if f.get("vat_number") else ""
    iban = checks.take(lambda: validate_iban(f["iban"])) if f.get("iban") else ""
    bic = checks.take(lambda: validate_bic(f["bic"])) if f.get("bic") else ""
    capital = checks.take(lambda: parse_non_negative_amount(f.get("share_capital") or "0", "Capital social"))
    if f.get("postal_code") and not (f["postal_code"].isdigit() and len(f["postal_code"]) == 5):
        problems.append(f"Code postal « {f['postal_code']} » invalide : 5 chiffres.")
    if f.get("email") and "@" not in f["email"]:
        problems.append(f"Adresse e-mail « {f['email']} » invalide.")
    problems += [f"{label} : {limit} caractères au plus." for key, (label, limit) in MAX_LENGTHS.items()
                 if len(f.get(key, "")) > limit]
    if problems:
        raise InvalidInput("\n".join(problems))
    plain = {k: f.get(k, "") for k in ("name", "legal_form", "rcs_city", "ordre_number", "address_line",
                                       "postal_code", "city", "email", "phone")}
    return FirmIdentity(**plain, siren=siren or "", siret=siret or "", vat_number=vat or "",
                        iban=iban or "", bic=bic or "", share_capital_cents=to_cents(capital))


def identity_changes(before: FirmIdentity, after: FirmIdentity) -> dict[str, list]:
    """Field → [old, new] for the audit log."""
    old, new = asdict(before), asdict(after)
    return {f.name: [old[f.name], new[f.name]] for f in fields(FirmIdentity) if old[f.name] != new[f.name]}


def identity_form(identity: FirmIdentity) -> dict[str, str]:
    """The identity as the text a form shows (capital in French notation)."""
    form = {k: str(v) for k, v in asdict(identity).items()}
    cents = identity.share_capital_cents
    form["share_capital"] = f"{cents // 100},{cents % 100:02d}" if cents % 100 else str(cents // 100)
    return form


LOGO_MAX_BYTES = 500 * 1024
_LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def logo_mime(content: bytes) -> str:
    """The logo's MIME type, judged from its bytes (never from the browser's claim)."""
    if len(content) > LOGO_MAX_BYTES:
        raise InvalidInput("Le logo ne doit pas dépasser 500 Ko.")
    for signature, mime in _LOGO_SIGNATURES.items():
        if content.startswith(signature):
            return mime
    raise InvalidInput("Le logo doit être une image PNG ou JPEG.")
