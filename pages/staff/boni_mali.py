"""Boni / Mali: where the firm earns and loses money (DOMAIN.md §3). Narrow down from the firm to a partner, a
client and a mission, whose time entries and invoices are listed; group the missions kept by client, partner,
manager, collaborator, fiscal year or mission type; the worst or best 20; Excel and CSV downloads.
Figures come from `sql/boni_mali_*.sql` (domain/analytics/reports.py); fees and rates need SEE_MONEY."""

import plotly.graph_objects as go
import streamlit as st

from domain.access.model import Permission
from domain.analytics import reports
from domain.analytics.workbook import csv_bytes, xlsx_bytes
from domain.formatting import day, eur_cents, hours
from pages._ui.context import require_staff

ctx = require_staff(Permission.SEE_MONEY)
st.title("Boni / Mali")
st.caption("Honoraires facturés HT (débours exclus, avoirs déduits) comparés au temps passé valorisé au prix de "
           "vente du grade en vigueur le jour de la saisie, sur l'exercice de chaque mission (un forfait mensuel "
           "se compare à l'exercice entier, pas au mois). Une mission sans facture est de l'en-cours, pas un mali.")

BY_LABELS = {"client": "Client", "partner": "Associé", "manager": "Responsable de mission", "mission": "Mission",
             "collaborator": "Collaborateur", "fiscal_year": "Exercice", "mission_type": "Type de mission"}
SORTS = {"worst": "Les 20 pires", "best": "Les 20 meilleurs", "all": "Tout"}

today = ctx.clock.today()
one, two, three = st.columns(3)
years = [0, *range(today.year + 1, today.year - 5, -1)]
year = one.selectbox("Exercice clos en", years, index=2, format_func=lambda y: "Tous les exercices" if y == 0 else str(y),
                     key="boni_mali.year")
by = two.selectbox("Regrouper par", list(BY_LABELS), format_func=BY_LABELS.get, key="boni_mali.by")
sort = three.radio("Afficher", list(SORTS), format_func=SORTS.get, horizontal=True, key="boni_mali.sort")

missions = reports.mission_rows(ctx.uow(), ctx.principal, year)
if not missions:
    st.info("Aucune mission avec du temps saisi ou une facture sur cet exercice.")
    st.stop()

# --- drill-down: firm → partner → client → mission ---
partners = sorted({(m["partner_id"], m["partner"] or "Sans associé") for m in missions}, key=lambda p: p[1])
left, middle, right = st.columns(3)
partner = left.selectbox("Associé", [None, *partners], format_func=lambda p: "Tout le cabinet" if p is None else p[1],
                         key="boni_mali.partner")
if partner is not None:
    missions = [m for m in missions if m["partner_id"] == partner[0]]
clients = sorted({(m["client_id"], m["client"]) for m in missions}, key=lambda c: c[1].casefold())
client = middle.selectbox("Client", [None, *clients], format_func=lambda c: "Tous les clients" if c is None else c[1],
                          key="boni_mali.client")
if client is not None:
    missions = [m for m in missions if m["client_id"] == client[0]]
chosen = right.selectbox("Mission", [None, *missions], key="boni_mali.mission",
                         format_func=lambda m: "Toutes les missions" if m is None
                         else f"{m['mission']} — {m['client']} ({day(m['fiscal_year_end'])})")
if chosen is not None:
    missions = [chosen]

firm = reports.summarise(missions, "firm")[0]
k1, k2, k3, k4, k5 = st.columns(5)
k1.metric("Honoraires facturés", eur_cents(firm["fees_cents"]), help="Σ lignes d'honoraires et de travaux "
          "complémentaires des factures émises, HT, moins les avoirs ; débours exclus.")
k2.metric("Temps valorisé", eur_cents(firm["billed_value_cents"]), help="Σ heures × taux de vente du grade en "
          "vigueur le jour de la saisie, des missions facturées.")
k3.metric("Boni / mali", eur_cents(firm["boni_mali_cents"]), help="Honoraires facturés − temps valorisé "
          "(missions facturées).")
rate = reports.percent(firm["fees_cents"], firm["billed_value_cents"])
k4.metric("Taux de réalisation", "—" if rate is None else f"{str(rate).replace('.', ',')} %",
          help="Honoraires facturés ÷ temps valorisé. Au-dessus de 100 % : boni ; en dessous : mali.")
