"""A credit note of an invoice that deducted deposits (acomptes) gives them back.

The final invoice F billed its work in full (HT W, VAT V, TTC T) and deducted paid deposits of TTC D (HT d,
VAT v) as `prepaid_cents`: it asked the client for T − D, and its entry debited 411 with T − D, 419100 with d
and 445710 with v (the deposits' advance and VAT, moved onto the work). A TOTAL credit note of F mirrors it:
the same lines (T), the same deposits as its prepaid amount, so it credits what F asked for (T − D, its BT-115),
and its entry is F's reversed: credit 411 T − D, credit 419100 d, credit 445710 v, debit revenue W and VAT V.
After it the client owes nothing on F, 419100 again holds the deposits' HT as advances received and 445710
their VAT (collected when they were paid, and still due: the money was received), and the deposits are released
(`deducted_by_id` back to NULL) so the client's next invoice deducts them.

A PARTIAL credit note of such an invoice is refused: which part of the deposits it should give back (none, in
proportion, up to what it exceeds of T − D?) is a choice the firm must make, and a partial credit that kept the
deposits consumed would leave no way to release them later (a total credit note would exceed what is left to
credit). The user credits the invoice in full, then issues a corrected invoice, which deducts the deposits again.
"""

from collections.abc import Iterable, Sequence

from domain.errors import InvalidInput
from domain.formatting import day, eur_cents
from domain.invoicing.records import Deposit, StoredInvoice


def is_total(invoice: StoredInvoice, positions: Sequence[int] | None) -> bool:
    return positions is None or sorted(set(positions)) == list(range(1, len(invoice.document.lines) + 1))


def restored_note(deposits: Iterable[Deposit]) -> str:
    named = [f"{d.number} du {day(d.issue_date)} ({eur_cents(d.ttc_cents)} TTC)" for d in deposits]
    if not named:
        return ""
    plural = len(named) > 1
    return (f"Acompte{'s' if plural else ''} déduit{'s' if plural else ''} de la facture créditée, "
            f"remis à disposition pour la prochaine facture : " + ", ".join(named) + ".")


def credit_terms(invoice: StoredInvoice, deducted: list[Deposit],
                 positions: Sequence[int] | None) -> tuple[int, str]:
    """(prepaid_cents, prepaid_note) of a credit note of `invoice`, which deducted `deducted`; InvalidInput
    for a partial credit note of an invoice that deducted deposits."""
    if not deducted:
        return 0, ""
    if not is_total(invoice, positions):
        raise InvalidInput(f"La facture {invoice.reference} a déduit des acomptes "
                           f"({', '.join(d.number for d in deducted)}) : un avoir partiel ne dirait pas quelle part "
                           "de ces acomptes rendre au client. Émettez un avoir total (il remet les acomptes à "
                           "disposition pour la prochaine facture), puis une facture corrigée.")
    return sum(d.ttc_cents for d in deducted), restored_note(deducted)
