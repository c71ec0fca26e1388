"""The deadline digest (pure): who receives it (mission manager, else client manager; never an inactive user, a
client user or someone without e-mail), what it lists (overdue, then due within N days, per client, most urgent
first) and the French text of the mail, with fixed dates."""

from datetime import date, timedelta

import pytest

from domain.access.model import Role, User
from domain.deadlines.alerts import build_digests, check_days, delay_label, digest_mail, subject, without_recipient
from domain.deadlines.model import Deadline, DeadlineKind, DeadlineOwners
from domain.errors import InvalidInput

TODAY = date(2026, 11, 20)  # a Friday
ANNE = User(id=1, firm_id=9, email="anne@cabinet.fr", full_name="Anne Manager", role=Role.COLLABORATOR)
BRUNO = User(id=2, firm_id=9, email="bruno@cabinet.fr", full_name="Bruno Chef", role=Role.ADMIN)
GONE = User(id=3, firm_id=9, email="gone@cabinet.fr", full_name="Gaston Parti", role=Role.COLLABORATOR,
            is_active=False)
MUTE = User(id=4, firm_id=9, email=" ", full_name="Sans Courriel", role=Role.COLLABORATOR)
PORTAL = User(id=5, firm_id=9, email="client@x.fr", full_name="Client Portail", role=Role.CLIENT)
PEOPLE = [ANNE, BRUNO, GONE, MUTE, PORTAL]


def owned(id_, client, days, label, mission_manager=None, client_manager=None, done=False):
    client_id, client_name = client
    due = TODAY + timedelta(days=days)
    deadline = Deadline(id=id_, client_id=client_id, kind=DeadlineKind.VAT_MONTHLY, label=label,
                        period_start=date(2026, 10, 1), period_end=date(2026, 10, 31), due_on=due,
                        client_name=client_name, done_on=TODAY if done else None)
    return DeadlineOwners(deadline, mission_manager, client_manager)


ALPHA, ZEBRE, BETA = (1, "Alpha Conseil"), (2, "Zèbre & Fils"), (3, "beta industrie")


def test_the_mission_manager_answers_before_the_client_manager():
    items = [owned(1, ALPHA, 2, "TVA octobre", mission_manager=2, client_manager=1),  # Bruno (mission)
             owned(2, ALPHA, 3, "DSN octobre", client_manager=1),  # Anne (client, no mission)
             owned(3, ZEBRE, 4, "Liasse", mission_manager=None, client_manager=2)]  # Bruno (client)
    digests = build_digests(items, PEOPLE, TODAY, 7)
    assert [(d.user.full_name, [x.id for g in d.upcoming for x in g.deadlines]) for d in digests] == [
        ("Anne Manager", [2]), ("Bruno Chef", [1, 3])]


def test_only_overdue_and_due_within_the_window_open_deadlines_are_listed():
    items = [owned(1, ALPHA, -40, "très en retard", client_manager=1),
             owned(2, ALPHA, 7, "dans 7 jours", client_manager=1),
             owned(3, ALPHA, 8, "dans 8 jours", client_manager=1),
             owned(4, ALPHA, -1, "faite", client_manager=1, done=True),
             owned(5, ALPHA, 0, "aujourd'hui", client_manager=1)]
    [digest] = build_digests(items, PEOPLE, TODAY, 7)
    assert [d.label for g in digest.overdue for d in g.deadlines] == ["très en retard"]
    assert [d.label for g in digest.upcoming for d in g.deadlines] == ["aujourd'hui", "dans 7 jours"]
    assert (digest.overdue_count, digest.upcoming_count, digest.count) == (1, 2, 3)
    [today_only] = build_digests(items, PEOPLE, TODAY, 0)
    assert [d.label for g in today_only.upcoming for d in g.deadlines] == ["aujourd'hui"]


def test_deadlines_are_grouped_per_client_the_most_urgent_client_first():
    items = [owned(1, ZEBRE, 5, "DSN", client_manager=1), owned(2, ALPHA, 6, "TVA", client_manager=1),
             owned(3, ZEBRE, 2, "TVA", client_manager=1), owned(4, BETA, 6, "Acompte d'IS", client_manager=1),
             owned(5, ALPHA, -3, "Liasse", client_manager=1), owned(6, BETA, -3, "CVAE", client_manager=1),
             owned(7, ALPHA, 6, "Acompte", client_manager=1)]
    [digest] = build_digests(items, PEOPLE, TODAY, 7)
    assert [(g.client_name, [d.label for d in g.deadlines]) for g in digest.overdue] == [
        ("Alpha Conseil", ["Liasse"]), ("beta industrie", ["CVAE"])]  # same day: by name, case aside
    assert [(g.client_name, [d.label for d in g.deadlines]) for g in digest.upcoming] == [
        ("Zèbre & Fils", ["TVA", "DSN"]),  # due in 2 days
        ("Alpha Conseil", ["Acompte", "TVA"]),  # in 6 days, then by label
        ("beta industrie", ["Acompte d'IS"])]


