"""Pipeline rules: stage transitions, the prospect form, overdue next actions."""

from dataclasses import replace
from datetime import date

import pytest

from domain.clients.model import ClientKind
from domain.errors import InvalidInput
from domain.pipeline.model import OPEN_STAGES, Prospect, Stage, check_transition
from domain.pipeline.validation import InvalidProspect, as_form, validate_prospect

DAY = date(2026, 11, 20)
BASE = Prospect(id=0, name="", created_on=DAY, stage_changed_on=DAY)


def test_stages_have_french_labels_in_pipeline_order():
    assert [s.label for s in sorted(Stage, key=lambda s: s.order)] == [
        "Nouveau", "Qualifié", "Devis envoyé", "Gagné", "Perdu"]
    assert [s.value for s in Stage] == ["nouveau", "qualifie", "devis_envoye", "gagne", "perdu"]
    assert [s.is_closed for s in Stage] == [False, False, False, True, True]


@pytest.mark.parametrize("current", OPEN_STAGES)
@pytest.mark.parametrize("target", [Stage.NEW, Stage.QUALIFIED, Stage.QUOTE_SENT, Stage.WON])
def test_an_open_prospect_may_go_to_any_open_stage_or_be_won(current, target):
    check_transition(current, target)


def test_losing_needs_a_reason():
    with pytest.raises(InvalidInput, match="Indiquez la raison de la perte du prospect."):
        check_transition(Stage.QUALIFIED, Stage.LOST, "   ")
    check_transition(Stage.QUALIFIED, Stage.LOST, "Prix trop élevé")


def test_a_lost_prospect_reopens_only_as_new_or_qualified():
    check_transition(Stage.LOST, Stage.NEW)
    check_transition(Stage.LOST, Stage.QUALIFIED)
    for target in (Stage.QUOTE_SENT, Stage.WON):
        with pytest.raises(InvalidInput, match="ne peut être rouvert qu'en « Nouveau » ou « Qualifié »"):
            check_transition(Stage.LOST, target)


@pytest.mark.parametrize("target", [Stage.NEW, Stage.QUALIFIED, Stage.QUOTE_SENT, Stage.LOST])
def test_a_won_prospect_is_final(target):
    with pytest.raises(InvalidInput, match="Un prospect gagné est définitif"):
        check_transition(Stage.WON, target, "raison")


def test_a_valid_form_gives_the_typed_values_cleaned():
    prospect = validate_prospect({
        "name": "  Boulangerie   Dupain ", "siren": "552 008 443", "email": "Contact@Dupain.FR",
        "expected_fees": "12 500,50", "next_action": "Rappeler", "next_action_on": "05/12/2026",
        "postal_code": "69003", "notes": "ligne 1\nligne 2"}, BASE)

    assert (prospect.name, prospect.siren, prospect.email, prospect.expected_fees_cents) == (
        "Boulangerie Dupain", "552008443", "contact@dupain.fr", 1_250_050)
    assert (prospect.next_action_on, prospect.kind, prospect.notes) == (date(2026, 12, 5), ClientKind.COMPANY,
                                                                         "ligne 1\nligne 2")
    assert validate_prospect(as_form(prospect), BASE) == prospect


def test_an_invalid_form_lists_every_problem_at_once():
    with pytest.raises(InvalidProspect) as err:
        validate_prospect({"name": " ", "siren": "552008444", "email": "pas-un-mail", "expected_fees": "-10",
                           "next_action_on": date(2026, 12, 1)}, BASE)

    assert err.value.problems == [
        "Nom : valeur obligatoire.",
        "SIREN « 552008444 » invalide : 9 chiffres avec une clé de contrôle correcte.",
        "E-mail « pas-un-mail » invalide.",
        "Honoraires annuels espérés : le montant ne peut pas être négatif.",
        "Prochaine action : décrivez l'action prévue à cette date.",
    ]


@pytest.mark.parametrize(("typed", "problem"), [
    ("1,2,3", "Honoraires annuels espérés : « 1,2,3 » n'est pas un montant valide."),
    ("10,123", "Honoraires annuels espérés : au plus deux décimales."),
])
def test_fees_are_typed_the_french_way(typed, problem):
    with pytest.raises(InvalidProspect) as err:
        validate_prospect({"name": "X", "expected_fees": typed}, BASE)
    assert err.value.problems == [problem]


def test_an_impossible_next_action_date_is_refused():
    with pytest.raises(InvalidProspect, match="Date de la prochaine action « 31/02/2026 » invalide"):
        validate_prospect({"name": "X", "next_action": "Appeler", "next_action_on": "31/02/2026"}, BASE)


def test_an_individual_has_no_siren():
    with pytest.raises(InvalidProspect, match="un particulier n'en a pas"):
        validate_prospect({"name": "Jean Dupont", "kind": "individual", "siren": "552008443"}, BASE)


def test_only_an_open_prospect_with_a_past_date_is_overdue():
    due = Prospect(id=1, name="A", created_on=DAY, stage_changed_on=DAY, next_action="Appeler",
                   next_action_on=date(2026, 11, 19))
    assert due.next_action_overdue(DAY) is True
    assert due.next_action_overdue(date(2026, 11, 19)) is False  # due today is not late yet
    assert replace(due, stage=Stage.WON).next_action_overdue(DAY) is False
    assert replace(due, next_action_on=None).next_action_overdue(DAY) is False
