"""Reading the RNE's company JSON, the pre-filled client form and the comparison with a client file."""

from datetime import date
from decimal import Decimal

import pytest

from domain.clients.model import Client, ClientKind
from domain.inpi.compare import differences, owner_differences, prefill_form
from domain.inpi.model import BeneficialOwner, CompanyRecord, Difference, InpiError, Manager
from domain.inpi.parsing import company_record
from tests.inpi_fake import SIREN, company_payload


def test_a_sole_trader_is_named_after_the_entrepreneur_and_has_no_capital():
    payload = {"siren": SIREN, "formality": {"siren": SIREN, "content": {
        "natureCreation": {"dateCreation": "2021-09-01", "formeJuridique": "1000"},
        "personnePhysique": {
            "identite": {"entrepreneur": {"descriptionPersonne": {"nom": "DUPONT", "prenoms": ["Jean"],
                                                                  "dateDeNaissance": "1980-02-15"}},
                         "entreprise": {"codeApe": "4322A"}},
            "adresseEntreprise": {"adresse": {"numVoie": "3", "indiceRepetition": "B", "typeVoie": "AV",
                                              "voie": "JEAN JAURÈS", "codePostal": "69007", "commune": "LYON"}}}}}}
    record = company_record(SIREN, payload)
    assert (record.name, record.legal_form, record.share_capital_cents) == ("Jean DUPONT", "Entrepreneur individuel",
                                                                           None)
    assert record.address_line == "3b avenue JEAN JAURÈS"
    assert record.naf_code == "43.22A"
    assert record.managers == (Manager("Jean DUPONT", "Entrepreneur", birth="1980-02"),)
    assert record.created_on == date(2021, 9, 1)


def test_missing_fields_stay_empty_and_unknown_codes_show_as_codes():
    payload = company_payload(form="9999", ape="", capital="n/a", created="bientôt",
                              address={"codePostal": "75001"},
                              powers=[{"roleEntreprise": "999", "individu": {"descriptionPersonne": {"nom": "X"}}},
                                      {"individu": {}}])
    record = company_record(SIREN, payload)
    assert (record.legal_form, record.naf_code, record.share_capital_cents, record.created_on) == ("9999", "", None,
                                                                                                   None)
    assert (record.address_line, record.postal_code, record.city) == ("", "75001", "")
    assert record.managers == (Manager("X", "Rôle 999"),)  # the nameless power is left out


def test_a_decimal_capital_is_read_exactly_in_cents():
    assert company_record(SIREN, company_payload(capital=1234.56)).share_capital_cents == 123456


@pytest.mark.parametrize("payload", [{}, {"formality": {"siren": SIREN, "content": {}}},
                                     company_payload("552032534"),
                                     {"formality": {"siren": SIREN, "content": {"natureCreation": {}}}}])
def test_an_answer_without_this_companys_formality_is_an_error(payload):
    with pytest.raises(InpiError, match="Réponse inattendue de l'INPI"):
        company_record(SIREN, payload)


RECORD = CompanyRecord(siren=SIREN, name="BOULANGERIE DU PARC", legal_form_code="5710", legal_form="SAS",
                       address_line="12 rue DE LA RÉPUBLIQUE", postal_code="69002", city="LYON", naf_code="10.71C",
                       share_capital_cents=1_500_000)


def test_the_prefilled_form_holds_what_the_register_knows():
    assert prefill_form(RECORD) == {"kind": "company", "siren": "732829320", "name": "BOULANGERIE DU PARC",
                                    "legal_form": "SAS", "naf_code": "10.71C",
                                    "address_line": "12 rue DE LA RÉPUBLIQUE", "postal_code": "69002",
                                    "city": "LYON", "share_capital": "15 000,00"}


def test_spelling_is_not_a_difference_but_content_and_empty_fields_are():
    same = Client(id=1, kind=ClientKind.COMPANY, name="Boulangerie du Parc", siren=SIREN, legal_form="S.A.S.",
                  naf_code="1071C", address_line="12, rue de la Republique", postal_code="69002", city="Lyon",
                  share_capital_cents=1_500_000)
    assert differences(same, RECORD) == []
    other = Client(id=1, kind=ClientKind.COMPANY, name="Boulangerie du Parc", siren=SIREN, legal_form="SARL",
                   postal_code="69002", city="Lyon", share_capital_cents=1_500_000, naf_code="10.71C")
    assert differences(other, RECORD) == [Difference("Forme juridique", "SARL", "SAS"),
                                          Difference("Adresse du siège", "", "12 rue DE LA RÉPUBLIQUE")]


def test_what_the_register_does_not_know_is_not_a_difference():
    record = CompanyRecord(siren=SIREN, name="BOULANGERIE DU PARC")
    client = Client(id=1, kind=ClientKind.COMPANY, name="Boulangerie du parc", siren=SIREN, city="Lyon",
                    naf_code="10.71C", share_capital_cents=100)
    assert differences(client, record) == []


def test_beneficial_owners_of_the_rbe_against_the_file():
    record = CompanyRecord(siren=SIREN, name="X", beneficial_owners=(
        BeneficialOwner("Sophie MARTIN", capital_percent=60.0, votes_percent=60.0),
        BeneficialOwner("Paul DURAND", capital_percent=40.0, votes_percent=40.0)))
    file = [("Martin Sophie", Decimal(60), Decimal(60)),  # same person, same shares: nothing to say
            ("Paul Durand", Decimal(30), Decimal("40.5")),  # shares differ
            ("Jeanne Roux", Decimal(26), Decimal(0))]  # not declared
    assert owner_differences(record, file) == [
        Difference("Bénéficiaire effectif Paul DURAND", "capital 30 %, votes 40,50 %", "capital 40 %, votes 40 %"),
        Difference("Bénéficiaire effectif Jeanne Roux", "capital 26 %, votes 0 %", "non déclaré au RBE")]
    assert owner_differences(record, []) == [
        Difference("Bénéficiaire effectif Sophie MARTIN", "absent du dossier", "capital 60 %, votes 60 %"),
        Difference("Bénéficiaire effectif Paul DURAND", "absent du dossier", "capital 40 %, votes 40 %")]


def test_without_rbe_access_there_is_nothing_to_compare():
    assert owner_differences(CompanyRecord(siren=SIREN, name="X"), [("Jeanne Roux", 26, 0)]) == []
