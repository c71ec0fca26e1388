"""Beneficial owners and PEP: the rules of the CMF, as pure functions.

- Beneficial owner (L561-2-2, R561-1): a natural person holding, directly or indirectly, more than 25 %
  of the capital or of the voting rights, or controlling the company by other means. When nobody
  qualifies, the legal representative(s) are recorded as beneficial owners by default.
- An indirect holding goes through intermediate companies: its percentage is the product of the
  percentages along the chain (60 % of a holding that owns 50 % of the client = 30 %).
- PEP (R561-18): a person holding a listed function, or who left it less than one year ago, and the
  family members and close associates of such a person for as long as that person is a PEP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from domain.errors import InvalidInput

THRESHOLD = Decimal(25)  # strictly more than 25 % qualifies
HUNDRED = Decimal(100)


class ControlType(StrEnum):
    CAPITAL = "capital"
    VOTES = "votes"
    OTHER_MEANS = "other_means"
    LEGAL_REPRESENTATIVE = "legal_representative"

    @property
    def label(self) -> str:
        return {"capital": "Capital (> 25 %)", "votes": "Droits de vote (> 25 %)",
                "other_means": "Contrôle par d'autres moyens",
                "legal_representative": "Représentant légal (par défaut)"}[self.value]


class PepRelation(StrEnum):
    NONE = ""
    SELF = "self"
    FAMILY = "family"
    ASSOCIATE = "associate"

    @property
    def label(self) -> str:
        return {"": "Non", "self": "PPE (fonction exercée)", "family": "Membre de la famille d'une PPE",
                "associate": "Proche associé d'une PPE"}[self.value]


def chain_percentage(percentages: Sequence[Decimal]) -> Decimal:
    """The share held at the end of a chain of holdings: 60 % of a company holding 50 % → 30 %."""
    if not percentages:
        return Decimal(0)
    result = HUNDRED
    for pct in percentages:
        result = result * pct / HUNDRED
    return result


@dataclass(frozen=True, slots=True)
class IndirectHolding:
    """The person holds `share_in_via` % of the intermediate company `via`, which holds `via_capital` % of
    the client's capital and `via_votes` % of its voting rights."""

    via: str
    share_in_via: Decimal
    via_capital: Decimal
    via_votes: Decimal
    id: int = 0

    @property
    def capital(self) -> Decimal:
        return chain_percentage([self.share_in_via, self.via_capital])

    @property
    def votes(self) -> Decimal:
        return chain_percentage([self.share_in_via, self.via_votes])


@dataclass(frozen=True, slots=True)
class Pep:
    """PEP data of a person: their own function, or their relation to a PEP (whose office dates apply)."""

    relation: PepRelation = PepRelation.NONE
    function: str = ""  # the function held (by the person, or by the PEP they are related to)
    office_ended_on: date | None = None  # None: still in office
    related_to: str = ""  # the PEP's name, for a family member or close associate


@dataclass(frozen=True, slots=True)
class Party:
    """A natural person of the client's file: shareholder, legal representative, controller."""

    id: int
    client_id: int
    full_name: str
    birth_date: date | None = None
    nationality: str = ""  # ISO 3166-1 alpha-2
    residence_country: str = ""
    capital: Decimal = Decimal(0)  # direct holding, %
    votes: Decimal = Decimal(0)
    other_control: str = ""  # how the person controls by other means; empty when they do not
    legal_representative: bool = False
    pep: Pep = field(default_factory=Pep)
    rbe_divergence_on: date | None = None  # divergence with the RBE to report to the greffe, noted on
    holdings: tuple[IndirectHolding, ...] = ()

    @property
    def total_capital(self) -> Decimal:
        return self.capital + sum((h.capital for h in self.holdings), Decimal(0))

    @property
    def total_votes(self) -> Decimal:
        return self.votes + sum((h.votes for h in self.holdings), Decimal(0))


@dataclass(frozen=True, slots=True)
class OwnerFinding:
    party: Party
    controls: tuple[ControlType, ...]


@dataclass(frozen=True, slots=True)
class Ownership:
    """The beneficial owners found, and whether they are the legal representatives by default."""

    owners: tuple[OwnerFinding, ...]
    by_default: bool  # nobody qualifies: the legal representatives stand in

    @property
    def missing(self) -> bool:
        return not self.owners


def controls_of(party: Party) -> tuple[ControlType, ...]:
    """The ways `party` qualifies as a beneficial owner on its own holdings (empty: it does not)."""
    found = []
    if party.total_capital > THRESHOLD:
        found.append(ControlType.CAPITAL)
    if party.total_votes > THRESHOLD:
        found.append(ControlType.VOTES)
    if party.other_control:
        found.append(ControlType.OTHER_MEANS)
    return tuple(found)


def beneficial_owners(parties: Sequence[Party]) -> Ownership:
    qualifying = tuple(OwnerFinding(p, controls_of(p)) for p in parties if controls_of(p))
    if qualifying:
        return Ownership(qualifying, by_default=False)
    representatives = tuple(OwnerFinding(p, (ControlType.LEGAL_REPRESENTATIVE,))
                            for p in parties if p.legal_representative)
    return Ownership(representatives, by_default=True)


def one_year_after(day: date) -> date:
    """The same day one year later; 29 February gives 1 March (a full year has then passed)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 3, 1)


def pep_until(pep: Pep) -> date | None:
    """The first day the person is no longer a PEP; None while the office goes on (or for a non-PEP)."""
    if pep.relation is PepRelation.NONE or pep.office_ended_on is None:
        return None
    return one_year_after(pep.office_ended_on)


def is_pep(pep: Pep, on: date) -> bool:
    """PEP (or family member / close associate of one) on `on`: in office, or left it less than a year ago."""
    if pep.relation is PepRelation.NONE:
        return False
    until = pep_until(pep)
    return until is None or on < until


def percentage(text: str | Decimal | None, label: str) -> Decimal:
    """A percentage typed in French ("33,34", "50 %") between 0 and 100, two decimals at most."""
    if isinstance(text, Decimal):
        value = text
    else:
        raw = (text or "").replace("%", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
        if not raw:
            return Decimal(0)
        try:
            value = Decimal(raw)
        except ArithmeticError:
            raise InvalidInput(f"{label} : saisissez un pourcentage, par exemple 33,5.") from None
    if not value.is_finite() or value < 0 or value > HUNDRED:
        raise InvalidInput(f"{label} : le pourcentage doit être compris entre 0 et 100.")
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput(f"{label} : deux décimales au plus.")
    return value.quantize(Decimal("0.01"))
