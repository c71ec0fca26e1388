"""Deterministic demo data: fixed random seed, fixed reference date, bulk inserts.

Two firms so that tenant isolation is visible: "Cabinet Verger & Associés" (the main demo firm,
about 25 users across every grade and team, plus a client portal user) and "Rive Gauche Expertise".
`--scale large` gives the main firm 500 users, 10,000 clients and five fiscal years of production (about five
million time entries) for benchmarks; `data/seeding/production.py` describes both scales.
"""

import random
import time as clock
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from faker import Faker
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session
from stdnum import luhn

from data.documents import WeasyPrintRenderer
from data.models import Base
from data.models.access import UserGradeRow, UserRow
from data.models.clients import ClientRow
from data.models.firm import FirmRow, GradeRateRow, GradeRow, TeamRow
from data.passwords import Argon2Hasher
from data.seeding.compliance import letter_deadlines, seed_compliance
from data.seeding.compliance_parties import seed_compliance_parties
from data.seeding.contacts import seed_contacts
from data.seeding.deadlines import seed_deadlines
from data.seeding.fee_schedules import seed_fee_schedules
from data.seeding.invoicing import seed_invoicing
from data.seeding.letters import seed_letters
from data.seeding.pipeline import seed_pipeline
from data.seeding.production import SCALES, Progress, Scale, seed_production
from data.seeding.quotes import seed_quotes
from data.uow import FirmRepositorySet, SqlPlatformUnitOfWork
from domain.access.model import Role
from domain.clients.model import ClientFilter
from domain.clock import FixedClock
from domain.compliance.model import ComplianceSettings
from domain.firm.model import SINCE_ALWAYS, FirmIdentity
from domain.firm.setup import install_defaults
from domain.identifiers import vat_number_for
from domain.pipeline.model import ProspectFilter, Stage
from domain.quotes.model import QuoteStatus

REFERENCE_DATE = date(2026, 11, 20)
FIRM_CREATED_ON = date(2024, 1, 8)
SEED = 20261120
DEMO_PASSWORD = "Bilan-Annuel-2026!"


def siren_from(prefix: str) -> str:
    return prefix + luhn.calc_check_digit(prefix)


def head_office(identity: FirmIdentity) -> FirmIdentity:
    """Derive the SIRET (first establishment, NIC 0001x) and the VAT number from the SIREN."""
    base = identity.siren + "0001"
    return replace(identity, siret=base + luhn.calc_check_digit(base), vat_number=vat_number_for(identity.siren))


MAIN = head_office(FirmIdentity(
    name="Cabinet Verger & Associés", legal_form="SAS", siren=siren_from("81234567"), rcs_city="Lyon",
    share_capital_cents=15_000_000, ordre_number="LY-14-2087", address_line="12 quai Saint-Antoine",
    postal_code="69002", city="Lyon", email="contact@verger-associes.fr", phone="04 72 00 12 34",
    iban="FR7630006000011234567890189", bic="AGRIFRPP"))
SECOND = head_office(FirmIdentity(
    name="Rive Gauche Expertise", legal_form="SELARL", siren=siren_from("79876543"), rcs_city="Paris",
    share_capital_cents=5_000_000, ordre_number="PA-75-33120", address_line="48 rue de Vaugirard",
    postal_code="75006", city="Paris", email="bonjour@rive-gauche-expertise.fr", phone="01 43 00 98 76"))

MAIN_TEAMS = ("Expertise comptable", "Social et paie", "Juridique", "Audit et conseil")
# (grade code, role, how many) for the main firm at demo scale: 25 staff.
MAIN_STAFF = (("associe", Role.ADMIN, 2), ("manager", Role.COLLABORATOR, 3), ("chef_mission", Role.COLLABORATOR, 5),
              ("collaborateur", Role.COLLABORATOR, 12), ("assistant", Role.COLLABORATOR, 3))
