"""The LCB-FT dashboard view (sql/compliance_status.sql through the analytics runner) on SQLite and PostgreSQL: a
hand-made client base whose expected status is worked out below, client by client."""

from datetime import date
from decimal import Decimal

import pytest

from domain.access.model import Role
from domain.clients.services import archive_client, create_client
from domain.compliance import services
from domain.compliance.dashboard import compliance_dashboard
from domain.compliance.evidence import Evidence, EvidenceKind
from domain.compliance.model import AssessmentForm, AssessmentStatus, Criterion, Level, Score
from domain.compliance.parties import IndirectHolding, Party
from domain.errors import PermissionDenied
from tests.conftest import NOW, random_siren
from tests.integration.support import invite

ON = date(2026, 12, 1)  # the dashboard's day; assessments are validated on 20/11/2026 (the tests' clock)
SCORES_6 = {Criterion.CLIENT: Score.LOW, Criterion.ACTIVITY: Score.MEDIUM, Criterion.LOCATION: Score.MEDIUM,
            Criterion.MISSIONS: Score.LOW}  # 6 points: standard, review every 2 years
SCORES_HIGH = {c: Score.LOW for c in Criterion} | {Criterion.ACTIVITY: Score.HIGH}  # any "élevé": renforcée


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def company(firm, name):
    return create_client(uow(firm), None, firm.container.clock, {"name": name, "siren": random_siren()})


def validated(firm, client_id, scores, partner):
    c = firm.container
    draft = services.save_draft(uow(firm), firm.principal(), c.clock, AssessmentForm(
        client_id=client_id, scores=scores, justification="Justifié."))
    services.submit(uow(firm), firm.principal(), c.clock, draft.id)
    services.validate(uow(firm), partner, c.clock, draft.id)


def person(u, client_id, name, capital=0, votes=0, legal_representative=False) -> int:
    return u.parties.add(client_id, Party(id=0, client_id=client_id, full_name=name, capital=Decimal(capital),
                                          votes=Decimal(votes), legal_representative=legal_representative), at=NOW)


def evidence(u, client_id, kind, issued, received, expires=None, party_id=None) -> None:
    u.parties.add_evidence(Evidence(id=0, client_id=client_id, kind=kind, issued_on=issued, received_on=received,
                                    expires_on=expires, party_id=party_id, uploaded_at=NOW), b"%PDF-1.7 scan")


@pytest.fixture
def base(firm):
    partner = firm.principal(invite(firm, Role.ADMIN, full_name="Paul Associé").email)
    alpha, durand, roux = (company(firm, n) for n in ("Alpha Conseil", "Bâtiment Durand", "Cabinet Médical Roux"))
    gone = company(firm, "Ancien Client")
    archive_client(uow(firm), None, firm.container.clock, gone.id)
    validated(firm, alpha.id, SCORES_6, partner)  # next review 20/11/2028
    validated(firm, durand.id, SCORES_HIGH, partner)  # next review 20/11/2027
    services.save_draft(uow(firm), firm.principal(), firm.container.clock, AssessmentForm(
        client_id=roux.id, scores={k: Score.LOW for k in Criterion}, justification="À valider."))
    with uow(firm) as u:
        # Alpha: extract 1.5 month old when received, its 60 % owner has a valid passport → nothing missing.
        sophie = person(u, alpha.id, "Sophie Martin", 60, 60)
        evidence(u, alpha.id, EvidenceKind.REGISTRY_EXTRACT, date(2026, 10, 1), date(2026, 11, 15))
        evidence(u, alpha.id, EvidenceKind.PASSPORT, date(2020, 1, 1), date(2026, 11, 15), date(2030, 1, 1), sophie)
        # Durand: extract 6.5 months old when received (stale); Paul holds 60 % of a holding owning 50 % → 30 %
        # (owner, no ID); Jeanne's direct 20 % does not qualify. A review asked by an event due 25/11/2026.
        paul = person(u, durand.id, "Paul Durand")
        u.parties.add_holding(paul, IndirectHolding("PD Holding", Decimal(60), Decimal(50), Decimal(50)))
        person(u, durand.id, "Jeanne Durand", 20, 20)
        evidence(u, durand.id, EvidenceKind.REGISTRY_EXTRACT, date(2026, 5, 1), date(2026, 11, 15))
        u.compliance.flag(durand.id, "Nouveau bénéficiaire effectif", date(2026, 11, 20), date(2026, 11, 25))
        # Roux: nobody over 25 %: the legal representative stands in, and his ID expired on 01/01/2026; no extract.
        doctor = person(u, roux.id, "Dr Marc Roux", 10, 10, legal_representative=True)
        evidence(u, roux.id, EvidenceKind.ID_CARD, date(2011, 1, 1), date(2026, 11, 15), date(2026, 1, 1), doctor)
        u.commit()
    return alpha, durand, roux


def test_each_client_gets_its_level_review_state_and_missing_evidence(firm, base):
    board = compliance_dashboard(uow(firm), firm.principal(), ON)
    by_name = {c.client_name: c for c in board.clients}

    assert list(by_name) == ["Alpha Conseil", "Bâtiment Durand", "Cabinet Médical Roux"]  # archived one left out
    a, d, r = by_name["Alpha Conseil"], by_name["Bâtiment Durand"], by_name["Cabinet Médical Roux"]
    assert (a.level, a.validated_on, a.next_review_on, a.review_due_on) == (
        Level.STANDARD, date(2026, 11, 20), date(2028, 11, 20), date(2028, 11, 20))
    assert (a.overdue, a.unvalidated, a.missing_extract, a.missing_ids, a.compliant) == (False, False, False, 0, True)
    assert (d.level, d.next_review_on, d.review_due_on, d.open_flags) == (
        Level.ENHANCED, date(2027, 11, 20), date(2026, 11, 25), 1)
    assert (d.overdue, d.missing_extract, d.missing_ids, d.compliant) == (True, True, 1, False)
    assert (r.level, r.pending, r.unvalidated, r.overdue) == (None, AssessmentStatus.DRAFT, True, False)
    assert (r.missing_extract, r.missing_ids) == (True, 1)


def test_the_summary_counts_clients_by_level_and_lists_what_is_wrong(firm, base):
    board = compliance_dashboard(uow(firm), firm.principal(), ON)
    assert board.by_level == {"Simplifiée": 0, "Standard": 1, "Renforcée": 1, "Non évaluée": 1}
    assert board.compliant == 1
    assert [c.client_name for c in board.overdue] == ["Bâtiment Durand"]
    assert [c.client_name for c in board.unvalidated] == ["Cabinet Médical Roux"]
    assert [c.client_name for c in board.missing_evidence] == ["Bâtiment Durand", "Cabinet Médical Roux"]
    assert board.due_soon == []


def test_a_review_within_thirty_days_is_due_soon_then_overdue(firm, base):
    alpha = base[0]
    soon = compliance_dashboard(uow(firm), firm.principal(), date(2028, 10, 25))  # 26 days before 20/11/2028
    assert [c.client_id for c in soon.due_soon] == [alpha.id]
    late = compliance_dashboard(uow(firm), firm.principal(), date(2028, 11, 21))
    assert alpha.id in [c.client_id for c in late.overdue]


def test_the_dashboard_needs_the_compliance_permission(firm, base):
    customer = firm.principal(invite(firm, Role.CLIENT, full_name="Portail Client").email)
    with pytest.raises(PermissionDenied):
        compliance_dashboard(uow(firm), customer, ON)
