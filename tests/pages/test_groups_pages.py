"""The Groupes page: empty state, create, list with members and totals, rename, delete after confirmation,
and no delete while clients belong to the group."""

import pytest

from domain import formatting
from domain.access.model import Role
from domain.clients import groups, services
from tests.pages.helpers import column, submit, titles

GROUPS = "pages/staff/client_groups.py"


@pytest.fixture
def groups_at(open_app, add_user):
    def at(role: Role = Role.ADMIN):
        member = add_user(role, name="Thomas Martin")
        app = open_app(member.email, member.password, GROUPS)
        assert not app.exception, app.exception[0].value
        return app

    return at


def stored(firm) -> list[str]:
    return [g.name for g in groups.list_groups(firm.container.firm_uow(firm.firm_id), None)]


def new_group(firm, name: str):
    return groups.create_group(firm.container.firm_uow(firm.firm_id), None, firm.container.clock, name)


def test_no_group_shows_the_empty_state_and_a_group_can_be_created(firm, groups_at):
    at = groups_at()
    assert titles(at) == ["Groupes"]
    assert at.info[0].value.startswith("Aucun groupe pour l'instant.")

    at.text_input(key="groups.new.name").input("Groupe Martin")
    at = submit(at, "Créer le groupe")

    assert at.success[0].value == "Groupe « Groupe Martin » créé."
    assert column(at, 0, "Groupe") == ["Groupe Martin"]
    assert column(at, 0, "Clients") == [0]
    assert stored(firm) == ["Groupe Martin"]


def test_a_duplicate_name_shows_the_french_error(firm, groups_at):
    new_group(firm, "Groupe Martin")
    at = groups_at()
    at.text_input(key="groups.new.name").input("groupe MARTIN")

    at = submit(at, "Créer le groupe")

    assert at.error[0].value == "Un groupe « Groupe Martin » existe déjà."
    assert stored(firm) == ["Groupe Martin"]


def test_members_and_their_totals_are_listed_and_block_the_deletion(firm, groups_at):
    group = new_group(firm, "Groupe Martin")
    c = firm.container
    for form in ({"name": "Alpha", "siren": "552008443", "share_capital": "10 000"},
                 {"name": "Beta", "siren": "404833048", "share_capital": "5 000,50"}):
        services.create_client(c.firm_uow(firm.firm_id), None, c.clock, form, group_id=group.id)

    at = groups_at()
    assert column(at, 0, "Clients") == [2]
    assert column(at, 0, "Membres") == ["Alpha, Beta"]
    assert column(at, 0, "Capital social cumulé") == [formatting.eur_cents(1_500_050)]
    assert column(at, 0, "Honoraires annuels (missions actives)") == [formatting.eur_cents(0)]

    at = at.selectbox(key="groups.edit.id").select(group.id).run()
    assert not [b for b in at.button if b.label == "Supprimer le groupe"]
    assert "compte 2 client(s)" in " ".join(m.value for m in at.markdown)


def test_a_collaborator_without_money_sees_no_fees_column(firm, groups_at):
    new_group(firm, "Groupe Martin")

    at = groups_at(Role.COLLABORATOR)

    assert column(at, 0, "Groupe") == ["Groupe Martin"]
    assert "Honoraires annuels (missions actives)" not in at.dataframe[0].value.columns


def test_rename_then_delete_after_confirmation(firm, groups_at):
    group = new_group(firm, "Groupe Martin")
    at = groups_at()
    at = at.selectbox(key="groups.edit.id").select(group.id).run()
    at.text_input(key=f"groups.rename.{group.id}.name").input("Groupe Lefèvre")

    at = submit(at, "Renommer")
    assert at.success[0].value == "Groupe renommé."
    assert stored(firm) == ["Groupe Lefèvre"]

    at = at.selectbox(key="groups.edit.id").select(group.id).run()
    assert at.button(key=f"groups.delete.{group.id}").disabled
    at.checkbox(key=f"groups.delete.ok.{group.id}").check().run()
    at = at.button(key=f"groups.delete.{group.id}").click().run()

    assert at.success[0].value == "Groupe « Groupe Lefèvre » supprimé."
    assert stored(firm) == []
