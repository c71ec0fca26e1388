"""The runner's derived tables (data/analytics/sources.py DERIVED): built from the loaded sources, kept while those
are the same, built again when one of them is reloaded."""

from datetime import date

import polars as pl
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

    def tables(self, firm_id, names):
        return {name: self.held[name] for name in names}


def _entries(*minutes):
    return _arrow("time_entries", [{"user_id": 1, "day": date(2026, 3, 2 + i), "mission_id": 7, "minutes": m,
                                    "billable": True} for i, m in enumerate(minutes)])


def _runner():
    return Swappable({
        "time_entries": _entries(60),
        "users": _arrow("users", [{"id": 1, "full_name": "Ana", "role": "collaborator", "grade_id": 3}]),
        "grade_rates": _arrow("grade_rates", [{"grade_id": 3, "effective_from": date(2026, 1, 1),
                                               "selling_rate_cents": 9000, "cost_rate_cents": 4000}])})


def _march(runner):
    return [(r["minutes"], r["value_cents"]) for r in runner.rows(1, "time_value_by_month", {
        "start": date(2026, 3, 1), "end": date(2026, 3, 31), "team_id": None})]


def test_a_derived_table_follows_a_reload_of_what_it_is_built_from():
    runner = _runner()
    assert _march(runner) == [(60, 9000)]  # 1 h at 90 €
    runner.held["time_entries"] = _entries(60, 20)  # a reload: a new table
    assert _march(runner) == [(80, 9000 + 3000)]  # + 20 min at 90 € = 30 €
    runner.held["grade_rates"] = _arrow("grade_rates", [{"grade_id": 3, "effective_from": date(2026, 1, 1),
                                                         "selling_rate_cents": 12000, "cost_rate_cents": 4000}])
    assert _march(runner) == [(80, 12000 + 4000)]  # the new rate: 120 € + 40 €

