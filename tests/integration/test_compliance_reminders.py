"""Reminders of the LCB-FT reviews on SQLite and PostgreSQL: one mail a day per client manager listing their
reviews to do (overdue first), nothing queued twice the same day, again the next day; and the command line."""

from datetime import date

from sqlalchemy import update

from data.models.compliance import ComplianceAssessmentRow
from domain.audit import Action
from domain.clients.services import create_client
from domain.compliance.reminders import remind_reviews
from tests.integration.compliance_support import uow, validated
from tests.integration.support import audit_of, outbox_of


def make_client(firm, name, manager=True):
    fields = {"name": name, "legal_form": "SAS", "city": "Lyon", "postal_code": "69003",
              "address_line": "1 rue de la Paix", "fiscal_year_end": "31/12"}
    return create_client(uow(firm), firm.principal(), firm.container.clock, fields,
                         manager_id=firm.principal().user.id if manager else None)


def review_on(firm, assessment_id, on):
    with uow(firm) as u:
        u.session.execute(update(ComplianceAssessmentRow).where(ComplianceAssessmentRow.id == assessment_id)
                          .values(next_review_on=on))
        u.commit()


def test_one_reminder_a_day_per_manager_with_the_overdue_review_first(firm):
    late = make_client(firm, "Zeta Transports")
    review_on(firm, validated(firm, late.id).id, date(2026, 10, 1))
    make_client(firm, "Alpha Conseil")  # never assessed
    current = make_client(firm, "Beta Industrie")
    validated(firm, current.id)  # reviewed today: nothing to do
    make_client(firm, "Orphan SARL", manager=False)  # nobody to tell
    clock = firm.container.clock
    admin = firm.principal().user

    run = remind_reviews(uow(firm), clock, "http://testserver/conformite")
    assert (run.queued, run.reviews, run.without_recipient) == (1, 2, 1)
    [mail] = [m for m in outbox_of(firm.container, firm.firm_id) if m["subject"].startswith("LCB-FT")]
    assert mail["recipient"] == admin.email
    assert mail["subject"] == "LCB-FT : 2 revue(s) à faire dont 1 en retard – Cabinet Test"
    body = mail["body"]
    assert "Zeta Transports : revue en retard depuis le 01/10/2026" in body
    assert "Alpha Conseil : aucune évaluation validée" in body
    assert body.index("Zeta Transports") < body.index("Alpha Conseil")  # overdue first
    assert "Beta Industrie" not in body and "http://testserver/conformite" in body

    again = remind_reviews(uow(firm), clock)
    assert (again.queued, again.already) == (0, 1)
    tomorrow = remind_reviews(uow(firm), clock, today=date(2026, 11, 21))
    assert tomorrow.queued == 1
    assert len(audit_of(firm.container, firm.firm_id, Action.COMPLIANCE_REMINDERS)) == 2


def test_the_command_line_reminds_once_a_day(firm, run_manage):
    make_client(firm, "Alpha Conseil")
    first = run_manage("remind-compliance-reviews", "--firm", firm.siren, "--date", "2026-11-20")
    assert first.returncode == 0, first.stderr
    assert "1 courriel(s) (1 revue(s))" in first.stdout
    second = run_manage("remind-compliance-reviews", "--firm", firm.siren, "--date", "2026-11-20")
    assert "0 courriel(s)" in second.stdout and "1 personne(s) déjà prévenue(s)" in second.stdout
    bad = run_manage("remind-compliance-reviews", "--firm", "123456789")
    assert bad.returncode != 0
