"""Groupes: groups of companies with their members; create, rename, delete (only once empty)."""

import streamlit as st

from domain import formatting
from domain.clients import groups
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff()
show_flash()
st.title("Groupes")
st.caption("Un groupe réunit des sociétés suivies ensemble (holding et filiales, sociétés d'une même famille…). "
           "Un client rejoint un groupe depuis son formulaire sur la page « Clients ».")
summaries = groups.group_summaries(ctx.uow(), ctx.principal)

if summaries:
    rows = []
    for summary in summaries:
        row = {"Groupe": summary.group.name, "Clients": summary.member_count,
               "Membres": ", ".join(m.name for m in summary.members),
               "Capital social cumulé": formatting.eur_cents(summary.share_capital_cents)}
        if summary.annual_fees_cents is not None:
            row["Honoraires annuels (missions actives)"] = formatting.eur_cents(summary.annual_fees_cents)
        rows.append(row)
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(f"{len(summaries)} groupe(s).")
else:
    st.info("Aucun groupe pour l'instant. Créez-en un ci-dessous, puis rattachez-y des clients depuis la page "
            "« Clients ».")

with st.form("groups.new", clear_on_submit=True):
    name = st.text_input("Nouveau groupe (ex. Groupe Martin)", key="groups.new.name")
    if st.form_submit_button("Créer le groupe", type="primary"):
        attempt(lambda: groups.create_group(ctx.uow(), ctx.principal, ctx.clock, name),
                f"Groupe « {md_escape(' '.join(name.split()))} » créé.")

if not summaries:
    st.stop()
st.subheader("Modifier un groupe")
by_id = {s.group.id: s for s in summaries}
selected = st.selectbox("Groupe", list(by_id), index=None, key="groups.edit.id", placeholder="Choisissez un groupe",
                        format_func=lambda i: by_id[i].group.name)
if selected is None:
    st.stop()
summary = by_id[selected]
group = summary.group
if summary.members:
    st.markdown("Membres : " + ", ".join(md_escape(m.name) for m in summary.members))

with st.form(f"groups.rename.{group.id}"):
    new_name = st.text_input("Nom", group.name, key=f"groups.rename.{group.id}.name")
    if st.form_submit_button("Renommer"):
        attempt(lambda: groups.rename_group(ctx.uow(), ctx.principal, ctx.clock, group.id, new_name),
                "Groupe renommé.")

if summary.members:
    st.write(f"Ce groupe compte {summary.member_count} client(s) : retirez-les du groupe (page « Clients ») "
             "avant de pouvoir le supprimer.")
else:
    confirmed = st.checkbox(f"Je confirme la suppression du groupe {md_escape(group.name)}",
                            key=f"groups.delete.ok.{group.id}")
    if st.button("Supprimer le groupe", disabled=not confirmed, key=f"groups.delete.{group.id}"):
        attempt(lambda: groups.delete_group(ctx.uow(), ctx.principal, ctx.clock, group.id),
                f"Groupe « {md_escape(group.name)} » supprimé.")
