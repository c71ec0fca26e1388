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
    CONTACT_CREATE = "contact_create"
    CONTACT_UPDATE = "contact_update"
    CONTACT_DELETE = "contact_delete"
    GROUP_CREATE = "group_create"
    GROUP_UPDATE = "group_update"
    GROUP_DELETE = "group_delete"
    PROSPECT_CREATE = "prospect_create"
    PROSPECT_UPDATE = "prospect_update"
    PROSPECT_STAGE = "prospect_stage"
    PROSPECT_CONVERT = "prospect_convert"
    MISSION_TYPE_CREATE = "mission_type_create"
    MISSION_TYPE_UPDATE = "mission_type_update"
    QUOTE_CREATE = "quote_create"
    QUOTE_UPDATE = "quote_update"
    QUOTE_SEND = "quote_send"
    QUOTE_REVISE = "quote_revise"
    QUOTE_ACCEPT = "quote_accept"
    QUOTE_REFUSE = "quote_refuse"
    QUOTE_EXPIRE = "quote_expire"
    LETTER_TEMPLATE_UPDATE = "letter_template_update"
    LETTER_CREATE = "letter_create"
    LETTER_UPDATE = "letter_update"
    LETTER_SEND = "letter_send"
    LETTER_SIGN = "letter_sign"
    LETTER_REFUSE = "letter_refuse"
    LETTER_EXPIRE = "letter_expire"
    LETTER_AMEND = "letter_amend"
    ENGAGEMENT_ACTIVATE = "engagement_activate"
    CREDENTIALS_CHANGE = "credentials_change"
    TIME_SUBMIT = "time_submit"
    TIME_APPROVE = "time_approve"
    TIME_REJECT = "time_reject"
    DEADLINES_GENERATE = "deadlines_generate"
    DEADLINE_DONE = "deadline_done"
    DEADLINE_REOPEN = "deadline_reopen"
    DEADLINES_ALERT = "deadlines_alert"
    ABSENCE_CREATE = "absence_create"
    ABSENCE_DELETE = "absence_delete"
    MISSION_CREATE = "mission_create"
    MISSION_UPDATE = "mission_update"
    TASK_UPDATE = "task_update"
    INVOICE_DRAFT_CREATE = "invoice_draft_create"
    INVOICE_DRAFT_UPDATE = "invoice_draft_update"
    INVOICE_DRAFT_DELETE = "invoice_draft_delete"
    INVOICE_ISSUE = "invoice_issue"
    INVOICE_CREDIT = "invoice_credit"
    INVOICE_PDF_RENDER = "invoice_pdf_render"
    # collections (payments, bank matching, reminders)
    PAYMENT_RECORD = "payment_record"
    PAYMENT_CANCEL = "payment_cancel"
    BANK_IMPORT = "bank_import"
    BANK_LINE_IGNORE = "bank_line_ignore"
    REMINDER_SEND = "reminder_send"
    REMINDER_LEVELS_CHANGE = "reminder_levels_change"
    LEGAL_RATES_CHANGE = "legal_rates_change"
    # Chorus Pro
    CHORUS_DEPOSIT = "chorus_deposit"
    CHORUS_STATUS = "chorus_status"
    ENGAGEMENT_CHORUS_CODES = "engagement_chorus_codes"
    # sales journal, exports, fee indexation
    LEDGER_EXPORT = "ledger_export"
    INVOICES_EXPORT = "invoices_export"
    FEE_REVISION = "fee_revision"
    # LCB-FT assessments and reviews
    ASSESSMENT_CREATE = "assessment_create"
    ASSESSMENT_UPDATE = "assessment_update"
    ASSESSMENT_SUBMIT = "assessment_submit"
    ASSESSMENT_VALIDATE = "assessment_validate"
    COMPLIANCE_REVIEW_FLAG = "compliance_review_flag"
    COMPLIANCE_NOTE = "compliance_note"
    COMPLIANCE_SETTINGS = "compliance_settings"
    COMPLIANCE_REMINDERS = "compliance_reminders"
    # LCB-FT parties: beneficial owners, PEP, countries, identity evidence
    PARTY_CREATE = "party_create"
    PARTY_UPDATE = "party_update"
    PARTY_DELETE = "party_delete"
    RBE_DIVERGENCE = "rbe_divergence"
    CLIENT_COUNTRIES_CHANGE = "client_countries_change"
    RISK_COUNTRIES_CHANGE = "risk_countries_change"
    EVIDENCE_UPLOAD = "evidence_upload"
    # LCB-FT retention and inspection export
    RELATIONSHIP_END = "relationship_end"
    RELATIONSHIP_RESUME = "relationship_resume"
    COMPLIANCE_PURGE = "compliance_purge"
    COMPLIANCE_EXPORT = "compliance_export"

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
    Action.CONTACT_CREATE: "Ajout d'un contact",
    Action.CONTACT_UPDATE: "Modification d'un contact",
    Action.CONTACT_DELETE: "Suppression d'un contact",
    Action.GROUP_CREATE: "Création d'un groupe",
    Action.GROUP_UPDATE: "Modification d'un groupe",
    Action.GROUP_DELETE: "Suppression d'un groupe",
    Action.PROSPECT_CREATE: "Création d'un prospect",
    Action.PROSPECT_UPDATE: "Modification d'un prospect",
    Action.PROSPECT_STAGE: "Changement d'étape d'un prospect",
    Action.PROSPECT_CONVERT: "Prospect devenu client",
    Action.MISSION_TYPE_CREATE: "Création d'un type de mission",
    Action.MISSION_TYPE_UPDATE: "Modification d'un type de mission",
    Action.QUOTE_CREATE: "Création d'un devis",
    Action.QUOTE_UPDATE: "Modification d'un devis",
    Action.QUOTE_SEND: "Envoi d'un devis",
    Action.QUOTE_REVISE: "Nouvelle version d'un devis",
    Action.QUOTE_ACCEPT: "Acceptation d'un devis",
    Action.QUOTE_REFUSE: "Refus d'un devis",
    Action.QUOTE_EXPIRE: "Expiration d'un devis",
    Action.LETTER_TEMPLATE_UPDATE: "Modification d'un modèle de lettre",
    Action.LETTER_CREATE: "Création d'une lettre de mission",
    Action.LETTER_UPDATE: "Modification d'une lettre de mission",
    Action.LETTER_SEND: "Lettre de mission envoyée pour signature",
    Action.LETTER_SIGN: "Lettre de mission signée",
    Action.LETTER_REFUSE: "Lettre de mission refusée",
    Action.LETTER_EXPIRE: "Lettre de mission expirée",
    Action.LETTER_AMEND: "Avenant à une lettre de mission",
    Action.ENGAGEMENT_ACTIVATE: "Activation d'une mission (lettre signée)",
    Action.CREDENTIALS_CHANGE: "Modification des identifiants d'intégration",
    Action.TIME_SUBMIT: "Semaine de temps soumise",
    Action.TIME_APPROVE: "Semaine de temps validée",
    Action.TIME_REJECT: "Semaine de temps renvoyée",
    Action.DEADLINES_GENERATE: "Génération des échéances",
    Action.DEADLINE_DONE: "Échéance marquée faite",
    Action.DEADLINE_REOPEN: "Échéance rouverte",
    Action.DEADLINES_ALERT: "Alertes d'échéances envoyées par courriel",
    Action.ABSENCE_CREATE: "Saisie d'une absence",
    Action.ABSENCE_DELETE: "Suppression d'une absence",
    Action.MISSION_CREATE: "Création d'une mission",
    Action.MISSION_UPDATE: "Modification d'une mission",
    Action.TASK_UPDATE: "Modification d'une tâche",
    Action.INVOICE_DRAFT_CREATE: "Création d'un brouillon de facture",
    Action.INVOICE_DRAFT_UPDATE: "Modification d'un brouillon de facture",
    Action.INVOICE_DRAFT_DELETE: "Suppression d'un brouillon de facture",
    Action.INVOICE_ISSUE: "Émission d'une facture",
    Action.INVOICE_CREDIT: "Émission d'un avoir",
    Action.INVOICE_PDF_RENDER: "Génération différée du PDF d'une facture émise",
    Action.PAYMENT_RECORD: "Enregistrement d'un paiement",
    Action.PAYMENT_CANCEL: "Annulation d'un paiement",
    Action.BANK_IMPORT: "Import d'un relevé bancaire",
    Action.BANK_LINE_IGNORE: "Ligne de relevé ignorée",
    Action.REMINDER_SEND: "Envoi d'une relance",
    Action.REMINDER_LEVELS_CHANGE: "Modification des niveaux de relance",
    Action.LEGAL_RATES_CHANGE: "Modification des taux d'intérêt légal",
    Action.CHORUS_DEPOSIT: "Dépôt d'une facture sur Chorus Pro",
    Action.CHORUS_STATUS: "Nouveau statut Chorus Pro d'une facture",
    Action.ENGAGEMENT_CHORUS_CODES: "Codes Chorus Pro d'une mission",
    Action.LEDGER_EXPORT: "Export du journal des ventes (FEC)",
    Action.INVOICES_EXPORT: "Export des factures émises",
    Action.FEE_REVISION: "Révision des honoraires selon l'indice",
    Action.ASSESSMENT_CREATE: "Création d'une évaluation LCB-FT",
    Action.ASSESSMENT_UPDATE: "Modification d'une évaluation LCB-FT",
    Action.ASSESSMENT_SUBMIT: "Évaluation LCB-FT soumise à validation",
    Action.ASSESSMENT_VALIDATE: "Validation d'une évaluation LCB-FT",
    Action.COMPLIANCE_REVIEW_FLAG: "Revue LCB-FT demandée",
    Action.COMPLIANCE_NOTE: "Note LCB-FT confidentielle",
    Action.COMPLIANCE_SETTINGS: "Modification des paramètres LCB-FT",
    Action.COMPLIANCE_REMINDERS: "Rappels de revues LCB-FT envoyés par courriel",
    Action.PARTY_CREATE: "Ajout d'un bénéficiaire effectif ou d'une personne liée",
    Action.PARTY_UPDATE: "Modification d'un bénéficiaire effectif ou d'une personne liée",
    Action.PARTY_DELETE: "Retrait d'un bénéficiaire effectif ou d'une personne liée",
    Action.RBE_DIVERGENCE: "Divergence avec le RBE à signaler au greffe",
    Action.CLIENT_COUNTRIES_CHANGE: "Modification des pays d'un client",
    Action.RISK_COUNTRIES_CHANGE: "Modification des listes de pays à haut risque",
    Action.EVIDENCE_UPLOAD: "Ajout d'une pièce d'identité ou d'un extrait",
    Action.RELATIONSHIP_END: "Fin de la relation d'affaires (conservation LCB-FT de 5 ans)",
    Action.RELATIONSHIP_RESUME: "Reprise de la relation d'affaires",
    Action.COMPLIANCE_PURGE: "Suppression des données LCB-FT après 5 ans de conservation",
    Action.COMPLIANCE_EXPORT: "Export des évaluations LCB-FT",
}


