"""Encrypted integration credentials (the cipher lives in data/secrets.py)."""

from data.repositories.base import FirmScoped


class CredentialRepository(FirmScoped):
    """Encrypted integration credentials (the cipher lives in data/secrets.py)."""