k5.metric("En-cours", eur_cents(firm["wip_cents"]), help="Temps valorisé des missions pas encore facturées "
          f"({firm['wip_missions']} mission(s)) : ni boni ni mali.")

# --- the table grouped as asked, worst or best first ---
if by == "mission":
    table = reports.mission_table(missions)
    values = [m["boni_mali_cents"] for m in missions]
elif by == "collaborator":
    narrowed = partner is not None or client is not None or chosen is not None
    people = reports.people_rows(ctx.uow(), ctx.principal, [m["mission_id"] for m in missions] if narrowed else [],
                                 year)
    rows = reports.person_totals(people)
    table = reports.group_table(rows, by)
    values = [r["boni_mali_cents"] for r in rows]
else:
    rows = reports.summarise(missions, by)
    table = reports.group_table(rows, by)
    values = [r["boni_mali_cents"] for r in rows]
order = sorted(range(len(table.rows)), key=lambda i: (values[i] is None, values[i] or 0))
if sort == "best":
    order = sorted(range(len(table.rows)), key=lambda i: (values[i] is None, -(values[i] or 0)))
shown = order[:20] if sort != "all" else order
headers = [c.header for c in table.columns]
st.dataframe([dict(zip(headers, table.rows[i], strict=True)) for i in shown], hide_index=True, width="stretch",
             key="boni_mali.table")
st.caption(f"{len(shown)} ligne(s) affichée(s) sur {len(table.rows)} ; missions sans facture en « En-cours ».")

billed = [i for i in shown if values[i] is not None]
if billed:
    names = [str(table.rows[i][0]) if by != "mission" else f"{table.rows[i][1]} — {table.rows[i][0]}" for i in billed]
    amounts = [values[i] / 100 for i in billed]
    figure = go.Figure(go.Bar(x=amounts, y=names, orientation="h",
                              marker_color=["#2e7d32" if a >= 0 else "#c62828" for a in amounts],
                              hovertemplate="%{y} : %{x:,.2f} €<extra></extra>"))
    figure.update_layout(height=max(260, 24 * len(billed) + 80), margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         title=f"Boni / mali par {reports.GROUPINGS[by]} (€)", separators=", ",
                         yaxis={"autorange": "reversed"})
    st.plotly_chart(figure, key="boni_mali.chart")

filters = reports.filters_of(by, year, today, ctx.principal.firm_name)
if partner is not None:
    filters.append(("Associé", partner[1]))
if client is not None:
    filters.append(("Client", client[1]))
first, second = st.columns(2)
first.download_button("Télécharger en Excel", xlsx_bytes([table, reports.mission_table(missions)] if by != "mission"
                                                         else [table], filters, ctx.clock.now()),
                      file_name=f"boni-mali-par-{by}.xlsx", icon=":material/download:", key="boni_mali.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
second.download_button("Télécharger en CSV", csv_bytes(table), file_name=f"boni-mali-par-{by}.csv", mime="text/csv",
                       icon=":material/download:", key="boni_mali.csv")

# --- the last level: what lies behind one mission ---
if chosen is not None:
    st.subheader(f"{chosen['mission']} — {chosen['client']}")
    detail = reports.mission_detail(ctx.uow(), ctx.principal, chosen["mission_id"])
    invoices = [d for d in detail if d["source"] == "facture"]
    entries = [d for d in detail if d["source"] == "temps"]
    st.markdown("**Factures et avoirs**")
    if invoices:
        st.dataframe([{"Date": day(d["day"]), "Pièce": f"{d['label']} {d['number'] or ''}".strip(),
                       "Honoraires affectés à la mission": eur_cents(d["value_cents"])} for d in invoices],
                     hide_index=True, width="stretch", key="boni_mali.invoices")
    else:
        st.info("Aucune facture : la mission est en-cours.")
    st.markdown("**Temps passés**")
    st.dataframe([{"Date": day(d["day"]), "Collaborateur": d["label"], "Durée": hours(d["minutes"]),
                   "Valeur au prix de vente": eur_cents(d["value_cents"])} for d in entries],
                 hide_index=True, width="stretch", key="boni_mali.entries")
