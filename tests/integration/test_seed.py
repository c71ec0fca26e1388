"""The deterministic demo seed, on a brand-new database of each kind (dropped afterwards on PostgreSQL)."""

from contextlib import contextmanager
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select, update

from data.container import Container
from data.db import session_factory
from data.models.access import UserRow
from data.models.firm import FirmRow, GradeRateRow, GradeRow, TeamRow
from data.seed import SeedReport, seed_demo
from data.seeding.production import SCALES
from domain.access.model import Role
from domain.access.services import sign_in
from domain.clients.model import ClientFilter
from domain.compliance import party_services, rules
from domain.compliance.services import check_gate
from domain.letters.model import LetterStatus

MAIN_SIREN, SECOND_SIREN = "812345676", "798765434"
DEMO_PASSWORD = "Bilan-Annuel-2026!"


@pytest.fixture
def demo(migrated_blank_database_url, container):
    """A container on a fresh, migrated, empty database."""
    settings = replace(container.settings, database_url=migrated_blank_database_url)
    return Container(settings, clock=container.clock, hasher=container.hasher)


@contextmanager
def _seeded_database(request, tmp_path_factory, scale=None):
    """A fresh database of the requested kind, seeded once: (container, report). Seeding the demo takes half a
    minute (two years of production and invoicing), so the tests that only read it share one per module."""
    from data.migrate import upgrade
    from data.passwords import Argon2Hasher
    from data.settings import load_settings
    from domain.clock import FixedClock
    from tests.conftest import NOW
    from tests.databases import throwaway_database

    like = request.getfixturevalue(f"{request.param}_url")
    with throwaway_database(like, tmp_path_factory.mktemp("seed")) as url:
        upgrade(url)
        container = Container(replace(load_settings(), database_url=url, secret_key="test-secret-key"),
                              clock=FixedClock(NOW), hasher=Argon2Hasher(fast=True))
        report = seed_demo(container.platform_uow(), **({"scale": scale} if scale else {}))
        yield container, report


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def seeded(request, tmp_path_factory):
    """The demo, seeded once per database kind for the tests that do not change it."""
    with _seeded_database(request, tmp_path_factory) as found:
        yield found


def firm_id(demo: Container, siren: str) -> int:
    with session_factory(demo.settings.database_url)() as session:
        return session.scalar(select(FirmRow.id).where(FirmRow.siren == siren))


def users_of(demo: Container, siren: str) -> list[UserRow]:
    with session_factory(demo.settings.database_url)() as session:
        return list(session.scalars(select(UserRow).join(FirmRow, FirmRow.id == UserRow.firm_id)
                                    .where(FirmRow.siren == siren).order_by(UserRow.email)))


def snapshot(demo: Container) -> dict:
    with session_factory(demo.settings.database_url)() as session:
        return {
            "firms": sorted(session.execute(select(FirmRow.id, FirmRow.siren, FirmRow.name)).all()),
            "users": sorted(session.execute(select(UserRow.id, UserRow.firm_id, UserRow.email, UserRow.full_name,
                                                   UserRow.role, UserRow.grade_id, UserRow.team_id)).all()),
            "teams": sorted(session.execute(select(TeamRow.id, TeamRow.firm_id, TeamRow.name)).all()),
            "rates": sorted(session.execute(select(GradeRateRow.grade_id, GradeRateRow.effective_from,
                                                   GradeRateRow.selling_rate_cents)).all()),
        }


def staff_by_grade(demo: Container, siren: str) -> dict[str, int]:
    with session_factory(demo.settings.database_url)() as session:
        codes = dict(session.execute(select(GradeRow.id, GradeRow.code)).all())
    counts: dict[str, int] = {}
    for user in users_of(demo, siren):
        if user.role != Role.CLIENT.value:
            counts[codes[user.grade_id]] = counts.get(codes[user.grade_id], 0) + 1
    return counts


