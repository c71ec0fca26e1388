"""Which open invoices a bank credit may pay, best first.

Three clues, strongest first: the invoice number written in the label or the reference (banks cut and
squeeze labels, so spaces and case are ignored), the amount equal to what the invoice still asks for, and
the client's name in the label. An invoice with no clue is not suggested; the user may still pick any.
"""

import re

from domain.collections.model import BankLine, Receivable, Suggestion
from domain.formatting import eur_cents

BY_NUMBER, BY_AMOUNT, BY_NAME = 100, 50, 20
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_STOP_WORDS = {"SARL", "SAS", "SA", "EURL", "SASU", "SCI", "SNC", "ET", "DE", "DU", "DES", "LA", "LE", "LES"}


def squeeze(text: str) -> str:
    return _NOT_ALNUM.sub("", text.upper())


def _name_words(name: str) -> set[str]:
    return {w for w in re.split(r"[^0-9A-Z]+", name.upper()) if len(w) >= 3 and w not in _STOP_WORDS}


def suggest(line: BankLine, receivables: list[Receivable], limit: int = 5) -> list[Suggestion]:
    text = f"{line.label} {line.reference}"
    squeezed, words = squeeze(text), set(re.split(r"[^0-9A-Z]+", text.upper()))
    found = []
    for receivable in receivables:
        outstanding = receivable.outstanding_cents
        if outstanding <= 0:
            continue
        score, reasons = 0, []
        if receivable.number and squeeze(receivable.number) in squeezed:
            score += BY_NUMBER
            reasons.append(f"numéro {receivable.number} dans le libellé")
        if outstanding == line.amount_cents:
            score += BY_AMOUNT
            reasons.append(f"montant égal au reste dû ({eur_cents(outstanding)})")
        if (name := _name_words(receivable.client_name)) and name & words:
            score += BY_NAME
            reasons.append(f"nom du client « {receivable.client_name} »")
        if score:
            found.append(Suggestion(receivable.invoice_id, receivable.number, receivable.client_name, outstanding,
                                    score, tuple(reasons)))
    found.sort(key=lambda s: (-s.score, s.number))
    return found[:limit]
