"""Checks of what an administrator types in the catalogue: the mission type form and the work programme."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from domain.catalogue.model import BillingMode, DueAnchor, DueRule, MissionType, TaskTemplate
from domain.errors import InvalidInput, Problems
from domain.money import parse_non_negative_amount, to_cents
from domain.text import has_control_characters, single_line

CODE_LIMIT, LABEL_LIMIT, NORM_LIMIT, UNIT_LIMIT, TEXT_LIMIT = 30, 200, 100, 40, 4000
MONTHS_RANGE, DAYS_RANGE = (0, 24), (-31, 365)
MAX_TASK_HOURS = 9999
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HOURS = re.compile(r"^\d+(\.\d*)?$|^\.\d+$")

FORM_FIELDS = ("code", "label", "billing_mode", "norm_reference", "default_fee", "unit_price", "unit_label",
               "scope", "exclusions")


def _code(text: str) -> str:
    code = single_line(text, "Code", CODE_LIMIT, required=True).lower()
    if not _CODE.match(code):
        raise InvalidInput(f"Code « {code} » invalide : lettres sans accents, chiffres, « _ » ou « - » uniquement.")
    return code


def _billing_mode(text: str) -> BillingMode:
    try:
        return BillingMode(text or "")
    except ValueError:
        raise InvalidInput("Mode de facturation : choisissez forfait annuel, forfait mensualisé, temps passé "
                           "ou unitaire.") from None


def multiline(text: str | None, label: str, limit: int = TEXT_LIMIT) -> str:
    """Paragraphs kept (line breaks allowed), trailing spaces and control characters refused."""
    raw = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if has_control_characters(raw.replace("\n", " ").replace("\t", " ")):
        raise InvalidInput(f"{label} : caractères non autorisés.")
    value = "\n".join(line.rstrip() for line in raw.strip().split("\n"))
    if len(value) > limit:
        raise InvalidInput(f"{label} : {limit} caractères au plus.")
    return value


def _optional_amount(text: str | None, field: str) -> int | None:
    if not (text or "").strip():
        return None
    return to_cents(parse_non_negative_amount(text, field))


def validate_mission_type(form: Mapping[str, str], *, mission_type_id: int = 0, active: bool = True,
                          position: int = 0, tasks: tuple[TaskTemplate, ...] = ()) -> MissionType:
    """The mission type described by the form, or InvalidInput listing every problem."""
    problems = Problems()
    code = problems.take(lambda: _code(form.get("code", "")))
    label = problems.take(lambda: single_line(form.get("label"), "Libellé", LABEL_LIMIT, required=True))
    mode = problems.take(lambda: _billing_mode(form.get("billing_mode", "")), None)
    norm = problems.take(lambda: single_line(form.get("norm_reference"), "Norme de référence", NORM_LIMIT))
    fee = problems.take(lambda: _optional_amount(form.get("default_fee"), "Honoraires annuels HT"), None)
    unit_price = unit_label = None
    if mode is BillingMode.UNIT:
        unit_price = problems.take(lambda: _optional_amount(form.get("unit_price"), "Prix unitaire HT"), None)
        if unit_price is None and not any(p.startswith("Prix unitaire") for p in problems.problems):
            problems.problems.append("Prix unitaire HT : valeur obligatoire en facturation unitaire.")
        unit_label = problems.take(lambda: single_line(form.get("unit_label"), "Unité", UNIT_LIMIT))
        if unit_label == "" and not any(p.startswith("Unité") for p in problems.problems):
            problems.problems.append("Unité : valeur obligatoire en facturation unitaire (par exemple « bulletin »).")
    scope = problems.take(lambda: multiline(form.get("scope"), "Périmètre de la mission"))
    exclusions = problems.take(lambda: multiline(form.get("exclusions"), "Exclusions"))
    if problems.problems:
        raise InvalidInput(" ; ".join(problems.problems))
    return MissionType(id=mission_type_id, code=code, label=label, billing_mode=mode, norm_reference=norm,
                       default_fee_cents=fee, unit_price_cents=unit_price, unit_label=unit_label or "",
                       scope=scope, exclusions=exclusions, active=active, position=position, tasks=tasks)


def parse_hours(value: object, field: str) -> int:
    """French decimal hours ("1,5", "2", "0,25") as whole minutes, rounded half up; empty is 0."""
    if value is None or (isinstance(value, float) and value != value):  # None or NaN from a table cell
        return 0
    text = str(value).strip().replace("\xa0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    text = text.removesuffix("h")
    if not text:
        return 0
    if text.startswith("-"):
        raise InvalidInput(f"{field} : le nombre d'heures ne peut pas être négatif.")
    if not _HOURS.match(text):
        raise InvalidInput(f"{field} : « {value} » n'est pas un nombre d'heures (par exemple 1,5).")
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"{field} : « {value} » n'est pas un nombre d'heures (par exemple 1,5).") from None
    if hours > MAX_TASK_HOURS:
        raise InvalidInput(f"{field} : {MAX_TASK_HOURS} heures au plus.")
    return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _whole(value: object, field: str, bounds: tuple[int, int]) -> int:
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
        number = 0
    else:
        try:
            decimal = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise InvalidInput(f"{field} : « {value} » n'est pas un nombre entier.") from None
        if decimal != decimal.to_integral_value():
            raise InvalidInput(f"{field} : « {value} » n'est pas un nombre entier.")
        number = int(decimal)
    low, high = bounds
    if not low <= number <= high:
        raise InvalidInput(f"{field} : entre {low} et {high}.")
    return number


def _anchor(value: object, field: str = "Point de départ") -> DueAnchor:
    for anchor in DueAnchor:
        if value in (anchor, anchor.value, anchor.label):
            return anchor
    raise InvalidInput(f"{field} : clôture ou ouverture de l'exercice.")


@dataclass(frozen=True, slots=True)
class TaskInput:
    """One row of the work programme as typed: hours per grade as French decimal text."""

    label: object
    anchor: object = DueAnchor.FISCAL_YEAR_END.value
    months: object = 0
    days: object = 0
    hours: tuple[tuple[int, object], ...] = ()  # (grade_id, "1,5")


def validate_tasks(rows: Iterable[TaskInput], grades: Mapping[int, str]) -> list[TaskTemplate]:
    """The work programme typed in the table (`grades`: id → label of the firm's grades)."""
    problems = Problems()
    tasks: list[TaskTemplate] = []
    for number, row in enumerate(rows, start=1):
        prefix = f"Tâche {number}"
        label = problems.take(lambda: single_line(None if row.label is None else str(row.label),
                                                  f"{prefix}, libellé", LABEL_LIMIT, required=True))
        anchor = problems.take(lambda: _anchor(row.anchor, f"{prefix}, point de départ"),
                               DueAnchor.FISCAL_YEAR_END)
        months = problems.take(lambda: _whole(row.months, f"{prefix}, mois", MONTHS_RANGE), 0)
        days = problems.take(lambda: _whole(row.days, f"{prefix}, jours", DAYS_RANGE), 0)
        minutes: list[tuple[int, int]] = []
        for grade_id, text in row.hours:
            if grade_id not in grades:
                problems.problems.append(f"{prefix} : grade inconnu.")
                continue
            value = problems.take(lambda: parse_hours(text, f"{prefix}, {grades[grade_id]}"), 0)
            if value:
                minutes.append((grade_id, value))
        tasks.append(TaskTemplate(id=0, label=label, due=DueRule(anchor, months, days),
                                  minutes_by_grade=tuple(minutes), position=number))
    if problems.problems:
        raise InvalidInput(" ; ".join(problems.problems))
    return tasks


def amount_text(cents: int | None) -> str:
    """Cents as a French amount to put back in a form field ("4 800,00"), empty for None."""
    if cents is None:
        return ""
    units, rest = divmod(cents, 100)
    return f"{units:,}".replace(",", " ") + f",{rest:02d}"


def hours_text(minutes: int) -> str:
    """Minutes as French decimal hours for a table cell (90 → "1,5", 0 → "")."""
    if not minutes:
        return ""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format(value.normalize(), "f").replace(".", ",")


def as_form(mission_type: MissionType) -> dict[str, str]:
    """The mission type's fields as the edit form shows them."""
    return {"code": mission_type.code, "label": mission_type.label, "billing_mode": mission_type.billing_mode.value,
            "norm_reference": mission_type.norm_reference, "default_fee": amount_text(mission_type.default_fee_cents),
            "unit_price": amount_text(mission_type.unit_price_cents), "unit_label": mission_type.unit_label,
            "scope": mission_type.scope, "exclusions": mission_type.exclusions}


def due_rule_or_none(anchor: object, months: object, days: object) -> DueRule | None:
    """The due rule of a table row being typed, or None while a value is out of bounds."""
    try:
        return DueRule(_anchor(anchor), _whole(months, "mois", MONTHS_RANGE), _whole(days, "jours", DAYS_RANGE))
    except InvalidInput:
        return None
