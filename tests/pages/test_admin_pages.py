"""The administration pages driven through their forms, as an Administrateur."""

import struct
import zlib
from datetime import UTC, date, datetime

import pytest

from domain import formatting
from domain.access.model import Permission, Role
from domain.audit import Action
from pages._ui.text import md_escape
from tests.conftest import NOW, unique_email
from tests.pages.helpers import column, submit, titles, values

FIRM = "pages/staff/admin_firm.py"
USERS = "pages/staff/admin_users.py"
TEAMS = "pages/staff/admin_teams.py"
GRADES = "pages/staff/admin_grades.py"
PERMISSIONS = "pages/staff/admin_permissions.py"
NUMBERING = "pages/staff/admin_numbering.py"
SUBSCRIPTION = "pages/staff/admin_subscription.py"
OUTBOX = "pages/staff/admin_outbox.py"
AUDIT = "pages/staff/admin_audit.py"


@pytest.fixture
def admin(add_user):
    return add_user(Role.ADMIN, name="Bérénice Martin")


@pytest.fixture
def admin_at(open_app, admin):
    """Open `page` signed in as the administrator."""

    def at(page: str):
        app = open_app(admin.email, admin.password, page)
        assert not app.exception
        return app

    return at


def stored_identity(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.firm.get().identity


def app_today(app_env) -> date:
    return app_env.clock.today()


# --- Cabinet --------------------------------------------------------------------------------------


def test_saving_an_invalid_siren_shows_the_french_error_and_keeps_the_stored_identity(firm, admin_at):
    at = admin_at(FIRM)
    assert at.text_input(key="firm.siren").value == firm.siren
    before = stored_identity(firm)
    wrong = firm.siren[:-1] + str((int(firm.siren[-1]) + 1) % 10)  # one digit off: the Luhn key fails
    at.text_input(key="firm.siren").input(wrong)
    at.text_input(key="firm.city").input("Lyon")
    submit(at, "Enregistrer", "firm.identity")
    assert not at.exception
    assert len(at.error) == 1
    assert f"SIREN « {wrong} » invalide : 9 chiffres avec une clé de contrôle correcte." in at.error[0].value
    assert not at.success
    assert stored_identity(firm) == before
    assert stored_identity(firm).city == ""


def test_a_valid_identity_edit_is_saved_with_a_success_message(firm, admin_at):
    at = admin_at(FIRM)
    at.selectbox(key="firm.legal_form").set_value("SAS")
    at.text_input(key="firm.capital").input("10 000")
    at.text_input(key="firm.address").input("12 rue de la République")
    at.text_input(key="firm.postal_code").input("69002")
    at.text_input(key="firm.city").input("Lyon")
    submit(at, "Enregistrer", "firm.identity")
    assert not at.exception
    assert not at.error, values(at.error)
    assert values(at.success) == ["Identité du cabinet enregistrée."]
    identity = stored_identity(firm)
    assert (identity.legal_form, identity.share_capital_cents, identity.postal_code, identity.city) == (
        "SAS", 1_000_000, "69002", "Lyon")
    assert identity.siren == firm.siren


def test_an_invalid_postal_code_and_iban_are_both_reported(firm, admin_at):
    at = admin_at(FIRM)
    at.text_input(key="firm.postal_code").input("6900")
    at.text_input(key="firm.iban").input("FR76 0000")
    submit(at, "Enregistrer", "firm.identity")
    assert len(at.error) == 1
    assert "Code postal « 6900 » invalide : 5 chiffres." in at.error[0].value
    assert "IBAN" in at.error[0].value
    assert stored_identity(firm).postal_code == ""


# --- Utilisateurs ---------------------------------------------------------------------------------


def invite(at, email: str, name: str = "Jeanne Leroy", role: Role | None = None):
    at.text_input(key="users.invite.email").input(email)
    at.text_input(key="users.invite.name").input(name)
    if role is not None:
        at.selectbox(key="users.invite.role").set_value(role)
    return submit(at, "Inviter", "users.invite")


def test_inviting_a_user_shows_success_and_lists_the_user_with_a_temporary_password(admin_at):
    at = admin_at(USERS)
    email = unique_email("jeanne")
    invite(at, email)
    assert not at.exception
    assert not at.error, values(at.error)
    assert values(at.success) == [f"Invitation envoyée à {md_escape(email)} (voir la page Courriels)."]
    table = at.dataframe[0].value
    row = table[table["E-mail"] == email]
    assert list(row["Nom"]) == ["Jeanne Leroy"]
    assert list(row["Rôle"]) == ["Collaborateur"]
    assert list(row["Mot de passe"]) == ["Temporaire"]
    assert list(row["Dernière connexion"]) == ["Jamais"]


def test_inviting_a_client_records_the_client_role(admin_at):
    at = admin_at(USERS)
    email = unique_email("client")
    invite(at, email, "Société Dupont", Role.CLIENT)
    table = at.dataframe[0].value
    assert list(table[table["E-mail"] == email]["Rôle"]) == ["Client"]


def test_inviting_an_email_already_in_use_shows_an_error_and_adds_nobody(admin_at, admin):
    at = admin_at(USERS)
    rows_before = len(at.dataframe[0].value)
    invite(at, admin.email.upper())
    assert not at.exception
    assert values(at.error) == [f"L'adresse e-mail {admin.email} est déjà utilisée par un compte EEXPI."]
    assert not at.success
    at.run()
    assert len(at.dataframe[0].value) == rows_before


def test_inviting_an_invalid_email_shows_an_error(admin_at):
    at = admin_at(USERS)
    invite(at, "pas-une-adresse")
    assert values(at.error) == ["Adresse e-mail « pas-une-adresse » invalide."]


def test_an_administrator_cannot_demote_themselves_from_the_users_page(admin_at, admin):
    at = admin_at(USERS)
    select_user(at, admin.email)
    own_id = at.selectbox(key="users.edit.user").value
    at.selectbox(key=f"users.role.value.{own_id}").set_value(Role.COLLABORATOR)
    submit(at, "Changer le rôle")
    assert values(at.error) == ["Vous ne pouvez pas modifier votre propre rôle ni désactiver votre propre compte."]


def select_user(at, email: str):
    box = at.selectbox(key="users.edit.user")
    index = next(i for i, label in enumerate(box.options) if f"({email})" in label)
    box.select_index(index).run()
    assert not at.exception
    return at


def test_an_administrator_can_promote_a_collaborator_from_the_users_page(admin_at, add_user):
    collaborator = add_user(Role.COLLABORATOR, name="Camille Durand")
    at = admin_at(USERS)
    select_user(at, collaborator.email)
    user_id = at.selectbox(key="users.edit.user").value
    at.selectbox(key=f"users.role.value.{user_id}").set_value(Role.ADMIN)
    submit(at, "Changer le rôle")
    assert values(at.success) == ["Rôle de Camille Durand : Administrateur."]
    table = at.dataframe[0].value
    assert list(table[table["E-mail"] == collaborator.email]["Rôle"]) == ["Administrateur"]


def test_deactivating_a_user_needs_the_confirmation_and_hides_the_account(admin_at, add_user):
    collaborator = add_user(Role.COLLABORATOR, name="Camille Durand")
    at = admin_at(USERS)
    select_user(at, collaborator.email)
    user_id = at.selectbox(key="users.edit.user").value
    assert at.button(key=f"users.deact.{user_id}").disabled
    at.checkbox(key=f"users.deact.ok.{user_id}").check().run()
    at.button(key=f"users.deact.{user_id}").click().run()
    assert values(at.success) == ["Compte de Camille Durand désactivé."]
    assert collaborator.email not in column(at, 0, "E-mail")
    at.toggle(key="users.show_inactive").set_value(True).run()
    table = at.dataframe[0].value
    assert list(table[table["E-mail"] == collaborator.email]["Statut"]) == ["Désactivé"]


# --- Équipes --------------------------------------------------------------------------------------


def test_creating_a_team_shows_success_and_lists_it(admin_at):
    at = admin_at(TEAMS)
    assert "Aucune équipe pour l'instant" in at.info[0].value
    at.text_input(key="teams.add.name").input(" Audit légal ")
    submit(at, "Créer l'équipe")
    assert not at.exception
    assert values(at.success) == ["Équipe « Audit légal » créée."]
    assert column(at, 0, "Équipe") == ["Audit légal"]
    assert column(at, 0, "Membres actifs") == [0]


def test_creating_a_team_with_an_empty_name_shows_an_error(admin_at):
    at = admin_at(TEAMS)
    at.text_input(key="teams.add.name").input("   ")
    submit(at, "Créer l'équipe")
    assert not at.exception
    assert values(at.error) == ["Le nom de l'équipe est obligatoire."]
    assert not at.dataframe


def test_creating_a_team_twice_shows_an_error(admin_at):
    at = admin_at(TEAMS)
    at.text_input(key="teams.add.name").input("Social")
    submit(at, "Créer l'équipe")
    at.text_input(key="teams.add.name").input("social")
    submit(at, "Créer l'équipe")
    assert values(at.error) == ["L'équipe « social » existe déjà."]
    assert column(at, 0, "Équipe") == ["Social"]


def test_deleting_a_team_needs_the_confirmation(admin_at):
    at = admin_at(TEAMS)
    at.text_input(key="teams.add.name").input("Social")
    submit(at, "Créer l'équipe")
    assert at.button(key="teams.delete.go").disabled
    at.checkbox(key="teams.delete.ok").check().run()
    at.button(key="teams.delete.go").click().run()
    assert values(at.success) == ["Équipe « Social » supprimée."]
    assert not at.dataframe


# --- Grades et taux -------------------------------------------------------------------------------


def stored_rates(firm) -> list:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.grades.rates()


def test_adding_a_rate_that_is_not_an_amount_shows_an_error_and_stores_nothing(firm, admin_at):
    at = admin_at(GRADES)
    before = stored_rates(firm)
    at.text_input(key="grades.rate.selling").input("abc")
    at.text_input(key="grades.rate.cost").input("50")
    submit(at, "Ajouter le taux")
    assert not at.exception
    assert values(at.error) == ["Taux de vente : « abc » n'est pas un montant valide."]
    assert not at.success
    assert stored_rates(firm) == before


def test_adding_a_valid_rate_shows_success_and_puts_it_in_force(firm, admin_at, app_env):
    at = admin_at(GRADES)
    table = at.dataframe[0].value
    assert list(table[table["Grade"] == "Associé"]["Taux de vente / h"]) == ["180,00\xa0€"]
    at.selectbox(key="grades.rate.grade").set_value(next(r.grade_id for r in stored_rates(firm)))
    at.text_input(key="grades.rate.selling").input("190")
    at.text_input(key="grades.rate.cost").input("99,50")
    submit(at, "Ajouter le taux")
    assert not at.exception
    assert values(at.success) == ["Taux enregistré."]
    table = at.dataframe[0].value
    associate = table[table["Grade"] == "Associé"]
    assert list(associate["Taux de vente / h"]) == ["190,00\xa0€"]
    assert list(associate["Coût de revient / h"]) == ["99,50\xa0€"]
    assert list(associate["En vigueur depuis"]) == [formatting.day(app_today(app_env))]


def test_a_negative_cost_rate_is_refused(admin_at):
    at = admin_at(GRADES)
    at.text_input(key="grades.rate.selling").input("120")
    at.text_input(key="grades.rate.cost").input("-5")
    submit(at, "Ajouter le taux")
    assert values(at.error) == ["Coût horaire : le taux horaire doit être positif."]


def test_creating_a_grade_adds_it_without_a_rate(admin_at):
    at = admin_at(GRADES)
    at.text_input(key="grades.add.label").input("Expert-comptable stagiaire")
    submit(at, "Créer le grade")
    assert values(at.success) == ["Grade créé."]
    table = at.dataframe[0].value
    row = table[table["Grade"] == "Expert-comptable stagiaire"]
    assert list(row["En vigueur depuis"]) == ["Aucun taux"]


# --- Permissions ----------------------------------------------------------------------------------


def test_granting_a_permission_to_the_collaborator_role_is_saved_and_shown(admin_at):
    at = admin_at(PERMISSIONS)
    table = at.dataframe[0].value
    see_money = table[table["Permission"] == Permission.SEE_MONEY.label]
    assert list(see_money["Collaborateur"]) == [""]
    assert list(see_money["Administrateur"]) == ["✓"]
    at.checkbox(key="permissions.collab.see_money").check()
    submit(at, "Enregistrer les permissions du rôle Collaborateur")
    assert values(at.success) == ["Permissions du rôle Collaborateur enregistrées."]
    table = at.dataframe[0].value
    assert list(table[table["Permission"] == Permission.SEE_MONEY.label]["Collaborateur"]) == ["✓"]
    assert list(table[table["Permission"] == Permission.MANAGE_COMPLIANCE.label]["Collaborateur"]) == ["✓"]
    assert list(table[table["Permission"] == Permission.INVOICE.label]["Client"]) == [""]


# --- Numérotation ---------------------------------------------------------------------------------


def test_the_numbering_page_shows_the_example_number_of_each_series_for_the_current_year(admin_at, app_env):
    at = admin_at(NUMBERING)
    year = app_today(app_env).year
    table = at.dataframe[0].value
    assert dict(zip(table["Document"], table["Exemple"])) == {
        "Facture": f"F{year}-00001", "Avoir": f"AV{year}-00001", "Devis": f"D{year}-00001",
        "Lettre de mission": f"LM{year}-00001"}
    assert list(table["Dernier attribué"]) == ["—"] * 4


def test_changing_a_series_prefix_and_padding_updates_the_example(admin_at, app_env):
    at = admin_at(NUMBERING)
    at.text_input(key="numbering.prefix.invoice").input("FAC")
    at.number_input(key="numbering.padding.invoice").set_value(6)
    submit(at, "Enregistrer", "numbering.invoice")
    assert not at.exception
    assert values(at.success) == ["Série « Facture » enregistrée."]
    table = at.dataframe[0].value
    assert dict(zip(table["Document"], table["Exemple"]))["Facture"] == f"FAC{app_today(app_env).year}-000001"


def test_an_invalid_series_prefix_is_refused(admin_at):
    at = admin_at(NUMBERING)
    at.text_input(key="numbering.prefix.quote").input("D E V")
    submit(at, "Enregistrer", "numbering.quote")
    assert values(at.error) == ["Préfixe invalide : 1 à 10 caractères (lettres, chiffres, - _ /)."]
    table = at.dataframe[0].value
    assert dict(zip(table["Document"], table["Préfixe"]))["Devis"] == "D"


# --- Abonnement -----------------------------------------------------------------------------------


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_subscription_is_free_during_the_first_month_but_lists_the_seats(pin_app_clock, admin_at, add_user):
    pin_app_clock(NOW)  # the day the test firm was created
    add_user(Role.COLLABORATOR)
    add_user(Role.CLIENT)
    at = admin_at(SUBSCRIPTION)
    assert values(at.success) == ["Période d'essai gratuite jusqu'au 19/12/2026 inclus."]
    seats = at.dataframe[0].value
    assert list(seats["Sièges actifs"]) == [2, 1]  # the firm's first admin and ours; the client is free
    assert list(seats["Montant HT"]) == ["98,00\xa0€", "29,00\xa0€"]
    assert metrics(at) == {"Total mensuel HT": "0,00\xa0€", "TVA (20 %)": "0,00\xa0€",
                           "Total mensuel TTC": "0,00\xa0€"}


def test_after_the_trial_the_subscription_shows_the_monthly_totals(pin_app_clock, admin_at, add_user):
    pin_app_clock(datetime(2027, 1, 15, 10, 0, tzinfo=UTC))
    add_user(Role.COLLABORATOR)
    at = admin_at(SUBSCRIPTION)
    assert not at.success
    assert metrics(at) == {"Total mensuel HT": "127,00\xa0€", "TVA (20 %)": "25,40\xa0€",
                           "Total mensuel TTC": "152,40\xa0€"}


def test_the_subscription_page_shows_the_syntec_revision_table(pin_app_clock, admin_at):
    pin_app_clock(datetime(2027, 1, 15, 10, 0, tzinfo=UTC))
    at = admin_at(SUBSCRIPTION)
    revision = at.dataframe[1].value
    assert list(revision["Siège"]) == ["Administrateur", "Collaborateur"]
    assert list(revision["P0"]) == ["49,00\xa0€", "29,00\xa0€"]
    assert list(revision["P1"]) == ["49,00\xa0€", "29,00\xa0€"]  # S1 = S0 = octobre 2025 (322,2)
    assert any("Prochaine révision le **20/11/2027**" in m.value for m in at.main.markdown)
    indices = at.dataframe[2].value
    assert len(indices) == 12
    assert dict(zip(indices["Mois"], indices["Référence S0"]))["octobre 2025"] == "✓"


def test_a_new_syntec_value_is_saved_and_revises_the_prices(pin_app_clock, admin_at):
    pin_app_clock(datetime(2027, 1, 15, 10, 0, tzinfo=UTC))
    at = admin_at(SUBSCRIPTION)
    at.date_input(key="syntec.month").set_value(date(2026, 10, 15))
    at.text_input(key="syntec.value").input("330,0")
    submit(at, "Enregistrer la valeur")
    assert not at.exception
    assert values(at.success) == ["Valeur de l'indice enregistrée."]
    revision = at.dataframe[1].value
    assert list(revision["P1"]) == ["50,19\xa0€", "29,70\xa0€"]  # 49 × 330 / 322,2 and 29 × 330 / 322,2
    indices = at.dataframe[2].value
    assert list(indices["Mois"])[0] == "octobre 2026"
    assert list(indices["Valeur"])[0] == "330,0"


@pytest.mark.parametrize("typed, message", [
    ("abc", "Valeur d'indice « abc » invalide (ex. 322,2)."),
    ("5000", "Valeur d'indice « 5000 » hors des bornes plausibles (50 à 2000)."),
    ("322,25", "L'indice SYNTEC se saisit avec une décimale au plus (ex. 322,2)."),
])
def test_an_invalid_syntec_value_shows_an_error_and_stores_nothing(admin_at, typed, message):
    at = admin_at(SUBSCRIPTION)
    rows_before = len(at.dataframe[2].value)
    at.text_input(key="syntec.value").input(typed)
    submit(at, "Enregistrer la valeur")
    assert not at.exception
    assert values(at.error) == [message]
    assert not [s for s in values(at.success) if "indice" in s]
    assert len(at.dataframe[2].value) == rows_before


def test_the_reference_syntec_value_cannot_be_deleted(admin_at):
    at = admin_at(SUBSCRIPTION)
    at.selectbox(key="syntec.delete.month").set_value(date(2025, 10, 1))
    at.checkbox(key="syntec.delete.ok").check()
    submit(at, "Supprimer", "syntec.delete")
    assert len(at.error) == 1
    assert "indice de référence (S0)" in at.error[0].value
    assert len(at.dataframe[2].value) == 12


# --- Courriels and Journal d'audit ----------------------------------------------------------------


@pytest.fixture
def invited(admin_at):
    """An AppTest on the Utilisateurs page right after inviting a new user; returns (at, email)."""
    at = admin_at(USERS)
    email = unique_email("invite")
    invite(at, email, "Jeanne Leroy")
    assert at.success
    return at, email


def test_the_outbox_lists_the_invitation_mail_after_an_invite(invited):
    at, email = invited
    at.switch_page(OUTBOX).run()
    assert not at.exception
    assert titles(at) == ["Courriels"]
    table = at.dataframe[0].value
    row = table[table["Destinataire"] == email]
    assert list(row["Objet"]) == ["Votre accès à EEXPI – Cabinet Test"]
    assert list(row["Statut"]) == ["En attente d'envoi"]


def test_the_outbox_shows_the_invitation_text_with_the_login_address(invited):
    at, email = invited
    at.switch_page(OUTBOX).run()
    box = at.selectbox(key="outbox.read")
    box.select_index(next(i for i, label in enumerate(box.options) if label.startswith(email))).run()
    body = at.code[0].value
    assert "Bonjour Jeanne Leroy," in body
    assert f"Identifiant : {email}" in body
    assert "Adresse de connexion : http" in body and "/auth/login" in body
    assert "Mot de passe temporaire : " in body


def test_the_audit_log_shows_the_invite_event_with_its_author(invited):
    at, email = invited
    at.switch_page(AUDIT).run()
    assert not at.exception
    assert titles(at) == ["Journal d'audit"]
    table = at.dataframe[0].value
    row = table[table["Détails"].str.contains(email, regex=False)]
    assert list(row["Action"]) == ["Invitation d'un utilisateur"]
    assert list(row["Auteur"]) == ["Bérénice Martin"]
    assert list(row["Détails"]) == [f"email : {email}; rôle : Collaborateur"]


def test_the_audit_log_filters_by_action(invited):
    at, email = invited
    at.switch_page(AUDIT).run()
    assert "Connexion" in column(at, 0, "Action")  # the administrator's sign-in
    at.selectbox(key="audit.action").set_value(Action.USER_INVITE).run()
    actions = column(at, 0, "Action")
    assert actions and set(actions) == {"Invitation d'un utilisateur"}
    assert any(email in d for d in column(at, 0, "Détails"))


# --- Logo -----------------------------------------------------------------------------------------


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def stored_logo(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.firm.logo()


NO_LOGO = "Aucun logo : vos documents porteront la dénomination seule."


def test_uploading_a_png_logo_saves_and_shows_it(firm, admin_at):
    at = admin_at(FIRM)
    assert NO_LOGO in values(at.caption)
    assert not at.get("image")
    at.file_uploader(key="firm.logo").set_value(("logo.png", tiny_png(), "image/png")).run()
    at.button(key="firm.logo.save").click().run()
    assert not at.exception
    assert values(at.success) == ["Logo enregistré."]
    assert len(at.get("image")) == 1
    assert NO_LOGO not in values(at.caption)
    assert stored_logo(firm) == (tiny_png(), "image/png")


def test_a_logo_that_is_not_an_image_is_refused(firm, admin_at):
    at = admin_at(FIRM)
    at.file_uploader(key="firm.logo").set_value(("logo.png", b"<svg>pas une image</svg>", "image/png")).run()
    at.button(key="firm.logo.save").click().run()
    assert not at.exception
    assert values(at.error) == ["Le logo doit être une image PNG ou JPEG."]
    assert stored_logo(firm) is None


# --- Bugs these tests found (fixed since; kept as regression tests) ------------------------------


def test_taking_the_siren_of_another_firm_shows_a_french_error(firm, make_firm, admin_at):
    """Was an uncaught IntegrityError (UNIQUE firms.siren) on the Cabinet page."""
    other = make_firm("Autre Cabinet")
    at = admin_at(FIRM)
    before = stored_identity(firm)
    at.text_input(key="firm.siren").input(other.siren)
    at.text_input(key="firm.vat").input("")  # the VAT number derives from the SIREN
    submit(at, "Enregistrer", "firm.identity")
    assert not at.exception, at.exception[0].value
    assert len(at.error) == 1 and other.siren in at.error[0].value
    assert stored_identity(firm) == before


@pytest.mark.parametrize("labels", [["Chef mission"], ["Expert comptable", "Expert-comptable"]])
def test_creating_a_grade_whose_code_is_taken_does_not_crash(admin_at, labels):
    """Was an uncaught IntegrityError (UNIQUE grades.firm_id, code): the code derived from the label
    ("Chef mission" -> chef_mission, a default grade's code) was not checked."""
    at = admin_at(GRADES)
    for label in labels:
        at.text_input(key="grades.add.label").input(label)
        submit(at, "Créer le grade")
    assert not at.exception, at.exception[0].value
    created = column(at, 0, "Grade")
    assert all(label in created for label in labels) or len(at.error) == 1
