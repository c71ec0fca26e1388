"""The planning page's chart and tables (pages/_ui/gantt.py): bar states, rows packed into lanes, pages of rows,
the figure (few traces, task id first in the custom data, bars covering their last day, today's line, escaped
names), counters, the moves that really change something and the impact table."""

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from domain.engagements.model import TaskStatus
from domain.planning.model import GanttTask, GroupBy, ImpactRow
from domain.planning.selection import TaskMove, selected_task_ids
from pages._ui import gantt
from pages._ui.gantt import BarState

MONDAY = date(2026, 11, 16)
TODAY = date(2026, 11, 20)


def task(task_id: int, start: date, end: date, *, assignee: int | None = 1, name: str = "Alice Durand",
         status: TaskStatus = TaskStatus.TODO, overdue: bool = False, mission: int = 10, client: int = 100,
         client_name: str = "Alpha Conseil", mission_label: str = "Comptes annuels 2026",
         label: str | None = None) -> GanttTask:
    return GanttTask(task_id=task_id, label=label or f"Tâche {task_id}", status=status, planned_start=start,
                     planned_end=end, due_on=end + timedelta(days=5), estimated_minutes=450, assignee_id=assignee,
                     assignee_name=name, team_id=None, team_name="", mission_id=mission, mission_label=mission_label,
                     client_id=client, client_name=client_name, overdue=overdue,
                     blocked=status is TaskStatus.BLOCKED)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def test_a_late_task_is_red_even_when_blocked_and_a_done_one_grey():
    assert gantt.bar_state(task(1, day(0), day(1), status=TaskStatus.BLOCKED, overdue=True)) is BarState.OVERDUE
    assert gantt.bar_state(task(1, day(0), day(1), status=TaskStatus.BLOCKED)) is BarState.BLOCKED
    assert gantt.bar_state(task(1, day(0), day(1), status=TaskStatus.IN_PROGRESS)) is BarState.IN_PROGRESS
    assert gantt.bar_state(task(1, day(0), day(1), status=TaskStatus.DONE)) is BarState.DONE
    assert gantt.bar_state(task(1, day(0), day(1))) is BarState.TODO


def lanes_of(group: gantt.Group) -> dict[int, int]:
    return {t.task_id: lane for t, lane in group.placed}


def test_overlapping_tasks_of_a_group_get_their_own_lane_and_the_others_share():
    tasks = [task(1, day(0), day(4)), task(2, day(2), day(3)), task(3, day(5), day(6)), task(4, day(4), day(4))]
    [group] = gantt.groups(tasks, GroupBy.COLLABORATOR)
    lanes = lanes_of(group)
    assert lanes[1] != lanes[2]
    assert lanes[3] == lanes[1]  # starts the day after task 1 ends: same lane
    assert lanes[4] == lanes[2]  # task 2 is over on day 3, task 1 still runs on day 4
    assert group.lanes == 2


def test_a_group_never_grows_past_its_lane_cap():
    tasks = [task(n, day(0), day(9)) for n in range(1, gantt.MAX_LANES_PER_GROUP + 6)]
    [group] = gantt.groups(tasks, GroupBy.COLLABORATOR)
    assert group.lanes == gantt.MAX_LANES_PER_GROUP
    assert len(group.placed) == len(tasks)  # every task still drawn, some sharing a lane


def test_groups_are_sorted_by_name_unassigned_last_and_missions_kept_apart_by_id():
    tasks = [task(1, day(0), day(1), assignee=None, name="Non affectée"), task(2, day(0), day(1), assignee=2,
             name="zoé Martin"), task(3, day(0), day(1), assignee=3, name="Bob Petit")]
    assert [g.name for g in gantt.groups(tasks, GroupBy.COLLABORATOR)] == ["Bob Petit", "zoé Martin", "Non affectée"]
    same_label = [task(1, day(0), day(1), mission=10), task(2, day(0), day(1), mission=11)]
    rows = gantt.groups(same_label, GroupBy.MISSION)
    assert [g.name for g in rows] == ["Alpha Conseil · Comptes annuels 2026"] * 2
    assert [g.name for g in gantt.groups(same_label, GroupBy.CLIENT)] == ["Alpha Conseil"]


def test_pages_hold_at_most_the_budget_of_lanes_and_keep_every_group():
    rows = [gantt.Group(f"G{n}", lanes, ()) for n, lanes in enumerate([3, 4, 2, 6, 1])]
    found = gantt.pages(rows, budget=7)
    assert [[g.name for g in page] for page in found] == [["G0", "G1"], ["G2"], ["G3", "G4"]]
    big = gantt.pages([gantt.Group("big", 9, ()), gantt.Group("small", 1, ())], budget=7)
    assert [[g.name for g in page] for page in big] == [["big"], ["small"]]
    assert gantt.page_label(found[0]) == "G0 … G1" and gantt.page_label(found[1]) == "G2"


def figure_json(tasks: list[GanttTask], by: GroupBy = GroupBy.COLLABORATOR) -> dict:
    fig = gantt.figure(gantt.groups(tasks, by), TODAY, MONDAY, MONDAY + timedelta(weeks=13, days=-1))
    return json.loads(fig.to_json())


