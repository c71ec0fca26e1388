"""Units of work: one transaction, rolled back on exit unless committed.

`SqlFirmUnitOfWork` is bound to one firm and exposes only that firm's repositories.
`SqlPlatformUnitOfWork` is the loudly named unscoped path (sign-in, firm creation, seed).
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from data.analytics.freshness import note_write, note_write_everywhere, take_written
from data.analytics.runner import FirmAnalytics, runner_for
from data.repositories.absences import AbsenceRepository
from data.repositories.access import (
    AccountRepository,
    PermissionRepository,
    ResetTokenRepository,
    SessionRepository,
    ThrottleRepository,
    UserRepository,
    UserSessionRepository,
)
from data.repositories.billing import BillingRepository
from data.repositories.catalogue import MissionTypeRepository
from data.repositories.chorus import ChorusDepositRepository
from data.repositories.clients import ClientRepository
from data.repositories.collections import CollectionRepository
from data.repositories.compliance import ComplianceRepository
from data.repositories.compliance_parties import PartyRepository, RiskCountryRepository
from data.repositories.compliance_records import ComplianceRecordsRepository
from data.repositories.compliance_retention import RetentionRepository
from data.repositories.contacts import ClientGroupRepository, ContactRepository
from data.repositories.deadlines import DeadlineAlertRepository, DeadlineRepository
from data.repositories.deferred_pdfs import DeferredPdfRepository
from data.repositories.deposits import DepositRepository
from data.repositories.engagements import EngagementRepository, MissionRepository
from data.repositories.firm import (
    FirmRepository,
    GradeRepository,
    NumberingRepository,
    SubscriptionRepository,
    SyntecRepository,
    TeamRepository,
)
from data.repositories.firms import FirmDirectoryRepository
from data.repositories.integrations import CredentialRepository
from data.repositories.invoices import InvoiceRepository
from data.repositories.ledger import FeeRevisionRepository, LedgerRepository
from data.repositories.letters import LetterRepository, LetterTemplateRepository
from data.repositories.ops import AuditRepository, OutboxRepository
from data.repositories.pipeline import ProspectRepository
from data.repositories.quotes import QuoteRepository
from data.repositories.timesheets import TimeEntryRepository, TimerRepository, TimesheetRepository


class FirmRepositorySet:
    """Every repository of one firm over one session."""

    def __init__(self, session: Session, firm_id: int) -> None:
        self.firm_id = firm_id
        self.firm = FirmRepository(session, firm_id)
        self.users = UserRepository(session, firm_id)
        self.teams = TeamRepository(session, firm_id)
        self.grades = GradeRepository(session, firm_id)
        self.permissions = PermissionRepository(session, firm_id)
        self.numbering = NumberingRepository(session, firm_id)
        self.outbox = OutboxRepository(session, firm_id)
        self.audit = AuditRepository(session, firm_id)
        self.syntec = SyntecRepository(session, firm_id)
        self.subscription = SubscriptionRepository(session, firm_id)
        self.user_sessions = UserSessionRepository(session, firm_id)
        self.clients = ClientRepository(session, firm_id)
        self.contacts = ContactRepository(session, firm_id)
        self.client_groups = ClientGroupRepository(session, firm_id)
        self.prospects = ProspectRepository(session, firm_id)
        self.mission_types = MissionTypeRepository(session, firm_id)
        self.quotes = QuoteRepository(session, firm_id)
        self.letter_templates = LetterTemplateRepository(session, firm_id)
        self.letters = LetterRepository(session, firm_id)
        self.engagements = EngagementRepository(session, firm_id)
        self.missions = MissionRepository(session, firm_id)
        self.credentials = CredentialRepository(session, firm_id)
        self.time_entries = TimeEntryRepository(session, firm_id)
        self.timesheets = TimesheetRepository(session, firm_id)
        self.timers = TimerRepository(session, firm_id)
        self.deadlines = DeadlineRepository(session, firm_id)
        self.absences = AbsenceRepository(session, firm_id)
        self.deadline_alerts = DeadlineAlertRepository(session, firm_id)
        self.invoices = InvoiceRepository(session, firm_id)
        self.billing = BillingRepository(session, firm_id)
        self.deposits = DepositRepository(session, firm_id)
        self.ledger = LedgerRepository(session, firm_id)
        self.fee_revisions = FeeRevisionRepository(session, firm_id)
        self.chorus_deposits = ChorusDepositRepository(session, firm_id)
        self.deferred_pdfs = DeferredPdfRepository(session, firm_id)
        self.collections = CollectionRepository(session, firm_id)
        self.compliance = ComplianceRepository(session, firm_id)
        self.parties = PartyRepository(session, firm_id)
        self.risk_countries = RiskCountryRepository(session, firm_id)
        self.retention = RetentionRepository(session, firm_id)
        self.compliance_records = ComplianceRecordsRepository(session, firm_id)
        self.analytics = FirmAnalytics(runner_for(session.get_bind()), firm_id)


class _SqlUnitOfWork:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self.session: Session | None = None
        self._depth = 0

    def __enter__(self):
        if self._depth == 0:
            self.session = self._factory()
            self._on_open(self.session)
        self._depth += 1
        return self

    def _on_open(self, session: Session) -> None: ...

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self.session is not None:
            self.session.rollback()
            self.session.close()
            self.session = None

    def commit(self) -> None:
        assert self.session is not None, "commit outside of `with uow:`"
        written = take_written(self.session.connection())
        self.session.commit()
        self._after_commit(self.session.get_bind().url.render_as_string(hide_password=False), written)

    def _after_commit(self, database: str, written: set[str]) -> None:
        note_write_everywhere(database)  # an unscoped write may touch any firm

    def rollback(self) -> None:
        assert self.session is not None
        self.session.rollback()


class SqlFirmUnitOfWork(_SqlUnitOfWork):
    def __init__(self, factory: sessionmaker[Session], firm_id: int) -> None:
        if not isinstance(firm_id, int) or firm_id <= 0:
            raise ValueError("a firm unit of work needs the id of its firm")
        super().__init__(factory)
        self.firm_id = firm_id
        self._repos: FirmRepositorySet | None = None

    def _on_open(self, session: Session) -> None:
        self._repos = FirmRepositorySet(session, self.firm_id)

    def _after_commit(self, database: str, written: set[str]) -> None:
        note_write(database, self.firm_id, written)  # those tables are reloaded by the analytics on next use

    def __getattr__(self, name: str):
        # Repositories exist only inside `with uow:`, so nothing runs outside a transaction.
        repos = self.__dict__.get("_repos")
        if repos is None or self.__dict__.get("session") is None:
            raise AttributeError(f"{name}: open the unit of work with `with uow:` first")
        return getattr(repos, name)


class SqlPlatformUnitOfWork(_SqlUnitOfWork):
    def _on_open(self, session: Session) -> None:
        self.accounts = AccountRepository(session)
        self.sessions = SessionRepository(session)
        self.reset_tokens = ResetTokenRepository(session)
        self.throttle = ThrottleRepository(session)
        self.firms = FirmDirectoryRepository(session)

    def scoped(self, firm_id: int) -> FirmRepositorySet:
        assert self.session is not None, "scoped() inside `with uow:` only"
        return FirmRepositorySet(self.session, firm_id)
