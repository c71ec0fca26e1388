"""Saisie des temps: the person's week as a grid (one row per client/mission/task/activity, one column per day,
hours typed the French way), submission, the manager's comment when sent back, a start/stop timer, and the
budget consumption of the missions in the grid."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from domain import formatting
from domain.timesheets import queries, services
from domain.timesheets.model import Activity, TimesheetStatus, week_start
from domain.timesheets.services import GridRow
from domain.timesheets.validation import hours_label, minutes_text
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff()
show_flash()
st.title("Saisie des temps")

DAYS = ("Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim")
INTERNAL = "(temps interne)"
if "time_week" not in st.session_state:
    st.session_state["time_week"] = week_start(ctx.clock.today())
monday: date = st.session_state["time_week"]

left, middle, right = st.columns([1, 3, 1])
if left.button("◀ Semaine précédente"):
    st.session_state["time_week"] = monday - timedelta(days=7)
    st.rerun()
if right.button("Semaine suivante ▶"):
    st.session_state["time_week"] = monday + timedelta(days=7)
    st.rerun()
grid = queries.week_grid(ctx.uow(), ctx.principal, monday)
middle.markdown(f"**Semaine du {formatting.day(monday)} au {formatting.day(monday + timedelta(days=6))}** — "
                f"statut : {grid.sheet.status.label}")

if grid.sheet.status is TimesheetStatus.SENT_BACK and grid.sheet.comment:
    st.warning(f"Semaine renvoyée par votre responsable : {md_escape(grid.sheet.comment)}")

targets: dict[str, tuple[int | None, int | None, int | None]] = {INTERNAL: (None, None, None)}
for choice in grid.choices:
    targets[choice.label] = (choice.mission.client_id, choice.mission.id, None)
    for task in choice.tasks:
        targets[f"{choice.label} › {task.label}"] = (choice.mission.client_id, choice.mission.id, task.id)
labels_of = {v: k for k, v in targets.items()}
activity_by_label = {a.label: a for a in Activity}


def _target_label(line) -> str:
    return labels_of.get((line.client_id, line.mission_id, line.task_id),
                         f"{line.client_name} — {line.mission_label}" + (f" › {line.task_label}" if line.task_label else ""))


frame = pd.DataFrame([{"Imputation": _target_label(line) if line.mission_id or line.client_id else INTERNAL,
                       "Activité": line.activity.label, "Facturable": line.billable, "Commentaire": line.comment,
                       **{DAYS[i]: minutes_text(line.minutes[i]) for i in range(7)}} for line in grid.lines],
                     columns=["Imputation", "Activité", "Facturable", "Commentaire", *DAYS])

if grid.locked:
    st.info("Semaine validée : ses temps sont verrouillés." if grid.sheet.status is TimesheetStatus.APPROVED
            else "Semaine soumise : en attente de validation par votre responsable.")
    st.dataframe(frame, hide_index=True, use_container_width=True)
else:
    if frame.empty:
        st.info("Aucune tâche planifiée cette semaine : ajoutez une ligne (bouton + sous la grille), choisissez "
                "l'imputation et tapez les heures (par exemple 1,5 ou 1:30).")
    edited = st.data_editor(
        frame, key=f"time_grid_{monday.isoformat()}", num_rows="dynamic", hide_index=True, use_container_width=True,
        column_config={
            "Imputation": st.column_config.SelectboxColumn("Imputation", options=list(targets), required=True,
                                                           width="large"),
            "Activité": st.column_config.SelectboxColumn("Activité", options=list(activity_by_label), required=True),
            "Facturable": st.column_config.CheckboxColumn("Facturable", default=True),
            "Commentaire": st.column_config.TextColumn("Commentaire", max_chars=500),
            **{d: st.column_config.TextColumn(d, help="heures : 1,5 ou 1:30 ou 90 min") for d in DAYS}})

    def _rows() -> list[GridRow]:
        rows = []
        for record in edited.to_dict("records"):
            client_id, mission_id, task_id = targets.get(record.get("Imputation") or INTERNAL, (None, None, None))
            activity = activity_by_label.get(record.get("Activité") or "", Activity.PRODUCTION)
            rows.append(GridRow(activity=activity, client_id=client_id, mission_id=mission_id, task_id=task_id,
                                billable=bool(record.get("Facturable")) and not activity.internal,
                                comment=str(record.get("Commentaire") or ""),
                                days=tuple(record.get(d) for d in DAYS)))
        return rows

    save, submit = st.columns(2)
    if save.button("Enregistrer", type="primary"):
        attempt(lambda: services.save_week(ctx.uow(), ctx.principal, ctx.clock, ctx.principal.user.id, monday,
                                           _rows()), lambda n: f"Semaine enregistrée ({n} saisie(s)).")
    confirm = submit.checkbox("Je confirme que la semaine est complète")
    if submit.button("Soumettre la semaine", disabled=not confirm):
        def _save_and_submit():
            services.save_week(ctx.uow(), ctx.principal, ctx.clock, ctx.principal.user.id, monday, _rows())
            return services.submit_week(ctx.uow(), ctx.principal, ctx.clock, ctx.principal.user.id, monday)

        attempt(_save_and_submit, "Semaine soumise à votre responsable.")

totals = grid.day_totals
st.markdown(" · ".join(f"{DAYS[i]} {hours_label(totals[i])}" for i in range(7))
            + f" — **Total de la semaine : {hours_label(grid.total)}**")

st.subheader("Chronomètre")
if grid.timer is not None:
    timer = grid.timer
    target = labels_of.get((timer.client_id, timer.mission_id, timer.task_id), INTERNAL)
    st.write(f"En cours depuis {formatting.moment(timer.started_at)} : {md_escape(target)} "
             f"({timer.activity.label})")
    if st.button("Arrêter le chronomètre"):
        attempt(lambda: services.stop_timer(ctx.uow(), ctx.principal, ctx.clock),
                lambda e: f"Chronomètre arrêté : {hours_label(e.minutes)} ajoutées au {formatting.day(e.day)}.")
else:
    with st.form("timer"):
        target = st.selectbox("Imputation", list(targets))
        activity_label = st.selectbox("Activité", list(activity_by_label))
        comment = st.text_input("Commentaire")
        if st.form_submit_button("Démarrer le chronomètre"):
            client_id, mission_id, task_id = targets[target]
            activity = activity_by_label[activity_label]
            attempt(lambda: services.start_timer(ctx.uow(), ctx.principal, ctx.clock, activity=activity,
                                                 client_id=client_id, mission_id=mission_id, task_id=task_id,
                                                 comment=comment), "Chronomètre démarré.")

with st.sidebar:
    st.markdown("**Consommation des budgets**")
    if not grid.consumption:
        st.caption("Aucune mission dans la grille.")
    for used in grid.consumption:
        text = f"{md_escape(used.client_name)} — {md_escape(used.label)} : {hours_label(used.minutes)}"
        if used.budget_minutes:
            text += f" / {hours_label(used.budget_minutes)}"
        if used.value_cents is not None:
            text += f" · {formatting.eur_cents(used.value_cents)}"
            if used.fee_cents:
                text += f" / {formatting.eur_cents(used.fee_cents)}"
        st.caption(text)
        if used.share is not None:
            st.progress(min(used.share, 1.0))
