"""Chorus Pro through the PISTE API (DOMAIN.md §2c): environments, secrets, deposits and their statuses.

A deposit sends the exact Factur-X bytes of an issued invoice as a flow (`factures/v1/deposer/flux`,
syntax IN_DP_E2_CII_FACTURX: Factur-X is a mixed PDF + CII XML document); Chorus Pro answers with a flow
number, then processes the flow: its state (`etatCourantFlux`, read by `transverses/v1/consulterCR`) ends
integrated (the invoice reaches the public buyer) or rejected (the reason is in the report).
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError

CHORUS = "chorus"  # provider key of integration_credentials
FACTURX_SYNTAX = "IN_DP_E2_CII_FACTURX"


class ChorusError(DomainError):
    """PISTE or Chorus Pro refused or failed; the French message says what to do."""


class ChorusEnvironment(StrEnum):
    SANDBOX = "sandbox"
    PRODUCTION = "production"

    @property
    def label(self) -> str:
        return {"sandbox": "Qualification (bac à sable PISTE)", "production": "Production"}[self.value]

    @property
    def api_url(self) -> str:
        return {"sandbox": "https://sandbox-api.piste.gouv.fr", "production": "https://api.piste.gouv.fr"}[self.value]

    @property
    def token_url(self) -> str:
        return {"sandbox": "https://sandbox-oauth.piste.gouv.fr/api/oauth/token",
                "production": "https://oauth.piste.gouv.fr/api/oauth/token"}[self.value]

    @classmethod
    def of_url(cls, api_url: str) -> "ChorusEnvironment | None":
        return next((env for env in cls if env.api_url == api_url.rstrip("/")), None)


def token_url_for(api_url: str) -> str:
    """The OAuth address that goes with an API address: PISTE's own for its two environments; for any other
    address (a local test server), the same host's /api/oauth/token."""
    env = ChorusEnvironment.of_url(api_url)
    return env.token_url if env is not None else f"{api_url.rstrip('/')}/api/oauth/token"


@dataclass(frozen=True, slots=True)
class ChorusSecret:
    """What the firm types once: its PISTE application (OAuth2 client credentials) and its Chorus Pro technical
    account (sent as the `cpro-account` header). Sealed with the cipher, never shown again."""

    client_id: str
    client_secret: str
    login: str  # TECH_1_…@cpro.fr
    password: str


class DepositStatus(StrEnum):
    """Where a deposited flow stands, as EEXPI sums up Chorus Pro's flow states."""

    DEPOSITED = "deposee"  # accepted with a flow number, not yet processed
    IN_PROGRESS = "en_cours"
    INTEGRATED = "integree"
    REJECTED = "rejetee"

    @property
    def label(self) -> str:
        return {"deposee": "Déposée", "en_cours": "En cours de traitement", "integree": "Intégrée (transmise à "
                "l'acheteur public)", "rejetee": "Rejetée"}[self.value]

    @property
    def is_final(self) -> bool:
        return self in (DepositStatus.INTEGRATED, DepositStatus.REJECTED)


# Chorus Pro flow states (etatCourantFlux) that end the processing; every other state is still moving.
_INTEGRATED_STATES = frozenset({"IN_INTEGRE", "IN_INTEGRE_PARTIEL"})
_REJECTED_STATES = frozenset({"IN_REJETE", "IN_INCIDENTE", "IN_IRRECEVABLE", "QP_IRRECEVABLE"})


def status_of_state(state: str) -> DepositStatus:
    state = (state or "").strip().upper()
    if state in _INTEGRATED_STATES:
        return DepositStatus.INTEGRATED
    if state in _REJECTED_STATES:
        return DepositStatus.REJECTED
    return DepositStatus.IN_PROGRESS if state else DepositStatus.DEPOSITED


@dataclass(frozen=True, slots=True)
class FlowReport:
    """What Chorus Pro says of a flow: its state code and the label or rejection reason it gives."""

    state: str
    message: str = ""

    @property
    def status(self) -> DepositStatus:
        return status_of_state(self.state)


@dataclass(frozen=True, slots=True)
class ChorusDeposit:
    id: int
    invoice_id: int
    flow_number: str
    file_name: str
    syntax: str
    environment: str  # the API address the flow went to
    status: DepositStatus
    deposited_at: datetime
    flow_state: str = ""
    message: str = ""
    deposited_by: int | None = None
    checked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChorusInfo:
    """What a page may show about the stored credentials: never the secrets."""

    api_url: str
    login_hint: str
    updated_at: datetime | None = None
    updated_by_name: str = ""

    @property
    def environment(self) -> ChorusEnvironment | None:
        return ChorusEnvironment.of_url(self.api_url)

    @property
    def environment_label(self) -> str:
        env = self.environment
        return env.label if env else f"Adresse personnalisée ({self.api_url})"


@dataclass
class SyncReport:
    """`manage.py sync-chorus`: one line per deposit checked, counts per outcome, errors."""

    checked: int = 0
    changed: int = 0
    integrated: int = 0
    rejected: int = 0
    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, other: "SyncReport") -> None:
        self.checked += other.checked
        self.changed += other.changed
        self.integrated += other.integrated
        self.rejected += other.rejected
        self.lines.extend(other.lines)
        self.errors.extend(other.errors)

    @property
    def summary(self) -> str:
        return (f"{self.checked} dépôt(s) Chorus Pro vérifié(s) : {self.changed} changement(s) de statut, "
                f"{self.integrated} intégré(s), {self.rejected} rejeté(s), {len(self.errors)} erreur(s).")
