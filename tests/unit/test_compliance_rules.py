"""LCB-FT rules: the vigilance level from the four scores and the forcing reasons, the override, maker/checker,
review dates with fixed dates, the review states and the gate's message."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from domain.compliance import rules
from domain.compliance.model import (
    Assessment,
    AssessmentStatus,
    ClientCompliance,
    ComplianceSettings,
    Criterion,
    Level,
    ReviewFlag,
    Score,
)
from domain.errors import InvalidInput, PermissionDenied

C, A, L, M = Criterion.CLIENT, Criterion.ACTIVITY, Criterion.LOCATION, Criterion.MISSIONS
LOW, MED, HIGH = Score.LOW, Score.MEDIUM, Score.HIGH
SETTINGS = ComplianceSettings()  # standard from 6, renforcée from 8


def scores(c, a, lo, m):
    return {C: c, A: a, L: lo, M: m}


@pytest.mark.parametrize(("given", "expected"), [
    (scores(LOW, LOW, LOW, LOW), Level.SIMPLIFIED),  # 4
    (scores(MED, LOW, LOW, LOW), Level.SIMPLIFIED),  # 5
    (scores(MED, MED, LOW, LOW), Level.STANDARD),  # 6: the standard threshold
    (scores(MED, MED, MED, LOW), Level.STANDARD),  # 7
    (scores(MED, MED, MED, MED), Level.ENHANCED),  # 8: the renforcée threshold
    (scores(LOW, LOW, LOW, HIGH), Level.ENHANCED),  # 6 but one élevé
])
def test_the_level_follows_the_sum_and_any_high_score(given, expected):
    assert rules.computed_level(SETTINGS, given, {}) is expected


def test_a_pep_or_high_risk_country_reason_forces_the_enhanced_level_whatever_the_scores():
    low = scores(LOW, LOW, LOW, LOW)
    assert rules.computed_level(SETTINGS, low, {C: ("Personne politiquement exposée (PPE) ou proche",)}) \
        is Level.ENHANCED
    assert rules.computed_level(SETTINGS, low, {L: ("Pays à haut risque (listes GAFI ou UE)",)}) is Level.ENHANCED
    # an ordinary reason does not
    assert rules.computed_level(SETTINGS, low, {A: ("Activité à forte intensité d'espèces",)}) is Level.SIMPLIFIED


def test_the_thresholds_are_the_firms():
    stricter = replace(SETTINGS, standard_from=5, enhanced_from=7)
    assert rules.computed_level(stricter, scores(MED, LOW, LOW, LOW), {}) is Level.STANDARD  # 5
    assert rules.computed_level(stricter, scores(MED, MED, MED, LOW), {}) is Level.ENHANCED  # 7


def test_every_criterion_must_be_scored_and_reasons_come_from_the_firms_list():
    with pytest.raises(InvalidInput, match="Localisation"):
        rules.check_scores({C: LOW, A: LOW, M: LOW})
    with pytest.raises(InvalidInput, match="motif inconnu"):
        rules.check_reasons(SETTINGS, {A: ("Trafic de perroquets",)})
    # a reason of another criterion is refused too
    with pytest.raises(InvalidInput, match="motif inconnu"):
        rules.check_reasons(SETTINGS, {A: ("Pays à haut risque (listes GAFI ou UE)",)})


def test_an_override_needs_a_validator_and_a_written_reason():
    assert rules.check_override(None, "anything", False) == (None, "")
    with pytest.raises(PermissionDenied):
        rules.check_override(Level.STANDARD, "Client connu depuis 20 ans", False)
    with pytest.raises(InvalidInput, match="Justifiez"):
        rules.check_override(Level.STANDARD, "  court ", True)
    assert rules.check_override(Level.STANDARD, " Client connu depuis 20 ans ", True) == (
        Level.STANDARD, "Client connu depuis 20 ans")


def _assessment(**changes) -> Assessment:
    base = Assessment(id=1, client_id=7, status=AssessmentStatus.SUBMITTED, scores=scores(LOW, LOW, LOW, LOW),
                      reasons={}, justification="ok", computed_level=Level.SIMPLIFIED, override_level=None,
                      override_reason="", prepared_by=10, created_at=datetime(2026, 1, 5, tzinfo=UTC))
    return replace(base, **changes)


def test_maker_checker_the_preparer_cannot_validate_and_only_a_submitted_one_is_validated():
    with pytest.raises(PermissionDenied, match="préparé"):
        rules.check_validator(_assessment(), 10)
    rules.check_validator(_assessment(), 11)
    with pytest.raises(InvalidInput, match="soumise"):
        rules.check_validator(_assessment(status=AssessmentStatus.DRAFT), 11)
    with pytest.raises(InvalidInput, match="ne peut plus être modifiée"):
        rules.check_editable(_assessment(status=AssessmentStatus.VALIDATED))


@pytest.mark.parametrize(("level", "validated", "expected"), [
    (Level.ENHANCED, date(2026, 3, 15), date(2027, 3, 15)),  # 12 months
    (Level.STANDARD, date(2026, 3, 15), date(2028, 3, 15)),  # 24 months
    (Level.SIMPLIFIED, date(2026, 3, 15), date(2029, 3, 15)),  # 36 months
    (Level.ENHANCED, date(2028, 2, 29), date(2029, 2, 28)),  # leap day: the month's last day
])
def test_next_review_from_the_level(level, validated, expected):
    assert rules.next_review(SETTINGS, level, validated) == expected


def test_add_months_crosses_years_and_short_months():
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def _item(name: str, current: Assessment | None, flags=()) -> ClientCompliance:
    return ClientCompliance(client_id=hash(name) % 1000, client_name=name, client_siren=None, manager_id=None,
                            current=current, pending=None, flags=tuple(flags))


def _validated(next_review_on: date) -> Assessment:
    return _assessment(status=AssessmentStatus.VALIDATED, validated_by=11, validated_on=date(2025, 1, 1),
                       next_review_on=next_review_on)


def test_review_states_and_the_list_of_reviews_to_do_overdue_first():
    today = date(2026, 11, 20)
    late_old = _item("Zeta", _validated(date(2026, 1, 10)))
    late_recent = _item("Alpha", _validated(date(2026, 11, 19)))
    missing = _item("Beta", None)
    soon = _item("Gamma", _validated(date(2027, 1, 19)))  # 60 days ahead: due soon
    later = _item("Delta", _validated(date(2027, 1, 20)))  # 61 days: current
    flagged = _item("Eta", _validated(date(2028, 1, 1)),
                    [ReviewFlag(1, 0, "Nouvelle mission", date(2026, 10, 1), date(2026, 10, 31))])
    assert rules.review_state(late_old, today) is rules.ReviewState.OVERDUE
    assert rules.review_state(missing, today) is rules.ReviewState.MISSING
    assert rules.review_state(soon, today) is rules.ReviewState.DUE_SOON
    assert rules.review_state(later, today) is rules.ReviewState.CURRENT
    assert rules.review_state(flagged, today) is rules.ReviewState.OVERDUE  # the flag's due date came first
    todo = rules.reviews_to_do([later, soon, missing, late_recent, flagged, late_old], today)
    assert [i.client_name for i in todo] == ["Zeta", "Eta", "Alpha", "Beta", "Gamma"]


def test_the_gate_names_the_client_and_the_reason_only_when_active():
    today = date(2026, 11, 20)
    active = SETTINGS  # the default: on
    assert active.gate_active is True
    what = "l'envoi de la lettre de mission pour signature"
    turned_off = replace(SETTINGS, gate_active=False)
    assert rules.blocking_reason(turned_off, _item("Alpha", None), today, what) is None
    assert rules.blocking_reason(active, _item("Alpha", None), today, what) == (
        "LCB-FT : l'envoi de la lettre de mission pour signature est bloqué tant que le client « Alpha » n'a pas "
        "d'évaluation des risques validée (page Conformité LCB-FT).")
    late = rules.blocking_reason(active, _item("Alpha", _validated(date(2026, 11, 1))), today, what)
    assert "en retard depuis le 01/11/2026" in late
    assert rules.blocking_reason(active, _item("Alpha", _validated(date(2026, 11, 20))), today, what) is None
