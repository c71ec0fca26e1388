"""How a bank line's unallocated amount is shared among the invoices the user chose for it.

Oldest invoice first (issue date, then id), each paid in full while the line lasts; the last one reached gets
what remains, a partial payment that leaves it open for the rest. A client who pays 1 500 € against three
invoices of 600 € thus settles the first two and pays 300 € on the third. An invoice the line cannot reach
(it would get 0 €) is refused by name rather than dropped: the user picked it, so silently leaving it out would
record something other than what they asked for. A settled invoice in the choice is refused the same way.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from domain.collections.model import Receivable
from domain.errors import InvalidInput
from domain.formatting import eur_cents


@dataclass(frozen=True, slots=True)
class Share:
    """What one chosen invoice receives from the line."""

    invoice_id: int
    number: str
    outstanding_cents: int
    amount_cents: int

    @property
    def rest_cents(self) -> int:
        return self.outstanding_cents - self.amount_cents

    @property
    def partial(self) -> bool:
        return self.rest_cents > 0

    @property
    def text(self) -> str:
        """'F2026-00014 : 300,00 € (partiel, reste 300,00 €)' or 'F2026-00012 : 600,00 € (soldée)'."""
        state = f"partiel, reste {eur_cents(self.rest_cents)}" if self.partial else "soldée"
        return f"{self.number} : {eur_cents(self.amount_cents)} ({state})"


def oldest_first(receivables: Iterable[Receivable]) -> list[Receivable]:
    return sorted(receivables, key=lambda r: (r.issue_date, r.invoice_id))


def split_line(available_cents: int, receivables: Iterable[Receivable]) -> list[Share]:
    """The share of each chosen invoice, oldest first; refused (InvalidInput) when one is already settled or
    would get nothing."""
    chosen = oldest_first(receivables)
    settled = [r.number for r in chosen if r.outstanding_cents <= 0]
    if settled:
        raise InvalidInput(f"Déjà soldée(s) : {', '.join(settled)}. Retirez-la(les) du choix.")
    if chosen and available_cents <= 0:
        raise InvalidInput("Cette ligne de relevé n'a plus rien à affecter.")
    shares, unreached, rest = [], [], available_cents
    for receivable in chosen:
        amount = min(receivable.outstanding_cents, rest)
        if amount <= 0:
            unreached.append(receivable.number)
            continue
        shares.append(Share(receivable.invoice_id, receivable.number, receivable.outstanding_cents, amount))
        rest -= amount
    if unreached:
        raise InvalidInput(f"La ligne ne règle rien sur {', '.join(unreached)} : ses {eur_cents(available_cents)} "
                           "à affecter sont épuisés par les factures plus anciennes choisies. "
                           "Retirez-la(les) du choix.")
    return shares


def partial_share(shares: list[Share]) -> Share | None:
    """The invoice paid only in part (the last one, by construction), if any."""
    return shares[-1] if shares and shares[-1].partial else None


def amounts(shares: list[Share]) -> dict[int, int]:
    """What the user confirms and the service checks again: invoice id → cents."""
    return {share.invoice_id: share.amount_cents for share in shares}


def preview(shares: list[Share]) -> str:
    """The split as the page shows it before confirming."""
    return "Répartition : " + " ; ".join(share.text for share in shares) + "."
