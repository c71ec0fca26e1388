"""SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""

from data.models import access, clients, firm, ops  # noqa: F401
from data.models.base import Base

__all__ = ["Base"]
