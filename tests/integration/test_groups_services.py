"""Groups of companies on SQLite and PostgreSQL: create, rename, delete (refused while not empty),
membership from the client form, the summary per group, tenancy."""

import pytest

from domain.access.model import Role
from domain.audit import Action
from domain.clients import groups, queries, services
from domain.errors import InvalidInput, NotFound
from domain.firm.users import create_user
from tests.conftest import unique_email
from tests.integration.support import audit_of

ALPHA = {"name": "Alpha Conseil", "siren": "552008443", "share_capital": "15 000,00"}
BETA = {"name": "Beta Holding", "siren": "404833048", "share_capital": "1 000 000"}


def run(firm, command, *args, principal=None):
    c = firm.container
    return command(c.firm_uow(firm.firm_id), principal or firm.principal(), c.clock, *args)


def group_names(firm) -> list[str]:
    return [g.name for g in groups.list_groups(firm.container.firm_uow(firm.firm_id), firm.principal())]


def test_create_rename_and_delete_an_empty_group_audited(firm):
    group = run(firm, groups.create_group, "Groupe Martin")
    run(firm, groups.create_group, "Alpes Holding")
    assert group_names(firm) == ["Alpes Holding", "Groupe Martin"]

    run(firm, groups.rename_group, group.id, "  Groupe   Martin-Lefèvre ")
    assert group_names(firm) == ["Alpes Holding", "Groupe Martin-Lefèvre"]

    run(firm, groups.delete_group, group.id)
    assert group_names(firm) == ["Alpes Holding"]
    assert [(e.action, e.details) for e in audit_of(firm.container, firm.firm_id) if e.target_type == "client_group"
            and e.target_id == str(group.id)] == [
        (Action.GROUP_DELETE, {"nom": "Groupe Martin-Lefèvre"}),
        (Action.GROUP_UPDATE, {"nom": "Groupe Martin → Groupe Martin-Lefèvre"}),
        (Action.GROUP_CREATE, {"nom": "Groupe Martin"})]


def test_a_group_name_is_required_and_unique_case_ignored(firm):
    group = run(firm, groups.create_group, "Groupe Martin")
    other = run(firm, groups.create_group, "Alpes")

    with pytest.raises(InvalidInput, match="Un groupe « Groupe Martin » existe déjà."):
        run(firm, groups.create_group, "GROUPE martin")
    with pytest.raises(InvalidInput, match="Un groupe « Groupe Martin » existe déjà."):
        run(firm, groups.rename_group, other.id, "groupe martin")
    with pytest.raises(InvalidInput, match="Nom du groupe : valeur obligatoire."):
        run(firm, groups.create_group, "  ")
    run(firm, groups.rename_group, group.id, "Groupe MARTIN")  # its own name, other case: fine
    assert group_names(firm) == ["Alpes", "Groupe MARTIN"]


def test_a_group_with_clients_cannot_be_deleted(firm):
    group = run(firm, groups.create_group, "Groupe Martin")
    client = run(firm, services.create_client, dict(ALPHA), None, None, group.id)
    run(firm, services.archive_client, client.id)  # archived members still count

    with pytest.raises(InvalidInput, match="Le groupe « Groupe Martin » compte encore 1 client\\(s\\)"):
        run(firm, groups.delete_group, group.id)
    assert group_names(firm) == ["Groupe Martin"]
    assert audit_of(firm.container, firm.firm_id, Action.GROUP_DELETE) == []

    run(firm, services.update_client, client.id, dict(ALPHA), None, None, None)  # out of the group
    run(firm, groups.delete_group, group.id)
    assert group_names(firm) == []


def test_membership_and_share_capital_are_stored_and_summed(firm):
    group = run(firm, groups.create_group, "Groupe Martin")
    alpha = run(firm, services.create_client, dict(ALPHA), None, None, group.id)
    run(firm, services.create_client, dict(BETA), None, None, group.id)
    run(firm, services.create_client, {"name": "Hors groupe", "kind": "individual"})

    stored = queries.get(firm.container.firm_uow(firm.firm_id), firm.principal(), alpha.id)
    assert (stored.group_id, stored.share_capital_cents) == (group.id, 1_500_000)
    [summary] = groups.group_summaries(firm.container.firm_uow(firm.firm_id), firm.principal())
    assert (summary.group.name, summary.member_count, [m.name for m in summary.members]) == (
        "Groupe Martin", 2, ["Alpha Conseil", "Beta Holding"])
    assert summary.share_capital_cents == 101_500_000
    assert summary.annual_fees_cents == 0  # no signed letter yet
    with firm.container.firm_uow(firm.firm_id) as uow:
        assert uow.client_groups.member_counts() == {group.id: 2}


def test_a_collaborator_without_money_sees_no_fees_in_the_summary(firm):
    c = firm.container
    run(firm, groups.create_group, "Groupe Martin")
    with c.firm_uow(firm.firm_id) as uow:
        user, _ = create_user(uow, c.hasher, c.clock, None, unique_email("collab"), "Thomas Martin", Role.COLLABORATOR)
        uow.commit()

    [summary] = groups.group_summaries(c.firm_uow(firm.firm_id), firm.principal(user.email))

    assert summary.annual_fees_cents is None


def test_the_group_change_of_a_client_is_audited(firm):
    group = run(firm, groups.create_group, "Groupe Martin")
    client = run(firm, services.create_client, dict(ALPHA))

    run(firm, services.update_client, client.id, dict(ALPHA, share_capital="20 000"), None, None, group.id)

    [event] = audit_of(firm.container, firm.firm_id, Action.CLIENT_UPDATE)
    assert event.details == {"share_capital": "15 000,00 → 20 000,00", "group_id": f"None → {group.id}"}


def test_another_firms_group_is_neither_usable_nor_visible(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    b_group = run(b, groups.create_group, "Groupe B")

    assert group_names(a) == []
    with pytest.raises(InvalidInput, match="Le groupe choisi n'existe pas"):
        run(a, services.create_client, dict(ALPHA), None, None, b_group.id)
    with pytest.raises(NotFound):
        run(a, groups.rename_group, b_group.id, "Piraté")
    with pytest.raises(NotFound):
        run(a, groups.delete_group, b_group.id)
    # the same name may exist in both firms
    run(a, groups.create_group, "Groupe B")
    assert group_names(b) == ["Groupe B"]
