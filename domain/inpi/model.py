"""What EEXPI keeps of a company's record in the INPI national register (RNE, DOMAIN.md §4.8).

The RNE API answers `GET /api/companies/{siren}` with the company's latest formality (a large JSON): its
identity (name, legal form, seat address, APE/NAF code, capital, creation date), its managers and, only for
accounts INPI authorised to read the register of beneficial owners (RBE: experts-comptables are
"assujettis"), its beneficial owners. `CompanyRecord` is the part the firm uses to pre-fill a client and to
compare with what it recorded.
"""

from dataclasses import dataclass
from datetime import date, datetime

from domain.errors import DomainError

INPI = "inpi"  # provider key of integration_credentials
INPI_API_URL = "https://registre-national-entreprises.inpi.fr"


class InpiError(DomainError):
    """The INPI refused or failed; the French message says what to do."""


@dataclass(frozen=True, slots=True)
class InpiSecret:
    """The firm's INPI account (data.inpi.fr, with the RNE API access granted): e-mail and password."""

    username: str
    password: str


@dataclass(frozen=True, slots=True)
class Manager:
    """A person or company holding a power in the company (dirigeant, commissaire aux comptes…)."""

    name: str  # "Prénoms NOM" of a person, or the company's name
    role: str  # French label of the RNE role code
    is_company: bool = False
    siren: str = ""  # a company manager's SIREN
    birth: str = ""  # "AAAA-MM" as the RNE gives it (the day is not public)


@dataclass(frozen=True, slots=True)
class BeneficialOwner:
    """A natural person declared to the RBE (> 25 % of capital or votes, or control by other means)."""

    name: str
    birth: str = ""
    nationality: str = ""
    capital_percent: float | None = None
    votes_percent: float | None = None
    control: str = ""  # the declared ways of control, as text


@dataclass(frozen=True, slots=True)
class CompanyRecord:
    siren: str
    name: str
    legal_form_code: str = ""
    legal_form: str = ""  # French label of the code, or the code itself when unknown
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    naf_code: str = ""  # as EEXPI writes it: 69.20Z
    share_capital_cents: int | None = None
    created_on: date | None = None
    managers: tuple[Manager, ...] = ()
    # None: the account is not authorised to read the RBE (not "no beneficial owner")
    beneficial_owners: tuple[BeneficialOwner, ...] | None = None
    updated_at: str = ""  # the RNE's own last update of the record


@dataclass(frozen=True, slots=True)
class InpiInfo:
    """What a page may show about the stored credentials: never the password."""

    api_url: str
    username_hint: str
    updated_at: datetime | None = None
    updated_by_name: str = ""

    @property
    def is_production(self) -> bool:
        return self.api_url == INPI_API_URL


@dataclass(frozen=True, slots=True)
class Difference:
    """One field where the firm's client file and the RNE disagree."""

    label: str
    recorded: str
    registry: str
