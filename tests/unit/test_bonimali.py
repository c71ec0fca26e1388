"""Boni/mali on hand-made scenarios whose figures are worked out in the comments: the worked example of DOMAIN.md
§3.1, a rate change in the middle of the year, a monthly forfait across a fiscal year ending 30 June, en-cours
missions and the allocation of an invoice over several missions. Each scenario runs through the pure domain
module AND through the `sql/boni_mali_*.sql` views in DuckDB (over the same rows as Arrow tables, no database),
and both must give the figures written here."""

from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from sqlalchemy import create_engine

from data.analytics.runner import AnalyticsRunner
from data.analytics.sources import SOURCES
from domain.analytics import bonimali as bm
from domain.firm.model import GradeRate

PARTNER, MANAGER, JUNIOR = 1, 2, 3  # grades, and the users holding them
RATES = [GradeRate(1, PARTNER, date(2020, 1, 1), 18_000, 9_000), GradeRate(2, MANAGER, date(2020, 1, 1), 11_000, 5_500),
         GradeRate(3, JUNIOR, date(2020, 1, 1), 7_000, 3_500)]


class Scenario:
    """Rows of the operational tables, built by hand, fed both to the domain and to DuckDB."""

    def __init__(self, rates=RATES) -> None:
        self.rates = list(rates)
        self.missions: list[dict] = []
        self.entries: list[dict] = []
        self.invoices: list[dict] = []
        self.lines: list[dict] = []
        self.schedules: list[dict] = []

    def mission(self, id, fee_cents=0, start=date(2025, 1, 1), end=date(2025, 12, 31), client_id=1):
        self.missions.append({"id": id, "client_id": client_id, "label": f"Mission {id}", "fiscal_year_start": start,
                              "fiscal_year_end": end, "billing_mode": "forfait_annuel", "fee_cents": fee_cents})

    def time(self, mission_id, user_id, day, hours, invoice_id=None):
        self.entries.append({"id": len(self.entries) + 1, "user_id": user_id, "day": day, "client_id": 1,
                             "mission_id": mission_id, "minutes": int(hours * 60), "billable": True,
                             "activity": "production", "invoice_id": invoice_id})

    def invoice(self, id, day, fees_cents, mission_id=None, kind="facture", credited=None, disbursement=0,
                client_id=1):
        self.invoices.append({"id": id, "kind": kind, "status": "emise", "client_id": client_id,
                              "mission_id": mission_id, "credited_invoice_id": credited, "issue_date": day})
        self.lines.append({"id": len(self.lines) + 1, "invoice_id": id, "kind": "honoraires", "amount_cents": fees_cents})
        if disbursement:
            self.lines.append({"id": len(self.lines) + 1, "invoice_id": id, "kind": "debours",
                               "amount_cents": disbursement})

    # --- the domain's figures ---

    def domain_valued(self):
        grade = {PARTNER: PARTNER, MANAGER: MANAGER, JUNIOR: JUNIOR}
        entries = [bm.Entry(e["mission_id"], e["user_id"], e["day"], e["minutes"], e["billable"], grade[e["user_id"]],
                            e["invoice_id"]) for e in self.entries]
        return bm.valued_entries(entries, self.rates)

    def domain(self, year=0):
        valued = self.domain_valued()
        docs = [bm.Document(i["id"], i["kind"], i["client_id"], i["issue_date"], i["mission_id"],
                            i["credited_invoice_id"],
                            tuple((line["kind"], line["amount_cents"]) for line in self.lines
                                  if line["invoice_id"] == i["id"])) for i in self.invoices]
        items = [bm.BilledItem(s["invoice_id"], s["mission_id"], s["amount_cents"]) for s in self.schedules]
        missions = [bm.MissionFacts(m["id"], m["client_id"], m["fiscal_year_start"], m["fiscal_year_end"],
                                    m["fee_cents"]) for m in self.missions]
        figures = bm.by_mission(missions, valued, bm.allocate(docs, items, missions, valued), year)
        return figures, bm.shares_of_people(figures, valued)

    # --- the SQL views' rows ---

    def sql(self, view, **params):
        tables = {
            "missions": self.missions, "time_entries": self.entries, "mission_entries": self.entries,
            "invoices": self.invoices,
            "invoice_lines": self.lines, "fee_schedules": self.schedules, "billed_units": [],
            "clients": [{"id": 1, "name": "Boulangerie Dupain", "partner_id": PARTNER}],
            "users": [{"id": u, "full_name": n, "role": "collaborator", "grade_id": u, "is_active": True}
                      for u, n in ((PARTNER, "Associée"), (MANAGER, "Manager"), (JUNIOR, "Junior"))],
            "user_grades": [{"user_id": u, "grade_id": u, "effective_from": date(2000, 1, 1)}
                            for u in (PARTNER, MANAGER, JUNIOR)],
            "grade_rates": [{"grade_id": r.grade_id, "effective_from": r.effective_from,
                             "selling_rate_cents": r.selling_rate_cents, "cost_rate_cents": r.cost_rate_cents}
                            for r in self.rates],
            "mission_types": [], "budget_hours": [], "recent_entries": []}
        tables["time_totals"] = _totals(self.domain_valued())  # what the database's triggers keep
        tables["mission_time"] = _mission_totals(tables["time_totals"])
        arrow = {name: _frame(name, rows) for name, rows in tables.items()}

        class InMemory(AnalyticsRunner):  # the scenario's tables instead of a database's
            def tables(self, firm_id, names, params=None):
                return {name: arrow[name] for name in names}

        return InMemory(create_engine("sqlite://")).rows(1, view, params)


