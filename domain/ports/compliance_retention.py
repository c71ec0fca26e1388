"""Port of the LCB-FT retention: relationship ends and the removal of expired records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from domain.compliance.model import Assessment
from domain.compliance.retention import RelationshipEnd


class RetentionRepo(Protocol):
    def end_of(self, client_id: int) -> RelationshipEnd | None: ...
    def ends(self) -> list[tuple[RelationshipEnd, str, str]]: ...  # (end, client name, SIREN), oldest first
    def record_end(self, client_id: int, ended_on: date, reason: str, at: datetime, by: int | None) -> None: ...
    def clear_end(self, client_id: int) -> bool: ...
    def count_records(self, client_id: int) -> dict[str, int]: ...  # table → rows, zeros left out
    def delete_records(self, client_id: int, at: datetime) -> dict[str, int]: ...


class ComplianceRecordsRepo(Protocol):
    def assessments(self) -> list[Assessment]: ...  # the whole firm, by client name, newest first
