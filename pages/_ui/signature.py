"""Electronic signature panel of an engagement letter (Yousign), shown in the letter's detail.

Draft + Yousign configured: send for signature (with confirmation). À signer via Yousign: status, last
check, "Actualiser le statut". Draft without Yousign: the printed route (the letter page puts it up for
signature and takes the upload of the signed PDF) and, for administrators, a link to the Intégrations page.
Other states show nothing here (the letter page shows the signed PDF and the proof file).
"""

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.context import AppContext
from domain.letters.model import EngagementLetter, LetterStatus, SignatureProvider
from domain.ports import SignatureGateway
from domain.signatures import services
from domain.signatures.model import status_label
from pages._ui.feedback import attempt
from pages._ui.text import md_escape

INTEGRATIONS_PAGE = "pages/staff/admin_integrations.py"


def _gateway(ctx: AppContext) -> SignatureGateway:
    return services.open_gateway(ctx.uow(), ctx.principal, ctx.cipher, ctx.signature_gateway)


def _not_configured(ctx: AppContext) -> None:
    st.info("Signature électronique non configurée : « Mettre à signer / imprimer », faites signer la lettre sur "
            "papier, puis téléversez le PDF signé sur cette lettre.")
    if ctx.principal.can(Permission.ADMINISTER):
        st.page_link(INTEGRATIONS_PAGE, label="Configurer Yousign (page Intégrations)", icon=":material/hub:")


def signature_panel(ctx: AppContext, letter: EngagementLetter) -> None:
    configured = services.yousign_settings(ctx.uow(), ctx.principal) is not None
    key = f"signature.{letter.id}"
    if letter.status is LetterStatus.DRAFT:
        if not configured:
            _not_configured(ctx)
            return
        st.markdown("**Signature électronique (Yousign)**")
        who = md_escape(f"{letter.signatory_name} <{letter.signatory_email}>") if letter.signatory_email else ""
        st.write(f"Yousign envoie au signataire ({who or 'à renseigner sur la lettre'}) une invitation par e-mail ; "
                 "la lettre est figée et passe « À signer ».")
        confirmed = st.checkbox("Je confirme l'envoi de cette lettre pour signature électronique", key=f"{key}.ok")
        if st.button("Envoyer pour signature (Yousign)", type="primary", disabled=not confirmed, key=f"{key}.send"):
            attempt(lambda: services.send_for_signature(ctx.uow(), ctx.principal, ctx.clock, ctx.documents,
                                                        _gateway(ctx), letter.id),
                    "Lettre envoyée pour signature via Yousign : le signataire reçoit une invitation par e-mail.")
        return
    if letter.status is LetterStatus.TO_SIGN and letter.signature_provider is SignatureProvider.YOUSIGN:
        checked = formatting.moment(letter.signature_checked_at) or "jamais"
        st.markdown("**Signature électronique (Yousign)**")
        st.info(f"En signature électronique via Yousign : **{status_label(letter.signature_status)}** "
                f"(dernière vérification : {checked}).")
        if not configured:
            st.warning("La clé Yousign a été supprimée : le statut ne peut plus être actualisé. Un administrateur "
                       "peut l'enregistrer de nouveau sur la page Intégrations.")
        elif st.button("Actualiser le statut", key=f"{key}.refresh"):
            attempt(lambda: services.refresh_signature(ctx.uow(), ctx.principal, ctx.clock, _gateway(ctx), letter.id),
                    "Statut de la signature actualisé auprès de Yousign.")
