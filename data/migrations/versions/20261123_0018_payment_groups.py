"""One bank line, several payments: `payments.bank_line_id` names the statement line a payment was allocated
from, so a line paying several invoices knows all its payments (and what is left to allocate), and cancelling
one of them puts that amount back in the queue. Existing links (`bank_lines.payment_id`) are copied over.

Revision ID: 0018_payment_groups
Revises: 0017_deposits
Create Date: 2026-11-23 06:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0018_payment_groups'
down_revision = '0017_deposits'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('payments') as batch:
        batch.add_column(sa.Column('bank_line_id', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_payments_bank_line_id'), 'payments', ['bank_line_id'])
    op.execute("UPDATE payments SET bank_line_id = (SELECT bank_lines.id FROM bank_lines "
               "WHERE bank_lines.payment_id = payments.id AND bank_lines.firm_id = payments.firm_id) "
               "WHERE EXISTS (SELECT 1 FROM bank_lines WHERE bank_lines.payment_id = payments.id "
               "AND bank_lines.firm_id = payments.firm_id)")


def downgrade() -> None:
    op.drop_index(op.f('ix_payments_bank_line_id'), table_name='payments')
    with op.batch_alter_table('payments') as batch:
        batch.drop_column('bank_line_id')
