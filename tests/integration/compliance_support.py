"""Helpers for the LCB-FT assessment tests: a form, and a client validated by maker/checker."""

from dataclasses import replace

from domain.access.model import Role
from domain.compliance import services
from domain.compliance.model import AssessmentForm, Criterion, Score
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


def activate_gate(firm):
    with uow(firm) as u:
        settings = u.compliance.settings()
    services.save_settings(uow(firm), firm.principal(), firm.container.clock, replace(settings, gate_active=True))
