"""Use cases of the Abonnement page."""

from dataclasses import dataclass
from datetime import date

from domain.access.model import Principal, Role
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput
from domain.firm.guards import require_admin
from domain.ports import FirmUnitOfWork
from domain.subscription.model import IndexValue, MonthlyBill, Revision, SubscriptionTerms
from domain.subscription.rules import monthly_bill, next_revision_date, parse_index_value, revise


@dataclass(frozen=True, slots=True)
class SubscriptionView:
    terms: SubscriptionTerms
    bill: MonthlyBill
    indices: list[IndexValue]
    revision: Revision | None
    revision_problem: str | None


def view_subscription(uow: FirmUnitOfWork, principal: Principal, clock: Clock) -> SubscriptionView:
    require_admin(uow, principal)
    with uow:
        terms = uow.subscription.get()
        indices = uow.syntec.list()
        admins = uow.users.count_active(Role.ADMIN)
        collaborators = uow.users.count_active(Role.COLLABORATOR)
    today = clock.today()
    revision, problem = None, None
    try:
        revision = revise(terms, indices, next_revision_date(terms.started_on, today))
    except InvalidInput as err:
        problem = err.message
    return SubscriptionView(terms, monthly_bill(terms, admins, collaborators, today), indices, revision, problem)


def _audit(uow: FirmUnitOfWork, principal: Principal, clock: Clock, details: dict) -> None:
    uow.audit.record(Action.SETTINGS_CHANGE, principal.user.id, "syntec_index", "", details, at=clock.now())


def set_index(uow: FirmUnitOfWork, principal: Principal, clock: Clock, month: date, value_text: str) -> None:
    require_admin(uow, principal)
    value = parse_index_value(value_text)
    with uow:
        uow.syntec.upsert(month.replace(day=1), value)
        _audit(uow, principal, clock, {"indice SYNTEC": f"{month:%m/%Y} = {value}"})
        uow.commit()


def delete_index(uow: FirmUnitOfWork, principal: Principal, clock: Clock, month: date) -> None:
    require_admin(uow, principal)
    with uow:
        if uow.subscription.get().reference_month == month.replace(day=1):
            raise InvalidInput("Cette valeur est l'indice de référence (S0) de l'abonnement : elle ne peut pas "
                               "être supprimée.")
        uow.syntec.delete(month.replace(day=1))
        _audit(uow, principal, clock, {"indice SYNTEC supprimé": f"{month:%m/%Y}"})
        uow.commit()


def set_reference_month(uow: FirmUnitOfWork, principal: Principal, clock: Clock, month: date) -> None:
    require_admin(uow, principal)
    with uow:
        if month.replace(day=1) not in {i.month for i in uow.syntec.list()}:
            raise InvalidInput(f"Aucune valeur de l'indice pour {month:%m/%Y} : saisissez-la d'abord.")
        uow.subscription.set_reference_month(month.replace(day=1))
        _audit(uow, principal, clock, {"mois de référence S0": f"{month:%m/%Y}"})
        uow.commit()
