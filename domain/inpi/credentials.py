"""The firm's INPI account as typed by an administrator: checked, sealed with the cipher (one JSON token),
recognisable afterwards by a hint of the e-mail only."""

import json
import re
from dataclasses import asdict

from domain.errors import InvalidInput, Problems
from domain.inpi.model import INPI, InpiSecret
from domain.ports import SecretCipher
from domain.signatures.model import StoredCredential

_USERNAME = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")


def _username(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput("Identifiant INPI (e-mail du compte) : valeur obligatoire.")
    if len(value) > 254 or not _USERNAME.fullmatch(value):
        raise InvalidInput(f"Identifiant INPI « {value[:60]} » invalide : l'e-mail du compte data.inpi.fr.")
    return value


def _password(value: str) -> str:
    value = value or ""
    if not value.strip():
        raise InvalidInput("Mot de passe INPI : valeur obligatoire.")
    if len(value) > 200 or any(ord(ch) < 32 for ch in value):
        raise InvalidInput("Mot de passe INPI invalide (200 caractères au plus, sans retour à la ligne).")
    return value


def clean_secret(username: str, password: str) -> InpiSecret:
    """Both fields checked at once; InvalidInput lists every problem."""
    c = Problems()
    secret = InpiSecret(username=c.take(lambda: _username(username)), password=c.take(lambda: _password(password)))
    if c.problems:
        raise InvalidInput(" ; ".join(c.problems))
    return secret


def hint_of(username: str) -> str:
    """Enough to recognise the account, not to use it: "c…@cabinet.fr"."""
    local, _, domain = username.partition("@")
    return f"{local[:1]}…@{domain}"


def seal(cipher: SecretCipher, secret: InpiSecret, api_url: str, *, at, by) -> StoredCredential:
    return StoredCredential(provider=INPI, ciphertext=cipher.encrypt(json.dumps(asdict(secret))), base_url=api_url,
                            hint=hint_of(secret.username), updated_at=at, updated_by=by)


def unseal(cipher: SecretCipher, credential: StoredCredential) -> InpiSecret:
    """The account; the cipher raises a French DomainError when EEXPI_SECRET_KEY changed."""
    values = json.loads(cipher.decrypt(credential.ciphertext))
    return InpiSecret(username=str(values.get("username", "")), password=str(values.get("password", "")))
