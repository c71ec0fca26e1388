"""Invoice arithmetic and rules (domain/invoicing), with expected figures worked out by hand."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from domain.firm.model import FirmIdentity
from domain.invoicing import mentions
from domain.invoicing.model import Buyer, InvoiceLine, LineKind, Seller
from domain.invoicing.rules import default_due_date, latest_due_date, validate
from domain.invoicing.totals import VatCategory, line_amount_cents, vat_cents
from tests.invoicing_support import CLIENT, EXTRA, FORFAIT, SELLER, credit_note, monthly_invoice, public_invoice

D = Decimal


@pytest.mark.parametrize("quantity, unit_price, cents", [
    ("1", 45_000, 45_000),
    ("12", 2_500, 30_000),  # 12 payslips × 25 €
    ("2.5", 13_000, 32_500),  # 2 h 30 × 130 €
    ("0.3333", 10_000, 3_333),  # a third of a 100 € forfait: 33,33 €
    ("1.5", 1, 2),  # 1,5 cent → 2 (half up)
    ("0.125", 100, 13),  # 12,5 cents → 13
    ("0.0049", 100, 0),  # 0,49 cent → 0
    ("3", 3_333, 9_999),
])
def test_a_line_is_quantity_times_unit_price_rounded_once_half_up(quantity, unit_price, cents):
    assert line_amount_cents(D(quantity), unit_price) == cents


@pytest.mark.parametrize("basis, rate, cents", [
    (107_500, "20.00", 21_500),
    (1_010, "5.50", 56),  # 0,5555 € → 0,56 €
    (12_345, "10.00", 1_235),  # 12,345 € → 12,35 € (half up)
    (66, "20.00", 13),  # 0,132 € → 0,13 €
    (0, "20.00", 0),
])
def test_vat_of_a_base_is_rounded_half_up_to_the_cent(basis, rate, cents):
    assert vat_cents(basis, D(rate)) == cents


def test_the_monthly_invoice_totals_with_a_disbursement_outside_vat():
    totals = monthly_invoice().totals

    # 450 + 12 × 25 + 2,5 × 130 = 1 075,00 € at 20 % → 215,00 € of VAT; 51,90 € of disbursements on top.
    assert totals.taxable_cents == 107_500
    assert totals.disbursements_cents == 5_190
    assert totals.lines_cents == totals.ht_cents == 112_690
    assert totals.vat_cents == 21_500
    assert totals.ttc_cents == 134_190
    assert totals.due_cents == 134_190
    assert [(g.category, g.rate, g.basis_cents, g.vat_cents) for g in totals.groups] == [
        (VatCategory.STANDARD, D("20.00"), 107_500, 21_500), (VatCategory.OUT_OF_SCOPE, D("0.00"), 5_190, 0)]


def test_several_rates_are_broken_down_per_rate_highest_first():
    lines = (InvoiceLine("Formation", D("1"), 10_010, D("5.5")), FORFAIT,
             InvoiceLine("Abonnement revue", D("1"), 12_000, D("10")), InvoiceLine("Débours", D("1"), 990, D("0"),
                                                                                  kind=LineKind.DISBURSEMENT),
             InvoiceLine("Saisie", D("3"), 3_333, D("20.00")))
    totals = monthly_invoice(lines=lines).totals

    assert [(g.rate, g.basis_cents, g.vat_cents) for g in totals.groups] == [
        (D("20.00"), 54_999, 11_000),  # 450 + 99,99 = 549,99 € → 109,998 → 110,00 €
        (D("10.00"), 12_000, 1_200),
        (D("5.50"), 10_010, 551),  # 100,10 € → 5,5055 → 5,51 €
        (D("0.00"), 990, 0),
    ]
    assert totals.ht_cents == 77_999
    assert totals.vat_cents == 12_751
    assert totals.ttc_cents == 90_750


def test_vat_is_computed_on_the_base_of_a_rate_not_line_by_line():
    # Line by line each 0,33 € line would bear 0,066 → 0,07 € (0,14 € in all); on the base of 0,66 €: 0,13 €.
    small = InvoiceLine("Copie", D("1"), 33)
    assert monthly_invoice(lines=(small, small)).totals.vat_cents == 13


def test_a_disbursement_bears_no_vat_whatever_rate_was_typed_and_the_rate_is_refused():
    typed_vat = replace(EXTRA, kind=LineKind.DISBURSEMENT, vat_rate=D("20.00"))
    invoice = monthly_invoice(lines=(FORFAIT, typed_vat))

    assert invoice.totals.vat_cents == 9_000
    assert invoice.totals.disbursements_cents == 32_500
    assert validate(invoice) == ["Ligne 2 : un débours est hors champ de la TVA : taux 0 %."]


def test_deposits_already_paid_are_deducted_from_the_amount_due():
    totals = monthly_invoice(prepaid_cents=50_000).totals
    assert (totals.ttc_cents, totals.prepaid_cents, totals.due_cents) == (134_190, 50_000, 84_190)
    assert validate(monthly_invoice(prepaid_cents=134_191)) == ["Les acomptes déduits dépassent le total TTC."]


def test_a_credit_note_has_positive_amounts_and_must_cite_the_invoice():
    note = credit_note()

    assert note.is_credit_note
    assert (note.totals.ht_cents, note.totals.vat_cents, note.totals.ttc_cents) == (32_500, 6_500, 39_000)
    assert validate(note) == []
    assert validate(credit_note(preceding_number="")) == ["Un avoir doit citer le numéro de la facture qu'il corrige."]


@pytest.mark.parametrize("issue, latest", [
    (date(2026, 1, 10), date(2026, 3, 17)),  # end of January + 45 days beats 60 days (11/03)
    (date(2026, 1, 31), date(2026, 4, 1)),  # 60 days beats both ends of month (31/03, 17/03)
    (date(2026, 2, 15), date(2026, 4, 30)),  # 45 days (01/04) then end of April
    (date(2026, 11, 30), date(2027, 1, 31)),
])
def test_the_latest_due_date_is_60_days_or_45_days_end_of_month(issue, latest):
    assert latest_due_date(issue) == latest


def test_the_due_date_defaults_to_30_days_and_may_reach_the_limit_but_not_pass_it():
    assert default_due_date(date(2026, 11, 30)) == date(2026, 12, 30)
    assert validate(monthly_invoice(due_date=date(2027, 1, 31))) == []
    assert validate(monthly_invoice(due_date=date(2027, 2, 1))) == [
        ("L'échéance du 01/02/2027 dépasse le délai légal : au plus tard le 31/01/2027 (60 jours, ou 45 jours fin "
        "de mois).")]
    assert validate(monthly_invoice(due_date=date(2026, 11, 29))) == [
        "L'échéance du 29/11/2026 précède la date d'émission du 30/11/2026."]
    assert validate(monthly_invoice(due_date=None)) == ["La date d'échéance manque (mention obligatoire)."]


def test_a_complete_invoice_has_no_problem():
    assert validate(monthly_invoice()) == []
    assert validate(public_invoice()) == []


def test_the_seller_must_state_siren_vat_number_address_and_iban():
    bare = replace(SELLER, siren="", vat_number="", iban="", address=replace(SELLER.address, city=""), siret="")
    assert validate(monthly_invoice(seller=bare)) == [
        "Cabinet : le SIREN manque (mention obligatoire).",
        "Cabinet : le numéro de TVA intracommunautaire manque (mention obligatoire).",
        "Cabinet : l'adresse est incomplète (rue, code postal, ville).",
        "Cabinet : l'IBAN manque (paiement par virement).",
    ]


def test_a_vat_number_of_another_company_is_refused():
    problems = validate(monthly_invoice(seller=replace(SELLER, vat_number="FR44732829320")))
    assert len(problems) == 1 and problems[0].startswith("Cabinet : Le numéro de TVA FR44732829320 ne correspond pas")


def test_the_buyer_needs_an_address_and_a_siren_or_an_email_and_a_public_buyer_a_siret():
    anonymous = Buyer(name="M. Martin", address=CLIENT.address)
    assert validate(monthly_invoice(buyer=anonymous)) == [
        "Client : ni SIREN ni adresse électronique, la facture électronique ne peut pas l'adresser."]
    assert validate(monthly_invoice(buyer=replace(anonymous, email="martin@example.fr"))) == []
    assert validate(public_invoice(buyer=replace(CLIENT, public_sector=True))) == [
        "Client public : le SIRET du destinataire Chorus Pro manque."]


def test_an_invoice_without_lines_or_with_a_negative_total_is_refused():
    assert validate(monthly_invoice(lines=())) == ["Facture sans ligne."]
    refund = InvoiceLine("Remboursement", D("-1"), 45_000)
    assert validate(monthly_invoice(lines=(refund,))) == [
        "Ligne 1 : la quantité doit être positive.", "Le total TTC de la facture doit être positif."]


@pytest.mark.parametrize("line, problem", [
    (InvoiceLine("", D("1"), 100), "le libellé manque."),
    (InvoiceLine("Saisie", D("0.12345"), 100), "la quantité a au plus 4 décimales."),
    (InvoiceLine("Saisie", D("1"), 0), "le prix unitaire HT doit être positif."),
    (InvoiceLine("Saisie", D("1"), 100, D("19.6")), "taux de TVA 19,60\u00a0% inconnu (20 %, 10 %, 5,5 %, 2,1 % ou 8,5 %)."),
])
def test_each_line_needs_a_label_a_quantity_a_price_and_a_french_rate(line, problem):
    assert validate(monthly_invoice(lines=(FORFAIT, line))) == [f"Ligne 2 : {problem}"]


def test_the_number_must_suit_e_invoicing():
    assert validate(monthly_invoice(number="F 2026/42")) == [
        "Numéro « F 2026/42 » : au plus 35 caractères, lettres, chiffres et + - _ /."]
    assert validate(monthly_invoice(number="")) == ["Facture sans numéro."]


def test_the_late_penalty_rate_is_mandatory_and_not_below_three_times_the_legal_rate():
    assert validate(monthly_invoice(late_penalty_rate=D("0"))) == [
        "Le taux des pénalités de retard manque (mention obligatoire)."]
    assert validate(monthly_invoice(late_penalty_rate=D("7.86")), minimum_penalty_rate=D("7.86")) == []
    assert validate(monthly_invoice(late_penalty_rate=D("7.5")), minimum_penalty_rate=D("7.86")) == [
        ("Le taux des pénalités de retard (7,50\u00a0%) est inférieur au minimum légal de 7,86\u00a0% (trois fois le "
        "taux d'intérêt légal).")]
    assert validate(monthly_invoice(recovery_indemnity_cents=0)) == [
        "L'indemnité forfaitaire pour frais de recouvrement est d'au moins 40 €."]


def test_the_seller_is_a_snapshot_of_the_firm_identity():
    firm = FirmIdentity(name="Cabinet Verger", legal_form="SAS", siren="552008443", vat_number="FR19552008443",
                        rcs_city="Lyon", share_capital_cents=5_000_000, address_line="8 quai Saint-Vincent",
                        postal_code="69001", city="Lyon", iban="FR7630006000011234567890189", bic="AGRIFRPP")
    seller = Seller.of_firm(firm, vat_on_debits=True)

    assert (seller.name, seller.siren, seller.vat_number, seller.rcs_city, seller.share_capital_cents) == (
        "Cabinet Verger", "552008443", "FR19552008443", "Lyon", 5_000_000)
    assert (seller.address.line, seller.address.postal_code, seller.address.city, seller.address.country) == (
        "8 quai Saint-Vincent", "69001", "Lyon", "FR")
    assert seller.iban == "FR7630006000011234567890189" and seller.vat_on_debits


def test_the_notes_state_the_penalty_rate_the_indemnity_and_the_terms():
    invoice = monthly_invoice(payment_terms="")

    assert "au taux annuel de 10,00\u00a0%" in mentions.late_penalties(invoice)
    assert "frais de recouvrement de 40,00\u00a0€" in mentions.recovery_indemnity(invoice)
    assert mentions.early_payment(invoice) == "Pas d'escompte pour paiement anticipé."
    assert mentions.payment_terms(invoice) == "Paiement par virement au plus tard le 30/12/2026."
    assert mentions.payment_terms(monthly_invoice()) == "Paiement à 30 jours par virement."
