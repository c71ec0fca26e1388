"""Devis: list and search the quotes, build one from the catalogue, send it (PDF + mail), accept, refuse, revise.

`?quote=<id>` opens a quote directly.
"""

from dataclasses import replace

import streamlit as st

from domain.access.model import Permission
from domain.catalogue.model import BillingMode
from domain.errors import DomainError
from domain.formatting import day, eur_cents, hours
from domain.letters import queries as letter_queries
from domain.money import parse_non_negative_amount, to_cents
from domain.quotes import queries, services
from domain.quotes.building import (KIND_LABELS, amount_text, default_valid_until, extra_line, hours_key,
                                    line_from_mission_type, lines_from_rows, percent_label, positioned, table_rows)
from domain.quotes.document import DEFAULT_CONDITIONS
from domain.quotes.model import LineKind, Quote, QuoteDraft, QuoteStatus
from pages._ui.context import require_staff
from pages._ui.exports import csv_bytes
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff(Permission.SEE_MONEY)
show_flash()
st.title("Devis")
today = ctx.clock.today()


def open_quote(quote: Quote) -> None:
    st.query_params["quote"] = str(quote.id)


def money_cents(text: str, field: str) -> int:
    return to_cents(parse_non_negative_amount(text or "0", field)) if (text or "").strip() else 0


# --- the list -----------------------------------------------------------------------------------------

left, right = st.columns([3, 1])
text = left.text_input("Rechercher (numéro, objet, client ou prospect)", key="quotes.search")
status = right.selectbox("Statut", [None, *QuoteStatus], key="quotes.status",
                         format_func=lambda s: "Tous" if s is None else s.label)
quotes = queries.list_quotes(ctx.uow(), ctx.principal, ctx.clock, status, text)
names = queries.names(ctx.uow(), ctx.principal, quotes)


def recipient_of(quote: Quote) -> str:
    kind, _ = quote.target
    return names.get(quote.target, "?") + (" (prospect)" if kind == "prospect" else "")


def summary_row(quote: Quote) -> dict:
    return {"Numéro": quote.reference, "Destinataire": recipient_of(quote), "Objet": quote.title,
            "Statut": quote.status.label, "Date": day(quote.created_on), "Valable jusqu'au": day(quote.valid_until),
            "Total HT": eur_cents(quote.total_ht_cents), "Valeur calculée": eur_cents(quote.computed_cents),
            "Écart": percent_label(quote.gap_bp), "Mensualisé": "oui" if quote.monthly else "non"}


def csv_row(quote: Quote) -> dict:
    return {"numero": quote.number, "version": quote.version, "destinataire": recipient_of(quote),
            "objet": quote.title, "statut": quote.status.label, "date": day(quote.created_on),
            "envoye_le": day(quote.sent_on), "valable_jusqu_au": day(quote.valid_until),
            "total_ht": amount_text(quote.total_ht_cents), "tva": amount_text(quote.vat_cents),
            "total_ttc": amount_text(quote.total_ttc_cents), "valeur_calculee": amount_text(quote.computed_cents),
            "ecart": amount_text(quote.gap_cents), "motif_refus": quote.refusal_reason}


if quotes:
    st.dataframe([summary_row(q) for q in quotes], hide_index=True, width="stretch")
    st.caption(f"{len(quotes)} devis.")
    st.download_button("Télécharger la liste (CSV)", csv_bytes([csv_row(q) for q in quotes]),
                       file_name=f"devis-{today.isoformat()}.csv", mime="text/csv", key="quotes.csv")
elif text or status:
    st.info("Aucun devis ne correspond à cette recherche.")
else:
    st.info("Aucun devis pour l'instant. Créez le premier ci-dessous : choisissez un client ou un prospect, "
            "puis les missions du catalogue.")

# --- a new quote ----------------------------------------------------------------------------------------

