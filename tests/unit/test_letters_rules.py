"""Letter status rules, the documented template variables and the default templates (pure)."""

from dataclasses import replace
from datetime import date

import pytest

from domain.errors import InvalidInput
from domain.formatting import eur_cents
from domain.firm.model import FirmIdentity, Grade, GradeRate
from domain.letters import rules
from domain.letters.defaults import DEFAULT_AMENDMENT_BODY, DEFAULT_LETTER_BODY
from domain.letters.model import EngagementLetter, LetterKind, LetterStatus
from domain.letters.variables import (VARIABLES, build_context, context_paths, documented_paths, mission_fees,
                                      sample_data)
from domain.templating import render_source

FIRM = FirmIdentity(name="Cabinet Verger & Associés", legal_form="SAS", siren="123456782", rcs_city="Lyon",
                    vat_number="FR12123456782", ordre_number="14-000123-01", city="Lyon")
GRADES = (Grade(1, "associe", "Associé", 1), Grade(2, "manager", "Manager", 2), Grade(3, "assistant", "Assistant", 5))
RATES = tuple(GradeRate(g.id, g.id, date(2026, 1, 1), 10_000 + g.id, 5_000) for g in GRADES)


def letter(status: LetterStatus, **fields) -> EngagementLetter:
    base = EngagementLetter(id=1, number="LM2026-00001", status=status, client_id=1,
                            fiscal_year_start=date(2027, 1, 1), fiscal_year_end=date(2027, 12, 31),
                            created_on=date(2026, 11, 20), signatory_name="Marie Durand",
                            signatory_email="marie@alpha.fr")
    return replace(base, **fields)


def test_only_a_draft_is_edited_and_put_up_for_signature():
    rules.check_editable(letter(LetterStatus.DRAFT))
    rules.check_can_put_up(letter(LetterStatus.DRAFT))
    for status in set(LetterStatus) - {LetterStatus.DRAFT}:
        with pytest.raises(InvalidInput):
            rules.check_editable(letter(status))
        with pytest.raises(InvalidInput):
            rules.check_can_put_up(letter(status))


def test_putting_up_needs_the_signatory_name_and_email():
    with pytest.raises(InvalidInput, match="Indiquez le nom et l'e-mail du signataire"):
        rules.check_can_put_up(letter(LetterStatus.DRAFT, signatory_name=" ", signatory_email=""))
    with pytest.raises(InvalidInput, match="Indiquez l'e-mail du signataire"):
        rules.check_can_put_up(letter(LetterStatus.DRAFT, signatory_email=""))


def test_signature_refusal_and_expiry_only_for_a_letter_to_sign():
    rules.check_awaiting_signature(letter(LetterStatus.TO_SIGN), "la signature")
    for status in set(LetterStatus) - {LetterStatus.TO_SIGN}:
        with pytest.raises(InvalidInput, match="que pour une lettre à signer"):
            rules.check_awaiting_signature(letter(status), "la signature")
    sent = letter(LetterStatus.TO_SIGN, expires_on=date(2026, 12, 20))
    assert not rules.is_overdue(sent, date(2026, 12, 20)) and rules.is_overdue(sent, date(2026, 12, 21))
    assert not rules.is_overdue(letter(LetterStatus.SIGNED, expires_on=date(2026, 1, 1)), date(2026, 12, 21))
    assert rules.expiry_for(date(2026, 11, 20)) == date(2026, 12, 20)


def test_revision_and_amendment_rules():
    for status in (LetterStatus.TO_SIGN, LetterStatus.REFUSED, LetterStatus.EXPIRED):
        rules.check_revisable(letter(status), 1)
    for status in (LetterStatus.DRAFT, LetterStatus.SIGNED, LetterStatus.SUPERSEDED):
        with pytest.raises(InvalidInput):
            rules.check_revisable(letter(status), 1)
    with pytest.raises(InvalidInput, match="version plus récente"):
        rules.check_revisable(letter(LetterStatus.TO_SIGN), 2)
    rules.check_amendable(letter(LetterStatus.SIGNED))
    with pytest.raises(InvalidInput, match="lettre de mission signée"):
        rules.check_amendable(letter(LetterStatus.TO_SIGN))
    with pytest.raises(InvalidInput):
        rules.check_amendable(letter(LetterStatus.SIGNED, kind=LetterKind.AMENDMENT))


def test_signed_upload_checks():
    rules.check_signed_upload(b"%PDF-1.4 ...", "ok.pdf")
    with pytest.raises(InvalidInput, match="n'est pas un PDF"):
        rules.check_signed_upload(b"\x89PNG", "scan.png")
    with pytest.raises(InvalidInput, match="dépasse 10 Mo"):
        rules.check_signed_upload(b"%PDF-" + b"x" * rules.MAX_SIGNED_BYTES, "big.pdf")


def test_documented_variables_are_exactly_the_context_provided():
    for kind in LetterKind:
        context = build_context(sample_data(FIRM, date(2026, 11, 20), GRADES, RATES, None, kind))
        assert context_paths(context) == documented_paths()
    assert len(VARIABLES) == len(documented_paths())  # no duplicate


def test_default_templates_render_every_block_for_the_sample():
    context = build_context(sample_data(FIRM, date(2026, 11, 20), GRADES, RATES))
    html = render_source(DEFAULT_LETTER_BODY, **context)

    for text in ("Cabinet Verger &amp; Associés", "RCS Lyon 123 456 782", "14-000123-01", "FR12123456782",
                 "NP 2300", "Sont exclus", "Répartition des tâches", "tacite reconduction", "trois mois",
                 "Forfait mensualisé", "Unitaire", eur_cents(2_250), "P1 = P0 × S1 / S0", "Non-sollicitation",
                 "conciliation", "RGPD", "L561-1", "Lu et approuvé", "Associé", eur_cents(10_001)):
        assert text in html, text
    amendment = render_source(DEFAULT_AMENDMENT_BODY, **build_context(
        sample_data(FIRM, date(2026, 11, 20), GRADES, RATES, None, LetterKind.AMENDMENT)))
    assert "LM2026-00001" in amendment and "demeurent inchangées" in amendment


def test_user_values_are_escaped_in_the_rendered_letter():
    data = sample_data(FIRM, date(2026, 11, 20))
    data = replace(data, client=replace(data.client, name="<script>alert(1)</script>"))

    html = render_source(DEFAULT_LETTER_BODY, **build_context(data))

    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_discount_goes_on_the_forfaits_and_missions_sum_to_the_total():
    quote = sample_data(FIRM, date(2026, 11, 20)).quote
    discounted = replace(quote, discount_cents=10_001)

    fees = mission_fees(discounted)

    assert sum(fees) == discounted.total_ht_cents
    assert fees[1] == 54_000  # the unit-priced line keeps its price
