"""The PISTE application and Chorus Pro technical account as typed by an administrator: checked, sealed with
the cipher (one JSON token), recognisable afterwards by a hint of the login only."""

import json
import re
from dataclasses import asdict

from domain.chorus.model import CHORUS, ChorusEnvironment, ChorusSecret
from domain.errors import InvalidInput, Problems
from domain.ports import SecretCipher
from domain.signatures.model import StoredCredential

_CLIENT_VALUE = re.compile(r"[A-Za-z0-9._~+/=-]{8,200}")
_LOGIN = re.compile(r"[^\s:]{3,200}")  # the header joins login and password with ":"


def _required(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"{label} : valeur obligatoire.")
    return value


def _client_value(value: str, label: str) -> str:
    value = _required(value, label)
    if not _CLIENT_VALUE.fullmatch(value):
        raise InvalidInput(f"{label} invalide : collez la valeur telle que PISTE l'affiche (8 à 200 caractères, sans "
                           "espace).")
    return value


def _login(value: str) -> str:
    value = _required(value, "Login du compte technique")
    if not _LOGIN.fullmatch(value):
        raise InvalidInput("Login du compte technique invalide : sans espace ni deux-points (ex. "
                           "TECH_1_…@cpro.fr).")
    return value


def _password(value: str) -> str:
    value = value or ""
    if not value.strip():
        raise InvalidInput("Mot de passe du compte technique : valeur obligatoire.")
    if len(value) > 200 or any(ord(ch) < 32 for ch in value):
        raise InvalidInput("Mot de passe du compte technique invalide (200 caractères au plus, sans retour à la "
                           "ligne).")
    return value


def clean_secret(client_id: str, client_secret: str, login: str, password: str) -> ChorusSecret:
    """Every field checked at once; InvalidInput lists every problem."""
    c = Problems()
    secret = ChorusSecret(client_id=c.take(lambda: _client_value(client_id, "Identifiant client PISTE (client_id)")),
                          client_secret=c.take(lambda: _client_value(client_secret,
                                                                     "Secret client PISTE (client_secret)")),
                          login=c.take(lambda: _login(login)), password=c.take(lambda: _password(password)))
    if c.problems:
        raise InvalidInput(" ; ".join(c.problems))
    return secret


def environment_of(value: str) -> ChorusEnvironment:
    try:
        return ChorusEnvironment(value)
    except ValueError:
        raise InvalidInput(f"Environnement Chorus Pro « {value} » inconnu : sandbox ou production.") from None


def hint_of(login: str) -> str:
    """Enough to recognise the technical account, not to use it: the start and end of its login."""
    return login if len(login) <= 12 else f"{login[:7]}…{login[-8:]}"


def seal(cipher: SecretCipher, secret: ChorusSecret, api_url: str, *, at, by) -> StoredCredential:
    return StoredCredential(provider=CHORUS, ciphertext=cipher.encrypt(json.dumps(asdict(secret))), base_url=api_url,
                            hint=hint_of(secret.login), updated_at=at, updated_by=by)


def unseal(cipher: SecretCipher, credential: StoredCredential) -> ChorusSecret:
    """The secrets; the cipher raises a French DomainError when EEXPI_SECRET_KEY changed."""
    values = json.loads(cipher.decrypt(credential.ciphertext))
    return ChorusSecret(**{key: str(values.get(key, "")) for key in ChorusSecret.__dataclass_fields__})
