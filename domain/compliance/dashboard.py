"""The "Tableau de bord LCB-FT": the compliance status of the whole client base, computed by the `sql/` view
compliance_status (DuckDB over the firm's tables, like the other analytics), summed up for a partner who must
show an inspector that every client has a justified, validated and current assessment, or which do not."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from domain.access.model import Permission, Principal
from domain.compliance.model import AssessmentStatus, Level
from domain.firm.guards import require_staff
from domain.ports import FirmUnitOfWork

VIEW = "compliance_status"
SOON_DAYS = 30  # reviews due within a month are shown "à prévoir"
NOT_ASSESSED = "Non évaluée"


@dataclass(frozen=True, slots=True)
class ClientStatus:
    client_id: int
    client_name: str
    siren: str
    level: Level | None  # of the current (latest validated) assessment
    validated_on: date | None
    next_review_on: date | None
    review_due_on: date | None  # the next review, or an earlier review asked by an event
    pending: AssessmentStatus | None  # an assessment in progress newer than the current one
    open_flags: int
    unvalidated: bool
    overdue: bool
    due_soon: bool
    missing_extract: bool
    missing_ids: int

    @property
    def missing_evidence(self) -> bool:
        return self.missing_extract or self.missing_ids > 0

    @property
    def compliant(self) -> bool:
        """Validated, current and documented: what an inspector expects of every client."""
        return not (self.unvalidated or self.overdue or self.missing_evidence)

    @property
    def level_label(self) -> str:
        return self.level.label if self.level else NOT_ASSESSED


@dataclass(frozen=True, slots=True)
class Dashboard:
    clients: list[ClientStatus]
    today: date
    loaded_at: datetime | None = None
    by_level: dict[str, int] = field(default_factory=dict)  # level label (and "Non évaluée") → clients

    @property
    def compliant(self) -> int:
        return sum(c.compliant for c in self.clients)

    @property
    def overdue(self) -> list[ClientStatus]:
        return sorted((c for c in self.clients if c.overdue), key=lambda c: (c.review_due_on, c.client_name))

    @property
    def unvalidated(self) -> list[ClientStatus]:
        return [c for c in self.clients if c.unvalidated]

    @property
    def missing_evidence(self) -> list[ClientStatus]:
        return [c for c in self.clients if c.missing_evidence]

    @property
    def due_soon(self) -> list[ClientStatus]:
        return sorted((c for c in self.clients if c.due_soon), key=lambda c: (c.review_due_on, c.client_name))


def _status(row: dict) -> ClientStatus:
    return ClientStatus(
        client_id=int(row["client_id"]), client_name=row["client_name"], siren=row["siren"] or "",
        level=Level(row["level"]) if row["level"] else None, validated_on=row["validated_on"],
        next_review_on=row["next_review_on"], review_due_on=row["review_due_on"],
        pending=AssessmentStatus(row["pending_status"]) if row["pending_status"] else None,
        open_flags=int(row["open_flags"]), unvalidated=bool(row["unvalidated"]), overdue=bool(row["overdue"]),
        due_soon=bool(row["due_soon"]), missing_extract=bool(row["missing_extract"]),
        missing_ids=int(row["missing_ids"]))


def compliance_dashboard(uow: FirmUnitOfWork, principal: Principal | None, today: date) -> Dashboard:
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        clients = [_status(r) for r in uow.analytics.rows(VIEW, today=today, soon=today + timedelta(days=SOON_DAYS))]
        loaded = uow.analytics.loaded_at(VIEW)
    by_level = {level.label: 0 for level in Level} | {NOT_ASSESSED: 0}
    for client in clients:
        by_level[client.level_label] += 1
    return Dashboard(clients=clients, today=today, loaded_at=loaded, by_level=by_level)
