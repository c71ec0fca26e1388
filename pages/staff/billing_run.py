"""Facturation du mois: pick the month, see what is due, prepare the drafts, review them (select, exclude,
adjust the time billed with its reason, open a draft in Factures), then issue the selection with a progress bar.
Refused drafts stay drafts and show the rule ids and messages that refused them."""

from datetime import date

import streamlit as st

from domain.access.model import Permission
from domain.catalogue.model import add_months
from domain.errors import InvalidInput
from domain.formatting import eur_cents, hours
from domain.invoicing import runs
from domain.invoicing.billing import BillingPeriod
from domain.invoicing.records import InvoiceStatus
from domain.money import parse_non_negative_amount, to_cents
from pages._ui.context import require_staff
from pages._ui.feedback import attempt, show_flash
from pages._ui.text import md_escape

POOL_FROM = 10  # below this many invoices, rendering in this process is faster than starting the pool


def issued_message(report: runs.RunReport) -> str:
    message = f"{len(report.issued)} facture(s) émise(s)"
    if report.issued:
        message += f", du n° {report.issued[0][1]} au n° {report.issued[-1][1]}"
    if report.refused:
        message += f" ; {len(report.refused)} brouillon(s) refusé(s), restés en brouillon (voir ci-dessous)"
    return message + "."


ctx = require_staff(Permission.INVOICE)
show_flash()
st.title("Facturation du mois")
today = ctx.clock.today()
months = [BillingPeriod(add_months(date(today.year, today.month, 1), -n)) for n in range(13)]
period = st.selectbox("Mois facturé", months, format_func=lambda p: p.label.capitalize(), key="billing.month")
st.caption("Sont dues : les échéances de forfait du mois, le temps passé validé et non facturé jusqu'à la fin du "
           "mois (au taux de vente du grade à la date de chaque saisie), les missions à l'unité arrivées à leur "
           "clôture. Les travaux complémentaires et les débours s'ajoutent à la main dans Factures.")

# --- what is due ---------------------------------------------------------------------------------------------

proposal = runs.propose_run(ctx.uow(), ctx.principal, period)
st.subheader("À préparer")
for warning in proposal.warnings:
    st.warning(warning)
if proposal.drafts:
    st.dataframe([{"Client": d.client_name, "Lignes": len(d.lines), "Montant HT": eur_cents(d.ht_cents),
                   "Période": f"{d.period_start:%d/%m/%Y} – {d.period_end:%d/%m/%Y}"} for d in proposal.drafts],
                 hide_index=True, width="stretch")
    st.write(f"**{len(proposal.drafts)} brouillon(s)** pour **{eur_cents(proposal.ht_cents)} HT**.")
    if st.button("Préparer les brouillons", type="primary", key="billing.prepare"):
        attempt(lambda: runs.prepare_run(ctx.uow(), ctx.principal, ctx.clock, period),
                lambda done: f"{len(done.invoice_ids)} brouillon(s) préparé(s) pour {period.label}.")
else:
    st.info(f"Rien de nouveau à préparer pour {period.label}.")

# --- the run's drafts and invoices ---------------------------------------------------------------------------

rows = runs.run_rows(ctx.uow(), ctx.principal, period)
drafts = [r for r in rows if r.invoice.status is InvoiceStatus.DRAFT]
issued = [r for r in rows if r.invoice.status is InvoiceStatus.ISSUED]
st.subheader("Brouillons du mois")
if not drafts:
    st.info("Aucun brouillon en attente pour ce mois." if issued or not proposal.drafts
            else "Préparez les brouillons pour les revoir ici avant de les émettre.")
