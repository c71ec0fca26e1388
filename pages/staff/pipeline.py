"""Prospects: the sales pipeline as a board by stage, a filterable list, conversion statistics, and the
prospect sheet (edit, move, mark lost with a reason, convert into a client)."""

import plotly.graph_objects as go
import streamlit as st

from domain import formatting
from domain.access.model import Permission
from domain.clients.model import ClientKind
from domain.pipeline import queries, services, stats
from domain.pipeline.model import OPEN_STAGES, REOPEN_STAGES, Prospect, ProspectFilter, Stage
from domain.pipeline.validation import as_form
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

CLIENT_FILE = "pages/staff/client_file.py"
BOARD_CLOSED_LIMIT = 8  # closed columns show the most recently closed cards only

ctx = require_staff(Permission.SEE_MONEY)
show_flash()
st.title("Prospects")
today = ctx.clock.today()
people = {u.id: u.full_name for u in queries.owners(ctx.uow(), ctx.principal)}
active = [u.id for u in queries.owners(ctx.uow(), ctx.principal) if u.is_active]


def owner_name(owner_id: int | None) -> str:
    return people.get(owner_id, "") if owner_id is not None else ""


def owner_picker(label: str, current: int | None, key: str) -> int | None:
    choices = [None, *active, *([current] if current is not None and current not in active else [])]
    return st.selectbox(label, choices, index=choices.index(current), key=key,
                        format_func=lambda i: "— Aucun —" if i is None else people.get(i, "?"))


def prospect_fields(prefix: str, values: dict) -> dict:
    """The prospect form's inputs; returns the typed values by field name."""
    kinds = [k.value for k in ClientKind]
    form = {"kind": st.radio("Type", kinds, horizontal=True, key=f"{prefix}.kind",
                             index=kinds.index(values.get("kind") or "company"),
                             format_func=lambda v: ClientKind(v).label)}
    left, right = st.columns(2)
    form["name"] = left.text_input("Nom ou raison sociale *", values.get("name", ""), key=f"{prefix}.name")
    form["siren"] = right.text_input("SIREN (société)", values.get("siren", ""), key=f"{prefix}.siren")
    form["legal_form"] = left.text_input("Forme juridique", values.get("legal_form", ""), key=f"{prefix}.legal_form")
    form["contact_name"] = right.text_input("Contact", values.get("contact_name", ""), key=f"{prefix}.contact_name")
    form["email"] = left.text_input("E-mail", values.get("email", ""), key=f"{prefix}.email")
    form["phone"] = right.text_input("Téléphone", values.get("phone", ""), key=f"{prefix}.phone")
    form["address_line"] = st.text_input("Adresse", values.get("address_line", ""), key=f"{prefix}.address_line")
    left, right = st.columns([1, 2])
    form["postal_code"] = left.text_input("Code postal", values.get("postal_code", ""), key=f"{prefix}.postal_code")
    form["city"] = right.text_input("Ville", values.get("city", ""), key=f"{prefix}.city")
    left, right = st.columns(2)
    form["expected_fees"] = left.text_input("Honoraires annuels espérés (€ HT)", values.get("expected_fees", ""),
                                            key=f"{prefix}.expected_fees", placeholder="12 000")
    form["source"] = right.text_input("Origine (salon, recommandation…)", values.get("source", ""),
                                      key=f"{prefix}.source")
    form["next_action"] = left.text_input("Prochaine action", values.get("next_action", ""),
                                          key=f"{prefix}.next_action", placeholder="Rappeler le dirigeant")
    form["next_action_on"] = right.date_input("Date de la prochaine action", values.get("next_action_on"),
                                              format="DD/MM/YYYY", key=f"{prefix}.next_action_on")
    form["notes"] = st.text_area("Notes", values.get("notes", ""), key=f"{prefix}.notes")
    return form


def next_action_text(p: Prospect) -> str:
    if not p.next_action and p.next_action_on is None:
        return ""
    text = f"{formatting.day(p.next_action_on)} — {p.next_action}".strip(" —")
    return f"En retard : {text}" if p.next_action_overdue(today) else text


