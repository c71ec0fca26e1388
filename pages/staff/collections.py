"""Encaissements: payments on issued invoices (record, cancel with confirmation), bank statement CSV import
with the column mapping remembered per bank, and the queue of credit lines to match (one line may pay several
invoices; pages/_ui/bank_queue.py) or ignore."""

import streamlit as st

from domain.access.model import Permission
from domain.collections import queries, services, statement
from domain.collections.model import BankMapping, PaymentInput, PaymentMethod
from domain.errors import InvalidInput
from domain.formatting import day, eur_cents
from domain.money import parse_amount, to_cents
from pages._ui.bank_queue import queued_line
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash

ctx = require_staff(Permission.INVOICE)
show_flash()
st.title("Encaissements")
today = ctx.clock.today()
everything = queries.receivables(ctx.uow(), ctx.principal)
open_items = [r for r in everything if r.outstanding_cents > 0]
numbers = {r.invoice_id: r.number for r in everything}
labels = {r.invoice_id: f"{r.number} – {r.client_name} – reste {eur_cents(r.outstanding_cents)}" for r in open_items}
payments_tab, import_tab, queue_tab = st.tabs(["Paiements", "Import de relevé", "Rapprochement"])


def payment_from(invoice_id: int | None, paid_on, amount: str, method: PaymentMethod, reference: str) -> PaymentInput:
    if invoice_id is None:
        raise InvalidInput("Choisissez la facture réglée.")
    if paid_on is None:
        raise InvalidInput("Indiquez la date du paiement.")
    return PaymentInput(invoice_id, paid_on, to_cents(parse_amount(amount, "Montant")), method, reference)


# --- payments ------------------------------------------------------------------------------------------------

with payments_tab:
    if open_items:
        st.dataframe([{"Facture": r.number, "Client": r.client_name, "Échéance": day(r.due_date),
                       "Montant dû": eur_cents(r.due_cents), "Reste dû": eur_cents(r.outstanding_cents),
                       "Retard (j)": r.days_late(today)} for r in open_items], hide_index=True, width="stretch")
        st.caption(f"{len(open_items)} facture(s) ouverte(s) ; reste dû total : "
                   f"{eur_cents(sum(r.outstanding_cents for r in open_items))}.")
        with st.form("collections.pay"):
            invoice_id = st.selectbox("Facture", list(labels), index=None, format_func=labels.get,
                                      placeholder="Choisissez la facture", key="collections.pay.invoice")
            left, middle, right = st.columns(3)
            paid_on = left.date_input("Date du paiement", today, format="DD/MM/YYYY", key="collections.pay.date")
            amount = middle.text_input("Montant (€)", placeholder="Ex. : 1 341,90", key="collections.pay.amount")
            method = right.selectbox("Mode", list(PaymentMethod), format_func=lambda m: m.label,
                                     key="collections.pay.method")
            reference = st.text_input("Référence (n° de chèque, libellé du virement…)", key="collections.pay.ref")
            if st.form_submit_button("Enregistrer le paiement", type="primary"):
                attempt(lambda: services.record_payment(ctx.uow(), ctx.principal, ctx.clock,
                                                        payment_from(invoice_id, paid_on, amount, method, reference)),
                        lambda p: f"Paiement de {eur_cents(p.amount_cents)} enregistré.")
        st.caption("Un paiement supérieur au reste dû est refusé : enregistrez le surplus sur une autre facture.")
    else:
        st.info("Aucune facture émise n'attend de paiement.")

    st.subheader("Derniers paiements")
    recorded = queries.payments(ctx.uow(), ctx.principal)
    if recorded:
        st.dataframe([{"Date": day(p.paid_on), "Facture": numbers.get(p.invoice_id, f"n° {p.invoice_id}"),
                       "Montant": eur_cents(p.amount_cents), "Mode": p.method.label, "Référence": p.reference,
                       "État": "Annulé" if p.is_cancelled else "Enregistré"} for p in recorded[:200]],
                     hide_index=True, width="stretch")
        active = {p.id: f"{day(p.paid_on)} – {eur_cents(p.amount_cents)} – {p.method.label} {p.reference}".strip()
                  for p in recorded if not p.is_cancelled}
        if active:
            with st.form("collections.cancel"):
                chosen = st.selectbox("Paiement à annuler", list(active), index=None, format_func=active.get,
                                      placeholder="Choisissez le paiement", key="collections.cancel.payment")
                sure = st.checkbox("Je confirme l'annulation de ce paiement (la facture redevient due)",
                                   key="collections.cancel.sure")
                if st.form_submit_button("Annuler le paiement"):
                    if chosen is None or not sure:
                        st.error("Choisissez le paiement et cochez la confirmation.")
                    else:
                        attempt(lambda: services.cancel_payment(ctx.uow(), ctx.principal, ctx.clock, chosen),
                                "Paiement annulé.")
    else:
        st.caption("Aucun paiement enregistré.")

# --- bank statement import -----------------------------------------------------------------------------------

with import_tab:
    mappings = {m.bank_name: m for m in queries.bank_mappings(ctx.uow(), ctx.principal)}
    known = st.selectbox("Banque", [None, *mappings], key="collections.bank",
                         format_func=lambda b: "Nouvelle banque…" if b is None else b)
    bank_name = known or st.text_input("Nom de la banque (la correspondance des colonnes sera retenue)",
                                       placeholder="Ex. : Crédit Agricole – compte courant", key="collections.newbank")
    upload = st.file_uploader("Relevé au format CSV", type=["csv", "txt"], key="collections.file")
    if upload is not None:
        content = upload.getvalue()
        try:
            header, rows = statement.read_table(content)
        except InvalidInput as err:
            st.error(err.message)
            header = []
        if header:
            remembered = mappings.get(known) if known else None
            st.caption(f"{len(rows)} ligne(s) lue(s). Indiquez la colonne de chaque donnée.")

            def column(label: str, attribute: str, optional: bool = False) -> str:
                choices = ([""] if optional else []) + header
                preset = getattr(remembered, attribute, "") if remembered else ""
                index = choices.index(preset) if preset in choices else (0 if optional else None)
                return st.selectbox(label, choices, index=index, key=f"collections.map.{attribute}",
                                    format_func=lambda c: c or "(aucune)") or ""

            left, right = st.columns(2)
            with left:
                date_column = column("Date", "date_column")
                amount_column = column("Montant (crédits positifs)", "amount_column")
            with right:
                label_column = column("Libellé", "label_column")
                reference_column = column("Référence (facultatif)", "reference_column", optional=True)
            if st.button("Importer le relevé", type="primary", key="collections.import"):
                mapping = BankMapping(bank_name or "", date_column, label_column, amount_column, reference_column)
                attempt(lambda: services.import_statement(ctx.uow(), ctx.principal, ctx.clock, content, mapping),
                        lambda report: report.text)
    st.caption("Formats acceptés : séparateur « ; » ou « , », dates JJ/MM/AAAA, montants à virgule (1 234,56). "
               "Un relevé déjà importé n'ajoute rien ; seules les lignes de crédit sont reprises.")

# --- matching queue ------------------------------------------------------------------------------------------

with queue_tab:
    queue = queries.matching_queue(ctx.uow(), ctx.principal)
    if not queue:
        st.info("Aucune ligne de relevé à rapprocher.")
    for item in queue[:50]:
        queued_line(ctx, item, open_items)
    if len(queue) > 50:
        st.caption(f"{len(queue) - 50} autre(s) ligne(s) à rapprocher après celles-ci.")
