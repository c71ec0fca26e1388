"""The end of each client's business relationship, and the removal of its LCB-FT records once the 5-year
retention is over (the rule lives in domain.compliance.retention; this only reads, counts and deletes)."""

from datetime import date, datetime

from sqlalchemy import delete, func, select

from data.models.clients import ClientRow
from data.models.compliance import ComplianceAssessmentRow, ComplianceNoteRow, ComplianceReviewFlagRow
from data.models.compliance_parties import ClientCountryRow, EvidenceRow, HoldingRow, PartyRow
from data.models.compliance_retention import RelationshipEndRow
from data.repositories.base import FirmScoped, upsert
from domain.compliance.retention import RelationshipEnd

# The client's LCB-FT records, children first (holdings hang on parties, evidence may name a party).
RECORD_TABLES = (ComplianceAssessmentRow, ComplianceReviewFlagRow, ComplianceNoteRow, EvidenceRow, ClientCountryRow,
                 PartyRow)
RECORD_LABELS = {"compliance_assessments": "évaluations", "compliance_review_flags": "alertes de revue",
                 "compliance_notes": "notes confidentielles", "compliance_evidence": "justificatifs d'identité",
                 "compliance_client_countries": "pays", "compliance_parties": "personnes (BE, PPE)",
                 "compliance_holdings": "détentions indirectes"}


def _end(row: RelationshipEndRow) -> RelationshipEnd:
    return RelationshipEnd(client_id=row.client_id, ended_on=row.ended_on, reason=row.reason,
                           recorded_at=row.recorded_at, recorded_by=row.recorded_by, purged_at=row.purged_at)


class RetentionRepository(FirmScoped):
    def end_of(self, client_id: int) -> RelationshipEnd | None:
        row = self.session.scalar(self._select(RelationshipEndRow).where(RelationshipEndRow.client_id == client_id))
        return _end(row) if row is not None else None

    def ends(self) -> list[tuple[RelationshipEnd, str, str]]:
        """Every recorded end with the client's name and SIREN, oldest end first."""
        rows = self.session.execute(
            self._select(RelationshipEndRow, RelationshipEndRow, ClientRow.name, ClientRow.siren)
            .join(ClientRow, (ClientRow.firm_id == RelationshipEndRow.firm_id)
                  & (ClientRow.id == RelationshipEndRow.client_id))
            .order_by(RelationshipEndRow.ended_on, ClientRow.name)).all()
        return [(_end(row), name, siren or "") for row, name, siren in rows]

    def record_end(self, client_id: int, ended_on: date, reason: str, at: datetime, by: int | None) -> None:
        upsert(self.session, RelationshipEndRow, {"firm_id": self.firm_id, "client_id": client_id},
               {"ended_on": ended_on, "reason": reason, "recorded_at": at, "recorded_by": by, "purged_at": None})

    def clear_end(self, client_id: int) -> bool:
        """The relationship resumed; refused by the caller once purged."""
        return self._delete(RelationshipEndRow, RelationshipEndRow.client_id == client_id) > 0

    def _party_ids(self, client_id: int):
        return select(PartyRow.id).where(PartyRow.firm_id == self.firm_id, PartyRow.client_id == client_id)

    def count_records(self, client_id: int) -> dict[str, int]:
        """Rows of each LCB-FT table held for the client (zeros left out)."""
        counts = {}
        for model in RECORD_TABLES:
            counts[model.__tablename__] = self.session.scalar(
                self._select(model, func.count()).where(model.client_id == client_id)) or 0
        counts["compliance_holdings"] = self.session.scalar(
            self._select(HoldingRow, func.count()).where(HoldingRow.party_id.in_(self._party_ids(client_id)))) or 0
        return {table: n for table, n in counts.items() if n}

    def delete_records(self, client_id: int, at: datetime) -> dict[str, int]:
        """Remove the client's LCB-FT records and mark its relationship end as purged; rows deleted by table."""
        deleted = {"compliance_holdings": self.session.execute(delete(HoldingRow).where(
            HoldingRow.firm_id == self.firm_id, HoldingRow.party_id.in_(self._party_ids(client_id)))).rowcount}
        for model in RECORD_TABLES:
            deleted[model.__tablename__] = self._delete(model, model.client_id == client_id)
        self._update(RelationshipEndRow, RelationshipEndRow.client_id == client_id, purged_at=at)
        return {table: n for table, n in deleted.items() if n}
