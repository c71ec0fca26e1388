"""LCB-FT parties on SQLite and PostgreSQL: beneficial owners (> 25 %, indirect through a holding, the legal
representative by default), PEP until one year after office, the client's countries against the firm's high-risk
lists (a list change re-flags the clients concerned), identity evidence with its flags, audit and tenancy.
The fixed clock is 20/11/2026 (tests/conftest.py NOW)."""

from datetime import date
from decimal import Decimal as D

import pytest

from domain.audit import Action
from domain.clients import services as clients
from domain.compliance import party_services as ps
from domain.compliance.countries import DEFAULT_LISTS, CountryRole, RiskList
from domain.compliance.evidence import EvidenceKind
from domain.compliance.parties import ControlType
from domain.errors import InvalidInput, NotFound, PermissionDenied
from tests.integration.support import audit_of

PDF = b"%PDF-1.7\n% scan\n"


def run(firm, command, *args, principal=None, **kw):
    c = firm.container
    return command(c.firm_uow(firm.firm_id), principal if principal is not None else firm.principal(), c.clock,
                   *args, **kw)


def new_client(firm, name="Alpha Conseil", siren="552008443"):
    return run(firm, clients.create_client, {"name": name, "siren": siren})


def flags_of(firm, client_id) -> list[str]:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return [f.reason for f in uow.compliance.overview(client_id)[0].flags]


def lists_of(firm):
    return ps.risk_lists(firm.container.firm_uow(firm.firm_id), firm.principal())


def file_of(firm, client_id):
    return run(firm, ps.party_file, client_id)


def test_the_25_percent_rule_with_an_indirect_holding_and_the_review_flag(firm):
    client = new_client(firm)
    run(firm, ps.save_party, client.id, {"full_name": "Jeanne Roux", "capital": "25", "votes": "25"})
    marc = run(firm, ps.save_party, client.id, {"full_name": "Marc Vidal", "capital": "10"})
    assert file_of(firm, client.id).ownership.missing  # 25 % is not more than 25 %; nobody represents the company
    assert flags_of(firm, client.id) == []

    # Marc also holds 60 % of Holding Vidal, which holds 30 % of the capital and 50 % of the votes:
    # 10 + 60 × 30 % = 28 % of the capital, 0 + 60 × 50 % = 30 % of the votes.
    marc = run(firm, ps.add_holding, marc.id, "Holding Vidal", "60", "30", "50")
    assert (marc.total_capital, marc.total_votes) == (D(28), D(30))
    ownership = file_of(firm, client.id).ownership
    assert [(f.party.full_name, f.controls) for f in ownership.owners] == [
        ("Marc Vidal", (ControlType.CAPITAL, ControlType.VOTES))]
    assert flags_of(firm, client.id) == ["Nouveau bénéficiaire effectif : Marc Vidal"]
    assert next(e.details for e in audit_of(firm.container, firm.firm_id, Action.PARTY_UPDATE)) == {
        "client": "Alpha Conseil", "nom": "Marc Vidal",
        "détention indirecte": "60.00 % de Holding Vidal, qui détient 30.00 % du capital et 50.00 % des votes "
                               "(soit 18.00 % et 30.00 %)"}


def test_the_legal_representative_stands_in_when_nobody_qualifies(firm):
    client = new_client(firm)
    run(firm, ps.save_party, client.id, {"full_name": "Associé Minoritaire", "capital": "20", "votes": "20"})
    run(firm, ps.save_party, client.id, {"full_name": "Claire Gérante", "legal_representative": True})
    ownership = file_of(firm, client.id).ownership
    assert ownership.by_default
    assert [(f.party.full_name, f.controls) for f in ownership.owners] == [
        ("Claire Gérante", (ControlType.LEGAL_REPRESENTATIVE,))]
    assert flags_of(firm, client.id) == []  # a default stand-in is not a new beneficial owner


