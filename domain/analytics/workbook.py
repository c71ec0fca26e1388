"""Report exports: an Excel workbook (one sheet per table, then a sheet stating the filters and the date of
extraction) and CSV for French spreadsheets. Shared by the analytics pages and `manage.py export-report`.

Excel keeps numbers as numbers and shows them with the reader's French separators: euros as `# ##0,00 €`,
percentages as `0,0 %`, hours with two decimals, dates as DD/MM/YYYY; the header is bold and frozen, each column
as wide as its content (measured on the first rows: a 100,000-row sheet is not scanned twice). The SpreadsheetML
is streamed into the zip row by row (see `xlsx_bytes` for why not openpyxl's writer).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr
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
    title = "".join("-" if c in "[]:*?/\\" else c for c in name)[:31].strip() or "Feuille"
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


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# Cell styles (cellXfs of _STYLES, in order): 0 plain, 1 bold, then one per column kind.
_STYLE_OF = {"euros": 2, "percent": 3, "hours": 4, "integer": 5, "date": 6}
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_MAIN}"><numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00 &quot;€&quot;"/>\
<numFmt numFmtId="165" formatCode="0.0 %"/><numFmt numFmtId="166" formatCode="DD/MM/YYYY"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font>\
</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>\
</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7">\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""
_EXCEL_EPOCH = date(1899, 12, 30)
# Characters XML 1.0 refuses (control characters but tab and line feeds) are dropped from the text.
_CLEAN = {c: None for c in range(32) if c not in (9, 10, 13)}


def get_column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_cell(ref: str, value: object, style: int = 0) -> str:
    text = xml_escape(str(value).translate(_CLEAN))
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}" t="inlineStr"{styled}><is><t xml:space="preserve">{text}</t></is></c>'


def _cell(ref: str, value: object, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f'<c r="{ref}" s="6"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, int | float | Decimal):
        if kind == "percent":  # 129.9 (%) is stored 1.299 and shown "129,9 %"
            value = Decimal(value) / 100
        number = format(value, "f") if isinstance(value, Decimal) else value
        style = _STYLE_OF.get(kind, 0)
        return f'<c r="{ref}" s="{style}"><v>{number}</v></c>' if style else f'<c r="{ref}"><v>{number}</v></c>'
    return _text_cell(ref, value)


def _sheet_xml(headers: list[str], kinds: list[str], rows: Iterable[tuple], widths: list[float],
               header_style: int = 1) -> Iterable[str]:
    letters = [get_column_letter(i) for i in range(1, len(headers) + 1)]
    yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" '
           f'xmlns:r="{_RELS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
           'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
           '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>')
    yield "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
    yield '</cols><sheetData><row r="1">'
    yield "".join(_text_cell(f"{letter}1", h, header_style) for letter, h in zip(letters, headers, strict=True))
    yield "</row>"
    for n, row in enumerate(rows, start=2):
        cells = "".join(_cell(f"{letter}{n}", value, kind)
                        for letter, value, kind in zip(letters, row, kinds, strict=True))
        yield f'<row r="{n}">{cells}</row>'
    yield "</sheetData></worksheet>"


def xlsx_bytes(tables: Iterable[TableLike], filters: list[tuple[str, str]], extracted_at: datetime) -> bytes:
    """The workbook: one sheet per table, then "Filtres". SpreadsheetML streamed by hand into the zip: openpyxl's
    writer handles about 50,000 cells a second on this machine, so a 100,000-mission export (1.6 million cells)
    took over half a minute; this takes a few seconds. openpyxl reads the result back in the tests."""
    if extracted_at.tzinfo is not None:  # shown in Paris time
        extracted_at = extracted_at.astimezone(ZoneInfo("Europe/Paris"))
    taken: set[str] = set()
    sheets = []
    for table in tables:
        sheets.append((_sheet_title(table.name, taken), _sheet_xml(
            [c.header for c in table.columns], [c.kind for c in table.columns], table.rows, _widths(table))))
    about = filters + [("Extrait le", extracted_at.strftime("%d/%m/%Y à %H:%M"))]
    sheets.append((_sheet_title("Filtres", taken),
                   _sheet_xml(["Filtre", "Valeur"], ["text", "text"], about, [22, 70])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
                            for i in range(1, len(sheets) + 1))
        book.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>'))
        book.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        names = "".join(f'<sheet name={quoteattr(title)} sheetId="{i}" r:id="rId{i}"/>'
                        for i, (title, _) in enumerate(sheets, start=1))
        book.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
            f"<sheets>{names}</sheets></workbook>"))
        links = "".join(f'<Relationship Id="rId{i}" Type="{_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                        for i in range(1, len(sheets) + 1))
        book.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PACKAGE_RELS}">'
            f'{links}<Relationship Id="rId{len(sheets) + 1}" Type="{_RELS}/styles" Target="styles.xml"/>'
            "</Relationships>"))
        book.writestr("xl/styles.xml", _STYLES)
        for i, (_, parts) in enumerate(sheets, start=1):
            with book.open(f"xl/worksheets/sheet{i}.xml", "w") as sheet:
                chunk: list[str] = []
                for part in parts:
                    chunk.append(part)
                    if len(chunk) >= 2000:
                        sheet.write("".join(chunk).encode("utf-8"))
                        chunk = []
                sheet.write("".join(chunk).encode("utf-8"))
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
