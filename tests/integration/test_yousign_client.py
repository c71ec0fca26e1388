"""The Yousign v3 client against a local HTTP server answering like the documented API (tests/yousign_fake.py)."""

import httpx
import pytest

from data.integrations.http import retry_delay
from data.integrations.yousign import YousignClient
from domain.signatures.model import SignatureError
from tests.yousign_fake import API_KEY, AUDIT_TRAIL_PDF, SIGNED_PDF, fake_yousign  # noqa: F401 (fixture)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
REQUESTS = r"/v3/signature_requests"


@pytest.fixture
def waits():
    return []


@pytest.fixture
def client(fake_yousign, waits):
    client = YousignClient(API_KEY, fake_yousign.url, max_attempts=3, sleep=waits.append)
    yield client
    client.close()


def send_flow(client) -> tuple[str, str, str]:
    request_id = client.create_request("Lettre de mission LM-2026-0001", "eexpi-1-letter-7")
    document_id = client.upload_document(request_id, "lettre.pdf", PDF)
    signer_id = client.add_signer(request_id, document_id, "Jeanne", "Dupain", "jeanne@dupain.fr", "+33612345678",
                                  3, 320, 660)
    client.activate(request_id)
    return request_id, document_id, signer_id


def test_the_whole_flow_sends_the_documented_requests_and_the_request_becomes_ongoing(client, fake_yousign):
    request_id, document_id, signer_id = send_flow(client)

    assert client.status(request_id) == "ongoing"
    created = fake_yousign.calls_to("POST", REQUESTS)[0]
    assert created.headers["Authorization"] == f"Bearer {API_KEY}"
    assert created.json() == {"name": "Lettre de mission LM-2026-0001", "delivery_mode": "email",
                              "timezone": "Europe/Paris", "external_id": "eexpi-1-letter-7"}
    upload = fake_yousign.calls_to("POST", rf"{REQUESTS}/{request_id}/documents")[0]
    assert upload.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="nature"\r\n\r\nsignable_document' in upload.body
    assert b'filename="lettre.pdf"' in upload.body and PDF in upload.body
    signer = fake_yousign.calls_to("POST", rf"{REQUESTS}/{request_id}/signers")[0].json()
    assert signer == {"info": {"first_name": "Jeanne", "last_name": "Dupain", "email": "jeanne@dupain.fr",
                               "locale": "fr", "phone_number": "+33612345678"},
                      "signature_level": "electronic_signature", "signature_authentication_mode": "otp_email",
                      "fields": [{"document_id": document_id, "type": "signature", "page": 3, "x": 320, "y": 660}]}
    assert fake_yousign.requests[request_id]["pdf"] == PDF
    assert signer_id in fake_yousign.requests[request_id]["signers"]


def test_done_request_gives_the_signed_pdf_and_the_audit_trail(client, fake_yousign):
    request_id, _, signer_id = send_flow(client)
    fake_yousign.set_status(request_id, "done")

    assert client.status(request_id) == "done"
    assert client.download_signed(request_id) == SIGNED_PDF
    assert client.download_audit_trail(request_id, signer_id) == AUDIT_TRAIL_PDF
    download = fake_yousign.calls_to("GET", rf"{REQUESTS}/{request_id}/documents/download")[0]
    assert download.query == {"version": ["completed"], "archive": ["false"]}


def test_a_429_is_retried_after_the_delay_given_by_retry_after(client, fake_yousign, waits):
    fake_yousign.fail_next("POST", REQUESTS, 429, headers={"Retry-After": "7"})

    request_id = client.create_request("Lettre", "x-1")

    assert request_id in fake_yousign.requests
    assert waits == [7.0]
    assert len(fake_yousign.calls_to("POST", REQUESTS)) == 2


def test_a_500_is_retried_with_backoff_then_succeeds(client, fake_yousign, waits):
    request_id, _, _ = send_flow(client)
    fake_yousign.fail_next("GET", rf"{REQUESTS}/{request_id}", 500, times=2)

    assert client.status(request_id) == "ongoing"
    assert waits == [1.0, 2.0]


