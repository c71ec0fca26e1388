"""LCB-FT risk assessments, reviews and confidential notes (issue 7)."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, TenantMixin


def _client_fk(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"], ondelete="CASCADE",
                                name=f"fk_{table}_firm_id_client_id_clients")


class ComplianceSettingsRow(TenantMixin, Base):
    """The firm's vigilance rule, review periods, reason lists and gate (one row per firm; none: defaults)."""

    __tablename__ = "compliance_settings"
    __table_args__ = (UniqueConstraint("firm_id"),)

    standard_from: Mapped[int] = mapped_column(Integer)
    enhanced_from: Mapped[int] = mapped_column(Integer)
    review_months_simplified: Mapped[int] = mapped_column(Integer)
    review_months_standard: Mapped[int] = mapped_column(Integer)
    review_months_enhanced: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[str] = mapped_column(Text)  # JSON list of {criterion, label, forces_enhanced}
    gate_active: Mapped[bool] = mapped_column(Boolean)
    flag_grace_days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime]


class ComplianceAssessmentRow(TenantMixin, Base):
    """One assessment; the repository refuses any change once `status` is validee (immutable)."""

    __tablename__ = "compliance_assessments"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        Index("ix_compliance_assessments_firm_client", "firm_id", "client_id"),
        _client_fk("compliance_assessments"),
        ForeignKeyConstraint(["firm_id", "prepared_by"], ["users.firm_id", "users.id"],
                             name="fk_compliance_assessments_firm_id_prepared_by_users"),
        ForeignKeyConstraint(["firm_id", "validated_by"], ["users.firm_id", "users.id"],
                             name="fk_compliance_assessments_firm_id_validated_by_users"),
        # Maker/checker held by the database too.
        CheckConstraint("validated_by IS NULL OR validated_by <> prepared_by", name="maker_checker"),
        CheckConstraint("status <> 'validee' OR (validated_by IS NOT NULL AND validated_at IS NOT NULL "
                        "AND validated_on IS NOT NULL AND next_review_on IS NOT NULL)", name="validated_complete"),
        CheckConstraint("override_level IS NULL OR override_reason <> ''", name="override_reason"),
    )

    client_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))  # domain AssessmentStatus value
    score_client: Mapped[int] = mapped_column(SmallInteger)
    score_activity: Mapped[int] = mapped_column(SmallInteger)
    score_location: Mapped[int] = mapped_column(SmallInteger)
    score_missions: Mapped[int] = mapped_column(SmallInteger)
    reasons: Mapped[str] = mapped_column(Text)  # JSON {criterion: [labels]}
    justification: Mapped[str] = mapped_column(Text)
    computed_level: Mapped[str] = mapped_column(String(12))
    override_level: Mapped[str | None] = mapped_column(String(12), nullable=True)
    override_reason: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(12))  # the effective level, for the lists and analytics
    prepared_by: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    validated_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    validated_at: Mapped[datetime | None] = mapped_column(nullable=True)
    validated_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    next_review_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class ComplianceReviewFlagRow(TenantMixin, Base):
    """An event that calls for a review (new mission, new beneficial owner, country list change), cleared by the
    next validated assessment."""

    __tablename__ = "compliance_review_flags"
    __table_args__ = (Index("ix_compliance_review_flags_firm_client", "firm_id", "client_id"),
                      _client_fk("compliance_review_flags"))

    client_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(300))
    flagged_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    cleared_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class ComplianceNoteRow(TenantMixin, Base):
    """Examen renforcé log and confidential notes (suspicion analysis): append only, compliance users only."""

    __tablename__ = "compliance_notes"
    __table_args__ = (
        Index("ix_compliance_notes_firm_client", "firm_id", "client_id"),
        _client_fk("compliance_notes"),
        ForeignKeyConstraint(["firm_id", "author_id"], ["users.firm_id", "users.id"],
                             name="fk_compliance_notes_firm_id_author_id_users"),
    )

    client_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))  # domain NoteKind value
    noted_on: Mapped[date] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class ComplianceReminderRow(TenantMixin, Base):
    """One review reminder queued for a person on a day: makes `remind-compliance-reviews` safe to run twice."""

    __tablename__ = "compliance_reminders"
    __table_args__ = (
        UniqueConstraint("firm_id", "user_id", "remind_on"),
        ForeignKeyConstraint(["firm_id", "user_id"], ["users.firm_id", "users.id"], ondelete="CASCADE",
                             name="fk_compliance_reminders_firm_id_user_id_users"),
    )

    user_id: Mapped[int] = mapped_column(Integer)
    remind_on: Mapped[date] = mapped_column(Date)
    reviews: Mapped[int] = mapped_column(Integer)
    queued_at: Mapped[datetime]