def test_pep_status_one_year_after_office_and_relatives(firm):
    client = new_client(firm)
    # Left office 20/11/2025: one full year on 20/11/2026 (today), no longer a PEP.
    run(firm, ps.save_party, client.id, {"full_name": "Ancien Député", "pep_relation": "self",
                                          "pep_function": "Député", "pep_office_ended_on": "2025-11-20"})
    # Left office 21/11/2025: still a PEP until 20/11/2026 included... i.e. until 21/11/2026 excluded.
    run(firm, ps.save_party, client.id, {"full_name": "Ex Ambassadrice", "pep_relation": "self",
                                          "pep_function": "Ambassadrice", "pep_office_ended_on": "2025-11-21"})
    run(firm, ps.save_party, client.id, {"full_name": "Paul Maire", "pep_relation": "family",
                                          "pep_function": "Ministre", "pep_related_to": "Lucie Maire"})
    found = file_of(firm, client.id)
    assert [p.full_name for p in found.peps] == ["Ex Ambassadrice", "Paul Maire"]
    assert flags_of(firm, client.id) == [
        "Personne politiquement exposée : Ex Ambassadrice (ppe (fonction exercée))",
        "Personne politiquement exposée : Paul Maire (membre de la famille d'une ppe)"]
    with pytest.raises(InvalidInput, match="Nom de la PPE : valeur obligatoire."):
        run(firm, ps.save_party, client.id, {"full_name": "Proche", "pep_relation": "associate",
                                              "pep_function": "Sénateur"})


def test_a_list_change_re_flags_the_clients_concerned(firm):
    alpha = new_client(firm)
    beta = new_client(firm, "Beta Négoce", "404833048")
    gamma = new_client(firm, "Gamma Services", "732829320")
    run(firm, ps.set_client_countries, alpha.id, "FR", "FR, PA")
    run(firm, ps.save_party, beta.id, {"full_name": "Ana Ruiz", "residence_country": "pa", "capital": "5"})
    run(firm, ps.set_client_countries, gamma.id, "FR", "BE")
    assert flags_of(firm, alpha.id) == flags_of(firm, beta.id) == []  # Panama is not on the default lists

    flagged = run(firm, ps.add_risk_country, RiskList.EU_HIGH_RISK, "PA", date(2026, 11, 2), "Exemple")
    assert flagged == 2
    reason = "Panama (PA) ajouté à la liste « UE : pays tiers à haut risque (règl. 2016/1675) »"
    assert flags_of(firm, alpha.id) == flags_of(firm, beta.id) == [reason]
    assert flags_of(firm, gamma.id) == []
    hits = file_of(firm, alpha.id).hits
    assert [(h.country, h.role) for h in hits] == [("PA", CountryRole.OPERATIONS)]

    entry = next(e for e in lists_of(firm) if e.country == "PA")
    assert run(firm, ps.remove_risk_country, entry.id, date(2026, 11, 20)) == 2
    assert len(flags_of(firm, beta.id)) == 2
    assert file_of(firm, alpha.id).hits == ()  # removed from today: no longer in force
    with pytest.raises(InvalidInput, match="a déjà été retiré de cette liste le 20/11/2026"):
        run(firm, ps.remove_risk_country, entry.id, date(2026, 12, 1))


def test_a_high_risk_country_on_the_file_flags_the_client(firm):
    client = new_client(firm)
    hits = run(firm, ps.set_client_countries, client.id, "FR", "IR")  # Iran: FATF black list and EU list
    assert [(h.country, h.lists) for h in hits] == [
        ("IR", (RiskList.FATF_CALL_FOR_ACTION, RiskList.EU_HIGH_RISK))]
    assert len(flags_of(firm, client.id)) == 1
    run(firm, ps.set_client_countries, client.id, "FR", "IR, BE")  # nothing new: no second flag
    assert len(flags_of(firm, client.id)) == 1
    with pytest.raises(InvalidInput, match="« Iran » n'est pas un code pays ISO"):
        run(firm, ps.set_client_countries, client.id, "FR", "Iran")
    assert file_of(firm, client.id).countries[CountryRole.OPERATIONS] == ("IR", "BE")


def test_only_an_administrator_edits_the_lists(firm):
    from domain.access.model import Principal, Role, User

    collaborator = Principal(User(id=0, firm_id=firm.firm_id, email="x@example.fr", full_name="Collab",
                                  role=Role.COLLABORATOR), frozenset())
    with pytest.raises(PermissionDenied):
        run(firm, ps.add_risk_country, RiskList.EU_HIGH_RISK, "PA", date(2026, 11, 20), principal=collaborator)


