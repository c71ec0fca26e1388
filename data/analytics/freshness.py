"""Which of a firm's tables changed since the analytics runner loaded them.

Every statement SQLAlchemy sends is watched (`track_writes`): an INSERT, UPDATE or DELETE records its table on
the connection, and the firm unit of work, on commit, bumps a generation number per (database, firm, table). The
runner reloads a table whose number moved, so saving a time entry does not reload the tasks of the Gantt. Raw
`COPY` bypasses SQLAlchemy: the code using it calls `mark_written`. Unscoped commits (seed, firm creation) bump
an epoch that makes every table of every firm stale. Writes made by another process (a `manage.py` command run
by cron) are caught by the runner's time-to-live instead.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from threading import Lock

from sqlalchemy import Connection, Engine, event

WRITTEN = "eexpi_written_tables"
_DML = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

_lock = Lock()
_tables: defaultdict[tuple[str, int, str], int] = defaultdict(int)
_epochs: defaultdict[str, int] = defaultdict(int)


def track_writes(engine: Engine) -> None:
    event.listen(engine, "before_cursor_execute", _record)


def _record(connection: Connection, _cursor, statement: str, *_args) -> None:
    found = _DML.match(statement)
    if found:
        mark_written(connection, found.group(1))


def mark_written(connection: Connection, table: str) -> None:
    connection.info.setdefault(WRITTEN, set()).add(table.lower())


def take_written(connection: Connection) -> set[str]:
    """The tables written on this connection since the last call (and forget them)."""
    return connection.info.pop(WRITTEN, set())


def note_write(database: str, firm_id: int, tables: Iterable[str]) -> None:
    with _lock:
        for table in tables:
            _tables[(database, firm_id, table)] += 1


def note_write_everywhere(database: str) -> None:
    with _lock:
        _epochs[database] += 1


def generation(database: str, firm_id: int, table: str) -> tuple[int, int]:
    with _lock:
        return _epochs[database], _tables[(database, firm_id, table)]
