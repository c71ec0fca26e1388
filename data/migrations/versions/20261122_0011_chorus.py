"""Chorus Pro: public-sector identifiers on clients and engagements, deposits and their statuses.

Revision ID: 0011_chorus
Revises: 0010_ledger
Create Date: 2026-11-22 23:50:00
"""

import sqlalchemy as sa
from alembic import op

import data.models.base

revision = '0011_chorus'
down_revision = '0010_ledger'
branch_labels = None
depends_on = None

_CLIENT_COLUMNS = ('public_sector', 'chorus_siret', 'chorus_service_code', 'chorus_commitment_number',
                   'chorus_service_code_required', 'chorus_commitment_required')


def upgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_sector', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('chorus_siret', sa.String(length=14), server_default='', nullable=False))
        batch_op.add_column(sa.Column('chorus_service_code', sa.String(length=100), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('chorus_commitment_number', sa.String(length=50), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('chorus_service_code_required', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('chorus_commitment_required', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chorus_service_code', sa.String(length=100), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('chorus_commitment_number', sa.String(length=50), server_default='',
                                      nullable=False))

    op.create_table('chorus_deposits',
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('flow_number', sa.String(length=50), nullable=False),
    sa.Column('file_name', sa.String(length=100), nullable=False),
    sa.Column('syntax', sa.String(length=40), nullable=False),
    sa.Column('environment', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('flow_state', sa.String(length=60), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('deposited_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deposited_by', sa.Integer(), nullable=True),
    sa.Column('checked_at', data.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'deposited_by'], ['users.firm_id', 'users.id'],
                            name='fk_chorus_deposits_firm_id_deposited_by_users'),
    sa.ForeignKeyConstraint(['firm_id', 'invoice_id'], ['invoices.firm_id', 'invoices.id'],
                            name='fk_chorus_deposits_firm_id_invoice_id_invoices'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_chorus_deposits_firm_id_firms'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chorus_deposits')),
    sa.UniqueConstraint('firm_id', 'flow_number', name=op.f('uq_chorus_deposits_firm_id_flow_number')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_chorus_deposits_firm_id_id'))
    )
    with op.batch_alter_table('chorus_deposits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chorus_deposits_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_chorus_deposits_invoice_id'), ['invoice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_chorus_deposits_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('chorus_deposits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chorus_deposits_status'))
        batch_op.drop_index(batch_op.f('ix_chorus_deposits_invoice_id'))
        batch_op.drop_index(batch_op.f('ix_chorus_deposits_firm_id'))
    op.drop_table('chorus_deposits')
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.drop_column('chorus_commitment_number')
        batch_op.drop_column('chorus_service_code')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        for column in reversed(_CLIENT_COLUMNS):
            batch_op.drop_column(column)
