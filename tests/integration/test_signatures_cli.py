"""`manage.py sync-signatures` as cron runs it: a subprocess against the test database and the fake Yousign."""

from domain.letters.model import LetterStatus
from domain.signatures import services
from tests.conftest import random_siren
from tests.signatures_support import configure_yousign, draft_letter, gateway, letter_of
from tests.yousign_fake import SIGNED_PDF, fake_yousign  # noqa: F401 (fixture)


def send(firm, fake, letter_id):
    c = firm.container
    return services.send_for_signature(c.firm_uow(firm.firm_id), None, c.clock, c.documents, gateway(fake), letter_id)


def test_sync_signatures_signs_the_done_letters_and_a_second_run_finds_nothing_to_do(run_manage, firm, fake_yousign):
    configure_yousign(firm, fake_yousign)
    letter = draft_letter(firm)
    fake_yousign.set_status(send(firm, fake_yousign, letter.id).signature_request_id, "done")

    first = run_manage("sync-signatures", "--firm", firm.siren)

    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        f"{firm.siren}\t{letter.reference}\tsignée",
        "Lettres vérifiées : 1, signées : 1, refusées : 0, expirées : 0, erreurs : 0."]
    assert letter_of(firm, letter.id).status is LetterStatus.SIGNED
    with firm.container.firm_uow(firm.firm_id) as uow:
        assert uow.letters.signed_pdf(letter.id) == SIGNED_PDF

    second = run_manage("sync-signatures", "--firm", firm.siren)

    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == ["Lettres vérifiées : 0, signées : 0, refusées : 0, expirées : 0, erreurs : 0."]


def test_sync_signatures_exits_non_zero_with_the_french_errors(run_manage, firm, fake_yousign):
    configure_yousign(firm, fake_yousign)
    letter = draft_letter(firm)
    send(firm, fake_yousign, letter.id)
    fake_yousign.api_key = "rotated-key-at-yousign-0000"

    done = run_manage("sync-signatures", "--firm", firm.siren)

    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "Lettres vérifiées : 0, signées : 0, refusées : 0, expirées : 0, erreurs : 1."
    assert done.stderr.startswith(f"Erreur : {letter.reference} : Clé API Yousign refusée (HTTP 401)")
    assert letter_of(firm, letter.id).status is LetterStatus.TO_SIGN


def test_sync_signatures_refuses_an_unknown_or_unconfigured_firm(run_manage, firm):
    unknown = run_manage("sync-signatures", "--firm", random_siren())
    unconfigured = run_manage("sync-signatures", "--firm", firm.siren)

    assert unknown.returncode == 2 and unknown.stderr.startswith("Erreur : Aucun cabinet avec le SIREN")
    assert unconfigured.returncode == 2
    assert unconfigured.stderr.strip() == ("Erreur : Yousign n'est pas configuré pour ce cabinet : un administrateur "
                                           "enregistre la clé API sur la page Intégrations.")
