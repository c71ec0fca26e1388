"""LCB-FT assessments: prepare (brouillon), submit (soumise), validate (validée) by another person with the
"valider la conformité" permission; review flags on events; confidential notes; the firm's settings; the gate
consulted by the letters and the missions.

Permissions: reading and preparing need MANAGE_COMPLIANCE; validating and overriding the computed level need
VALIDATE_COMPLIANCE; the settings need ADMINISTER. Every change is audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock
from domain.compliance import rules
from domain.compliance.model import (
    Assessment,
    AssessmentForm,
    AssessmentStatus,
    ClientCompliance,
    ComplianceNote,
    ComplianceSettings,
    Level,
    NoteKind,
)
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_admin, require_staff
from domain.formatting import day
from domain.ports import FirmUnitOfWork


def _summary(assessment: Assessment) -> dict:
    return {"client": assessment.client_name, **{c.label: s.label for c, s in assessment.scores.items()},
            "niveau calculé": assessment.computed_level.label, "niveau retenu": assessment.level.label}


def _client(uow: FirmUnitOfWork, client_id: int):
    client = uow.clients.get(client_id)
    if client is None:
        raise NotFound("Client introuvable dans ce cabinet.")
    return client


def _assessment(uow: FirmUnitOfWork, assessment_id: int) -> Assessment:
    found = uow.compliance.get(assessment_id)
    if found is None:
        raise NotFound("Évaluation LCB-FT introuvable dans ce cabinet.")
    return found


def _checked(settings: ComplianceSettings, form: AssessmentForm, principal: Principal | None):
    scores = rules.check_scores(form.scores)
    reasons = rules.check_reasons(settings, form.reasons)
    justification = (form.justification or "").strip()
    if len(justification) > rules.MAX_TEXT:
        raise InvalidInput(f"Justification : {rules.MAX_TEXT} caractères au plus.")
    may_validate = principal is None or principal.can(Permission.VALIDATE_COMPLIANCE)
    override, why = rules.check_override(form.override_level, form.override_reason, may_validate)
    computed = rules.computed_level(settings, scores, reasons)
    if override is computed:
        override, why = None, ""  # the same level as the rule's: nothing is overridden
    return scores, reasons, justification, computed, override, why


def save_draft(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, form: AssessmentForm,
               assessment_id: int | None = None) -> Assessment:
    """Create a new assessment (brouillon) for the client, or change one that is not validated yet."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        client = _client(uow, form.client_id)
        settings = uow.compliance.settings()
        scores, reasons, justification, computed, override, why = _checked(settings, form, principal)
        now = clock.now()
        if assessment_id is None:
            author = actor_id(principal)
            if author is None:
                raise InvalidInput("Une évaluation est préparée par une personne du cabinet.")
            saved = uow.compliance.add(Assessment(
                id=0, client_id=client.id, status=AssessmentStatus.DRAFT, scores=scores, reasons=reasons,
                justification=justification, computed_level=computed, override_level=override,
                override_reason=why, prepared_by=author, created_at=now), at=now)
            action = Action.ASSESSMENT_CREATE
        else:
            before = _assessment(uow, assessment_id)
            if before.client_id != client.id:
                raise NotFound("Évaluation LCB-FT introuvable pour ce client.")
            rules.check_editable(before)
            saved = replace(before, scores=scores, reasons=reasons, justification=justification,
                            computed_level=computed, override_level=override, override_reason=why)
            if not uow.compliance.update_open(saved, at=now):
                raise InvalidInput("Cette évaluation vient d'être validée : elle ne peut plus être modifiée.")
            action = Action.ASSESSMENT_UPDATE
        saved = replace(saved, client_name=client.name)
        details = _summary(saved) | ({"motif du niveau retenu": why} if override else {})
        uow.audit.record(action, actor_id(principal), "assessment", str(saved.id), details, at=now)
        uow.commit()
    return _get(uow, saved.id)


def _get(uow: FirmUnitOfWork, assessment_id: int) -> Assessment:
    with uow:
        return _assessment(uow, assessment_id)


