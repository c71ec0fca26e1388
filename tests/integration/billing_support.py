"""A firm with what a billing run bills, written through the repositories: engagements with their fee
schedule (forfait mensualisé and annuel), a temps-passé mission with approved and unapproved time of two
grades across a rate change, unit-priced missions."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from domain.access.model import Role
from domain.catalogue.model import BillingMode
from domain.engagements.model import Engagement, Mission, MissionStatus
from domain.engagements.schedule import instalments_for
from domain.letters.model import EngagementLetter, LetterStatus
from domain.timesheets.model import TimeEntry, Timesheet, TimesheetStatus
from tests.conftest import unique_email
from tests.integration.invoices_support import add_client, ready_to_invoice, uow

AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
_letters = iter(range(1, 10_000))


def engagement(u, client_id: int, start: date, end: date) -> int:
    letter = u.letters.add(EngagementLetter(
        id=0, number=f"LM-2026-{next(_letters):04d}", status=LetterStatus.SIGNED, client_id=client_id,
        fiscal_year_start=start, fiscal_year_end=end, created_on=start, signatory_name="Jeanne Dupain"),
        "<p>Lettre</p>")
    return u.engagements.add(Engagement(id=0, client_id=client_id, letter_id=letter.id, fiscal_year_start=start,
                                        fiscal_year_end=end, activated_on=start)).id


def mission(u, client_id: int, engagement_id: int | None, label: str, mode: BillingMode, start: date, end: date,
            *, fee_cents: int = 0, quantity: int | None = None, unit_price_cents: int | None = None,
            status: MissionStatus = MissionStatus.IN_PROGRESS) -> Mission:
    added = u.missions.add(Mission(id=0, client_id=client_id, label=label, fiscal_year_start=start,
                                   fiscal_year_end=end, billing_mode=mode, created_on=start,
                                   engagement_id=engagement_id, fee_cents=fee_cents, quantity=quantity,
                                   unit_price_cents=unit_price_cents, status=status))
    if mode.is_forfait:
        u.engagements.add_instalments(instalments_for(added, engagement_id, monthly=False))
    return added


@dataclass
class BillingFirm:
    forfaits: int  # client ids
    time: int
    units: int
    time_mission: int
    manager: int  # user ids
    assistant: int


def billing_firm(firm) -> BillingFirm:
    """Three clients for November 2026 (the test clock's month):

    - forfaits: a forfait mensualisé of 12 000 € over 2026 (1 000 € in November) and a forfait annuel of
      3 600 € for the year closing on 30/11/2026 → one draft of 4 600,00 € HT;
    - time: a manager at 100 €/h until 31/10, 120 €/h from 01/11; an assistant at 60 €/h; approved weeks of
      26/10 and 02/11; the week of 16/11 not approved → 1.5 h × 100 + 2.75 h × 120 + 0.5 h × 60 = 510,00 €;
    - units: 24 payslips at 25 € on a mission closing 30/11/2026 → 600,00 €; another unit mission closing on
      31/12/2026, not done → not due.
    """
    ready_to_invoice(firm)
    forfaits = add_client(firm, "Alpha Forfaits", "compta@alpha.fr").id
    time_client = add_client(firm, "Bravo Temps", "compta@bravo.fr").id
    units = add_client(firm, "Charlie Paie", "compta@charlie.fr").id
    year = (date(2026, 1, 1), date(2026, 12, 31))
    with uow(firm) as u:
        e1 = engagement(u, forfaits, *year)
        mission(u, forfaits, e1, "Tenue mensuelle", BillingMode.MONTHLY, *year, fee_cents=1_200_000)
        e2 = engagement(u, forfaits, date(2025, 12, 1), date(2026, 11, 30))
        mission(u, forfaits, e2, "Bilan", BillingMode.ANNUAL, date(2025, 12, 1), date(2026, 11, 30),
                fee_cents=360_000)
        e3 = engagement(u, time_client, *year)
        advice = mission(u, time_client, e3, "Conseil", BillingMode.TIME_SPENT, *year)
        e4 = engagement(u, units, *year)
        mission(u, units, e4, "Paie", BillingMode.UNIT, date(2025, 12, 1), date(2026, 11, 30), quantity=24,
                unit_price_cents=2_500)
        mission(u, units, e4, "Paie 2027", BillingMode.UNIT, *year, quantity=12, unit_price_cents=2_500)
        manager_grade = u.grades.add(code="mgr", label="Manager", rank=2)
        assistant_grade = u.grades.add(code="ast", label="Assistant", rank=1)
        u.grades.add_rate(manager_grade.id, date(2026, 1, 1), 10_000, 5_000)
        u.grades.add_rate(manager_grade.id, date(2026, 11, 1), 12_000, 6_000)
        u.grades.add_rate(assistant_grade.id, date(2026, 1, 1), 6_000, 3_000)
        manager = u.users.add(email=unique_email("mgr"), full_name="Marc Manager", role=Role.COLLABORATOR,
                              grade_id=manager_grade.id, team_id=None, password_hash="x",
                              must_change_password=False, at=AT).id
        assistant = u.users.add(email=unique_email("ast"), full_name="Anne Assistante", role=Role.COLLABORATOR,
                                grade_id=assistant_grade.id, team_id=None, password_hash="x",
                                must_change_password=False, at=AT).id
        on = {"client_id": time_client, "mission_id": advice.id}
        u.time_entries.add_many([
            TimeEntry(id=0, user_id=manager, day=date(2026, 10, 26), minutes=90, **on),
            TimeEntry(id=0, user_id=manager, day=date(2026, 11, 2), minutes=120, **on),
            TimeEntry(id=0, user_id=manager, day=date(2026, 11, 3), minutes=45, **on),
            TimeEntry(id=0, user_id=manager, day=date(2026, 11, 3), minutes=30, billable=False, **on),
            TimeEntry(id=0, user_id=assistant, day=date(2026, 11, 4), minutes=30, **on),
            TimeEntry(id=0, user_id=manager, day=date(2026, 11, 16), minutes=60, **on),  # week not approved
        ], at=AT)
        for user_id, week, status in ((manager, date(2026, 10, 26), TimesheetStatus.APPROVED),
                                      (manager, date(2026, 11, 2), TimesheetStatus.APPROVED),
                                      (assistant, date(2026, 11, 2), TimesheetStatus.APPROVED),
                                      (manager, date(2026, 11, 16), TimesheetStatus.SUBMITTED)):
            u.timesheets.save(Timesheet(user_id=user_id, week_start=week, status=status))
        u.commit()
    return BillingFirm(forfaits, time_client, units, advice.id, manager, assistant)


def monthly_clients(firm, count: int) -> list[int]:
    """`count` clients, each with a forfait mensualisé of 1 200 € over 2026 (100 € due in November)."""
    ready_to_invoice(firm)
    clients = [add_client(firm, f"Client {n:02d}", f"compta{n}@client.fr").id for n in range(count)]
    year = (date(2026, 1, 1), date(2026, 12, 31))
    with uow(firm) as u:
        for client_id in clients:
            mission(u, client_id, engagement(u, client_id, *year), "Tenue", BillingMode.MONTHLY, *year,
                    fee_cents=120_000)
        u.commit()
    return clients
