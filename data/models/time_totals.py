"""Running totals of the time entries, kept by database triggers (migrations 0019 and 0020) in the same transaction
as every write to `time_entries`, `user_grades` (the people's grade history) and `grade_rates`.

The analytics read these instead of the entries themselves: a large firm's 4.8 million entries come down to about
half a million mission totals and thirty thousand monthly ones, so a dashboard no longer re-reads every entry
after each time save (issue 6's cold-cache target). Each entry is valued as `sql/valued_entries.sql` does (selling
and cost rate, in force on the entry's day, of the grade its author had that day, rounded half up to the cent per
entry) and the values are summed: the totals equal the entries' values to the cent. No application code writes here.
"""

from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base


class TimeTotalRow(Base):
    """The time of one person on one mission, per invoice that bills it (0: not billed) and billable flag."""

    __tablename__ = "time_totals"

    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), primary_key=True)
    mission_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_key: Mapped[int] = mapped_column(Integer, primary_key=True)  # time_entries.invoice_id, 0 for NULL
    billable: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    entries: Mapped[int] = mapped_column(Integer)  # a row whose count falls to 0 is deleted
    minutes: Mapped[int] = mapped_column(BigInteger)
    value_cents: Mapped[int] = mapped_column(BigInteger)
    cost_cents: Mapped[int] = mapped_column(BigInteger)
    first_day: Mapped[date] = mapped_column(Date)


class TimeMonthTotalRow(Base):
    """The chargeable time (billable, on a mission) of one person in one calendar month."""

    __tablename__ = "time_month_totals"

    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    entries: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(BigInteger)
    value_cents: Mapped[int] = mapped_column(BigInteger)


class TimeMissionTotalRow(Base):
    """The time totals summed per mission, invoice (0: not billed) and billable flag (migration 0021: kept by
    triggers on `time_totals`); what the boni/mali and WIP views read, needing no person."""

    __tablename__ = "time_mission_totals"

    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), primary_key=True)
    mission_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    billable: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    minutes: Mapped[int] = mapped_column(BigInteger)
    value_cents: Mapped[int] = mapped_column(BigInteger)
    cost_cents: Mapped[int] = mapped_column(BigInteger)
    first_day: Mapped[date] = mapped_column(Date)
