"""E-mail alerts on statutory deadlines (`manage.py alert-deadlines`, meant for cron): each responsible person
receives one digest a day listing their open deadlines, the overdue ones and those due within N days.

- The responsible person is the manager of the deadline's mission when it is attached to a mission that has a
  manager, otherwise the client's manager (`DeadlineOwners.responsible_id`). Archived clients are not alerted.
- Inactive users, client users and users without an e-mail address get nothing: their deadlines are counted
  "without recipient" in the report so that the operator sees them.
- At most one digest per person and business day (Paris): the digest is claimed in `deadline_alerts`
  (unique per firm, person and day) in the transaction that queues its mail, so a second run the same day
  queues nothing, and the next day's run alerts again what is still open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.access.mails import Mail
from domain.access.model import User
from domain.audit import Action
from domain.clock import Clock
from domain.deadlines.model import Deadline, DeadlineOwners
from domain.errors import InvalidInput, NotFound
from domain.formatting import day
from domain.ports import FirmUnitOfWork, PlatformUnitOfWork
from domain.templating import render_file

DEFAULT_DAYS = 7
MAX_DAYS = 90
TEMPLATE = "mails/deadline_alert.txt"


@dataclass(frozen=True, slots=True)
class ClientDeadlines:
    client_name: str
    deadlines: tuple[Deadline, ...]  # by due date, then label


@dataclass(frozen=True, slots=True)
class Digest:
    """What one person is told on `today`: their overdue deadlines and those due within `days` days, per client."""

    user: User
    today: date
    days: int
    overdue: tuple[ClientDeadlines, ...]
    upcoming: tuple[ClientDeadlines, ...]

    @property
    def overdue_count(self) -> int:
        return sum(len(group.deadlines) for group in self.overdue)

    @property
    def upcoming_count(self) -> int:
        return sum(len(group.deadlines) for group in self.upcoming)

    @property
    def count(self) -> int:
        return self.overdue_count + self.upcoming_count


def check_days(days: object) -> int:
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= MAX_DAYS:
        raise InvalidInput(f"Horizon invalide : {days!r} (attendu : un nombre de jours entre 0 et {MAX_DAYS}).")
    return days


def reachable(user: User | None) -> bool:
    """Someone a digest can go to: an active member of the staff with an e-mail address."""
    return user is not None and user.is_active and user.role.is_staff and bool(user.email.strip())


def in_window(deadline: Deadline, today: date, days: int) -> bool:
    return not deadline.is_done and deadline.days_left(today) <= days


def _responsible(item: DeadlineOwners, people: dict[int, User]) -> User | None:
    return people.get(item.responsible_id) if item.responsible_id is not None else None


def by_client(deadlines: Iterable[Deadline]) -> tuple[ClientDeadlines, ...]:
    """Grouped per client, the most urgent client first (earliest due date, then name); within a client, by due
    date then label."""
    groups: dict[tuple[int, str], list[Deadline]] = {}
    for deadline in deadlines:
        groups.setdefault((deadline.client_id, deadline.client_name), []).append(deadline)
    ordered = []
    for (_client_id, name), found in groups.items():
        found.sort(key=lambda d: (d.due_on, d.label.casefold(), d.id))
        ordered.append(ClientDeadlines(name, tuple(found)))
    ordered.sort(key=lambda g: (g.deadlines[0].due_on, g.client_name.casefold()))
    return tuple(ordered)


def build_digests(owned: Iterable[DeadlineOwners], users: Iterable[User], today: date, days: int) -> list[Digest]:
    """One digest per reachable responsible person with at least one deadline in the window, by name."""
    people = {u.id: u for u in users}
    mine: dict[int, list[Deadline]] = {}
    for item in owned:
        person = _responsible(item, people)
        if reachable(person) and in_window(item.deadline, today, days):
            mine.setdefault(person.id, []).append(item.deadline)
    digests = []
    for user_id, deadlines in mine.items():
        overdue = [d for d in deadlines if d.is_overdue(today)]
        upcoming = [d for d in deadlines if not d.is_overdue(today)]
        digests.append(Digest(people[user_id], today, days, by_client(overdue), by_client(upcoming)))
    return sorted(digests, key=lambda d: (d.user.full_name.casefold(), d.user.id))


def without_recipient(owned: Iterable[DeadlineOwners], users: Iterable[User], today: date, days: int) -> int:
    """Deadlines in the window nobody can be told about (no manager, or an inactive one, or one without e-mail)."""
    people = {u.id: u for u in users}
    return sum(1 for item in owned if in_window(item.deadline, today, days)
               and not reachable(_responsible(item, people)))


def delay_label(deadline: Deadline, today: date) -> str:
    left = deadline.days_left(today)
    if left < 0:
        return f"en retard de {-left} jour{'s' if left < -1 else ''}"
    return {0: "aujourd'hui", 1: "demain"}.get(left, f"dans {left} jours")


def upcoming_title(days: int) -> str:
    if days == 0:
        return "À rendre aujourd'hui"
    return "À rendre d'ici demain" if days == 1 else f"À rendre dans les {days} prochains jours"


def subject(digest: Digest, firm_name: str) -> str:
    parts = []
    if digest.overdue_count:
        parts.append(f"{digest.overdue_count} en retard")
    if digest.upcoming_count:
        parts.append(f"{digest.upcoming_count} à rendre" + (" aujourd'hui" if digest.days == 0
                                                            else f" sous {digest.days} j"))
    return f"Vos échéances : {', '.join(parts)} – {firm_name}"


def digest_mail(digest: Digest, firm_name: str, link: str = "") -> Mail:
    sections = [(f"En retard ({digest.overdue_count})", digest.overdue),
                (f"{upcoming_title(digest.days)} ({digest.upcoming_count})", digest.upcoming)]
    body = render_file(TEMPLATE, user=digest.user, firm_name=firm_name, today=digest.today, link=link,
                       sections=[(title, groups) for title, groups in sections if groups],
                       delay=lambda d: delay_label(d, digest.today))
    return Mail(digest.user.email, subject(digest, firm_name), body + "\n")  # Jinja drops the last newline


# --- The run -------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class FirmAlerts:
    siren: str
    firm_name: str
    queued: int  # digests queued by this run
    already: int  # people whose digest of the day was queued by an earlier run
    deadlines: int  # deadlines listed in the digests queued
    without_recipient: int

    @property
    def line(self) -> str:
        text = (f"{self.siren}\t{self.firm_name}\t{self.queued} courriel(s) ({self.deadlines} échéance(s)), "
                f"{self.already} personne(s) déjà prévenue(s) aujourd'hui")
        return text + (f", {self.without_recipient} échéance(s) sans destinataire (pas de responsable, "
                       "responsable inactif ou sans e-mail)" if self.without_recipient else "")


@dataclass
class AlertReport:
    firms: list[FirmAlerts] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return sum(f.queued for f in self.firms)

    @property
    def summary(self) -> str:
        return (f"Alertes d'échéances : {self.queued} courriel(s) mis en file d'attente pour {len(self.firms)} "
                "cabinet(s) (envoi par `manage.py send-mail`).")


def alert_firm(uow: FirmUnitOfWork, clock: Clock, days: int = DEFAULT_DAYS, link: str = "") -> FirmAlerts:
    """Queue today's digest of every responsible person of the unit of work's firm who has not had it yet.
    Run by the command line only (no principal); audited when it queued something."""
    days = check_days(days)
    today, now = clock.today(), clock.now()
    with uow:
        identity = uow.firm.get().identity
        owned = uow.deadlines.open_with_owners(today + timedelta(days=days))
        users = uow.users.list()
        digests = build_digests(owned, users, today, days)
        queued = [d for d in digests if uow.deadline_alerts.claim(d.user.id, today, d.count, at=now)]
        for digest in queued:
            uow.outbox.enqueue(digest_mail(digest, identity.name, link), at=now)
        result = FirmAlerts(identity.siren, identity.name, len(queued), len(digests) - len(queued),
                            sum(d.count for d in queued), without_recipient(owned, users, today, days))
        if queued:
            uow.audit.record(Action.DEADLINES_ALERT, None, "deadlines", today.isoformat(),
                             {"jour": day(today), "horizon": f"{days} j", "courriels": str(result.queued),
                              "échéances": str(result.deadlines), "destinataires": ", ".join(
                                  d.user.full_name for d in queued),
                              "sans destinataire": str(result.without_recipient)}, at=now)
        uow.commit()
    return result


def alert_all(platform_uow: Callable[[], PlatformUnitOfWork], firm_uow: Callable[[int], FirmUnitOfWork],
              clock: Clock, days: int = DEFAULT_DAYS, siren: str | None = None, link: str = "") -> AlertReport:
    """`manage.py alert-deadlines`: every firm, or only the firm `siren`. Safe to run twice the same day."""
    days = check_days(days)
    with platform_uow() as uow:
        firms = uow.firms.list()
    if siren is not None:
        firms = [f for f in firms if f.identity.siren == siren]
        if not firms:
            raise NotFound(f"Aucun cabinet avec le SIREN {siren}.")
    return AlertReport([alert_firm(firm_uow(firm.id), clock, days, link) for firm in firms])
