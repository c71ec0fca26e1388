"""Catalogue des missions: mission types with their norm, billing mode, default price and work programme
(tasks with hours per grade and a due date relative to the fiscal year). Administrators only."""

import zlib

import pandas as pd
import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.catalogue import queries, services
from domain.catalogue.model import BillingMode, DueAnchor, MissionType
from domain.catalogue.validation import TaskInput, as_form, due_rule_or_none, hours_text
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff(Permission.ADMINISTER)
show_flash()
st.title("Catalogue des missions")
today = ctx.clock.today()
catalogue = queries.catalogue(ctx.uow(), ctx.principal, today)
grades = catalogue.grades
fiscal_start, fiscal_end = queries.sample_fiscal_year(today)
MODES = [m.value for m in BillingMode]
ANCHORS = {a.label: a.value for a in DueAnchor}
TASK, ANCHOR, MONTHS, DAYS = "Tâche", "Point de départ", "Mois", "Jours"
DUE = f"Échéance (exercice clos le {formatting.day(fiscal_end)})"


def grade_column(grade) -> str:
    return f"{grade.label} (h)"


def default_price(mission_type: MissionType) -> str:
    if mission_type.billing_mode is BillingMode.UNIT and mission_type.unit_price_cents is not None:
        return f"{formatting.eur_cents(mission_type.unit_price_cents)} / {mission_type.unit_label}"
    if mission_type.default_fee_cents is not None:
        return f"{formatting.eur_cents(mission_type.default_fee_cents)} / an"
    return "—"


def type_fields(prefix: str, values: dict[str, str]) -> dict[str, str]:
    """The mission type form's inputs; returns the typed text by field name."""
    left, right = st.columns([1, 3])
    form = {"code": left.text_input("Code *", values.get("code", ""), key=f"{prefix}.code", max_chars=30,
                                    help="Lettres sans accents, chiffres, « _ » ou « - » ; unique dans le cabinet."),
            "label": right.text_input("Libellé *", values.get("label", ""), key=f"{prefix}.label")}
    left, right = st.columns(2)
    mode = values.get("billing_mode") or BillingMode.ANNUAL.value
    form["billing_mode"] = left.selectbox("Mode de facturation *", MODES, index=MODES.index(mode),
                                          key=f"{prefix}.billing_mode", format_func=lambda v: BillingMode(v).label)
    form["norm_reference"] = right.text_input("Norme ou texte de référence", values.get("norm_reference", ""),
                                              key=f"{prefix}.norm_reference", placeholder="NP 2300")
    left, middle, right = st.columns(3)
    form["default_fee"] = left.text_input("Honoraires annuels HT par défaut (€)", values.get("default_fee", ""),
                                          key=f"{prefix}.default_fee", placeholder="2 400,00",
                                          help="Forfait proposé par défaut sur les devis ; laissez vide si aucun.")
    form["unit_price"] = middle.text_input("Prix unitaire HT (€)", values.get("unit_price", ""),
                                           key=f"{prefix}.unit_price", placeholder="25,00",
                                           help="Obligatoire en facturation unitaire, ignoré sinon.")
    form["unit_label"] = right.text_input("Unité", values.get("unit_label", ""), key=f"{prefix}.unit_label",
                                          placeholder="bulletin", help="Obligatoire en facturation unitaire.")
    form["scope"] = st.text_area("Périmètre de la mission (repris dans la lettre de mission)",
                                 values.get("scope", ""), key=f"{prefix}.scope")
    form["exclusions"] = st.text_area("Exclusions", values.get("exclusions", ""), key=f"{prefix}.exclusions")
    return form


# --- The catalogue ---------------------------------------------------------------------------------------------
if catalogue.entries:
    st.dataframe([{
        "Code": e.mission_type.code, "Mission": e.mission_type.label,
        "Facturation": e.mission_type.billing_mode.label, "Norme": e.mission_type.norm_reference,
        "Prix par défaut HT": default_price(e.mission_type), "Tâches": len(e.mission_type.tasks),
        "Budget": formatting.hours(e.total_minutes), "Valeur aux taux en vigueur": formatting.eur_cents(e.value_cents),
        "Statut": "Proposé" if e.mission_type.active else "Retiré de l'offre",
    } for e in catalogue.entries], hide_index=True, width="stretch")
    st.caption(f"Valeur : heures du programme de travail × taux de vente de chaque grade en vigueur au "
               f"{formatting.day(today)} (page « Grades et taux »). Un type retiré de l'offre reste sur les devis "
               "et missions existants.")
else:
    st.info("Le catalogue est vide. Créez un premier type de mission ci-dessous.")

with st.expander("Nouveau type de mission", icon=":material/add:"):
    with st.form("catalogue.new"):
        new_form = type_fields("catalogue.new", {})
        created = st.form_submit_button("Créer le type de mission", type="primary")
    if created:
        attempt(lambda: services.create_mission_type(ctx.uow(), ctx.principal, ctx.clock, new_form),
                f"Type de mission « {md_escape(' '.join(new_form['label'].split()))} » créé : "
                "complétez son programme de travail.")

if not catalogue.entries:
    st.stop()

# --- One mission type ------------------------------------------------------------------------------------------
st.subheader("Modifier un type de mission")
by_id = {e.mission_type.id: e for e in catalogue.entries}
selected = st.selectbox("Type de mission", list(by_id), index=None, key="catalogue.edit.id",
                        placeholder="Choisissez un type de mission",
                        format_func=lambda i: f"{by_id[i].mission_type.label} ({by_id[i].mission_type.code})"
                        + ("" if by_id[i].mission_type.active else " — retiré de l'offre"))