def submit(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, assessment_id: int) -> Assessment:
    """The preparer hands the draft over for validation."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        assessment = _assessment(uow, assessment_id)
        if assessment.status is not AssessmentStatus.DRAFT:
            raise InvalidInput(f"Seul un brouillon peut être soumis (cette évaluation est « "
                               f"{assessment.status.label.lower()} »).")
        if not assessment.justification:
            raise InvalidInput("Rédigez la justification de l'évaluation avant de la soumettre à validation.")
        now = clock.now()
        uow.compliance.set_submitted(assessment_id, at=now)
        uow.audit.record(Action.ASSESSMENT_SUBMIT, actor_id(principal), "assessment", str(assessment_id),
                         _summary(assessment), at=now)
        uow.commit()
    return _get(uow, assessment_id)


def validate(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, assessment_id: int,
             override_level: Level | None = None, override_reason: str = "") -> Assessment:
    """A partner who did not prepare it validates the submitted assessment, possibly retaining another level
    with a written reason. It becomes the client's current assessment (immutable), its next review is
    scheduled from the level, and the client's open review flags are cleared."""
    require_staff(uow, principal, Permission.VALIDATE_COMPLIANCE)
    with uow:
        assessment = _assessment(uow, assessment_id)
        if actor_id(principal) is None:
            raise InvalidInput("Une évaluation est validée par un associé du cabinet, pas par la ligne de commande.")
        rules.check_validator(assessment, actor_id(principal))
        if override_level is None and assessment.override_level is not None:
            override_level, override_reason = assessment.override_level, assessment.override_reason
        override, why = rules.check_override(override_level, override_reason, True)
        if override is assessment.computed_level:
            override, why = None, ""
        settings = uow.compliance.settings()
        today, now = clock.today(), clock.now()
        level = override or assessment.computed_level
        next_on = rules.next_review(settings, level, today)
        if not uow.compliance.set_validated(assessment_id, actor_id(principal), today, next_on, override, why,
                                            at=now):
            raise InvalidInput("Cette évaluation n'est plus soumise : rechargez la page.")
        cleared = uow.compliance.clear_flags(assessment.client_id, today)
        validated = replace(assessment, override_level=override, override_reason=why)
        uow.audit.record(Action.ASSESSMENT_VALIDATE, actor_id(principal), "assessment", str(assessment_id),
                         _summary(validated) | {"prochaine revue": day(next_on), "revues demandées levées":
                                                str(cleared)} | ({"motif du niveau retenu": why} if override
                                                                  else {}), at=now)
        uow.commit()
    return _get(uow, assessment_id)