def test_inactive_users_client_users_and_people_without_email_get_nothing():
    items = [owned(1, ALPHA, 1, "TVA", client_manager=3), owned(2, ALPHA, 1, "DSN", client_manager=4),
             owned(3, ALPHA, 1, "CVAE", client_manager=5), owned(4, ALPHA, 1, "Liasse"),
             owned(5, ALPHA, 1, "Inconnu", client_manager=99), owned(6, ALPHA, 30, "Plus tard")]
    assert build_digests(items, PEOPLE, TODAY, 7) == []
    assert without_recipient(items, PEOPLE, TODAY, 7) == 5  # "Plus tard" is outside the window
    assert without_recipient(items, PEOPLE, TODAY, 30) == 6


def test_delays_in_words():
    def label(days):
        return delay_label(owned(1, ALPHA, days, "x").deadline, TODAY)

    assert [label(n) for n in (-3, -1, 0, 1, 5)] == ["en retard de 3 jours", "en retard de 1 jour", "aujourd'hui",
                                                    "demain", "dans 5 jours"]


def test_the_mail_lists_each_client_with_its_deadlines_due_dates_and_delays():
    items = [owned(1, ZEBRE, -3, "TVA CA3 mensuelle — octobre 2026", client_manager=1),
             owned(2, ALPHA, 1, "DSN — octobre 2026", client_manager=1),
             owned(3, ZEBRE, 0, "DSN — octobre 2026", client_manager=1)]
    [digest] = build_digests(items, PEOPLE, TODAY, 7)

    mail = digest_mail(digest, "Cabinet Verger & Associés", "https://eexpi.example/echeances")

    assert mail.recipient == "anne@cabinet.fr"
    assert mail.subject == "Vos échéances : 1 en retard, 2 à rendre sous 7 j – Cabinet Verger & Associés"
    body = mail.body
    assert body.startswith("Bonjour Anne Manager,\n")
    assert "au 20/11/2026" in body and "chez Cabinet Verger & Associés." in body  # plain text: no escaping
    overdue_at, upcoming_at = body.index("En retard (1)"), body.index("À rendre dans les 7 prochains jours (2)")
    assert overdue_at < body.index("  - TVA CA3 mensuelle — octobre 2026 : le 17/11/2026 (en retard de 3 jours)") \
        < upcoming_at
    zebre, alpha = body.index("Zèbre & Fils", upcoming_at), body.index("Alpha Conseil", upcoming_at)
    assert upcoming_at < zebre < body.index("  - DSN — octobre 2026 : le 20/11/2026 (aujourd'hui)") < alpha
    assert body.index("  - DSN — octobre 2026 : le 21/11/2026 (demain)") > alpha
    assert "https://eexpi.example/echeances" in body
    assert body.endswith("-- \nEEXPI\n")


def test_a_digest_without_overdue_deadlines_has_no_overdue_section():
    [digest] = build_digests([owned(1, ALPHA, 1, "DSN", client_manager=2)], PEOPLE, TODAY, 1)
    mail = digest_mail(digest, "Cabinet X")
    assert "En retard" not in mail.body and "À rendre d'ici demain (1)" in mail.body
    assert subject(digest, "Cabinet X") == "Vos échéances : 1 à rendre sous 1 j – Cabinet X"
    [overdue_only] = build_digests([owned(1, ALPHA, -2, "DSN", client_manager=2)], PEOPLE, TODAY, 0)
    assert subject(overdue_only, "Cabinet X") == "Vos échéances : 1 en retard – Cabinet X"


@pytest.mark.parametrize("days", [-1, 91, "7", True, None])
def test_the_horizon_must_be_between_0_and_90_days(days):
    with pytest.raises(InvalidInput, match="Horizon invalide"):
        check_days(days)
    assert check_days(0) == 0 and check_days(90) == 90
