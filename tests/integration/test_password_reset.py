"""Password reset by e-mailed one-time link, and password change by the signed-in user."""

import re

import pytest

from domain.access.services import (
    SessionPolicy,
    change_password,
    check_reset_token,
    request_password_reset,
    reset_password,
    resolve_session,
    sign_in,
)
from domain.audit import Action
from domain.errors import AuthenticationFailed, InvalidInput
from domain.firm.users import set_active
from tests.conftest import NOW, unique_email
from tests.integration.support import (
    STRONG,
    STRONG_2,
    audit_of,
    invite,
    outbox_of,
    outbox_total,
    sign_in_as,
    user,
)

RESET_INVALID = "Ce lien de réinitialisation n'est pas valide ou a déjà été utilisé. Demandez-en un nouveau."
RESET_EXPIRED = "Ce lien de réinitialisation a expiré (validité : 30 minutes). Demandez-en un nouveau."
BAD = "Adresse e-mail ou mot de passe incorrect."
COMPOSITION = ("Le mot de passe doit contenir au moins 12 caractères avec des majuscules, des minuscules, "
               "des chiffres et des caractères spéciaux, ou au moins 14 caractères avec des majuscules, "
               "des minuscules et des chiffres.")
PERSONAL = "Le mot de passe ne doit pas reprendre votre adresse e-mail ni le nom du cabinet."


def request_reset(container, email: str) -> None:
    request_password_reset(container.platform_uow(), container.clock, email, container.reset_url)


def reset(container, token: str, new: str, confirm: str | None = None) -> None:
    reset_password(container.platform_uow(), container.hasher, container.clock, token, new,
                   new if confirm is None else confirm)


def reset_token_mailed_to(container, firm_id: int, email: str) -> str:
    mails = [m for m in outbox_of(container, firm_id) if m["subject"].startswith("Réinitialisation")]
    assert [m["recipient"] for m in mails] == [email]
    match = re.search(r"http://testserver/auth/reset\?token=([A-Za-z0-9_-]+)", mails[0]["body"])
    assert match, mails[0]["body"]
    return match.group(1)


def refused_sign_in(container, email: str, password: str) -> str:
    with pytest.raises(AuthenticationFailed) as refused:
        sign_in(container.platform_uow(), container.hasher, container.clock, email, password)
    return refused.value.message


def invalid(call, *args) -> str:
    with pytest.raises(InvalidInput) as refused:
        call(*args)
    return refused.value.message


# --- Requesting a reset ------------------------------------------------------------------------

def test_a_reset_request_for_a_known_email_queues_a_mail_with_a_one_time_link(firm):
    c = firm.container
    request_reset(c, firm.admin_email)
    [mail] = [m for m in outbox_of(c, firm.firm_id) if m["recipient"] == firm.admin_email
              and m["subject"] == "Réinitialisation de votre mot de passe EEXPI"]
    assert mail["status"] == "pending"
    assert "valable 30 minutes, une seule fois" in mail["body"]
    token = reset_token_mailed_to(c, firm.firm_id, firm.admin_email)
    assert len(token) >= 40
    check_reset_token(c.platform_uow(), c.clock, token)  # does not raise


def test_a_reset_request_is_audited_without_an_actor(firm):
    c = firm.container
    request_reset(c, firm.admin_email)
    events = audit_of(c, firm.firm_id, Action.PASSWORD_RESET_REQUEST)
    assert [(e.actor_user_id, e.target_id) for e in events] == [(None, str(firm.principal().user.id))]


def test_the_reset_request_finds_the_account_whatever_the_case_of_the_email(firm):
    c = firm.container
    request_reset(c, f" {firm.admin_email.upper()} ")
    assert reset_token_mailed_to(c, firm.firm_id, firm.admin_email)


def test_a_reset_request_for_an_unknown_email_queues_nothing(container):
    before = outbox_total(container)
    request_reset(container, unique_email("personne"))
    assert outbox_total(container) == before


@pytest.mark.parametrize("email", ["a" * 250 + "@example.fr", "ali\x00ce@example.fr"],
                         ids=["longer than 254 characters", "with a NUL byte"])
def test_a_reset_request_for_an_email_no_account_could_have_queues_nothing_and_raises_nothing(
        container, db_url, request, email):
    before = outbox_total(container)
    request_reset(container, email)
    assert outbox_total(container) == before


def test_a_reset_request_for_a_deactivated_user_queues_nothing(firm):
    c = firm.container
    bob = invite(firm)
    set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, False)
    before = outbox_total(c)
    request_reset(c, bob.email)
    assert outbox_total(c) == before


# --- Completing a reset ------------------------------------------------------------------------