def _totals(valued):
    """The time totals of these valued entries, as the database's triggers sum them (data/models/time_totals.py)."""
    totals = {}
    for v in valued:
        e = v.entry
        key = (e.mission_id, e.user_id, e.invoice_id or 0)
        row = totals.setdefault(key, {"mission_id": key[0], "user_id": key[1], "invoice_key": key[2], "billable": True,
                                      "minutes": 0, "value_cents": 0, "cost_cents": 0, "first_day": e.day})
        row["minutes"] += e.minutes
        row["value_cents"] += v.value_cents
        row["cost_cents"] += v.cost_cents
        row["first_day"] = min(row["first_day"], e.day)
    return list(totals.values())


def _mission_totals(totals):
    """The person totals summed per mission and invoice, as migration 0021's triggers do."""
    summed = {}
    for t in totals:
        row = summed.setdefault((t["mission_id"], t["invoice_key"]), {
            "mission_id": t["mission_id"], "invoice_key": t["invoice_key"], "minutes": 0, "value_cents": 0,
            "cost_cents": 0, "first_day": t["first_day"]})
        for column in ("minutes", "value_cents", "cost_cents"):
            row[column] += t[column]
        row["first_day"] = min(row["first_day"], t["first_day"])
    return list(summed.values())


def _frame(name, rows):
    columns = SOURCES[name].columns
    return pl.DataFrame([{c: row.get(c) for c in columns} for row in rows], schema=columns).to_arrow()


def _mission_rows(scenario, year=0):
    return {r["mission_id"]: r for r in scenario.sql("boni_mali_by_mission", year=year)}


