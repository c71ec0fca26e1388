"""Production, first slice: a mission's team, a task's checklist (one item a line, "[x] " when done).

Revision ID: 0004_missions
Revises: 0003_crm
Create Date: 2026-11-22 18:40:20.047591
"""

import sqlalchemy as sa
from alembic import op

revision = '0004_missions'
down_revision = '0003_crm'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mission_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checklist', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_missions_firm_id_team_id_teams', 'teams', ['firm_id', 'team_id'], ['firm_id', 'id'])


def downgrade() -> None:
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_missions_firm_id_team_id_teams', type_='foreignkey')
        batch_op.drop_column('team_id')

    with op.batch_alter_table('mission_tasks', schema=None) as batch_op:
        batch_op.drop_column('checklist')