workshop = queries.workshop(ctx.uow(), ctx.principal, today)
with st.expander("Nouveau devis", icon=":material/request_quote:"):
    if not workshop.clients and not workshop.prospects:
        st.info("Créez d'abord un client (page « Clients ») ou un prospect (page « Pipeline »).")
    else:
        # Outside the form: the list below must follow the choice at once (a form reruns only on submit).
        target_kind = st.radio("Destinataire", ["Client", "Prospect"], horizontal=True, key="quotes.new.kind")
        with st.form("quotes.new"):
            target_ids = workshop.clients if target_kind == "Client" else workshop.prospects
            target = st.selectbox("Client ou prospect", list(target_ids), index=None, key="quotes.new.target",
                                  format_func=lambda i: target_ids.get(i, "?"),
                                  placeholder="Choisissez le destinataire")
            title = st.text_input("Objet", "Proposition d'honoraires", key="quotes.new.title")
            left, right = st.columns(2)
            fiscal_year_start = left.date_input("Début du premier exercice concerné", None, format="DD/MM/YYYY",
                                                key="quotes.new.fy")
            valid_until = right.date_input("Valable jusqu'au", default_valid_until(today), format="DD/MM/YYYY",
                                           key="quotes.new.valid")
            by_id = {m.id: m for m in workshop.mission_types}
            chosen = st.multiselect("Missions du catalogue", list(by_id), key="quotes.new.types",
                                    format_func=lambda i: f"{by_id[i].label} ({by_id[i].billing_mode.label})")
            monthly = st.checkbox("Forfait mensualisé", key="quotes.new.monthly")
            created = st.form_submit_button("Créer le brouillon", type="primary")
        if created:
            if target is None:
                st.error("Choisissez le client ou le prospect destinataire du devis.")
            else:
                lines = positioned([line_from_mission_type(by_id[i], workshop.rates, workshop.grades)
                                    for i in chosen])
                key = "client_id" if target_kind == "Client" else "prospect_id"
                new = QuoteDraft(**{key: target}, title=title, fiscal_year_start=fiscal_year_start,
                                 valid_until=valid_until, monthly=monthly, lines=lines,
                                 conditions=DEFAULT_CONDITIONS)
                attempt(lambda: open_quote(services.create_quote(ctx.uow(), ctx.principal, ctx.clock, new)),
                        "Brouillon de devis créé : complétez les heures et les prix ci-dessous.")

# --- one quote ----------------------------------------------------------------------------------------------

param = st.query_params.get("quote", "")
selected_id = int(param) if param.isdigit() else None
selected = queries.get_quote(ctx.uow(), ctx.principal, selected_id) if selected_id else None
if selected_id and selected is None:
    st.warning("Ce devis n'existe pas dans votre cabinet.")
choices = {q.id: q for q in quotes}
if selected is not None:
    choices.setdefault(selected.id, selected)
if st.session_state.get("quotes.open") != (selected.id if selected else None):
    st.session_state.pop("quotes.open", None)


def _pick() -> None:
    picked = st.session_state.get("quotes.open")
    if picked is None:
        st.query_params.pop("quote", None)
    else:
        st.query_params["quote"] = str(picked)


if not choices:
    st.stop()
ids = list(choices)
st.subheader("Ouvrir un devis")
st.selectbox("Devis", ids, index=ids.index(selected.id) if selected else None, key="quotes.open",
             placeholder="Choisissez un devis", on_change=_pick,
             format_func=lambda i: f"{choices[i].reference} – {recipient_of(choices[i])} ({choices[i].status.label})")
if selected is None:
    st.stop()
quote = selected
st.markdown(f"**Devis {md_escape(quote.reference)}** · {md_escape(recipient_of(quote))} · "
            f"statut **{quote.status.label}** · créé le {day(quote.created_on)} · "
            f"valable jusqu'au {day(quote.valid_until)}")
if quote.sent_on:
    st.caption(f"Envoyé le {day(quote.sent_on)}.")
if quote.status is QuoteStatus.REFUSED:
    st.caption(f"Refusé le {day(quote.decided_on)} : {md_escape(quote.refusal_reason)}")


def show_summary(shown: Quote) -> None:
    first, second, third = st.columns(3)
    first.metric("Valeur calculée (heures × taux)", eur_cents(shown.computed_cents))
    second.metric("Honoraires proposés HT", eur_cents(shown.total_ht_cents))
    gap = percent_label(shown.gap_bp)
    third.metric("Écart honoraires / valeur", eur_cents(shown.gap_cents), delta=None if gap == "—" else gap,
                 delta_color="normal")
    first, second, third = st.columns(3)
    first.metric("Total HT", eur_cents(shown.total_ht_cents))
    second.metric(f"TVA {percent_label(shown.vat_rate_bp).lstrip('+')}", eur_cents(shown.vat_cents))
    third.metric("Total TTC", eur_cents(shown.total_ttc_cents))
    if shown.monthly:
        st.caption(f"Forfait mensualisé : 12 mensualités de {eur_cents(shown.monthly_cents or 0)} HT "
                   f"({eur_cents(shown.monthly_ttc_cents or 0)} TTC), la dernière ajustant les arrondis.")


grade_labels = {g.id: g.label for g in workshop.grades}


def read_only_lines(shown: Quote) -> None:
    rows = [{"Mission": line.label, "Type": KIND_LABELS[line.kind], "Mode": line.billing_mode.label,
             "Heures": hours(line.minutes) if line.minutes else "",
             "Détail": " ; ".join(f"{grade_labels.get(h.grade_id, '?')} {hours(h.minutes)}" for h in line.hours),
             "Valeur calculée": eur_cents(line.computed_cents) if line.is_estimated else "",
             "Prix proposé HT": eur_cents(line.fee_cents) if line.kind is LineKind.MISSION else "au temps passé"}
            for line in shown.lines]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")


