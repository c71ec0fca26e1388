"""Ma semaine: what the signed-in staff member has to do now: their open tasks (planned this week, due within
14 days, overdue), the deadlines of their clients, and the hours still to enter this week. No money here."""

from datetime import timedelta

import streamlit as st

from domain import formatting
from domain.deadlines import queries as deadline_queries
from domain.timesheets.my_week import HORIZON_DAYS, SOON_DAYS, my_week
from pages._ui.context import require_staff
from pages._ui.feedback import show_flash

MISSIONS = "pages/staff/missions.py"
TIME_ENTRY = "pages/staff/time_entry.py"
DEADLINES = "pages/staff/deadlines.py"
DAYS = ("Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim")

ctx = require_staff()
show_flash()
st.title("Ma semaine")
week = my_week(ctx.uow(), ctx.principal, ctx.clock)
today = week.today
st.caption(f"Semaine du {formatting.day(week.monday)} au {formatting.day(week.monday + timedelta(days=6))}.")

columns = st.columns(3)
columns[0].metric("Heures saisies cette semaine", formatting.hours(week.entered_minutes),
                  help=f"Attendu à ce jour selon votre contrat, jours fériés et absences déduits : "
                       f"{formatting.hours(week.expected_minutes)}")
columns[1].metric("Tâches en retard", week.overdue_tasks)
columns[2].metric(f"Échéances sous {SOON_DAYS} jours", week.deadlines_within_week,
                  help=f"Dont en retard : {week.overdue_deadlines}")

# --- Tasks --------------------------------------------------------------------------------------------------
st.subheader("Mes tâches")
if not week.tasks:
    st.info("Aucune tâche assignée pour cette semaine ni à échéance dans les "
            f"{HORIZON_DAYS} prochains jours. Les tâches vous sont assignées depuis le programme de travail "
            "d'une mission (page Missions).")
else:
    if week.overdue_tasks:
        st.error(f"{week.overdue_tasks} tâche(s) en retard.")
    st.dataframe([{
        "Client": t.client_name, "Mission": t.mission_label, "Tâche": t.task.label,
        "Statut": ("🔴 En retard — " if t.overdue else "") + t.task.status.label,
        "Début prévu": formatting.day(t.task.planned_start), "Fin prévue": formatting.day(t.task.planned_end),
        "Échéance": formatting.day(t.task.due_on),
        "Estimé": formatting.hours(t.task.estimated_minutes) if t.task.estimated_minutes else "",
        "Cette semaine": "oui" if t.planned_this_week else "",
    } for t in week.tasks], hide_index=True, width="stretch", key="my_week.tasks")
    missions = {t.mission_id: f"{t.client_name} — {t.mission_label}" for t in week.tasks}
    for mission_id, label in missions.items():
        st.page_link(MISSIONS, label=f"Ouvrir la mission {label}", icon=":material/work:",
                     query_params={"mission": str(mission_id)})

# --- Deadlines ----------------------------------------------------------------------------------------------
st.subheader("Mes échéances")
if not week.deadlines:
    st.info(f"Aucune échéance en retard ni dans les {HORIZON_DAYS} prochains jours pour les clients que vous "
            "suivez (client ou mission dont vous êtes responsable, tâche qui vous est assignée).")
else:
    if week.overdue_deadlines:
        st.error(f"{week.overdue_deadlines} échéance(s) en retard.")
    st.dataframe([{
        "Échéance": formatting.day(d.due_on), "Client": d.client_name, "Obligation": d.label,
        "Statut": ("🔴 " if d.is_overdue(today) else "🟠 " if d.days_left(today) <= SOON_DAYS else "")
                  + d.status(today).label,
        "Délai": deadline_queries.days_label(d, today),
    } for d in week.deadlines], hide_index=True, width="stretch", key="my_week.deadlines")
st.page_link(DEADLINES, label="Toutes les échéances", icon=":material/event:")

# --- Hours ----------------------------------------------------------------------------------------------------
st.subheader("Mes temps")
if week.last_week_pending:
    st.warning(f"La semaine du {formatting.day(week.last_week.week_start)} n'est pas soumise "
               f"({formatting.hours(week.last_week_minutes)} saisies) : complétez-la et soumettez-la.")
status = week.sheet.status
reduced = (f", {formatting.hours(week.week_capacity)} cette semaine après jours fériés et absences"
           if week.week_capacity != week.weekly_minutes else "")
line = (f"Semaine en cours : **{status.label}** — {formatting.hours(week.entered_minutes)} saisies sur "
        f"{formatting.hours(week.expected_minutes)} attendues à ce jour "
        f"(contrat : {formatting.hours(week.weekly_minutes)} par semaine{reduced}).")
st.markdown(line)
if week.missing_minutes:
    st.info(f"Il vous reste {formatting.hours(week.missing_minutes)} à saisir pour les jours écoulés.")
elif week.expected_minutes:
    st.success("Vos temps sont à jour.")
shown = [d for i, d in enumerate(week.days) if i < 5 or d.entered]
rows = [{
    "Jour": f"{DAYS[d.day.weekday()]} {formatting.day(d.day)}",
    "Saisi": formatting.hours(d.entered),
    "Attendu": formatting.hours(d.expected) if d.day <= today else "",
    "Écart": formatting.hours(d.entered - d.expected) if d.day <= today and d.entered < d.expected else "",
} for d in shown]
if any(d.off for d in shown):  # the reason a day asks less (public holiday, absence), only when there is one
    for row, d in zip(rows, shown, strict=True):
        row["Motif"] = d.off
st.dataframe(rows, hide_index=True, width="stretch", key="my_week.hours")
st.page_link(TIME_ENTRY, label="Saisir mes temps", icon=":material/timer:")
