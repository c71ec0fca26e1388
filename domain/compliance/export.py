"""The inspection export of LCB-FT assessments (for a control by the Ordre): one CSV row per assessment, every
client of the firm, archived ones included, the newest assessment of each client first.

The beneficial owners (the > 25 % rule, or the legal representatives by default) and the PEP flag are those of
the client's file on the day of the export: EEXPI keeps the people of a file, not their state at each
assessment. CSV as French spreadsheets open it: `;`, UTF-8 with BOM, dates JJ/MM/AAAA.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clients.model import ClientFilter
from domain.clock import Clock
from domain.compliance.model import Assessment, Criterion
from domain.compliance.parties import Party, beneficial_owners, is_pep
from domain.firm.guards import actor_id, require_staff
from domain.formatting import PARIS
from domain.ports import FirmUnitOfWork

HEADERS = ("SIREN client", "Client", "Date de l'évaluation", "Score caractéristiques du client", "Score activité",
           "Score localisation", "Score missions", "Niveau de vigilance", "Niveau calculé", "Motif du niveau retenu",
           "Préparée par", "Validée par", "Date de validation", "Prochaine revue", "Statut",
           "Bénéficiaires effectifs", "PPE")


@dataclass(frozen=True, slots=True)
class ComplianceExport:
    content: bytes
    assessments: int
    clients: int


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def export_row(assessment: Assessment, siren: str, users: dict[int, str], parties: Sequence[Party],
               today: date) -> list[str]:
    ownership = beneficial_owners(parties)
    scores = [str(int(assessment.scores[c])) if c in assessment.scores else "" for c in
              (Criterion.CLIENT, Criterion.ACTIVITY, Criterion.LOCATION, Criterion.MISSIONS)]
    return [siren, assessment.client_name, _day(assessment.created_at.astimezone(PARIS).date()), *scores,
            assessment.level.label, assessment.computed_level.label, assessment.override_reason,
            users.get(assessment.prepared_by, ""),
            users.get(assessment.validated_by, "") if assessment.validated_by else "",
            _day(assessment.validated_on), _day(assessment.next_review_on), assessment.status.label,
            str(len(ownership.owners)), "oui" if any(is_pep(p.pep, today) for p in parties) else "non"]


def write_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def export_assessments(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock) -> ComplianceExport:
    """Every assessment of the firm as CSV; audited (an inspection export leaves the firm)."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    today = clock.today()
    with uow:
        sirens = {c.id: c.siren or "" for c in uow.clients.search(ClientFilter(include_archived=True))}
        users = {u.id: u.full_name for u in uow.users.list()}
        parties = uow.parties.for_clients(None)
        found = uow.compliance_records.assessments()
        rows = [export_row(a, sirens.get(a.client_id, ""), users, parties.get(a.client_id, []), today)
                for a in found]
        assessed = len({a.client_id for a in found})
        uow.audit.record(Action.COMPLIANCE_EXPORT, actor_id(principal), "compliance", "export",
                         {"évaluations": len(rows), "clients": assessed}, at=clock.now())
        uow.commit()
    return ComplianceExport(content=write_csv(rows), assessments=len(rows), clients=assessed)
