"""Which firms wrote since their tables were loaded: a generation number per (database, firm), bumped by every
commit of a unit of work in this process. The runner reloads a firm's tables when the number moved; writes made
by another process (a `manage.py` command run by cron) are caught by the runner's time-to-live instead."""

from collections import defaultdict
from threading import Lock

_lock = Lock()
_generations: defaultdict[tuple[str, int], int] = defaultdict(int)
_epochs: defaultdict[str, int] = defaultdict(int)  # bumped by unscoped writes (seed, firm creation): every firm


def note_write(database: str, firm_id: int) -> None:
    with _lock:
        _generations[(database, firm_id)] += 1


def note_write_everywhere(database: str) -> None:
    with _lock:
        _epochs[database] += 1


def generation(database: str, firm_id: int) -> tuple[int, int]:
    with _lock:
        return _epochs[database], _generations[(database, firm_id)]
