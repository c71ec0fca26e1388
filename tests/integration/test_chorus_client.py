"""The PISTE / Chorus Pro client against a local HTTP server answering like the API (tests/piste_fake.py)."""

import base64

import pytest

from data.integrations.chorus import ChorusClient, cpro_account
from domain.chorus.model import FACTURX_SYNTAX, ChorusError, ChorusSecret, DepositStatus, token_url_for
from tests.piste_fake import CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD, serve

PDF = b"%PDF-1.7\n% Factur-X (test)\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SECRET = ChorusSecret(CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD)
DEPOSIT = "/cpro/factures/v1/deposer/flux"
TOKEN = "/api/oauth/token"


@pytest.fixture
def fake_piste():
    yield from serve()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def waits():
    return []


@pytest.fixture
def clock():
    return Clock()


def make(fake, waits, clock, secret: ChorusSecret = SECRET) -> ChorusClient:
    return ChorusClient(secret, fake.url, token_url_for(fake.url), max_attempts=3, sleep=waits.append, clock=clock)


@pytest.fixture
def client(fake_piste, waits, clock):
    client = make(fake_piste, waits, clock)
    yield client
    client.close()


def test_the_token_is_asked_with_client_credentials_and_every_call_carries_bearer_and_cpro_account(client, fake_piste):
    number = client.deposit("F-2026-0001.pdf", PDF, FACTURX_SYNTAX)

    [token_call] = fake_piste.calls_to(TOKEN)
    assert token_call.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert token_call.form() == {"grant_type": "client_credentials", "client_id": CLIENT_ID,
                                 "client_secret": CLIENT_SECRET, "scope": "openid"}
    [deposit] = fake_piste.calls_to(DEPOSIT)
    assert deposit.headers["Authorization"] == f"Bearer {fake_piste.tokens[0]}"
    # base64 of "TECH_1_cabinet@cpro.fr:Mot2Passe:Technique!", written out by hand
    expected = base64.b64encode(b"TECH_1_cabinet@cpro.fr:Mot2Passe:Technique!").decode()
    assert deposit.headers["cpro-account"] == expected == cpro_account(LOGIN, PASSWORD)
    assert number == "CPP0000001"


def test_the_deposit_sends_the_exact_pdf_bytes_in_base64_with_the_facturx_syntax(client, fake_piste):
    client.deposit("F-2026-0001.pdf", PDF, FACTURX_SYNTAX)

    body = fake_piste.calls_to(DEPOSIT)[0].json()
    assert body == {"idUtilisateurCourant": 0, "fichierFlux": base64.b64encode(PDF).decode(),
                    "nomFichier": "F-2026-0001.pdf", "syntaxeFlux": "IN_DP_E2_CII_FACTURX", "avecSignature": False}
    assert base64.b64decode(body["fichierFlux"]) == PDF
    assert fake_piste.flows["CPP0000001"]["file"] == PDF


def test_the_token_is_reused_until_a_minute_before_it_expires(client, fake_piste, clock):
    client.deposit("a.pdf", PDF, FACTURX_SYNTAX)
    clock.now += 3600 - 61  # still 61 s to live
    client.flow_report("CPP0000001", FACTURX_SYNTAX)
    assert len(fake_piste.calls_to(TOKEN)) == 1
    clock.now += 2  # 59 s to live: renewed
    client.flow_report("CPP0000001", FACTURX_SYNTAX)
    assert len(fake_piste.calls_to(TOKEN)) == 2


def test_a_revoked_token_is_renewed_once_and_the_call_goes_through(client, fake_piste):
    client.check_connection()
    fake_piste.revoke_tokens()
    client.check_connection()
    assert len(fake_piste.calls_to(TOKEN)) == 2