if selected is None:
    st.stop()
entry = by_id[selected]
mission_type = entry.mission_type
prefix = f"catalogue.edit.{mission_type.id}"

with st.form(prefix):
    edit_form = type_fields(prefix, as_form(mission_type))
    if st.form_submit_button("Enregistrer", type="primary"):
        attempt(lambda: services.update_mission_type(ctx.uow(), ctx.principal, ctx.clock, mission_type.id, edit_form),
                "Type de mission enregistré.")

st.markdown("#### Programme de travail")
st.caption(f"Une ligne par tâche : heures estimées par grade (ex. 1,5 pour 1 h 30) et échéance relative à "
           f"l'exercice du client. L'aperçu calcule l'échéance pour un exercice du {formatting.day(fiscal_start)} "
           f"au {formatting.day(fiscal_end)}. Ajoutez une ligne avec « + », supprimez-en en les sélectionnant.")
rows = []
for task in mission_type.tasks:
    minutes = dict(task.minutes_by_grade)
    rows.append({TASK: task.label, ANCHOR: task.due.anchor.label, MONTHS: task.due.months, DAYS: task.due.days,
                 **{grade_column(g): hours_text(minutes.get(g.id, 0)) for g in grades}})
columns = [TASK, ANCHOR, MONTHS, DAYS, *(grade_column(g) for g in grades)]
table = pd.DataFrame(rows, columns=columns).astype({MONTHS: "Int64", DAYS: "Int64"})
# The key follows the stored programme, so a saved table starts afresh instead of replaying its edits.
digest = zlib.crc32(repr([(t.label, t.due, t.minutes_by_grade) for t in mission_type.tasks]).encode())
edited = st.data_editor(
    table, num_rows="dynamic", hide_index=True, width="stretch", key=f"{prefix}.tasks.{digest}",
    column_config={
        TASK: st.column_config.TextColumn(TASK, required=True, width="large", max_chars=200),
        ANCHOR: st.column_config.SelectboxColumn(ANCHOR, options=list(ANCHORS), required=True,
                                                 default=DueAnchor.FISCAL_YEAR_END.label),
        MONTHS: st.column_config.NumberColumn(MONTHS, min_value=0, max_value=24, step=1, default=0,
                                              help="Mois après le point de départ (0 à 24)."),
        DAYS: st.column_config.NumberColumn(DAYS, min_value=-31, max_value=365, step=1, default=0,
                                            help="Jours ajoutés ensuite (−31 à 365)."),
        **{grade_column(g): st.column_config.TextColumn(grade_column(g), help=f"Heures de {g.label}, ex. 1,5")
           for g in grades},
    })


def blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() in ("", "<NA>")


def cell(value):
    return None if blank(value) else value


inputs = []
for record in edited.to_dict("records"):
    hours = tuple((g.id, cell(record.get(grade_column(g)))) for g in grades)
    if blank(record.get(TASK)) and all(blank(text) for _, text in hours):
        continue  # a row added and left empty
    anchor = cell(record.get(ANCHOR)) or DueAnchor.FISCAL_YEAR_END.label
    inputs.append(TaskInput(label=cell(record.get(TASK)), anchor=ANCHORS.get(anchor, anchor),
                            months=cell(record.get(MONTHS)), days=cell(record.get(DAYS)), hours=hours))

preview = []
for task in inputs:
    rule = due_rule_or_none(task.anchor, task.months, task.days)
    preview.append({TASK: task.label or "", "Règle": rule.label if rule else "valeurs hors limites",
                    DUE: formatting.day(queries.sample_due_date(rule, today)) if rule else "—"})
if preview:
    st.dataframe(preview, hide_index=True, width="stretch")
st.caption(f"Budget enregistré : {formatting.hours(entry.total_minutes)}, soit "
           f"{formatting.eur_cents(entry.value_cents)} HT aux taux en vigueur.")
if st.button("Enregistrer le programme de travail", key=f"{prefix}.tasks.save", type="primary"):
    attempt(lambda: services.replace_work_programme(ctx.uow(), ctx.principal, ctx.clock, mission_type.id, inputs),
            "Programme de travail enregistré.")

# --- Offer or withdraw -----------------------------------------------------------------------------------------
st.markdown("#### Offre")
if mission_type.active:
    st.write("Retiré de l'offre, ce type n'est plus proposé dans les nouveaux devis ; il reste sur les devis, lettres "
             "et missions existants et peut être proposé de nouveau à tout moment.")
    confirmed = st.checkbox(f"Je confirme le retrait de « {md_escape(mission_type.label)} »",
                            key=f"{prefix}.deactivate.ok")
    if st.button("Retirer de l'offre", disabled=not confirmed, key=f"{prefix}.deactivate"):
        attempt(lambda: services.deactivate_mission_type(ctx.uow(), ctx.principal, ctx.clock, mission_type.id),
                f"« {md_escape(mission_type.label)} » retiré de l'offre.")
else:
    st.write("Ce type de mission n'est plus proposé dans les nouveaux devis.")
    if st.button("Proposer de nouveau", key=f"{prefix}.reactivate"):
        attempt(lambda: services.reactivate_mission_type(ctx.uow(), ctx.principal, ctx.clock, mission_type.id),
                f"« {md_escape(mission_type.label)} » de nouveau proposé.")
