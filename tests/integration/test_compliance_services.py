"""LCB-FT assessments on SQLite and PostgreSQL: draft → submitted → validated by another partner (maker/checker),
override only by a validator with a reason, immutability of a validated assessment, review scheduling and
flags, the gate on the engagement letter and on the start of a mission, confidential notes, tenancy."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from data.models.compliance import ComplianceAssessmentRow
from domain.access.model import Permission, Role
from domain.audit import Action
from domain.clients.services import create_client
from domain.compliance import services
from domain.compliance.model import AssessmentStatus, Criterion, Level, NoteKind, Score
from domain.engagements import missions
from domain.engagements.missions import MissionEdit, MissionForm
from domain.engagements.model import MissionStatus
from domain.errors import InvalidInput, NotFound, PermissionDenied
from tests.integration.compliance_support import activate_gate, form, second_partner, uow, validated
from tests.integration.support import audit_of, invite

TODAY = date(2026, 11, 20)  # the fixed clock of tests/conftest.py


def make_client(firm, name="Alpha Conseil"):
    fields = {"name": name, "legal_form": "SAS", "city": "Lyon", "postal_code": "69003",
              "address_line": "12 rue de la République", "fiscal_year_end": "31/12"}
    return create_client(uow(firm), firm.principal(), firm.container.clock, fields,
                         manager_id=firm.principal().user.id)


def test_prepared_submitted_then_validated_by_another_partner(firm):
    client = make_client(firm)
    clock = firm.container.clock
    scores = {Criterion.CLIENT: Score.MEDIUM, Criterion.ACTIVITY: Score.MEDIUM, Criterion.LOCATION: Score.LOW,
              Criterion.MISSIONS: Score.LOW}  # 6: standard
    draft = services.save_draft(uow(firm), firm.principal(), clock, form(client.id, scores=scores, reasons={
        Criterion.ACTIVITY: ("Activité à forte intensité d'espèces",)}))
    assert (draft.status, draft.computed_level, draft.level) == (AssessmentStatus.DRAFT, Level.STANDARD,
                                                                  Level.STANDARD)
    services.submit(uow(firm), firm.principal(), clock, draft.id)
    with pytest.raises(PermissionDenied, match="préparé"):  # maker/checker
        services.validate(uow(firm), firm.principal(), clock, draft.id)
    done = services.validate(uow(firm), second_partner(firm), clock, draft.id)
    assert done.status is AssessmentStatus.VALIDATED
    assert done.validated_on == TODAY and done.next_review_on == date(2028, 11, 20)  # standard: 2 years
    assert done.reasons[Criterion.ACTIVITY] == ("Activité à forte intensité d'espèces",)
    actions = [e.action for e in audit_of(firm.container, firm.firm_id)]
    assert {Action.ASSESSMENT_CREATE, Action.ASSESSMENT_SUBMIT, Action.ASSESSMENT_VALIDATE} <= set(actions)


def test_a_collaborator_prepares_but_cannot_validate_nor_override(firm):
    client = make_client(firm)
    clock = firm.container.clock
    bob = firm.principal(invite(firm, Role.COLLABORATOR).email)  # MANAGE_COMPLIANCE only, by default
    with pytest.raises(PermissionDenied, match="associé"):
        services.save_draft(uow(firm), bob, clock, form(client.id, override_level=Level.SIMPLIFIED,
                                                        override_reason="Client très ancien et connu"))
    draft = services.save_draft(uow(firm), bob, clock, form(client.id))
    services.submit(uow(firm), bob, clock, draft.id)
    with pytest.raises(PermissionDenied):
        services.validate(uow(firm), bob, clock, draft.id)
    # the admin (who did not prepare it) validates
    assert services.validate(uow(firm), firm.principal(), clock, draft.id).status is AssessmentStatus.VALIDATED


def test_an_override_needs_a_written_reason_and_sets_the_review_from_the_retained_level(firm):
    client = make_client(firm)
    clock = firm.container.clock
    draft = services.save_draft(uow(firm), firm.principal(), clock, form(client.id))  # 4: simplifiée
    services.submit(uow(firm), firm.principal(), clock, draft.id)
    partner = second_partner(firm)
    with pytest.raises(InvalidInput, match="Justifiez"):
        services.validate(uow(firm), partner, clock, draft.id, Level.ENHANCED, "")
    done = services.validate(uow(firm), partner, clock, draft.id, Level.ENHANCED, "Flux financiers inexpliqués en 2026")
    assert (done.computed_level, done.level) == (Level.SIMPLIFIED, Level.ENHANCED)
    assert done.override_reason == "Flux financiers inexpliqués en 2026"
    assert done.next_review_on == date(2027, 11, 20)  # renforcée: 1 year


def test_a_validated_assessment_is_immutable_even_through_the_repository(firm):
    client = make_client(firm)
    done = validated(firm, client.id)
    with pytest.raises(InvalidInput, match="ne peut plus être modifiée"):
        services.save_draft(uow(firm), firm.principal(), firm.container.clock,
                            form(client.id, justification="changé"), done.id)
    with uow(firm) as u:  # the guarded write refuses as well
        assert u.compliance.update_open(done, at=firm.container.clock.now()) is False
        assert u.compliance.set_submitted(done.id, at=firm.container.clock.now()) is False
        u.commit()
    with uow(firm) as u:
        assert u.compliance.get(done.id).justification == "Client connu, activité locale."


def test_the_database_refuses_a_validation_by_the_preparer(firm):
    client = make_client(firm)
    clock = firm.container.clock
    draft = services.save_draft(uow(firm), firm.principal(), clock, form(client.id))
    with uow(firm) as u, pytest.raises(IntegrityError, match="maker_checker"):
        u.session.execute(update(ComplianceAssessmentRow).where(ComplianceAssessmentRow.id == draft.id)
                          .values(validated_by=draft.prepared_by))
        u.session.flush()


def test_refusals_write_nothing(firm):
    client = make_client(firm)
    clock = firm.container.clock
    before = len(audit_of(firm.container, firm.firm_id))
    with pytest.raises(InvalidInput, match="Notez chacun"):
        services.save_draft(uow(firm), firm.principal(), clock, form(client.id, scores={Criterion.CLIENT: Score.LOW}))
    draft = services.save_draft(uow(firm), firm.principal(), clock, form(client.id, justification=""))
    with pytest.raises(InvalidInput, match="justification"):
        services.submit(uow(firm), firm.principal(), clock, draft.id)
    with pytest.raises(InvalidInput, match="soumise"):
        services.validate(uow(firm), second_partner(firm), clock, draft.id)
    assert services.history(uow(firm), firm.principal(), client.id)[0].status is AssessmentStatus.DRAFT
    create_audits = [e for e in audit_of(firm.container, firm.firm_id)[:-before or None]
                     if e.action.value.startswith("assessment")]
    assert [e.action for e in create_audits] == [Action.ASSESSMENT_CREATE]


def test_a_new_assessment_supersedes_and_a_new_mission_flags_a_review(firm):
    client = make_client(firm)
    first = validated(firm, client.id)
    with uow(firm) as u:
        tenue = next(t for t in u.mission_types.list() if t.code == "tenue")
    missions.create_mission(uow(firm), firm.principal(), firm.container.clock,
                            MissionForm(client_id=client.id, mission_type_id=tenue.id))
    item = services.client_compliance(uow(firm), firm.principal(), client.id)
    assert item.current.id == first.id
    assert [(f.reason.startswith("Nouvelle mission"), f.due_on) for f in item.flags] == [
        (True, TODAY + timedelta(days=30))]
    second = validated(firm, client.id, scores={c: Score.MEDIUM for c in Criterion})
    item = services.client_compliance(uow(firm), firm.principal(), client.id)
    assert item.current.id == second.id and item.current.level is Level.ENHANCED  # 8: renforcée
    assert item.flags == ()  # cleared by the validation
    assert [a.id for a in services.history(uow(firm), firm.principal(), client.id)] == [second.id, first.id]


def test_the_gate_blocks_the_start_of_a_mission_without_a_current_assessment(firm):
    client = make_client(firm)
    clock = firm.container.clock
    with uow(firm) as u:
        tenue = next(t for t in u.mission_types.list() if t.code == "tenue")
    mission = missions.create_mission(uow(firm), firm.principal(), clock,
                                      MissionForm(client_id=client.id, mission_type_id=tenue.id))
    start = MissionEdit(mission.label, MissionStatus.IN_PROGRESS, mission.manager_id, None)
    activate_gate(firm)
    with pytest.raises(InvalidInput, match="démarrage de la mission est bloqué tant que le client « Alpha Conseil »"):
        missions.update_mission(uow(firm), firm.principal(), clock, mission.id, start)
    done = validated(firm, client.id)
    # overdue: the review date is pushed into the past in the database
    with uow(firm) as u:
        u.session.execute(update(ComplianceAssessmentRow).where(ComplianceAssessmentRow.id == done.id)
                          .values(next_review_on=date(2026, 11, 19)))
        u.commit()
    with pytest.raises(InvalidInput, match="en retard depuis le 19/11/2026"):
        missions.update_mission(uow(firm), firm.principal(), clock, mission.id, start)
    validated(firm, client.id)
    started = missions.update_mission(uow(firm), firm.principal(), clock, mission.id, start)
    assert started.status is MissionStatus.IN_PROGRESS


def test_the_gate_is_on_for_a_firm_without_settings_until_an_administrator_turns_it_off(firm):
    client = make_client(firm)
    with uow(firm) as u:
        assert u.compliance.settings().gate_active is True  # no settings row: the default
        with pytest.raises(InvalidInput, match="pas d'évaluation des risques validée"):
            services.check_gate(u, client.id, TODAY, "l'envoi")
    with uow(firm) as u:
        settings = u.compliance.settings()
    services.save_settings(uow(firm), firm.principal(), firm.container.clock, replace(settings, gate_active=False))
    with uow(firm) as u:
        assert u.compliance.settings().gate_active is False
        services.check_gate(u, client.id, TODAY, "l'envoi")  # no refusal
    event = audit_of(firm.container, firm.firm_id, Action.COMPLIANCE_SETTINGS)[0]
    assert event.details["blocage actif"] == "oui → non"


def test_confidential_notes_need_the_compliance_permission(firm):
    client = make_client(firm)
    clock = firm.container.clock
    note = services.add_note(uow(firm), firm.principal(), clock, client.id, NoteKind.ENHANCED_REVIEW,
                             "Virement de 80 000 € d'origine inconnue : justificatifs demandés.")
    assert [n.text for n in services.notes(uow(firm), firm.principal(), client.id)] == [note.text]
    event = audit_of(firm.container, firm.firm_id, Action.COMPLIANCE_NOTE)[0]
    assert "80 000" not in str(event.details)  # the audit log says a note was added, not what it says
    bob = firm.principal(invite(firm, Role.COLLABORATOR).email)
    without = replace(bob, permissions=bob.permissions - {Permission.MANAGE_COMPLIANCE})
    with pytest.raises(PermissionDenied):
        services.notes(uow(firm), without, client.id)
    with pytest.raises(PermissionDenied):
        services.add_note(uow(firm), without, clock, client.id, NoteKind.CONFIDENTIAL, "Soupçon")


def test_another_firms_assessment_is_out_of_reach(firm, make_firm):
    client = make_client(firm)
    done = validated(firm, client.id)
    other = make_firm("Autre cabinet")
    with pytest.raises(NotFound):
        services.save_draft(uow(other), other.principal(), other.container.clock, form(client.id))
    with pytest.raises(NotFound):
        services.submit(uow(other), other.principal(), other.container.clock, done.id)
    with uow(other) as u:
        assert u.compliance.get(done.id) is None and u.compliance.overview() == []


def test_the_gate_blocks_the_letter_until_the_client_has_a_validated_assessment(firm):
    from domain.letters.model import LetterStatus
    from tests.integration import test_letters_services as letters

    client = letters.make_client(firm, assess=False)
    letter = letters.create_letter(firm, letters.make_quote(firm, client.id).id)
    activate_gate(firm)
    with pytest.raises(InvalidInput, match="l'envoi de la lettre de mission pour signature est bloqué"):
        letters.put_up(firm, letter.id)
    with uow(firm) as u:
        assert u.letters.get(letter.id).status is LetterStatus.DRAFT  # nothing written
    validated(firm, client.id)
    sent, _pdf = letters.put_up(firm, letter.id)
    assert sent.status is LetterStatus.TO_SIGN


def test_a_planned_mission_cannot_skip_to_another_status_either_and_the_command_line_cannot_validate(firm):
    client = make_client(firm)
    clock = firm.container.clock
    with uow(firm) as u:
        tenue = next(t for t in u.mission_types.list() if t.code == "tenue")
    mission = missions.create_mission(uow(firm), firm.principal(), clock,
                                      MissionForm(client_id=client.id, mission_type_id=tenue.id))
    activate_gate(firm)
    for status in (MissionStatus.IN_REVIEW, MissionStatus.DONE):
        with pytest.raises(InvalidInput, match="démarrage de la mission est bloqué"):
            missions.update_mission(uow(firm), firm.principal(), clock, mission.id,
                                    MissionEdit(mission.label, status, mission.manager_id, None))
    # a planned mission may still be renamed while blocked
    renamed = missions.update_mission(uow(firm), firm.principal(), clock, mission.id,
                                      MissionEdit("Tenue 2027", MissionStatus.PLANNED, mission.manager_id, None))
    assert renamed.label == "Tenue 2027"
    draft = services.save_draft(uow(firm), firm.principal(), clock, form(client.id))
    services.submit(uow(firm), firm.principal(), clock, draft.id)
    with pytest.raises(InvalidInput, match="ligne de commande"):
        services.validate(uow(firm), None, clock, draft.id)
