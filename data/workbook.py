"""Report exports: an Excel workbook (one sheet per table, then a sheet stating the filters and the date of
extraction) and CSV for French spreadsheets. Shared by the analytics pages and `manage.py export-report`.

Excel keeps numbers as numbers and shows them with the reader's French separators: euros as `# ##0,00 €`,
percentages as `0,0 %`, hours with two decimals, dates as DD/MM/YYYY; the header is bold and frozen, each column
as wide as its content (measured on the first rows: a 100,000-row sheet is not scanned twice). Sheets are
written in openpyxl's write-only mode, row by row, so a large report does not hold a cell object per value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

FORMATS = {"euros": '#,##0.00 "€"', "percent": "0.0 %", "hours": "#,##0.00", "integer": "0",
           "date": "DD/MM/YYYY"}
WIDTH_SAMPLE = 500  # rows measured for the column widths
MAX_WIDTH = 60


class ColumnLike(Protocol):
    header: str
    kind: str  # text | integer | euros | percent | hours | date


class TableLike(Protocol):
    name: str
    columns: tuple[ColumnLike, ...]
    rows: list[tuple]


def _sheet_title(name: str, taken: set[str]) -> str:
    """Excel's rules: 31 characters at most, none of []:*?/\\, unique in the workbook."""
    title = "".join("-" if c in "[]:*?/\\" else c for c in name)[:31] or "Feuille"
    base, n = title, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _shown(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind == "euros":
        return f"{value:,.2f} €"
    if kind == "percent":
        return f"{value:.1f} %"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _widths(table: TableLike) -> list[float]:
    found = [len(column.header) for column in table.columns]
    for row in table.rows[:WIDTH_SAMPLE]:
        for i, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            found[i] = max(found[i], len(_shown(value, column.kind)))
    return [min(max(w + 2, 8), MAX_WIDTH) for w in found]


def _cell_value(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "percent":  # 129.9 (%) is stored as 1.299 and shown "129,9 %"
        return float(Decimal(value) / 100)
    if isinstance(value, Decimal):
        return float(value)
    return value


def xlsx_bytes(tables: Iterable[TableLike], filters: list[tuple[str, str]], extracted_at: datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.name, taken))
        for i, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        styled = [FORMATS.get(column.kind) for column in table.columns]
        for row in table.rows:
            line = []
            for value, column, number_format in zip(row, table.columns, styled, strict=True):
                value = _cell_value(value, column.kind)
                if number_format is None or value is None:
                    line.append(value)
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = number_format
                    line.append(cell)
            sheet.append(line)
    about = book.create_sheet(_sheet_title("Filtres", taken))
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 70
    if extracted_at.tzinfo is not None:  # shown in Paris time
        extracted_at = extracted_at.astimezone(ZoneInfo("Europe/Paris"))
    for label, text in filters + [("Extrait le", extracted_at.strftime("%d/%m/%Y à %H:%M"))]:
        title = WriteOnlyCell(about, value=label)
        title.font = bold
        about.append([title, text])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(table: TableLike) -> bytes:
    """`;` separated, UTF-8 with BOM, decimal comma, dates DD/MM/YYYY: what French Excel opens on a double-click.
    Euros carry two decimals, percentages one (the unit is in the heading)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([column.header for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv(value, column.kind) for value, column in zip(row, table.columns, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


def _csv(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind == "euros":
        return f"{Decimal(value):.2f}".replace(".", ",")
    if kind == "percent":
        return f"{Decimal(value):.1f}".replace(".", ",")
    if kind == "hours":
        return f"{Decimal(value):.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)
