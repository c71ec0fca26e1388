"""LCB-FT parties of a client's compliance file: beneficial owners (with indirect holdings and the RBE divergence
flag), PEP and their relatives, the client's countries, identity evidence; and the firm's high-risk country lists.

Events that call for a new assessment go through `flag_for_review` (domain/compliance/services.py) in the same
transaction: a new beneficial owner, a new PEP, a high-risk country on the file, a change of a high-risk list.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clients.model import Client, ClientKind
from domain.clock import Clock
from domain.compliance import countries, evidence, parties
from domain.compliance.countries import CountryHit, CountryRole, ListedCountry, RiskList
from domain.compliance.evidence import Evidence, EvidenceKind
from domain.compliance.parties import IndirectHolding, Ownership, Party, Pep, PepRelation
from domain.compliance.services import flag_for_review
from domain.errors import InvalidInput, NotFound, Problems
from domain.firm.guards import actor_id, require_staff
from domain.formatting import day
from domain.ports import FirmRepositories, FirmUnitOfWork
from domain.text import single_line

NAME_LIMIT = 200


# --- reading the file -------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EvidenceLine:
    evidence: Evidence
    holder: str  # the person, or the company for a registry extract
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartyFile:
    """Everything the compliance file shows about the client's people, countries and evidence on `today`."""

    client: Client
    today: date
    parties: tuple[Party, ...]
    ownership: Ownership
    peps: tuple[Party, ...]  # PEP, family members and close associates whose status holds today
    countries: dict[CountryRole, tuple[str, ...]]
    hits: tuple[CountryHit, ...]
    evidence: tuple[EvidenceLine, ...]
    missing: tuple[str, ...]

    @property
    def has_pep(self) -> bool:
        return bool(self.peps)

    @property
    def divergences(self) -> tuple[Party, ...]:
        return tuple(p for p in self.parties if p.rbe_divergence_on is not None)


def _client(uow: FirmUnitOfWork, client_id: int) -> Client:
    client = uow.clients.get(client_id)
    if client is None:
        raise NotFound("Client introuvable dans ce cabinet.")
    return client


def _party(uow: FirmUnitOfWork, party_id: int) -> Party:
    party = uow.parties.get(party_id)
    if party is None:
        raise NotFound("Personne introuvable dans ce cabinet.")
    return party


def _country_map(client: Client, own: dict[CountryRole, tuple[str, ...]],
                 people: list[Party]) -> dict[tuple[CountryRole, str], tuple[str, ...]]:
    found = {(role, client.name): codes for role, codes in own.items()}
    for person in people:
        if person.residence_country:
            found[(CountryRole.RESIDENCE, person.full_name)] = (person.residence_country,)
        if person.nationality:
            found[(CountryRole.NATIONALITY, person.full_name)] = (person.nationality,)
    return found


def _hits(repos: FirmRepositories, client: Client, people: list[Party], today: date) -> list[CountryHit]:
    return countries.high_risk_hits(_country_map(client, repos.parties.countries(client.id), people),
                                    repos.risk_countries.list(), today)


def build_file(repos: FirmRepositories, client: Client, today: date) -> PartyFile:
    people = repos.parties.for_client(client.id)
    ownership = parties.beneficial_owners(people)
    held = repos.parties.evidence(client.id)
    names = {p.id: p.full_name for p in people}
    lines = tuple(EvidenceLine(e, names.get(e.party_id, client.name), evidence.flags(e, today)) for e in held)
    to_identify = [evidence.Person(f.party.id, f.party.full_name) for f in ownership.owners]
    return PartyFile(client=client, today=today, parties=tuple(people), ownership=ownership,
                     peps=tuple(p for p in people if parties.is_pep(p.pep, today)),
                     countries=repos.parties.countries(client.id), hits=tuple(_hits(repos, client, people, today)),
                     evidence=lines,
                     missing=evidence.missing(client.kind is ClientKind.COMPANY, to_identify, held, today))


def party_file(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int) -> PartyFile:
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        return build_file(uow, _client(uow, client_id), clock.today())


# --- persons ----------------------------------------------------------------------------------------------------

