"""Abonnement: the firm's EEXPI seats, free first month, and the SYNTEC revision P1 = P0 × S1 / S0."""

from datetime import date

import plotly.graph_objects as go
import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.subscription import services as subscription
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash

ctx = require_staff(Permission.ADMINISTER)
show_flash()
st.title("Abonnement EEXPI")
view = subscription.view_subscription(ctx.uow(), ctx.principal, ctx.clock)
bill, terms = view.bill, view.terms

if bill.in_trial:
    st.success(f"Période d'essai gratuite jusqu'au {formatting.day(bill.trial_end)} inclus.")
else:
    st.caption(f"Abonnement depuis le {formatting.day(terms.started_on)} ; période d'essai terminée le "
               f"{formatting.day(bill.trial_end)}.")
st.dataframe([{"Type d'utilisateur": line.label, "Sièges actifs": line.seats,
               "Prix unitaire HT / mois": formatting.eur(line.unit_price), "Montant HT": formatting.eur(line.amount)}
              for line in bill.lines], hide_index=True, width="stretch")
a, b, c = st.columns(3)
a.metric("Total mensuel HT", formatting.eur(bill.total_excl_vat))
b.metric("TVA (20 %)", formatting.eur(bill.vat))
c.metric("Total mensuel TTC", formatting.eur(bill.total_incl_vat))
st.caption("Les utilisateurs du portail client ne sont pas facturés.")

st.subheader("Révision annuelle (indice SYNTEC)")
if view.revision is None:
    st.warning(view.revision_problem)
else:
    r = view.revision
    st.write(f"Prochaine révision le **{formatting.day(r.revision_date)}** : P1 = P0 × S1 / S0, avec "
             f"S0 = indice de {formatting.month(r.s0.month)} ({formatting.number(r.s0.value)}) et "
             f"S1 = dernier indice publié, {formatting.month(r.s1.month)} ({formatting.number(r.s1.value)}).")
    st.dataframe([
        {"Siège": "Administrateur", "P0": formatting.eur(r.admin_before),
         "Calcul": f"{formatting.eur(r.admin_before)} × {formatting.number(r.s1.value)} / {formatting.number(r.s0.value)}",
         "P1": formatting.eur(r.admin_after)},
        {"Siège": "Collaborateur", "P0": formatting.eur(r.collaborator_before),
         "Calcul": f"{formatting.eur(r.collaborator_before)} × {formatting.number(r.s1.value)} / {formatting.number(r.s0.value)}",
         "P1": formatting.eur(r.collaborator_after)},
    ], hide_index=True, width="stretch")
    st.caption(f"Coefficient de révision : {formatting.number(r.coefficient, 4)}")

st.subheader("Indice SYNTEC")
if view.indices:
    figure = go.Figure(go.Scatter(x=[i.month for i in view.indices], y=[float(i.value) for i in view.indices],
                                  mode="lines+markers", name="SYNTEC"))
    figure.update_layout(height=260, margin=dict(l=10, r=10, t=10, b=10), separators=", ")
    st.plotly_chart(figure, width="stretch")
    st.dataframe([{"Mois": formatting.month(i.month), "Valeur": formatting.number(i.value),
                   "Référence S0": "✓" if i.month == terms.reference_month else ""} for i in reversed(view.indices)],
                 hide_index=True, width="stretch", height=250)

with st.form("syntec.set"):
    left, middle = st.columns(2)
    picked = left.date_input("Mois (n'importe quel jour du mois)", ctx.clock.today().replace(day=1),
                             format="DD/MM/YYYY", key="syntec.month")
    value = middle.text_input("Valeur de l'indice", placeholder="322,2", key="syntec.value")
    if st.form_submit_button("Enregistrer la valeur", type="primary"):
        attempt(lambda: subscription.set_index(ctx.uow(), ctx.principal, ctx.clock, picked, value),
                "Valeur de l'indice enregistrée.")

if view.indices:
    months = [i.month for i in view.indices]
    with st.form("syntec.reference"):
        chosen: date = st.selectbox("Mois de référence S0 de l'abonnement", months, index=months.index(
            terms.reference_month) if terms.reference_month in months else 0, format_func=formatting.month,
            key="syntec.reference.month")
        if st.form_submit_button("Définir comme référence"):
            attempt(lambda: subscription.set_reference_month(ctx.uow(), ctx.principal, ctx.clock, chosen),
                    "Mois de référence enregistré.")
    with st.form("syntec.delete"):
        doomed: date = st.selectbox("Supprimer une valeur", months, format_func=formatting.month, key="syntec.delete.month")
        confirmed = st.checkbox("Je confirme la suppression", key="syntec.delete.ok")
        if st.form_submit_button("Supprimer"):
            if not confirmed:
                st.error("Cochez la confirmation pour supprimer cette valeur.")
            else:
                attempt(lambda: subscription.delete_index(ctx.uow(), ctx.principal, ctx.clock, doomed),
                        "Valeur supprimée.")
