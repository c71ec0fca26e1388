"""The analytics runner on SQLite and PostgreSQL: views run over one firm's tables only, a firm's tables are
reloaded after that firm writes, writes from another process are seen once the time-to-live has passed, and
unknown views or sources are refused."""

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from data.analytics.freshness import generation
from data.analytics.runner import AnalyticsRunner, read_view
from data.db import engine_for
from data.models.engagements import MissionTaskRow
from domain.planning import queries
from domain.planning.model import GanttFilter
from tests.integration.planning_support import mission_with_tasks, plan, uow

TODAY = date(2026, 11, 20)
QUARTER = GanttFilter(date(2026, 11, 16), date(2027, 2, 14))


def labels(firm) -> list[str]:
    return [t.label for t in queries.gantt(uow(firm), firm.principal(), TODAY, QUARTER)]


def test_a_view_sees_only_its_firms_tasks(make_firm):
    first, second = make_firm(), make_firm()
    _, tasks = mission_with_tasks(first)
    plan(first, tasks[0], first.principal().user.id, date(2026, 12, 1), date(2026, 12, 4), 240)
    _, other = mission_with_tasks(second, name="Beta Industrie")
    plan(second, other[1], second.principal().user.id, date(2026, 12, 1), date(2026, 12, 4), 240)
    assert labels(first) == [tasks[0].label]
    assert labels(second) == [other[1].label]


def test_a_commit_of_the_firm_reloads_its_tables(firm):
    _, tasks = mission_with_tasks(firm)
    assert labels(firm) == []  # loaded and cached: no dated task yet
    plan(firm, tasks[2], firm.principal().user.id, date(2026, 12, 7), date(2026, 12, 9), 120)
    assert labels(firm) == [tasks[2].label]


def test_a_write_from_another_process_is_seen_after_the_time_to_live(firm):
    _, tasks = mission_with_tasks(firm)
    engine = engine_for(firm.container.settings.database_url)
    clock = [0.0]
    runner = AnalyticsRunner(engine, ttl=60, now=lambda: clock[0])
    params = {"start": QUARTER.start, "end": QUARTER.end, "today": TODAY, "team_id": None, "statuses": [], "user_id": None}
    assert runner.rows(firm.firm_id, "gantt_tasks", params) == []
    with engine.begin() as connection:  # as `manage.py` would, in its own process: no commit hook here
        connection.execute(update(MissionTaskRow).where(MissionTaskRow.id == tasks[0].id).values(
            planned_start=date(2026, 12, 1), planned_end=date(2026, 12, 2)))
    clock[0] = 59
    assert runner.rows(firm.firm_id, "gantt_tasks", params) == []
    clock[0] = 61
    assert [r["task_id"] for r in runner.rows(firm.firm_id, "gantt_tasks", params)] == [tasks[0].id]


def test_rows_come_back_typed(firm):
    _, tasks = mission_with_tasks(firm)
    plan(firm, tasks[0], firm.principal().user.id, date(2026, 12, 1), date(2026, 12, 4), 90,
         due_on=TODAY - timedelta(days=1))
    [task] = queries.gantt(uow(firm), firm.principal(), TODAY, QUARTER)
    assert (task.planned_start, task.planned_end) == (date(2026, 12, 1), date(2026, 12, 4))
    assert task.estimated_minutes == 90 and task.overdue is True and task.blocked is False


@pytest.mark.parametrize("name", ["../secrets", "Gantt", "gantt tasks", ""])
def test_a_view_name_must_be_a_plain_file_name(name):
    with pytest.raises(ValueError, match="view name"):
        read_view(name)


def test_a_view_reading_an_unknown_source_is_refused(tmp_path):
    (tmp_path / "bad.sql").write_text("-- Sources: tasks, payroll\nSELECT 1", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown sources: payroll"):
        read_view("bad", tmp_path)


def test_every_view_of_sql_declares_known_sources():
    from data.analytics.runner import SQL_DIR

    for path in SQL_DIR.glob("*.sql"):
        assert read_view(path.stem).sources, f"{path.name} declares no `-- Sources:` line"


def test_a_commit_marks_stale_only_the_tables_it_wrote(firm):
    _, tasks = mission_with_tasks(firm)
    database = engine_for(firm.container.settings.database_url).url.render_as_string(hide_password=False)
    before = {t: generation(database, firm.firm_id, t) for t in ("mission_tasks", "users", "time_entries")}
    plan(firm, tasks[0], firm.principal().user.id, date(2026, 12, 1), date(2026, 12, 2), 60)
    after = {t: generation(database, firm.firm_id, t) for t in before}
    assert after["mission_tasks"] > before["mission_tasks"]  # the task was updated (and its change audited)
    assert after["users"] == before["users"] and after["time_entries"] == before["time_entries"]
