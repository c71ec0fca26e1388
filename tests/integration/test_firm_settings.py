"""Firm settings edited by an administrator: identity, rates, numbering, teams and SYNTEC indices."""

from datetime import date
from decimal import Decimal

import pytest
from stdnum import luhn

from domain.access.model import Role
from domain.audit import Action
from domain.errors import InvalidInput, NotFound
from domain.firm import settings
from domain.firm.model import DocType, rate_in_force
from domain.firm.users import set_active, update_profile
from domain.subscription import services as subscription
from tests.conftest import NOW
from tests.integration.support import audit_of, invite, snapshot, user

IBAN = "FR76 3000 6000 0112 3456 7890 189"
BIC = "BNPA FR PP XXX"
OTHER_VAT = "FR40303265045"  # valid, but the VAT number of SIREN 303 265 045


def invalid(call, *args) -> str:
    with pytest.raises(InvalidInput) as refused:
        call(*args)
    return refused.value.message


def siret_of(siren: str, nic: str = "0001") -> str:
    base = siren + nic
    return base + luhn.calc_check_digit(base)


def settings_audit(firm, target_type: str) -> list:
    return [e for e in audit_of(firm.container, firm.firm_id, Action.SETTINGS_CHANGE) if e.target_type == target_type]


# --- Identity ----------------------------------------------------------------------------------

def full_form(firm, **overrides) -> dict[str, str]:
    with firm.container.firm_uow(firm.firm_id) as uow:
        vat = uow.firm.get().identity.vat_number
    form = {
        "name": "Fiduciaire Montorgueil", "legal_form": "SELAS", "siren": firm.siren,
        "siret": siret_of(firm.siren), "vat_number": vat, "rcs_city": "Paris", "share_capital": "10 000,50",
        "ordre_number": "14-000123", "address_line": "12 rue Montorgueil", "postal_code": "75002",
        "city": "Paris", "email": "contact@montorgueil.fr", "phone": "01 42 00 00 00", "iban": IBAN, "bic": BIC,
    }
    return form | overrides


def update_identity(firm, form: dict) -> None:
    c = firm.container
    settings.update_identity(c.firm_uow(firm.firm_id), firm.principal(), c.clock, form)


def test_a_valid_identity_is_stored_normalised(firm):
    update_identity(firm, full_form(firm))
    with firm.container.firm_uow(firm.firm_id) as uow:
        identity = uow.firm.get().identity
    assert identity.name == "Fiduciaire Montorgueil"
    assert identity.siret == siret_of(firm.siren)
    assert identity.share_capital_cents == 1_000_050
    assert identity.iban == "FR7630006000011234567890189"
    assert identity.bic == "BNPAFRPPXXX"
    assert (identity.postal_code, identity.city, identity.phone) == ("75002", "Paris", "01 42 00 00 00")


def test_an_identity_change_is_audited_with_the_changed_fields_only(firm):
    admin_id = firm.principal().user.id
    update_identity(firm, full_form(firm))
    [event] = settings_audit(firm, "firm")
    assert (event.actor_user_id, event.target_id, event.at) == (admin_id, str(firm.firm_id), NOW)
    assert event.details == {
        "name": ["Cabinet Test", "Fiduciaire Montorgueil"], "legal_form": ["", "SELAS"],
        "siret": ["", siret_of(firm.siren)], "rcs_city": ["", "Paris"], "share_capital_cents": [0, 1_000_050],
        "ordre_number": ["", "14-000123"], "address_line": ["", "12 rue Montorgueil"],
        "postal_code": ["", "75002"], "city": ["", "Paris"], "email": ["", "contact@montorgueil.fr"],
        "phone": ["", "01 42 00 00 00"], "iban": ["", "FR7630006000011234567890189"], "bic": ["", "BNPAFRPPXXX"],
    }


