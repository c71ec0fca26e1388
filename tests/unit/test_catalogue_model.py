"""The catalogue's pure rules: due dates, the default catalogue, form and work programme checks."""

from dataclasses import replace
from datetime import date

import pytest

from domain.catalogue.defaults import DEFAULT_CATALOGUE, default_mission_types
from domain.catalogue.model import BillingMode, DueAnchor, DueRule, add_months
from domain.catalogue.queries import budget_value_cents, sample_due_date
from domain.catalogue.validation import (
    DAYS_RANGE,
    MONTHS_RANGE,
    TaskInput,
    amount_text,
    as_form,
    hours_text,
    parse_hours,
    validate_mission_type,
    validate_tasks,
)
from domain.errors import InvalidInput
from domain.firm.model import DEFAULT_GRADES

GRADE_IDS = {code: index for index, (code, *_rest) in enumerate(DEFAULT_GRADES, start=1)}
START, END = date(2026, 1, 1), date(2026, 12, 31)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 12, 31), 2, date(2027, 2, 28)),
    (date(2027, 12, 31), 2, date(2028, 2, 29)),  # leap year
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 6, 30), 24, date(2028, 6, 30)),
    (date(2026, 5, 15), 0, date(2026, 5, 15)),
])
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_liasse_rule_gives_mid_may_for_a_calendar_year():
    rule = DueRule(DueAnchor.FISCAL_YEAR_END, 4, 15)

    assert rule.due_on(START, END) == date(2027, 5, 15)  # 31/12 + 4 months = 30/04, + 15 days
    assert rule.due_on(date(2025, 7, 1), date(2026, 6, 30)) == date(2026, 11, 14)
    assert rule.label == "clôture + 4 mois 15 jours"


def test_rules_from_the_opening_with_negative_days_and_leap_february():
    assert DueRule(DueAnchor.FISCAL_YEAR_START, 0, -30).due_on(START, END) == date(2025, 12, 2)
    assert DueRule(DueAnchor.FISCAL_YEAR_END, 2, 1).due_on(date(2027, 1, 1), date(2027, 12, 31)) == date(2028, 3, 1)
    assert DueRule(DueAnchor.FISCAL_YEAR_END, 2, 1).due_on(START, END) == date(2027, 3, 1)
    assert DueRule(DueAnchor.FISCAL_YEAR_END, 2, 0).due_on(date(2027, 1, 1), date(2027, 12, 31)) == date(2028, 2, 29)
    assert sample_due_date(DueRule(DueAnchor.FISCAL_YEAR_END, 6, 0), date(2026, 11, 20)) == date(2027, 6, 30)


def test_the_default_catalogue_is_complete_and_every_type_passes_the_form_checks():
    codes = [d.code for d in DEFAULT_CATALOGUE]
    assert len(set(codes)) == len(codes) == 10
    assert {"tenue", "revision", "comptes_annuels", "liasse", "tva", "paie", "juridique", "examen_limite",
            "conseil", "creation"} == set(codes)
    grade_codes = set(GRADE_IDS)
    for mission_type in default_mission_types(GRADE_IDS):
        validated = validate_mission_type(as_form(mission_type))
        assert replace(validated, position=mission_type.position, tasks=mission_type.tasks) == mission_type
        assert 2 <= len(mission_type.tasks) <= 6, mission_type.code
        assert mission_type.scope and mission_type.exclusions and mission_type.norm_reference
        for task in mission_type.tasks:
            assert task.label and task.total_minutes > 0
            assert MONTHS_RANGE[0] <= task.due.months <= MONTHS_RANGE[1]
            assert DAYS_RANGE[0] <= task.due.days <= DAYS_RANGE[1]
    for default in DEFAULT_CATALOGUE:
        assert all(code in grade_codes for task in default.tasks for code, _ in task.minutes)
    by_code = {t.code: t for t in default_mission_types(GRADE_IDS)}
    assert by_code["comptes_annuels"].norm_reference.startswith("NP 2300")
    assert by_code["examen_limite"].norm_reference.startswith("NP 2400")
    assert by_code["paie"].billing_mode is BillingMode.UNIT and by_code["paie"].unit_price_cents == 2500
    assert by_code["tenue"].billing_mode is BillingMode.MONTHLY
    assert by_code["conseil"].billing_mode is BillingMode.TIME_SPENT and by_code["conseil"].default_fee_cents is None
    assert by_code["liasse"].tasks[-1].due == DueRule(DueAnchor.FISCAL_YEAR_END, 4, 15)


def test_hours_of_unknown_grades_are_dropped_from_the_defaults():
    types = default_mission_types({"associe": 7})
    assert all(grade_id == 7 for t in types for task in t.tasks for grade_id, _ in task.minutes_by_grade)


def form(**values):
    return {"code": "audit", "label": "Audit", "billing_mode": "forfait_annuel", **values}