def test_seed_demo_creates_the_two_demo_firms_with_every_grade_four_teams_and_a_client(seeded):
    demo, report = seeded

    assert report is not None and report.firms == 2
    with demo.platform_uow() as uow:
        assert [(f.identity.siren, f.identity.name) for f in uow.firms.list()] == [
            (MAIN_SIREN, "Cabinet Verger & Associés"), (SECOND_SIREN, "Rive Gauche Expertise")]
    main_users = users_of(demo, MAIN_SIREN)
    staff = [u for u in main_users if u.role != "client"]
    assert set(staff_by_grade(demo, MAIN_SIREN)) == {"associe", "manager", "chef_mission", "collaborateur", "assistant"}
    admins = [u.email for u in staff if u.role == "admin"]
    assert len(admins) == 2 and "claire.verger@verger-associes.fr" in admins
    assert {u.role for u in staff} == {"admin", "collaborator"}
    with session_factory(demo.settings.database_url)() as session:
        teams = dict(session.execute(select(TeamRow.id, TeamRow.name).where(
            TeamRow.firm_id == firm_id(demo, MAIN_SIREN))).all())
    assert sorted(teams.values()) == ["Audit et conseil", "Expertise comptable", "Juridique", "Social et paie"]
    assert {u.team_id for u in staff} == set(teams)
    [client] = [u for u in main_users if u.role == "client"]
    assert (client.email, client.full_name, client.grade_id, client.team_id) == (
        "contact@boulangerie-dupain.fr", "Julie Dupain", None, None)
    assert [u.email for u in users_of(demo, SECOND_SIREN)] == [
        "nadia.benali@rive-gauche-expertise.fr", "paul.roussel@rive-gauche-expertise.fr"]
    assert all(u.email.endswith("@verger-associes.fr") for u in staff)
    assert report.users == len(main_users) + 2


def test_the_main_demo_firm_has_25_staff_plus_its_client_user(seeded):
    demo, report = seeded

    assert len([u for u in users_of(demo, MAIN_SIREN) if u.role != "client"]) == 25
    assert report == SeedReport(firms=2, users=28)


def test_seeding_again_returns_none_and_changes_nothing(seeded):
    demo, _ = seeded
    before = snapshot(demo)

    assert seed_demo(demo.platform_uow()) is None

    assert snapshot(demo) == before


def test_forced_seeding_recreates_the_same_demo_data(seeded):
    # On the shared seeded database: whenever it runs, the forced seed leaves the same data as the first.
    demo, first = seeded
    emails_before = [(u.email, u.full_name, u.role) for u in users_of(demo, MAIN_SIREN)]
    main_id = firm_id(demo, MAIN_SIREN)
    with session_factory(demo.settings.database_url)() as session:
        session.execute(update(UserRow).where(UserRow.email == "thomas.martin@verger-associes.fr")
                        .values(full_name="Nom Modifié"))
        session.execute(update(FirmRow).where(FirmRow.id == main_id).values(name="Cabinet Renommé"))
        session.commit()
    sign_in(demo.platform_uow(), demo.hasher, demo.clock, "claire.verger@verger-associes.fr", DEMO_PASSWORD)

    report = seed_demo(demo.platform_uow(), force=True)

    assert report == first
    assert [(u.email, u.full_name, u.role) for u in users_of(demo, MAIN_SIREN)] == emails_before
    with demo.platform_uow() as uow:
        assert [f.identity.name for f in uow.firms.list()] == ["Cabinet Verger & Associés", "Rive Gauche Expertise"]
    assert len(users_of(demo, MAIN_SIREN)) == len(emails_before)  # no leftover of the first run


def test_the_demo_password_signs_in_every_printed_login(seeded):
    demo, _ = seeded
    expected = {
        "claire.verger@verger-associes.fr": (Role.ADMIN, "Claire Verger", MAIN_SIREN),
        "thomas.martin@verger-associes.fr": (Role.COLLABORATOR, "Thomas Martin", MAIN_SIREN),
        "contact@boulangerie-dupain.fr": (Role.CLIENT, "Julie Dupain", MAIN_SIREN),
        "nadia.benali@rive-gauche-expertise.fr": (Role.ADMIN, "Nadia Benali", SECOND_SIREN),
    }

    for email, (role, name, siren) in expected.items():
        signed = sign_in(demo.platform_uow(), demo.hasher, demo.clock, email, DEMO_PASSWORD)
        assert (signed.user.role, signed.user.full_name, signed.user.firm_id) == (role, name, firm_id(demo, siren))
        assert signed.user.must_change_password is False


# The large scale's staff with a handful of clients and a week of time: its 10,000 clients and five million time
# entries are measured by bench/bench_time_entry.py, not in tests (test_production_seed.py checks the generator).
LARGE_STAFF_ONLY = SCALES["large"].sized(clients=20, fiscal_years=1, entries_per_day=1.0, time_weeks=1)


