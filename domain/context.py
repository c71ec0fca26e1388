"""What a page receives: the signed-in principal and the firm-scoped services to call."""

from collections.abc import Callable
from dataclasses import dataclass

from domain.access.model import Principal
from domain.chorus.model import ChorusSecret
from domain.clock import Clock
from domain.inpi.model import InpiSecret
from domain.ports import (
    ChorusGateway,
    DocumentRenderer,
    EInvoicing,
    FacturXBatch,
    FirmUnitOfWork,
    PasswordHasher,
    PlatformUnitOfWork,
    SecretCipher,
    SignatureGateway,
)
from domain.ports.inpi import InpiGateway


@dataclass(frozen=True)
class AppContext:
    principal: Principal
    uow: Callable[[], FirmUnitOfWork]  # bound to the principal's firm, never another
    platform_uow: Callable[[], PlatformUnitOfWork]
    hasher: PasswordHasher
    clock: Clock
    login_url: str
    documents: DocumentRenderer | None = None  # PDF rendering
    cipher: SecretCipher | None = None  # integration credentials at rest
    signature_gateway: Callable[[str, str], SignatureGateway] | None = None  # (api_key, base_url) → Yousign client
    einvoicing: EInvoicing | None = None  # Factur-X XML, offline checks, PDF/A-3 embedding
    chorus_gateway: Callable[[ChorusSecret, str, str], ChorusGateway] | None = None  # → Chorus Pro (PISTE) client
    facturx_batch: FacturXBatch | None = None  # billing runs: checks and rendering over the CPU cores
    inpi_gateway: Callable[[InpiSecret, str], InpiGateway] | None = None  # (account, api_url) → INPI RNE client

    @property
    def firm_id(self) -> int:
        return self.principal.firm_id
