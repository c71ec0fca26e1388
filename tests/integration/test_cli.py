"""`manage.py` as an operator runs it: a real subprocess with DATABASE_URL pointing at the test database."""

import subprocess
import sys

import pytest
from sqlalchemy import func, select

from data.container import Container
from data.db import session_factory
from data.models.access import UserRow
from data.models.firm import FirmRow
from data.models.ops import OutboxRow
from domain.access.model import Role
from domain.access.services import sign_in
from tests.conftest import ROOT, random_siren, unique_email


def count(db_url: str, column) -> int:
    with session_factory(db_url)() as session:
        return session.scalar(select(func.count(column)))


def test_create_firm_prints_the_temporary_password_alone_on_its_last_line_and_it_signs_in(
        run_manage, container: Container):
    siren, email = random_siren(), unique_email("cli.admin")

    done = run_manage("create-firm", "--name", "Cabinet Durand & Fils", "--siren", siren, "--admin-email", email)

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.rstrip("\n").split("\n")
    password = lines[-1]
    assert password.strip() == password and " " not in password and len(password) == 16
    assert lines[-2] == "Mot de passe temporaire (à changer à la première connexion) :"
    signed = sign_in(container.platform_uow(), container.hasher, container.clock, email, password)
    assert signed.user.email == email
    assert signed.user.role is Role.ADMIN
    assert signed.user.must_change_password is True
    with container.platform_uow() as uow:
        assert uow.firms.find_by_siren(siren).identity.name == "Cabinet Durand & Fils"


def test_create_firm_with_an_invalid_siren_fails_in_french_and_writes_nothing(run_manage, db_url):
    firms, users = count(db_url, FirmRow.id), count(db_url, UserRow.id)

    done = run_manage("create-firm", "--name", "Cabinet Invalide", "--siren", "123456789",
                      "--admin-email", unique_email("cli.bad"))

    assert done.returncode != 0
    assert done.stderr.strip() == ("Erreur : SIREN « 123456789 » invalide : 9 chiffres avec une clé de contrôle "
                                   "correcte.")
    assert done.stdout == ""
    assert count(db_url, FirmRow.id) == firms
    assert count(db_url, UserRow.id) == users


def test_create_firm_refuses_a_siren_that_is_already_registered(run_manage, firm, db_url):
    firms, users = count(db_url, FirmRow.id), count(db_url, UserRow.id)
    other_email = unique_email("cli.dup")

    done = run_manage("create-firm", "--name", "Cabinet Doublon", "--siren", firm.siren, "--admin-email", other_email)

    assert done.returncode != 0
    assert done.stderr.strip() == f"Erreur : Un cabinet avec le SIREN {firm.siren} existe déjà."
    assert count(db_url, FirmRow.id) == firms
    assert count(db_url, UserRow.id) == users
    with firm.container.platform_uow() as uow:
        assert uow.accounts.find_by_email(other_email) is None


def test_create_user_adds_a_collaborateur_to_the_firm_and_prints_the_password_last(run_manage, firm):
    email = unique_email("cli.collab")

    done = run_manage("create-user", "--firm", firm.siren, "--email", email, "--role", "Collaborateur")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip("\n").split("\n")
    assert lines[0] == f"Utilisateur créé : {email} (Collaborateur)."
    c = firm.container
    signed = sign_in(c.platform_uow(), c.hasher, c.clock, email, lines[-1])
    assert signed.user.firm_id == firm.firm_id
    assert signed.user.role is Role.COLLABORATOR
    assert signed.user.must_change_password is True


@pytest.mark.parametrize("case", ["unknown firm", "unknown role", "duplicate e-mail"])
def test_create_user_refuses_bad_input_in_french_and_writes_nothing(run_manage, firm, db_url, case):
    email = unique_email("cli.refused")
    firm_arg, role, expected = {
        "unknown firm": ("732829320", "Collaborateur", "Erreur : Aucun cabinet avec le SIREN 732829320."),
        "unknown role": (firm.siren, "Stagiaire",
                         "Erreur : Rôle « Stagiaire » inconnu : Administrateur, Collaborateur ou Client."),
        "duplicate e-mail": (firm.siren, "Client",
                             f"Erreur : L'adresse e-mail {firm.admin_email} est déjà utilisée par un compte EEXPI."),
    }[case]
    if case == "duplicate e-mail":
        email = firm.admin_email
    users, mails = count(db_url, UserRow.id), count(db_url, OutboxRow.id)

    done = run_manage("create-user", "--firm", firm_arg, "--email", email, "--role", role)

    assert done.returncode != 0
    assert done.stderr.strip() == expected
    assert "Mot de passe" not in done.stdout
    assert count(db_url, UserRow.id) == users
    assert count(db_url, OutboxRow.id) == mails


def test_list_firms_prints_siren_tab_name_lines_with_the_main_demo_firm_first(run_manage, blank_database_url):
    # The whole demo (two years of production and invoicing): half a minute alone, minutes on a loaded machine.
    seeded = run_manage("seed-demo", database=blank_database_url, timeout=900)
    assert seeded.returncode == 0, seeded.stderr
    assert "Mot de passe de démonstration : Bilan-Annuel-2026!" in seeded.stdout
    assert "claire.verger@verger-associes.fr" in seeded.stdout

    listed = run_manage("list-firms", database=blank_database_url)

    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == ["812345676\tCabinet Verger & Associés", "798765434\tRive Gauche Expertise"]


def test_a_command_on_a_database_never_initialised_fails_with_a_french_message(run_manage, blank_database_url):
    done = run_manage("list-firms", database=blank_database_url)

    assert done.returncode != 0
    assert done.stderr.strip() == ("Erreur : La base de données n'est pas initialisée : lancez d'abord "
                                   "`python manage.py init-db`.")
    assert "Traceback" not in done.stderr


def test_help_lists_every_command_in_french():
    done = subprocess.run([sys.executable, "manage.py", "--help"], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)

    assert done.returncode == 0, done.stderr
    assert "Commandes d'administration d'EEXPI." in done.stdout
    for command in ("init-db", "seed-demo", "create-firm", "create-user", "list-firms", "send-mail"):
        assert command in done.stdout
    assert "crée un cabinet et son premier administrateur" in done.stdout
