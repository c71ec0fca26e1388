"""Prospects and the history of their stages."""

from data.repositories.base import FirmScoped


class ProspectRepository(FirmScoped):
    """Prospects and the history of their stages."""
