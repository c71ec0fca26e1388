"""SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""

from data.models import (access, clients, crm_catalogue, crm_contacts, crm_letters, crm_pipeline,  # noqa: F401
                         crm_quotes, engagements, firm, invoicing, ops, production)
from data.models.base import Base

__all__ = ["Base"]
