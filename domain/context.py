"""What a page receives: the signed-in principal and the firm-scoped services to call."""

from collections.abc import Callable
from dataclasses import dataclass

from domain.access.model import Principal
from domain.clock import Clock
from domain.ports import FirmUnitOfWork, PasswordHasher, PlatformUnitOfWork


@dataclass(frozen=True)
class AppContext:
    principal: Principal
    uow: Callable[[], FirmUnitOfWork]  # bound to the principal's firm, never another
    platform_uow: Callable[[], PlatformUnitOfWork]
    hasher: PasswordHasher
    clock: Clock
    login_url: str

    @property
    def firm_id(self) -> int:
        return self.principal.firm_id
