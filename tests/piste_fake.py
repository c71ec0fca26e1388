"""A local PISTE + Chorus Pro server for the tests: a real HTTP server on 127.0.0.1 answering like the API.

OAuth2 client credentials at /api/oauth/token (form-encoded; a Bearer token with `expires_in`), and the
Chorus Pro calls under /cpro/… which need both that Bearer token and the `cpro-account` header (base64 of
login:password of the technical account). Deposits (`factures/v1/deposer/flux`) get a flow number; the
flow's state (`transverses/v1/consulterCR`) starts IN_RECU and is moved by the tests (`set_state`).
Chorus Pro's own refusals come as HTTP 200 with a non-zero codeRetour, like the real service.
Tests script failures (`fail_next`); `calls` records every request received.
"""

import base64
import binascii
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CLIENT_ID = "piste-client-0123456789"
CLIENT_SECRET = "piste-secret-abcdef0123456789"
LOGIN = "TECH_1_cabinet@cpro.fr"
PASSWORD = "Mot2Passe:Technique!"  # a colon inside on purpose: only the first one separates the login
SYNTAXES = {"IN_DP_E1_CII_FACTURX", "IN_DP_E2_CII_FACTURX", "IN_DP_E1_UBL_INVOICE", "IN_DP_E2_UBL_INVOICE_MIN"}


@dataclass
class Call:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)

    def form(self) -> dict:
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}


@dataclass
class FakePiste:
    flows: dict = field(default_factory=dict)  # flow number → {"file": bytes, "name", "syntax", "state"}
    calls: list[Call] = field(default_factory=list)
    scripted: list = field(default_factory=list)  # [(path regex, status, headers, body)]
    tokens: list[str] = field(default_factory=list)  # every token handed out, the valid ones
    expires_in: int = 3600
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail_next(self, path: str, status: int, *, times: int = 1, headers: dict | None = None,
                  body: dict | None = None) -> None:
        for _ in range(times):
            self.scripted.append((path, status, headers or {}, body or {"message": f"HTTP {status}"}))

    def set_state(self, flow_number: str, state: str) -> None:
        self.flows[flow_number]["state"] = state

    def revoke_tokens(self) -> None:
        self.tokens.clear()

    def calls_to(self, pattern: str) -> list[Call]:
        return [c for c in self.calls if re.fullmatch(pattern, c.path)]


class _Handler(BaseHTTPRequestHandler):
    fake: FakePiste

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        self._handle()

    def _send(self, status: int, body: dict | None = None, headers: dict | None = None) -> None:
        payload = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if payload:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _handle(self) -> None:
        fake = self.fake
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        call = Call("POST", path, dict(self.headers.items()), self.rfile.read(length) if length else b"")
        fake.calls.append(call)
        for index, (pattern, status, headers, body) in enumerate(fake.scripted):
            if re.fullmatch(pattern, path):
                del fake.scripted[index]
                return self._send(status, body, headers)
        if path == "/api/oauth/token":
            return self._token(call)
        if not path.startswith("/cpro/"):
            return self._send(404, {"httpCode": "404", "httpMessage": "Not Found"})
        if (call.headers.get("Authorization") or "").removeprefix("Bearer ") not in fake.tokens:
            return self._send(401, {"httpCode": "401", "httpMessage": "Unauthorized",
                                    "moreInformation": "Invalid or expired token"})
        if not self._account_ok(call.headers.get("cpro-account") or ""):
            return self._send(403, {"codeRetour": 20001, "libelle": "Compte technique inconnu ou mot de passe erroné"})
        if path == "/cpro/factures/v1/deposer/flux":
            return self._deposit(call)
        if path == "/cpro/transverses/v1/consulterCR":
            return self._report(call)
        if path == "/cpro/transverses/v1/recuperer/devises":
            return self._send(200, {"codeRetour": 0, "libelle": "OK", "listeDevises": [{"codeDevise": "EUR"}]})
        return self._send(404, {"httpCode": "404", "httpMessage": "Not Found"})

    def _token(self, call: Call) -> None:
        form = call.form()
        if form.get("grant_type") != "client_credentials":
            return self._send(400, {"error": "unsupported_grant_type"})
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return self._send(401, {"error": "invalid_client", "error_description": "Client authentication failed"})
        token = f"token-{len(self.fake.tokens) + 1}-{len(self.fake.calls)}"
        self.fake.tokens.append(token)
        return self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": self.fake.expires_in,
                                "scope": "openid"})

    @staticmethod
    def _account_ok(header: str) -> bool:
        try:
            login, _, password = base64.b64decode(header, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return login == LOGIN and password == PASSWORD

    def _deposit(self, call: Call) -> None:
        data = call.json()
        if data.get("syntaxeFlux") not in SYNTAXES:
            return self._send(200, {"codeRetour": 20002, "libelle": "Syntaxe du flux inconnue"})
        try:
            content = base64.b64decode(data.get("fichierFlux") or "", validate=True)
        except binascii.Error:
            return self._send(200, {"codeRetour": 20003, "libelle": "Fichier flux illisible (base64)"})
        if not content.startswith(b"%PDF") or not data.get("nomFichier"):
            return self._send(200, {"codeRetour": 20004, "libelle": "Le fichier déposé n'est pas un PDF Factur-X"})
        number = f"CPP{len(self.fake.flows) + 1:07d}"
        self.fake.flows[number] = {"file": content, "name": data["nomFichier"], "syntax": data["syntaxeFlux"],
                                   "state": "IN_RECU"}
        return self._send(200, {"codeRetour": 0, "libelle": "GCU_MSG_01_000", "numeroFluxDepot": number,
                                "dateDepot": "2026-11-23", "syntaxeFlux": data["syntaxeFlux"]})

    def _report(self, call: Call) -> None:
        number = call.json().get("numeroFluxDepot")
        flow = self.fake.flows.get(number)
        if flow is None:
            return self._send(200, {"codeRetour": 20005, "libelle": f"Flux {number} inconnu"})
        labels = {"IN_REJETE": "Rejet : le SIRET du destinataire est inconnu", "IN_INTEGRE": "Flux intégré"}
        return self._send(200, {"codeRetour": 0, "libelle": labels.get(flow["state"], "Flux en cours de traitement"),
                                "numeroFluxDepot": number, "etatCourantFlux": flow["state"],
                                "nomFichierFlux": flow["name"]})


def serve():
    """A running fake PISTE (OAuth2 + Chorus Pro) on 127.0.0.1 (a random free port), stopped after the test.
    Test modules wrap it in their own `fake_piste` fixture."""
    fake = FakePiste()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
