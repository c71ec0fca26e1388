"""Time entries, weekly timesheets and running timers."""

from data.repositories.base import FirmScoped


class TimeEntryRepository(FirmScoped):
    """Time entries."""


class TimesheetRepository(FirmScoped):
    """Weekly timesheets."""


class TimerRepository(FirmScoped):
    """Running timers."""
