"""The queue of bank credits to match (tab *Rapprochement* of Encaissements): for each line, the invoices it
may pay (one or several, with their total against what the line has left), the split previewed (oldest first,
the last one reached paid in part, which the user ticks to confirm), confirm or ignore."""

import streamlit as st

from domain.collections import allocation, services
from domain.collections.allocation import Share
from domain.collections.model import Payment, Receivable
from domain.collections.queries import QueuedLine
from domain.context import AppContext
from domain.errors import InvalidInput
from domain.formatting import day, eur_cents
from pages._ui.feedback import attempt


def _confirmed(payments: list[Payment]) -> str:
    total = sum(p.amount_cents for p in payments)
    return f"Ligne rapprochée : {len(payments)} paiement(s) enregistré(s), {eur_cents(total)} au total."


def _split(picked: list[int], open_items: list[Receivable], rest: int) -> tuple[list[Share], str]:
    """The shares the line would give the picked invoices, or the French refusal ('' when it fits)."""
    by_id = {r.invoice_id: r for r in open_items}
    try:
        return allocation.split_line(rest, [by_id[i] for i in picked if i in by_id]), ""
    except InvalidInput as err:
        return [], err.message


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
    rest = line.unallocated_cents
    with st.container(border=True):
        st.markdown(f"**{day(line.booked_on)} – {eur_cents(line.amount_cents)}** · {line.bank_name}")
        st.caption(line.label + (f" · réf. {line.reference}" if line.reference else ""))
        if line.allocated_cents:
            st.caption(f"Déjà affecté : {eur_cents(line.allocated_cents)} ; reste à affecter : {eur_cents(rest)}.")
        for group in item.groups:
            partly = f" (paiement partiel de {group.partial_number})" if group.partial_number else ""
            st.caption(f"Suggestion{partly} : {' + '.join(group.numbers)} ({group.client_name}) = "
                       f"{eur_cents(group.total_cents)}.")
        options = _options(item, open_items)
        picked = st.multiselect("Factures réglées", list(options), default=list(item.proposed_invoice_ids),
                                format_func=options.get, key=f"{key}.invoices",
                                placeholder="Aucune suggestion : choisissez la ou les factures")
        shares, refusal = _split(picked, open_items, rest) if picked else ([], "")
        partial = allocation.partial_share(shares)
        if shares:
            total = sum(share.outstanding_cents for share in shares)
            left_over = f" ; reste non affecté : {eur_cents(rest - total)}" if total < rest else ""
            st.caption(f"Total choisi : {eur_cents(total)} pour {eur_cents(rest)} à affecter{left_over}.")
            st.caption(allocation.preview(shares))
        sure = partial is None or st.checkbox(
            f"Je confirme le paiement partiel de {partial.number} ({eur_cents(partial.amount_cents)}, "
            f"reste dû {eur_cents(partial.rest_cents)})",  # keyed by the split: another split asks again
            key=f"{key}.partial.{partial.invoice_id}.{partial.amount_cents}")
        if refusal:
            st.error(refusal)
        left, right = st.columns(2)
        if left.button("Confirmer le rapprochement", key=f"{key}.match", type="primary",
                       disabled=not shares or not sure):
            attempt(lambda: services.allocate_bank_line(ctx.uow(), ctx.principal, ctx.clock, line.id, picked,
                                                        confirmed=allocation.amounts(shares)), _confirmed)
        if right.button("Ignorer le reste" if line.allocated_cents else "Ignorer cette ligne", key=f"{key}.ignore"):
            attempt(lambda: services.ignore_bank_line(ctx.uow(), ctx.principal, ctx.clock, line.id), "Ligne ignorée.")
