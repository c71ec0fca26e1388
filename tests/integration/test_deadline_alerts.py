"""Deadline e-mail alerts on SQLite and PostgreSQL: one digest per responsible person, nothing more the same day,
again the next day while still due, audited, firm by firm; and the `alert-deadlines` command."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from data.container import Container
from domain.access.model import Role
from domain.audit import Action
from domain.clients.services import archive_client
from domain.deadlines import services as deadline_services
from domain.deadlines.alerts import alert_all, alert_firm
from domain.deadlines.model import Deadline, DeadlineKind
from domain.errors import InvalidInput, NotFound
from domain.firm.users import set_active
from domain.formatting import PARIS
from tests.integration.support import audit_of, invite, outbox_of
from tests.integration.test_deadlines import make_client, mission

TODAY = date(2026, 11, 20)  # the fixtures' clock (Friday 20/11/2026, 10:00 in Paris)


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def add_deadlines(firm, *specs, today=TODAY):
    """specs: (client, days from today, label, mission or None)."""
    with uow(firm) as u:
        u.deadlines.add_many([
            Deadline(id=0, client_id=client.id, kind=DeadlineKind.VAT_MONTHLY, label=label,
                     period_start=date(2026, 1, 1) + timedelta(days=index), period_end=date(2026, 1, 1)
                     + timedelta(days=index), due_on=today + timedelta(days=days),
                     mission_id=mission_.id if mission_ else None)
            for index, (client, days, label, mission_) in enumerate(specs)])
        u.commit()


def digests(firm):
    """The queued deadline digests of the firm: {recipient: [bodies]} (other mails, e.g. invitations, left out)."""
    found: dict[str, list[str]] = {}
    for mail in outbox_of(firm.container, firm.firm_id):
        if mail["subject"].startswith("Vos échéances"):
            found.setdefault(mail["recipient"], []).append(mail["body"])
    return found


def setup(firm):
    """Anne manages client Alpha; Bruno manages Alpha's VAT mission; Gaston (to be deactivated) manages Gamma."""
    anne = invite(firm, Role.COLLABORATOR, full_name="Anne Manager")
    bruno = invite(firm, Role.COLLABORATOR, full_name="Bruno Chef")
    gaston = invite(firm, Role.COLLABORATOR, full_name="Gaston Parti")
    alpha = make_client(firm, "Alpha Conseil", manager_id=anne.user.id)
    gamma = make_client(firm, "Gamma Négoce", manager_id=gaston.user.id)
    orphan = make_client(firm, "Sans Responsable")
    vat = mission(firm, alpha, "tva", date(2026, 12, 31), manager_id=bruno.user.id)
    add_deadlines(firm, (alpha, -2, "DSN octobre (en retard)", None), (alpha, 3, "DSN novembre", None),
                  (alpha, 5, "TVA octobre", vat), (alpha, 20, "TVA novembre (trop loin)", vat),
                  (gamma, 1, "Liasse Gamma", None), (orphan, 2, "DAS2 orphelin", None))
    set_active(uow(firm), firm.principal(), firm.container.clock, gaston.user.id, False)
    return anne, bruno, gaston, alpha


def test_one_digest_per_responsible_person_then_nothing_more_the_same_day(firm):
    anne, bruno, _gaston, _alpha = setup(firm)
    clock = firm.container.clock

    first = alert_firm(uow(firm), clock, 7, "http://testserver/echeances")

    assert (first.queued, first.already, first.deadlines, first.without_recipient) == (2, 0, 3, 2)
    queued = digests(firm)
    assert set(queued) == {anne.email, bruno.email}  # Gaston is inactive, the orphan client has no manager
    [anne_body] = queued[anne.email]
    assert "DSN octobre (en retard)" in anne_body and "(en retard de 2 jours)" in anne_body
    assert "DSN novembre : le 23/11/2026 (dans 3 jours)" in anne_body
    assert "TVA octobre" not in anne_body  # attached to Bruno's mission
    [bruno_body] = queued[bruno.email]
    assert "TVA octobre : le 25/11/2026 (dans 5 jours)" in bruno_body and "trop loin" not in bruno_body
    [event] = audit_of(firm.container, firm.firm_id, Action.DEADLINES_ALERT)
    assert event.actor_user_id is None and event.target_type == "deadlines"
    assert (event.details["courriels"], event.details["échéances"]) == ("2", "3")
    assert event.details["destinataires"] == "Anne Manager, Bruno Chef"

    clock.advance(hours=10)  # same business day in Paris, evening
    again = alert_firm(uow(firm), clock, 30)
    assert (again.queued, again.already) == (0, 2)
    assert {k: len(v) for k, v in digests(firm).items()} == {anne.email: 1, bruno.email: 1}
    assert len(audit_of(firm.container, firm.firm_id, Action.DEADLINES_ALERT)) == 1  # nothing written, no entry


def test_the_next_day_still_due_deadlines_are_alerted_again(firm):
    anne, bruno, _gaston, _alpha = setup(firm)
    clock = firm.container.clock
    alert_firm(uow(firm), clock, 7)
    with uow(firm) as u:
        bruno_tva = next(d for d in u.deadlines.open_with_owners(TODAY + timedelta(days=7)) if d.deadline.label
                         == "TVA octobre")
    deadline_services.mark_done(uow(firm), None, clock, bruno_tva.deadline.id)  # Bruno's only one is done

    clock.advance(days=1)
    next_day = alert_firm(uow(firm), clock, 7)

    assert (next_day.queued, next_day.already) == (1, 0)
    queued = digests(firm)
    assert len(queued[bruno.email]) == 1 and len(queued[anne.email]) == 2
    latest = next(b for b in queued[anne.email] if "au 21/11/2026" in b)
    assert "(en retard de 3 jours)" in latest and "(dans 2 jours)" in latest


