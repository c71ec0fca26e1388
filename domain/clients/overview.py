"""The 360° view of one client (fiche client): everything the firm holds about it, gathered in one read.

Later modules (invoicing, LCB-FT) add their own sections; the money shown (quote totals, engagement and
mission fees) is left out for users who may not see money.
"""

from dataclasses import dataclass, field, replace

from domain.access.model import Permission, Principal
from domain.clients.model import Client, ClientGroup, Contact
from domain.clients.services import require_staff
from domain.engagements.model import Engagement, Mission
from domain.errors import NotFound
from domain.letters.model import EngagementLetter
from domain.ports import FirmUnitOfWork
from domain.quotes.model import Quote


@dataclass(frozen=True, slots=True)
class ClientOverview:
    client: Client
    group: ClientGroup | None = None
    contacts: tuple[Contact, ...] = ()
    quotes: tuple[Quote, ...] = ()
    letters: tuple[EngagementLetter, ...] = ()
    engagements: tuple[Engagement, ...] = ()
    missions: tuple[Mission, ...] = ()
    staff_names: dict[int, str] = field(default_factory=dict)  # every user of the firm, inactive ones too
    see_money: bool = False

    def staff_name(self, user_id: int | None) -> str:
        return self.staff_names.get(user_id, "") if user_id is not None else ""

    @property
    def signatory(self) -> Contact | None:
        return next((c for c in self.contacts if c.is_signatory), None)

    @property
    def active_engagements(self) -> tuple[Engagement, ...]:
        return tuple(e for e in self.engagements if e.status == "active")


def _without_money(overview: ClientOverview) -> ClientOverview:
    """Defence in depth: amounts are zeroed, not only hidden by the page."""
    return replace(
        overview,
        quotes=tuple(replace(q, lines=(), discount_cents=0) for q in overview.quotes),
        engagements=tuple(replace(e, annual_fee_cents=0) for e in overview.engagements),
        missions=tuple(replace(m, fee_cents=0, unit_price_cents=None) for m in overview.missions))


def client_overview(uow: FirmUnitOfWork, principal: Principal | None, client_id: int) -> ClientOverview:
    """Raises NotFound when the client is not one of this firm's."""
    require_staff(uow, principal)
    see_money = principal is None or principal.can(Permission.SEE_MONEY)
    with uow:
        client = uow.clients.get(client_id)
        if client is None:
            raise NotFound("Client introuvable dans ce cabinet.")
        group = uow.client_groups.get(client.group_id) if client.group_id is not None else None
        overview = ClientOverview(
            client=client, group=group, contacts=tuple(uow.contacts.for_client(client_id)),
            quotes=tuple(uow.quotes.for_client(client_id)), letters=tuple(uow.letters.for_client(client_id)),
            engagements=tuple(uow.engagements.for_client(client_id)),
            missions=tuple(uow.missions.for_client(client_id)),
            staff_names={u.id: u.full_name for u in uow.users.list()}, see_money=see_money)
    return overview if see_money else _without_money(overview)
