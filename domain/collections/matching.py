"""Which open invoices a bank credit may pay, best first.

Three clues, strongest first: the invoice number written in the label or the reference (banks cut and
squeeze labels, so spaces and case are ignored), the amount equal to what the invoice still asks for, and
the client's name in the label. An invoice with no clue is not suggested; the user may still pick any.
"""

import re
from dataclasses import dataclass

from domain.collections.model import BankLine, Receivable, Suggestion
from domain.formatting import eur_cents

BY_NUMBER, BY_AMOUNT, BY_NAME = 100, 50, 20
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_STOP_WORDS = {"SARL", "SAS", "SA", "EURL", "SASU", "SCI", "SNC", "ET", "DE", "DU", "DES", "LA", "LE", "LES"}


def squeeze(text: str) -> str:
    return _NOT_ALNUM.sub("", text.upper())


def _name_words(name: str) -> set[str]:
    return {w for w in re.split(r"[^0-9A-Z]+", name.upper()) if len(w) >= 3 and w not in _STOP_WORDS}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An open invoice with its clues prepared once for a whole queue of lines."""

    receivable: Receivable
    outstanding_cents: int
    squeezed_number: str
    name_words: frozenset[str]


def candidates(receivables: list[Receivable]) -> list[Candidate]:
    return [Candidate(r, r.outstanding_cents, squeeze(r.number) if r.number else "",
                      frozenset(_name_words(r.client_name))) for r in receivables if r.outstanding_cents > 0]


def label_clues(line: BankLine) -> tuple[str, set[str]]:
    """The line's label and reference squeezed (to find invoice numbers) and cut into words (client names)."""
    text = f"{line.label} {line.reference}"
    return squeeze(text), set(re.split(r"[^0-9A-Z]+", text.upper()))


def suggest(line: BankLine, receivables: list[Receivable] | list[Candidate], limit: int = 5) -> list[Suggestion]:
    """Single invoices, compared with what the line still has to allocate (its whole amount at first)."""
    prepared = [c for c in receivables if isinstance(c, Candidate)] or candidates(receivables)  # type: ignore[arg-type]
    squeezed, words = label_clues(line)
    found = []
    for candidate in prepared:
        receivable, outstanding = candidate.receivable, candidate.outstanding_cents
        score, reasons = 0, []
        if candidate.squeezed_number and candidate.squeezed_number in squeezed:
            score += BY_NUMBER
            reasons.append(f"numéro {receivable.number} dans le libellé")
        if outstanding == line.unallocated_cents:
            score += BY_AMOUNT
            reasons.append(f"montant égal au reste dû ({eur_cents(outstanding)})")
        if candidate.name_words & words:
            score += BY_NAME
            reasons.append(f"nom du client « {receivable.client_name} »")
        if score:
            found.append(Suggestion(receivable.invoice_id, receivable.number, receivable.client_name, outstanding,
                                    score, tuple(reasons)))
    found.sort(key=lambda s: (-s.score, s.number))
    return found[:limit]
