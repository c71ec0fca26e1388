"""Yousign credentials of a firm, sending an engagement letter for e-signature, and following its status.

Credentials: only an administrator saves, replaces or deletes the API key; it is sealed with the
cipher before it reaches the database and never shown again (a hint of its last characters is).
Sending and syncing run in one transaction each: if Yousign fails, the letter stays as it was.
`principal=None` is the trusted command line.
"""

import re
from collections.abc import Callable

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock
from domain.errors import DomainError, InvalidInput, NotFound
from domain.firm.credentials import (
    delete_stored,
    need_cipher,
    require_admin_unless_trusted,
    save_sealed,
    stored_or_fail,
    stored_with_author,
)
from domain.firm.guards import actor_id, require_staff
from domain.firm.integrations import firms_configured
from domain.letters.model import EngagementLetter, LetterStatus, SignatureProvider
from domain.letters.services import (
    put_up_for_signature_in_transaction,
    record_refusal_in_transaction,
    record_signature_in_transaction,
)
from domain.ports import DocumentRenderer, FirmUnitOfWork, PlatformUnitOfWork, SecretCipher, SignatureGateway
from domain.signatures.credentials import clean_api_key, clean_base_url, environment_of, hint_of, seal, unseal
from domain.signatures.model import (
    PLACEMENT,
    YOUSIGN,
    CredentialInfo,
    RequestStatus,
    SignatureError,
    SyncOutcome,
    SyncReport,
    status_label,
)
from domain.signatures.pdf import page_count

GatewayFactory = Callable[[str, str], SignatureGateway]  # (api_key, base_url) → gateway

NOT_CONFIGURED = ("Yousign n'est pas configuré pour ce cabinet : un administrateur enregistre la clé API sur la "
                  "page Intégrations.")
REFUSAL_REASON = "Signature refusée par le signataire sur Yousign."


def yousign_settings(uow: FirmUnitOfWork, principal: Principal | None) -> CredentialInfo | None:
    """The firm's Yousign configuration without its secret; None when Yousign is not configured."""
    require_staff(uow, principal)
    if (found := stored_with_author(uow, YOUSIGN)) is None:
        return None
    stored, author = found
    return CredentialInfo(provider=stored.provider, base_url=stored.base_url, hint=stored.hint,
                          updated_at=stored.updated_at, updated_by_name=author)


def save_yousign_key(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, cipher: SecretCipher | None,
                     api_key: str, environment: str, *, base_url: str | None = None) -> CredentialInfo:
    """Save (or replace) the API key, encrypted. `base_url` overrides the environment's address (tests point it
    at a local server); pages never pass it."""
    require_admin_unless_trusted(uow, principal)
    key = clean_api_key(api_key)
    env = environment_of(environment)
    url = clean_base_url(base_url) if base_url else env.base_url
    sealed = seal(need_cipher(cipher, SignatureError), YOUSIGN, key, url, hint_of(key), at=clock.now(),
                  by=actor_id(principal))
    save_sealed(uow, principal, clock, sealed, label="Yousign", what="de la clé",
                details={"environnement": env.label if not base_url else url})
    return CredentialInfo(provider=YOUSIGN, base_url=url, hint=sealed.hint, updated_at=sealed.updated_at,
                          updated_by_name=principal.user.full_name if principal else "")


def delete_yousign_key(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock) -> None:
    delete_stored(uow, principal, clock, YOUSIGN, label="Yousign", what="de la clé",
                  missing="Aucune clé Yousign n'est enregistrée pour ce cabinet.")


def open_gateway(uow: FirmUnitOfWork, principal: Principal | None, cipher: SecretCipher | None,
                 factory: GatewayFactory | None) -> SignatureGateway:
    """The firm's Yousign gateway, built from its decrypted key; SignatureError in French when unusable."""
    require_staff(uow, principal)
    if factory is None:
        raise SignatureError("La signature électronique n'est pas disponible dans cette installation.")
    stored = stored_or_fail(uow, YOUSIGN, SignatureError(NOT_CONFIGURED))
    return factory(unseal(need_cipher(cipher, SignatureError), stored), stored.base_url)


