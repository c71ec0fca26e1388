"""Small helpers shared by the page tests (AppTest has no URL bar: see `request_page`)."""

from streamlit.testing.v1 import AppTest

from pages._ui.navigation import ADMINISTRATION, ALL_PAGES, FORCED_CHANGE, PORTAL, PRODUCTION, SIGNED_OUT, STAFF_COMMON
from tests.conftest import ROOT

SIGNED_OUT_PAGE = SIGNED_OUT[0]
CHANGE_PASSWORD_PAGE = FORCED_CHANGE[0]
PORTAL_PAGE = PORTAL[0][0]
STAFF_PAGES = [spec[0] for spec in STAFF_COMMON + PRODUCTION + ADMINISTRATION]
ADMIN_PAGES = [spec[0] for spec in ADMINISTRATION]
EVERY_PAGE = [spec[0] for spec in ALL_PAGES]

# The st.title each staff page shows (the home page greets the user by first name instead).
STAFF_TITLES = {
    "pages/staff/account.py": "Mon compte",
    "pages/staff/dashboard.py": "Tableau de bord",
    "pages/staff/admin_firm.py": "Identité du cabinet",
    "pages/staff/admin_users.py": "Utilisateurs",
    "pages/staff/admin_teams.py": "Équipes",
    "pages/staff/admin_grades.py": "Grades et taux horaires",
    "pages/staff/admin_permissions.py": "Permissions par rôle",
    "pages/staff/admin_numbering.py": "Séries de numérotation",
    "pages/staff/admin_subscription.py": "Abonnement EEXPI",
    "pages/staff/admin_outbox.py": "Courriels",
    "pages/staff/admin_audit.py": "Journal d'audit",
    "pages/staff/admin_catalogue.py": "Catalogue des missions",
    "pages/staff/admin_letter_templates.py": "Modèles de lettres",
    "pages/staff/admin_integrations.py": "Intégrations",
    "pages/staff/admin_risk_countries.py": "Pays à haut risque",
    "pages/staff/missions.py": "Missions",
    "pages/staff/time_entry.py": "Saisie des temps",
    "pages/staff/deadlines.py": "Échéances",
    "pages/staff/my_week.py": "Ma semaine",
    "pages/staff/absences.py": "Absences",
    "pages/staff/planning.py": "Planning",
    "pages/staff/workload.py": "Charge de travail",
    "pages/staff/invoices.py": "Factures",
    "pages/staff/billing_run.py": "Facturation du mois",
    "pages/staff/collections.py": "Encaissements",
    "pages/staff/reminders.py": "Relances",
    "pages/staff/sales_journal.py": "Journal des ventes",
    "pages/staff/fee_indexation.py": "Révision des honoraires",
}
OTHER_TITLES = {
    SIGNED_OUT_PAGE: "Connexion requise",
    CHANGE_PASSWORD_PAGE: "Changer votre mot de passe",
    PORTAL_PAGE: "Espace client",
}
ACCESS_DENIED = "Vous n'avez pas accès à cette page."
STAFF_ONLY = "Cette page est réservée aux utilisateurs du cabinet."
SIGN_IN_FIRST = "Veuillez vous connecter."
UNAVAILABLE = "Page non disponible"


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def values(elements) -> list[str]:
    return [e.value for e in elements]


def sidebar_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.sidebar.markdown)


def button(at: AppTest, label: str, form: str | None = None):
    """The (form submit) button labelled `label` (in form `form`); fails unless there is exactly one."""
    found = [b for b in at.button if b.label == label and (form is None or b.form_id == form)]
    assert len(found) == 1, f"{len(found)} bouton(s) « {label} » : {[(b.label, b.form_id) for b in at.button]}"
    return found[0]


def submit(at: AppTest, label: str, form: str | None = None) -> AppTest:
    return button(at, label, form).click().run()


def column(at: AppTest, index: int, name: str) -> list:
    return list(at.dataframe[index].value[name])


def request_page(at: AppTest, page: str, via_token: str | None, as_token: str | None) -> AppTest:
    """Request `page`'s URL in the session `as_token` (None: signed out), as a browser typing the URL would.

    AppTest can only switch to a page the last run's navigation registered, so the page is first
    registered in a session that is offered it (`via_token`), then the session is swapped and the
    same page (same URL hash) is requested.
    """
    at.session_state["auth_token"] = via_token
    at.run()
    at.switch_page(page)
    at.session_state["auth_token"] = as_token
    return at.run()


def open_page_file(page: str, ctx=None) -> AppTest:
    """Run a page file on its own, without app.py (no navigation, no session resolution)."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=30)
    if ctx is not None:
        at.session_state["ctx"] = ctx
    return at.run()


def assert_not_served(at: AppTest, page: str, fallback_title: str) -> None:
    """`page` was requested but not served: no exception and nothing of the page; the user sees their
    own default page (`fallback_title`) or a French "page not available" notice instead."""
    assert not at.exception, at.exception[0].value
    assert titles(at) in ([fallback_title], [UNAVAILABLE]), titles(at)
    assert (STAFF_TITLES.get(page) or OTHER_TITLES.get(page)) not in titles(at)
