"""Electronic signature through Yousign v3: environments, request states, stored credentials, sync report."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError

YOUSIGN = "yousign"  # provider key of integration_credentials


class SignatureError(DomainError):
    """The signature provider refused or failed; the French message says what to do."""


class YousignEnvironment(StrEnum):
    SANDBOX = "sandbox"
    PRODUCTION = "production"

    @property
    def label(self) -> str:
        return {"sandbox": "Test (bac à sable)", "production": "Production"}[self.value]

    @property
    def base_url(self) -> str:
        return {"sandbox": "https://api-sandbox.yousign.app/v3", "production": "https://api.yousign.app/v3"}[self.value]

    @classmethod
    def of_url(cls, base_url: str) -> "YousignEnvironment | None":
        """The environment an API address belongs to; None for any other address (a local test server)."""
        return next((env for env in cls if env.base_url == base_url.rstrip("/")), None)


class RequestStatus(StrEnum):
    """Statuses of a Yousign v3 signature request (developers.yousign.com, "Signature Request")."""

    DRAFT = "draft"
    APPROVAL = "approval"
    ONGOING = "ongoing"
    DONE = "done"
    DECLINED = "declined"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELED = "canceled"
    DELETED = "deleted"

    @property
    def label(self) -> str:
        return {"draft": "Brouillon chez Yousign", "approval": "En attente d'approbation", "ongoing": "En cours de signature",
                "done": "Signée", "declined": "Refusée par le signataire", "rejected": "Rejetée par un approbateur",
                "expired": "Expirée", "canceled": "Annulée", "deleted": "Supprimée"}[self.value]


def status_label(status: str) -> str:
    """French label of a provider status as stored (unknown values are shown as they are)."""
    try:
        return RequestStatus(status).label
    except ValueError:
        return status or "—"


class SyncOutcome(StrEnum):
    """What one status check did to a letter."""

    UNCHANGED = "unchanged"  # not (or no longer) waiting for a Yousign signature: nothing to do
    PENDING = "pending"  # still waiting; the status and the time of the check are stored
    SIGNED = "signed"
    REFUSED = "refused"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return {"unchanged": "déjà à jour", "pending": "en attente de signature", "signed": "signée",
                "refused": "refusée", "expired": "expirée ou annulée"}[self.value]


@dataclass(frozen=True, slots=True)
class StoredCredential:
    """A row of integration_credentials: the secret only as a Fernet token."""

    provider: str
    ciphertext: str
    base_url: str
    hint: str
    updated_at: datetime | None = None
    updated_by: int | None = None


@dataclass(frozen=True, slots=True)
class CredentialInfo:
    """What a page may show about stored credentials: never the secret itself."""

    provider: str
    base_url: str
    hint: str
    updated_at: datetime | None = None
    updated_by_name: str = ""

    @property
    def environment(self) -> YousignEnvironment | None:
        return YousignEnvironment.of_url(self.base_url)

    @property
    def environment_label(self) -> str:
        env = self.environment
        return env.label if env else f"Adresse personnalisée ({self.base_url})"


@dataclass(frozen=True, slots=True)
class SignaturePlacement:
    """Where the signer's field goes: on the last page of the letter, in points from the page's top-left
    corner (Yousign's convention; A4 = 595 × 842 pt). The letter templates keep the lower right quarter
    of their last page free for it."""

    x: int = 320
    y: int = 660


PLACEMENT = SignaturePlacement()


@dataclass
class SyncReport:
    """What one `sync-signatures` pass did, over one or several firms."""

    checked: int = 0
    signed: int = 0
    refused: int = 0
    expired: int = 0
    errors: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # one per letter checked or failed, for the command's output

    def count(self, outcome: SyncOutcome) -> None:
        self.checked += 1
        self.signed += outcome is SyncOutcome.SIGNED
        self.refused += outcome is SyncOutcome.REFUSED
        self.expired += outcome is SyncOutcome.EXPIRED

    def add(self, other: "SyncReport") -> None:
        self.checked += other.checked
        self.signed += other.signed
        self.refused += other.refused
        self.expired += other.expired
        self.errors.extend(other.errors)
        self.lines.extend(other.lines)

    @property
    def summary(self) -> str:
        return (f"Lettres vérifiées : {self.checked}, signées : {self.signed}, refusées : {self.refused}, "
                f"expirées : {self.expired}, erreurs : {len(self.errors)}.")
