"""Révision des honoraires: the yearly SYNTEC revision of the forfaits, shown engagement by engagement (current
fee, S0, S1, new fee) before the partner applies it. The rules are in domain/accounting/indexation.py."""

import streamlit as st

from domain.access.model import Permission
from domain.accounting import revisions
from domain.accounting.indexation import index_text
from domain.formatting import day, eur_cents
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff(Permission.INVOICE)
show_flash()
st.title("Révision des honoraires")
st.caption("Révision annuelle des forfaits selon l'indice SYNTEC : P1 = P0 × S1 / S0, arrondi au centime le plus "
           "proche. S0 est l'indice connu à l'activation de la lettre de mission (ou le S1 de sa dernière révision), "
           "S1 le dernier indice publié avant le mois de révision. Les valeurs de l'indice se saisissent dans "
           "Administration › Abonnement. Les échéances non facturées à partir de la date de révision sont révisées ; "
           "la première porte le calcul sur sa facture.")
revision_date = st.date_input("Date de révision", value=ctx.clock.today(), format="DD/MM/YYYY",
                              key="fee_indexation.date")
proposals = revisions.revision_table(ctx.uow(), ctx.principal, revision_date)
if not proposals:
    st.info("Aucune lettre de mission active : rien à réviser.")
    st.stop()


def index_cell(index) -> str:
    return f"{index_text(index.value)} ({index.month:%m/%Y})" if index else "—"


st.dataframe([{"Client": p.client_name,
               "Exercice": f"{day(p.engagement.fiscal_year_start)} – {day(p.engagement.fiscal_year_end)}",
               "Honoraires actuels": eur_cents(p.engagement.annual_fee_cents), "S0": index_cell(p.s0),
               "S1": index_cell(p.s1), "Nouveaux honoraires": eur_cents(p.new_fee_cents) if p.revisable else "",
               "Échéances révisées": len(p.instalments) if p.revisable else "",
               "Observation": p.blocked or p.calculation}
              for p in proposals], hide_index=True, width="stretch")
revisable = {p.engagement.id: p for p in proposals if p.revisable}
if not revisable:
    st.info("Aucune lettre de mission ne peut être révisée à cette date (voir la colonne Observation).")
    st.stop()

with st.form("fee_indexation.apply"):
    chosen = st.multiselect("Lettres de mission à réviser", list(revisable), default=list(revisable),
                            format_func=lambda i: f"{revisable[i].client_name} — {revisable[i].calculation}",
                            key="fee_indexation.chosen")
    for engagement_id in chosen:
        proposal = revisable[engagement_id]
        for item in proposal.instalments:
            st.caption(f"{md_escape(proposal.client_name)} · {md_escape(item.instalment.label)} : "
                       f"{eur_cents(item.instalment.amount_cents)} → {eur_cents(item.new_amount_cents)}")
    confirmed = st.checkbox("Je confirme la révision de ces honoraires", key="fee_indexation.confirm")
    if st.form_submit_button("Appliquer la révision", type="primary"):
        if not confirmed:
            st.error("Cochez la confirmation pour appliquer la révision.")
        else:
            attempt(lambda: revisions.apply_revisions(ctx.uow(), ctx.principal, ctx.clock, revision_date, chosen),
                    lambda applied: f"Honoraires révisés : {len(applied)} lettre(s) de mission.")
