"""LCB-FT: the Conformité list of a large firm (every client with its current assessment, open assessment and
flags), the "Revues à faire" ordering, and the gate check done when a letter is sent or a mission starts.

Usage: .venv/bin/python bench/bench_compliance.py [--clients 10000] [--runs 5] [--postgres URL]
Each run builds a fresh firm with `clients` companies and two partners, seeds their assessments with the demo
generator (data/seeding/compliance.py: about 1.1 assessment a client), then times `overview()` (what the page
loads), `reviews_to_do()` over it, and 200 gate checks. Prints one table: machine, database, clients, median
of the runs for each step, every run.
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
from data.container import Container
from data.migrate import upgrade
from data.passwords import Argon2Hasher
from data.seeding.compliance import seed_compliance
from data.settings import load_settings
from domain.access.model import Role
from domain.clients.model import Client, ClientFilter, ClientKind
from domain.compliance import rules
from domain.compliance.services import check_gate
from domain.errors import InvalidInput
from domain.firm.setup import create_firm
from domain.firm.users import create_user

TODAY = date(2026, 11, 20)


def one_run(container: Container, clients: int, run: int) -> tuple[float, float, float, float]:
    base = f"{41_000_000 + run * 1000 + os.getpid() % 1000}"
    new = create_firm(container.platform_uow(), container.hasher, container.clock, f"Cabinet bench {run}",
                      base + luhn.calc_check_digit(base), f"lcbft{run}.{os.getpid()}@exemple.fr", "")
    with container.firm_uow(new.firm_id) as uow:
        partner, _ = create_user(uow, container.hasher, container.clock, None, f"p{run}.{os.getpid()}@exemple.fr",
                                 "Paul Associé", Role.ADMIN)
        uow.clients.add_many([Client(id=0, kind=ClientKind.COMPANY, name=f"Société {n:05d}", manager_id=partner.id)
                              for n in range(clients)])
        uow.commit()
    started = time.perf_counter()
    with container.firm_uow(new.firm_id) as uow:
        seed_compliance(uow, today=TODAY)
        settings = uow.compliance.settings()
        uow.compliance.save_settings(replace(settings, gate_active=True), at=container.clock.now())
        uow.commit()
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    with container.firm_uow(new.firm_id) as uow:
        items = uow.compliance.overview()
    loaded = time.perf_counter() - started
    assert len(items) == clients
    started = time.perf_counter()
    rules.reviews_to_do(items, TODAY)
    ordered = time.perf_counter() - started
    with container.firm_uow(new.firm_id) as uow:
        ids = [c.id for c in uow.clients.search(ClientFilter())][:200]
    started = time.perf_counter()
    with container.firm_uow(new.firm_id) as uow:
        for client_id in ids:
            try:
                check_gate(uow, client_id, TODAY, "l'envoi de la lettre")
            except InvalidInput:
                pass
    gated = (time.perf_counter() - started) / len(ids)
    return seeded, loaded, ordered, gated


def measure(url: str, clients: int, runs: int) -> list[tuple[float, float, float, float]]:
    upgrade(url)
    container = Container(replace(load_settings(), database_url=url, secret_key="bench"), hasher=Argon2Hasher(fast=True))
    return [one_run(container, clients, run) for run in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    args = parser.parse_args()
    results = on_both_databases(lambda url: measure(url, args.clients, args.runs), args.postgres)
    machine = harness_machine()
    print("| machine | database | clients | seed (s) | overview (s) | revues à faire (ms) | gate check (ms) | runs "
          "overview (s) |\n|---|---|---|---|---|---|---|---|")
    for database, times in results.items():
        med = [statistics.median(t[i] for t in times) for i in range(4)]
        print(f"| {machine} | {database} | {args.clients} | {med[0]:.2f} | {med[1]:.2f} | {med[2] * 1000:.0f} | "
              f"{med[3] * 1000:.1f} | {', '.join(f'{t[1]:.2f}' for t in times)} |")


if __name__ == "__main__":
    main()