def test_the_flow_report_gives_the_state_and_its_status(client, fake_piste):
    number = client.deposit("a.pdf", PDF, FACTURX_SYNTAX)
    assert client.flow_report(number, FACTURX_SYNTAX).status is DepositStatus.IN_PROGRESS
    fake_piste.set_state(number, "IN_REJETE")
    report = client.flow_report(number, FACTURX_SYNTAX)
    assert (report.state, report.status) == ("IN_REJETE", DepositStatus.REJECTED)
    assert report.message == "Rejet : le SIRET du destinataire est inconnu"
    assert fake_piste.calls_to("/cpro/transverses/v1/consulterCR")[-1].json() == {
        "numeroFluxDepot": number, "syntaxeFlux": FACTURX_SYNTAX}


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_429_and_5xx_are_retried_with_backoff(client, fake_piste, waits, status):
    fake_piste.fail_next(DEPOSIT, status, times=2)
    assert client.deposit("a.pdf", PDF, FACTURX_SYNTAX) == "CPP0000001"
    assert len(fake_piste.calls_to(DEPOSIT)) == 3
    assert waits == [1.0, 2.0]  # backoff 1 s then 2 s


def test_retry_after_is_honoured(client, fake_piste, waits):
    fake_piste.fail_next(DEPOSIT, 429, headers={"Retry-After": "7"})
    client.deposit("a.pdf", PDF, FACTURX_SYNTAX)
    assert waits == [7.0]


def test_a_service_still_unavailable_after_the_attempts_gives_a_french_message(client, fake_piste):
    fake_piste.fail_next(DEPOSIT, 503, times=3)
    with pytest.raises(ChorusError, match=r"Chorus Pro est indisponible \(HTTP 503\) après 3 tentatives"):
        client.deposit("a.pdf", PDF, FACTURX_SYNTAX)
    assert fake_piste.flows == {}


def test_a_throttled_token_request_is_retried_too(client, fake_piste, waits):
    fake_piste.fail_next(TOKEN, 429)
    client.check_connection()
    assert len(fake_piste.calls_to(TOKEN)) == 2 and waits == [1.0]


def test_wrong_client_credentials_are_reported_in_french(fake_piste, waits, clock):
    client = make(fake_piste, waits, clock, ChorusSecret(CLIENT_ID, "wrong-secret-000000", LOGIN, PASSWORD))
    with pytest.raises(ChorusError, match=r"PISTE refuse l'application \(HTTP 401\).*client_id, client_secret"):
        client.check_connection()
    assert waits == []  # a refusal is not retried


def test_a_wrong_technical_account_is_reported_in_french(fake_piste, waits, clock):
    client = make(fake_piste, waits, clock, ChorusSecret(CLIENT_ID, CLIENT_SECRET, LOGIN, "wrong"))
    with pytest.raises(ChorusError, match=r"Chorus Pro refuse l'accès \(HTTP 403\).*compte technique"):
        client.deposit("a.pdf", PDF, FACTURX_SYNTAX)


def test_a_refusal_with_a_return_code_is_an_error_with_chorus_pro_s_label(client):
    with pytest.raises(ChorusError, match=r"Chorus Pro a refusé la demande \(code 20004\) : Le fichier déposé n'est "
                                          r"pas un PDF Factur-X"):
        client.deposit("a.pdf", b"not a pdf", FACTURX_SYNTAX)
    with pytest.raises(ChorusError, match=r"code 20005\) : Flux CPP999 inconnu"):
        client.flow_report("CPP999", FACTURX_SYNTAX)


def test_an_unreachable_server_is_retried_then_reported(waits, clock):
    client = ChorusClient(SECRET, "http://127.0.0.1:9", "http://127.0.0.1:9/api/oauth/token", max_attempts=2,
                          sleep=waits.append, clock=clock)
    with pytest.raises(ChorusError, match="PISTE est injoignable"):
        client.check_connection()
    assert waits == [1.0]


def test_incomplete_secrets_are_refused_before_any_call():
    with pytest.raises(ChorusError, match="incomplets"):
        ChorusClient(ChorusSecret(CLIENT_ID, CLIENT_SECRET, LOGIN, ""), "http://127.0.0.1:9", "http://127.0.0.1:9/t")


def test_the_token_address_follows_the_environment():
    assert token_url_for("https://sandbox-api.piste.gouv.fr") == "https://sandbox-oauth.piste.gouv.fr/api/oauth/token"
    assert token_url_for("https://api.piste.gouv.fr/") == "https://oauth.piste.gouv.fr/api/oauth/token"
    assert token_url_for("http://127.0.0.1:8080") == "http://127.0.0.1:8080/api/oauth/token"
