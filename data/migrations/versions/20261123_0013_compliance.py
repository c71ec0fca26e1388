"""LCB-FT: risk assessments on the four criteria, vigilance rule and reasons per firm, reviews, confidential notes.

Tables: compliance_settings (one row per firm, none = defaults), compliance_assessments (maker/checker and the
completeness of a validated assessment held by CHECK constraints), compliance_review_flags (events calling for
a review), compliance_notes (examen renforcé log, confidential notes), compliance_reminders (one per person and
day, so `remind-compliance-reviews` is safe to run twice). Written by hand for these tables only.

Revision ID: 0013_compliance
Revises: 0012_deferred_pdf
Create Date: 2026-11-23 00:30:00
"""

import sqlalchemy as sa
from alembic import op

import data.models.base

revision = '0013_compliance'
down_revision = '0012_deferred_pdf'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('compliance_settings',
    sa.Column('standard_from', sa.Integer(), nullable=False),
    sa.Column('enhanced_from', sa.Integer(), nullable=False),
    sa.Column('review_months_simplified', sa.Integer(), nullable=False),
    sa.Column('review_months_standard', sa.Integer(), nullable=False),
    sa.Column('review_months_enhanced', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('gate_active', sa.Boolean(), nullable=False),
    sa.Column('flag_grace_days', sa.Integer(), nullable=False),
    sa.Column('updated_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_compliance_settings_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_settings')),
    sa.UniqueConstraint('firm_id', name=op.f('uq_compliance_settings_firm_id'))
    )
    op.create_index(op.f('ix_compliance_settings_firm_id'), 'compliance_settings', ['firm_id'], unique=False)
    op.create_table('compliance_reminders',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('remind_on', sa.Date(), nullable=False),
    sa.Column('reviews', sa.Integer(), nullable=False),
    sa.Column('queued_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'user_id'], ['users.firm_id', 'users.id'], name='fk_compliance_reminders_firm_id_user_id_users', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_compliance_reminders_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_reminders')),
    sa.UniqueConstraint('firm_id', 'user_id', 'remind_on', name=op.f('uq_compliance_reminders_firm_id_user_id_remind_on'))
    )
    op.create_index(op.f('ix_compliance_reminders_firm_id'), 'compliance_reminders', ['firm_id'], unique=False)
    op.create_table('compliance_assessments',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('score_client', sa.SmallInteger(), nullable=False),
    sa.Column('score_activity', sa.SmallInteger(), nullable=False),
    sa.Column('score_location', sa.SmallInteger(), nullable=False),
    sa.Column('score_missions', sa.SmallInteger(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('computed_level', sa.String(length=12), nullable=False),
    sa.Column('override_level', sa.String(length=12), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.Column('prepared_by', sa.Integer(), nullable=False),
    sa.Column('created_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', data.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('validated_by', sa.Integer(), nullable=True),
    sa.Column('validated_at', data.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('validated_on', sa.Date(), nullable=True),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("override_level IS NULL OR override_reason <> ''", name=op.f('ck_compliance_assessments_override_reason')),
    sa.CheckConstraint("status <> 'validee' OR (validated_by IS NOT NULL AND validated_at IS NOT NULL AND validated_on IS NOT NULL AND next_review_on IS NOT NULL)", name=op.f('ck_compliance_assessments_validated_complete')),
    sa.CheckConstraint('validated_by IS NULL OR validated_by <> prepared_by', name=op.f('ck_compliance_assessments_maker_checker')),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'], name='fk_compliance_assessments_firm_id_client_id_clients', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id', 'prepared_by'], ['users.firm_id', 'users.id'], name='fk_compliance_assessments_firm_id_prepared_by_users'),
    sa.ForeignKeyConstraint(['firm_id', 'validated_by'], ['users.firm_id', 'users.id'], name='fk_compliance_assessments_firm_id_validated_by_users'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_compliance_assessments_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_assessments')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_compliance_assessments_firm_id_id'))
    )
    op.create_index('ix_compliance_assessments_firm_client', 'compliance_assessments', ['firm_id', 'client_id'], unique=False)
    op.create_index(op.f('ix_compliance_assessments_firm_id'), 'compliance_assessments', ['firm_id'], unique=False)
    op.create_table('compliance_notes',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'author_id'], ['users.firm_id', 'users.id'], name='fk_compliance_notes_firm_id_author_id_users'),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'], name='fk_compliance_notes_firm_id_client_id_clients', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_compliance_notes_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_notes'))
    )
    op.create_index('ix_compliance_notes_firm_client', 'compliance_notes', ['firm_id', 'client_id'], unique=False)
    op.create_index(op.f('ix_compliance_notes_firm_id'), 'compliance_notes', ['firm_id'], unique=False)
    op.create_table('compliance_review_flags',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('flagged_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('cleared_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'], name='fk_compliance_review_flags_firm_id_client_id_clients', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_compliance_review_flags_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_review_flags'))
    )
    op.create_index('ix_compliance_review_flags_firm_client', 'compliance_review_flags', ['firm_id', 'client_id'], unique=False)
    op.create_index(op.f('ix_compliance_review_flags_firm_id'), 'compliance_review_flags', ['firm_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_compliance_review_flags_firm_id'), table_name='compliance_review_flags')
    op.drop_index('ix_compliance_review_flags_firm_client', table_name='compliance_review_flags')
    op.drop_table('compliance_review_flags')
    op.drop_index(op.f('ix_compliance_notes_firm_id'), table_name='compliance_notes')
    op.drop_index('ix_compliance_notes_firm_client', table_name='compliance_notes')
    op.drop_table('compliance_notes')
    op.drop_index(op.f('ix_compliance_assessments_firm_id'), table_name='compliance_assessments')
    op.drop_index('ix_compliance_assessments_firm_client', table_name='compliance_assessments')
    op.drop_table('compliance_assessments')
    op.drop_index(op.f('ix_compliance_reminders_firm_id'), table_name='compliance_reminders')
    op.drop_table('compliance_reminders')
    op.drop_index(op.f('ix_compliance_settings_firm_id'), table_name='compliance_settings')
    op.drop_table('compliance_settings')
