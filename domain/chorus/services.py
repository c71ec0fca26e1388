"""Chorus Pro for a firm: its PISTE credentials, depositing an issued invoice of a public client, following
the deposited flows (`manage.py sync-chorus`).

Credentials: only an administrator saves, replaces or deletes them; they are sealed with the cipher before
they reach the database and never shown again. Depositing needs Permission.INVOICE. Chorus Pro is called
before anything is written: when it refuses, nothing is stored; when it accepts, the flow number is
stored and audited in the same transaction. A status check writes only when the state changed, so the
command is safe to run twice (and as often as a cron likes). `principal=None` is the trusted command line.
"""

from collections.abc import Callable

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.chorus.credentials import clean_secret, environment_of, seal, unseal
from domain.chorus.model import (
    CHORUS,
    FACTURX_SYNTAX,
    ChorusDeposit,
    ChorusError,
    ChorusInfo,
    ChorusSecret,
    DepositStatus,
    SyncReport,
    token_url_for,
)
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
from domain.invoicing.records import StoredInvoice
from domain.ports import ChorusGateway, FirmUnitOfWork, PlatformUnitOfWork, SecretCipher
from domain.signatures.credentials import clean_base_url

GatewayFactory = Callable[[ChorusSecret, str, str], ChorusGateway]  # (secret, api_url, token_url) → gateway

NOT_CONFIGURED = ("Chorus Pro n'est pas configuré pour ce cabinet : un administrateur enregistre les identifiants "
                  "PISTE et le compte technique sur la page Intégrations.")


# --- credentials ------------------------------------------------------------------------------------

def chorus_settings(uow: FirmUnitOfWork, principal: Principal | None) -> ChorusInfo | None:
    """The firm's Chorus Pro configuration without its secrets; None when not configured."""
    require_staff(uow, principal)
    if (found := stored_with_author(uow, CHORUS)) is None:
        return None
    stored, author = found
    return ChorusInfo(api_url=stored.base_url, login_hint=stored.hint, updated_at=stored.updated_at,
                      updated_by_name=author)


def save_chorus_credentials(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock,
                            cipher: SecretCipher | None, *, client_id: str, client_secret: str, login: str,
                            password: str, environment: str, api_url: str | None = None) -> ChorusInfo:
    """Save (or replace) the PISTE application and technical account, encrypted. `api_url` overrides the
    environment's address (tests point it at a local server); pages never pass it."""
    require_admin_unless_trusted(uow, principal)
    secret = clean_secret(client_id, client_secret, login, password)
    env = environment_of(environment)
    url = clean_base_url(api_url) if api_url else env.api_url
    sealed = seal(need_cipher(cipher, ChorusError), secret, url, at=clock.now(), by=actor_id(principal))
    save_sealed(uow, principal, clock, sealed, label="Chorus Pro", what="des identifiants",
                details={"environnement": env.label if not api_url else url, "compte technique": sealed.hint})
    return ChorusInfo(api_url=url, login_hint=sealed.hint, updated_at=sealed.updated_at,
                      updated_by_name=principal.user.full_name if principal else "")


def delete_chorus_credentials(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock) -> None:
    delete_stored(uow, principal, clock, CHORUS, label="Chorus Pro", what="des identifiants",
                  missing="Aucun identifiant Chorus Pro n'est enregistré pour ce cabinet.")


def open_gateway(uow: FirmUnitOfWork, principal: Principal | None, cipher: SecretCipher | None,
                 factory: GatewayFactory | None) -> tuple[ChorusGateway, str]:
    """The firm's Chorus Pro gateway and the API address it talks to; ChorusError in French when unusable."""
    require_staff(uow, principal)
    if factory is None:
        raise ChorusError("Le dépôt sur Chorus Pro n'est pas disponible dans cette installation.")
    stored = stored_or_fail(uow, CHORUS, ChorusError(NOT_CONFIGURED))
    gateway = factory(unseal(need_cipher(cipher, ChorusError), stored), stored.base_url,
                      token_url_for(stored.base_url))
    return gateway, stored.base_url


def check_chorus_connection(uow: FirmUnitOfWork, principal: Principal | None, cipher: SecretCipher | None,
                            factory: GatewayFactory | None) -> None:
    """A token from PISTE and one authenticated call ("Tester la connexion"); ChorusError when it fails."""
    require_admin_unless_trusted(uow, principal)
    gateway, _ = open_gateway(uow, principal, cipher, factory)
    gateway.check_connection()


# --- deposits ---------------------------------------------------------------------------------------

