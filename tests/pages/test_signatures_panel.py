"""The signature panel of a letter (pages/_ui/signature.py), run in AppTest with the page context app.py builds."""

import pytest
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.letters.model import LetterStatus
from tests.pages.helpers import button
from tests.signatures_support import configure_yousign, draft_letter, letter_of
from tests.yousign_fake import fake_yousign  # noqa: F401 (fixture)


def _panel_script():
    import streamlit as st

    from pages._ui.feedback import show_flash
    from pages._ui.signature import signature_panel

    ctx = st.session_state["ctx"]
    show_flash()
    with ctx.uow() as uow:
        letter = uow.letters.get(st.session_state["letter_id"])
    signature_panel(ctx, letter)


@pytest.fixture
def panel(page_ctx, add_user):
    def open_(letter_id: int, role: Role = Role.ADMIN) -> AppTest:
        staff = add_user(role)
        at = AppTest.from_function(_panel_script, default_timeout=30)
        at.session_state["ctx"] = page_ctx(staff.email)
        at.session_state["letter_id"] = letter_id
        at.run()
        assert not at.exception, at.exception
        return at

    return open_


def test_without_yousign_a_draft_points_to_the_paper_route(panel, firm):
    at = panel(draft_letter(firm).id, Role.COLLABORATOR)

    assert at.info[0].value.startswith("Signature électronique non configurée")
    assert [b.label for b in at.button] == []


def test_sending_needs_the_confirmation_then_the_letter_is_sent_through_yousign(panel, firm, fake_yousign):
    configure_yousign(firm, fake_yousign)
    letter = draft_letter(firm)
    at = panel(letter.id)
    assert button(at, "Envoyer pour signature (Yousign)").disabled

    at.checkbox(key=f"signature.{letter.id}.ok").check().run()
    at = button(at, "Envoyer pour signature (Yousign)").click().run()

    assert not at.exception
    assert at.success[0].value.startswith("Lettre envoyée pour signature via Yousign")
    sent = letter_of(firm, letter.id)
    assert sent.status is LetterStatus.TO_SIGN and sent.signature_request_id in fake_yousign.requests
    assert "En cours de signature" in at.info[0].value
    assert button(at, "Actualiser le statut")


def test_a_yousign_failure_is_shown_in_french_and_the_letter_stays_a_draft(panel, firm, fake_yousign):
    configure_yousign(firm, fake_yousign)
    letter = draft_letter(firm)
    fake_yousign.api_key = "revoked-key-000000000000"
    at = panel(letter.id)

    at.checkbox(key=f"signature.{letter.id}.ok").check().run()
    at = button(at, "Envoyer pour signature (Yousign)").click().run()

    assert at.error[0].value.startswith("Clé API Yousign refusée (HTTP 401)")
    assert letter_of(firm, letter.id).status is LetterStatus.DRAFT


def test_refreshing_the_status_records_the_signature_when_yousign_is_done(panel, firm, fake_yousign):
    from domain.signatures import services
    from tests.signatures_support import gateway

    configure_yousign(firm, fake_yousign)
    letter = draft_letter(firm)
    c = firm.container
    sent = services.send_for_signature(c.firm_uow(firm.firm_id), None, c.clock, c.documents, gateway(fake_yousign),
                                       letter.id)
    at = panel(letter.id)
    fake_yousign.set_status(sent.signature_request_id, "done")

    at = button(at, "Actualiser le statut").click().run()

    assert at.success[0].value == "Statut de la signature actualisé auprès de Yousign."
    assert letter_of(firm, letter.id).status is LetterStatus.SIGNED



LETTERS = "pages/staff/letters.py"


def letter_page(open_app, add_user, letter_id: int) -> AppTest:
    admin = add_user(Role.ADMIN)
    at = open_app(admin.email, admin.password, LETTERS)
    at.query_params["letter"] = str(letter_id)
    at.run()
    assert not at.exception, at.exception
    return at


def test_on_the_letters_page_an_administrator_is_offered_the_intégrations_page(open_app, add_user, firm):
    at = letter_page(open_app, add_user, draft_letter(firm).id)

    assert "Signature électronique non configurée" in "\n".join(i.value for i in at.info)
    assert [link.label for link in at.get("page_link")
            if link.proto.page.endswith("integrations")] == ["Configurer Yousign (page Intégrations)"]


def test_on_the_letters_page_a_configured_firm_gets_the_yousign_button(open_app, add_user, firm, fake_yousign):
    configure_yousign(firm, fake_yousign)
    at = letter_page(open_app, add_user, draft_letter(firm).id)

    assert button(at, "Envoyer pour signature (Yousign)").disabled
