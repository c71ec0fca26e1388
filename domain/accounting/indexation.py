"""Yearly revision of forfaits by an index (SYNTEC by default, DOMAIN.md §2h): P1 = P0 × S1 / S0.

- S0, the reference index: the S1 of the engagement's last revision; for an engagement never revised, the
  latest value published before its activation month (the letter's price was set with that index known).
  The letter does not name its reference month yet, so this is the rule.
- S1: the latest value for a month before the revision month (published about a month late), the rule of
  the firm's own subscription (domain/subscription/rules.py).
- Rounding: P0 × S1 / S0 is computed exactly (Decimal) and rounded once, half up to the cent, for the
  engagement's annual fee and for each instalment separately, so each invoice can show its own calculation.
- What is revised: the engagement's annual fee and its instalments not yet invoiced whose service period starts
  on or after the revision date (a month already served keeps its price even if billed late).
- At most one revision per engagement and calendar year of revision; nothing to revise when no index newer
  than S0 is known. The first revised instalment's label carries the calculation, so the first revised
  invoice shows it: "… — révisé selon l'indice SYNTEC : 2 000,00 € × 320,5 / 310,0".
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from domain.engagements.model import Engagement, FeeInstalment
from domain.formatting import eur_cents
from domain.subscription.model import IndexValue

INDEX_NAME = "SYNTEC"
LABEL_SIZE = 200  # fee_schedule.label


@dataclass(frozen=True, slots=True)
class FeeRevision:
    """A revision as applied and recorded."""

    engagement_id: int
    revision_date: date
    s0: IndexValue
    s1: IndexValue
    old_fee_cents: int
    new_fee_cents: int
    applied_by: int | None = None
    applied_at: datetime | None = None
    index_name: str = INDEX_NAME
    id: int = 0


@dataclass(frozen=True, slots=True)
class RevisedInstalment:
    instalment: FeeInstalment
    new_amount_cents: int
    new_label: str


@dataclass(frozen=True, slots=True)
class RevisionProposal:
    """One engagement's line of the table shown before applying."""

    engagement: Engagement
    client_name: str
    s0: IndexValue | None
    s1: IndexValue | None
    new_fee_cents: int
    instalments: tuple[RevisedInstalment, ...] = ()
    blocked: str = ""  # why it cannot be revised ("" : it can)

    @property
    def revisable(self) -> bool:
        return not self.blocked

    @property
    def calculation(self) -> str:
        if self.s0 is None or self.s1 is None:
            return ""
        return calculation(self.engagement.annual_fee_cents, self.s0, self.s1)


def index_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'))}".replace(".", ",")


def revised_cents(cents: int, s0: IndexValue, s1: IndexValue) -> int:
    """P0 × S1 / S0, exact, rounded once half up to the cent."""
    return int((Decimal(cents) * s1.value / s0.value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def calculation(cents: int, s0: IndexValue, s1: IndexValue) -> str:
    """"2 000,00 € × 320,5 / 310,0" (the formula P0 × S1 / S0 with its figures)."""
    return f"{eur_cents(cents)} × {index_text(s1.value)} / {index_text(s0.value)}"


def mention(cents: int, s0: IndexValue, s1: IndexValue, index_name: str = INDEX_NAME) -> str:
    return f"révisé selon l'indice {index_name} : {calculation(cents, s0, s1)}"


def labelled(label: str, text: str) -> str:
    """The instalment's label followed by the mention, the label shortened if the column would overflow."""
    suffix = f" — {text}"
    room = LABEL_SIZE - len(suffix)
    return (label if len(label) <= room else label[:max(room - 1, 0)] + "…") + suffix


def reference_index(indices: list[IndexValue], engagement: Engagement, last: FeeRevision | None) -> IndexValue | None:
    if last is not None:
        return last.s1
    known = [i for i in indices if i.month < engagement.activated_on.replace(day=1)]
    return max(known, key=lambda i: i.month) if known else None


def latest_before(indices: list[IndexValue], revision_date: date) -> IndexValue | None:
    known = [i for i in indices if i.month < revision_date.replace(day=1)]
    return max(known, key=lambda i: i.month) if known else None


def propose(engagement: Engagement, client_name: str, instalments: list[FeeInstalment], indices: list[IndexValue],
            revision_date: date, last: FeeRevision | None) -> RevisionProposal:
    """What revising `engagement` on `revision_date` would do, or why it cannot be revised."""
    s0, s1 = reference_index(indices, engagement, last), latest_before(indices, revision_date)
    keep = RevisionProposal(engagement, client_name, s0, s1, engagement.annual_fee_cents)
    if last is not None and last.revision_date.year == revision_date.year:
        return _blocked(keep, f"déjà révisé le {last.revision_date:%d/%m/%Y}")
    if s0 is None:
        return _blocked(keep, "aucun indice connu avant l'activation de la lettre de mission (S0)")
    if s1 is None or s1.month <= s0.month:
        return _blocked(keep, "aucun indice publié depuis l'indice de référence")
    due = sorted((i for i in instalments if i.invoice_id is None and i.period_start >= revision_date),
                 key=lambda i: (i.due_on, i.id))
    revised = tuple(RevisedInstalment(i, revised_cents(i.amount_cents, s0, s1),
                                      labelled(i.label, mention(i.amount_cents, s0, s1)) if n == 0 else i.label)
                    for n, i in enumerate(due))
    if engagement.annual_fee_cents <= 0 and not revised:
        return _blocked(keep, "aucun forfait à réviser")
    return RevisionProposal(engagement, client_name, s0, s1,
                            revised_cents(engagement.annual_fee_cents, s0, s1), revised)


def _blocked(proposal: RevisionProposal, reason: str) -> RevisionProposal:
    return RevisionProposal(proposal.engagement, proposal.client_name, proposal.s0, proposal.s1,
                            proposal.new_fee_cents, (), reason)
