"""SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""

from data.models import (  # noqa: F401
                         access,
                         chorus,
                         clients,
                         collections,
                         compliance,
                         compliance_parties,
                         compliance_retention,
                         crm_catalogue,
                         crm_contacts,
                         crm_letters,
                         crm_pipeline,
                         crm_quotes,
                         engagements,
                         firm,
                         invoicing,
                         ledger,
                         ops,
                         production,
                         time_totals,
)
from data.models.base import Base

__all__ = ["Base"]
