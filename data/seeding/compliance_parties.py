"""Demo LCB-FT parties: beneficial owners of the demo companies (direct, indirect through a holding, and the
legal representative by default), some PEP and relatives, one client operating in a high-risk country, and
identity evidence with a few gaps (missing Kbis, expired ID, stale extract).

Writes through the firm-scoped repositories of the caller's open transaction, without review flags (the
assessments seed decides which files are due). Its own random generator, so the other seeds are unchanged.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from domain.clients.model import ClientFilter, ClientKind, Contact
from domain.compliance.countries import CountryRole
from domain.compliance.evidence import Evidence, EvidenceKind
from domain.compliance.parties import IndirectHolding, Party, Pep, PepRelation
from domain.ports import FirmRepositories

SEED = 7_2026
HIGH_RISK_CLIENT_INDEX = 3  # operates in Côte d'Ivoire (FATF grey list and EU list)
PEPS = {  # client index → (relation, function, office ended, related PEP)
    5: (PepRelation.SELF, "Maire d'une commune de plus de 50 000 habitants", None, ""),
    9: (PepRelation.FAMILY, "Député", None, "Henri Delorme"),
    14: (PepRelation.SELF, "Ambassadeur", date(2024, 6, 30), ""),  # left office over a year ago: no longer a PEP
    21: (PepRelation.ASSOCIATE, "Membre du conseil d'administration d'une entreprise publique", date(2026, 5, 31),
         "Sophie Marchand"),
}
SHAREHOLDERS = ("Camille Bernard", "Julien Petit", "Sarah Moreau", "Nicolas Laurent", "Emma Girard", "Hugo Lambert",
                "Léa Fontaine", "Thomas Rousseau", "Chloé Mercier", "Antoine Faure")


def _demo_pdf() -> bytes:
    """One small real PDF (rendered once), the scan of every demo document."""
    from weasyprint import HTML

    html = ("<html><body style='font-family: sans-serif'><h1>Pièce de démonstration</h1>"
            "<p>Document fictif de la base de démonstration EEXPI : il ne prouve l'identité de personne.</p>"
            "</body></html>")
    return HTML(string=html).write_pdf()


def _signatory(contacts: list[Contact]) -> str:
    chosen = next((c for c in contacts if c.is_signatory), contacts[0] if contacts else None)
    return f"{chosen.first_name} {chosen.last_name}" if chosen else "Dirigeant non renseigné"


def _people(index: int, manager: str, rng: random.Random) -> list[Party]:
    """The company's people by pattern: a majority holder, three equal thirds, five fifths (nobody over 25 %: the
    legal representative by default), a holder reaching 30 % through a holding, two halves."""
    others = rng.sample(SHAREHOLDERS, 4)

    def person(name: str, capital: int, *, legal: bool = False, holdings=()) -> Party:
        share = Decimal(capital)
        return Party(id=0, client_id=0, full_name=name, nationality="FR", residence_country="FR", capital=share,
                     votes=share, legal_representative=legal, holdings=holdings,
                     birth_date=date(1955 + rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28)))

    pattern = index % 5
    if pattern == 0:
        return [person(manager, 60, legal=True), person(others[0], 40)]
    if pattern == 1:
        return [person(manager, 34, legal=True), person(others[0], 33), person(others[1], 33)]
    if pattern == 2:
        return [person(manager, 20, legal=True), *(person(name, 20) for name in others)]
    if pattern == 3:  # 10 % + 60 % of a holding owning 50 % = 40 %
        holding = IndirectHolding(f"Holding {manager.split()[-1]}", Decimal(60), Decimal(50), Decimal(50))
        return [person(manager, 10, legal=True, holdings=(holding,)), person(others[0], 40)]
    return [person(manager, 50, legal=True), person(others[0], 50)]


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


def seed_compliance_parties(repos: FirmRepositories, *, today: date) -> int:
    """Seed the active companies (and the individuals' own IDs) of the firm; returns how many persons were
    recorded."""
    rng = random.Random(SEED)
    scan = _demo_pdf()
    digest = hashlib.sha256(scan).hexdigest()
    everyone = repos.clients.search(ClientFilter())
    companies = [c for c in everyone if c.kind is ClientKind.COMPANY]
    individuals = [c for c in everyone if c.kind is ClientKind.INDIVIDUAL]
    count = 0
    for index, client in enumerate(companies):
        manager = _signatory(repos.contacts.for_client(client.id))
        people = _people(index, manager, rng)
        if index in PEPS:
            relation, function, ended, related = PEPS[index]
            people[-1] = replace(people[-1], pep=Pep(relation, function, ended, related))
        ids = []
        for person in people:
            party_id = repos.parties.add(client.id, person, at=_stamp(today - timedelta(days=200)))
            for holding in person.holdings:
                repos.parties.add_holding(party_id, holding)
            ids.append(party_id)
        count += len(ids)
        repos.parties.set_countries(client.id, CountryRole.INCORPORATION, ("FR",))
        operations = ("FR", "CI") if index == HIGH_RISK_CLIENT_INDEX else ("FR", "BE") if index % 4 == 0 else ("FR",)
        repos.parties.set_countries(client.id, CountryRole.OPERATIONS, operations)
        if index % 11 == 4:
            repos.parties.set_rbe_divergence(ids[-1], today - timedelta(days=12), at=_stamp(today - timedelta(days=12)))
        _evidence(repos, client.id, index, ids, today, scan, digest, rng)
    for index, client in enumerate(individuals):  # their own ID, except every fifth (still to collect)
        if index % 5 != 4:
            received = today - timedelta(days=rng.randint(20, 400))
            issued = received - timedelta(days=rng.randint(400, 3000))
            repos.parties.add_evidence(Evidence(
                id=0, client_id=client.id, kind=EvidenceKind.ID_CARD, issued_on=issued, received_on=received,
                expires_on=issued + timedelta(days=3650), reference=f"DEMO-{client.id}", filename="piece-identite.pdf",
                content_type="application/pdf", size=len(scan), sha256=digest, uploaded_at=_stamp(received)), scan)
    return count


def _evidence(repos: FirmRepositories, client_id: int, index: int, party_ids: list[int], today: date, scan: bytes,
              digest: str, rng: random.Random) -> None:
    received = today - timedelta(days=rng.randint(20, 400))

    def add(kind: EvidenceKind, issued: date, expires: date | None, party_id: int | None, name: str) -> None:
        repos.parties.add_evidence(Evidence(
            id=0, client_id=client_id, kind=kind, issued_on=issued, received_on=received, party_id=party_id,
            expires_on=expires, reference=f"DEMO-{client_id}-{len(name)}{rng.randint(100, 999)}", filename=name,
            content_type="application/pdf", size=len(scan), sha256=digest, uploaded_at=_stamp(received)), scan)

    if index % 7 != 6:  # every seventh company: no registry extract yet
        stale = index % 13 == 8  # extract already 5 months old when received
        add(EvidenceKind.REGISTRY_EXTRACT, received - timedelta(days=150 if stale else rng.randint(1, 60)), None,
            None, "extrait-kbis.pdf")
    for position, party_id in enumerate(party_ids[:2]):  # the first two persons; further ones are missing
        issued = received - timedelta(days=rng.randint(400, 3000))
        expired = index % 6 == 5 and position == 0
        expires = today - timedelta(days=rng.randint(5, 90)) if expired else issued + timedelta(days=3650)
        add(EvidenceKind.ID_CARD if position == 0 else EvidenceKind.PASSPORT, issued, expires, party_id,
            "piece-identite.pdf")
