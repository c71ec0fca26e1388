"""Payments, bank statement imports and matching, reminder levels and letters, legal interest rates.

Revision ID: 0009_collections
Revises: 0008_billing
Create Date: 2026-11-22 23:50:00
"""

import sqlalchemy as sa
from alembic import op

import data.models.base

revision = '0009_collections'
down_revision = '0008_billing'
branch_labels = None
depends_on = None


def _tenant(table: str) -> list:
    """The columns and constraints every tenant table has (data.models.base.TenantMixin)."""
    return [sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('firm_id', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f(f'fk_{table}_firm_id_firms'),
                                    ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}'))]


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        'payments',
        sa.Column('invoice_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('paid_on', sa.Date(), nullable=False),
        sa.Column('amount_cents', sa.BigInteger(), nullable=False),
        sa.Column('method', sa.String(length=12), nullable=False),
        sa.Column('reference', sa.String(length=140), nullable=False),
        sa.Column('created_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('cancelled_at', data.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('cancelled_by', sa.Integer(), nullable=True),
        *_tenant('payments'),
        sa.CheckConstraint('amount_cents > 0', name=op.f('ck_payments_positive')),
        sa.CheckConstraint("method IN ('virement', 'cheque', 'prelevement', 'especes', 'carte')",
                           name=op.f('ck_payments_method')),
        sa.ForeignKeyConstraint(['firm_id', 'invoice_id'], ['invoices.firm_id', 'invoices.id'],
                                name='fk_payments_firm_id_invoice_id_invoices'),
        sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'],
                                name='fk_payments_firm_id_client_id_clients'),
        sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_payments_firm_id_id')),
    )
    _indexes('payments', 'client_id', 'firm_id', 'invoice_id')

    op.create_table(
        'bank_mappings',
        sa.Column('bank_name', sa.String(length=80), nullable=False),
        sa.Column('date_column', sa.String(length=80), nullable=False),
        sa.Column('label_column', sa.String(length=80), nullable=False),
        sa.Column('amount_column', sa.String(length=80), nullable=False),
        sa.Column('reference_column', sa.String(length=80), nullable=False),
        *_tenant('bank_mappings'),
        sa.UniqueConstraint('firm_id', 'bank_name', name=op.f('uq_bank_mappings_firm_id_bank_name')),
    )
    _indexes('bank_mappings', 'firm_id')

    op.create_table(
        'bank_lines',
        sa.Column('bank_name', sa.String(length=80), nullable=False),
        sa.Column('line_hash', sa.String(length=64), nullable=False),
        sa.Column('booked_on', sa.Date(), nullable=False),
        sa.Column('label', sa.String(length=300), nullable=False),
        sa.Column('amount_cents', sa.BigInteger(), nullable=False),
        sa.Column('reference', sa.String(length=140), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('payment_id', sa.Integer(), nullable=True),
        sa.Column('imported_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('imported_by', sa.Integer(), nullable=True),
        *_tenant('bank_lines'),
        sa.CheckConstraint("status IN ('a_rapprocher', 'rapprochee', 'ignoree')", name=op.f('ck_bank_lines_status')),
        sa.ForeignKeyConstraint(['firm_id', 'payment_id'], ['payments.firm_id', 'payments.id'],
                                name='fk_bank_lines_firm_id_payment_id_payments'),
        sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_bank_lines_firm_id_id')),
        sa.UniqueConstraint('firm_id', 'line_hash', name=op.f('uq_bank_lines_firm_id_line_hash')),
    )
    _indexes('bank_lines', 'firm_id', 'status')

    op.create_table(
        'reminder_levels',
        sa.Column('level', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=80), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('days_after_due', sa.Integer(), nullable=False),
        *_tenant('reminder_levels'),
        sa.CheckConstraint("kind IN ('courriel', 'lettre', 'mise_en_demeure')", name=op.f('ck_reminder_levels_kind')),
        sa.CheckConstraint('days_after_due >= 0', name=op.f('ck_reminder_levels_days')),
        sa.UniqueConstraint('firm_id', 'level', name=op.f('uq_reminder_levels_firm_id_level')),
    )
    _indexes('reminder_levels', 'firm_id')

    op.create_table(
        'reminders',
        sa.Column('invoice_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=80), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=False),
        sa.Column('sent_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('sent_by', sa.Integer(), nullable=True),
        sa.Column('principal_cents', sa.BigInteger(), nullable=False),
        sa.Column('penalty_cents', sa.BigInteger(), nullable=False),
        sa.Column('indemnity_cents', sa.BigInteger(), nullable=False),
        sa.Column('mailed_to', sa.String(length=254), nullable=False),
        sa.Column('outbox_id', sa.Integer(), nullable=True),
        *_tenant('reminders'),
        sa.ForeignKeyConstraint(['firm_id', 'invoice_id'], ['invoices.firm_id', 'invoices.id'],
                                name='fk_reminders_firm_id_invoice_id_invoices'),
        sa.UniqueConstraint('firm_id', 'invoice_id', 'level', name=op.f('uq_reminders_firm_id_invoice_id_level')),
    )
    _indexes('reminders', 'client_id', 'firm_id', 'invoice_id')

    op.create_table(
        'legal_interest_rates',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('half', sa.Integer(), nullable=False),
        sa.Column('rate_bp', sa.Integer(), nullable=False),
        *_tenant('legal_interest_rates'),
        sa.CheckConstraint('half IN (1, 2)', name=op.f('ck_legal_interest_rates_half')),
        sa.CheckConstraint('rate_bp >= 0', name=op.f('ck_legal_interest_rates_rate')),
        sa.UniqueConstraint('firm_id', 'year', 'half', name=op.f('uq_legal_interest_rates_firm_id_year_half')),
    )
    _indexes('legal_interest_rates', 'firm_id')


def downgrade() -> None:
    for table in ('legal_interest_rates', 'reminders', 'reminder_levels', 'bank_lines', 'bank_mappings', 'payments'):
        op.drop_table(table)
