"""Évaluation LCB-FT of one client: its current (validated) assessment and review, the assessment in progress
(prepare the four criteria with the firm's reasons and a justification, submit, validate by another partner,
possibly retaining another level with a written reason), the history, and the examen renforcé log and
confidential notes (compliance users only; never shown in the client portal)."""

import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.clients import queries as client_queries
from domain.compliance import rules, services
from domain.compliance.model import Assessment, AssessmentForm, AssessmentStatus, Criterion, Level, NoteKind, Score
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

LIST_PAGE = "pages/staff/compliance.py"

ctx = require_staff(Permission.MANAGE_COMPLIANCE)
show_flash()
st.title("Évaluation LCB-FT")
st.page_link(LIST_PAGE, label="Conformité LCB-FT : tous les clients", icon=":material/arrow_back:")
today = ctx.clock.today()
items = {i.client_id: i for i in services.overview(ctx.uow(), ctx.principal)}
if not items:
    st.info("Aucun client pour l'instant.")
    st.stop()
asked = st.query_params.get("client", "")
ids = list(items)
start = ids.index(int(asked)) if asked.isdigit() and int(asked) in items else 0
client_id = st.selectbox("Client", ids, index=start, format_func=lambda c: items[c].client_name, key="assess.client")
st.query_params["client"] = str(client_id)
item = services.client_compliance(ctx.uow(), ctx.principal, client_id)
settings = services.settings_of(ctx.uow(), ctx.principal)
people = {u.id: u.full_name for u in client_queries.staff(ctx.uow(), ctx.principal)}
may_validate = ctx.principal.can(Permission.VALIDATE_COMPLIANCE)


def summary(a: Assessment) -> None:
    st.dataframe([{"Critère": c.label, "Note": a.scores[c].label, "Motifs": " ; ".join(a.reasons.get(c, ()))}
                  for c in Criterion], hide_index=True, width="stretch")
    text = f"Niveau calculé : **{a.computed_level.label}** (somme {a.total})"
    if a.override_level:
        text += f" — niveau retenu : **{a.override_level.label}**, motif : {md_escape(a.override_reason)}"
    st.markdown(text)
    if a.justification:
        st.markdown(f"Justification : {md_escape(a.justification)}")
    st.caption(f"Préparée par {people.get(a.prepared_by, '—')} le {formatting.moment(a.created_at)}"
               + (f", validée par {people.get(a.validated_by, '—')} le {formatting.day(a.validated_on)}"
                  if a.validated_on else ""))


# --- current assessment and review -------------------------------------------------------------------------
state = rules.review_state(item, today)
st.subheader("Évaluation en vigueur")
if item.current is None:
    st.warning("Aucune évaluation validée pour ce client.")
else:
    due = rules.review_due(item)
    message = (f"Vigilance **{item.current.level.label}**, validée le {formatting.day(item.current.validated_on)} ; "
               f"prochaine revue le {formatting.day(due)} ({state.label.lower()}).")
    (st.error if state is rules.ReviewState.OVERDUE else st.info)(message)
    for flag in item.flags:
        st.caption(f"Revue demandée le {formatting.day(flag.flagged_on)} : {md_escape(flag.reason)} (avant le "
                   f"{formatting.day(flag.due_on)}).")
    with st.expander("Détail de l'évaluation en vigueur"):
        summary(item.current)
if settings.gate_active and (why := rules.blocking_reason(settings, item, today, "l'envoi d'une lettre de mission")):
    st.error(why)


