"""Client import from a spreadsheet: bytes in, a per-row report out; no file I/O, no storage.

CSV from French spreadsheets (`;` or `,`, UTF-8 with or without BOM, else Windows-1252) and .xlsx.
Headers are matched ignoring case, accents, spaces and hyphens.
"""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from enum import StrEnum

from domain.clients.model import Client
from domain.clients.validation import InvalidClient, validate_client
from domain.errors import InvalidInput

MAX_BYTES = 20 * 1024 * 1024
# Folded header → field of `validate_client`. The first name of each field is the documented one.
HEADERS = {
    "nom": "name", "raison_sociale": "name", "denomination": "name",
    "siren": "siren", "siret": "siret",
    "forme_juridique": "legal_form", "forme": "legal_form",
    "code_naf": "naf_code", "naf": "naf_code", "ape": "naf_code",
    "tva_intracommunautaire": "vat_number", "numero_tva": "vat_number",
    "adresse": "address_line", "code_postal": "postal_code", "cp": "postal_code", "ville": "city",
    "email": "email", "e_mail": "email", "courriel": "email",
    "telephone": "phone", "tel": "phone",
    "date_cloture": "fiscal_year_end", "date_de_cloture": "fiscal_year_end", "cloture": "fiscal_year_end",
    "regime_tva": "vat_regime", "regime_fiscal": "tax_regime", "effectif": "headcount",
    "etiquettes": "tags", "notes": "notes", "type": "kind",
    "capital_social": "share_capital", "capital": "share_capital",
}
REQUIRED = ("nom", "siren")
TEMPLATE_HEADERS = ("nom", "siren", "forme_juridique", "adresse", "code_postal", "ville", "email", "telephone",
                    "date_cloture")
KIND_WORDS = {"societe": "company", "entreprise": "company", "particulier": "individual", "personne_physique": "individual"}


class RowStatus(StrEnum):
    OK = "ok"
    ERROR = "error"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return {"ok": "OK", "error": "Erreur", "duplicate": "Doublon"}[self.value]


@dataclass(frozen=True, slots=True)
class RowResult:
    line: int  # line number in the file, header = 1
    name: str
    siren: str
    status: RowStatus
    reason: str = ""
    client: Client | None = None


@dataclass(frozen=True, slots=True)
class ImportReport:
    rows: tuple[RowResult, ...]

    @property
    def valid(self) -> list[Client]:
        return [r.client for r in self.rows if r.status is RowStatus.OK and r.client is not None]

    @property
    def problem_count(self) -> int:
        return sum(r.status is not RowStatus.OK for r in self.rows)

    @property
    def has_problems(self) -> bool:
        return self.problem_count > 0


def fold(header: str) -> str:
    text = unicodedata.normalize("NFKD", (header or "").strip().lower()).encode("ascii", "ignore").decode()
    return "_".join("".join(c if c.isalnum() else " " for c in text).split())


def decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _separator(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") else ","


def read_csv(content: bytes) -> list[list[str]]:
    text = decode(content)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))]


def read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError):
        raise InvalidInput("Le fichier Excel est illisible : enregistrez-le au format .xlsx.") from None
    return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(filename: str, content: bytes) -> list[tuple[int, list[str]]]:
    """(row number, cells) of the file's rows (header first), blank rows dropped."""
    if len(content) > MAX_BYTES:
        raise InvalidInput(f"Fichier trop volumineux : {MAX_BYTES // (1024 * 1024)} Mo au plus.")
    is_xlsx = filename.lower().endswith(".xlsx") or content.startswith(b"PK\x03\x04")
    rows = read_xlsx(content) if is_xlsx else read_csv(content)
    return [(number, row) for number, row in enumerate(rows, start=1) if any((cell or "").strip() for cell in row)]


def _columns(header: list[str]) -> dict[int, str]:
    folded = [fold(h) for h in header]
    missing = [name for name in REQUIRED if name not in folded]
    if missing:
        raise InvalidInput(f"Colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}. Colonnes lues : "
                           f"{', '.join(h for h in header if h) or 'aucune'}.")
    return {i: HEADERS[name] for i, name in enumerate(folded) if name in HEADERS}


def parse(filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, {field: text}) for each data row; InvalidInput for an unusable file."""
    table = read_table(filename, content)
    if not table:
        raise InvalidInput("Le fichier est vide : aucune ligne d'en-tête ni de client.")
    columns = _columns(table[0][1])
    if len(table) == 1:
        raise InvalidInput("Le fichier ne contient aucune ligne de client sous l'en-tête.")
    return [(line, _form(row, columns)) for line, row in table[1:]]


def _form(row: list[str], columns: dict[int, str]) -> dict[str, str]:
    form = {field: (row[i] if i < len(row) else "") for i, field in columns.items()}
    if "kind" in form:
        form["kind"] = KIND_WORDS.get(fold(form["kind"]), form["kind"])
    return form


def check(rows: list[tuple[int, dict[str, str]]], existing_sirens: dict[str, str]) -> ImportReport:
    """Validate every row; `existing_sirens` maps the firm's SIRENs to the client names holding them."""
    results, seen = [], {}
    for line, form in rows:
        results.append(_check_row(line, form, existing_sirens, seen))
    return ImportReport(tuple(results))


def _check_row(line: int, form: dict[str, str], existing: dict[str, str], seen: dict[str, int]) -> RowResult:
    name, siren = " ".join((form.get("name") or "").split())[:200], (form.get("siren") or "").strip()
    try:
        client = validate_client(form)
    except InvalidClient as err:
        return RowResult(line, name, siren, RowStatus.ERROR, err.message)
    if client.siren and client.siren in existing:
        return RowResult(line, name, client.siren, RowStatus.DUPLICATE,
                         f"SIREN déjà présent dans le cabinet (client « {existing[client.siren]} »).")
    if client.siren and client.siren in seen:
        return RowResult(line, name, client.siren, RowStatus.DUPLICATE,
                         f"SIREN déjà présent à la ligne {seen[client.siren]} du fichier.")
    if client.siren:
        seen[client.siren] = line
    return RowResult(line, client.name, client.siren or "", RowStatus.OK, client=client)


def template_csv() -> bytes:
    """The downloadable template: documented headers and one example row, `;`, UTF-8 with BOM (Excel)."""
    example = ("Boulangerie Dupain", "732829320", "SARL", "3 rue des Lilas", "69003", "Lyon",
               "contact@boulangerie-dupain.fr", "04 78 00 00 00", "31/12")
    return ("\ufeff" + ";".join(TEMPLATE_HEADERS) + "\r\n" + ";".join(example) + "\r\n").encode("utf-8")
