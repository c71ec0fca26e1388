"""Engagements and their fee schedule."""

from data.repositories.base import FirmScoped


class EngagementRepository(FirmScoped):
    """Engagements and their fee schedule."""


class MissionRepository(FirmScoped):
    """Missions, budget hours and tasks."""
