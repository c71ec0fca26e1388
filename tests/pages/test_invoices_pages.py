"""The Factures page, driven as the firm's administrator: empty state, a draft typed in the lines table,
issue with confirmation, download of the stored Factur-X, credit note; and who is kept out."""

import facturx
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.invoicing import queries
from domain.invoicing.model import InvoiceKind
from domain.invoicing.records import InvoiceStatus
from tests.conftest import NOW, ROOT
from tests.integration.invoices_support import add_client, check_issued, new_draft, ready_to_invoice
from tests.pages.helpers import ACCESS_DENIED, button, column, titles

PAGE = "pages/staff/invoices.py"


@pytest.fixture
def admin(firm, add_user, pin_app_clock):
    pin_app_clock(NOW)  # the app's clock is the tests' one: numbers and dates do not depend on the day of the run
    ready_to_invoice(firm)
    return add_user(Role.ADMIN, name="Claire Verger")


@pytest.fixture
def dupain(firm):
    return add_client(firm)


@pytest.fixture
def downloads(monkeypatch):
    """The files the page offers for download, by name, with their bytes."""
    offered = {}
    original = MediaFileManager.add

    def keep(self, path_or_data, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name] = path_or_data
        return original(self, path_or_data, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", keep)
    return offered


def stored(firm):
    c = firm.container
    return queries.list_invoices(c.firm_uow(firm.firm_id), None)


def open_invoices(open_app, user, invoice_id: int | None = None) -> AppTest:
    at = open_app(user.email, user.password, PAGE)
    if invoice_id is not None:
        at.query_params["invoice"] = str(invoice_id)
        at.run()
    assert not at.exception, at.exception
    return at


def test_an_empty_firm_sees_the_empty_state(open_app, admin):
    at = open_invoices(open_app, admin)
    assert titles(at) == ["Factures"]
    assert at.info[0].value.startswith("Aucune facture pour l'instant.")


def test_a_collaborator_without_the_invoice_permission_is_kept_out(add_user, page_ctx):
    member = add_user(Role.COLLABORATOR)
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    at.session_state["ctx"] = page_ctx(member.email)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [ACCESS_DENIED] and titles(at) == []


def type_lines(at: AppTest, key: str, first: dict, *more: dict) -> None:
    assert [e.key for e in at.data_editor if e.key == key] == [key]
    at.session_state[key] = {"edited_rows": {"0": first}, "deleted_rows": [], "added_rows": list(more)}


def test_a_draft_typed_in_the_lines_table_is_created_and_opened(firm, open_app, admin, dupain):
    at = open_invoices(open_app, admin)
    at.selectbox(key="invoices.new.client").select(dupain.id)
    type_lines(at, "invoices.new.lines", {"label": "Forfait mensuel novembre", "unit_price": "450"},
               {"label": "Frais de greffe", "quantity": "1", "unit": "forfait", "unit_price": "51,90",
                "vat": "Débours (hors TVA)"})
    at = button(at, "Créer le brouillon").click().run()

    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value.startswith("Brouillon de facture créé")
    [draft] = stored(firm)
    assert (draft.status, draft.ht_cents, draft.vat_cents, draft.ttc_cents) == (InvoiceStatus.DRAFT, 50_190, 9_000,
                                                                                59_190)
    assert column(at, 0, "Statut") == ["Brouillon"]
    assert at.query_params["invoice"] == str(draft.id)
    assert any(m.value.startswith(f"**Facture brouillon n° {draft.id}** · Boulangerie Dupain") for m in at.markdown)


def test_bad_lines_are_refused_in_french_and_nothing_is_stored(firm, open_app, admin, dupain):
    at = open_invoices(open_app, admin)
    at.selectbox(key="invoices.new.client").select(dupain.id)
    type_lines(at, "invoices.new.lines", {"label": "Forfait", "quantity": "deux", "unit_price": "-3"})
    at = button(at, "Créer le brouillon").click().run()

    assert [e.value for e in at.error] == [("Ligne 1 : quantité : « deux » n'est pas un nombre positif. ; "
                                            "Ligne 1 : prix unitaire HT : le montant ne peut pas être négatif.")]
    assert stored(firm) == []


def test_issuing_needs_the_confirmation_then_offers_the_stored_factur_x(firm, open_app, admin, dupain, downloads):
    draft = new_draft(firm, dupain.id)
    at = open_invoices(open_app, admin, draft.id)
    assert button(at, "Émettre la facture").disabled

    at.checkbox(key=f"invoices.{draft.id}.issue.ok").check().run()
    at = button(at, "Émettre la facture").click().run()

    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == ("Facture F2026-00001 émise : le courriel à compta@dupain.fr est dans la file "
                                   "d'envoi.")
    assert column(at, 0, "Numéro") == ["F2026-00001"] and column(at, 0, "Statut") == ["Émise"]
    pdf = downloads["Facture-F2026-00001.pdf"]
    with firm.container.firm_uow(firm.firm_id) as uow:
        assert pdf == uow.invoices.pdf(draft.id)
    name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert name == "factur-x.xml" and b"<ram:ID>F2026-00001</ram:ID>" in xml
    assert not [b for b in at.button if b.label in ("Émettre la facture", "Supprimer le brouillon")]


def test_a_credit_note_of_chosen_lines_is_issued_after_confirmation(firm, open_app, admin, dupain):
    from data.documents import WeasyPrintRenderer
    from data.integrations.facturx import FacturX
    from domain.invoicing import services

    c = firm.container
    invoice = services.issue_invoice(c.firm_uow(firm.firm_id), None, c.clock, WeasyPrintRenderer(), FacturX(),
                                     new_draft(firm, dupain.id).id).invoice
    at = open_invoices(open_app, admin, invoice.id)
    at.multiselect(key=f"invoices.{invoice.id}.credit.lines").set_value([3])
    at.checkbox(key=f"invoices.{invoice.id}.credit.ok").check().run()
    at = button(at, "Émettre l'avoir").click().run()

    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Avoir AV2026-00001 émis sur la facture F2026-00001."
    notes = [s for s in stored(firm) if s.kind is InvoiceKind.CREDIT_NOTE]
    assert [(n.number, n.credited_invoice_id, n.ttc_cents) for n in notes] == [("AV2026-00001", invoice.id, 39_000)]


def test_a_draft_is_deleted_after_confirmation(firm, open_app, admin, dupain):
    draft = new_draft(firm, dupain.id)
    at = open_invoices(open_app, admin, draft.id)
    at.checkbox(key=f"invoices.{draft.id}.delete.ok").check().run()
    at = button(at, "Supprimer le brouillon").click().run()

    assert at.success[0].value == "Brouillon supprimé." and stored(firm) == []


def test_a_deposit_invoice_is_drafted_from_its_form_and_a_bad_amount_is_refused(firm, open_app, admin, dupain):
    at = open_invoices(open_app, admin)
    at.selectbox(key="invoices.deposit.client").select(dupain.id).run()
    at.text_input(key="invoices.deposit.amount").input("mille").run()
    at = button(at, "Créer le brouillon d'acompte").click().run()
    assert [e.value for e in at.error] == ["Montant HT de l'acompte : « mille » n'est pas un montant valide."]
    assert stored(firm) == []

    at.text_input(key="invoices.deposit.amount").input("1 000").run()
    at = button(at, "Créer le brouillon d'acompte").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value.startswith("Brouillon de facture d'acompte créé")
    [draft] = stored(firm)
    assert (draft.ht_cents, draft.vat_cents, draft.ttc_cents) == (100_000, 20_000, 120_000)
    assert any(m.value.startswith(f"**Facture d'acompte brouillon n° {draft.id}**") for m in at.markdown)
    assert not [e for e in at.expander if e.label == "Modifier le brouillon"]
    assert not [b for b in at.button if b.label == "Déduire les acomptes payés"]


def test_a_draft_typed_by_hand_deducts_the_paid_deposits_on_request(firm, open_app, admin, dupain):
    from data.documents import WeasyPrintRenderer
    from data.integrations.facturx import FacturX
    from domain.collections.model import PaymentInput
    from domain.collections.services import record_payment
    from domain.invoicing import deposits, services

    c = firm.container
    draft = deposits.create_deposit(c.firm_uow(firm.firm_id), None, c.clock, dupain.id, "100")
    paid = services.issue_invoice(c.firm_uow(firm.firm_id), None, c.clock, WeasyPrintRenderer(), FacturX(),
                                  draft.id).invoice
    record_payment(c.firm_uow(firm.firm_id), None, c.clock, PaymentInput(paid.id, NOW.date(), 12_000))
    invoice = new_draft(firm, dupain.id)  # 1 341,90 € TTC
    at = open_invoices(open_app, admin, invoice.id)
    at = button(at, "Déduire les acomptes payés").click().run()

    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Acompte déduit : F2026-00001 du 20/11/2026 (120,00\u00a0€ TTC)."
    assert any(cap.value.endswith("Net à payer : 1\u202f221,90\u00a0€.") for cap in at.caption)
    at = button(at, "Déduire les acomptes payés").click().run()
    assert at.success[0].value.startswith("Aucun acompte payé à déduire pour ce client")


def test_an_invoice_that_deducted_deposits_is_credited_in_full_only_which_gives_them_back(firm, open_app, admin,
                                                                                           dupain):
    from data.documents import WeasyPrintRenderer
    from data.integrations.facturx import FacturX
    from domain.collections.model import PaymentInput
    from domain.collections.services import record_payment
    from domain.invoicing import deposits, services

    c = firm.container
    draft = deposits.create_deposit(c.firm_uow(firm.firm_id), None, c.clock, dupain.id, "100")  # 120 € TTC
    paid = services.issue_invoice(c.firm_uow(firm.firm_id), None, c.clock, WeasyPrintRenderer(), FacturX(),
                                  draft.id).invoice
    record_payment(c.firm_uow(firm.firm_id), None, c.clock, PaymentInput(paid.id, NOW.date(), 12_000))
    final = new_draft(firm, dupain.id)  # 1 341,90 € TTC, deducts the 120 €: asks 1 221,90 €
    deposits.deduct_deposits(c.firm_uow(firm.firm_id), None, c.clock, final.id)
    services.issue_invoice(c.firm_uow(firm.firm_id), None, c.clock, WeasyPrintRenderer(), FacturX(), final.id)

    at = open_invoices(open_app, admin, final.id)
    assert any(cap.value.startswith("Cette facture a déduit des acomptes (F2026-00001) : seul un avoir total")
               for cap in at.caption)
    at.multiselect(key=f"invoices.{final.id}.credit.lines").set_value([1])
    at.checkbox(key=f"invoices.{final.id}.credit.ok").check().run()
    at = button(at, "Émettre l'avoir").click().run()
    assert at.error[0].value.startswith("La facture F2026-00002 a déduit des acomptes (F2026-00001) : un avoir partiel")
    assert [s.kind for s in stored(firm)] == [InvoiceKind.INVOICE, InvoiceKind.INVOICE]

    at.multiselect(key=f"invoices.{final.id}.credit.lines").set_value([1, 2, 3, 4])
    at = button(at, "Émettre l'avoir").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Avoir AV2026-00001 émis sur la facture F2026-00002."
    [note] = [s for s in stored(firm) if s.kind is InvoiceKind.CREDIT_NOTE]
    assert (note.ttc_cents, note.credited_invoice_id) == (134_190, final.id)
    assert check_issued(firm, note.id)[0].document.totals.due_cents == 134_190 - 12_000  # and every Factur-X check
    with c.firm_uow(firm.firm_id) as u:
        assert [d.id for d in u.deposits.deductible(dupain.id)] == [paid.id]
