"""What a signed letter makes real.

Activation (a signed letter): one engagement for the letter's fiscal year; one mission per priced line of
the letter's quote (label, mission type, the client's manager, billing mode, fee after the quote's discount,
budget hours per grade of the line), the tasks of the mission type's work programme due on their rule's
date, and the fee schedule of domain.engagements.schedule. Recording a signature twice changes nothing.

Amendment (signed): it changes the engagement of the letter it amends, for the same fiscal year. Each
priced line of the amendment's quote either replaces the terms of the engagement's mission of the same
mission type (fee, billing mode, budget; the instalments not yet invoiced from the month of signature on
are planned again for what remains to bill), or adds a new mission (its fee spread over the remaining
months when mensualisé). An amendment without a quote changes only the text.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from domain.audit import Action
from domain.catalogue.model import BillingMode
from domain.clock import Clock
from domain.engagements.model import Engagement, FeeInstalment, Mission
from domain.engagements.schedule import instalments_for, tasks_for
from domain.errors import InvalidInput, NotFound
from domain.letters.model import EngagementLetter, LetterKind
from domain.letters.variables import mission_fees
from domain.ports import FirmUnitOfWork


def _letter(uow: FirmUnitOfWork, letter_id: int) -> EngagementLetter:
    letter = uow.letters.get(letter_id)
    if letter is None:
        raise NotFound("Lettre de mission introuvable dans ce cabinet.")
    return letter


def engagement_of_signed(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock,
                         letter: EngagementLetter) -> Engagement:
    """What the signature just recorded makes real."""
    if letter.kind is LetterKind.AMENDMENT:
        return _apply_amendment(uow, actor_id, clock, letter)
    return existing_engagement(uow, actor_id, clock, letter)


def existing_engagement(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock,
                        letter: EngagementLetter) -> Engagement:
    """The engagement of a letter already signed (that of the amended letter for an amendment); one missing
    (a letter signed before activation existed) is activated now."""
    if letter.kind is LetterKind.AMENDMENT:
        letter = _letter(uow, letter.amends_id) if letter.amends_id else letter
    existing = uow.engagements.for_letter(letter.id)
    return existing if existing is not None else _activate(uow, actor_id, clock, letter)


def _new_mission(uow: FirmUnitOfWork, engagement: Engagement, letter: EngagementLetter, line, fee: int,
                 manager_id: int | None, today: date) -> tuple[Mission, object]:
    mission_type = uow.mission_types.get(line.mission_type_id) if line.mission_type_id else None
    mission = uow.missions.add(Mission(
        id=0, client_id=letter.client_id, label=line.label, fiscal_year_start=engagement.fiscal_year_start,
        fiscal_year_end=engagement.fiscal_year_end, billing_mode=line.billing_mode, created_on=today,
        engagement_id=engagement.id, mission_type_id=mission_type.id if mission_type else None,
        manager_id=manager_id, fee_cents=fee, quantity=line.quantity, unit_price_cents=line.unit_price_cents,
        budget_minutes=tuple((h.grade_id, h.minutes) for h in line.hours if h.minutes)))
    uow.missions.add_tasks(tasks_for(mission_type, mission))
    return mission, mission_type


def _activate(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock, letter: EngagementLetter) -> Engagement:
    today = clock.today()
    quote = uow.quotes.get(letter.quote_id) if letter.quote_id else None
    client = uow.clients.get(letter.client_id)
    monthly = bool(quote and (quote.monthly or any(line.billing_mode is BillingMode.MONTHLY
                                                   for line in quote.priced_lines)))
    engagement = uow.engagements.add(Engagement(
        id=0, client_id=letter.client_id, letter_id=letter.id, fiscal_year_start=letter.fiscal_year_start,
        fiscal_year_end=letter.fiscal_year_end, activated_on=today,
        annual_fee_cents=quote.total_ht_cents if quote else 0, monthly=monthly))
    instalments: list[FeeInstalment] = []
    missions = []
    if quote is not None:
        for line, fee in zip(quote.priced_lines, mission_fees(quote), strict=True):
            mission, _ = _new_mission(uow, engagement, letter, line, fee, client.manager_id if client else None, today)
            missions.append(mission.label)
            instalments.extend(instalments_for(mission, engagement.id, monthly=quote.monthly))
    uow.engagements.add_instalments(instalments)
    uow.audit.record(Action.ENGAGEMENT_ACTIVATE, actor_id, "engagement", str(engagement.id),
                     {"lettre": letter.reference, "client_id": str(letter.client_id),
                      "exercice": f"{letter.fiscal_year_start:%d/%m/%Y} – {letter.fiscal_year_end:%d/%m/%Y}",
                      "missions": ", ".join(missions), "échéances": str(len(instalments))}, at=clock.now())
    return engagement


def _apply_amendment(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock,
                     amendment: EngagementLetter) -> Engagement:
    original = _letter(uow, amendment.amends_id) if amendment.amends_id else None
    if original is None:
        raise InvalidInput("Cet avenant ne se rattache à aucune lettre de mission.")
    engagement = uow.engagements.for_letter(original.id) or _activate(uow, actor_id, clock, original)
    quote = uow.quotes.get(amendment.quote_id) if amendment.quote_id else None
    if quote is None:
        return engagement
    today = clock.today()
    # Re-plan from the month of signature, within the fiscal year.
    from_day = min(max(today, engagement.fiscal_year_start), engagement.fiscal_year_end)
    first_of_month = from_day.replace(day=1)
    current = {m.mission_type_id: m for m in uow.missions.for_engagement(engagement.id) if m.mission_type_id}
    client = uow.clients.get(amendment.client_id)
    instalments: list[FeeInstalment] = []
    changes = []
    for line, fee in zip(quote.priced_lines, mission_fees(quote), strict=True):
        mission = current.get(line.mission_type_id) if line.mission_type_id else None
        if mission is not None:
            updated = replace(mission, label=line.label, billing_mode=line.billing_mode, fee_cents=fee,
                              quantity=line.quantity,
                              unit_price_cents=line.unit_price_cents,
                              budget_minutes=tuple((h.grade_id, h.minutes) for h in line.hours if h.minutes))
            uow.missions.update_terms(updated)
            uow.engagements.delete_open_instalments(mission.id, first_of_month)
            kept = sum(i.amount_cents for i in uow.engagements.instalments(engagement.id) if i.mission_id == mission.id)
            instalments.extend(instalments_for(updated, engagement.id, monthly=quote.monthly, from_day=from_day,
                                               already_planned_cents=kept))
            changes.append(f"{mission.label} modifiée")
        else:
            mission, _ = _new_mission(uow, engagement, amendment, line, fee, client.manager_id if client else None,
                                      today)
            instalments.extend(instalments_for(mission, engagement.id, monthly=quote.monthly, from_day=from_day))
            changes.append(f"{mission.label} ajoutée")
    uow.engagements.add_instalments(instalments)
    total = sum(m.fee_cents for m in uow.missions.for_engagement(engagement.id))
    uow.engagements.set_fees(engagement.id, total, engagement.monthly or quote.monthly)
    uow.audit.record(Action.ENGAGEMENT_ACTIVATE, actor_id, "engagement", str(engagement.id),
                     {"avenant": amendment.reference, "lettre": original.reference, "changements": ", ".join(changes)},
                     at=clock.now())
    return uow.engagements.get(engagement.id)
