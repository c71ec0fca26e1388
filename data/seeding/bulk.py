"""Fast inserts for the demo and large seeds: plain tuples, no ORM objects.

PostgreSQL: `COPY … FROM STDIN` (several times faster than executemany). SQLite: SQLAlchemy Core `insert` run
as executemany in chunks. Every row gets this writer's `firm_id` here, so the callers cannot write into
another firm. Ids are reserved up front (`reserve_ids`) so that the rows referring to them can be built before
anything is inserted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice

from sqlalchemy import Table, bindparam, func, insert, select, text

from data.repositories.base import FirmScoped

CHUNK = 20_000  # rows per executemany on SQLite: bounded memory, few round trips
BIG = 2_000  # from this many rows PostgreSQL loads faster with the foreign keys checked once, at the end


class BulkWriter(FirmScoped):
    """Bulk writes of one firm's rows inside the caller's transaction (nothing is committed here)."""

    @property
    def postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def reserve_ids(self, table: Table, count: int) -> list[int]:
        """`count` fresh primary keys for `table`, taken from its sequence (PostgreSQL) or after its highest id
        (SQLite, whose writer lock the open transaction holds once it has written)."""
        if count <= 0:
            return []
        if self.postgres:
            sequence = f"pg_get_serial_sequence('{table.name}', 'id')"
            found = self.session.execute(text(f"SELECT nextval({sequence}) FROM generate_series(1, :n)"),
                                         {"n": count})
            return [row[0] for row in found]
        highest = self.session.scalar(select(func.max(table.c.id))) or 0
        return list(range(highest + 1, highest + 1 + count))

    def insert(self, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """Insert `rows` (tuples in the order of `columns`, without firm_id); returns how many."""
        self.session.flush()
        if self.postgres:
            return self._copy(table, columns, rows)
        names = ("firm_id", *columns)
        statement = insert(table)
        count = 0
        for chunk in _chunks(rows, CHUNK):
            self.session.execute(statement, [dict(zip(names, (self.firm_id, *row), strict=True)) for row in chunk])
            count += len(chunk)
        return count

    def _copy(self, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        cursor = self.session.connection().connection.driver_connection.cursor()
        count = 0
        with cursor, cursor.copy(f"COPY {table.name} (firm_id, {', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((self.firm_id, *row))
                count += 1
        return count

    def update(self, table: Table, key: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """UPDATE each row found by `key` (the tuple's first value) with the following values, this firm only."""
        statement = (table.update()
                     .where(table.c.firm_id == self.firm_id, table.c[key] == bindparam(f"_{key}"))
                     .values({c: bindparam(f"v_{c}") for c in columns}))
        count = 0
        for chunk in _chunks(rows, CHUNK):
            params = [dict(zip((f"_{key}", *(f"v_{c}" for c in columns)), row, strict=True)) for row in chunk]
            self.session.execute(statement, params)
            count += len(chunk)
        return count

    def analyze(self, tables: Sequence[Table]) -> None:
        """Refresh the planner's statistics of freshly loaded tables (PostgreSQL may run without autovacuum, and
        without statistics it scans a 600,000-row table for the tasks of one mission)."""
        self.session.flush()
        if self.postgres:
            self.session.execute(text(f"ANALYZE {', '.join(t.name for t in tables)}"))
        else:
            for table in tables:
                self.session.execute(text(f"ANALYZE {table.name}"))

    @contextmanager
    def foreign_keys_checked_at_end(self, table: Table, rows: int) -> Iterator[None]:
        """On PostgreSQL, for `rows` ≥ BIG: drop the table's foreign keys while loading and add them back
        (validated over every row in one pass, a join) before leaving. Checked row by row, each row locks the rows
        it refers to: a million time entries took two minutes, the demo's 8,000 tasks three seconds. Same
        transaction, so the constraints come back whatever happens; elsewhere a no-op."""
        if not self.postgres or rows < BIG:
            yield
            return
        found = self.session.execute(text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = CAST(:table AS regclass) AND contype = 'f' ORDER BY conname"),
            {"table": table.name}).all()
        for name, _ in found:
            self.session.execute(text(f'ALTER TABLE {table.name} DROP CONSTRAINT "{name}"'))
        yield
        for name, definition in found:
            self.session.execute(text(f'ALTER TABLE {table.name} ADD CONSTRAINT "{name}" {definition}'))


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def writer_for(repos) -> BulkWriter:
    """The bulk writer of the firm and transaction of `repos` (a FirmRepositorySet)."""
    return BulkWriter(repos.users.session, repos.firm_id)