with st.expander("Nouveau prospect", icon=":material/person_add:"):
    with st.form("pipeline.new"):
        new_form = prospect_fields("pipeline.new", {})
        new_owner = owner_picker("Responsable", ctx.principal.user.id, "pipeline.new.owner")
        created = st.form_submit_button("Créer le prospect", type="primary")
    if created:
        attempt(lambda: services.create_prospect(ctx.uow(), ctx.principal, ctx.clock, new_form, new_owner),
                f"Prospect « {md_escape(' '.join(str(new_form['name']).split()))} » créé.")

prospects = queries.search(ctx.uow(), ctx.principal)
if not prospects:
    st.info("Aucun prospect pour l'instant. Créez le premier avec « Nouveau prospect » ci-dessus : il apparaîtra "
            "dans la colonne « Nouveau » du tableau.")
    st.stop()
by_id = {p.id: p for p in prospects}
board_tab, list_tab, stats_tab = st.tabs(["Tableau", "Liste", "Statistiques"])


def card(p: Prospect) -> None:
    with st.container(border=True):
        st.markdown(f"**{md_escape(p.name)}**")
        st.caption(" · ".join(x for x in (owner_name(p.owner_id), formatting.eur_cents(p.expected_fees_cents)) if x))
        if action := next_action_text(p):
            st.markdown(f":red[{md_escape(action)}]" if p.next_action_overdue(today) else md_escape(action))
        if p.stage is Stage.LOST and p.lost_reason:
            st.caption(f"Raison : {md_escape(p.lost_reason)}")
        if p.is_open:
            targets = [s for s in (*OPEN_STAGES, Stage.WON) if s is not p.stage]
            ahead = next(i for i, s in enumerate(targets) if s.order > p.stage.order)  # offered first: the next step
            target = st.selectbox("Étape", targets, index=ahead, key=f"pipeline.board.stage.{p.id}",
                                  label_visibility="collapsed", format_func=lambda s: s.label)
            if st.button("Déplacer", key=f"pipeline.board.move.{p.id}"):
                attempt(lambda: services.move_stage(ctx.uow(), ctx.principal, ctx.clock, p.id, target),
                        f"« {md_escape(p.name)} » : {target.label}.")


with board_tab:
    st.caption("Pour marquer un prospect perdu (avec sa raison) ou le convertir en client, ouvrez sa fiche plus bas.")
    for column, stage in zip(st.columns(len(Stage)), Stage, strict=True):
        in_stage = [p for p in prospects if p.stage is stage]
        if stage.is_closed:
            in_stage.sort(key=lambda p: (p.closed_on or today, p.id), reverse=True)
        with column:
            st.markdown(f"**{stage.label}** ({len(in_stage)})")
            st.caption(formatting.eur_cents(sum(p.expected_fees_cents for p in in_stage)))
            shown = in_stage[:BOARD_CLOSED_LIMIT] if stage.is_closed else in_stage
            for p in shown:
                card(p)
            if len(shown) < len(in_stage):
                st.caption(f"… et {len(in_stage) - len(shown)} autre(s), dans la liste.")

with list_tab:
    left, middle, right = st.columns([2, 2, 3])
    chosen = left.multiselect("Étapes", list(Stage), key="pipeline.list.stages", format_func=lambda s: s.label)
    with middle:
        owner_filter = st.selectbox("Responsable", [None, *people], key="pipeline.list.owner",
                                    format_func=lambda i: "Tous" if i is None else people[i])
    text = right.text_input("Rechercher (nom, contact, ville, SIREN)", key="pipeline.list.text")
    listed = queries.search(ctx.uow(), ctx.principal, ProspectFilter(tuple(chosen), owner_filter, text))
    rows = [{"Nom": p.name, "Étape": p.stage.label, "Responsable": owner_name(p.owner_id),
             "Honoraires espérés": formatting.eur_cents(p.expected_fees_cents), "Prochaine action": p.next_action,
             "Date de l'action": formatting.day(p.next_action_on),
             "En retard": "Oui" if p.next_action_overdue(today) else "", "SIREN": p.siren or "", "Ville": p.city,
             "Origine": p.source, "Créé le": formatting.day(p.created_on), "Clos le": formatting.day(p.closed_on),
             "Raison de la perte": p.lost_reason} for p in listed]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
        st.download_button("Télécharger (CSV)", csv_bytes(rows), "prospects.csv", "text/csv", key="pipeline.list.csv")
    else:
        st.info("Aucun prospect ne correspond à ces filtres.")


