"""The boni/mali as partners and managers read it (page, Excel and CSV exports, `manage.py export-report`): the rows
of the `sql/boni_mali_*.sql` views turned into tables with French headings, euros and percentages.
Fees and rates are money: SEE_MONEY is required."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.access.model import Permission, Principal
from domain.errors import InvalidInput
from domain.firm.guards import require_staff
from domain.ports import FirmUnitOfWork

# What the report is grouped by → its French name.
GROUPINGS = {"mission": "mission", "client": "client", "collaborator": "collaborateur", "partner": "associé",
             "manager": "responsable de mission", "fiscal_year": "exercice", "mission_type": "type de mission",
             "firm": "cabinet"}
STATUS_LABELS = {"boni": "Boni", "mali": "Mali", "equilibre": "Équilibre", "en_cours": "En-cours"}


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: str  # text | integer | euros | percent | hours | date


@dataclass(frozen=True, slots=True)
class Table:
    """A report's rows with their columns' headings and kinds (the writers format by kind)."""

    name: str
    columns: tuple[Column, ...]
    rows: list[tuple]
    keys: list[object]  # the key of each row (mission id, client id…) for a drill-down


def check_grouping(by: str) -> str:
    if by not in GROUPINGS:
        raise InvalidInput(f"Regroupement « {by} » inconnu : {', '.join(GROUPINGS)}.")
    return by


def check_year(year: int | None) -> int:
    if year is None or year == 0:
        return 0
    if not 1990 <= year <= 2100:
        raise InvalidInput(f"Exercice « {year} » invalide : une année AAAA (l'année de clôture de l'exercice).")
    return year


def mission_rows(uow: FirmUnitOfWork, principal: Principal | None, year: int | None = None) -> list[dict]:
    """The view's rows, one per mission, of the fiscal years ending in `year` (every year when None or 0)."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    with uow:
        return uow.analytics.rows("boni_mali_by_mission", year=check_year(year))


def group_rows(uow: FirmUnitOfWork, principal: Principal | None, by: str, year: int | None = None) -> list[dict]:
    """One row per client, partner, manager, fiscal year, mission type, collaborator, or the firm."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    by = check_grouping(by)
    with uow:
        if by == "collaborator":
            return uow.analytics.rows("boni_mali_by_collaborator", year=check_year(year))
        return uow.analytics.rows("boni_mali_by_group", by=by, year=check_year(year))


def people_rows(uow: FirmUnitOfWork, principal: Principal | None, mission_ids: list[int],
                year: int | None = None) -> list[dict]:
    """Each person's share of these missions (every mission of the fiscal years ending in `year` when empty)."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    with uow:
        return uow.analytics.rows("boni_mali_shares", year=check_year(year), mission_ids=list(mission_ids))


