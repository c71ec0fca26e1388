"""Sending letters for e-signature and following them, on SQLite and PostgreSQL, against the fake Yousign."""

import pytest

from domain.audit import Action
from domain.errors import InvalidInput
from domain.letters.model import LetterStatus, SignatureProvider
from domain.signatures import services
from domain.signatures.model import PLACEMENT, SignatureError, SyncOutcome
from domain.signatures.pdf import page_count
from tests.integration.support import audit_of
from tests.signatures_support import configure_yousign, draft_letter, gateway, letter_of
from tests.yousign_fake import AUDIT_TRAIL_PDF, SIGNED_PDF, fake_yousign  # noqa: F401 (fixture)

SIGNERS = r"/v3/signature_requests/[\w-]+/signers"


def send(firm, fake, letter_id, principal=None):
    c = firm.container
    return services.send_for_signature(c.firm_uow(firm.firm_id), principal or firm.principal(), c.clock, c.documents,
                                       gateway(fake), letter_id)


def sync(firm, fake, letter_id):
    c = firm.container
    return services.sync_letter(c.firm_uow(firm.firm_id), c.clock, gateway(fake), letter_id)


def stored_pdfs(firm, letter_id):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.letters.pdf(letter_id), uow.letters.signed_pdf(letter_id), uow.letters.audit_trail(letter_id)


def test_sending_freezes_the_letter_and_stores_the_yousign_ids(firm, fake_yousign):
    letter = draft_letter(firm)

    sent = send(firm, fake_yousign, letter.id)

    request_id, request = fake_yousign.only_request()
    [signer_id] = request["signers"]
    assert (sent.status, sent.signature_provider) == (LetterStatus.TO_SIGN, SignatureProvider.YOUSIGN)
    assert (sent.signature_request_id, sent.signer_id, sent.signature_status) == (request_id, signer_id, "ongoing")
    assert sent.signature_checked_at == firm.container.clock.now()
    assert request["status"] == "ongoing" and request["external_id"] == f"eexpi-{firm.firm_id}-letter-{letter.id}"
    frozen, _, _ = stored_pdfs(firm, letter.id)
    assert frozen is not None and request["pdf"] == frozen  # exactly the frozen bytes went to Yousign
    signer = request["signers"][signer_id]
    assert signer["info"] == {"first_name": "Jeanne", "last_name": "Dupain", "email": "jeanne@dupain.fr",
                              "phone_number": "+33612345678", "locale": "fr"}
    [field] = signer["fields"]
    assert (field["page"], field["x"], field["y"]) == (page_count(frozen), PLACEMENT.x, PLACEMENT.y)
    assert [e.target_id for e in audit_of(firm.container, firm.firm_id, Action.LETTER_SEND)] == [str(letter.id)]


def test_a_yousign_failure_leaves_the_letter_a_draft_and_withdraws_the_request(firm, fake_yousign):
    letter = draft_letter(firm)
    fake_yousign.fail_next("POST", SIGNERS, 400, body={"detail": "Validation failed.", "violations": [
        {"property_path": "info.email", "message": "This value is not a valid email address."}]})

    with pytest.raises(SignatureError, match="info.email : This value is not a valid email address."):
        send(firm, fake_yousign, letter.id)

    after = letter_of(firm, letter.id)
    assert (after.status, after.signature_request_id, after.signature_provider) == (LetterStatus.DRAFT, "", None)
    assert stored_pdfs(firm, letter.id)[0] is None
    assert audit_of(firm.container, firm.firm_id, Action.LETTER_SEND) == []
    _, request = fake_yousign.only_request()
    assert request["status"] == "deleted"


def test_yousign_down_from_the_start_changes_nothing(firm, fake_yousign):
    letter = draft_letter(firm)
    fake_yousign.fail_next("POST", "/v3/signature_requests", 500, times=3)

    with pytest.raises(SignatureError, match=r"Yousign est indisponible \(HTTP 500\) après 3 tentatives"):
        send(firm, fake_yousign, letter.id)

    assert letter_of(firm, letter.id).status is LetterStatus.DRAFT
    assert fake_yousign.requests == {}


def test_a_signatory_without_first_and_last_name_is_refused_before_calling_yousign(firm, fake_yousign):
    letter = draft_letter(firm, ("Dupain", "jeanne@dupain.fr", ""))

    with pytest.raises(InvalidInput, match="indiquez son prénom et son nom"):
        send(firm, fake_yousign, letter.id)

    assert letter_of(firm, letter.id).status is LetterStatus.DRAFT
    assert fake_yousign.calls == []


def test_only_a_draft_can_be_sent(firm, fake_yousign):
    letter = draft_letter(firm)
    send(firm, fake_yousign, letter.id)

    with pytest.raises(InvalidInput, match="seule une lettre en brouillon"):
        send(firm, fake_yousign, letter.id)
    assert len(fake_yousign.requests) == 1


def test_a_pending_request_only_stores_its_status_and_the_time_of_the_check(firm, fake_yousign):
    letter = draft_letter(firm)
    send(firm, fake_yousign, letter.id)
    firm.container.clock.advance(hours=2)

    assert sync(firm, fake_yousign, letter.id) is SyncOutcome.PENDING

    after = letter_of(firm, letter.id)
    assert (after.status, after.signature_status) == (LetterStatus.TO_SIGN, "ongoing")
    assert after.signature_checked_at == firm.container.clock.now()