def bar(title: str, labels: list[str], values: list, axis: str, hover: str) -> None:
    figure = go.Figure(go.Bar(x=labels, y=values, hovertemplate=hover))
    figure.update_layout(title=title, height=300, margin=dict(l=10, r=10, t=40, b=10), yaxis_title=axis,
                         separators=", ")
    st.plotly_chart(figure, width="stretch")


with stats_tab:
    months = stats.by_month(prospects, today)
    start = months[0].key
    owners_rows = stats.by_owner(prospects, start, today)
    overall = stats.total(months)
    st.caption(f"Douze derniers mois ({formatting.month(start)} – {formatting.month(today)}). "
               f"{stats.CONVERSION_FORMULA} Les honoraires gagnés sont comptés au mois de la signature.")
    rate = overall.conversion_rate
    pipeline = stats.open_pipeline(prospects)
    a, b, c = st.columns(3)
    a.metric("Taux de conversion", "—" if rate is None else f"{formatting.number(rate)} %",
             help=stats.CONVERSION_FORMULA)
    b.metric("Honoraires gagnés", formatting.eur_cents(overall.won_fees_cents))
    c.metric("Pipeline ouvert (pondéré)", formatting.eur_cents(sum(v.weighted_cents for v in pipeline)),
             help="Honoraires espérés des prospects ouverts × chance de signature : Nouveau 10 %, Qualifié 30 %, "
                  "Devis envoyé 60 %.")
    month_labels = [formatting.month(r.key) for r in months]
    left, right = st.columns(2)
    with left:
        bar("Taux de conversion par mois de création", month_labels,
            [None if r.conversion_rate is None else float(r.conversion_rate) for r in months], "%",
            "%{y:.1f} %<extra>gagnés ÷ (gagnés + perdus)</extra>")
    with right:
        bar("Honoraires gagnés par mois", month_labels, [r.won_fees_cents / 100 for r in months], "€ HT",
            "%{y:,.0f} €<extra></extra>")
    owner_labels = [owner_name(r.key) or "Sans responsable" for r in owners_rows]
    left, right = st.columns(2)
    with left:
        bar("Taux de conversion par responsable", owner_labels,
            [None if r.conversion_rate is None else float(r.conversion_rate) for r in owners_rows], "%",
            "%{y:.1f} %<extra>gagnés ÷ (gagnés + perdus)</extra>")
    with right:
        bar("Honoraires gagnés par responsable", owner_labels, [r.won_fees_cents / 100 for r in owners_rows], "€ HT",
            "%{y:,.0f} €<extra></extra>")

    def figures(label: str, r: stats.ConversionRow) -> dict:
        return {label: "", "Créés": r.created, "Gagnés": r.won, "Perdus": r.lost,
                "Taux de conversion": "—" if r.conversion_rate is None else f"{formatting.number(r.conversion_rate)} %",
                "Honoraires gagnés": formatting.eur_cents(r.won_fees_cents)}

    st.markdown("**Par mois** (créés, gagnés, perdus : prospects créés ce mois-là ; honoraires : signés ce mois-là)")
    st.dataframe([figures("Mois", r) | {"Mois": label} for r, label in zip(months, month_labels, strict=True)],
                 hide_index=True, width="stretch")
    st.markdown("**Par responsable**")
    st.dataframe([figures("Responsable", r) | {"Responsable": label}
                  for r, label in zip(owners_rows, owner_labels, strict=True)], hide_index=True, width="stretch")
    st.markdown("**Pipeline ouvert par étape**")
    st.dataframe([{"Étape": v.stage.label, "Prospects": v.count,
                   "Honoraires espérés": formatting.eur_cents(v.fees_cents),
                   "Valeur pondérée": formatting.eur_cents(v.weighted_cents)} for v in pipeline],
                 hide_index=True, width="stretch")