def test_completing_a_reset_replaces_the_password_and_clears_the_change_flag(firm):
    c = firm.container
    request_reset(c, firm.admin_email)
    reset(c, reset_token_mailed_to(c, firm.firm_id, firm.admin_email), STRONG)
    assert refused_sign_in(c, firm.admin_email, firm.admin_password) == BAD
    signed = sign_in_as(c, firm.admin_email, STRONG)
    assert signed.user.must_change_password is False


def test_completing_a_reset_revokes_every_session_of_the_user(firm):
    c = firm.container
    laptop = sign_in_as(c, firm.admin_email, firm.admin_password).token
    phone = sign_in_as(c, firm.admin_email, firm.admin_password).token
    request_reset(c, firm.admin_email)
    reset(c, reset_token_mailed_to(c, firm.firm_id, firm.admin_email), STRONG)
    for token in (laptop, phone):
        assert resolve_session(c.platform_uow(), c.clock, token, SessionPolicy()) is None


def test_completing_a_reset_does_not_end_the_sessions_of_other_users(firm):
    c = firm.container
    bob = invite(firm)
    bobs_session = sign_in_as(c, bob.email, bob.password).token
    request_reset(c, firm.admin_email)
    reset(c, reset_token_mailed_to(c, firm.firm_id, firm.admin_email), STRONG)
    assert resolve_session(c.platform_uow(), c.clock, bobs_session, SessionPolicy()).user.id == bob.user.id


def test_completing_a_reset_lifts_a_sign_in_lock(firm):
    c = firm.container
    for _ in range(5):
        refused_sign_in(c, firm.admin_email, "Mauvais-Mot-2026!")
    request_reset(c, firm.admin_email)
    reset(c, reset_token_mailed_to(c, firm.firm_id, firm.admin_email), STRONG)
    assert sign_in_as(c, firm.admin_email, STRONG).user.email == firm.admin_email


def test_completing_a_reset_is_audited(firm):
    c = firm.container
    admin_id = firm.principal().user.id
    request_reset(c, firm.admin_email)
    reset(c, reset_token_mailed_to(c, firm.firm_id, firm.admin_email), STRONG)
    events = audit_of(c, firm.firm_id, Action.PASSWORD_RESET)
    assert [(e.actor_user_id, e.target_id, e.at) for e in events] == [(admin_id, str(admin_id), NOW)]


def test_a_reset_link_works_only_once(firm):
    c = firm.container
    request_reset(c, firm.admin_email)
    token = reset_token_mailed_to(c, firm.firm_id, firm.admin_email)
    reset(c, token, STRONG)
    assert invalid(reset, c, token, STRONG_2) == RESET_INVALID
    assert invalid(check_reset_token, c.platform_uow(), c.clock, token) == RESET_INVALID
    assert sign_in_as(c, firm.admin_email, STRONG).user.email == firm.admin_email
    assert refused_sign_in(c, firm.admin_email, STRONG_2) == BAD


def test_a_reset_link_still_works_after_twenty_nine_minutes(firm, clock):
    c = firm.container
    request_reset(c, firm.admin_email)
    token = reset_token_mailed_to(c, firm.firm_id, firm.admin_email)
    clock.advance(minutes=29)
    reset(c, token, STRONG)
    assert sign_in_as(c, firm.admin_email, STRONG).user.email == firm.admin_email


def test_a_reset_link_used_after_thirty_one_minutes_has_expired(firm, clock):
    c = firm.container
    request_reset(c, firm.admin_email)
    token = reset_token_mailed_to(c, firm.firm_id, firm.admin_email)
    clock.advance(minutes=31)
    assert invalid(check_reset_token, c.platform_uow(), c.clock, token) == RESET_EXPIRED
    assert invalid(reset, c, token, STRONG) == RESET_EXPIRED
    assert sign_in_as(c, firm.admin_email, firm.admin_password).user.email == firm.admin_email


@pytest.mark.parametrize("token", ["", "n-importe-quoi", "x" * 43])
def test_an_unknown_reset_token_is_invalid(container, token):
    assert invalid(reset, container, token, STRONG) == RESET_INVALID


def test_a_weak_new_password_is_refused_and_the_link_stays_usable(firm):
    c = firm.container
    request_reset(c, firm.admin_email)
    token = reset_token_mailed_to(c, firm.firm_id, firm.admin_email)
    assert invalid(reset, c, token, "court1A!") == COMPOSITION
    assert sign_in_as(c, firm.admin_email, firm.admin_password).user.email == firm.admin_email
    reset(c, token, STRONG)
    assert sign_in_as(c, firm.admin_email, STRONG).user.email == firm.admin_email


