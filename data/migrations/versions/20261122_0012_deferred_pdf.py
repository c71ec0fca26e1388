"""Issued invoices whose PDF is rendered on first request (seeded history), then stored like any other.

An issued invoice normally holds its exact Factur-X bytes. Seeded history (invoices older than a few months)
is stored issued with its XML but without PDF, under an explicit marker `pdf_deferred`; the CHECK constraint
`issued_complete` accepts a missing PDF only with that marker, and `pdf_deferred_pending` says the marker
means "issued, PDF not yet rendered" (it is cleared when the bytes are stored).

Revision ID: 0012_deferred_pdf
Revises: 0011_chorus
Create Date: 2026-11-22 23:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012_deferred_pdf'
down_revision = '0011_chorus'
branch_labels = None
depends_on = None

COMPLETE = ("status = 'brouillon' OR (number IS NOT NULL AND issue_date IS NOT NULL AND pdf IS NOT NULL "
            "AND xml IS NOT NULL AND issued_at IS NOT NULL)")
COMPLETE_OR_DEFERRED = ("status = 'brouillon' OR (number IS NOT NULL AND issue_date IS NOT NULL AND (pdf IS NOT NULL "
                        "OR pdf_deferred) AND xml IS NOT NULL AND issued_at IS NOT NULL)")
PENDING = "NOT pdf_deferred OR (status = 'emise' AND pdf IS NULL)"


def upgrade() -> None:
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_deferred', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_constraint(batch_op.f('ck_invoices_issued_complete'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_invoices_issued_complete'), COMPLETE_OR_DEFERRED)
        batch_op.create_check_constraint(batch_op.f('ck_invoices_pdf_deferred_pending'), PENDING)


def downgrade() -> None:
    # A deferred row has no PDF: going back would break the stricter constraint, so refuse plainly.
    pending = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM invoices WHERE pdf_deferred")).scalar()
    if pending:
        raise RuntimeError(f"{pending} facture(s) attendent encore leur PDF : générez-les avant de revenir en arrière.")
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_invoices_pdf_deferred_pending'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_invoices_issued_complete'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_invoices_issued_complete'), COMPLETE)
        batch_op.drop_column('pdf_deferred')
