"""Every page starts here: the signed-in context, or a stop (defence in depth behind app.py)."""

import streamlit as st

from domain.access.model import Permission
from domain.context import AppContext


def require_ctx() -> AppContext:
    ctx = st.session_state.get("ctx")
    if not isinstance(ctx, AppContext):
        st.warning("Veuillez vous connecter.")
        st.stop()
    return ctx


def require_staff(permission: Permission | None = None) -> AppContext:
    ctx = require_ctx()
    if not ctx.principal.user.role.is_staff or ctx.principal.user.must_change_password:
        st.error("Cette page est réservée aux utilisateurs du cabinet.")
        st.stop()
    if permission is not None and not ctx.principal.can(permission):
        st.error("Vous n'avez pas accès à cette page.")
        st.stop()
    return ctx
