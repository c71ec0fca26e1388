"""What the benchmarks that compare SQLite and PostgreSQL share: the machine line of their tables, and running one
measure on a throwaway SQLite file and on a throwaway PostgreSQL database (skipped, with the reason on stderr,
when no server answers)."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from collections.abc import Callable
from typing import TypeVar

from bench.bench_client_import import postgres_database

T = TypeVar("T")


def machine() -> str:
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"


def on_both_databases(measure: Callable[[str], T], postgres_server: str) -> dict[str, T]:
    """`measure(url)` on a fresh SQLite file, then on a fresh PostgreSQL database of `postgres_server`."""
    results: dict[str, T] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["SQLite"] = measure(f"sqlite:///{folder}/bench.sqlite3")
    try:
        url, cleanup = postgres_database(postgres_server)
    except Exception as err:  # noqa: BLE001 - the table says why PostgreSQL is missing
        print(f"PostgreSQL ignoré : {err}", file=sys.stderr)
        return results
    try:
        results["PostgreSQL"] = measure(url)
    finally:
        cleanup()
    return results
