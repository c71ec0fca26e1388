"""A statutory deadline of a client: a tax, social or legal filing due on a date for a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

DUE_SOON_DAYS = 15


class DeadlineKind(StrEnum):
    VAT_MONTHLY = "tva_ca3_mensuelle"
    VAT_QUARTERLY = "tva_ca3_trimestrielle"
    VAT_ANNUAL = "tva_ca12"
    VAT_INSTALMENT = "acompte_tva_ca12"
    TAX_RETURN = "liasse"
    CIT_INSTALMENT = "acompte_is"
    CIT_BALANCE = "solde_is"
    CVAE = "cvae"
    DAS2 = "das2"
    DSN = "dsn"
    ACCOUNTS_APPROVAL = "approbation_comptes"
    ACCOUNTS_FILING = "depot_comptes"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    DeadlineKind.VAT_MONTHLY: "TVA CA3 mensuelle",
    DeadlineKind.VAT_QUARTERLY: "TVA CA3 trimestrielle",
    DeadlineKind.VAT_ANNUAL: "TVA CA12",
    DeadlineKind.VAT_INSTALMENT: "Acompte de TVA CA12",
    DeadlineKind.TAX_RETURN: "Liasse fiscale",
    DeadlineKind.CIT_INSTALMENT: "Acompte d'IS",
    DeadlineKind.CIT_BALANCE: "Solde d'IS",
    DeadlineKind.CVAE: "CVAE (1330-CVAE)",
    DeadlineKind.DAS2: "DAS2 (honoraires versés)",
    DeadlineKind.DSN: "DSN",
    DeadlineKind.ACCOUNTS_APPROVAL: "Approbation des comptes",
    DeadlineKind.ACCOUNTS_FILING: "Dépôt des comptes au greffe",
}

# The catalogue mission type (code) a deadline belongs to, in order of preference.
MISSION_CODES: dict[DeadlineKind, tuple[str, ...]] = {
    DeadlineKind.VAT_MONTHLY: ("tva", "tenue"),
    DeadlineKind.VAT_QUARTERLY: ("tva", "tenue"),
    DeadlineKind.VAT_ANNUAL: ("tva", "tenue"),
    DeadlineKind.VAT_INSTALMENT: ("tva", "tenue"),
    DeadlineKind.TAX_RETURN: ("liasse", "comptes_annuels"),
    DeadlineKind.CIT_INSTALMENT: ("liasse", "comptes_annuels"),
    DeadlineKind.CIT_BALANCE: ("liasse", "comptes_annuels"),
    DeadlineKind.CVAE: ("liasse", "comptes_annuels"),
    DeadlineKind.DAS2: ("liasse", "comptes_annuels"),
    DeadlineKind.DSN: ("paie",),
    DeadlineKind.ACCOUNTS_APPROVAL: ("juridique", "comptes_annuels"),
    DeadlineKind.ACCOUNTS_FILING: ("juridique", "comptes_annuels"),
}


class DeadlineStatus(StrEnum):
    OPEN = "a_faire"
    OVERDUE = "en_retard"
    DONE = "faite"

    @property
    def label(self) -> str:
        return {"a_faire": "À faire", "en_retard": "En retard", "faite": "Faite"}[self.value]


@dataclass(frozen=True, slots=True)
class Deadline:
    id: int
    client_id: int
    kind: DeadlineKind
    label: str
    period_start: date
    period_end: date
    due_on: date
    mission_id: int | None = None
    done_on: date | None = None
    done_by: int | None = None
    client_name: str = ""  # filled by the repository's reads

    @property
    def key(self) -> tuple[int, str, date]:
        """What makes a deadline unique for a client (the table's unique constraint)."""
        return self.client_id, self.kind.value, self.period_end

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, today: date) -> bool:
        return not self.is_done and self.due_on < today

    def days_left(self, today: date) -> int:
        """Days from today to the due date (negative when overdue)."""
        return (self.due_on - today).days

    def is_due_soon(self, today: date) -> bool:
        return not self.is_done and 0 <= self.days_left(today) <= DUE_SOON_DAYS

    def status(self, today: date) -> DeadlineStatus:
        if self.is_done:
            return DeadlineStatus.DONE
        return DeadlineStatus.OVERDUE if self.is_overdue(today) else DeadlineStatus.OPEN


@dataclass(frozen=True, slots=True)
class DeadlineFilter:
    """Criteria of the deadlines list; None or empty means "any"."""

    due_from: date | None = None
    due_to: date | None = None
    kind: DeadlineKind | None = None
    status: DeadlineStatus | None = None
    today: date | None = None  # needed by the "à faire" / "en retard" statuses
    client_text: str = ""
    client_id: int | None = None
    manager_id: int | None = None  # the client's manager or the attached mission's manager
    mission_id: int | None = None
    user_id: int | None = None  # "my deadlines": see DeadlineRepo.list
    open_only: bool = False  # not done (overdue or to do)


@dataclass(frozen=True, slots=True)
class DeadlineOwners:
    """An open deadline with the managers who may answer for it (the read behind the e-mail alerts)."""

    deadline: Deadline
    mission_manager_id: int | None = None  # the manager of the attached mission, if any
    client_manager_id: int | None = None

    @property
    def responsible_id(self) -> int | None:
        """The attached mission's manager; the client's manager when there is no mission or it has no manager."""
        return self.mission_manager_id if self.mission_manager_id is not None else self.client_manager_id
