"""Demo prospects: about forty over the last twelve months, at every stage, with a consistent history.

Each prospect walks its path (Nouveau → Qualifié → Devis envoyé → Gagné/Perdu, some steps skipped)
with increasing dates that end no later than `today`; won prospects became clients (valid SIRENs,
written as clients of the firm and linked), lost ones carry a reason, one lost prospect was reopened.
Open prospects have a next action, some of them overdue. Deterministic for a given `rng`.
"""

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from stdnum import luhn

from domain.clients.model import Client, ClientKind
from domain.identifiers import vat_number_for
from domain.pipeline.model import Prospect, Stage, StageChange
from domain.ports import FirmRepositories

# Final stage of each demo prospect: every stage present, enough closed ones for the statistics.
TARGETS = ([Stage.NEW] * 7 + [Stage.QUALIFIED] * 7 + [Stage.QUOTE_SENT] * 7 + [Stage.WON] * 11
           + [Stage.LOST] * 8)
TRADES = ["Boulangerie", "Garage", "Pharmacie", "Transports", "Menuiserie", "Atelier", "Hôtel", "Restaurant",
          "Librairie", "Imprimerie", "Domaine", "Studio", "Clinique vétérinaire", "Plomberie", "Fromagerie"]
SURNAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
            "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"]
FIRST_NAMES = ["Camille", "Julien", "Sophie", "Nicolas", "Claire", "Antoine", "Laura", "Mathieu", "Emma", "Hugo"]
CITIES = [("69003", "Lyon"), ("69100", "Villeurbanne"), ("38000", "Grenoble"), ("42000", "Saint-Étienne"),
          ("01000", "Bourg-en-Bresse"), ("73000", "Chambéry"), ("26000", "Valence"), ("69400", "Villefranche-sur-Saône")]
LEGAL_FORMS = ["SARL", "SAS", "SASU", "EURL", "SCI"]
SOURCES = ["Recommandation client", "Site internet", "Salon des entrepreneurs", "Banque partenaire", "Réseau CCI",
           "Appel entrant"]
LOST_REASONS = ["Honoraires jugés trop élevés", "A choisi un cabinet concurrent", "Projet de création abandonné",
                "Reste chez son expert-comptable actuel", "Pas de réponse après trois relances",
                "Besoin hors de notre périmètre (audit légal)"]
NEXT_ACTIONS = ["Rappeler le dirigeant", "Envoyer la plaquette du cabinet", "Rendez-vous de découverte",
                "Relancer le devis", "Demander la dernière liasse fiscale", "Préparer la proposition"]


def _path(target: Stage, rng: random.Random) -> list[Stage]:
    """The stages a prospect went through to reach `target` (intermediate steps sometimes skipped)."""
    if target is Stage.NEW:
        return [Stage.NEW]
    if target is Stage.QUALIFIED:
        return [Stage.NEW, Stage.QUALIFIED]
    if target is Stage.QUOTE_SENT:
        return [Stage.NEW, Stage.QUALIFIED, Stage.QUOTE_SENT] if rng.random() < 0.8 else [Stage.NEW, Stage.QUOTE_SENT]
    middle = {Stage.WON: [Stage.QUALIFIED, Stage.QUOTE_SENT],
              Stage.LOST: rng.choice([[], [Stage.QUALIFIED], [Stage.QUALIFIED, Stage.QUOTE_SENT]])}[target]
    if target is Stage.WON and rng.random() < 0.25:
        middle = [Stage.QUOTE_SENT]
    return [Stage.NEW, *middle, target]


def _dates(steps: int, today: date, rng: random.Random) -> list[date]:
    """Increasing dates for `steps` stages, the first within the last year, the last no later than today."""
    gaps = [rng.randint(3, 35) for _ in range(steps - 1)]
    start = today - timedelta(days=sum(gaps) + rng.randint(0, 360 - sum(gaps)))
    days = [start]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    return days


def _siren(rng: random.Random, repos: FirmRepositories, taken: set[str]) -> str:
    while True:
        base = str(rng.randint(30_000_000, 99_999_999))
        siren = base + luhn.calc_check_digit(base)
        if siren not in taken and repos.clients.find_by_siren(siren) is None:
            taken.add(siren)
            return siren


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=UTC)


def seed_pipeline(repos: FirmRepositories, *, today: date, rng: random.Random, owner_ids: list[int]) -> int:
    """Write the demo prospects (and the clients the won ones became) through `repos`, inside the caller's
    transaction (no commit). Returns the number of prospects created."""
    taken: set[str] = set()
    reopened = False
    targets = list(TARGETS)
    rng.shuffle(targets)
    for index, target in enumerate(targets):
        path = _path(target, rng)
        if target is Stage.QUALIFIED and not reopened:  # one was lost, then reopened: the history shows it
            path, reopened = [Stage.NEW, Stage.QUALIFIED, Stage.LOST, Stage.QUALIFIED], True
        days = _dates(len(path), today, rng)
        individual = target is not Stage.WON and rng.random() < 0.12
        surname = rng.choice(SURNAMES)
        name = f"{rng.choice(FIRST_NAMES)} {surname}" if individual else f"{rng.choice(TRADES)} {surname}"
        legal_form = "" if individual else rng.choice(LEGAL_FORMS)
        postal_code, city = rng.choice(CITIES)
        has_siren = not individual and (target is Stage.WON or rng.random() < 0.7)
        owner_id = rng.choice(owner_ids) if owner_ids else None
        slug = surname.lower()
        prospect = Prospect(
            id=0, name=name if individual else f"{name} {legal_form}",
            kind=ClientKind.INDIVIDUAL if individual else ClientKind.COMPANY,
            siren=_siren(rng, repos, taken) if has_siren else None, legal_form=legal_form,
            contact_name=name if individual else f"{rng.choice(FIRST_NAMES)} {surname}",
            email=f"contact@{slug}-{index}.fr", phone=f"04 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                                                        f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
            address_line=f"{rng.randint(1, 120)} rue {rng.choice(['de la République', 'Victor Hugo', 'des Lilas'])}",
            postal_code=postal_code, city=city, source=rng.choice(SOURCES), stage=path[-1],
            lost_reason=rng.choice(LOST_REASONS) if target is Stage.LOST else "", owner_id=owner_id,
            expected_fees_cents=rng.randrange(1_800, 36_000, 300) * 100,
            created_on=days[0], stage_changed_on=days[-1], closed_on=days[-1] if target.is_closed else None,
            notes="")
        if not target.is_closed:
            due = max(today + timedelta(days=rng.randint(-12, 25)), days[-1])
            prospect = replace(prospect, next_action=rng.choice(NEXT_ACTIONS), next_action_on=due)
        if target is Stage.WON:
            client = repos.clients.add(Client(
                id=0, kind=prospect.kind, name=prospect.name, siren=prospect.siren,
                vat_number=vat_number_for(prospect.siren) if prospect.siren else "", legal_form=legal_form,
                address_line=prospect.address_line, postal_code=postal_code, city=city, email=prospect.email,
                phone=prospect.phone, partner_id=owner_id))
            prospect = replace(prospect, client_id=client.id)
        stored = repos.prospects.add(prospect)
        for step, (stage, day) in enumerate(zip(path, days, strict=True)):
            previous = path[step - 1] if step else None
            repos.prospects.record_stage_change(StageChange(stored.id, previous, stage, day, _at(day), owner_id))
    return len(targets)

