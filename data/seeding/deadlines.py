"""Demo statutory deadlines: the 2026 and 2027 deadlines of the firm's active clients, most past ones done."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from domain.clients.model import ClientFilter
from domain.deadlines.services import missing_deadlines
from domain.ports import FirmRepositories

YEARS = (2026, 2027)
RECENT_DAYS = 45  # past deadlines older than this are all done; among the recent ones a few stay overdue
OVERDUE_SHARE = 0.2


def seed_deadlines(repos: FirmRepositories, *, today: date, rng: random.Random, years: tuple[int, ...] = YEARS) -> int:
    """Generate the deadlines of `years` for the active clients (attached to their missions) in bulk; the
    past ones are marked done a few days before their due date, by the client's manager, except about one in
    five of those due in the last 45 days, left overdue. Returns how many deadlines were created.
    Writes through `repos` (an open transaction; nothing is committed here)."""
    managers = {c.id: c.manager_id for c in repos.clients.search(ClientFilter())}
    created = 0
    for year in years:
        batch = []
        for deadline in missing_deadlines(repos, year):
            if deadline.due_on < today:
                recent = (today - deadline.due_on).days <= RECENT_DAYS
                if not (recent and rng.random() < OVERDUE_SHARE):
                    done_on = max(deadline.period_end, deadline.due_on - timedelta(days=rng.randint(0, 6)))
                    deadline = replace(deadline, done_on=min(done_on, deadline.due_on),
                                       done_by=managers.get(deadline.client_id))
            batch.append(deadline)
        created += repos.deadlines.add_many(batch)
    return created
