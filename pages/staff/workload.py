"""Charge de travail: the heat map person × week of planned load against capacity (contract, part-time, absences,
public holidays), over-allocation highlighted, filters (team, period, only the over-allocated, sort), the tasks
behind a cell (click on the map or choose a person and a week), and the same figures as a table (CSV, Excel)."""

from datetime import date, timedelta

import streamlit as st

from domain import formatting
from domain.planning import heat, queries
from domain.planning.heat import SortBy
from domain.planning.model import Heatmap, HeatRow
from domain.workload.rules import monday, week_label
from pages._ui import workload_chart
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes, xlsx_bytes
from pages._ui.text import md_escape

ctx = require_staff()
st.title("Charge de travail")
MISSIONS_PAGE, PLANNING_PAGE = "pages/staff/missions.py", "pages/staff/planning.py"
PERSON_KEY, WEEK_KEY, CLICKED_KEY = "workload.cell.person", "workload.cell.week", "workload.cell.clicked"
this_week = monday(ctx.clock.today())
teams, _ = queries.filter_choices(ctx.uow(), ctx.principal)
team_names = {t.id: t.name for t in teams}


def keep_valid(key: str, options: list) -> None:
    """Forget a choice no longer offered (a team deleted, a week fallen out of the list) before drawing it."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def filters() -> tuple[int | None, date, int, bool, SortBy]:
    left, middle, right = st.columns(3)
    keep_valid("workload.team", [None, *team_names])
    team = left.selectbox("Équipe", [None, *team_names], key="workload.team",
                          format_func=lambda i: "Toutes les équipes" if i is None else team_names[i])
    starts = [this_week + timedelta(days=7 * n) for n in range(-26, 53)]
    keep_valid("workload.start", starts)
    start = middle.selectbox("Semaine de départ", starts, index=26, key="workload.start",
                             format_func=lambda m: f"{week_label(m)} {m.year}")
    weeks = right.slider("Nombre de semaines", 4, 26, queries.HEATMAP_WEEKS, key="workload.weeks")
    left, right = st.columns(2)
    only_over = left.toggle("Seulement les personnes en surcharge", key="workload.only_over")
    sort_by = right.radio("Trier par", list(SortBy), format_func=lambda s: s.label, horizontal=True,
                          key="workload.sort")
    return team, start, weeks, only_over, sort_by


def empty_state() -> None:
    st.info("Aucune charge planifiée sur ces semaines. Une tâche compte dans la charge quand elle a un "
            "intervenant, des dates de début et de fin prévues et des heures estimées (et qu'elle n'est pas "
            "terminée) : renseignez-les dans le programme de travail des missions ou replanifiez sur le planning.")
    left, right = st.columns(2)
    left.page_link(MISSIONS_PAGE, label="Missions", icon=":material/work:")
    right.page_link(PLANNING_PAGE, label="Planning", icon=":material/view_timeline:")


def counters(rows: list[HeatRow]) -> None:
    summary = heat.summarize(rows)
    a, b, c = st.columns(3)
    a.metric("Personnes", formatting.number(summary.people, 0))
    b.metric("Semaines-personnes en surcharge", formatting.number(summary.over_allocated_cells, 0))
    c.metric("Charge moyenne", summary.average_percent,
             help="Heures planifiées ÷ heures disponibles de toutes les personnes affichées, toutes semaines.")


def chart(rows: list[HeatRow], weeks: tuple[date, ...]):
    shown = rows
    pages = heat.page_count(len(rows))
    if pages > 1:
        keep_valid("workload.page", list(range(1, pages + 1)))
        number = st.selectbox("Personnes affichées", range(1, pages + 1), key="workload.page",
                              format_func=lambda n: heat.page_label(n, len(rows)))
        shown = heat.page(rows, number)
    event = st.plotly_chart(workload_chart.figure(shown, weeks, team_names), key="workload.map",
                            on_select="rerun", selection_mode="points", config={"displayModeBar": False})
    st.caption(f"Vert : moins de {heat.NEAR_FULL_PERCENT} % de la capacité ; orange : de {heat.NEAR_FULL_PERCENT} "
               "à 100 % ; rouge encadré : surcharge (plus de 100 %). Gris « — » : aucune capacité cette semaine "
               "(congés, jours fériés) ; « +3 h » : charge planifiée malgré tout. Cliquez une case pour voir "
               "ses tâches.")
    return event


def table(rows: list[HeatRow], first: date, weeks: int) -> None:
    st.dataframe(heat.table_rows(rows, team_names), hide_index=True, width="stretch", key="workload.table")
    st.caption("Chaque semaine : heures planifiées / heures disponibles (🔴 surcharge). Les fichiers donnent une "
               "ligne par personne et par semaine.")
    name = f"charge_{first.isoformat()}_{weeks}sem"
    left, right = st.columns(2)
    # built only when clicked: for 500 people the workbook takes seconds, the CSV a fifth of one
    left.download_button("Télécharger (CSV)", lambda: csv_bytes(heat.export_rows(rows, team_names)), f"{name}.csv",
                         "text/csv", key="workload.csv", on_click="ignore")
    right.download_button("Télécharger (Excel)",
                          lambda: xlsx_bytes(heat.export_rows(rows, team_names, for_excel=True), "Charge"),
                          f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key="workload.xlsx", on_click="ignore")


def follow_click(event, rows: list[HeatRow], weeks: tuple[date, ...]) -> None:
    """A newly clicked cell becomes the choice of the two selectboxes below (set before they are drawn)."""
    clicked = heat.selected_cell(event)
    if clicked is None:  # deselected: clicking the same cell again must count as a new click
        st.session_state.pop(CLICKED_KEY, None)
        return
    if clicked == st.session_state.get(CLICKED_KEY):
        return
    st.session_state[CLICKED_KEY] = clicked
    if clicked[0] in {r.user_id for r in rows} and clicked[1] in weeks:
        st.session_state[PERSON_KEY], st.session_state[WEEK_KEY] = clicked


@st.fragment  # choosing another person or week reruns this part only, not the whole map
def drill_down(heatmap: Heatmap, rows: list[HeatRow]) -> None:
    st.subheader("Tâches d'une case")
    by_id = {r.user_id: r for r in rows}
    keep_valid(PERSON_KEY, [None, *by_id])
    keep_valid(WEEK_KEY, list(heatmap.weeks))
    left, right = st.columns(2)
    person = left.selectbox("Personne", [None, *by_id], key=PERSON_KEY,
                            format_func=lambda i: "— Choisir —" if i is None else by_id[i].full_name)
    week = right.selectbox("Semaine", list(heatmap.weeks), key=WEEK_KEY, format_func=week_label)
    if person is None:
        st.caption("Cliquez une case de la carte, ou choisissez une personne et une semaine.")
        return
    row, cell = by_id[person], heat.cell_of(by_id[person], week)
    if cell is not None:
        st.markdown(f"**{md_escape(row.full_name)}**, {week_label(week)} : {formatting.hours(cell.load_minutes)} "
                    f"planifiées pour {formatting.hours(cell.capacity_minutes)} disponibles "
                    f"({heat.percent_text(cell.load_minutes, cell.capacity_minutes)})"
                    + (" — **surcharge**" if cell.over_allocated else "") + ".")
    tasks = queries.cell_tasks(ctx.uow(), ctx.principal, person, week)
    if not tasks:
        st.info("Aucune tâche ne charge cette personne cette semaine.")
        return
    st.dataframe([{"Tâche": t.label, "Cette semaine": formatting.hours(t.load_minutes),
                   "Estimation": formatting.hours(t.estimated_minutes), "Client": t.client_name,
                   "Mission": t.mission_label, "Début prévu": formatting.day(t.planned_start),
                   "Fin prévue": formatting.day(t.planned_end), "Échéance": formatting.day(t.due_on),
                   "Statut": t.status.label} for t in tasks],
                 hide_index=True, width="stretch", key="workload.cell.tasks")
    missions = {t.mission_id: t for t in tasks}
    for mission_id, t in missions.items():
        st.page_link(MISSIONS_PAGE, label=f"Ouvrir la mission {md_escape(t.mission_label)} "
                                          f"({md_escape(t.client_name)})",
                     icon=":material/work:", query_params={"mission": str(mission_id)})


team_id, start, weeks, only_over, sort_by = filters()
heatmap = queries.heatmap(ctx.uow(), ctx.principal, start, weeks=weeks, team_id=team_id)
if not heatmap.rows:
    st.info("Personne d'actif dans cette équipe : rattachez des utilisateurs aux équipes depuis « Utilisateurs ».")
    st.stop()
if not heat.has_load(heatmap.rows):
    empty_state()
    st.stop()
rows = heat.arrange(heatmap.rows, only_over, sort_by)
counters(rows)
if not rows:
    st.success("Personne n'est en surcharge sur ces semaines.")
    st.stop()
map_tab, table_tab = st.tabs(["Carte", "Tableau"])
with map_tab:
    event = chart(rows, heatmap.weeks)
with table_tab:
    table(rows, heatmap.weeks[0], weeks)
follow_click(event, rows, heatmap.weeks)
drill_down(heatmap, rows)
