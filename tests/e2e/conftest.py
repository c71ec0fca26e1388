"""Browser tests: the real server (`streamlit run serve.py`) on a freshly seeded SQLite file, driven by
Debian's Chromium through Playwright.

One server per test session (seeded with `manage.py seed-demo`), one browser per session, a fresh
browser context (no cookies) per test. Without /usr/bin/chromium the tests are skipped with the
reason, except under CI (CI=true), where that is a failure. Screenshots go to a temporary folder
(E2E_SCREENSHOT_DIR to choose it); its path is printed at the end of the run.
"""

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from data.seed import DEMO_PASSWORD
from tests.conftest import IN_CI, ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SECRET_KEY = "e2e-test-secret-key-not-for-production"
STARTUP_TIMEOUT_S = 30
WAIT_MS = 20_000  # Streamlit renders asynchronously: every wait may take this long

_HERE = Path(__file__).resolve().parent
_screenshot_dirs: list[Path] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if Path(str(item.fspath)).resolve().is_relative_to(_HERE):
        setattr(item, f"rep_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter):
    for folder in _screenshot_dirs:
        if any(folder.iterdir()):
            terminalreporter.write_line(f"e2e screenshots: {folder}")


# --- the server ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    base_url: str
    db_path: Path
    log_path: Path

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def outbox_body(self, recipient: str) -> str:
        """The body of the latest e-mail queued for `recipient`, read straight from the SQLite file."""
        with sqlite3.connect(self.db_path) as conn:
            row = conn.execute("SELECT body FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1",
                               (recipient,)).fetchone()
        assert row is not None, f"no e-mail queued for {recipient}"
        return row[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _streamlit() -> str:
    venv = ROOT / ".venv" / "bin" / "streamlit"
    if venv.exists():
        return str(venv)
    beside = Path(sys.executable).parent / "streamlit"
    return str(beside if beside.exists() else shutil.which("streamlit") or "streamlit")


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def running_server(folder: Path) -> Iterator[Server]:
    """A seeded demo database and `streamlit run serve.py` on a free port, stopped on exit."""
    db_path, log_path = folder / "eexpi.sqlite3", folder / "streamlit.log"
    port = _free_port()
    base_url = f"http://localhost:{port}"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "EEXPI_SECRET_KEY": SECRET_KEY,
           "EEXPI_BASE_URL": base_url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("EEXPI_COOKIE_SECURE", None)  # plain http://localhost: a Secure cookie would never come back

    seeded = subprocess.run([sys.executable, "manage.py", "seed-demo"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)  # 40-50 s alone; over 5 minutes on a busy 2-core machine
    assert seeded.returncode == 0, f"manage.py seed-demo failed:\n{seeded.stdout}\n{seeded.stderr}"

    with log_path.open("w") as log:
        process = subprocess.Popen(
            [_streamlit(), "run", "serve.py", "--server.port", str(port), "--server.headless", "true",
             "--server.fileWatcherType", "none"],  # an edit elsewhere in the tree must not reload the app
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(base_url):
            if process.poll() is not None or time.monotonic() > deadline:
                state = f"exited with {process.returncode}" if process.poll() is not None else "not healthy"
                pytest.fail(f"streamlit run serve.py {state} after {STARTUP_TIMEOUT_S} s:\n"
                            + log_path.read_text()[-4000:])
            time.sleep(0.2)
        yield Server(base_url, db_path, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("e2e-server")) as started:
        yield started


@pytest.fixture
def fresh_server(tmp_path) -> Iterator[Server]:
    """A server of its own, for what only happens on the first session after start-up."""
    with running_server(tmp_path) as started:
        yield started


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests."
        if IN_CI:
            pytest.fail(f"{reason} Under CI the browser tests are required.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    chosen = os.environ.get("E2E_SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("e2e-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    _screenshot_dirs.append(folder)
    return folder


@pytest.fixture
def new_context(browser):
    """Open fresh browser contexts (no cookies, no storage); all are closed after the test."""
    opened = []

    def new():
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(WAIT_MS)
        opened.append(context)
        return context

    yield new
    for context in opened:
        context.close()


@pytest.fixture
def page(new_context, screenshot_dir, request):
    """A page in a fresh context; a full-page screenshot is kept when the test fails."""
    page = new_context().new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not page.is_closed():
        try:
            page.screenshot(path=screenshot_dir / f"{_slug(request.node.name)}-failure.png", full_page=True)
        except Exception:  # the screenshot is a diagnostic only
            pass


@pytest.fixture
def screenshot(page, screenshot_dir, request):
    """Take the end-of-flow full-page screenshot of `page` (or of another page passed in)."""

    def take(label: str = "end", of=None) -> Path:
        path = screenshot_dir / f"{_slug(request.node.name)}-{label}.png"
        (of or page).screenshot(path=path, full_page=True)
        return path

    return take


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


# --- shared steps -------------------------------------------------------------------------------


@pytest.fixture
def sign_in(server):
    """Submit the HTML sign-in form; the caller waits for what it expects to follow."""

    def submit(page, email: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(server.url("/auth/login"))
        page.locator("#email").fill(email)
        page.locator("#password").fill(password)
        page.get_by_role("button", name="Se connecter").click()

    return submit


@pytest.fixture
def validated_assessment(server):
    """Give a client of the main demo firm a validated LCB-FT assessment through the domain services, as the
    pages would (prepared by a collaborator, validated by the administrator: maker/checker), so that the gate
    lets its letter through in a journey about something else; test_compliance_journey goes through the pages."""
    from data.db import session_factory
    from data.seed import MAIN_ADMIN, MAIN_COLLABORATOR
    from data.uow import SqlFirmUnitOfWork
    from domain.access.services import load_principal
    from domain.clock import SystemClock
    from domain.compliance import services
    from domain.compliance.model import AssessmentForm, Criterion, Score

    def uow(firm_id: int) -> SqlFirmUnitOfWork:
        return SqlFirmUnitOfWork(session_factory(f"sqlite:///{server.db_path}"), firm_id)

    def principal(firm_id: int, email: str):
        with uow(firm_id) as repos:
            return load_principal(repos, next(u for u in repos.users.list() if u.email == email))

    def validate(client_id: int) -> None:
        with sqlite3.connect(server.db_path) as conn:
            firm_id, collaborator = conn.execute(
                "SELECT a.firm_id, u.email FROM users a JOIN users u ON u.firm_id = a.firm_id "
                "WHERE a.email = ? AND u.role = 'collaborator' AND u.is_active AND u.email <> ? ORDER BY u.id LIMIT 1",
                (MAIN_ADMIN, MAIN_COLLABORATOR)).fetchone()  # the sign-in tests lock MAIN_COLLABORATOR out
        clock, maker, checker = SystemClock(), principal(firm_id, collaborator), principal(firm_id, MAIN_ADMIN)
        form = AssessmentForm(client_id, {c: Score.LOW for c in Criterion}, {},
                              "Dirigeant rencontré et identifié, activité locale, missions courantes.")
        draft = services.save_draft(uow(firm_id), maker, clock, form)
        services.submit(uow(firm_id), maker, clock, draft.id)
        services.validate(uow(firm_id), checker, clock, draft.id)

    return validate


@pytest.fixture
def sign_out():
    """Click the sidebar's sign-out link and wait for the sign-in page."""

    def click(page) -> None:
        page.locator("[data-testid='stSidebar']").get_by_role("link", name="Se déconnecter").click()
        page.wait_for_url(re.compile(r"/auth/login\?msg=logged_out$"))
        page.get_by_text("Vous êtes déconnecté.").wait_for()

    return click
