"""Journal d'audit: who did what and when, filterable by action, person and period."""

from datetime import datetime, time, timedelta

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.audit import Action, AuditFilter, describe_target
from domain.firm import queries
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes

ctx = require_staff(Permission.ADMINISTER)
st.title("Journal d'audit")
people = {u.id: u.full_name for u in queries.staff(ctx.uow(), ctx.principal)}
today = ctx.clock.today()
left, middle, right = st.columns(3)
action = left.selectbox("Action", [None, *Action], format_func=lambda a: "Toutes" if a is None else a.label,
                        key="audit.action")
actor = middle.selectbox("Auteur", [None, *people], format_func=lambda i: "Tous" if i is None else people[i],
                         key="audit.actor")
period = right.date_input("Période", (today - timedelta(days=30), today), format="DD/MM/YYYY", key="audit.period")
if not isinstance(period, tuple) or len(period) != 2:
    st.info("Choisissez une date de début et une date de fin.")
    st.stop()
since = datetime.combine(period[0], time.min, tzinfo=formatting.PARIS)
until = datetime.combine(period[1] + timedelta(days=1), time.min, tzinfo=formatting.PARIS)
events = queries.audit_log(ctx.uow(), ctx.principal, AuditFilter(action, actor, since, until, limit=1000))
if not events:
    st.info("Aucun événement pour ces critères.")
    st.stop()
rows = [{"Date": formatting.moment(e.at), "Action": e.action.label,
         "Auteur": e.actor_label or ("Système" if e.actor_user_id is None else f"#{e.actor_user_id}"),
         "Objet": describe_target(e.target_type, e.target_id, people),
         "Détails": "; ".join(f"{k} : {v}" for k, v in e.details.items())} for e in events]
st.dataframe(rows, hide_index=True, width="stretch")
st.caption(f"{len(events)} événement(s), les plus récents d'abord (1 000 au plus).")
st.download_button("Télécharger (CSV)", csv_bytes(rows), file_name=f"journal-audit-{period[0]:%Y%m%d}-{period[1]:%Y%m%d}.csv",
                   mime="text/csv", key="audit.csv")