def test_a_mismatched_confirmation_is_refused_and_the_link_stays_usable(firm):
    c = firm.container
    request_reset(c, firm.admin_email)
    token = reset_token_mailed_to(c, firm.firm_id, firm.admin_email)
    assert invalid(reset, c, token, STRONG, STRONG_2) == "Les deux mots de passe saisis ne sont pas identiques."
    check_reset_token(c.platform_uow(), c.clock, token)  # does not raise


def test_a_reset_link_of_a_user_deactivated_since_the_request_is_invalid(firm):
    c = firm.container
    bob = invite(firm)
    request_reset(c, bob.email)
    token = reset_token_mailed_to(c, firm.firm_id, bob.email)
    set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, False)
    assert invalid(reset, c, token, STRONG) == RESET_INVALID


# --- Changing one's password -------------------------------------------------------------------

def change(firm, principal, current: str, new: str, confirm: str | None = None) -> None:
    c = firm.container
    change_password(c.platform_uow(), c.hasher, c.clock, principal, current, new,
                    new if confirm is None else confirm)


def test_changing_the_password_with_a_wrong_current_password_is_refused(firm):
    message = invalid(change, firm, firm.principal(), "Pas-Le-Bon-2026!", STRONG)
    assert message == "Le mot de passe actuel est incorrect."
    assert refused_sign_in(firm.container, firm.admin_email, STRONG) == BAD


def test_changing_the_password_with_a_mismatched_confirmation_is_refused(firm):
    message = invalid(change, firm, firm.principal(), firm.admin_password, STRONG, STRONG_2)
    assert message == "Les deux mots de passe saisis ne sont pas identiques."
    assert sign_in_as(firm.container, firm.admin_email, firm.admin_password)


def test_changing_the_password_to_the_current_one_is_refused(firm):
    message = invalid(change, firm, firm.principal(), firm.admin_password, firm.admin_password)
    assert message == "Le nouveau mot de passe doit être différent de l'actuel."
    assert user(firm.container, firm.firm_id, firm.principal().user.id).must_change_password is True


def test_a_new_password_built_on_the_firm_name_is_refused(make_firm):
    firm = make_firm("Fiduciaire Montorgueil")
    message = invalid(change, firm, firm.principal(), firm.admin_password, "Montorgueil#Zebra42q")
    assert message == PERSONAL
    assert refused_sign_in(firm.container, firm.admin_email, "Montorgueil#Zebra42q") == BAD


def test_a_new_password_built_on_the_users_email_is_refused(firm):
    bob = invite(firm, email=unique_email("bartholome"))
    message = invalid(change, firm, firm.principal(bob.email), bob.password, "Bartholome#Zebra42q")
    assert message == PERSONAL


def test_a_weak_new_password_is_refused_when_changing_it(firm):
    assert invalid(change, firm, firm.principal(), firm.admin_password, "court1A!") == COMPOSITION


def test_a_successful_change_replaces_the_password_clears_the_flag_and_is_audited(firm):
    c = firm.container
    principal = firm.principal()
    assert principal.user.must_change_password is True
    change(firm, principal, firm.admin_password, STRONG)
    assert user(c, firm.firm_id, principal.user.id).must_change_password is False
    assert refused_sign_in(c, firm.admin_email, firm.admin_password) == BAD
    assert sign_in_as(c, firm.admin_email, STRONG).user.must_change_password is False
    events = audit_of(c, firm.firm_id, Action.PASSWORD_CHANGE)
    assert [(e.actor_user_id, e.target_id) for e in events] == [(principal.user.id, str(principal.user.id))]


def test_a_refused_change_is_not_audited(firm):
    invalid(change, firm, firm.principal(), "Pas-Le-Bon-2026!", STRONG)
    assert audit_of(firm.container, firm.firm_id, Action.PASSWORD_CHANGE) == []


# --- Flood protection --------------------------------------------------------------------------

def _reset_mails_to(container, firm_id: int, email: str) -> int:
    return sum(1 for m in outbox_of(container, firm_id)
               if m["recipient"] == email and m["subject"].startswith("Réinitialisation"))


def test_at_most_three_reset_mails_per_hour_reach_an_account(firm):
    c = firm.container
    for _ in range(5):
        request_reset(c, firm.admin_email)
    assert _reset_mails_to(c, firm.firm_id, firm.admin_email) == 3


def test_a_new_reset_mail_is_sent_again_an_hour_after_the_first_ones(firm):
    c = firm.container
    for _ in range(4):
        request_reset(c, firm.admin_email)
    c.clock.advance(minutes=61)
    request_reset(c, firm.admin_email)
    assert _reset_mails_to(c, firm.firm_id, firm.admin_email) == 4
