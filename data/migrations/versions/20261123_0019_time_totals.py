"""Time totals kept by triggers (data/models/time_totals.py): `time_totals` per mission × person × invoice ×
billable flag, `time_month_totals` per person × month of chargeable time, both valued at the selling (and cost)
rate of the author's grade in force on each entry's day, rounded half up per entry as sql/valued_entries.sql.

Triggers rather than application code: every writer of time entries (week grid, timer, billing runs reserving
or releasing time, the seed's COPY, a firm's deletion) keeps the totals right without knowing about them, in its
own transaction. A change of a person's grade or of a grade's rates values their time again: the totals of the
people concerned are rebuilt from their entries in the same transaction (seconds for a large firm's grade).
PostgreSQL: statement-level triggers over transition tables (one grouped upsert per statement, so a COPY of
millions of entries costs one pass); SQLite: row-level triggers with the same arithmetic.

Revision ID: 0019_time_totals
Revises: 0018_payment_groups
Create Date: 2026-11-23 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0019_time_totals'
down_revision = '0018_payment_groups'
branch_labels = None
depends_on = None

TOTAL_KEY = ("firm_id", "mission_id", "user_id", "invoice_key", "billable")
MONTH_KEY = ("firm_id", "user_id", "month")
SUMS = ("entries", "minutes", "value_cents", "cost_cents")
MONTH_SUMS = ("entries", "minutes", "value_cents")


def upgrade() -> None:
    _create_tables()
    # The analytics read the entries of the current month one by one (`recent_entries`): without it, a scan of
    # every entry of every firm.
    op.create_index("ix_time_entries_firm_day", "time_entries", ["firm_id", "day"])
    if op.get_bind().dialect.name == "postgresql":
        for statement in _postgresql():
            op.execute(statement)
    else:
        for statement in _sqlite():
            op.execute(statement)
    op.execute(_rebuild_totals("TRUE"))
    op.execute(_rebuild_months("TRUE"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS time_totals_rates ON grade_rates")
        op.execute("DROP TRIGGER IF EXISTS time_totals_grade ON users")
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS time_totals_{action} ON time_entries")
        for name in ("time_totals_on_insert", "time_totals_on_update", "time_totals_on_delete",
                     "time_totals_on_grade", "time_totals_on_rates", "time_totals_rebuild(integer, integer[])"):
            op.execute(f"DROP FUNCTION IF EXISTS {name}")
    else:
        for name in ("insert", "update", "delete", "grade", "rates_insert", "rates_update", "rates_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS time_totals_{name}")
    op.drop_table("time_month_totals")
    op.drop_table("time_totals")
    op.drop_index("ix_time_entries_firm_day", table_name="time_entries")


def _create_tables() -> None:
    op.create_table(
        "time_totals",
        sa.Column("firm_id", sa.Integer(), sa.ForeignKey("firms.id", ondelete="CASCADE",
                                                         name="fk_time_totals_firm_id_firms"), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("invoice_key", sa.Integer(), nullable=False),
        sa.Column("billable", sa.Boolean(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.BigInteger(), nullable=False),
        sa.Column("value_cents", sa.BigInteger(), nullable=False),
        sa.Column("cost_cents", sa.BigInteger(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint(*TOTAL_KEY, name="pk_time_totals"),
    )
    op.create_table(
        "time_month_totals",
        sa.Column("firm_id", sa.Integer(), sa.ForeignKey("firms.id", ondelete="CASCADE",
                                                         name="fk_time_month_totals_firm_id_firms"), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.BigInteger(), nullable=False),
        sa.Column("value_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*MONTH_KEY, name="pk_time_month_totals"),
    )


# --- shared SQL: valuing entries, grouping them, rebuilding a set of people -----------------------------------------

def _month(day: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST(date_trunc('month', {day}) AS DATE)"
    return f"date({day}, 'start of month')"


def _rate(column: str, e: str) -> str:
    """The rate of entry `e`'s author's grade in force on its day (NULL without grade or rate)."""
    return (f"(SELECT r.{column} FROM grade_rates r JOIN users u ON u.firm_id = r.firm_id AND u.grade_id = r.grade_id "
            f"WHERE u.firm_id = {e}.firm_id AND u.id = {e}.user_id AND r.effective_from <= {e}.day "
            f"ORDER BY r.effective_from DESC LIMIT 1)")


def _valued(rows: str) -> str:
    """Every entry of `rows` (a table, transition table or subquery) on a mission, with its key and values."""
    if op.get_bind().dialect.name == "postgresql":
        rates = ("r.selling_rate_cents", "r.cost_rate_cents")
        joins = ("LEFT JOIN users u ON u.firm_id = e.firm_id AND u.id = e.user_id LEFT JOIN LATERAL ("
                 "SELECT selling_rate_cents, cost_rate_cents FROM grade_rates g WHERE g.firm_id = e.firm_id "
                 "AND g.grade_id = u.grade_id AND g.effective_from <= e.day ORDER BY g.effective_from DESC LIMIT 1"
                 ") r ON TRUE ")
    else:
        rates, joins = (_rate("selling_rate_cents", "e"), _rate("cost_rate_cents", "e")), ""
    return (f"SELECT e.firm_id, e.mission_id, e.user_id, COALESCE(e.invoice_id, 0) AS invoice_key, e.billable, "
            f"e.day, {_month('e.day')} AS month, e.minutes, "
            f"(CAST(e.minutes AS BIGINT) * COALESCE({rates[0]}, 0) + 30) / 60 AS value_cents, "
            f"(CAST(e.minutes AS BIGINT) * COALESCE({rates[1]}, 0) + 30) / 60 AS cost_cents "
            f"FROM {rows} e {joins}WHERE e.mission_id IS NOT NULL")


def _grouped_totals(rows: str) -> str:
    return (f"SELECT {', '.join(TOTAL_KEY)}, COUNT(*), SUM(minutes), SUM(value_cents), SUM(cost_cents), MIN(day) "
            f"FROM ({_valued(rows)}) v WHERE TRUE GROUP BY {', '.join(TOTAL_KEY)}")


def _grouped_months(rows: str) -> str:
    return (f"SELECT {', '.join(MONTH_KEY)}, COUNT(*), SUM(minutes), SUM(value_cents) "
            f"FROM ({_valued(rows)}) v WHERE billable GROUP BY {', '.join(MONTH_KEY)}")


def _add_totals(rows: str) -> str:
    grouped = _grouped_totals(rows)
    return (f"INSERT INTO time_totals ({', '.join(TOTAL_KEY + SUMS)}, first_day) {grouped} "
            f"ON CONFLICT ({', '.join(TOTAL_KEY)}) DO UPDATE SET "
            + ", ".join(f"{c} = time_totals.{c} + excluded.{c}" for c in SUMS)
            + f", first_day = {_least('time_totals.first_day', 'excluded.first_day')}")


def _add_months(rows: str) -> str:
    return (f"INSERT INTO time_month_totals ({', '.join(MONTH_KEY + MONTH_SUMS)}) {_grouped_months(rows)} "
            f"ON CONFLICT ({', '.join(MONTH_KEY)}) DO UPDATE SET "
            + ", ".join(f"{c} = time_month_totals.{c} + excluded.{c}" for c in MONTH_SUMS))


def _least(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if op.get_bind().dialect.name == "postgresql" else f"MIN({a}, {b})"


def _rebuild_totals(people: str) -> str:
    """The INSERT of the totals of the entries matching `people` (a condition on alias e; their rows deleted first)."""
    return (f"INSERT INTO time_totals ({', '.join(TOTAL_KEY + SUMS)}, first_day) "
            f"{_grouped_totals(f'(SELECT * FROM time_entries e WHERE {people})')}")


def _rebuild_months(people: str) -> str:
    return (f"INSERT INTO time_month_totals ({', '.join(MONTH_KEY + MONTH_SUMS)}) "
            f"{_grouped_months(f'(SELECT * FROM time_entries e WHERE {people})')}")


# --- PostgreSQL: statement-level triggers over transition tables -----------------------------------------------------

def _postgresql() -> list[str]:
    return [
        _pg_function("time_totals_on_insert", [_add_totals("new_rows"), _add_months("new_rows")]),
        _pg_function("time_totals_on_update", _pg_subtract("old_rows") + [_add_totals("new_rows"),
                                                                           _add_months("new_rows")]),
        _pg_function("time_totals_on_delete", _pg_subtract("old_rows")),
        ("CREATE FUNCTION time_totals_rebuild(p_firm integer, p_users integer[]) RETURNS void LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "DELETE FROM time_totals WHERE firm_id = p_firm AND user_id = ANY(p_users);\n"
        "DELETE FROM time_month_totals WHERE firm_id = p_firm AND user_id = ANY(p_users);\n"
        f"{_rebuild_totals('e.firm_id = p_firm AND e.user_id = ANY(p_users)')};\n"
        f"{_rebuild_months('e.firm_id = p_firm AND e.user_id = ANY(p_users)')};\n"
        "END $$"),
        ("CREATE FUNCTION time_totals_on_grade() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN PERFORM time_totals_rebuild(NEW.firm_id, ARRAY[NEW.id]); RETURN NULL; END $$"),
        # A rate added, changed or removed revalues the time of everyone of that grade (old and new grade).
        ("CREATE FUNCTION time_totals_on_rates() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "DECLARE changed record;\n"
        "BEGIN\n"
        "FOR changed IN SELECT firm_id, grade_id FROM (SELECT OLD.firm_id, OLD.grade_id WHERE TG_OP <> 'INSERT' "
        "UNION SELECT NEW.firm_id, NEW.grade_id WHERE TG_OP <> 'DELETE') g(firm_id, grade_id) LOOP\n"
        "PERFORM time_totals_rebuild(changed.firm_id, ARRAY(SELECT id FROM users "
        "WHERE firm_id = changed.firm_id AND grade_id = changed.grade_id));\n"
        "END LOOP;\n"
        "RETURN NULL;\n"
        "END $$"),
        ("CREATE TRIGGER time_totals_insert AFTER INSERT ON time_entries REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION time_totals_on_insert()"),
        ("CREATE TRIGGER time_totals_update AFTER UPDATE ON time_entries REFERENCING OLD TABLE AS old_rows "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION time_totals_on_update()"),
        ("CREATE TRIGGER time_totals_delete AFTER DELETE ON time_entries REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION time_totals_on_delete()"),
        ("CREATE TRIGGER time_totals_grade AFTER UPDATE OF grade_id ON users FOR EACH ROW "
        "WHEN (OLD.grade_id IS DISTINCT FROM NEW.grade_id) EXECUTE FUNCTION time_totals_on_grade()"),
        ("CREATE TRIGGER time_totals_rates AFTER INSERT OR UPDATE OR DELETE ON grade_rates FOR EACH ROW "
        "EXECUTE FUNCTION time_totals_on_rates()"),
    ]


def _pg_function(name: str, statements: list[str]) -> str:
    body = ";\n".join(statements)
    return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body};\nRETURN NULL;\nEND $$"


def _pg_subtract(rows: str) -> list[str]:
    """Take the old rows off their totals, drop the totals left empty, and recompute the first day of the others
    from the entries still there (the trigger runs after the statement: the table is already changed)."""
    totals, months = _grouped_totals(rows), _grouped_months(rows)
    key_match = " AND ".join(f"t.{c} = o.{c}" for c in TOTAL_KEY)
    return [
        "UPDATE time_totals t SET " + ", ".join(f"{c} = t.{c} - o.{c}" for c in SUMS)
        + f" FROM ({totals}) o({', '.join(TOTAL_KEY + SUMS)}, first_day) WHERE {key_match}",
        (f"DELETE FROM time_totals t USING (SELECT DISTINCT {', '.join(TOTAL_KEY)} FROM ({_valued(rows)}) v) o "
        f"WHERE {key_match} AND t.entries = 0"),
        ("UPDATE time_totals t SET first_day = s.first_day FROM (SELECT e.firm_id, e.mission_id, e.user_id, "
        "COALESCE(e.invoice_id, 0) AS invoice_key, e.billable, MIN(e.day) AS first_day FROM time_entries e "
        f"JOIN (SELECT DISTINCT {', '.join(TOTAL_KEY)} FROM ({_valued(rows)}) v) o ON o.firm_id = e.firm_id "
        "AND o.mission_id = e.mission_id AND o.user_id = e.user_id AND o.invoice_key = COALESCE(e.invoice_id, 0) "
        f"AND o.billable = e.billable GROUP BY 1, 2, 3, 4, 5) s WHERE {key_match.replace('o.', 's.')}"),
        "UPDATE time_month_totals t SET " + ", ".join(f"{c} = t.{c} - o.{c}" for c in MONTH_SUMS)
        + f" FROM ({months}) o({', '.join(MONTH_KEY + MONTH_SUMS)}) WHERE "
        + " AND ".join(f"t.{c} = o.{c}" for c in MONTH_KEY),
        "DELETE FROM time_month_totals t USING (SELECT DISTINCT firm_id, user_id, month FROM "
        f"({_valued(rows)}) v) o WHERE " + " AND ".join(f"t.{c} = o.{c}" for c in MONTH_KEY) + " AND t.entries = 0",
    ]


# --- SQLite: row-level triggers ---------------------------------------------------------------------------------------

def _sqlite() -> list[str]:
    add = [_add_totals(_sqlite_row("NEW")), _add_months(_sqlite_row("NEW"))]
    subtract = _sqlite_subtract()
    of_grade = "e.firm_id = {r}.firm_id AND e.user_id IN (SELECT id FROM users WHERE firm_id = {r}.firm_id " \
               "AND grade_id = {r}.grade_id)"
    rates = {"insert": ("INSERT", ["NEW"]), "update": ("UPDATE", ["OLD", "NEW"]), "delete": ("DELETE", ["OLD"])}
    statements = [
        _sqlite_trigger("time_totals_insert", "AFTER INSERT ON time_entries", add),
        _sqlite_trigger("time_totals_update", "AFTER UPDATE ON time_entries", subtract + add),
        _sqlite_trigger("time_totals_delete", "AFTER DELETE ON time_entries", subtract),
        _sqlite_trigger("time_totals_grade", "AFTER UPDATE OF grade_id ON users",
                        _sqlite_rebuild("e.firm_id = NEW.firm_id AND e.user_id = NEW.id"),
                        when="OLD.grade_id IS NOT NEW.grade_id"),
    ]
    for action, (event, rows) in rates.items():
        body = [s for r in rows for s in _sqlite_rebuild(of_grade.format(r=r))]
        statements.append(_sqlite_trigger(f"time_totals_rates_{action}", f"AFTER {event} ON grade_rates", body))
    return statements


def _sqlite_trigger(name: str, event: str, body: list[str], when: str = "") -> str:
    condition = f" WHEN {when}" if when else ""
    return f"CREATE TRIGGER {name} {event} FOR EACH ROW{condition} BEGIN\n" + ";\n".join(body) + ";\nEND"


def _sqlite_row(row: str) -> str:
    """The NEW or OLD row as a one-row table (SQLite has no `NEW.*`)."""
    columns = ("firm_id", "mission_id", "user_id", "invoice_id", "billable", "day", "minutes")
    return "(SELECT " + ", ".join(f"{row}.{c} AS {c}" for c in columns) + ")"


def _sqlite_subtract() -> list[str]:
    key = "firm_id = OLD.firm_id AND mission_id = OLD.mission_id AND user_id = OLD.user_id " \
          "AND invoice_key = COALESCE(OLD.invoice_id, 0) AND billable = OLD.billable"
    month_key = f"firm_id = OLD.firm_id AND user_id = OLD.user_id AND month = {_month('OLD.day')}"
    valued = f"({_valued(_sqlite_row('OLD'))})"
    return [
        "UPDATE time_totals SET " + ", ".join(f"{c} = {c} - {'1' if c == 'entries' else f'(SELECT {c} FROM {valued})'}"
                                              for c in SUMS) + f" WHERE {key} AND OLD.mission_id IS NOT NULL",
        f"DELETE FROM time_totals WHERE {key} AND entries = 0",
        (f"UPDATE time_totals SET first_day = (SELECT MIN(e.day) FROM time_entries e WHERE e.firm_id = OLD.firm_id "
        "AND e.mission_id = OLD.mission_id AND e.user_id = OLD.user_id AND COALESCE(e.invoice_id, 0) = "
        f"COALESCE(OLD.invoice_id, 0) AND e.billable = OLD.billable) WHERE {key}"),
        "UPDATE time_month_totals SET " + ", ".join(
            f"{c} = {c} - {'1' if c == 'entries' else f'(SELECT {c} FROM {valued})'}" for c in MONTH_SUMS)
        + f" WHERE {month_key} AND OLD.mission_id IS NOT NULL AND OLD.billable",
        f"DELETE FROM time_month_totals WHERE {month_key} AND entries = 0",
    ]


def _sqlite_rebuild(people: str) -> list[str]:
    alias = people.replace("e.", "")
    return [f"DELETE FROM time_totals WHERE {alias}", f"DELETE FROM time_month_totals WHERE {alias}",
            _rebuild_totals(people), _rebuild_months(people)]
