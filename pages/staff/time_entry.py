"""Saisie des temps: the person's week as a grid (one row per client/mission/task/activity, one column per day,
hours typed the French way), submission, the manager's comment when sent back, a start/stop timer, and the
budget consumption of the missions in the grid.

The "Imputation" options are the missions relevant to the person (domain.timesheets.queries.week_grid), each
named once ("Client — Mission (exercice clos le …)"); a search by client name adds any other open mission of the
firm to the week (its id is kept in the session). A label typed back is mapped through the grid's targets only."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from domain import formatting
from domain.errors import InvalidInput
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
added_key = f"time_added_{monday.isoformat()}"  # missions added from the search, by id
added: list[int] = st.session_state.setdefault(added_key, [])
grid = queries.week_grid(ctx.uow(), ctx.principal, monday, added)
middle.markdown(f"**Semaine du {formatting.day(monday)} au {formatting.day(monday + timedelta(days=6))}** — "
                f"statut : {grid.sheet.status.label}")

if grid.sheet.status is TimesheetStatus.SENT_BACK and grid.sheet.comment:
    st.warning(f"Semaine renvoyée par votre responsable : {md_escape(grid.sheet.comment)}")

# label → (client, mission, task): the domain makes every label unique, so this maps one label to one mission
targets: dict[str, tuple[int | None, int | None, int | None]] = {INTERNAL: (None, None, None)}
targets.update({target.label: target.key for target in grid.targets})
labels_of = {key: label for label, key in targets.items()}
mission_labels = {t.mission_id: t.label for t in grid.targets if t.task_id is None and t.mission_id is not None}
activity_by_label = {a.label: a for a in Activity}
editor_key = f"time_grid_{monday.isoformat()}"



def _frame(lines, *extra: str) -> pd.DataFrame:
    return pd.DataFrame([{"Imputation": line.target or INTERNAL,
                          "Activité": line.activity.label, "Facturable": line.billable, "Commentaire": line.comment,
                          **{DAYS[i]: minutes_text(line.minutes[i]) for i in range(7)},
                          **({"Facture": line.billed_on} if extra else {})} for line in lines],
                        columns=["Imputation", "Activité", "Facturable", "Commentaire", *DAYS, *extra])


billed = [line for line in grid.lines if line.invoice_id is not None]
frame = _frame([line for line in grid.lines if line.invoice_id is None])

if grid.locked:
    st.info("Semaine validée : ses temps sont verrouillés." if grid.sheet.status is TimesheetStatus.APPROVED
            else "Semaine soumise : en attente de validation par votre responsable.")
    st.dataframe(_frame(grid.lines, "Facture"), hide_index=True, use_container_width=True)
else:
    if billed:  # shown apart and handed back unchanged on save (domain.timesheets.billed)
        st.info("Temps déjà facturé : ces lignes ne peuvent être ni modifiées ni supprimées. Une facture émise "
                "se corrige par un avoir ; un brouillon se supprime dans Facturation du mois.")
        st.dataframe(_frame(billed, "Facture"), hide_index=True, use_container_width=True)
    if frame.empty:
        st.info("Aucune tâche planifiée cette semaine : ajoutez une ligne (bouton + sous la grille), choisissez "
                "l'imputation et tapez les heures (par exemple 1,5 ou 1:30).")
    edited = st.data_editor(
        frame, key=editor_key, num_rows="dynamic", hide_index=True, use_container_width=True,
        column_config={
            "Imputation": st.column_config.SelectboxColumn("Imputation", options=list(targets), required=True,
                                                           width="large"),
            "Activité": st.column_config.SelectboxColumn("Activité", options=list(activity_by_label), required=True),
            "Facturable": st.column_config.CheckboxColumn("Facturable", default=True),
            "Commentaire": st.column_config.TextColumn("Commentaire", max_chars=500),
            **{d: st.column_config.TextColumn(d, help="heures : 1,5 ou 1:30 ou 90 min") for d in DAYS}})

    def _rows() -> list[GridRow]:
        rows = []
        for number, record in enumerate(edited.to_dict("records"), start=1):
            label = record.get("Imputation") or INTERNAL
            if label not in targets:  # never guess: time would go to the wrong mission
                raise InvalidInput(f"Ligne {number} : imputation « {label} » inconnue, choisissez-la à nouveau "
                                   "dans la liste.")
            client_id, mission_id, task_id = targets[label]
            activity = activity_by_label.get(record.get("Activité") or "", Activity.PRODUCTION)
            rows.append(GridRow(activity=activity, client_id=client_id, mission_id=mission_id, task_id=task_id,
                                billable=bool(record.get("Facturable")) and not activity.internal,
                                comment=str(record.get("Commentaire") or ""),
                                days=tuple(record.get(d) for d in DAYS)))
        return rows + services.locked_rows(billed)

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

    with st.expander("Une mission manque à la liste ? Cherchez-la par client", expanded=not grid.choices):
        if grid.team_left_out:
            st.caption(f"Votre équipe a plus de {queries.TEAM_LIMIT} missions en cours : la liste propose les "
                       "vôtres, cherchez les autres ici.")
        text = st.text_input("Nom du client", key=f"time_search_{monday.isoformat()}",
                             placeholder="au moins deux lettres")
        found = queries.searchable_missions(ctx.uow(), ctx.principal, text) if text.strip() else ()
        if text.strip() and not found:
            st.caption("Aucune mission en cours pour ce client (au moins deux lettres du nom).")
        if found:
            named = {choice.mission.id: choice.label for choice in found}
            picked = st.selectbox("Mission à ajouter", list(named), format_func=named.get)
            if len(found) == queries.SEARCH_LIMIT:
                st.caption(f"Les {queries.SEARCH_LIMIT} premières missions : précisez le nom du client.")
            pending = any((st.session_state.get(editor_key) or {}).get(part)
                          for part in ("edited_rows", "added_rows", "deleted_rows"))
            if st.button("Ajouter à la grille", help="Ajoute une ligne pour cette mission ; les heures déjà "
                                                     "tapées sont d'abord enregistrées."):
                def _add() -> bool:
                    if pending:  # the grid is rebuilt with the new line: what was typed would be lost
                        services.save_week(ctx.uow(), ctx.principal, ctx.clock, ctx.principal.user.id, monday,
                                           _rows())
                    st.session_state[added_key] = [*added, picked]
                    return pending

                attempt(_add, lambda saved: f"Mission ajoutée à la grille : {named[picked]}."
                        + (" Les heures tapées ont été enregistrées." if saved else ""))

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
        key = st.selectbox("Imputation", list(labels_of), format_func=labels_of.get)  # chosen by id
        activity_label = st.selectbox("Activité", list(activity_by_label))
        comment = st.text_input("Commentaire")
        if st.form_submit_button("Démarrer le chronomètre"):
            client_id, mission_id, task_id = key
            activity = activity_by_label[activity_label]
            attempt(lambda: services.start_timer(ctx.uow(), ctx.principal, ctx.clock, activity=activity,
                                                 client_id=client_id, mission_id=mission_id, task_id=task_id,
                                                 comment=comment), "Chronomètre démarré.")

with st.sidebar:
    st.markdown("**Consommation des budgets**")
    if not grid.consumption:
        st.caption("Aucune mission dans la grille.")
    for used in grid.consumption:
        name = mission_labels.get(used.mission_id, f"{used.client_name} — {used.label}")
        text = f"{md_escape(name)} : {hours_label(used.minutes)}"
        if used.budget_minutes:
            text += f" / {hours_label(used.budget_minutes)}"
        if used.value_cents is not None:
            text += f" · {formatting.eur_cents(used.value_cents)}"
            if used.fee_cents:
                text += f" / {formatting.eur_cents(used.fee_cents)}"
        st.caption(text)
        if used.share is not None:
            st.progress(min(used.share, 1.0))