def test_the_form_is_cleaned_and_amounts_read_the_french_way():
    mission_type = validate_mission_type(form(code=" Audit-Flash ", default_fee="1 234,50", label="  Audit   flash ",
                                              scope="Ligne 1  \r\nLigne 2"))
    assert (mission_type.code, mission_type.label, mission_type.default_fee_cents) == ("audit-flash", "Audit flash",
                                                                                     123_450)
    assert mission_type.scope == "Ligne 1\nLigne 2"
    assert mission_type.unit_price_cents is None and mission_type.unit_label == ""


def test_every_problem_of_the_form_is_reported_at_once():
    with pytest.raises(InvalidInput) as err:
        validate_mission_type({"code": "é t", "label": "", "billing_mode": "gratuit", "default_fee": "-5"})
    assert err.value.message == (
        "Code « é t » invalide : lettres sans accents, chiffres, « _ » ou « - » uniquement. ; "
        "Libellé : valeur obligatoire. ; Mode de facturation : choisissez forfait annuel, forfait mensualisé, "
        "temps passé ou unitaire. ; Honoraires annuels HT : le montant ne peut pas être négatif.")


def test_unit_billing_needs_a_price_and_a_unit():
    with pytest.raises(InvalidInput) as err:
        validate_mission_type(form(billing_mode="unitaire"))
    assert err.value.message == ("Prix unitaire HT : valeur obligatoire en facturation unitaire. ; "
                                 "Unité : valeur obligatoire en facturation unitaire (par exemple « bulletin »).")
    with pytest.raises(InvalidInput, match="Prix unitaire HT : au plus deux décimales."):
        validate_mission_type(form(billing_mode="unitaire", unit_price="12,345", unit_label="bulletin"))
    paie = validate_mission_type(form(billing_mode="unitaire", unit_price="25", unit_label="bulletin"))
    assert (paie.unit_price_cents, paie.unit_label) == (2500, "bulletin")


@pytest.mark.parametrize(("text", "minutes"), [
    ("1,5", 90), ("2", 120), ("0,25", 15), (" 1 h", 60), ("", 0), (None, 0), (float("nan"), 0), ("1,333", 80),
    ("1.5", 90), (3, 180),
])
def test_hours_typed_the_french_way_become_minutes(text, minutes):
    assert parse_hours(text, "Associé") == minutes


@pytest.mark.parametrize(("text", "message"), [
    ("-1", "Associé : le nombre d'heures ne peut pas être négatif."),
    ("deux", "Associé : « deux » n'est pas un nombre d'heures (par exemple 1,5)."),
    ("1e3", "Associé : « 1e3 » n'est pas un nombre d'heures (par exemple 1,5)."),
    ("10000", "Associé : 9999 heures au plus."),
])
def test_hours_that_are_not_hours_are_refused(text, message):
    with pytest.raises(InvalidInput) as err:
        parse_hours(text, "Associé")
    assert err.value.message == message


def test_the_work_programme_is_checked_row_by_row():
    grades = {1: "Associé", 4: "Collaborateur"}
    tasks = validate_tasks([
        TaskInput("Saisie", "clôture", 1, "15", ((1, "0,5"), (4, ""))),
        TaskInput("Statuts", "fiscal_year_start", None, -31, ((4, "2"),)),
    ], grades)
    assert [(t.label, t.due, t.minutes_by_grade, t.position) for t in tasks] == [
        ("Saisie", DueRule(DueAnchor.FISCAL_YEAR_END, 1, 15), ((1, 30),), 1),
        ("Statuts", DueRule(DueAnchor.FISCAL_YEAR_START, 0, -31), ((4, 120),), 2)]

    with pytest.raises(InvalidInput) as err:
        validate_tasks([TaskInput("", "clôture", 25, -32, ((1, "x"), (9, "1"))),
                        TaskInput("Ok", "plus tard", 1.5, 366)], grades)
    assert err.value.message == (
        "Tâche 1, libellé : valeur obligatoire. ; Tâche 1, mois : entre 0 et 24. ; Tâche 1, jours : entre -31 et "
        "365. ; Tâche 1, Associé : « x » n'est pas un nombre d'heures (par exemple 1,5). ; Tâche 1 : grade inconnu. ; "
        "Tâche 2, point de départ : clôture ou ouverture de l'exercice. ; Tâche 2, mois : « 1.5 » n'est pas un "
        "nombre entier. ; Tâche 2, jours : entre -31 et 365.")


def test_display_helpers_and_budget_value():
    assert (amount_text(480_000), amount_text(5), amount_text(None)) == ("4 800,00", "0,05", "")
    assert (hours_text(90), hours_text(600), hours_text(0), hours_text(80)) == ("1,5", "10", "", "1,33")
    assert budget_value_cents({1: 90, 2: 1}, {1: 18_000, 2: 13_000}) == 27_217  # 270 € + 2,1666… €
    assert budget_value_cents({1: 60, 3: 60}, {1: 10_000}) == 10_000  # a grade without a rate counts 0