def test_saving_an_unchanged_identity_writes_no_audit_event(firm):
    update_identity(firm, full_form(firm))
    update_identity(firm, full_form(firm))
    assert len(settings_audit(firm, "firm")) == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("siren", "123456789", "SIREN « 123456789 » invalide : 9 chiffres avec une clé de contrôle correcte."),
    ("siren", "", "SIREN «  » invalide : 9 chiffres avec une clé de contrôle correcte."),
    ("siret", "73282932000074", "Le SIRET 73282932000074 ne correspond pas au SIREN {siren}."),
    ("siret", "12345678901234", "SIRET « 12345678901234 » invalide : 14 chiffres avec une clé de contrôle correcte."),
    ("vat_number", OTHER_VAT, "Le numéro de TVA FR40303265045 ne correspond pas au SIREN {siren} (attendu : {vat})."),
    ("vat_number", "DE123456789", "Numéro de TVA « DE123456789 » invalide : un numéro français commence par FR."),
    ("iban", "FR76 3000 6000 0112 3456 7890 188",
     "IBAN « FR76 3000 6000 0112 3456 7890 188 » invalide (longueur ou clé de contrôle)."),
    ("bic", "BNP1", "BIC « BNP1 » invalide : 8 ou 11 caractères (banque, pays, lieu, agence)."),
    ("postal_code", "7500", "Code postal « 7500 » invalide : 5 chiffres."),
    ("name", "", "La dénomination du cabinet est obligatoire."),
    ("share_capital", "-5", "Capital social : le montant ne peut pas être négatif."),
])
def test_an_invalid_identity_field_is_refused_in_french_and_nothing_changes(firm, field, value, message):
    c = firm.container
    before = snapshot(c, firm.firm_id)
    form = full_form(firm, **{field: value})
    expected = message.format(siren=firm.siren, vat=before["identity"].vat_number)
    assert invalid(update_identity, firm, form) == expected
    assert snapshot(c, firm.firm_id) == before


def test_every_problem_of_an_identity_form_is_reported_at_once(firm):
    form = full_form(firm, iban="FR00 1234", bic="BNP1", postal_code="ABCDE")
    assert invalid(update_identity, firm, form).split("\n") == [
        "IBAN « FR00 1234 » invalide (longueur ou clé de contrôle).",
        "BIC « BNP1 » invalide : 8 ou 11 caractères (banque, pays, lieu, agence).",
        "Code postal « ABCDE » invalide : 5 chiffres.",
    ]


def test_taking_the_siren_of_another_firm_is_refused_in_french_and_nothing_changes(make_firm):
    firm_a, firm_b = make_firm(), make_firm()
    c = firm_a.container
    before_a, before_b = snapshot(c, firm_a.firm_id), snapshot(c, firm_b.firm_id)
    form = full_form(firm_a, siren=firm_b.siren, siret="", vat_number="")
    assert invalid(update_identity, firm_a, form) == (
        f"Le SIREN {firm_b.siren} est déjà celui d'un autre cabinet inscrit sur EEXPI.")
    assert snapshot(c, firm_a.firm_id) == before_a
    assert snapshot(c, firm_b.firm_id) == before_b


def test_a_firm_may_save_its_identity_with_its_own_siren_unchanged(firm):
    update_identity(firm, full_form(firm, name="Nouveau Nom"))
    with firm.container.firm_uow(firm.firm_id) as uow:
        assert (uow.firm.get().identity.name, uow.firm.get().identity.siren) == ("Nouveau Nom", firm.siren)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("phone", "0" * 31, "Téléphone : 30 caractères au plus."),
    ("name", "N" * 201, "Dénomination : 200 caractères au plus."),
], ids=["phone", "name"])
def test_an_over_long_identity_field_is_refused_in_french_and_nothing_changes(firm, field, value, message):
    before = snapshot(firm.container, firm.firm_id)
    assert invalid(update_identity, firm, full_form(firm, **{field: value})) == message
    assert snapshot(firm.container, firm.firm_id) == before


