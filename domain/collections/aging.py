"""Aged balance (balance âgée): what each client still owes on a day, by how late it is.

An invoice counts when it was issued on or before that day; its amount is what remained unpaid at the end
of that day (payments and credit notes dated later do not count yet), so a balance as of a past day is the
one the firm would have printed then. Buckets by days past the due date: not yet due, 0-30 (1 to 30 days
late), 31-60, 61-90, more than 90.
"""

from dataclasses import dataclass, field
from datetime import date

from domain.collections.model import Receivable

BUCKETS = ("Non échu", "0-30 j", "31-60 j", "61-90 j", "+90 j")


def bucket_of(days_late: int) -> str:
    if days_late <= 0:
        return BUCKETS[0]
    if days_late <= 30:
        return BUCKETS[1]
    if days_late <= 60:
        return BUCKETS[2]
    if days_late <= 90:
        return BUCKETS[3]
    return BUCKETS[4]


@dataclass
class ClientBalance:
    client_id: int
    client_name: str
    cents: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    @property
    def total_cents(self) -> int:
        return sum(self.cents.values())

    @property
    def late_cents(self) -> int:
        return self.total_cents - self.cents[BUCKETS[0]]


def aged_balance(receivables: list[Receivable], on: date) -> list[ClientBalance]:
    """One row per client owing something on `on`, the largest balance first."""
    by_client: dict[int, ClientBalance] = {}
    for receivable in receivables:
        if receivable.issue_date > on:
            continue
        owed = receivable.outstanding_on(on)
        if owed <= 0:
            continue
        row = by_client.setdefault(receivable.client_id, ClientBalance(receivable.client_id, receivable.client_name))
        row.cents[bucket_of((on - receivable.due_date).days)] += owed
    return sorted(by_client.values(), key=lambda r: (-r.total_cents, r.client_name))
