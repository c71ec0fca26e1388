"""The sales pipeline: a prospect moves through stages until it is won (it becomes a client) or lost.

Rules (issue 3, DOMAIN.md §1.2 B):
- from any open stage (Nouveau, Qualifié, Devis envoyé) a prospect may go to any other stage;
- "Perdu" needs a reason; "Gagné" and "Perdu" close the prospect (closing date recorded);
- a lost prospect may be reopened as Nouveau or Qualifié (the change is kept in the history);
- a won prospect is final: it is, or becomes, a client of the firm.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.clients.model import ClientKind
from domain.errors import InvalidInput


class Stage(StrEnum):
    NEW = "nouveau"
    QUALIFIED = "qualifie"
    QUOTE_SENT = "devis_envoye"
    WON = "gagne"
    LOST = "perdu"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]

    @property
    def order(self) -> int:
        return list(Stage).index(self)

    @property
    def is_closed(self) -> bool:
        return self in (Stage.WON, Stage.LOST)


STAGE_LABELS = {Stage.NEW: "Nouveau", Stage.QUALIFIED: "Qualifié", Stage.QUOTE_SENT: "Devis envoyé",
                Stage.WON: "Gagné", Stage.LOST: "Perdu"}
OPEN_STAGES = (Stage.NEW, Stage.QUALIFIED, Stage.QUOTE_SENT)
REOPEN_STAGES = (Stage.NEW, Stage.QUALIFIED)
# Chance of signing by open stage, for the weighted pipeline value (a common sales convention).
STAGE_WEIGHTS_PERCENT = {Stage.NEW: 10, Stage.QUALIFIED: 30, Stage.QUOTE_SENT: 60}


@dataclass(frozen=True, slots=True, kw_only=True)
class Prospect:
    id: int
    name: str
    kind: ClientKind = ClientKind.COMPANY
    siren: str | None = None
    legal_form: str = ""
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    source: str = ""
    stage: Stage = Stage.NEW
    lost_reason: str = ""
    owner_id: int | None = None
    expected_fees_cents: int = 0  # annual, excluding VAT
    next_action: str = ""
    next_action_on: date | None = None
    created_on: date
    stage_changed_on: date
    closed_on: date | None = None  # won or lost
    client_id: int | None = None  # the client it became (or was linked to)
    notes: str = ""

    @property
    def is_open(self) -> bool:
        return not self.stage.is_closed

    def next_action_overdue(self, today: date) -> bool:
        """An open prospect whose next action date has passed."""
        return self.is_open and self.next_action_on is not None and self.next_action_on < today


@dataclass(frozen=True, slots=True)
class StageChange:
    prospect_id: int
    from_stage: Stage | None  # None for the creation
    to_stage: Stage
    changed_on: date
    at: datetime
    user_id: int | None = None
    id: int = 0


@dataclass(frozen=True, slots=True)
class ProspectFilter:
    stages: tuple[Stage, ...] = ()  # empty: every stage
    owner_id: int | None = None
    text: str = ""  # name, contact, city or SIREN contains it (case ignored)


def check_transition(current: Stage, target: Stage, reason: str = "") -> None:
    """Raise InvalidInput (French) unless `current` → `target` is allowed."""
    if current is Stage.WON:
        raise InvalidInput("Un prospect gagné est définitif : son étape ne peut plus changer.")
    if current is Stage.LOST and target not in REOPEN_STAGES:
        raise InvalidInput("Un prospect perdu ne peut être rouvert qu'en « Nouveau » ou « Qualifié ».")
    if target is Stage.LOST and not reason.strip():
        raise InvalidInput("Indiquez la raison de la perte du prospect.")