def test_the_large_scale_multiplies_every_grade_of_the_main_firm_by_twenty(demo):
    seed_demo(demo.platform_uow(), scale=LARGE_STAFF_ONLY)

    assert staff_by_grade(demo, MAIN_SIREN) == {"associe": 40, "manager": 60, "chef_mission": 100,
                                                "collaborateur": 240, "assistant": 60}
    emails = [u.email for u in users_of(demo, MAIN_SIREN)]
    assert len(set(emails)) == len(emails)
    assert len(users_of(demo, SECOND_SIREN)) == 2


def test_the_large_scale_gives_the_main_firm_500_staff(demo):
    report = seed_demo(demo.platform_uow(), scale=LARGE_STAFF_ONLY)

    assert len([u for u in users_of(demo, MAIN_SIREN) if u.role != "client"]) == 500
    assert report == SeedReport(firms=2, users=503)


def test_every_grade_has_three_yearly_rates_with_2024_and_2025_six_and_three_percent_lower(seeded):
    demo, _ = seeded
    with session_factory(demo.settings.database_url)() as session:
        rows = session.execute(
            select(GradeRow.code, GradeRateRow.effective_from, GradeRateRow.selling_rate_cents,
                   GradeRateRow.cost_rate_cents)
            .join(GradeRow, GradeRow.id == GradeRateRow.grade_id)
            .where(GradeRateRow.firm_id == firm_id(demo, MAIN_SIREN))
            .order_by(GradeRow.rank, GradeRateRow.effective_from)).all()
        second_dates = session.execute(
            select(GradeRateRow.grade_id, GradeRateRow.effective_from)
            .where(GradeRateRow.firm_id == firm_id(demo, SECOND_SIREN))).all()

    y24, y25, y26 = date(2024, 1, 1), date(2025, 1, 1), date(2026, 1, 1)
    assert [tuple(r) for r in rows] == [
        ("associe", y24, 16920, 8930), ("associe", y25, 17460, 9215), ("associe", y26, 18000, 9500),
        ("manager", y24, 12220, 6110), ("manager", y25, 12610, 6305), ("manager", y26, 13000, 6500),
        ("chef_mission", y24, 9870, 4700), ("chef_mission", y25, 10185, 4850), ("chef_mission", y26, 10500, 5000),
        ("collaborateur", y24, 7520, 3572), ("collaborateur", y25, 7760, 3686), ("collaborateur", y26, 8000, 3800),
        ("assistant", y24, 5170, 2632), ("assistant", y25, 5335, 2716), ("assistant", y26, 5500, 2800),
    ]
    assert len(second_dates) == 15
    assert sorted({d for _, d in second_dates}) == [y24, y25, y26]


def test_the_demo_gate_is_on_and_the_demo_letters_and_risks_are_consistent_with_it(seeded):
    demo, _ = seeded
    today = date(2026, 11, 20)
    with demo.firm_uow(firm_id(demo, MAIN_SIREN)) as uow:
        assert uow.compliance.settings().gate_active is True
        items = {i.client_id: i for i in uow.compliance.overview()}
        letters = uow.letters.list()
        assert {x.status for x in letters} >= {LetterStatus.DRAFT, LetterStatus.TO_SIGN, LetterStatus.SIGNED}
        for letter in letters:
            current = items[letter.client_id].current
            if letter.status is LetterStatus.DRAFT:  # the demo's letters to send can be sent
                check_gate(uow, letter.client_id, today, "l'envoi")
            else:  # the gate let them be sent: validated before
                assert current is not None and current.validated_on <= letter.sent_on
                if letter.quote_id is not None:  # the letters seed's, sent lately: the review was not yet due
                    assert letter.sent_on <= current.next_review_on
        risky = [c for c in uow.clients.search(ClientFilter())
                 if (found := party_services.build_file(uow, c, today)).has_pep or found.hits]
        assert len(risky) == 4  # three PEPs today and the company operating in Côte d'Ivoire
        for client in risky:
            assessment = items[client.id].current or items[client.id].pending
            assert assessment.level.value == "renforcee"
        blocked = [i for i in items.values()
                   if rules.review_state(i, today) in (rules.ReviewState.MISSING, rules.ReviewState.OVERDUE)]
        assert len(blocked) >= 10  # the gate has something to refuse in the demo
