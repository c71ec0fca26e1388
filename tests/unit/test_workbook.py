"""The report writer (data/workbook.py): the workbook read back by openpyxl keeps numbers as numbers with French
euro, percent, hours and date formats, a bold frozen header, widths, a filters sheet; awkward text survives; the
CSV uses semicolons and decimal commas."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from domain.analytics.reports import Column, Table
from domain.analytics.workbook import csv_bytes, xlsx_bytes

TABLE = Table("Boni-mali par client", (Column("Client", "text"), Column("Clos le", "date"),
                                       Column("Boni / mali (€)", "euros"), Column("Taux de réalisation (%)", "percent"),
                                       Column("Missions", "integer"), Column("Heures", "hours")),
              [("Dupain & Fils <SARL>\x01", date(2026, 6, 30), Decimal("1380.00"), Decimal("129.9"), 3,
                Decimal("54.00")),
               ("Sans facture", None, Decimal("-12.50"), None, 0, Decimal("0.25"))], [1, 2])


def test_the_workbook_keeps_numbers_formats_and_states_its_filters():
    book = load_workbook(io.BytesIO(xlsx_bytes([TABLE], [("Exercice", "clos en 2026")],
                                               datetime(2026, 11, 20, 9, 30, tzinfo=UTC))))
    assert book.sheetnames == ["Boni-mali par client", "Filtres"]
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2" and all(c.font.b for c in sheet[1])
    assert [c.value for c in sheet[1]] == [c.header for c in TABLE.columns]
    first = sheet[2]
    assert first[0].value == "Dupain & Fils <SARL>"  # the control character is dropped, the rest escaped
    assert (first[1].value.date(), first[1].number_format) == (date(2026, 6, 30), "DD/MM/YYYY")
    assert (first[2].value, first[2].number_format) == (1380, '#,##0.00 "€"')
    assert (first[3].value, first[3].number_format) == (1.299, "0.0 %")  # shown 129,9 %
    assert (first[4].value, first[5].value, first[5].number_format) == (3, 54, "#,##0.00")
    assert sheet[3][1].value is None and sheet[3][2].value == -12.5
    assert sheet.column_dimensions["A"].width == len("Dupain & Fils <SARL>\x01") + 2
    about = {r[0].value: r[1].value for r in book["Filtres"].iter_rows(min_row=2)}
    assert about == {"Exercice": "clos en 2026", "Extrait le": "20/11/2026 à 10:30"}  # Paris time


def test_sheet_names_follow_excels_rules():
    long = Table("Boni/mali : [tous] les clients du cabinet", TABLE.columns, [], [])
    book = load_workbook(io.BytesIO(xlsx_bytes([long, long], [], datetime(2026, 11, 20))))
    assert book.sheetnames == ["Boni-mali - -tous- les clients", "Boni-mali - -tous- les clie (2)", "Filtres"]


def test_the_csv_is_french():
    lines = csv_bytes(TABLE).decode("utf-8-sig").splitlines()
    assert lines[0] == "Client;Clos le;Boni / mali (€);Taux de réalisation (%);Missions;Heures"
    assert lines[1] == "Dupain & Fils <SARL>\x01;30/06/2026;1380,00;129,9;3;54,00"
    assert lines[2] == "Sans facture;;-12,50;;0;0,25"
