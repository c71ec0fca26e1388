"""What the audit log records: who did what to which record, and when."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Action(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSWORD_CHANGE = "password_change"
    PASSWORD_RESET_REQUEST = "password_reset_request"
    PASSWORD_RESET = "password_reset"
    USER_INVITE = "user_invite"
    USER_DEACTIVATE = "user_deactivate"
    USER_REACTIVATE = "user_reactivate"
    ROLE_CHANGE = "role_change"
    PERMISSION_CHANGE = "permission_change"
    SETTINGS_CHANGE = "settings_change"
    CLIENT_CREATE = "client_create"
    CLIENT_UPDATE = "client_update"
    CLIENT_ARCHIVE = "client_archive"
    CLIENT_RESTORE = "client_restore"
    CLIENT_IMPORT = "client_import"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.LOGIN: "Connexion",
    Action.LOGIN_FAILED: "Échec de connexion",
    Action.LOGOUT: "Déconnexion",
    Action.PASSWORD_CHANGE: "Changement de mot de passe",
    Action.PASSWORD_RESET_REQUEST: "Demande de réinitialisation",
    Action.PASSWORD_RESET: "Réinitialisation du mot de passe",
    Action.USER_INVITE: "Invitation d'un utilisateur",
    Action.USER_DEACTIVATE: "Désactivation d'un utilisateur",
    Action.USER_REACTIVATE: "Réactivation d'un utilisateur",
    Action.ROLE_CHANGE: "Changement de rôle",
    Action.PERMISSION_CHANGE: "Changement de permissions",
    Action.SETTINGS_CHANGE: "Modification des paramètres",
    Action.CLIENT_CREATE: "Création d'un client",
    Action.CLIENT_UPDATE: "Modification d'un client",
    Action.CLIENT_ARCHIVE: "Archivage d'un client",
    Action.CLIENT_RESTORE: "Restauration d'un client",
    Action.CLIENT_IMPORT: "Import de clients",
}


TARGET_LABELS = {"user": "Utilisateur", "firm": "Cabinet", "team": "Équipe", "grade": "Grade",
                 "grade_rate": "Taux horaire", "numbering_series": "Numérotation", "role": "Rôle",
                 "syntec_index": "Indice SYNTEC", "client": "Client"}


def describe_target(target_type: str, target_id: str, user_names: dict[int, str]) -> str:
    """"Utilisateur : Claire Verger" rather than "user 1"."""
    label = TARGET_LABELS.get(target_type, target_type)
    if target_type == "user" and target_id.isdigit() and int(target_id) in user_names:
        return f"{label} : {user_names[int(target_id)]}"
    return label


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: datetime
    action: Action
    actor_user_id: int | None
    actor_label: str
    target_type: str
    target_id: str
    details: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: Action | None = None
    actor_user_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 500
