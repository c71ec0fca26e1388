"""Letter and amendment templates."""

from data.repositories.base import FirmScoped


class LetterTemplateRepository(FirmScoped):
    """Letter and amendment templates."""


class LetterRepository(FirmScoped):
    """Engagement letters, PDFs and signature state."""
