"""A local Yousign v3 server for the tests: a real HTTP server on 127.0.0.1 answering like the documented API.

Shapes from developers.yousign.com (API v3): 201 with ids on creation, request statuses draft → ongoing →
done / declined / expired / canceled, PDF downloads, RFC 7807 error bodies. Tests script failures
(`fail_next`) and move requests along (`finish`, `set_status`); `calls` records every request received.
"""

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

API_KEY = "ys-test-key-0123456789abcdef"
SIGNED_PDF = b"%PDF-1.7\n% signed by Yousign (fake)\n%%EOF\n"
AUDIT_TRAIL_PDF = b"%PDF-1.7\n% audit trail (fake)\n%%EOF\n"


@dataclass
class Call:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class FakeYousign:
    api_key: str = API_KEY
    requests: dict = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    scripted: list = field(default_factory=list)  # [(method, path regex, status, headers, body)]
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v3"

    def fail_next(self, method: str, path: str, status: int, *, times: int = 1, headers: dict | None = None,
                  body: dict | None = None) -> None:
        """The next `times` requests matching `method` and the path regex get `status` (then normal answers)."""
        for _ in range(times):
            self.scripted.append((method, path, status, headers or {}, body or {"detail": f"HTTP {status}"}))

    def set_status(self, request_id: str, status: str) -> None:
        self.requests[request_id]["status"] = status

    def only_request(self) -> tuple[str, dict]:
        [(request_id, request)] = self.requests.items()
        return request_id, request

    def calls_to(self, method: str, pattern: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and re.fullmatch(pattern, c.path)]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeYousign

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _send(self, status: int, body: bytes | dict | None = None, headers: dict | None = None,
              content_type: str = "application/json") -> None:
        payload = json.dumps(body).encode() if isinstance(body, dict) else (body or b"")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if payload:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _problem(self, status: int, detail: str, violations: list | None = None) -> None:
        self._send(status, {"type": "about:blank", "title": "Error", "detail": detail, "violations": violations or []})

    def _handle(self, method: str) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        call = Call(method, parts.path, parse_qs(parts.query), dict(self.headers.items()), body)
        fake.calls.append(call)
        for index, (m, pattern, status, headers, problem) in enumerate(fake.scripted):
            if m == method and re.fullmatch(pattern, parts.path):
                del fake.scripted[index]
                return self._send(status, problem, headers)
        if self.headers.get("Authorization") != f"Bearer {fake.api_key}":
            return self._problem(401, "Unauthorized: invalid API key.")
        path = parts.path.removeprefix("/v3")
        route = re.fullmatch(r"/signature_requests(?:/([\w-]+)(?:/(documents|signers|activate|cancel)"
                             r"(?:/([\w-]+))?(?:/(download|audit_trails/download))?)?)?", path)
        if route is None:
            return self._problem(404, "Route not found.")
        request_id, sub, sub_id, tail = route.groups()
        if request_id is None:
            if method == "GET":
                return self._send(200, {"meta": {"next_cursor": None}, "data": []})
            return self._create(call)
        request = fake.requests.get(request_id)
        if request is None:
            return self._problem(404, "Signature request not found.")
        if sub is None and method == "GET":
            return self._send(200, {"id": request_id, "status": request["status"], "name": request["name"]})
        if sub is None and method == "DELETE":
            if request["status"] != "draft":
                return self._problem(400, "Only draft signature requests can be deleted.")
            request["status"] = "deleted"
            return self._send(204)
        if sub == "documents" and method == "POST" and sub_id is None:
            return self._add_document(request, call)
        if sub == "documents" and method == "GET" and sub_id == "download":
            if call.query.get("version") == ["completed"] and request["status"] != "done":
                return self._problem(400, "The completed version is only available when the request is done.")
            return self._send(200, SIGNED_PDF if request["status"] == "done" else request["pdf"],
                              content_type="application/pdf")
        if sub == "signers" and method == "POST" and sub_id is None:
            return self._add_signer(request, call)
        if sub == "signers" and method == "GET" and tail == "audit_trails/download":
            if sub_id not in request["signers"]:
                return self._problem(404, "Signer not found.")
            if request["status"] != "done":
                return self._problem(400, "The audit trail is available once the signer has signed.")
            return self._send(200, AUDIT_TRAIL_PDF, content_type="application/pdf")
        if sub == "activate" and method == "POST":
            if request["status"] != "draft":
                return self._problem(400, "The signature request is not a draft.")
            if not request["documents"] or not request["signers"]:
                return self._problem(400, "A signature request needs a document and a signer to be activated.")
            request["status"] = "ongoing"
            return self._send(201, {"id": request_id, "status": "ongoing"})
        if sub == "cancel" and method == "POST":
            request["status"] = "canceled"
            return self._send(201, {"id": request_id, "status": "canceled"})
        return self._problem(405, "Method not allowed.")

    def _create(self, call: Call) -> None:
        data = call.json()
        missing = [name for name in ("name", "delivery_mode", "timezone") if not data.get(name)]
        if missing:
            return self._problem(400, "Validation failed.",
                                 [{"property_path": name, "message": "This value should not be blank."} for name in missing])
        request_id = str(uuid.uuid4())
        self.fake.requests[request_id] = {"status": "draft", "name": data["name"], "external_id": data.get("external_id"),
                                          "delivery_mode": data["delivery_mode"], "timezone": data["timezone"],
                                          "documents": {}, "signers": {}, "pdf": b""}
        return self._send(201, {"id": request_id, "status": "draft", "name": data["name"]})

    def _add_document(self, request: dict, call: Call) -> None:
        content_type = call.headers.get("Content-Type", "")
        if not content_type.startswith("multipart/form-data"):
            return self._problem(415, "multipart/form-data expected.")
        boundary = content_type.split("boundary=", 1)[-1].strip('"').encode()
        parts = {}
        for part in call.body.split(b"--" + boundary)[1:-1]:
            head, _, content = part.partition(b"\r\n\r\n")
            name = re.search(rb'name="([^"]+)"', head)
            if name:
                parts[name.group(1).decode()] = content.removesuffix(b"\r\n")
        if parts.get("nature") != b"signable_document":
            return self._problem(400, "Validation failed.", [{"property_path": "nature", "message": "Missing."}])
        if not parts.get("file", b"").startswith(b"%PDF"):
            return self._problem(400, "The file is not a PDF.")
        document_id = str(uuid.uuid4())
        request["documents"][document_id] = "signable_document"
        request["pdf"] = parts["file"]
        return self._send(201, {"id": document_id, "nature": "signable_document"})

    def _add_signer(self, request: dict, call: Call) -> None:
        data = call.json()
        info = data.get("info") or {}
        problems = [{"property_path": f"info.{name}", "message": "This value should not be blank."}
                    for name in ("first_name", "last_name", "email", "locale") if not info.get(name)]
        for spec in data.get("fields") or []:
            if spec.get("document_id") not in request["documents"]:
                problems.append({"property_path": "fields.document_id", "message": "Unknown document."})
        if not data.get("fields"):
            problems.append({"property_path": "fields", "message": "A signer needs a signature field."})
        if problems:
            return self._problem(400, "Validation failed.", problems)
        signer_id = str(uuid.uuid4())
        request["signers"][signer_id] = data
        return self._send(201, {"id": signer_id, "status": "initiated"})


@pytest.fixture
def fake_yousign():
    """A running fake Yousign v3 API on 127.0.0.1 (a random free port)."""
    fake = FakeYousign()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
