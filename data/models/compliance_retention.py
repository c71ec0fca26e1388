"""The end of a client's business relationship, from which its LCB-FT records are kept 5 years (issue 7)."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKeyConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, TenantMixin


class RelationshipEndRow(TenantMixin, Base):
    """One per client whose relationship ended; kept after the purge (`purged_at`) as its trace."""

    __tablename__ = "compliance_relationship_ends"
    __table_args__ = (
        UniqueConstraint("firm_id", "client_id"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"], ondelete="CASCADE",
                             name="fk_compliance_relationship_ends_firm_id_client_id_clients"),
    )

    client_id: Mapped[int] = mapped_column(Integer)
    ended_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(300), default="")
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    purged_at: Mapped[datetime | None] = mapped_column(nullable=True)
