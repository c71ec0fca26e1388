"""The sales journal on SQLite and PostgreSQL: entries posted in the transaction that issues an invoice or a
credit note or records a payment, numbered without gap per journal; the FEC export (service and command line);
the export of issued invoices. Expected entries are worked out by hand from the lines of invoices_support."""

import json
import threading
from datetime import date

import pytest

from data.integrations.facturx import FacturX
from domain.accounting import services as accounting
from domain.accounting.fec import HEADERS, FecEncoding
from domain.accounting.model import Journal
from domain.audit import Action, AuditFilter
from domain.errors import InvalidInput, PermissionDenied
from domain.invoicing import services
from tests.integration.invoices_support import (
    DroppingNote,
    OnePageRenderer,
    add_client,
    issue,
    new_draft,
    ready_to_invoice,
    uow,
)

TODAY = date(2026, 11, 20)  # the fixed clock of the tests (9:00 UTC)
# invoices_support.LINES: forfait 450,00 + payslips 12 × 25,00 (fees 750,00), extra 2,5 h × 130,00 = 325,00,
# all at 20 %: VAT 20 % of 1 075,00 = 215,00; greffe 51,90 outside VAT; TTC 1 341,90.


def rows(entry):
    return [(item.account, item.aux_account, item.debit_cents, item.credit_cents) for item in entry.lines]


def issued_invoice(firm, client):
    draft = new_draft(firm, client.id)
    return issue(firm, draft.id, renderer=OnePageRenderer()).invoice


def pay(firm, client_id, amount_cents, payment_id, invoice_id=None):
    with uow(firm) as u:
        entry = accounting.post_payment(u, payment_id=payment_id, client_id=client_id, amount_cents=amount_cents,
                                        paid_on=date(2026, 11, 18), posted_on=TODAY,
                                        at=firm.container.clock.now(), reference=f"VIR {payment_id}",
                                        invoice_id=invoice_id, method="virement")
        u.commit()
    return entry


def test_issuing_an_invoice_posts_its_balanced_entry_in_the_sales_journal(firm):
    ready_to_invoice(firm)
    client = add_client(firm)
    invoice = issued_invoice(firm, client)

    with uow(firm) as u:
        [entry] = u.ledger.for_invoice(invoice.id)
    aux = f"411{client.id:05d}"
    assert (entry.journal, entry.reference, entry.entry_date, entry.piece_ref) == (
        Journal.SALES, "VE000001", TODAY, invoice.document.number)
    assert rows(entry) == [("411000", aux, 134_190, 0), ("706100", "", 0, 75_000), ("706200", "", 0, 32_500),
                           ("445710", "", 0, 21_500), ("467100", "", 0, 5_190)]
    assert entry.lines[0].aux_label == "Boulangerie Dupain"


def test_a_refused_issue_posts_nothing_and_gives_its_journal_number_back(firm):
    ready_to_invoice(firm)
    client = add_client(firm)
    refused = new_draft(firm, client.id)
    with pytest.raises(InvalidInput):
        issue(firm, refused.id, renderer=OnePageRenderer(), einvoicing=DroppingNote())
    invoice = issued_invoice(firm, client)

    with uow(firm) as u:
        assert u.ledger.for_invoice(refused.id) == []
        [entry] = u.ledger.for_invoice(invoice.id)
    assert entry.reference == "VE000001"


def test_a_credit_note_posts_the_reverse_entry_with_the_next_number(firm):
    ready_to_invoice(firm)
    client = add_client(firm)
    invoice = issued_invoice(firm, client)
    note = services.credit_invoice(uow(firm), None, firm.container.clock, OnePageRenderer(), FacturX(), invoice.id,
                                   positions=[3]).invoice  # the extra only: 325,00 + VAT 65,00 = 390,00

    with uow(firm) as u:
        [entry] = u.ledger.for_invoice(note.id)
    assert entry.reference == "VE000002"
    assert rows(entry) == [("411000", f"411{client.id:05d}", 0, 39_000), ("706200", "", 32_500, 0),
                           ("445710", "", 6_500, 0)]


def test_a_payment_posts_to_the_bank_journal_and_a_document_is_never_posted_twice(firm):
    ready_to_invoice(firm)
    client = add_client(firm)
    invoice = issued_invoice(firm, client)
    entry = pay(firm, client.id, 134_190, payment_id=1, invoice_id=invoice.id)

    assert (entry.reference, entry.piece_date, entry.entry_date) == ("BQ000001", date(2026, 11, 18), TODAY)
    assert rows(entry) == [("512000", "", 134_190, 0), ("411000", f"411{client.id:05d}", 0, 134_190)]
    with pytest.raises(InvalidInput, match="déjà comptabilisée"):
        pay(firm, client.id, 134_190, payment_id=1)
    assert pay(firm, client.id, 5_000, payment_id=2).reference == "BQ000002"


