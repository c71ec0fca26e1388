"""The INPI RNE connector for a firm: its account (saved encrypted by an administrator), a company's record by
SIREN to pre-fill a new client, and the comparison of a client file with the register.

Looking a company up writes nothing: the record is shown, and the user decides what to keep (the client form
then goes through the usual validation and audit). `principal=None` is the trusted command line.
"""

from collections.abc import Callable

from domain.access.model import Permission, Principal
from domain.clients.model import Client
from domain.clock import Clock
from domain.compliance.parties import beneficial_owners
from domain.errors import NotFound
from domain.firm.credentials import (
    delete_stored,
    need_cipher,
    require_admin_unless_trusted,
    save_sealed,
    stored_or_fail,
    stored_with_author,
)
from domain.firm.guards import actor_id, require_staff
from domain.identifiers import validate_siren
from domain.inpi.compare import differences, owner_differences
from domain.inpi.credentials import clean_secret, seal, unseal
from domain.inpi.model import INPI, INPI_API_URL, CompanyRecord, Difference, InpiError, InpiInfo, InpiSecret
from domain.ports import FirmUnitOfWork, SecretCipher
from domain.ports.inpi import InpiGateway
from domain.signatures.credentials import clean_base_url

GatewayFactory = Callable[[InpiSecret, str], InpiGateway]  # (account, api_url) → gateway

NOT_CONFIGURED = ("L'INPI n'est pas configuré pour ce cabinet : un administrateur enregistre le compte "
                  "data.inpi.fr (accès à l'API RNE) sur la page Intégrations.")


# --- credentials ------------------------------------------------------------------------------------

def inpi_settings(uow: FirmUnitOfWork, principal: Principal | None) -> InpiInfo | None:
    """The firm's INPI configuration without its password; None when not configured."""
    require_staff(uow, principal)
    if (found := stored_with_author(uow, INPI)) is None:
        return None
    stored, author = found
    return InpiInfo(api_url=stored.base_url, username_hint=stored.hint, updated_at=stored.updated_at,
                    updated_by_name=author)


def save_inpi_credentials(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, cipher: SecretCipher | None,
                          *, username: str, password: str, api_url: str | None = None) -> InpiInfo:
    """Save (or replace) the INPI account, encrypted. `api_url` replaces the RNE's address (tests point it at a
    local server); pages never pass it."""
    require_admin_unless_trusted(uow, principal)
    secret = clean_secret(username, password)
    url = clean_base_url(api_url) if api_url else INPI_API_URL
    sealed = seal(need_cipher(cipher, InpiError), secret, url, at=clock.now(), by=actor_id(principal))
    save_sealed(uow, principal, clock, sealed, label="INPI (RNE)", what="des identifiants",
                details={"compte": sealed.hint, **({"adresse": url} if api_url else {})})
    return InpiInfo(api_url=url, username_hint=sealed.hint, updated_at=sealed.updated_at,
                    updated_by_name=principal.user.full_name if principal else "")


def delete_inpi_credentials(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock) -> None:
    delete_stored(uow, principal, clock, INPI, label="INPI (RNE)", what="des identifiants",
                  missing="Aucun identifiant INPI n'est enregistré pour ce cabinet.")


def open_gateway(uow: FirmUnitOfWork, principal: Principal | None, cipher: SecretCipher | None,
                 factory: GatewayFactory | None) -> InpiGateway:
    """The firm's RNE gateway; InpiError in French when unusable."""
    require_staff(uow, principal)
    if factory is None:
        raise InpiError("La connexion à l'INPI n'est pas disponible dans cette installation.")
    stored = stored_or_fail(uow, INPI, InpiError(NOT_CONFIGURED))
    return factory(unseal(need_cipher(cipher, InpiError), stored), stored.base_url)


def check_inpi_connection(uow: FirmUnitOfWork, principal: Principal | None, cipher: SecretCipher | None,
                          factory: GatewayFactory | None) -> None:
    """A login and one authenticated call ("Tester la connexion"); InpiError when it fails."""
    require_admin_unless_trusted(uow, principal)
    open_gateway(uow, principal, cipher, factory).check_connection()


# --- look-ups ---------------------------------------------------------------------------------------

def fetch_company(uow: FirmUnitOfWork, principal: Principal | None, cipher: SecretCipher | None,
                  factory: GatewayFactory | None, siren: str) -> CompanyRecord:
    """The RNE record of `siren` (checked first: a mistyped SIREN never reaches the INPI)."""
    require_staff(uow, principal)
    siren = validate_siren(siren or "")
    return open_gateway(uow, principal, cipher, factory).company(siren)


def compare_client(uow: FirmUnitOfWork, principal: Principal | None, cipher: SecretCipher | None,
                   factory: GatewayFactory | None, client_id: int) -> tuple[Client, CompanyRecord, list[Difference]]:
    """The client file, its RNE record and where they differ; InvalidInput for a client without SIREN."""
    require_staff(uow, principal)
    with uow:
        client = uow.clients.get(client_id)
    if client is None:
        raise NotFound("Ce client n'existe pas (ou plus) dans ce cabinet.")
    if not client.siren:
        raise InpiError(f"Le client « {client.name} » n'a pas de SIREN : rien à comparer avec le registre.")
    record = fetch_company(uow, principal, cipher, factory, client.siren)
    return client, record, differences(client, record)


def compare_owners(uow: FirmUnitOfWork, principal: Principal | None, client_id: int,
                   record: CompanyRecord) -> list[Difference]:
    """The RBE's beneficial owners against those of the client's LCB-FT file (the > 25 % rule, direct and
    indirect holdings); legal representatives standing in by default are not owners to compare."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        people = uow.parties.for_client(client_id)
    ownership = beneficial_owners(people)
    owners = [] if ownership.by_default else [(f.party.full_name, f.party.total_capital, f.party.total_votes)
                                              for f in ownership.owners]
    return owner_differences(record, owners)
