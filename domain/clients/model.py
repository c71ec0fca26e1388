"""A client of the firm (dossier client): a company identified by its SIREN, or an individual."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ClientKind(StrEnum):
    COMPANY = "company"
    INDIVIDUAL = "individual"

    @property
    def label(self) -> str:
        return {"company": "Société", "individual": "Particulier"}[self.value]


class VatRegime(StrEnum):
    MONTHLY = "mensuel"
    QUARTERLY = "trimestriel"
    ANNUAL = "CA12"
    EXEMPT = "franchise"

    @property
    def label(self) -> str:
        return {"mensuel": "Réel normal mensuel (CA3)", "trimestriel": "Réel normal trimestriel (CA3)",
                "CA12": "Réel simplifié (CA12)", "franchise": "Franchise en base"}[self.value]


class TaxRegime(StrEnum):
    CORPORATE = "IS"
    INCOME = "IR"

    @property
    def label(self) -> str:
        return {"IS": "Impôt sur les sociétés (IS)", "IR": "Impôt sur le revenu (IR)"}[self.value]


DEFAULT_FISCAL_YEAR_END = (31, 12)


@dataclass(frozen=True, slots=True)
class PublicRecipient:
    """A public-sector client invoiced through Chorus Pro (DOMAIN.md §2c): the recipient structure's SIRET
    (codeDestinataire), its service code (BT-10) and legal commitment number (BT-13), and whether the
    structure's Chorus Pro settings make them compulsory (codeServiceDoitEtreRenseigne, numeroEJDoitEtreRenseigne)."""

    siret: str
    service_code: str = ""
    commitment_number: str = ""
    service_code_required: bool = False
    commitment_required: bool = False


@dataclass(frozen=True, slots=True)
class Client:
    id: int
    kind: ClientKind
    name: str
    siren: str | None = None
    siret: str = ""
    legal_form: str = ""
    naf_code: str = ""
    vat_number: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    fiscal_year_end: tuple[int, int] = DEFAULT_FISCAL_YEAR_END  # (day, month)
    vat_regime: VatRegime | None = None
    tax_regime: TaxRegime | None = None
    headcount: int | None = None
    partner_id: int | None = None
    manager_id: int | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""
    archived: bool = False
    share_capital_cents: int | None = None
    group_id: int | None = None
    public: PublicRecipient | None = None  # None: a private client (no Chorus Pro)

    @property
    def fiscal_year_end_label(self) -> str:
        day, month = self.fiscal_year_end
        return f"{day:02d}/{month:02d}"


@dataclass(frozen=True, slots=True)
class ClientFilter:
    text: str = ""
    include_archived: bool = False


@dataclass(frozen=True, slots=True)
class ClientGroup:
    """A group of companies (holding and subsidiaries, a family's companies…) followed together."""

    id: int
    name: str
    notes: str = ""


class ContactRole(StrEnum):
    EXECUTIVE = "dirigeant"
    INTERNAL_ACCOUNTANT = "comptable_interne"
    ASSISTANT = "assistant_direction"
    HR_PAYROLL = "drh_paie"
    LEGAL = "juriste"
    OTHER = "autre"

    @property
    def label(self) -> str:
        return {"dirigeant": "Dirigeant", "comptable_interne": "Comptable interne",
                "assistant_direction": "Assistant(e) de direction", "drh_paie": "DRH / paie",
                "juriste": "Juriste", "autre": "Autre"}[self.value]


@dataclass(frozen=True, slots=True)
class Contact:
    """A person at a client. `is_signatory`: the one who signs the engagement letters (one per client)."""

    id: int
    client_id: int
    last_name: str
    first_name: str = ""
    role: ContactRole = ContactRole.OTHER
    email: str = ""
    phone: str = ""
    email_consent: bool = False
    consent_on: date | None = None  # the day the consent to e-mails was recorded
    is_signatory: bool = False
    notes: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def may_email(self) -> bool:
        """An address and the person's consent: the firm may write to them (GDPR)."""
        return bool(self.email) and self.email_consent
