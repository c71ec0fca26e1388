"""INPI RNE connector: fetched company records kept for comparison.

Revision ID: 0015_inpi
Revises: 0014_compliance_parties
Create Date: 2026-11-23 00:30:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0015_inpi'
down_revision = '0014_compliance_parties'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
