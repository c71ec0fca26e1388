"""LCB-FT party rules (pure): the > 25 % rule with indirect holdings, the legal representative by default,
PEP status until one year after leaving office, high-risk country lists in force, identity evidence flags.
Every expected value is worked out by hand in the test."""

from datetime import date
from decimal import Decimal as D

import pytest

from domain.compliance import countries, evidence, parties
from domain.compliance.countries import CountryRole, ListedCountry, RiskList
from domain.compliance.evidence import Evidence, EvidenceKind
from domain.compliance.parties import ControlType, IndirectHolding, Party, Pep, PepRelation
from domain.errors import InvalidInput


def person(pid: int, name: str, **kw) -> Party:
    return Party(id=pid, client_id=1, full_name=name, **kw)


# --- beneficial owners --------------------------------------------------------------------------------------------

def test_exactly_25_percent_does_not_qualify_but_25_01_does():
    ownership = parties.beneficial_owners([person(1, "A", capital=D(25)), person(2, "B", capital=D("25.01")),
                                           person(3, "C", votes=D("25.01"))])
    assert [(f.party.full_name, f.controls) for f in ownership.owners] == [
        ("B", (ControlType.CAPITAL,)), ("C", (ControlType.VOTES,))]
    assert not ownership.by_default


def test_indirect_holding_is_the_product_along_the_chain():
    # 60 % of Holding X which holds 50 % of the capital and 40 % of the votes: 30 % capital, 24 % votes.
    holding = IndirectHolding("Holding X", D(60), D(50), D(40))
    assert holding.capital == D(30)
    assert holding.votes == D(24)
    assert parties.chain_percentage([D(80), D(50), D(70)]) == D(28)  # 0.8 × 0.5 × 0.7 = 0.28


def test_direct_and_indirect_add_up_to_cross_the_threshold():
    # 10 % directly + 60 % × 30 % = 18 % through a holding: 28 % > 25 % → beneficial owner by capital.
    mixed = person(1, "Mixte", capital=D(10), holdings=(IndirectHolding("SCI Y", D(60), D(30), D(0)),))
    # 60 % × 40 % = 24 % only: not enough.
    below = person(2, "Indirect seul", holdings=(IndirectHolding("Holding Z", D(60), D(40), D(40)),))
    ownership = parties.beneficial_owners([mixed, below])
    assert mixed.total_capital == D(28)
    assert below.total_capital == D(24)
    assert [f.party.full_name for f in ownership.owners] == ["Mixte"]


def test_control_by_other_means_qualifies_without_shares():
    ownership = parties.beneficial_owners([person(1, "Pacte", other_control="Droit de veto (pacte d'associés)")])
    assert ownership.owners[0].controls == (ControlType.OTHER_MEANS,)


def test_legal_representative_by_default_when_nobody_qualifies():
    people = [person(1, "Associé 20", capital=D(20), votes=D(20)), person(2, "Gérante", legal_representative=True),
              person(3, "Associé 15", capital=D(15))]
    ownership = parties.beneficial_owners(people)
    assert ownership.by_default
    assert [(f.party.full_name, f.controls) for f in ownership.owners] == [
        ("Gérante", (ControlType.LEGAL_REPRESENTATIVE,))]


def test_no_one_at_all_is_missing():
    assert parties.beneficial_owners([person(1, "Petit porteur", capital=D(5))]).missing


def test_percentages_typed_in_french():
    assert parties.percentage("33,34 %", "Capital") == D("33.34")
    assert parties.percentage("", "Capital") == D(0)
    with pytest.raises(InvalidInput, match="Capital : le pourcentage doit être compris entre 0 et 100."):
        parties.percentage("100,5", "Capital")
    with pytest.raises(InvalidInput, match="deux décimales au plus"):
        parties.percentage("10,123", "Capital")
    with pytest.raises(InvalidInput, match="saisissez un pourcentage"):
        parties.percentage("beaucoup", "Capital")


# --- PEP ----------------------------------------------------------------------------------------------------------

