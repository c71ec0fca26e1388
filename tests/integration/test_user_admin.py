"""User administration: invitations, roles, activation, permissions, and who may do it."""

from datetime import date

import pytest

from domain.access.model import ALL_PERMISSIONS, Permission, Role
from domain.access.services import SessionPolicy, resolve_session
from domain.access.tokens import token_hash
from domain.audit import Action
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm import settings, users
from domain.firm.model import DocType
from domain.subscription.services import view_subscription
from tests.conftest import NOW, unique_email
from tests.integration.support import audit_of, invite, outbox_of, sign_in_as, snapshot, user, users_of

SELF = "Vous ne pouvez pas modifier votre propre rôle ni désactiver votre propre compte."
LAST_ADMIN = "Le cabinet doit garder au moins un administrateur actif."


def invalid(call, *args) -> str:
    with pytest.raises(InvalidInput) as refused:
        call(*args)
    return refused.value.message


def grant(firm, user_id: int, permissions: set[Permission]) -> None:
    c = firm.container
    users.set_user_permissions(c.firm_uow(firm.firm_id), firm.principal(), c.clock, user_id, permissions)


# --- Inviting ----------------------------------------------------------------------------------

def test_an_invited_user_must_change_the_temporary_password_mailed_to_them(firm):
    c = firm.container
    email = unique_email("bob")
    new = users.invite_user(c.firm_uow(firm.firm_id), firm.principal(), c.hasher, c.clock, email, "  Bob   Martin ",
                            Role.COLLABORATOR, None, None, c.login_url)
    stored = user(c, firm.firm_id, new.id)
    assert (stored.email, stored.full_name, stored.role, stored.must_change_password, stored.is_active) == (
        email, "Bob Martin", Role.COLLABORATOR, True, True)
    [mail] = [m for m in outbox_of(c, firm.firm_id) if m["recipient"] == email]
    assert mail["subject"] == "Votre accès à EEXPI – Cabinet Test"
    assert "Adresse de connexion : http://testserver/auth/login" in mail["body"]
    assert f"Identifiant : {email}" in mail["body"]
    password = mail["body"].split("Mot de passe temporaire : ")[1].split()[0]
    signed = sign_in_as(c, email, password)
    assert signed.user.id == new.id and signed.user.must_change_password is True


def test_an_invitation_stores_the_email_in_lower_case_and_is_audited(firm):
    c = firm.container
    email = unique_email("carla")
    new = users.invite_user(c.firm_uow(firm.firm_id), firm.principal(), c.hasher, c.clock, email.upper(), "",
                            Role.CLIENT, None, None, c.login_url)
    assert new.email == email
    assert new.full_name.startswith("Carla ")  # derived from the address when no name is given
    event = audit_of(c, firm.firm_id, Action.USER_INVITE)[0]  # the latest
    assert (event.actor_user_id, event.target_id, event.details) == (
        firm.principal().user.id, str(new.id), {"email": email, "rôle": "Client"})


def test_an_invitation_with_a_grade_and_team_of_the_firm_records_them(firm):
    c = firm.container
    settings.add_team(c.firm_uow(firm.firm_id), firm.principal(), c.clock, "Audit")
    with c.firm_uow(firm.firm_id) as uow:
        team = uow.teams.list()[0]
        grade = next(g for g in uow.grades.list() if g.code == "manager")
    bob = invite(firm, team_id=team.id, grade_id=grade.id)
    stored = user(c, firm.firm_id, bob.user.id)
    assert (stored.team_id, stored.grade_id) == (team.id, grade.id)


@pytest.mark.parametrize("same_firm", [True, False], ids=["same firm", "other firm"])
def test_an_email_already_used_is_refused_even_in_another_firm_and_whatever_its_case(make_firm, same_firm):
    firm_a, firm_b = make_firm(), make_firm()
    target = firm_a if same_firm else firm_b
    c = firm_a.container
    before_a, before_b = snapshot(c, firm_a.firm_id), snapshot(c, firm_b.firm_id)
    taken = firm_a.admin_email.upper()
    message = invalid(users.invite_user, c.firm_uow(target.firm_id), target.principal(), c.hasher, c.clock,
                      taken, "Homonyme", Role.COLLABORATOR, None, None, c.login_url)
    assert message == f"L'adresse e-mail {firm_a.admin_email} est déjà utilisée par un compte EEXPI."
    assert snapshot(c, firm_a.firm_id) == before_a
    assert snapshot(c, firm_b.firm_id) == before_b