def test_a_500_that_never_ends_gives_a_french_error_after_the_last_attempt(client, fake_yousign, waits):
    fake_yousign.fail_next("POST", REQUESTS, 503, times=5)

    with pytest.raises(SignatureError, match=r"^Yousign est indisponible \(HTTP 503\) après 3 tentatives : "
                                             r"réessayez plus tard\.$"):
        client.create_request("Lettre", "x-1")
    assert len(fake_yousign.calls_to("POST", REQUESTS)) == 3
    assert len(waits) == 2
    assert fake_yousign.requests == {}


def test_429_without_end_says_that_yousign_limits_the_requests(client, fake_yousign):
    fake_yousign.fail_next("GET", REQUESTS, 429, times=3, headers={"Retry-After": "1"})

    with pytest.raises(SignatureError, match="limite le nombre de requêtes"):
        client.check_connection()


def test_a_wrong_api_key_is_refused_in_french_without_retrying(fake_yousign, waits):
    wrong = YousignClient("ys-wrong-key-000000000000", fake_yousign.url, sleep=waits.append)

    with pytest.raises(SignatureError, match=r"^Clé API Yousign refusée \(HTTP 401\)"):
        wrong.check_connection()
    assert waits == [] and len(fake_yousign.calls) == 1


def test_a_403_is_a_refused_key_too(client, fake_yousign):
    fake_yousign.fail_next("GET", REQUESTS, 403)

    with pytest.raises(SignatureError, match=r"Clé API Yousign refusée \(HTTP 403\)"):
        client.check_connection()


def test_a_validation_error_carries_yousign_detail_in_the_french_message(client, fake_yousign):
    request_id = client.create_request("Lettre", "x-1")

    with pytest.raises(SignatureError) as err:
        client.add_signer(request_id, "unknown-document", "Jeanne", "Dupain", "jeanne@dupain.fr", "", 1, 10, 10)
    assert err.value.message == ("Yousign a refusé la demande (HTTP 400) : Validation failed. ; "
                                 "fields.document_id : Unknown document.")


def test_an_unknown_request_is_a_french_not_found(client):
    with pytest.raises(SignatureError, match=r"^Demande de signature introuvable chez Yousign \(HTTP 404\)"):
        client.status("00000000-0000-0000-0000-000000000000")


def test_a_server_that_cannot_be_reached_is_retried_then_reported_in_french(waits):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = YousignClient(API_KEY, f"http://127.0.0.1:{port}/v3", max_attempts=2, sleep=waits.append)

    with pytest.raises(SignatureError, match=r"^Yousign est injoignable \(127\.0\.0\.1\)"):
        client.check_connection()
    assert waits == [1.0]


def test_cancel_deletes_a_draft_and_cancels_an_active_request(client, fake_yousign):
    draft = client.create_request("Brouillon", "x-1")
    active, _, _ = send_flow(client)

    client.cancel(draft)
    client.cancel(active)

    assert fake_yousign.requests[draft]["status"] == "deleted"
    assert fake_yousign.requests[active]["status"] == "canceled"


def test_timeouts_are_set():
    client = YousignClient(API_KEY, "https://api-sandbox.yousign.app/v3")
    assert client._client.timeout.connect == 5.0 and client._client.timeout.read == 30.0


@pytest.mark.parametrize(("header", "attempt", "expected"), [
    ("12", 1, 12.0), ("0", 2, 0.0), ("", 1, 1.0), ("", 3, 4.0), ("9999", 1, 60.0), ("soon", 2, 2.0)])
def test_retry_delay_honours_retry_after_and_backs_off_otherwise(header, attempt, expected):
    response = httpx.Response(429, headers={"Retry-After": header} if header else {})
    assert retry_delay(response, attempt, 1.0) == expected
