"""What the entry points (app.py, web/, manage.py) need, built once per database URL."""

from dataclasses import dataclass, field
from functools import cache

from data.db import session_factory
from data.documents import WeasyPrintRenderer
from data.integrations.chorus import ChorusClient
from data.integrations.facturx import FacturX
from data.integrations.inpi import InpiClient
from data.integrations.yousign import YousignClient
from data.passwords import Argon2Hasher
from data.secrets import FernetCipher
from data.settings import Settings, load_settings
from data.uow import SqlFirmUnitOfWork, SqlPlatformUnitOfWork
from domain.chorus.model import ChorusSecret
from domain.clock import Clock, SystemClock
from domain.inpi.model import InpiSecret


@dataclass
class Container:
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    hasher: Argon2Hasher = field(default_factory=Argon2Hasher)
    documents: WeasyPrintRenderer = field(default_factory=WeasyPrintRenderer)
    einvoicing: FacturX = field(default_factory=FacturX)

    def firm_uow(self, firm_id: int) -> SqlFirmUnitOfWork:
        return SqlFirmUnitOfWork(session_factory(self.settings.database_url), firm_id)

    def platform_uow(self) -> SqlPlatformUnitOfWork:
        return SqlPlatformUnitOfWork(session_factory(self.settings.database_url))

    @property
    def cipher(self) -> FernetCipher:
        return FernetCipher(self.settings.secret_key)

    def signature_gateway(self, api_key: str, base_url: str) -> YousignClient:
        """The Yousign v3 client of one firm (its decrypted key, its environment's URL)."""
        return YousignClient(api_key, base_url)

    def chorus_gateway(self, secret: ChorusSecret, api_url: str, token_url: str) -> ChorusClient:
        """The Chorus Pro client of one firm (its decrypted PISTE secrets, its environment's addresses)."""
        return ChorusClient(secret, api_url, token_url)

    def inpi_gateway(self, secret: InpiSecret, api_url: str) -> InpiClient:
        """The INPI RNE client of one firm (its decrypted data.inpi.fr account)."""
        return InpiClient(secret, api_url)

    @property
    def facturx_batch(self):
        """The process's pool for billing runs (its workers start on first use only)."""
        from data.integrations.facturx_pool import shared_pool

        return shared_pool()

    @property
    def login_url(self) -> str:
        return f"{self.settings.base_url}/auth/login"

    @property
    def reset_url(self) -> str:
        return f"{self.settings.base_url}/auth/reset"


@cache
def default_container() -> Container:
    return Container(load_settings())
