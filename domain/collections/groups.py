"""Several invoices paid by one bank credit: clients often settle a few invoices in one transfer.

A group is suggested only among the open invoices of ONE client, found by the invoice numbers written in the
label ("VIR FACT F2026-00012 F2026-00015") or by the client's name, and only when the outstanding amounts of
two or more of them add up exactly to what the line still has to allocate. The search is bounded so that a
queue of hundreds of lines stays fast: the invoices the label names, then the client's oldest open invoices,
at most `MAX_SEARCHED` of them, with a subset sum that keeps one subset per reachable total (at most 2^12).
Numbers in the label win: a group made of named invoices is tried first and outranks one found by name.
"""

from collections import defaultdict

from domain.collections.matching import BY_AMOUNT, BY_NAME, BY_NUMBER, Candidate, label_clues
from domain.collections.model import BankLine, GroupSuggestion
from domain.formatting import eur_cents

MAX_SEARCHED = 12


def by_client(candidates: list[Candidate]) -> dict[int, list[Candidate]]:
    """The open invoices of each client, oldest first (issue date, then id): prepared once for a queue."""
    grouped: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        grouped[candidate.receivable.client_id].append(candidate)
    for invoices in grouped.values():
        invoices.sort(key=lambda c: (c.receivable.issue_date, c.receivable.invoice_id))
    return dict(grouped)


def exact_subset(pool: list[Candidate], target: int) -> list[Candidate] | None:
    """Two or more invoices of `pool` whose outstanding amounts add up to `target`, or None.

    Each reachable total keeps the first subset that reached it; the pool is walked in order, so subsets of
    earlier (named, then older) invoices are preferred. A total reached first by a single invoice is not a
    group (the single suggestion already covers it)."""
    reached: dict[int, tuple[int, ...]] = {0: ()}
    for index, candidate in enumerate(pool):
        for total, picked in list(reached.items()):
            grown = total + candidate.outstanding_cents
            if grown <= target and grown not in reached:
                reached[grown] = (*picked, index)
        if target in reached:
            break
    found = reached.get(target)
    return [pool[i] for i in found] if found and len(found) >= 2 else None


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


def suggest_groups(line: BankLine, clients: dict[int, list[Candidate]], limit: int = 3) -> list[GroupSuggestion]:
    """The groups of invoices this line may pay, best first (see the module's docstring)."""
    target = line.unallocated_cents
    squeezed, words = label_clues(line)
    found = []
    for invoices in clients.values():
        numbered = [c for c in invoices if c.squeezed_number and c.squeezed_number in squeezed]
        named = any(c.name_words & words for c in invoices)
        if not numbered and not named:
            continue
        numbered_ids = {c.receivable.invoice_id for c in numbered}
        chosen = exact_subset(numbered[:MAX_SEARCHED], target) if len(numbered) >= 2 else None
        if chosen is None:  # the named invoices first, then the client's oldest others, bounded
            others = [c for c in invoices if c.receivable.invoice_id not in numbered_ids]
            chosen = exact_subset((numbered + others)[:MAX_SEARCHED], target)
        if chosen is not None:
            found.append(_group(chosen, numbered_ids, named))
    found.sort(key=lambda g: (-g.score, g.numbers))
    return found[:limit]
