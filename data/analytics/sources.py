"""The operational tables the `sql/` views read, as loaded for ONE firm.

Each source is a SELECT with the firm filter applied here, before any view runs (the views never see another
firm's rows), and the column types the views rely on: SQLite hands back what its declared types say and
PostgreSQL narrower integers, so every column is cast to one schema.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # the table name the views use
    table: str  # the operational table
    columns: dict[str, pl.DataType | type[pl.DataType]]
    where: str = ""  # a fixed condition on rows no view should ever see (never user input)
    # Other tables whose writes change this one: the time totals are written by triggers on the time entries, the
    # people's grade history and the rates (migrations 0019, 0020), which SQLAlchemy never sees as writes to them.
    written_by: tuple[str, ...] = ()
    # A source read only in part, as a parameter of the views reading it says: (column, operator, parameter). The
    # time entries from `$since` on (the few the monthly totals cannot cut at a day), the tasks of `$user_id`.
    narrowed_by: tuple[str, str, str] | None = None
    # A source summed by the database before it is loaded: the aggregate of each summed column, grouped by the
    # others (a large firm's 562,000 budget lines come down to one row per mission).
    sums: tuple[str, ...] = ()

    def narrowing(self, params: Mapping[str, object]) -> date | int | None:
        """The value of the views' parameter this source is read by (None for a source read whole)."""
        if self.narrowed_by is None:
            return None
        name = self.narrowed_by[2]
        if name not in params:
            raise ValueError(f"source {self.name} is read by ${name}: the view needs that parameter")
        value = params[name]
        if value is not None and (isinstance(value, bool) or not isinstance(value, date | int)):
            raise ValueError(f"source {self.name}: ${name} must be a date or an integer, not {value!r}")
        return value

    def select(self, firm_id: int, narrowing: date | int | None = None) -> str:
        # firm_id is an int checked by the runner, the narrowing a date or an int (`narrowing`): connectorx takes
        # no bound parameters. NULL matches no row.
        condition = f" AND {self.where}" if self.where else ""
        if self.narrowed_by is not None:
            column, operator, _ = self.narrowed_by
            condition += f" AND {column} {operator} {_literal(narrowing)}"
        if not self.sums:
            return f"SELECT {', '.join(self.columns)} FROM {self.table} WHERE firm_id = {int(firm_id)}{condition}"
        keys = [c for c in self.columns if c not in self.sums]
        listed = ", ".join(f"SUM({c}) AS {c}" if c in self.sums else c for c in self.columns)
        return (f"SELECT {listed} FROM {self.table} WHERE firm_id = {int(firm_id)}{condition} "
                f"GROUP BY {', '.join(keys)}")

    @property
    def stamped_by(self) -> tuple[str, ...]:
        return (self.table, *self.written_by)


