"""Chorus Pro in the pure domain: the client's public-sector form, the buyer with the engagement's codes, the
refusal of a missing required code, the flow states and the secrets' checks."""

from dataclasses import replace
from datetime import date

import pytest

from domain.chorus.credentials import clean_secret, hint_of
from domain.chorus.model import DepositStatus, status_of_state
from domain.clients.model import Client, ClientKind, PublicRecipient
from domain.clients.validation import InvalidClient, as_form, validate_client
from domain.engagements.model import Engagement
from domain.errors import InvalidInput
from domain.invoicing.drafting import buyer_of
from domain.invoicing.rules import validate
from tests.invoicing_support import public_invoice


def form(**changes) -> dict:
    base = {"kind": "company", "name": "Commune de Vif", "siren": "732829320", "public_sector": "oui",
            "chorus_siret": "73282932000074", "chorus_service_code": "SERV-01", "chorus_commitment_number": "EJ-42",
            "chorus_service_code_required": "oui"}
    return base | changes


def test_a_public_client_form_gives_its_recipient_and_round_trips():
    client = validate_client(form())
    assert client.public == PublicRecipient(siret="73282932000074", service_code="SERV-01",
                                            commitment_number="EJ-42", service_code_required=True,
                                            commitment_required=False)
    assert validate_client(as_form(client)).public == client.public


def test_the_recipient_siret_defaults_to_the_head_office_and_a_private_client_has_none():
    client = validate_client(form(chorus_siret="", siret="73282932000074"))
    assert client.public.siret == "73282932000074"
    assert validate_client(form(public_sector="")).public is None


def test_every_public_sector_problem_is_reported_at_once():
    with pytest.raises(InvalidClient) as refused:
        validate_client(form(chorus_siret="73282932000075", chorus_service_code="SERV 01",
                             chorus_commitment_number="x" * 51))
    problems = " ; ".join(refused.value.problems)
    assert "73282932000075" in problems  # fails the Luhn check
    assert "Code service Chorus Pro « SERV 01 » invalide" in problems
    assert "Numéro d'engagement Chorus Pro" in problems and "50 caractères" in problems


def test_a_public_client_without_any_siret_is_refused():
    with pytest.raises(InvalidClient, match="SIRET du destinataire Chorus Pro est obligatoire"):
        validate_client(form(chorus_siret=""))


CLIENT = Client(id=7, kind=ClientKind.COMPANY, name="Commune de Vif", siren="732829320", siret="73282932000017",
                address_line="1 place", postal_code="38450", city="Vif",
                public=PublicRecipient(siret="73282932000074", service_code="SERV-01", commitment_number="EJ-42",
                                       commitment_required=True))


def engagement(**changes) -> Engagement:
    base = Engagement(id=3, client_id=7, letter_id=1, fiscal_year_start=date(2026, 1, 1),
                      fiscal_year_end=date(2026, 12, 31), activated_on=date(2026, 1, 5))
    return replace(base, **changes)


def test_the_buyer_of_a_public_client_carries_its_recipient_and_codes():
    buyer = buyer_of(CLIENT, "mairie@vif.fr")
    assert (buyer.public_sector, buyer.siret, buyer.service_code, buyer.commitment_number) == (
        True, "73282932000074", "SERV-01", "EJ-42")
    assert (buyer.service_code_required, buyer.commitment_required) == (False, True)


def test_the_engagement_s_own_codes_win_over_the_client_s():
    buyer = buyer_of(CLIENT, "", engagement(chorus_service_code="SERV-MARCHE", chorus_commitment_number="EJ-2026-9"))
    assert (buyer.service_code, buyer.commitment_number) == ("SERV-MARCHE", "EJ-2026-9")
    partial = buyer_of(CLIENT, "", engagement(chorus_commitment_number="EJ-2026-9"))
    assert (partial.service_code, partial.commitment_number) == ("SERV-01", "EJ-2026-9")
    other_client = buyer_of(CLIENT, "", engagement(client_id=8, chorus_service_code="NOT-MINE"))
    assert other_client.service_code == "SERV-01"


def test_a_private_client_is_not_public():
    buyer = buyer_of(replace(CLIENT, public=None), "")
    assert (buyer.public_sector, buyer.siret, buyer.service_code) == (False, "73282932000017", "")


def test_validate_refuses_a_missing_required_code_and_accepts_it_once_given():
    invoice = public_invoice()
    missing = replace(invoice, buyer=replace(invoice.buyer, service_code="", service_code_required=True,
                                             commitment_number="", commitment_required=True))
    problems = validate(missing)
    assert any("le code service Chorus Pro est obligatoire" in p for p in problems)
    assert any("numéro d'engagement juridique (bon de commande) est obligatoire" in p for p in problems)
    given = replace(missing, buyer=replace(missing.buyer, service_code="S1", commitment_number="EJ1"))
    assert validate(given) == []


@pytest.mark.parametrize(("state", "status"), [
    ("", DepositStatus.DEPOSITED), ("IN_RECU", DepositStatus.IN_PROGRESS),
    ("IN_EN_ATTENTE_TRAITEMENT", DepositStatus.IN_PROGRESS), ("IN_INTEGRE", DepositStatus.INTEGRATED),
    ("in_integre_partiel", DepositStatus.INTEGRATED), ("IN_REJETE", DepositStatus.REJECTED),
    ("IN_INCIDENTE", DepositStatus.REJECTED)])
def test_flow_states_sum_up_to_four_statuses(state, status):
    assert status_of_state(state) is status


def test_the_secrets_are_checked_and_the_login_hint_hides_its_middle():
    secret = clean_secret(" client-id-123 ", "s3cret-value-xyz", "TECH_1_cabinet@cpro.fr", " with spaces ")
    assert (secret.client_id, secret.password) == ("client-id-123", " with spaces ")  # a password is kept as typed
    assert hint_of(secret.login) == "TECH_1_…@cpro.fr"
    with pytest.raises(InvalidInput, match="deux-points"):
        clean_secret("client-id-123", "s3cret-value-xyz", "TECH:1", "pw")
