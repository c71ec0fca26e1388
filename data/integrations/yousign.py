"""Yousign API v3 client (domain.ports.SignatureGateway) over httpx.

Flow (developers.yousign.com): POST /signature_requests → POST …/documents (multipart) → POST …/signers
→ POST …/activate; then GET /signature_requests/{id} for the status, GET …/documents/download for the
signed PDF and GET …/signers/{id}/audit_trails/download for the proof file.

429 and 5xx answers (and connections that could not be made) are retried with exponential backoff,
honouring `Retry-After` (seconds); every other failure becomes a SignatureError with a French message.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from typing import Any

import httpx

from data.integrations.http import Retrying, TransportErrors
from domain.signatures.model import SignatureError

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)


def _problem_detail(response: httpx.Response) -> str:
    """Yousign's error body (RFC 7807: detail and violations) as one short line."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:200]
    if not isinstance(body, dict):
        return ""
    parts = [str(body.get("detail") or body.get("title") or body.get("message") or "").strip()]
    for violation in body.get("violations") or []:
        if isinstance(violation, dict):
            path, message = violation.get("property_path", ""), violation.get("message", "")
            parts.append(f"{path} : {message}" if path else str(message))
    return " ; ".join(p for p in parts if p)[:300]


class YousignClient:
    """One firm's Yousign account: its API key and environment's base URL."""

    def __init__(self, api_key: str, base_url: str, *, max_attempts: int = 4, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep, timeout: httpx.Timeout = DEFAULT_TIMEOUT,
                 transport: httpx.BaseTransport | None = None) -> None:
        if not api_key:
            raise SignatureError("Aucune clé API Yousign n'est enregistrée.")
        self._client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport,
                                    headers={"Authorization": f"Bearer {api_key}", "Accept": "application/json"})
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.sleep = sleep

    def close(self) -> None:
        self._client.close()

    # --- the port ---------------------------------------------------------------------------------

    def create_request(self, name: str, external_id: str) -> str:
        body = {"name": name[:128], "delivery_mode": "email", "timezone": "Europe/Paris", "external_id": external_id}
        return self._id(self._request("POST", "/signature_requests", json=body))

    def upload_document(self, request_id: str, filename: str, pdf: bytes) -> str:
        response = self._request("POST", f"/signature_requests/{request_id}/documents",
                                 files={"file": (filename, pdf, "application/pdf")},
                                 data={"nature": "signable_document"})
        return self._id(response)

    def add_signer(self, request_id: str, document_id: str, first_name: str, last_name: str, email: str,
                   phone: str, page: int, x: int, y: int) -> str:
        info: dict[str, str] = {"first_name": first_name, "last_name": last_name, "email": email, "locale": "fr"}
        if phone:
            info["phone_number"] = phone
        body = {"info": info, "signature_level": "electronic_signature",
                "signature_authentication_mode": "otp_email",
                "fields": [{"document_id": document_id, "type": "signature", "page": page, "x": x, "y": y}]}
        return self._id(self._request("POST", f"/signature_requests/{request_id}/signers", json=body))

    def activate(self, request_id: str) -> None:
        self._request("POST", f"/signature_requests/{request_id}/activate")

    def status(self, request_id: str) -> str:
        body = self._json(self._request("GET", f"/signature_requests/{request_id}"))
        status = body.get("status")
        if not isinstance(status, str) or not status:
            raise SignatureError("Réponse inattendue de Yousign : statut de la demande de signature absent.")
        return status

    def download_signed(self, request_id: str) -> bytes:
        response = self._request("GET", f"/signature_requests/{request_id}/documents/download",
                                 params={"version": "completed", "archive": "false"})
        return self._pdf(response.content, "le document signé")

    def download_audit_trail(self, request_id: str, signer_id: str) -> bytes:
        response = self._request("GET", f"/signature_requests/{request_id}/signers/{signer_id}/audit_trails/download")
        return self._pdf(response.content, "le dossier de preuve")

    def cancel(self, request_id: str) -> None:
        """Delete a draft request, or cancel an active one (Yousign refuses to delete an ongoing request)."""
        try:
            self._request("DELETE", f"/signature_requests/{request_id}")
        except SignatureError:
            self._request("POST", f"/signature_requests/{request_id}/cancel",
                          json={"reason": "contractualization_aborted"})

    def check_connection(self) -> None:
        self._request("GET", "/signature_requests", params={"limit": 1})

    # --- HTTP -------------------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        errors = TransportErrors(
            SignatureError, unreachable=f"Yousign est injoignable ({self._client.base_url.host}) : réessayez plus tard.",
            timed_out="Yousign n'a pas répondu à temps : réessayez plus tard. Si la lettre était en cours d'envoi, "
                      "rien n'a été enregistré.",
            failed="Échange avec Yousign impossible ({kind}) : réessayez plus tard.")
        response = Retrying(self.max_attempts, self.backoff, self.sleep).send(self._client, method, path, errors,
                                                                              **kwargs)
        self._raise_for_status(response)
        return response

    def _raise_for_status(self, response: httpx.Response) -> None:
        code = response.status_code
        if code < 400:
            return
        if code in (401, 403):
            raise SignatureError(f"Clé API Yousign refusée (HTTP {code}) : vérifiez la clé et l'environnement "
                                 "(test ou production) sur la page Intégrations.")
        if code == 429:
            raise SignatureError(f"Yousign limite le nombre de requêtes (HTTP 429) et refuse encore après "
                                 f"{self.max_attempts} tentatives : réessayez dans quelques minutes.")
        if code >= 500:
            raise SignatureError(f"Yousign est indisponible (HTTP {code}) après {self.max_attempts} tentatives : "
                                 "réessayez plus tard.")
        detail = _problem_detail(response)
        if code == 404:
            raise SignatureError("Demande de signature introuvable chez Yousign (HTTP 404)"
                                 + (f" : {detail}" if detail else "."))
        raise SignatureError(f"Yousign a refusé la demande (HTTP {code})" + (f" : {detail}" if detail else "."))

    @staticmethod
    def _json(response: httpx.Response) -> dict:
        try:
            body = response.json()
        except ValueError as err:
            raise SignatureError("Réponse illisible de Yousign (JSON attendu).") from err
        if not isinstance(body, dict):
            raise SignatureError("Réponse inattendue de Yousign (objet JSON attendu).")
        return body

    def _id(self, response: httpx.Response) -> str:
        value = self._json(response).get("id")
        if not isinstance(value, str) or not value:
            raise SignatureError("Réponse inattendue de Yousign : identifiant absent.")
        return value

    @staticmethod
    def _pdf(content: bytes, what: str) -> bytes:
        """The PDF itself; a zip archive (several documents) gives its first PDF."""
        if content.startswith(b"PK"):
            try:
                with zipfile.ZipFile(io.BytesIO(content)) as archive:
                    name = next((n for n in archive.namelist() if n.lower().endswith(".pdf")), None)
                    if name is not None:
                        content = archive.read(name)
            except zipfile.BadZipFile:
                pass
        if not content.startswith(b"%PDF"):
            raise SignatureError(f"Yousign n'a pas renvoyé un PDF pour {what}.")
        return content

