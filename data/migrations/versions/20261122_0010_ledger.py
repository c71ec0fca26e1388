"""Accounting entries of the sales journal (FEC) and fee indexation revisions.

Revision ID: 0010_ledger
Revises: 0009_collections
Create Date: 2026-11-22 23:50:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0010_ledger'
down_revision = '0009_collections'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
