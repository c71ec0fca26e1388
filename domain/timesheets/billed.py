"""Billed time is locked. A time entry on an invoice (issued, or reserved by a draft of a billing run:
`TimeEntry.invoice_id`) stays as it is whatever happens to its week: the grid shows it read-only on a line of
its own ("déjà facturé sur F-…"), a save must hand that line back unchanged, and a save that would change or
delete it is refused and writes nothing. An issued invoice is corrected by a credit note, a draft is released
by deleting it (Facturation du mois); the time can then be changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from domain.errors import InvalidInput
from domain.formatting import day
from domain.timesheets.model import Activity, TimeEntry
from domain.timesheets.validation import hours_label, parse_duration


class _Referenced(Protocol):
    activity: Activity
    client_id: int | None
    mission_id: int | None
    task_id: int | None
    billable: bool
    comment: str


def reference(item: _Referenced) -> tuple:
    """What a grid line stands for (an entry, a grid line or a grid row)."""
    return (item.activity, item.client_id, item.mission_id, item.task_id, item.billable, item.comment)


def billed_label(number: str | None) -> str:
    """How the grid explains a locked line: the invoice's number, or the draft reserving the time."""
    return f"déjà facturé sur {number}" if number else "réservé par un brouillon de facture"


@dataclass(frozen=True, slots=True)
class BilledLine:
    """The billed entries of one reference on one invoice, as the grid shows them: minutes per day."""

    reference: tuple
    invoice_id: int
    minutes: tuple[int, ...]  # Monday … Sunday


def billed_lines(monday: date, entries: Iterable[TimeEntry]) -> list[BilledLine]:
    grouped: dict[tuple, list[int]] = {}
    for entry in entries:
        if entry.invoice_id is not None:
            minutes = grouped.setdefault((reference(entry), entry.invoice_id), [0] * 7)
            minutes[(entry.day - monday).days] += entry.minutes
    return [BilledLine(ref, invoice_id, tuple(minutes)) for (ref, invoice_id), minutes in grouped.items()]


class _Row(_Referenced, Protocol):
    days: tuple[object, ...]


def _minutes(row: _Row) -> tuple[int, ...] | None:
    try:
        typed = [parse_duration(cell) for cell in row.days[:7]]
    except InvalidInput:
        return None  # an unreadable row is no billed line; entries_from_grid names the cell
    return tuple(typed + [0] * (7 - len(typed)))


def _refusal(line: BilledLine, numbers: Mapping[int, str | None], monday: date) -> str:
    first = next(offset for offset, minutes in enumerate(line.minutes) if minutes)
    number = numbers.get(line.invoice_id)
    what = (f"Le temps du {day(monday + timedelta(days=first))} ({hours_label(sum(line.minutes))} sur la semaine) "
            f"est {billed_label(number)} : il ne peut être ni modifié ni supprimé")
    how = ("une facture émise se corrige par un avoir" if number else
           "supprimez d'abord le brouillon dans Facturation du mois pour le libérer")
    return f"{what} ({how}). Rien n'a été enregistré."


def without_billed(rows: Sequence[_Row], billed: Sequence[BilledLine], numbers: Mapping[int, str | None],
                   monday: date) -> list[_Row]:
    """The grid's rows other than its billed lines, each of which must be found unchanged (same reference, same
    minutes each day); InvalidInput naming the day and the invoice otherwise."""
    left = list(rows)
    for line in billed:
        found = next((i for i, row in enumerate(left)
                      if reference(row) == line.reference and _minutes(row) == line.minutes), None)
        if found is None:
            raise InvalidInput(_refusal(line, numbers, monday))
        del left[found]
    return left
