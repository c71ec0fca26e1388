"""The mission catalogue and its task templates."""

from data.repositories.base import FirmScoped


class MissionTypeRepository(FirmScoped):
    """The mission catalogue and its task templates."""
