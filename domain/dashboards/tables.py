"""The dashboards' tables as rows with French headers: shown on the page and downloaded as they are (CSV, Excel).
Euros as Decimal with two decimals, hours as Decimal, rates in percent with one decimal: numbers stay numbers in
the workbook."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from domain.catalogue.model import BillingMode
from domain.collections.aging import BUCKETS, ClientBalance
from domain.dashboards.model import (
    BoniMaliLine,
    DeadlineLine,
    MissionBudget,
    MonthFigures,
    PersonTime,
    ReviewToDo,
    WeekGap,
    WeekHours,
    WipLine,
)
from domain.formatting import month
from domain.money import from_cents
from domain.timesheets.model import TimesheetStatus

HUNDREDTH = Decimal("0.01")
TENTH = Decimal("0.1")


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def percent(rate: Decimal | None) -> Decimal | None:
    return None if rate is None else (rate * 100).quantize(TENTH, rounding=ROUND_HALF_UP)


def months(rows: tuple[MonthFigures, ...]) -> list[dict]:
    return [{"Mois": month(m.month), "Honoraires HT (€)": from_cents(m.fees_cents),
             "Honoraires N-1 (€)": from_cents(m.fees_last_year_cents), "dont récurrents (€)": from_cents(m.recurring_cents),
             "Temps valorisé (€)": from_cents(m.time_value_cents)} for m in rows]


def wip(rows: tuple[WipLine, ...]) -> list[dict]:
    return [{"Client": w.client_name, "Mission": w.mission_label, "Facturation": BillingMode(w.billing_mode).label,
             "Heures": hours(w.minutes), "En-cours (€)": from_cents(w.wip_cents), "Plus ancien temps": w.oldest_day}
            for w in rows]


def aged(rows: tuple[ClientBalance, ...]) -> list[dict]:
    return [{"Client": b.client_name, **{f"{bucket} (€)": from_cents(b.cents[bucket]) for bucket in BUCKETS},
             "Total TTC (€)": from_cents(b.total_cents)} for b in rows]


def deadlines(rows: tuple[DeadlineLine, ...], names: dict[int, str]) -> list[dict]:
    return [{"Échéance": d.label, "Client": d.client_name, "Date limite": d.due_on,
             "Retard (jours)": d.days_late, "Suivie par": names.get(d.follower_id or 0, "")} for d in rows]


def people(rows: tuple[PersonTime, ...]) -> list[dict]:
    return [{"Collaborateur": p.full_name, "Équipe": p.team_name, "Heures disponibles": hours(p.available_minutes),
             "Heures saisies": hours(p.entered_minutes), "Heures facturables": hours(p.chargeable_minutes),
             "Chargeabilité (%)": percent(p.chargeability)} for p in rows]


def budgets(rows: tuple[MissionBudget, ...], own: bool = False) -> list[dict]:
    return [{"Client": b.client_name, "Mission": b.mission_label, "Heures budgétées": hours(b.budget_minutes),
             "Heures saisies": hours(b.actual_minutes), **({"dont les miennes": hours(b.own_minutes)} if own else {}),
             "Consommation (%)": percent(b.consumed), "Dépassement": "Oui" if b.over_budget else ""} for b in rows]


def gaps(rows: tuple[WeekGap, ...]) -> list[dict]:
    return [{"Collaborateur": g.full_name, "Semaine du": g.week, "Heures attendues": hours(g.capacity_minutes),
             "Heures saisies": hours(g.entered_minutes), "Heures manquantes": hours(g.missing_minutes),
             "Feuille de temps": TimesheetStatus(g.status).label} for g in rows]


def weeks(rows: tuple[WeekHours, ...]) -> list[dict]:
    return [{"Semaine du": w.week, "Heures facturables": hours(w.chargeable_minutes),
             "Heures internes": hours(w.internal_minutes), "Heures disponibles": hours(w.capacity_minutes)}
            for w in rows]


def boni_mali(rows: tuple[BoniMaliLine, ...]) -> list[dict]:
    return [{"Client": b.client_name, "Mission": b.mission_label, "Honoraires HT (€)": from_cents(b.fees_cents),
             "Temps valorisé (€)": from_cents(b.time_value_cents), "Boni/mali (€)": from_cents(b.boni_mali_cents)}
            for b in rows]


def reviews(rows: tuple[ReviewToDo, ...], names: dict[int, str]) -> list[dict]:
    return [{"Client": r.client_name, "État": r.state, "Revue due le": r.due_on,
             "Responsable": names.get(r.manager_id or 0, "")} for r in rows]
