"""First sign-in with a temporary password: nothing else is reachable until it is replaced."""

import streamlit as st

from pages._ui.context import require_ctx
from pages._ui.password_form import password_change_form
from pages._ui.text import md_escape

ctx = require_ctx()
st.title("Changer votre mot de passe")
st.info(f"Bienvenue {md_escape(ctx.principal.user.full_name)}. Vous vous connectez avec un mot de passe temporaire : "
        "choisissez votre propre mot de passe pour accéder à EEXPI.")
password_change_form(ctx, "forced_password", "Votre mot de passe a été changé.")