NAMED = {  # the logins the README and `make run` print
    ("associe", 0): ("Claire Verger", "claire.verger@verger-associes.fr"),
    ("collaborateur", 0): ("Thomas Martin", "thomas.martin@verger-associes.fr"),
}
MAIN_ADMIN, MAIN_COLLABORATOR = NAMED[("associe", 0)][1], NAMED[("collaborateur", 0)][1]
MAIN_CLIENT = "contact@boulangerie-dupain.fr"
SECOND_ADMIN = "nadia.benali@rive-gauche-expertise.fr"
DEMO_LOGINS = (("Administrateur (associée)", MAIN_ADMIN), ("Collaborateur", MAIN_COLLABORATOR),
               ("Client (portail)", MAIN_CLIENT), ("Administrateur du second cabinet", SECOND_ADMIN))


@dataclass(frozen=True, slots=True)
class SeedReport:
    firms: int
    users: int


def demo_sirens() -> tuple[str, str]:
    return MAIN.siren, SECOND.siren


def demo_present(session: Session) -> bool:
    return session.scalar(select(FirmRow.id).where(FirmRow.siren.in_(demo_sirens()))) is not None


def purge_demo(session: Session) -> None:
    """Remove the demo firms row by row, children first (no reliance on cascades)."""
    firm_ids = list(session.scalars(select(FirmRow.id).where(FirmRow.siren.in_(demo_sirens()))))
    for table in reversed(Base.metadata.sorted_tables):
        if table.name != "firms" and "firm_id" in table.c:
            session.execute(delete(table).where(table.c.firm_id.in_(firm_ids)))
    session.execute(delete(FirmRow).where(FirmRow.id.in_(firm_ids)))


def _create_firm(uow: SqlPlatformUnitOfWork, identity: FirmIdentity, sort_key: int) -> int:
    """The firm as it was set up on FIRM_CREATED_ON, with two yearly rate rises since."""
    firm_id = uow.firms.add(identity, created_on=FIRM_CREATED_ON, sort_key=sort_key)
    install_defaults(uow.scoped(firm_id), FixedClock(datetime.combine(FIRM_CREATED_ON, time(9), tzinfo=UTC)))
    _rate_history(uow.session, firm_id)
    return firm_id


def _rate_history(session: Session, firm_id: int) -> None:
    """Today's default rates took effect on 1 January 2026; 2024 and 2025 were 6 % and 3 % lower."""
    first = list(session.scalars(select(GradeRateRow).where(GradeRateRow.firm_id == firm_id)))
    rows = []
    for rate in first:
        rows += [dict(firm_id=firm_id, grade_id=rate.grade_id, effective_from=date(year, 1, 1),
                      selling_rate_cents=rate.selling_rate_cents, cost_rate_cents=rate.cost_rate_cents)
                 for year in (2025, 2026)]
        rows[-2]["selling_rate_cents"] = _percent(rate.selling_rate_cents, 97)
        rows[-2]["cost_rate_cents"] = _percent(rate.cost_rate_cents, 97)
        rate.selling_rate_cents = _percent(rate.selling_rate_cents, 94)
        rate.cost_rate_cents = _percent(rate.cost_rate_cents, 94)
    session.flush()
    session.execute(insert(GradeRateRow), rows)


def _first_rates_from(session: Session, firm_id: int, day: date) -> None:
    """The oldest rates also apply before 2024 when the time entered goes back further (the large firm's five
    fiscal years): every entry is valued at a rate of its day."""
    oldest = session.scalar(select(func.min(GradeRateRow.effective_from)).where(GradeRateRow.firm_id == firm_id))
    if oldest is not None and day < oldest:
        session.execute(update(GradeRateRow).where(GradeRateRow.firm_id == firm_id,
                                                   GradeRateRow.effective_from == oldest).values(effective_from=day))


def _percent(cents: int, percent: int) -> int:
    return (cents * percent + 50) // 100