@pytest.mark.parametrize("email", ["sans-arobase.example.fr", "deux@@example.fr", "espace dans@example.fr",
                                   "pas-de-domaine@example", ""])
def test_a_malformed_email_is_refused_and_nothing_is_written(firm, email):
    c = firm.container
    before = snapshot(c, firm.firm_id)
    message = invalid(users.invite_user, c.firm_uow(firm.firm_id), firm.principal(), c.hasher, c.clock, email,
                      "Quelqu'un", Role.COLLABORATOR, None, None, c.login_url)
    assert message.startswith("Adresse e-mail « ") and message.endswith(" » invalide.")
    assert snapshot(c, firm.firm_id) == before


@pytest.mark.parametrize(("email", "full_name"), [("a" * 250 + "@example.fr", "Bob Long"),
                                                  (None, "B" * 201)], ids=["e-mail", "name"])
def test_an_over_long_email_or_name_is_refused_in_french_when_inviting(firm, email, full_name):
    c = firm.container
    with pytest.raises(InvalidInput):
        users.invite_user(c.firm_uow(firm.firm_id), firm.principal(), c.hasher, c.clock, email or unique_email(),
                          full_name, Role.COLLABORATOR, None, None, c.login_url)


def test_an_over_long_name_is_refused_in_french_when_editing_a_profile(firm):
    c = firm.container
    bob = invite(firm)
    with pytest.raises(InvalidInput):
        users.update_profile(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, "B" * 201, None,
                             None, "35")


def test_inviting_with_a_team_of_another_firm_is_refused(make_firm):
    firm_a, firm_b = make_firm(), make_firm()
    c = firm_a.container
    settings.add_team(c.firm_uow(firm_b.firm_id), firm_b.principal(), c.clock, "Équipe B")
    with c.firm_uow(firm_b.firm_id) as uow:
        team_b = uow.teams.list()[0]
    before = snapshot(c, firm_a.firm_id)
    with pytest.raises(NotFound, match="Équipe inconnue dans ce cabinet."):
        users.invite_user(c.firm_uow(firm_a.firm_id), firm_a.principal(), c.hasher, c.clock, unique_email(),
                          "X", Role.COLLABORATOR, None, team_b.id, c.login_url)
    assert snapshot(c, firm_a.firm_id) == before


# --- Who may administer ------------------------------------------------------------------------

def _commands(ctx):
    """Every administration command, called with valid arguments, as (name, callable(uow, principal))."""
    clock = ctx["clock"]
    return {
        "invite_user": lambda uow, p: users.invite_user(uow, p, ctx["hasher"], clock, unique_email(), "X",
                                                        Role.COLLABORATOR, None, None, ""),
        "change_role": lambda uow, p: users.change_role(uow, p, clock, ctx["victim"], Role.ADMIN),
        "set_active": lambda uow, p: users.set_active(uow, p, clock, ctx["victim"], False),
        "set_user_permissions": lambda uow, p: users.set_user_permissions(uow, p, clock, ctx["victim"],
                                                                          {Permission.INVOICE}),
        "update_profile": lambda uow, p: users.update_profile(uow, p, clock, ctx["victim"], "Nouveau Nom",
                                                              None, None, "28"),
        "update_identity": lambda uow, p: settings.update_identity(uow, p, clock, {
            "name": "Cabinet Piraté", "siren": ctx["siren"]}),
        "add_team": lambda uow, p: settings.add_team(uow, p, clock, "Équipe pirate"),
        "add_grade": lambda uow, p: settings.add_grade(uow, p, clock, "Stagiaire"),
        "add_rate": lambda uow, p: settings.add_rate(uow, p, clock, ctx["grade"], date(2027, 1, 1), "200", "90"),
        "update_series": lambda uow, p: settings.update_series(uow, p, clock, DocType.INVOICE, "PIR", 500, 6,
                                                               False),
        "set_role_permissions": lambda uow, p: settings.set_role_permissions(uow, p, clock, Role.COLLABORATOR,
                                                                             set(ALL_PERMISSIONS)),
        "view_subscription": lambda uow, p: view_subscription(uow, p, clock),
    }


