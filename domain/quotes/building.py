"""Building a quote, pure: lines from the catalogue valued at the grades' selling rates of the quote's date.

Money is integer cents, hours integer minutes. The only rounding is `minutes_value_cents` (per grade,
half up to the cent) and the VAT and percentage roundings of `Quote` (half up).
"""

from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from domain.catalogue.model import BillingMode, MissionType
from domain.errors import InvalidInput, Problems
from domain.firm.model import Grade, GradeRate, rate_in_force
from domain.money import parse_non_negative_amount, to_cents
from domain.quotes.model import VALIDITY_DAYS, GradeHours, LineKind, QuoteLine

MAX_MINUTES = 100_000 * 60  # far above any year of work on one line


def default_valid_until(created_on: date) -> date:
    return created_on + timedelta(days=VALIDITY_DAYS)


def selling_rates(rates: list[GradeRate], on: date) -> dict[int, int]:
    """The selling rate (cents per hour) of each grade in force on `on`; grades without one are absent."""
    found: dict[int, int] = {}
    for grade_id in {r.grade_id for r in rates}:
        rate = rate_in_force(rates, grade_id, on)
        if rate is not None:
            found[grade_id] = rate.selling_rate_cents
    return found


def valued_hours(minutes_by_grade: dict[int, int], rates: dict[int, int],
                 grades: list[Grade] | None = None) -> tuple[GradeHours, ...]:
    """Hours per grade (zeros dropped) at each grade's rate, in the grades' rank order when given."""
    order = [g.id for g in sorted(grades, key=lambda g: g.rank)] if grades else sorted(minutes_by_grade)
    order += [g for g in sorted(minutes_by_grade) if g not in order]
    return tuple(GradeHours(g, minutes_by_grade[g], rates.get(g, 0)) for g in order if minutes_by_grade.get(g))


def line_from_mission_type(mission_type: MissionType, rates: dict[int, int], grades: list[Grade] | None = None,
                           *, quantity: int | None = None) -> QuoteLine:
    """A priced line for a catalogue mission: its work programme's hours valued at the rates; the price is the
    type's default fee, else (unitaire) quantity × unit price, else the computed value."""
    hours = valued_hours(mission_type.minutes_by_grade(), rates, grades)
    line = QuoteLine(id=0, label=mission_type.label, billing_mode=mission_type.billing_mode,
                     mission_type_id=mission_type.id, hours=hours)
    if mission_type.billing_mode is BillingMode.UNIT:
        units = quantity if quantity is not None else 1
        return priced_unit(line, units, mission_type.unit_price_cents or 0)
    fee = mission_type.default_fee_cents if mission_type.default_fee_cents is not None else line.computed_cents
    return replace(line, fee_cents=fee)


def priced_unit(line: QuoteLine, quantity: int, unit_price_cents: int) -> QuoteLine:
    """A unitaire line: the price is quantity × unit price."""
    return replace(line, billing_mode=BillingMode.UNIT, quantity=quantity, unit_price_cents=unit_price_cents,
                   fee_cents=quantity * unit_price_cents)


def with_hours(line: QuoteLine, minutes_by_grade: dict[int, int], rates: dict[int, int],
               grades: list[Grade] | None = None) -> QuoteLine:
    """The same line with other hours per grade, valued at `rates`; the price is left as typed."""
    return replace(line, hours=valued_hours(minutes_by_grade, rates, grades))


def revalued(line: QuoteLine, rates: dict[int, int]) -> QuoteLine:
    """The line's hours at other rates (a quote's date changed, a new version on a later date)."""
    return replace(line, hours=tuple(GradeHours(h.grade_id, h.minutes, rates.get(h.grade_id, h.rate_cents))
                                     for h in line.hours))


def extra_line(label: str) -> QuoteLine:
    """Work outside the forfait, billed at time spent at the grades' hourly rates: shown, never totalled."""
    return QuoteLine(id=0, label=label, billing_mode=BillingMode.TIME_SPENT, kind=LineKind.EXTRA)


def free_line(label: str, fee_cents: int, billing_mode: BillingMode = BillingMode.ANNUAL) -> QuoteLine:
    """A priced line typed by hand, outside the catalogue."""
    return QuoteLine(id=0, label=label, billing_mode=billing_mode, fee_cents=fee_cents)


def positioned(lines: list[QuoteLine] | tuple[QuoteLine, ...]) -> tuple[QuoteLine, ...]:
    """Lines numbered in their order (the order they are shown and stored in)."""
    return tuple(replace(line, position=index) for index, line in enumerate(lines))


