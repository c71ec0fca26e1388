"""Pipeline statistics, pure functions over prospects and their stage changes.

- Counts follow the month in which a prospect was created (a cohort): created, won, lost.
- Conversion rate = won ÷ (won + lost) of that cohort; prospects still open do not count, so a
  month whose prospects are all open has no rate yet (None), never 0 %.
- Won fees (expected annual fees of won prospects) follow the month the prospect was won.
- Open pipeline: count and expected fees per open stage, and a value weighted by the stage's
  chance of signing (STAGE_WEIGHTS_PERCENT).
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from domain.pipeline.model import OPEN_STAGES, STAGE_WEIGHTS_PERCENT, Prospect, Stage, StageChange

CONVERSION_FORMULA = ("Taux de conversion = gagnés ÷ (gagnés + perdus), parmi les prospects créés sur la période ; "
                      "les prospects encore ouverts ne comptent pas.")


@dataclass(frozen=True, slots=True)
class ConversionRow:
    key: Hashable  # the first day of a month, or an owner id (None: no owner)
    created: int = 0
    won: int = 0
    lost: int = 0
    won_fees_cents: int = 0

    @property
    def closed(self) -> int:
        return self.won + self.lost

    @property
    def conversion_rate(self) -> Decimal | None:
        """Percentage with one decimal (Decimal("66.7")), None while nothing is closed."""
        if not self.closed:
            return None
        return (Decimal(100 * self.won) / self.closed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class StageValue:
    stage: Stage
    count: int
    fees_cents: int
    weighted_cents: int


def month_of(day: date) -> date:
    return day.replace(day=1)


def last_months(today: date, count: int = 12) -> list[date]:
    """The first days of the `count` months ending with today's, oldest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _rows(keys: Iterable[Hashable], prospects: list[Prospect], cohort_key: Callable[[Prospect], Hashable],
          won_key: Callable[[Prospect], Hashable], cohort: Callable[[Prospect], bool],
          won_in_period: Callable[[Prospect], bool]) -> list[ConversionRow]:
    figures = {key: [0, 0, 0, 0] for key in keys}
    for p in prospects:
        if cohort(p) and (row := figures.get(cohort_key(p))) is not None:
            row[0] += 1
            row[1] += p.stage is Stage.WON
            row[2] += p.stage is Stage.LOST
        if p.stage is Stage.WON and p.closed_on and won_in_period(p) and (row := figures.get(won_key(p))) is not None:
            row[3] += p.expected_fees_cents
    return [ConversionRow(key, *values) for key, values in figures.items()]


def by_month(prospects: list[Prospect], today: date, months: int = 12) -> list[ConversionRow]:
    """One row per month of the last `months` (oldest first, empty months included)."""
    return _rows(last_months(today, months), prospects, lambda p: month_of(p.created_on),
                 lambda p: month_of(p.closed_on), lambda p: True, lambda p: True)


def by_owner(prospects: list[Prospect], start: date, end: date) -> list[ConversionRow]:
    """One row per owner (None: no owner) for prospects created between `start` and `end` (included);
    won fees of prospects won between the same dates. Owners by decreasing won fees, then created."""
    def within(day: date | None) -> bool:
        return day is not None and start <= day <= end

    owners = dict.fromkeys(p.owner_id for p in prospects if within(p.created_on) or within(p.closed_on))
    rows = _rows(owners, prospects, lambda p: p.owner_id, lambda p: p.owner_id,
                 lambda p: within(p.created_on), lambda p: within(p.closed_on))
    return sorted(rows, key=lambda r: (-r.won_fees_cents, -r.created, str(r.key)))


def total(rows: list[ConversionRow]) -> ConversionRow:
    return ConversionRow("total", sum(r.created for r in rows), sum(r.won for r in rows), sum(r.lost for r in rows),
                         sum(r.won_fees_cents for r in rows))


def open_pipeline(prospects: list[Prospect]) -> list[StageValue]:
    """Count, expected fees and weighted value of the open prospects, per open stage."""
    values = []
    for stage in OPEN_STAGES:
        fees = [p.expected_fees_cents for p in prospects if p.stage is stage]
        weighted = (Decimal(sum(fees)) * STAGE_WEIGHTS_PERCENT[stage] / 100).quantize(Decimal(1), ROUND_HALF_UP)
        values.append(StageValue(stage, len(fees), sum(fees), int(weighted)))
    return values


def reached(changes: list[StageChange]) -> dict[Stage, int]:
    """How many distinct prospects ever reached each stage (the funnel), from the stage history."""
    seen: dict[Stage, set[int]] = {stage: set() for stage in Stage}
    for change in changes:
        seen[change.to_stage].add(change.prospect_id)
    return {stage: len(ids) for stage, ids in seen.items()}
