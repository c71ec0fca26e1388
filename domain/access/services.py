"""Sign-in, sessions, lockout, password change and reset.

Rules (issue #2, CNIL 2022-100): 5 failed attempts lock an account for 15 minutes, with the same
message whether or not the account exists; sessions end after 8 idle hours (configurable) and on
logout, server-side; reset links are one-time and valid 30 minutes; temporary passwords must be
replaced at first sign-in.
"""

from dataclasses import dataclass
from datetime import timedelta

from domain.access import mails
from domain.access.model import Account, Principal, SessionRecord, User, effective_permissions
from domain.access.passwords import password_problems
from domain.access.tokens import new_token, token_hash
from domain.audit import Action
from domain.clock import Clock
from domain.errors import AuthenticationFailed, InvalidInput
from domain.ports import FirmRepositories, PasswordHasher, PlatformUnitOfWork
from domain.text import plausible_email

LOCK_AFTER_FAILURES = 5
LOCK_DURATION = timedelta(minutes=15)
RESET_VALIDITY = timedelta(minutes=30)
RESETS_PER_HOUR = 3  # more requests are ignored: nobody can flood a user's mailbox
LAST_SEEN_GRANULARITY = timedelta(minutes=1)

BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."
LOCKED = "Trop de tentatives de connexion. Réessayez dans 15 minutes ou réinitialisez votre mot de passe."
RESET_INVALID = "Ce lien de réinitialisation n'est pas valide ou a déjà été utilisé. Demandez-en un nouveau."
RESET_EXPIRED = "Ce lien de réinitialisation a expiré (validité : 30 minutes). Demandez-en un nouveau."


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    idle_timeout: timedelta = timedelta(hours=8)
    absolute_timeout: timedelta = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class SignedIn:
    token: str
    user: User


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def sign_in(uow: PlatformUnitOfWork, hasher: PasswordHasher, clock: Clock, email: str, password: str) -> SignedIn:
    email = normalise_email(email)
    now, key = clock.now(), throttle_key(email)
    with uow:
        throttle = uow.throttle.get(key)
        if throttle and throttle.locked_until and throttle.locked_until > now:
            raise AuthenticationFailed(LOCKED)
        account = uow.accounts.find_by_email(email) if plausible_email(email) else None
        if not _password_matches(hasher, account, password):
            _record_failure(uow, clock, key, account, throttle.failures if throttle else 0)
            uow.commit()
            raise AuthenticationFailed(BAD_CREDENTIALS)
        assert account is not None
        token = _open_session(uow, clock, account, hasher, password)
        uow.commit()
        return SignedIn(token, account.user)


def _password_matches(hasher: PasswordHasher, account: Account | None, password: str) -> bool:
    if account is None or not account.user.is_active:
        hasher.verify(hasher.dummy_hash(), password)  # same cost, so timing does not reveal the account
        return False
    return hasher.verify(account.password_hash, password)


def throttle_key(email: str) -> str:
    """Failures are counted per address typed, known or not, under its hash: any text fits the
    column and the table keeps no address a stranger typed."""
    return token_hash(normalise_email(email))


def _record_failure(uow: PlatformUnitOfWork, clock: Clock, key: str, account: Account | None, failures: int) -> None:
    failures = 0 if failures >= LOCK_AFTER_FAILURES else failures  # a lock that has run out starts afresh
    failures += 1
    locked_until = clock.now() + LOCK_DURATION if failures >= LOCK_AFTER_FAILURES else None
    uow.throttle.save(key, failures, locked_until)
    if account is not None:
        uow.scoped(account.user.firm_id).audit.record(
            Action.LOGIN_FAILED, None, "user", str(account.user.id), {"tentatives": failures}, at=clock.now())


def _open_session(uow: PlatformUnitOfWork, clock: Clock, account: Account, hasher: PasswordHasher, password: str) -> str:
    user, now = account.user, clock.now()
    uow.throttle.clear(throttle_key(user.email))
    token = new_token()
    uow.sessions.add(token_hash(token), user.firm_id, user.id, now)
    repos = uow.scoped(user.firm_id)
    if hasher.needs_rehash(account.password_hash):
        repos.users.set_password(user.id, hasher.hash(password), must_change=user.must_change_password)
    repos.users.mark_login(user.id, now)
    repos.audit.record(Action.LOGIN, user.id, "user", str(user.id), {}, at=now)
    return token


def resolve_session(uow: PlatformUnitOfWork, clock: Clock, token: str | None, policy: SessionPolicy) -> Principal | None:
    """The principal behind a session token, or None when absent, revoked, idle or expired."""
    if not token:
        return None
    now = clock.now()
    with uow:
        record = uow.sessions.get(token_hash(token))
        if record is None or not _session_alive(record, now, policy):
            return None
        repos = uow.scoped(record.firm_id)
        user = repos.users.get(record.user_id)
        if user is None or not user.is_active:
            return None
        if now - record.last_seen_at >= LAST_SEEN_GRANULARITY:
            uow.sessions.touch(record.token_hash, now)
            uow.commit()
        return load_principal(repos, user)