COMMANDS = list(_commands({"clock": None}))


def _context(firm, victim_id: int) -> dict:
    c = firm.container
    with c.firm_uow(firm.firm_id) as uow:
        grade = uow.grades.list()[0].id
    return {"clock": c.clock, "hasher": c.hasher, "victim": victim_id, "grade": grade, "siren": firm.siren}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_collaborator_cannot_run_any_administration_command_and_nothing_changes(firm, command):
    c = firm.container
    bob, carol = invite(firm), invite(firm)
    run = _commands(_context(firm, carol.user.id))[command]
    before = snapshot(c, firm.firm_id)
    with pytest.raises(PermissionDenied, match="Vous n'avez pas l'autorisation d'effectuer cette action."):
        run(c.firm_uow(firm.firm_id), firm.principal(bob.email))
    assert snapshot(c, firm.firm_id) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_an_admin_of_one_firm_cannot_run_any_administration_command_on_another_firm(make_firm, command):
    firm_a, firm_b = make_firm(), make_firm()
    c = firm_a.container
    victim_b = invite(firm_b)
    run = _commands(_context(firm_b, victim_b.user.id))[command]
    before_a, before_b = snapshot(c, firm_a.firm_id), snapshot(c, firm_b.firm_id)
    with pytest.raises(PermissionDenied):
        run(c.firm_uow(firm_b.firm_id), firm_a.principal())
    assert snapshot(c, firm_a.firm_id) == before_a
    assert snapshot(c, firm_b.firm_id) == before_b


def test_a_client_cannot_run_an_administration_command(firm):
    c = firm.container
    client = invite(firm, Role.CLIENT)
    with pytest.raises(PermissionDenied):
        settings.add_team(c.firm_uow(firm.firm_id), firm.principal(client.email), c.clock, "Équipe")


def test_a_collaborator_granted_the_administer_permission_may_administer(firm):
    c = firm.container
    bob = invite(firm)
    grant(firm, bob.user.id, {Permission.ADMINISTER})
    settings.add_team(c.firm_uow(firm.firm_id), firm.principal(bob.email), c.clock, "Conseil")
    with c.firm_uow(firm.firm_id) as uow:
        assert [t.name for t in uow.teams.list()] == ["Conseil"]


# --- Keeping an administrator; nobody acts on themselves ----------------------------------------

def test_an_admin_cannot_change_their_own_role(firm):
    c = firm.container
    admin = firm.principal()
    invite(firm, Role.ADMIN)  # another admin exists, so only the self rule can refuse
    before = snapshot(c, firm.firm_id)
    assert invalid(users.change_role, c.firm_uow(firm.firm_id), admin, c.clock, admin.user.id,
                   Role.COLLABORATOR) == SELF
    assert snapshot(c, firm.firm_id) == before


def test_an_admin_cannot_deactivate_themselves(firm):
    c = firm.container
    admin = firm.principal()
    invite(firm, Role.ADMIN)
    before = snapshot(c, firm.firm_id)
    assert invalid(users.set_active, c.firm_uow(firm.firm_id), admin, c.clock, admin.user.id, False) == SELF
    assert snapshot(c, firm.firm_id) == before


def test_the_last_active_admin_cannot_be_demoted(firm):
    c = firm.container
    admin_id = firm.principal().user.id
    deputy = invite(firm)
    grant(firm, deputy.user.id, {Permission.ADMINISTER})  # may administer without being an Administrateur
    before = snapshot(c, firm.firm_id)
    assert invalid(users.change_role, c.firm_uow(firm.firm_id), firm.principal(deputy.email), c.clock, admin_id,
                   Role.COLLABORATOR) == LAST_ADMIN
    assert snapshot(c, firm.firm_id) == before