def parse_hours(text: object, field: str = "Heures") -> int:
    """Hours typed the French way ("12,5", "12.5", 12.5, "7 h 30") → integer minutes, rounded to the minute."""
    raw = str(text if text is not None else "").strip().lower().replace("\xa0", " ")
    if raw in ("", "none", "nan"):
        return 0
    if "h" in raw:
        hours_part, _, minutes_part = raw.partition("h")
        try:
            minutes = int(hours_part.strip() or 0) * 60 + int(minutes_part.strip() or 0)
        except ValueError:
            raise InvalidInput(f"{field} : « {text} » n'est pas une durée valide.") from None
    else:
        try:
            value = Decimal(raw.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise InvalidInput(f"{field} : « {text} » n'est pas une durée valide.") from None
        if not value.is_finite():
            raise InvalidInput(f"{field} : « {text} » n'est pas une durée valide.")
        minutes = int((value * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if minutes < 0:
        raise InvalidInput(f"{field} : une durée ne peut pas être négative.")
    if minutes > MAX_MINUTES:
        raise InvalidInput(f"{field} : durée trop élevée.")
    return minutes


def percent_label(basis_points: int | None) -> str:
    """-1250 → "-12,50 %"; None → "—"."""
    if basis_points is None:
        return "—"
    sign = "-" if basis_points < 0 else "+" if basis_points > 0 else ""
    whole, cents = divmod(abs(basis_points), 100)
    return f"{sign}{whole},{cents:02d} %"


# --- the lines as an editable table (the quote page's data editor) ------------------------------------

KIND_LABELS = {LineKind.MISSION: "Mission (au forfait)", LineKind.EXTRA: "Hors forfait, au temps passé"}


def hours_key(grade_id: int) -> str:
    return f"h{grade_id}"


def amount_text(cents: int | None) -> str:
    """12345 → "123,45" (what the editor shows and parses back)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


def table_rows(lines: tuple[QuoteLine, ...], grades: list[Grade]) -> list[dict]:
    """One row per line: text and numbers a person edits; hours per grade in decimal hours."""
    rows = []
    for line in lines:
        row = {"mission_type_id": line.mission_type_id, "label": line.label, "kind": KIND_LABELS[line.kind],
               "mode": line.billing_mode.label, "quantity": line.quantity,
               "unit_price": amount_text(line.unit_price_cents), "fee": amount_text(line.fee_cents)}
        for grade in grades:
            minutes = line.minutes_of(grade.id)
            row[hours_key(grade.id)] = float(Decimal(minutes) / 60) if minutes else None
        rows.append(row)
    return rows


def _cents(text: object, field: str) -> int | None:
    raw = "" if text is None else str(text).strip()
    if raw in ("", "None", "nan"):
        return None
    return to_cents(parse_non_negative_amount(raw, field))


def lines_from_rows(rows: list[dict], grades: list[Grade], rates: dict[int, int]) -> tuple[QuoteLine, ...]:
    """The edited table back to lines (empty rows skipped); every problem reported at once, in French."""
    modes = {mode.label: mode for mode in BillingMode}
    kinds = {label: kind for kind, label in KIND_LABELS.items()}
    problems = Problems()
    lines = []
    for number, row in enumerate(rows, start=1):
        where = f"Ligne {number}"
        label = str(row.get("label") or "").strip()
        minutes = {g.id: problems.take(lambda g=g: parse_hours(row.get(hours_key(g.id)), f"{where}, heures {g.label}"), 0)
                   for g in grades}
        fee = problems.take(lambda: _cents(row.get("fee"), f"{where}, prix proposé"), None)
        unit_price = problems.take(lambda: _cents(row.get("unit_price"), f"{where}, prix unitaire"), None)
        if not label and not any(minutes.values()) and not fee and not unit_price:
            continue  # a blank row added by mistake
        kind = kinds.get(str(row.get("kind") or ""), LineKind.MISSION)
        mode = modes.get(str(row.get("mode") or ""), BillingMode.ANNUAL)
        mission_type_id = row.get("mission_type_id")
        line = QuoteLine(id=0, label=label, billing_mode=mode, kind=kind,
                         mission_type_id=int(mission_type_id) if _is_number(mission_type_id) else None,
                         hours=valued_hours(minutes, rates, grades), fee_cents=fee or 0)
        if kind is LineKind.MISSION and mode is BillingMode.UNIT:
            quantity = problems.take(lambda: _quantity(row.get("quantity"), where), 0)
            line = priced_unit(line, quantity, unit_price or 0)
        lines.append(line)
    if problems.problems:
        raise InvalidInput(" ; ".join(problems.problems))
    return positioned(lines)


def _is_number(value: object) -> bool:
    try:
        return value is not None and str(value) not in ("", "nan", "None") and int(float(str(value))) >= 0
    except ValueError:
        return False


def _quantity(value: object, where: str) -> int:
    raw = "" if value is None else str(value).strip()
    if raw in ("", "nan", "None"):
        raise InvalidInput(f"{where} : indiquez la quantité d'une ligne unitaire.")
    try:
        number = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(f"{where} : quantité « {raw} » invalide.") from None
    if not number.is_finite() or number != number.to_integral_value() or not 0 < number <= 1_000_000:
        raise InvalidInput(f"{where} : la quantité doit être un nombre entier positif.")
    return int(number)
