"""Intégrations: the firm's Yousign API key, Chorus Pro (PISTE) credentials and INPI account, encrypted and never
shown again, their environments, a connection test each."""

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.signatures import services
from domain.signatures.model import YousignEnvironment
from pages._ui import chorus, inpi
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

KEY_INPUT = "integrations.yousign.key"

ctx = require_staff(Permission.ADMINISTER)
if st.session_state.pop("integrations.yousign.saved", False):
    st.session_state[KEY_INPUT] = ""  # the typed key leaves the browser too, not only the form
show_flash()
st.title("Intégrations")
st.caption("Les clés des services externes sont chiffrées dans la base de données et ne sont plus jamais affichées "
           "après leur saisie : seuls leurs derniers caractères permettent de les reconnaître.")

with st.container(border=True):
    st.subheader("Yousign — signature électronique des lettres de mission")
    info = services.yousign_settings(ctx.uow(), ctx.principal)
    if info is None:
        st.info("Yousign n'est pas configuré. Les lettres de mission peuvent être imprimées, signées à la main, puis "
                "le PDF signé téléversé sur la lettre. Pour les envoyer en signature électronique, enregistrez "
                "ci-dessous la clé API de votre compte Yousign (Yousign → Développeurs → Clés API).")
    else:
        author = f" par {md_escape(info.updated_by_name)}" if info.updated_by_name else ""
        st.success(f"Yousign est configuré. Environnement : **{md_escape(info.environment_label)}** ; "
                   f"clé se terminant par **{md_escape(info.hint)}**, enregistrée le "
                   f"{formatting.moment(info.updated_at)}{author}.")
        if st.button("Tester la connexion", key="integrations.yousign.test"):
            attempt(lambda: services.check_yousign_connection(ctx.uow(), ctx.principal, ctx.cipher,
                                                              ctx.signature_gateway),
                    "Connexion à Yousign réussie : la clé est acceptée.")

    environments = list(YousignEnvironment)
    current = info.environment if info is not None and info.environment is not None else YousignEnvironment.SANDBOX
    with st.form("integrations.yousign", clear_on_submit=True):
        key = st.text_input("Nouvelle clé API (remplace l'actuelle)" if info else "Clé API Yousign", type="password",
                            key=KEY_INPUT, autocomplete="new-password")
        environment = st.radio("Environnement", environments, index=environments.index(current),
                               format_func=lambda env: env.label, horizontal=True, key="integrations.yousign.env")
        st.caption("Le bac à sable (sandbox) envoie de vraies invitations mais sans valeur juridique ; les comptes "
                   "d'essai Yousign n'ont accès qu'à lui.")
        if st.form_submit_button("Remplacer la clé" if info else "Enregistrer la clé", type="primary"):
            st.session_state["integrations.yousign.saved"] = True
            attempt(lambda: services.save_yousign_key(ctx.uow(), ctx.principal, ctx.clock, ctx.cipher, key,
                                                      environment.value),
                    "Clé Yousign enregistrée (chiffrée). Elle ne sera plus affichée.")

    if info is not None:
        st.write("Sans clé, l'envoi en signature électronique est désactivé ; les lettres déjà envoyées ne sont plus "
                 "suivies automatiquement.")
        confirmed = st.checkbox("Je confirme la suppression de la clé Yousign", key="integrations.yousign.delete.ok")
        if st.button("Supprimer la clé", disabled=not confirmed, key="integrations.yousign.delete"):
            attempt(lambda: services.delete_yousign_key(ctx.uow(), ctx.principal, ctx.clock), "Clé Yousign supprimée.")

with st.container(border=True):
    chorus.settings_panel(ctx)

with st.container(border=True):
    inpi.settings_panel(ctx)