def test_a_new_firm_has_the_default_lists(firm):
    entries = lists_of(firm)
    expected = sum(len(codes) for _, codes in DEFAULT_LISTS.values())
    assert len(entries) == expected == 3 + 20 + 29
    assert {e.country for e in entries if e.risk_list is RiskList.FATF_CALL_FOR_ACTION} == {"KP", "IR", "MM"}


def test_identity_evidence_flags_and_what_is_missing(firm):
    client = new_client(firm)
    owner = run(firm, ps.save_party, client.id, {"full_name": "Lina Roche", "capital": "60"})
    other = run(firm, ps.save_party, client.id, {"full_name": "Marc Vidal", "capital": "40"})
    assert file_of(firm, client.id).missing == ("Extrait Kbis de moins de 3 mois",
                                                 "Pièce d'identité en cours de validité de Lina Roche",
                                                 "Pièce d'identité en cours de validité de Marc Vidal")
    # Kbis issued 01/07/2026, received 02/10/2026: more than 3 months old (01/07 < 02/07) → flagged.
    run(firm, ps.add_evidence, client.id, EvidenceKind.REGISTRY_EXTRACT, date(2026, 7, 1), date(2026, 10, 2), None,
        PDF, "kbis.pdf")
    # Passport of Marc expired 19/11/2026, the day before today.
    run(firm, ps.add_evidence, client.id, EvidenceKind.PASSPORT, date(2016, 11, 20), date(2026, 10, 2),
        date(2026, 11, 19), b"\xff\xd8\xff\xe0 jpeg", "passeport.jpg", party_id=other.id)
    run(firm, ps.add_evidence, client.id, EvidenceKind.ID_CARD, date(2021, 3, 1), date(2026, 10, 2),
        date(2031, 2, 28), PDF, "cni.pdf", party_id=owner.id, reference="X4RTBPFW4")
    found = file_of(firm, client.id)
    assert {(line.evidence.kind, line.holder, line.flags) for line in found.evidence} == {
        (EvidenceKind.REGISTRY_EXTRACT, "Alpha Conseil", ("Extrait de plus de 3 mois à la date de réception",)),
        (EvidenceKind.PASSPORT, "Marc Vidal", ("Expiré depuis le 19/11/2026",)),
        (EvidenceKind.ID_CARD, "Lina Roche", ())}
    assert found.missing == ("Extrait Kbis de moins de 3 mois", "Pièce d'identité en cours de validité de Marc Vidal")

    cni = next(line.evidence for line in found.evidence if line.evidence.kind is EvidenceKind.ID_CARD)
    stored = ps.evidence_file(firm.container.firm_uow(firm.firm_id), firm.principal(), client.id, cni.id)
    assert stored == ("cni.pdf", "application/pdf", PDF)
    assert [e.details["alertes"] for e in audit_of(firm.container, firm.firm_id, Action.EVIDENCE_UPLOAD)
            if "alertes" in e.details] == ["Expiré depuis le 19/11/2026",
                                           "Extrait de plus de 3 mois à la date de réception"]
    with pytest.raises(InvalidInput, match="conservées 5 ans"):
        run(firm, ps.delete_party, other.id)


def test_bad_evidence_is_refused_and_nothing_is_written(firm):
    client = new_client(firm)
    with pytest.raises(InvalidInput, match="n'est ni un PDF, ni une image JPEG ou PNG"):
        run(firm, ps.add_evidence, client.id, EvidenceKind.REGISTRY_EXTRACT, date(2026, 11, 1), date(2026, 11, 2),
            None, b"MZ\x90", "kbis.exe")
    with pytest.raises(InvalidInput, match="choisissez la personne"):
        run(firm, ps.add_evidence, client.id, EvidenceKind.ID_CARD, date(2020, 1, 1), date(2026, 11, 2),
            date(2030, 1, 1), PDF, "cni.pdf")
    assert file_of(firm, client.id).evidence == ()
    assert audit_of(firm.container, firm.firm_id, Action.EVIDENCE_UPLOAD) == []


