"""The planning page's Gantt chart, built to stay usable with thousands of bars, and the tables around it.

- One bar trace per state (colour), never one per task, and no per-task shape: the figure JSON grows by about a
  hover text per task (`bench/bench_gantt_figure.py`).
- Each group (collaborator, client or mission) is packed into lanes so that its overlapping tasks sit on separate
  lines instead of hiding one another; y is the lane number, the group's name a tick label.
- Each bar's custom data starts with its task id: the only reliable way from a selection back to the task
  (`domain/planning/selection.py`; `point_index` is relative to each trace).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from html import escape

import numpy as np
import plotly.graph_objects as go

from domain import formatting
from domain.planning.model import GanttTask, GroupBy, ImpactRow
from domain.planning.queries import UNASSIGNED
from domain.planning.selection import TaskMove
from domain.workload.rules import week_label

MAX_LANES_PER_GROUP = 12  # beyond, a group's extra tasks share its least busy lane rather than grow it further
MAX_LANES_PER_PAGE = 120  # rows of one chart; more groups are paged
LANE_PX = 22
MARGIN_PX = 90
DAY_MS = 86_400_000
GAP_MS = 4 * 3_600_000  # between back-to-back bars: 02:00 → 22:00
TICK_CHARS = 38


class BarState(StrEnum):
    """What a bar's colour says, the most urgent first."""

    OVERDUE = "en_retard"
    BLOCKED = "bloquee"
    IN_PROGRESS = "en_cours"
    TODO = "a_faire"
    DONE = "terminee"

    @property
    def label(self) -> str:
        return {"en_retard": "En retard", "bloquee": "Bloquée", "en_cours": "En cours", "a_faire": "À faire",
                "terminee": "Terminée"}[self.value]

    @property
    def colour(self) -> str:
        return {"en_retard": "#d62728", "bloquee": "#b35806", "en_cours": "#1f77b4", "a_faire": "#8fbce6",
                "terminee": "#b8b8b8"}[self.value]


def bar_state(task: GanttTask) -> BarState:
    """A late task is red even when blocked: the due date is what the planner must act on first."""
    if task.overdue:
        return BarState.OVERDUE
    if task.blocked:
        return BarState.BLOCKED
    return BarState(task.status.value)


@dataclass(frozen=True, slots=True)
class Group:
    """One row of the chart (a person, a client or a mission) and its tasks with their lane inside it."""

    name: str
    lanes: int
    placed: tuple[tuple[GanttTask, int], ...]


def _key(task: GanttTask, by: GroupBy) -> object:
    """Missions and clients are grouped by id: two missions of one client may bear the same label."""
    if by is GroupBy.MISSION:
        return task.mission_id
    if by is GroupBy.CLIENT:
        return task.client_id
    return task.assignee_id


def _lanes(tasks: list[GanttTask]) -> tuple[int, tuple[tuple[GanttTask, int], ...]]:
    """Greedy interval packing: each task in the first lane free on its start day (dates are inclusive)."""
    ends: list[date] = []
    placed = []
    for task in sorted(tasks, key=lambda t: (t.planned_start, t.planned_end, t.task_id)):
        lane = next((i for i, end in enumerate(ends) if end < task.planned_start), None)
        if lane is None and len(ends) < MAX_LANES_PER_GROUP:
            ends.append(task.planned_end)
            lane = len(ends) - 1
        elif lane is None:
            lane = min(range(len(ends)), key=lambda i: ends[i])
        ends[lane] = max(ends[lane], task.planned_end)
        placed.append((task, lane))
    return len(ends), tuple(placed)


def groups(tasks: list[GanttTask], by: GroupBy) -> list[Group]:
    """The chart's rows by name (unassigned tasks last), each packed into as few lanes as its overlaps need."""
    found: dict[object, list[GanttTask]] = {}
    for task in tasks:
        found.setdefault(_key(task, by), []).append(task)
    rows = []
    for members in found.values():
        lanes, placed = _lanes(members)
        rows.append(Group(members[0].group(by), lanes, placed))
    return sorted(rows, key=lambda g: (g.name == UNASSIGNED, g.name.casefold()))