def test_the_fec_export_is_balanced_continuous_per_journal_with_the_exact_headers(firm):
    ready_to_invoice(firm)
    client = add_client(firm)
    first, second = issued_invoice(firm, client), issued_invoice(firm, client)
    pay(firm, client.id, 134_190, payment_id=7, invoice_id=first.id)
    services.credit_invoice(uow(firm), None, firm.container.clock, OnePageRenderer(), FacturX(), second.id)

    result = accounting.export_fec(uow(firm), firm.principal(), firm.container.clock, 2026)

    assert result.name == f"{firm.siren}FEC20261231.txt"
    lines = result.content.decode("iso-8859-15").split("\r\n")
    assert lines[0].split("\t") == list(HEADERS)
    records = [line.split("\t") for line in lines[1:-1]]
    by_number: dict[str, list[int]] = {}
    for record in records:
        by_number.setdefault(record[2], [0, 0])
        by_number[record[2]][0] += int(record[11].replace(",", ""))
        by_number[record[2]][1] += int(record[12].replace(",", ""))
    assert sorted(by_number) == ["BQ000001", "VE000001", "VE000002", "VE000003"]
    assert all(debit == credit for debit, credit in by_number.values())
    # three sales entries of 1 341,90 each (two invoices, the total credit note) and the payment
    assert result.debit_cents == result.credit_cents == 4 * 134_190
    assert {record[3] for record in records} == {"20261120"}
    with uow(firm) as u:
        [event] = u.audit.search(AuditFilter(action=Action.LEDGER_EXPORT))
    assert event.details["fichier"] == result.name


def test_the_fec_export_needs_the_invoicing_permission_and_a_sensible_year(firm):
    with pytest.raises(InvalidInput, match="Exercice"):
        accounting.export_fec(uow(firm), None, firm.container.clock, 1890)
    from domain.access.model import Role
    from domain.firm.users import create_user
    from tests.conftest import unique_email

    c = firm.container
    with c.firm_uow(firm.firm_id) as u:
        user, _ = create_user(u, c.hasher, c.clock, None, unique_email("collab"), "Thomas Martin", Role.COLLABORATOR)
        u.commit()
    with pytest.raises(PermissionDenied):
        accounting.export_fec(uow(firm), firm.principal(user.email), c.clock, 2026)


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_concurrent_postings_get_every_number_of_the_journal_once(firm):
    """On PostgreSQL only: SQLite serialises every writer, so it would prove nothing."""
    client = add_client(firm)
    threads_count, per_thread, start, failures = 5, 6, threading.Barrier(5), []

    def run(index: int) -> None:
        start.wait()
        for n in range(per_thread):
            try:
                pay(firm, client.id, 1_000 + n, payment_id=index * 100 + n)
            except Exception as err:  # noqa: BLE001 - reported below
                failures.append(repr(err))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with uow(firm) as u:
        numbers = sorted(e.number for e in u.ledger.entries(TODAY, TODAY, Journal.BANK))
    assert numbers == list(range(1, threads_count * per_thread + 1))


# --- command line ---------------------------------------------------------------------------------------

def test_export_fec_writes_the_file_and_its_description_in_latin_9_or_utf_8(firm, run_manage, tmp_path):
    ready_to_invoice(firm)
    client = add_client(firm, name="Société Générale d'Élevage")
    issued_invoice(firm, client)

    done = run_manage("export-fec", "--firm", firm.siren, "--year", "2026", "--out", str(tmp_path / "fec"))
    assert done.returncode == 0, done.stderr
    content = (tmp_path / "fec" / f"{firm.siren}FEC20261231.txt").read_bytes()
    assert "Société Générale d'Élevage".encode("iso-8859-15") in content
    description = (tmp_path / "fec" / f"{firm.siren}FEC20261231_description.txt").read_bytes().decode("iso-8859-15")
    assert "Jeu de caractères : ISO-8859-15" in description

    done = run_manage("export-fec", "--firm", firm.siren, "--year", "2026", "--out", str(tmp_path / "u"),
                      "--encoding", "utf-8")
    assert done.returncode == 0, done.stderr
    assert "Société Générale d'Élevage".encode() in (tmp_path / "u" / f"{firm.siren}FEC20261231.txt").read_bytes()


@pytest.mark.parametrize("args, message", [
    (["--year", "26"], "n'est pas une année"),
    (["--year", "2026", "--encoding", "ebcdic"], "--encoding"),
])
def test_export_fec_refuses_bad_input_in_french_and_writes_nothing(firm, run_manage, tmp_path, args, message):
    done = run_manage("export-fec", "--firm", firm.siren, "--out", str(tmp_path / "out"), *args)
    assert done.returncode != 0
    assert message in done.stderr and done.stderr.startswith("Erreur")
    assert not any((tmp_path / "out").glob("*.txt")) if (tmp_path / "out").exists() else True


def test_export_commands_refuse_an_unknown_firm_and_a_file_as_folder(firm, run_manage, tmp_path):
    done = run_manage("export-invoices", "--firm", "732829320", "--out", str(tmp_path))
    assert done.returncode != 0 and "Aucun cabinet" in done.stderr
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    done = run_manage("export-invoices", "--firm", firm.siren, "--out", str(a_file))
    assert done.returncode != 0 and "est un fichier" in done.stderr