TARGET_LABELS = {"user": "Utilisateur", "firm": "Cabinet", "team": "Équipe", "grade": "Grade",
                 "grade_rate": "Taux horaire", "numbering_series": "Numérotation", "role": "Rôle",
                 "syntec_index": "Indice SYNTEC", "client": "Client", "contact": "Contact",
                 "client_group": "Groupe", "prospect": "Prospect", "mission_type": "Type de mission",
                 "quote": "Devis", "letter_template": "Modèle de lettre", "letter": "Lettre de mission",
                 "engagement": "Engagement", "integration": "Intégration", "mission": "Mission",
                 "task": "Tâche", "absence": "Absence",
                 "deadline": "Échéance", "deadlines": "Échéances", "invoice": "Facture", "ledger": "Journal des ventes",
                 "payment": "Paiement", "bank_statement": "Relevé bancaire", "bank_line": "Ligne de relevé",
                 "reminder_levels": "Niveaux de relance", "legal_rates": "Taux d'intérêt légal",
                 "party": "Personne (LCB-FT)", "risk_country": "Pays à haut risque",
                 "evidence": "Pièce justificative", "assessment": "Évaluation LCB-FT",
                 "compliance": "Conformité LCB-FT"}


def describe_target(target_type: str, target_id: str, user_names: dict[int, str]) -> str:
    """"Utilisateur : Claire Verger" rather than "user 1"."""
    label = TARGET_LABELS.get(target_type, target_type)
    if target_type == "user" and target_id.isdigit() and int(target_id) in user_names:
        return f"{label} : {user_names[int(target_id)]}"
    return label


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """An event about to be recorded among others of one actor at one moment (AuditEvent: one read back)."""

    action: Action
    target_type: str
    target_id: str
    details: dict


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
