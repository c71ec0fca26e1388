"""Status rules of a letter: Brouillon → À signer → Signée / Refusée / Expirée; Remplacée when revised.

- a draft is edited in place and put up for signature (its HTML and PDF are then frozen);
- a letter À signer is signed (uploaded or through Yousign), refused, expires after its date, or is revised:
  the revision is version + 1 (a draft with the same number) and the old version becomes Remplacée;
- a refused or expired letter may also be revised (it keeps its status);
- only a signed letter (not an amendment) can be amended; the amendment has its own number and lifecycle.
"""

from datetime import date, timedelta

from domain.errors import InvalidInput
from domain.letters.model import EngagementLetter, LetterKind, LetterStatus

SIGNATURE_DAYS = 30  # a letter put up for signature expires after this many days
MAX_SIGNED_BYTES = 10 * 1024 * 1024


def expiry_for(sent_on: date) -> date:
    return sent_on + timedelta(days=SIGNATURE_DAYS)


def check_editable(letter: EngagementLetter) -> None:
    if letter.status is not LetterStatus.DRAFT:
        raise InvalidInput(f"La lettre {letter.reference} est « {letter.status.label} » : seule une lettre en "
                           "brouillon peut être modifiée (créez une nouvelle version).")


def check_can_put_up(letter: EngagementLetter) -> None:
    if letter.status is not LetterStatus.DRAFT:
        raise InvalidInput(f"La lettre {letter.reference} est « {letter.status.label} » : seule une lettre en "
                           "brouillon peut être mise à signer.")
    missing = [label for value, label in ((letter.signatory_name, "le nom"), (letter.signatory_email, "l'e-mail"))
               if not value.strip()]
    if missing:
        raise InvalidInput(f"Indiquez {' et '.join(missing)} du signataire avant de mettre la lettre à signer "
                           "(désignez un contact signataire du client ou modifiez la lettre).")


def check_awaiting_signature(letter: EngagementLetter, action: str) -> None:
    if letter.status is not LetterStatus.TO_SIGN:
        raise InvalidInput(f"La lettre {letter.reference} est « {letter.status.label} » : {action} n'est possible "
                           "que pour une lettre à signer.")


def check_revisable(letter: EngagementLetter, latest_version: int) -> None:
    if letter.status not in (LetterStatus.TO_SIGN, LetterStatus.REFUSED, LetterStatus.EXPIRED):
        raise InvalidInput(f"La lettre {letter.reference} est « {letter.status.label} » : seule une lettre à "
                           "signer, refusée ou expirée donne lieu à une nouvelle version.")
    if letter.version != latest_version:
        raise InvalidInput(f"Une version plus récente de la lettre {letter.number} existe déjà.")


def check_amendable(letter: EngagementLetter) -> None:
    if letter.kind is not LetterKind.LETTER or letter.status is not LetterStatus.SIGNED:
        raise InvalidInput("Un avenant ne peut modifier qu'une lettre de mission signée.")


def is_overdue(letter: EngagementLetter, today: date) -> bool:
    return letter.status is LetterStatus.TO_SIGN and letter.expires_on is not None and letter.expires_on < today


def check_signed_upload(content: bytes, filename: str) -> None:
    """The scan of the signed letter: a PDF of at most 10 Mo."""
    if not content:
        raise InvalidInput("Le fichier est vide : choisissez le PDF de la lettre signée.")
    if len(content) > MAX_SIGNED_BYTES:
        raise InvalidInput(f"Le fichier « {filename} » dépasse 10 Mo : réduisez la résolution du scan.")
    if not content.startswith(b"%PDF-"):
        raise InvalidInput(f"Le fichier « {filename} » n'est pas un PDF : numérisez la lettre signée au format PDF.")
