"""Client portal home (the portal module fills it: invoices, documents, letters to sign)."""

import streamlit as st

from pages._ui.context import require_ctx
from pages._ui.feedback import show_flash
from pages._ui.text import md_escape

ctx = require_ctx()
show_flash()
st.title("Espace client")
st.write(f"Bienvenue {md_escape(ctx.principal.user.full_name)}.")
st.info(f"Votre espace sécurisé avec le cabinet {md_escape(ctx.principal.firm_name)} est ouvert. Vos factures, "
        "documents et lettres de mission à signer apparaîtront ici dès que le cabinet les partagera.")
