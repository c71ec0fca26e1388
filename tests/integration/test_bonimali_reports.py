"""The boni/mali service on both databases (figures worked out in tests/integration/bonimali_support.py), its
permission, and `manage.py export-report boni-mali` in a subprocess: CSV with French decimals, Excel with its
formats and filters sheet, French refusals with a non-zero exit."""

import io

import pytest
from openpyxl import load_workbook

from domain.analytics import reports
from domain.errors import PermissionDenied
from tests.integration.bonimali_support import COST, FEES, VALUE, billed_mission, uow
from tests.integration.support import invite


def test_the_missions_figures_and_the_en_cours(firm):
    mission, other = billed_mission(firm)
    rows = {r["mission_id"]: r for r in reports.mission_rows(uow(firm), firm.principal(), 2026)}
    mine = rows[mission.id]
    assert (mine["fees_cents"], mine["time_value_cents"], mine["time_cost_cents"]) == (FEES, VALUE, COST)
    assert (mine["boni_mali_cents"], mine["margin_cents"], mine["minutes"]) == (44_500, 74_250, 210)
    assert (rows[other.id]["billed"], rows[other.id]["boni_mali_cents"], rows[other.id]["wip_cents"]) == \
        (False, None, 18_000)
    table = reports.report(uow(firm), firm.principal(), "client", 2026)
    headers = [c.header for c in table.columns]
    alpha = table.rows[table.keys.index(mission.client_id)]
    assert alpha[headers.index("Boni / mali (€)")] == reports.euros(44_500)
    assert str(alpha[headers.index("Taux de réalisation (%)")]) == "170.6"  # 1 075 / 630
    assert reports.mission_rows(uow(firm), firm.principal(), 2025) == []  # the fiscal year ends in 2026


def test_a_collaborator_without_the_money_permission_is_refused(firm):
    billed_mission(firm)
    junior = firm.principal(invite(firm).email)
    with pytest.raises(PermissionDenied):
        reports.group_rows(uow(firm), junior, "client")


def test_export_report_writes_csv_and_excel(firm, run_manage, tmp_path):
    billed_mission(firm)
    out = tmp_path / "boni.csv"
    done = run_manage("export-report", "boni-mali", "--firm", firm.siren, "--by", "mission", "--year", "2026",
                      "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "2 ligne(s) exportée(s)" in done.stdout
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    billed = next(line.split(";") for line in lines[1:] if ";Boni;" in line)
    assert billed[header.index("Honoraires facturés HT (€)")] == "1075,00"
    assert billed[header.index("Temps valorisé au prix de vente (€)")] == "630,00"
    assert billed[header.index("Boni / mali (€)")] == "445,00"
    assert billed[header.index("Taux de réalisation (%)")] == "170,6"
    assert billed[header.index("Marge sur coût (€)")] == "742,50"
    assert billed[header.index("Heures")] == "3,50"
    wip = next(line.split(";") for line in lines[1:] if ";En-cours;" in line)
    assert wip[header.index("Boni / mali (€)")] == "" and wip[header.index("En-cours (€)")] == "180,00"

    book_path = tmp_path / "boni.xlsx"
    done = run_manage("export-report", "boni-mali", "--firm", firm.siren, "--by", "partner", "--out",
                      str(book_path))
    assert done.returncode == 0, done.stderr
    book = load_workbook(io.BytesIO(book_path.read_bytes()))
    assert book.sheetnames == ["Boni-mali par associé", "Filtres"]
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    heads = [c.value for c in sheet[1]]
    row = [c for c in sheet[2]]
    assert row[heads.index("Boni / mali (€)")].value == 445.0
    assert row[heads.index("Boni / mali (€)")].number_format == '#,##0.00 "€"'
    assert row[heads.index("Taux de réalisation (%)")].value == pytest.approx(1.706)
    assert row[heads.index("Taux de réalisation (%)")].number_format == "0.0 %"
    about = {r[0].value: r[1].value for r in book["Filtres"].iter_rows()}
    assert about["Exercice"] == "tous les exercices" and about["Rapport"] == "Boni / mali par associé"
    assert "Extrait le" in about


@pytest.mark.parametrize("args, message", [
    (["--by", "semaine", "--out", "x.csv"], "Regroupement « semaine » inconnu"),
    (["--by", "client", "--out", "x.pdf"], "doit se terminer par .csv ou .xlsx"),
    (["--by", "client", "--year", "25", "--out", "x.csv"], "n'est pas une année AAAA"),
])
def test_export_report_refuses_bad_input_in_french(firm, run_manage, tmp_path, args, message):
    args = [a if a not in ("x.csv", "x.pdf") else str(tmp_path / a) for a in args]
    done = run_manage("export-report", "boni-mali", "--firm", firm.siren, *args)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert not list(tmp_path.iterdir())
    unknown = run_manage("export-report", "boni-mali", "--firm", "732829320", "--by", "client", "--out",
                         str(tmp_path / "y.csv"))
    assert unknown.returncode == 2 and "Aucun cabinet" in unknown.stderr