# --- the assessment in progress ----------------------------------------------------------------------------
def assessment_form(base: Assessment | None, draft_id: int | None) -> None:
    with st.form("assess.form"):
        scores, reasons = {}, {}
        for criterion in Criterion:
            cols = st.columns([1, 3])
            scores[criterion] = cols[0].selectbox(
                criterion.label, list(Score), index=(int(base.scores[criterion]) - 1) if base else 0,
                format_func=lambda s: s.label, key=f"assess.score.{criterion.value}")
            options = [r.label for r in settings.reasons_for(criterion)]
            reasons[criterion] = tuple(cols[1].multiselect(
                f"Motifs — {criterion.label}", options,
                [r for r in (base.reasons.get(criterion, ()) if base else ()) if r in options],
                key=f"assess.reasons.{criterion.value}"))
        justification = st.text_area("Justification", base.justification if base else "",
                                     key="assess.justification")
        override, why = None, ""
        if may_validate:
            override = st.selectbox("Niveau retenu (associé)", [None, *Level], format_func=lambda lv:
                                    "Niveau calculé par la règle" if lv is None else lv.label, key="assess.override",
                                    index=[None, *Level].index(base.override_level) if base else 0)
            why = st.text_area("Motif du niveau retenu", base.override_reason if base else "", key="assess.why")
        if st.form_submit_button("Enregistrer le brouillon", type="primary"):
            form = AssessmentForm(client_id, scores, reasons, justification, override, why)
            attempt(lambda: services.save_draft(ctx.uow(), ctx.principal, ctx.clock, form, draft_id),
                    lambda a: f"Brouillon enregistré : vigilance {a.level.label.lower()} (calculée : "
                              f"{a.computed_level.label.lower()}).")


st.subheader("Évaluation en cours")
pending = item.pending
if pending is None:
    st.caption("Aucune évaluation en cours. Préparez-en une nouvelle (elle remplacera l'évaluation en vigueur "
               "une fois validée).")
    assessment_form(item.current, None)
elif pending.status is AssessmentStatus.DRAFT:
    st.info(f"Brouillon : vigilance calculée {pending.computed_level.label.lower()}.")
    assessment_form(pending, pending.id)
    if st.button("Soumettre à validation", key="assess.submit"):
        attempt(lambda: services.submit(ctx.uow(), ctx.principal, ctx.clock, pending.id),
                "Évaluation soumise à validation.")
else:
    st.info("Soumise : en attente de validation par un associé habilité qui ne l'a pas préparée.")
    summary(pending)
    if may_validate and pending.prepared_by != ctx.principal.user.id:
        with st.form("assess.validate"):
            override = st.selectbox("Niveau retenu", [None, *Level], key="validate.override",
                                    format_func=lambda lv: f"Niveau calculé ({pending.computed_level.label})"
                                    if lv is None else lv.label,
                                    index=[None, *Level].index(pending.override_level))
            why = st.text_area("Motif du niveau retenu (obligatoire s'il diffère du niveau calculé)",
                               pending.override_reason, key="validate.why")
            if st.form_submit_button("Valider l'évaluation", type="primary"):
                attempt(lambda: services.validate(ctx.uow(), ctx.principal, ctx.clock, pending.id, override, why),
                        lambda a: f"Évaluation validée : vigilance {a.level.label.lower()}, prochaine revue le "
                                  f"{formatting.day(a.next_review_on)}.")
    elif may_validate:
        st.caption("Vous avez préparé cette évaluation : un autre associé doit la valider.")

# --- history -----------------------------------------------------------------------------------------------
history = services.history(ctx.uow(), ctx.principal, client_id)
if history:
    st.subheader("Historique")
    st.dataframe([{"Créée le": formatting.moment(a.created_at), "Statut": a.status.label,
                   "Niveau": a.level.label, "Préparée par": people.get(a.prepared_by, "—"),
                   "Validée par": people.get(a.validated_by, "—") if a.validated_by else "—",
                   "Validée le": formatting.day(a.validated_on) if a.validated_on else "—",
                   "Prochaine revue": formatting.day(a.next_review_on) if a.next_review_on else "—"}
                  for a in history], hide_index=True, width="stretch", key="assess.history")

# --- examen renforcé log and confidential notes ------------------------------------------------------------
st.subheader("Examen renforcé et notes confidentielles")
st.caption("Visible uniquement des utilisateurs habilités LCB-FT ; jamais affiché sur le portail client.")
for note in services.notes(ctx.uow(), ctx.principal, client_id):
    st.markdown(f"**{formatting.day(note.on)} — {note.kind.label}** ({md_escape(note.author_name or '—')}) : "
                f"{md_escape(note.text)}")
with st.form("assess.note", clear_on_submit=True):
    kind = st.selectbox("Type", list(NoteKind), format_func=lambda k: k.label, key="note.kind")
    on = st.date_input("Date", today, max_value=today, format="DD/MM/YYYY", key="note.on")
    text = st.text_area("Note", key="note.text")
    if st.form_submit_button("Ajouter la note"):
        attempt(lambda: services.add_note(ctx.uow(), ctx.principal, ctx.clock, client_id, kind, text, on),
                "Note ajoutée.")
