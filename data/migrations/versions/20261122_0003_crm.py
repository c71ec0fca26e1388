"""CRM: contacts and groups, pipeline, mission catalogue, quotes, engagement letters, engagements and missions,
outbox attachments, integration credentials.

Revision ID: 0003_crm
Revises: 0002_clients
Create Date: 2026-11-22 17:18:42.583164
"""

from alembic import op
import sqlalchemy as sa
import data.models.base


revision = '0003_crm'
down_revision = '0002_clients'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The attachments' composite foreign key needs (firm_id, id) unique on the outbox first.
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_outbox_firm_id_id'), ['firm_id', 'id'])
    op.create_table('client_groups',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_client_groups_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_groups')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_client_groups_firm_id_id')),
    sa.UniqueConstraint('firm_id', 'name', name=op.f('uq_client_groups_firm_id_name'))
    )
    with op.batch_alter_table('client_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_groups_firm_id'), ['firm_id'], unique=False)

    op.create_table('integration_credentials',
    sa.Column('provider', sa.String(length=30), nullable=False),
    sa.Column('ciphertext', sa.Text(), nullable=False),
    sa.Column('base_url', sa.String(length=300), nullable=False),
    sa.Column('hint', sa.String(length=20), nullable=False),
    sa.Column('updated_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_integration_credentials_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integration_credentials')),
    sa.UniqueConstraint('firm_id', 'provider', name=op.f('uq_integration_credentials_firm_id_provider'))
    )
    with op.batch_alter_table('integration_credentials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integration_credentials_firm_id'), ['firm_id'], unique=False)

    op.create_table('letter_templates',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('updated_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_letter_templates_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_templates')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_letter_templates_firm_id_id')),
    sa.UniqueConstraint('firm_id', 'name', name=op.f('uq_letter_templates_firm_id_name'))
    )
    with op.batch_alter_table('letter_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_templates_firm_id'), ['firm_id'], unique=False)

    op.create_table('mission_types',
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('norm_reference', sa.String(length=100), nullable=False),
    sa.Column('billing_mode', sa.String(length=30), nullable=False),
    sa.Column('default_fee_cents', sa.BigInteger(), nullable=True),
    sa.Column('unit_price_cents', sa.BigInteger(), nullable=True),
    sa.Column('unit_label', sa.String(length=40), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('exclusions', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_mission_types_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mission_types')),
    sa.UniqueConstraint('firm_id', 'code', name=op.f('uq_mission_types_firm_id_code')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_mission_types_firm_id_id'))
    )
    with op.batch_alter_table('mission_types', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_types_firm_id'), ['firm_id'], unique=False)

    op.create_table('mission_task_templates',
    sa.Column('mission_type_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('due_anchor', sa.String(length=20), nullable=False),
    sa.Column('due_months', sa.SmallInteger(), nullable=False),
    sa.Column('due_days', sa.SmallInteger(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'mission_type_id'], ['mission_types.firm_id', 'mission_types.id'], name=op.f('fk_mission_task_templates_firm_id_mission_type_id_mission_types'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_mission_task_templates_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mission_task_templates')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_mission_task_templates_firm_id_id'))
    )
    with op.batch_alter_table('mission_task_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_task_templates_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mission_task_templates_mission_type_id'), ['mission_type_id'], unique=False)

    op.create_table('outbox_attachments',
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'outbox_id'], ['outbox.firm_id', 'outbox.id'], name=op.f('fk_outbox_attachments_firm_id_outbox_id_outbox'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_outbox_attachments_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachments'))
    )
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachments_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_attachments_outbox_id'), ['outbox_id'], unique=False)

    op.create_table('mission_task_template_hours',
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('grade_id', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'grade_id'], ['grades.firm_id', 'grades.id'], name=op.f('fk_mission_task_template_hours_firm_id_grade_id_grades')),
    sa.ForeignKeyConstraint(['firm_id', 'template_id'], ['mission_task_templates.firm_id', 'mission_task_templates.id'], name=op.f('fk_mission_task_template_hours_firm_id_template_id_mission_task_templates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_mission_task_template_hours_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mission_task_template_hours')),
    sa.UniqueConstraint('firm_id', 'template_id', 'grade_id', name=op.f('uq_mission_task_template_hours_firm_id_template_id_grade_id'))
    )
    with op.batch_alter_table('mission_task_template_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_task_template_hours_firm_id'), ['firm_id'], unique=False)

    op.create_table('contacts',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email_consent', sa.Boolean(), nullable=False),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('is_signatory', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'], name=op.f('fk_contacts_firm_id_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_contacts_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_contacts_firm_id_id'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_firm_id'), ['firm_id'], unique=False)

    op.create_table('prospects',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('siren', sa.String(length=9), nullable=True),
    sa.Column('legal_form', sa.String(length=60), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('address_line', sa.String(length=300), nullable=False),
    sa.Column('postal_code', sa.String(length=5), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('lost_reason', sa.String(length=300), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('expected_fees_cents', sa.BigInteger(), nullable=False),
    sa.Column('next_action', sa.String(length=200), nullable=False),
    sa.Column('next_action_on', sa.Date(), nullable=True),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('stage_changed_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'], name='fk_prospects_firm_id_client_id_clients'),
    sa.ForeignKeyConstraint(['firm_id', 'owner_id'], ['users.firm_id', 'users.id'], name='fk_prospects_firm_id_owner_id_users'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_prospects_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prospects')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_prospects_firm_id_id'))
    )
    with op.batch_alter_table('prospects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prospects_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prospects_stage'), ['stage'], unique=False)

    op.create_table('prospect_stage_changes',
    sa.Column('prospect_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.String(length=20), nullable=False),
    sa.Column('to_stage', sa.String(length=20), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'prospect_id'], ['prospects.firm_id', 'prospects.id'], name=op.f('fk_prospect_stage_changes_firm_id_prospect_id_prospects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_prospect_stage_changes_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prospect_stage_changes'))
    )
    with op.batch_alter_table('prospect_stage_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prospect_stage_changes_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prospect_stage_changes_prospect_id'), ['prospect_id'], unique=False)

    op.create_table('quotes',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('version', sa.SmallInteger(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('prospect_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('refusal_reason', sa.String(length=300), nullable=False),
    sa.Column('fiscal_year_start', sa.Date(), nullable=True),
    sa.Column('monthly', sa.Boolean(), nullable=False),
    sa.Column('discount_cents', sa.BigInteger(), nullable=False),
    sa.Column('vat_rate_bp', sa.SmallInteger(), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'], name='fk_quotes_firm_id_client_id_clients'),
    sa.ForeignKeyConstraint(['firm_id', 'created_by'], ['users.firm_id', 'users.id'], name='fk_quotes_firm_id_created_by_users'),
    sa.ForeignKeyConstraint(['firm_id', 'previous_id'], ['quotes.firm_id', 'quotes.id'], name='fk_quotes_firm_id_previous_id_quotes'),
    sa.ForeignKeyConstraint(['firm_id', 'prospect_id'], ['prospects.firm_id', 'prospects.id'], name='fk_quotes_firm_id_prospect_id_prospects'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_quotes_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_quotes_firm_id_id')),
    sa.UniqueConstraint('firm_id', 'number', 'version', name=op.f('uq_quotes_firm_id_number_version'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_prospect_id'), ['prospect_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_status'), ['status'], unique=False)

    op.create_table('engagement_letters',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('version', sa.SmallInteger(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('amends_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=True),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('fiscal_year_start', sa.Date(), nullable=False),
    sa.Column('fiscal_year_end', sa.Date(), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('refusal_reason', sa.String(length=300), nullable=False),
    sa.Column('signatory_name', sa.String(length=200), nullable=False),
    sa.Column('signatory_email', sa.String(length=254), nullable=False),
    sa.Column('signatory_phone', sa.String(length=30), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('signed_pdf', sa.LargeBinary(), nullable=True),
    sa.Column('signed_pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('audit_trail', sa.LargeBinary(), nullable=True),
    sa.Column('signature_provider', sa.String(length=20), nullable=False),
    sa.Column('signature_request_id', sa.String(length=80), nullable=False),
    sa.Column('signer_id', sa.String(length=80), nullable=False),
    sa.Column('signature_status', sa.String(length=30), nullable=False),
    sa.Column('signature_checked_at', data.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'amends_id'], ['engagement_letters.firm_id', 'engagement_letters.id'], name='fk_engagement_letters_firm_id_amends_id_engagement_letters'),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'], name='fk_engagement_letters_firm_id_client_id_clients'),
    sa.ForeignKeyConstraint(['firm_id', 'previous_id'], ['engagement_letters.firm_id', 'engagement_letters.id'], name='fk_engagement_letters_firm_id_previous_id_engagement_letters'),
    sa.ForeignKeyConstraint(['firm_id', 'quote_id'], ['quotes.firm_id', 'quotes.id'], name='fk_engagement_letters_firm_id_quote_id_quotes'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_engagement_letters_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagement_letters')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_engagement_letters_firm_id_id')),
    sa.UniqueConstraint('firm_id', 'number', 'version', name=op.f('uq_engagement_letters_firm_id_number_version'))
    )
    with op.batch_alter_table('engagement_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_letters_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_letters_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_letters_status'), ['status'], unique=False)

    op.create_table('quote_lines',
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('mission_type_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('billing_mode', sa.String(length=30), nullable=False),
    sa.Column('computed_cents', sa.BigInteger(), nullable=False),
    sa.Column('fee_cents', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('unit_price_cents', sa.BigInteger(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'mission_type_id'], ['mission_types.firm_id', 'mission_types.id'], name='fk_quote_lines_firm_id_mission_type_id_mission_types'),
    sa.ForeignKeyConstraint(['firm_id', 'quote_id'], ['quotes.firm_id', 'quotes.id'], name=op.f('fk_quote_lines_firm_id_quote_id_quotes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_quote_lines_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quote_lines')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_quote_lines_firm_id_id'))
    )
    with op.batch_alter_table('quote_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quote_lines_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quote_lines_quote_id'), ['quote_id'], unique=False)

    op.create_table('engagements',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('fiscal_year_start', sa.Date(), nullable=False),
    sa.Column('fiscal_year_end', sa.Date(), nullable=False),
    sa.Column('activated_on', sa.Date(), nullable=False),
    sa.Column('annual_fee_cents', sa.BigInteger(), nullable=False),
    sa.Column('monthly', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'], name='fk_engagements_firm_id_client_id_clients'),
    sa.ForeignKeyConstraint(['firm_id', 'letter_id'], ['engagement_letters.firm_id', 'engagement_letters.id'], name='fk_engagements_firm_id_letter_id_engagement_letters'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_engagements_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagements')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_engagements_firm_id_id')),
    sa.UniqueConstraint('firm_id', 'letter_id', name=op.f('uq_engagements_firm_id_letter_id'))
    )
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagements_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_firm_id'), ['firm_id'], unique=False)

    op.create_table('quote_line_hours',
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('grade_id', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('rate_cents', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'grade_id'], ['grades.firm_id', 'grades.id'], name=op.f('fk_quote_line_hours_firm_id_grade_id_grades')),
    sa.ForeignKeyConstraint(['firm_id', 'line_id'], ['quote_lines.firm_id', 'quote_lines.id'], name=op.f('fk_quote_line_hours_firm_id_line_id_quote_lines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_quote_line_hours_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quote_line_hours')),
    sa.UniqueConstraint('firm_id', 'line_id', 'grade_id', name=op.f('uq_quote_line_hours_firm_id_line_id_grade_id'))
    )
    with op.batch_alter_table('quote_line_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quote_line_hours_firm_id'), ['firm_id'], unique=False)

    op.create_table('missions',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=True),
    sa.Column('mission_type_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('fiscal_year_start', sa.Date(), nullable=False),
    sa.Column('fiscal_year_end', sa.Date(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('billing_mode', sa.String(length=30), nullable=False),
    sa.Column('fee_cents', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('unit_price_cents', sa.BigInteger(), nullable=True),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'], name='fk_missions_firm_id_client_id_clients'),
    sa.ForeignKeyConstraint(['firm_id', 'engagement_id'], ['engagements.firm_id', 'engagements.id'], name='fk_missions_firm_id_engagement_id_engagements'),
    sa.ForeignKeyConstraint(['firm_id', 'manager_id'], ['users.firm_id', 'users.id'], name='fk_missions_firm_id_manager_id_users'),
    sa.ForeignKeyConstraint(['firm_id', 'mission_type_id'], ['mission_types.firm_id', 'mission_types.id'], name='fk_missions_firm_id_mission_type_id_mission_types'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_missions_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_missions')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_missions_firm_id_id'))
    )
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_missions_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_missions_firm_id'), ['firm_id'], unique=False)

    op.create_table('fee_schedule',
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('billing_mode', sa.String(length=30), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'engagement_id'], ['engagements.firm_id', 'engagements.id'], name=op.f('fk_fee_schedule_firm_id_engagement_id_engagements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id', 'mission_id'], ['missions.firm_id', 'missions.id'], name='fk_fee_schedule_firm_id_mission_id_missions'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_fee_schedule_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fee_schedule')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_fee_schedule_firm_id_id'))
    )
    with op.batch_alter_table('fee_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fee_schedule_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_fee_schedule_engagement_id'), ['engagement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fee_schedule_firm_id'), ['firm_id'], unique=False)

    op.create_table('mission_budget_hours',
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('grade_id', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'grade_id'], ['grades.firm_id', 'grades.id'], name=op.f('fk_mission_budget_hours_firm_id_grade_id_grades')),
    sa.ForeignKeyConstraint(['firm_id', 'mission_id'], ['missions.firm_id', 'missions.id'], name=op.f('fk_mission_budget_hours_firm_id_mission_id_missions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_mission_budget_hours_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mission_budget_hours')),
    sa.UniqueConstraint('firm_id', 'mission_id', 'grade_id', name=op.f('uq_mission_budget_hours_firm_id_mission_id_grade_id'))
    )
    with op.batch_alter_table('mission_budget_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_budget_hours_firm_id'), ['firm_id'], unique=False)

    op.create_table('mission_tasks',
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('grade_id', sa.Integer(), nullable=True),
    sa.Column('estimated_minutes', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('planned_start', sa.Date(), nullable=True),
    sa.Column('planned_end', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'assignee_id'], ['users.firm_id', 'users.id'], name='fk_mission_tasks_firm_id_assignee_id_users'),
    sa.ForeignKeyConstraint(['firm_id', 'grade_id'], ['grades.firm_id', 'grades.id'], name='fk_mission_tasks_firm_id_grade_id_grades'),
    sa.ForeignKeyConstraint(['firm_id', 'mission_id'], ['missions.firm_id', 'missions.id'], name=op.f('fk_mission_tasks_firm_id_mission_id_missions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_mission_tasks_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mission_tasks')),
    sa.UniqueConstraint('firm_id', 'id', name=op.f('uq_mission_tasks_firm_id_id'))
    )
    with op.batch_alter_table('mission_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_tasks_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mission_tasks_mission_id'), ['mission_id'], unique=False)

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_capital_cents', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_clients_firm_id_group_id_client_groups', 'client_groups', ['firm_id', 'group_id'], ['firm_id', 'id'])


    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_outbox_firm_id_id'), type_='unique')

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_constraint('fk_clients_firm_id_group_id_client_groups', type_='foreignkey')
        batch_op.drop_column('group_id')
        batch_op.drop_column('share_capital_cents')

    with op.batch_alter_table('mission_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mission_tasks_mission_id'))
        batch_op.drop_index(batch_op.f('ix_mission_tasks_firm_id'))

    op.drop_table('mission_tasks')
    with op.batch_alter_table('mission_budget_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mission_budget_hours_firm_id'))

    op.drop_table('mission_budget_hours')
    with op.batch_alter_table('fee_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fee_schedule_firm_id'))
        batch_op.drop_index(batch_op.f('ix_fee_schedule_engagement_id'))
        batch_op.drop_index(batch_op.f('ix_fee_schedule_due_on'))

    op.drop_table('fee_schedule')
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_missions_firm_id'))
        batch_op.drop_index(batch_op.f('ix_missions_client_id'))

    op.drop_table('missions')
    with op.batch_alter_table('quote_line_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quote_line_hours_firm_id'))

    op.drop_table('quote_line_hours')
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagements_firm_id'))
        batch_op.drop_index(batch_op.f('ix_engagements_client_id'))

    op.drop_table('engagements')
    with op.batch_alter_table('quote_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quote_lines_quote_id'))
        batch_op.drop_index(batch_op.f('ix_quote_lines_firm_id'))

    op.drop_table('quote_lines')
    with op.batch_alter_table('engagement_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_letters_status'))
        batch_op.drop_index(batch_op.f('ix_engagement_letters_firm_id'))
        batch_op.drop_index(batch_op.f('ix_engagement_letters_client_id'))

    op.drop_table('engagement_letters')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_status'))
        batch_op.drop_index(batch_op.f('ix_quotes_prospect_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_firm_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_client_id'))

    op.drop_table('quotes')
    with op.batch_alter_table('prospect_stage_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prospect_stage_changes_prospect_id'))
        batch_op.drop_index(batch_op.f('ix_prospect_stage_changes_firm_id'))

    op.drop_table('prospect_stage_changes')
    with op.batch_alter_table('prospects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prospects_stage'))
        batch_op.drop_index(batch_op.f('ix_prospects_firm_id'))

    op.drop_table('prospects')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_firm_id'))
        batch_op.drop_index(batch_op.f('ix_contacts_client_id'))

    op.drop_table('contacts')
    with op.batch_alter_table('mission_task_template_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mission_task_template_hours_firm_id'))

    op.drop_table('mission_task_template_hours')
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachments_outbox_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_attachments_firm_id'))

    op.drop_table('outbox_attachments')
    with op.batch_alter_table('mission_task_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mission_task_templates_mission_type_id'))
        batch_op.drop_index(batch_op.f('ix_mission_task_templates_firm_id'))

    op.drop_table('mission_task_templates')
    with op.batch_alter_table('mission_types', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mission_types_firm_id'))

    op.drop_table('mission_types')
    with op.batch_alter_table('letter_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_templates_firm_id'))

    op.drop_table('letter_templates')
    with op.batch_alter_table('integration_credentials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_integration_credentials_firm_id'))

    op.drop_table('integration_credentials')
    with op.batch_alter_table('client_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_groups_firm_id'))

    op.drop_table('client_groups')
    # ### end Alembic commands ###