def test_the_worked_example_forfait_of_6000_gives_a_boni_of_1380():
    s = Scenario()
    s.mission(1, fee_cents=600_000)
    s.time(1, PARTNER, date(2025, 3, 3), 4)  # 4 h × 180 € = 720 €
    s.time(1, MANAGER, date(2025, 3, 4), 10)  # 10 h × 110 € = 1,100 €
    s.time(1, JUNIOR, date(2025, 3, 5), 40)  # 40 h × 70 € = 2,800 € → TV_PV 4,620 €
    s.invoice(10, date(2025, 12, 31), 600_000, mission_id=1, disbursement=4_630)  # the débours stays out
    figures, shares = s.domain()
    mine = figures[1]
    assert (mine.fees_cents, mine.time_value_cents, mine.boni_mali_cents) == (600_000, 462_000, 138_000)
    assert round(mine.realisation * 100, 1) == Decimal("129.9")
    # cost 90/55/35 €: 360 + 550 + 1,400 = 2,310 € → margin 3,690 € (61.5 % of the fees)
    assert (mine.time_cost_cents, mine.margin_cents) == (231_000, 369_000)
    assert mine.minutes == 54 * 60
    row = _mission_rows(s)[1]
    assert (row["fees_cents"], row["time_value_cents"], row["boni_mali_cents"], row["time_cost_cents"],
            row["margin_cents"], row["wip_cents"], row["billed"]) == (600_000, 462_000, 138_000, 231_000, 369_000, 0,
                                                                      True)
    # Each person's fees pro rata of their value: 6,000 × 720/4,620 = 935.06; × 1,100/4,620 = 1,428.57;
    # × 2,800/4,620 = 3,636.36 (the three add up to 5,999.99: rounded per person).
    expected = {PARTNER: 93_506, MANAGER: 142_857, JUNIOR: 363_636}
    assert {x.user_id: x.fees_cents for x in shares} == expected
    people = {r["user_id"]: r["fees_cents"] for r in s.sql("boni_mali_shares", year=0, mission_ids=[])}
    assert people == expected
    collaborators = {r["key"]: r for r in s.sql("boni_mali_by_collaborator", year=0)}
    assert collaborators[PARTNER]["boni_mali_cents"] == 93_506 - 72_000


def test_a_rate_change_in_the_middle_of_the_year_values_each_entry_at_the_rate_of_its_day():
    s = Scenario(RATES + [GradeRate(4, JUNIOR, date(2025, 7, 1), 8_000, 4_000)])
    s.mission(1, fee_cents=140_000)
    s.time(1, JUNIOR, date(2025, 6, 30), 10)  # 10 h × 70 € = 700 €
    s.time(1, JUNIOR, date(2025, 7, 1), 10)  # 10 h × 80 € = 800 € → 1,500 €
    s.time(1, JUNIOR, date(2025, 7, 2), Decimal("0.25"))  # 15 min × 80 € = 20 €
    s.invoice(10, date(2025, 12, 31), 140_000, mission_id=1)
    figures, _ = s.domain()
    assert figures[1].time_value_cents == 152_000
    assert figures[1].boni_mali_cents == 140_000 - 152_000  # mali of 120 €
    assert _mission_rows(s)[1]["boni_mali_cents"] == -12_000
    assert _mission_rows(s)[1]["time_cost_cents"] == 35_000 + 40_000 + 1_000


def test_a_monthly_forfait_is_compared_on_the_fiscal_year_ending_30_june_not_the_month():
    s = Scenario()
    s.mission(1, fee_cents=1_200_000, start=date(2024, 7, 1), end=date(2025, 6, 30))  # previous fiscal year
    s.mission(2, fee_cents=1_200_000, start=date(2025, 7, 1), end=date(2026, 6, 30))
    months = [date(2025, 7, 1), date(2025, 8, 1), date(2025, 9, 1), date(2025, 10, 1), date(2025, 11, 1),
              date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1),
              date(2026, 5, 1), date(2026, 6, 1)]
    for n, first in enumerate(months):  # 1,000 € on the 1st of each month; no mission on the invoice
        s.invoice(100 + n, first, 100_000)
    s.invoice(99, date(2025, 6, 1), 100_000)  # June 2025 belongs to the previous fiscal year
    s.invoice(200, date(2026, 3, 20), 50_000, kind="avoir", credited=108)  # 500 € credited on March's instalment
    s.time(2, JUNIOR, date(2025, 9, 15), 60)  # the year-end work: 60 h × 70 € = 4,200 € in one month…
    s.time(2, MANAGER, date(2025, 10, 15), 50)  # …and 50 h × 110 € = 5,500 € → 9,700 € over the year
    figures, _ = s.domain(year=2026)
    # 12 × 1,000 − 500 = 11,500 € of fees for the year against 9,700 € of time: a boni of 1,800 €, although
    # September and October alone would show 2,000 € of fees against 9,700 € of time.
    assert set(figures) == {2}
    assert (figures[2].fees_cents, figures[2].boni_mali_cents) == (1_150_000, 180_000)
    rows = _mission_rows(s, 2026)
    assert set(rows) == {2} and rows[2]["boni_mali_cents"] == 180_000 and rows[2]["fiscal_year"] == 2026
    previous = _mission_rows(s, 2025)[1]
    assert (previous["fees_cents"], previous["boni_mali_cents"]) == (100_000, 100_000)  # no time logged
    years = {r["key"]: r["fees_cents"] for r in s.sql("boni_mali_by_group", by="fiscal_year", year=0)}
    assert years == {2025: 100_000, 2026: 1_150_000}