def _staff_rows(firm_id: int, session: Session, password_hash: str, scale: Scale, rng: random.Random,
                fake: Faker, domain_name: str) -> list[dict]:
    grades = {g.code: g.id for g in session.scalars(select(GradeRow).where(GradeRow.firm_id == firm_id))}
    teams = list(session.scalars(select(TeamRow.id).where(TeamRow.firm_id == firm_id).order_by(TeamRow.id)))
    factor = scale.staff_factor
    rows, seen, created = [], set(), datetime.combine(FIRM_CREATED_ON, datetime.min.time(), tzinfo=UTC)
    for code, role, count in MAIN_STAFF:
        for i in range(count * factor):
            name, email = NAMED.get((code, i)) or _fake_person(fake, domain_name, seen)
            seen.add(email)
            part_time = rng.random() < 0.15
            rows.append(dict(firm_id=firm_id, email=email, full_name=name, role=role.value, grade_id=grades[code],
                             team_id=teams[(len(rows)) % len(teams)], password_hash=password_hash,
                             must_change_password=False, is_active=True,
                             weekly_minutes=28 * 60 if part_time else 35 * 60, created_at=created))
    return rows


# Two demo people promoted on 1 September of the year before REFERENCE_DATE's: (grade code today, grade before).
PROMOTED = (("manager", "chef_mission"), ("chef_mission", "collaborateur"))
PROMOTED_ON = date(REFERENCE_DATE.year - 1, 9, 1)


def _grade_history(session: Session, firm_ids: tuple[int, ...]) -> None:
    """Everyone's grade "since always", except the first manager and the first chef de mission of the main firm,
    promoted on PROMOTED_ON: their time before it is valued at their former grade."""
    graded = session.execute(select(UserRow.firm_id, UserRow.id, UserRow.grade_id, GradeRow.code)
                             .join(GradeRow, (GradeRow.firm_id == UserRow.firm_id) & (GradeRow.id == UserRow.grade_id))
                             .where(UserRow.firm_id.in_(firm_ids)).order_by(UserRow.id)).all()
    codes = {(firm_id, code): grade_id for firm_id, _, grade_id, code in graded}
    rows, promoted = [], set()
    for firm_id, user_id, grade_id, code in graded:
        before = dict(PROMOTED).get(code) if firm_id == firm_ids[0] and code not in promoted else None
        if before is None:
            rows.append({"firm_id": firm_id, "user_id": user_id, "grade_id": grade_id, "effective_from": SINCE_ALWAYS})
            continue
        promoted.add(code)
        person = {"firm_id": firm_id, "user_id": user_id}
        rows += [{**person, "grade_id": codes[(firm_id, before)], "effective_from": SINCE_ALWAYS},
                 {**person, "grade_id": grade_id, "effective_from": PROMOTED_ON}]
    session.execute(insert(UserGradeRow), rows)


def _fake_person(fake: Faker, domain_name: str, seen: set[str]) -> tuple[str, str]:
    while True:
        first, last = fake.first_name(), fake.last_name()
        email = f"{_ascii(first)}.{_ascii(last)}@{domain_name}"
        if email not in seen:
            return f"{first} {last}", email


def _ascii(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in folded).strip("-")


def seed_demo(uow: SqlPlatformUnitOfWork, scale: str | Scale = "demo", force: bool = False,
              progress: Progress | None = None) -> SeedReport | None:
    """Seed both demo firms; None when they are already there and `force` is not set. `scale`: "demo",
    "large" or a `Scale` (tests run the large generator at a small size); `progress` hears what is done."""
    scale = SCALES[scale] if isinstance(scale, str) else scale
    started = clock.perf_counter()

    def note(message: str) -> None:
        if progress is not None:
            progress(f"{message} ({clock.perf_counter() - started:.0f} s)")

    rng, fake = random.Random(SEED), Faker("fr_FR")
    fake.seed_instance(SEED)
    password_hash = Argon2Hasher().hash(DEMO_PASSWORD)  # one hash for every demo user: seeding stays fast
    with uow:
        session = uow.session
        if demo_present(session):
            if not force:
                return None
            purge_demo(session)
        main_id = _create_firm(uow, MAIN, 0)
        _first_rates_from(session, main_id, date(REFERENCE_DATE.year - scale.fiscal_years, 1, 1))
        second_id = _create_firm(uow, SECOND, 1)
        session.execute(insert(TeamRow), [{"firm_id": main_id, "name": n} for n in MAIN_TEAMS]
                        + [{"firm_id": second_id, "name": "Cabinet"}])
        rows = _staff_rows(main_id, session, password_hash, scale, rng, fake, "verger-associes.fr")
        rows += _extra_users(main_id, second_id, session, password_hash)
        session.execute(insert(UserRow), rows)
        _grade_history(session, (main_id, second_id))
        session.execute(insert(ClientRow), _client_rows(main_id, session, rng, fake, scale.clients)
                        + _client_rows(second_id, session, rng, fake, SECOND_CLIENTS))
        note(f"Cabinets, {len(rows)} utilisateurs et {scale.clients} clients")
        _crm(uow.scoped(main_id), rng, scale, note)
        note("Enregistrement")
        uow.commit()
        return SeedReport(firms=2, users=len(rows))


