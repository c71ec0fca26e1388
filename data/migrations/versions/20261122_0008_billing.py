"""Billing runs: time and units billed by an invoice, conformity problems kept on drafts.

Revision ID: 0008_billing
Revises: 0007_invoices
Create Date: 2026-11-22 23:50:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0008_billing'
down_revision = '0007_invoices'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