def check_yousign_connection(uow: FirmUnitOfWork, principal: Principal | None, cipher: SecretCipher | None,
                             factory: GatewayFactory | None) -> None:
    """One authenticated GET with the stored key ("Tester la connexion"); SignatureError when it fails."""
    require_admin_unless_trusted(uow, principal)
    open_gateway(uow, principal, cipher, factory).check_connection()


# --- sending and following a letter ---------------------------------------------------------------

def split_name(full_name: str) -> tuple[str, str]:
    """First and last name for Yousign (both required): the first word, then the rest."""
    words = full_name.split()
    if len(words) < 2:
        raise InvalidInput(f"Signataire « {full_name.strip()} » : indiquez son prénom et son nom sur la lettre "
                           "avant de l'envoyer pour signature.")
    return words[0], " ".join(words[1:])


def international_phone(phone: str) -> str:
    """E.164 (+33…) as Yousign expects, from a French or international number; "" when not recognisable."""
    digits = re.sub(r"[\s.\-()]", "", phone or "")
    if re.fullmatch(r"0[1-9]\d{8}", digits):
        return "+33" + digits[1:]
    if re.fullmatch(r"00[1-9]\d{6,14}", digits):
        return "+" + digits[2:]
    return digits if re.fullmatch(r"\+[1-9]\d{6,14}", digits) else ""


