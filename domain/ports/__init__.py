"""The ports through which the domain reaches storage and the outside world.

`FirmRepositories` are always bound to one firm: they cannot read or write another firm's rows.
`PlatformUnitOfWork` is the one unscoped path, for sign-in and firm creation; it hands out
firm-scoped repositories with `scoped(firm_id)` inside the same transaction.
"""

from __future__ import annotations

from typing import Protocol, Self

from domain.ports.accounting import FeeRevisionRepo, LedgerRepo
from domain.ports.billing import BillingRepo, DepositRepo, FacturXBatch  # noqa: F401 (re-exported)
from domain.ports.chorus import ChorusDepositRepo, ChorusGateway  # noqa: F401 (re-exported)
from domain.ports.collections import CollectionRepo
from domain.ports.compliance import ComplianceRepo
from domain.ports.compliance_parties import PartyRepo, RiskCountryRepo
from domain.ports.compliance_retention import ComplianceRecordsRepo, RetentionRepo
from domain.ports.crm import (  # noqa: F401 (re-exported)
    ClientGroupRepo,
    ContactRepo,
    CredentialRepo,
    EngagementRepo,
    LetterRepo,
    LetterTemplateRepo,
    MissionRepo,
    MissionTypeRepo,
    ProspectRepo,
    QuoteRepo,
    SignatureGateway,
)
from domain.ports.deferred_pdfs import DeferredPdfRepo
from domain.ports.documents import (  # noqa: F401 (re-exported)
    Analytics,
    DocumentRenderer,
    EInvoicing,
    InvoiceRepo,
    SecretCipher,
)
from domain.ports.firm import (  # noqa: F401 (re-exported)
    AuditRepo,
    ClientRepo,
    FirmRepo,
    GradeRepo,
    NumberingRepo,
    OutboxRepo,
    PasswordHasher,
    PermissionRepo,
    SubscriptionRepo,
    SyntecRepo,
    TeamRepo,
    UserRepo,
    UserSessionRepo,
)
from domain.ports.platform import (
    AccountRepo,
    FirmDirectory,
    ResetTokenRepo,
    SessionRepo,
    ThrottleRepo,
)
from domain.ports.production import (
    AbsenceRepo,
    DeadlineAlertRepo,
    DeadlineRepo,
    TimeEntryRepo,
    TimerRepo,
    TimesheetRepo,
)
from domain.signatures.model import SignatureError  # noqa: F401 (re-exported)


class FirmRepositories(Protocol):
    firm_id: int
    firm: FirmRepo
    users: UserRepo
    teams: TeamRepo
    grades: GradeRepo
    permissions: PermissionRepo
    numbering: NumberingRepo
    outbox: OutboxRepo
    audit: AuditRepo
    syntec: SyntecRepo
    subscription: SubscriptionRepo
    user_sessions: UserSessionRepo
    clients: ClientRepo
    contacts: ContactRepo
    client_groups: ClientGroupRepo
    prospects: ProspectRepo
    mission_types: MissionTypeRepo
    quotes: QuoteRepo
    letter_templates: LetterTemplateRepo
    letters: LetterRepo
    engagements: EngagementRepo
    missions: MissionRepo
    credentials: CredentialRepo
    time_entries: TimeEntryRepo
    timesheets: TimesheetRepo
    timers: TimerRepo
    deadlines: DeadlineRepo
    absences: AbsenceRepo
    deadline_alerts: DeadlineAlertRepo
    invoices: InvoiceRepo
    billing: BillingRepo
    deposits: DepositRepo
    ledger: LedgerRepo
    fee_revisions: FeeRevisionRepo
    deferred_pdfs: DeferredPdfRepo
    chorus_deposits: ChorusDepositRepo
    collections: CollectionRepo
    compliance: ComplianceRepo
    parties: PartyRepo
    risk_countries: RiskCountryRepo
    retention: RetentionRepo
    compliance_records: ComplianceRecordsRepo
    analytics: Analytics


class UnitOfWork(Protocol):
    """Rolls back on exit unless `commit()` was called."""

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class FirmUnitOfWork(FirmRepositories, UnitOfWork, Protocol):
    pass


class PlatformUnitOfWork(UnitOfWork, Protocol):
    accounts: AccountRepo
    sessions: SessionRepo
    reset_tokens: ResetTokenRepo
    throttle: ThrottleRepo
    firms: FirmDirectory

    def scoped(self, firm_id: int) -> FirmRepositories: ...
