"""Demo absences: paid leave, RTT, training and a little sickness for each active staff member."""

import random
from datetime import date, timedelta

from domain.workload.model import AbsenceKind


def seed_workload(repos, *, today: date, rng: random.Random) -> int:
    """About six absences per active staff member from three months ago to three months ahead, never
    overlapping; written through `repos` (an open firm-scoped transaction, not committed). Returns the count."""
    created = 0
    for person in sorted(repos.users.list(), key=lambda u: u.id):
        if not person.role.is_staff or not person.is_active:
            continue
        cursor = today - timedelta(days=90 + rng.randrange(10))
        while cursor < today + timedelta(days=90):
            cursor += timedelta(days=rng.randrange(14, 35))
            kind = rng.choices(list(AbsenceKind), weights=[5, 3, 1, 1, 1])[0]
            length = {AbsenceKind.PAID_LEAVE: rng.choice([1, 3, 5, 10]), AbsenceKind.SICKNESS: rng.choice([1, 2, 3])
                      }.get(kind, 1)
            first = cursor
            while first.weekday() >= 5:
                first += timedelta(days=1)
            last = first + timedelta(days=length - 1)
            half = length == 1 and kind in (AbsenceKind.RTT, AbsenceKind.OTHER) and rng.random() < 0.5
            repos.absences.add(user_id=person.id, kind=kind, first_day=first, last_day=last, half_day=half,
                               comment="")
            created += 1
            cursor = last + timedelta(days=1)
    return created
