"""The Conformité LCB-FT pages on both databases: the list with "Revues à faire" (overdue first) and filters,
the firm's settings (administrators), and an assessment prepared in the form, submitted, then validated by
another partner on the assessment page; the preparer is not offered the validation; confidential notes."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from data.models.compliance import ComplianceAssessmentRow
from domain.access.model import Role
from domain.compliance.model import AssessmentStatus, Level
from domain.compliance.services import save_settings
from tests.conftest import ROOT, random_siren
from tests.integration.compliance_support import validated
from tests.pages.helpers import titles

LIST = "pages/staff/compliance.py"
ASSESSMENT = "pages/staff/compliance_assessment.py"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def open_page(open_app, add_user, pin_app_clock):
    pin_app_clock(NOW)

    def open_(page: str = LIST, role: Role = Role.ADMIN, client_id: int | None = None, name="Claire Associée"):
        member = add_user(role, name=name)
        at = open_app(member.email, member.password)
        if client_id is not None:
            at.query_params["client"] = str(client_id)
        at = at.switch_page(page).run()
        assert not at.exception, at.exception[0].value
        return at

    return open_


def new_client(firm, name):
    from domain.clients.services import create_client

    c = firm.container
    return create_client(c.firm_uow(firm.firm_id), None, c.clock, {
        "name": name, "siren": random_siren(), "legal_form": "SAS", "city": "Lyon", "fiscal_year_end": "31/12"})


def assessments(firm, client_id):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.compliance.of_client(client_id)


def test_the_list_shows_the_reviews_to_do_overdue_first(firm, open_page):
    new_client(firm, "Alpha Conseil")  # never assessed
    late = new_client(firm, "Zeta Transports")
    done = validated(firm, late.id)
    with firm.container.firm_uow(firm.firm_id) as uow:
        uow.session.execute(update(ComplianceAssessmentRow).where(ComplianceAssessmentRow.id == done.id)
                            .values(next_review_on=date(2026, 9, 30)))
        uow.commit()
    current = new_client(firm, "Beta Industrie")
    validated(firm, current.id)
    at = open_page()
    assert titles(at) == ["Conformité LCB-FT"]
    todo = at.dataframe[0].value
    assert list(todo["Client"]) == ["Zeta Transports", "Alpha Conseil"]
    assert list(todo["Prochaine revue"]) == ["30/09/2026", "—"]
    assert [m.value for m in at.metric][:4] == ["3", "1", "1", "1"]
    at.selectbox(key="compliance.level").select(Level.SIMPLIFIED).run()
    assert sorted(at.dataframe[1].value["Client"]) == ["Beta Industrie", "Zeta Transports"]


SAVE = "FormSubmitter:compliance.settings-Enregistrer les paramètres"


def stored_settings(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.compliance.settings()


def test_the_gate_is_on_by_default_and_turning_it_off_needs_a_confirmation(firm, open_page):
    new_client(firm, "Alpha Conseil")
    at = open_page()
    assert any("Blocage actif" in c.value for c in at.caption)
    at.toggle[0].set_value(False)
    at.number_input[0].set_value(5)
    at = at.button(key=SAVE).click().run()
    assert any("non confirmée" in e.value for e in at.error)
    assert (stored_settings(firm).gate_active, stored_settings(firm).standard_from) == (True, 6)  # nothing saved
    at.toggle[0].set_value(False)
    at.checkbox(key="compliance.gate_off.ok").check()
    at = at.button(key=SAVE).click().run()
    assert not at.exception
    assert any("Paramètres LCB-FT enregistrés" in s.value for s in at.success)
    assert any("Blocage désactivé" in w.value for w in at.warning)
    settings = stored_settings(firm)
    assert settings.gate_active is False and settings.standard_from == 5


def test_an_administrator_turns_the_gate_back_on_without_confirmation(firm, open_page):
    new_client(firm, "Alpha Conseil")
    save_settings(firm.container.firm_uow(firm.firm_id), firm.principal(), firm.container.clock,
                  replace(stored_settings(firm), gate_active=False))
    at = open_page()
    assert not at.checkbox  # nothing to confirm while the gate is off
    at.toggle[0].set_value(True)
    at = at.button(key=SAVE).click().run()
    assert any("Paramètres LCB-FT enregistrés" in s.value for s in at.success)
    assert stored_settings(firm).gate_active is True


def test_prepared_in_the_form_submitted_then_validated_by_another_partner(firm, open_page):
    client = new_client(firm, "Alpha Conseil")
    at = open_page(ASSESSMENT, client_id=client.id)
    assert titles(at) == ["Évaluation LCB-FT"]
    assert any("Aucune évaluation validée" in w.value for w in at.warning)
    at.selectbox(key="assess.score.activite").select_index(1)  # moyen
    at.multiselect(key="assess.reasons.client").select("Personne politiquement exposée (PPE) ou proche")
    at.text_area(key="assess.justification").input("Dirigeant ancien maire, mandat terminé en 2026.")
    at = at.button(key="FormSubmitter:assess.form-Enregistrer le brouillon").click().run()
    assert any("vigilance renforcée" in s.value for s in at.success)  # the PEP reason forces it
    at = at.button(key="assess.submit").click().run()
    [submitted] = assessments(firm, client.id)
    assert submitted.status is AssessmentStatus.SUBMITTED
    assert not [b for b in at.button if b.label == "Valider l'évaluation"]  # the preparer cannot validate
    # another partner validates
    other = open_page(ASSESSMENT, client_id=client.id, name="Paul Associé")
    other = other.button(key="FormSubmitter:assess.validate-Valider l'évaluation").click().run()
    assert any("prochaine revue le 20/11/2027" in s.value for s in other.success)  # renforcée: 1 year
    [done] = assessments(firm, client.id)
    assert (done.status, done.level) == (AssessmentStatus.VALIDATED, Level.ENHANCED)


def test_confidential_notes_are_added_and_listed(firm, open_page):
    client = new_client(firm, "Alpha Conseil")
    at = open_page(ASSESSMENT, client_id=client.id)
    at.text_area(key="note.text").input("Espèces déposées sans justificatif : demande écrite envoyée.")
    at = at.button(key="FormSubmitter:assess.note-Ajouter la note").click().run()
    assert any("Espèces déposées sans justificatif" in m.value for m in at.markdown)


def test_without_the_compliance_permission_the_pages_and_notes_are_out_of_reach(firm, add_user, page_ctx,
                                                                               app_env):
    client = new_client(firm, "Alpha Conseil")
    with firm.container.firm_uow(firm.firm_id) as uow:
        uow.permissions.set_role_grants(Role.COLLABORATOR, frozenset())
        uow.commit()
    member = add_user(Role.COLLABORATOR, name="Bob Collab")
    for page in (LIST, ASSESSMENT):  # not in the navigation; the page file itself refuses too
        at = AppTest.from_file(str(ROOT / page), default_timeout=30)
        at.session_state["ctx"] = page_ctx(member.email)
        at.query_params["client"] = str(client.id)
        at.run()
        assert [e.value for e in at.error] == ["Vous n'avez pas accès à cette page."]
        assert titles(at) == []


def test_a_collaborator_prepares_but_is_not_offered_the_validation(firm, open_page):
    client = new_client(firm, "Alpha Conseil")
    at = open_page(ASSESSMENT, role=Role.COLLABORATOR, client_id=client.id, name="Bob Collab")
    assert not [s for s in at.selectbox if s.key == "assess.override"]  # no override field either
    at.text_area(key="assess.justification").input("Client connu, activité locale.")
    at = at.button(key="FormSubmitter:assess.form-Enregistrer le brouillon").click().run()
    at = at.button(key="assess.submit").click().run()
    assert any("en attente de validation" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Valider l'évaluation"]
