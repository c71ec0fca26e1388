"""The people of a client (contacts): roles, e-mail consent with its date, the signatory of the letters.

At most one contact per client signs the engagement letters: marking one unmarks the others.
"""

from datetime import date

from domain.access.model import Principal
from domain.audit import Action
from domain.clients.model import Client, Contact, ContactRole
from domain.clients.services import require_staff
from domain.clients.validation import EMAIL_PATTERN, PHONE_PATTERN
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound, Problems
from domain.firm.guards import actor_id
from domain.ports import FirmUnitOfWork
from domain.text import plausible_email, single_line

__all__ = ["Contact", "ContactRole", "InvalidContact", "add_contact", "as_form", "delete_contact",
           "others_to_unmark", "update_contact", "validate_contact"]

LIMITS = {"first_name": 100, "last_name": 100, "email": 254, "phone": 30, "notes": 2000}
LABELS = {"first_name": "Prénom", "last_name": "Nom", "email": "E-mail", "phone": "Téléphone", "notes": "Notes"}


class InvalidContact(InvalidInput):
    """Every problem of one contact at once."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ; ".join(problems))
        self.problems = problems


def _role(text: str) -> ContactRole:
    text = (text or "").strip()
    if not text:
        return ContactRole.OTHER
    for role in ContactRole:
        if text.lower() in (role.value, role.label.lower()):
            return role
    raise InvalidInput(f"Rôle « {text} » inconnu.")


def _email(text: str) -> str:
    value = single_line(text, LABELS["email"], LIMITS["email"]).lower()
    if value and (not plausible_email(value) or not EMAIL_PATTERN.match(value)):
        raise InvalidInput(f"E-mail « {value} » invalide.")
    return value


def _phone(text: str) -> str:
    value = single_line(text, LABELS["phone"], LIMITS["phone"])
    if value and not PHONE_PATTERN.match(value):
        raise InvalidInput(f"Téléphone « {value} » invalide.")
    return value


def _notes(text: str) -> str:
    lines = [single_line(line, LABELS["notes"], LIMITS["notes"]) for line in (text or "").replace("\r", "").split("\n")]
    value = "\n".join(lines).strip()
    if len(value) > LIMITS["notes"]:
        raise InvalidInput(f"Notes : {LIMITS['notes']} caractères au plus.")
    return value


def validate_contact(form: dict[str, str], *, client_id: int, email_consent: bool, is_signatory: bool,
                     today: date, before: Contact | None = None) -> Contact:
    """The typed fields → a Contact, or InvalidContact listing every problem.

    Consent: ticked, it carries the day it was first recorded (kept while it stays ticked); unticked,
    no date. Consent needs an address to write to.
    """
    c = Problems()

    def text(field: str, required: bool = False) -> str:
        return c.take(lambda: single_line(form.get(field), LABELS[field], LIMITS[field], required=required))

    email = c.take(lambda: _email(form.get("email") or ""))
    if email_consent and not (form.get("email") or "").strip():
        c.problems.append("Consentement aux e-mails : indiquez l'adresse e-mail du contact.")
    consent_on = None
    if email_consent:
        consent_on = before.consent_on if before is not None and before.email_consent and before.consent_on else today
    contact = Contact(
        id=before.id if before else 0, client_id=client_id, first_name=text("first_name"),
        last_name=text("last_name", required=True),
        role=c.take(lambda: _role(form.get("role") or ""), ContactRole.OTHER),
        email=email, phone=c.take(lambda: _phone(form.get("phone") or "")), email_consent=email_consent,
        consent_on=consent_on, is_signatory=is_signatory, notes=c.take(lambda: _notes(form.get("notes") or "")))
    if c.problems:
        raise InvalidContact(c.problems)
    return contact


def as_form(contact: Contact) -> dict[str, str]:
    """The inverse of `validate_contact` (the two ticks are `contact.email_consent`, `contact.is_signatory`)."""
    return {"first_name": contact.first_name, "last_name": contact.last_name, "role": contact.role.value,
            "email": contact.email, "phone": contact.phone, "notes": contact.notes}


def others_to_unmark(contacts: list[Contact], saved: Contact) -> list[int]:
    """The rule "one signatory per client": ids of the client's other contacts that must lose the mark
    because `saved` is now the signatory (none when `saved` does not sign)."""
    if not saved.is_signatory:
        return []
    return [c.id for c in contacts if c.is_signatory and c.id != saved.id and c.client_id == saved.client_id]


def _client(uow: FirmUnitOfWork, client_id: int) -> Client:
    client = uow.clients.get(client_id)
    if client is None:
        raise NotFound("Client introuvable dans ce cabinet.")
    return client


def _contact(uow: FirmUnitOfWork, contact_id: int) -> Contact:
    contact = uow.contacts.get(contact_id)
    if contact is None:
        raise NotFound("Contact introuvable dans ce cabinet.")
    return contact


def _mark_signatory(uow: FirmUnitOfWork, saved: Contact) -> None:
    if others_to_unmark(uow.contacts.for_client(saved.client_id), saved):
        uow.contacts.unset_signatory(saved.client_id, except_id=saved.id)


def _summary(contact: Contact) -> dict:
    return {"nom": contact.full_name, "rôle": contact.role.label, "e-mail": contact.email,
            "consentement e-mail": "oui" if contact.email_consent else "non",
            "signataire": "oui" if contact.is_signatory else "non"}


def _audited(contact: Contact) -> dict[str, str]:
    return as_form(contact) | {"consentement e-mail": "oui" if contact.email_consent else "non",
                               "signataire": "oui" if contact.is_signatory else "non"}


def add_contact(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int,
                form: dict[str, str], *, email_consent: bool = False, is_signatory: bool = False) -> Contact:
    require_staff(uow, principal)
    draft = validate_contact(form, client_id=client_id, email_consent=email_consent, is_signatory=is_signatory,
                             today=clock.today())
    with uow:
        client = _client(uow, client_id)
        contact = uow.contacts.add(draft)
        _mark_signatory(uow, contact)
        uow.audit.record(Action.CONTACT_CREATE, actor_id(principal), "contact", str(contact.id),
                         {"client": client.name, **_summary(contact)}, at=clock.now())
        uow.commit()
        return contact


def update_contact(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, contact_id: int,
                   form: dict[str, str], *, email_consent: bool = False, is_signatory: bool = False) -> Contact:
    require_staff(uow, principal)
    with uow:
        before = _contact(uow, contact_id)
        client = _client(uow, before.client_id)
        after = validate_contact(form, client_id=before.client_id, email_consent=email_consent,
                                 is_signatory=is_signatory, today=clock.today(), before=before)
        old, new = _audited(before), _audited(after)
        changes = {k: f"{old[k]} → {new[k]}" for k in new if old[k] != new[k]}
        if not changes:
            return after
        uow.contacts.update(after)
        _mark_signatory(uow, after)
        uow.audit.record(Action.CONTACT_UPDATE, actor_id(principal), "contact", str(contact_id),
                         {"client": client.name, **changes}, at=clock.now())
        uow.commit()
        return after


def delete_contact(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, contact_id: int) -> None:
    require_staff(uow, principal)
    with uow:
        contact = _contact(uow, contact_id)
        client = _client(uow, contact.client_id)
        uow.contacts.delete(contact_id)
        uow.audit.record(Action.CONTACT_DELETE, actor_id(principal), "contact", str(contact_id),
                         {"client": client.name, "nom": contact.full_name}, at=clock.now())
        uow.commit()
