"""The queue of bank credits to match (tab *Rapprochement* of Encaissements): for each line, the invoices it
may pay (one or several, with their total against what the line has left), confirm or ignore."""

import streamlit as st

from domain.collections import services
from domain.collections.model import Payment, Receivable
from domain.collections.queries import QueuedLine
from domain.context import AppContext
from domain.formatting import day, eur_cents
from pages._ui.feedback import attempt


def _confirmed(payments: list[Payment]) -> str:
    total = sum(p.amount_cents for p in payments)
    return f"Ligne rapprochée : {len(payments)} paiement(s) enregistré(s), {eur_cents(total)} au total."


def too_much(picked: list[int], outstanding: dict[int, int], rest: int) -> str:
    """The French refusal of a choice of several invoices above what the line has left ('' when it fits)."""
    total = sum(outstanding.get(i, 0) for i in picked)
    if len(picked) > 1 and total > rest:
        return (f"Le total des factures choisies ({eur_cents(total)}) dépasse le montant à affecter de la ligne "
                f"({eur_cents(rest)}) : retirez une facture.")
    return ""


def _options(item: QueuedLine, open_items: list[Receivable]) -> dict[int, str]:
    """Suggested invoices first (with why), then every other open invoice."""
    options: dict[int, str] = {}
    for group in item.groups:
        for invoice_id, number in zip(group.invoice_ids, group.numbers, strict=True):
            options.setdefault(invoice_id, f"{number} – {group.client_name} (groupe : {', '.join(group.reasons)})")
    for s in item.suggestions:
        options.setdefault(s.invoice_id, f"{s.number} – {s.client_name} – reste {eur_cents(s.outstanding_cents)} "
                                         f"({', '.join(s.reasons)})")
    for r in open_items:
        options.setdefault(r.invoice_id, f"{r.number} – {r.client_name} – reste {eur_cents(r.outstanding_cents)}")
    return options


def queued_line(ctx: AppContext, item: QueuedLine, open_items: list[Receivable]) -> None:
    line, key = item.line, f"collections.queue.{item.line.id}"
    outstanding = {r.invoice_id: r.outstanding_cents for r in open_items}
    rest = line.unallocated_cents
    with st.container(border=True):
        st.markdown(f"**{day(line.booked_on)} – {eur_cents(line.amount_cents)}** · {line.bank_name}")
        st.caption(line.label + (f" · réf. {line.reference}" if line.reference else ""))
        if line.allocated_cents:
            st.caption(f"Déjà affecté : {eur_cents(line.allocated_cents)} ; reste à affecter : {eur_cents(rest)}.")
        for group in item.groups:
            st.caption(f"Suggestion : {' + '.join(group.numbers)} ({group.client_name}) = "
                       f"{eur_cents(group.total_cents)}.")
        options = _options(item, open_items)
        picked = st.multiselect("Factures réglées", list(options), default=list(item.proposed_invoice_ids),
                                format_func=options.get, key=f"{key}.invoices",
                                placeholder="Aucune suggestion : choisissez la ou les factures")
        refusal = too_much(picked, outstanding, rest)
        if picked:
            total = sum(outstanding.get(i, 0) for i in picked)
            left_over = f" ; reste non affecté : {eur_cents(rest - total)}" if total < rest else ""
            st.caption(f"Total choisi : {eur_cents(total)} pour {eur_cents(rest)} à affecter{left_over}.")
        if refusal:
            st.error(refusal)
        left, right = st.columns(2)
        if left.button("Confirmer le rapprochement", key=f"{key}.match", type="primary",
                       disabled=not picked or bool(refusal)):
            attempt(lambda: services.allocate_bank_line(ctx.uow(), ctx.principal, ctx.clock, line.id, picked),
                    _confirmed)
        if right.button("Ignorer le reste" if line.allocated_cents else "Ignorer cette ligne", key=f"{key}.ignore"):
            attempt(lambda: services.ignore_bank_line(ctx.uow(), ctx.principal, ctx.clock, line.id), "Ligne ignorée.")
