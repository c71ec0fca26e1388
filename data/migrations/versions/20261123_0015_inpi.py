"""LCB-FT retention: the end of each client's business relationship, from which its compliance records are kept
5 years before `purge-compliance` may remove them (the INPI connector itself needs no table: a company's RNE
record is fetched when it is shown, never stored). Written by hand for this table only.

Revision ID: 0015_inpi
Revises: 0014_compliance_parties
Create Date: 2026-11-23 00:30:00
"""

import sqlalchemy as sa
from alembic import op

import data.models.base

revision = '0015_inpi'
down_revision = '0014_compliance_parties'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('compliance_relationship_ends',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('recorded_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('purged_at', data.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'],
                            name='fk_compliance_relationship_ends_firm_id_client_id_clients', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_compliance_relationship_ends_firm_id_firms'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_relationship_ends')),
    sa.UniqueConstraint('firm_id', 'client_id', name=op.f('uq_compliance_relationship_ends_firm_id_client_id'))
    )
    op.create_index(op.f('ix_compliance_relationship_ends_firm_id'), 'compliance_relationship_ends', ['firm_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_compliance_relationship_ends_firm_id'), table_name='compliance_relationship_ends')
    op.drop_table('compliance_relationship_ends')
