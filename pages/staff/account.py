"""Mon compte: my details and my password."""

import streamlit as st

from domain import formatting
from pages._ui.context import require_staff
from pages._ui.feedback import show_flash
from pages._ui.password_form import password_change_form
from pages._ui.text import md_escape

ctx = require_staff()
show_flash()
user = ctx.principal.user
st.title("Mon compte")
st.write(f"**{md_escape(user.full_name)}** · {md_escape(user.email)} · {user.role.label}")
if user.last_login_at:
    st.caption(f"Dernière connexion : {formatting.moment(user.last_login_at)}")
st.subheader("Changer de mot de passe")
password_change_form(ctx, "account_password", "Votre mot de passe a été changé.")
