"""LCB-FT parties of a client (beneficial owners, PEP, relatives), its countries, its identity evidence, and the
firm's high-risk country lists."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func

from data.models.compliance_parties import ClientCountryRow, EvidenceRow, HoldingRow, PartyRow, RiskCountryRow
from data.repositories.base import FirmScoped
from domain.compliance.countries import CountryRole, ListedCountry, RiskList
from domain.compliance.evidence import Evidence, EvidenceKind
from domain.compliance.parties import IndirectHolding, Party, Pep, PepRelation


def _holding(row: HoldingRow) -> IndirectHolding:
    return IndirectHolding(via=row.via, share_in_via=Decimal(row.share_in_via), via_capital=Decimal(row.via_capital),
                           via_votes=Decimal(row.via_votes), id=row.id)


def _party(row: PartyRow, holdings: list[IndirectHolding]) -> Party:
    return Party(id=row.id, client_id=row.client_id, full_name=row.full_name, birth_date=row.birth_date,
                 nationality=row.nationality, residence_country=row.residence_country,
                 capital=Decimal(row.capital), votes=Decimal(row.votes), other_control=row.other_control,
                 legal_representative=row.legal_representative,
                 pep=Pep(PepRelation(row.pep_relation), row.pep_function, row.pep_office_ended_on, row.pep_related_to),
                 rbe_divergence_on=row.rbe_divergence_on, holdings=tuple(holdings))


def _party_values(party: Party) -> dict:
    return {"full_name": party.full_name, "birth_date": party.birth_date, "nationality": party.nationality,
                "residence_country": party.residence_country, "capital": party.capital, "votes": party.votes,
                "other_control": party.other_control, "legal_representative": party.legal_representative,
                "pep_relation": party.pep.relation.value, "pep_function": party.pep.function,
                "pep_office_ended_on": party.pep.office_ended_on, "pep_related_to": party.pep.related_to}


_E = EvidenceRow
# Every column but the file itself: lists never load it.
_EVIDENCE = (_E.id, _E.client_id, _E.party_id, _E.kind, _E.reference, _E.issued_on, _E.received_on, _E.expires_on,
             _E.filename, _E.content_type, _E.size, _E.sha256, _E.uploaded_at, _E.uploaded_by)


def _evidence(row) -> Evidence:
    return Evidence(id=row.id, client_id=row.client_id, party_id=row.party_id, kind=EvidenceKind(row.kind),
                    reference=row.reference, issued_on=row.issued_on, received_on=row.received_on,
                    expires_on=row.expires_on, filename=row.filename, content_type=row.content_type, size=row.size,
                    sha256=row.sha256, uploaded_at=row.uploaded_at, uploaded_by=row.uploaded_by)


class PartyRepository(FirmScoped):
    """The natural persons of clients' files, their indirect holdings, the clients' countries and evidence."""

    def _parties(self, *conditions) -> list[Party]:
        rows = list(self.session.scalars(self._select(PartyRow).where(*conditions)
                                         .order_by(func.lower(PartyRow.full_name), PartyRow.id)))
        holdings: dict[int, list[IndirectHolding]] = defaultdict(list)
        if rows:
            statement = (self._select(HoldingRow).where(HoldingRow.party_id.in_([r.id for r in rows]))
                         .order_by(HoldingRow.id))
            for holding in self.session.scalars(statement):
                holdings[holding.party_id].append(_holding(holding))
        return [_party(row, holdings[row.id]) for row in rows]

    def for_client(self, client_id: int) -> list[Party]:
        return self._parties(PartyRow.client_id == client_id)

    def for_clients(self, client_ids: list[int] | None = None) -> dict[int, list[Party]]:
        """Parties by client (every client of the firm when `client_ids` is None)."""
        conditions = [] if client_ids is None else [PartyRow.client_id.in_(client_ids)]
        found: dict[int, list[Party]] = defaultdict(list)
        for party in self._parties(*conditions):
            found[party.client_id].append(party)
        return dict(found)

    def get(self, party_id: int) -> Party | None:
        found = self._parties(PartyRow.id == party_id)
        return found[0] if found else None

    def add(self, client_id: int, party: Party, *, at: datetime) -> int:
        row = self._add(PartyRow, client_id=client_id, updated_at=at, **_party_values(party))
        return row.id

    def update(self, party: Party, *, at: datetime) -> None:
        self._update(PartyRow, PartyRow.id == party.id, updated_at=at, **_party_values(party))

    def set_rbe_divergence(self, party_id: int, on: date | None, *, at: datetime) -> None:
        self._update(PartyRow, PartyRow.id == party_id, rbe_divergence_on=on, updated_at=at)

    def delete(self, party_id: int) -> None:
        self._delete(HoldingRow, HoldingRow.party_id == party_id)
        self._delete(PartyRow, PartyRow.id == party_id)

    def add_holding(self, party_id: int, holding: IndirectHolding) -> int:
        return self._add(HoldingRow, party_id=party_id, via=holding.via, share_in_via=holding.share_in_via,
                         via_capital=holding.via_capital, via_votes=holding.via_votes).id

    def delete_holding(self, party_id: int, holding_id: int) -> int:
        return self._delete(HoldingRow, HoldingRow.party_id == party_id, HoldingRow.id == holding_id)

    # --- the client's own countries -----------------------------------------------------------------------------

    def countries(self, client_id: int) -> dict[CountryRole, tuple[str, ...]]:
        statement = (self._select(ClientCountryRow).where(ClientCountryRow.client_id == client_id)
                     .order_by(ClientCountryRow.id))
        found: dict[CountryRole, list[str]] = defaultdict(list)
        for row in self.session.scalars(statement):
            found[CountryRole(row.role)].append(row.country)
        return {role: tuple(codes) for role, codes in found.items()}

    def clients_with_country(self, country: str) -> list[int]:
        """Clients with `country` as their own country or as a person's residence or nationality."""
        own = self._select(ClientCountryRow, ClientCountryRow.client_id).where(ClientCountryRow.country == country)
        people = self._select(PartyRow, PartyRow.client_id).where(
            (PartyRow.residence_country == country) | (PartyRow.nationality == country))
        return sorted(set(self.session.scalars(own)) | set(self.session.scalars(people)))

    def set_countries(self, client_id: int, role: CountryRole, codes: tuple[str, ...]) -> None:
        self._delete(ClientCountryRow, ClientCountryRow.client_id == client_id, ClientCountryRow.role == role.value)
        for code in codes:
            self._add(ClientCountryRow, client_id=client_id, role=role.value, country=code)

    # --- identity evidence ----------------------------------------------------------------------------------------

    def evidence(self, client_id: int) -> list[Evidence]:
        statement = (self._select(_E, *_EVIDENCE).where(_E.client_id == client_id)
                     .order_by(_E.received_on.desc(), _E.id.desc()))
        return [_evidence(r) for r in self.session.execute(statement)]

    def evidence_of_clients(self) -> dict[int, list[Evidence]]:
        found: dict[int, list[Evidence]] = defaultdict(list)
        for row in self.session.execute(self._select(_E, *_EVIDENCE).order_by(_E.id)):
            found[row.client_id].append(_evidence(row))
        return dict(found)

    def add_evidence(self, evidence: Evidence, content: bytes) -> int:
        return self._add(_E, client_id=evidence.client_id, party_id=evidence.party_id, kind=evidence.kind.value,
                         reference=evidence.reference, issued_on=evidence.issued_on, received_on=evidence.received_on,
                         expires_on=evidence.expires_on, filename=evidence.filename,
                         content_type=evidence.content_type, size=evidence.size, sha256=evidence.sha256,
                         content=content, uploaded_at=evidence.uploaded_at, uploaded_by=evidence.uploaded_by).id

    def evidence_file(self, evidence_id: int) -> bytes | None:
        return self.session.scalar(self._select(_E, _E.content).where(_E.id == evidence_id))

    def party_has_evidence(self, party_id: int) -> bool:
        return self.session.scalar(self._select(_E, func.count()).where(_E.party_id == party_id)) > 0