def test_export_invoices_writes_the_stored_pdf_bytes_and_the_data_of_each_document(firm, run_manage, tmp_path):
    ready_to_invoice(firm)
    client = add_client(firm)
    invoice = issued_invoice(firm, client)
    note = services.credit_invoice(uow(firm), None, firm.container.clock, OnePageRenderer(), FacturX(), invoice.id,
                                   positions=[4]).invoice  # the greffe only: 51,90, no VAT
    pay(firm, client.id, 129_000, payment_id=3, invoice_id=invoice.id)

    done = run_manage("export-invoices", "--firm", firm.siren, "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    with uow(firm) as u:
        stored_pdf, note_pdf = u.invoices.pdf(invoice.id), u.invoices.pdf(note.id)
    number, note_number = invoice.document.number, note.document.number
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{number}.pdf", f"{number}.json", f"{note_number}.pdf", f"{note_number}.json"])
    assert (tmp_path / f"{number}.pdf").read_bytes() == stored_pdf
    assert (tmp_path / f"{note_number}.pdf").read_bytes() == note_pdf
    data = json.loads((tmp_path / f"{number}.json").read_text(encoding="utf-8"))
    assert (data["kind"], data["number"], data["status"], data["issue_date"]) == ("facture", number, "emise",
                                                                                  "2026-11-20")
    assert data["totals"] == {"lines_ht": "1126.90", "ht": "1126.90", "vat": "215.00", "ttc": "1341.90",
                              "prepaid": "0.00", "due": "1341.90"}
    assert [line["amount_ht"] for line in data["lines"]] == ["450.00", "300.00", "325.00", "51.90"]
    assert data["buyer"]["name"] == "Boulangerie Dupain" and data["seller"]["siren"] == firm.siren
    assert data["payments"] == [{"date": "2026-11-18", "amount": "1290.00", "reference": "VIR 3",
                                 "label": f"Règlement {number} (virement) – Boulangerie Dupain",
                                 "ledger_entry": "BQ000001"}]
    credit = json.loads((tmp_path / f"{note_number}.json").read_text(encoding="utf-8"))
    assert credit["credited_invoice"] == {"number": number, "date": "2026-11-20"}
    assert credit["totals"]["ttc"] == "51.90"


def test_the_utf_8_option_of_the_service(firm):
    result = accounting.export_fec(uow(firm), None, firm.container.clock, 2026, FecEncoding.UTF8)
    assert result.content.decode("utf-8") == "\t".join(HEADERS) + "\r\n"


def test_recording_then_cancelling_a_payment_posts_its_entry_then_the_reverse(firm):
    from domain.collections.model import PaymentInput, PaymentMethod
    from domain.collections.services import cancel_payment, record_payment

    ready_to_invoice(firm)
    client = add_client(firm)
    invoice = issued_invoice(firm, client)
    clock = firm.container.clock
    payment = record_payment(uow(firm), None, clock, PaymentInput(invoice.id, TODAY, 100_000,
                                                                  PaymentMethod.TRANSFER, "VIR DUPAIN 20/11"))
    cancel_payment(uow(firm), None, clock, payment.id)

    with uow(firm) as u:
        posted, cancelled = [e for e in u.ledger.for_invoice(invoice.id) if e.journal is Journal.BANK]
    aux = f"411{client.id:05d}"
    assert (posted.reference, posted.piece_ref, posted.piece_date) == ("BQ000001", "VIR DUPAIN 20/11",
                                                                       TODAY)
    assert rows(posted) == [("512000", "", 100_000, 0), ("411000", aux, 0, 100_000)]
    assert cancelled.reference == "BQ000002" and cancelled.label.startswith("Annulation du règlement")
    assert rows(cancelled) == [("512000", "", 0, 100_000), ("411000", aux, 100_000, 0)]


def test_export_invoices_renders_a_deferred_pdf_first_and_keeps_it(firm, run_manage, tmp_path):
    """An invoice of the seeded history waits for its PDF (pdf_deferred): the export renders it from the stored
    snapshot around the stored XML, stores it, and exports those very bytes; it is no longer deferred."""
    from facturx import get_xml_from_pdf
    from sqlalchemy import update

    from data.models.invoicing import InvoiceRow

    ready_to_invoice(firm)
    invoice = issued_invoice(firm, add_client(firm))
    with uow(firm) as u:
        xml = u.invoices.xml(invoice.id)
        u.session.execute(update(InvoiceRow).where(InvoiceRow.id == invoice.id)
                          .values(pdf=None, pdf_sha256="", pdf_deferred=True))
        u.commit()

    done = run_manage("export-invoices", "--firm", firm.siren, "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "PDF différés produits : 1/1" in done.stdout
    exported = (tmp_path / f"{invoice.document.number}.pdf").read_bytes()
    _, embedded = get_xml_from_pdf(exported, check_xsd=False)
    assert embedded == xml
    with uow(firm) as u:
        assert u.invoices.pdf(invoice.id) == exported
        assert not u.deferred_pdfs.is_pending(invoice.id)
