"""Read side of the pipeline page: prospects, their stage history, the owners to choose from."""

from domain.access.model import Principal, User
from domain.pipeline.model import Prospect, ProspectFilter, StageChange
from domain.pipeline.services import require_pipeline
from domain.ports import FirmUnitOfWork


def search(uow: FirmUnitOfWork, principal: Principal | None, criteria: ProspectFilter | None = None) -> list[Prospect]:
    require_pipeline(uow, principal)
    with uow:
        return uow.prospects.list(criteria or ProspectFilter())


def get(uow: FirmUnitOfWork, principal: Principal | None, prospect_id: int) -> Prospect | None:
    require_pipeline(uow, principal)
    with uow:
        return uow.prospects.get(prospect_id)


def history(uow: FirmUnitOfWork, principal: Principal | None, prospect_id: int | None = None) -> list[StageChange]:
    """Stage changes of one prospect (or of all, for the statistics), oldest first."""
    require_pipeline(uow, principal)
    with uow:
        return uow.prospects.stage_changes(prospect_id)


def owners(uow: FirmUnitOfWork, principal: Principal | None) -> list[User]:
    """Every staff member (inactive ones too, so the statistics still name them); pick among active ones."""
    require_pipeline(uow, principal)
    with uow:
        return [u for u in uow.users.list() if u.role.is_staff]