def editor(shown: Quote) -> Quote | None:
    """The draft's header and lines as typed now; None (with the French error shown) if they do not parse."""
    key = f"quotes.{shown.id}"
    st.markdown("##### Lignes")
    columns = {"mission_type_id": None,
               "label": st.column_config.TextColumn("Mission", required=True, width="large"),
               "kind": st.column_config.SelectboxColumn("Type", options=list(KIND_LABELS.values()), required=True),
               "mode": st.column_config.SelectboxColumn("Mode de facturation", options=[m.label for m in BillingMode],
                                                        required=True),
               "quantity": st.column_config.NumberColumn("Quantité (unitaire)", min_value=0, step=1),
               "unit_price": st.column_config.TextColumn("Prix unitaire HT (€)"),
               "fee": st.column_config.TextColumn("Prix proposé HT (€)")}
    for grade in workshop.grades:
        columns[hours_key(grade.id)] = st.column_config.NumberColumn(
            f"h {grade.label}", min_value=0.0, step=0.25, format="%.2f",
            help=f"Heures {grade.label} à {eur_cents(workshop.rates.get(grade.id, 0))} / h")
    base = st.session_state.setdefault(f"{key}.rows", table_rows(shown.lines, workshop.grades))
    edited = st.data_editor(base, column_config=columns, num_rows="dynamic", hide_index=True, width="stretch",
                            key=f"{key}.editor", column_order=list(columns))
    left, right = st.columns([3, 1])
    by_id = {m.id: m for m in workshop.mission_types}
    add_type = left.selectbox("Ajouter une mission du catalogue", list(by_id), index=None, key=f"{key}.add",
                              format_func=lambda i: by_id[i].label, placeholder="Choisissez une mission")
    if right.button("Ajouter", key=f"{key}.add.go", disabled=add_type is None):
        line = line_from_mission_type(by_id[add_type], workshop.rates, workshop.grades)
        st.session_state[f"{key}.rows"] = list(edited) + table_rows((line,), workshop.grades)
        st.session_state.pop(f"{key}.editor", None)
        st.rerun()
    extra_label = left.text_input("Ajouter des travaux hors forfait, au temps passé", key=f"{key}.extra",
                                  placeholder="Ex. : assistance en cas de contrôle fiscal")
    if right.button("Ajouter ces travaux", key=f"{key}.extra.go", disabled=not extra_label.strip()):
        st.session_state[f"{key}.rows"] = list(edited) + table_rows((extra_line(extra_label),), workshop.grades)
        st.session_state.pop(f"{key}.editor", None)
        st.rerun()
    st.markdown("##### En-tête")
    left, right = st.columns(2)
    title = left.text_input("Objet", shown.title, key=f"{key}.title")
    valid_until = right.date_input("Valable jusqu'au", shown.valid_until, format="DD/MM/YYYY", key=f"{key}.valid")
    fiscal_year_start = left.date_input("Début du premier exercice concerné", shown.fiscal_year_start,
                                        format="DD/MM/YYYY", key=f"{key}.fy")
    discount = right.text_input("Remise HT (€)", amount_text(shown.discount_cents), key=f"{key}.discount")
    monthly = st.checkbox("Forfait mensualisé (mensualités affichées)", shown.monthly, key=f"{key}.monthly")
    introduction = st.text_area("Introduction (facultative)", shown.introduction, key=f"{key}.intro")
    conditions = st.text_area("Conditions", shown.conditions or DEFAULT_CONDITIONS, key=f"{key}.conditions",
                              height=180)
    try:
        lines = lines_from_rows(list(edited), workshop.grades, workshop.rates)
        discount_cents = money_cents(discount, "Remise")
    except DomainError as err:
        st.error(err.message)
        return None
    return replace(shown, title=title, valid_until=valid_until, fiscal_year_start=fiscal_year_start,
                   discount_cents=discount_cents, monthly=monthly, introduction=introduction,
                   conditions=conditions, lines=lines)


def draft_of(shown: Quote) -> QuoteDraft:
    return QuoteDraft(client_id=shown.client_id, prospect_id=shown.prospect_id, title=shown.title,
                      valid_until=shown.valid_until, fiscal_year_start=shown.fiscal_year_start, monthly=shown.monthly,
                      discount_cents=shown.discount_cents, vat_rate_bp=shown.vat_rate_bp,
                      introduction=shown.introduction, conditions=shown.conditions, lines=shown.lines)