def flag_for_review(uow: FirmUnitOfWork, client_id: int, reason: str, on: date, *,
                    actor: int | None = None, at: datetime | None = None) -> int:
    """An event calls for a new assessment of the client (new mission, new beneficial owner, a country list
    change): its review becomes due `flag_grace_days` after `on` unless a validation comes first. Runs inside the
    caller's transaction (the caller commits); audited."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput("Indiquez pourquoi une revue LCB-FT est demandée.")
    client = _client(uow, client_id)
    settings = uow.compliance.settings()
    due = on + timedelta(days=settings.flag_grace_days)
    flag_id = uow.compliance.flag(client_id, reason, on, due)
    uow.audit.record(Action.COMPLIANCE_REVIEW_FLAG, actor, "client", str(client_id),
                     {"client": client.name, "motif": reason, "revue avant le": day(due)},
                     at=at or datetime.combine(on, time(12), tzinfo=UTC))  # the event's day when no clock
    return flag_id


def client_compliance(uow: FirmUnitOfWork, principal: Principal | None, client_id: int) -> ClientCompliance:
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        found = uow.compliance.overview(client_id)
        if not found:
            raise NotFound("Client introuvable dans ce cabinet.")
        return found[0]


def overview(uow: FirmUnitOfWork, principal: Principal | None) -> list[ClientCompliance]:
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        return uow.compliance.overview()


def history(uow: FirmUnitOfWork, principal: Principal | None, client_id: int) -> list[Assessment]:
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        return uow.compliance.of_client(client_id)


def settings_of(uow: FirmUnitOfWork, principal: Principal | None) -> ComplianceSettings:
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        return uow.compliance.settings()


def save_settings(uow: FirmUnitOfWork, principal: Principal, clock: Clock, settings: ComplianceSettings) -> None:
    """The vigilance rule's thresholds, the review periods, the reasons and the gate (administrators)."""
    require_admin(uow, principal)
    if not 4 <= settings.standard_from <= settings.enhanced_from <= 12:
        raise InvalidInput("Seuils invalides : il faut 4 ≤ seuil « standard » ≤ seuil « renforcée » ≤ 12 (somme "
                           "des quatre notes).")
    if any(not 1 <= months <= 60 for months in settings.review_months.values()) or set(
            settings.review_months) != set(Level):
        raise InvalidInput("Périodicité des revues : entre 1 et 60 mois pour chacun des trois niveaux.")
    if not 1 <= settings.flag_grace_days <= 365:
        raise InvalidInput("Délai de revue après un événement : entre 1 et 365 jours.")
    if len({(r.criterion, r.label) for r in settings.reasons}) != len(settings.reasons) or any(
            not r.label.strip() for r in settings.reasons):
        raise InvalidInput("Motifs : un libellé non vide, une seule fois par critère.")
    with uow:
        before = uow.compliance.settings()
        now = clock.now()
        uow.compliance.save_settings(settings, at=now)
        uow.audit.record(Action.COMPLIANCE_SETTINGS, actor_id(principal), "compliance", "settings", {
            "seuil standard": f"{before.standard_from} → {settings.standard_from}",
            "seuil renforcée": f"{before.enhanced_from} → {settings.enhanced_from}",
            "revues (mois)": " / ".join(str(settings.review_months[lv]) for lv in Level),
            "blocage actif": f"{_yes_no(before.gate_active)} → {_yes_no(settings.gate_active)}",
            "motifs": str(len(settings.reasons))},
            at=now)
        uow.commit()


def _yes_no(flag: bool) -> str:
    return "oui" if flag else "non"


# --- confidential notes ------------------------------------------------------------------------------------

def add_note(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int, kind: NoteKind,
             text: str, on: date | None = None) -> ComplianceNote:
    """An entry of the examen renforcé log or a confidential note (suspicion analysis); append only. The text
    is not written in the audit log (it is confidential), only that a note was added."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    text = (text or "").strip()
    if not text:
        raise InvalidInput("La note est vide.")
    if len(text) > rules.MAX_TEXT:
        raise InvalidInput(f"Note : {rules.MAX_TEXT} caractères au plus.")
    if not isinstance(kind, NoteKind):
        raise InvalidInput("Type de note inconnu.")
    with uow:
        client = _client(uow, client_id)
        now = clock.now()
        note = uow.compliance.add_note(ComplianceNote(0, client_id, kind, on or clock.today(), actor_id(principal),
                                                      text, now))
        uow.audit.record(Action.COMPLIANCE_NOTE, actor_id(principal), "client", str(client_id),
                         {"client": client.name, "type": kind.label, "date": day(note.on)}, at=now)
        uow.commit()
        return note


def notes(uow: FirmUnitOfWork, principal: Principal | None, client_id: int) -> list[ComplianceNote]:
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        return uow.compliance.notes(client_id)


# --- the gate ----------------------------------------------------------------------------------------------

def check_gate(uow: FirmUnitOfWork, client_id: int, today: date, what: str) -> None:
    """Inside the caller's transaction: refuse `what` while the client has no validated assessment or an overdue
    one (when the firm's gate is active)."""
    settings = uow.compliance.settings()
    if not settings.gate_active:
        return
    found = uow.compliance.overview(client_id)
    if found and (reason := rules.blocking_reason(settings, found[0], today, what)):
        raise InvalidInput(reason)
