"""Engagement letters (lettres de mission) and amendments (avenants)."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class LetterStatus(StrEnum):
    DRAFT = "brouillon"
    TO_SIGN = "a_signer"
    SIGNED = "signee"
    REFUSED = "refusee"
    EXPIRED = "expiree"
    SUPERSEDED = "remplacee"  # an older version, revised by a newer one

    @property
    def label(self) -> str:
        return {"brouillon": "Brouillon", "a_signer": "À signer", "signee": "Signée", "refusee": "Refusée",
                "expiree": "Expirée", "remplacee": "Remplacée"}[self.value]


class LetterKind(StrEnum):
    LETTER = "letter"
    AMENDMENT = "amendment"

    @property
    def label(self) -> str:
        return {"letter": "Lettre de mission", "amendment": "Avenant"}[self.value]


class SignatureProvider(StrEnum):
    YOUSIGN = "yousign"
    UPLOAD = "upload"  # printed, signed by hand, scanned and uploaded

    @property
    def label(self) -> str:
        return {"yousign": "Yousign", "upload": "Document signé téléversé"}[self.value]


@dataclass(frozen=True, slots=True)
class LetterTemplate:
    id: int
    name: str
    kind: LetterKind
    body: str  # Jinja2 source, rendered in a sandbox
    is_default: bool = False
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class EngagementLetter:
    id: int
    number: str
    status: LetterStatus
    client_id: int
    fiscal_year_start: date
    fiscal_year_end: date
    created_on: date
    version: int = 1
    previous_id: int | None = None
    kind: LetterKind = LetterKind.LETTER
    amends_id: int | None = None
    quote_id: int | None = None
    template_id: int | None = None
    title: str = ""
    sent_on: date | None = None
    expires_on: date | None = None
    decided_on: date | None = None
    refusal_reason: str = ""
    signatory_name: str = ""
    signatory_email: str = ""
    signatory_phone: str = ""
    signature_provider: SignatureProvider | None = None
    signature_request_id: str = ""
    signer_id: str = ""
    signature_status: str = ""
    signature_checked_at: datetime | None = None
    pdf_sha256: str = ""
    signed_pdf_sha256: str = ""
    has_audit_trail: bool = False
    created_by: int | None = None

    @property
    def reference(self) -> str:
        return self.number if self.version == 1 else f"{self.number}-v{self.version}"
