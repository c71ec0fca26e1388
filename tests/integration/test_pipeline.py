"""Pipeline repository and services on SQLite and PostgreSQL: stages, history, conversion, tenancy."""

from dataclasses import replace
from datetime import date

import pytest

from domain.access.model import Role
from domain.audit import Action
from domain.clients import queries as client_queries
from domain.clients import services as client_services
from domain.clients.model import ClientFilter
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.pipeline import queries, services
from domain.pipeline.model import ProspectFilter, Stage
from tests.integration.support import audit_of, invite

ALPHA = {"name": "Alpha Conseil", "siren": "552008443", "legal_form": "SAS", "city": "Lyon", "postal_code": "69003",
         "contact_name": "Anne Alpha", "email": "anne@alpha.fr", "expected_fees": "12 000", "source": "Salon"}
TODAY = date(2026, 11, 20)  # the test clock's day


def create(firm, form=ALPHA, owner_id=None, principal=None):
    c = firm.container
    return services.create_prospect(c.firm_uow(firm.firm_id), principal or firm.principal(), c.clock, dict(form),
                                    owner_id)


def move(firm, prospect_id, stage, reason=""):
    c = firm.container
    services.move_stage(c.firm_uow(firm.firm_id), firm.principal(), c.clock, prospect_id, stage, reason)


def get(firm, prospect_id):
    return queries.get(firm.container.firm_uow(firm.firm_id), firm.principal(), prospect_id)


def history(firm, prospect_id):
    changes = queries.history(firm.container.firm_uow(firm.firm_id), firm.principal(), prospect_id)
    return [(ch.from_stage, ch.to_stage) for ch in changes]


def clients(firm):
    return client_queries.search(firm.container.firm_uow(firm.firm_id), None, ClientFilter(include_archived=True))


def test_a_created_prospect_is_new_stored_audited_and_found_by_the_filters(firm):
    owner = firm.principal().user.id
    prospect = create(firm, owner_id=owner)
    create(firm, {"name": "Beta Bâtiment", "city": "Nantes"})

    stored = get(firm, prospect.id)
    assert (stored.name, stored.siren, stored.stage, stored.expected_fees_cents, stored.created_on,
            stored.owner_id) == ("Alpha Conseil", "552008443", Stage.NEW, 1_200_000, TODAY, owner)
    assert history(firm, prospect.id) == [(None, Stage.NEW)]
    c, p = firm.container, firm.principal()

    def names(criteria):
        return [x.name for x in queries.search(c.firm_uow(firm.firm_id), p, criteria)]

    assert names(ProspectFilter()) == ["Alpha Conseil", "Beta Bâtiment"]
    assert names(ProspectFilter(text="ANNE")) == ["Alpha Conseil"]
    assert names(ProspectFilter(text="552 008")) == ["Alpha Conseil"]
    assert names(ProspectFilter(owner_id=owner)) == ["Alpha Conseil"]
    assert names(ProspectFilter(stages=(Stage.QUALIFIED,))) == []
    events = audit_of(c, firm.firm_id, Action.PROSPECT_CREATE)  # newest first
    assert [e.target_id for e in events][-1] == str(prospect.id)
    assert events[-1].details == {"nom": "Alpha Conseil", "honoraires espérés": "12\u202f000,00\xa0€"}


def test_an_invalid_prospect_writes_nothing(firm):
    with pytest.raises(InvalidInput, match="Nom : valeur obligatoire"):
        create(firm, {"name": "", "expected_fees": "abc"})
    assert queries.search(firm.container.firm_uow(firm.firm_id), firm.principal()) == []


def test_update_changes_the_fields_and_audits_the_differences(firm):
    prospect = create(firm)
    c = firm.container

    services.update_prospect(c.firm_uow(firm.firm_id), firm.principal(), c.clock, prospect.id,
                             dict(ALPHA, city="Villeurbanne", next_action="Rappeler", next_action_on="01/12/2026"),
                             owner_id=firm.principal().user.id)

    stored = get(firm, prospect.id)
    assert (stored.city, stored.next_action_on, stored.stage) == ("Villeurbanne", date(2026, 12, 1), Stage.NEW)
    [event] = audit_of(c, firm.firm_id, Action.PROSPECT_UPDATE)
    assert event.details["city"] == "Lyon → Villeurbanne"


