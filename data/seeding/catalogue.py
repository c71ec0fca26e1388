"""Demo mission catalogue: the default catalogue of domain.catalogue.defaults.

Firms made by `install_defaults` (create-firm and data/seed.py's `_create_firm`) already have it, so
for them this adds nothing and returns 0; it is here for a firm seeded another way. Idempotent
(types are matched by code), deterministic, writes through the firm-scoped repositories, no commit.
"""

import random
from datetime import date

from domain.catalogue.defaults import install_default_catalogue
from domain.ports import FirmRepositories


def seed_catalogue(repos: FirmRepositories, *, today: date, rng: random.Random) -> int:
    """Install the default mission types the firm lacks; how many were created (`today`, `rng` unused)."""
    del today, rng  # the catalogue does not depend on the date nor on chance
    return install_default_catalogue(repos, {g.code: g.id for g in repos.grades.list()})
