"""LCB-FT risk assessments: the four criteria of the professional norm (NPLAB), the vigilance level, the review
schedule and the firm's settings.

A collaborator prepares an assessment (brouillon), submits it (soumise), and a user with the "valider la
conformité" permission who did not prepare it validates it (validée). A validated assessment is never changed:
a client's current assessment is its latest validated one, and a new assessment supersedes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum


class Criterion(StrEnum):
    CLIENT = "client"
    ACTIVITY = "activite"
    LOCATION = "localisation"
    MISSIONS = "missions"

    @property
    def label(self) -> str:
        return {"client": "Caractéristiques du client", "activite": "Activité", "localisation": "Localisation",
                "missions": "Missions confiées"}[self.value]


class Score(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return {1: "Faible", 2: "Moyen", 3: "Élevé"}[self.value]


class Level(StrEnum):
    SIMPLIFIED = "simplifiee"
    STANDARD = "standard"
    ENHANCED = "renforcee"

    @property
    def label(self) -> str:
        return {"simplifiee": "Simplifiée", "standard": "Standard", "renforcee": "Renforcée"}[self.value]

    @property
    def rank(self) -> int:
        return {"simplifiee": 0, "standard": 1, "renforcee": 2}[self.value]


class AssessmentStatus(StrEnum):
    DRAFT = "brouillon"
    SUBMITTED = "soumise"
    VALIDATED = "validee"

    @property
    def label(self) -> str:
        return {"brouillon": "Brouillon", "soumise": "Soumise", "validee": "Validée"}[self.value]


class NoteKind(StrEnum):
    ENHANCED_REVIEW = "examen_renforce"
    CONFIDENTIAL = "note_confidentielle"

    @property
    def label(self) -> str:
        return {"examen_renforce": "Examen renforcé", "note_confidentielle": "Note confidentielle"}[self.value]


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason a preparer may pick for a criterion; `forces_enhanced` reasons (PEP, high-risk country,
    relationship without face-to-face meeting: CMF L561-10) lead to the renforcée level whatever the scores."""

    criterion: Criterion
    label: str
    forces_enhanced: bool = False


DEFAULT_REASONS: tuple[Reason, ...] = (
    Reason(Criterion.CLIENT, "Personne politiquement exposée (PPE) ou proche", True),
    Reason(Criterion.CLIENT, "Structure juridique complexe ou opaque"),
    Reason(Criterion.CLIENT, "Bénéficiaire effectif difficile à identifier"),
    Reason(Criterion.CLIENT, "Relation d'affaires sans rencontre physique", True),
    Reason(Criterion.CLIENT, "Client connu de longue date, dirigeant identifié"),
    Reason(Criterion.ACTIVITY, "Activité à forte intensité d'espèces"),
    Reason(Criterion.ACTIVITY, "Secteur sensible (immobilier, BTP, négoce de biens de valeur…)"),
    Reason(Criterion.ACTIVITY, "Activité réglementée et transparente"),
    Reason(Criterion.LOCATION, "Pays à haut risque (listes GAFI ou UE)", True),
    Reason(Criterion.LOCATION, "Opérations ou associés à l'étranger"),
    Reason(Criterion.LOCATION, "Implantation locale, activité en France"),
    Reason(Criterion.MISSIONS, "Opérations inhabituelles ou sans justification économique apparente"),
    Reason(Criterion.MISSIONS, "Maniement de fonds pour le compte du client"),
    Reason(Criterion.MISSIONS, "Missions courantes (tenue, comptes annuels, paie)"),
)


@dataclass(frozen=True, slots=True)
class ComplianceSettings:
    """The firm's vigilance rule and review periods, its reason lists, and whether the gate is active.

    The rule (`rules.computed_level`): a criterion scored élevé, or a reason that forces it, gives renforcée;
    otherwise the sum of the four scores (4 to 12) gives renforcée from `enhanced_from`, standard from
    `standard_from`, simplifiée below."""

    standard_from: int = 6
    enhanced_from: int = 8
    review_months: dict[Level, int] = field(default_factory=lambda: {
        Level.ENHANCED: 12, Level.STANDARD: 24, Level.SIMPLIFIED: 36})
    reasons: tuple[Reason, ...] = DEFAULT_REASONS
    # On unless an administrator turns it off (Paramètres of the Conformité page): the norm forbids sending the
    # engagement letter or starting a mission before the client's risk assessment (issue 7). A firm without a
    # settings row gets this default; a stored row keeps what the firm chose.
    gate_active: bool = True
    flag_grace_days: int = 30  # an event (new mission, new beneficial owner…) calls for a review within this

    def reasons_for(self, criterion: Criterion) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.criterion is criterion)


@dataclass(frozen=True, slots=True)
class AssessmentForm:
    """What the preparer types; `override_level`/`override_reason` only by a validator (partner)."""

    client_id: int
    scores: dict[Criterion, Score]
    reasons: dict[Criterion, tuple[str, ...]] = field(default_factory=dict)
    justification: str = ""
    override_level: Level | None = None
    override_reason: str = ""


@dataclass(frozen=True, slots=True)
class Assessment:
    id: int
    client_id: int
    status: AssessmentStatus
    scores: dict[Criterion, Score]
    reasons: dict[Criterion, tuple[str, ...]]
    justification: str
    computed_level: Level
    override_level: Level | None
    override_reason: str
    prepared_by: int
    created_at: datetime
    submitted_at: datetime | None = None
    validated_by: int | None = None
    validated_at: datetime | None = None
    validated_on: date | None = None
    next_review_on: date | None = None
    client_name: str = ""

    @property
    def level(self) -> Level:
        return self.override_level or self.computed_level

    @property
    def total(self) -> int:
        return sum(int(s) for s in self.scores.values())


@dataclass(frozen=True, slots=True)
class ReviewFlag:
    id: int
    client_id: int
    reason: str
    flagged_on: date
    due_on: date
    cleared_on: date | None = None


@dataclass(frozen=True, slots=True)
class ComplianceNote:
    id: int
    client_id: int
    kind: NoteKind
    on: date
    author_id: int | None
    text: str
    created_at: datetime
    author_name: str = ""


@dataclass(frozen=True, slots=True)
class ClientCompliance:
    """One line of the Conformité LCB-FT list: a client with its current (latest validated) assessment, its
    latest assessment in progress, and its open review flags."""

    client_id: int
    client_name: str
    client_siren: str | None
    manager_id: int | None
    current: Assessment | None
    pending: Assessment | None
    flags: tuple[ReviewFlag, ...] = ()
