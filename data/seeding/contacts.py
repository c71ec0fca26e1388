"""Demo contacts and groups of companies.

Every active company client gets one to three contacts: first its dirigeant, who signs the engagement
letters and consented to e-mails (dated in the past), then maybe an internal accountant, an HR/payroll
person… About eight groups gather two to four companies each (holding and subsidiaries). Deterministic
for a given `rng`; writes through the firm-scoped repositories of the caller's open transaction.
"""

import random
import unicodedata
from datetime import date, timedelta

from faker import Faker

from domain.clients.model import Client, ClientKind, Contact, ContactRole
from domain.ports import FirmRepositories

GROUP_NAMES = ["Groupe Martin", "Holding Dupuis", "Famille Garnier", "Groupe Rhône Distribution",
               "Holding des Alpes", "Groupe Lefèvre Immobilier", "Financière Bellecour", "Groupe Saint-Antoine"]
OTHER_ROLES = [ContactRole.INTERNAL_ACCOUNTANT, ContactRole.ASSISTANT, ContactRole.HR_PAYROLL, ContactRole.LEGAL,
               ContactRole.OTHER]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in folded).strip("-")


def _person(fake: Faker, client: Client, role: ContactRole, rng: random.Random, today: date,
            signatory: bool) -> Contact:
    first, last = fake.first_name(), fake.last_name()
    domain_name = client.email.split("@", 1)[1] if "@" in client.email else "example.fr"
    consent = signatory or rng.random() < 0.5
    return Contact(id=0, client_id=client.id, first_name=first, last_name=last, role=role,
                   email=f"{_ascii(first)}.{_ascii(last)}@{domain_name}", phone=fake.phone_number()[:30],
                   email_consent=consent,
                   consent_on=today - timedelta(days=rng.randint(30, 1000)) if consent else None,
                   is_signatory=signatory)


def seed_contacts(repos: FirmRepositories, *, today: date, rng: random.Random, clients: list[Client]) -> int:
    """Contacts of the active company `clients` and ~8 groups of them; returns contacts + groups created."""
    fake = Faker("fr_FR")
    fake.seed_instance(rng.randint(0, 2**31))
    companies = [c for c in clients if c.kind is ClientKind.COMPANY and not c.archived]
    contacts = []
    for client in companies:
        contacts.append(_person(fake, client, ContactRole.EXECUTIVE, rng, today, signatory=True))
        for role in rng.sample(OTHER_ROLES, rng.choice((0, 0, 1, 1, 2))):
            contacts.append(_person(fake, client, role, rng, today, signatory=False))
    created = repos.contacts.add_many(contacts)

    pool = list(companies)
    rng.shuffle(pool)
    for name in GROUP_NAMES:
        size = rng.randint(2, 4)
        if len(pool) < size:
            break
        members, pool = pool[:size], pool[size:]
        group = repos.client_groups.add(name, "Groupe de démonstration.")
        repos.clients.set_group([m.id for m in members], group.id)
        created += 1
    return created
