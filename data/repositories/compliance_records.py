"""Reads across a firm's LCB-FT records for the inspection export, in one query each (the export of a firm with
thousands of clients must not ask for each client's assessments one by one)."""

from sqlalchemy import func

from data.models.clients import ClientRow
from data.models.compliance import ComplianceAssessmentRow
from data.repositories.base import FirmScoped
from data.repositories.compliance import assessment_from_row
from domain.compliance.model import Assessment


class ComplianceRecordsRepository(FirmScoped):
    def assessments(self) -> list[Assessment]:
        """Every assessment of the firm (archived clients included), by client name, the newest first."""
        statement = (self._select(ComplianceAssessmentRow, ComplianceAssessmentRow, ClientRow.name)
                     .join(ClientRow, (ClientRow.firm_id == ComplianceAssessmentRow.firm_id)
                           & (ClientRow.id == ComplianceAssessmentRow.client_id))
                     .order_by(func.lower(ClientRow.name), ClientRow.id, ComplianceAssessmentRow.created_at.desc(),
                               ComplianceAssessmentRow.id.desc()))
        return [assessment_from_row(row, name) for row, name in self.session.execute(statement)]