def test_archived_clients_and_done_deadlines_are_not_alerted(firm):
    anne, _bruno, _gaston, alpha = setup(firm)
    archive_client(uow(firm), None, firm.container.clock, alpha.id)
    assert alert_firm(uow(firm), firm.container.clock, 7).queued == 0
    assert anne.email not in digests(firm)


def test_a_bad_horizon_writes_nothing(firm):
    setup(firm)
    with pytest.raises(InvalidInput, match="Horizon invalide"):
        alert_firm(uow(firm), firm.container.clock, 120)
    assert digests(firm) == {}


def test_each_firm_alerts_only_its_own_people(make_firm):
    first, second = make_firm("Cabinet Un"), make_firm("Cabinet Deux")
    anne, *_ = setup(first)
    other = invite(second, Role.COLLABORATOR, full_name="Olga Autre")
    add_deadlines(second, (make_client(second, "Omega", manager_id=other.user.id), 1, "TVA Omega", None))
    clock = first.container.clock

    report = alert_all(first.container.platform_uow, first.container.firm_uow, clock, 7, siren=second.siren)

    assert [(f.siren, f.queued) for f in report.firms] == [(second.siren, 1)]
    assert list(digests(second)) == [other.email] and digests(first) == {}
    assert "Alpha" not in digests(second)[other.email][0]
    assert alert_firm(uow(first), clock, 7).queued == 2  # the other firm's run of the day does not count here
    assert set(digests(first)) >= {anne.email}
    with pytest.raises(NotFound, match="Aucun cabinet avec le SIREN 732829320"):
        alert_all(first.container.platform_uow, first.container.firm_uow, clock, 7, siren="732829320")


def test_without_a_siren_every_firm_is_alerted(migrated_blank_database_url, container: Container):
    """On a database of its own, so that the run over every firm touches no other test's firms."""
    from domain.firm.setup import create_firm
    from tests.conftest import FirmFixture, random_siren, unique_email

    own = replace(container, settings=replace(container.settings, database_url=migrated_blank_database_url))
    firms = []
    for name in ("Cabinet Nord", "Cabinet Sud"):
        siren, email = random_siren(), unique_email("admin")
        new = create_firm(own.platform_uow(), own.hasher, own.clock, name, siren, email, own.login_url, "Alice Admin")
        firm = FirmFixture(new.firm_id, siren, email, new.temporary_password, own)
        add_deadlines(firm, (make_client(firm, "Client", manager_id=firm.principal().user.id), 0, "DSN", None))
        firms.append(firm)

    report = alert_all(own.platform_uow, own.firm_uow, own.clock, 0)

    assert sorted((f.firm_name, f.queued) for f in report.firms) == [("Cabinet Nord", 1), ("Cabinet Sud", 1)]
    assert report.summary.startswith("Alertes d'échéances : 2 courriel(s) mis en file d'attente pour 2 cabinet(s)")
    assert all(list(digests(f)) == [f.admin_email] for f in firms)
    assert alert_all(own.platform_uow, own.firm_uow, own.clock, 0).queued == 0


def test_alert_deadlines_command_is_safe_to_run_twice(firm, run_manage):
    today = datetime.now(PARIS).date()  # the command runs on the real clock
    anne = invite(firm, Role.COLLABORATOR, full_name="Anne Manager")
    client = make_client(firm, "Alpha Conseil", manager_id=anne.user.id)
    add_deadlines(firm, (client, -1, "DSN en retard", None), (client, 2, "TVA bientôt", None), today=today)

    done = run_manage("alert-deadlines", "--firm", firm.siren, "--days", "7")

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{firm.siren}\tCabinet Test\t1 courriel(s) (2 échéance(s)), 0 personne(s) déjà prévenue(s) aujourd'hui",
        ("Alertes d'échéances : 1 courriel(s) mis en file d'attente pour 1 cabinet(s) (envoi par `manage.py "
         "send-mail`).")]
    [body] = digests(firm)[anne.email]
    assert "http://testserver/echeances" in body and "DSN en retard" in body and "TVA bientôt" in body

    again = run_manage("alert-deadlines", "--firm", firm.siren)
    assert again.returncode == 0, again.stderr
    assert "\t0 courriel(s) (0 échéance(s)), 1 personne(s) déjà prévenue(s) aujourd'hui" in again.stdout
    assert len(digests(firm)[anne.email]) == 1

    refusals = {("--days", "-3"): "Erreur : Horizon invalide : -3 (attendu : un nombre de jours entre 0 et 90).",
                ("--firm", "732829320"): "Erreur : Aucun cabinet avec le SIREN 732829320."}
    for args, message in refusals.items():
        refused = run_manage("alert-deadlines", *args)
        assert refused.returncode == 2 and refused.stderr.startswith(message), refused.stderr
        assert refused.stdout == ""
    assert len(digests(firm)[anne.email]) == 1
