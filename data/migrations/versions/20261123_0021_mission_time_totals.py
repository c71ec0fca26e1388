"""Mission time totals: `time_mission_totals`, the time totals (migration 0019) summed per mission × invoice ×
billable flag, kept by triggers on `time_totals` itself, so they follow every entry write, rebuild and revaluation
of 0019 and 0020 without restating how time is valued.

The boni/mali and WIP views need no person: on a large firm this is about 150,000 rows instead of 467,000 to
read at each cold load. A statement (PostgreSQL) or row (SQLite) touching some missions' totals recomputes those
missions' rows from `time_totals` (a primary-key prefix: a few rows per mission).

Revision ID: 0021_mission_time_totals
Revises: 0020_grade_history
Create Date: 2026-11-23 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0021_mission_time_totals'
down_revision = '0020_grade_history'
branch_labels = None
depends_on = None

KEY = ("firm_id", "mission_id", "invoice_key", "billable")
COLUMNS = (*KEY, "minutes", "value_cents", "cost_cents", "first_day")
_SUMMED = ("SUM(s.minutes), SUM(s.value_cents), SUM(s.cost_cents), MIN(s.first_day)")


def upgrade() -> None:
    op.create_table(
        "time_mission_totals",
        sa.Column("firm_id", sa.Integer(), sa.ForeignKey("firms.id", ondelete="CASCADE",
                                                         name="fk_time_mission_totals_firm_id_firms"), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("invoice_key", sa.Integer(), nullable=False),
        sa.Column("billable", sa.Boolean(), nullable=False),
        sa.Column("minutes", sa.BigInteger(), nullable=False),
        sa.Column("value_cents", sa.BigInteger(), nullable=False),
        sa.Column("cost_cents", sa.BigInteger(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY, name="pk_time_mission_totals"),
    )
    statements = _postgresql() if op.get_bind().dialect.name == "postgresql" else _sqlite()
    for statement in statements:
        op.execute(statement)
    op.execute(f"INSERT INTO time_mission_totals ({', '.join(COLUMNS)}) SELECT "
               f"{', '.join(f's.{c}' for c in KEY)}, {_SUMMED} FROM time_totals s GROUP BY {_keys('s')}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS time_mission_totals_{action} ON time_totals")
            op.execute(f"DROP FUNCTION IF EXISTS time_mission_totals_on_{action}()")
    else:
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS time_mission_totals_{action}")
    op.drop_table("time_mission_totals")


def _keys(alias: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in KEY)


def _refresh(of: str) -> list[str]:
    """Recompute the rows of the missions `of(alias)` selects (a condition on firm_id and mission_id)."""
    return [
        f"DELETE FROM time_mission_totals WHERE {of('')}",
        (f"INSERT INTO time_mission_totals ({', '.join(COLUMNS)}) SELECT {_keys('s')}, {_SUMMED} "
        f"FROM time_totals s WHERE {of('s.')} GROUP BY {_keys('s')}"),
    ]


def _postgresql() -> list[str]:
    changed = {"insert": "SELECT firm_id, mission_id FROM new_rows",
               "update": "SELECT firm_id, mission_id FROM new_rows UNION SELECT firm_id, mission_id FROM old_rows",
               "delete": "SELECT firm_id, mission_id FROM old_rows"}
    tables = {"insert": "REFERENCING NEW TABLE AS new_rows",
              "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
              "delete": "REFERENCING OLD TABLE AS old_rows"}
    statements = []
    for action, missions in changed.items():
        body = ";\n".join(_refresh(lambda alias, of=missions: f"({alias}firm_id, {alias}mission_id) IN ({of})"))
        statements += [
            (f"CREATE FUNCTION time_mission_totals_on_{action}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{body};\nRETURN NULL;\nEND $$"),
            (f"CREATE TRIGGER time_mission_totals_{action} AFTER {action.upper()} ON time_totals {tables[action]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION time_mission_totals_on_{action}()"),
        ]
    return statements


def _sqlite() -> list[str]:
    rows = {"insert": "NEW", "update": "NEW", "delete": "OLD"}  # an update never moves a total to another mission
    return [f"CREATE TRIGGER time_mission_totals_{action} AFTER {action.upper()} ON time_totals FOR EACH ROW BEGIN\n"
            + ";\n".join(_refresh(lambda a, r=row: f"{a}firm_id = {r}.firm_id AND {a}mission_id = {r}.mission_id"))
            + ";\nEND"
            for action, row in rows.items()]
