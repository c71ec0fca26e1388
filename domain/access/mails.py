"""The French e-mails the access module sends (through the outbox)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a mail (a quote's PDF): the exact bytes, stored with the queued message."""

    filename: str
    mime: str
    content: bytes


@dataclass(frozen=True, slots=True)
class Mail:
    recipient: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()


def invitation(email: str, full_name: str, firm_name: str, temporary_password: str, login_url: str) -> Mail:
    return Mail(email, f"Votre accès à EEXPI – {firm_name}", f"""Bonjour {full_name},

Un compte EEXPI vient d'être créé pour vous au sein du cabinet {firm_name}.

Adresse de connexion : {login_url}
Identifiant : {email}
Mot de passe temporaire : {temporary_password}

Ce mot de passe est temporaire : vous devrez le remplacer lors de votre première connexion.

Si vous n'attendiez pas ce message, ignorez-le et prévenez votre cabinet.

-- 
EEXPI
""")


def password_reset(email: str, full_name: str, reset_url: str, valid_minutes: int) -> Mail:
    return Mail(email, "Réinitialisation de votre mot de passe EEXPI", f"""Bonjour {full_name},

Une réinitialisation du mot de passe de votre compte EEXPI a été demandée.

Pour choisir un nouveau mot de passe, ouvrez ce lien (valable {valid_minutes} minutes, une seule fois) :
{reset_url}

Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.

-- 
EEXPI
""")
