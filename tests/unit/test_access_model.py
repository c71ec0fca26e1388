"""Roles, permissions and the signed-in principal (domain/access/model.py)."""

import pytest

from domain.access.model import (
    ALL_PERMISSIONS,
    DEFAULT_ROLE_PERMISSIONS,
    Permission,
    Principal,
    Role,
    User,
    effective_permissions,
)
from domain.errors import DomainError, PermissionDenied

NONE = frozenset()


def _user(role: Role) -> User:
    return User(id=7, firm_id=3, email="someone@example.fr", full_name="Someone", role=role)


def test_an_administrator_holds_every_permission_even_without_grants():
    assert effective_permissions(Role.ADMIN, NONE, NONE) == ALL_PERMISSIONS
    assert len(ALL_PERMISSIONS) == 6


def test_an_administrator_keeps_every_permission_when_the_role_grants_were_narrowed():
    assert effective_permissions(Role.ADMIN, frozenset({Permission.INVOICE}), NONE) == ALL_PERMISSIONS


def test_a_client_holds_no_permission_even_with_grants():
    assert effective_permissions(Role.CLIENT, ALL_PERMISSIONS, frozenset({Permission.SEE_MONEY})) == frozenset()


def test_a_collaborator_holds_the_role_grants_and_their_own_grants():
    role_grants = frozenset({Permission.MANAGE_COMPLIANCE})
    user_grants = frozenset({Permission.APPROVE_TIME, Permission.SEE_MONEY})
    assert effective_permissions(Role.COLLABORATOR, role_grants, user_grants) == {
        Permission.MANAGE_COMPLIANCE, Permission.APPROVE_TIME, Permission.SEE_MONEY}


def test_a_collaborator_without_grants_holds_nothing():
    assert effective_permissions(Role.COLLABORATOR, NONE, NONE) == frozenset()


def test_a_collaborator_grant_present_in_both_sets_counts_once():
    grants = frozenset({Permission.INVOICE})
    assert effective_permissions(Role.COLLABORATOR, grants, grants) == grants


def test_by_default_a_collaborator_may_only_manage_compliance():
    assert DEFAULT_ROLE_PERMISSIONS[Role.COLLABORATOR] == {Permission.MANAGE_COMPLIANCE}
    assert DEFAULT_ROLE_PERMISSIONS[Role.CLIENT] == frozenset()
    assert DEFAULT_ROLE_PERMISSIONS[Role.ADMIN] == ALL_PERMISSIONS


def test_a_principal_without_the_permission_is_denied_with_a_french_message():
    principal = Principal(_user(Role.COLLABORATOR), frozenset({Permission.APPROVE_TIME}))
    with pytest.raises(PermissionDenied) as err:
        principal.require(Permission.INVOICE)
    assert err.value.message == "Vous n'avez pas l'autorisation d'effectuer cette action."
    assert isinstance(err.value, DomainError)


def test_a_principal_with_the_permission_passes():
    principal = Principal(_user(Role.COLLABORATOR), frozenset({Permission.APPROVE_TIME}))
    principal.require(Permission.APPROVE_TIME)
    assert principal.can(Permission.APPROVE_TIME)
    assert not principal.can(Permission.ADMINISTER)


def test_a_principal_built_without_permissions_may_do_nothing():
    principal = Principal(_user(Role.ADMIN))
    with pytest.raises(PermissionDenied):
        principal.require(Permission.ADMINISTER)


def test_the_principal_belongs_to_its_user_firm():
    assert Principal(_user(Role.ADMIN)).firm_id == 3


def test_roles_have_french_labels_and_only_clients_are_not_staff():
    assert [r.label for r in Role] == ["Administrateur", "Collaborateur", "Client"]
    assert Role.ADMIN.is_staff and Role.COLLABORATOR.is_staff
    assert not Role.CLIENT.is_staff


def test_every_permission_has_a_french_label():
    assert Permission.APPROVE_TIME.label == "Valider les temps"
    assert all(p.label for p in Permission)
