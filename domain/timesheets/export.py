"""The time export for analysts: CSV (semicolon, UTF-8 with BOM, French decimals) or Excel (.xlsx)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from domain.timesheets.queries import ExportRow

HEADERS = ("Date", "Collaborateur", "Grade", "SIREN client", "Mission", "Tâche", "Minutes", "Facturable",
           "Activité", "Statut", "Valeur au taux de vente (€)")


def _euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def write_csv(rows: list[ExportRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(HEADERS)
    for r in rows:
        writer.writerow([r.day.strftime("%d/%m/%Y"), r.collaborator, r.grade, r.client_siren, r.mission, r.task,
                         r.minutes, "oui" if r.billable else "non", r.activity, r.status,
                         str(_euros(r.value_cents)).replace(".", ",")])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: list[ExportRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Temps"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in rows:
        sheet.append([r.day, r.collaborator, r.grade, r.client_siren, r.mission, r.task, r.minutes,
                      "oui" if r.billable else "non", r.activity, r.status, float(_euros(r.value_cents))])
    for line in sheet.iter_rows(min_row=2):
        line[0].number_format = "DD/MM/YYYY"
        line[6].number_format = "0"
        line[10].number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(c.value if c.value is not None else "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
