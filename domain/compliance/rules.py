"""The pure rules of LCB-FT assessments: vigilance level, override, maker/checker, review dates and the gate."""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum

from domain.compliance.model import (
    Assessment,
    AssessmentStatus,
    ClientCompliance,
    ComplianceSettings,
    Criterion,
    Level,
    Score,
)
from domain.errors import InvalidInput, PermissionDenied
from domain.formatting import day

MAX_TEXT = 4000


def forcing_reasons(settings: ComplianceSettings, reasons: dict[Criterion, tuple[str, ...]]) -> list[str]:
    """The picked reasons that force the renforcée level (PEP, high-risk country, no face-to-face meeting)."""
    forcing = {(r.criterion, r.label) for r in settings.reasons if r.forces_enhanced}
    return [label for criterion, labels in reasons.items() for label in labels if (criterion, label) in forcing]


def computed_level(settings: ComplianceSettings, scores: dict[Criterion, Score],
                   reasons: dict[Criterion, tuple[str, ...]]) -> Level:
    """The firm's documented rule (see ComplianceSettings): élevé anywhere or a forcing reason → renforcée;
    otherwise the sum of the four scores against the firm's two thresholds."""
    if any(score is Score.HIGH for score in scores.values()) or forcing_reasons(settings, reasons):
        return Level.ENHANCED
    total = sum(int(score) for score in scores.values())
    if total >= settings.enhanced_from:
        return Level.ENHANCED
    return Level.STANDARD if total >= settings.standard_from else Level.SIMPLIFIED


def check_scores(scores: dict) -> dict[Criterion, Score]:
    missing = [c.label for c in Criterion if not isinstance(scores.get(c), Score)]
    if missing:
        raise InvalidInput("Notez chacun des quatre critères (faible, moyen ou élevé) : " + ", ".join(missing) + ".")
    return {c: scores[c] for c in Criterion}


def check_reasons(settings: ComplianceSettings, reasons: dict) -> dict[Criterion, tuple[str, ...]]:
    """Only reasons from the firm's list for the right criterion, each once, in the list's order."""
    checked = {}
    for criterion in Criterion:
        picked = set(reasons.get(criterion, ()))
        allowed = [r.label for r in settings.reasons_for(criterion)]
        unknown = sorted(picked - set(allowed))
        if unknown:
            raise InvalidInput(f"{criterion.label} : motif inconnu de la liste du cabinet : « {unknown[0]} ».")
        checked[criterion] = tuple(label for label in allowed if label in picked)
    return checked


def check_override(level: Level | None, reason: str, may_validate: bool) -> tuple[Level | None, str]:
    """A different level than the computed one: only by a validator (partner), only with a written reason."""
    reason = (reason or "").strip()
    if level is None:
        return None, ""
    if not may_validate:
        raise PermissionDenied("Seul un associé habilité à valider la conformité peut modifier le niveau de "
                               "vigilance calculé.")
    if len(reason) < 10:
        raise InvalidInput("Justifiez par écrit le niveau de vigilance retenu à la place du niveau calculé "
                           "(10 caractères au moins).")
    if len(reason) > MAX_TEXT:
        raise InvalidInput(f"Motif du niveau retenu : {MAX_TEXT} caractères au plus.")
    return level, reason


def check_validator(assessment: Assessment, validator_id: int | None) -> None:
    """Maker/checker: only a submitted assessment, and never by the person who prepared it."""
    if assessment.status is not AssessmentStatus.SUBMITTED:
        raise InvalidInput(f"Seule une évaluation soumise peut être validée (celle-ci est « "
                           f"{assessment.status.label.lower()} »).")
    if validator_id is not None and validator_id == assessment.prepared_by:
        raise PermissionDenied("La personne qui a préparé l'évaluation ne peut pas la valider : un autre associé "
                               "habilité doit le faire.")


def check_editable(assessment: Assessment) -> None:
    if assessment.status is AssessmentStatus.VALIDATED:
        raise InvalidInput("Une évaluation validée ne peut plus être modifiée : créez une nouvelle évaluation, "
                           "qui la remplacera une fois validée.")


def add_months(start: date, months: int) -> date:
    """Same day `months` later, the month's last day when it is shorter (29/02 + 12 months → 28/02)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def next_review(settings: ComplianceSettings, level: Level, validated_on: date) -> date:
    return add_months(validated_on, settings.review_months[level])


class ReviewState(StrEnum):
    MISSING = "manquante"
    OVERDUE = "en_retard"
    DUE_SOON = "a_prevoir"
    CURRENT = "a_jour"

    @property
    def label(self) -> str:
        return {"manquante": "Aucune évaluation validée", "en_retard": "Revue en retard",
                "a_prevoir": "Revue à prévoir", "a_jour": "À jour"}[self.value]


SOON_DAYS = 60


def review_due(item: ClientCompliance) -> date | None:
    """The earlier of the scheduled review and the due date of an open event flag; None without assessment."""
    if item.current is None:
        return None
    dates = [item.current.next_review_on] if item.current.next_review_on else []
    dates += [flag.due_on for flag in item.flags if flag.cleared_on is None]
    return min(dates) if dates else None


def review_state(item: ClientCompliance, today: date) -> ReviewState:
    due = review_due(item)
    if item.current is None:
        return ReviewState.MISSING
    if due is not None and due < today:
        return ReviewState.OVERDUE
    if due is not None and (due - today).days <= SOON_DAYS:
        return ReviewState.DUE_SOON
    return ReviewState.CURRENT


def reviews_to_do(items: list[ClientCompliance], today: date) -> list[ClientCompliance]:
    """"Revues à faire": overdue first (oldest due date first), then clients never validated, then reviews due
    within SOON_DAYS days; by client name within each."""
    order = {ReviewState.OVERDUE: 0, ReviewState.MISSING: 1, ReviewState.DUE_SOON: 2}
    todo = [i for i in items if review_state(i, today) in order]
    return sorted(todo, key=lambda i: (order[review_state(i, today)], review_due(i) or date.max,
                                       i.client_name.casefold(), i.client_id))


def blocking_reason(settings: ComplianceSettings, item: ClientCompliance, today: date, what: str) -> str | None:
    """Why `what` ("l'envoi de la lettre de mission", "le démarrage de la mission") is refused, or None."""
    if not settings.gate_active:
        return None
    state = review_state(item, today)
    if state is ReviewState.MISSING:
        return (f"LCB-FT : {what} est bloqué tant que le client « {item.client_name} » n'a pas d'évaluation des "
                "risques validée (page Conformité LCB-FT).")
    if state is ReviewState.OVERDUE:
        return (f"LCB-FT : {what} est bloqué : la revue de l'évaluation des risques du client « {item.client_name} »"
                f" est en retard depuis le {day(review_due(item))} (page Conformité LCB-FT).")
    return None
