"""Parsing and checking a client file: bytes in, per-row report out (no database)."""

import io
import time

import pytest
from openpyxl import Workbook

from domain.clients import importing
from domain.clients.importing import RowStatus
from domain.clients.validation import InvalidClient, parse_fiscal_year_end, validate_client
from domain.errors import InvalidInput

HEADER = "nom;siren;forme_juridique;adresse;code_postal;ville;email;telephone;date_cloture"


def report_of(content: bytes, existing: dict[str, str] | None = None, filename: str = "clients.csv"):
    return importing.check(importing.parse(filename, content), existing or {})


def test_semicolon_file_in_utf8_gives_one_ok_row_with_every_field():
    content = (HEADER + "\nGarage Éclair;732 829 320;SARL;3 rue des Lilas;69003;Lyon;a@eclair.fr;04 78 00 00 00;30/06\n")

    report = report_of(content.encode())

    [row] = report.rows
    assert (row.line, row.status, row.name, row.siren) == (2, RowStatus.OK, "Garage Éclair", "732829320")
    client = row.client
    assert (client.legal_form, client.postal_code, client.city, client.email) == ("SARL", "69003", "Lyon", "a@eclair.fr")
    assert client.fiscal_year_end == (30, 6)


def test_comma_separator_is_recognised():
    report = report_of(b"nom,siren,ville\nAlpha,552008443,Paris\nBeta,404833048,Nantes\n")

    assert [(r.name, r.siren, r.client.city) for r in report.rows] == [
        ("Alpha", "552008443", "Paris"), ("Beta", "404833048", "Nantes")]


def test_utf8_bom_is_dropped_from_the_first_header():
    report = report_of("\ufeffNom;SIREN\nÉpicerie Léa;552008443\n".encode("utf-8"))

    assert [(r.name, r.status) for r in report.rows] == [("Épicerie Léa", RowStatus.OK)]


def test_windows_1252_file_keeps_its_accents():
    report = report_of("nom;siren;ville\nCafé de l'Hôtel;552008443;Besançon\n".encode("cp1252"))

    assert (report.rows[0].name, report.rows[0].client.city) == ("Café de l'Hôtel", "Besançon")


def test_headers_ignore_case_accents_and_spaces():
    report = report_of("NOM;Siren;Téléphone;Date de clôture;Code postal\nAlpha;552008443;01 02 03 04 05;31/03/2026;75011\n"
                       .encode())

    client = report.rows[0].client
    assert (client.phone, client.fiscal_year_end, client.postal_code) == ("01 02 03 04 05", (31, 3), "75011")


@pytest.mark.parametrize(("text", "expected"), [("31/12", (31, 12)), ("30/06/2026", (30, 6)), ("1/9", (1, 9)),
                                                ("", (31, 12)), ("29/02", (29, 2))])
def test_fiscal_year_end_reads_dd_mm_and_dd_mm_yyyy(text, expected):
    assert parse_fiscal_year_end(text) == expected


@pytest.mark.parametrize("text", ["31/04", "12-31", "2026-12-31", "00/12", "15/13/2026"])
def test_fiscal_year_end_refuses_impossible_or_other_formats(text):
    with pytest.raises(InvalidInput, match="Date de clôture"):
        parse_fiscal_year_end(text)


def test_missing_required_columns_are_named_in_french():
    with pytest.raises(InvalidInput) as err:
        importing.parse("clients.csv", b"raison;ville\nAlpha;Paris\n")

    assert err.value.message == "Colonne(s) obligatoire(s) absente(s) : nom, siren. Colonnes lues : raison, ville."


def test_a_header_without_rows_is_refused():
    with pytest.raises(InvalidInput) as err:
        importing.parse("clients.csv", (HEADER + "\n\n").encode())

    assert err.value.message == "Le fichier ne contient aucune ligne de client sous l'en-tête."


def test_an_empty_file_is_refused():
    with pytest.raises(InvalidInput) as err:
        importing.parse("clients.csv", b"")

    assert err.value.message == "Le fichier est vide : aucune ligne d'en-tête ni de client."


def test_bad_siren_is_an_error_row_with_the_reason_and_other_rows_stay_ok():
    report = report_of(b"nom;siren\nAlpha;552008443\nBeta;552008444\n")

    assert [r.status for r in report.rows] == [RowStatus.OK, RowStatus.ERROR]
    assert report.rows[1].reason == "SIREN « 552008444 » invalide : 9 chiffres avec une clé de contrôle correcte."
    assert (report.problem_count, len(report.valid)) == (1, 1)


