"""Firm settings an administrator edits: identity and logo, teams, grades and rates, numbering
series, permissions per role. Every change is audited with what changed."""

import unicodedata
from datetime import date

from domain.access.model import Permission, Principal, Role
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import require_admin
from domain.firm.identity import identity_changes, logo_mime, validate_identity
from domain.firm.model import DocType
from domain.money import parse_amount, to_cents
from domain.ports import FirmUnitOfWork
from domain.text import single_line

MAX_DOCUMENT_NUMBER = 999_999_999
NAME_LIMIT = 100


def _audit(uow: FirmUnitOfWork, principal: Principal, clock: Clock, target: str, target_id: str, details: dict):
    uow.audit.record(Action.SETTINGS_CHANGE, principal.user.id, target, target_id, details, at=clock.now())


def update_identity(uow: FirmUnitOfWork, principal: Principal, clock: Clock, form: dict[str, str]) -> None:
    require_admin(uow, principal)
    identity = validate_identity(form)
    with uow:
        if uow.firm.siren_used_elsewhere(identity.siren):
            raise InvalidInput(f"Le SIREN {identity.siren} est déjà celui d'un autre cabinet inscrit sur EEXPI.")
        changes = identity_changes(uow.firm.get().identity, identity)
        if not changes:
            return
        uow.firm.update_identity(identity)
        _audit(uow, principal, clock, "firm", str(uow.firm_id), changes)
        uow.commit()


def set_logo(uow: FirmUnitOfWork, principal: Principal, clock: Clock, content: bytes) -> None:
    require_admin(uow, principal)
    mime = logo_mime(content)
    with uow:
        uow.firm.set_logo(content, mime)
        _audit(uow, principal, clock, "firm", str(uow.firm_id), {"logo": f"{mime}, {len(content)} octets"})
        uow.commit()


def _team_name(name: str) -> str:
    name = single_line(name, "Le nom de l'équipe", NAME_LIMIT)
    if not name:
        raise InvalidInput("Le nom de l'équipe est obligatoire.")
    return name


def add_team(uow: FirmUnitOfWork, principal: Principal, clock: Clock, name: str) -> None:
    require_admin(uow, principal)
    name = _team_name(name)
    with uow:
        if any(t.name.lower() == name.lower() for t in uow.teams.list()):
            raise InvalidInput(f"L'équipe « {name} » existe déjà.")
        team = uow.teams.add(name)
        _audit(uow, principal, clock, "team", str(team.id), {"équipe créée": name})
        uow.commit()


def delete_team(uow: FirmUnitOfWork, principal: Principal, clock: Clock, team_id: int) -> None:
    require_admin(uow, principal)
    with uow:
        team = next((t for t in uow.teams.list() if t.id == team_id), None)
        if team is None:
            raise NotFound("Équipe introuvable dans ce cabinet.")
        members = uow.teams.count_members(team_id)  # deactivated accounts still point at the team
        if members:
            raise InvalidInput(f"L'équipe « {team.name} » compte encore {members} membre(s), comptes désactivés "
                               "compris : réaffectez-les avant de la supprimer.")
        uow.teams.delete(team_id)
        _audit(uow, principal, clock, "team", str(team_id), {"équipe supprimée": team.name})
        uow.commit()


def add_grade(uow: FirmUnitOfWork, principal: Principal, clock: Clock, label: str) -> None:
    require_admin(uow, principal)
    label = single_line(label, "Libellé du grade", NAME_LIMIT)
    if not label:
        raise InvalidInput("Le libellé du grade est obligatoire.")
    code = grade_code(label)
    with uow:
        grades = uow.grades.list()
        twin = next((g for g in grades if g.code == code or g.label.lower() == label.lower()), None)
        if twin is not None:
            raise InvalidInput(f"Le grade « {label} » existe déjà (« {twin.label} »).")
        grade = uow.grades.add(code=code, label=label, rank=max((g.rank for g in grades), default=0) + 1)
        _audit(uow, principal, clock, "grade", str(grade.id), {"grade créé": label})
        uow.commit()