def pages(rows: list[Group], budget: int = MAX_LANES_PER_PAGE) -> list[list[Group]]:
    """Consecutive groups, at most `budget` lanes a page (a bigger group gets a page of its own)."""
    found: list[list[Group]] = []
    used = budget
    for group in rows:
        if used + group.lanes > budget:
            found.append([])
            used = 0
        found[-1].append(group)
        used += group.lanes
    return found


def page_label(page: list[Group]) -> str:
    first, last = page[0].name, page[-1].name
    return first if first == last else f"{first} … {last}"


@lru_cache(maxsize=4096)
def _hours(minutes: int) -> str:
    """Babel formats about 4,000 numbers a second, and estimates repeat a lot."""
    return formatting.hours(minutes)


def _text(value: str) -> str:
    """Typed names are escaped: plotly reads a few HTML tags in hover texts and tick labels."""
    return escape(value, quote=False)


def hover_data(task: GanttTask) -> list:
    """The bar's custom data: the task id first (for the selection), then what its hover shows. Dates that plotly
    can format itself (start, end) are not repeated here: the figure JSON escapes every "/" and "<" of a text."""
    return [task.task_id, _text(task.label), _text(f"{task.client_name} · {task.mission_label}"),
            _text(task.assignee_name), formatting.day(task.due_on) or "—", _hours(task.estimated_minutes)]


def _template(state: BarState) -> str:
    return ("<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<br>"
            "du %{base|%d/%m/%Y} au %{x|%d/%m/%Y} · échéance %{customdata[4]}<br>"
            f"%{{customdata[5]}} estimées · {state.label}<extra></extra>")


def _tick(name: str) -> str:
    return _text(name if len(name) <= TICK_CHARS else name[:TICK_CHARS - 1] + "…")


def chart_height(lanes: int) -> int:
    return MARGIN_PX + LANE_PX * max(lanes, 3)


def _bar(state: BarState, members: list[tuple[GanttTask, int]]) -> go.Bar:
    """One trace for every bar of a state, drawn from 02:00 on its first day to 22:00 on its last: back-to-back
    tasks of a lane stay apart without an outline (outlines double plotly's drawing time), and the
    hover's `%{base}` and `%{x}` (the bar's ends) still read as the first and last days. Arrays go in as numpy
    arrays: plotly validates nested lists item by item, about ten times slower."""
    count = len(members)
    days = np.fromiter(((t.planned_end - t.planned_start).days + 1 for t, _ in members), dtype=np.float64, count=count)
    custom = np.empty((count, 6), dtype=object)
    custom[:] = [hover_data(t) for t, _ in members]
    return go.Bar(
        orientation="h", name=f"{state.label} ({count})", legendrank=list(BarState).index(state),
        base=np.array([f"{t.planned_start.isoformat()} 02" for t, _ in members]), x=days * DAY_MS - GAP_MS,
        y=np.fromiter((lane for _, lane in members), dtype=np.int16, count=count),
        customdata=custom, hovertemplate=_template(state), width=0.75,
        marker={"color": state.colour, **({"pattern": {"shape": "/", "fillmode": "overlay", "fgcolor": "#ffffff",
                                                       "solidity": 0.3}} if state is BarState.BLOCKED else {})})


def _x_ticks(start: date, end: date) -> dict:
    """Weekly grid on Mondays up to four months, monthly beyond."""
    if (end - start).days <= 16 * 7:
        return {"tick0": (start - timedelta(days=start.weekday())).isoformat(), "dtick": 7 * DAY_MS,
                "tickformat": "%d/%m"}
    return {"tick0": start.replace(day=1).isoformat(), "dtick": "M1", "tickformat": "%m/%Y"}


