"""Boni/mali by client on a seeded firm: the DuckDB views cold (load included) and warm, the straightforward
alternative (SQLAlchemy rows into pandas, as a typical Streamlit app would) and the ratio, and the Excel export of
the boni/mali by mission (issue 6's targets on the large firm on PostgreSQL: under 1.5 s cold, 0.3 s warm, the
export of ~100,000 mission rows under 20 s).

Usage: DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/bench_bonimali.py [--runs 5] [--firm SIREN]
       [--add-invoices]
       (after `manage.py seed-demo [--scale large]` on that database; the firm with the most time entries by
       default).
`--add-invoices` is for the large seed, which has no invoices: it writes, in this database only, one issued
invoice per mission whose fiscal year has ended (mission_id set, one fee line of the mission's fee, or of its time
value × 1.1 when it has no fee) and, for one mission in ten, a disbursement line. The rows are the minimum the
views read (no XML, `pdf_deferred`): a throwaway database, never the demo's.
"Cold" runs start with an empty cache (every table the views read is loaded again); "warm" runs reuse them.
The alternative reads the same rows with SQLAlchemy (session.execute → list of rows → pandas), values each entry
at its grade's rate with `merge_asof` and groups by client; it only knows invoices carrying their mission (rule 1
of sql/_macros.sql `bm_allocated`), which is all the added invoices are, and its totals are checked against the
views'. Prints one table: machine, database, data size, median of the runs, every run, peak memory.
"""

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from data.analytics.runner import AnalyticsRunner
from data.models.access import UserGradeRow, UserRow
from data.models.engagements import MissionRow
from data.models.firm import FirmRow, GradeRateRow
from data.models.invoicing import InvoiceLineRow, InvoiceRow
from data.models.production import TimeEntryRow
from domain.analytics.reports import filters_of, mission_table
from domain.analytics.workbook import xlsx_bytes


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def timed(work: Callable[[], object], runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times, result


ADD_INVOICES = """
INSERT INTO invoices (firm_id, kind, status, number, client_id, mission_id, created_on, created_at, issue_date,
                      seller, buyer, preceding_number, contract_reference, payment_terms, late_penalty_rate_bp,
                      recovery_indemnity_cents, early_payment_discount, prepaid_cents, lines_cents, vat_cents,
                      ttc_cents, due_cents, xml, pdf_sha256, pdf_deferred, issued_at, mailed_to, problems)
SELECT :firm, 'facture', 'emise', 'BENCH-' || id, client_id, id, fiscal_year_end, now(), fiscal_year_end, '{}',
       '{}', '', '', '', 1215, 4000, '', 0, 0, 0, 0, 0, '\\x00'::bytea, '', true, now(), '', ''
FROM missions WHERE firm_id = :firm AND fiscal_year_end < :today
"""
# The fee line: the mission's fee, or 90 € an hour of its billable time when it has none (a synthetic amount).
ADD_FEE_LINES = """
INSERT INTO invoice_lines (firm_id, invoice_id, position, kind, label, quantity_e4, unit, unit_price_cents,
                           vat_rate_bp, amount_cents)
SELECT :firm, i.id, 1, 'honoraires', 'Honoraires', 10000, 'forfait', f.cents, 2000, f.cents
FROM invoices i JOIN (
    SELECT m.id AS mission_id,
           CASE WHEN m.fee_cents > 0 THEN m.fee_cents ELSE greatest(100, coalesce(t.minutes, 0) * 150) END AS cents
    FROM missions m LEFT JOIN (SELECT mission_id, sum(minutes) AS minutes FROM time_entries
                               WHERE firm_id = :firm AND billable GROUP BY mission_id) t ON t.mission_id = m.id
    WHERE m.firm_id = :firm) f ON f.mission_id = i.mission_id
WHERE i.firm_id = :firm AND i.number LIKE 'BENCH-%'
"""
ADD_DISBURSEMENTS = """
INSERT INTO invoice_lines (firm_id, invoice_id, position, kind, label, quantity_e4, unit, unit_price_cents,
                           vat_rate_bp, amount_cents)
SELECT :firm, id, 2, 'debours', 'Frais de greffe', 10000, 'forfait', 4630, 0, 4630
FROM invoices WHERE firm_id = :firm AND number LIKE 'BENCH-%' AND id % 10 = 0
"""


def add_invoices(engine, firm_id: int, today: date) -> int:
    with engine.begin() as connection:
        created = connection.execute(text(ADD_INVOICES), {"firm": firm_id, "today": today}).rowcount
        connection.execute(text(ADD_FEE_LINES), {"firm": firm_id})
        connection.execute(text(ADD_DISBURSEMENTS), {"firm": firm_id})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE invoices"))  # statistics of the empty tables would give nested loops
        connection.execute(text("ANALYZE invoice_lines"))
    return created


def alternative(engine, firm_id: int):
    """Boni/mali by client the way a typical Streamlit app would: ORM-level rows into pandas."""
    import pandas as pd

    with Session(engine) as session:
        entries = pd.DataFrame(session.execute(
            select(TimeEntryRow.mission_id, TimeEntryRow.day, TimeEntryRow.minutes, TimeEntryRow.user_id)
            .where(TimeEntryRow.firm_id == firm_id, TimeEntryRow.billable.is_(True),
                   TimeEntryRow.mission_id.is_not(None))).all(), columns=["mission_id", "day", "minutes", "user_id"])
        grades = pd.DataFrame(session.execute(
            select(UserGradeRow.user_id, UserGradeRow.effective_from, UserGradeRow.grade_id)
            .where(UserGradeRow.firm_id == firm_id)).all(), columns=["user_id", "grade_from", "grade_id"])
        rates = pd.DataFrame(session.execute(
            select(GradeRateRow.grade_id, GradeRateRow.effective_from, GradeRateRow.selling_rate_cents)
            .where(GradeRateRow.firm_id == firm_id)).all(), columns=["grade_id", "effective_from", "rate"])
        fees = pd.DataFrame(session.execute(
            select(InvoiceRow.mission_id, InvoiceRow.kind, InvoiceLineRow.amount_cents)
            .join(InvoiceLineRow, (InvoiceLineRow.firm_id == InvoiceRow.firm_id)
                  & (InvoiceLineRow.invoice_id == InvoiceRow.id))
            .where(InvoiceRow.firm_id == firm_id, InvoiceRow.status == "emise", InvoiceLineRow.kind != "debours",
                   InvoiceRow.mission_id.is_not(None))).all(), columns=["mission_id", "kind", "cents"])
        missions = pd.DataFrame(session.execute(
            select(MissionRow.id, MissionRow.client_id).where(MissionRow.firm_id == firm_id)).all(),
            columns=["mission_id", "client_id"])
    entries["day"] = pd.to_datetime(entries["day"])
    rates["effective_from"] = pd.to_datetime(rates["effective_from"])
    grades["grade_from"] = pd.to_datetime(grades["grade_from"])
    grades = grades.sort_values("grade_from")
    # The grade of the entry's day (domain/firm/model.py grade_on): the latest in force, else the first one.
    entries = pd.merge_asof(entries.sort_values("day"), grades, left_on="day", right_on="grade_from", by="user_id")
    first = grades.groupby("user_id")["grade_id"].first()
    entries["grade_id"] = entries["grade_id"].fillna(entries["user_id"].map(first))
    valued = pd.merge_asof(entries.dropna(subset=["grade_id"]).sort_values("day"),
                           rates.sort_values("effective_from"), left_on="day", right_on="effective_from",
                           by="grade_id")
    valued["value"] = (valued["minutes"] * valued["rate"].fillna(0) + 30) // 60
    value = valued.groupby("mission_id")["value"].sum()
    fees["cents"] = fees["cents"].where(fees["kind"] != "avoir", -fees["cents"])
    billed = fees.groupby("mission_id")["cents"].sum()
    per_mission = missions.set_index("mission_id").join(value.rename("value")).join(billed.rename("fees"))
    per_mission = per_mission[per_mission["fees"].notna()].fillna(0)
    per_mission["boni_mali"] = per_mission["fees"] - per_mission["value"]
    return per_mission.groupby("client_id")[["fees", "value", "boni_mali"]].sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--firm", help="SIREN (default: the firm with the most time entries)")
    parser.add_argument("--add-invoices", action="store_true")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    engine = create_engine(url)
    with Session(engine) as session:
        if args.firm:
            firm_id = session.scalar(select(FirmRow.id).where(FirmRow.siren == args.firm))
        else:
            firm_id = session.scalar(select(TimeEntryRow.firm_id).group_by(TimeEntryRow.firm_id)
                                     .order_by(func.count().desc()).limit(1))
        count = lambda row, *where: session.scalar(select(func.count()).select_from(row)
                                                   .where(row.firm_id == firm_id, *where))
        invoices = count(InvoiceRow, InvoiceRow.status == "emise")
    if args.add_invoices and invoices == 0:
        started = time.perf_counter()
        invoices = add_invoices(engine, firm_id, date.today())
        print(f"{thousands(invoices)} factures ajoutées en {time.perf_counter() - started:.1f} s", file=sys.stderr)
    with Session(engine) as session:
        entries, missions = count(TimeEntryRow), count(MissionRow)
        users, clients = count(UserRow), session.scalar(text("SELECT count(*) FROM clients WHERE firm_id = :f"),
                                                        {"f": firm_id})

    def cold():
        return AnalyticsRunner(engine).rows(firm_id, "boni_mali_by_group", {"by": "client", "year": 0})

    warm_runner = AnalyticsRunner(engine)
    cold_times, by_client = timed(cold, args.runs)
    warm_runner.rows(firm_id, "boni_mali_by_group", {"by": "client", "year": 0})
    warm_times, _ = timed(lambda: warm_runner.rows(firm_id, "boni_mali_by_group", {"by": "client", "year": 0}),
                          args.runs)
    mission_rows = warm_runner.rows(firm_id, "boni_mali_by_mission", {"year": 0})
    table_times, table = timed(lambda: mission_table(mission_rows), 1)
    export_times, book = timed(lambda: xlsx_bytes([table], filters_of("mission", 0, date.today()), datetime.now()),
                               max(1, min(args.runs, 3)))
    app_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # what the app's own path needed
    alt_times, alt = timed(lambda: alternative(engine, firm_id), max(1, min(args.runs, 3)))
    ours = sum(r["fees_cents"] for r in by_client)
    theirs = int(alt["fees"].sum())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    print(f"Machine : {machine} — base {engine.url.get_backend_name()} — {thousands(users)} utilisateurs, "
          f"{thousands(clients)} clients, {thousands(missions)} missions, {thousands(entries)} saisies de temps, "
          f"{thousands(invoices)} factures émises")
    print("| mesure | médiane | essais |\n|---|---|---|")
    rows = [("boni/mali par client, DuckDB, à froid (chargement compris)", cold_times),
            ("boni/mali par client, DuckDB, à chaud", warm_times),
            ("boni/mali par client, SQLAlchemy → pandas (alternative)", alt_times),
            (f"tableau des {thousands(len(mission_rows))} missions (mise en forme)", table_times),
            (f"export Excel des {thousands(len(mission_rows))} missions ({len(book) / 1e6:.1f} Mo)", export_times)]
    for label, times in rows:
        print(f"| {label} | {statistics.median(times):.3f} s | {', '.join(f'{t:.3f}' for t in times)} |")
    print(f"Rapport alternative / DuckDB à froid : {statistics.median(alt_times) / statistics.median(cold_times):.1f} ; "
          f"à chaud : {statistics.median(alt_times) / statistics.median(warm_times):.0f}")
    print(f"Honoraires totaux : DuckDB {ours / 100:,.2f} € ; alternative {theirs / 100:,.2f} € "
          f"({'identiques' if ours == theirs else 'DIFFÉRENTS'}) ; {len(by_client)} clients")
    print(f"Mémoire maximale du processus : {app_peak:,.0f} Mo avant l'alternative (DuckDB et export), "
          f"{peak:,.0f} Mo avec elle")


if __name__ == "__main__":
    main()
