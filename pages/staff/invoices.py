"""Factures: the list with filters, a draft for a client (lines table), issue with confirmation, the Factur-X
PDF as stored, credit notes with confirmation. `?invoice=<id>` opens one invoice."""

import streamlit as st

from domain.access.model import Permission
from domain.errors import InvalidInput
from domain.formatting import day, eur_cents, moment
from domain.invoicing import deferred, deposits, drafting, queries, services
from domain.invoicing.document import pdf_filename, quantity_text, unit_text
from domain.invoicing.mentions import percent
from domain.invoicing.model import InvoiceKind, LineKind
from domain.invoicing.records import InvoiceDraft, InvoiceFilter, InvoiceStatus, StoredInvoice
from pages._ui.chorus import chorus_section
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

ctx = require_staff(Permission.INVOICE)
show_flash()
st.title("Factures")
today = ctx.clock.today()
clients = queries.clients(ctx.uow(), ctx.principal)
BLANK_ROW = {"label": "", "quantity": "1", "unit": "forfait", "unit_price": "", "vat": "20 %"}
COLUMNS = {
    "label": st.column_config.TextColumn(drafting.COLUMNS["label"], required=True, width="large"),
    "quantity": st.column_config.TextColumn(drafting.COLUMNS["quantity"], help="Ex. : 1 ; 2,5"),
    "unit": st.column_config.SelectboxColumn(drafting.COLUMNS["unit"], options=list(drafting.UNIT_CHOICES)),
    "unit_price": st.column_config.TextColumn(drafting.COLUMNS["unit_price"], help="Ex. : 450 ; 1 234,56"),
    "vat": st.column_config.SelectboxColumn(drafting.COLUMNS["vat"], options=list(drafting.VAT_CHOICES)),
}


def open_invoice(invoice: StoredInvoice) -> None:
    st.query_params["invoice"] = str(invoice.id)


def lines_editor(key: str, rows: list[dict]) -> list[dict]:
    edited = st.data_editor(rows, column_config=COLUMNS, column_order=list(COLUMNS), num_rows="dynamic",
                            hide_index=True, width="stretch", key=key)
    return list(edited)


def draft_from(client_id: int | None, rows: list[dict], period, due, terms: str) -> InvoiceDraft:
    """The typed draft, or InvalidInput with every problem (the services check everything again)."""
    if client_id is None:
        raise InvalidInput("Choisissez le client à facturer.")
    start, end = (tuple(period) + (None, None))[:2]
    return InvoiceDraft(client_id=client_id, lines=drafting.lines_from_rows(rows), period_start=start,
                        period_end=end, due_date=due, payment_terms=terms)


# --- the list -----------------------------------------------------------------------------------------------

left, middle, right = st.columns([1, 2, 2])
status = left.selectbox("Statut", [None, *InvoiceStatus], key="invoices.status",
                        format_func=lambda s: "Tous" if s is None else s.label)
client_filter = middle.selectbox("Client", [None, *clients], key="invoices.client",
                                 format_func=lambda i: "Tous les clients" if i is None else clients[i])
period = right.date_input("Période (date d'émission)", (), format="DD/MM/YYYY", key="invoices.period")
start, end = (tuple(period) + (None, None))[:2]
criteria = InvoiceFilter(status=status, client_id=client_filter, period_from=start, period_to=end)
invoices = queries.list_invoices(ctx.uow(), ctx.principal, criteria)
if invoices:
    st.dataframe([{"Numéro": s.reference, "Type": s.kind.label, "Client": s.buyer_name,
                   "Date": day(s.issue_date or s.created_on), "Échéance": day(s.due_date),
                   "Total HT": eur_cents(s.ht_cents), "Total TTC": eur_cents(s.ttc_cents), "Statut": s.status.label}
                  for s in invoices], hide_index=True, width="stretch")
    issued = [s for s in invoices if s.status is InvoiceStatus.ISSUED]
    sign = {InvoiceKind.INVOICE: 1, InvoiceKind.CREDIT_NOTE: -1}
    st.caption(f"{len(invoices)} document(s) ; émis : {eur_cents(sum(sign[s.kind] * s.ttc_cents for s in issued))} "
               "TTC (avoirs déduits).")