def figure(page: list[Group], today: date, start: date, end: date) -> go.Figure:
    """The Gantt of one page of groups over [start, end], with today's line."""
    by_state: dict[BarState, list[tuple[GanttTask, int]]] = {}
    ticks, centres, separators, offset = [], [], [], 0
    for group in page:
        for task, lane in group.placed:
            by_state.setdefault(bar_state(task), []).append((task, offset + lane))
        ticks.append(_tick(group.name))
        centres.append(offset + (group.lanes - 1) / 2)
        separators.append(offset - 0.5)
        offset += group.lanes
    bars = [_bar(state, by_state[state]) for state in reversed(BarState) if state in by_state]  # red drawn last
    fig = go.Figure(bars)
    fig.update_layout(
        template="none", height=chart_height(offset), dragmode="select", hovermode="closest", barmode="overlay",
        margin={"l": 10, "r": 10, "t": 70, "b": 20}, clickmode="event+select",
        legend={"orientation": "h", "yref": "container", "y": 1, "yanchor": "top", "x": 0},
        xaxis={"type": "date", "side": "top", "range": [start.isoformat(), (end + timedelta(days=1)).isoformat()],
               "showgrid": True, "gridcolor": "#e6e6e6", **_x_ticks(start, end)},
        yaxis={"tickvals": centres, "ticktext": ticks, "range": [offset - 0.5, -0.5], "showgrid": False,
               "zeroline": False, "automargin": True, "fixedrange": True,
               "minor": {"tickvals": separators[1:], "showgrid": True, "gridcolor": "#d0d0d0", "ticks": ""}},
        shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": today.isoformat(), "x1": today.isoformat(),
                 "y0": 0, "y1": 1, "line": {"color": "#d62728", "width": 1.5, "dash": "dot"}}],
    )
    return fig


@dataclass(frozen=True, slots=True)
class Counters:
    shown: int
    overdue: int
    blocked: int
    unassigned: int


def counters(tasks: list[GanttTask]) -> Counters:
    return Counters(len(tasks), sum(t.overdue for t in tasks), sum(t.blocked for t in tasks),
                    sum(t.assignee_id is None for t in tasks))


def choice_label(task: GanttTask) -> str:
    """A task in the fallback list: enough to tell it from its namesakes of other dossiers."""
    return (f"{task.label} — {task.client_name} · {task.mission_label} "
            f"({task.planned_start:%d/%m} → {task.planned_end:%d/%m}, {task.assignee_name})")


def task_rows(tasks: list[GanttTask]) -> list[dict]:
    """The tasks as listed (and downloaded): French headers, dates and hours."""
    return [{"Tâche": t.label, "Client": t.client_name, "Mission": t.mission_label, "Intervenant": t.assignee_name,
             "Équipe": t.team_name, "Statut": t.status.label, "Début prévu": formatting.day(t.planned_start),
             "Fin prévue": formatting.day(t.planned_end), "Échéance": formatting.day(t.due_on),
             "Heures estimées": _hours(t.estimated_minutes), "En retard": "oui" if t.overdue else "non"}
            for t in tasks]


def as_move(task: GanttTask) -> TaskMove:
    return TaskMove(task.task_id, task.planned_start, task.planned_end, task.assignee_id)


def real_changes(moves: list[TaskMove], tasks: dict[int, GanttTask]) -> list[TaskMove]:
    """The moves that change their task (dates or assignee): the others need neither impact nor saving."""
    return [m for m in moves if m.task_id not in tasks or m != as_move(tasks[m.task_id])]


def impact_rows(rows: list[ImpactRow]) -> list[dict]:
    """The impact of a change, person by week: capacity, planned load before and after, over-allocation."""
    def flag(r: ImpactRow) -> str:
        if r.becomes_over_allocated:
            return "⚠️ devient surchargé"
        return "⚠️ surchargé" if r.over_allocated_after else ""
    return [{"Personne": r.full_name, "Semaine": week_label(r.week), "Capacité": formatting.hours(r.capacity_minutes),
             "Avant": formatting.hours(r.before_minutes), "Après": formatting.hours(r.after_minutes),
             "Écart": ("+" if r.after_minutes > r.before_minutes else "")
             + formatting.hours(r.after_minutes - r.before_minutes), "Surcharge": flag(r)} for r in rows]
