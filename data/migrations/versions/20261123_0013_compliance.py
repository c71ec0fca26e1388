"""LCB-FT: risk assessments on the four criteria, vigilance rule and reasons per firm, reviews, confidential notes.

Revision ID: 0013_compliance
Revises: 0012_deferred_pdf
Create Date: 2026-11-23 00:30:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0013_compliance'
down_revision = '0012_deferred_pdf'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
