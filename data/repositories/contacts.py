"""Contacts of the firm's clients, and groups of companies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, insert

from data.models.clients import ClientRow
from data.models.crm_contacts import ClientGroupRow, ContactRow
from data.repositories.base import FirmScoped
from domain.clients.model import ClientGroup, Contact, ContactRole


def contact_from_row(row: ContactRow) -> Contact:
    return Contact(
        id=row.id, client_id=row.client_id, last_name=row.last_name, first_name=row.first_name,
        role=ContactRole(row.role) if row.role else ContactRole.OTHER, email=row.email, phone=row.phone,
        email_consent=row.email_consent, consent_on=row.consent_on, is_signatory=row.is_signatory, notes=row.notes)


def _contact_values(contact: Contact) -> dict:
    return {"client_id": contact.client_id, "first_name": contact.first_name, "last_name": contact.last_name,
            "role": contact.role.value, "email": contact.email, "phone": contact.phone,
            "email_consent": contact.email_consent, "consent_on": contact.consent_on,
            "is_signatory": contact.is_signatory, "notes": contact.notes}


_CONTACT_ORDER = (ContactRow.is_signatory.desc(), func.lower(ContactRow.last_name), func.lower(ContactRow.first_name),
                  ContactRow.id)  # the signatory first, then by name


class ContactRepository(FirmScoped):
    """Contacts of the firm's clients."""

    def for_client(self, client_id: int) -> list[Contact]:
        """The client's contacts: the signatory first, then by name."""
        statement = self._select(ContactRow).where(ContactRow.client_id == client_id).order_by(*_CONTACT_ORDER)
        return [contact_from_row(r) for r in self.session.scalars(statement)]

    def for_clients(self, client_ids: Iterable[int]) -> dict[int, list[Contact]]:
        """`for_client` of several clients at once (one query per 900 ids); a client without contacts is absent."""
        found: dict[int, list[Contact]] = defaultdict(list)
        ordered = sorted(set(client_ids))
        for start in range(0, len(ordered), 900):
            statement = (self._select(ContactRow).where(ContactRow.client_id.in_(ordered[start:start + 900]))
                         .order_by(ContactRow.client_id, *_CONTACT_ORDER))
            for row in self.session.scalars(statement):
                found[row.client_id].append(contact_from_row(row))
        return dict(found)

    def get(self, contact_id: int) -> Contact | None:
        row = self.session.scalar(self._select(ContactRow).where(ContactRow.id == contact_id))
        return contact_from_row(row) if row else None

    def signatory(self, client_id: int) -> Contact | None:
        """The person who signs the client's engagement letters, if one is designated."""
        statement = (self._select(ContactRow).where(ContactRow.client_id == client_id,
                                                    ContactRow.is_signatory.is_(True))
                     .order_by(ContactRow.id).limit(1))
        row = self.session.scalar(statement)
        return contact_from_row(row) if row else None

    def add(self, contact: Contact) -> Contact:
        return contact_from_row(self._add(ContactRow, **_contact_values(contact)))

    def add_many(self, contacts: list[Contact]) -> int:
        if contacts:
            self.session.execute(insert(ContactRow), [dict(_contact_values(c), firm_id=self.firm_id) for c in contacts])
        return len(contacts)

    def update(self, contact: Contact) -> None:
        values = _contact_values(contact)
        values.pop("client_id")  # a contact never moves to another client
        self._update(ContactRow, ContactRow.id == contact.id, **values)

    def delete(self, contact_id: int) -> None:
        self._delete(ContactRow, ContactRow.id == contact_id)

    def unset_signatory(self, client_id: int, except_id: int | None = None) -> int:
        """Remove the signatory mark from the client's contacts (but `except_id`); returns how many lost it."""
        conditions = [ContactRow.client_id == client_id, ContactRow.is_signatory.is_(True)]
        if except_id is not None:
            conditions.append(ContactRow.id != except_id)
        return self._update(ContactRow, *conditions, is_signatory=False)


class ClientGroupRepository(FirmScoped):
    """Groups of companies."""

    def list(self) -> list[ClientGroup]:
        statement = self._select(ClientGroupRow).order_by(func.lower(ClientGroupRow.name), ClientGroupRow.id)
        return [ClientGroup(id=r.id, name=r.name, notes=r.notes) for r in self.session.scalars(statement)]

    def get(self, group_id: int) -> ClientGroup | None:
        row = self.session.scalar(self._select(ClientGroupRow).where(ClientGroupRow.id == group_id))
        return ClientGroup(id=row.id, name=row.name, notes=row.notes) if row else None

    def find_by_name(self, name: str) -> ClientGroup | None:
        """Case ignored: "Groupe Martin" and "groupe martin" are the same group."""
        statement = self._select(ClientGroupRow).where(func.lower(ClientGroupRow.name) == name.lower()).limit(1)
        row = self.session.scalar(statement)
        return ClientGroup(id=row.id, name=row.name, notes=row.notes) if row else None

    def add(self, name: str, notes: str = "") -> ClientGroup:
        row = self._add(ClientGroupRow, name=name, notes=notes)
        return ClientGroup(id=row.id, name=row.name, notes=row.notes)

    def update(self, group: ClientGroup) -> None:
        self._update(ClientGroupRow, ClientGroupRow.id == group.id, name=group.name, notes=group.notes)

    def delete(self, group_id: int) -> None:
        self._delete(ClientGroupRow, ClientGroupRow.id == group_id)

    def member_counts(self) -> dict[int, int]:
        """Group id → number of its clients (archived included); groups without members are absent."""
        statement = (self._select(ClientRow, ClientRow.group_id, func.count(ClientRow.id))
                     .where(ClientRow.group_id.is_not(None)).group_by(ClientRow.group_id))
        return dict(self.session.execute(statement).all())
