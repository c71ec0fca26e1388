"""The session cookie: an opaque session token, signed so tampering is rejected before any lookup."""

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "eexpi_session"
CSRF_COOKIE = "eexpi_csrf"
_SALT = "eexpi-session"
MAX_AGE_SECONDS = 7 * 24 * 3600  # the absolute session lifetime; idle expiry is checked server-side


def sign_token(secret_key: str, token: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps(token)


def unsign_token(secret_key: str, cookie: str | None) -> str | None:
    """The session token inside a cookie, or None if absent, forged or older than the absolute lifetime."""
    if not cookie:
        return None
    try:
        token = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(cookie, max_age=MAX_AGE_SECONDS)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None
