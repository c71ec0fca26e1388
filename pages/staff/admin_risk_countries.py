"""Pays à haut risque: the firm's lists (FATF call for action, FATF increased monitoring, EU list), each entry
with its dates; adding or removing a country flags the clients concerned for an LCB-FT review."""

from datetime import date

import streamlit as st

from domain.access.model import Permission
from domain.compliance import countries
from domain.compliance import party_services as ps
from domain.compliance.countries import RiskList
from domain.formatting import day
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash

ctx = require_staff(Permission.ADMINISTER)
show_flash()
st.title("Pays à haut risque")
st.caption("Listes du GAFI (mises à jour aux plénières de février, juin et octobre) et liste de l'UE (règlement "
           "délégué 2016/1675 modifié). Une inscription vaut à partir de sa date et jusqu'à la veille de son retrait. "
           "Tout ajout ou retrait demande une revue LCB-FT des clients dont un pays (immatriculation, activité, "
           "résidence ou nationalité d'une personne) est concerné.")

entries = ps.risk_lists(ctx.uow(), ctx.principal)
today = ctx.clock.today()
show_all = st.toggle("Afficher aussi les inscriptions retirées", key="risk.all")
shown = [e for e in entries if show_all or e.removed_on is None or e.removed_on > today]
for risk_list in RiskList:
    mine = [e for e in shown if e.risk_list is risk_list]
    st.subheader(risk_list.label)
    if not mine:
        st.write("Aucun pays.")
        continue
    st.dataframe([{"Pays": countries.country_name(e.country), "Code": e.country, "Inscrit le": day(e.listed_on),
                   "Retiré le": day(e.removed_on) if e.removed_on else "",
                   "En vigueur aujourd'hui": "Oui" if e.in_force(today) else "Non", "Note": e.note}
                  for e in sorted(mine, key=lambda e: countries.country_name(e.country))],
                 hide_index=True, width="stretch")

st.subheader("Ajouter un pays à une liste")
with st.form("risk.add", clear_on_submit=True):
    a, b, c = st.columns([3, 1, 2])
    risk_list = a.selectbox("Liste", list(RiskList), format_func=lambda r: r.label)
    code = b.text_input("Code pays (ISO)", max_chars=2, key="risk.add.code")
    listed_on = c.date_input("Inscrit le", today, min_value=date(2000, 1, 1), format="DD/MM/YYYY")
    note = st.text_input("Note (source, plénière…)", max_chars=300)
    if st.form_submit_button("Ajouter", type="primary"):
        attempt(lambda: ps.add_risk_country(ctx.uow(), ctx.principal, ctx.clock, risk_list, code, listed_on, note),
                lambda flagged: f"Pays ajouté : {flagged} client(s) à revoir.")

st.subheader("Retirer un pays d'une liste")
current = {e.id: e for e in entries if e.removed_on is None}
with st.form("risk.remove"):
    chosen = st.selectbox("Inscription", list(current), index=None, placeholder="Choisissez une inscription",
                          format_func=lambda i: f"{countries.country_name(current[i].country)} — "
                                                f"{current[i].risk_list.label}")
    removed_on = st.date_input("Retiré le", today, min_value=date(2000, 1, 1), format="DD/MM/YYYY")
    if st.form_submit_button("Retirer"):
        if chosen is None:
            st.error("Choisissez l'inscription à retirer.")
        else:
            attempt(lambda: ps.remove_risk_country(ctx.uow(), ctx.principal, ctx.clock, chosen, removed_on),
                    lambda flagged: f"Pays retiré de la liste : {flagged} client(s) à revoir.")
