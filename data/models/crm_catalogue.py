"""Mission catalogue: mission types with their norm, billing mode, default price and work programme."""

from sqlalchemy import Boolean, ForeignKeyConstraint, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, Cents, TenantMixin


class MissionTypeRow(TenantMixin, Base):
    __tablename__ = "mission_types"
    __table_args__ = (UniqueConstraint("firm_id", "id"), UniqueConstraint("firm_id", "code"))

    code: Mapped[str] = mapped_column(String(30))
    label: Mapped[str] = mapped_column(String(200))
    norm_reference: Mapped[str] = mapped_column(String(100), default="")
    billing_mode: Mapped[str] = mapped_column(String(30))  # domain BillingMode value
    default_fee_cents: Mapped[int | None] = mapped_column(Cents, nullable=True)  # annual forfait, HT
    unit_price_cents: Mapped[int | None] = mapped_column(Cents, nullable=True)  # unitaire
    unit_label: Mapped[str] = mapped_column(String(40), default="")  # e.g. "bulletin"
    scope: Mapped[str] = mapped_column(Text, default="")  # object and limits, quoted in letters
    exclusions: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class TaskTemplateRow(TenantMixin, Base):
    __tablename__ = "mission_task_templates"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "mission_type_id"], ["mission_types.firm_id", "mission_types.id"],
                             ondelete="CASCADE"),
    )

    mission_type_id: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(200))
    # Due date relative to the fiscal year: anchor + months + days ("fiscal_year_end" + 4 months 15 days).
    due_anchor: Mapped[str] = mapped_column(String(20), default="fiscal_year_end")
    due_months: Mapped[int] = mapped_column(SmallInteger, default=0)
    due_days: Mapped[int] = mapped_column(SmallInteger, default=0)


class TaskTemplateHoursRow(TenantMixin, Base):
    __tablename__ = "mission_task_template_hours"
    __table_args__ = (
        UniqueConstraint("firm_id", "template_id", "grade_id"),
        ForeignKeyConstraint(["firm_id", "template_id"], ["mission_task_templates.firm_id",
                                                          "mission_task_templates.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["firm_id", "grade_id"], ["grades.firm_id", "grades.id"]),
    )

    template_id: Mapped[int] = mapped_column(Integer)
    grade_id: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
