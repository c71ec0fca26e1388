"""Numérotation: prefix and next number of each document series (continuous, no gaps)."""

import streamlit as st

from domain.access.model import Permission
from domain.firm import queries, settings
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash

ctx = require_staff(Permission.ADMINISTER)
show_flash()
st.title("Séries de numérotation")
st.caption("Les factures et avoirs sont numérotés de façon continue et chronologique : une fois des numéros "
           "attribués, le prochain numéro ne peut plus être modifié.")
series = queries.numbering(ctx.uow(), ctx.principal)
year = ctx.clock.today().year
st.dataframe([{"Document": s.doc_type.label, "Préfixe": s.prefix, "Prochain numéro": s.next_number,
               "Exemple": s.format(s.next_number, year), "Dernier attribué": s.last_allocated or "—"}
              for s in series], hide_index=True, width="stretch")

for s in series:
    with st.expander(f"Modifier la série « {s.doc_type.label} »"), st.form(f"numbering.{s.doc_type.value}"):
        left, middle, right = st.columns(3)
        prefix = left.text_input("Préfixe", s.prefix, key=f"numbering.prefix.{s.doc_type.value}")
        next_number = middle.number_input("Prochain numéro", min_value=1, value=s.next_number, step=1,
                                          key=f"numbering.next.{s.doc_type.value}", disabled=s.last_allocated > 0)
        padding = right.number_input("Nombre de chiffres", min_value=3, max_value=8, value=s.padding, step=1,
                                     key=f"numbering.padding.{s.doc_type.value}")
        with_year = st.checkbox("Inclure l'année", s.with_year, key=f"numbering.year.{s.doc_type.value}")
        if st.form_submit_button("Enregistrer"):
            attempt(lambda s=s, p=prefix, n=next_number, d=padding, y=with_year: settings.update_series(
                ctx.uow(), ctx.principal, ctx.clock, s.doc_type, p, int(n), int(d), y),
                f"Série « {s.doc_type.label} » enregistrée.")
