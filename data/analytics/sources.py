"""The operational tables the `sql/` views read, as loaded for ONE firm.

Each source is a SELECT with the firm filter applied here, before any view runs (the views never see another
firm's rows), and the column types the views rely on: SQLite hands back what its declared types say and
PostgreSQL narrower integers, so every column is cast to one schema.
"""

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # the table name the views use
    table: str  # the operational table
    columns: dict[str, pl.DataType | type[pl.DataType]]
    where: str = ""  # a fixed condition on rows no view should ever see (never user input)

    def select(self, firm_id: int) -> str:
        # firm_id is an int checked by the runner: connectorx takes no bound parameters.
        condition = f" AND {self.where}" if self.where else ""
        return f"SELECT {', '.join(self.columns)} FROM {self.table} WHERE firm_id = {int(firm_id)}{condition}"


SOURCES = {source.name: source for source in (
    Source("tasks", "mission_tasks", {
        "id": pl.Int64, "mission_id": pl.Int64, "label": pl.String, "grade_id": pl.Int64,
        "assignee_id": pl.Int64, "planned_start": pl.Date, "planned_end": pl.Date, "due_on": pl.Date,
        "status": pl.String, "estimated_minutes": pl.Int64, "position": pl.Int64}),
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
    Source("teams", "teams", {"id": pl.Int64, "name": pl.String}),
    Source("budget_hours", "mission_budget_hours", {"mission_id": pl.Int64, "grade_id": pl.Int64, "minutes": pl.Int64}),
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


# Tables DuckDB derives from the sources (`sql/<name>.sql`) once per load of what they read, and keeps while those
# stay fresh: the views reading them no longer redo the same join on millions of rows at every run.
DERIVED = ("valued_entries", "valued_time", "mission_boni_mali")
