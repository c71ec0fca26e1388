"""INPI RNE client (domain.ports.inpi.InpiGateway), with httpx.

Authentication (DOMAIN.md §4.8): `POST /api/sso/login` with the firm's data.inpi.fr account
(`{"username", "password"}`) answers `{"token": <JWT>}`, sent as `Authorization: Bearer` on every call. The
token is kept until a minute before the expiry written in the JWT (`exp`), and fetched again once when the
API answers 401 (expired or revoked early).

Calls: `GET /api/companies/{siren}` → the company's formality JSON (domain.inpi.parsing reads it);
"Tester la connexion" logs in and lists one company (`GET /api/companies?siren[]=…`).

429 and 5xx answers (and connections that could not be made) are retried with exponential backoff,
honouring `Retry-After` (data/integrations/http.py); every other failure becomes an InpiError in French.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import httpx

from data.integrations.http import Retrying, TransportErrors
from domain.inpi.model import CompanyRecord, InpiError, InpiSecret
from domain.inpi.parsing import company_record

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
TOKEN_MARGIN = 60.0  # seconds: a token this close to its expiry is renewed before use
DEFAULT_LIFETIME = 3600.0  # a token whose JWT says nothing of its expiry is kept an hour at most
LOGIN_PATH = "/api/sso/login"
COMPANY_PATH = "/api/companies/{siren}"
CHECK_PATH = "/api/companies"
CHECK_SIREN = "552032534"  # any registered company: the call only proves the API answers this account


def jwt_expiry(token: str) -> float | None:
    """The `exp` claim (seconds since the epoch) of a JWT, read without checking the signature (the INPI checks
    it; EEXPI only wants to know when to log in again); None when unreadable."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims["exp"])
    except (IndexError, ValueError, KeyError, TypeError):
        return None


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:200]
    if isinstance(body, dict):
        for key in ("message", "detail", "error", "title"):
            if isinstance(body.get(key), str) and body[key].strip():
                return body[key].strip()[:300]
    return ""


class InpiClient:
    """One firm's access to the RNE API with its data.inpi.fr account."""

    def __init__(self, secret: InpiSecret, api_url: str, *, max_attempts: int = 4, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time,
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT, transport: httpx.BaseTransport | None = None) -> None:
        if not (secret.username and secret.password):
            raise InpiError("Les identifiants INPI sont incomplets : un administrateur les saisit sur la page "
                            "Intégrations.")
        self._secret = secret
        self._client = httpx.Client(base_url=api_url.rstrip("/"), timeout=timeout, transport=transport,
                                    headers={"Accept": "application/json"})
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.sleep = sleep
        self.clock = clock  # wall clock: a JWT's `exp` is a date
        self._token: str | None = None
        self._expires_at = 0.0

    def close(self) -> None:
        self._client.close()

    # --- the port ---------------------------------------------------------------------------------

    def company(self, siren: str) -> CompanyRecord:
        response = self._get(COMPANY_PATH.format(siren=siren))
        if response.status_code == 404:
            raise InpiError(f"Aucune entreprise de SIREN {siren} au registre national des entreprises (INPI).")
        self._raise_for_status(response)
        return company_record(siren, self._json(response))

    def check_connection(self) -> None:
        self._token = None  # a test proves the account logs in now, not that a cached token still works
        response = self._get(CHECK_PATH, params={"siren[]": CHECK_SIREN})
        self._raise_for_status(response)
        self._json(response, expect=list)

    # --- login ------------------------------------------------------------------------------------

    def _bearer(self) -> str:
        if self._token is None or self.clock() >= self._expires_at - TOKEN_MARGIN:
            self._login()
        assert self._token is not None
        return self._token

    def _login(self) -> None:
        body = {"username": self._secret.username, "password": self._secret.password}
        response = self._send("POST", LOGIN_PATH, json=body)
        if response.status_code in (400, 401, 403):
            raise InpiError(f"L'INPI refuse le compte (HTTP {response.status_code}) : vérifiez l'e-mail et le mot de "
                            "passe du compte data.inpi.fr sur la page Intégrations, et que l'accès à l'API RNE lui "
                            "a été accordé.")
        self._raise_for_status(response)
        token = self._json(response).get("token")
        if not isinstance(token, str) or not token:
            raise InpiError("Réponse inattendue de l'INPI : jeton d'accès absent après la connexion.")
        expiry = jwt_expiry(token)
        now = self.clock()
        self._token = token
        self._expires_at = min(expiry, now + DEFAULT_LIFETIME) if expiry is not None else now + DEFAULT_LIFETIME

    # --- HTTP -------------------------------------------------------------------------------------

    def _get(self, path: str, **kwargs: Any) -> httpx.Response:
        response = self._send("GET", path, headers={"Authorization": f"Bearer {self._bearer()}"}, **kwargs)
        if response.status_code == 401:  # the token expired or was revoked early: log in again, once
            self._token = None
            response = self._send("GET", path, headers={"Authorization": f"Bearer {self._bearer()}"}, **kwargs)
        if response.status_code in (401, 403):
            raise InpiError(f"L'INPI refuse l'accès (HTTP {response.status_code}) : le compte data.inpi.fr n'a pas "
                            "(ou plus) l'accès à l'API du registre national des entreprises.")
        return response

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        errors = TransportErrors(InpiError, unreachable="L'INPI est injoignable : réessayez plus tard.",
                                 timed_out="L'INPI n'a pas répondu à temps : réessayez plus tard.",
                                 failed="Échange avec l'INPI impossible ({kind}) : réessayez plus tard.")
        return Retrying(self.max_attempts, self.backoff, self.sleep).send(self._client, method, path, errors, **kwargs)

    def _raise_for_status(self, response: httpx.Response) -> None:
        code = response.status_code
        if code < 400:
            return
        if code == 429:
            raise InpiError(f"L'INPI limite le nombre de requêtes (HTTP 429) et refuse encore après "
                            f"{self.max_attempts} tentatives : réessayez dans quelques minutes.")
        if code >= 500:
            raise InpiError(f"L'INPI est indisponible (HTTP {code}) après {self.max_attempts} tentatives : "
                            "réessayez plus tard.")
        detail = _detail(response)
        raise InpiError(f"L'INPI a refusé la demande (HTTP {code})" + (f" : {detail}" if detail else "."))

    @staticmethod
    def _json(response: httpx.Response, expect: type = dict) -> Any:
        try:
            body = response.json()
        except ValueError as err:
            raise InpiError("Réponse illisible de l'INPI (JSON attendu).") from err
        if not isinstance(body, expect):
            raise InpiError("Réponse inattendue de l'INPI (format JSON imprévu).")
        return body
