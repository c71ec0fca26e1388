"""Payments, bank statement imports and matching, reminder levels and letters, legal interest rates.

Revision ID: 0009_collections
Revises: 0008_billing
Create Date: 2026-11-22 23:50:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0009_collections'
down_revision = '0008_billing'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