def test_pep_status_lasts_until_one_year_after_leaving_office():
    pep = Pep(PepRelation.SELF, "Député", office_ended_on=date(2025, 6, 30))
    assert parties.pep_until(pep) == date(2026, 6, 30)
    assert parties.is_pep(pep, date(2026, 6, 29))  # 364 days after: still a PEP
    assert not parties.is_pep(pep, date(2026, 6, 30))  # one full year: no longer


def test_pep_in_office_and_non_pep():
    assert parties.is_pep(Pep(PepRelation.SELF, "Maire d'une commune de 80 000 habitants"), date(2040, 1, 1))
    assert not parties.is_pep(Pep(), date(2026, 1, 1))


def test_family_member_follows_the_pep_s_office_dates():
    spouse = Pep(PepRelation.FAMILY, "Ambassadeur", office_ended_on=date(2026, 1, 15), related_to="Jean Dupuis")
    assert parties.is_pep(spouse, date(2027, 1, 14))
    assert not parties.is_pep(spouse, date(2027, 1, 15))


def test_leaving_office_on_29_february():
    assert parties.one_year_after(date(2024, 2, 29)) == date(2025, 3, 1)
    assert parties.is_pep(Pep(PepRelation.SELF, "Ministre", date(2024, 2, 29)), date(2025, 2, 28))


# --- countries ----------------------------------------------------------------------------------------------------

def entry(code: str, risk: RiskList, listed: date, removed: date | None = None) -> ListedCountry:
    return ListedCountry(0, risk, code, listed, removed)


def test_an_entry_is_in_force_from_its_listing_until_the_day_before_its_removal():
    e = entry("PA", RiskList.EU_HIGH_RISK, date(2023, 3, 1), date(2025, 8, 5))
    assert not e.in_force(date(2023, 2, 28))
    assert e.in_force(date(2023, 3, 1))
    assert e.in_force(date(2025, 8, 4))
    assert not e.in_force(date(2025, 8, 5))


def test_client_countries_checked_against_the_lists_in_force():
    entries = [entry("IR", RiskList.FATF_CALL_FOR_ACTION, date(2020, 1, 1)),
               entry("IR", RiskList.EU_HIGH_RISK, date(2020, 1, 1)),
               entry("PA", RiskList.EU_HIGH_RISK, date(2023, 3, 1), date(2025, 8, 5))]
    found = countries.high_risk_hits({(CountryRole.INCORPORATION, "la société"): ["FR"],
                                      (CountryRole.OPERATIONS, "la société"): ["PA", "IR"],
                                      (CountryRole.RESIDENCE, "Marc Vidal"): ["PA"]}, entries, date(2026, 1, 1))
    assert [(h.country, h.role, h.who, h.lists) for h in found] == [
        ("IR", CountryRole.OPERATIONS, "la société",
         (RiskList.FATF_CALL_FOR_ACTION, RiskList.EU_HIGH_RISK))]
    # Before Panama's removal it was hit twice (operations and a residence).
    assert len(countries.high_risk_hits({(CountryRole.RESIDENCE, "Marc Vidal"): ["PA"]}, entries,
                                        date(2025, 8, 4))) == 1


def test_country_codes_are_iso_alpha_2():
    assert countries.country_codes(["fr, be", "FR ci"], "Pays") == ("FR", "BE", "CI")
    assert countries.country_name("CI") == "Côte d’Ivoire"
    with pytest.raises(InvalidInput, match="« France » n'est pas un code pays ISO"):
        countries.country_code("France", "Pays d'immatriculation")
    with pytest.raises(InvalidInput, match="n'est pas un code pays ISO"):
        countries.country_code("XX", "Pays")


def test_default_lists_hold_known_codes_and_the_black_list():
    _, black = countries.DEFAULT_LISTS[RiskList.FATF_CALL_FOR_ACTION]
    assert set(black) == {"KP", "IR", "MM"}
    for _, codes in countries.DEFAULT_LISTS.values():
        assert all(countries.country_code(code, "Pays") == code for code in codes)


def test_removal_must_follow_listing():
    with pytest.raises(InvalidInput, match="la date de retrait doit suivre"):
        countries.check_entry(RiskList.EU_HIGH_RISK, "PA", date(2025, 1, 1), date(2025, 1, 1))


