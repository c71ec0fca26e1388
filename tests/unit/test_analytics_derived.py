"""The runner's derived tables (data/analytics/sources.py DERIVED): built from the loaded sources, kept while those
are the same, built again when one of them is reloaded."""

from datetime import date

import duckdb
import polars as pl
import pytest
from sqlalchemy import create_engine

from data.analytics.runner import AnalyticsRunner
from data.analytics.sources import SOURCES


def _arrow(name, rows):
    columns = SOURCES[name].columns
    return pl.DataFrame([{c: row.get(c) for c in columns} for row in rows], schema=columns).to_arrow()


class Swappable(AnalyticsRunner):
    """Serves whatever tables the test holds, as the cache would after a load."""

    def __init__(self, held):
        super().__init__(create_engine("sqlite://"))
        self.held = held

    def tables(self, firm_id, names, params=None):
        return {name: self.held[name] for name in names}


def _totals(minutes, value_cents):
    return _arrow("mission_time", [{"mission_id": 7, "invoice_key": 0, "minutes": minutes, "value_cents": value_cents,
                                    "cost_cents": 0, "first_day": date(2026, 3, 2)}])


def _runner():
    return Swappable({
        "mission_time": _totals(60, 9000),
        "recent_entries": _arrow("recent_entries", []),
        "users": _arrow("users", [{"id": 1, "full_name": "Ana", "role": "collaborator", "grade_id": 3}]),
        "user_grades": _arrow("user_grades", [{"user_id": 1, "grade_id": 3, "effective_from": date(2000, 1, 1)}]),
        "grade_rates": _arrow("grade_rates", [{"grade_id": 3, "effective_from": date(2026, 1, 1),
                                               "selling_rate_cents": 9000, "cost_rate_cents": 4000}]),
        "missions": _arrow("missions", [{"id": 7, "client_id": 1, "label": "Conseil", "billing_mode": "temps_passe",
                                         "status": "en_cours", "fiscal_year_start": date(2026, 1, 1),
                                         "fiscal_year_end": date(2026, 12, 31)}]),
        "clients": _arrow("clients", [{"id": 1, "name": "Dupain"}]),
        **{name: _arrow(name, []) for name in ("invoices", "invoice_lines", "fee_schedules", "billed_units",
                                               "mission_types", "budget_hours")}})


def _wip(runner, since=date(2026, 3, 1)):
    return [(r["minutes"], r["wip_cents"]) for r in runner.rows(1, "wip_by_mission", {
        "today": date(2026, 3, 31), "since": since, "team_id": None, "limit": None})]


def test_a_derived_table_follows_a_reload_of_what_it_is_built_from():
    runner = _runner()
    mission = lambda: [(r["minutes"], r["wip_cents"]) for r in runner.rows(1, "boni_mali_by_mission", {"year": 0})]
    assert mission() == [(60, 9000)]  # the boni/mali's derived table: 1 h at 90 €, not billed yet (WIP)
    runner.held["mission_time"] = _totals(80, 12000)  # a reload: a new table
    assert mission() == [(80, 12000)]


def test_the_entries_dated_after_today_are_not_work_in_progress():
    runner = _runner()
    assert _wip(runner) == [(60, 9000)]  # 1 h at 90 €, not billed
    runner.held["mission_time"] = _totals(80, 12000)
    assert _wip(runner) == [(80, 12000)]
    runner.held["recent_entries"] = _arrow("recent_entries", [  # 20 min dated after today: not WIP yet
        {"user_id": 1, "day": date(2026, 4, 1), "mission_id": 7, "minutes": 20, "billable": True}])
    assert _wip(runner) == [(60, 12000 - 3000)]  # 20 min at 90 € = 30 € taken off


def test_a_view_refuses_recent_entries_read_from_too_late_a_day():
    with pytest.raises(duckdb.Error, match="since"):
        _wip(_runner(), since=date(2026, 4, 2))  # the entries of 1 April would be missing from what is taken off


def test_a_source_read_in_part_takes_its_parameter_from_the_view():
    recent, tasks = SOURCES["recent_entries"], SOURCES["task_assignees"]
    assert recent.select(4, recent.narrowing({"since": date(2026, 11, 1)})).endswith(
        "WHERE firm_id = 4 AND day >= '2026-11-01'")
    assert tasks.select(4, tasks.narrowing({"user_id": None})).endswith("AND assignee_id = NULL")  # no row at all
    with pytest.raises(ValueError, match="since"):
        recent.narrowing({"today": date(2026, 11, 20)})  # a view reading it without $since
    with pytest.raises(ValueError, match="user_id"):
        tasks.narrowing({"user_id": "1 OR 1=1"})  # only dates and integers reach the SQL text


def test_the_entries_read_one_by_one_are_valued_at_the_grade_of_their_day():
    runner = _runner()
    runner.held["mission_time"] = _totals(80, 20000)
    runner.held["user_grades"] = _arrow("user_grades", [  # Ana's history starts on 15 March, promoted on 2 April
        {"user_id": 1, "grade_id": 3, "effective_from": date(2026, 3, 15)},
        {"user_id": 1, "grade_id": 4, "effective_from": date(2026, 4, 2)}])
    runner.held["grade_rates"] = _arrow("grade_rates", [
        {"grade_id": 3, "effective_from": date(2026, 1, 1), "selling_rate_cents": 9000, "cost_rate_cents": 4000},
        {"grade_id": 4, "effective_from": date(2026, 1, 1), "selling_rate_cents": 15000, "cost_rate_cents": 7000}])
    runner.held["recent_entries"] = _arrow("recent_entries", [
        {"user_id": 1, "day": date(2026, 3, 6), "mission_id": 7, "minutes": 20, "billable": True},  # before the history
        {"user_id": 1, "day": date(2026, 4, 2), "mission_id": 7, "minutes": 20, "billable": True}])
    wip = [(r["minutes"], r["wip_cents"]) for r in runner.rows(1, "wip_by_mission", {
        "today": date(2026, 3, 5), "since": date(2026, 3, 1), "team_id": None, "limit": None})]
    # Taken off as dated after today: 20 min at the first row's grade 3 (90 €/h: 30 €) and 20 min at grade 4
    # (150 €/h: 50 €), whatever users.grade_id says.
    assert wip == [(80 - 40, 20000 - 3000 - 5000)]
