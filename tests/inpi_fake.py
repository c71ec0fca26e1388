"""A local INPI RNE server for the tests: a real HTTP server on 127.0.0.1 answering like the API.

`POST /api/sso/login` with `{"username", "password"}` hands out a JWT (`{"token": …}`, its `exp` claim
`lifetime` seconds after `now`); `GET /api/companies/{siren}` and `GET /api/companies?siren[]=…` need it as
`Authorization: Bearer`. A token past its `exp`, or revoked, gets a 401 like the real API. Beneficial owners
are in the answer only when the account is authorised (`rbe_access`). Tests script failures (`fail_next`,
e.g. 429 with Retry-After); `calls` records every request received.
"""

import base64
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

USERNAME = "lcbft@cabinet-verger.fr"
PASSWORD = "Mot-De-Passe-INPI-2026!"
SIREN = "732829320"  # a valid SIREN (Luhn)


def jwt(exp: float, subject: str = USERNAME) -> str:
    """A token shaped like the INPI's (header.payload.signature, base64url); the signature is not checked."""
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'sub': subject, 'exp': int(exp)})}.c2lnbmF0dXJl"


def company_payload(siren: str = SIREN, *, name: str = "BOULANGERIE DU PARC", form: str = "5710",
                    ape: str = "1071C", capital: float | str = 15000, created: str = "2015-03-02",
                    address: dict | None = None, powers: list | None = None, owners: list | None = None) -> dict:
    """A company's formality as the RNE answers it (the fields EEXPI reads, and a few it does not)."""
    moral = {
        "identite": {"entreprise": {"siren": siren, "denomination": name, "formeJuridique": form, "codeApe": ape,
                                    "dateImmat": created + "T00:00:00+01:00"},
                     "description": {"montantCapital": capital, "deviseCapital": "EUR", "duree": 99}},
        "adresseEntreprise": {"adresse": address or {"pays": "FRANCE", "codePays": "FRA", "numVoie": "12",
                                                     "typeVoie": "RUE", "voie": "DE LA RÉPUBLIQUE",
                                                     "codePostal": "69002", "commune": "LYON"},
                              "caracteristiques": {"ambulant": False, "domiciliataire": False}},
        "composition": {"pouvoirs": powers if powers is not None else [
            {"typeDePersonne": "INDIVIDU", "roleEntreprise": "73", "individu": {"descriptionPersonne": {
                "nom": "MARTIN", "prenoms": ["Sophie", "Anne"], "dateDeNaissance": "1978-04", "genre": "2"}}},
            {"typeDePersonne": "ENTREPRISE", "roleEntreprise": "71", "entreprise": {
                "siren": "552032534", "denomination": "AUDIT CONSEIL RHÔNE"}}]},
    }
    if owners is not None:
        moral["beneficiairesEffectifs"] = owners
    return {"id": f"{siren}-formality", "siren": siren, "updatedAt": "2026-10-14T09:12:00+02:00",
            "nombreRepresentantsActifs": 2, "formality": {"siren": siren, "content": {
                "formeExerciceActivitePrincipale": "COMMERCIALE",
                "natureCreation": {"dateCreation": created, "formeJuridique": form, "societeEtrangere": False},
                "personneMorale": moral}}}


def owner_entry(last: str, first: list[str], capital: float, votes: float, *, birth: str = "1978-04",
                nationality: str = "Française", control: list[str] | None = None) -> dict:
    return {"beneficiaire": {"descriptionPersonne": {"nom": last, "prenoms": first, "dateDeNaissance": birth,
                                                     "nationalite": nationality}},
            "modalite": {"detentionPartTotale": capital, "detentionVoteTotal": votes,
                         "modalitesDeControle": control or ["Détention directe du capital"]}}


@dataclass
class Call:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes


@dataclass
class FakeInpi:
    companies: dict = field(default_factory=dict)  # siren → payload (without owners when not authorised)
    owners: dict = field(default_factory=dict)  # siren → beneficial owner entries (for authorised accounts)
    rbe_access: bool = True
    calls: list[Call] = field(default_factory=list)
    scripted: list = field(default_factory=list)  # [(method, path regex, status, headers, body)]
    tokens: list[str] = field(default_factory=list)  # every token handed out and not revoked
    lifetime: int = 3600
    now: float = field(default_factory=time.time)  # the server's clock (tests move it to expire tokens)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, payload: dict, owners: list | None = None) -> None:
        self.companies[payload["siren"]] = payload
        if owners is not None:
            self.owners[payload["siren"]] = owners

    def fail_next(self, path: str, status: int, *, method: str = "GET", times: int = 1, headers: dict | None = None,
                  body: dict | None = None) -> None:
        for _ in range(times):
            self.scripted.append((method, path, status, headers or {}, body or {"message": f"HTTP {status}"}))

    def revoke_tokens(self) -> None:
        self.tokens.clear()

    def calls_to(self, pattern: str, method: str | None = None) -> list[Call]:
        return [c for c in self.calls if re.fullmatch(pattern, c.path) and method in (None, c.method)]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeInpi

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _send(self, status: int, body=None, headers: dict | None = None) -> None:
        payload = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if payload:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _handle(self, method: str) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        call = Call(method, parts.path, parse_qs(parts.query), dict(self.headers.items()),
                    self.rfile.read(length) if length else b"")
        fake.calls.append(call)
        for index, (verb, pattern, status, headers, body) in enumerate(fake.scripted):
            if verb == method and re.fullmatch(pattern, parts.path):
                del fake.scripted[index]
                return self._send(status, body, headers)
        if method == "POST" and parts.path == "/api/sso/login":
            return self._login(call)
        if method != "GET" or not parts.path.startswith("/api/companies"):
            return self._send(404, {"code": 404, "message": "Not Found"})
        if not self._authorised(call):
            return self._send(401, {"code": 401, "message": "Expired JWT Token"})
        if parts.path == "/api/companies":
            sirens = call.query.get("siren[]", [])
            return self._send(200, [self._company(s) for s in sirens if s in fake.companies])
        siren = parts.path.removeprefix("/api/companies/")
        if siren not in fake.companies:
            return self._send(404, {"code": 404, "message": "Entreprise non trouvée"})
        return self._send(200, self._company(siren))

    def _company(self, siren: str) -> dict:
        payload = json.loads(json.dumps(self.fake.companies[siren]))
        if self.fake.rbe_access and siren in self.fake.owners:
            payload["formality"]["content"]["personneMorale"]["beneficiairesEffectifs"] = self.fake.owners[siren]
        return payload

    def _authorised(self, call: Call) -> bool:
        token = (call.headers.get("Authorization") or "").removeprefix("Bearer ")
        if token not in self.fake.tokens:
            return False
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return claims["exp"] > self.fake.now

    def _login(self, call: Call) -> None:
        try:
            body = json.loads(call.body)
        except ValueError:
            return self._send(400, {"code": 400, "message": "Invalid JSON"})
        if body.get("username") != USERNAME or body.get("password") != PASSWORD:
            return self._send(401, {"code": 401, "message": "Invalid credentials."})
        token = jwt(self.fake.now + self.fake.lifetime)
        if token in self.fake.tokens:  # same second: make it distinct like a real one would be
            token += str(len(self.fake.tokens))
        self.fake.tokens.append(token)
        return self._send(200, {"token": token, "user": {"email": USERNAME}})


def serve():
    """A running fake RNE API on 127.0.0.1 (a random free port), stopped after the test. Test modules wrap it in
    their own `fake_inpi` fixture."""
    fake = FakeInpi()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
