"""High-risk countries: the lists (FATF call for action, FATF increased monitoring, EU list) with the dates
each entry is in force, and the check of a client's countries against them.

The lists are held per firm in an administrator-editable table; `DEFAULT_LISTS` seeds a new firm.
Sources of the defaults (verify at each FATF plenary, in February, June and October):
- FATF "High-risk jurisdictions subject to a call for action" and "Jurisdictions under increased
  monitoring", as published after the plenary of 24 October 2025;
- EU list of high-risk third countries, Delegated Regulation (EU) 2016/1675 as amended by the
  delegated regulation of 10 June 2025 (in force 5 August 2025), see DOMAIN.md §2e.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from babel import Locale

from domain.errors import InvalidInput

_FRENCH = Locale("fr")


class RiskList(StrEnum):
    FATF_CALL_FOR_ACTION = "fatf_call_for_action"
    FATF_INCREASED_MONITORING = "fatf_increased_monitoring"
    EU_HIGH_RISK = "eu_high_risk"

    @property
    def label(self) -> str:
        return {"fatf_call_for_action": "GAFI : appel à l'action (liste noire)",
                "fatf_increased_monitoring": "GAFI : surveillance renforcée (liste grise)",
                "eu_high_risk": "UE : pays tiers à haut risque (règl. 2016/1675)"}[self.value]


class CountryRole(StrEnum):
    INCORPORATION = "incorporation"
    OPERATIONS = "operations"
    RESIDENCE = "residence"
    NATIONALITY = "nationality"

    @property
    def label(self) -> str:
        return {"incorporation": "Pays d'immatriculation", "operations": "Pays d'activité",
                "residence": "Pays de résidence", "nationality": "Nationalité"}[self.value]


FATF_DATE = date(2025, 10, 24)
EU_DATE = date(2025, 8, 5)
DEFAULT_LISTS: dict[RiskList, tuple[date, tuple[str, ...]]] = {
    RiskList.FATF_CALL_FOR_ACTION: (FATF_DATE, ("KP", "IR", "MM")),
    RiskList.FATF_INCREASED_MONITORING: (FATF_DATE, (
        "DZ", "AO", "BO", "BG", "CM", "CI", "CD", "HT", "KE", "LA", "LB", "MC", "NA", "NP", "SS", "SY", "VE", "VN",
        "VG", "YE")),
    RiskList.EU_HIGH_RISK: (EU_DATE, (
        "AF", "DZ", "AO", "BF", "CM", "CI", "CD", "KP", "HT", "IR", "KE", "LA", "LB", "ML", "MC", "MZ", "MM", "NA",
        "NP", "NG", "ZA", "SS", "SY", "TZ", "TT", "VU", "VE", "VN", "YE")),
}


def country_name(code: str) -> str:
    return _FRENCH.territories.get(code, code)


def country_code(text: str | None, label: str) -> str:
    """An ISO 3166-1 alpha-2 code ("fr" → "FR"), or "" when empty; InvalidInput for an unknown code."""
    code = (text or "").strip().upper()
    if not code:
        return ""
    if len(code) != 2 or not code.isalpha() or code not in _FRENCH.territories:
        raise InvalidInput(f"{label} : « {text.strip()} » n'est pas un code pays ISO à deux lettres (ex. FR, BE).")
    return code


def country_codes(texts: Iterable[str], label: str) -> tuple[str, ...]:
    """Several codes (comma- or space-separated strings accepted), without duplicates, in the given order."""
    found: list[str] = []
    for text in texts:
        for part in (text or "").replace(";", ",").replace(" ", ",").split(","):
            code = country_code(part, label)
            if code and code not in found:
                found.append(code)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class ListedCountry:
    """One country on one list, in force from `listed_on` until the day before `removed_on`."""

    id: int
    risk_list: RiskList
    country: str
    listed_on: date
    removed_on: date | None = None
    note: str = ""

    def in_force(self, on: date) -> bool:
        return self.listed_on <= on and (self.removed_on is None or on < self.removed_on)


def lists_in_force(entries: Iterable[ListedCountry], on: date) -> dict[str, tuple[RiskList, ...]]:
    """Country code → the lists it is on, on `on`."""
    found: dict[str, list[RiskList]] = {}
    for entry in entries:
        if entry.in_force(on) and entry.risk_list not in found.setdefault(entry.country, []):
            found[entry.country].append(entry.risk_list)
    order = list(RiskList)  # black list first, then grey, then the EU list
    return {country: tuple(sorted(lists, key=order.index)) for country, lists in found.items()}


@dataclass(frozen=True, slots=True)
class CountryHit:
    country: str
    role: CountryRole
    who: str  # the client, or the person whose residence/nationality it is
    lists: tuple[RiskList, ...]

    @property
    def description(self) -> str:
        lists = ", ".join(r.label for r in self.lists)
        return f"{self.role.label} de {self.who} : {country_name(self.country)} ({self.country}) — {lists}"


def high_risk_hits(countries: Mapping[tuple[CountryRole, str], Iterable[str]], entries: Iterable[ListedCountry],
                   on: date) -> list[CountryHit]:
    """Every (role, who) country that is on a list in force on `on`."""
    listed = lists_in_force(entries, on)
    return [CountryHit(code, role, who, listed[code])
            for (role, who), codes in countries.items() for code in codes if code in listed]


def check_entry(risk_list: RiskList, country: str, listed_on: date | None, removed_on: date | None) -> None:
    if listed_on is None:
        raise InvalidInput("Date d'inscription : valeur obligatoire.")
    if removed_on is not None and removed_on <= listed_on:
        raise InvalidInput(f"{country_name(country)} : la date de retrait doit suivre la date d'inscription "
                           f"sur la liste « {risk_list.label} ».")
