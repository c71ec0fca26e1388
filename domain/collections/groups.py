"""Several invoices paid by one bank credit: clients often settle a few invoices in one transfer.

A group is suggested only among the open invoices of ONE client, found by the invoice numbers written in the
label ("VIR FACT F2026-00012 F2026-00015") or by the client's name, and only when the outstanding amounts of
two or more of them add up exactly to what the line still has to allocate. The search is bounded so that a
queue of hundreds of lines stays fast: the invoices the label names, then the client's oldest open invoices,
at most `MAX_SEARCHED` of them, searched by meeting in the middle (two halves of 2^6 subsets each); by name,
only the clients the label names best, at most `MAX_NAMED_CLIENTS`. Numbers in the label win: a group made of
named invoices is tried first and outranks one found by name.

When no exact group exists and the label names two or more invoices of a client whose total exceeds the line,
those invoices are suggested oldest first with the last one paid in part ("paiement partiel de F…"), at a lower
score than an exact group, and only if the line reaches every one of them. Never from the name alone: a partial
payment guessed from a name would too often be the wrong invoices.
"""

from collections import defaultdict

from domain.collections import allocation
from domain.collections.matching import BY_AMOUNT, BY_NAME, BY_NUMBER, Candidate, label_clues
from domain.collections.model import BankLine, GroupSuggestion
from domain.formatting import eur_cents

MAX_SEARCHED = 12
MAX_NAMED_CLIENTS = 3
BY_PARTIAL = 25  # named invoices covering the line with the last paid in part: above a single named invoice
# (100, or 120 with the name), below an exact group (150) or a single invoice of the line's amount (150)


def by_client(candidates: list[Candidate]) -> dict[int, list[Candidate]]:
    """The open invoices of each client, oldest first (issue date, then id): prepared once for a queue."""
    grouped: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        grouped[candidate.receivable.client_id].append(candidate)
    for invoices in grouped.values():
        invoices.sort(key=lambda c: (c.receivable.issue_date, c.receivable.invoice_id))
    return dict(grouped)


def _sums(items: list[Candidate], offset: int, target: int) -> list[tuple[int, tuple[int, ...]]]:
    """Every subset of `items` not above `target`: (total, positions in the pool, increasing)."""
    found: list[tuple[int, tuple[int, ...]]] = [(0, ())]
    for position, candidate in enumerate(items, start=offset):
        found += [(total + candidate.outstanding_cents, (*picked, position)) for total, picked in found
                  if total + candidate.outstanding_cents <= target]
    return found


def exact_subset(pool: list[Candidate], target: int) -> list[Candidate] | None:
    """Two or more invoices of `pool` whose outstanding amounts add up to `target`, or None.

    Meet in the middle: the subsets of each half of the pool (at most 2^6 each), joined on the total, so a
    line costs a few hundred steps rather than the 2^12 subsets. Among the exact groups the one whose
    positions come first in lexical order wins: the pool lists the named invoices, then the oldest."""
    half = len(pool) // 2
    left: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    for total, picked in _sums(pool[:half], 0, target):
        left[total].append(picked)
    best: tuple[int, ...] | None = None
    for total, picked_right in _sums(pool[half:], half, target):
        for picked_left in left.get(target - total, ()):
            chosen = picked_left + picked_right
            if len(chosen) >= 2 and (best is None or chosen < best):
                best = chosen
    return [pool[i] for i in best] if best else None


def _group(chosen: list[Candidate], numbered: set[int], named: bool) -> GroupSuggestion:
    chosen = sorted(chosen, key=lambda c: (c.receivable.issue_date, c.receivable.invoice_id))
    total = sum(c.outstanding_cents for c in chosen)
    in_label = [c.receivable.number for c in chosen if c.receivable.invoice_id in numbered]
    score, reasons = BY_AMOUNT, [f"total de {len(chosen)} factures égal au montant ({eur_cents(total)})"]
    if in_label:
        score += BY_NUMBER
        reasons.insert(0, f"numéro{'s' if len(in_label) > 1 else ''} {', '.join(in_label)} dans le libellé")
    if named:
        score += BY_NAME
        reasons.append(f"nom du client « {chosen[0].receivable.client_name} »")
    return GroupSuggestion(tuple(c.receivable.invoice_id for c in chosen), tuple(c.receivable.number for c in chosen),
                           chosen[0].receivable.client_name, total, score, tuple(reasons))


def _partial_group(named: list[Candidate], target: int, by_name: bool) -> GroupSuggestion | None:
    """Two or more invoices the label names, oldest first, the last one paid in part: only when the line
    covers all but the last in full and part of the last (each gets something, none is left out)."""
    if len(named) < 2:
        return None
    total = sum(c.outstanding_cents for c in named)
    if not total - named[-1].outstanding_cents < target < total:  # `named` is oldest first (see by_client)
        return None
    shares = allocation.split_line(target, [c.receivable for c in named])
    last = shares[-1]
    partly = (f"paiement partiel de {last.number} ({eur_cents(last.amount_cents)} sur "
              f"{eur_cents(last.outstanding_cents)}, reste {eur_cents(last.rest_cents)})")
    score, reasons = BY_NUMBER + BY_PARTIAL, [f"numéros {', '.join(s.number for s in shares)} dans le libellé", partly]
    if by_name:
        score += BY_NAME
        reasons.append(f"nom du client « {named[0].receivable.client_name} »")
    return GroupSuggestion(tuple(s.invoice_id for s in shares), tuple(s.number for s in shares),
                           named[0].receivable.client_name, target, score, tuple(reasons), partial_number=last.number)


def _name_hits(invoices: list[Candidate], words: set[str]) -> int:
    return max(len(c.name_words & words) for c in invoices)


def suggest_groups(line: BankLine, clients: dict[int, list[Candidate]], limit: int = 3) -> list[GroupSuggestion]:
    """The groups of invoices this line may pay, best first (see the module's docstring)."""
    target = line.unallocated_cents
    squeezed, words = label_clues(line)
    numbered = {client_id: [c for c in invoices if c.squeezed_number and c.squeezed_number in squeezed]
                for client_id, invoices in clients.items()}
    hits = {client_id: _name_hits(invoices, words) for client_id, invoices in clients.items()}
    searched = {client_id for client_id, found in numbered.items() if found} | _best_named(hits)
    found = []
    for client_id in sorted(searched):
        invoices, named_invoices = clients[client_id], numbered[client_id]
        named_ids = {c.receivable.invoice_id for c in named_invoices}
        chosen = exact_subset(named_invoices[:MAX_SEARCHED], target) if len(named_invoices) >= 2 else None
        if chosen is None:  # the named invoices first, then the client's oldest others, bounded
            others = [c for c in invoices if c.receivable.invoice_id not in named_ids]
            chosen = exact_subset((named_invoices + others)[:MAX_SEARCHED], target)
        if chosen is not None:
            found.append(_group(chosen, named_ids, hits[client_id] > 0))
        elif (partial := _partial_group(named_invoices[:MAX_SEARCHED], target, hits[client_id] > 0)) is not None:
            found.append(partial)
    found.sort(key=lambda g: (-g.score, g.numbers))
    return found[:limit]


def _best_named(hits: dict[int, int]) -> set[int]:
    """The clients whose name the label matches best; none when more than `MAX_NAMED_CLIENTS` tie (a word
    many clients share, "GARAGE" or "CABINET", says nothing about who paid)."""
    top = max(hits.values(), default=0)
    best = {client_id for client_id, count in hits.items() if count == top} if top else set()
    return best if len(best) <= MAX_NAMED_CLIENTS else set()
