"""Demo LCB-FT assessments: every client of the firm assessed at one of the three levels, the reviews scheduled
from the level; a few reviews overdue, a few clients whose only assessment is submitted (waiting for a
partner) or still a draft, a few re-assessments waiting for validation on top of the validated one, review
flags from new missions, and examen renforcé entries for the renforcée clients. Own random generator, so the
other seeds are not shifted; bulk insert.

Consistent with the rest of the demo: the clients with a PEP or a high-risk country (parties seed) are at the
renforcée level for that reason, and the clients whose letter the letters seed sends were validated before (the
gate is on); run it before `seed_letters`."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from data.seeding.compliance_parties import HIGH_RISK_CLIENT_INDEX, PEPS
from domain.clients.model import Client, ClientFilter, ClientKind
from domain.compliance.model import (
    Assessment,
    AssessmentStatus,
    ComplianceNote,
    ComplianceSettings,
    Criterion,
    NoteKind,
    Score,
)
from domain.compliance.parties import Pep, is_pep
from domain.compliance.rules import add_months, computed_level
from domain.ports import FirmRepositories

SEED = 7013
JUSTIFICATIONS = {
    "simplifiee": "Client connu de longue date, dirigeant rencontré et identifié, activité locale et transparente, "
                  "missions courantes.",
    "standard": "Activité sans risque particulier ; quelques opérations avec l'étranger justifiées par l'activité.",
    "renforcee": "Facteurs de risque relevés (voir motifs) : vigilance renforcée, pièces complémentaires demandées "
                 "et examen renforcé des opérations inhabituelles.",
}
# Scores and reasons of each profile: (weight, scores in Criterion order, reasons by criterion).
PROFILES = (
    (55, (1, 1, 1, 1), {Criterion.CLIENT: ("Client connu de longue date, dirigeant identifié",),
                        Criterion.LOCATION: ("Implantation locale, activité en France",),
                        Criterion.MISSIONS: ("Missions courantes (tenue, comptes annuels, paie)",)}),
    (15, (2, 1, 1, 1), {Criterion.CLIENT: ("Structure juridique complexe ou opaque",)}),
    (20, (2, 2, 1, 1), {Criterion.ACTIVITY: ("Secteur sensible (immobilier, BTP, négoce de biens de valeur…)",),
                        Criterion.LOCATION: ("Implantation locale, activité en France",)}),
    (5, (2, 3, 1, 2), {Criterion.ACTIVITY: ("Activité à forte intensité d'espèces",),
                       Criterion.MISSIONS: ("Maniement de fonds pour le compte du client",)}),
    (3, (2, 1, 2, 1), {Criterion.CLIENT: ("Personne politiquement exposée (PPE) ou proche",)}),
    (2, (1, 1, 3, 2), {Criterion.LOCATION: ("Pays à haut risque (listes GAFI ou UE)",
                                            "Opérations ou associés à l'étranger")}),
)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


PEP_PROFILE, HIGH_RISK_PROFILE = PROFILES[4], PROFILES[5]
# What a client drawn for the PEP or high-risk profile gets when the parties seed records no PEP or no high-risk
# country for it: another reason that forces the renforcée level, with the same scores.
NOT_PEP = {Criterion.CLIENT: ("Relation d'affaires sans rencontre physique",)}
NOT_HIGH_RISK = {Criterion.LOCATION: ("Opérations ou associés à l'étranger",)}


def letter_deadlines(repos: FirmRepositories, quote_ids: list[int], today: date) -> dict[int, date]:
    """The clients whose accepted quote becomes an engagement letter (`seed_letters`), each with the day before
    which its assessment must have been validated: the gate lets no letter be sent otherwise. The letters seed
    sends a letter a few days after the quote's decision, or up to 50 days before `today`."""
    ready: dict[int, date] = {}
    for quote_id in quote_ids:
        quote = repos.quotes.get(quote_id)
        if quote is None or quote.client_id is None:
            continue
        by = min(quote.decided_on or today, today - timedelta(days=50))
        ready[quote.client_id] = min(by, ready.get(quote.client_id, by))
    return ready


def _risky_clients(repos: FirmRepositories, clients: list[Client], today: date) -> tuple[set[int], set[int]]:
    """The clients to which the parties seed (`compliance_parties`, run later on the same clients) gives a PEP
    today, and a high-risk country of operations: the same company indexes."""
    companies = [c for c in repos.clients.search(ClientFilter()) if c.kind is ClientKind.COMPANY]
    wanted = {c.id for c in clients}
    peps = {companies[i].id for i, (relation, _f, ended, _r) in PEPS.items()
            if i < len(companies) and is_pep(Pep(relation, "", ended, ""), today)}
    high = {companies[HIGH_RISK_CLIENT_INDEX].id} if len(companies) > HIGH_RISK_CLIENT_INDEX else set()
    return peps & wanted, high & wanted


