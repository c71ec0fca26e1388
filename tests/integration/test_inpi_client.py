"""The INPI RNE client against a local HTTP server answering like the API (tests/inpi_fake.py)."""

import json
from datetime import date

import pytest

from data.integrations.inpi import InpiClient, jwt_expiry
from domain.inpi.model import BeneficialOwner, InpiError, InpiSecret, Manager
from tests.inpi_fake import PASSWORD, SIREN, USERNAME, company_payload, jwt, owner_entry, serve

SECRET = InpiSecret(USERNAME, PASSWORD)
LOGIN = "/api/sso/login"
COMPANY = f"/api/companies/{SIREN}"
START = 1_800_000_000.0  # the tests' wall clock (seconds since the epoch)


@pytest.fixture
def fake_inpi():
    for fake in serve():
        fake.now = START
        fake.add(company_payload())
        yield fake


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def waits():
    return []


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def client(fake_inpi, waits, clock):
    client = InpiClient(SECRET, fake_inpi.url, max_attempts=3, sleep=waits.append, clock=clock)
    yield client
    client.close()


def test_login_posts_the_account_then_every_call_carries_the_bearer_token(client, fake_inpi):
    client.company(SIREN)

    [login] = fake_inpi.calls_to(LOGIN)
    assert json.loads(login.body) == {"username": "lcbft@cabinet-verger.fr", "password": "Mot-De-Passe-INPI-2026!"}
    [call] = fake_inpi.calls_to(COMPANY)
    assert call.method == "GET"
    assert call.headers["Authorization"] == f"Bearer {fake_inpi.tokens[0]}"


def test_the_company_record_gives_identity_and_managers(client):
    record = client.company(SIREN)

    assert (record.siren, record.name) == ("732829320", "BOULANGERIE DU PARC")
    assert (record.legal_form_code, record.legal_form) == ("5710", "SAS")
    assert (record.address_line, record.postal_code, record.city) == ("12 rue DE LA RÉPUBLIQUE", "69002", "LYON")
    assert record.naf_code == "10.71C"
    assert record.share_capital_cents == 1_500_000  # 15 000 € in cents
    assert record.created_on == date(2015, 3, 2)
    assert record.managers == (Manager("Sophie Anne MARTIN", "Président", birth="1978-04"),
                               Manager("AUDIT CONSEIL RHÔNE", "Commissaire aux comptes titulaire", is_company=True,
                                       siren="552032534"))
    assert record.beneficial_owners is None  # no RBE data in the answer: not "nobody"


def test_beneficial_owners_come_only_to_an_authorised_account(client, fake_inpi):
    fake_inpi.owners[SIREN] = [owner_entry("MARTIN", ["Sophie"], 60, 60),
                               owner_entry("DURAND", ["Paul"], 40.5, 40, control=["Détention indirecte"])]
    assert client.company(SIREN).beneficial_owners == (
        BeneficialOwner("Sophie MARTIN", birth="1978-04", nationality="Française", capital_percent=60.0,
                        votes_percent=60.0, control="Détention directe du capital"),
        BeneficialOwner("Paul DURAND", birth="1978-04", nationality="Française", capital_percent=40.5,
                        votes_percent=40.0, control="Détention indirecte"))
    fake_inpi.rbe_access = False
    assert client.company(SIREN).beneficial_owners is None


def test_the_token_is_reused_until_a_minute_before_its_expiry(client, fake_inpi, clock):
    client.company(SIREN)
    assert jwt_expiry(fake_inpi.tokens[0]) == START + 3600
    clock.now += 3600 - 61  # 61 s to live
    client.company(SIREN)
    assert len(fake_inpi.calls_to(LOGIN)) == 1
    clock.now += 2  # 59 s to live: a new login first
    client.company(SIREN)
    assert len(fake_inpi.calls_to(LOGIN)) == 2


def test_an_expired_token_gets_a_401_then_one_new_login_and_the_call_goes_through(client, fake_inpi):
    client.company(SIREN)
    fake_inpi.now += 3601  # the server considers the token expired, the client does not know yet

    assert client.company(SIREN).name == "BOULANGERIE DU PARC"
    assert len(fake_inpi.calls_to(LOGIN)) == 2
    assert [c.headers["Authorization"] for c in fake_inpi.calls_to(COMPANY)][-2:] == [
        f"Bearer {fake_inpi.tokens[0]}", f"Bearer {fake_inpi.tokens[1]}"]


def test_a_revoked_token_is_renewed_once(client, fake_inpi):
    client.company(SIREN)
    fake_inpi.revoke_tokens()
    client.company(SIREN)
    assert len(fake_inpi.calls_to(LOGIN)) == 2


def test_429_is_retried_with_the_wait_the_server_asks(client, fake_inpi, waits):
    fake_inpi.fail_next(COMPANY, 429, headers={"Retry-After": "5"})
    fake_inpi.fail_next(COMPANY, 429)
    assert client.company(SIREN).siren == SIREN
    assert len(fake_inpi.calls_to(COMPANY)) == 3
    assert waits == [5.0, 2.0]  # Retry-After, then backoff 1 s × 2 for the second attempt


def test_429_on_every_attempt_gives_a_french_message(client, fake_inpi):
    fake_inpi.fail_next(COMPANY, 429, times=3)
    with pytest.raises(InpiError, match=r"L'INPI limite le nombre de requêtes \(HTTP 429\) et refuse encore après "
                                        r"3 tentatives"):
        client.company(SIREN)


def test_a_wrong_password_is_refused_in_french(fake_inpi, waits, clock):
    client = InpiClient(InpiSecret(USERNAME, "mauvais"), fake_inpi.url, sleep=waits.append, clock=clock)
    with pytest.raises(InpiError, match=r"L'INPI refuse le compte \(HTTP 401\) : vérifiez l'e-mail et le mot de passe"):
        client.company(SIREN)
    assert fake_inpi.calls_to(COMPANY) == []


def test_an_unknown_siren_says_so(client):
    with pytest.raises(InpiError, match=r"Aucune entreprise de SIREN 552032534 au registre national des entreprises"):
        client.company("552032534")


def test_an_account_without_api_access_gets_a_french_message(client, fake_inpi):
    fake_inpi.fail_next(COMPANY, 403, times=1)
    with pytest.raises(InpiError, match=r"L'INPI refuse l'accès \(HTTP 403\) : le compte data.inpi.fr n'a pas"):
        client.company(SIREN)


def test_a_server_down_is_retried_then_reported(client, fake_inpi, waits):
    fake_inpi.fail_next(COMPANY, 503, times=3)
    with pytest.raises(InpiError, match=r"L'INPI est indisponible \(HTTP 503\) après 3 tentatives"):
        client.company(SIREN)
    assert waits == [1.0, 2.0]


def test_an_unreachable_server_gives_a_french_message(waits, clock):
    client = InpiClient(SECRET, "http://127.0.0.1:9", max_attempts=2, sleep=waits.append, clock=clock)
    with pytest.raises(InpiError, match="L'INPI est injoignable"):
        client.company(SIREN)


def test_check_connection_logs_in_afresh_and_lists_a_company(client, fake_inpi):
    client.company(SIREN)
    client.check_connection()
    assert len(fake_inpi.calls_to(LOGIN)) == 2
    [check] = fake_inpi.calls_to("/api/companies")
    assert check.query == {"siren[]": ["552032534"]}


def test_a_token_without_readable_expiry_is_kept_an_hour_at_most():
    assert jwt_expiry("not-a-jwt") is None
    assert jwt_expiry(jwt(START + 60)) == START + 60
