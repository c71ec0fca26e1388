"""Journal des ventes: the year's entries (invoices and credit notes in VE, payments in BQ) and the FEC file with
its description to download. Preparing the file is audited, so it happens on a click, not on every rerun."""

import streamlit as st

from domain.access.model import Permission
from domain.accounting import services as accounting
from domain.accounting.fec import FecEncoding
from domain.errors import DomainError
from domain.formatting import day, eur_cents
from pages._ui.context import require_staff

ctx = require_staff(Permission.INVOICE)
st.title("Journal des ventes")
st.caption("Les écritures sont passées à l'émission de chaque facture ou avoir (journal VE) et à l'enregistrement "
           "de chaque règlement (journal BQ) ; elles ne se modifient plus. Le fichier reprend le format du FEC "
           "(article A47 A-1 du LPF) pour être importé dans la comptabilité du cabinet ; ce n'est pas son FEC complet.")
today = ctx.clock.today()
left, right = st.columns(2)
year = left.selectbox("Exercice (année civile)", list(range(today.year, today.year - 6, -1)), key="sales_journal.year")
encoding = right.radio("Jeu de caractères", list(FecEncoding), format_func=lambda e: e.label, horizontal=True,
                       key="sales_journal.encoding")

entries = accounting.journal(ctx.uow(), ctx.principal, year)
if not entries:
    st.info(f"Aucune écriture en {year}. Elles apparaissent dès qu'une facture est émise.")
else:
    st.dataframe([{"Journal": e.journal.value, "N° d'écriture": e.reference, "Date": day(e.entry_date),
                   "Compte": item.account, "Compte auxiliaire": item.aux_account, "Pièce": e.piece_ref,
                   "Libellé": item.label or e.label,
                   "Débit": eur_cents(item.debit_cents) if item.debit_cents else "",
                   "Crédit": eur_cents(item.credit_cents) if item.credit_cents else ""}
                  for e in entries for item in e.lines], hide_index=True, width="stretch")
    debit = sum(e.debit_cents for e in entries)
    st.caption(f"{len(entries)} écriture(s) ; total débit = total crédit = {eur_cents(debit)}.")

prepared_key = "sales_journal.file"
if st.button("Préparer le fichier FEC", icon=":material/description:", key="sales_journal.prepare"):
    try:
        st.session_state[prepared_key] = (year, encoding, accounting.export_fec(ctx.uow(), ctx.principal, ctx.clock,
                                                                                year, encoding))
    except DomainError as err:
        st.error(err.message)
prepared = st.session_state.get(prepared_key)
if prepared and prepared[:2] == (year, encoding):
    result = prepared[2]
    st.success(f"{result.name} : {result.entries} écriture(s), {result.lines} ligne(s), {encoding.label}.")
    one, two = st.columns(2)
    one.download_button("Télécharger le fichier FEC", result.content, file_name=result.name, mime="text/plain",
                        icon=":material/download:", key="sales_journal.download")
    two.download_button("Télécharger sa description", result.description, file_name=result.description_name,
                        mime="text/plain", icon=":material/download:", key="sales_journal.description")