elif status or client_filter or start:
    st.info("Aucune facture ne correspond à ces filtres.")
else:
    st.info("Aucune facture pour l'instant. Créez un brouillon ci-dessous : choisissez le client, puis saisissez "
            "les lignes (libellé, quantité, prix unitaire HT, TVA).")

# --- a new draft ----------------------------------------------------------------------------------------------

with st.expander("Nouvelle facture (brouillon)", icon=":material/receipt_long:"):
    if not clients:
        st.info("Créez d'abord un client (page « Clients »).")
    else:
        with st.form("invoices.new"):
            client_id = st.selectbox("Client", list(clients), index=None, key="invoices.new.client",
                                     format_func=lambda i: clients.get(i, "?"), placeholder="Choisissez le client")
            left, right = st.columns(2)
            new_period = left.date_input("Période de prestation", (), format="DD/MM/YYYY", key="invoices.new.period")
            new_due = right.date_input("Échéance (vide : 30 jours après l'émission)", None, format="DD/MM/YYYY",
                                       key="invoices.new.due")
            new_rows = lines_editor("invoices.new.lines", [dict(BLANK_ROW)])
            new_terms = st.text_input("Conditions de paiement (facultatif)", key="invoices.new.terms")
            created = st.form_submit_button("Créer le brouillon", type="primary")
        if created:
            attempt(lambda: open_invoice(services.create_draft(
                ctx.uow(), ctx.principal, ctx.clock,
                draft_from(client_id, new_rows, new_period, new_due, new_terms))),
                "Brouillon de facture créé : vérifiez-le ci-dessous puis émettez-le.")

with st.expander("Facture d'acompte (brouillon)", icon=":material/savings:"):
    st.caption("Un acompte demandé avant les travaux : facture d'acompte (TVA exigible à l'encaissement), numérotée "
               "dans la série des factures. Une fois payé, il est déduit de la facture suivante du client (de la "
               "mission choisie, le cas échéant), par la facturation du mois ou à la demande sur un brouillon.")
    if clients:
        deposit_client = st.selectbox("Client", list(clients), index=None, key="invoices.deposit.client",
                                      format_func=lambda i: clients.get(i, "?"), placeholder="Choisissez le client")
        missions = queries.missions_of(ctx.uow(), ctx.principal, deposit_client) if deposit_client else {}
        deposit_mission = st.selectbox("Mission (facultatif)", [None, *missions], key="invoices.deposit.mission",
                                       format_func=lambda m: "Sans mission : toute facture du client" if m is None
                                       else missions[m])
        left, right = st.columns(2)
        deposit_amount = left.text_input("Montant HT", key="invoices.deposit.amount", placeholder="Ex. : 1 000")
        deposit_label = right.text_input("Libellé", deposits.DEPOSIT_LABEL, key="invoices.deposit.label")
        if st.button("Créer le brouillon d'acompte", key="invoices.deposit.create"):
            attempt(lambda: open_invoice(deposits.create_deposit(
                ctx.uow(), ctx.principal, ctx.clock, deposit_client, deposit_amount, mission_id=deposit_mission,
                label=deposit_label)), "Brouillon de facture d'acompte créé : vérifiez-le ci-dessous puis émettez-le.")

# --- one invoice ---------------------------------------------------------------------------------------------

param = st.query_params.get("invoice", "")
selected = queries.get_invoice(ctx.uow(), ctx.principal, int(param)) if param.isdigit() else None
if param and selected is None:
    st.warning("Cette facture n'existe pas dans votre cabinet.")
choices = {s.id: f"{s.reference} – {s.buyer_name} ({s.status.label.lower()})" for s in invoices}
if selected is not None:
    choices.setdefault(selected.id, f"{selected.reference} – {selected.document.buyer.name}")
if st.session_state.get("invoices.open") != (selected.id if selected else None):
    st.session_state.pop("invoices.open", None)


def _pick() -> None:
    picked = st.session_state.get("invoices.open")
    if picked is None:
        st.query_params.pop("invoice", None)
    else:
        st.query_params["invoice"] = str(picked)