def _session_alive(record: SessionRecord, now, policy: SessionPolicy) -> bool:
    return (record.revoked_at is None and now - record.last_seen_at <= policy.idle_timeout
            and now - record.created_at <= policy.absolute_timeout)


def load_principal(repos: FirmRepositories, user: User) -> Principal:
    permissions = effective_permissions(
        user.role, repos.permissions.role_grants(user.role), repos.permissions.user_grants(user.id))
    return Principal(user=user, permissions=permissions, firm_name=repos.firm.get().identity.name)


def sign_out(uow: PlatformUnitOfWork, clock: Clock, token: str | None) -> None:
    if not token:
        return
    with uow:
        record = uow.sessions.get(token_hash(token))
        if record is None or record.revoked_at is not None:
            return
        uow.sessions.revoke(record.token_hash, clock.now())
        uow.scoped(record.firm_id).audit.record(
            Action.LOGOUT, record.user_id, "user", str(record.user_id), {}, at=clock.now())
        uow.commit()


def check_new_password(new: str, confirm: str, email: str, firm_name: str) -> None:
    if new != confirm:
        raise InvalidInput("Les deux mots de passe saisis ne sont pas identiques.")
    if problems := password_problems(new, email, firm_name):
        raise InvalidInput("\n".join(problems))


def change_password(uow: PlatformUnitOfWork, hasher: PasswordHasher, clock: Clock, principal: Principal,
                    current: str, new: str, confirm: str) -> None:
    user = principal.user
    with uow:
        account = uow.accounts.find_by_email(user.email)
        if account is None or not hasher.verify(account.password_hash, current):
            raise InvalidInput("Le mot de passe actuel est incorrect.")
        if new == current:
            raise InvalidInput("Le nouveau mot de passe doit être différent de l'actuel.")
        check_new_password(new, confirm, user.email, principal.firm_name)
        repos = uow.scoped(user.firm_id)
        repos.users.set_password(user.id, hasher.hash(new), must_change=False)
        repos.audit.record(Action.PASSWORD_CHANGE, user.id, "user", str(user.id), {}, at=clock.now())
        uow.commit()


def request_password_reset(uow: PlatformUnitOfWork, clock: Clock, email: str, reset_url_base: str) -> None:
    """Queue a one-time reset link if the account exists; the caller says the same thing either way."""
    if not plausible_email(normalise_email(email)):
        return
    with uow:
        account = uow.accounts.find_by_email(normalise_email(email))
        if account is None or not account.user.is_active:
            return
        user, token = account.user, new_token()
        if uow.reset_tokens.count_since(user.id, clock.now() - timedelta(hours=1)) >= RESETS_PER_HOUR:
            return
        uow.reset_tokens.add(token_hash(token), user.firm_id, user.id, clock.now(), clock.now() + RESET_VALIDITY)
        repos = uow.scoped(user.firm_id)
        mail = mails.password_reset(user.email, user.full_name, f"{reset_url_base}?token={token}",
                                    int(RESET_VALIDITY.total_seconds() // 60))
        repos.outbox.enqueue(mail, at=clock.now())
        repos.audit.record(Action.PASSWORD_RESET_REQUEST, None, "user", str(user.id), {}, at=clock.now())
        uow.commit()


def check_reset_token(uow: PlatformUnitOfWork, clock: Clock, token: str) -> None:
    with uow:
        _usable_reset_token(uow, clock, token)


def _usable_reset_token(uow: PlatformUnitOfWork, clock: Clock, token: str):
    record = uow.reset_tokens.get(token_hash(token or ""))
    if record is None or record.used_at is not None:
        raise InvalidInput(RESET_INVALID)
    if record.expires_at <= clock.now():
        raise InvalidInput(RESET_EXPIRED)
    return record


def reset_password(uow: PlatformUnitOfWork, hasher: PasswordHasher, clock: Clock, token: str,
                   new: str, confirm: str) -> None:
    now = clock.now()
    with uow:
        record = _usable_reset_token(uow, clock, token)
        repos = uow.scoped(record.firm_id)
        user = repos.users.get(record.user_id)
        if user is None or not user.is_active:
            raise InvalidInput(RESET_INVALID)
        check_new_password(new, confirm, user.email, repos.firm.get().identity.name)
        repos.users.set_password(user.id, hasher.hash(new), must_change=False)
        uow.reset_tokens.mark_used(record.token_hash, now)
        uow.sessions.revoke_all_for_user(user.id, now)
        uow.throttle.clear(throttle_key(user.email))
        repos.audit.record(Action.PASSWORD_RESET, user.id, "user", str(user.id), {}, at=now)
        uow.commit()