def file_name_of(invoice: StoredInvoice) -> str:
    """The flow's file name: the invoice number, made safe for a file name."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in invoice.document.number)
    return f"{safe}.pdf"


def can_deposit(invoice: StoredInvoice, latest: ChorusDeposit | None) -> str:
    """"" when the invoice may be deposited now, else the French reason why not."""
    if invoice.is_draft:
        return "Seule une facture émise peut être déposée sur Chorus Pro."
    if not invoice.document.buyer.public_sector:
        return (f"{invoice.kind.label} {invoice.reference} ne s'adresse pas à un client public : Chorus Pro ne "
                "concerne que les factures au secteur public (cochez « Client public » sur la fiche du client "
                "avant d'émettre).")
    if latest is not None and latest.status is not DepositStatus.REJECTED:
        return (f"{invoice.kind.label} {invoice.reference} est déjà déposée sur Chorus Pro (flux "
                f"{latest.flow_number}, {latest.status.label.lower()}).")
    return ""


def deposit_invoice(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, gateway: ChorusGateway,
                    api_url: str, invoice_id: int) -> ChorusDeposit:
    """"Déposer sur Chorus Pro": the stored Factur-X bytes of an issued invoice (or credit note) of a public
    client, as a flow. A flow already deposited is not sent again unless Chorus Pro rejected it."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        invoice = uow.invoices.get(invoice_id)
        if invoice is None:
            raise NotFound("Facture introuvable dans ce cabinet.")
        if reason := can_deposit(invoice, uow.chorus_deposits.latest(invoice.id)):
            raise InvalidInput(reason)
        pdf = uow.invoices.pdf(invoice.id)
        if not pdf:
            raise InvalidInput(f"Le PDF Factur-X de {invoice.reference} est introuvable : il ne peut pas être déposé.")
        name = file_name_of(invoice)
        flow = gateway.deposit(name, pdf, FACTURX_SYNTAX)
        deposit = uow.chorus_deposits.add(ChorusDeposit(
            id=0, invoice_id=invoice.id, flow_number=flow, file_name=name, syntax=FACTURX_SYNTAX,
            environment=api_url, status=DepositStatus.DEPOSITED, deposited_at=clock.now(),
            deposited_by=actor_id(principal)))
        uow.audit.record(Action.CHORUS_DEPOSIT, actor_id(principal), "invoice", str(invoice.id),
                         {"facture": invoice.reference, "client": invoice.document.buyer.name,
                          "SIRET destinataire": invoice.document.buyer.siret, "flux": flow, "fichier": name},
                         at=clock.now())
        uow.commit()
        return deposit


def latest_deposits(uow: FirmUnitOfWork, principal: Principal | None, invoice_ids) -> dict[int, ChorusDeposit]:
    """invoice id → its latest Chorus Pro deposit, for the pages."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.chorus_deposits.latest_for(invoice_ids)


def sync_deposit(uow: FirmUnitOfWork, clock: Clock, gateway: ChorusGateway, deposit_id: int, *,
                 actor: int | None = None) -> tuple[ChorusDeposit, bool]:
    """Ask Chorus Pro where the flow stands and store it; (deposit as it now is, whether its status changed).
    A flow integrated or rejected is left alone; an unchanged state only updates the time of the check."""
    with uow:
        deposit = uow.chorus_deposits.get(deposit_id)
        if deposit is None:
            raise NotFound("Dépôt Chorus Pro introuvable dans ce cabinet.")
        if deposit.status.is_final:
            return deposit, False
        report = gateway.flow_report(deposit.flow_number, deposit.syntax)
        status = report.status
        changed = status is not deposit.status or report.state != deposit.flow_state
        uow.chorus_deposits.set_status(deposit.id, status, report.state, report.message, clock.now())
        if changed:
            invoice = uow.invoices.get(deposit.invoice_id)
            uow.audit.record(Action.CHORUS_STATUS, actor, "invoice", str(deposit.invoice_id),
                             {"facture": invoice.reference if invoice else str(deposit.invoice_id),
                              "flux": deposit.flow_number, "statut": f"{deposit.status.label} → {status.label}",
                              "état Chorus Pro": report.state, "message": report.message}, at=clock.now())
        uow.commit()
        updated = uow.chorus_deposits.get(deposit.id)
    assert updated is not None
    return updated, changed


def refresh_deposit(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, gateway: ChorusGateway,
                    deposit_id: int) -> tuple[ChorusDeposit, bool]:
    """"Actualiser le statut Chorus Pro" on the invoice: sync_deposit for a staff member who invoices."""
    require_staff(uow, principal, Permission.INVOICE)
    return sync_deposit(uow, clock, gateway, deposit_id, actor=actor_id(principal))


def sync_firm(uow_factory: Callable[[], FirmUnitOfWork], clock: Clock, gateway: ChorusGateway) -> SyncReport:
    """Check every flow of the firm still being processed; one flow's failure does not stop the others."""
    report = SyncReport()
    with uow_factory() as uow:
        pending = uow.chorus_deposits.pending()
    for deposit in pending:
        try:
            updated, changed = sync_deposit(uow_factory(), clock, gateway, deposit.id)
        except DomainError as err:
            report.errors.append(f"flux {deposit.flow_number} : {err.message}")
            report.lines.append(f"{deposit.flow_number}\terreur\t{err.message}")
            continue
        report.checked += 1
        report.changed += int(changed)
        report.integrated += int(updated.status is DepositStatus.INTEGRATED)
        report.rejected += int(updated.status is DepositStatus.REJECTED)
        report.lines.append(f"{deposit.flow_number}\t{updated.status.label}\t{updated.flow_state}")
    return report


def sync_all(platform_uow: Callable[[], PlatformUnitOfWork], firm_uow: Callable[[int], FirmUnitOfWork],
             clock: Clock, cipher: SecretCipher | None, factory: GatewayFactory | None,
             siren: str | None = None) -> SyncReport:
    """`manage.py sync-chorus`: every firm with Chorus Pro credentials, or only the firm `siren` (which must
    have them). Safe to run twice: a flow integrated or rejected is not asked again."""
    report = SyncReport()
    for firm in firms_configured(platform_uow, firm_uow, CHORUS, siren, ChorusError(NOT_CONFIGURED)):
        try:
            gateway, _ = open_gateway(firm_uow(firm.id), None, cipher, factory)
        except DomainError as err:
            report.errors.append(f"{firm.identity.name} : {err.message}")
            report.lines.append(f"{firm.identity.siren}\terreur\t{err.message}")
            continue
        own = sync_firm(lambda firm_id=firm.id: firm_uow(firm_id), clock, gateway)
        own.lines = [f"{firm.identity.siren}\t{line}" for line in own.lines]
        report.add(own)
    return report
