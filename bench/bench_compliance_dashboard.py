"""LCB-FT dashboard and inspection export of a large firm: `compliance_dashboard()` (sql/compliance_status.sql over
the firm's assessments, flags, evidence, parties and holdings), cold and warm, and `export_assessments()` (the
CSV of `manage.py export-compliance`).

Usage: .venv/bin/python bench/bench_compliance_dashboard.py [--clients 2000] [--runs 3] [--postgres URL]
Builds one firm with `clients` companies, seeds their assessments and parties with the demo generators
(data/seeding/compliance.py and compliance_parties.py), then times each step `runs` times. "Cold": every table
the view reads is loaded again (as after a write everywhere); "warm": the tables loaded by the previous run.
Prints one table: machine, database, clients, assessments, median of the runs for each step, every run.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdnum import luhn

from bench.bench_client_import import DEFAULT_PG
from bench.harness import machine as harness_machine
from bench.harness import on_both_databases
from data.analytics import freshness
from data.analytics.runner import read_view
from data.analytics.sources import SOURCES
from data.container import Container
from data.db import engine_for
from data.migrate import upgrade
from data.passwords import Argon2Hasher
from data.seeding.compliance import seed_compliance
from data.seeding.compliance_parties import seed_compliance_parties
from data.settings import load_settings
from domain.access.model import Role
from domain.clients.model import Client, ClientKind
from domain.compliance.dashboard import VIEW, compliance_dashboard
from domain.compliance.export import export_assessments
from domain.firm.setup import create_firm
from domain.firm.users import create_user

TODAY = date(2026, 11, 20)
TABLES = [SOURCES[name].table for name in read_view(VIEW).sources]


def build(container: Container, clients: int) -> tuple[int, int]:
    base = f"{42_000_000 + os.getpid() % 1000}"
    new = create_firm(container.platform_uow(), container.hasher, container.clock, "Cabinet bench LCB-FT",
                      base + luhn.calc_check_digit(base), f"lcbft.dash.{os.getpid()}@exemple.fr", "")
    with container.firm_uow(new.firm_id) as uow:
        partner, _ = create_user(uow, container.hasher, container.clock, None, f"pd.{os.getpid()}@exemple.fr",
                                 "Paul Associé", Role.ADMIN)
        uow.clients.add_many([Client(id=0, kind=ClientKind.COMPANY, name=f"Société {n:05d}", manager_id=partner.id)
                              for n in range(clients)])
        uow.commit()
    with container.firm_uow(new.firm_id) as uow:
        assessments = seed_compliance(uow, today=TODAY)
        seed_compliance_parties(uow, today=TODAY)
        uow.commit()
    return new.firm_id, assessments


def timed(work, runs: int, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def measure(url: str, clients: int, runs: int) -> tuple[int, list[float], list[float], list[float]]:
    upgrade(url)
    container = Container(replace(load_settings(), database_url=url, secret_key="bench"), hasher=Argon2Hasher(fast=True))
    firm_id, assessments = build(container, clients)
    database = engine_for(url).url.render_as_string(hide_password=False)  # the runner's key for the database

    def board() -> None:
        found = compliance_dashboard(container.firm_uow(firm_id), None, TODAY)
        assert len(found.clients) == clients

    cold = timed(board, runs, lambda: freshness.note_write(database, firm_id, TABLES))
    warm = timed(board, runs)
    export = timed(lambda: export_assessments(container.firm_uow(firm_id), None, container.clock), runs)
    return assessments, cold, warm, export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    args = parser.parse_args()
    results = on_both_databases(lambda url: measure(url, args.clients, args.runs), args.postgres)
    machine = harness_machine()
    print("| machine | database | clients | assessments | dashboard cold (s) | dashboard warm (s) | export CSV (s) | "
          "runs cold / warm / export (s) |\n|---|---|---|---|---|---|---|---|")
    for database, (assessments, cold, warm, export) in results.items():
        runs = " / ".join(", ".join(f"{t:.2f}" for t in times) for times in (cold, warm, export))
        print(f"| {machine} | {database} | {args.clients} | {assessments} | {statistics.median(cold):.2f} | "
              f"{statistics.median(warm):.2f} | {statistics.median(export):.2f} | {runs} |")


if __name__ == "__main__":
    main()
