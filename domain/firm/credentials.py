"""The life of a firm's stored integration credentials (Yousign, Chorus Pro, INPI): shown without the secret,
saved encrypted or deleted by an administrator (or the trusted command line), audited without the secret. Each
integration keeps what is its own: how the secret is cleaned and sealed, and the wording of its messages."""

from domain.access.model import Principal
from domain.audit import Action
from domain.clock import Clock
from domain.errors import DomainError, NotFound
from domain.firm.guards import actor_id, require_admin
from domain.ports import FirmUnitOfWork, SecretCipher
from domain.signatures.model import StoredCredential

TARGET = "integration"


def require_admin_unless_trusted(uow: FirmUnitOfWork, principal: Principal | None) -> None:
    """Administrators only; principal None is the trusted command line."""
    if principal is not None:
        require_admin(uow, principal)


def need_cipher(cipher: SecretCipher | None, error: type[DomainError]) -> SecretCipher:
    if cipher is None:
        raise error("Le chiffrement des identifiants n'est pas configuré (EEXPI_SECRET_KEY).")
    return cipher


def stored_with_author(uow: FirmUnitOfWork, provider: str) -> tuple[StoredCredential, str] | None:
    """The stored credential and the name of who saved it last ("" if unknown); None when not configured."""
    with uow:
        stored = uow.credentials.get(provider)
        if stored is None:
            return None
        author = uow.users.get(stored.updated_by) if stored.updated_by else None
        return stored, author.full_name if author else ""


def save_sealed(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, sealed: StoredCredential, *,
                label: str, what: str, details: dict[str, str]) -> None:
    """Store `sealed` (replacing the firm's previous one) and audit it: "enregistrement {what}" or "remplacement
    {what}" ("de la clé", "des identifiants"), then `details` (never the secret)."""
    with uow:
        replaced = uow.credentials.get(sealed.provider) is not None
        uow.credentials.save(sealed)
        uow.audit.record(Action.CREDENTIALS_CHANGE, actor_id(principal), TARGET, sealed.provider,
                         {"intégration": label, "opération": f"{'remplacement' if replaced else 'enregistrement'} "
                          f"{what}", **details}, at=clock.now())
        uow.commit()


def delete_stored(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, provider: str, *, label: str,
                  what: str, missing: str) -> None:
    """Delete the firm's credential for `provider` (NotFound with `missing` when there is none), audited."""
    require_admin_unless_trusted(uow, principal)
    with uow:
        if not uow.credentials.delete(provider):
            raise NotFound(missing)
        uow.audit.record(Action.CREDENTIALS_CHANGE, actor_id(principal), TARGET, provider,
                         {"intégration": label, "opération": f"suppression {what}"}, at=clock.now())
        uow.commit()


def stored_or_fail(uow: FirmUnitOfWork, provider: str, error: DomainError) -> StoredCredential:
    """The credential a gateway is built from; `error` when the firm has not configured the integration."""
    with uow:
        stored = uow.credentials.get(provider)
    if stored is None:
        raise error
    return stored
