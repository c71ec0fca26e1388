"""Retention of LCB-FT records (CMF L561-12, DOMAIN.md §2e): identity documents and information on the client
and its beneficial owners are kept **5 years after the end of the business relationship**, then removed.

The end of the relationship is a date the firm records (the end of its last engagement letter, not the day
someone archives the client file); until then nothing is purgeable. The last day the records are kept is the
same calendar day five years later (a 29 February has none: the records are then kept until 1 March, since
28 February would remove them a day early); they may be removed from the next day on.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.errors import DomainError, InvalidInput

RETENTION_YEARS = 5


class RetentionLocked(DomainError):
    """A purge asked for records still under the 5-year retention."""


@dataclass(frozen=True, slots=True)
class RelationshipEnd:
    client_id: int
    ended_on: date
    reason: str = ""
    recorded_at: datetime | None = None
    recorded_by: int | None = None
    purged_at: datetime | None = None  # the day the LCB-FT records were removed (the row stays as the trace)


@dataclass(frozen=True, slots=True)
class PurgeCandidate:
    """A client whose relationship ended, with its compliance records counted (what a purge would remove)."""

    client_id: int
    client_name: str
    siren: str
    ended_on: date
    kept_until: date
    records: int


def kept_until(ended_on: date) -> date:
    """The last day the records must be kept."""
    try:
        return ended_on.replace(year=ended_on.year + RETENTION_YEARS)
    except ValueError:  # 29 February of a year whose fifth successor is not a leap year
        return date(ended_on.year + RETENTION_YEARS, 3, 1)


def purgeable(ended_on: date | None, today: date) -> bool:
    return ended_on is not None and today > kept_until(ended_on)


def check_purgeable(client_name: str, ended_on: date | None, today: date) -> None:
    """RetentionLocked (French) unless the records of this client may be removed today."""
    if ended_on is None:
        raise RetentionLocked(f"Les données LCB-FT de « {client_name} » ne peuvent pas être supprimées : la fin de "
                              "la relation d'affaires n'est pas enregistrée (conservation 5 ans après celle-ci).")
    if not purgeable(ended_on, today):
        first = kept_until(ended_on) + timedelta(days=1)
        raise RetentionLocked(f"Les données LCB-FT de « {client_name} » sont conservées jusqu'au "
                              f"{kept_until(ended_on):%d/%m/%Y} inclus (relation terminée le {ended_on:%d/%m/%Y}, "
                              f"conservation 5 ans) : suppression possible à partir du {first:%d/%m/%Y}.")


def check_end_date(ended_on: date, today: date) -> None:
    if ended_on > today:
        raise InvalidInput(f"La fin de la relation d'affaires ({ended_on:%d/%m/%Y}) ne peut pas être dans le futur.")