def test_the_last_active_admin_cannot_be_deactivated(firm):
    c = firm.container
    admin_id = firm.principal().user.id
    deputy = invite(firm)
    grant(firm, deputy.user.id, {Permission.ADMINISTER})
    before = snapshot(c, firm.firm_id)
    assert invalid(users.set_active, c.firm_uow(firm.firm_id), firm.principal(deputy.email), c.clock, admin_id,
                   False) == LAST_ADMIN
    assert snapshot(c, firm.firm_id) == before


def test_with_two_admins_one_may_be_demoted_but_then_the_other_is_the_last(firm):
    c = firm.container
    alice = firm.principal()
    second = invite(firm, Role.ADMIN)
    second_principal = firm.principal(second.email)  # loaded while still an admin
    users.change_role(c.firm_uow(firm.firm_id), alice, c.clock, second.user.id, Role.COLLABORATOR)
    assert user(c, firm.firm_id, second.user.id).role is Role.COLLABORATOR
    assert invalid(users.change_role, c.firm_uow(firm.firm_id), second_principal, c.clock, alice.user.id,
                   Role.CLIENT) == LAST_ADMIN


def test_an_inactive_admin_does_not_count_as_the_admin_the_firm_keeps(firm):
    c = firm.container
    alice = firm.principal()
    second = invite(firm, Role.ADMIN)
    second_principal = firm.principal(second.email)
    users.set_active(c.firm_uow(firm.firm_id), alice, c.clock, second.user.id, False)
    assert invalid(users.set_active, c.firm_uow(firm.firm_id), second_principal, c.clock, alice.user.id,
                   False) == LAST_ADMIN


# --- Deactivation ------------------------------------------------------------------------------

def test_deactivating_a_user_revokes_their_sessions_for_good(firm):
    c = firm.container
    bob = invite(firm)
    token = sign_in_as(c, bob.email, bob.password).token
    users.set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, False)
    with c.platform_uow() as uow:
        assert uow.sessions.get(token_hash(token)).revoked_at == NOW
    users.set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, True)
    assert resolve_session(c.platform_uow(), c.clock, token, SessionPolicy()) is None


def test_deactivating_a_user_leaves_other_users_sessions_alone(firm):
    c = firm.container
    bob, carol = invite(firm), invite(firm)
    carols_session = sign_in_as(c, carol.email, carol.password).token
    users.set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, False)
    assert resolve_session(c.platform_uow(), c.clock, carols_session, SessionPolicy()).user.id == carol.user.id


def test_deactivation_and_reactivation_are_audited(firm):
    c = firm.container
    admin_id = firm.principal().user.id
    bob = invite(firm)
    users.set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, False)
    users.set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, True)
    events = [e for e in audit_of(c, firm.firm_id)
              if e.action in (Action.USER_DEACTIVATE, Action.USER_REACTIVATE)]
    assert [(e.action, e.actor_user_id, e.target_id, e.details) for e in events] == [
        (Action.USER_REACTIVATE, admin_id, str(bob.user.id), {"email": bob.email}),
        (Action.USER_DEACTIVATE, admin_id, str(bob.user.id), {"email": bob.email}),
    ]


# --- Roles and permissions ---------------------------------------------------------------------

def test_a_role_change_is_stored_and_audited_with_before_and_after(firm):
    c = firm.container
    admin_id = firm.principal().user.id
    bob = invite(firm)
    users.change_role(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, Role.ADMIN)
    assert user(c, firm.firm_id, bob.user.id).role is Role.ADMIN
    assert firm.principal(bob.email).permissions == ALL_PERMISSIONS
    [event] = audit_of(c, firm.firm_id, Action.ROLE_CHANGE)
    assert (event.actor_user_id, event.target_id, event.details) == (
        admin_id, str(bob.user.id), {"email": bob.email, "avant": "Collaborateur", "après": "Administrateur"})


def test_setting_the_same_role_again_changes_and_audits_nothing(firm):
    c = firm.container
    bob = invite(firm)
    before = snapshot(c, firm.firm_id)
    users.change_role(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, Role.COLLABORATOR)
    assert snapshot(c, firm.firm_id) == before