def test_identity_fields_at_their_maximum_length_are_stored_whole(firm):
    update_identity(firm, full_form(firm, name="N" * 200, phone="0" * 30))
    with firm.container.firm_uow(firm.firm_id) as uow:
        identity = uow.firm.get().identity
    assert (identity.name, identity.phone) == ("N" * 200, "0" * 30)


# --- Grades and rates --------------------------------------------------------------------------

def grade(firm, code: str):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return next(g for g in uow.grades.list() if g.code == code)


def rates(firm, grade_id: int):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.grades.rates(grade_id)


def add_rate(firm, grade_id: int, effective_from: date, selling: str, cost: str) -> None:
    c = firm.container
    settings.add_rate(c.firm_uow(firm.firm_id), firm.principal(), c.clock, grade_id, effective_from, selling, cost)


def test_a_new_firm_has_the_default_rates_from_the_first_of_january(firm):
    partner = grade(firm, "associe")
    assert [(r.effective_from, r.selling_rate_cents, r.cost_rate_cents) for r in rates(firm, partner.id)] == [
        (date(2026, 1, 1), 18_000, 9_500)]


def test_adding_a_rate_keeps_the_history_and_the_rate_in_force_depends_on_the_date(firm):
    partner = grade(firm, "associe")
    add_rate(firm, partner.id, date(2027, 1, 1), "195,50", "100")
    add_rate(firm, partner.id, date(2025, 1, 1), "170", "90")
    history = rates(firm, partner.id)
    assert [(r.effective_from, r.selling_rate_cents, r.cost_rate_cents) for r in history] == [
        (date(2025, 1, 1), 17_000, 9_000), (date(2026, 1, 1), 18_000, 9_500), (date(2027, 1, 1), 19_550, 10_000)]

    def selling_on(day: date) -> int | None:
        rate = rate_in_force(history, partner.id, day)
        return rate.selling_rate_cents if rate else None

    assert selling_on(date(2024, 12, 31)) is None
    assert selling_on(date(2025, 6, 30)) == 17_000
    assert selling_on(date(2026, 1, 1)) == 18_000
    assert selling_on(date(2026, 12, 31)) == 18_000
    assert selling_on(date(2027, 1, 1)) == 19_550


def test_adding_a_rate_is_audited(firm):
    partner = grade(firm, "associe")
    add_rate(firm, partner.id, date(2027, 1, 1), "195,50", "100")
    [event] = settings_audit(firm, "grade_rate")
    assert event.details == {"grade": "Associé", "à partir du": "01/01/2027", "taux de vente (centimes)": 19_550,
                             "coût (centimes)": 10_000}


def test_a_second_rate_on_the_same_date_is_refused(firm):
    partner = grade(firm, "associe")
    before = snapshot(firm.container, firm.firm_id)
    assert invalid(add_rate, firm, partner.id, date(2026, 1, 1), "200", "100") == \
        "Un taux existe déjà pour « Associé » au 01/01/2026."
    assert snapshot(firm.container, firm.firm_id) == before


def test_the_same_date_may_be_used_for_two_different_grades(firm):
    add_rate(firm, grade(firm, "associe").id, date(2027, 1, 1), "200", "100")
    add_rate(firm, grade(firm, "manager").id, date(2027, 1, 1), "140", "70")
    assert len(rates(firm, grade(firm, "manager").id)) == 2


@pytest.mark.parametrize(("selling", "cost", "message"), [
    ("0", "50", "Taux de vente : le taux horaire doit être positif."),
    ("-10", "50", "Taux de vente : le taux horaire doit être positif."),
    ("100", "0", "Coût horaire : le taux horaire doit être positif."),
    ("100", "-1,50", "Coût horaire : le taux horaire doit être positif."),
    ("cent", "50", "Taux de vente : « cent » n'est pas un montant valide."),
    ("100,123", "50", "Taux de vente : au plus deux décimales."),
    ("", "50", "Taux de vente : valeur obligatoire."),
])
def test_a_zero_negative_or_malformed_rate_is_refused_and_nothing_changes(firm, selling, cost, message):
    before = snapshot(firm.container, firm.firm_id)
    assert invalid(add_rate, firm, grade(firm, "associe").id, date(2027, 1, 1), selling, cost) == message
    assert snapshot(firm.container, firm.firm_id) == before