def test_a_mission_not_billed_yet_is_en_cours_not_mali():
    s = Scenario()
    s.mission(1, fee_cents=300_000)
    s.mission(2, fee_cents=0)
    s.time(1, JUNIOR, date(2025, 4, 1), 10)  # 700 € of work, no invoice yet
    s.time(2, JUNIOR, date(2025, 4, 1), 1)
    s.invoice(10, date(2025, 12, 31), 10_000, mission_id=2)
    figures, shares = s.domain()
    assert figures[1].billed is False and figures[1].boni_mali_cents is None and figures[1].wip_cents == 70_000
    row = _mission_rows(s)[1]
    assert (row["billed"], row["boni_mali_cents"], row["wip_cents"]) == (False, None, 70_000)
    firm = s.sql("boni_mali_by_group", by="firm", year=0)[0]
    # only the billed mission counts: 100 € of fees − 70 € of time; the 700 € are en-cours
    assert (firm["boni_mali_cents"], firm["wip_cents"], firm["wip_missions"], firm["billed_value_cents"]) == \
        (3_000, 70_000, 1, 7_000)
    assert [x.fees_cents for x in shares if x.mission_id == 1] == [None]


def test_an_invoice_of_several_missions_is_shared_by_what_it_billed_then_by_fiscal_year_and_fee():
    s = Scenario()
    s.mission(1, fee_cents=0)
    s.mission(2, fee_cents=0)
    s.mission(3, fee_cents=0)
    s.invoice(10, date(2025, 5, 31), 40_000)  # 300 € instalment of mission 1, 100 € of mission 2
    s.schedules += [{"invoice_id": 10, "mission_id": 1, "amount_cents": 30_000},
                    {"invoice_id": 10, "mission_id": 2, "amount_cents": 10_000}]
    s.invoice(11, date(2025, 6, 30), 10_000)  # nothing linked, no fee: equal thirds, 33.34 € to the first
    figures, _ = s.domain()
    assert {m: f.fees_cents for m, f in figures.items()} == {1: 30_000 + 3_334, 2: 10_000 + 3_333, 3: 3_333}
    assert {m: r["fees_cents"] for m, r in _mission_rows(s).items()} == {1: 33_334, 2: 13_333, 3: 3_333}


@pytest.mark.parametrize("cents, weights, expected", [
    (100, {1: 1, 2: 1, 3: 1}, [(1, 34), (2, 33), (3, 33)]),
    (-100, {1: 1, 2: 1, 3: 1}, [(1, -34), (2, -33), (3, -33)]),
    (1_000, {5: 3, 2: 1}, [(2, 250), (5, 750)]),
    (1_000, {}, []),
])
def test_split_rounds_toward_zero_and_gives_the_rest_to_the_lowest_mission(cents, weights, expected):
    assert bm._split(cents, weights) == expected