def euros(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


def percent(fees_cents: int, value_cents: int) -> Decimal | None:
    """Realisation rate in percent, one decimal (129.9); None without time value."""
    if not value_cents:
        return None
    return (Decimal(100) * fees_cents / value_cents).quantize(Decimal("0.1"))


def hours_of(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.01"))


def status(row: dict) -> str:
    if not row["billed"]:
        return "en_cours"
    value = row["boni_mali_cents"]
    return "boni" if value > 0 else "mali" if value < 0 else "equilibre"


MONEY = (Column("Honoraires facturés HT (€)", "euros"), Column("Temps valorisé au prix de vente (€)", "euros"),
         Column("Boni / mali (€)", "euros"), Column("Taux de réalisation (%)", "percent"),
         Column("Temps valorisé au coût de revient (€)", "euros"), Column("Marge sur coût (€)", "euros"),
         Column("En-cours (€)", "euros"), Column("Heures", "hours"))


def _money(row: dict, billed_value: int) -> tuple:
    return (euros(row["fees_cents"]), euros(row["time_value_cents"]), euros(row["boni_mali_cents"]),
            percent(row["fees_cents"], billed_value) if row["boni_mali_cents"] is not None else None,
            euros(row["time_cost_cents"]), euros(row["margin_cents"]), euros(row["wip_cents"]),
            hours_of(row["minutes"]))


def mission_table(rows: list[dict]) -> Table:
    columns = (Column("Client", "text"), Column("Mission", "text"), Column("Exercice clos le", "date"),
               Column("Associé", "text"), Column("Responsable", "text"), Column("Type de mission", "text"),
               Column("Statut", "text")) + MONEY + (Column("Heures budgétées", "hours"),)
    body = [(r["client"], r["mission"], r["fiscal_year_end"], r["partner"] or "", r["manager"] or "",
             r["mission_type"] or "", STATUS_LABELS[status(r)]) + _money(r, r["time_value_cents"])
            + (hours_of(r["budget_minutes"]),) for r in rows]
    return Table("Boni-mali par mission", columns, body, [r["mission_id"] for r in rows])


def group_table(rows: list[dict], by: str) -> Table:
    label = GROUPINGS[check_grouping(by)]
    person = by == "collaborator"  # a person has no budget, nor missions en-cours of their own
    columns = ((Column(label[0].upper() + label[1:], "text"), Column("Missions", "integer"))
               + (() if person else (Column("Missions en cours", "integer"),)) + MONEY
               + (() if person else (Column("Heures budgétées", "hours"),)))
    body = [(str(r["label"]), r["missions"]) + (() if person else (r["wip_missions"],))
            + _money(r, r["billed_value_cents"]) + (() if person else (hours_of(r["budget_minutes"]),))
            for r in rows]
    return Table(f"Boni-mali par {label}", columns, body, [r["key"] for r in rows])


def report(uow: FirmUnitOfWork, principal: Principal | None, by: str, year: int | None = None) -> Table:
    """The boni/mali table grouped by `by` (mission, client, collaborator, partner, manager, fiscal_year,
    mission_type or firm)."""
    if check_grouping(by) == "mission":
        return mission_table(mission_rows(uow, principal, year))
    return group_table(group_rows(uow, principal, by, year), by)


def filters_of(by: str, year: int | None, extracted_on: date, firm_name: str = "") -> list[tuple[str, str]]:
    """What the filters sheet of an export states."""
    found = [("Rapport", f"Boni / mali par {GROUPINGS[check_grouping(by)]}"),
             ("Exercice", f"clos en {year}" if year else "tous les exercices"),
             ("Date d'extraction", extracted_on.strftime("%d/%m/%Y")),
             ("Honoraires", "facturés HT, débours exclus, avoirs déduits"),
             ("Temps", "temps facturable, valorisé au taux du grade en vigueur le jour de la saisie"),
             ("En-cours", "missions sans facture : leur temps est de l'en-cours, pas un mali")]
    return ([("Cabinet", firm_name)] if firm_name else []) + found


def mission_detail(uow: FirmUnitOfWork, principal: Principal | None, mission_id: int) -> list[dict]:
    """The time entries and the invoices behind one mission's boni/mali."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    with uow:
        return uow.analytics.rows("boni_mali_mission_detail", mission_id=int(mission_id))


ROLLED = ("fees_cents", "time_value_cents", "time_cost_cents", "wip_cents", "minutes", "budget_minutes")
KEYS = {"client": ("client_id", "client"), "partner": ("partner_id", "partner"), "manager": ("manager_id", "manager"),
        "fiscal_year": ("fiscal_year", "fiscal_year"), "mission_type": ("mission_type_id", "mission_type")}
NONE_LABELS = {"partner": "Sans associé", "manager": "Sans responsable", "mission_type": "Sans type de mission"}


def summarise(rows: list[dict], by: str) -> list[dict]:
    """Mission rows (of `boni_mali_by_mission`, possibly filtered) added up as `boni_mali_by_group` does, for the
    drill-down where the missions are already narrowed to a partner or a client."""
    key_column, label_column = KEYS.get(by, (None, None))
    groups: dict[object, dict] = {}
    for r in rows:
        key = r[key_column] if key_column else 0
        label = (r[label_column] if label_column else "Cabinet")
        g = groups.setdefault(key, {"key": key, "label": NONE_LABELS.get(by, "") if label is None else label,
                                    "missions": 0, "wip_missions": 0, "billed_value_cents": 0,
                                    "boni_mali_cents": 0, "margin_cents": 0, **dict.fromkeys(ROLLED, 0)})
        g["missions"] += 1
        g["wip_missions"] += not r["billed"]
        for column in ROLLED:
            g[column] += r[column]
        if r["billed"]:
            g["billed_value_cents"] += r["time_value_cents"]
            g["boni_mali_cents"] += r["boni_mali_cents"]
            g["margin_cents"] += r["margin_cents"]
    return sorted(groups.values(), key=lambda g: (g["boni_mali_cents"], str(g["key"])))


def person_totals(shares: list[dict]) -> list[dict]:
    """Rows of `boni_mali_shares` added up per person as `boni_mali_by_collaborator` does (for a drill-down)."""
    people: dict[int, dict] = {}
    for s in shares:
        p = people.setdefault(s["user_id"], {"key": s["user_id"], "label": s["collaborator"], "missions": 0,
                                             "fees_cents": 0, "time_value_cents": 0, "billed_value_cents": 0,
                                             "time_cost_cents": 0, "boni_mali_cents": 0, "margin_cents": 0,
                                             "wip_cents": 0, "minutes": 0})
        p["missions"] += 1
        p["time_value_cents"] += s["time_value_cents"]
        p["time_cost_cents"] += s["time_cost_cents"]
        p["minutes"] += s["minutes"]
        if s["billed"]:
            p["fees_cents"] += s["fees_cents"]
            p["billed_value_cents"] += s["time_value_cents"]
            p["boni_mali_cents"] += s["fees_cents"] - s["time_value_cents"]
            p["margin_cents"] += s["fees_cents"] - s["time_cost_cents"]
        else:
            p["wip_cents"] += s["time_value_cents"]
    return sorted(people.values(), key=lambda p: (p["boni_mali_cents"], p["key"]))
