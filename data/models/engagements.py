"""Active engagements (from signed letters), their missions, budgets, tasks and fee schedule."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKeyConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, Cents, TenantMixin


class EngagementRow(TenantMixin, Base):
    __tablename__ = "engagements"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        UniqueConstraint("firm_id", "letter_id"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_engagements_firm_id_client_id_clients"),
        ForeignKeyConstraint(["firm_id", "letter_id"], ["engagement_letters.firm_id", "engagement_letters.id"],
                             name="fk_engagements_firm_id_letter_id_engagement_letters"),
    )

    client_id: Mapped[int] = mapped_column(Integer, index=True)
    letter_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | ended
    fiscal_year_start: Mapped[date] = mapped_column(Date)
    fiscal_year_end: Mapped[date] = mapped_column(Date)
    activated_on: Mapped[date] = mapped_column(Date)
    annual_fee_cents: Mapped[int] = mapped_column(Cents, default=0)
    monthly: Mapped[bool] = mapped_column(Boolean, default=False)
    # Chorus Pro codes of this engagement when they differ from the client's (a public buyer's order per contract).
    chorus_service_code: Mapped[str] = mapped_column(String(100), default="", server_default="")
    chorus_commitment_number: Mapped[str] = mapped_column(String(50), default="", server_default="")


class MissionRow(TenantMixin, Base):
    __tablename__ = "missions"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_missions_firm_id_client_id_clients"),
        ForeignKeyConstraint(["firm_id", "engagement_id"], ["engagements.firm_id", "engagements.id"],
                             name="fk_missions_firm_id_engagement_id_engagements"),
        ForeignKeyConstraint(["firm_id", "mission_type_id"], ["mission_types.firm_id", "mission_types.id"],
                             name="fk_missions_firm_id_mission_type_id_mission_types"),
        ForeignKeyConstraint(["firm_id", "manager_id"], ["users.firm_id", "users.id"],
                             name="fk_missions_firm_id_manager_id_users"),
        ForeignKeyConstraint(["firm_id", "team_id"], ["teams.firm_id", "teams.id"],
                             name="fk_missions_firm_id_team_id_teams"),
    )

    client_id: Mapped[int] = mapped_column(Integer, index=True)
    engagement_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: created directly
    mission_type_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    label: Mapped[str] = mapped_column(String(200))
    fiscal_year_start: Mapped[date] = mapped_column(Date)
    fiscal_year_end: Mapped[date] = mapped_column(Date)
    manager_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    team_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="planifiee")  # domain MissionStatus value
    billing_mode: Mapped[str] = mapped_column(String(30))
    fee_cents: Mapped[int] = mapped_column(Cents, default=0)  # budget amount HT for the fiscal year
    quantity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    unit_price_cents: Mapped[int | None] = mapped_column(Cents, nullable=True)
    created_on: Mapped[date] = mapped_column(Date)


class MissionBudgetRow(TenantMixin, Base):
    __tablename__ = "mission_budget_hours"
    __table_args__ = (
        UniqueConstraint("firm_id", "mission_id", "grade_id"),
        ForeignKeyConstraint(["firm_id", "mission_id"], ["missions.firm_id", "missions.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["firm_id", "grade_id"], ["grades.firm_id", "grades.id"]),
    )

    mission_id: Mapped[int] = mapped_column(Integer)
    grade_id: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)


class MissionTaskRow(TenantMixin, Base):
    __tablename__ = "mission_tasks"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "mission_id"], ["missions.firm_id", "missions.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["firm_id", "grade_id"], ["grades.firm_id", "grades.id"],
                             name="fk_mission_tasks_firm_id_grade_id_grades"),
        ForeignKeyConstraint(["firm_id", "assignee_id"], ["users.firm_id", "users.id"],
                             name="fk_mission_tasks_firm_id_assignee_id_users"),
    )

    mission_id: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(200))
    grade_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    estimated_minutes: Mapped[int] = mapped_column(Integer, default=0)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="a_faire")
    assignee_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    planned_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    planned_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    checklist: Mapped[str] = mapped_column(Text, default="", server_default="")  # one item a line, "[x] " when done


class FeeScheduleRow(TenantMixin, Base):
    __tablename__ = "fee_schedule"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "engagement_id"], ["engagements.firm_id", "engagements.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["firm_id", "mission_id"], ["missions.firm_id", "missions.id"],
                             name="fk_fee_schedule_firm_id_mission_id_missions"),
    )

    engagement_id: Mapped[int] = mapped_column(Integer, index=True)
    mission_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    label: Mapped[str] = mapped_column(String(200))
    billing_mode: Mapped[str] = mapped_column(String(30))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)
    invoice_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # set by invoicing
