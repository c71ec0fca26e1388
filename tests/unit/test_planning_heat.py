"""The heat map as the page shows it: colour bands and their edges, cell text, filtering, sorting and paging the
people, the counters, the clicked cell read back from the chart's event, the table and export rows, and the
plotly figure (one clickable marker per cell, over-allocated cells outlined, typed names never read as markup)."""

from datetime import date
from decimal import Decimal

import pytest

from domain.planning import heat
from domain.planning.heat import Band, SortBy
from domain.planning.model import HeatCell, HeatRow
from pages._ui import workload_chart

MON = date(2026, 11, 23)
NEXT = date(2026, 11, 30)


def cell(capacity, load, week=MON, tasks=1):
    return HeatCell(week, capacity, load, tasks)


def row(user_id, name, *cells, team_id=None):
    return HeatRow(user_id, name, team_id, 2100, tuple(cells))


@pytest.mark.parametrize(("capacity", "load", "expected"), [
    (2100, 0, Band.UNDER), (2100, 1679, Band.UNDER), (2100, 1680, Band.NEAR_FULL), (2100, 2100, Band.NEAR_FULL),
    (2100, 2101, Band.OVER), (0, 0, None), (0, 60, Band.OVER)])
def test_bands_green_under_80_amber_up_to_100_red_above_grey_without_capacity(capacity, load, expected):
    assert heat.band(cell(capacity, load)) == expected


def test_cell_text_percent_dash_or_hours_planned_without_capacity():
    assert heat.cell_text(cell(2100, 1785)) == "85 %"
    assert heat.cell_text(cell(2100, 2111)) == "101 %"  # 100.52 rounds half up
    assert heat.cell_text(cell(2100, 2101)) == "> 100 %"  # 100.05 % is over, though it rounds to 100
    assert heat.cell_text(cell(0, 0)) == "—"
    assert heat.cell_text(cell(0, 180)) == "+3 h"
    assert heat.percent(cell(1680, 1260)) == 75


def test_people_filtered_to_the_over_allocated_and_sorted_by_peak():
    calm = row(1, "Anne", cell(2100, 600), cell(2100, 0, NEXT))
    busy = row(2, "Bruno", cell(2100, 2000), cell(2100, 2400, NEXT))
    on_leave = row(3, "Chloé", cell(0, 60), cell(2100, 0, NEXT))
    people = [calm, busy, on_leave]
    assert heat.arrange(people) == people
    assert heat.arrange(people, only_over_allocated=True) == [busy, on_leave]
    assert heat.arrange(people, sort_by=SortBy.PEAK) == [on_leave, busy, calm]
    assert heat.peak(busy) == Decimal(2400) / Decimal(2100)


def test_paging_forty_people_at_a_time():
    people = [row(n, f"P{n:03d}", cell(2100, 0)) for n in range(1, 501)]
    assert heat.page_count(500) == 13 and heat.page_count(0) == 1 and heat.page_count(40) == 1
    assert [r.user_id for r in heat.page(people, 2)][:2] == [41, 42] and len(heat.page(people, 13)) == 20
    assert heat.page_label(13, 500) == "481 – 500 sur 500"


def test_counters_people_over_allocated_weeks_and_average_load():
    people = [row(1, "Anne", cell(2100, 2400), cell(2100, 0, NEXT)), row(2, "Bruno", cell(0, 60), cell(2100, 0))]
    summary = heat.summarize(people)
    assert (summary.people, summary.over_allocated_cells) == (2, 2)
    assert summary.average_percent == "39 %"  # 2460 / 6300
    assert heat.summarize([]).average_percent == "—"


@pytest.mark.parametrize("event", [None, {}, {"selection": None}, {"selection": {"points": []}},
                                   {"selection": {"points": [{"x": 1}, {"customdata": [7]},
                                                             {"customdata": ["x", "2026-11-23"]},
                                                             {"customdata": [7, "pas une date"]}]}}])
def test_no_or_malformed_selection_chooses_no_cell(event):
    assert heat.selected_cell(event) is None


def test_the_clicked_cell_is_read_from_its_custom_data():
    event = {"selection": {"points": [{"curve_number": 2, "x": 1, "y": 0, "customdata": [42, "2026-11-30"]}]}}
    assert heat.selected_cell(event) == (42, NEXT)


def test_table_and_export_rows_in_hours():
    people = [row(7, "Anne", cell(2100, 2430), cell(1680, 0, NEXT, tasks=0), team_id=3)]
    [line] = heat.table_rows(people, {3: "Audit"})
    assert line == {"Personne": "Anne", "Équipe": "Audit", "Contrat": "35 h", "Semaines en surcharge": "1",
                    "S48 (23/11)": "🔴 40,5 h / 35 h", "S49 (30/11)": "0 h / 28 h"}
    csv_lines = heat.export_rows(people, {3: "Audit"})
    assert list(csv_lines[0].values()) == ["Anne", "Audit", "S48 (23/11)", "23/11/2026", "35,00", "40,50", "116",
                                           1, "oui"]
    excel = heat.export_rows(people, {3: "Audit"}, for_excel=True)
    assert list(excel[1].values()) == ["Anne", "Audit", "S49 (30/11)", NEXT, Decimal("28.00"), Decimal("0.00"), 0,
                                       0, "non"]


def test_the_figure_has_a_clickable_marker_per_cell_and_outlines_the_over_allocated():
    people = [row(7, "Anne <a href='x'>", cell(2100, 2430), cell(2100, 100, NEXT)),
              row(8, "Bruno", cell(0, 0), cell(2100, 1800, NEXT))]
    fig = workload_chart.figure(people, (MON, NEXT), {})
    heatmap, outline, markers = fig.data
    assert [list(z) for z in heatmap.z] == [[2, 0], [None, 1]]
    assert [list(t) for t in heatmap.text] == [["<b>116 %</b>", "5 %"], ["—", "86 %"]]
    assert [list(c) for c in markers.customdata] == [[7, "2026-11-23"], [7, "2026-11-30"], [8, "2026-11-23"],
                                                     [8, "2026-11-30"]]
    assert len([x for x in outline.x if x is None]) == 1  # one rectangle
    assert "Anne &lt;a href='x'&gt;" in markers.hovertext[0] and "<a href" not in fig.layout.yaxis.ticktext[0]
    assert "Surcharge" in markers.hovertext[0] and "Tâches : 1" in markers.hovertext[0]
    calm = workload_chart.figure([people[1]], (MON, NEXT), {})
    assert len(calm.data) == 2  # nothing to outline
    many = workload_chart.figure([row(n, "P", cell(2100, 0)) for n in range(40)], (MON,), {})
    assert many.layout.height > fig.layout.height
