"""Which pages a user is offered: none but sign-in when signed out, only the password change while
a temporary password is in use, the portal for clients, staff pages by permission."""

import streamlit as st

from domain.access.model import Permission, Principal, Role
from pages._ui.text import md_escape

SIGNED_OUT = ("pages/public/signed_out.py", "Connexion", "connexion", ":material/login:")
FORCED_CHANGE = ("pages/public/change_password.py", "Changer votre mot de passe", "changer-mot-de-passe",
                 ":material/password:")
PORTAL = [("pages/portal/home.py", "Espace client", "portail", ":material/home:")]
STAFF_COMMON = [
    ("pages/staff/home.py", "Accueil", "accueil", ":material/home:"),
    ("pages/staff/dashboard.py", "Tableau de bord", "tableau-de-bord", ":material/dashboard:"),
    ("pages/staff/my_week.py", "Ma semaine", "ma-semaine", ":material/view_week:"),
    ("pages/staff/account.py", "Mon compte", "mon-compte", ":material/person:"),
]
CLIENTS = [
    ("pages/staff/clients.py", "Clients", "clients", ":material/business:"),
    ("pages/staff/client_file.py", "Fiche client", "fiche-client", ":material/contact_page:"),
    ("pages/staff/client_groups.py", "Groupes", "groupes", ":material/account_tree:"),
    ("pages/staff/client_import.py", "Import de clients", "import-clients", ":material/upload_file:"),
]
# LCB-FT file of a client: its people, countries and evidence (users who manage compliance).
PARTIES = [("pages/staff/compliance_parties.py", "Bénéficiaires, PPE et pièces", "beneficiaires",
            ":material/badge:")]
# Fees and rates are on every commercial page: only for users who may see money.
COMMERCIAL = [
    ("pages/staff/pipeline.py", "Prospects", "prospects", ":material/filter_alt:"),
    ("pages/staff/quotes.py", "Devis", "devis", ":material/request_quote:"),
    ("pages/staff/letters.py", "Lettres de mission", "lettres-de-mission", ":material/contract:"),
]
# Production: every staff member plans and follows missions (fees are hidden without SEE_MONEY).
PRODUCTION = [
    ("pages/staff/missions.py", "Missions", "missions", ":material/work:"),
    ("pages/staff/planning.py", "Planning", "planning", ":material/view_timeline:"),
    ("pages/staff/workload.py", "Charge de travail", "charge", ":material/grid_on:"),
    ("pages/staff/time_entry.py", "Saisie des temps", "temps", ":material/timer:"),
    ("pages/staff/deadlines.py", "Échéances", "echeances", ":material/event:"),
    ("pages/staff/absences.py", "Absences", "absences", ":material/beach_access:"),
]
# Invoicing: only for users who may invoice.
INVOICING = [("pages/staff/invoices.py", "Factures", "factures", ":material/receipt_long:"),
             ("pages/staff/billing_run.py", "Facturation du mois", "facturation-du-mois", ":material/event_repeat:"),
             ("pages/staff/collections.py", "Encaissements", "encaissements", ":material/payments:"),
             ("pages/staff/reminders.py", "Relances", "relances", ":material/notifications_active:"),
             ("pages/staff/sales_journal.py", "Journal des ventes", "journal-des-ventes", ":material/menu_book:"),
             ("pages/staff/fee_indexation.py", "Révision des honoraires", "revision-honoraires",
              ":material/trending_up:")]
# LCB-FT assessments and reviews: users who manage compliance.
COMPLIANCE = [("pages/staff/compliance.py", "Conformité LCB-FT", "conformite", ":material/verified_user:"),
              ("pages/staff/compliance_assessment.py", "Évaluation LCB-FT", "evaluation-lcb-ft", ":material/shield:"),
              ("pages/staff/compliance_dashboard.py", "Tableau de bord LCB-FT", "tableau-de-bord-lcb-ft",
               ":material/monitoring:")]
