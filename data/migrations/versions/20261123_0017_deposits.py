"""Deposit invoices (acomptes): what a later invoice deducts.

- `invoices.deducted_by_id`: on a deposit invoice, the invoice (draft or issued) that deducts it;
- `invoices.prepaid_note`: on the invoice deducting deposits, their numbers as printed and put in its XML.
A deposit invoice itself is recognised by its lines (kind "acompte"), which need no schema change.

Revision ID: 0017_deposits
Revises: 0016_analytics
Create Date: 2026-11-23 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0017_deposits'
down_revision = '0016_analytics'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invoices') as batch:
        batch.add_column(sa.Column('deducted_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('prepaid_note', sa.Text(), nullable=False, server_default=''))
    op.create_index(op.f('ix_invoices_deducted_by_id'), 'invoices', ['deducted_by_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_invoices_deducted_by_id'), table_name='invoices')
    with op.batch_alter_table('invoices') as batch:
        batch.drop_column('prepaid_note')
        batch.drop_column('deducted_by_id')
