"""LCB-FT retention on SQLite and PostgreSQL: the end of the relationship recorded and audited, the 5-year lock,
`purge-compliance` listing (dry run) then removing only the expired clients' records, in one transaction."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from data.db import session_factory
from data.models.compliance import ComplianceAssessmentRow, ComplianceNoteRow
from data.models.compliance_parties import HoldingRow, PartyRow
from domain.access.model import Role
from domain.audit import Action
from domain.clients.services import create_client
from domain.compliance import purge, services
from domain.compliance.model import AssessmentForm, Criterion, Score
from domain.compliance.retention import RetentionLocked
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm.users import create_user
from tests.conftest import NOW, random_siren, unique_email
from tests.integration.support import audit_of

TODAY = NOW.date()  # 20/11/2026 (the tests' clock)


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def client_with_records(firm, name: str) -> int:
    """A client with an assessment draft, a beneficial owner held partly through a holding, and a note."""
    c = firm.container
    client = create_client(uow(firm), None, c.clock, {"name": name, "siren": random_siren()})
    services.save_draft(uow(firm), firm.principal(), c.clock, AssessmentForm(
        client_id=client.id, scores={k: Score.LOW for k in Criterion}, justification="Client connu."))
    with session_factory(c.settings.database_url)() as session:
        party = PartyRow(firm_id=firm.firm_id, client_id=client.id, full_name="Sophie Martin", capital=Decimal(60),
                         votes=Decimal(60), updated_at=NOW)
        session.add(party)
        session.flush()
        session.add(HoldingRow(firm_id=firm.firm_id, party_id=party.id, via="Holding SM", share_in_via=Decimal(100),
                               via_capital=Decimal(10), via_votes=Decimal(10)))
        session.add(ComplianceNoteRow(firm_id=firm.firm_id, client_id=client.id, kind="examen_renforce",
                                      noted_on=TODAY, text="Virement inhabituel analysé.", created_at=NOW))
        session.commit()
    return client.id


def rows(firm, model, client_id: int) -> int:
    with session_factory(firm.container.settings.database_url)() as session:
        if model is HoldingRow:
            parties = select(PartyRow.id).where(PartyRow.client_id == client_id)
            return session.scalar(select(func.count()).select_from(HoldingRow).where(HoldingRow.party_id.in_(parties)))
        return session.scalar(select(func.count()).select_from(model).where(model.client_id == client_id))


def end(firm, client_id: int, on: date, reason: str = "", principal=None):
    return purge.record_relationship_end(uow(firm), principal or firm.principal(), firm.container.clock, client_id,
                                         on, reason)


@pytest.fixture
def three_clients(firm):
    """Expired (ended 10/01/2020), still kept (ended 01/05/2023, kept until 01/05/2028), ongoing (no end)."""
    expired = client_with_records(firm, "Ancien Client SARL")
    kept = client_with_records(firm, "Parti Récemment SAS")
    ongoing = client_with_records(firm, "Client Actuel SA")
    end(firm, expired, date(2020, 1, 10), "Lettre de mission résiliée")
    end(firm, kept, date(2023, 5, 1))
    return expired, kept, ongoing


def test_recording_the_end_is_audited_with_the_retention_date(firm):
    client_id = client_with_records(firm, "Ancien Client SARL")
    saved = end(firm, client_id, date(2024, 2, 29), "Cessation d'activité")
    assert (saved.ended_on, saved.reason, saved.purged_at) == (date(2024, 2, 29), "Cessation d'activité", None)
    [event] = audit_of(firm.container, firm.firm_id, Action.RELATIONSHIP_END)
    assert event.details == {"client": "Ancien Client SARL", "fin de relation": "29/02/2024",
                             "conservé jusqu'au": "01/03/2029", "motif": "Cessation d'activité"}


def test_an_end_in_the_future_or_by_someone_without_the_compliance_permission_is_refused(firm):
    c = firm.container
    client_id = client_with_records(firm, "Ancien Client SARL")
    with pytest.raises(InvalidInput, match="ne peut pas être dans le futur"):
        end(firm, client_id, date(2026, 11, 21))
    email = unique_email("client")
    with c.firm_uow(firm.firm_id) as u:
        create_user(u, c.hasher, c.clock, None, email, "Portail Client", Role.CLIENT)
        u.commit()
    with pytest.raises(PermissionDenied):
        end(firm, client_id, date(2020, 1, 1), principal=firm.principal(email))
    assert purge.relationship_end(uow(firm), firm.principal(), client_id) is None


def test_the_dry_run_lists_expired_and_kept_clients_and_writes_nothing(firm, three_clients):
    expired = three_clients[0]
    report = purge.purge_compliance(uow(firm), None, firm.container.clock, dry_run=True)

    # 1 assessment + 1 party + 1 holding + 1 note each
    assert [(c.client_name, c.kept_until, c.records) for c in report.expired] == [
        ("Ancien Client SARL", date(2025, 1, 10), 4)]
    assert [(c.client_name, c.kept_until, c.records) for c in report.kept] == [
        ("Parti Récemment SAS", date(2028, 5, 1), 4)]
    assert report.deleted == {}
    assert rows(firm, ComplianceAssessmentRow, expired) == 1
    assert audit_of(firm.container, firm.firm_id, Action.COMPLIANCE_PURGE) == []


def test_the_purge_removes_only_the_expired_records_and_leaves_a_trace(firm, three_clients):
    expired, kept, ongoing = three_clients
    report = purge.purge_compliance(uow(firm), None, firm.container.clock, dry_run=False)

    assert report.deleted == {"compliance_assessments": 1, "compliance_parties": 1, "compliance_holdings": 1,
                              "compliance_notes": 1}
    for model in (ComplianceAssessmentRow, PartyRow, HoldingRow, ComplianceNoteRow):
        assert rows(firm, model, expired) == 0
        assert rows(firm, model, kept) == 1 and rows(firm, model, ongoing) == 1
    trace = purge.relationship_end(uow(firm), firm.principal(), expired)
    assert trace.purged_at == NOW
    [event] = audit_of(firm.container, firm.firm_id, Action.COMPLIANCE_PURGE)
    assert (event.target_id, event.details["lignes supprimées"]) == (str(expired), 4)
    with uow(firm) as u:
        assert u.clients.get(expired) is not None  # the client itself (invoices, ledger) stays

    again = purge.purge_compliance(uow(firm), None, firm.container.clock, dry_run=False)
    assert (again.expired, again.deleted) == ([], {})


def test_a_client_still_under_retention_cannot_be_purged(firm, three_clients):
    expired, kept, ongoing = three_clients
    c = firm.container
    with pytest.raises(RetentionLocked, match="conservées jusqu'au 01/05/2028 inclus"):
        purge.purge_client(uow(firm), None, c.clock, kept)
    with pytest.raises(RetentionLocked, match="la fin de la relation d'affaires n'est pas enregistrée"):
        purge.purge_client(uow(firm), None, c.clock, ongoing)
    assert rows(firm, PartyRow, kept) == 1 and rows(firm, PartyRow, ongoing) == 1
    assert purge.purge_client(uow(firm), None, c.clock, expired)["compliance_parties"] == 1


def test_a_purged_client_cannot_get_a_new_end_date_or_resume_but_a_kept_one_can_resume(firm, three_clients):
    expired, kept, _ = three_clients
    c = firm.container
    purge.purge_compliance(uow(firm), None, c.clock, dry_run=False)
    with pytest.raises(InvalidInput, match="ont déjà été supprimées le 20/11/2026"):
        end(firm, expired, date(2021, 1, 1))
    with pytest.raises(InvalidInput, match="ont déjà été supprimées"):
        purge.resume_relationship(uow(firm), firm.principal(), c.clock, expired)

    purge.resume_relationship(uow(firm), firm.principal(), c.clock, kept)
    assert purge.relationship_end(uow(firm), firm.principal(), kept) is None
    with pytest.raises(NotFound):
        purge.resume_relationship(uow(firm), firm.principal(), c.clock, kept)


def test_only_an_administrator_purges_and_firms_are_kept_apart(firm, make_firm, three_clients):
    c = firm.container
    email = unique_email("collab")
    with c.firm_uow(firm.firm_id) as u:
        create_user(u, c.hasher, c.clock, None, email, "Colette Laborde", Role.COLLABORATOR)
        u.commit()
    with pytest.raises(PermissionDenied):
        purge.purge_compliance(uow(firm), firm.principal(email), c.clock, dry_run=True)
    other = make_firm()
    report = purge.purge_compliance(uow(other), None, other.container.clock, dry_run=False)
    assert (report.expired, report.kept) == ([], [])
    assert rows(firm, PartyRow, three_clients[0]) == 1


def test_manage_py_purge_compliance_lists_first_then_purges(run_manage, firm, three_clients):
    expired, kept, _ = three_clients
    listed = run_manage("purge-compliance", "--firm", firm.siren, "--dry-run")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert any("Ancien Client SARL\tfin de relation 10/01/2020\tconservées jusqu'au 10/01/2025\t4 ligne(s) à "
               "supprimer" in line for line in lines), lines
    assert any("Parti Récemment SAS\tconservées jusqu'au 01/05/2028 (délai de 5 ans en cours)" in line
               for line in lines), lines
    assert lines[-1] == "Simulation : 1 client(s), 4 ligne(s) à supprimer ; rien n'a été supprimé."
    assert rows(firm, PartyRow, expired) == 1

    done = run_manage("purge-compliance", "--firm", firm.siren)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "1 client(s) purgé(s), 4 ligne(s) supprimée(s)."
    assert rows(firm, PartyRow, expired) == 0 and rows(firm, PartyRow, kept) == 1


def test_manage_py_purge_compliance_refuses_an_unknown_firm_in_french(run_manage, firm):
    done = run_manage("purge-compliance", "--firm", "732829320", "--dry-run")
    assert done.returncode == 2
    assert "Aucun cabinet avec le SIREN 732829320" in done.stderr