# Analytics of fees against time: for users who may see money.
ANALYTICS = [("pages/staff/boni_mali.py", "Boni / Mali", "boni-mali", ":material/balance:")]
# Managers who approve the weeks of time of their teams.
APPROVALS = [("pages/staff/time_approval.py", "Validation des temps", "validation-temps", ":material/task_alt:")]
ADMINISTRATION = [
    ("pages/staff/admin_firm.py", "Cabinet", "cabinet", ":material/domain:"),
    ("pages/staff/admin_users.py", "Utilisateurs", "utilisateurs", ":material/group:"),
    ("pages/staff/admin_teams.py", "Équipes", "equipes", ":material/groups:"),
    ("pages/staff/admin_grades.py", "Grades et taux", "grades", ":material/euro:"),
    ("pages/staff/admin_permissions.py", "Permissions", "permissions", ":material/admin_panel_settings:"),
    ("pages/staff/admin_numbering.py", "Numérotation", "numerotation", ":material/tag:"),
    ("pages/staff/admin_catalogue.py", "Catalogue des missions", "catalogue", ":material/menu_book:"),
    ("pages/staff/admin_letter_templates.py", "Modèles de lettres", "modeles-lettres", ":material/article:"),
    ("pages/staff/admin_integrations.py", "Intégrations", "integrations", ":material/hub:"),
    ("pages/staff/admin_risk_countries.py", "Pays à haut risque", "pays-a-haut-risque", ":material/public:"),
    ("pages/staff/admin_subscription.py", "Abonnement", "abonnement", ":material/receipt_long:"),
    ("pages/staff/admin_outbox.py", "Courriels", "courriels", ":material/outbox:"),
    ("pages/staff/admin_audit.py", "Journal d'audit", "journal", ":material/history:"),
]
# Every page file the app can serve; the browser test opens each URL while signed out.
ALL_PAGES = [SIGNED_OUT, FORCED_CHANGE, *PORTAL, *STAFF_COMMON, *CLIENTS, *PARTIES, *COMMERCIAL, *PRODUCTION, *APPROVALS,
             *INVOICING, *COMPLIANCE, *ANALYTICS, *ADMINISTRATION]


def _page(spec: tuple[str, str, str, str], default: bool = False) -> st.Page:
    path, title, url_path, icon = spec
    return st.Page(path, title=title, url_path=url_path, icon=icon, default=default)


def _unavailable() -> None:
    st.title("Page non disponible")
    st.warning("Cette page n'est pas accessible avec votre compte. Utilisez le menu pour continuer.")


def _signed_out() -> None:
    st.title("Connexion requise")
    st.markdown('<a href="/auth/login" target="_self">Se connecter à EEXPI</a>', unsafe_allow_html=True)


def _hide_other_urls(offered: list[tuple[str, str, str, str]], principal: Principal | None) -> list:
    """Every other known URL answers with a French notice instead of Streamlit's English
    "Page not found" dialog, and without running the page behind it."""
    used = {url_path for _, _, url_path, _ in offered}
    if principal is not None:
        # Left out on purpose: once signed in (or past the forced change) these URLs fall back to
        # the home page, which is where st.rerun() after the password change must land.
        used |= {SIGNED_OUT[2], FORCED_CHANGE[2]}
    render = _signed_out if principal is None else _unavailable
    title = "Connexion requise" if principal is None else "Page non disponible"
    return [st.Page(render, title=title, url_path=url_path, visibility="hidden")
            for _, _, url_path, _ in ALL_PAGES if url_path not in used]


def navigation_for(principal: Principal | None):
    if principal is None or principal.user.must_change_password:
        only = SIGNED_OUT if principal is None else FORCED_CHANGE
        return st.navigation([_page(only, default=True), *_hide_other_urls([only], principal)], position="hidden")
    if principal.user.role is Role.CLIENT:
        return st.navigation([_page(PORTAL[0], default=True), *_hide_other_urls(PORTAL, principal)])
    specs = {"Mon espace": STAFF_COMMON,
             "Clients": CLIENTS + (PARTIES if principal.can(Permission.MANAGE_COMPLIANCE) else [])}
    if principal.can(Permission.SEE_MONEY):
        specs["Commercial"] = COMMERCIAL
    specs["Production"] = PRODUCTION + (APPROVALS if principal.can(Permission.APPROVE_TIME) else [])
    if principal.can(Permission.INVOICE):
        specs["Facturation"] = INVOICING
    if principal.can(Permission.SEE_MONEY):
        specs["Pilotage"] = ANALYTICS
    if principal.can(Permission.MANAGE_COMPLIANCE):
        specs["Conformité"] = COMPLIANCE
    if principal.can(Permission.ADMINISTER):
        specs["Administration"] = ADMINISTRATION
    sections = {title: [_page(spec, default=spec is STAFF_COMMON[0]) for spec in group] for title, group in specs.items()}
    sections["Mon espace"] += _hide_other_urls([spec for group in specs.values() for spec in group], principal)
    # Every entry visible: folded under "View more", the administration pages were out of reach.
    return st.navigation(sections, expanded=True)


def sidebar_identity(principal: Principal) -> None:
    with st.sidebar:
        st.markdown(f"**{md_escape(principal.user.full_name)}**  \n{principal.user.role.label} · "
                    f"{md_escape(principal.firm_name)}")
        # Static link, no user input: sign-out is an HTTP route that clears the HttpOnly cookie.
        st.markdown('<a href="/auth/logout" target="_self">Se déconnecter</a>', unsafe_allow_html=True)
