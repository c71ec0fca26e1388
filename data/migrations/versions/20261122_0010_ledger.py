"""Accounting entries of the sales journal (FEC) and fee indexation revisions.

Written by hand (other migrations of issue 5 are written at the same time): ledger_sequences (the number of
each journal, locked when taken), ledger_entries and ledger_lines (posted once, never changed), fee_revisions.

Revision ID: 0010_ledger
Revises: 0009_collections
Create Date: 2026-11-22 23:50:00
"""

import sqlalchemy as sa
from alembic import op

import data.models.base

revision = '0010_ledger'
down_revision = '0009_collections'
branch_labels = None
depends_on = None


def _tenant(table: str) -> list:
    """The columns and constraints every tenant table has (TenantMixin)."""
    return [sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('firm_id', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f(f'fk_{table}_firm_id_firms'),
                                    ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}'))]


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in ('firm_id', *columns):
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def upgrade() -> None:
    op.create_table('ledger_sequences',
    sa.Column('journal', sa.String(length=4), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    *_tenant('ledger_sequences'),
    sa.UniqueConstraint('firm_id', 'journal', name=op.f('uq_ledger_sequences_firm_id_journal'))
    )
    _indexes('ledger_sequences')

    op.create_table('ledger_entries',
    sa.Column('journal', sa.String(length=4), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('piece_ref', sa.String(length=60), nullable=False),
    sa.Column('piece_date', sa.Date(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('debit_cents', sa.BigInteger(), nullable=False),
    sa.Column('credit_cents', sa.BigInteger(), nullable=False),
    sa.Column('created_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    *_tenant('ledger_entries'),
    sa.CheckConstraint('debit_cents = credit_cents', name=op.f('ck_ledger_entries_balanced')),
    sa.CheckConstraint('number > 0', name=op.f('ck_ledger_entries_numbered')),
    sa.ForeignKeyConstraint(['firm_id', 'invoice_id'], ['invoices.firm_id', 'invoices.id'],
                            name='fk_ledger_entries_firm_id_invoice_id_invoices'),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'],
                            name='fk_ledger_entries_firm_id_client_id_clients'),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_ledger_entries_firm_id_id')),
    sa.UniqueConstraint('firm_id', 'journal', 'number', name=op.f('uq_ledger_entries_firm_id_journal_number')),
    sa.UniqueConstraint('firm_id', 'source', 'source_id', name=op.f('uq_ledger_entries_firm_id_source_source_id'))
    )
    _indexes('ledger_entries', 'entry_date', 'invoice_id')

    op.create_table('ledger_lines',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(length=20), nullable=False),
    sa.Column('account_label', sa.String(length=100), nullable=False),
    sa.Column('aux_account', sa.String(length=20), nullable=False),
    sa.Column('aux_label', sa.String(length=200), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('debit_cents', sa.BigInteger(), nullable=False),
    sa.Column('credit_cents', sa.BigInteger(), nullable=False),
    *_tenant('ledger_lines'),
    sa.CheckConstraint('debit_cents >= 0 AND credit_cents >= 0', name=op.f('ck_ledger_lines_non_negative')),
    sa.ForeignKeyConstraint(['firm_id', 'entry_id'], ['ledger_entries.firm_id', 'ledger_entries.id'],
                            name='fk_ledger_lines_firm_id_entry_id_ledger_entries'),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_ledger_lines_firm_id_id'))
    )
    _indexes('ledger_lines', 'entry_id')

    op.create_table('fee_revisions',
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('revision_date', sa.Date(), nullable=False),
    sa.Column('index_name', sa.String(length=20), nullable=False),
    sa.Column('s0_month', sa.Date(), nullable=False),
    sa.Column('s0_tenths', sa.Integer(), nullable=False),
    sa.Column('s1_month', sa.Date(), nullable=False),
    sa.Column('s1_tenths', sa.Integer(), nullable=False),
    sa.Column('old_fee_cents', sa.BigInteger(), nullable=False),
    sa.Column('new_fee_cents', sa.BigInteger(), nullable=False),
    sa.Column('applied_by', sa.Integer(), nullable=True),
    sa.Column('applied_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    *_tenant('fee_revisions'),
    sa.ForeignKeyConstraint(['firm_id', 'engagement_id'], ['engagements.firm_id', 'engagements.id'],
                            name='fk_fee_revisions_firm_id_engagement_id_engagements'),
    sa.ForeignKeyConstraint(['firm_id', 'applied_by'], ['users.firm_id', 'users.id'],
                            name='fk_fee_revisions_firm_id_applied_by_users'),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_fee_revisions_firm_id_id'))
    )
    _indexes('fee_revisions', 'engagement_id')


def downgrade() -> None:
    for table in ('fee_revisions', 'ledger_lines', 'ledger_entries', 'ledger_sequences'):
        op.drop_table(table)
