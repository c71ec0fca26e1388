"""A small firm written row by row for the dashboard tests, so that every expected figure can be worked out by
hand from what is listed here (tests/integration/test_dashboards.py does the arithmetic in its comments).

Today is Friday 20 November 2026 (11 November is a public holiday). Two grades: Associé at 180 €/h, Collaborateur
at 70 €/h then 80 €/h from 10 November 2026. Teams Audit (Alice the admin, Bob) and Social (Carla).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from data.db import engine_for
from data.models.access import UserGradeRow, UserRow
from data.models.clients import ClientRow
from data.models.collections import PaymentRow
from data.models.engagements import MissionBudgetRow, MissionRow, MissionTaskRow
from data.models.firm import GradeRateRow, GradeRow, TeamRow
from data.models.invoicing import InvoiceLineRow, InvoiceRow
from data.models.production import AbsenceRow, DeadlineRow, TimeEntryRow, TimesheetRow
from domain.firm.model import SINCE_ALWAYS
from tests.conftest import unique_email

TODAY = date(2026, 11, 20)
AT = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@dataclass
class Scenario:
    admin_id: int
    bob_id: int
    bob_email: str
    carla_id: int
    carla_email: str
    audit_id: int
    social_id: int
    m1: int  # Alpha, monthly forfait, Audit: budget 20 h
    m2: int  # Beta, time spent, Social: no budget
    m3: int  # Alpha, annual forfait not billed yet, Audit: budget 5 h


def build(firm) -> Scenario:
    engine = engine_for(firm.container.settings.database_url)
    admin_id = firm.principal().user.id
    with Session(engine) as s, s.begin():
        def add(row):
            row.firm_id = firm.firm_id
            s.add(row)
            s.flush()
            return row.id

        audit, social = add(TeamRow(name="Audit")), add(TeamRow(name="Social"))
        partner_grade = add(GradeRow(code="dash-associe", label="Associé", rank=90))
        staff_grade = add(GradeRow(code="dash-collab", label="Collaborateur", rank=91))
        add(GradeRateRow(grade_id=partner_grade, effective_from=date(2026, 1, 1), selling_rate_cents=18000,
                         cost_rate_cents=9000))
        add(GradeRateRow(grade_id=staff_grade, effective_from=date(2026, 1, 1), selling_rate_cents=7000,
                         cost_rate_cents=3500))
        add(GradeRateRow(grade_id=staff_grade, effective_from=date(2026, 11, 10), selling_rate_cents=8000,
                         cost_rate_cents=4000))
        admin = s.get(UserRow, admin_id)
        admin.grade_id, admin.team_id = partner_grade, audit
        admin.must_change_password = False  # so that the page tests may open the dashboard as Alice
        bob_email, carla_email = unique_email("bob"), unique_email("carla")
        bob = add(UserRow(email=bob_email, full_name="Bob Martin", role="collaborator", grade_id=staff_grade,
                          team_id=audit, password_hash="x", must_change_password=False, created_at=AT))
        carla = add(UserRow(email=carla_email, full_name="Carla Petit", role="collaborator", grade_id=staff_grade,
                            team_id=social, password_hash="x", must_change_password=False, created_at=AT))
        for person, grade in ((admin_id, partner_grade), (bob, staff_grade), (carla, staff_grade)):
            add(UserGradeRow(user_id=person, grade_id=grade, effective_from=SINCE_ALWAYS))
        add(AbsenceRow(user_id=bob, kind="conges", first_day=date(2026, 11, 13), last_day=date(2026, 11, 13),
                       half_day=True))
        alpha = add(ClientRow(kind="societe", name="Alpha SAS", manager_id=bob))
        beta = add(ClientRow(kind="societe", name="Beta SARL", manager_id=bob))

        def mission(client, label, mode, team, budget):
            found = add(MissionRow(client_id=client, label=label, fiscal_year_start=date(2026, 1, 1),
                                   fiscal_year_end=date(2026, 12, 31), manager_id=admin_id, team_id=team,
                                   status="en_cours", billing_mode=mode, created_on=date(2026, 1, 2)))
            if budget:
                add(MissionBudgetRow(mission_id=found, grade_id=staff_grade, minutes=budget))
            return found

        m1 = mission(alpha, "Tenue 2026", "forfait_mensualise", audit, 1200)
        m2 = mission(beta, "Conseil social", "temps_passe", social, 0)
        m3 = mission(alpha, "Bilan 2026", "forfait_annuel", audit, 300)
        add(MissionTaskRow(mission_id=m3, label="Révision", assignee_id=bob, estimated_minutes=300))

        def invoice(number, kind, client, mission_id, issued, due, lines, paid=(), credited=None, status="emise"):
            ht = sum(amount for _, _, amount, _ in lines)
            vat = sum(amount * rate // 10000 for _, _, amount, rate in lines)
            found = add(InvoiceRow(
                kind=kind, status=status, number=number if status == "emise" else None, client_id=client,
                mission_id=mission_id, credited_invoice_id=credited, created_on=issued, created_at=AT,
                issue_date=issued, due_date=due, seller="{}", buyer='{"name": "%s"}' % ("Alpha SAS" if client == alpha
                                                                                       else "Beta SARL"),
                late_penalty_rate_bp=1215, recovery_indemnity_cents=4000, lines_cents=ht, vat_cents=vat,
                ttc_cents=ht + vat, due_cents=ht + vat, xml=b"<x/>" if status == "emise" else None,
                pdf_deferred=status == "emise", issued_at=AT if status == "emise" else None))
            for position, (line_kind, unit, amount, rate) in enumerate(lines, 1):
                add(InvoiceLineRow(invoice_id=found, position=position, kind=line_kind, label=line_kind,
                                   quantity_e4=10000, unit=unit, unit_price_cents=amount, vat_rate_bp=rate,
                                   amount_cents=amount))
            for on, cents in paid:
                add(PaymentRow(invoice_id=found, client_id=client, paid_on=on, amount_cents=cents, method="virement",
                               created_at=AT))
            return found

        invoice("F-2025-1", "facture", alpha, None, date(2025, 3, 10), date(2025, 4, 9),
                [("honoraires", "forfait", 100000, 2000)], paid=[(date(2025, 4, 1), 120000)])
        invoice("F-2025-2", "facture", alpha, m1, date(2025, 11, 7), date(2025, 12, 7),
                [("honoraires", "mois", 30000, 2000)], paid=[(date(2025, 12, 1), 36000)])
        f2 = invoice("F-2026-2", "facture", beta, m2, date(2026, 10, 15), date(2026, 10, 30),
                     [("honoraires", "heure", 80000, 2000)], paid=[(date(2026, 11, 2), 40000)])
        invoice("F-2026-3", "facture", alpha, m1, date(2026, 11, 5), date(2026, 12, 5),
                [("honoraires", "mois", 50000, 2000), ("debours", "forfait", 3000, 0)])
        invoice("AV-2026-1", "avoir", beta, m2, date(2026, 11, 12), None, [("honoraires", "heure", 10000, 2000)],
                credited=f2)
        invoice(None, "facture", beta, m2, date(2026, 11, 18), None, [("honoraires", "heure", 99999, 2000)],
                status="brouillon")

        def entry(user, day, minutes, mission_id=None, client=None, billable=True, invoice_id=None):
            add(TimeEntryRow(user_id=user, day=day, minutes=minutes, mission_id=mission_id, client_id=client,
                             billable=billable, activity="production" if billable else "formation",
                             created_at=AT, updated_at=AT, invoice_id=invoice_id))

        entry(bob, date(2026, 11, 3), 240, m1, alpha)
        entry(bob, date(2026, 11, 12), 90, m1, alpha)
        entry(bob, date(2026, 11, 17), 45, m3, alpha)
        entry(bob, date(2026, 11, 5), 120, billable=False)
        entry(admin_id, date(2026, 11, 4), 60, m2, beta, invoice_id=f2)
        entry(admin_id, date(2026, 11, 16), 30, m2, beta)
        entry(carla, date(2026, 10, 20), 100, m2, beta)
        for day in range(26, 31):  # Alice's whole week of 26 October, internal, approved
            entry(admin_id, date(2026, 10, day), 420, billable=False)
        add(TimesheetRow(user_id=admin_id, week_start=date(2026, 10, 26), status="validee"))
        add(TimesheetRow(user_id=bob, week_start=date(2026, 11, 2), status="soumise"))

        def deadline(client, mission_id, label, due, done=None):
            add(DeadlineRow(client_id=client, mission_id=mission_id, kind="tva_ca3_mensuelle", label=label,
                            period_start=due.replace(day=1), period_end=due, due_on=due, done_on=done))

        deadline(alpha, m1, "D1", date(2026, 11, 10), date(2026, 11, 9))
        deadline(beta, m2, "D2", date(2026, 11, 12), date(2026, 11, 14))
        deadline(alpha, m3, "D3", date(2026, 11, 18))
        deadline(beta, None, "D4", date(2026, 11, 30))
        deadline(alpha, None, "D5", date(2026, 12, 20))
        deadline(alpha, None, "D6", date(2026, 10, 1))
    return Scenario(admin_id, bob, bob_email, carla, carla_email, audit, social, m1, m2, m3)
