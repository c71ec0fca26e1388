"""Read side of the letters page: the list, one letter with its versions, engagement, missions and schedule,
its text and PDFs."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.access.model import Permission, Principal
from domain.clients.model import ClientFilter, PublicRecipient
from domain.clock import Clock
from domain.engagements.model import Engagement, FeeInstalment, Mission, MissionTask
from domain.letters import services
from domain.letters.model import EngagementLetter, LetterKind, LetterStatus, LetterTemplate
from domain.ports import DocumentRenderer, FirmUnitOfWork
from domain.quotes.model import Quote, QuoteStatus


def _require(uow: FirmUnitOfWork, principal: Principal | None) -> None:
    services.require_staff(uow, principal, Permission.SEE_MONEY)


@dataclass(frozen=True, slots=True)
class LetterListItem:
    letter: EngagementLetter
    client_name: str


def list_letters(uow: FirmUnitOfWork, principal: Principal | None, status: LetterStatus | None = None,
                 text: str = "") -> list[LetterListItem]:
    """Letters and amendments, newest first; `text` matches the number, title or client name (case ignored)."""
    _require(uow, principal)
    needle = " ".join(text.split()).lower()
    with uow:
        letters = uow.letters.list(status)
        names = {c.id: c.name for c in uow.clients.search(ClientFilter(include_archived=True))} if letters else {}
    items = [LetterListItem(x, names.get(x.client_id, "")) for x in letters]
    if needle:
        items = [i for i in items if needle in f"{i.letter.reference} {i.letter.title} {i.client_name}".lower()]
    return items


@dataclass(frozen=True, slots=True)
class MissionView:
    mission: Mission
    tasks: tuple[MissionTask, ...]
    mission_type_label: str = ""
    manager_name: str = ""


@dataclass(frozen=True, slots=True)
class LetterDetail:
    letter: EngagementLetter
    client_name: str
    versions: tuple[EngagementLetter, ...]
    amendments: tuple[EngagementLetter, ...] = ()
    amended: EngagementLetter | None = None
    quote: Quote | None = None
    engagement: Engagement | None = None
    missions: tuple[MissionView, ...] = ()
    schedule: tuple[FeeInstalment, ...] = ()
    grade_labels: dict[int, str] = field(default_factory=dict)
    templates: tuple[LetterTemplate, ...] = ()
    client_quotes: tuple[Quote, ...] = ()  # accepted quotes of the client (to base an amendment on)
    client_public: PublicRecipient | None = None  # a public-sector client: its Chorus Pro codes

    @property
    def is_latest_version(self) -> bool:
        return self.letter.version == max(v.version for v in self.versions)

    @property
    def schedule_total_cents(self) -> int:
        return sum(i.amount_cents for i in self.schedule)


def letter_detail(uow: FirmUnitOfWork, principal: Principal | None, letter_id: int) -> LetterDetail:
    _require(uow, principal)
    with uow:
        letter = services.get_letter(uow, letter_id)
        client = uow.clients.get(letter.client_id)
        amended = uow.letters.get(letter.amends_id) if letter.amends_id else None
        engagement_letter = amended if letter.kind is LetterKind.AMENDMENT else letter
        engagement = uow.engagements.for_letter(engagement_letter.id) if engagement_letter else None
        users = {u.id: u.full_name for u in uow.users.list()}
        missions: list[MissionView] = []
        schedule: tuple[FeeInstalment, ...] = ()
        if engagement is not None:
            for mission in uow.missions.for_engagement(engagement.id):
                mission_type = uow.mission_types.get(mission.mission_type_id) if mission.mission_type_id else None
                missions.append(MissionView(mission, tuple(uow.missions.tasks(mission.id)),
                                            mission_type.label if mission_type else "",
                                            users.get(mission.manager_id, "") if mission.manager_id else ""))
            schedule = tuple(uow.engagements.instalments(engagement.id))
        quotes = tuple(q for q in uow.quotes.for_client(letter.client_id) if q.status is QuoteStatus.ACCEPTED)
        return LetterDetail(
            letter=letter, client_name=client.name if client else "",
            versions=tuple(uow.letters.versions(letter.number)),
            amendments=tuple(uow.letters.amendments_of(letter.id)), amended=amended,
            quote=uow.quotes.get(letter.quote_id) if letter.quote_id else None, engagement=engagement,
            missions=tuple(missions), schedule=schedule, grade_labels={g.id: g.label for g in uow.grades.list()},
            templates=tuple(uow.letter_templates.list(letter.kind)), client_quotes=quotes,
            client_public=client.public if client else None)


def body_html(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, letter_id: int) -> str:
    """The letter's text: a draft is rendered now (current data), a letter put up for signature is frozen."""
    _require(uow, principal)
    with uow:
        letter = services.get_letter(uow, letter_id)
        if letter.status is LetterStatus.DRAFT:
            return services.render_body(uow, clock, letter)
        return uow.letters.body_html(letter_id)


def letter_pdf(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, documents: DocumentRenderer,
               letter_id: int) -> bytes:
    """A draft's PDF rendered on the fly (marked as a draft), else the exact bytes put up for signature."""
    _require(uow, principal)
    with uow:
        letter = services.get_letter(uow, letter_id)
        if letter.status is not LetterStatus.DRAFT:
            frozen = uow.letters.pdf(letter_id)
            if frozen is not None:
                return frozen
        body = services.render_body(uow, clock, letter) if letter.status is LetterStatus.DRAFT \
            else uow.letters.body_html(letter_id)
        html = services.full_html(uow, letter, body, draft=letter.status is LetterStatus.DRAFT)
    return documents.pdf(html)


def signed_pdf(uow: FirmUnitOfWork, principal: Principal | None, letter_id: int) -> bytes | None:
    _require(uow, principal)
    with uow:
        services.get_letter(uow, letter_id)
        return uow.letters.signed_pdf(letter_id)


def audit_trail(uow: FirmUnitOfWork, principal: Principal | None, letter_id: int) -> bytes | None:
    _require(uow, principal)
    with uow:
        services.get_letter(uow, letter_id)
        return uow.letters.audit_trail(letter_id)


def accepted_quotes_without_letter(uow: FirmUnitOfWork, principal: Principal | None) -> list[tuple[Quote, str]]:
    """Accepted quotes of a client with no letter generated yet (accepted before letters existed), with the
    client's name."""
    _require(uow, principal)
    with uow:
        with_letter = {x.quote_id for x in uow.letters.list() if x.quote_id is not None}
        quotes = [q for q in uow.quotes.list(QuoteStatus.ACCEPTED)
                  if q.client_id is not None and q.id not in with_letter]
        names = {c.id: c.name for c in uow.clients.search(ClientFilter(include_archived=True))} if quotes else {}
        return [(q, names.get(q.client_id, "")) for q in quotes]


def letters_of_quote(uow: FirmUnitOfWork, principal: Principal | None, quote_id: int) -> list[EngagementLetter]:
    """The letters generated from a quote (the accepted quote's page links to them)."""
    _require(uow, principal)
    with uow:
        return uow.letters.for_quote(quote_id)
