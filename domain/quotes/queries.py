"""Read side of the quotes page: lists (with lazy expiry), one quote, its versions, what a quote is built from."""

from dataclasses import dataclass
from datetime import date

from domain.access.model import Principal
from domain.catalogue.model import MissionType
from domain.clients.model import ClientFilter
from domain.clock import Clock
from domain.firm.model import Grade
from domain.pipeline.model import ProspectFilter, Stage
from domain.ports import FirmUnitOfWork
from domain.quotes.building import selling_rates
from domain.quotes.model import Quote, QuoteStatus
from domain.quotes.services import expire_in_transaction, require_staff


def list_quotes(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, status: QuoteStatus | None = None,
                text: str = "") -> list[Quote]:
    """Newest first. Sent quotes past their validity date are marked Expiré first (lazy expiry)."""
    require_staff(uow, principal)
    with uow:
        if expire_in_transaction(uow, clock):
            uow.commit()
        return uow.quotes.list(status, text)


def get_quote(uow: FirmUnitOfWork, principal: Principal | None, quote_id: int) -> Quote | None:
    require_staff(uow, principal)
    with uow:
        return uow.quotes.get(quote_id)


def versions(uow: FirmUnitOfWork, principal: Principal | None, number: str) -> list[Quote]:
    require_staff(uow, principal)
    with uow:
        return uow.quotes.versions(number)


def for_client(uow: FirmUnitOfWork, principal: Principal | None, client_id: int) -> list[Quote]:
    require_staff(uow, principal)
    with uow:
        return uow.quotes.for_client(client_id)


def for_prospect(uow: FirmUnitOfWork, principal: Principal | None, prospect_id: int) -> list[Quote]:
    require_staff(uow, principal)
    with uow:
        return uow.quotes.for_prospect(prospect_id)


def frozen_pdf(uow: FirmUnitOfWork, principal: Principal | None, quote_id: int) -> bytes | None:
    """The exact bytes sent, or None for a draft."""
    require_staff(uow, principal)
    with uow:
        return uow.quotes.pdf(quote_id)


@dataclass(frozen=True, slots=True)
class Workshop:
    """What the quote builder offers: the active catalogue, the grades, their rates on a date, the recipients."""

    mission_types: list[MissionType]
    grades: list[Grade]
    rates: dict[int, int]  # grade id → selling rate (cents/h) on the quote's date
    clients: dict[int, str]  # id → name, active clients
    prospects: dict[int, str]  # id → name, open prospects


def workshop(uow: FirmUnitOfWork, principal: Principal | None, on: date) -> Workshop:
    require_staff(uow, principal)
    with uow:
        return Workshop(
            mission_types=uow.mission_types.list(active_only=True),
            grades=sorted(uow.grades.list(), key=lambda g: g.rank),
            rates=selling_rates(uow.grades.rates(), on),
            clients={c.id: c.name for c in uow.clients.search(ClientFilter())},
            prospects={p.id: p.name for p in uow.prospects.list(ProspectFilter(
                stages=(Stage.NEW, Stage.QUALIFIED, Stage.QUOTE_SENT)))})


def names(uow: FirmUnitOfWork, principal: Principal | None, quotes: list[Quote]) -> dict[tuple[str, int], str]:
    """("client", id) / ("prospect", id) → name, for every recipient of `quotes` (archived and closed too)."""
    require_staff(uow, principal)
    with uow:
        clients = {c.id: c.name for c in uow.clients.search(ClientFilter(include_archived=True))}
        prospects = {p.id: p.name for p in uow.prospects.list(ProspectFilter())}
    return {quote.target: (clients if quote.target[0] == "client" else prospects).get(quote.target[1], "?")
            for quote in quotes}
