"""Identity evidence: the ID documents of natural persons and the registry extracts (Kbis) of companies,
with the checks of R561-5 and NPLAB §06.

- A registry extract must be less than 3 months old when the client is identified: one already older
  than 3 months on the day it was received is flagged.
- A document past its expiry date is flagged (an expired ID no longer proves identity).
- A company without a registry extract, and a beneficial owner without a valid ID, are "missing".
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
REGISTRY_MAX_AGE_MONTHS = 3
# Accepted files, recognised by their first bytes rather than by the name the user gave them.
SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


class EvidenceKind(StrEnum):
    ID_CARD = "id_card"
    PASSPORT = "passport"
    RESIDENCE_PERMIT = "residence_permit"
    REGISTRY_EXTRACT = "registry_extract"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"id_card": "Carte nationale d'identité", "passport": "Passeport",
                "residence_permit": "Titre de séjour", "registry_extract": "Extrait Kbis / extrait RNE",
                "other": "Autre justificatif"}[self.value]

    @property
    def proves_identity(self) -> bool:
        return self in (EvidenceKind.ID_CARD, EvidenceKind.PASSPORT, EvidenceKind.RESIDENCE_PERMIT)


@dataclass(frozen=True, slots=True)
class Evidence:
    id: int
    client_id: int
    kind: EvidenceKind
    issued_on: date
    received_on: date  # the day the firm obtained it (identification date)
    party_id: int | None = None  # the person an ID document belongs to
    expires_on: date | None = None
    reference: str = ""
    filename: str = ""
    content_type: str = ""
    size: int = 0
    sha256: str = ""
    uploaded_at: datetime | None = None
    uploaded_by: int | None = None


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def is_expired(evidence: Evidence, today: date) -> bool:
    return evidence.expires_on is not None and evidence.expires_on < today


def is_stale_extract(evidence: Evidence) -> bool:
    """A registry extract issued more than 3 months before the firm received it."""
    return (evidence.kind is EvidenceKind.REGISTRY_EXTRACT
            and evidence.issued_on < months_before(evidence.received_on, REGISTRY_MAX_AGE_MONTHS))


def flags(evidence: Evidence, today: date) -> tuple[str, ...]:
    found = []
    if is_expired(evidence, today):
        found.append(f"Expiré depuis le {evidence.expires_on:%d/%m/%Y}")
    if is_stale_extract(evidence):
        found.append("Extrait de plus de 3 mois à la date de réception")
    return tuple(found)


def is_valid(evidence: Evidence, today: date) -> bool:
    return not flags(evidence, today)


@dataclass(frozen=True, slots=True)
class Person:
    """Who must be identified: an id and a name."""

    id: int
    full_name: str


def missing(is_company: bool, people: Sequence[Person], evidence: Iterable[Evidence], today: date) -> tuple[str, ...]:
    """What is still to be collected: a valid registry extract for a company, a valid ID for each person, and
    for an individual client a valid ID of their own (a document attached to no person of the file)."""
    valid = [e for e in evidence if is_valid(e, today)]
    found = []
    if is_company and not any(e.kind is EvidenceKind.REGISTRY_EXTRACT for e in valid):
        found.append("Extrait Kbis de moins de 3 mois")
    if not is_company and not any(e.kind.proves_identity and e.party_id is None for e in valid):
        found.append("Pièce d'identité en cours de validité du client")
    for person in people:
        if not any(e.kind.proves_identity and e.party_id == person.id for e in valid):
            found.append(f"Pièce d'identité en cours de validité de {person.full_name}")
    return tuple(found)


def check_dates(kind: EvidenceKind, issued_on: date | None, received_on: date | None, expires_on: date | None,
                today: date) -> None:
    if issued_on is None:
        raise InvalidInput("Date de délivrance : valeur obligatoire.")
    if received_on is None:
        raise InvalidInput("Date de réception : valeur obligatoire.")
    if issued_on > today:
        raise InvalidInput("Date de délivrance : elle ne peut pas être dans le futur.")
    if received_on > today:
        raise InvalidInput("Date de réception : elle ne peut pas être dans le futur.")
    if received_on < issued_on:
        raise InvalidInput("Date de réception : elle ne peut pas précéder la date de délivrance.")
    if expires_on is not None and expires_on <= issued_on:
        raise InvalidInput("Date d'expiration : elle doit suivre la date de délivrance.")
    if kind.proves_identity and expires_on is None:
        raise InvalidInput(f"{kind.label} : la date d'expiration est obligatoire.")


def check_upload(content: bytes, filename: str) -> str:
    """The file's content type (PDF, JPEG or PNG, 10 Mo at most), or InvalidInput."""
    if not content:
        raise InvalidInput("Le fichier est vide : choisissez le scan du justificatif.")
    if len(content) > MAX_BYTES:
        raise InvalidInput(f"Le fichier « {filename} » dépasse 10 Mo : réduisez la résolution du scan.")
    for magic, content_type in SIGNATURES.items():
        if content.startswith(magic):
            return content_type
    raise InvalidInput(f"Le fichier « {filename} » n'est ni un PDF, ni une image JPEG ou PNG.")
