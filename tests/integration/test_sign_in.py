"""Sign-in, lockout and sessions against a real database (CNIL 2022-100 rules of issue #2)."""

import pytest

from domain.access.model import ALL_PERMISSIONS, Role
from domain.access.services import SessionPolicy, resolve_session, sign_in, sign_out
from domain.access.tokens import token_hash
from domain.audit import Action
from domain.errors import AuthenticationFailed
from domain.firm.users import set_active
from tests.conftest import NOW, unique_email
from tests.integration.support import audit_of, invite, sign_in_as

BAD = "Adresse e-mail ou mot de passe incorrect."
LOCKED = "Trop de tentatives de connexion. Réessayez dans 15 minutes ou réinitialisez votre mot de passe."


def refusal(container, email: str, password: str) -> str:
    with pytest.raises(AuthenticationFailed) as refused:
        sign_in(container.platform_uow(), container.hasher, container.clock, email, password)
    return refused.value.message


def resolve(container, token):
    return resolve_session(container.platform_uow(), container.clock, token, SessionPolicy())


# --- Signing in --------------------------------------------------------------------------------

def test_the_admin_signs_in_with_the_temporary_password_and_the_sign_in_time_is_recorded(firm, clock):
    c = firm.container
    signed = sign_in_as(c, firm.admin_email, firm.admin_password)
    assert signed.token
    assert signed.user.email == firm.admin_email
    with c.firm_uow(firm.firm_id) as uow:
        assert uow.users.get(signed.user.id).last_login_at == NOW


def test_the_email_is_matched_whatever_its_case_and_surrounding_spaces(firm):
    signed = sign_in_as(firm.container, f"  {firm.admin_email.upper()} ", firm.admin_password)
    assert signed.user.email == firm.admin_email


def test_a_wrong_password_is_refused_with_the_generic_message(firm):
    assert refusal(firm.container, firm.admin_email, firm.admin_password + "x") == BAD


def test_an_empty_password_is_refused_with_the_generic_message(firm):
    assert refusal(firm.container, firm.admin_email, "") == BAD


# --- Lockout -----------------------------------------------------------------------------------

def test_after_five_failures_even_the_right_password_is_refused_for_fifteen_minutes(firm, clock):
    c = firm.container
    assert [refusal(c, firm.admin_email, "Mauvais-Mot-2026!") for _ in range(5)] == [BAD] * 5
    assert refusal(c, firm.admin_email, firm.admin_password) == LOCKED
    clock.advance(minutes=14)
    assert refusal(c, firm.admin_email, firm.admin_password) == LOCKED
    clock.advance(minutes=2)  # 16 minutes after the lock
    assert sign_in_as(c, firm.admin_email, firm.admin_password).user.email == firm.admin_email


def test_the_lock_applies_whatever_the_case_of_the_email_typed(firm):
    c = firm.container
    for _ in range(5):
        refusal(c, firm.admin_email.upper(), "Mauvais-Mot-2026!")
    assert refusal(c, firm.admin_email, firm.admin_password) == LOCKED


def test_four_failures_do_not_lock_and_a_successful_sign_in_resets_the_count(firm):
    c = firm.container
    for _ in range(4):
        assert refusal(c, firm.admin_email, "Mauvais-Mot-2026!") == BAD
    sign_in_as(c, firm.admin_email, firm.admin_password)
    for _ in range(4):
        assert refusal(c, firm.admin_email, "Mauvais-Mot-2026!") == BAD
    assert sign_in_as(c, firm.admin_email, firm.admin_password).user.email == firm.admin_email


def test_once_a_lock_has_run_out_a_single_new_failure_does_not_lock_again(firm, clock):
    c = firm.container
    for _ in range(5):
        refusal(c, firm.admin_email, "Mauvais-Mot-2026!")
    clock.advance(minutes=16)
    assert refusal(c, firm.admin_email, "Mauvais-Mot-2026!") == BAD
    assert sign_in_as(c, firm.admin_email, firm.admin_password).user.email == firm.admin_email


