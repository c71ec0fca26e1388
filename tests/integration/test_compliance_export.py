"""The inspection export of LCB-FT assessments on SQLite and PostgreSQL (service and `manage.py
export-compliance`): one row per assessment with the columns the Ordre asks for, expected values written by hand."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from domain.access.model import Role
from domain.audit import Action
from domain.clients.services import create_client
from domain.compliance import services
from domain.compliance.export import HEADERS, export_assessments
from domain.compliance.model import AssessmentForm, Criterion, Score
from domain.compliance.parties import Party, Pep, PepRelation
from domain.errors import PermissionDenied
from tests.conftest import NOW, random_siren
from tests.integration.support import audit_of, invite


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def read(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the accents right
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def assessed(firm):
    """Boulangerie du Parc: validated (standard, 1+2+2+1 = 6), one beneficial owner who is a PEP; Garage Central:
    a draft (all low: simplifiée), nobody recorded; Atelier Sans Évaluation: nothing."""
    c = firm.container
    bakery = create_client(uow(firm), None, c.clock, {"name": "Boulangerie du Parc", "siren": random_siren()})
    garage = create_client(uow(firm), None, c.clock, {"name": "Garage Central", "siren": random_siren()})
    create_client(uow(firm), None, c.clock, {"name": "Atelier Sans Évaluation", "siren": random_siren()})
    scores = {Criterion.CLIENT: Score.LOW, Criterion.ACTIVITY: Score.MEDIUM, Criterion.LOCATION: Score.MEDIUM,
              Criterion.MISSIONS: Score.LOW}
    draft = services.save_draft(uow(firm), firm.principal(), c.clock, AssessmentForm(
        client_id=bakery.id, scores=scores, justification="Commerce de proximité."))
    services.submit(uow(firm), firm.principal(), c.clock, draft.id)
    partner = firm.principal(invite(firm, Role.ADMIN, full_name="Paul Associé").email)
    services.validate(uow(firm), partner, c.clock, draft.id)
    services.save_draft(uow(firm), firm.principal(), c.clock, AssessmentForm(
        client_id=garage.id, scores={k: Score.LOW for k in Criterion}, justification="Client connu."))
    with uow(firm) as u:
        u.parties.add(bakery.id, Party(id=0, client_id=bakery.id, full_name="Sophie Martin", capital=Decimal(60),
                                       votes=Decimal(60), pep=Pep(PepRelation.SELF, "Maire",
                                                                  office_ended_on=date(2026, 6, 1))), at=NOW)
        u.parties.add(bakery.id, Party(id=0, client_id=bakery.id, full_name="Paul Minoritaire",
                                       capital=Decimal(10), votes=Decimal(10)), at=NOW)
        u.commit()
    return bakery, garage


def test_one_row_per_assessment_with_the_inspection_columns(firm, assessed):
    bakery, garage = assessed
    export = export_assessments(uow(firm), firm.principal(), firm.container.clock)

    assert (export.assessments, export.clients) == (2, 2)
    rows = read(export.content)
    assert tuple(rows[0]) == HEADERS
    assert rows[0] == {
        "SIREN client": bakery.siren, "Client": "Boulangerie du Parc", "Date de l'évaluation": "20/11/2026",
        "Score caractéristiques du client": "1", "Score activité": "2", "Score localisation": "2",
        "Score missions": "1", "Niveau de vigilance": "Standard", "Niveau calculé": "Standard",
        "Motif du niveau retenu": "", "Préparée par": "Alice Admin", "Validée par": "Paul Associé",
        "Date de validation": "20/11/2026", "Prochaine revue": "20/11/2028",  # standard: every 2 years
        "Statut": "Validée", "Bénéficiaires effectifs": "1",  # Sophie Martin (60 %), not the 10 % holder
        "PPE": "oui"}  # left office on 01/06/2026: a PEP until 01/06/2027
    assert rows[1] == {
        "SIREN client": garage.siren, "Client": "Garage Central", "Date de l'évaluation": "20/11/2026",
        "Score caractéristiques du client": "1", "Score activité": "1", "Score localisation": "1",
        "Score missions": "1", "Niveau de vigilance": "Simplifiée", "Niveau calculé": "Simplifiée",
        "Motif du niveau retenu": "", "Préparée par": "Alice Admin", "Validée par": "", "Date de validation": "",
        "Prochaine revue": "", "Statut": "Brouillon", "Bénéficiaires effectifs": "0", "PPE": "non"}
    [event] = audit_of(firm.container, firm.firm_id, Action.COMPLIANCE_EXPORT)
    assert event.details == {"évaluations": 2, "clients": 2}


def test_the_export_needs_the_compliance_permission(firm, assessed):
    customer = firm.principal(invite(firm, Role.CLIENT, full_name="Portail Client").email)
    with pytest.raises(PermissionDenied):
        export_assessments(uow(firm), customer, firm.container.clock)


def test_manage_py_export_compliance_writes_the_csv(run_manage, firm, assessed, tmp_path):
    out = tmp_path / "lcbft.csv"
    done = run_manage("export-compliance", "--firm", firm.siren, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "2 évaluation(s) de 2 client(s) exportée(s)" in done.stdout
    assert [r["Client"] for r in read(out.read_bytes())] == ["Boulangerie du Parc", "Garage Central"]


def test_manage_py_export_compliance_refuses_a_missing_folder_and_writes_nothing(run_manage, firm, tmp_path):
    done = run_manage("export-compliance", "--firm", firm.siren, "--out", str(tmp_path / "absent" / "x.csv"))
    assert done.returncode == 2
    assert "le dossier" in done.stderr and "n'existe pas" in done.stderr
