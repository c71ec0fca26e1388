"""Planning: the Gantt of every dossier's dated tasks, grouped by collaborator, client or mission and filtered by
period, team, status and person. Selecting bars (click, box or lasso) or picking tasks in a list opens them for
new dates or another assignee; the workload impact (person × week) is shown before saving, all or nothing.
The tasks shown download as CSV. The chart itself is built by `pages/_ui/gantt.py`."""

import zlib
from datetime import timedelta

import streamlit as st

from domain.engagements.model import TaskStatus
from domain.errors import DomainError, InvalidInput
from domain.planning import queries, selection, services
from domain.planning.model import GanttFilter, GanttTask, GroupBy
from domain.planning.selection import MAX_SHIFT_DAYS, TaskMove
from domain.workload.rules import monday
from pages._ui import gantt
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes
from pages._ui.feedback import attempt, show_flash

ctx = require_staff()
show_flash()
st.title("Planning")
MISSIONS = "pages/staff/missions.py"
ROUND, PREVIEW = "planning.round", "planning.preview"  # a save starts a new round: selections and inputs reset
SCROLL_PX = 640
today = ctx.clock.today()
teams, people = queries.filter_choices(ctx.uow(), ctx.principal)
team_names = {t.id: t.name for t in teams}
names = {u.id: u.full_name for u in people}
round_ = st.session_state.setdefault(ROUND, 0)


def filters() -> tuple[GanttFilter | None, GroupBy]:
    first = monday(today)
    a, b, c, d = st.columns(4)
    start = a.date_input("Du", first, format="DD/MM/YYYY", key="planning.from")
    end = b.date_input("Au", first + timedelta(weeks=13, days=-1), format="DD/MM/YYYY", key="planning.to")
    team = c.selectbox("Équipe", [None, *team_names], key="planning.team",
                       format_func=lambda i: "Toutes les équipes" if i is None else team_names[i])
    person = d.selectbox("Personne", [None, *names], key="planning.person",
                         format_func=lambda i: "Tout le monde" if i is None else names[i])
    left, right = st.columns(2)
    statuses = left.multiselect("Statuts", list(TaskStatus), format_func=lambda s: s.label, key="planning.statuses",
                                placeholder="Tous les statuts")
    by = right.radio("Regrouper par", list(GroupBy), format_func=lambda g: g.label, horizontal=True,
                     key="planning.by")
    if start is None or end is None:
        st.error("Choisissez le début et la fin de la période.")
        return None, by
    return GanttFilter(start, end, team, tuple(statuses), person), by


def counters(tasks: list[GanttTask]) -> None:
    found = gantt.counters(tasks)
    a, b, c, d = st.columns(4)
    a.metric("Tâches affichées", found.shown)
    b.metric("En retard", found.overdue, help="Échéance passée et tâche non terminée")
    c.metric("Bloquées", found.blocked)
    d.metric("Sans intervenant", found.unassigned)


def empty_state(flt: GanttFilter) -> None:
    narrowed = flt.team_id is not None or flt.user_id is not None or flt.statuses
    st.info(("Aucune tâche ne correspond à ces filtres sur cette période. " if narrowed else
             "Aucune tâche planifiée sur cette période. ")
            + "Le planning montre les tâches qui ont une date de début et une date de fin prévues : renseignez-les "
              "(avec l'intervenant) dans le programme de travail de chaque mission.")
    st.page_link(MISSIONS, label="Ouvrir les missions", icon=":material/work:")


def chart(tasks: list[GanttTask], flt: GanttFilter, by: GroupBy) -> tuple[list[GanttTask], list[int]]:
    """Draw one page of rows; return the tasks it shows and the ids of the bars selected on it."""
    chunks = gantt.pages(gantt.groups(tasks, by))
    page = chunks[0]
    if len(chunks) > 1:
        index = st.selectbox("Lignes affichées", range(len(chunks)), key=f"planning.page.{by}.{len(chunks)}",
                             format_func=lambda i: f"{i + 1}/{len(chunks)} : {gantt.page_label(chunks[i])}",
                             help="Au-delà d'une centaine de lignes, le planning se lit page par page.")
        page = chunks[index]
    st.caption("Rouge : en retard · orange hachuré : bloquée · bleu : en cours · bleu clair : à faire · gris : "
               "terminée ; pointillés : aujourd'hui. Cliquez sur une barre, ou tracez un rectangle ou un lasso, "
               "pour replanifier les tâches choisies.")
    figure = gantt.figure(page, today, flt.start, flt.end)
    lanes = sum(g.lanes for g in page)
    frame = st.container(height=SCROLL_PX) if gantt.chart_height(lanes) > SCROLL_PX else st.container()
    with frame:
        event = st.plotly_chart(figure, key=f"planning.gantt.{round_}", on_select="rerun", width="stretch",
                                selection_mode=("points", "box", "lasso"), config={"displaylogo": False})
    return [t for g in page for t, _ in g.placed], selection.selected_task_ids(event)


