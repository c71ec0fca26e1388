"""LCB-FT: beneficial owners, PEP, high-risk country lists, identity evidence.

Written by hand (other tables change concurrently). Existing firms receive the default high-risk
country lists, as `install_defaults` gives them to a new firm.

Revision ID: 0014_compliance_parties
Revises: 0013_compliance
Create Date: 2026-11-23 00:30:00
"""

import sqlalchemy as sa
from alembic import op

import data.models.base

revision = '0014_compliance_parties'
down_revision = '0013_compliance'
branch_labels = None
depends_on = None

_TABLES = ('compliance_evidence', 'compliance_risk_countries', 'compliance_client_countries', 'compliance_holdings',
           'compliance_parties')


def _tenant(table: str) -> list:
    return [sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('firm_id', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=f'fk_{table}_firm_id_firms', ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id', name=f'pk_{table}'),
            sa.UniqueConstraint('firm_id', 'id', name=f'uq_{table}_firm_id_id')]


def _percent(name: str, **kw) -> sa.Column:
    return sa.Column(name, sa.Numeric(precision=5, scale=2), nullable=False, **kw)


def upgrade() -> None:
    op.create_table(
        'compliance_parties',
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('birth_date', sa.Date(), nullable=True),
        sa.Column('nationality', sa.String(length=2), nullable=False),
        sa.Column('residence_country', sa.String(length=2), nullable=False),
        _percent('capital'),
        _percent('votes'),
        sa.Column('other_control', sa.String(length=300), nullable=False),
        sa.Column('legal_representative', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('pep_relation', sa.String(length=10), nullable=False),
        sa.Column('pep_function', sa.String(length=200), nullable=False),
        sa.Column('pep_office_ended_on', sa.Date(), nullable=True),
        sa.Column('pep_related_to', sa.String(length=200), nullable=False),
        sa.Column('rbe_divergence_on', sa.Date(), nullable=True),
        sa.Column('updated_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
        *_tenant('compliance_parties'),
        sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'],
                                name='fk_compliance_parties_firm_id_client_id_clients'),
    )
    op.create_table(
        'compliance_holdings',
        sa.Column('party_id', sa.Integer(), nullable=False),
        sa.Column('via', sa.String(length=200), nullable=False),
        _percent('share_in_via'),
        _percent('via_capital'),
        _percent('via_votes'),
        *_tenant('compliance_holdings'),
        sa.ForeignKeyConstraint(['firm_id', 'party_id'], ['compliance_parties.firm_id', 'compliance_parties.id'],
                                name='fk_compliance_holdings_firm_id_party_id_compliance_parties',
                                ondelete='CASCADE'),
    )
    op.create_table(
        'compliance_client_countries',
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        *_tenant('compliance_client_countries'),
        sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'],
                                name='fk_compliance_client_countries_firm_id_client_id_clients'),
        sa.UniqueConstraint('firm_id', 'client_id', 'role', 'country',
                            name='uq_compliance_client_countries_firm_id_client_id_role_country'),
    )
    op.create_table(
        'compliance_risk_countries',
        sa.Column('risk_list', sa.String(length=40), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('listed_on', sa.Date(), nullable=False),
        sa.Column('removed_on', sa.Date(), nullable=True),
        sa.Column('note', sa.String(length=300), nullable=False),
        *_tenant('compliance_risk_countries'),
        sa.UniqueConstraint('firm_id', 'risk_list', 'country', 'listed_on',
                            name='uq_compliance_risk_countries_entry'),
    )
    op.create_table(
        'compliance_evidence',
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('party_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('reference', sa.String(length=100), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=True),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=50), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=True),
        sa.Column('uploaded_at', data.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('uploaded_by', sa.Integer(), nullable=True),
        *_tenant('compliance_evidence'),
        sa.ForeignKeyConstraint(['firm_id', 'client_id'], ['clients.firm_id', 'clients.id'],
                                name='fk_compliance_evidence_firm_id_client_id_clients'),
        sa.ForeignKeyConstraint(['firm_id', 'party_id'], ['compliance_parties.firm_id', 'compliance_parties.id'],
                                name='fk_compliance_evidence_firm_id_party_id_compliance_parties'),
        sa.ForeignKeyConstraint(['firm_id', 'uploaded_by'], ['users.firm_id', 'users.id'],
                                name='fk_compliance_evidence_firm_id_uploaded_by_users'),
    )
    for table, indexed in (('compliance_parties', ('firm_id', 'client_id')),
                           ('compliance_holdings', ('firm_id', 'party_id')),
                           ('compliance_client_countries', ('firm_id', 'client_id')),
                           ('compliance_risk_countries', ('firm_id', 'country')),
                           ('compliance_evidence', ('firm_id', 'client_id'))):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexed:
                batch_op.create_index(f'ix_{table}_{column}', [column], unique=False)
    _install_default_lists()


# The default lists as of this migration (domain/compliance/countries.py DEFAULT_LISTS, frozen here).
_FATF = "2025-10-24"
_DEFAULT_LISTS = {
    'fatf_call_for_action': (_FATF, 'KP IR MM'),
    'fatf_increased_monitoring': (_FATF, 'DZ AO BO BG CM CI CD HT KE LA LB MC NA NP SS SY VE VN VG YE'),
    'eu_high_risk': ("2025-08-05", ('AF DZ AO BF CM CI CD KP HT IR KE LA LB ML MC MZ MM NA NP NG ZA SS SY TZ TT VU '
                                    'VE VN YE')),
}


def _install_default_lists() -> None:
    """The firms that exist already get the default lists (a new firm gets them from `install_defaults`)."""
    from datetime import date

    bind = op.get_bind()
    firm_ids = [row[0] for row in bind.execute(sa.text('SELECT id FROM firms'))]
    table = sa.table('compliance_risk_countries', sa.column('firm_id', sa.Integer()),
                     sa.column('risk_list', sa.String()), sa.column('country', sa.String()),
                     sa.column('listed_on', sa.Date()), sa.column('note', sa.String()))
    rows = [{'firm_id': firm_id, 'risk_list': risk_list, 'country': code, 'listed_on': date.fromisoformat(listed_on),
             'note': ''}
            for firm_id in firm_ids for risk_list, (listed_on, codes) in _DEFAULT_LISTS.items()
            for code in codes.split()]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    for table in _TABLES:
        op.drop_table(table)