def test_party_form_reports_every_problem_and_writes_nothing(firm):
    client = new_client(firm)
    with pytest.raises(InvalidInput) as err:
        run(firm, ps.save_party, client.id, {"full_name": " ", "capital": "120", "residence_country": "France",
                                              "pep_relation": "self"})
    assert str(err.value).split("\n") == [
        "Nom et prénom : valeur obligatoire.",
        "Pays de résidence : « France » n'est pas un code pays ISO à deux lettres (ex. FR, BE).",
        "Part du capital détenue directement : le pourcentage doit être compris entre 0 et 100.",
        "Fonction exposée : valeur obligatoire."]
    assert file_of(firm, client.id).parties == ()


def test_rbe_divergence_with_its_date(firm):
    client = new_client(firm)
    party = run(firm, ps.save_party, client.id, {"full_name": "Lina Roche", "capital": "60"})
    run(firm, ps.set_rbe_divergence, party.id, date(2026, 11, 18))
    assert [p.rbe_divergence_on for p in file_of(firm, client.id).divergences] == [date(2026, 11, 18)]
    # Editing the person keeps the divergence and the holdings.
    run(firm, ps.save_party, client.id, {"full_name": "Lina Roche-Martin", "capital": "60"}, party.id)
    assert [p.full_name for p in file_of(firm, client.id).divergences] == ["Lina Roche-Martin"]
    run(firm, ps.set_rbe_divergence, party.id, None)
    assert file_of(firm, client.id).divergences == ()
    assert [e.details["divergence avec le RBE"] for e in audit_of(firm.container, firm.firm_id,
                                                                   Action.RBE_DIVERGENCE)] == [
        "levée", "à signaler au greffe (constatée le 18/11/2026)"]
    with pytest.raises(InvalidInput, match="ne peut pas être dans le futur"):
        run(firm, ps.set_rbe_divergence, party.id, date(2026, 11, 21))


def test_another_firm_sees_nothing(firm, make_firm):
    client = new_client(firm)
    party = run(firm, ps.save_party, client.id, {"full_name": "Lina Roche", "capital": "60"})
    other = make_firm("Autre Cabinet")
    with pytest.raises(NotFound):
        run(other, ps.party_file, client.id)
    with pytest.raises(NotFound):
        run(other, ps.set_rbe_divergence, party.id, date(2026, 11, 18))
    with pytest.raises(NotFound):
        run(other, ps.save_party, client.id, {"full_name": "Intrus"})


def test_summaries_for_the_export_and_the_dashboard(firm):
    alpha = new_client(firm)
    beta = new_client(firm, "Beta Négoce", "404833048")
    run(firm, ps.save_party, alpha.id, {"full_name": "Lina Roche", "capital": "60"})
    run(firm, ps.save_party, alpha.id, {"full_name": "Paul Maire", "capital": "40", "pep_relation": "family",
                                         "pep_function": "Ministre", "pep_related_to": "Lucie Maire"})
    run(firm, ps.save_party, beta.id, {"full_name": "Claire Gérante", "legal_representative": True})
    run(firm, ps.add_evidence, alpha.id, EvidenceKind.REGISTRY_EXTRACT, date(2026, 1, 2), date(2026, 6, 1), None,
        PDF, "kbis.pdf")  # five months old when received: flagged
    with firm.container.firm_uow(firm.firm_id) as uow:
        found = ps.summaries(uow, [alpha, beta], date(2026, 11, 20))
    # Alpha: two owners (60 % and 40 %), a PEP relative, missing the Kbis (stale) and two IDs.
    assert found[alpha.id] == ps.PartySummary(alpha.id, 2, False, True, 3, 1)
    # Beta: the manager by default, no PEP, missing the Kbis and her ID.
    assert found[beta.id] == ps.PartySummary(beta.id, 1, True, False, 2, 0)


def test_an_individual_client_proves_their_own_identity(firm):
    individual = run(firm, clients.create_client, {"kind": "individual", "name": "Martine Lebrun"})
    assert file_of(firm, individual.id).missing == ("Pièce d'identité en cours de validité du client",)
    run(firm, ps.add_evidence, individual.id, EvidenceKind.ID_CARD, date(2022, 5, 3), date(2026, 11, 2),
        date(2032, 5, 2), PDF, "cni.pdf")
    found = file_of(firm, individual.id)
    assert found.missing == ()
    assert [line.holder for line in found.evidence] == ["Martine Lebrun"]
