"""Pieces of the Tableau de bord page: freshness line, KPI texts, tables with their downloads, plotly charts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import plotly.graph_objects as go
import streamlit as st

from domain import formatting
from domain.collections.aging import BUCKETS, ClientBalance
from domain.dashboards.model import MonthFigures, PersonTime, WeekHours
from domain.money import from_cents
from pages._ui.exports import csv_bytes, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LAYOUT = {"height": 320, "margin": {"l": 10, "r": 10, "t": 30, "b": 10}, "separators": ", ",
          "legend": {"orientation": "h", "y": -0.2}}


def freshness(loaded_at: datetime | None) -> None:
    if loaded_at is not None:
        st.caption(f"Données à jour de {loaded_at.astimezone(formatting.PARIS).strftime('%H:%M')}")


def pct(rate: Decimal | None) -> str:
    return "—" if rate is None else f"{formatting.number(rate * 100, 1)} %"


def days(value: Decimal | None) -> str:
    return "—" if value is None else f"{formatting.number(value, 1)} j"


def evolution(now_cents: int, before_cents: int) -> str | None:
    """The change against last year, as st.metric's delta ("+12,5 % vs N-1"); None without last year's figure."""
    if before_cents <= 0:
        return None
    change = Decimal(now_cents - before_cents) * 100 / before_cents
    return f"{'+' if change >= 0 else ''}{formatting.number(change, 1)} % vs N-1"


def table(rows: list[dict], name: str, key: str, empty: str) -> None:
    """The rows as a table with CSV and Excel downloads (built only when clicked), or the empty state."""
    if not rows:
        st.info(empty)
        return
    st.dataframe(rows, hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.download_button("Télécharger (CSV)", lambda: csv_bytes(rows), f"{name}.csv", "text/csv", key=f"{key}.csv",
                         on_click="ignore")
    right.download_button("Télécharger (Excel)", lambda: xlsx_bytes(rows, name), f"{name}.xlsx", XLSX,
                          key=f"{key}.xlsx", on_click="ignore")


def _euros(cents: list[int]) -> list[float]:
    return [float(from_cents(c)) for c in cents]  # plotly draws floats; the tables keep the exact Decimal


def fees_chart(months: tuple[MonthFigures, ...]) -> go.Figure:
    labels = [formatting.month(m.month) for m in months]
    figure = go.Figure([
        go.Bar(name="Honoraires HT", x=labels, y=_euros([m.fees_cents for m in months]), marker_color="#1b2a6b"),
        go.Bar(name="Honoraires N-1", x=labels, y=_euros([m.fees_last_year_cents for m in months]),
               marker_color="#9aa5d1"),
        go.Scatter(name="Temps valorisé", x=labels, y=_euros([m.time_value_cents for m in months]),
                   mode="lines+markers", line_color="#e4572e")])
    return figure.update_layout(title="Honoraires et temps valorisé par mois (€)", barmode="group", **LAYOUT)


def aged_chart(aged: tuple[ClientBalance, ...]) -> go.Figure:
    totals = [sum(b.cents[bucket] for b in aged) for bucket in BUCKETS]
    colours = ["#9ed89a", "#ffc857", "#f29e4c", "#e4572e", "#7a0010"]
    figure = go.Figure(go.Bar(x=list(BUCKETS), y=_euros(totals), marker_color=colours))
    return figure.update_layout(title="Balance âgée TTC (€)", **LAYOUT)


def chargeability_chart(people: tuple[PersonTime, ...]) -> go.Figure:
    names = [p.full_name for p in people]
    figure = go.Figure([
        go.Bar(name="Facturables", x=names, y=[p.chargeable_minutes / 60 for p in people], marker_color="#1b2a6b"),
        go.Bar(name="Autres saisies", x=names, y=[(p.entered_minutes - p.chargeable_minutes) / 60 for p in people],
               marker_color="#9aa5d1"),
        go.Scatter(name="Disponibles", x=names, y=[p.available_minutes / 60 for p in people], mode="markers",
                   marker={"symbol": "line-ew-open", "size": 24, "color": "#e4572e"})])
    return figure.update_layout(title="Heures par collaborateur", barmode="stack", **LAYOUT)


def hours_chart(weeks: tuple[WeekHours, ...]) -> go.Figure:
    labels = [formatting.day(w.week) for w in weeks]
    figure = go.Figure([
        go.Bar(name="Facturables", x=labels, y=[w.chargeable_minutes / 60 for w in weeks], marker_color="#1b2a6b"),
        go.Bar(name="Internes", x=labels, y=[w.internal_minutes / 60 for w in weeks], marker_color="#9aa5d1"),
        go.Scatter(name="Disponibles", x=labels, y=[w.capacity_minutes / 60 for w in weeks], mode="lines+markers",
                   line_color="#e4572e")])
    return figure.update_layout(title="Mes heures par semaine", barmode="stack", **LAYOUT)
