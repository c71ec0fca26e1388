"""Statutory deadlines of the clients."""

from data.repositories.base import FirmScoped


class DeadlineRepository(FirmScoped):
    """Statutory deadlines."""
