"""The Yousign API key as typed by an administrator: checked, sealed with the cipher, recognisable by a hint."""

import json
import re

from domain.errors import InvalidInput
from domain.ports import SecretCipher
from domain.signatures.model import StoredCredential, YousignEnvironment

_KEY = re.compile(r"[A-Za-z0-9._~+/=-]{16,200}")


def clean_api_key(typed: str) -> str:
    """The key without surrounding blanks; refused unless it looks like an API key (no spaces, 16-200 chars)."""
    key = (typed or "").strip()
    if key.lower().startswith("bearer "):
        key = key[7:].strip()
    if not key:
        raise InvalidInput("Clé API Yousign : valeur obligatoire.")
    if not _KEY.fullmatch(key):
        raise InvalidInput("Clé API Yousign invalide : collez la clé telle que Yousign l'affiche "
                           "(16 à 200 caractères, sans espace).")
    return key


def hint_of(key: str) -> str:
    """Enough to recognise the key later, not to use it: its last four characters."""
    return f"…{key[-4:]}"


def clean_base_url(value: str) -> str:
    url = (value or "").strip().rstrip("/")
    if not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~/-]*)?", url):
        raise InvalidInput(f"Adresse de l'API « {value} » invalide.")
    return url


def environment_of(value: str) -> YousignEnvironment:
    try:
        return YousignEnvironment(value)
    except ValueError:
        raise InvalidInput(f"Environnement Yousign « {value} » inconnu : sandbox ou production.") from None


def seal(cipher: SecretCipher, provider: str, api_key: str, base_url: str, hint: str, *, at, by) -> StoredCredential:
    return StoredCredential(provider=provider, ciphertext=cipher.encrypt(json.dumps({"api_key": api_key})),
                            base_url=base_url, hint=hint, updated_at=at, updated_by=by)


def unseal(cipher: SecretCipher, credential: StoredCredential) -> str:
    """The API key; the cipher raises a French DomainError when EEXPI_SECRET_KEY changed."""
    secret = json.loads(cipher.decrypt(credential.ciphertext))
    return str(secret["api_key"])
