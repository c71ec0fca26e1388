"""Runs the views of `sql/` with DuckDB over one firm's tables, loaded once into Arrow and kept while fresh.

On PostgreSQL the tables load through connectorx (SQLAlchemy row-by-row reads are about five times slower,
STACK.md §5). On SQLite they load through SQLAlchemy: connectorx opens the file without its write-ahead log, so
it misses every commit not yet checkpointed, and SQLite is the embedded database of small firms anyway. Each view
says in its header which sources it reads, those of the macros it calls included (`-- Sources: tasks, users`);
only those are loaded, plus those of the derived tables it reads (`DERIVED`: views kept as tables, built again
when what they are built from is reloaded). `sql/_macros.sql` holds the TEMP table macros shared by several views,
created on each run's cursor after its tables (DuckDB binds a macro's tables when the macro is created).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from threading import Lock

import duckdb
import polars as pl
import pyarrow as pa
from sqlalchemy import Engine

from data.analytics.freshness import generation
from data.analytics.sources import DERIVED, SOURCES, Source

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
MACROS = "_macros"
TTL_SECONDS = 60.0  # how stale a firm's tables may get when another process wrote
_SOURCES_LINE = re.compile(r"^--\s*Sources:\s*(.+)$", re.MULTILINE | re.IGNORECASE)
_VIEW_NAME = re.compile(r"^_?[a-z][a-z0-9_]*$")
_MACRO = re.compile(r"CREATE OR REPLACE TEMP MACRO (\w+)", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*")


@dataclass(frozen=True, slots=True)
class _Loaded:
    stamp: tuple[tuple[int, int], ...]
    at: float
    table: pa.Table
    loaded_at: float = 0.0  # wall clock (epoch seconds): what the dashboards show as "données à jour de"
    narrowing: date | int | None = None  # the parameter a source read in part was read by (sources.py)


@dataclass(frozen=True, slots=True)
class View:
    name: str
    sql: str
    sources: tuple[str, ...]


def read_view(name: str, folder: Path = SQL_DIR) -> View:
    if not _VIEW_NAME.match(name):
        raise ValueError(f"view name {name!r}: lowercase letters, digits and underscores only")
    sql = (folder / f"{name}.sql").read_text(encoding="utf-8")
    found = _SOURCES_LINE.search(sql)
    sources = tuple(s.strip() for s in found.group(1).split(",")) if found else ()
    unknown = [s for s in sources if s not in SOURCES and s not in DERIVED]
    if unknown:
        raise ValueError(f"sql/{name}.sql reads unknown sources: {', '.join(unknown)}")
    return View(name, sql, sources)


@cache
def _view(name: str) -> View:
    return read_view(name)


@cache
def _macros() -> dict[str, str]:
    """Each macro's CREATE statement by name: a view gets only those it calls, whose tables are registered."""
    sql = _view(MACROS).sql
    starts = [(m.start(), m.group(1)) for m in _MACRO.finditer(sql)]
    ends = [start for start, _ in starts[1:]] + [len(sql)]
    return {name: sql[start:end] for (start, name), end in zip(starts, ends, strict=True)}


def _macros_called(view: View) -> list[str]:
    """The macros the view calls, and those they call, in the file's order (callees are defined first)."""
    needed, text, grew = set(), _code(view.sql), True
    while grew:
        found = {name for name in _macros() if re.search(rf"\b{name}\s*\(", text)}
        grew = not found <= needed
        needed |= found
        text = _code(view.sql + "".join(_macros()[name] for name in needed))
    return [statement for name, statement in _macros().items() if name in needed]


def _code(sql: str) -> str:
    """The SQL without its `--` comments: a macro's statement runs up to the next one, so it carries the next
    macro's header comment, which names that macro without calling it."""
    return _COMMENT.sub("", sql)


