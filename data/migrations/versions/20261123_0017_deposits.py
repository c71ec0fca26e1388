"""Deposit invoices (acomptes): what a later invoice deducts.

Revision ID: 0017_deposits
Revises: 0016_analytics
Create Date: 2026-11-23 04:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0017_deposits'
down_revision = '0016_analytics'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
