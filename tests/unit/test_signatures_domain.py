"""Pure rules of the e-signature module: names and phones for Yousign, the API key, page count, the report."""

import zlib

import pytest

from domain.errors import InvalidInput
from domain.signatures.credentials import clean_api_key, clean_base_url, hint_of
from domain.signatures.model import SyncOutcome, SyncReport, YousignEnvironment, status_label
from domain.signatures.pdf import page_count
from domain.signatures.services import international_phone, split_name


@pytest.mark.parametrize(("typed", "expected"), [
    ("Jeanne Dupain", ("Jeanne", "Dupain")), ("  Jean  de La Fontaine ", ("Jean", "de La Fontaine"))])
def test_the_signatory_name_splits_into_first_and_last_name(typed, expected):
    assert split_name(typed) == expected


def test_a_single_word_is_not_enough_for_yousign():
    with pytest.raises(InvalidInput, match="Signataire « Dupain » : indiquez son prénom et son nom"):
        split_name("Dupain")


@pytest.mark.parametrize(("typed", "expected"), [
    ("06 12 34 56 78", "+33612345678"), ("01.23.45.67.89", "+33123456789"), ("+33 6 12 34 56 78", "+33612345678"),
    ("0032 470 12 34 56", "+32470123456"), ("", ""), ("12", ""), ("standard", "")])
def test_phones_are_sent_in_international_format_or_not_at_all(typed, expected):
    assert international_phone(typed) == expected


def test_the_api_key_is_trimmed_and_a_pasted_bearer_prefix_removed():
    assert clean_api_key("  Bearer abcdefghijklmnop1234 \n") == "abcdefghijklmnop1234"
    assert hint_of("abcdefghijklmnop1234") == "…1234"


@pytest.mark.parametrize("typed", ["", "   ", "short", "with space inside 12345678"])
def test_a_malformed_api_key_is_refused(typed):
    with pytest.raises(InvalidInput):
        clean_api_key(typed)


def test_base_urls_must_be_http_addresses():
    assert clean_base_url("http://127.0.0.1:8080/v3/") == "http://127.0.0.1:8080/v3"
    with pytest.raises(InvalidInput):
        clean_base_url("javascript:alert(1)")


def test_environments_know_their_documented_addresses():
    assert YousignEnvironment.SANDBOX.base_url == "https://api-sandbox.yousign.app/v3"
    assert YousignEnvironment.PRODUCTION.base_url == "https://api.yousign.app/v3"
    assert YousignEnvironment.of_url("https://api.yousign.app/v3/") is YousignEnvironment.PRODUCTION
    assert YousignEnvironment.of_url("http://127.0.0.1:1/v3") is None


def test_statuses_are_shown_in_french():
    assert status_label("ongoing") == "En cours de signature"
    assert status_label("declined") == "Refusée par le signataire"
    assert status_label("something_new") == "something_new"
    assert status_label("") == "—"


def test_page_count_reads_a_plain_page_tree():
    pdf = b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R 4 0 R] " \
          b"/Count 2>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R>> endobj\n%%EOF"
    assert page_count(pdf) == 2


def test_page_count_reads_a_page_tree_inside_a_compressed_object_stream():
    objects = zlib.compress(b"1 0 2 60\n<</Type /Pages/Kids [7 0 R 9 0 R 11 0 R 13 0 R]/Count 4>>\n"
                            b"<</Type /Catalog/Pages 1 0 R>>")
    pdf = (b"%PDF-1.7\n5 0 obj\n<</Type /ObjStm /N 2 /First 9 /Filter /FlateDecode /Length "
           + str(len(objects)).encode() + b">>\nstream\n" + objects + b"\nendstream\nendobj\n%%EOF")
    assert page_count(pdf) == 4


def test_page_count_of_something_unreadable_is_one():
    assert page_count(b"not a pdf") == 1


def test_the_sync_report_counts_outcomes_and_adds_up():
    report = SyncReport()
    for outcome in (SyncOutcome.SIGNED, SyncOutcome.PENDING, SyncOutcome.REFUSED, SyncOutcome.EXPIRED):
        report.count(outcome)
    other = SyncReport(errors=["LM-1 : erreur"])
    other.count(SyncOutcome.SIGNED)
    report.add(other)
    assert report.summary == "Lettres vérifiées : 5, signées : 2, refusées : 1, expirées : 1, erreurs : 1."