class AnalyticsRunner:
    """One per database and process (see `runner_for`)."""

    def __init__(self, engine: Engine, ttl: float = TTL_SECONDS, now: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._database = engine.url.render_as_string(hide_password=False)
        self._uri = _connectorx_uri(engine)
        self._ttl, self._now = ttl, now
        self._cache: dict[tuple[int, str], _Loaded] = {}
        self._built: dict[tuple[int, str], tuple[tuple[pa.Table, ...], pa.Table]] = {}  # derived tables
        self._locks: dict[tuple[int, str], Lock] = {}  # one per firm and table: loads of different ones overlap
        self._locks_lock = Lock()
        # One in-memory DuckDB database; each run takes a cursor of it (a connection of its own, opened in
        # microseconds where `duckdb.connect()` costs tens of milliseconds). A cursor's registered tables and
        # TEMP macros are its own: concurrent runs for different firms never see each other's tables.
        self._duckdb = duckdb.connect()
        self._duckdb_lock = Lock()

    def rows(self, firm_id: int, view: str, params: dict[str, object]) -> list[dict[str, object]]:
        """The view's rows for one firm, as dicts, with `params` bound to its `$name` placeholders."""
        if not isinstance(firm_id, int) or isinstance(firm_id, bool) or firm_id <= 0:
            raise ValueError("analytics run for a firm needs the firm's id")
        found = _view(view)
        tables = self._inputs(firm_id, found.sources, params)
        con = self._connection(found, tables)
        try:
            cursor = con.execute(found.sql, params)
            columns = [d[0] for d in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        finally:
            con.close()

    def _inputs(self, firm_id: int, names: tuple[str, ...], params: Mapping[str, object]) -> dict[str, pa.Table]:
        """The tables a view reads: the sources loaded for the firm, then the derived tables built from them."""
        derived = [name for name in names if name in DERIVED]
        base = tuple(dict.fromkeys([n for n in names if n in SOURCES] + [s for d in derived for s in _base_of(d)]))
        tables = self.tables(firm_id, base, params)
        for name in _in_build_order(derived):
            tables[name] = self._derived(firm_id, name, tables)
        return {name: tables[name] for name in names}

    def _derived(self, firm_id: int, name: str, tables: dict[str, pa.Table]) -> pa.Table:
        """A derived table, built again only when one of the tables it is built from was reloaded (a reload gives
        a new Arrow table: the cached entry keeps the ones it was built from, so identity is a safe stamp)."""
        view = _view(name)
        inputs = tuple(tables[source] for source in view.sources)
        key = (firm_id, name)
        with self._locks_lock:
            lock = self._locks.setdefault(key, Lock())
        with lock:
            cached = self._built.get(key)
            if cached is None or len(cached[0]) != len(inputs) or any(a is not b for a, b in zip(cached[0], inputs)):
                con = self._connection(view, dict(zip(view.sources, inputs, strict=True)))
                try:
                    cached = (inputs, con.sql(view.sql).to_arrow_table())
                finally:
                    con.close()
                self._built[key] = cached
            return cached[1]

    def tables(self, firm_id: int, names: tuple[str, ...], params: Mapping[str, object] | None = None,
               ) -> dict[str, pa.Table]:
        """The named sources of one firm. Those to (re)load are loaded concurrently: connectorx and the database
        work outside the GIL, so a cold view costs its largest table rather than the sum of all."""
        if len(names) <= 1:
            return {name: self.table(firm_id, SOURCES[name], params or {}) for name in names}
        with ThreadPoolExecutor(max_workers=min(len(names), 4)) as pool:
            loaded = pool.map(lambda name: self.table(firm_id, SOURCES[name], params or {}), names)
            return dict(zip(names, loaded, strict=True))

    def table(self, firm_id: int, source: Source, params: Mapping[str, object]) -> pa.Table:
        stamp = tuple(generation(self._database, firm_id, table) for table in source.stamped_by)
        narrowing = source.narrowing(params)
        key = (firm_id, source.name)
        with self._locks_lock:
            lock = self._locks.setdefault(key, Lock())
        with lock:
            loaded = self._cache.get(key)
            if (loaded is None or loaded.stamp != stamp or loaded.narrowing != narrowing
                    or self._now() - loaded.at > self._ttl):
                loaded = _Loaded(stamp, self._now(), self._load(firm_id, source, narrowing), time.time(), narrowing)
                self._cache[key] = loaded
            return loaded.table

    def loaded_at(self, firm_id: int, names: tuple[str, ...]) -> float | None:
        """When the oldest of these sources now cached for the firm was read (epoch seconds), None if none is."""
        stamps = [loaded.loaded_at for name in names if (loaded := self._cache.get((firm_id, name))) is not None]
        return min(stamps, default=None)

    def _load(self, firm_id: int, source: Source, narrowing: date | int | None = None) -> pa.Table:
        query = source.select(firm_id, narrowing)
        if self._uri is None:
            with self._engine.connect() as connection:
                frame = pl.read_database(query, connection=connection, schema_overrides=_sqlite_schema(source))
        else:
            frame = pl.read_database_uri(query, self._uri, engine="connectorx")
        return frame.select(_typed(frame, c, t) for c, t in source.columns.items()).to_arrow()

    def _connection(self, view: View, tables: dict[str, pa.Table]) -> duckdb.DuckDBPyConnection:
        """A cursor of the runner's DuckDB database holding these tables and the macros the view calls (the
        caller closes it)."""
        with self._duckdb_lock:
            con = self._duckdb.cursor()
        return _prepared(con, view, tables)


def _prepared(con: duckdb.DuckDBPyConnection, view: View, tables: dict[str, pa.Table]) -> duckdb.DuckDBPyConnection:
    try:
        for name, table in tables.items():
            con.register(name, table)
        for statement in _macros_called(view):
            con.execute(statement)
        return con
    except BaseException:
        con.close()
        raise


def _base_of(name: str) -> list[str]:
    """The loaded sources a derived table is built from, through the derived tables it reads."""
    return [base for source in _view(name).sources
            for base in (_base_of(source) if source in DERIVED else [source])]


def _in_build_order(names: list[str]) -> list[str]:
    """These derived tables and those they read, each after what it is built from."""
    ordered: list[str] = []

    def visit(name: str) -> None:
        for source in _view(name).sources:
            if source in DERIVED:
                visit(source)
        if name not in ordered:
            ordered.append(name)

    for name in names:
        visit(name)
    return ordered


def _sqlite_schema(source: Source) -> dict[str, pl.DataType | type[pl.DataType]]:
    """What SQLite hands back for each column (dates as ISO text, booleans as integers), so that the frame is
    built without guessing types from the first rows (a column starting with NULLs would be guessed wrong)."""
    stored = {pl.Date: pl.String, pl.Boolean: pl.Int64}
    return {c: stored.get(t, t) for c, t in source.columns.items()}


def _typed(frame: pl.DataFrame, column: str, dtype: pl.DataType | type[pl.DataType]) -> pl.Expr:
    if dtype == pl.Date and frame.schema[column] == pl.String:  # SQLite keeps dates as ISO text
        return pl.col(column).str.to_date("%Y-%m-%d")
    return pl.col(column).cast(dtype)


def _connectorx_uri(engine: Engine) -> str | None:
    """The URI connectorx reads from, or None to read through SQLAlchemy (SQLite)."""
    if engine.url.get_backend_name() == "sqlite":
        return None
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


_runners: dict[str, AnalyticsRunner] = {}
_runners_lock = Lock()


def runner_for(engine: Engine) -> AnalyticsRunner:
    key = engine.url.render_as_string(hide_password=False)
    with _runners_lock:
        if key not in _runners:
            _runners[key] = AnalyticsRunner(engine)
        return _runners[key]


class FirmAnalytics:
    """The `Analytics` port of one firm: the firm is fixed here, as it is for the repositories."""

    def __init__(self, runner: AnalyticsRunner, firm_id: int) -> None:
        self._runner, self._firm_id = runner, firm_id

    def rows(self, view: str, **params: object) -> list[dict[str, object]]:
        return self._runner.rows(self._firm_id, view, params)

    def load(self, *views: str, **params: object) -> None:
        """Reads ahead, all at once, the tables these views will read (with the parameters the narrowed sources
        take): a cold dashboard's loads then overlap instead of following each other view by view."""
        self._runner.tables(self._firm_id, _loaded_sources(views), params)

    def loaded_at(self, *views: str) -> datetime | None:
        """When the data these views last ran on was read from the database (UTC), None before any run."""
        stamp = self._runner.loaded_at(self._firm_id, _loaded_sources(views))
        return None if stamp is None else datetime.fromtimestamp(stamp, UTC)


def _loaded_sources(views: tuple[str, ...]) -> tuple[str, ...]:
    """The sources loaded for these views, those their derived tables are built from included."""
    return tuple(dict.fromkeys(base for view in views for source in _view(view).sources
                               for base in (_base_of(source) if source in DERIVED else [source])))
