"""The workload heat map as the page shows it (pure): a cell's percentage, colour band and text, the people
filtered, sorted and paged, the counters above the chart, the cell a click chose, and the rows of the table and
of its downloads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum, StrEnum
from functools import lru_cache

from domain import formatting
from domain.planning.model import HeatCell, HeatRow
from domain.workload.rules import week_label

NEAR_FULL_PERCENT = 80  # amber from here up to 100 %, red above
PAGE_SIZE = 40  # people per page of the chart: past that a heat map is scrolled, not read


@lru_cache(maxsize=8192)
def hours_text(minutes: int) -> str:
    """`formatting.hours`, remembered: babel takes a third of a millisecond and a map of 500 people shows
    thousands of figures."""
    return formatting.hours(minutes)


@lru_cache(maxsize=8192)
def _hours_column(minutes: int) -> str:
    """Hours with two decimals for a spreadsheet column ("24,50")."""
    return formatting.number(_hours_number(minutes), 2)


class Band(IntEnum):
    """The colour of a cell: green, amber, red (a cell with neither capacity nor load has none: grey)."""

    UNDER = 0
    NEAR_FULL = 1
    OVER = 2


class SortBy(StrEnum):
    NAME = "nom"
    PEAK = "pic"

    @property
    def label(self) -> str:
        return {"nom": "Nom", "pic": "Charge maximale"}[self.value]


def _percent(load_minutes: int, capacity_minutes: int) -> int | None:
    if not capacity_minutes:
        return None
    exact = Decimal(load_minutes * 100) / Decimal(capacity_minutes)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(cell: HeatCell) -> int | None:
    """Load over capacity in whole percent (half up); None without capacity."""
    return _percent(cell.load_minutes, cell.capacity_minutes)


def band(cell: HeatCell) -> Band | None:
    if cell.over_allocated:  # includes load on a week without any capacity (a task planned during leave)
        return Band.OVER
    if not cell.capacity_minutes:
        return None
    near_full = cell.load_minutes * 100 >= NEAR_FULL_PERCENT * cell.capacity_minutes
    return Band.NEAR_FULL if near_full else Band.UNDER


def cell_text(cell: HeatCell) -> str:
    """"85 %"; without capacity "—", or the hours planned all the same ("+3 h")."""
    found = percent(cell)
    if found is not None:
        return "> 100 %" if cell.over_allocated and found <= 100 else f"{found} %"  # red never reads "100 %"
    return f"+{hours_text(cell.load_minutes)}" if cell.load_minutes else "—"


def percent_text(load_minutes: int, capacity_minutes: int) -> str:
    found = _percent(load_minutes, capacity_minutes)
    return "—" if found is None else f"{found} %"


def peak(row: HeatRow) -> Decimal:
    """The person's heaviest week relative to capacity (load without capacity counts as the heaviest)."""
    worst = Decimal(0)
    for cell in row.cells:
        if cell.capacity_minutes:
            worst = max(worst, Decimal(cell.load_minutes) / Decimal(cell.capacity_minutes))
        elif cell.load_minutes:
            return Decimal("Infinity")
    return worst


def arrange(rows: Sequence[HeatRow], only_over_allocated: bool = False,
            sort_by: SortBy = SortBy.NAME) -> list[HeatRow]:
    """The people to show: by name (as they come), or the most loaded first."""
    kept = [r for r in rows if r.over_allocated_weeks] if only_over_allocated else list(rows)
    if sort_by is SortBy.PEAK:
        kept.sort(key=lambda r: (-peak(r), r.full_name.casefold(), r.user_id))
    return kept


def page_count(people: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-people // size))


def page(rows: Sequence[HeatRow], number: int, size: int = PAGE_SIZE) -> list[HeatRow]:
    """The `number`-th page (from 1) of `size` people."""
    start = (max(1, number) - 1) * size
    return list(rows[start:start + size])


def page_label(number: int, people: int, size: int = PAGE_SIZE) -> str:
    first = (number - 1) * size + 1
    return f"{first} – {min(number * size, people)} sur {people}"


@dataclass(frozen=True, slots=True)
class Summary:
    people: int
    over_allocated_cells: int
    load_minutes: int
    capacity_minutes: int

    @property
    def average_percent(self) -> str:
        """Planned load over capacity of everyone shown, all weeks together ("—" without capacity)."""
        return percent_text(self.load_minutes, self.capacity_minutes)


def summarize(rows: Sequence[HeatRow]) -> Summary:
    cells = [c for r in rows for c in r.cells]
    return Summary(len(rows), sum(r.over_allocated_weeks for r in rows), sum(c.load_minutes for c in cells),
                   sum(c.capacity_minutes for c in cells))


def has_load(rows: Sequence[HeatRow]) -> bool:
    return any(c.load_minutes for r in rows for c in r.cells)


def selected_cell(event: object) -> tuple[int, date] | None:
    """The (person, week's Monday) of the first clicked cell: the chart puts both in each cell's `customdata`;
    None for no or malformed selection."""
    selection = event.get("selection") if isinstance(event, Mapping) else None
    points = selection.get("points") if isinstance(selection, Mapping) else None
    for point in points if isinstance(points, list) else []:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(data, list | tuple) and len(data) >= 2:
            try:
                return int(data[0]), date.fromisoformat(str(data[1]))
            except (TypeError, ValueError):
                continue
    return None


def cell_of(row: HeatRow, week: date) -> HeatCell | None:
    return next((c for c in row.cells if c.week == week), None)


def _hours_number(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def table_rows(rows: Sequence[HeatRow], team_names: Mapping[int, str]) -> list[dict[str, str]]:
    """The screen's table: one line per person, each week "planned / capacity" in hours (🔴 when over)."""
    labels = _week_labels(rows)
    lines = []
    for r in rows:
        line = {"Personne": r.full_name, "Équipe": team_names.get(r.team_id or 0, ""),
                "Contrat": hours_text(r.weekly_minutes), "Semaines en surcharge": str(r.over_allocated_weeks)}
        for c in r.cells:
            planned, available = hours_text(c.load_minutes), hours_text(c.capacity_minutes)
            line[labels[c.week]] = ("🔴 " if c.over_allocated else "") + f"{planned} / {available}"
        lines.append(line)
    return lines


def _week_labels(rows: Sequence[HeatRow]) -> dict[date, str]:
    return {c.week: week_label(c.week) for c in (rows[0].cells if rows else ())}


EXPORT_HEADERS = ("Personne", "Équipe", "Semaine", "Lundi", "Capacité (h)", "Charge prévue (h)", "Charge (%)",
                  "Tâches", "Surcharge")


def export_rows(rows: Sequence[HeatRow], team_names: Mapping[int, str], for_excel: bool = False) -> list[dict]:
    """One line per person × week. CSV: French text ("24,50"); Excel: numbers and dates, formatted there."""
    labels = _week_labels(rows)
    lines = []
    for r in rows:
        team = team_names.get(r.team_id or 0, "")
        for c in r.cells:
            ratio = percent(c)
            if for_excel:
                figures = (c.week, _hours_number(c.capacity_minutes), _hours_number(c.load_minutes),
                           "" if ratio is None else ratio)
            else:
                figures = (formatting.day(c.week), _hours_column(c.capacity_minutes), _hours_column(c.load_minutes),
                           "" if ratio is None else str(ratio))
            values = (r.full_name, team, labels[c.week], *figures, c.tasks, "oui" if c.over_allocated else "non")
            lines.append(dict(zip(EXPORT_HEADERS, values, strict=True)))
    return lines