def test_every_problem_of_a_row_is_reported_at_once():
    report = report_of(b"nom;siren;email;code_postal\n;123;pas-un-mail;7500\n")

    assert report.rows[0].reason == ("SIREN « 123 » invalide : 9 chiffres avec une clé de contrôle correcte. ; "
                                     "Nom : valeur obligatoire. ; Code postal « 7500 » invalide : 5 chiffres. ; "
                                     "E-mail « pas-un-mail » invalide.")


def test_a_siren_twice_in_the_file_makes_the_second_row_a_duplicate():
    report = report_of(b"nom;siren\nAlpha;552008443\nBeta;552 008 443\n")

    assert [(r.line, r.status, r.reason) for r in report.rows] == [
        (2, RowStatus.OK, ""), (3, RowStatus.DUPLICATE, "SIREN déjà présent à la ligne 2 du fichier.")]


def test_a_siren_already_in_the_firm_is_a_duplicate_naming_the_client():
    report = report_of(b"nom;siren\nAlpha;552008443\n", existing={"552008443": "Alpha SAS"})

    assert report.rows[0].status is RowStatus.DUPLICATE
    assert report.rows[0].reason == "SIREN déjà présent dans le cabinet (client « Alpha SAS »)."


def test_an_empty_siren_makes_an_individual_and_never_a_duplicate():
    report = report_of(b"nom;siren\nJean Dupont;\nMarie Curie;\n")

    assert [(r.status, r.client.kind.value, r.client.siren) for r in report.rows] == [
        (RowStatus.OK, "individual", None), (RowStatus.OK, "individual", None)]


def test_line_numbers_count_the_blank_lines_of_the_file():
    report = report_of(b"nom;siren\n\nAlpha;552008443\n;\nBeta;1\n")

    assert [r.line for r in report.rows] == [3, 5]


def test_xlsx_file_is_read_with_dates_and_numbers_as_typed():
    book = Workbook()
    sheet = book.active
    sheet.append(["Nom", "SIREN", "Code postal", "Date clôture"])
    sheet.append(["Alpha", 552008443, 69003, "30/09"])
    buffer = io.BytesIO()
    book.save(buffer)

    report = report_of(buffer.getvalue(), filename="clients.xlsx")

    client = report.rows[0].client
    assert (client.name, client.siren, client.postal_code, client.fiscal_year_end) == ("Alpha", "552008443", "69003", (30, 9))


def test_a_broken_xlsx_is_refused_in_french():
    with pytest.raises(InvalidInput, match="Le fichier Excel est illisible"):
        importing.parse("clients.xlsx", b"PK\x03\x04 not really a zip")


def test_the_template_parses_into_one_valid_row():
    report = report_of(importing.template_csv())

    assert [(r.name, r.siren, r.status) for r in report.rows] == [("Boulangerie Dupain", "732829320", RowStatus.OK)]


def test_a_10_mb_file_is_parsed_and_checked_in_seconds():
    line = "Entreprise numéro {n};{siren};SARL;12 avenue de la République;69003;Lyon;compta@exemple.fr;04 78 00 00 00;31/12\n"
    from stdnum import luhn

    rows, size, n = [HEADER + "\n"], 0, 0
    while size < 10 * 1024 * 1024:
        base = f"{10_000_000 + n}"
        rows.append(line.format(n=n, siren=base + luhn.calc_check_digit(base)))
        size += len(rows[-1].encode("utf-8"))
        n += 1
    content = "".join(rows).encode("utf-8")
    assert len(content) >= 10 * 1024 * 1024

    started = time.perf_counter()
    report = report_of(content)
    elapsed = time.perf_counter() - started

    assert len(report.rows) == n
    assert report.problem_count == 0
    assert elapsed < 60, f"{elapsed:.1f} s"


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(InvalidInput, match="Fichier trop volumineux : 20 Mo au plus."):
        importing.parse("clients.csv", b"x" * (20 * 1024 * 1024 + 1))


def test_validate_client_refuses_a_company_without_siren_and_a_mismatched_vat_number():
    with pytest.raises(InvalidClient) as err:
        validate_client({"kind": "company", "name": "Alpha", "siren": ""})
    assert err.value.problems == ["SIREN : obligatoire pour une société."]

    with pytest.raises(InvalidClient) as err:
        validate_client({"name": "Alpha", "siren": "552008443", "vat_number": "FR40303265045"})
    assert err.value.problems == [("Le numéro de TVA FR40303265045 ne correspond pas au SIREN 552008443 "
                                   "(attendu : FR19552008443).")]


def test_the_optional_share_capital_column_is_read_the_french_way():
    content = "nom;siren;Capital social\nAlpha;552008443;15 000,50\nBeta;404833048;beaucoup\n"

    report = report_of(content.encode())

    assert report.rows[0].client.share_capital_cents == 1_500_050
    assert (report.rows[1].status, report.rows[1].reason) == (
        RowStatus.ERROR, "Capital social : « beaucoup » n'est pas un montant valide.")