def test_moving_records_the_history_losing_needs_a_reason_and_reopening_clears_it(firm):
    prospect = create(firm)

    move(firm, prospect.id, Stage.QUALIFIED)
    with pytest.raises(InvalidInput, match="Indiquez la raison de la perte du prospect."):
        move(firm, prospect.id, Stage.LOST, "  ")
    move(firm, prospect.id, Stage.LOST, "Prix trop élevé")
    lost = get(firm, prospect.id)
    assert (lost.stage, lost.lost_reason, lost.closed_on) == (Stage.LOST, "Prix trop élevé", TODAY)
    with pytest.raises(InvalidInput, match="rouvert qu'en"):
        move(firm, prospect.id, Stage.QUOTE_SENT)
    move(firm, prospect.id, Stage.QUALIFIED)

    reopened = get(firm, prospect.id)
    assert (reopened.stage, reopened.lost_reason, reopened.closed_on) == (Stage.QUALIFIED, "", None)
    assert history(firm, prospect.id) == [(None, Stage.NEW), (Stage.NEW, Stage.QUALIFIED),
                                          (Stage.QUALIFIED, Stage.LOST), (Stage.LOST, Stage.QUALIFIED)]
    events = audit_of(firm.container, firm.firm_id, Action.PROSPECT_STAGE)
    assert [e.details["étape"] for e in events] == ["Perdu → Qualifié", "Qualifié → Perdu", "Nouveau → Qualifié"]
    assert events[1].details["raison"] == "Prix trop élevé"


def test_a_won_prospect_is_final(firm):
    prospect = create(firm)
    move(firm, prospect.id, Stage.WON)

    with pytest.raises(InvalidInput, match="définitif"):
        move(firm, prospect.id, Stage.NEW)
    assert get(firm, prospect.id).closed_on == TODAY


def test_conversion_creates_the_client_from_the_prospect_and_links_it(firm):
    owner = firm.principal().user.id
    prospect = create(firm, owner_id=owner)
    c = firm.container

    client = services.convert_to_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, prospect.id)

    assert (client.name, client.siren, client.legal_form, client.city, client.postal_code, client.email,
            client.partner_id) == ("Alpha Conseil", "552008443", "SAS", "Lyon", "69003", "anne@alpha.fr", owner)
    won = get(firm, prospect.id)
    assert (won.stage, won.client_id, won.closed_on) == (Stage.WON, client.id, TODAY)
    assert history(firm, prospect.id)[-1] == (Stage.NEW, Stage.WON)
    [event] = audit_of(c, firm.firm_id, Action.PROSPECT_CONVERT)
    assert event.details["client existant"] == "non"
    assert [x.name for x in clients(firm)] == ["Alpha Conseil"]
    with c.firm_uow(firm.firm_id) as uow:
        assert [p.id for p in uow.prospects.for_client(client.id)] == [prospect.id]
    # converting again changes nothing and returns the same client
    again = services.convert_to_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, prospect.id)
    assert again.id == client.id and len(clients(firm)) == 1


def test_the_prospects_contact_becomes_the_new_clients_signatory_once(firm):
    c = firm.container
    prospect = create(firm)

    client = services.convert_to_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, prospect.id)
    services.convert_to_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, prospect.id)

    with c.firm_uow(firm.firm_id) as uow:
        [contact] = uow.contacts.for_client(client.id)
        signatory = uow.contacts.signatory(client.id)
    assert (contact.first_name, contact.last_name, contact.email, contact.role.value) == (
        "Anne", "Alpha", "anne@alpha.fr", "dirigeant")
    assert signatory is not None and signatory.id == contact.id


def test_linking_to_an_existing_client_adds_no_contact(firm):
    c = firm.container
    existing = client_services.create_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock,
                                             {"name": "Alpha (déjà client)", "siren": "552008443"})
    prospect = create(firm)

    services.convert_to_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, prospect.id)

    with c.firm_uow(firm.firm_id) as uow:
        assert uow.contacts.for_client(existing.id) == []


def test_conversion_links_to_the_client_that_already_has_the_siren(firm):
    c = firm.container
    existing = client_services.create_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock,
                                             {"name": "Alpha (déjà client)", "siren": "552008443"})
    prospect = create(firm)
    move(firm, prospect.id, Stage.WON)

    client = services.convert_to_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, prospect.id)

    assert client.id == existing.id
    assert [x.name for x in clients(firm)] == ["Alpha (déjà client)"]
    assert get(firm, prospect.id).client_id == existing.id
    [event] = audit_of(c, firm.firm_id, Action.PROSPECT_CONVERT)
    assert event.details["client existant"] == "oui"


