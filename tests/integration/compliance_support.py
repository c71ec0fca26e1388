"""Helpers for the LCB-FT assessment tests: a form, a client validated by maker/checker, the gate (on by
default) turned off or on."""

from dataclasses import replace

from domain.access.model import Role
from domain.compliance import services
from domain.compliance.model import AssessmentForm, Criterion, Score
from tests.conftest import unique_email
from tests.integration.support import invite

LOW = {c: Score.LOW for c in Criterion}


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def form(client_id: int, scores=None, reasons=None, justification="Client connu, activité locale.", **more):
    return AssessmentForm(client_id=client_id, scores=scores or dict(LOW), reasons=reasons or {},
                          justification=justification, **more)


def second_partner(firm):
    """Another administrator (every permission), to validate what the first one prepared."""
    return firm.principal(invite(firm, Role.ADMIN, full_name="Paul Associé").email)


def validated(firm, client_id: int, checker=None, **fields):
    """Prepared and submitted by the firm's admin, validated by `checker` (another partner by default)."""
    clock = firm.container.clock
    draft = services.save_draft(uow(firm), firm.principal(), clock, form(client_id, **fields))
    services.submit(uow(firm), firm.principal(), clock, draft.id)
    return services.validate(uow(firm), checker or second_partner(firm), clock, draft.id)


def assessed(firm, client_id: int):
    """A validated assessment for the client of a test about something else (a letter sent for signature, a
    mission started): the gate, on by default, then lets it through. Prepared by the firm's admin, validated by
    another partner of the firm (one added without invitation mail the first time)."""
    with uow(firm) as u:
        admin = firm.principal().user.id
        checker = next((x for x in u.users.list() if x.role is Role.ADMIN and x.is_active and x.id != admin), None)
        if checker is None:
            checker = u.users.add(email=unique_email("associe"), full_name="Paul Associé", role=Role.ADMIN,
                                  grade_id=None, team_id=None, password_hash="-", must_change_password=False,
                                  at=firm.container.clock.now())
            u.commit()
    return validated(firm, client_id, checker=firm.principal(checker.email))


def deactivate_gate(firm):
    """For the tests about a firm that turned the gate off (the default is on)."""
    with uow(firm) as u:
        settings = u.compliance.settings()
    services.save_settings(uow(firm), firm.principal(), firm.container.clock, replace(settings, gate_active=False))


def activate_gate(firm):
    with uow(firm) as u:
        settings = u.compliance.settings()
    services.save_settings(uow(firm), firm.principal(), firm.container.clock, replace(settings, gate_active=True))
