"""Opaque secrets handed to a browser: only their SHA-256 is stored, so a leaked table is useless."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
