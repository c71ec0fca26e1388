"""The demo LCB-FT seed on SQLite and PostgreSQL: every client assessed, the three levels present, maker/checker
held, review dates from the level, some overdue and some waiting for validation, deterministic."""

from collections import Counter
from datetime import date

from data.seeding.compliance import seed_compliance
from domain.access.model import Role
from domain.clients.model import ClientFilter
from domain.clients.services import create_client
from domain.compliance import rules
from domain.compliance.model import AssessmentStatus, ComplianceSettings
from tests.conftest import random_siren
from tests.integration.support import invite

TODAY = date(2026, 11, 20)
PEP, HIGH_RISK = "Personne politiquement exposée (PPE) ou proche", "Pays à haut risque (listes GAFI ou UE)"


def make_clients(firm, count):
    c = firm.container
    manager = firm.principal().user.id
    for n in range(count):
        create_client(c.firm_uow(firm.firm_id), None, c.clock, {
            "name": f"Client {n:03d}", "siren": random_siren(), "legal_form": "SAS", "city": "Lyon",
            "fiscal_year_end": "31/12"}, manager_id=manager)


def seeded(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        count = seed_compliance(uow, today=TODAY)
        uow.commit()
    with firm.container.firm_uow(firm.firm_id) as uow:
        return count, uow.compliance.overview()


def test_every_client_is_assessed_with_the_three_levels_and_some_reviews_to_do(firm):
    invite(firm, Role.ADMIN, full_name="Paul Associé")  # a second partner to validate the manager's work
    make_clients(firm, 120)
    count, items = seeded(firm)
    assert len(items) == 120 and count >= 120
    assert all(i.current is not None or i.pending is not None for i in items)
    validated = [i.current for i in items if i.current is not None]
    assert {a.level.value for a in validated} == {"simplifiee", "standard", "renforcee"}
    settings = ComplianceSettings()
    for a in validated:
        assert a.validated_by != a.prepared_by
        assert a.next_review_on == rules.add_months(a.validated_on, settings.review_months[a.level])
        assert a.level is rules.computed_level(settings, a.scores, a.reasons)  # the rule, not a random label
    states = Counter(rules.review_state(i, TODAY) for i in items)
    assert states[rules.ReviewState.OVERDUE] >= 3 and states[rules.ReviewState.MISSING] >= 3
    assert any(i.pending and i.pending.status is AssessmentStatus.SUBMITTED for i in items)


def test_the_seed_is_deterministic(firm, make_firm):
    other = make_firm("Autre cabinet")
    for f in (firm, other):
        invite(f, Role.ADMIN, full_name="Paul Associé")
        make_clients(f, 40)
    first = [(i.client_name, i.current.level if i.current else None, i.current.validated_on if i.current else None)
             for i in seeded(firm)[1]]
    second = [(i.client_name, i.current.level if i.current else None, i.current.validated_on if i.current else None)
              for i in seeded(other)[1]]
    assert first == second


def test_pep_and_high_risk_clients_are_at_renforcee_and_letter_clients_validated_before_their_letter(firm):
    invite(firm, Role.ADMIN, full_name="Paul Associé")
    make_clients(firm, 24)
    with firm.container.firm_uow(firm.firm_id) as uow:
        ids = [c.id for c in uow.clients.search(ClientFilter())]  # the parties seed's company order
        ready = {ids[0]: date(2026, 9, 1), ids[7]: date(2026, 3, 15)}
        seed_compliance(uow, today=TODAY, ready=ready)
        uow.commit()
    with firm.container.firm_uow(firm.firm_id) as uow:
        items = {i.client_id: i for i in uow.compliance.overview()}
    # compliance_parties: a PEP today at company indexes 5, 9 and 21 (14 left office in 2024), Côte d'Ivoire at 3
    for index, reason in ((5, PEP), (9, PEP), (21, PEP), (3, HIGH_RISK)):
        assessment = items[ids[index]].current or items[ids[index]].pending
        assert assessment.level.value == "renforcee"
        assert reason in [r for rs in assessment.reasons.values() for r in rs]
    others = [items[i].current or items[i].pending for n, i in enumerate(ids) if n not in (3, 5, 9, 21)]
    assert not [a for a in others if {PEP, HIGH_RISK} & {r for rs in a.reasons.values() for r in rs}]
    for client_id, day in ready.items():
        current = items[client_id].current
        assert current is not None and current.validated_on < day  # the gate let its letter be sent that day
        assert items[client_id].flags == ()
        assert rules.review_state(items[client_id], day) is not rules.ReviewState.OVERDUE