def _crm(repos: FirmRepositorySet, rng: random.Random, scale: Scale, note: Progress) -> None:
    """The main firm's CRM and production: contacts and groups, the pipeline, quotes in every status, letters
    (the signed ones with their missions), the production of `scale` (absences, missions and tasks of each
    fiscal year, time entries and timesheets), the statutory deadlines of 2026 and 2027."""
    seed_contacts(repos, today=REFERENCE_DATE, rng=rng, clients=repos.clients.search(ClientFilter()))
    sellers = {g.id for g in repos.grades.list() if g.code in ("associe", "manager")}  # who brings in clients
    owners = [u.id for u in repos.users.list() if u.role.is_staff and u.grade_id in sellers]
    seed_pipeline(repos, today=REFERENCE_DATE, rng=rng, owner_ids=owners)
    quoted = repos.prospects.list(ProspectFilter(stages=(Stage.QUALIFIED, Stage.QUOTE_SENT)))
    seed_quotes(repos, today=REFERENCE_DATE, rng=rng, documents=WeasyPrintRenderer(),
                client_ids=[c.id for c in repos.clients.search(ClientFilter())],
                prospect_ids=[p.id for p in quoted])
    accepted = sorted(q.id for q in repos.quotes.list(QuoteStatus.ACCEPTED))
    _compliance(repos, scale, accepted)
    seed_letters(repos, today=REFERENCE_DATE, rng=rng, documents=WeasyPrintRenderer(), quote_ids=accepted,
                 real_pdfs=3)
    note("Contacts, prospects, devis et lettres de mission")
    seed_production(repos, today=REFERENCE_DATE, rng=rng, scale=scale, progress=note)
    if scale.deadlines:
        seed_deadlines(repos, today=REFERENCE_DATE, rng=rng)
        note("Échéances fiscales")
    if scale.name == "demo":  # two years of invoices; the large firm stays a production benchmark
        seed_fee_schedules(repos, today=REFERENCE_DATE)  # this year's forfaits under signed letters
        seed_invoicing(repos, today=REFERENCE_DATE, rng=rng, progress=note)
        note("Factures et avoirs")
    if scale.name == "demo":  # LCB-FT files of the demo companies (own random generator)
        seed_compliance_parties(repos, today=REFERENCE_DATE)
        note("Bénéficiaires effectifs, PPE, pays et pièces LCB-FT")


def _compliance(repos: FirmRepositorySet, scale: Scale, accepted_quote_ids: list[int]) -> None:
    """The LCB-FT gate, on, and the assessments, before the letters (the gate refuses a letter for a client
    without a current validated assessment): every client on the demo scale, some overdue or waiting; only the
    clients that get a letter on the large scale (bench_compliance times 10,000)."""
    repos.compliance.save_settings(ComplianceSettings(gate_active=True),
                                  at=datetime.combine(REFERENCE_DATE, time(9), tzinfo=UTC))
    ready = letter_deadlines(repos, accepted_quote_ids, REFERENCE_DATE)
    everyone = repos.clients.search(ClientFilter())
    seed_compliance(repos, today=REFERENCE_DATE, ready=ready,
                    clients=everyone if scale.name == "demo" else [c for c in everyone if c.id in ready])


