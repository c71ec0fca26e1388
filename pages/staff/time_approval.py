"""Validation des temps: the submitted weeks the approver decides on (anyone's for an administrator, else those of
their team when they have one: domain.timesheets.scope), with total and billable share; open a week to see its
entries, approve it or send it back with a comment."""

import pandas as pd
import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.timesheets import queries, scope, services
from domain.timesheets.validation import hours_label, minutes_text
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff(Permission.APPROVE_TIME)
show_flash()
st.title("Validation des temps")
st.caption("Vous validez les semaines de tout le cabinet, sauf la vôtre." if scope.approves_everyone(ctx.principal)
           else "Vous validez les semaines de votre équipe, sauf la vôtre ; un administrateur valide celles de "
                "tout le cabinet.")

weeks = queries.weeks_to_approve(ctx.uow(), ctx.principal)
if not weeks:
    st.info("Aucune semaine à valider : les semaines soumises par les collaborateurs apparaîtront ici.")
    st.stop()

st.dataframe(pd.DataFrame([{"Collaborateur": w.person, "Semaine du": formatting.day(w.sheet.week_start),
                            "Heures": hours_label(w.minutes), "Part facturable": f"{w.billable_share:.0%}"}
                           for w in weeks]), hide_index=True, use_container_width=True)

labels = {f"{w.person} — semaine du {formatting.day(w.sheet.week_start)}": w for w in weeks}
chosen = labels[st.selectbox("Semaine à examiner", list(labels))]
lines = queries.week_entries(ctx.uow(), ctx.principal, chosen.sheet.user_id, chosen.sheet.week_start)
st.dataframe(pd.DataFrame([{"Date": formatting.day(line.entry.day), "Client": line.client_name,
                            "Mission": line.mission_label, "Tâche": line.task_label,
                            "Activité": line.entry.activity.label, "Heures": minutes_text(line.entry.minutes),
                            "Facturable": "oui" if line.entry.billable else "non",
                            "Commentaire": line.entry.comment} for line in lines]),
             hide_index=True, use_container_width=True)
st.markdown(f"Total : **{hours_label(chosen.minutes)}** dont {hours_label(chosen.billable_minutes)} facturables "
            f"({md_escape(chosen.person)}).")

approve, back = st.columns(2)
if approve.button("Valider", type="primary"):
    attempt(lambda: services.approve_week(ctx.uow(), ctx.principal, ctx.clock, chosen.sheet.user_id,
                                         chosen.sheet.week_start), "Semaine validée : ses temps sont verrouillés.")
with back.form("send_back"):
    comment = st.text_area("Commentaire pour le collaborateur *", help="ce qui doit être corrigé")
    if st.form_submit_button("Renvoyer"):
        attempt(lambda: services.send_back(ctx.uow(), ctx.principal, ctx.clock, chosen.sheet.user_id,
                                           chosen.sheet.week_start, comment), "Semaine renvoyée au collaborateur.")
