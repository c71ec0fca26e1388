"""Statuses, versions and the checks of a draft (domain/quotes/rules.py)."""

from dataclasses import replace
from datetime import date

import pytest

from domain.catalogue.model import BillingMode
from domain.errors import InvalidInput
from domain.quotes import rules
from domain.quotes.model import GradeHours, LineKind, Quote, QuoteDraft, QuoteLine, QuoteStatus

S = QuoteStatus
TODAY = date(2026, 11, 20)
LINE = QuoteLine(0, "  Tenue   comptable ", BillingMode.ANNUAL, fee_cents=120000)


def quote(**fields) -> Quote:
    values = dict(id=1, number="D2026-00001", status=S.DRAFT, created_on=TODAY, valid_until=date(2026, 12, 20),
                  lines=(LINE,))
    values.update(fields)
    return Quote(**values)


@pytest.mark.parametrize("current, allowed", [
    (S.DRAFT, {S.SENT}),
    (S.SENT, {S.ACCEPTED, S.REFUSED, S.EXPIRED, S.SUPERSEDED}),
    (S.ACCEPTED, set()),
    (S.REFUSED, {S.SUPERSEDED}),
    (S.EXPIRED, {S.SUPERSEDED}),
    (S.SUPERSEDED, set()),
])
def test_each_status_allows_exactly_its_successors(current, allowed):
    assert {target for target in S if rules.can_move(current, target)} == allowed


def test_a_draft_cannot_be_accepted_and_an_accepted_quote_cannot_be_refused():
    with pytest.raises(InvalidInput) as err:
        rules.check_move(quote(), S.ACCEPTED)
    assert err.value.message == "Le devis D2026-00001 est « Brouillon » : il ne peut pas être accepté."
    with pytest.raises(InvalidInput, match="« Accepté » : il ne peut pas être refusé"):
        rules.check_move(quote(status=S.ACCEPTED), S.REFUSED)


def test_only_a_draft_is_editable():
    rules.check_editable(quote())
    with pytest.raises(InvalidInput, match="seul un brouillon se modifie"):
        rules.check_editable(quote(status=S.SENT, version=2))


def test_only_the_latest_version_may_act_and_be_revised():
    v1, v2 = quote(status=S.SUPERSEDED), quote(id=2, version=2, status=S.SENT, previous_id=1)
    rules.check_latest(v2, [v1, v2])
    rules.check_revisable(v2, [v1, v2])
    with pytest.raises(InvalidInput) as err:
        rules.check_latest(v1, [v1, v2])
    assert err.value.message == ("Le devis D2026-00001 a été remplacé par la version 2 : "
                                 "seule la dernière version peut évoluer.")
    with pytest.raises(InvalidInput, match="seul un devis envoyé, refusé ou expiré se révise"):
        rules.check_revisable(quote(), [quote()])
    with pytest.raises(InvalidInput, match="seul un devis envoyé, refusé ou expiré se révise"):
        rules.check_revisable(quote(status=S.ACCEPTED), [quote(status=S.ACCEPTED)])


def test_a_sent_quote_is_overdue_the_day_after_its_validity_date():
    sent = quote(status=S.SENT)
    assert not rules.is_overdue(sent, date(2026, 12, 20))
    assert rules.is_overdue(sent, date(2026, 12, 21))
    assert not rules.is_overdue(quote(status=S.ACCEPTED), date(2027, 1, 1))


def test_a_clean_draft_folds_spaces_and_numbers_its_lines():
    extra = QuoteLine(0, "Situation", BillingMode.TIME_SPENT, kind=LineKind.EXTRA, fee_cents=999)
    draft = rules.clean_draft(QuoteDraft(client_id=3, title="  Devis   2027 ", lines=(LINE, extra),
                                         conditions="Ligne 1\r\nLigne 2  \n"), TODAY)
    assert draft.title == "Devis 2027"
    assert [(line.label, line.position) for line in draft.lines] == [("Tenue comptable", 0), ("Situation", 1)]
    assert draft.lines[1].fee_cents == 0  # an extra carries no price
    assert draft.conditions == "Ligne 1\nLigne 2"


def test_a_draft_lists_every_problem_at_once():
    unit = QuoteLine(0, "Paie", BillingMode.UNIT, quantity=12, unit_price_cents=2500, fee_cents=1000)
    bad_hours = QuoteLine(0, "Révision", BillingMode.ANNUAL, fee_cents=1000,
                          hours=(GradeHours(1, 60, 100), GradeHours(1, 30, 100)))
    with pytest.raises(InvalidInput) as err:
        rules.clean_draft(QuoteDraft(client_id=1, prospect_id=2, valid_until=date(2026, 11, 1), discount_cents=50000,
                                     lines=(unit, QuoteLine(0, " ", BillingMode.ANNUAL), bad_hours)), TODAY)
    assert err.value.message.split(" ; ") == [
        "Choisissez le client ou le prospect destinataire du devis (un seul des deux).",
        "La date de validité ne peut pas précéder la date du devis.",
        "Ligne 1 : le prix doit être la quantité × le prix unitaire.",
        "Ligne 2, libellé : valeur obligatoire.",
        "Ligne 3 : un grade apparaît deux fois.",
        "La remise dépasse le total des honoraires proposés.",
    ]


def test_a_quote_without_a_recipient_is_refused():
    with pytest.raises(InvalidInput, match="Choisissez le client ou le prospect"):
        rules.clean_draft(QuoteDraft(lines=(LINE,)), TODAY)


def test_a_quote_without_mission_or_with_a_zero_total_cannot_be_sent():
    with pytest.raises(InvalidInput, match="aucune mission"):
        rules.check_sendable(quote(lines=()))
    with pytest.raises(InvalidInput, match="total HT du devis est nul"):
        rules.check_sendable(quote(lines=(replace(LINE, fee_cents=0),)))
    rules.check_sendable(quote())
