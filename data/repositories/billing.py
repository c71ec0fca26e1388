"""What a billing run reads (due instalments, unbilled approved time, unbilled unit missions) and the links
with which a draft reserves them.

A reservation is an UPDATE … WHERE invoice_id IS NULL whose row count must match what the draft asked for
(or an INSERT under a unique key, for units): two runs racing on the same month cannot both bill an item,
the second one fails and rolls back whole. Releasing happens in `InvoiceRepository.delete_draft`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from data.models.clients import ClientRow
from data.models.engagements import EngagementRow, FeeScheduleRow, MissionRow
from data.models.invoicing import BilledUnitsRow, TimeBillingRow
from data.models.production import TimeEntryRow, TimesheetRow
from data.repositories.access import UserRepository
from data.repositories.base import FirmScoped
from domain.catalogue.model import BillingMode
from domain.engagements.model import MissionStatus
from domain.errors import InvalidInput
from domain.firm.model import grade_on, histories
from domain.invoicing.billing import BilledUnits, DueInstalment, TimeBlock, UnbilledTime, UnitMission
from domain.ports.billing import TimeBilling
from domain.timesheets.model import TimesheetStatus

CHUNK = 900  # bound parameters per IN (...) list, well under SQLite's limit
ALREADY_BILLED = ("Une partie de ces éléments vient d'être facturée par un autre brouillon (une autre "
                  "préparation en cours ?) : rien n'a été créé, relancez la préparation.")


def _chunks(ids: Sequence[int]):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


class BillingRepository(FirmScoped):
    # --- what is due ---------------------------------------------------------------------------------

    def due_instalments(self, first: date, last: date) -> list[DueInstalment]:
        statement = (
            select(FeeScheduleRow, EngagementRow.client_id)
            .join(EngagementRow, (EngagementRow.firm_id == FeeScheduleRow.firm_id)
                  & (EngagementRow.id == FeeScheduleRow.engagement_id))
            .where(FeeScheduleRow.firm_id == self.firm_id, FeeScheduleRow.invoice_id.is_(None),
                   FeeScheduleRow.due_on >= first, FeeScheduleRow.due_on <= last, EngagementRow.status == "active",
                   FeeScheduleRow.amount_cents > 0)
            .order_by(FeeScheduleRow.due_on, FeeScheduleRow.id))
        return [DueInstalment(id=row.id, client_id=client_id, engagement_id=row.engagement_id,
                              mission_id=row.mission_id, label=row.label, billing_mode=BillingMode(row.billing_mode),
                              due_on=row.due_on, period_start=row.period_start, period_end=row.period_end,
                              amount_cents=row.amount_cents)
                for row, client_id in self.session.execute(statement)]

    def _approved_weeks(self, last: date) -> set[tuple[int, date]]:
        statement = self._select(TimesheetRow, TimesheetRow.user_id, TimesheetRow.week_start).where(
            TimesheetRow.status == TimesheetStatus.APPROVED.value, TimesheetRow.week_start <= last)
        return {(user_id, week) for user_id, week in self.session.execute(statement)}

    def unbilled_time(self, last: date) -> list[UnbilledTime]:
        approved = self._approved_weeks(last)
        statement = (
            select(TimeEntryRow.id, TimeEntryRow.user_id, TimeEntryRow.day, TimeEntryRow.minutes, MissionRow.id,
                   MissionRow.client_id, MissionRow.engagement_id, MissionRow.label, MissionRow.fiscal_year_end)
            .join(MissionRow, (MissionRow.firm_id == TimeEntryRow.firm_id) & (MissionRow.id == TimeEntryRow.mission_id))
            .where(TimeEntryRow.firm_id == self.firm_id, TimeEntryRow.invoice_id.is_(None),
                   TimeEntryRow.billable.is_(True), TimeEntryRow.minutes > 0, TimeEntryRow.day <= last,
                   MissionRow.billing_mode == BillingMode.TIME_SPENT.value)
            .order_by(TimeEntryRow.day, TimeEntryRow.id))
        # Each entry's time is billed at the grade its author had on its day (a promotion never reprices it).
        grades = histories(UserRepository(self.session, self.firm_id).grade_history())
        return [UnbilledTime(entry_id=r[0], client_id=r[5], mission_id=r[4], engagement_id=r[6],
                             mission_label=f"{r[7]} ({r[8].year})", grade_id=grade_on(grades.get(r[1], []), r[2]),
                             day=r[2], minutes=r[3])
                for r in self.session.execute(statement)
                if (r[1], r[2] - timedelta(days=r[2].weekday())) in approved]

    def unbilled_units(self) -> list[UnitMission]:
        billed = select(BilledUnitsRow.mission_id).where(BilledUnitsRow.firm_id == self.firm_id)
        statement = self._select(MissionRow).where(MissionRow.billing_mode == BillingMode.UNIT.value,
                                                   MissionRow.id.not_in(billed)).order_by(MissionRow.id)
        return [UnitMission(mission_id=m.id, client_id=m.client_id, engagement_id=m.engagement_id, label=m.label,
                            fiscal_year_end=m.fiscal_year_end, quantity=m.quantity,
                            unit_price_cents=m.unit_price_cents, done=m.status == MissionStatus.DONE.value)
                for m in self.session.scalars(statement)]

    def archived_clients(self, client_ids: Sequence[int]) -> set[int]:
        found: set[int] = set()
        for chunk in _chunks(client_ids):
            found |= set(self.session.scalars(self._select(ClientRow, ClientRow.id).where(
                ClientRow.id.in_(chunk), ClientRow.archived.is_(True))))
        return found

    # --- reservations --------------------------------------------------------------------------------

    def _claim(self, model, invoice_id: int, ids: Sequence[int]) -> None:
        for chunk in _chunks(ids):
            changed = self.session.execute(
                update(model).where(model.firm_id == self.firm_id, model.id.in_(chunk), model.invoice_id.is_(None))
                .values(invoice_id=invoice_id)).rowcount
            if changed != len(set(chunk)):
                raise InvalidInput(ALREADY_BILLED)

    def reserve(self, invoice_id: int, *, instalment_ids: Sequence[int], entry_ids: Sequence[int],
                units: Sequence[BilledUnits], time: Sequence[TimeBlock]) -> None:
        self._claim(FeeScheduleRow, invoice_id, instalment_ids)
        self._claim(TimeEntryRow, invoice_id, entry_ids)
        if units:
            try:
                with self.session.begin_nested():
                    self.session.execute(insert(BilledUnitsRow), [
                        {"firm_id": self.firm_id, "invoice_id": invoice_id, "mission_id": u.mission_id,
                         "quantity": u.quantity, "unit_price_cents": u.unit_price_cents} for u in units])
            except IntegrityError as err:
                raise InvalidInput(ALREADY_BILLED) from err
        if time:
            self.session.execute(insert(TimeBillingRow), [
                {"firm_id": self.firm_id, "invoice_id": invoice_id, "mission_id": block.mission_id,
                 "minutes": block.minutes, "valued_cents": block.valued_cents, "billed_cents": block.valued_cents,
                 "reason": ""} for block in time])

    # --- the time billed and its adjustments ---------------------------------------------------------

    def time_billings(self, invoice_ids: Sequence[int]) -> list[TimeBilling]:
        found = []
        for chunk in _chunks(invoice_ids):
            statement = (
                select(TimeBillingRow, MissionRow.label, MissionRow.fiscal_year_end)
                .join(MissionRow, (MissionRow.firm_id == TimeBillingRow.firm_id)
                      & (MissionRow.id == TimeBillingRow.mission_id))
                .where(TimeBillingRow.firm_id == self.firm_id, TimeBillingRow.invoice_id.in_(chunk))
                .order_by(TimeBillingRow.invoice_id, MissionRow.label))
            found += [TimeBilling(invoice_id=row.invoice_id, mission_id=row.mission_id,
                                  mission_label=f"{label} ({end.year})", minutes=row.minutes,
                                  valued_cents=row.valued_cents, billed_cents=row.billed_cents, reason=row.reason)
                      for row, label, end in self.session.execute(statement)]
        return found

    def set_billed(self, invoice_id: int, mission_id: int, billed_cents: int, reason: str, *, at: datetime,
                   by: int | None) -> None:
        changed = self._update(TimeBillingRow, TimeBillingRow.invoice_id == invoice_id,
                               TimeBillingRow.mission_id == mission_id, billed_cents=billed_cents, reason=reason,
                               adjusted_at=at, adjusted_by=by)
        if changed != 1:
            raise InvalidInput("Ce brouillon ne facture pas de temps passé sur cette mission.")
