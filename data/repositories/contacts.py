"""Contacts of the firm's clients."""

from data.repositories.base import FirmScoped


class ContactRepository(FirmScoped):
    """Contacts of the firm's clients."""


class ClientGroupRepository(FirmScoped):
    """Groups of companies."""
