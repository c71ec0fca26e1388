"""The Alembic migrations build the schema the models describe, on an empty database of each kind."""

from datetime import date

import pytest
from sqlalchemy import inspect, text

from data.db import engine_for
from data.migrate import is_empty, upgrade
from data.models import Base
from tests.databases import throwaway_database

# Written by hand from data/models: a table added to the models without a migration fails below.
EXPECTED_TABLES = {
    "firms", "users", "role_permissions", "user_permissions", "auth_sessions", "password_reset_tokens",
    "login_throttle", "teams", "grades", "grade_rates", "user_grades", "numbering_series", "syntec_indices", "subscriptions",
    "outbox", "audit_events", "clients",
    # CRM
    "client_groups", "contacts", "prospects", "prospect_stage_changes", "mission_types", "mission_task_templates",
    "mission_task_template_hours", "quotes", "quote_lines", "quote_line_hours", "letter_templates",
    "engagement_letters", "integration_credentials", "outbox_attachments", "engagements", "missions",
    "mission_budget_hours", "mission_tasks", "fee_schedule",
    # Production
    "time_entries", "time_totals", "time_month_totals", "time_mission_totals",
    "timesheets", "running_timers", "statutory_deadlines", "absences", "deadline_alerts",
    # Invoicing
    "invoices", "invoice_lines",
    # Billing runs
    "billed_units", "time_billings",
    # Collections (payments, bank matching, reminders)
    "payments", "bank_mappings", "bank_lines", "reminder_levels", "reminders", "legal_interest_rates",
    # Sales journal (FEC) and fee indexation
    "ledger_sequences", "ledger_entries", "ledger_lines", "fee_revisions",
    # Chorus Pro
    "chorus_deposits",
    # LCB-FT assessments, reviews, confidential notes
    "compliance_settings", "compliance_assessments", "compliance_review_flags", "compliance_notes",
    "compliance_reminders",
    # LCB-FT parties: beneficial owners, PEP, countries, identity evidence
    "compliance_parties", "compliance_holdings", "compliance_client_countries", "compliance_risk_countries",
    "compliance_evidence",
    # LCB-FT retention (5 years after the end of the relationship)
    "compliance_relationship_ends",
}


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from data.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def test_there_is_a_single_head_revision():
    from alembic.script import ScriptDirectory

    from data.migrate import alembic_config

    assert len(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()) == 1


def test_the_hand_written_table_list_matches_the_models():
    assert set(Base.metadata.tables) == EXPECTED_TABLES


def test_upgrading_an_empty_database_creates_every_table_of_the_models(db_url, tmp_path):
    with throwaway_database(db_url, tmp_path) as url:
        assert is_empty(url)
        upgrade(url)
        assert not is_empty(url)
        tables = set(inspect(engine_for(url)).get_table_names())
    assert tables == EXPECTED_TABLES | {"alembic_version"}


def test_the_migrated_columns_are_those_of_the_models(db_url, tmp_path):
    with throwaway_database(db_url, tmp_path) as url:
        upgrade(url)
        inspector = inspect(engine_for(url))
        columns = {name: {c["name"] for c in inspector.get_columns(name)} for name in Base.metadata.tables}
    assert columns == {name: {c.name for c in table.columns} for name, table in Base.metadata.tables.items()}


def test_the_migrated_schema_has_no_difference_from_the_models(db_url, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with throwaway_database(db_url, tmp_path) as url:
        upgrade(url)
        with engine_for(url).connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrading_twice_is_harmless_and_keeps_the_data(db_url, tmp_path):
    with throwaway_database(db_url, tmp_path) as url:
        upgrade(url)
        with engine_for(url).begin() as connection:
            connection.execute(text("INSERT INTO firms (name, legal_form, siren, siret, vat_number, rcs_city, "
                                    "share_capital_cents, ordre_number, address_line, postal_code, city, email, "
                                    "phone, iban, bic, logo_mime, created_on, sort_key) VALUES ('Cabinet Témoin', "
                                    "'', '732829320', '', '', '', 0, '', '', '', '', '', '', '', '', '', :day, 100)"),
                               {"day": date(2026, 11, 20)})
        upgrade(url)
        with engine_for(url).connect() as connection:
            firms = connection.execute(text("SELECT name, siren FROM firms")).all()
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        tables = set(inspect(engine_for(url)).get_table_names())
    assert [tuple(f) for f in firms] == [("Cabinet Témoin", "732829320")]
    assert versions == [head_revision()]
    assert tables == EXPECTED_TABLES | {"alembic_version"}


def test_the_shared_test_database_is_at_the_head_revision(db_url):
    with engine_for(db_url).connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
            head_revision()]


@pytest.mark.parametrize("table", sorted(EXPECTED_TABLES - {"firms", "login_throttle"}))
def test_every_tenant_table_carries_a_non_null_firm_id(db_url, table):
    columns = {c["name"]: c for c in inspect(engine_for(db_url)).get_columns(table)}
    assert "firm_id" in columns
    assert columns["firm_id"]["nullable"] is False


def test_the_grade_history_migration_backfills_since_always_and_keeps_the_time_values(db_url, tmp_path):
    """0020 on a database holding a graded person's time: one history row "since always", the same totals."""
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy.orm import Session

    from data.migrate import alembic_config
    from data.models.access import UserRow
    from data.models.clients import ClientRow
    from data.models.engagements import MissionRow
    from data.models.firm import FirmRow, GradeRateRow, GradeRow
    from data.models.production import TimeEntryRow

    at = datetime(2026, 11, 20, 8, tzinfo=UTC)
    with throwaway_database(db_url, tmp_path) as url:
        command.upgrade(alembic_config(url), "0019_time_totals")
        with Session(engine_for(url)) as s, s.begin():
            def add(row):
                s.add(row)
                s.flush()
                return row.id

            firm = add(FirmRow(name="Cabinet Témoin", siren="732829320", created_on=date(2026, 1, 1)))
            grade = add(GradeRow(firm_id=firm, code="collab", label="Collaborateur", rank=1))
            add(GradeRateRow(firm_id=firm, grade_id=grade, effective_from=date(2026, 1, 1), selling_rate_cents=7000,
                             cost_rate_cents=3500))
            user = add(UserRow(firm_id=firm, email="bob@example.fr", full_name="Bob", role="collaborator",
                               grade_id=grade, password_hash="x", created_at=at))
            add(UserRow(firm_id=firm, email="ana@example.fr", full_name="Ana", role="client", password_hash="x",
                        created_at=at))  # no grade: no history row
            client = add(ClientRow(firm_id=firm, kind="societe", name="Alpha SAS"))
            mission = add(MissionRow(firm_id=firm, client_id=client, label="Tenue", fiscal_year_start=date(2026, 1, 1),
                                     fiscal_year_end=date(2026, 12, 31), status="en_cours",
                                     billing_mode="temps_passe", created_on=date(2026, 1, 2)))
            add(TimeEntryRow(firm_id=firm, user_id=user, day=date(2026, 3, 2), minutes=90, mission_id=mission,
                             client_id=client, billable=True, activity="production", created_at=at, updated_at=at))
        upgrade(url)
        with engine_for(url).connect() as connection:
            history = connection.execute(text("SELECT user_id, grade_id, effective_from FROM user_grades")).all()
            totals = connection.execute(text("SELECT minutes, value_cents, cost_cents FROM time_totals")).all()
    assert [(u, g, str(d)) for u, g, d in history] == [(user, grade, "2000-01-01")]
    assert [tuple(t) for t in totals] == [(90, 10500, 5250)]  # 1 h 30 at 70 €/h, cost 35 €/h: unchanged
