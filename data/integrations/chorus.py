"""Chorus Pro client over the PISTE API (domain.ports.ChorusGateway), with httpx.

Authentication (DOMAIN.md §2c): an OAuth2 client-credentials token from PISTE (Bearer, cached until a
minute before it expires, fetched again once when the API answers 401), plus the `cpro-account` header,
base64 of "login:password" of the firm's Chorus Pro technical account, on every API call.

Calls: POST /cpro/factures/v1/deposer/flux (the Factur-X file in base64) → numeroFluxDepot;
POST /cpro/transverses/v1/consulterCR → etatCourantFlux of a flow. Chorus Pro answers HTTP 200 with a
non-zero `codeRetour` and a `libelle` when it refuses a call: that is an error too.

429 and 5xx answers (and connections that could not be made) are retried with exponential backoff,
honouring `Retry-After`; every other failure becomes a ChorusError with a French message.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any

import httpx

from data.integrations.http import Retrying, TransportErrors
from domain.chorus.model import ChorusError, ChorusSecret, FlowReport

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)  # a deposit carries a whole PDF
TOKEN_MARGIN = 60.0  # seconds: a token this close to its expiry is renewed before use
DEPOSIT_PATH = "/cpro/factures/v1/deposer/flux"
REPORT_PATH = "/cpro/transverses/v1/consulterCR"
# A cheap authenticated call for "Tester la connexion": a referential list (currencies) of Transverses.
CHECK_PATH = "/cpro/transverses/v1/recuperer/devises"


def cpro_account(login: str, password: str) -> str:
    """The `cpro-account` header: base64 of "login:password" of the technical account."""
    return base64.b64encode(f"{login}:{password}".encode()).decode("ascii")


def _detail(response: httpx.Response) -> str:
    """Chorus Pro's or PISTE's error text as one short line."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:200]
    if not isinstance(body, dict):
        return ""
    for key in ("libelle", "message", "error_description", "error", "moreInformation", "httpMessage"):
        if isinstance(body.get(key), str) and body[key].strip():
            return body[key].strip()[:300]
    return ""