def decoded(values) -> list:
    """A plotly array, plain or base64-typed."""
    if isinstance(values, dict):
        import base64

        import numpy as np
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return values


def test_one_trace_per_state_with_the_task_id_first_in_each_bars_custom_data():
    tasks = [task(n, day(n % 30), day(n % 30 + 2), assignee=n % 7, name=f"P{n % 7}",
                  status=list(TaskStatus)[n % 4], overdue=n % 11 == 0) for n in range(1, 401)]
    spec = figure_json(tasks)
    assert len(spec["data"]) == len(BarState)
    ids = [point[0] for trace in spec["data"] for point in trace["customdata"]]
    assert sorted(ids) == list(range(1, 401))
    names = {trace["name"] for trace in spec["data"]}
    assert f"En retard ({sum(t.overdue for t in tasks)})" in names
    assert spec["layout"]["dragmode"] == "select"
    assert len(spec["layout"]["shapes"]) == 1  # today's line only, never a shape per task

    event = {"selection": {"points": [{"customdata": spec["data"][0]["customdata"][2]},
                                      {"customdata": spec["data"][1]["customdata"][0]}]}}
    assert selected_task_ids(event) == [spec["data"][0]["customdata"][2][0], spec["data"][1]["customdata"][0][0]]


def test_a_bar_spans_its_days_and_the_hover_shows_the_tasks_facts():
    one_day = task(7, day(3), day(3), label="Révision <b>TVA</b>", client_name="Durand & Fils")
    spec = figure_json([one_day])
    [trace] = spec["data"]
    assert trace["base"] == ["2026-11-19 02"]  # from 02:00 to 22:00: the 19th, with a gap to the next bar
    [length] = decoded(trace["x"])
    assert length == pytest.approx(20 * 3_600_000)
    assert trace["customdata"][0] == [7, "Révision &lt;b&gt;TVA&lt;/b&gt;", "Durand &amp; Fils · Comptes annuels 2026",
                                      "Alice Durand", "24/11/2026", "7,5 h"]
    assert "du %{base|%d/%m/%Y} au %{x|%d/%m/%Y}" in trace["hovertemplate"]
    assert "À faire" in trace["hovertemplate"]
    assert spec["layout"]["shapes"][0]["x0"] == "2026-11-20"
    assert spec["layout"]["xaxis"]["range"] == ["2026-11-16", "2027-02-15"]


def test_the_rows_are_lanes_with_the_groups_name_once():
    tasks = [task(1, day(0), day(4)), task(2, day(2), day(3)), task(3, day(0), day(1), assignee=2, name="Bob")]
    spec = figure_json(tasks)
    yaxis = spec["layout"]["yaxis"]
    assert yaxis["ticktext"] == ["Alice Durand", "Bob"]
    assert yaxis["tickvals"] == [0.5, 2]  # Alice's two lanes, then Bob's
    assert yaxis["range"] == [2.5, -0.5]  # first row at the top
    lanes = sorted(y for trace in spec["data"] for y in decoded(trace["y"]))
    assert lanes == [0, 1, 2]
    assert spec["layout"]["height"] == gantt.chart_height(3)


def test_counters_and_csv_rows():
    tasks = [task(1, day(0), day(1), overdue=True), task(2, day(0), day(1), assignee=None, name="Non affectée",
             status=TaskStatus.BLOCKED), task(3, day(0), day(1), status=TaskStatus.DONE)]
    assert gantt.counters(tasks) == gantt.Counters(shown=3, overdue=1, blocked=1, unassigned=1)
    [first, *_] = gantt.task_rows(tasks)
    assert first == {"Tâche": "Tâche 1", "Client": "Alpha Conseil", "Mission": "Comptes annuels 2026",
                     "Intervenant": "Alice Durand", "Équipe": "", "Statut": "À faire", "Début prévu": "16/11/2026",
                     "Fin prévue": "17/11/2026", "Échéance": "22/11/2026", "Heures estimées": "7,5 h",
                     "En retard": "oui"}


def test_only_moves_that_change_their_task_are_kept():
    a, b = task(1, day(0), day(1)), task(2, day(2), day(3))
    same = gantt.as_move(a)
    later = TaskMove(2, day(3), day(4), b.assignee_id)
    given = TaskMove(1, day(0), day(1), 9)
    assert gantt.real_changes([same, later], {1: a, 2: b}) == [later]
    assert gantt.real_changes([given], {1: a}) == [given]
    assert gantt.real_changes([same], {1: replace(a, assignee_id=None)}) == [same]


def test_the_impact_table_flags_weeks_that_become_over_allocated():
    rows = [ImpactRow(1, "Alice", MONDAY, 2100, 1800, 2400), ImpactRow(1, "Alice", day(7), 2100, 2400, 2700),
            ImpactRow(2, "Bob", MONDAY, 2100, 900, 300)]
    table = gantt.impact_rows(rows)
    assert [r["Surcharge"] for r in table] == ["⚠️ devient surchargé", "⚠️ surchargé", ""]
    assert table[0] == {"Personne": "Alice", "Semaine": "S47 (16/11)", "Capacité": "35 h", "Avant": "30 h",
                        "Après": "40 h", "Écart": "+10 h", "Surcharge": "⚠️ devient surchargé"}
    assert table[2]["Écart"] == "-10 h"
