"""Production: time entries and weekly timesheets, the running timer, statutory deadlines and their e-mail
alerts, absences."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, TenantMixin


class TimeEntryRow(TenantMixin, Base):
    __tablename__ = "time_entries"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        Index("ix_time_entries_firm_user_day", "firm_id", "user_id", "day"),
        Index("ix_time_entries_firm_day", "firm_id", "day"),  # the analytics' recent entries (migration 0019)
        Index("ix_time_entries_firm_mission", "firm_id", "mission_id"),
        Index("ix_time_entries_firm_invoice", "firm_id", "invoice_id"),
        ForeignKeyConstraint(["firm_id", "user_id"], ["users.firm_id", "users.id"],
                             name="fk_time_entries_firm_id_user_id_users"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_time_entries_firm_id_client_id_clients"),
        ForeignKeyConstraint(["firm_id", "mission_id"], ["missions.firm_id", "missions.id"],
                             name="fk_time_entries_firm_id_mission_id_missions"),
        ForeignKeyConstraint(["firm_id", "task_id"], ["mission_tasks.firm_id", "mission_tasks.id"],
                             name="fk_time_entries_firm_id_task_id_mission_tasks"),
    )

    user_id: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    client_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: internal time (formation…)
    mission_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    task_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    minutes: Mapped[int] = mapped_column(Integer)  # raw minutes as entered
    billable: Mapped[bool] = mapped_column(Boolean, default=True)
    activity: Mapped[str] = mapped_column(String(30))  # domain Activity value
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # The invoice that bills this time (temps passé): set when a billing run drafts it, cleared when the draft
    # is deleted, kept once issued, so an entry is never billed twice. No foreign key: the draft's deletion
    # clears it in the same transaction.
    invoice_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TimesheetRow(TenantMixin, Base):
    """One person's week (Monday): draft, submitted, approved (locked) or sent back with a comment."""

    __tablename__ = "timesheets"
    __table_args__ = (
        UniqueConstraint("firm_id", "user_id", "week_start"),
        ForeignKeyConstraint(["firm_id", "user_id"], ["users.firm_id", "users.id"],
                             name="fk_timesheets_firm_id_user_id_users"),
    )

    user_id: Mapped[int] = mapped_column(Integer)
    week_start: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="brouillon")  # domain TimesheetStatus value
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decided_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")  # the manager's reason when sent back


class RunningTimerRow(TenantMixin, Base):
    __tablename__ = "running_timers"
    __table_args__ = (
        UniqueConstraint("firm_id", "user_id"),
        ForeignKeyConstraint(["firm_id", "user_id"], ["users.firm_id", "users.id"],
                             name="fk_running_timers_firm_id_user_id_users"),
    )

    user_id: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime]
    client_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mission_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    task_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    activity: Mapped[str] = mapped_column(String(30), default="production")
    comment: Mapped[str] = mapped_column(Text, default="")


class DeadlineRow(TenantMixin, Base):
    """A statutory deadline of a client (TVA, liasse, IS instalment, …) for a period."""

    __tablename__ = "statutory_deadlines"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        UniqueConstraint("firm_id", "client_id", "kind", "period_end"),
        Index("ix_statutory_deadlines_firm_due", "firm_id", "due_on"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"], ondelete="CASCADE",
                             name="fk_statutory_deadlines_firm_id_client_id_clients"),
        ForeignKeyConstraint(["firm_id", "mission_id"], ["missions.firm_id", "missions.id"],
                             name="fk_statutory_deadlines_firm_id_mission_id_missions"),
    )

    client_id: Mapped[int] = mapped_column(Integer)
    mission_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(30))  # domain DeadlineKind value
    label: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class DeadlineAlertRow(TenantMixin, Base):
    """One deadline digest queued for a person on a day: the unique key makes `alert-deadlines` safe to run
    twice (a second run the same day finds the row and queues nothing)."""

    __tablename__ = "deadline_alerts"
    __table_args__ = (
        UniqueConstraint("firm_id", "user_id", "alert_on"),
        ForeignKeyConstraint(["firm_id", "user_id"], ["users.firm_id", "users.id"], ondelete="CASCADE",
                             name="fk_deadline_alerts_firm_id_user_id_users"),
    )

    user_id: Mapped[int] = mapped_column(Integer)
    alert_on: Mapped[date] = mapped_column(Date)  # the business day (Paris) of the run
    deadlines: Mapped[int] = mapped_column(Integer)  # how many deadlines the digest listed
    queued_at: Mapped[datetime]


class AbsenceRow(TenantMixin, Base):
    __tablename__ = "absences"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "user_id"], ["users.firm_id", "users.id"],
                             name="fk_absences_firm_id_user_id_users"),
    )

    user_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # congés, RTT, maladie, formation…
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    half_day: Mapped[bool] = mapped_column(Boolean, default=False)  # half of each day of the range
    comment: Mapped[str] = mapped_column(Text, default="")