def _profile(drawn: tuple, client_id: int, peps: set[int], high_risk: set[int]) -> tuple:
    """The drawn profile, made consistent with the client's recorded facts: a PEP or a high-risk country gives
    its profile (renforcée), and those profiles go only to such clients."""
    if client_id in peps:
        return PEP_PROFILE
    if client_id in high_risk:
        return HIGH_RISK_PROFILE
    if drawn is PEP_PROFILE:
        return (drawn[0], drawn[1], NOT_PEP)
    if drawn is HIGH_RISK_PROFILE:
        return (drawn[0], drawn[1], NOT_HIGH_RISK)
    return drawn


def seed_compliance(repos: FirmRepositories, *, today: date, ready: Mapping[int, date] | None = None,
                    clients: list[Client] | None = None) -> int:
    """Write the assessments of `clients` (default: every client) in an open transaction (nothing committed);
    returns how many. A client of `ready` (`letter_deadlines`) has a validated assessment from before its day,
    without event flag, so that its letter passes the gate when the letters seed sends it."""
    rng = random.Random(SEED)
    settings = ComplianceSettings()
    ready = ready or {}
    clients = repos.clients.search(ClientFilter()) if clients is None else clients
    peps, high_risk = _risky_clients(repos, clients, today)
    staff = [u for u in repos.users.list() if u.role.is_staff and u.is_active]
    partner_grades = {g.id for g in repos.grades.list() if g.code == "associe"}
    partners = [u.id for u in staff if u.grade_id in partner_grades] or [u.id for u in staff]
    weights = [p[0] for p in PROFILES]
    batch: list[Assessment] = []
    enhanced: list[tuple[int, date]] = []
    flagged: list[tuple[int, str]] = []
    for client in clients:
        _weight, numbers, reasons = _profile(rng.choices(PROFILES, weights)[0], client.id, peps, high_risk)
        scores = {c: Score(n) for c, n in zip(Criterion, numbers, strict=True)}
        level = computed_level(settings, scores, reasons)
        preparer = client.manager_id or rng.choice(staff).id
        validator = next((p for p in [client.partner_id, *rng.sample(partners, len(partners))]
                          if p is not None and p != preparer), None)
        roll = rng.random()
        draft = Assessment(id=0, client_id=client.id, status=AssessmentStatus.DRAFT, scores=scores, reasons=reasons,
                           justification=JUSTIFICATIONS[level.value], computed_level=level, override_level=None,
                           override_reason="", prepared_by=preparer, created_at=_at(today))
        must_by = ready.get(client.id)
        if must_by is not None and validator is not None:
            roll = max(roll, 0.28)  # validated and not flagged: only the validation date differs below
        if roll < 0.04 or validator is None:  # a new client: the first assessment is still a draft
            created = today - timedelta(days=rng.randint(1, 10))
            batch.append(replace(draft, created_at=_at(created)))
            continue
        if roll < 0.09:  # submitted, waiting for a partner
            created = today - timedelta(days=rng.randint(2, 20))
            batch.append(replace(draft, status=AssessmentStatus.SUBMITTED,
                                       created_at=_at(created), submitted_at=_at(created, 16)))
            continue
        months = settings.review_months[level]
        if must_by is not None:  # before its letter was sent (no draw: the other clients' draws stay the same)
            validated_on = must_by - timedelta(days=7 + client.id % 20)
        elif roll < 0.17:  # the review is overdue: validated more than one period ago
            validated_on = add_months(today, -months) - timedelta(days=rng.randint(5, 120))
        else:
            validated_on = today - timedelta(days=rng.randint(10, months * 30 - 45))
        created = validated_on - timedelta(days=rng.randint(1, 12))
        batch.append(replace(draft, status=AssessmentStatus.VALIDATED, created_at=_at(created),
                                   submitted_at=_at(created, 16), validated_by=validator,
                                   validated_at=_at(validated_on, 11), validated_on=validated_on,
                                   next_review_on=add_months(validated_on, months)))
        if level.value == "renforcee":
            enhanced.append((client.id, validated_on))
        if 0.17 <= roll < 0.24:  # a re-assessment prepared and submitted on top of the validated one
            again = today - timedelta(days=rng.randint(1, 15))
            batch.append(replace(draft, status=AssessmentStatus.SUBMITTED,
                                       created_at=_at(again), submitted_at=_at(again, 16)))
        elif 0.24 <= roll < 0.28:
            flagged.append((client.id, "Nouvelle mission : conseil en cession de fonds de commerce"))
    count = repos.compliance.add_many(batch)
    for client_id, reason in flagged:
        flagged_on = today - timedelta(days=rng.randint(1, 40))
        repos.compliance.flag(client_id, reason, flagged_on, flagged_on + timedelta(days=settings.flag_grace_days))
    for client_id, validated_on in enhanced:
        repos.compliance.add_note(ComplianceNote(
            0, client_id, NoteKind.ENHANCED_REVIEW, validated_on, partners[0],
            "Examen renforcé : origine des fonds de l'augmentation de capital vérifiée (relevés bancaires et acte "
            "de donation obtenus) ; opération cohérente avec le patrimoine déclaré.", _at(validated_on, 15)))
    return count
