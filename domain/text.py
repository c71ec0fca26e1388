"""Typed text, cleaned once: one line, spaces folded, bounded, no control characters.

PostgreSQL refuses NUL bytes and over-long values with a database error; refusing them here
gives the user a French message instead, and both databases store the same thing.
"""

from domain.errors import InvalidInput


def has_control_characters(text: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def single_line(text: str | None, label: str, limit: int, *, required: bool = False) -> str:
    """`text` on one line with runs of spaces folded, or InvalidInput naming `label`."""
    raw = text or ""
    if "\x00" in raw or has_control_characters(raw.replace("\t", " ").replace("\n", " ").replace("\r", " ")):
        raise InvalidInput(f"{label} : caractères non autorisés.")
    value = " ".join(raw.split())
    if required and not value:
        raise InvalidInput(f"{label} : valeur obligatoire.")
    if len(value) > limit:
        raise InvalidInput(f"{label} : {limit} caractères au plus.")
    return value


def plausible_email(email: str, limit: int = 254) -> bool:
    """False for what no account can have (too long, control characters): answered like an unknown one."""
    return len(email) <= limit and not has_control_characters(email)
