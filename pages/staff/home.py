"""Staff home: who I am in the firm and what I may do."""

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.firm import queries
from domain.firm.model import rate_in_force
from pages._ui.context import require_staff
from pages._ui.feedback import show_flash
from pages._ui.text import md_escape

ctx = require_staff()
show_flash()
user = ctx.principal.user
st.title(f"Bonjour {md_escape((user.full_name.split() or [user.email])[0])}")
st.caption(f"{md_escape(ctx.principal.firm_name)} · {user.role.label}")

grade = queries.own_grade(ctx.uow(), ctx.principal)
left, right = st.columns(2)
left.metric("Grade", grade.label if grade else "Non renseigné")
left.metric("Durée hebdomadaire", formatting.hours(user.weekly_minutes))
if grade and ctx.principal.can(Permission.SEE_MONEY):
    _, rates = queries.grades_with_rates(ctx.uow(), ctx.principal)
    rate = rate_in_force(rates, grade.id, ctx.clock.today())
    if rate:
        right.metric("Taux de vente horaire en vigueur", formatting.eur_cents(rate.selling_rate_cents))

st.subheader("Vos autorisations")
granted = [p.label for p in Permission if ctx.principal.can(p)]
st.write(", ".join(granted) if granted else "Aucune autorisation particulière : saisie et consultation de vos dossiers.")
