"""Chorus Pro in the pages: an issued invoice's deposit ("Déposer sur Chorus Pro", "Actualiser le statut Chorus
Pro"), the firm's PISTE settings, the public-sector part of the client form and an engagement's own codes."""

import streamlit as st

from domain.chorus import services
from domain.chorus.engagement_codes import set_engagement_codes
from domain.clients.model import PublicRecipient
from domain.engagements.model import Engagement
from domain.chorus.model import ChorusDeposit, ChorusEnvironment, DepositStatus
from domain.context import AppContext
from domain.formatting import moment
from domain.invoicing.records import StoredInvoice
from pages._ui.feedback import attempt
from pages._ui.text import md_escape


def _deposit(ctx: AppContext, invoice: StoredInvoice) -> ChorusDeposit:
    gateway, api_url = services.open_gateway(ctx.uow(), ctx.principal, ctx.cipher, ctx.chorus_gateway)
    return services.deposit_invoice(ctx.uow(), ctx.principal, ctx.clock, gateway, api_url, invoice.id)


def _refresh(ctx: AppContext, deposit: ChorusDeposit) -> ChorusDeposit:
    gateway, _ = services.open_gateway(ctx.uow(), ctx.principal, ctx.cipher, ctx.chorus_gateway)
    updated, _ = services.refresh_deposit(ctx.uow(), ctx.principal, ctx.clock, gateway, deposit.id)
    return updated


def chorus_section(ctx: AppContext, invoice: StoredInvoice) -> None:
    """Nothing for a draft or an invoice of a private client."""
    buyer = invoice.document.buyer
    if invoice.is_draft or not buyer.public_sector:
        return
    key = f"invoices.{invoice.id}.chorus"
    st.markdown("##### Chorus Pro")
    codes = [f"SIRET destinataire {md_escape(buyer.siret)}"]
    if buyer.service_code:
        codes.append(f"code service {md_escape(buyer.service_code)}")
    if buyer.commitment_number:
        codes.append(f"engagement {md_escape(buyer.commitment_number)}")
    st.caption("Client public : " + " ; ".join(codes) + ".")
    latest = services.latest_deposits(ctx.uow(), ctx.principal, [invoice.id]).get(invoice.id)
    if latest is not None:
        checked = f", vérifié le {moment(latest.checked_at)}" if latest.checked_at else ""
        message = f" — {md_escape(latest.message)}" if latest.message else ""
        text = (f"Déposée le {moment(latest.deposited_at)} (flux **{md_escape(latest.flow_number)}**) : "
                f"**{latest.status.label}**{checked}{message}")
        if latest.status is DepositStatus.REJECTED:
            st.error(text + ". Corrigez la cause (fiche du client, avoir puis nouvelle facture) ou redéposez-la.")
        else:
            st.info(text)
        if not latest.status.is_final and st.button("Actualiser le statut Chorus Pro", key=f"{key}.refresh"):
            attempt(lambda: _refresh(ctx, latest), lambda d: f"Statut Chorus Pro : {d.status.label}.")
    if services.can_deposit(invoice, latest):
        return
    configured = services.chorus_settings(ctx.uow(), ctx.principal) is not None
    if not configured:
        st.caption(services.NOT_CONFIGURED)
    label = "Redéposer sur Chorus Pro" if latest is not None else "Déposer sur Chorus Pro"
    if st.button(label, type="primary", disabled=not configured or ctx.chorus_gateway is None, key=f"{key}.deposit"):
        attempt(lambda: _deposit(ctx, invoice),
                lambda d: f"{invoice.kind.label} {invoice.reference} déposée sur Chorus Pro : flux {d.flow_number}. "
                          "Son statut se met à jour automatiquement (ou avec « Actualiser le statut Chorus Pro »).")


# --- the Intégrations page ------------------------------------------------------------------------------------

SECRET_INPUTS = ("client_id", "client_secret", "login", "password")


