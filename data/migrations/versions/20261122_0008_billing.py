"""Billing runs: time and units billed by an invoice, conformity problems kept on drafts.

- `time_entries.invoice_id`: the invoice billing the entry (set when a run drafts it, cleared when the draft is
  deleted), so approved time is never billed twice;
- `invoices.billing_period` (the run's month, "YYYY-MM") and `invoices.problems` (JSON list of the rule ids and
  messages that refused the draft at its last issue attempt);
- `billed_units`: a unit-priced mission billed once (quantity × unit price);
- `time_billings`: per invoice and temps-passé mission, the time value at selling rates and the amount billed
  (boni/mali of billing) with its reason.

Revision ID: 0008_billing
Revises: 0007_invoices
Create Date: 2026-11-22 23:50:00
"""

import sqlalchemy as sa
from alembic import op

import data.models.base

revision = '0008_billing'
down_revision = '0007_invoices'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('time_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invoice_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_time_entries_firm_invoice', ['firm_id', 'invoice_id'], unique=False)
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('billing_period', sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column('problems', sa.Text(), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_invoices_billing_period'), ['billing_period'], unique=False)

    op.create_table('billed_units',
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_cents', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'invoice_id'], ['invoices.firm_id', 'invoices.id'], ondelete='CASCADE',
                            name='fk_billed_units_firm_id_invoice_id_invoices'),
    sa.ForeignKeyConstraint(['firm_id', 'mission_id'], ['missions.firm_id', 'missions.id'],
                            name='fk_billed_units_firm_id_mission_id_missions'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_billed_units_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billed_units')),
    sa.UniqueConstraint('firm_id', 'mission_id', name=op.f('uq_billed_units_firm_id_mission_id'))
    )
    with op.batch_alter_table('billed_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_billed_units_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_billed_units_invoice_id'), ['invoice_id'], unique=False)

    op.create_table('time_billings',
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('valued_cents', sa.BigInteger(), nullable=False),
    sa.Column('billed_cents', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('adjusted_at', data.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('adjusted_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'invoice_id'], ['invoices.firm_id', 'invoices.id'], ondelete='CASCADE',
                            name='fk_time_billings_firm_id_invoice_id_invoices'),
    sa.ForeignKeyConstraint(['firm_id', 'mission_id'], ['missions.firm_id', 'missions.id'],
                            name='fk_time_billings_firm_id_mission_id_missions'),
    sa.ForeignKeyConstraint(['firm_id', 'adjusted_by'], ['users.firm_id', 'users.id'],
                            name='fk_time_billings_firm_id_adjusted_by_users'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_time_billings_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_billings')),
    sa.UniqueConstraint('firm_id', 'invoice_id', 'mission_id', name=op.f('uq_time_billings_firm_id_invoice_id_mission_id'))
    )
    with op.batch_alter_table('time_billings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_billings_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_time_billings_invoice_id'), ['invoice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_time_billings_mission_id'), ['mission_id'], unique=False)


def downgrade() -> None:
    op.drop_table('time_billings')
    op.drop_table('billed_units')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoices_billing_period'))
        batch_op.drop_column('problems')
        batch_op.drop_column('billing_period')
    with op.batch_alter_table('time_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_time_entries_firm_invoice')
        batch_op.drop_column('invoice_id')