def test_a_user_permission_change_is_stored_and_audited_with_the_labels(firm):
    c = firm.container
    admin_id = firm.principal().user.id
    bob = invite(firm)
    grant(firm, bob.user.id, {Permission.INVOICE, Permission.APPROVE_TIME})
    with c.firm_uow(firm.firm_id) as uow:
        assert uow.permissions.user_grants(bob.user.id) == {Permission.INVOICE, Permission.APPROVE_TIME}
    [event] = audit_of(c, firm.firm_id, Action.PERMISSION_CHANGE)
    assert (event.actor_user_id, event.target_id, event.details) == (
        admin_id, str(bob.user.id), {"email": bob.email, "permissions": ["Facturer", "Valider les temps"]})


def test_a_role_permission_change_is_audited_with_the_labels(firm):
    c = firm.container
    settings.set_role_permissions(c.firm_uow(firm.firm_id), firm.principal(), c.clock, Role.COLLABORATOR,
                                  {Permission.SEE_MONEY, Permission.MANAGE_COMPLIANCE})
    event = next(e for e in audit_of(c, firm.firm_id, Action.SETTINGS_CHANGE) if e.target_type == "role")
    assert (event.target_id, event.details) == ("collaborator", {
        "rôle": "Collaborateur",
        "permissions": ["Gérer la conformité LCB-FT", "Voir les honoraires et les taux"]})


def test_user_grants_add_to_the_collaborator_role_grants(firm):
    c = firm.container
    bob = invite(firm)
    assert firm.principal(bob.email).permissions == {Permission.MANAGE_COMPLIANCE}
    grant(firm, bob.user.id, {Permission.APPROVE_TIME})
    assert firm.principal(bob.email).permissions == {Permission.MANAGE_COMPLIANCE, Permission.APPROVE_TIME}
    settings.set_role_permissions(c.firm_uow(firm.firm_id), firm.principal(), c.clock, Role.COLLABORATOR,
                                  {Permission.SEE_MONEY})
    assert firm.principal(bob.email).permissions == {Permission.SEE_MONEY, Permission.APPROVE_TIME}


def test_replacing_user_grants_removes_the_previous_ones(firm):
    bob = invite(firm)
    grant(firm, bob.user.id, {Permission.APPROVE_TIME, Permission.INVOICE})
    grant(firm, bob.user.id, set())
    assert firm.principal(bob.email).permissions == {Permission.MANAGE_COMPLIANCE}


def test_a_client_cannot_be_given_any_permission(firm):
    c = firm.container
    client = invite(firm, Role.CLIENT)
    before = snapshot(c, firm.firm_id)
    message = invalid(users.set_user_permissions, c.firm_uow(firm.firm_id), firm.principal(), c.clock,
                      client.user.id, {Permission.SEE_MONEY})
    assert message == "Un utilisateur du portail client ne peut recevoir aucune permission du cabinet."
    assert snapshot(c, firm.firm_id) == before
    assert firm.principal(client.email).permissions == frozenset()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CLIENT])
def test_only_the_collaborator_role_permissions_are_editable(firm, role):
    c = firm.container
    before = snapshot(c, firm.firm_id)
    message = invalid(settings.set_role_permissions, c.firm_uow(firm.firm_id), firm.principal(), c.clock, role,
                      {Permission.SEE_MONEY})
    assert message.startswith("Seules les permissions du rôle Collaborateur sont modifiables")
    assert snapshot(c, firm.firm_id) == before


def test_a_collaborator_demoted_to_client_loses_every_permission(firm):
    c = firm.container
    bob = invite(firm)
    grant(firm, bob.user.id, {Permission.APPROVE_TIME})
    users.change_role(c.firm_uow(firm.firm_id), firm.principal(), c.clock, bob.user.id, Role.CLIENT)
    assert firm.principal(bob.email).permissions == frozenset()


def test_the_users_of_a_firm_are_the_admin_and_the_invited_ones(firm):
    bob = invite(firm, full_name="Bob Collab")
    assert sorted((u.full_name, u.role) for u in users_of(firm.container, firm.firm_id)) == [
        ("Alice Admin", Role.ADMIN), ("Bob Collab", Role.COLLABORATOR)]
    assert bob.user.firm_id == firm.firm_id
