"""The firm's clients; the import inserts in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, insert, or_

from data.models.clients import ClientRow
from data.repositories.base import FirmScoped
from domain.clients.model import Client, ClientFilter, ClientKind, PublicRecipient, TaxRegime, VatRegime

CHUNK = 900  # bound parameters per IN (...) list, well under SQLite's limit


def client_from_row(row: ClientRow) -> Client:
    return Client(
        id=row.id, kind=ClientKind(row.kind), name=row.name, siren=row.siren, siret=row.siret,
        legal_form=row.legal_form, naf_code=row.naf_code, vat_number=row.vat_number, address_line=row.address_line,
        postal_code=row.postal_code, city=row.city, email=row.email, phone=row.phone,
        fiscal_year_end=(row.fiscal_year_end_day, row.fiscal_year_end_month),
        vat_regime=VatRegime(row.vat_regime) if row.vat_regime else None,
        tax_regime=TaxRegime(row.tax_regime) if row.tax_regime else None, headcount=row.headcount,
        partner_id=row.partner_id, manager_id=row.manager_id, tags=tuple(t for t in row.tags.split(",") if t),
        notes=row.notes, archived=row.archived, share_capital_cents=row.share_capital_cents, group_id=row.group_id,
        public=_public_of(row))


def _public_of(row: ClientRow) -> PublicRecipient | None:
    if not row.public_sector:
        return None
    return PublicRecipient(siret=row.chorus_siret, service_code=row.chorus_service_code,
                           commitment_number=row.chorus_commitment_number,
                           service_code_required=row.chorus_service_code_required,
                           commitment_required=row.chorus_commitment_required)


def values_of(client: Client) -> dict:
    return {
        "kind": client.kind.value, "name": client.name, "siren": client.siren, "siret": client.siret,
        "legal_form": client.legal_form, "naf_code": client.naf_code, "vat_number": client.vat_number,
        "address_line": client.address_line, "postal_code": client.postal_code, "city": client.city,
        "email": client.email, "phone": client.phone, "fiscal_year_end_day": client.fiscal_year_end[0],
        "fiscal_year_end_month": client.fiscal_year_end[1],
        "vat_regime": client.vat_regime.value if client.vat_regime else "",
        "tax_regime": client.tax_regime.value if client.tax_regime else "", "headcount": client.headcount,
        "partner_id": client.partner_id, "manager_id": client.manager_id, "tags": ",".join(client.tags),
        "notes": client.notes, "archived": client.archived, "share_capital_cents": client.share_capital_cents,
        "group_id": client.group_id, **_public_values(client.public)}


def _public_values(public: PublicRecipient | None) -> dict:
    return {"public_sector": public is not None, "chorus_siret": public.siret if public else "",
            "chorus_service_code": public.service_code if public else "",
            "chorus_commitment_number": public.commitment_number if public else "",
            "chorus_service_code_required": bool(public and public.service_code_required),
            "chorus_commitment_required": bool(public and public.commitment_required)}


def _chunks(values: Iterable) -> Iterable[list]:
    values = sorted(values)
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


class ClientRepository(FirmScoped):
    def search(self, criteria: ClientFilter) -> list[Client]:
        statement = self._select(ClientRow).order_by(func.lower(ClientRow.name), ClientRow.id)
        if not criteria.include_archived:
            statement = statement.where(ClientRow.archived.is_(False))
        if text := " ".join(criteria.text.split()).lower():
            conditions = [func.lower(ClientRow.name).contains(text, autoescape=True),
                          func.lower(ClientRow.city).contains(text, autoescape=True)]
            if (digits := text.replace(" ", "")).isdigit():
                conditions.append(ClientRow.siren.contains(digits))
            statement = statement.where(or_(*conditions))
        return [client_from_row(r) for r in self.session.scalars(statement)]

    def get(self, client_id: int) -> Client | None:
        row = self.session.scalar(self._select(ClientRow).where(ClientRow.id == client_id))
        return client_from_row(row) if row else None

    def many(self, client_ids: Iterable[int]) -> dict[int, Client]:
        """id → client, archived ones included (unknown ids left out): one query per 900 ids."""
        found: dict[int, Client] = {}
        for chunk in _chunks(client_ids):
            rows = self.session.scalars(self._select(ClientRow).where(ClientRow.id.in_(chunk)))
            found.update((row.id, client_from_row(row)) for row in rows)
        return found

    def names(self, client_ids: Iterable[int]) -> dict[int, str]:
        """id → name of these clients, archived ones included (unknown ids left out): one query per 900 ids."""
        found: dict[int, str] = {}
        ordered = sorted(set(client_ids))
        for start in range(0, len(ordered), CHUNK):
            statement = self._select(ClientRow, ClientRow.id, ClientRow.name).where(
                ClientRow.id.in_(ordered[start:start + CHUNK]))
            found.update(dict(self.session.execute(statement).all()))
        return found

    def find_by_siren(self, siren: str) -> Client | None:
        row = self.session.scalar(self._select(ClientRow).where(ClientRow.siren == siren))
        return client_from_row(row) if row else None

    def add(self, client: Client) -> Client:
        values = values_of(client)
        row = self._add(ClientRow, **values)
        return client_from_row(row)

    def add_many(self, clients: list[Client]) -> int:
        if clients:
            self.session.execute(insert(ClientRow), [dict(values_of(c), firm_id=self.firm_id) for c in clients])
        return len(clients)

    def update(self, client: Client) -> None:
        values = values_of(client)
        values.pop("archived")
        self._update(ClientRow, ClientRow.id == client.id, **values)

    def in_group(self, group_id: int) -> list[Client]:
        """Members of a group, archived ones included, by name."""
        statement = (self._select(ClientRow).where(ClientRow.group_id == group_id)
                     .order_by(func.lower(ClientRow.name), ClientRow.id))
        return [client_from_row(r) for r in self.session.scalars(statement)]

    def set_group(self, client_ids: list[int], group_id: int | None) -> int:
        """Put clients in a group (None: out of any group); returns how many rows changed."""
        if not client_ids:
            return 0
        return self._update(ClientRow, ClientRow.id.in_(client_ids), group_id=group_id)

    def set_archived(self, client_id: int, archived: bool) -> None:
        self._update(ClientRow, ClientRow.id == client_id, archived=archived)

    def names_by_siren(self, sirens: set[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in _chunks(sirens):
            statement = self._select(ClientRow, ClientRow.siren, ClientRow.name).where(ClientRow.siren.in_(chunk))
            found.update(dict(self.session.execute(statement).all()))
        return found

    def existing_sirens(self, sirens: set[str]) -> set[str]:
        return set(self.names_by_siren(sirens))
