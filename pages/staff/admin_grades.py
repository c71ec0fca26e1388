"""Grades et taux: hourly selling and cost rates per grade, with effective dates (history kept)."""

import plotly.graph_objects as go
import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.firm import queries, settings
from domain.firm.model import rate_in_force
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash

ctx = require_staff(Permission.ADMINISTER)
show_flash()
st.title("Grades et taux horaires")
grades, rates = queries.grades_with_rates(ctx.uow(), ctx.principal)
today = ctx.clock.today()

current = []
for grade in grades:
    rate = rate_in_force(rates, grade.id, today)
    current.append({"Grade": grade.label,
                    "Taux de vente / h": formatting.eur_cents(rate.selling_rate_cents) if rate else "—",
                    "Coût de revient / h": formatting.eur_cents(rate.cost_rate_cents) if rate else "—",
                    "En vigueur depuis": formatting.day(rate.effective_from) if rate else "Aucun taux"})
st.subheader(f"Taux en vigueur au {formatting.day(today)}")
st.dataframe(current, hide_index=True, width="stretch")

labels = {g.id: g.label for g in grades}
if rates:
    figure = go.Figure()
    for grade in grades:
        own = [r for r in rates if r.grade_id == grade.id]
        if not own:
            continue
        # The last rate holds until today: extend its step so a single rate still draws a line.
        dates = [r.effective_from for r in own] + [max(today, own[-1].effective_from)]
        values = [r.selling_rate_cents / 100 for r in own] + [own[-1].selling_rate_cents / 100]
        figure.add_scatter(x=dates, y=values, name=grade.label, mode="lines+markers", line_shape="hv")
    figure.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10), yaxis_title="€ HT / heure",
                         title="Historique des taux de vente", separators=", ")
    st.plotly_chart(figure, width="stretch")

with st.expander("Historique complet"):
    st.dataframe([{"Grade": labels[r.grade_id], "À partir du": formatting.day(r.effective_from),
                   "Taux de vente / h": formatting.eur_cents(r.selling_rate_cents),
                   "Coût de revient / h": formatting.eur_cents(r.cost_rate_cents)} for r in rates],
                 hide_index=True, width="stretch")

st.subheader("Nouveau taux")
st.caption("Un nouveau taux s'applique à partir de sa date ; les temps antérieurs restent valorisés aux taux d'alors.")
with st.form("grades.rate"):
    grade_id = st.selectbox("Grade", list(labels), format_func=labels.get, key="grades.rate.grade")
    left, middle, right = st.columns(3)
    effective = left.date_input("À partir du", today, format="DD/MM/YYYY", key="grades.rate.from")
    selling = middle.text_input("Taux de vente (€ HT / h)", key="grades.rate.selling", placeholder="120,00")
    cost = right.text_input("Coût de revient (€ / h)", key="grades.rate.cost", placeholder="55,00")
    if st.form_submit_button("Ajouter le taux", type="primary"):
        attempt(lambda: settings.add_rate(ctx.uow(), ctx.principal, ctx.clock, grade_id, effective, selling, cost),
                "Taux enregistré.")

with st.form("grades.add", clear_on_submit=True):
    label = st.text_input("Nouveau grade (ex. Expert-comptable stagiaire)", key="grades.add.label")
    if st.form_submit_button("Créer le grade"):
        attempt(lambda: settings.add_grade(ctx.uow(), ctx.principal, ctx.clock, label), "Grade créé.")
