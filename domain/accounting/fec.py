"""The sales journal in FEC format (« journal des ventes au format FEC », DOMAIN.md §2d; LPF art. A47 A-1).

It is not the firm's legal FEC (that comes from its own ledger) but the same file format, ready to import:
the 18 columns in their order with their exact names on the first line, a tab between fields (tabs and line
breaks are removed from the text of the fields, so the separator stays unambiguous), CR LF between records,
dates AAAAMMJJ, amounts with a decimal comma and no thousands separator, ISO-8859-15 by default (UTF-8 on
request), named `<SIREN>FEC<closing date AAAAMMJJ>.txt` and accompanied by a description file. Records follow
the posting order: by date, then journal, then number. The fiscal year is the calendar year (the firm's own
closing date is not recorded yet).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.accounting.model import LedgerEntry

HEADERS = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
           "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
           "ValidDate", "Montantdevise", "Idevise")
SEPARATOR, NEWLINE = "\t", "\r\n"
# Characters our labels may hold that ISO-8859-15 lacks: their nearest ASCII, rather than a "?".
_LATIN9_FALLBACK = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...",
                                  "\u202f": " ", "\u2009": " ", "«": '"', "»": '"'})


class FecEncoding(StrEnum):
    LATIN9 = "iso-8859-15"
    UTF8 = "utf-8"

    @property
    def label(self) -> str:
        return {"iso-8859-15": "ISO-8859-15 (Latin-9)", "utf-8": "UTF-8"}[self.value]


def fec_date(day: date | None) -> str:
    return day.strftime("%Y%m%d") if day else ""


def fec_amount(cents: int) -> str:
    """1234567 → "12345,67": decimal comma, no thousands separator."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole},{rest:02d}"


def clean(text: str) -> str:
    """One line without tabs: the separator must never appear inside a field."""
    return " ".join(text.replace("\t", " ").split())


def closing_date(year: int) -> date:
    return date(year, 12, 31)


def file_name(siren: str, closing: date) -> str:
    return f"{siren}FEC{fec_date(closing)}.txt"


def description_name(siren: str, closing: date) -> str:
    return f"{siren}FEC{fec_date(closing)}_description.txt"


def ordered(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    return sorted(entries, key=lambda e: (e.entry_date, e.journal.value, e.number))


def rows(entries: Iterable[LedgerEntry]) -> list[tuple[str, ...]]:
    """The 18 fields of every line of every entry, in posting order."""
    out = []
    for entry in ordered(entries):
        for item in entry.lines:
            out.append(tuple(clean(field) for field in (
                entry.journal.value, entry.journal.label, entry.reference, fec_date(entry.entry_date), item.account,
                item.account_label, item.aux_account, item.aux_label, entry.piece_ref, fec_date(entry.piece_date),
                item.label or entry.label, fec_amount(item.debit_cents), fec_amount(item.credit_cents), "", "",
                fec_date(entry.entry_date), "", "")))
    return out


def encode(text: str, encoding: FecEncoding) -> bytes:
    if encoding is FecEncoding.LATIN9:
        return text.translate(_LATIN9_FALLBACK).encode("iso-8859-15", errors="replace")
    return text.encode("utf-8")


def fec_text(entries: Iterable[LedgerEntry]) -> str:
    lines = [SEPARATOR.join(HEADERS), *(SEPARATOR.join(row) for row in rows(entries))]
    return NEWLINE.join(lines) + NEWLINE


@dataclass(frozen=True, slots=True)
class FecFile:
    name: str
    content: bytes
    description_name: str
    description: bytes
    entries: int
    lines: int
    debit_cents: int
    credit_cents: int


def description_text(siren: str, firm_name: str, year: int, encoding: FecEncoding, entries: list[LedgerEntry]) -> str:
    debit = sum(e.debit_cents for e in entries)
    credit = sum(e.credit_cents for e in entries)
    journals = sorted({(e.journal.value, e.journal.label) for e in entries}) or [("VE", "Journal des ventes")]
    fields = "\n".join(f"  {index:>2}. {name}" for index, name in enumerate(HEADERS, start=1))
    return (
        f"Description du fichier {file_name(siren, closing_date(year))}\n"
        f"Cabinet : {firm_name} (SIREN {siren})\n"
        f"Contenu : journal des ventes et des encaissements au format FEC (article A47 A-1 du LPF), produit par "
        f"EEXPI à partir des factures, avoirs et règlements ; ce n'est pas le FEC complet du cabinet.\n"
        f"Exercice : du {date(year, 1, 1):%d/%m/%Y} au {closing_date(year):%d/%m/%Y}\n"
        f"Jeu de caractères : {encoding.label}\n"
        f"Séparateur de champs : tabulation ; fin d'enregistrement : CR LF ; première ligne : noms des champs\n"
        f"Dates : AAAAMMJJ ; montants : virgule décimale, sans séparateur de milliers, colonnes Debit et Credit\n"
        f"Journaux : " + ", ".join(f"{code} = {label}" for code, label in journals) + "\n"
        f"Numérotation (EcritureNum) : code du journal suivi d'un numéro continu par journal\n"
        f"Comptes : 411000 Clients (compte auxiliaire 411 + numéro du client), 706100 Honoraires, "
        f"706200 Travaux complémentaires, 445710 TVA collectée (une ligne par taux), 467100 Débours refacturés, "
        f"512000 Banque\n"
        f"Champs inutilisés (vides) : EcritureLet, DateLet, Montantdevise, Idevise (montants en euros)\n"
        f"Écritures : {len(entries)} ; lignes : {sum(len(e.lines) for e in entries)} ; total débit : "
        f"{fec_amount(debit)} ; total crédit : {fec_amount(credit)}\n"
        f"Champs, dans l'ordre :\n{fields}\n")


def fec_file(siren: str, firm_name: str, year: int, entries: Iterable[LedgerEntry],
             encoding: FecEncoding = FecEncoding.LATIN9) -> FecFile:
    entries = ordered(e for e in entries if e.entry_date.year == year)
    closing = closing_date(year)
    return FecFile(name=file_name(siren, closing), content=encode(fec_text(entries), encoding),
                   description_name=description_name(siren, closing),
                   description=encode(description_text(siren, firm_name, year, encoding, entries), encoding),
                   entries=len(entries), lines=sum(len(e.lines) for e in entries),
                   debit_cents=sum(e.debit_cents for e in entries), credit_cents=sum(e.credit_cents for e in entries))
