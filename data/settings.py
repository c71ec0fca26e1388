"""Settings from the environment (then `.streamlit/secrets.toml`), with embedded-demo defaults."""

import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    secret_key: str
    base_url: str
    session_idle_hours: float
    cookie_secure: bool
    smtp_url: str
    mail_from: str


def _secrets_file() -> dict:
    path = ROOT / ".streamlit" / "secrets.toml"
    return tomllib.loads(path.read_text()) if path.exists() else {}


def _instance_secret_key() -> str:
    """The embedded default keeps a random key in instance/ so sessions survive a restart."""
    INSTANCE.mkdir(exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def default_database_url() -> str:
    INSTANCE.mkdir(exist_ok=True)
    return f"sqlite:///{INSTANCE / 'eexpi.sqlite3'}"


def load_settings() -> Settings:
    file = _secrets_file()

    def get(name: str, default: str = "") -> str:
        return os.environ.get(name) or str(file.get(name, "")) or default

    return Settings(
        database_url=get("DATABASE_URL") or default_database_url(),
        secret_key=get("EEXPI_SECRET_KEY") or _instance_secret_key(),
        base_url=get("EEXPI_BASE_URL", "http://localhost:8501").rstrip("/"),
        session_idle_hours=float(get("EEXPI_SESSION_IDLE_HOURS", "8")),
        cookie_secure=get("EEXPI_COOKIE_SECURE", "false").lower() in ("1", "true", "yes"),
        smtp_url=get("EEXPI_SMTP_URL"),
        mail_from=get("EEXPI_MAIL_FROM", "EEXPI <no-reply@eexpi.localhost>"),
    )