SOURCES = {source.name: source for source in (
    Source("tasks", "mission_tasks", {
        "id": pl.Int64, "mission_id": pl.Int64, "label": pl.String, "grade_id": pl.Int64,
        "assignee_id": pl.Int64, "planned_start": pl.Date, "planned_end": pl.Date, "due_on": pl.Date,
        "status": pl.String, "estimated_minutes": pl.Int64, "position": pl.Int64}),
    # The missions one person has a task on (the deadlines they follow): a few rows of the largest planning table.
    Source("task_assignees", "mission_tasks", {"mission_id": pl.Int64, "assignee_id": pl.Int64},
           narrowed_by=("assignee_id", "=", "user_id")),
    Source("missions", "missions", {
        "id": pl.Int64, "client_id": pl.Int64, "label": pl.String, "mission_type_id": pl.Int64,
        "manager_id": pl.Int64, "team_id": pl.Int64, "status": pl.String, "fiscal_year_start": pl.Date,
        "fiscal_year_end": pl.Date, "billing_mode": pl.String, "fee_cents": pl.Int64}),
    Source("clients", "clients", {
        "id": pl.Int64, "name": pl.String, "siren": pl.String, "manager_id": pl.Int64, "partner_id": pl.Int64,
        "archived": pl.Boolean, "kind": pl.String}),
    Source("users", "users", {
        "id": pl.Int64, "full_name": pl.String, "role": pl.String, "grade_id": pl.Int64, "team_id": pl.Int64,
        "weekly_minutes": pl.Int64, "is_active": pl.Boolean}),
    # Each person's grade from a day on (domain/firm/model.py `grade_on`): time is valued at the grade of its day.
    Source("user_grades", "user_grades", {"user_id": pl.Int64, "grade_id": pl.Int64, "effective_from": pl.Date}),
    Source("teams", "teams", {"id": pl.Int64, "name": pl.String}),
    # Every view wants a mission's whole budget, never its split by grade.
    Source("budget_hours", "mission_budget_hours", {"mission_id": pl.Int64, "minutes": pl.Int64}, sums=("minutes",)),
    Source("deadlines", "statutory_deadlines", {
        "id": pl.Int64, "client_id": pl.Int64, "mission_id": pl.Int64, "kind": pl.String, "label": pl.String,
        "due_on": pl.Date, "done_on": pl.Date}),
    Source("absences", "absences", {
        "id": pl.Int64, "user_id": pl.Int64, "kind": pl.String, "first_day": pl.Date, "last_day": pl.Date,
        "half_day": pl.Boolean}),
    # The largest table (about 5 million rows on a large firm): only the columns a view reads, as loading it is
    # most of a cold view's time and of the cache's memory.
    Source("time_entries", "time_entries", {
        "user_id": pl.Int64, "day": pl.Date, "mission_id": pl.Int64, "minutes": pl.Int64, "billable": pl.Boolean,
        "invoice_id": pl.Int64}),
    # The time entries' running totals (data/models/time_totals.py), what the boni/mali, WIP and time-value views
    # read instead of the entries: half a million rows on a large firm instead of 4.8 million.
    Source("time_totals", "time_totals", {
        "mission_id": pl.Int64, "user_id": pl.Int64, "invoice_key": pl.Int64, "minutes": pl.Int64,
        "value_cents": pl.Int64, "cost_cents": pl.Int64, "first_day": pl.Date},
        where="billable", written_by=("time_entries", "user_grades", "grade_rates")),
    # The same summed per mission and invoice (migration 0021): what the boni/mali and WIP views read, with no person
    # (about a third of the rows).
    Source("mission_time", "time_mission_totals", {
        "mission_id": pl.Int64, "invoice_key": pl.Int64, "minutes": pl.Int64, "value_cents": pl.Int64,
        "cost_cents": pl.Int64, "first_day": pl.Date},
        where="billable", written_by=("time_entries", "user_grades", "grade_rates")),
    # One mission's entries, for its drill-down (sql/valued_entries.sql).
    Source("mission_entries", "time_entries", {
        "user_id": pl.Int64, "day": pl.Date, "mission_id": pl.Int64, "minutes": pl.Int64, "billable": pl.Boolean,
        "invoice_id": pl.Int64}, narrowed_by=("mission_id", "=", "mission_id")),
    Source("time_month_totals", "time_month_totals", {
        "user_id": pl.Int64, "month": pl.Date, "minutes": pl.Int64, "value_cents": pl.Int64},
        written_by=("time_entries", "user_grades", "grade_rates")),
    Source("recent_entries", "time_entries", {
        "user_id": pl.Int64, "day": pl.Date, "mission_id": pl.Int64, "minutes": pl.Int64, "billable": pl.Boolean,
        "invoice_id": pl.Int64}, narrowed_by=("day", ">=", "since")),
    # Dashboards (issue 6): fees, receivables, time value and timesheets.
    Source("invoices", "invoices", {
        "id": pl.Int64, "kind": pl.String, "status": pl.String, "client_id": pl.Int64, "mission_id": pl.Int64,
        "credited_invoice_id": pl.Int64, "number": pl.String, "issue_date": pl.Date, "due_date": pl.Date,
        "lines_cents": pl.Int64, "ttc_cents": pl.Int64, "due_cents": pl.Int64}),
    Source("invoice_lines", "invoice_lines", {
        "id": pl.Int64, "invoice_id": pl.Int64, "kind": pl.String, "unit": pl.String, "amount_cents": pl.Int64}),
    Source("grade_rates", "grade_rates", {
        "grade_id": pl.Int64, "effective_from": pl.Date, "selling_rate_cents": pl.Int64, "cost_rate_cents": pl.Int64}),
    Source("timesheets", "timesheets", {
        "user_id": pl.Int64, "week_start": pl.Date, "status": pl.String}),
    # A cancelled payment stays in its table for the history but reduces nothing (as in the collections' reads).
    Source("payments", "payments", {
        "invoice_id": pl.Int64, "paid_on": pl.Date, "amount_cents": pl.Int64}, where="cancelled_at IS NULL"),
    # Boni/mali (issue 6): what an invoice billed for which mission, and the mission types' names.
    Source("fee_schedules", "fee_schedule", {
        "invoice_id": pl.Int64, "mission_id": pl.Int64, "amount_cents": pl.Int64}),
    Source("billed_units", "billed_units", {
        "invoice_id": pl.Int64, "mission_id": pl.Int64, "quantity": pl.Int64, "unit_price_cents": pl.Int64}),
    Source("mission_types", "mission_types", {"id": pl.Int64, "label": pl.String}),
    # LCB-FT dashboard (issue 7): assessments, review flags, identity evidence, beneficial owners.
    Source("assessments", "compliance_assessments", {
        "id": pl.Int64, "client_id": pl.Int64, "status": pl.String, "level": pl.String, "validated_on": pl.Date,
        "next_review_on": pl.Date}),
    Source("review_flags", "compliance_review_flags", {
        "id": pl.Int64, "client_id": pl.Int64, "reason": pl.String, "due_on": pl.Date, "cleared_on": pl.Date}),
    Source("evidence", "compliance_evidence", {
        "id": pl.Int64, "client_id": pl.Int64, "party_id": pl.Int64, "kind": pl.String, "issued_on": pl.Date,
        "received_on": pl.Date, "expires_on": pl.Date}),
    Source("parties", "compliance_parties", {
        "id": pl.Int64, "client_id": pl.Int64, "capital": pl.Float64, "votes": pl.Float64,
        "other_control": pl.String, "legal_representative": pl.Boolean}),
    Source("holdings", "compliance_holdings", {
        "id": pl.Int64, "party_id": pl.Int64, "share_in_via": pl.Float64, "via_capital": pl.Float64,
        "via_votes": pl.Float64}),
)}


def _literal(value: date | int | None) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, date):
        return f"'{value.isoformat()}'"
    return str(int(value))


# Tables DuckDB derives from the sources (`sql/<name>.sql`) once per load of what they read, and keeps while those
# stay fresh: the views reading them no longer redo the same join on millions of rows at every run.
DERIVED = ("valued_entries", "valued_time", "mission_boni_mali")
