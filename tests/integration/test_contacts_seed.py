"""The demo seed of contacts and groups (data/seeding/contacts.py) on SQLite and PostgreSQL."""

import random
from datetime import date

from data.seeding.contacts import seed_contacts
from domain.clients import services
from domain.clients.model import ClientFilter, ContactRole
from domain.clients.validation import validate_client
from tests.conftest import random_siren

TODAY = date(2026, 11, 20)


def make_clients(firm, count: int):
    c = firm.container
    made = []
    for n in range(count):
        form = {"name": f"Société {n:02d}", "siren": random_siren(), "email": f"contact@societe{n}.example.fr"}
        if n % 10 == 9:
            form = {"name": f"Particulier {n}", "kind": "individual"}
        made.append(services.create_client(c.firm_uow(firm.firm_id), None, c.clock, form))
    services.archive_client(c.firm_uow(firm.firm_id), None, c.clock, made[0].id)
    with c.firm_uow(firm.firm_id) as uow:
        return uow.clients.search(ClientFilter(include_archived=True))


def seed(firm, clients, seed_value=7) -> int:
    with firm.container.platform_uow() as uow:
        count = seed_contacts(uow.scoped(firm.firm_id), today=TODAY, rng=random.Random(seed_value), clients=clients)
        uow.commit()
    return count


def test_each_active_company_gets_a_consenting_dirigeant_who_signs_and_groups_gather_companies(firm):
    clients = make_clients(firm, 40)
    count = seed(firm, clients)

    with firm.container.firm_uow(firm.firm_id) as uow:
        per_client = {c.id: uow.contacts.for_client(c.id) for c in clients}
        groups = uow.client_groups.list()
        members = {g.id: uow.clients.in_group(g.id) for g in groups}
    active_companies = [c for c in clients if c.siren and not c.archived]
    assert count == sum(len(v) for v in per_client.values()) + len(groups)
    for client in clients:
        people = per_client[client.id]
        if client not in active_companies:
            assert people == []
            continue
        assert 1 <= len(people) <= 3
        [signatory] = [p for p in people if p.is_signatory]
        assert (signatory.role, signatory.email_consent) == (ContactRole.EXECUTIVE, True)
        assert signatory.consent_on < TODAY
        assert signatory.email.endswith(client.email.split("@")[1])
        for person in people:  # what the seed writes passes the form's validation
            validate_client({"name": person.full_name, "kind": "individual", "email": person.email,
                             "phone": person.phone})
    assert len(groups) == 8
    assert all(2 <= len(m) <= 4 and all(c.siren for c in m) for m in members.values())
    grouped = [c.id for m in members.values() for c in m]
    assert len(grouped) == len(set(grouped))


def test_the_seed_is_deterministic(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    names = []
    for firm in (a, b):
        clients = make_clients(firm, 12)
        seed(firm, clients, seed_value=3)
        with firm.container.firm_uow(firm.firm_id) as uow:
            names.append(([[(p.full_name, p.role) for p in uow.contacts.for_client(c.id)]
                           for c in uow.clients.search(ClientFilter(include_archived=True))],
                          [g.name for g in uow.client_groups.list()]))
    assert names[0] == names[1]
