"""Ledger entries (écritures) of the firm's own books: what an invoice, a credit note or a payment posts.

Choices, documented here because the FEC describes them to whoever imports the file:

- **Journals**: VE (« Journal des ventes ») for invoices and credit notes, BQ (« Banque ») for payments received.
- **Accounts** (French PCG): the client collective account 411000 with one auxiliary account per client,
  "411" + the client's number padded to 5 digits (CompAuxNum "41100042", CompAuxLib the client's name);
  revenue 706100 « Honoraires » for the engagement's fees and 706200 « Travaux complémentaires » for extras;
  VAT collected 445710, one line per rate (the rate is in the line's label); disbursements (débours, paid in
  the client's name and re-invoiced at cost, outside VAT) credit 467100 « Débours refacturés », the account
  the firm debited when it paid them, so they never pass through revenue; the bank 512000.
  `ChartOfAccounts` holds these numbers; a firm-level setting to change them does not exist yet.
- **Numbers** (EcritureNum) are continuous per journal, allocated when the entry is posted, under a row lock
  (gapless, like invoice numbers), and never reset: "VE000001", "VE000002"…
- **Dates**: EcritureDate is the posting day (an invoice's issue date, the day a payment is recorded), so the
  numbers of a journal follow its dates; PieceDate is the document's date (a payment's value date).
  ValidDate is the posting day too: entries are validated when posted and never change afterwards.
- **Amounts** are integer cents, never negative: a line's sign is its column (debit or credit). Every entry
  balances (Σ debit = Σ credit), checked when it is built (`UnbalancedEntry`).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class UnbalancedEntry(ValueError):
    """A programming error: an entry whose debits and credits differ must never be stored."""


class Journal(StrEnum):
    SALES = "VE"
    BANK = "BQ"

    @property
    def label(self) -> str:
        return {"VE": "Journal des ventes", "BQ": "Banque"}[self.value]


class Source(StrEnum):
    """What an entry was posted from (one entry per document: a second posting is refused)."""

    INVOICE = "facture"  # invoices and credit notes
    PAYMENT = "paiement"
    PAYMENT_CANCEL = "annulation"  # a cancelled payment: its entry reversed (posted entries never change)


@dataclass(frozen=True, slots=True)
class ChartOfAccounts:
    clients: str = "411000"
    clients_label: str = "Clients"
    client_prefix: str = "411"
    fees: str = "706100"
    fees_label: str = "Honoraires"
    extras: str = "706200"
    extras_label: str = "Travaux complémentaires"
    vat: str = "445710"
    vat_label: str = "TVA collectée"
    disbursements: str = "467100"
    disbursements_label: str = "Débours refacturés"
    deposits: str = "419100"
    deposits_label: str = "Clients - avances et acomptes reçus"
    bank: str = "512000"
    bank_label: str = "Banque"

    def client_account(self, client_id: int) -> str:
        return f"{self.client_prefix}{client_id:05d}"


DEFAULT_CHART = ChartOfAccounts()


@dataclass(frozen=True, slots=True)
class LedgerLine:
    account: str
    account_label: str
    debit_cents: int = 0
    credit_cents: int = 0
    aux_account: str = ""
    aux_label: str = ""
    label: str = ""  # "" : the entry's label

    def __post_init__(self) -> None:
        if self.debit_cents < 0 or self.credit_cents < 0 or (self.debit_cents and self.credit_cents):
            raise UnbalancedEntry(f"line {self.account}: one non-negative amount, on one side only")


def line(account: str, account_label: str, cents: int, *, debit: bool, aux_account: str = "", aux_label: str = "",
         label: str = "") -> LedgerLine:
    """A line of `cents` on the given side; a negative amount (a discount line) goes to the other side."""
    on_debit = debit if cents >= 0 else not debit
    amount = abs(cents)
    return LedgerLine(account, account_label, amount if on_debit else 0, 0 if on_debit else amount,
                      aux_account, aux_label, label)


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    journal: Journal
    entry_date: date  # EcritureDate: the posting day
    piece_ref: str
    piece_date: date
    label: str
    lines: tuple[LedgerLine, ...]
    source: Source
    source_id: int
    invoice_id: int | None = None  # the invoice posted, or the one a payment settles
    client_id: int | None = None
    number: int = 0  # allocated when posted
    id: int = 0

    def __post_init__(self) -> None:
        if not self.lines:
            raise UnbalancedEntry(f"{self.piece_ref}: an entry needs lines")
        if self.debit_cents != self.credit_cents:
            raise UnbalancedEntry(f"{self.piece_ref}: debit {self.debit_cents} ≠ credit {self.credit_cents}")

    @property
    def debit_cents(self) -> int:
        return sum(item.debit_cents for item in self.lines)

    @property
    def credit_cents(self) -> int:
        return sum(item.credit_cents for item in self.lines)

    @property
    def reference(self) -> str:
        """EcritureNum: the journal code and the number, "VE000042"."""
        return f"{self.journal.value}{self.number:06d}"
