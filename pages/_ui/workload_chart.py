"""The workload heat map drawn with plotly: person × week, coloured by band (green, amber, red; grey without
capacity), each over-allocated cell outlined, and an invisible marker per cell that carries the hover text and the
(person, week) a click selects (plotly cannot select heat-map cells themselves)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

import plotly.graph_objects as go

from domain.planning import heat
from domain.planning.model import HeatCell, HeatRow
from domain.workload.rules import week_label

GREEN, AMBER, RED, GREY = "#9ed89a", "#ffc857", "#e4572e", "#d9d9d9"
OUTLINE, SELECTED = "#7a0010", "#1b2a6b"
ROW_PX, MARGIN_PX = 26, 140
NAME_CHARS = 28


def _band_scale() -> list[list]:
    """Three flat colours for the band values 0, 1, 2 (zmin -0.5, zmax 2.5)."""
    return [[0, GREEN], [1 / 3, GREEN], [1 / 3, AMBER], [2 / 3, AMBER], [2 / 3, RED], [1, RED]]


def _plain(text: str) -> str:
    """A typed name inside plotly's label markup (which understands <b>, <a>…): shown as typed, never as markup."""
    return escape(text, quote=False)


def _short(name: str) -> str:
    return _plain(name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1] + "…")


def _hover(row: HeatRow, cell: HeatCell, team: str) -> str:
    ratio = heat.percent_text(cell.load_minutes, cell.capacity_minutes)
    lines = [f"<b>{_plain(row.full_name)}</b>" + (f" ({_plain(team)})" if team else ""), week_label(cell.week),
             f"Capacité : {heat.hours_text(cell.capacity_minutes)}",
             f"Planifié : {heat.hours_text(cell.load_minutes)} ({ratio})",
             f"Tâches : {cell.tasks}"]
    if cell.over_allocated:
        lines.append("<b>Surcharge</b>")
    return "<br>".join(lines)


def _outline(cells: list[tuple[int, int]]) -> go.Scatter:
    """One line trace drawing a rectangle around each (week index, person index)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for x, y in cells:
        xs += [x - 0.46, x + 0.46, x + 0.46, x - 0.46, x - 0.46, None]
        ys += [y - 0.42, y - 0.42, y + 0.42, y + 0.42, y - 0.42, None]
    return go.Scatter(x=xs, y=ys, mode="lines", line={"color": OUTLINE, "width": 2.5}, hoverinfo="skip",
                      showlegend=False, name="surcharge")


@dataclass
class _Grid:
    """What the traces draw, computed in one pass over the cells."""

    bands: list[list[int | None]] = field(default_factory=list)
    texts: list[list[str]] = field(default_factory=list)
    hovers: list[str] = field(default_factory=list)
    points: list[tuple[int, int, int, str]] = field(default_factory=list)  # x, y, user id, Monday
    over: list[tuple[int, int]] = field(default_factory=list)


def _grid(rows: Sequence[HeatRow], team_names: Mapping[int, str]) -> _Grid:
    grid = _Grid()
    for y, row in enumerate(rows):
        team = team_names.get(row.team_id or 0, "")
        bands, texts = [], []
        for x, cell in enumerate(row.cells):
            found, text = heat.band(cell), heat.cell_text(cell)
            bands.append(None if found is None else int(found))
            texts.append(f"<b>{text}</b>" if cell.over_allocated else text)
            grid.hovers.append(_hover(row, cell, team))
            grid.points.append((x, y, row.user_id, cell.week.isoformat()))
            if cell.over_allocated:
                grid.over.append((x, y))
        grid.bands.append(bands)
        grid.texts.append(texts)
    return grid


def _colours(grid: _Grid, weeks: int, people: int) -> go.Heatmap:
    return go.Heatmap(
        z=grid.bands, x=list(range(weeks)), y=list(range(people)), text=grid.texts, texttemplate="%{text}",
        textfont={"size": 11}, zmin=-0.5, zmax=2.5, colorscale=_band_scale(), xgap=2, ygap=2, hoverinfo="skip",
        name="charge",
        colorbar={"title": {"text": "Charge"}, "tickvals": [0, 1, 2],
                  "ticktext": [f"< {heat.NEAR_FULL_PERCENT} %", f"{heat.NEAR_FULL_PERCENT}–100 %", "> 100 %"],
                  "thickness": 14, "len": min(1.0, 240 / _height(people)), "y": 1, "yanchor": "top"})


def _click_targets(grid: _Grid) -> go.Scatter:
    """An invisible marker at each cell's centre: its hover text, and the (person, week) a click selects; the
    selected one shows as a dark square."""
    return go.Scatter(
        x=[p[0] for p in grid.points], y=[p[1] for p in grid.points], customdata=[[p[2], p[3]] for p in grid.points],
        hovertext=grid.hovers, hovertemplate="%{hovertext}<extra></extra>", mode="markers", showlegend=False,
        name="cases", marker={"size": 26, "opacity": 0, "color": SELECTED, "symbol": "square-open",
                              "line": {"width": 3, "color": SELECTED}},
        selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 0}})


def figure(rows: Sequence[HeatRow], weeks: Sequence[date], team_names: Mapping[int, str]) -> go.Figure:
    grid = _grid(rows, team_names)
    fig = go.Figure(_colours(grid, len(weeks), len(rows)))
    if grid.over:
        fig.add_trace(_outline(grid.over))
    fig.add_trace(_click_targets(grid))
    # hoverdistance -1: the nearest cell centre answers wherever the pointer is, so a click anywhere in a cell
    # selects that cell
    fig.update_layout(
        height=_height(len(rows)), margin={"l": 10, "r": 10, "t": 60, "b": 10}, plot_bgcolor=GREY,
        hovermode="closest", hoverdistance=-1, dragmode=False, clickmode="event+select",
        xaxis={"tickvals": list(range(len(weeks))), "ticktext": [_week_tick(w) for w in weeks], "side": "top",
               "range": [-0.5, len(weeks) - 0.5], "showgrid": False, "zeroline": False, "fixedrange": True},
        yaxis={"tickvals": list(range(len(rows))), "ticktext": [_short(r.full_name) for r in rows],
               "range": [len(rows) - 0.5, -0.5], "showgrid": False, "zeroline": False, "fixedrange": True})
    return fig


def _week_tick(week: date) -> str:
    """"S48<br>23/11": two short lines stay horizontal where "S48 (23/11)" would be slanted."""
    return f"S{week.isocalendar().week:02d}<br>{week:%d/%m}"


def _height(people: int) -> int:
    return MARGIN_PX + ROW_PX * max(people, 4)
