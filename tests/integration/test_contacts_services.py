"""Contacts of a client on SQLite and PostgreSQL: storage, consent date, one signatory, audit, tenancy."""

from datetime import date

import pytest

from domain.audit import Action
from domain.clients import contacts, services
from domain.errors import InvalidInput, NotFound, PermissionDenied
from tests.integration.support import audit_of

ALPHA = {"name": "Alpha Conseil", "siren": "552008443"}
JEANNE = {"first_name": "Jeanne", "last_name": "Dupain", "role": "dirigeant", "email": "jeanne@alpha.fr",
          "phone": "06 12 34 56 78"}
PAUL = {"first_name": "Paul", "last_name": "Roux", "role": "comptable_interne", "email": "paul@alpha.fr"}
TODAY = date(2026, 11, 20)  # tests.conftest.NOW in Paris


def new_client(firm, form=ALPHA):
    c = firm.container
    return services.create_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, dict(form))


def add(firm, client_id, form, **ticks):
    c = firm.container
    return contacts.add_contact(c.firm_uow(firm.firm_id), firm.principal(), c.clock, client_id, dict(form), **ticks)


def update(firm, contact_id, form, **ticks):
    c = firm.container
    return contacts.update_contact(c.firm_uow(firm.firm_id), firm.principal(), c.clock, contact_id, dict(form),
                                   **ticks)


def stored(firm, client_id):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.contacts.for_client(client_id), uow.contacts.signatory(client_id)


def test_an_added_contact_is_stored_with_its_consent_date_and_audited(firm):
    client = new_client(firm)

    added = add(firm, client.id, JEANNE, email_consent=True, is_signatory=True)

    [contact], signatory = stored(firm, client.id)
    assert contact == added
    assert (contact.full_name, contact.role.label, contact.email, contact.consent_on, contact.is_signatory) == (
        "Jeanne Dupain", "Dirigeant", "jeanne@alpha.fr", TODAY, True)
    assert signatory == contact
    [event] = audit_of(firm.container, firm.firm_id, Action.CONTACT_CREATE)
    assert event.details == {"client": "Alpha Conseil", "nom": "Jeanne Dupain", "rôle": "Dirigeant",
                             "e-mail": "jeanne@alpha.fr", "consentement e-mail": "oui", "signataire": "oui"}


def test_one_signatory_per_client_whether_added_or_updated(firm):
    client = new_client(firm)
    other = new_client(firm, {"name": "Beta", "kind": "individual"})
    jeanne = add(firm, client.id, JEANNE, is_signatory=True)
    beta_signatory = add(firm, other.id, PAUL, is_signatory=True)

    paul = add(firm, client.id, PAUL, is_signatory=True)
    listed, signatory = stored(firm, client.id)
    assert signatory.id == paul.id
    assert [(c.full_name, c.is_signatory) for c in listed] == [("Paul Roux", True), ("Jeanne Dupain", False)]

    update(firm, jeanne.id, JEANNE, is_signatory=True)
    listed, signatory = stored(firm, client.id)
    assert signatory.id == jeanne.id
    assert [c.is_signatory for c in listed] == [True, False]
    assert stored(firm, other.id)[1].id == beta_signatory.id  # another client's signatory is untouched


def test_unticking_consent_clears_its_date_and_the_change_is_audited(firm):
    client = new_client(firm)
    jeanne = add(firm, client.id, JEANNE, email_consent=True)

    update(firm, jeanne.id, dict(JEANNE, phone="04 72 00 00 00"), email_consent=False)

    [contact], _ = stored(firm, client.id)
    assert (contact.phone, contact.email_consent, contact.consent_on) == ("04 72 00 00 00", False, None)
    [event] = audit_of(firm.container, firm.firm_id, Action.CONTACT_UPDATE)
    assert event.details == {"client": "Alpha Conseil", "phone": "06 12 34 56 78 → 04 72 00 00 00",
                             "consentement e-mail": "oui → non"}


def test_saving_an_unchanged_contact_writes_nothing(firm):
    client = new_client(firm)
    jeanne = add(firm, client.id, JEANNE, email_consent=True)

    update(firm, jeanne.id, JEANNE, email_consent=True)

    assert audit_of(firm.container, firm.firm_id, Action.CONTACT_UPDATE) == []


def test_a_deleted_contact_is_gone_and_audited(firm):
    client = new_client(firm)
    jeanne = add(firm, client.id, JEANNE, is_signatory=True)
    c = firm.container

    contacts.delete_contact(c.firm_uow(firm.firm_id), firm.principal(), c.clock, jeanne.id)

    assert stored(firm, client.id) == ([], None)
    [event] = audit_of(c, firm.firm_id, Action.CONTACT_DELETE)
    assert event.details == {"client": "Alpha Conseil", "nom": "Jeanne Dupain"}
    with pytest.raises(NotFound, match="Contact introuvable dans ce cabinet."):
        contacts.delete_contact(c.firm_uow(firm.firm_id), firm.principal(), c.clock, jeanne.id)


def test_an_invalid_contact_writes_nothing(firm):
    client = new_client(firm)

    with pytest.raises(InvalidInput, match="Nom : valeur obligatoire."):
        add(firm, client.id, {"first_name": "Sans nom", "email": "x@y.fr"})

    assert stored(firm, client.id) == ([], None)
    assert audit_of(firm.container, firm.firm_id, Action.CONTACT_CREATE) == []


def test_another_firms_client_and_contact_are_not_found(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    b_client = new_client(b)
    b_contact = add(b, b_client.id, JEANNE, is_signatory=True)
    c = a.container

    with pytest.raises(NotFound, match="Client introuvable dans ce cabinet."):
        add(a, b_client.id, PAUL)
    with pytest.raises(NotFound):
        update(a, b_contact.id, dict(JEANNE, last_name="Piraté"))
    with pytest.raises(NotFound):
        contacts.delete_contact(c.firm_uow(a.firm_id), a.principal(), c.clock, b_contact.id)
    with pytest.raises(PermissionDenied):  # A's administrator on B's unit of work
        contacts.add_contact(c.firm_uow(b.firm_id), a.principal(), c.clock, b_client.id, dict(PAUL))
    with a.container.firm_uow(a.firm_id) as uow:
        assert uow.contacts.for_client(b_client.id) == []
        assert uow.contacts.get(b_contact.id) is None
        assert uow.contacts.signatory(b_client.id) is None
    assert stored(b, b_client.id) == ([b_contact], b_contact)