def picked(shown: list[GanttTask], by_id: dict[int, GanttTask], from_chart: list[int]) -> list[GanttTask]:
    """The chart's selection plus the tasks picked in the list (for the keyboard, or where the chart cannot be
    clicked)."""
    options = sorted((t.task_id for t in shown), key=lambda i: gantt.choice_label(by_id[i]).casefold())
    digest = zlib.crc32(repr(options).encode())  # other tasks listed: a fresh list, never a stale choice
    chosen = st.multiselect("Ou choisissez les tâches dans la liste", options, key=f"planning.pick.{round_}.{digest}",
                            format_func=lambda i: gantt.choice_label(by_id[i]), placeholder="Tâches à replanifier")
    ids = dict.fromkeys([*from_chart, *chosen])
    return [by_id[i] for i in ids if i in by_id]


def assignee_picker(label: str, current: int | None, key: str, column, disabled: bool = False,
                    current_name: str = "") -> int | None:
    options = {None: "— Non affectée —", **names}
    if current is not None and current not in options:
        options[current] = f"{current_name} (inactif)"
    keys = list(options)
    return column.selectbox(label, keys, index=keys.index(current), format_func=options.get, key=key,
                            disabled=disabled, placeholder=options[None])


def moves_for(chosen: list[GanttTask]) -> list[TaskMove]:
    """The change asked for: dates and assignee of one task, or a shift (and reassignment) of several."""
    a, b, c = st.columns(3)
    if len(chosen) == 1:
        task = chosen[0]
        key = f"planning.edit.{round_}.{task.task_id}"
        start = a.date_input("Début prévu", task.planned_start, format="DD/MM/YYYY", key=f"{key}.start")
        end = b.date_input("Fin prévue", task.planned_end, format="DD/MM/YYYY", key=f"{key}.end")
        who = assignee_picker("Intervenant", task.assignee_id, f"{key}.who", c, current_name=task.assignee_name)
        if start is None or end is None:
            raise InvalidInput("Renseignez le début et la fin prévus de la tâche.")
        return [selection.rescheduled(task, start, end, who)]
    key = f"planning.edit.{round_}.many"
    days = a.number_input("Décaler de (jours)", min_value=-MAX_SHIFT_DAYS, max_value=MAX_SHIFT_DAYS, value=0,
                          step=1, key=f"{key}.days", help="Négatif : plus tôt. Le début et la fin de chaque tâche "
                                                          "bougent d'autant de jours calendaires.")
    reassign = b.checkbox("Réaffecter les tâches", key=f"{key}.reassign")
    who = assignee_picker("Réaffecter à", None, f"{key}.who", c, disabled=not reassign)
    return selection.shifted(chosen, int(days), who, reassign)


def show_impact(changed: list[TaskMove]) -> None:
    if st.button("Voir l'impact", key=f"planning.impact.{round_}"):
        try:
            rows = services.impact(ctx.uow(), ctx.principal, today, changed)
        except DomainError as err:
            st.error(err.message)
            return
        st.session_state[PREVIEW] = (tuple(changed), rows)
    preview = st.session_state.get(PREVIEW)
    if not preview or preview[0] != tuple(changed):
        st.caption("Voyez l'impact sur la charge de chacun avant d'enregistrer.")
        return
    rows = preview[1]
    if not rows:
        st.info("Aucune semaine ne change de charge : personne n'est concerné, ou la charge reste la même.")
    else:
        over = sum(1 for r in rows if r.over_allocated_after)
        (st.warning if over else st.success)(
            f"{over} semaine(s) surchargée(s) après ce changement." if over else "Personne n'est surchargé après ce "
                                                                                  "changement.")
        st.dataframe(gantt.impact_rows(rows), hide_index=True, width="stretch", key=f"planning.impact.rows.{round_}")
    if st.button("Enregistrer", type="primary", key=f"planning.save.{round_}"):
        def save() -> int:
            count = services.apply_moves(ctx.uow(), ctx.principal, ctx.clock, changed)
            st.session_state.pop(PREVIEW, None)
            st.session_state[ROUND] = round_ + 1
            return count
        attempt(save, lambda count: f"{count} tâche(s) replanifiée(s).")


def edit_panel(chosen: list[GanttTask], by_id: dict[int, GanttTask]) -> None:
    st.subheader(f"Replanifier {len(chosen)} tâche(s)")
    columns = ("Tâche", "Client", "Mission", "Intervenant", "Début prévu", "Fin prévue", "Échéance", "Statut")
    st.dataframe([{k: row[k] for k in columns} for row in gantt.task_rows(chosen)], hide_index=True,
                 width="stretch", key=f"planning.chosen.{round_}")
    try:
        moves = moves_for(chosen)
    except DomainError as err:
        st.error(err.message)
        return
    changed = gantt.real_changes(moves, by_id)
    if not changed:
        st.caption("Changez les dates ou l'intervenant pour voir l'impact puis enregistrer.")
        return
    show_impact(changed)


flt, by = filters()
if flt is None:
    st.stop()
try:
    tasks = queries.gantt(ctx.uow(), ctx.principal, today, flt)
except DomainError as err:
    st.error(err.message)
    st.stop()
counters(tasks)
if not tasks:
    empty_state(flt)
    st.stop()
st.download_button("Télécharger les tâches (CSV)", csv_bytes(gantt.task_rows(tasks)),
                   file_name=f"planning-{flt.start.isoformat()}-{flt.end.isoformat()}.csv", mime="text/csv",
                   key="planning.csv")
by_id = {t.task_id: t for t in tasks}
shown, from_chart = chart(tasks, flt, by)
chosen = picked(shown, by_id, from_chart)
if chosen:
    edit_panel(chosen, by_id)
