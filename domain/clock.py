"""Today and now come from an injected clock, so rules are tested with fixed dates."""

from datetime import UTC, date, datetime
from typing import Protocol

from domain.formatting import PARIS


class Clock(Protocol):
    def now(self) -> datetime: ...  # timezone-aware UTC

    def today(self) -> date: ...  # the business day in Paris


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now(PARIS).date()


class FixedClock:
    """A clock stopped at a given instant; tests and the deterministic demo seed use it."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return self.at.astimezone(PARIS).date()

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.at = self.at + timedelta(**delta)