def _listed(row: RiskCountryRow) -> ListedCountry:
    return ListedCountry(id=row.id, risk_list=RiskList(row.risk_list), country=row.country, listed_on=row.listed_on,
                         removed_on=row.removed_on, note=row.note)


class RiskCountryRepository(FirmScoped):
    """The firm's high-risk country lists, each entry with its dates."""

    def list(self) -> list[ListedCountry]:
        statement = self._select(RiskCountryRow).order_by(RiskCountryRow.risk_list, RiskCountryRow.country,
                                                          RiskCountryRow.listed_on, RiskCountryRow.id)
        return [_listed(r) for r in self.session.scalars(statement)]

    def get(self, entry_id: int) -> ListedCountry | None:
        row = self.session.scalar(self._select(RiskCountryRow).where(RiskCountryRow.id == entry_id))
        return _listed(row) if row else None

    def add(self, risk_list: RiskList, country: str, listed_on: date, removed_on: date | None = None,
            note: str = "") -> int:
        return self._add(RiskCountryRow, risk_list=risk_list.value, country=country, listed_on=listed_on,
                         removed_on=removed_on, note=note).id

    def set_removed_on(self, entry_id: int, removed_on: date | None) -> None:
        self._update(RiskCountryRow, RiskCountryRow.id == entry_id, removed_on=removed_on)