st.subheader("Fiche prospect")
selected = st.selectbox("Prospect", list(by_id), index=None, key="pipeline.sheet.id",
                        placeholder="Choisissez un prospect",
                        format_func=lambda i: f"{by_id[i].name} ({by_id[i].stage.label})")
if selected is None:
    st.stop()
prospect = by_id[selected]
st.markdown(f"Étape : **{prospect.stage.label}** depuis le {formatting.day(prospect.stage_changed_on)}"
            + (f" · raison : {md_escape(prospect.lost_reason)}" if prospect.lost_reason else ""))
if prospect.client_id is not None:
    st.page_link(CLIENT_FILE, label="Ouvrir la fiche client", icon=":material/contact_page:",
                 query_params={"client": str(prospect.client_id)})

with st.form(f"pipeline.edit.{prospect.id}"):
    edit_form = prospect_fields(f"pipeline.edit.{prospect.id}", as_form(prospect))
    edit_owner = owner_picker("Responsable", prospect.owner_id, f"pipeline.edit.{prospect.id}.owner")
    if st.form_submit_button("Enregistrer"):
        attempt(lambda: services.update_prospect(ctx.uow(), ctx.principal, ctx.clock, prospect.id, edit_form,
                                                 edit_owner),
                "Prospect enregistré.")

if prospect.is_open:
    with st.form(f"pipeline.lost.{prospect.id}"):
        reason = st.text_input("Raison de la perte *", key=f"pipeline.lost.{prospect.id}.reason",
                               placeholder="Prix, concurrent retenu, projet abandonné…")
        if st.form_submit_button("Marquer perdu"):
            attempt(lambda: services.move_stage(ctx.uow(), ctx.principal, ctx.clock, prospect.id, Stage.LOST, reason),
                    f"« {md_escape(prospect.name)} » marqué perdu.")
elif prospect.stage is Stage.LOST:
    target = st.selectbox("Rouvrir en", REOPEN_STAGES, key=f"pipeline.reopen.{prospect.id}.stage",
                          format_func=lambda s: s.label)
    if st.button("Rouvrir le prospect", key=f"pipeline.reopen.{prospect.id}"):
        attempt(lambda: services.move_stage(ctx.uow(), ctx.principal, ctx.clock, prospect.id, target),
                f"« {md_escape(prospect.name)} » rouvert ({target.label}).")

if prospect.stage is not Stage.LOST and prospect.client_id is None:
    st.write("Le prospect devient un client du cabinet avec ses informations (ou est rattaché au client qui a déjà "
             "son SIREN) et passe à l'étape « Gagné ».")
    confirmed = st.checkbox(f"Je confirme la conversion de {md_escape(prospect.name)} en client",
                            key=f"pipeline.convert.ok.{prospect.id}")
    if st.button("Convertir en client", type="primary", disabled=not confirmed, key=f"pipeline.convert.{prospect.id}"):
        attempt(lambda: services.convert_to_client(ctx.uow(), ctx.principal, ctx.clock, prospect.id),
                f"« {md_escape(prospect.name)} » est maintenant client du cabinet.")

with st.expander("Historique des étapes"):
    changes = queries.history(ctx.uow(), ctx.principal, prospect.id)
    st.dataframe([{"Date": formatting.day(ch.changed_on), "De": ch.from_stage.label if ch.from_stage else "Création",
                   "Vers": ch.to_stage.label, "Par": owner_name(ch.user_id)} for ch in changes],
                 hide_index=True, width="stretch")
