"""Statutory deadlines of the clients."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, insert, or_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from data.analytics.freshness import mark_written
from data.models.clients import ClientRow
from data.models.engagements import MissionRow, MissionTaskRow
from data.models.production import DeadlineAlertRow, DeadlineRow
from data.repositories.base import FirmScoped
from domain.deadlines.model import Deadline, DeadlineFilter, DeadlineKind, DeadlineOwners, DeadlineStatus


def _deadline(row: DeadlineRow, client_name: str = "") -> Deadline:
    return Deadline(id=row.id, client_id=row.client_id, kind=DeadlineKind(row.kind), label=row.label,
                    period_start=row.period_start, period_end=row.period_end, due_on=row.due_on,
                    mission_id=row.mission_id, done_on=row.done_on, done_by=row.done_by, client_name=client_name)


class DeadlineRepository(FirmScoped):
    """Statutory deadlines."""

    def _read(self, *conditions) -> list[Deadline]:
        statement = (self._select(DeadlineRow, DeadlineRow, ClientRow.name)
                     .join(ClientRow, (ClientRow.firm_id == DeadlineRow.firm_id)
                           & (ClientRow.id == DeadlineRow.client_id))
                     .where(*conditions)
                     .order_by(DeadlineRow.due_on, ClientRow.name, DeadlineRow.kind, DeadlineRow.period_end,
                               DeadlineRow.id))
        return [_deadline(row, name) for row, name in self.session.execute(statement)]

    def add_many(self, deadlines: list[Deadline]) -> int:
        """Bulk insert (the caller left out the keys that already exist)."""
        rows = [{"firm_id": self.firm_id, "client_id": d.client_id, "mission_id": d.mission_id, "kind": d.kind.value,
                 "label": d.label, "period_start": d.period_start, "period_end": d.period_end, "due_on": d.due_on,
                 "done_on": d.done_on, "done_by": d.done_by} for d in deadlines]
        if not rows:
            return 0
        if self.session.get_bind().dialect.name == "postgresql":
            # COPY: several times faster than executemany for the tens of thousands of rows of the demo seed.
            # Same transaction as the session; every row carries this repository's firm_id.
            self.session.flush()
            columns = list(rows[0])
            mark_written(self.session.connection(), DeadlineRow.__tablename__)  # COPY bypasses SQLAlchemy
            cursor = self.session.connection().connection.driver_connection.cursor()
            with cursor, cursor.copy(f"COPY {DeadlineRow.__tablename__} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])
        else:
            self.session.execute(insert(DeadlineRow), rows)
        return len(rows)

    def existing_keys(self, period_from: date, period_to: date) -> set[tuple[int, str, date]]:
        """(client id, kind, period end) of the deadlines whose period ends between the two dates."""
        statement = self._select(DeadlineRow, DeadlineRow.client_id, DeadlineRow.kind, DeadlineRow.period_end).where(
            DeadlineRow.period_end >= period_from, DeadlineRow.period_end <= period_to)
        return {(c, k, p) for c, k, p in self.session.execute(statement)}

    def get(self, deadline_id: int) -> Deadline | None:
        found = self._read(DeadlineRow.id == deadline_id)
        return found[0] if found else None

    def list(self, criteria: DeadlineFilter) -> list[Deadline]:
        """Deadlines matching every criterion, by due date then client name.

        `user_id`: the deadlines of the clients the user manages (client manager), or whose missions the
        user manages or has tasks on."""
        conditions = []
        if criteria.due_from is not None:
            conditions.append(DeadlineRow.due_on >= criteria.due_from)
        if criteria.due_to is not None:
            conditions.append(DeadlineRow.due_on <= criteria.due_to)
        if criteria.kind is not None:
            conditions.append(DeadlineRow.kind == criteria.kind.value)
        if criteria.status is DeadlineStatus.DONE:
            conditions.append(DeadlineRow.done_on.is_not(None))
        elif criteria.status is not None:
            conditions.append(DeadlineRow.done_on.is_(None))
            if criteria.today is not None:
                conditions.append(DeadlineRow.due_on < criteria.today if criteria.status is DeadlineStatus.OVERDUE
                                  else DeadlineRow.due_on >= criteria.today)
        if criteria.open_only:
            conditions.append(DeadlineRow.done_on.is_(None))
        if text := " ".join(criteria.client_text.split()).lower():
            conditions.append(func.lower(ClientRow.name).contains(text, autoescape=True))
        if criteria.client_id is not None:
            conditions.append(DeadlineRow.client_id == criteria.client_id)
        if criteria.mission_id is not None:
            conditions.append(DeadlineRow.mission_id == criteria.mission_id)
        if criteria.manager_id is not None:
            managed = self._select(MissionRow, MissionRow.id).where(MissionRow.manager_id == criteria.manager_id)
            conditions.append(or_(ClientRow.manager_id == criteria.manager_id, DeadlineRow.mission_id.in_(managed)))
        if criteria.user_id is not None:
            user = criteria.user_id
            managed = self._select(MissionRow, MissionRow.client_id).where(MissionRow.manager_id == user)
            tasked = (self._select(MissionTaskRow, MissionRow.client_id).select_from(MissionTaskRow)
                      .join(MissionRow, (MissionRow.firm_id == MissionTaskRow.firm_id)
                            & (MissionRow.id == MissionTaskRow.mission_id))
                      .where(MissionTaskRow.assignee_id == user))
            conditions.append(or_(ClientRow.manager_id == user, DeadlineRow.client_id.in_(managed),
                                  DeadlineRow.client_id.in_(tasked)))
        return self._read(*conditions)

    def for_mission(self, mission_id: int) -> list[Deadline]:
        return self._read(DeadlineRow.mission_id == mission_id)

    def set_done(self, deadline_id: int, on: date, by: int | None) -> None:
        self._update(DeadlineRow, DeadlineRow.id == deadline_id, done_on=on, done_by=by)

    def reopen(self, deadline_id: int) -> None:
        self._update(DeadlineRow, DeadlineRow.id == deadline_id, done_on=None, done_by=None)

    def count(self) -> int:
        return self.session.scalar(self._select(DeadlineRow, func.count(DeadlineRow.id))) or 0

    def open_with_owners(self, due_to: date) -> list[DeadlineOwners]:
        """Open deadlines due on or before `due_to` (the overdue ones whatever their age) of the clients not
        archived, each with the manager of its mission (when attached) and of its client."""
        statement = (self._select(DeadlineRow, DeadlineRow, ClientRow.name, MissionRow.manager_id, ClientRow.manager_id)
                     .join(ClientRow, (ClientRow.firm_id == DeadlineRow.firm_id)
                           & (ClientRow.id == DeadlineRow.client_id))
                     .outerjoin(MissionRow, (MissionRow.firm_id == DeadlineRow.firm_id)
                                & (MissionRow.id == DeadlineRow.mission_id))
                     .where(DeadlineRow.done_on.is_(None), DeadlineRow.due_on <= due_to, ClientRow.archived.is_(False))
                     .order_by(DeadlineRow.due_on, ClientRow.name, DeadlineRow.id))
        return [DeadlineOwners(_deadline(row, name), mission_manager, client_manager)
                for row, name, mission_manager, client_manager in self.session.execute(statement)]


class DeadlineAlertRepository(FirmScoped):
    """The deadline digests queued, one row per person and day."""

    def claim(self, user_id: int, day: date, deadlines: int, *, at: datetime) -> bool:
        """Record the digest of `user_id` for `day`; False when one is already recorded. INSERT … ON CONFLICT DO
        NOTHING on the unique (firm, user, day): of two runs at the same moment, only one can claim it (on
        PostgreSQL the second waits for the first to commit, then finds the row)."""
        insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[self.session.get_bind().dialect.name]
        statement = (insert(DeadlineAlertRow)
                     .values(firm_id=self.firm_id, user_id=user_id, alert_on=day, deadlines=deadlines, queued_at=at)
                     .on_conflict_do_nothing(index_elements=["firm_id", "user_id", "alert_on"])
                     .returning(DeadlineAlertRow.id))
        return self.session.execute(statement).scalar() is not None  # no row back: it was already there
