"""Utilisateurs: invite (temporary password mailed), change role, grade, team, permissions; deactivate."""

import streamlit as st

from domain import formatting
from domain.access.model import Permission, Role
from domain.firm import queries, users
from domain.firm.model import SINCE_ALWAYS
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes
from pages._ui.feedback import attempt, show_flash
from pages._ui.pickers import grade_picker, role_picker, team_picker
from pages._ui.text import md_escape

ctx = require_staff(Permission.ADMINISTER)
show_flash()
st.title("Utilisateurs")
directory = queries.directory(ctx.uow(), ctx.principal)

show_inactive = st.toggle("Afficher les comptes désactivés", key="users.show_inactive")
rows = [r for r in directory.users if show_inactive or r.user.is_active]
table = [{
    "Nom": r.user.full_name, "E-mail": r.user.email, "Rôle": r.user.role.label, "Grade": r.grade,
    "Équipe": r.team, "Heures / semaine": formatting.hours(r.user.weekly_minutes),
    "Statut": "Actif" if r.user.is_active else "Désactivé",
    "Mot de passe": "Temporaire" if r.user.must_change_password else "Personnel",
    "Dernière connexion": formatting.moment(r.user.last_login_at) or "Jamais",
} for r in rows]
st.dataframe(table, hide_index=True, width="stretch")
st.caption(f"{sum(r.user.is_active for r in directory.users)} comptes actifs sur {len(directory.users)}.")
st.download_button("Télécharger la liste (CSV)", csv_bytes(table), file_name="utilisateurs.csv", mime="text/csv",
                   key="users.csv")

with st.expander("Inviter un utilisateur", icon=":material/person_add:"):
    with st.form("users.invite", clear_on_submit=False):
        left, right = st.columns(2)
        email = left.text_input("Adresse e-mail *", key="users.invite.email")
        name = right.text_input("Prénom et nom *", key="users.invite.name")
        role = role_picker(Role.COLLABORATOR, "users.invite.role")
        grade_id = grade_picker(directory.grades, None, "users.invite.grade")
        team_id = team_picker(directory.teams, None, "users.invite.team")
        invited = st.form_submit_button("Inviter", type="primary")
    st.caption("Un mot de passe temporaire est envoyé par e-mail ; il devra être changé à la première connexion.")
    if invited:
        attempt(lambda: users.invite_user(ctx.uow(), ctx.principal, ctx.hasher, ctx.clock, email, name, role,
                                          grade_id, team_id, ctx.login_url),
                f"Invitation envoyée à {md_escape(email.strip().lower())} (voir la page Courriels).")

st.subheader("Modifier un utilisateur")
by_id = {r.user.id: r for r in directory.users}
selected = st.selectbox("Utilisateur", list(by_id), key="users.edit.user", index=None,
                        placeholder="Choisissez un utilisateur",
                        format_func=lambda i: f"{by_id[i].user.full_name} ({by_id[i].user.email})")
if selected is None:
    st.stop()
target = by_id[selected]
user = target.user
profile, access_tab, status = st.tabs(["Profil", "Rôle et permissions", "Statut du compte"])

with profile:
    with st.form(f"users.profile.{user.id}"):
        full_name = st.text_input("Prénom et nom", user.full_name, key=f"users.profile.name.{user.id}")
        left, right = st.columns(2)
        with left:
            grade_id = grade_picker(directory.grades, user.grade_id, f"users.profile.grade.{user.id}")
        grade_from = right.date_input("À compter du", ctx.clock.today(), format="DD/MM/YYYY",
                                      min_value=SINCE_ALWAYS, key=f"users.profile.grade_from.{user.id}",
                                      help="Date d'effet d'un changement de grade (une date future est possible). "
                                           "Le temps passé avant reste valorisé à l'ancien grade.")
        team_id = team_picker(directory.teams, user.team_id, f"users.profile.team.{user.id}")
        weekly = st.text_input("Durée hebdomadaire (heures)", formatting.hours(user.weekly_minutes)[:-2],
                               key=f"users.profile.weekly.{user.id}")
        if st.form_submit_button("Enregistrer le profil"):
            attempt(lambda: users.update_profile(ctx.uow(), ctx.principal, ctx.clock, user.id, full_name, grade_id,
                                                 team_id, weekly, grade_from), "Profil enregistré.")
    history = queries.grade_history(ctx.uow(), ctx.principal, user.id)
    st.markdown("**Historique des grades**")
    if history:
        st.dataframe([{"À compter du": "Depuis l'origine" if p.since_always else formatting.day(p.effective_from),
                       "Grade": p.grade} for p in history], hide_index=True)
        st.caption("Le temps saisi est valorisé au grade du jour de chaque saisie.")
    else:
        st.caption("Aucun grade : le temps saisi n'est pas valorisé.")

with access_tab:
    with st.form(f"users.role.{user.id}"):
        new_role = role_picker(user.role, f"users.role.value.{user.id}")
        if st.form_submit_button("Changer le rôle"):
            attempt(lambda: users.change_role(ctx.uow(), ctx.principal, ctx.clock, user.id, new_role),
                    f"Rôle de {md_escape(user.full_name)} : {new_role.label}.")
    if user.role is Role.COLLABORATOR:
        with st.form(f"users.perms.{user.id}"):
            extra = st.multiselect("Permissions supplémentaires (en plus de celles du rôle)", list(Permission),
                                   default=sorted(target.extra_permissions), format_func=lambda p: p.label,
                                   key=f"users.perms.value.{user.id}")
            if st.form_submit_button("Enregistrer les permissions"):
                attempt(lambda: users.set_user_permissions(ctx.uow(), ctx.principal, ctx.clock, user.id, set(extra)),
                        "Permissions enregistrées.")
    else:
        st.caption("Un administrateur a toutes les permissions ; un client n'en a aucune.")

with status:
    if user.is_active:
        st.write("Désactiver ce compte ferme ses sessions et empêche toute connexion ; l'historique est conservé.")
        confirmed = st.checkbox(f"Je confirme la désactivation de {md_escape(user.full_name)}", key=f"users.deact.ok.{user.id}")
        if st.button("Désactiver le compte", disabled=not confirmed, key=f"users.deact.{user.id}"):
            attempt(lambda: users.set_active(ctx.uow(), ctx.principal, ctx.clock, user.id, False),
                    f"Compte de {md_escape(user.full_name)} désactivé.")
    elif st.button("Réactiver le compte", key=f"users.react.{user.id}"):
        attempt(lambda: users.set_active(ctx.uow(), ctx.principal, ctx.clock, user.id, True),
                f"Compte de {md_escape(user.full_name)} réactivé.")
