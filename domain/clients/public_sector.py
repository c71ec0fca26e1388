"""The Chorus Pro identifiers of a public-sector client as typed in its form (DOMAIN.md §2c).

A public buyer is reached on Chorus Pro by the SIRET of the recipient structure; depending on that
structure's settings, its invoices must also carry a service code (BT-10, codeServiceExecutant) and a
legal commitment number (BT-13, numéro d'engagement juridique). Codes may be left empty here even when
required: an engagement can carry them, and the invoice is checked when it is issued.
"""

import re

from domain.clients.model import PublicRecipient
from domain.errors import InvalidInput, Problems
from domain.identifiers import validate_siret
from domain.text import single_line

SERVICE_CODE_LIMIT, COMMITMENT_LIMIT = 100, 50
_CODE = re.compile(r"^[A-Za-z0-9._/\-]+$")
YES = "oui"
FIELDS = ("public_sector", "chorus_siret", "chorus_service_code", "chorus_commitment_number",
          "chorus_service_code_required", "chorus_commitment_required")


def _flag(form: dict, field: str) -> bool:
    return str(form.get(field) or "").strip().lower() in (YES, "true", "1", "on")


def clean_code(text: str | None, label: str, limit: int) -> str:
    """A Chorus Pro code: one word of letters, digits and . _ / - ("" when empty)."""
    code = single_line(text or "", label, limit)
    if code and not _CODE.match(code):
        raise InvalidInput(f"{label} « {code} » invalide : lettres, chiffres et . _ / - uniquement, sans espace.")
    return code


def service_code(text: str | None) -> str:
    return clean_code(text, "Code service Chorus Pro", SERVICE_CODE_LIMIT)


def commitment_number(text: str | None) -> str:
    return clean_code(text, "Numéro d'engagement Chorus Pro", COMMITMENT_LIMIT)


def validate_public(c: Problems, form: dict, siren: str | None, head_office_siret: str) -> PublicRecipient | None:
    """The public-sector part of a client form, its problems noted in `c`; None for a private client. The
    recipient SIRET defaults to the head office's and must belong to the client's SIREN."""
    if not _flag(form, "public_sector"):
        return None
    typed = (form.get("chorus_siret") or "").strip() or head_office_siret
    siret = ""
    if not typed:
        c.problems.append("Client public : le SIRET du destinataire Chorus Pro est obligatoire (14 chiffres).")
    else:
        siret = c.take(lambda: validate_siret(typed, siren))
    return PublicRecipient(siret=siret, service_code=c.take(lambda: service_code(form.get("chorus_service_code"))),
                           commitment_number=c.take(lambda: commitment_number(form.get("chorus_commitment_number"))),
                           service_code_required=_flag(form, "chorus_service_code_required"),
                           commitment_required=_flag(form, "chorus_commitment_required"))


def public_form(public: PublicRecipient | None) -> dict[str, str]:
    """The inverse of `validate_public`, to prefill a form (flags as "oui" or "")."""
    if public is None:
        return dict.fromkeys(FIELDS, "")
    return {"public_sector": YES, "chorus_siret": public.siret, "chorus_service_code": public.service_code,
            "chorus_commitment_number": public.commitment_number,
            "chorus_service_code_required": YES if public.service_code_required else "",
            "chorus_commitment_required": YES if public.commitment_required else ""}
