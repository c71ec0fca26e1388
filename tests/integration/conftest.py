import pytest

# --- Fixtures for test_cli, test_mail, test_web_auth and test_seed (self-contained) ---------------


@pytest.fixture
def blank_database_url(db_url, tmp_path):
    """A brand-new database of the same kind as `db_url`, never migrated (PostgreSQL: dropped afterwards)."""
    from tests.databases import throwaway_database

    with throwaway_database(db_url, tmp_path) as url:
        yield url


@pytest.fixture
def migrated_blank_database_url(blank_database_url):
    """`blank_database_url` with the schema at head and no data at all."""
    from data.migrate import upgrade

    upgrade(blank_database_url)
    return blank_database_url


@pytest.fixture
def run_manage(db_url):
    """Run `manage.py ARGS` in a subprocess against `db_url` (or `database=`); returns the CompletedProcess."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]

    def run(*args: str, database: str | None = None, smtp_url: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("EEXPI_")}
        env.update(DATABASE_URL=database or db_url, EEXPI_SECRET_KEY="test-secret-key",
                   EEXPI_BASE_URL="http://testserver", PYTHONIOENCODING="utf-8")
        if smtp_url is not None:
            env["EEXPI_SMTP_URL"] = smtp_url
        return subprocess.run([sys.executable, "manage.py", *args], cwd=root, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=timeout)

    return run


@pytest.fixture
def smtp_sink():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 collecting every envelope; addresses put in `refuse` get a 550."""
    import socket
    from dataclasses import dataclass, field

    from aiosmtpd.controller import Controller

    @dataclass
    class Sink:
        port: int = 0
        envelopes: list = field(default_factory=list)
        refuse: set = field(default_factory=set)

        @property
        def url(self) -> str:
            return f"smtp://127.0.0.1:{self.port}"

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.lower() in self.refuse:
                return "550 5.1.1 Mailbox unavailable"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 Message accepted"

        def messages_to(self, recipient: str) -> list:
            """The parsed messages delivered to `recipient`, in arrival order."""
            from email import message_from_bytes
            from email.policy import default

            return [message_from_bytes(e.original_content or e.content, policy=default)
                    for e in self.envelopes if recipient in e.rcpt_tos]

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink(port=port)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
