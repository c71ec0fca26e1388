"""Monthly bill and SYNTEC revision computations (pure)."""

from datetime import date
from decimal import Decimal

from domain.errors import InvalidInput
from domain.money import from_cents, round_cents
from domain.subscription.model import (
    IndexValue,
    MonthlyBill,
    Revision,
    SeatLine,
    SubscriptionTerms,
    add_months,
    trial_end,
)


def monthly_bill(terms: SubscriptionTerms, admins: int, collaborators: int, today: date) -> MonthlyBill:
    end = trial_end(terms.started_on)
    lines = (SeatLine("Administrateur", admins, from_cents(terms.admin_seat_cents)),
             SeatLine("Collaborateur", collaborators, from_cents(terms.collaborator_seat_cents)))
    return MonthlyBill(lines=lines, in_trial=today <= end, trial_end=end)


def next_revision_date(started_on: date, today: date) -> date:
    """The next anniversary of the subscription strictly after `today`."""
    years = max(1, today.year - started_on.year)
    candidate = add_months(started_on, 12 * years)
    while candidate <= today:
        years += 1
        candidate = add_months(started_on, 12 * years)
    return candidate


def index_for_month(indices: list[IndexValue], month: date) -> IndexValue:
    month = month.replace(day=1)
    for index in indices:
        if index.month == month:
            return index
    raise InvalidInput(f"Aucune valeur de l'indice SYNTEC pour {month:%m/%Y} (mois de référence S0) : "
                       "saisissez-la dans la table des indices.")


def latest_index_before(indices: list[IndexValue], revision_date: date) -> IndexValue:
    """S1: the latest value published before the revision date (the index of a month is published
    about a month later, so months from the revision month on are not yet known)."""
    known = [i for i in indices if i.month < revision_date.replace(day=1)]
    if not known:
        raise InvalidInput("Aucune valeur de l'indice SYNTEC antérieure à la date de révision.")
    return max(known, key=lambda i: i.month)


def revise(terms: SubscriptionTerms, indices: list[IndexValue], revision_date: date) -> Revision:
    s0 = index_for_month(indices, terms.reference_month)
    s1 = latest_index_before(indices, revision_date)

    def apply(cents: int) -> Decimal:
        return round_cents(from_cents(cents) * s1.value / s0.value)

    return Revision(revision_date, s0, s1, from_cents(terms.admin_seat_cents), apply(terms.admin_seat_cents),
                    from_cents(terms.collaborator_seat_cents), apply(terms.collaborator_seat_cents))


def parse_index_value(text: str) -> Decimal:
    try:
        value = Decimal((text or "").strip().replace(",", "."))
    except Exception:
        raise InvalidInput(f"Valeur d'indice « {text} » invalide (ex. 322,2).") from None
    if not value.is_finite() or not Decimal("50") <= value <= Decimal("2000"):
        raise InvalidInput(f"Valeur d'indice « {text} » hors des bornes plausibles (50 à 2000).")
    if value != value.quantize(Decimal("0.1")):
        raise InvalidInput("L'indice SYNTEC se saisit avec une décimale au plus (ex. 322,2).")
    return value.quantize(Decimal("0.1"))
