"""Contact validation, e-mail consent dating, the one-signatory rule, and the client's share capital."""

from datetime import date

import pytest

from domain.clients.contacts import InvalidContact, as_form, others_to_unmark, validate_contact
from domain.clients.model import Contact, ContactRole
from domain.clients.validation import InvalidClient, as_form as client_form, validate_client

TODAY = date(2026, 11, 20)


def contact(form: dict, *, consent: bool = False, signs: bool = False, before: Contact | None = None) -> Contact:
    return validate_contact(form, client_id=7, email_consent=consent, is_signatory=signs, today=TODAY, before=before)


def test_a_valid_contact_is_cleaned():
    c = contact({"first_name": "  Jeanne ", "last_name": "Dupain", "role": "dirigeant", "email": "Jeanne@Dupain.FR",
                 "phone": "06 12 34 56 78"})

    assert (c.client_id, c.full_name, c.role, c.email, c.phone) == (
        7, "Jeanne Dupain", ContactRole.EXECUTIVE, "jeanne@dupain.fr", "06 12 34 56 78")
    assert (c.email_consent, c.consent_on, c.is_signatory) == (False, None, False)


def test_every_problem_is_listed_at_once():
    with pytest.raises(InvalidContact) as err:
        contact({"last_name": " ", "email": "pas-une-adresse", "phone": "abc", "role": "pilote"}, consent=True)

    assert err.value.problems == ["E-mail « pas-une-adresse » invalide.", "Nom : valeur obligatoire.",
                                  "Rôle « pilote » inconnu.", "Téléphone « abc » invalide."]


def test_control_characters_in_an_email_are_refused():
    with pytest.raises(InvalidContact, match="E-mail : caractères non autorisés."):
        contact({"last_name": "X", "email": "a\x07b@c.fr"})


def test_consent_needs_an_address():
    with pytest.raises(InvalidContact, match="Consentement aux e-mails : indiquez l'adresse e-mail du contact."):
        contact({"last_name": "Dupain"}, consent=True)


def test_roles_have_french_labels_and_an_empty_role_means_other():
    assert [r.label for r in ContactRole] == ["Dirigeant", "Comptable interne", "Assistant(e) de direction",
                                              "DRH / paie", "Juriste", "Autre"]
    assert contact({"last_name": "X"}).role is ContactRole.OTHER
    assert contact({"last_name": "X", "role": "Comptable interne"}).role is ContactRole.INTERNAL_ACCOUNTANT


def test_consent_is_dated_today_kept_while_ticked_and_cleared_when_unticked():
    given = contact({"last_name": "Dupain", "email": "j@dupain.fr"}, consent=True)
    assert given.consent_on == TODAY

    earlier = Contact(id=3, client_id=7, last_name="Dupain", email="j@dupain.fr", email_consent=True,
                      consent_on=date(2025, 3, 1))
    kept = contact(as_form(earlier), consent=True, before=earlier)
    assert (kept.id, kept.consent_on) == (3, date(2025, 3, 1))

    withdrawn = contact(as_form(earlier), consent=False, before=earlier)
    assert (withdrawn.email_consent, withdrawn.consent_on) == (False, None)
    assert not withdrawn.may_email


def test_a_new_signatory_unmarks_the_clients_other_signatory_only():
    old = Contact(id=1, client_id=7, last_name="A", is_signatory=True)
    other = Contact(id=2, client_id=7, last_name="B")
    new = Contact(id=3, client_id=7, last_name="C", is_signatory=True)

    assert others_to_unmark([old, other, new], new) == [1]
    assert others_to_unmark([old, other, new], old) == [3]
    assert others_to_unmark([old, other], other) == []  # not a signatory: nobody loses the mark
    assert others_to_unmark([Contact(id=9, client_id=8, last_name="Z", is_signatory=True)], new) == []


def test_share_capital_is_typed_the_french_way_and_shown_back_so():
    client = validate_client({"name": "Alpha", "siren": "552008443", "share_capital": "15 000,50"}, group_id=4)

    assert (client.share_capital_cents, client.group_id) == (1_500_050, 4)
    assert client_form(client)["share_capital"] == "15 000,50"
    assert validate_client({"name": "Alpha", "kind": "individual"}).share_capital_cents is None


@pytest.mark.parametrize(("typed", "message"), [
    ("-10", "Capital social : le montant ne peut pas être négatif."),
    ("dix euros", "Capital social : « dix euros » n'est pas un montant valide."),
    ("1,234", "Capital social : au plus deux décimales."),
])
def test_an_invalid_share_capital_is_reported_with_the_other_problems(typed, message):
    with pytest.raises(InvalidClient) as err:
        validate_client({"name": "", "kind": "individual", "share_capital": typed})

    assert err.value.problems == ["Nom : valeur obligatoire.", message]
