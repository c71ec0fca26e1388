"""The password change form, used by the forced first-login page and by "Mon compte"."""

import streamlit as st

from domain.access import services as access
from domain.context import AppContext
from pages._ui.feedback import attempt

POLICY_HINT = ("Au moins 12 caractères avec majuscules, minuscules, chiffres et caractères spéciaux, "
               "ou au moins 14 caractères avec majuscules, minuscules et chiffres. Évitez votre nom, "
               "votre adresse e-mail, le nom du cabinet et les mots courants.")


def password_change_form(ctx: AppContext, key: str, success: str) -> None:
    with st.form(key):
        current = st.text_input("Mot de passe actuel", type="password", key=f"{key}.current")
        new = st.text_input("Nouveau mot de passe", type="password", key=f"{key}.new", help=POLICY_HINT)
        confirm = st.text_input("Confirmation du nouveau mot de passe", type="password", key=f"{key}.confirm")
        st.caption(POLICY_HINT)
        submitted = st.form_submit_button("Enregistrer le nouveau mot de passe", type="primary")
    if submitted:
        attempt(lambda: access.change_password(ctx.platform_uow(), ctx.hasher, ctx.clock, ctx.principal,
                                               current, new, confirm), success)