class ChorusClient:
    """One firm's Chorus Pro access: its PISTE application and technical account, one environment."""

    def __init__(self, secret: ChorusSecret, api_url: str, token_url: str, *, max_attempts: int = 4,
                 backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, timeout: httpx.Timeout = DEFAULT_TIMEOUT,
                 transport: httpx.BaseTransport | None = None) -> None:
        if not (secret.client_id and secret.client_secret and secret.login and secret.password):
            raise ChorusError("Les identifiants Chorus Pro sont incomplets : un administrateur les saisit sur la page "
                              "Intégrations.")
        self._secret = secret
        self._token_url = token_url
        self._client = httpx.Client(base_url=api_url.rstrip("/"), timeout=timeout, transport=transport,
                                    headers={"Accept": "application/json"})
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.sleep = sleep
        self.clock = clock
        self._token: str | None = None
        self._expires_at = 0.0

    def close(self) -> None:
        self._client.close()

    # --- the port ---------------------------------------------------------------------------------

    def deposit(self, file_name: str, content: bytes, syntax: str) -> str:
        body = {"idUtilisateurCourant": 0,  # 0: the technical account itself (no portal user)
                "fichierFlux": base64.b64encode(content).decode("ascii"), "nomFichier": file_name,
                "syntaxeFlux": syntax, "avecSignature": False}
        answer = self._call(DEPOSIT_PATH, body)
        number = answer.get("numeroFluxDepot")
        if not isinstance(number, str | int) or not str(number).strip():
            raise ChorusError("Réponse inattendue de Chorus Pro : numéro de flux absent après le dépôt.")
        return str(number).strip()

    def flow_report(self, flow_number: str, syntax: str) -> FlowReport:
        answer = self._call(REPORT_PATH, {"numeroFluxDepot": flow_number, "syntaxeFlux": syntax})
        state = answer.get("etatCourantFlux")
        if not isinstance(state, str) or not state.strip():
            raise ChorusError(f"Réponse inattendue de Chorus Pro : état du flux {flow_number} absent.")
        message = answer.get("libelle") if isinstance(answer.get("libelle"), str) else ""
        return FlowReport(state=state.strip(), message=(message or "").strip())

    def check_connection(self) -> None:
        self._call(CHECK_PATH, {})

    # --- OAuth2 -----------------------------------------------------------------------------------

    def _bearer(self) -> str:
        if self._token is None or self.clock() >= self._expires_at - TOKEN_MARGIN:
            self._fetch_token()
        assert self._token is not None
        return self._token

    def _fetch_token(self) -> None:
        data = {"grant_type": "client_credentials", "client_id": self._secret.client_id,
                "client_secret": self._secret.client_secret, "scope": "openid"}
        response = self._send("POST", self._token_url, "PISTE", data=data)
        if response.status_code in (400, 401, 403):
            raise ChorusError(f"PISTE refuse l'application (HTTP {response.status_code}) : vérifiez l'identifiant et "
                              "le secret client (client_id, client_secret) et l'environnement (qualification ou "
                              "production) sur la page Intégrations.")
        self._raise_for_status(response, "PISTE")
        body = self._json(response, "PISTE")
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise ChorusError("Réponse inattendue de PISTE : jeton d'accès absent.")
        try:
            lifetime = float(body.get("expires_in", 3600))
        except (TypeError, ValueError):
            lifetime = 3600.0
        self._token, self._expires_at = token, self.clock() + lifetime

    # --- HTTP -------------------------------------------------------------------------------------

    def _call(self, path: str, body: dict) -> dict:
        """POST to the Chorus Pro API with both authentications; the answer's JSON once codeRetour is 0."""
        response = self._api(path, body)
        if response.status_code == 401:  # the token was revoked or expired early: one fresh token, one retry
            self._token = None
            response = self._api(path, body)
        if response.status_code in (401, 403):
            raise ChorusError(f"Chorus Pro refuse l'accès (HTTP {response.status_code}) : vérifiez le compte technique "
                              "(login et mot de passe TECH_…@cpro.fr), son rattachement à la structure du cabinet et "
                              "l'abonnement de l'application PISTE aux API Chorus Pro.")
        self._raise_for_status(response, "Chorus Pro")
        answer = self._json(response, "Chorus Pro")
        code = answer.get("codeRetour", 0)
        if code not in (0, "0", None):
            detail = answer.get("libelle") or answer.get("message") or ""
            raise ChorusError(f"Chorus Pro a refusé la demande (code {code})" + (f" : {detail}" if detail else "."))
        return answer

    def _api(self, path: str, body: dict) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._bearer()}",
                   "cpro-account": cpro_account(self._secret.login, self._secret.password),
                   "Content-Type": "application/json;charset=utf-8"}
        return self._send("POST", path, "Chorus Pro", json=body, headers=headers)

    def _send(self, method: str, url: str, who: str, **kwargs: Any) -> httpx.Response:
        errors = TransportErrors(
            ChorusError, unreachable=f"{who} est injoignable : réessayez plus tard.",
            timed_out=f"{who} n'a pas répondu à temps : réessayez plus tard. Avant de redéposer une facture, "
                      "vérifiez sur Chorus Pro qu'elle n'a pas été reçue.",
            failed=f"Échange avec {who} impossible ({{kind}}) : réessayez plus tard.")
        return Retrying(self.max_attempts, self.backoff, self.sleep).send(self._client, method, url, errors,
                                                                          **kwargs)

    def _raise_for_status(self, response: httpx.Response, who: str) -> None:
        code = response.status_code
        if code < 400:
            return
        if code == 429:
            raise ChorusError(f"{who} limite le nombre de requêtes (HTTP 429) et refuse encore après "
                              f"{self.max_attempts} tentatives : réessayez dans quelques minutes.")
        if code >= 500:
            raise ChorusError(f"{who} est indisponible (HTTP {code}) après {self.max_attempts} tentatives : "
                              "réessayez plus tard.")
        detail = _detail(response)
        if code == 404:
            raise ChorusError(f"Service {who} introuvable (HTTP 404) : vérifiez l'adresse de l'environnement"
                              + (f" ({detail})." if detail else "."))
        raise ChorusError(f"{who} a refusé la demande (HTTP {code})" + (f" : {detail}" if detail else "."))

    @staticmethod
    def _json(response: httpx.Response, who: str) -> dict:
        try:
            body = response.json()
        except ValueError as err:
            raise ChorusError(f"Réponse illisible de {who} (JSON attendu).") from err
        if not isinstance(body, dict):
            raise ChorusError(f"Réponse inattendue de {who} (objet JSON attendu).")
        return body
