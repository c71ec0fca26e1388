"""Which pages a user is offered: none but sign-in when signed out, only the password change while
a temporary password is in use, the portal for clients, staff pages by permission."""

import streamlit as st

from domain.access.model import Permission, Principal, Role

SIGNED_OUT = ("pages/public/signed_out.py", "Connexion", "connexion", ":material/login:")
FORCED_CHANGE = ("pages/public/change_password.py", "Changer votre mot de passe", "changer-mot-de-passe",
                 ":material/password:")
PORTAL = [("pages/portal/home.py", "Espace client", "portail", ":material/home:")]
STAFF_COMMON = [
    ("pages/staff/home.py", "Accueil", "accueil", ":material/home:"),
    ("pages/staff/account.py", "Mon compte", "mon-compte", ":material/person:"),
]
ADMINISTRATION = [
    ("pages/staff/admin_firm.py", "Cabinet", "cabinet", ":material/domain:"),
    ("pages/staff/admin_users.py", "Utilisateurs", "utilisateurs", ":material/group:"),
    ("pages/staff/admin_teams.py", "Équipes", "equipes", ":material/groups:"),
    ("pages/staff/admin_grades.py", "Grades et taux", "grades", ":material/euro:"),
    ("pages/staff/admin_permissions.py", "Permissions", "permissions", ":material/admin_panel_settings:"),
    ("pages/staff/admin_numbering.py", "Numérotation", "numerotation", ":material/tag:"),
    ("pages/staff/admin_subscription.py", "Abonnement", "abonnement", ":material/receipt_long:"),
    ("pages/staff/admin_outbox.py", "Courriels", "courriels", ":material/outbox:"),
    ("pages/staff/admin_audit.py", "Journal d'audit", "journal", ":material/history:"),
]
# Every page file the app can serve; the browser test opens each URL while signed out.
ALL_PAGES = [SIGNED_OUT, FORCED_CHANGE, *PORTAL, *STAFF_COMMON, *ADMINISTRATION]


def _page(spec: tuple[str, str, str, str], default: bool = False) -> st.Page:
    path, title, url_path, icon = spec
    return st.Page(path, title=title, url_path=url_path, icon=icon, default=default)


def navigation_for(principal: Principal | None):
    if principal is None:
        return st.navigation([_page(SIGNED_OUT, default=True)], position="hidden")
    if principal.user.must_change_password:
        return st.navigation([_page(FORCED_CHANGE, default=True)], position="hidden")
    if principal.user.role is Role.CLIENT:
        return st.navigation([_page(PORTAL[0], default=True)])
    sections = {"Mon espace": [_page(spec, default=i == 0) for i, spec in enumerate(STAFF_COMMON)]}
    if principal.can(Permission.ADMINISTER):
        sections["Administration"] = [_page(spec) for spec in ADMINISTRATION]
    return st.navigation(sections)


def sidebar_identity(principal: Principal) -> None:
    with st.sidebar:
        st.markdown(f"**{principal.user.full_name}**  \n{principal.user.role.label} · {principal.firm_name}")
        # Static link, no user input: sign-out is an HTTP route that clears the HttpOnly cookie.
        st.markdown('<a href="/auth/logout" target="_self">Se déconnecter</a>', unsafe_allow_html=True)