# --- identity evidence --------------------------------------------------------------------------------------------

def doc(kind: EvidenceKind, issued: date, received: date, expires: date | None = None, party_id: int | None = None):
    return Evidence(id=0, client_id=1, kind=kind, issued_on=issued, received_on=received, expires_on=expires,
                    party_id=party_id)


def test_registry_extract_older_than_three_months_when_received_is_flagged():
    # Issued 10/06, received 10/09: exactly 3 months, accepted; received 11/09: flagged.
    assert evidence.flags(doc(EvidenceKind.REGISTRY_EXTRACT, date(2026, 6, 10), date(2026, 9, 10)),
                          date(2026, 11, 20)) == ()
    assert evidence.flags(doc(EvidenceKind.REGISTRY_EXTRACT, date(2026, 6, 10), date(2026, 9, 11)),
                          date(2026, 11, 20)) == ("Extrait de plus de 3 mois à la date de réception",)
    # Month ends: issued 30/11, received 28/02 (three months back from 28/02 is 28/11): accepted.
    assert not evidence.is_stale_extract(doc(EvidenceKind.REGISTRY_EXTRACT, date(2025, 11, 30), date(2026, 2, 28)))


def test_expired_document_is_flagged_from_the_day_after_its_expiry():
    passport = doc(EvidenceKind.PASSPORT, date(2016, 3, 1), date(2024, 1, 5), expires=date(2026, 2, 28))
    assert evidence.flags(passport, date(2026, 2, 28)) == ()
    assert evidence.flags(passport, date(2026, 3, 1)) == ("Expiré depuis le 28/02/2026",)


def test_missing_evidence_of_a_company_and_its_owners():
    today = date(2026, 11, 20)
    people = [evidence.Person(7, "Lina Roche"), evidence.Person(8, "Marc Vidal")]
    held = [doc(EvidenceKind.REGISTRY_EXTRACT, date(2026, 10, 1), date(2026, 10, 2)),
            doc(EvidenceKind.ID_CARD, date(2020, 1, 1), date(2026, 10, 2), date(2030, 1, 1), party_id=7),
            doc(EvidenceKind.PASSPORT, date(2014, 1, 1), date(2020, 1, 1), date(2024, 1, 1), party_id=8)]
    assert evidence.missing(True, people, held, today) == ("Pièce d'identité en cours de validité de Marc Vidal",)
    assert evidence.missing(True, [], [], today) == ("Extrait Kbis de moins de 3 mois",)
    assert evidence.missing(False, [], [], today) == ("Pièce d'identité en cours de validité du client",)
    own_id = doc(EvidenceKind.PASSPORT, date(2020, 1, 1), date(2026, 10, 2), date(2030, 1, 1))
    assert evidence.missing(False, [], [own_id], today) == ()


def test_evidence_dates_and_files_are_checked():
    today = date(2026, 11, 20)
    with pytest.raises(InvalidInput, match="la date d'expiration est obligatoire"):
        evidence.check_dates(EvidenceKind.PASSPORT, date(2020, 1, 1), date(2026, 1, 1), None, today)
    with pytest.raises(InvalidInput, match="ne peut pas précéder la date de délivrance"):
        evidence.check_dates(EvidenceKind.REGISTRY_EXTRACT, date(2026, 1, 2), date(2026, 1, 1), None, today)
    with pytest.raises(InvalidInput, match="ne peut pas être dans le futur"):
        evidence.check_dates(EvidenceKind.REGISTRY_EXTRACT, date(2026, 11, 21), date(2026, 11, 21), None, today)
    assert evidence.check_upload(b"%PDF-1.7 ...", "kbis.pdf") == "application/pdf"
    assert evidence.check_upload(b"\xff\xd8\xff\xe0....", "cni.jpg") == "image/jpeg"
    with pytest.raises(InvalidInput, match="n'est ni un PDF, ni une image JPEG ou PNG"):
        evidence.check_upload(b"MZ\x90\x00", "cni.pdf")
    with pytest.raises(InvalidInput, match="dépasse 10 Mo"):
        evidence.check_upload(b"%PDF-" + b"0" * evidence.MAX_BYTES, "gros.pdf")