@pytest.mark.parametrize(("selling", "message"), [
    ("1e30", "Taux de vente : « 1e30 » n'est pas un montant valide."),
    ("99999999999999999999", "Taux de vente : montant trop élevé."),
])
def test_an_absurdly_large_rate_is_refused_in_french_and_nothing_changes(firm, selling, message):
    before = snapshot(firm.container, firm.firm_id)
    assert invalid(add_rate, firm, grade(firm, "associe").id, date(2027, 1, 1), selling, "50") == message
    assert snapshot(firm.container, firm.firm_id) == before


def test_a_rate_for_a_grade_of_another_firm_is_refused(make_firm):
    firm_a, firm_b = make_firm(), make_firm()
    with pytest.raises(NotFound, match="Grade introuvable dans ce cabinet."):
        add_rate(firm_a, grade(firm_b, "associe").id, date(2027, 1, 1), "200", "100")
    assert len(rates(firm_b, grade(firm_b, "associe").id)) == 1


# --- Numbering ---------------------------------------------------------------------------------

def series(firm, doc_type: DocType = DocType.INVOICE):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.numbering.get(doc_type)


def update_series(firm, prefix: str, next_number: int, padding: int = 5, with_year: bool = True,
                  doc_type: DocType = DocType.INVOICE) -> None:
    c = firm.container
    settings.update_series(c.firm_uow(firm.firm_id), firm.principal(), c.clock, doc_type, prefix, next_number,
                           padding, with_year)


def allocate(firm, doc_type: DocType = DocType.INVOICE) -> int:
    with firm.container.firm_uow(firm.firm_id) as uow:
        number = uow.numbering.allocate(doc_type)
        uow.commit()
        return number


