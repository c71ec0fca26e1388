"""Prospects and the history of their stages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_

from data.models.crm_pipeline import ProspectRow, ProspectStageChangeRow
from data.repositories.base import FirmScoped
from domain.clients.model import ClientKind
from domain.pipeline.model import Prospect, ProspectFilter, Stage, StageChange

DESCRIPTIVE = ("kind", "name", "siren", "legal_form", "contact_name", "email", "phone", "address_line", "postal_code",
               "city", "source", "owner_id", "expected_fees_cents", "next_action", "next_action_on", "notes")


def prospect_from_row(row: ProspectRow) -> Prospect:
    return Prospect(
        id=row.id, name=row.name, kind=ClientKind(row.kind), siren=row.siren, legal_form=row.legal_form,
        contact_name=row.contact_name, email=row.email, phone=row.phone, address_line=row.address_line,
        postal_code=row.postal_code, city=row.city, source=row.source, stage=Stage(row.stage),
        lost_reason=row.lost_reason, owner_id=row.owner_id, expected_fees_cents=row.expected_fees_cents,
        next_action=row.next_action, next_action_on=row.next_action_on, created_on=row.created_on,
        stage_changed_on=row.stage_changed_on, closed_on=row.closed_on, client_id=row.client_id, notes=row.notes)


def _descriptive(prospect: Prospect) -> dict:
    values = {field: getattr(prospect, field) for field in DESCRIPTIVE}
    values["kind"] = prospect.kind.value
    return values


def _change_from_row(row: ProspectStageChangeRow) -> StageChange:
    return StageChange(prospect_id=row.prospect_id, from_stage=Stage(row.from_stage) if row.from_stage else None,
                       to_stage=Stage(row.to_stage), changed_on=row.changed_on, at=row.at, user_id=row.user_id,
                       id=row.id)


class ProspectRepository(FirmScoped):
    """Prospects and the history of their stages."""

    def list(self, criteria: ProspectFilter) -> list[Prospect]:
        statement = self._select(ProspectRow).order_by(func.lower(ProspectRow.name), ProspectRow.id)
        if criteria.stages:
            statement = statement.where(ProspectRow.stage.in_([s.value for s in criteria.stages]))
        if criteria.owner_id is not None:
            statement = statement.where(ProspectRow.owner_id == criteria.owner_id)
        if text := " ".join(criteria.text.split()).lower():
            conditions = [func.lower(column).contains(text, autoescape=True)
                          for column in (ProspectRow.name, ProspectRow.contact_name, ProspectRow.city)]
            if (digits := text.replace(" ", "")).isdigit():
                conditions.append(ProspectRow.siren.contains(digits, autoescape=True))
            statement = statement.where(or_(*conditions))
        return [prospect_from_row(r) for r in self.session.scalars(statement)]

    def get(self, prospect_id: int) -> Prospect | None:
        row = self.session.scalar(self._select(ProspectRow).where(ProspectRow.id == prospect_id))
        return prospect_from_row(row) if row else None

    def for_client(self, client_id: int) -> list[Prospect]:
        statement = self._select(ProspectRow).where(ProspectRow.client_id == client_id).order_by(ProspectRow.id)
        return [prospect_from_row(r) for r in self.session.scalars(statement)]

    def add(self, prospect: Prospect) -> Prospect:
        row = self._add(ProspectRow, **_descriptive(prospect), stage=prospect.stage.value,
                        lost_reason=prospect.lost_reason, created_on=prospect.created_on,
                        stage_changed_on=prospect.stage_changed_on, closed_on=prospect.closed_on,
                        client_id=prospect.client_id)
        return prospect_from_row(row)

    def update(self, prospect: Prospect) -> None:
        """The descriptive fields and the owner; the stage and the links move through `set_stage`."""
        self._update(ProspectRow, ProspectRow.id == prospect.id, **_descriptive(prospect))

    def set_stage(self, prospect_id: int, stage: Stage, *, on: date, lost_reason: str = "",
                  closed_on: date | None = None, client_id: int | None = None) -> None:
        self._update(ProspectRow, ProspectRow.id == prospect_id, stage=stage.value, stage_changed_on=on,
                     lost_reason=lost_reason, closed_on=closed_on, client_id=client_id)

    def record_stage_change(self, change: StageChange) -> None:
        self._add(ProspectStageChangeRow, prospect_id=change.prospect_id,
                  from_stage=change.from_stage.value if change.from_stage else "", to_stage=change.to_stage.value,
                  changed_on=change.changed_on, at=change.at, user_id=change.user_id)

    def stage_changes(self, prospect_id: int | None = None) -> list[StageChange]:
        statement = self._select(ProspectStageChangeRow).order_by(ProspectStageChangeRow.changed_on,
                                                                  ProspectStageChangeRow.id)
        if prospect_id is not None:
            statement = statement.where(ProspectStageChangeRow.prospect_id == prospect_id)
        return [_change_from_row(r) for r in self.session.scalars(statement)]
