"""Permissions par rôle: what a Collaborateur may do (administrators have everything)."""

import streamlit as st

from domain.access.model import Permission, Role
from domain.firm import queries, settings
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash

ctx = require_staff(Permission.ADMINISTER)
show_flash()
st.title("Permissions par rôle")
grants = queries.role_permissions(ctx.uow(), ctx.principal)
st.dataframe([{"Permission": p.label, **{role.label: "✓" if p in grants[role] else "" for role in Role}}
              for p in Permission], hide_index=True, width="stretch")
st.caption("L'Administrateur a toutes les permissions, le Client aucune (portail seulement). Des permissions "
           "supplémentaires peuvent être données à un collaborateur sur la page Utilisateurs.")

with st.form("permissions.collaborator"):
    chosen = {p for p in Permission
              if st.checkbox(p.label, p in grants[Role.COLLABORATOR], key=f"permissions.collab.{p.value}")}
    if st.form_submit_button("Enregistrer les permissions du rôle Collaborateur", type="primary"):
        attempt(lambda: settings.set_role_permissions(ctx.uow(), ctx.principal, ctx.clock, Role.COLLABORATOR, chosen),
                "Permissions du rôle Collaborateur enregistrées.")
