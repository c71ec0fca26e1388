"""Creating a firm: its identity, first Administrateur and every default a new firm needs."""

from dataclasses import dataclass
from decimal import Decimal

from domain.access.model import DEFAULT_ROLE_PERMISSIONS, Role, User
from domain.catalogue.defaults import install_default_catalogue
from domain.clock import Clock
from domain.compliance.party_services import install_default_lists
from domain.errors import InvalidInput
from domain.firm.model import DEFAULT_GRADES, DEFAULT_PREFIXES, FirmIdentity
from domain.firm.users import create_user
from domain.identifiers import validate_siren, vat_number_for
from domain.letters.defaults import install_default_templates
from domain.ports import FirmRepositories, PasswordHasher, PlatformUnitOfWork
from domain.subscription.model import SYNTEC_SEED, SubscriptionTerms


@dataclass(frozen=True, slots=True)
class NewFirm:
    firm_id: int
    admin: User
    temporary_password: str


def install_defaults(repos: FirmRepositories, clock: Clock) -> None:
    today = clock.today()
    grade_ids: dict[str, int] = {}
    for code, label, rank, selling, cost in DEFAULT_GRADES:
        grade = repos.grades.add(code=code, label=label, rank=rank)
        repos.grades.add_rate(grade.id, today.replace(month=1, day=1), selling * 100, cost * 100)
        grade_ids[code] = grade.id
    install_default_catalogue(repos, grade_ids)
    install_default_templates(repos, clock.now())
    install_default_lists(repos)  # high-risk country lists (LCB-FT), editable by the administrator
    for doc_type, prefix in DEFAULT_PREFIXES.items():
        repos.numbering.create(doc_type, prefix)
    for role, permissions in DEFAULT_ROLE_PERMISSIONS.items():
        repos.permissions.set_role_grants(role, permissions)
    for month, value in SYNTEC_SEED:
        repos.syntec.upsert(month, Decimal(value))
    reference = max(month for month, _ in SYNTEC_SEED if month <= today.replace(day=1))
    repos.subscription.create(SubscriptionTerms(started_on=today, reference_month=reference))


def create_firm(uow: PlatformUnitOfWork, hasher: PasswordHasher, clock: Clock, name: str, siren: str,
                admin_email: str, login_url: str = "", admin_name: str = "") -> NewFirm:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("Le nom du cabinet est obligatoire.")
    siren = validate_siren(siren)
    with uow:
        if uow.firms.find_by_siren(siren) is not None:
            raise InvalidInput(f"Un cabinet avec le SIREN {siren} existe déjà.")
        identity = FirmIdentity(name=name, siren=siren, vat_number=vat_number_for(siren))
        firm_id = uow.firms.add(identity, created_on=clock.today())
        repos = uow.scoped(firm_id)
        install_defaults(repos, clock)
        admin, password = create_user(repos, hasher, clock, None, admin_email, admin_name, Role.ADMIN,
                                      login_url=login_url)
        uow.commit()
        return NewFirm(firm_id, admin, password)