def _date(value, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{label} : date invalide (AAAA-MM-JJ).") from None


def _checked_party(form: dict, client_id: int, party_id: int, today: date) -> Party:
    """The person typed in the form, every problem reported at once."""
    c = Problems()
    name = c.take(lambda: single_line(form.get("full_name"), "Nom et prénom", NAME_LIMIT, required=True))
    birth = c.take(lambda: _date(form.get("birth_date"), "Date de naissance"), None)
    nationality = c.take(lambda: countries.country_code(form.get("nationality"), "Nationalité"))
    residence = c.take(lambda: countries.country_code(form.get("residence_country"), "Pays de résidence"))
    capital = c.take(lambda: parties.percentage(form.get("capital"), "Part du capital détenue directement"), 0)
    votes = c.take(lambda: parties.percentage(form.get("votes"), "Droits de vote détenus directement"), 0)
    other = c.take(lambda: single_line(form.get("other_control"), "Contrôle par d'autres moyens", 300))
    relation = PepRelation(form.get("pep_relation") or "")
    function = c.take(lambda: single_line(form.get("pep_function"), "Fonction exposée", 200,
                                          required=relation is not PepRelation.NONE))
    ended = c.take(lambda: _date(form.get("pep_office_ended_on"), "Fin de fonction"), None)
    related = c.take(lambda: single_line(form.get("pep_related_to"), "Nom de la PPE", NAME_LIMIT,
                                         required=relation in (PepRelation.FAMILY, PepRelation.ASSOCIATE)))
    if birth is not None and birth > today:
        c.problems.append("Date de naissance : elle ne peut pas être dans le futur.")
    if c.problems:
        raise InvalidInput("\n".join(c.problems))
    pep = Pep(relation, function, ended, related) if relation is not PepRelation.NONE else Pep()
    return Party(id=party_id, client_id=client_id, full_name=name, birth_date=birth, nationality=nationality,
                 residence_country=residence, capital=capital, votes=votes, other_control=other,
                 legal_representative=bool(form.get("legal_representative")), pep=pep)


def _summary(party: Party) -> dict:
    details = {"nom": party.full_name}
    if party.capital or party.votes:
        details["détention directe"] = f"{party.capital} % du capital, {party.votes} % des votes"
    if party.legal_representative:
        details["représentant légal"] = "oui"
    if party.pep.relation is not PepRelation.NONE:
        details["PPE"] = f"{party.pep.relation.label} : {party.pep.function}"
    return details


def _owners(repos: FirmRepositories, client_id: int) -> set[int]:
    ownership = parties.beneficial_owners(repos.parties.for_client(client_id))
    return set() if ownership.by_default else {f.party.id for f in ownership.owners}


def _hit_keys(repos: FirmRepositories, client: Client, today: date) -> set[tuple]:
    return {(h.country, h.role, h.who) for h in _hits(repos, client, repos.parties.for_client(client.id), today)}


def _flag_events(repos: FirmRepositories, principal: Principal | None, clock: Clock, client: Client,
                 before: set[int], party: Party | None, was_pep: bool, hits_before: set[tuple] | None = None) -> None:
    """Flag the client for review for what this change brings: a new beneficial owner, a new PEP, a person
    living in (or national of) a high-risk country."""
    today = clock.today()
    if hits_before is not None:
        for hit in _hits(repos, client, repos.parties.for_client(client.id), today):
            if (hit.country, hit.role, hit.who) not in hits_before:
                flag_for_review(repos, client.id, f"Pays à haut risque : {hit.description}", today,
                                actor=actor_id(principal), at=clock.now())
    for owner_id in sorted(_owners(repos, client.id) - before):
        owner = repos.parties.get(owner_id)
        flag_for_review(repos, client.id, f"Nouveau bénéficiaire effectif : {owner.full_name}", today,
                        actor=actor_id(principal), at=clock.now())
    if party is not None and parties.is_pep(party.pep, today) and not was_pep:
        flag_for_review(repos, client.id, f"Personne politiquement exposée : {party.full_name} "
                                          f"({party.pep.relation.label.lower()})", today,
                        actor=actor_id(principal), at=clock.now())


def save_party(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int, form: dict,
               party_id: int | None = None) -> Party:
    """Add a person to the client's file (party_id None) or change one; flags the client for review when a
    beneficial owner or a PEP appears."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        client = _client(uow, client_id)
        old = _party(uow, party_id) if party_id else None
        if old is not None and old.client_id != client_id:
            raise NotFound("Personne introuvable dans ce dossier.")
        party = _checked_party(form, client_id, party_id or 0, clock.today())
        before, hits_before = _owners(uow, client_id), _hit_keys(uow, client, clock.today())
        if old is None:
            party = replace(party, id=uow.parties.add(client_id, party, at=clock.now()))
            action = Action.PARTY_CREATE
        else:
            party = replace(party, holdings=old.holdings, rbe_divergence_on=old.rbe_divergence_on)
            uow.parties.update(party, at=clock.now())
            action = Action.PARTY_UPDATE
        uow.audit.record(action, actor_id(principal), "party", str(party.id),
                         {"client": client.name, **_summary(party)}, at=clock.now())
        was_pep = old is not None and parties.is_pep(old.pep, clock.today())
        _flag_events(uow, principal, clock, client, before, party, was_pep, hits_before)
        uow.commit()
        return uow.parties.get(party.id)


def delete_party(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, party_id: int) -> None:
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        party = _party(uow, party_id)
        if uow.parties.party_has_evidence(party_id):
            raise InvalidInput(f"{party.full_name} a des pièces d'identité au dossier : elles sont conservées "
                               "5 ans (LCB-FT), la personne ne peut donc pas être retirée.")
        client = _client(uow, party.client_id)
        uow.parties.delete(party_id)
        uow.audit.record(Action.PARTY_DELETE, actor_id(principal), "party", str(party_id),
                         {"client": client.name, **_summary(party)}, at=clock.now())
        uow.commit()


def add_holding(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, party_id: int, via: str,
                share_in_via: str, via_capital: str, via_votes: str) -> Party:
    """An indirect holding through an intermediate company (percentages as typed in French)."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    c = Problems()
    via = c.take(lambda: single_line(via, "Société intermédiaire", NAME_LIMIT, required=True))
    share = c.take(lambda: parties.percentage(share_in_via, "Part détenue dans la société intermédiaire"), 0)
    capital = c.take(lambda: parties.percentage(via_capital, "Part du capital du client détenue par l'intermédiaire"),
                     0)
    votes = c.take(lambda: parties.percentage(via_votes, "Droits de vote du client détenus par l'intermédiaire"), 0)
    if c.problems:
        raise InvalidInput("\n".join(c.problems))
    if not share or not (capital or votes):
        raise InvalidInput("Une détention indirecte suppose une part dans l'intermédiaire et une part du client "
                           "détenue par l'intermédiaire.")
    holding = IndirectHolding(via, share, capital, votes)
    with uow:
        party = _party(uow, party_id)
        client = _client(uow, party.client_id)
        before = _owners(uow, client.id)
        uow.parties.add_holding(party_id, holding)
        uow.audit.record(Action.PARTY_UPDATE, actor_id(principal), "party", str(party_id),
                         {"client": client.name, "nom": party.full_name,
                          "détention indirecte": f"{share} % de {via}, qui détient {capital} % du capital et "
                                                 f"{votes} % des votes (soit {holding.capital:.2f} % et "
                                                 f"{holding.votes:.2f} %)"}, at=clock.now())
        _flag_events(uow, principal, clock, client, before, None, False)
        uow.commit()
        return uow.parties.get(party_id)


def remove_holding(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, party_id: int,
                   holding_id: int) -> None:
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        party = _party(uow, party_id)
        holding = next((h for h in party.holdings if h.id == holding_id), None)
        if holding is None:
            raise NotFound("Détention indirecte introuvable.")
        uow.parties.delete_holding(party_id, holding_id)
        uow.audit.record(Action.PARTY_UPDATE, actor_id(principal), "party", str(party_id),
                         {"nom": party.full_name, "détention indirecte retirée": holding.via}, at=clock.now())
        uow.commit()


def set_rbe_divergence(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, party_id: int,
                       on: date | None) -> None:
    """Note (or clear, with None) a divergence between the RBE and what the firm knows, to report to the greffe."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    if on is not None and on > clock.today():
        raise InvalidInput("Date de la divergence : elle ne peut pas être dans le futur.")
    with uow:
        party = _party(uow, party_id)
        uow.parties.set_rbe_divergence(party_id, on, at=clock.now())
        text = f"à signaler au greffe (constatée le {day(on)})" if on else "levée"
        uow.audit.record(Action.RBE_DIVERGENCE, actor_id(principal), "party", str(party_id),
                         {"nom": party.full_name, "divergence avec le RBE": text}, at=clock.now())
        uow.commit()


# --- the client's countries -------------------------------------------------------------------------------------

def set_client_countries(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int,
                         incorporation: str, operations: str) -> list[CountryHit]:
    """Replace the client's countries; a high-risk one flags the client for review. Returns the hits."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    c = Problems()
    own = c.take(lambda: countries.country_codes([incorporation], "Pays d'immatriculation"), ())
    ops = c.take(lambda: countries.country_codes([operations], "Pays d'activité"), ())
    if len(own) > 1:
        c.problems.append("Pays d'immatriculation : un seul pays.")
    if c.problems:
        raise InvalidInput("\n".join(c.problems))
    with uow:
        client = _client(uow, client_id)
        people = uow.parties.for_client(client_id)
        before = {(h.country, h.role) for h in _hits(uow, client, people, clock.today())}
        uow.parties.set_countries(client_id, CountryRole.INCORPORATION, own)
        uow.parties.set_countries(client_id, CountryRole.OPERATIONS, ops)
        uow.audit.record(Action.CLIENT_COUNTRIES_CHANGE, actor_id(principal), "client", str(client_id),
                         {"client": client.name, "immatriculation": ", ".join(own) or "—",
                          "activité": ", ".join(ops) or "—"}, at=clock.now())
        hits = _hits(uow, client, people, clock.today())
        for hit in hits:
            if (hit.country, hit.role) not in before:
                flag_for_review(uow, client_id, f"Pays à haut risque : {hit.description}", clock.today(),
                                actor=actor_id(principal), at=clock.now())
        uow.commit()
        return hits


# --- the firm's high-risk lists -------------------------------------------------------------------------------

def install_default_lists(repos: FirmRepositories) -> None:
    """A new firm's lists (documented in domain/compliance/countries.py)."""
    for risk_list, (listed_on, codes) in countries.DEFAULT_LISTS.items():
        for code in codes:
            repos.risk_countries.add(risk_list, code, listed_on)


def risk_lists(uow: FirmUnitOfWork, principal: Principal | None) -> list[ListedCountry]:
    require_staff(uow, principal)
    with uow:
        return uow.risk_countries.list()


def _reflag(repos: FirmRepositories, principal: Principal | None, clock: Clock, country: str, reason: str) -> int:
    """Flag for review every client that has `country` on its file; returns how many."""
    client_ids = repos.parties.clients_with_country(country)
    for client_id in client_ids:
        flag_for_review(repos, client_id, reason, clock.today(), actor=actor_id(principal), at=clock.now())
    return len(client_ids)


def add_risk_country(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, risk_list: RiskList,
                     country: str, listed_on: date | None, note: str = "") -> int:
    """Put a country on a list from `listed_on`; the clients concerned are flagged for review. Returns how many."""
    require_staff(uow, principal, Permission.ADMINISTER)
    code = countries.country_code(country, "Pays")
    if not code:
        raise InvalidInput("Pays : valeur obligatoire.")
    countries.check_entry(risk_list, code, listed_on, None)
    note = single_line(note, "Note", 300)
    with uow:
        if any(e.country == code and e.risk_list is risk_list and e.removed_on is None
               for e in uow.risk_countries.list()):
            raise InvalidInput(f"{countries.country_name(code)} est déjà sur la liste « {risk_list.label} ».")
        entry_id = uow.risk_countries.add(risk_list, code, listed_on, None, note)
        name = f"{countries.country_name(code)} ({code})"
        uow.audit.record(Action.RISK_COUNTRIES_CHANGE, actor_id(principal), "risk_country", str(entry_id),
                         {"liste": risk_list.label, "pays": name, "inscrit le": day(listed_on)}, at=clock.now())
        flagged = _reflag(uow, principal, clock, code, f"{name} ajouté à la liste « {risk_list.label} »")
        uow.commit()
        return flagged


def remove_risk_country(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, entry_id: int,
                        removed_on: date | None) -> int:
    """Take a country off a list from `removed_on` (the entry is kept, dated); the clients concerned are flagged
    for review (their vigilance level may come down). Returns how many."""
    require_staff(uow, principal, Permission.ADMINISTER)
    with uow:
        entry = uow.risk_countries.get(entry_id)
        if entry is None:
            raise NotFound("Inscription introuvable dans les listes du cabinet.")
        if removed_on is None:
            raise InvalidInput("Date de retrait : valeur obligatoire.")
        if entry.removed_on is not None:
            raise InvalidInput(f"{countries.country_name(entry.country)} a déjà été retiré de cette liste le "
                               f"{day(entry.removed_on)}.")
        countries.check_entry(entry.risk_list, entry.country, entry.listed_on, removed_on)
        uow.risk_countries.set_removed_on(entry_id, removed_on)
        name = f"{countries.country_name(entry.country)} ({entry.country})"
        uow.audit.record(Action.RISK_COUNTRIES_CHANGE, actor_id(principal), "risk_country", str(entry_id),
                         {"liste": entry.risk_list.label, "pays": name, "retiré le": day(removed_on)}, at=clock.now())
        flagged = _reflag(uow, principal, clock, entry.country,
                          f"{name} retiré de la liste « {entry.risk_list.label} »")
        uow.commit()
        return flagged


# --- identity evidence ------------------------------------------------------------------------------------------

def add_evidence(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int,
                 kind: EvidenceKind, issued_on: date | None, received_on: date | None, expires_on: date | None,
                 content: bytes, filename: str, *, party_id: int | None = None, reference: str = "") -> Evidence:
    """Store an ID document (of a person of the file) or a registry extract with its scan (PDF, JPEG or PNG)."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    today = clock.today()
    evidence.check_dates(kind, issued_on, received_on, expires_on, today)
    content_type = evidence.check_upload(content, filename)
    filename = single_line(filename, "Nom du fichier", 200) or "justificatif"
    reference = single_line(reference, "Référence du document", 100)
    with uow:
        client = _client(uow, client_id)
        if kind.proves_identity and party_id is None and client.kind is ClientKind.COMPANY:
            raise InvalidInput(f"{kind.label} : choisissez la personne à qui elle appartient.")
        if party_id is not None and (_party(uow, party_id).client_id != client_id):
            raise NotFound("Personne introuvable dans ce dossier.")
        new = Evidence(id=0, client_id=client_id, kind=kind, issued_on=issued_on, received_on=received_on,
                       party_id=party_id, expires_on=expires_on, reference=reference, filename=filename,
                       content_type=content_type, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                       uploaded_at=clock.now(), uploaded_by=actor_id(principal))
        new = replace(new, id=uow.parties.add_evidence(new, content))
        details = {"client": client.name, "pièce": kind.label, "délivrée le": day(issued_on),
                   "reçue le": day(received_on), "fichier": filename, "sha256": new.sha256}
        if expires_on:
            details["expire le"] = day(expires_on)
        if flags := evidence.flags(new, today):
            details["alertes"] = " ; ".join(flags)
        uow.audit.record(Action.EVIDENCE_UPLOAD, actor_id(principal), "evidence", str(new.id), details,
                         at=clock.now())
        uow.commit()
        return new


def evidence_file(uow: FirmUnitOfWork, principal: Principal | None, client_id: int,
                  evidence_id: int) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of a piece of evidence, for the users who manage compliance."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        found = next((e for e in uow.parties.evidence(client_id) if e.id == evidence_id), None)
        content = uow.parties.evidence_file(evidence_id) if found else None
        if found is None or content is None:
            raise NotFound("Pièce introuvable dans ce dossier.")
        return found.filename, found.content_type, content


# --- for the dashboard and the inspection export ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PartySummary:
    client_id: int
    beneficial_owners: int  # found by the > 25 % rule, or the legal representatives by default
    owners_by_default: bool
    has_pep: bool  # a PEP, family member or close associate whose status holds on the day
    evidence_missing: int  # valid registry extract / ID documents still to collect
    evidence_flagged: int  # expired documents and stale extracts


def summaries(repos: FirmRepositories, clients: list[Client], today: date) -> dict[int, PartySummary]:
    """One summary per client, read in three queries (for the export of every assessment and the dashboard)."""
    by_client = repos.parties.for_clients([c.id for c in clients])
    held = repos.parties.evidence_of_clients()
    found = {}
    for client in clients:
        people = by_client.get(client.id, [])
        ownership = parties.beneficial_owners(people)
        docs = held.get(client.id, [])
        to_identify = [evidence.Person(f.party.id, f.party.full_name) for f in ownership.owners]
        found[client.id] = PartySummary(
            client.id, len(ownership.owners), ownership.by_default, any(parties.is_pep(p.pep, today) for p in people),
            len(evidence.missing(client.kind is ClientKind.COMPANY, to_identify, docs, today)),
            sum(1 for e in docs if evidence.flags(e, today)))
    return found