def send_for_signature(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, documents: DocumentRenderer,
                       gateway: SignatureGateway, letter_id: int) -> EngagementLetter:
    """Freeze the draft (À signer) and send it through Yousign: request, document, signer, activation.

    All in one transaction: if any Yousign call fails, the request is withdrawn at Yousign when
    possible, the transaction is rolled back and the letter stays a draft. The sending itself is audited
    (Action.LETTER_SEND) by domain.letters, as for a letter put up for signature on paper."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    with uow:
        letter, pdf = put_up_for_signature_in_transaction(uow, actor_id(principal), clock, documents, letter_id)
        first_name, last_name = split_name(letter.signatory_name)
        request_id = gateway.create_request(f"Lettre de mission {letter.reference}",
                                            f"eexpi-{uow.firm_id}-letter-{letter.id}")
        try:
            document_id = gateway.upload_document(request_id, f"lettre-de-mission-{letter.reference}.pdf", pdf)
            signer_id = gateway.add_signer(request_id, document_id, first_name, last_name, letter.signatory_email,
                                           international_phone(letter.signatory_phone), page_count(pdf),
                                           PLACEMENT.x, PLACEMENT.y)
            gateway.activate(request_id)
        except DomainError:
            _withdraw(gateway, request_id)
            raise
        uow.letters.set_signature_request(letter.id, SignatureProvider.YOUSIGN, request_id, signer_id,
                                          RequestStatus.ONGOING.value, clock.now())
        uow.commit()
        sent = uow.letters.get(letter.id)
    assert sent is not None
    return sent


def _withdraw(gateway: SignatureGateway, request_id: str) -> None:
    """Best effort: a half-built request must not stay at Yousign (its failure is not the user's problem)."""
    try:
        gateway.cancel(request_id)
    except Exception:  # noqa: BLE001 - the original error is the one to report
        pass


def sync_letter(uow: FirmUnitOfWork, clock: Clock, gateway: SignatureGateway, letter_id: int, *,
                actor_id: int | None = None) -> SyncOutcome:
    """Ask Yousign where the letter's request stands and apply it: done → signed PDF and audit trail stored,
    letter signed, engagement active; declined → refused; expired or canceled → expired; otherwise the status
    and the time of the check are stored. A letter no longer waiting is left alone (safe to run twice)."""
    with uow:
        letter = uow.letters.get(letter_id)
        if letter is None:
            raise NotFound("Lettre de mission introuvable dans ce cabinet.")
        if (letter.status is not LetterStatus.TO_SIGN or letter.signature_provider is not SignatureProvider.YOUSIGN
                or not letter.signature_request_id):
            return SyncOutcome.UNCHANGED
        request_id = letter.signature_request_id
        status = gateway.status(request_id)
        uow.letters.set_signature_status(letter.id, status, clock.now())
        if status == RequestStatus.DONE:
            signed = gateway.download_signed(request_id)
            trail = gateway.download_audit_trail(request_id, letter.signer_id)
            record_signature_in_transaction(uow, actor_id, clock, letter.id, signed, trail, SignatureProvider.YOUSIGN)
            outcome = SyncOutcome.SIGNED
        elif status in (RequestStatus.DECLINED, RequestStatus.REJECTED):
            record_refusal_in_transaction(uow, actor_id, clock, letter.id, REFUSAL_REASON)
            outcome = SyncOutcome.REFUSED
        elif status in (RequestStatus.EXPIRED, RequestStatus.CANCELED, RequestStatus.DELETED):
            uow.letters.set_status(letter.id, LetterStatus.EXPIRED, clock.today())
            uow.audit.record(Action.LETTER_EXPIRE, actor_id, "letter", str(letter.id),
                             {"lettre": letter.reference, "statut Yousign": status_label(status)}, at=clock.now())
            outcome = SyncOutcome.EXPIRED
        else:
            outcome = SyncOutcome.PENDING
        uow.commit()
        return outcome


def refresh_signature(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, gateway: SignatureGateway,
                      letter_id: int) -> SyncOutcome:
    """"Actualiser le statut" on the letter's page: sync_letter for a staff member of the firm."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    return sync_letter(uow, clock, gateway, letter_id, actor_id=actor_id(principal))


def sync_firm(uow_factory: Callable[[], FirmUnitOfWork], clock: Clock, gateway: SignatureGateway) -> SyncReport:
    """Check every letter of the firm waiting for a Yousign signature; one letter's failure does not stop the
    others (it is rolled back and reported)."""
    report = SyncReport()
    with uow_factory() as uow:
        waiting = uow.letters.awaiting_signature(SignatureProvider.YOUSIGN)
    for letter in waiting:
        try:
            outcome = sync_letter(uow_factory(), clock, gateway, letter.id)
        except DomainError as err:
            report.errors.append(f"{letter.reference} : {err.message}")
            report.lines.append(f"{letter.reference}\terreur\t{err.message}")
            continue
        report.count(outcome)
        report.lines.append(f"{letter.reference}\t{outcome.label}")
    return report


def sync_all(platform_uow: Callable[[], PlatformUnitOfWork], firm_uow: Callable[[int], FirmUnitOfWork],
             clock: Clock, cipher: SecretCipher | None, factory: GatewayFactory | None,
             siren: str | None = None) -> SyncReport:
    """`manage.py sync-signatures`: every firm with Yousign credentials, or only the firm `siren` (which must
    have them). Safe to run twice: a letter already signed, refused or expired is not waiting any more."""
    report = SyncReport()
    for firm in firms_configured(platform_uow, firm_uow, YOUSIGN, siren, SignatureError(NOT_CONFIGURED)):
        try:
            gateway = open_gateway(firm_uow(firm.id), None, cipher, factory)
        except DomainError as err:
            report.errors.append(f"{firm.identity.name} : {err.message}")
            report.lines.append(f"{firm.identity.name}\terreur\t{err.message}")
            continue
        own = sync_firm(lambda firm_id=firm.id: firm_uow(firm_id), clock, gateway)
        report.lines.extend(f"{firm.identity.siren}\t{line}" for line in own.lines)
        own.lines = []
        report.add(own)
    return report

