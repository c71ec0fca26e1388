"""Reminders of the LCB-FT reviews to do (`manage.py remind-compliance-reviews --firm SIREN`, meant for cron).

Each client's manager receives at most one mail a day listing their clients whose review is overdue, due within
`rules.SOON_DAYS` days, or who have no validated assessment ("Revues à faire", overdue first). The reminder is
claimed in `compliance_reminders` (unique per firm, person and day) in the transaction that queues the mail, so
a second run the same day queues nothing. Clients without a reachable manager are counted for the operator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.access.mails import Mail
from domain.access.model import User
from domain.audit import Action
from domain.clock import Clock
from domain.compliance import rules
from domain.compliance.model import ClientCompliance
from domain.deadlines.alerts import reachable
from domain.formatting import day
from domain.ports import FirmUnitOfWork
from domain.templating import render_file

TEMPLATE = "mails/compliance_reviews.txt"


@dataclass(frozen=True, slots=True)
class ReminderRun:
    siren: str
    firm_name: str
    queued: int  # mails queued by this run
    already: int  # people already reminded today
    reviews: int  # reviews listed in the mails queued
    without_recipient: int

    @property
    def line(self) -> str:
        return (f"{self.siren}\t{self.firm_name}\t{self.queued} courriel(s) ({self.reviews} revue(s)), "
                f"{self.already} personne(s) déjà prévenue(s) aujourd'hui, {self.without_recipient} revue(s) sans "
                "destinataire (client sans responsable actif avec e-mail)")


def state_text(item: ClientCompliance, today: date) -> str:
    state = rules.review_state(item, today)
    if state is rules.ReviewState.MISSING:
        return "aucune évaluation validée" + (" (une évaluation attend)" if item.pending else "")
    due = rules.review_due(item)
    return f"revue en retard depuis le {day(due)}" if state is rules.ReviewState.OVERDUE else \
        f"revue à faire avant le {day(due)}"


def reminders(todo: list[ClientCompliance], users: list[User]) -> dict[int, list[ClientCompliance]]:
    """The reviews to do of each reachable manager, in the order of the "Revues à faire" list."""
    people = {u.id: u for u in users}
    mine: dict[int, list[ClientCompliance]] = {}
    for item in todo:
        person = people.get(item.manager_id) if item.manager_id is not None else None
        if reachable(person):
            mine.setdefault(person.id, []).append(item)
    return mine


def reminder_mail(user: User, items: list[ClientCompliance], today: date, firm_name: str, link: str) -> Mail:
    body = render_file(TEMPLATE, user=user, firm_name=firm_name, today=today, items=items, link=link,
                       state=lambda i: state_text(i, today))
    late = sum(1 for i in items if rules.review_state(i, today) is rules.ReviewState.OVERDUE)
    subject = f"LCB-FT : {len(items)} revue(s) à faire" + (f" dont {late} en retard" if late else "")
    return Mail(user.email, f"{subject} – {firm_name}", body + "\n")


def remind_reviews(uow: FirmUnitOfWork, clock: Clock, link: str = "", today: date | None = None) -> ReminderRun:
    """Queue today's reminder of every manager with reviews to do who has not had it yet (command line)."""
    today, now = today or clock.today(), clock.now()
    with uow:
        identity = uow.firm.get().identity
        todo = rules.reviews_to_do(uow.compliance.overview(), today)
        users = uow.users.list()
        by_person = reminders(todo, users)
        people = {u.id: u for u in users}
        queued = [uid for uid, items in by_person.items()
                  if uow.compliance.claim_reminder(uid, today, len(items), at=now)]
        for uid in queued:
            uow.outbox.enqueue(reminder_mail(people[uid], by_person[uid], today, identity.name, link), at=now)
        run = ReminderRun(identity.siren, identity.name, len(queued), len(by_person) - len(queued),
                          sum(len(by_person[uid]) for uid in queued),
                          len(todo) - sum(len(items) for items in by_person.values()))
        if queued:
            uow.audit.record(Action.COMPLIANCE_REMINDERS, None, "compliance", today.isoformat(),
                             {"jour": day(today), "courriels": str(run.queued), "revues": str(run.reviews),
                              "destinataires": ", ".join(people[uid].full_name for uid in queued)}, at=now)
        uow.commit()
    return run
