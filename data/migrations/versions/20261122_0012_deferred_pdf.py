"""Issued invoices whose PDF is rendered on first request (seeded history), then stored like any other.

Revision ID: 0012_deferred_pdf
Revises: 0011_chorus
Create Date: 2026-11-22 23:55:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0012_deferred_pdf'
down_revision = '0011_chorus'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