else:
    select_all = st.toggle("Tout sélectionner (sauf les brouillons refusés)", value=True, key="billing.all")
    table = [{"Émettre": select_all and not r.problems, "Brouillon": r.invoice.id, "Client": r.invoice.buyer_name,
              "Montant HT": eur_cents(r.invoice.ht_cents), "TTC": eur_cents(r.invoice.ttc_cents),
              "Temps passé": ", ".join(f"{hours(t.minutes)} ({eur_cents(t.billed_cents)})" for t in r.time),
              "Anomalies": " ; ".join(p.text for p in r.problems),
              "Ouvrir": f"/factures?invoice={r.invoice.id}"} for r in drafts]
    edited = st.data_editor(
        table, hide_index=True, width="stretch", key=f"billing.table.{period.key}.{select_all}",
        disabled=[c for c in table[0] if c != "Émettre"],
        column_config={"Émettre": st.column_config.CheckboxColumn("Émettre", help="Décochez pour exclure"),
                       "Brouillon": st.column_config.NumberColumn("N° de brouillon", format="%d"),
                       "Ouvrir": st.column_config.LinkColumn("Modifier", display_text="Ouvrir dans Factures")})
    chosen = [row["Brouillon"] for row in edited if row["Émettre"]]
    by_id = {r.invoice.id: r for r in drafts}
    st.write(f"Sélection : **{len(chosen)} brouillon(s)**, "
             f"**{eur_cents(sum(by_id[i].invoice.ht_cents for i in chosen))} HT**, "
             f"{eur_cents(sum(by_id[i].invoice.ttc_cents for i in chosen))} TTC.")

    refused = [r for r in drafts if r.problems]
    if refused:
        st.error(f"{len(refused)} brouillon(s) refusé(s) au dernier essai d'émission : corrigez-les (client, "
                 "cabinet ou lignes) puis émettez-les de nouveau.")
        for r in refused:
            with st.expander(f"Brouillon n° {r.invoice.id} – {r.invoice.buyer_name}"):
                for problem in r.problems:
                    st.markdown(f"- **{md_escape(problem.rule or problem.check)}** : {md_escape(problem.message)}")

    blocks = [(r, t) for r in drafts for t in r.time]
    if blocks:
        with st.expander("Ajuster le temps passé facturé (boni/mali)"):
            picked = st.selectbox(
                "Temps à ajuster", range(len(blocks)), key="billing.block",
                format_func=lambda i: f"{blocks[i][0].invoice.buyer_name} – {blocks[i][1].mission_label} : "
                                      f"{hours(blocks[i][1].minutes)} valorisées {eur_cents(blocks[i][1].valued_cents)}")
            row, block = blocks[picked]
            st.caption(f"Facturé actuellement : {eur_cents(block.billed_cents)}"
                       + (f" (motif : {block.reason})" if block.reason else ""))
            with st.form("billing.adjust"):
                amount = st.text_input("Montant facturé HT (€)", value=f"{block.billed_cents / 100:.2f}".replace(".", ","))
                reason = st.text_input("Motif de l'écart", value=block.reason, max_chars=300)
                if st.form_submit_button("Enregistrer l'ajustement"):
                    try:
                        cents = to_cents(parse_non_negative_amount(amount, "Montant facturé"))
                    except InvalidInput as err:
                        st.error(err.message)
                    else:
                        attempt(lambda: runs.adjust_time(ctx.uow(), ctx.principal, ctx.clock, row.invoice.id,
                                                         block.mission_id, cents, reason),
                                f"Temps passé de {row.invoice.buyer_name} ajusté.")

    if st.button("Émettre la sélection", type="primary", disabled=not chosen, key="billing.issue"):
        bar = st.progress(0.0, text="Contrôle des brouillons…")
        batch = ctx.facturx_batch if ctx.facturx_batch is not None and len(chosen) > POOL_FROM else \
            runs.InProcessBatch(ctx.documents, ctx.einvoicing)
        attempt(lambda: runs.issue_run(ctx.uow(), ctx.principal, ctx.clock, batch, chosen,
                                       progress=lambda done, steps, text: bar.progress(done / steps, text=text)),
                issued_message)

if issued:
    st.subheader("Factures émises de ce mois")
    st.dataframe([{"Numéro": r.invoice.number, "Client": r.invoice.buyer_name,
                   "Montant HT": eur_cents(r.invoice.ht_cents), "TTC": eur_cents(r.invoice.ttc_cents),
                   "Envoyée à": r.invoice.mailed_to or "—"} for r in issued], hide_index=True, width="stretch")
    st.write(f"**{len(issued)} facture(s)**, {eur_cents(sum(r.invoice.ht_cents for r in issued))} HT.")
