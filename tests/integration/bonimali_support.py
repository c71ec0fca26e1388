"""A firm with one billed mission, worked out by hand for the boni/mali tests on a database:

- the signed-in administrator holds the grade Associé (default rates: 180 € selling, 95 € cost an hour);
- 3.5 h on the mission in the week of 16/11/2026 → time value 630,00 €, at cost 332,50 €;
- an invoice issued for that mission: 450 € forfait + 12 payslips × 25 € + 2.5 h × 130 € of extra work = 1 075 €
  of fees HT, plus 51,90 € of débours left out → boni 445,00 €, realisation 170,6 %, margin on cost 742,50 €;
- a second mission of the same client with 1 h of time and no invoice: en-cours 180,00 €.
"""

from datetime import date

from sqlalchemy import select, update

from data.db import session_factory
from data.models.access import UserGradeRow, UserRow
from data.models.firm import GradeRow
from domain.firm.model import SINCE_ALWAYS
from domain.timesheets.services import GridRow, save_week
from tests.conftest import random_siren
from tests.integration.invoices_support import issue, new_draft, ready_to_invoice
from tests.integration.invoices_support import uow as _uow
from tests.integration.planning_support import mission_with_tasks

WEEK = date(2026, 11, 16)
FEES, VALUE, COST = 107_500, 63_000, 33_250


def uow(firm):
    return _uow(firm)


def billed_mission(firm):
    """(billed mission, en-cours mission) as the module's docstring describes them."""
    ready_to_invoice(firm)
    me = firm.principal().user.id
    with session_factory(firm.container.settings.database_url)() as session:
        partner = session.scalar(select(GradeRow.id).where(GradeRow.firm_id == firm.firm_id,
                                                           GradeRow.code == "associe"))
        session.execute(update(UserRow).where(UserRow.firm_id == firm.firm_id, UserRow.id == me)
                        .values(grade_id=partner))
        session.add(UserGradeRow(firm_id=firm.firm_id, user_id=me, grade_id=partner, effective_from=SINCE_ALWAYS))
        session.commit()
    mission, _ = mission_with_tasks(firm, siren=random_siren(), email="compta@alpha.fr")
    other, _ = mission_with_tasks(firm, name="Alpha Conseil bis", code="tenue", siren=random_siren(),
                                  email="compta@alpha-bis.fr")
    save_week(uow(firm), firm.principal(), firm.container.clock, me, WEEK,
              [GridRow(client_id=mission.client_id, mission_id=mission.id, days=("2", "1,5", "", "", "", "", "")),
               GridRow(client_id=other.client_id, mission_id=other.id, days=("", "", "1", "", "", "", ""))])
    draft = new_draft(firm, mission.client_id, mission_id=mission.id)
    issue(firm, draft.id)
    return mission, other