def test_a_company_without_siren_or_a_lost_prospect_cannot_be_converted(firm):
    c = firm.container
    no_siren = create(firm, {"name": "Sans SIREN"})
    lost = create(firm, dict(ALPHA, name="Perdu SA"))
    move(firm, lost.id, Stage.LOST, "Concurrent")

    with pytest.raises(InvalidInput, match="Renseignez le SIREN de « Sans SIREN »"):
        services.convert_to_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, no_siren.id)
    with pytest.raises(InvalidInput, match="rouvrez-le avant"):
        services.convert_to_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, lost.id)
    assert clients(firm) == [] and get(firm, no_siren.id).stage is Stage.NEW


def test_an_individual_prospect_becomes_an_individual_client(firm):
    c = firm.container
    prospect = create(firm, {"name": "Jean Dupont", "kind": "individual", "email": "jean@dupont.fr"})

    client = services.convert_to_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, prospect.id)

    assert (client.kind.value, client.name, client.siren, client.email) == ("individual", "Jean Dupont", None,
                                                                             "jean@dupont.fr")


def test_the_in_transaction_helpers_write_nothing_until_the_caller_commits(firm):
    c = firm.container
    prospect = create(firm)
    actor = firm.principal().user.id

    with c.firm_uow(firm.firm_id) as uow:
        services.advance_on_quote_sent(uow, actor, c.clock, prospect.id)
        services.convert_in_transaction(uow, actor, c.clock, prospect.id)
        # no commit: rolled back
    assert get(firm, prospect.id).stage is Stage.NEW and clients(firm) == []

    with c.firm_uow(firm.firm_id) as uow:
        services.advance_on_quote_sent(uow, actor, c.clock, prospect.id)
        services.advance_on_quote_sent(uow, actor, c.clock, prospect.id)  # already there: nothing more
        uow.commit()
    assert history(firm, prospect.id) == [(None, Stage.NEW), (Stage.NEW, Stage.QUOTE_SENT)]

    with c.firm_uow(firm.firm_id) as uow:
        client = services.convert_in_transaction(uow, actor, c.clock, prospect.id)
        services.advance_on_quote_sent(uow, actor, c.clock, prospect.id)  # won: left as it is
        uow.commit()
    assert (get(firm, prospect.id).stage, get(firm, prospect.id).client_id) == (Stage.WON, client.id)


def test_a_collaborator_without_the_money_permission_is_refused(firm):
    member = invite(firm, Role.COLLABORATOR)
    principal = firm.principal(member.email)

    with pytest.raises(PermissionDenied):
        create(firm, principal=principal)
    with pytest.raises(PermissionDenied):
        queries.search(firm.container.firm_uow(firm.firm_id), principal)


def test_an_owner_from_another_firm_is_refused(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")

    with pytest.raises(InvalidInput, match="Le responsable choisi n'est pas un utilisateur actif du cabinet."):
        create(a, owner_id=b.principal().user.id)


def test_firm_a_can_neither_see_nor_change_nor_convert_the_prospects_of_firm_b(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    b_prospect = create(b)
    c = a.container

    assert queries.search(c.firm_uow(a.firm_id), a.principal()) == []
    assert get(a, b_prospect.id) is None
    with pytest.raises(NotFound):
        services.update_prospect(c.firm_uow(a.firm_id), a.principal(), c.clock, b_prospect.id, dict(ALPHA))
    with pytest.raises(NotFound):
        services.move_stage(c.firm_uow(a.firm_id), a.principal(), c.clock, b_prospect.id, Stage.QUALIFIED)
    with pytest.raises(NotFound):
        services.convert_to_client(c.firm_uow(a.firm_id), a.principal(), c.clock, b_prospect.id)
    with pytest.raises(PermissionDenied):  # A's administrator on B's unit of work
        services.convert_to_client(c.firm_uow(b.firm_id), a.principal(), c.clock, b_prospect.id)
    assert get(b, b_prospect.id).stage is Stage.NEW and clients(a) == [] and clients(b) == []
    assert queries.history(c.firm_uow(a.firm_id), a.principal()) == []


def test_writes_through_a_firms_prospect_repository_never_reach_another_firm(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    b_prospect = create(b)
    b_client = services.convert_to_client(b.container.firm_uow(b.firm_id), None, b.container.clock, b_prospect.id)
    c = a.container

    with c.firm_uow(a.firm_id) as uow:
        uow.prospects.set_stage(b_prospect.id, Stage.LOST, on=TODAY, lost_reason="piraté", closed_on=TODAY)
        uow.prospects.update(replace(b_prospect, name="Piraté"))
        assert uow.prospects.for_client(b_client.id) == []
        assert uow.prospects.stage_changes(b_prospect.id) == []
        uow.commit()

    stored = get(b, b_prospect.id)
    assert (stored.name, stored.stage, stored.lost_reason) == ("Alpha Conseil", Stage.WON, "")
