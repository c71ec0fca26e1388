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
