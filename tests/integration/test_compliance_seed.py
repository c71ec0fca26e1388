"""The demo LCB-FT seed on SQLite and PostgreSQL: every client assessed, the three levels present, maker/checker
held, review dates from the level, some overdue and some waiting for validation, deterministic."""

from collections import Counter
from datetime import date

from data.seeding.compliance import seed_compliance
from domain.access.model import Role
from domain.clients.services import create_client
from domain.compliance import rules
from domain.compliance.model import AssessmentStatus, ComplianceSettings
from tests.conftest import random_siren
from tests.integration.support import invite

TODAY = date(2026, 11, 20)


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
