"""The one place where tenancy is applied to reads and writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def upsert(session: Session, model: Any, keys: dict[str, Any], values: dict[str, Any]) -> None:
    """Insert a row or update it in place, atomically on both databases (INSERT … ON CONFLICT)."""
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[dialect]
    statement = insert(model).values(**keys, **values)
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=values))


class FirmScoped:
    """Base of every tenant repository: each statement it builds is filtered by `firm_id`."""

    def __init__(self, session: Session, firm_id: int) -> None:
        if not isinstance(firm_id, int) or isinstance(firm_id, bool) or firm_id <= 0:
            raise ValueError("a tenant repository needs the id of the firm it serves")
        self.session = session
        self.firm_id = firm_id

    def _select(self, model: Any, *columns: Any) -> Select:
        return select(*(columns or (model,))).where(model.firm_id == self.firm_id)

    def _update(self, model: Any, *conditions: Any, **values: Any) -> int:
        statement = update(model).where(model.firm_id == self.firm_id, *conditions).values(**values)
        return self.session.execute(statement).rowcount

    def _delete(self, model: Any, *conditions: Any) -> int:
        return self.session.execute(delete(model).where(model.firm_id == self.firm_id, *conditions)).rowcount

    def _add(self, model: Any, **values: Any) -> Any:
        row = model(firm_id=self.firm_id, **values)
        self.session.add(row)
        self.session.flush()
        return row
