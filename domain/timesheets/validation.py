"""Rules of time entry: durations typed the French way, the week, the client/mission/task of an entry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.engagements.model import Mission, MissionStatus, MissionTask
from domain.errors import InvalidInput
from domain.formatting import day as day_text
from domain.timesheets.model import Activity, TimeEntry

DAY_MINUTES = 24 * 60
_DECIMAL = re.compile(r"^\d+(\.\d+)?$")
_CLOCK = re.compile(r"^(\d+)(?::|h)(\d{1,2})?$")
_MINUTES = re.compile(r"^(\d+)(?:min|mn|m)$")


def parse_duration(value: object) -> int:
    """A duration as whole minutes: "1,5" or "1.5" (hours), "1:30" or "1h30" or "2h", "90 min".
    Empty is 0. Negative, unreadable and over-24-hour durations are refused in French."""
    if value is None or (isinstance(value, float) and value != value):  # noqa: PLR0124 (None or NaN from a grid cell)
        return 0
    if isinstance(value, bool):
        raise InvalidInput(f"« {value} » n'est pas une durée (par exemple 1,5 ou 1:30 ou 90 min).")
    if isinstance(value, (int, float)):
        text = repr(float(value))
    else:
        text = str(value).strip().lower()
        for space in ("\xa0", "\u202f", " "):
            text = text.replace(space, "")
        text = text.replace(",", ".")
    if not text:
        return 0
    if text.startswith("-"):
        raise InvalidInput(f"Durée « {value} » : une durée ne peut pas être négative.")
    if _DECIMAL.match(text):
        minutes = round(float(text) * 60)
    elif match := _CLOCK.match(text):
        extra = int(match.group(2) or 0)
        if extra >= 60:
            raise InvalidInput(f"Durée « {value} » : les minutes vont de 0 à 59.")
        minutes = int(match.group(1)) * 60 + extra
    elif match := _MINUTES.match(text):
        minutes = int(match.group(1))
    else:
        raise InvalidInput(f"« {value} » n'est pas une durée (par exemple 1,5 ou 1:30 ou 90 min).")
    if minutes > DAY_MINUTES:
        raise InvalidInput(f"Durée « {value} » : 24 heures au plus.")
    return minutes


def minutes_text(minutes: int) -> str:
    """Minutes as French decimal hours for a grid cell (90 → "1,5", 0 → "")."""
    if not minutes:
        return ""
    hours = round(minutes / 60, 2)
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def hours_label(minutes: int) -> str:
    """Minutes as "7 h 30" for totals."""
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    return f"{sign}{minutes // 60} h {minutes % 60:02d}" if minutes % 60 else f"{sign}{minutes // 60} h"


@dataclass(frozen=True, slots=True)
class Reference:
    """What an entry points at, checked against the firm's missions and tasks."""

    activity: Activity
    client_id: int | None
    mission_id: int | None
    task_id: int | None
    billable: bool


def check_reference(ref: Reference, clients: set[int], missions: dict[int, Mission],
                    tasks: dict[int, MissionTask]) -> Reference:
    """The entry's reference as stored (internal activity: no client, not billable), or InvalidInput."""
    if not isinstance(ref.activity, Activity):
        raise InvalidInput("Type d'activité inconnu.")
    if ref.activity.internal:
        if ref.client_id is not None or ref.mission_id is not None or ref.task_id is not None:
            raise InvalidInput(f"Le temps « {ref.activity.label} » est du temps interne : sans client ni mission.")
        return Reference(ref.activity, None, None, None, False)
    client_id = ref.client_id
    mission = None
    if ref.mission_id is not None:
        mission = missions.get(ref.mission_id)
        if mission is None:
            raise InvalidInput("Mission introuvable dans ce cabinet : le temps ne peut pas y être saisi.")
        if mission.status is MissionStatus.DONE:
            raise InvalidInput(f"La mission « {mission.label} » est terminée : on ne peut plus y saisir de temps.")
        if client_id is None:
            client_id = mission.client_id
        elif mission.client_id != client_id:
            raise InvalidInput(f"La mission « {mission.label} » n'appartient pas au client choisi.")
    if client_id is not None and client_id not in clients:
        raise InvalidInput("Client introuvable dans ce cabinet.")
    if ref.task_id is not None:
        task = tasks.get(ref.task_id)
        if task is None or mission is None or task.mission_id != mission.id:
            raise InvalidInput("La tâche choisie n'appartient pas à la mission.")
    if client_id is None and ref.billable:
        raise InvalidInput("Un temps facturable doit être rattaché à un client.")
    return Reference(ref.activity, client_id, ref.mission_id, ref.task_id, bool(ref.billable))


def check_day_totals(entries: list[TimeEntry]) -> None:
    """Every entry > 0 and each day's total ≤ 24 h."""
    totals: dict[date, int] = {}
    for entry in entries:
        if entry.minutes <= 0:
            raise InvalidInput(f"Le {day_text(entry.day)} : une durée doit être positive.")
        if entry.minutes > DAY_MINUTES:
            raise InvalidInput(f"Le {day_text(entry.day)} : 24 heures au plus par saisie.")
        totals[entry.day] = totals.get(entry.day, 0) + entry.minutes
    for when, total in sorted(totals.items()):
        if total > DAY_MINUTES:
            raise InvalidInput(f"Le {day_text(when)} : {hours_label(total)} saisies, plus que les 24 heures d'une journée.")


def check_in_week(when: date, monday: date) -> None:
    if not monday <= when <= monday + timedelta(days=6):
        raise InvalidInput(f"Le {day_text(when)} n'est pas dans la semaine du {day_text(monday)}.")