if not choices:
    st.stop()
ids = list(choices)
st.subheader("Ouvrir une facture")
st.selectbox("Facture ou avoir", ids, index=ids.index(selected.id) if selected else None, key="invoices.open",
             placeholder="Choisissez une facture", on_change=_pick, format_func=lambda i: choices[i])
if selected is None:
    st.stop()
invoice, doc = selected, selected.document
totals = doc.totals
st.markdown(f"**{doc.title} {md_escape(invoice.reference)}** · {md_escape(doc.buyer.name)} · "
            f"statut **{invoice.status.label}**"
            + (f" · émise le {day(doc.issue_date)} · échéance {day(doc.due_date)}" if not invoice.is_draft else ""))
if doc.is_credit_note:
    st.caption(f"Avoir sur la facture {md_escape(doc.preceding_number)} du {day(doc.preceding_date)}.")
st.dataframe([{"N°": n, "Libellé": line.label, "Quantité": f"{quantity_text(line.quantity)} {unit_text(line)}",
               "Prix unitaire HT": eur_cents(line.unit_price_cents),
               "TVA": "Débours" if line.kind is LineKind.DISBURSEMENT else percent(line.vat_rate),
               "Montant HT": eur_cents(line.amount_cents)} for n, line in enumerate(doc.lines, start=1)],
             hide_index=True, width="stretch")
first, second, third = st.columns(3)
first.metric("Total HT", eur_cents(totals.ht_cents))
second.metric("TVA", eur_cents(totals.vat_cents))
third.metric("Total TTC", eur_cents(totals.ttc_cents))
if doc.prepaid_cents:
    st.caption(f"{md_escape(doc.prepaid_note)} Net à payer : {eur_cents(totals.due_cents)}.")
key = f"invoices.{invoice.id}"
ready = ctx.documents is not None and ctx.einvoicing is not None  # the PDF renderer and the Factur-X adapter

if invoice.is_draft and doc.is_deposit:
    st.caption("Un brouillon d'acompte ne se modifie pas : supprimez-le et créez-en un autre.")
deducts = invoice.is_draft and not doc.is_credit_note and not doc.is_deposit
if deducts and st.button("Déduire les acomptes payés", key=f"{key}.deposits",
                         help="Les factures d'acompte du client payées et pas encore déduites, de la mission de ce "
                              "brouillon ou sans mission, tant qu'elles tiennent dans son total TTC."):
    attempt(lambda: deposits.deduct_deposits(ctx.uow(), ctx.principal, ctx.clock, invoice.id),
            lambda found: deposits.note(found) if found else
            "Aucun acompte payé à déduire pour ce client (ou il dépasse le total de ce brouillon).")
if invoice.is_draft:
    if not doc.is_deposit:  # its line is of kind acompte, which the lines editor does not offer
        with st.expander("Modifier le brouillon"):
            with st.form(f"{key}.edit"):
                edit_client = st.selectbox("Client", list(clients), key=f"{key}.client", format_func=lambda i: clients[i],
                                           index=list(clients).index(invoice.client_id) if invoice.client_id in clients
                                           else None)
                left, right = st.columns(2)
                current = (doc.period_start, doc.period_end) if doc.period_start else ()
                edit_period = left.date_input("Période de prestation", current, format="DD/MM/YYYY", key=f"{key}.period")
                edit_due = right.date_input("Échéance (vide : 30 jours après l'émission)", doc.due_date,
                                            format="DD/MM/YYYY", key=f"{key}.due")
                edit_rows = lines_editor(f"{key}.lines", drafting.rows_of(doc.lines))
                edit_terms = st.text_input("Conditions de paiement (facultatif)", doc.payment_terms, key=f"{key}.terms")
                saved = st.form_submit_button("Enregistrer le brouillon", type="primary")
            if saved:
                attempt(lambda: services.update_draft(
                    ctx.uow(), ctx.principal, ctx.clock, invoice.id,
                    draft_from(edit_client, edit_rows, edit_period, edit_due, edit_terms)), "Brouillon enregistré.")
    st.markdown("##### Émission")
    st.caption("L'émission attribue le numéro suivant de la série, produit la facture Factur-X (PDF/A-3 avec son XML "
               "EN 16931 contrôlé), la fige définitivement et l'envoie par courriel au client. Une facture émise ne "
               "se modifie plus : elle se corrige par un avoir.")
    confirmed = st.checkbox("Je confirme l'émission de cette facture", key=f"{key}.issue.ok")
    if st.button("Émettre la facture", type="primary", disabled=not confirmed or not ready, key=f"{key}.issue"):
        attempt(lambda: services.issue_invoice(ctx.uow(), ctx.principal, ctx.clock, ctx.documents, ctx.einvoicing,
                                               invoice.id),
                lambda done: f"Facture {done.invoice.reference} émise" + (
                    f" : le courriel à {done.mailed_to} est dans la file d'envoi." if done.mailed_to else
                    " : aucune adresse e-mail pour ce client, envoyez-lui le PDF vous-même."))
    delete_ok = st.checkbox("Je confirme la suppression de ce brouillon", key=f"{key}.delete.ok")
    if st.button("Supprimer le brouillon", disabled=not delete_ok, key=f"{key}.delete"):
        def delete() -> None:
            services.delete_draft(ctx.uow(), ctx.principal, ctx.clock, invoice.id)
            st.query_params.pop("invoice", None)

        attempt(delete, "Brouillon supprimé.")
    st.stop()