def test_a_done_request_signs_the_letter_with_the_signed_pdf_and_audit_trail_and_activates_the_engagement(
        firm, fake_yousign):
    letter = draft_letter(firm)
    sent = send(firm, fake_yousign, letter.id)
    fake_yousign.set_status(sent.signature_request_id, "done")

    assert sync(firm, fake_yousign, letter.id) is SyncOutcome.SIGNED

    after = letter_of(firm, letter.id)
    assert (after.status, after.signature_status, after.has_audit_trail) == (LetterStatus.SIGNED, "done", True)
    _, signed, trail = stored_pdfs(firm, letter.id)
    assert (signed, trail) == (SIGNED_PDF, AUDIT_TRAIL_PDF)
    with firm.container.firm_uow(firm.firm_id) as uow:
        engagement = uow.engagements.for_letter(letter.id)
    assert engagement is not None and engagement.client_id == letter.client_id
    assert [e.target_id for e in audit_of(firm.container, firm.firm_id, Action.LETTER_SIGN)] == [str(letter.id)]


def test_syncing_twice_is_harmless(firm, fake_yousign):
    letter = draft_letter(firm)
    sent = send(firm, fake_yousign, letter.id)
    fake_yousign.set_status(sent.signature_request_id, "done")
    sync(firm, fake_yousign, letter.id)
    calls = len(fake_yousign.calls)

    assert sync(firm, fake_yousign, letter.id) is SyncOutcome.UNCHANGED

    assert len(fake_yousign.calls) == calls
    assert len(audit_of(firm.container, firm.firm_id, Action.LETTER_SIGN)) == 1
    assert len(audit_of(firm.container, firm.firm_id, Action.ENGAGEMENT_ACTIVATE)) == 1


@pytest.mark.parametrize(("yousign_status", "outcome", "letter_status", "action"), [
    ("declined", SyncOutcome.REFUSED, LetterStatus.REFUSED, Action.LETTER_REFUSE),
    ("expired", SyncOutcome.EXPIRED, LetterStatus.EXPIRED, Action.LETTER_EXPIRE),
    ("canceled", SyncOutcome.EXPIRED, LetterStatus.EXPIRED, Action.LETTER_EXPIRE),
])
def test_a_declined_expired_or_canceled_request_closes_the_letter(firm, fake_yousign, yousign_status, outcome,
                                                                   letter_status, action):
    letter = draft_letter(firm)
    sent = send(firm, fake_yousign, letter.id)
    fake_yousign.set_status(sent.signature_request_id, yousign_status)

    assert sync(firm, fake_yousign, letter.id) is outcome

    after = letter_of(firm, letter.id)
    assert (after.status, after.signature_status) == (letter_status, yousign_status)
    assert after.decided_on == firm.container.clock.today()
    if letter_status is LetterStatus.REFUSED:
        assert after.refusal_reason == services.REFUSAL_REASON
    assert [e.target_id for e in audit_of(firm.container, firm.firm_id, action)] == [str(letter.id)]
    assert stored_pdfs(firm, letter.id)[1] is None


def test_a_failed_download_leaves_the_letter_waiting(firm, fake_yousign):
    letter = draft_letter(firm)
    sent = send(firm, fake_yousign, letter.id)
    fake_yousign.set_status(sent.signature_request_id, "done")
    fake_yousign.fail_next("GET", r"/v3/signature_requests/[\w-]+/signers/[\w-]+/audit_trails/download", 404)

    with pytest.raises(SignatureError, match="introuvable chez Yousign"):
        sync(firm, fake_yousign, letter.id)

    after = letter_of(firm, letter.id)
    assert (after.status, after.signature_status) == (LetterStatus.TO_SIGN, "ongoing")
    assert stored_pdfs(firm, letter.id)[1] is None


def test_sync_all_checks_every_configured_firm_and_reports_per_letter(firm, make_firm, fake_yousign):
    c = firm.container
    configure_yousign(firm, fake_yousign)
    done, pending = draft_letter(firm), draft_letter(firm)
    done_request = send(firm, fake_yousign, done.id).signature_request_id
    send(firm, fake_yousign, pending.id)
    fake_yousign.set_status(done_request, "done")
    unconfigured = make_firm("Cabinet Sans Yousign")

    report = services.sync_all(c.platform_uow, c.firm_uow, c.clock, c.cipher, c.signature_gateway, firm.siren)

    assert (report.checked, report.signed, report.refused, report.expired, report.errors) == (2, 1, 0, 0, [])
    assert sorted(report.lines) == sorted([f"{firm.siren}\t{done.reference}\tsignée",
                                           f"{firm.siren}\t{pending.reference}\ten attente de signature"])
    with pytest.raises(SignatureError, match="Yousign n'est pas configuré"):
        services.sync_all(c.platform_uow, c.firm_uow, c.clock, c.cipher, c.signature_gateway, unconfigured.siren)


def test_sync_all_reports_a_refused_key_as_an_error_per_letter(firm, fake_yousign):
    c = firm.container
    configure_yousign(firm, fake_yousign)
    letter = draft_letter(firm)
    send(firm, fake_yousign, letter.id)
    fake_yousign.api_key = "rotated-key-at-yousign-0000"

    report = services.sync_all(c.platform_uow, c.firm_uow, c.clock, c.cipher, c.signature_gateway, firm.siren)

    assert report.checked == 0
    assert len(report.errors) == 1 and report.errors[0].startswith(f"{letter.reference} : Clé API Yousign refusée")
    assert letter_of(firm, letter.id).status is LetterStatus.TO_SIGN