if quote.status is QuoteStatus.DRAFT:
    typed = editor(quote)
    st.markdown("##### Synthèse")
    if typed is not None:
        show_summary(typed)
        if st.button("Enregistrer le brouillon", type="primary", key=f"quotes.{quote.id}.save"):
            def save() -> None:
                services.update_quote(ctx.uow(), ctx.principal, ctx.clock, quote.id, draft_of(typed))
                st.session_state.pop(f"quotes.{quote.id}.rows", None)
                st.session_state.pop(f"quotes.{quote.id}.editor", None)

            attempt(save, "Brouillon enregistré.")
    st.markdown("##### Envoi")
    st.caption("L'envoi fige le devis : le PDF est produit une fois pour toutes et envoyé par courriel au "
               "signataire du client (ou à l'adresse du client ou du prospect). Enregistrez d'abord vos modifications.")
    show_hours = st.checkbox("Détailler les heures et la valeur calculée dans le PDF", key=f"quotes.{quote.id}.detail")
    if ctx.documents is not None and st.button("Aperçu du PDF", key=f"quotes.{quote.id}.preview"):
        try:
            st.session_state[f"quotes.{quote.id}.preview.pdf"] = services.preview_pdf(
                ctx.uow(), ctx.principal, ctx.documents, quote.id, show_hours=show_hours)
        except DomainError as err:
            st.error(err.message)
    if preview := st.session_state.get(f"quotes.{quote.id}.preview.pdf"):
        st.download_button("Télécharger l'aperçu (PDF)", preview, file_name=f"Apercu-{quote.reference}.pdf",
                           mime="application/pdf", key=f"quotes.{quote.id}.preview.dl")
    confirmed = st.checkbox(f"Je confirme l'envoi du devis {quote.reference}", key=f"quotes.{quote.id}.send.ok")
    if st.button("Envoyer le devis", disabled=not confirmed or ctx.documents is None, key=f"quotes.{quote.id}.send"):
        attempt(lambda: services.send_quote(ctx.uow(), ctx.principal, ctx.clock, ctx.documents, quote.id,
                                            show_hours=show_hours),
                f"Devis {quote.reference} envoyé : le courriel avec le PDF est dans la file d'envoi.")
else:
    read_only_lines(quote)
    show_summary(quote)
    pdf = queries.frozen_pdf(ctx.uow(), ctx.principal, quote.id)
    if pdf:
        st.download_button("Télécharger le PDF", pdf, file_name=f"Devis-{quote.reference}.pdf",
                           mime="application/pdf", key=f"quotes.{quote.id}.pdf")
    if quote.status is QuoteStatus.SENT:
        left, right = st.columns(2)
        with left:
            accept_ok = st.checkbox("Le client a accepté ce devis", key=f"quotes.{quote.id}.accept.ok")
            if st.button("Accepter", type="primary", disabled=not accept_ok, key=f"quotes.{quote.id}.accept"):
                attempt(lambda: services.accept_quote(ctx.uow(), ctx.principal, ctx.clock, quote.id),
                        f"Devis {quote.reference} accepté : la lettre de mission a été préparée (lien "
                        "ci-dessous).")
        with right:
            reason = st.text_input("Motif du refus", key=f"quotes.{quote.id}.refuse.reason")
            if st.button("Refuser", key=f"quotes.{quote.id}.refuse"):
                attempt(lambda: services.refuse_quote(ctx.uow(), ctx.principal, ctx.clock, quote.id, reason),
                        f"Devis {quote.reference} refusé.")
    if quote.status is QuoteStatus.ACCEPTED:
        for letter in letter_queries.letters_of_quote(ctx.uow(), ctx.principal, quote.id):
            st.page_link("pages/staff/letters.py", label=f"{letter.kind.label} {letter.reference} "
                         f"({letter.status.label.lower()})", icon=":material/contract:",
                         query_params={"letter": str(letter.id)})
    if quote.status in (QuoteStatus.SENT, QuoteStatus.REFUSED, QuoteStatus.EXPIRED):
        st.caption("Une nouvelle version reprend ce devis en brouillon, sous le même numéro"
                   + (" ; celui-ci sera marqué « Remplacé »." if quote.status is QuoteStatus.SENT else "."))
        if st.button("Nouvelle version", key=f"quotes.{quote.id}.revise"):
            attempt(lambda: open_quote(services.revise_quote(ctx.uow(), ctx.principal, ctx.clock, quote.id)),
                    f"Nouvelle version du devis {quote.number} créée en brouillon.")

history = queries.versions(ctx.uow(), ctx.principal, quote.number)
if len(history) > 1:
    st.markdown("##### Versions")
    st.dataframe([{"Version": v.version, "Référence": v.reference, "Statut": v.status.label,
                   "Date": day(v.created_on), "Envoyé le": day(v.sent_on), "Total HT": eur_cents(v.total_ht_cents)}
                  for v in history], hide_index=True, width="stretch")
