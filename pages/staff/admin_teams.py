"""Équipes: create and delete teams (members are assigned on the Utilisateurs page)."""

import streamlit as st

from domain.access.model import Permission
from domain.firm import queries, settings
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff(Permission.ADMINISTER)
show_flash()
st.title("Équipes")
teams = queries.teams(ctx.uow(), ctx.principal)
if teams:
    st.dataframe([{"Équipe": t.name, "Membres actifs": t.member_count} for t in teams], hide_index=True,
                 width="stretch")
else:
    st.info("Aucune équipe pour l'instant. Créez la première ci-dessous.")

with st.form("teams.add", clear_on_submit=True):
    name = st.text_input("Nom de la nouvelle équipe", key="teams.add.name")
    if st.form_submit_button("Créer l'équipe", type="primary"):
        attempt(lambda: settings.add_team(ctx.uow(), ctx.principal, ctx.clock, name), f"Équipe « {md_escape(' '.join(name.split()))} » créée.")

if teams:
    st.subheader("Supprimer une équipe")
    by_id = {t.id: t for t in teams}
    team_id = st.selectbox("Équipe", list(by_id), format_func=lambda i: by_id[i].name, key="teams.delete.id")
    confirmed = st.checkbox("Je confirme la suppression", key="teams.delete.ok")
    if st.button("Supprimer", disabled=not confirmed, key="teams.delete.go"):
        attempt(lambda: settings.delete_team(ctx.uow(), ctx.principal, ctx.clock, team_id),
                f"Équipe « {md_escape(by_id[team_id].name)} » supprimée.")