def test_an_unknown_email_gets_exactly_the_messages_of_a_known_one_including_the_lock(firm, container, clock):
    def five_failures_then_a_sixth(email: str) -> list[str]:
        return [refusal(container, email, "Mauvais-Mot-2026!") for _ in range(6)]

    known = five_failures_then_a_sixth(firm.admin_email)
    unknown = five_failures_then_a_sixth(unique_email("personne"))
    assert known == unknown == [BAD] * 5 + [LOCKED]


def test_an_unknown_email_is_unlocked_after_fifteen_minutes_like_a_known_one(container, clock):
    email = unique_email("personne")
    for _ in range(5):
        refusal(container, email, "Mauvais-Mot-2026!")
    assert refusal(container, email, "Mauvais-Mot-2026!") == LOCKED
    clock.advance(minutes=16)
    assert refusal(container, email, "Mauvais-Mot-2026!") == BAD


@pytest.mark.parametrize("email", ["a" * 250 + "@example.fr", "ali\x00ce@example.fr"],
                         ids=["longer than 254 characters", "with a NUL byte"])
def test_an_email_no_account_could_have_gets_the_generic_message_like_any_unknown_one(container, db_url, request,
                                                                                       email):
    assert [refusal(container, email, "Mauvais-Mot-2026!") for _ in range(6)] == [BAD] * 5 + [LOCKED]


# --- Audit -------------------------------------------------------------------------------------

def test_a_failed_sign_in_on_a_known_account_is_written_to_the_audit_log_of_its_firm(firm):
    c = firm.container
    admin_id = firm.principal().user.id
    refusal(c, firm.admin_email, "Mauvais-Mot-2026!")
    refusal(c, firm.admin_email, "Mauvais-Mot-2026!")
    failures = audit_of(c, firm.firm_id, Action.LOGIN_FAILED)
    assert [(e.actor_user_id, e.target_type, e.target_id, e.details) for e in failures] == [
        (None, "user", str(admin_id), {"tentatives": 2}),
        (None, "user", str(admin_id), {"tentatives": 1}),
    ]
    assert all(e.at == NOW for e in failures)


def test_a_successful_sign_in_is_written_to_the_audit_log_as_a_login(firm):
    c = firm.container
    signed = sign_in_as(c, firm.admin_email, firm.admin_password)
    logins = audit_of(c, firm.firm_id, Action.LOGIN)
    assert [(e.actor_user_id, e.actor_label, e.target_id) for e in logins] == [
        (signed.user.id, "Alice Admin", str(signed.user.id))]


def test_a_failed_sign_in_with_an_unknown_email_writes_nothing_to_the_firm_audit_log(firm):
    c = firm.container
    before = len(audit_of(c, firm.firm_id))
    refusal(c, "inconnu." + firm.admin_email, firm.admin_password)
    assert len(audit_of(c, firm.firm_id)) == before


# --- Deactivated users -------------------------------------------------------------------------

def test_a_deactivated_user_cannot_sign_in_even_with_the_right_password(firm):
    c = firm.container
    bob = invite(firm)
    set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, False)
    assert refusal(c, bob.email, bob.password) == BAD


def test_a_reactivated_user_can_sign_in_again(firm):
    c = firm.container
    bob = invite(firm)
    set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, False)
    set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, True)
    assert sign_in_as(c, bob.email, bob.password).user.id == bob.user.id


# --- Sessions ----------------------------------------------------------------------------------

def test_resolve_session_returns_the_principal_with_the_permissions_and_firm_name(firm):
    c = firm.container
    signed = sign_in_as(c, firm.admin_email, firm.admin_password)
    principal = resolve(c, signed.token)
    assert principal is not None
    assert principal.user.id == signed.user.id
    assert principal.user.role is Role.ADMIN
    assert principal.firm_id == firm.firm_id
    assert principal.firm_name == "Cabinet Test"
    assert principal.permissions == ALL_PERMISSIONS


def test_a_collaborator_session_carries_the_collaborator_permissions(firm):
    from domain.access.model import Permission

    c = firm.container
    bob = invite(firm)
    principal = resolve(c, sign_in_as(c, bob.email, bob.password).token)
    assert principal.user.role is Role.COLLABORATOR
    assert principal.permissions == frozenset({Permission.MANAGE_COMPLIANCE})


