"""Bank statement CSV files as French banks export them: `;` or `,` separated, UTF-8 or Windows-1252,
dates dd/mm/yyyy (or ISO), amounts with a decimal comma ("1 234,56", "-45,00").

Reading is all or nothing: the first bad line refuses the whole file with its line number, so that an
import never stores half a statement. Each line gets a hash of its content and of its rank among identical
lines of the same file: importing the same statement again finds the same hashes (duplicates), while two
genuinely identical payments on one day stay two lines.
"""

import csv
import hashlib
import io
import re
from collections import Counter
from datetime import date, datetime

from domain.collections.model import BankMapping, StatementLine
from domain.errors import InvalidInput
from domain.money import parse_amount, to_cents

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 20_000
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def decode(content: bytes) -> str:
    if not content.strip():
        raise InvalidInput("Le fichier est vide.")
    if len(content) > MAX_BYTES:
        raise InvalidInput("Le fichier dépasse 5 Mo : découpez le relevé par période.")
    if b"\x00" in content[:4096]:
        raise InvalidInput("Ce fichier n'est pas un fichier CSV (contenu binaire). Exportez le relevé au format CSV.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _dialect(text: str) -> str:
    first = text.splitlines()[0]
    return max((";", ",", "\t"), key=first.count)


def read_table(content: bytes) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the file (blank rows dropped)."""
    text = decode(content)
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=_dialect(text)) if any(c.strip() for c in row)]
    if len(rows) < 2:
        raise InvalidInput("Le fichier ne contient pas de ligne de relevé sous l'en-tête.")
    if len(rows) > MAX_LINES + 1:
        raise InvalidInput(f"Le relevé dépasse {MAX_LINES} lignes : découpez-le par période.")
    header = [c.strip() for c in rows[0]]
    if len(set(header)) != len(header) or not all(header):
        raise InvalidInput("L'en-tête du fichier a des colonnes vides ou en double : vérifiez la première ligne.")
    return header, rows[1:]


def parse_day(text: str) -> date:
    cleaned = text.strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise InvalidInput(f"« {text} » n'est pas une date (attendu JJ/MM/AAAA).")


def check_mapping(mapping: BankMapping, header: list[str]) -> None:
    if not mapping.bank_name.strip():
        raise InvalidInput("Donnez un nom à la banque (ex. : « Crédit Agricole – compte courant ») : la "
                           "correspondance des colonnes sera retenue sous ce nom.")
    chosen = {"date": mapping.date_column, "libellé": mapping.label_column, "montant": mapping.amount_column}
    missing = [what for what, column in chosen.items() if not column]
    if missing:
        raise InvalidInput("Choisissez la colonne de : " + ", ".join(missing) + ".")
    used = [c for c in (*chosen.values(), mapping.reference_column) if c]
    unknown = [c for c in used if c not in header]
    if unknown:
        raise InvalidInput("Colonnes absentes du fichier : " + ", ".join(f"« {c} »" for c in unknown) + ".")
    if len(set(used)) != len(used):
        raise InvalidInput("Une même colonne est choisie pour deux rôles : vérifiez la correspondance.")


def _normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().upper()


def _hash(bank: str, booked_on: date, label: str, cents: int, reference: str, rank: int) -> str:
    key = "\x1f".join((_normalized(bank), booked_on.isoformat(), _normalized(label), str(cents),
                       _normalized(reference), str(rank)))
    return hashlib.sha256(key.encode()).hexdigest()


def parse_statement(content: bytes, mapping: BankMapping) -> list[StatementLine]:
    """Every line of the statement, or InvalidInput naming the first bad line (nothing is kept)."""
    header, rows = read_table(content)
    check_mapping(mapping, header)
    index = {name: i for i, name in enumerate(header)}
    seen: Counter = Counter()
    lines = []
    for number, row in enumerate(rows, start=2):
        def cell(column: str, row: list[str] = row) -> str:
            return row[index[column]].strip() if column and index[column] < len(row) else ""

        try:
            booked_on = parse_day(cell(mapping.date_column))
            cents = to_cents(parse_amount(cell(mapping.amount_column), "Montant"))
        except InvalidInput as err:
            raise InvalidInput(f"Ligne {number} du fichier : {err.message} Aucune ligne n'a été importée.") from None
        label, reference = cell(mapping.label_column)[:300], cell(mapping.reference_column)[:140]
        content_key = (booked_on, _normalized(label), cents, _normalized(reference))
        seen[content_key] += 1
        lines.append(StatementLine(booked_on, label, cents, reference,
                                   _hash(mapping.bank_name, booked_on, label, cents, reference, seen[content_key])))
    return lines
