"""Import of 5,000 clients from a CSV file: check (parse, validate, duplicates) then insert.

Usage: .venv/bin/python bench/bench_client_import.py [--rows 5000] [--runs 3] [--postgres URL]
Each run imports the same file into a fresh firm of a fresh database (SQLite file, and PostgreSQL
database `eexpi_bench_<pid>` created then dropped on the server of --postgres). Prints one table:
machine, database, rows, median of the runs, every run.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdnum import luhn

from data.container import Container
from data.migrate import upgrade
from data.passwords import Argon2Hasher
from data.settings import load_settings
from domain.clients import queries, services
from domain.firm.setup import create_firm

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def csv_file(rows: int) -> bytes:
    lines = ["nom;siren;forme_juridique;adresse;code_postal;ville;email;telephone;date_cloture"]
    for n in range(rows):
        base = f"{20_000_000 + n}"
        lines.append(f"Société {n};{base + luhn.calc_check_digit(base)};SARL;{n} rue de la Paix;69003;Lyon;"
                     f"contact{n}@exemple.fr;04 78 00 00 00;31/12")
    return ("\n".join(lines) + "\n").encode("utf-8")


def one_run(container: Container, content: bytes, run: int) -> float:
    base = f"{30_000_000 + run * 1000 + os.getpid() % 1000}"
    new = create_firm(container.platform_uow(), container.hasher, container.clock, f"Cabinet bench {run}",
                      base + luhn.calc_check_digit(base), f"bench{run}.{os.getpid()}@exemple.fr", "")
    started = time.perf_counter()
    report = queries.check_import(container.firm_uow(new.firm_id), None, "clients.csv", content)
    count = services.import_clients(container.firm_uow(new.firm_id), None, container.clock, report)
    elapsed = time.perf_counter() - started
    assert count == len(report.rows), (count, len(report.rows))
    return elapsed


def measure(url: str, content: bytes, runs: int) -> list[float]:
    upgrade(url)
    container = Container(replace(load_settings(), database_url=url, secret_key="bench"), hasher=Argon2Hasher(fast=True))
    return [one_run(container, content, run) for run in range(runs)]


def postgres_database(server_url: str):
    from sqlalchemy.engine import make_url

    from tests.databases import create_database, drop_database

    url = make_url(server_url).set(database=f"eexpi_bench_{os.getpid()}").render_as_string(hide_password=False)
    drop_database(url)
    create_database(url)
    return url, lambda: drop_database(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    args = parser.parse_args()
    content = csv_file(args.rows)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        results["SQLite"] = measure(f"sqlite:///{folder}/bench.sqlite3", content, args.runs)
    try:
        url, cleanup = postgres_database(args.postgres)
    except Exception as err:  # noqa: BLE001 - the table says why PostgreSQL is missing
        print(f"PostgreSQL ignoré : {err}", file=sys.stderr)
    else:
        try:
            results["PostgreSQL"] = measure(url, content, args.runs)
        finally:
            cleanup()
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    print("| machine | database | rows | median (s) | runs (s) |\n|---|---|---|---|---|")
    for database, times in results.items():
        print(f"| {machine} | {database} | {args.rows} | {statistics.median(times):.2f} | "
              f"{', '.join(f'{t:.2f}' for t in times)} |")


if __name__ == "__main__":
    main()