def settings_panel(ctx: AppContext) -> None:
    """PISTE application and Chorus Pro technical account: saved encrypted, never shown again, tested."""
    prefix = "integrations.chorus"
    if st.session_state.pop(f"{prefix}.saved", False):
        for name in SECRET_INPUTS:  # the typed secrets leave the browser too, not only the form
            st.session_state[f"{prefix}.{name}"] = ""
    st.subheader("Chorus Pro — factures au secteur public")
    info = services.chorus_settings(ctx.uow(), ctx.principal)
    if info is None:
        st.info("Chorus Pro n'est pas configuré. Les factures aux clients publics peuvent être déposées à la main sur "
                "le portail Chorus Pro (PDF Factur-X téléchargé depuis la facture). Pour les déposer depuis EEXPI, "
                "enregistrez ci-dessous l'application PISTE (identifiant et secret client, API Chorus Pro souscrites) "
                "et le compte technique Chorus Pro du cabinet (TECH_…@cpro.fr).")
    else:
        author = f" par {md_escape(info.updated_by_name)}" if info.updated_by_name else ""
        st.success(f"Chorus Pro est configuré. Environnement : **{md_escape(info.environment_label)}** ; compte "
                   f"technique **{md_escape(info.login_hint)}**, enregistré le {moment(info.updated_at)}{author}.")
        if st.button("Tester la connexion", key=f"{prefix}.test"):
            attempt(lambda: services.check_chorus_connection(ctx.uow(), ctx.principal, ctx.cipher,
                                                             ctx.chorus_gateway),
                    "Connexion à Chorus Pro réussie : l'application PISTE et le compte technique sont acceptés.")
    environments = list(ChorusEnvironment)
    current = info.environment if info is not None and info.environment is not None else ChorusEnvironment.SANDBOX
    with st.form(prefix, clear_on_submit=True):
        left, right = st.columns(2)
        client_id = left.text_input("Identifiant client PISTE (client_id)", type="password", key=f"{prefix}.client_id",
                                    autocomplete="off")
        client_secret = right.text_input("Secret client PISTE (client_secret)", type="password",
                                         key=f"{prefix}.client_secret", autocomplete="new-password")
        login = left.text_input("Login du compte technique", type="password", key=f"{prefix}.login",
                                autocomplete="off")
        password = right.text_input("Mot de passe du compte technique", type="password", key=f"{prefix}.password",
                                    autocomplete="new-password")
        environment = st.radio("Environnement", environments, index=environments.index(current),
                               format_func=lambda env: env.label, horizontal=True, key=f"{prefix}.env")
        st.caption("La qualification (bac à sable PISTE) demande des structures de test créées sur le portail de "
                   "qualification Chorus Pro ; la production dépose de vraies factures.")
        if st.form_submit_button("Remplacer les identifiants" if info else "Enregistrer les identifiants",
                                 type="primary"):
            st.session_state[f"{prefix}.saved"] = True
            attempt(lambda: services.save_chorus_credentials(
                ctx.uow(), ctx.principal, ctx.clock, ctx.cipher, client_id=client_id, client_secret=client_secret,
                login=login, password=password, environment=environment.value),
                "Identifiants Chorus Pro enregistrés (chiffrés). Ils ne seront plus affichés.")
    if info is not None:
        confirmed = st.checkbox("Je confirme la suppression des identifiants Chorus Pro", key=f"{prefix}.delete.ok")
        if st.button("Supprimer les identifiants", disabled=not confirmed, key=f"{prefix}.delete"):
            attempt(lambda: services.delete_chorus_credentials(ctx.uow(), ctx.principal, ctx.clock),
                    "Identifiants Chorus Pro supprimés.")


# --- the client form ------------------------------------------------------------------------------------------

def public_sector_fields(prefix: str, values: dict[str, str]) -> dict[str, str]:
    """The Chorus Pro part of the client form (domain.clients.public_sector checks it); flags as "oui" or ""."""
    public = values.get("public_sector") == "oui"
    with st.expander("Client public (Chorus Pro)", expanded=public):
        form = {"public_sector": "oui" if st.checkbox(
            "Client public : ses factures sont déposées sur Chorus Pro", public, key=f"{prefix}.public_sector") else ""}
        form["chorus_siret"] = st.text_input(
            "SIRET du destinataire (vide : celui du siège)", values.get("chorus_siret", ""),
            key=f"{prefix}.chorus_siret", help="14 chiffres : la structure publique destinataire dans Chorus Pro.")
        left, right = st.columns(2)
        form["chorus_service_code"] = left.text_input("Code service", values.get("chorus_service_code", ""),
                                                      key=f"{prefix}.chorus_service_code",
                                                      help="Porté dans la facture en BT-10 (référence acheteur).")
        form["chorus_commitment_number"] = right.text_input(
            "N° d'engagement juridique (bon de commande)", values.get("chorus_commitment_number", ""),
            key=f"{prefix}.chorus_commitment_number", help="Porté dans la facture en BT-13.")
        form["chorus_service_code_required"] = "oui" if left.checkbox(
            "Code service obligatoire pour ce destinataire", values.get("chorus_service_code_required") == "oui",
            key=f"{prefix}.chorus_service_code_required") else ""
        form["chorus_commitment_required"] = "oui" if right.checkbox(
            "N° d'engagement obligatoire pour ce destinataire", values.get("chorus_commitment_required") == "oui",
            key=f"{prefix}.chorus_commitment_required") else ""
        st.caption("Les obligations se lisent dans l'annuaire Chorus Pro (paramètres de la structure). Une facture "
                   "à laquelle manque un code obligatoire n'est pas émise.")
    return form


# --- an engagement's own codes --------------------------------------------------------------------------------

def engagement_codes_form(ctx: AppContext, engagement: Engagement, public: PublicRecipient) -> None:
    """A public client's market may have its own service code and commitment number: its invoices carry them
    instead of the client's."""
    prefix = f"letters.{engagement.id}.chorus"
    own = engagement.chorus_service_code or engagement.chorus_commitment_number
    with st.expander("Codes Chorus Pro de cette mission", expanded=bool(own)):
        st.caption(md_escape(f"Vides, les factures portent ceux du client : code service « {public.service_code or '—'}"
                             f" », n° d'engagement « {public.commitment_number or '—'} »."))
        with st.form(prefix):
            left, right = st.columns(2)
            code = left.text_input("Code service (BT-10)", engagement.chorus_service_code, key=f"{prefix}.service")
            commitment = right.text_input("N° d'engagement juridique (BT-13)", engagement.chorus_commitment_number,
                                          key=f"{prefix}.commitment")
            if st.form_submit_button("Enregistrer les codes", type="primary"):
                attempt(lambda: set_engagement_codes(ctx.uow(), ctx.principal, ctx.clock, engagement.id, code,
                                                     commitment),
                        "Codes Chorus Pro de la mission enregistrés : les prochaines factures les porteront.")
