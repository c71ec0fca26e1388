"""Downloads in the formats French spreadsheets open directly."""

import csv
import io


def csv_bytes(rows: list[dict]) -> bytes:
    """CSV for Excel in French: `;` separator, UTF-8 with BOM (accents survive a double-click)."""
    if not rows:
        return b""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[dict], sheet: str, number_format: str = "#,##0.00") -> bytes:
    """An Excel workbook of one sheet: bold frozen header, numbers and dates kept as such (French display is
    Excel's), columns as wide as their content."""
    from datetime import date
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    table = book.active
    table.title = sheet[:31]
    if rows:
        table.append(list(rows[0]))
        for cell in table[1]:
            cell.font = Font(bold=True)
        for row in rows:
            table.append(list(row.values()))
        for line in table.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, Decimal | float):
                    cell.number_format = number_format
                elif isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
        table.freeze_panes = "A2"
        for column in table.columns:
            width = max(len(str(c.value if c.value is not None else "")) for c in column)
            table.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
