"""Tableau de bord LCB-FT: the compliance status of the whole client base (levels, overdue reviews, missing
evidence, assessments not validated) from the `sql/compliance_status.sql` view; the inspection export (one CSV row
per assessment, as `manage.py export-compliance`); the end of business relationships, from which the records are
kept 5 years. Users who manage compliance only."""

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.compliance import purge
from domain.compliance.dashboard import ClientStatus, compliance_dashboard
from domain.compliance.export import export_assessments
from domain.compliance.retention import kept_until
from domain.errors import DomainError
from pages._ui.context import require_staff
from pages._ui.dashboard import freshness
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff(Permission.MANAGE_COMPLIANCE)
show_flash()
st.title("Tableau de bord LCB-FT")
today = ctx.clock.today()
board = compliance_dashboard(ctx.uow(), ctx.principal, today)


def day(value) -> str:
    return formatting.day(value) if value else "—"


def missing_text(c: ClientStatus) -> str:
    parts = (["extrait Kbis de moins de 3 mois"] if c.missing_extract else []) + (
        [f"{c.missing_ids} pièce(s) d'identité de bénéficiaire(s) effectif(s)"] if c.missing_ids else [])
    return ", ".join(parts)


def table(rows: list[dict], empty: str, key: str) -> None:
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key=key)
    else:
        st.success(empty)


total = len(board.clients)
if not total:
    st.info("Aucun client actif : le tableau de bord se remplira avec les premières évaluations LCB-FT.")
    st.stop()
cols = st.columns(5)
cols[0].metric("Clients actifs", total)
cols[1].metric("Conformes", board.compliant, help="Évaluation validée, revue à jour et justificatifs complets.")
cols[2].metric("Sans évaluation validée", len(board.unvalidated))
cols[3].metric("Revues en retard", len(board.overdue))
cols[4].metric("Justificatifs manquants", len(board.missing_evidence))
freshness(board.loaded_at)

st.subheader("Clients par niveau de vigilance")
level_cols = st.columns(len(board.by_level))
for column, (label, count) in zip(level_cols, board.by_level.items(), strict=True):
    column.metric(label, count)

st.subheader("Revues en retard")
table([{"Client": c.client_name, "SIREN": c.siren, "Niveau": c.level_label, "Revue due le": day(c.review_due_on),
        "Alertes ouvertes": c.open_flags} for c in board.overdue],
      "Aucune revue en retard.", "lcbft.overdue")

st.subheader("Sans évaluation validée")
table([{"Client": c.client_name, "SIREN": c.siren,
        "En cours": c.pending.label if c.pending else "Aucune évaluation"} for c in board.unvalidated],
      "Chaque client actif a une évaluation validée.", "lcbft.unvalidated")

st.subheader("Justificatifs manquants")
table([{"Client": c.client_name, "SIREN": c.siren, "Manque": missing_text(c)} for c in board.missing_evidence],
      "Aucun justificatif manquant.", "lcbft.missing")

if board.due_soon:
    st.subheader("Revues à prévoir dans les 30 jours")
    table([{"Client": c.client_name, "Niveau": c.level_label, "Revue due le": day(c.review_due_on)}
           for c in board.due_soon], "", "lcbft.soon")

st.subheader("Export pour un contrôle de l'Ordre")
st.caption("Une ligne par évaluation (clients archivés compris) : critères, niveau, motif du niveau retenu, "
           "préparateur, validateur, dates, statut, nombre de bénéficiaires effectifs et PPE. L'export est tracé "
           "dans le journal d'audit.")
if st.button("Préparer l'export CSV", key="lcbft.export"):
    try:
        export = export_assessments(ctx.uow(), ctx.principal, ctx.clock)
    except DomainError as err:
        st.error(err.message)
    else:
        st.session_state["lcbft.export.content"] = export.content
        st.session_state["lcbft.export.count"] = (export.assessments, export.clients)
if content := st.session_state.get("lcbft.export.content"):
    assessments, clients = st.session_state["lcbft.export.count"]
    st.download_button(f"Télécharger ({assessments} évaluation(s), {clients} client(s))", content,
                       file_name=f"evaluations-lcb-ft-{today:%Y-%m-%d}.csv", mime="text/csv", key="lcbft.download")

st.subheader("Fin de relation d'affaires")
st.caption("Les données LCB-FT d'un client (évaluations, bénéficiaires effectifs, pièces, notes) sont conservées "
           "5 ans après la fin de la relation d'affaires, puis supprimées par `manage.py purge-compliance`. "
           "Rien ne peut être supprimé avant.")
names = {c.client_id: c.client_name for c in board.clients}
with st.form("lcbft.end"):
    client_id = st.selectbox("Client", list(names), index=None, format_func=names.get, key="lcbft.end.client",
                             placeholder="Choisissez un client")
    ended_on = st.date_input("Fin de la relation (fin de la lettre de mission)", value=today, max_value=today,
                             format="DD/MM/YYYY", key="lcbft.end.on")
    reason = st.text_input("Motif", key="lcbft.end.reason", placeholder="Lettre de mission résiliée, cessation…")
    if st.form_submit_button("Enregistrer la fin de relation"):
        if client_id is None:
            st.error("Choisissez un client.")
        else:
            attempt(lambda: purge.record_relationship_end(ctx.uow(), ctx.principal, ctx.clock, client_id, ended_on,
                                                          reason),
                    lambda end: f"Fin de relation enregistrée : données LCB-FT de « {md_escape(names[client_id])} » "
                                f"conservées jusqu'au {formatting.day(kept_until(end.ended_on))}.")

ended = purge.ended_relationships(ctx.uow(), ctx.principal)
if ended:
    st.dataframe([{"Client": e.client_name, "SIREN": e.siren, "Fin de relation": day(e.ended_on),
                   "Conservées jusqu'au": day(e.kept_until), "Lignes conservées": e.records,
                   "Suppression possible": "oui" if e.kept_until < today else "non"} for e in ended],
                 hide_index=True, width="stretch", key="lcbft.ended")
