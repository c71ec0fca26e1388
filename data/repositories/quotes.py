"""Quotes, lines, hours per grade, frozen PDFs."""

from data.repositories.base import FirmScoped


class QuoteRepository(FirmScoped):
    """Quotes, lines, hours per grade, frozen PDFs."""
