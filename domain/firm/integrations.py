"""Which firms a cron pass over an integration (sync-signatures, sync-chorus) visits."""

from collections.abc import Callable

from domain.errors import DomainError, NotFound
from domain.firm.model import Firm
from domain.ports import FirmUnitOfWork, PlatformUnitOfWork


def firms_configured(platform_uow: Callable[[], PlatformUnitOfWork], firm_uow: Callable[[int], FirmUnitOfWork],
                     credential: str, siren: str | None, not_configured: DomainError) -> list[Firm]:
    """Every firm holding `credential`, or only the firm `siren`: NotFound when no firm has that SIREN,
    `not_configured` when it has not set the integration up (asked for by name, silence would mislead)."""
    with platform_uow() as uow:
        firms = uow.firms.list()
    if siren is not None:
        firms = [f for f in firms if f.identity.siren == siren]
        if not firms:
            raise NotFound(f"Aucun cabinet avec le SIREN {siren}.")
    configured = []
    for firm in firms:
        with firm_uow(firm.id) as uow:
            if uow.credentials.get(credential) is not None:
                configured.append(firm)
            elif siren is not None:
                raise not_configured
    return configured