SECOND_CLIENTS = 10
LEGAL_FORMS = ("SARL", "SAS", "SASU", "EURL", "SCI", "SA", "SNC", "EI")
NAF_CODES = ("10.71C", "47.11B", "43.21A", "56.10A", "62.01Z", "68.20B", "69.20Z", "70.22Z", "86.21Z", "96.02A")
VAT_REGIMES = ("mensuel", "trimestriel", "CA12", "CA12", "franchise")
FISCAL_YEAR_ENDS = ((31, 12),) * 6 + ((30, 6), (31, 3), (30, 9))


def _client_rows(firm_id: int, session: Session, rng: random.Random, fake: Faker, count: int) -> list[dict]:
    """`count` companies with valid SIRENs (about one in ten an individual), a partner and a manager each."""
    staff = session.execute(select(UserRow.id, GradeRow.code).join(GradeRow, GradeRow.id == UserRow.grade_id)
                            .where(UserRow.firm_id == firm_id).order_by(UserRow.id)).all()
    partners = [i for i, code in staff if code == "associe"]
    managers = [i for i, code in staff if code in ("manager", "chef_mission")] or partners
    rows, sirens = [], set()
    for n in range(count):
        individual = n % 10 == 9
        siren = None if individual else _new_siren(rng, sirens)
        legal_form = "" if individual else rng.choice(LEGAL_FORMS)
        day, month = rng.choice(FISCAL_YEAR_ENDS)
        rows.append(dict(
            firm_id=firm_id, kind="individual" if individual else "company",
            name=fake.name() if individual else f"{fake.company()} {legal_form}", siren=siren,
            siret=_head_office_siret(siren), legal_form=legal_form,
            naf_code="" if individual else rng.choice(NAF_CODES), vat_number=vat_number_for(siren) if siren else "",
            address_line=fake.street_address(), postal_code=fake.postcode(), city=fake.city(),
            email=f"contact{n}@{_ascii(fake.last_name())}.example.fr", phone=fake.phone_number()[:30],
            fiscal_year_end_day=day, fiscal_year_end_month=month, vat_regime=rng.choice(VAT_REGIMES),
            tax_regime="IR" if individual or legal_form in ("EI", "SCI") else "IS",
            headcount=None if individual else rng.randint(0, 80), partner_id=rng.choice(partners) if partners else None,
            manager_id=rng.choice(managers) if managers else None, tags="", notes="", archived=n % 50 == 49))
    return rows


def _new_siren(rng: random.Random, taken: set[str]) -> str:
    while (siren := siren_from(str(rng.randint(30_000_000, 99_999_999)))) in taken:
        pass
    taken.add(siren)
    return siren


def _head_office_siret(siren: str | None) -> str:
    if siren is None:
        return ""
    base = siren + "0001"
    return base + luhn.calc_check_digit(base)


def _extra_users(main_id: int, second_id: int, session: Session, password_hash: str) -> list[dict]:
    created = datetime.combine(FIRM_CREATED_ON, datetime.min.time(), tzinfo=UTC)
    second_grade = session.scalar(select(GradeRow.id).where(GradeRow.firm_id == second_id, GradeRow.code == "associe"))
    common = dict(password_hash=password_hash, must_change_password=False, is_active=True, weekly_minutes=35 * 60,
                  created_at=created, team_id=None)
    return [
        dict(firm_id=main_id, email=MAIN_CLIENT, full_name="Julie Dupain", role=Role.CLIENT.value, grade_id=None, **common),
        dict(firm_id=second_id, email=SECOND_ADMIN, full_name="Nadia Benali", role=Role.ADMIN.value,
             grade_id=second_grade, **common),
        dict(firm_id=second_id, email="paul.roussel@rive-gauche-expertise.fr", full_name="Paul Roussel",
             role=Role.COLLABORATOR.value, grade_id=None, **common),
    ]