def test_a_new_firm_has_one_series_per_document_type_starting_at_one(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        listed = uow.numbering.list()
    assert [(s.doc_type, s.prefix, s.next_number, s.padding, s.with_year, s.last_allocated) for s in listed] == [
        (DocType.INVOICE, "F", 1, 5, True, 0), (DocType.CREDIT_NOTE, "AV", 1, 5, True, 0),
        (DocType.QUOTE, "D", 1, 5, True, 0), (DocType.ENGAGEMENT_LETTER, "LM", 1, 5, True, 0)]
    assert listed[0].format(1, 2026) == "F2026-00001"


def test_a_series_can_be_reconfigured_before_any_number_is_allocated_and_it_is_audited(firm):
    update_series(firm, " FAC- ", 100, padding=6, with_year=False)
    s = series(firm)
    assert (s.prefix, s.next_number, s.padding, s.with_year) == ("FAC-", 100, 6, False)
    assert s.format(s.next_number, 2026) == "FAC-000100"
    [event] = settings_audit(firm, "numbering_series")
    assert (event.target_id, event.details) == ("invoice", {"série": "Facture", "préfixe": "FAC-",
                                                            "prochain numéro": 100})


@pytest.mark.parametrize(("prefix", "next_number", "padding", "message"), [
    ("", 1, 5, "Préfixe invalide : 1 à 10 caractères (lettres, chiffres, - _ /)."),
    ("PREFIXETROPLONG", 1, 5, "Préfixe invalide : 1 à 10 caractères (lettres, chiffres, - _ /)."),
    ("F A", 1, 5, "Préfixe invalide : 1 à 10 caractères (lettres, chiffres, - _ /)."),
    ("F.", 1, 5, "Préfixe invalide : 1 à 10 caractères (lettres, chiffres, - _ /)."),
    ("F", 1, 2, "Le nombre de chiffres doit être compris entre 3 et 8."),
    ("F", 1, 9, "Le nombre de chiffres doit être compris entre 3 et 8."),
    ("F", 0, 5, "Le prochain numéro doit être compris entre 1 et 999 999 999."),
])
def test_an_invalid_series_is_refused_and_nothing_changes(firm, prefix, next_number, padding, message):
    before = snapshot(firm.container, firm.firm_id)
    assert invalid(update_series, firm, prefix, next_number, padding) == message
    assert snapshot(firm.container, firm.firm_id) == before


def test_numbers_are_allocated_one_two_three_and_then_the_next_number_is_frozen(firm):
    assert [allocate(firm), allocate(firm), allocate(firm)] == [1, 2, 3]
    assert (series(firm).next_number, series(firm).last_allocated) == (4, 3)
    assert invalid(update_series, firm, "F", 10) == (
        "Des numéros ont déjà été attribués dans cette série : le prochain numéro ne peut plus être modifié "
        "(numérotation continue).")
    assert invalid(update_series, firm, "F", 3) == (
        "Le prochain numéro doit être supérieur au dernier attribué (3) : la numérotation doit rester continue "
        "et sans doublon.")
    assert series(firm).next_number == 4


def test_after_allocation_the_prefix_may_still_change_if_the_next_number_is_kept(firm):
    allocate(firm)
    update_series(firm, "FA", 2, padding=4)
    assert (series(firm).prefix, series(firm).padding) == ("FA", 4)
    assert allocate(firm) == 2


def test_a_renumbered_series_allocates_from_the_chosen_number(firm):
    update_series(firm, "F", 42)
    assert [allocate(firm), allocate(firm)] == [42, 43]


def test_each_document_type_and_each_firm_has_its_own_counter(make_firm):
    firm_a, firm_b = make_firm(), make_firm()
    assert [allocate(firm_a), allocate(firm_a)] == [1, 2]
    assert allocate(firm_a, DocType.QUOTE) == 1
    assert allocate(firm_b) == 1


def test_an_allocation_rolled_back_does_not_consume_the_number(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        assert uow.numbering.allocate(DocType.INVOICE) == 1  # never committed
    assert allocate(firm) == 1


def test_a_next_number_beyond_the_integer_column_is_refused_in_french(firm):
    before = snapshot(firm.container, firm.firm_id)
    assert invalid(update_series, firm, "F", 3_000_000_000) == (
        "Le prochain numéro doit être compris entre 1 et 999 999 999.")
    assert snapshot(firm.container, firm.firm_id) == before


def test_the_largest_allowed_next_number_is_stored_and_allocated(firm):
    update_series(firm, "F", 999_999_999, padding=8)
    assert allocate(firm) == 999_999_999


# --- Teams -------------------------------------------------------------------------------------

def teams(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return [(t.name, t.member_count) for t in uow.teams.list()]


def add_team(firm, name: str) -> None:
    c = firm.container
    settings.add_team(c.firm_uow(firm.firm_id), firm.principal(), c.clock, name)


def delete_team(firm, team_id: int) -> None:
    c = firm.container
    settings.delete_team(c.firm_uow(firm.firm_id), firm.principal(), c.clock, team_id)


def team_id(firm, name: str) -> int:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return next(t.id for t in uow.teams.list() if t.name == name)


def test_teams_are_added_with_a_tidy_name_and_listed_by_name_with_their_members(firm):
    add_team(firm, "  Social   et paie ")
    add_team(firm, "Audit")
    invite(firm, team_id=team_id(firm, "Audit"))
    assert teams(firm) == [("Audit", 1), ("Social et paie", 0)]
    assert [e.details for e in settings_audit(firm, "team")] == [{"équipe créée": "Audit"},
                                                                {"équipe créée": "Social et paie"}]


def test_a_team_name_already_used_is_refused_whatever_its_case(firm):
    add_team(firm, "Audit")
    before = snapshot(firm.container, firm.firm_id)
    assert invalid(add_team, firm, " AUDIT ") == "L'équipe « AUDIT » existe déjà."
    assert snapshot(firm.container, firm.firm_id) == before


def test_a_blank_team_name_is_refused(firm):
    assert invalid(add_team, firm, "   ") == "Le nom de l'équipe est obligatoire."
    assert teams(firm) == []


def test_an_empty_team_can_be_deleted_and_the_deletion_is_audited(firm):
    add_team(firm, "Audit")
    add_team(firm, "Conseil")
    delete_team(firm, team_id(firm, "Audit"))
    assert teams(firm) == [("Conseil", 0)]
    assert settings_audit(firm, "team")[0].details == {"équipe supprimée": "Audit"}


def test_a_team_with_members_cannot_be_deleted(firm):
    add_team(firm, "Audit")
    invite(firm, team_id=team_id(firm, "Audit"))
    invite(firm, team_id=team_id(firm, "Audit"))
    before = snapshot(firm.container, firm.firm_id)
    assert invalid(delete_team, firm, team_id(firm, "Audit")) == (
        "L'équipe « Audit » compte encore 2 membre(s), comptes désactivés compris : réaffectez-les avant de la supprimer.")
    assert snapshot(firm.container, firm.firm_id) == before


def test_deleting_a_team_of_another_firm_is_refused_as_not_found(make_firm):
    firm_a, firm_b = make_firm(), make_firm()
    add_team(firm_b, "Audit")
    with pytest.raises(NotFound, match="Équipe introuvable dans ce cabinet."):
        delete_team(firm_a, team_id(firm_b, "Audit"))
    assert teams(firm_b) == [("Audit", 0)]


def test_a_team_whose_only_member_is_deactivated_cannot_be_deleted(firm):
    c = firm.container
    add_team(firm, "Audit")
    bob = invite(firm, team_id=team_id(firm, "Audit"))
    set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, False)
    before = snapshot(c, firm.firm_id)
    assert invalid(delete_team, firm, team_id(firm, "Audit")) == (
        "L'équipe « Audit » compte encore 1 membre(s), comptes désactivés compris : réaffectez-les avant de la "
        "supprimer.")
    assert snapshot(c, firm.firm_id) == before
    assert teams(firm) == [("Audit", 0)]  # the listing counts active members only


def test_an_over_long_team_name_is_refused_in_french(firm):
    assert invalid(add_team, firm, "É" * 101) == "Le nom de l'équipe : 100 caractères au plus."
    assert teams(firm) == []


def test_a_team_name_of_exactly_one_hundred_characters_is_accepted(firm):
    add_team(firm, "É" * 100)
    assert teams(firm) == [("É" * 100, 0)]


# --- User profile (weekly hours) ---------------------------------------------------------------

def test_a_profile_update_stores_the_weekly_hours_in_minutes(firm):
    c = firm.container
    bob = invite(firm)
    update_profile(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, "Bob  Martin", None, None,
                   "28,5")
    stored = user(c, firm.firm_id, bob.user.id)
    assert (stored.full_name, stored.weekly_minutes) == ("Bob Martin", 1710)


@pytest.mark.parametrize("hours", ["0", "49", "-3", "beaucoup"])
def test_impossible_weekly_hours_are_refused(firm, hours):
    c = firm.container
    bob = invite(firm)
    with pytest.raises(InvalidInput):
        update_profile(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, "Bob", None, None, hours)
    assert user(c, firm.firm_id, bob.user.id).weekly_minutes == 35 * 60


@pytest.mark.parametrize("hours", ["nan", "Infinity"])
def test_weekly_hours_that_are_not_a_number_are_refused_in_french(firm, hours):
    c = firm.container
    bob = invite(firm)
    assert invalid(update_profile, c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, "Bob", None,
                   None, hours) == "La durée hebdomadaire doit être comprise entre 0 et 48 heures."
    assert user(c, firm.firm_id, bob.user.id).weekly_minutes == 35 * 60


# --- SYNTEC index and subscription -------------------------------------------------------------

def indices(firm) -> dict[date, Decimal]:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return {i.month: i.value for i in uow.syntec.list()}


def reference_month(firm) -> date:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.subscription.get().reference_month


def syntec(firm, command, *args) -> None:
    c = firm.container
    command(c.firm_uow(firm.firm_id), firm.principal(), c.clock, *args)


def test_a_new_firm_references_the_latest_seeded_index_before_its_creation(firm):
    assert reference_month(firm) == date(2025, 10, 1)
    assert indices(firm)[date(2025, 10, 1)] == Decimal("322.2")
    assert len(indices(firm)) == 12


def test_an_index_value_is_stored_for_the_first_of_its_month_and_audited(firm):
    syntec(firm, subscription.set_index, date(2025, 11, 15), "323,4")
    assert indices(firm)[date(2025, 11, 1)] == Decimal("323.4")
    assert settings_audit(firm, "syntec_index")[0].details == {"indice SYNTEC": "11/2025 = 323.4"}


def test_setting_an_index_for_a_known_month_replaces_its_value(firm):
    syntec(firm, subscription.set_index, date(2025, 10, 1), "322,9")
    assert indices(firm)[date(2025, 10, 1)] == Decimal("322.9")
    assert len(indices(firm)) == 12


@pytest.mark.parametrize(("text", "message"), [
    ("abc", "Valeur d'indice « abc » invalide (ex. 322,2)."),
    ("10", "Valeur d'indice « 10 » hors des bornes plausibles (50 à 2000)."),
    ("322,25", "L'indice SYNTEC se saisit avec une décimale au plus (ex. 322,2)."),
])
def test_an_implausible_index_value_is_refused_and_nothing_changes(firm, text, message):
    before = snapshot(firm.container, firm.firm_id)
    assert invalid(syntec, firm, subscription.set_index, date(2025, 11, 1), text) == message
    assert snapshot(firm.container, firm.firm_id) == before


def test_an_index_value_that_is_not_the_reference_can_be_deleted(firm):
    syntec(firm, subscription.delete_index, date(2023, 1, 1))
    assert date(2023, 1, 1) not in indices(firm)
    assert len(indices(firm)) == 11


def test_the_reference_index_s0_cannot_be_deleted(firm):
    before = snapshot(firm.container, firm.firm_id)
    assert invalid(syntec, firm, subscription.delete_index, date(2025, 10, 20)) == (
        "Cette valeur est l'indice de référence (S0) de l'abonnement : elle ne peut pas être supprimée.")
    assert snapshot(firm.container, firm.firm_id) == before


def test_once_the_reference_month_moves_the_former_reference_can_be_deleted(firm):
    syntec(firm, subscription.set_reference_month, date(2025, 9, 15))
    assert reference_month(firm) == date(2025, 9, 1)
    syntec(firm, subscription.delete_index, date(2025, 10, 1))
    assert date(2025, 10, 1) not in indices(firm)
    assert invalid(syntec, firm, subscription.delete_index, date(2025, 9, 1)).startswith(
        "Cette valeur est l'indice de référence (S0)")


def test_the_reference_month_must_have_an_index_value(firm):
    assert invalid(syntec, firm, subscription.set_reference_month, date(2022, 5, 1)) == (
        "Aucune valeur de l'indice pour 05/2022 : saisissez-la d'abord.")
    assert reference_month(firm) == date(2025, 10, 1)


def test_the_subscription_view_counts_active_staff_seats_and_shows_the_trial(firm):
    c = firm.container
    invite(firm)
    invite(firm, Role.CLIENT)
    gone = invite(firm)
    set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, gone.user.id, False)
    view = subscription.view_subscription(c.firm_uow(firm.firm_id), firm.principal(), c.clock)
    assert [(line.label, line.seats, line.amount) for line in view.bill.lines] == [
        ("Administrateur", 1, Decimal("49.00")), ("Collaborateur", 1, Decimal("29.00"))]
    assert (view.bill.in_trial, view.bill.trial_end, view.bill.total_excl_vat) == (True, date(2026, 12, 19), 0)
    assert view.revision is not None and view.revision.revision_date == date(2027, 11, 20)
    assert view.revision.s0.value == Decimal("322.2")