# The stored bytes; an invoice of the seeded history gets its PDF rendered (once, then stored) on this first view.
pdf = deferred.pdf_for_download(ctx.uow(), ctx.principal, ctx.documents, ctx.einvoicing, invoice.id, ctx.clock)
if pdf:
    st.download_button("Télécharger la facture Factur-X (PDF)", pdf, file_name=pdf_filename(doc),
                       mime="application/pdf", key=f"{key}.pdf", type="primary")
st.caption(f"Émise le {moment(invoice.issued_at)} ; "
           + (f"envoyée par courriel à {md_escape(invoice.mailed_to)}." if invoice.mailed_to
              else "aucune adresse e-mail : non envoyée par courriel.")
           + f" Empreinte SHA-256 : {invoice.pdf_sha256[:16]}…")
chorus_section(ctx, invoice)  # a public client's invoice: deposit on Chorus Pro and its status
if doc.kind is InvoiceKind.INVOICE:
    notes = queries.credit_notes_of(ctx.uow(), ctx.principal, invoice.id)
    if notes:
        st.markdown("##### Avoirs sur cette facture")
        st.dataframe([{"Numéro": n.reference, "Date": day(n.issue_date), "Total TTC": eur_cents(n.ttc_cents),
                       "Statut": n.status.label} for n in notes], hide_index=True, width="stretch")
    st.markdown("##### Avoir")
    st.caption("Un avoir annule tout ou partie de la facture, dans la série des avoirs, et la cite (numéro et date). "
               "Il est émis et envoyé au client comme une facture.")
    if doc.prepaid_cents and (deducted := queries.deposits_deducted(ctx.uow(), ctx.principal, invoice.id)):
        st.caption(f"Cette facture a déduit des acomptes ({', '.join(d.number for d in deducted)}) : seul un avoir "
                   "total est possible ; il crédite le net demandé et remet les acomptes à disposition pour la "
                   "prochaine facture du client.")
    positions = list(range(1, len(doc.lines) + 1))
    chosen = st.multiselect("Lignes à créditer", positions, default=positions, key=f"{key}.credit.lines",
                            format_func=lambda n: f"{n}. {doc.lines[n - 1].label} "
                                                  f"({eur_cents(doc.lines[n - 1].amount_cents)} HT)")
    credit_ok = st.checkbox("Je confirme l'émission de l'avoir", key=f"{key}.credit.ok")
    if st.button("Émettre l'avoir", disabled=not credit_ok or not ready, key=f"{key}.credit"):
        attempt(lambda: services.credit_invoice(ctx.uow(), ctx.principal, ctx.clock, ctx.documents, ctx.einvoicing,
                                                invoice.id, None if chosen == positions else chosen),
                lambda done: f"Avoir {done.invoice.reference} émis sur la facture {invoice.reference}.")