def test_a_session_idle_for_just_under_eight_hours_is_still_valid(firm, clock):
    c = firm.container
    token = sign_in_as(c, firm.admin_email, firm.admin_password).token
    clock.advance(hours=7, minutes=59)
    assert resolve(c, token) is not None


def test_a_session_idle_for_more_than_eight_hours_has_ended(firm, clock):
    c = firm.container
    token = sign_in_as(c, firm.admin_email, firm.admin_password).token
    clock.advance(hours=8, minutes=1)
    assert resolve(c, token) is None


def test_an_ended_idle_session_does_not_come_back_when_it_is_tried_again(firm, clock):
    c = firm.container
    token = sign_in_as(c, firm.admin_email, firm.admin_password).token
    clock.advance(hours=8, minutes=1)
    assert resolve(c, token) is None
    assert resolve(c, token) is None


def test_using_a_session_extends_it(firm, clock):
    c = firm.container
    token = sign_in_as(c, firm.admin_email, firm.admin_password).token
    clock.advance(hours=7)
    assert resolve(c, token) is not None  # touched 7 h after sign-in
    clock.advance(hours=7)  # 14 h after sign-in, 7 h after the last use
    assert resolve(c, token) is not None
    with c.platform_uow() as uow:
        assert uow.sessions.get(token_hash(token)).last_seen_at == clock.now()
    clock.advance(hours=8, minutes=1)
    assert resolve(c, token) is None


def test_a_session_used_constantly_still_ends_after_seven_days(firm, clock):
    c = firm.container
    token = sign_in_as(c, firm.admin_email, firm.admin_password).token
    for _ in range(24):  # every 7 hours for 168 hours = 7 days
        clock.advance(hours=7)
        assert resolve(c, token) is not None
    clock.advance(hours=1)
    assert resolve(c, token) is None


def test_sign_out_revokes_the_session_on_the_server(firm):
    c = firm.container
    signed = sign_in_as(c, firm.admin_email, firm.admin_password)
    sign_out(c.platform_uow(), c.clock, signed.token)
    assert resolve(c, signed.token) is None
    with c.platform_uow() as uow:
        assert uow.sessions.get(token_hash(signed.token)).revoked_at == NOW
    logouts = audit_of(c, firm.firm_id, Action.LOGOUT)
    assert [(e.actor_user_id, e.target_id) for e in logouts] == [(signed.user.id, str(signed.user.id))]


def test_sign_out_ends_only_that_session_not_the_users_other_sessions(firm):
    c = firm.container
    laptop = sign_in_as(c, firm.admin_email, firm.admin_password).token
    phone = sign_in_as(c, firm.admin_email, firm.admin_password).token
    sign_out(c.platform_uow(), c.clock, laptop)
    assert resolve(c, laptop) is None
    assert resolve(c, phone).user.email == firm.admin_email


def test_signing_out_twice_is_audited_once(firm):
    c = firm.container
    token = sign_in_as(c, firm.admin_email, firm.admin_password).token
    sign_out(c.platform_uow(), c.clock, token)
    sign_out(c.platform_uow(), c.clock, token)
    assert len(audit_of(c, firm.firm_id, Action.LOGOUT)) == 1


@pytest.mark.parametrize("token", [None, "", "n-importe-quoi", "x" * 43])
def test_a_missing_or_unknown_token_resolves_to_nobody(container, token):
    assert resolve(container, token) is None


def test_the_token_hash_is_not_itself_a_valid_token(firm):
    c = firm.container
    token = sign_in_as(c, firm.admin_email, firm.admin_password).token
    assert resolve(c, token_hash(token)) is None


def test_simultaneous_failures_for_a_new_address_are_all_counted_without_a_database_error(container):
    """Two sign-ins failing at the same moment used to race on the first INSERT of the throttle row."""
    import threading

    email, errors = unique_email("simultane"), []

    def fail_once() -> None:
        try:
            refusal(container, email, "Mauvais-Mot-2026!")
        except Exception as exc:  # noqa: BLE001 - any database error is the failure under test
            errors.append(exc)

    threads = [threading.Thread(target=fail_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with container.platform_uow() as uow:
        from domain.access.services import throttle_key

        assert 1 <= uow.throttle.get(throttle_key(email)).failures <= 4