def grade_code(label: str) -> str:
    """"Expert-comptable stagiaire" → "expert_comptable_stagiaire"; accents folded, so near-identical
    labels get the same code and are recognised as the same grade."""
    folded = unicodedata.normalize("NFKD", label.lower()).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in folded).split()
    return "_".join(words)[:60] or "grade"


def _hourly_rate(text: str, field: str) -> int:
    value = parse_amount(text, field)
    if value <= 0:
        raise InvalidInput(f"{field} : le taux horaire doit être positif.")
    return to_cents(value)


def add_rate(uow: FirmUnitOfWork, principal: Principal, clock: Clock, grade_id: int, effective_from: date,
             selling: str, cost: str) -> None:
    """Add a rate from a date on; earlier rates stay in force for earlier dates (history kept)."""
    require_admin(uow, principal)
    selling_cents = _hourly_rate(selling, "Taux de vente")
    cost_cents = _hourly_rate(cost, "Coût horaire")
    with uow:
        grade = next((g for g in uow.grades.list() if g.id == grade_id), None)
        if grade is None:
            raise NotFound("Grade introuvable dans ce cabinet.")
        if any(r.effective_from == effective_from for r in uow.grades.rates(grade_id)):
            raise InvalidInput(f"Un taux existe déjà pour « {grade.label} » au {effective_from:%d/%m/%Y}.")
        rate = uow.grades.add_rate(grade_id, effective_from, selling_cents, cost_cents)
        _audit(uow, principal, clock, "grade_rate", str(rate.id), {
            "grade": grade.label, "à partir du": f"{effective_from:%d/%m/%Y}",
            "taux de vente (centimes)": selling_cents, "coût (centimes)": cost_cents})
        uow.commit()


def update_series(uow: FirmUnitOfWork, principal: Principal, clock: Clock, doc_type: DocType, prefix: str,
                  next_number: int, padding: int, with_year: bool) -> None:
    require_admin(uow, principal)
    prefix = (prefix or "").strip()
    if not prefix or len(prefix) > 10 or not all(c.isalnum() or c in "-_/" for c in prefix):
        raise InvalidInput("Préfixe invalide : 1 à 10 caractères (lettres, chiffres, - _ /).")
    if not 3 <= padding <= 8:
        raise InvalidInput("Le nombre de chiffres doit être compris entre 3 et 8.")
    if not 1 <= next_number <= MAX_DOCUMENT_NUMBER:
        raise InvalidInput(f"Le prochain numéro doit être compris entre 1 et {MAX_DOCUMENT_NUMBER:,}.".replace(",", " "))
    with uow:
        series = uow.numbering.get(doc_type)
        if next_number <= series.last_allocated:
            raise InvalidInput(f"Le prochain numéro doit être supérieur au dernier attribué ({series.last_allocated}) : "
                               "la numérotation doit rester continue et sans doublon.")
        if series.last_allocated and next_number != series.next_number:
            raise InvalidInput("Des numéros ont déjà été attribués dans cette série : le prochain numéro ne peut "
                               "plus être modifié (numérotation continue).")
        uow.numbering.update(doc_type, prefix=prefix, next_number=next_number, padding=padding, with_year=with_year)
        _audit(uow, principal, clock, "numbering_series", doc_type.value, {
            "série": doc_type.label, "préfixe": prefix, "prochain numéro": next_number})
        uow.commit()


def set_role_permissions(uow: FirmUnitOfWork, principal: Principal, clock: Clock, role: Role,
                         permissions: set[Permission]) -> None:
    require_admin(uow, principal)
    if role is not Role.COLLABORATOR:
        raise InvalidInput("Seules les permissions du rôle Collaborateur sont modifiables : un administrateur "
                           "les a toutes, un client n'en a aucune.")
    with uow:
        uow.permissions.set_role_grants(role, frozenset(permissions))
        _audit(uow, principal, clock, "role", role.value,
               {"rôle": role.label, "permissions": sorted(p.label for p in permissions)})
        uow.commit()
