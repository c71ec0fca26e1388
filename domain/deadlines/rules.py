"""The statutory deadlines of a client for a calendar year, from its fiscal profile (pure rules).

Rules applied (French law, with the simplifications written down here):

- **Working days**: a deadline falling on a Saturday, a Sunday or a French public holiday moves to the
  next working day. Public holidays are computed here (no `holidays` package): 1 January, Easter
  Monday, 1 May, 8 May, Ascension (Easter + 39 days), Whit Monday (Easter + 50), 14 July, 15 August,
  1 November, 11 November, 25 December (no Alsace-Moselle days).
- **TVA CA3 mensuelle** (régime réel normal, mensuel): each month, due on the **19th** of the following
  month. The real day depends on the SIREN and the legal form (15th to 24th); the 19th is the usual
  middle of that window.
- **TVA CA3 trimestrielle**: each calendar quarter, due on the 19th of the month after the quarter.
- **TVA CA12** (réel simplifié): the annual return of the calendar year is due on the **2nd working day
  after 1 May** of the following year; for a fiscal year not closing on 31 December (CA12E), 3 months
  after the closing. **Acomptes CA12**: 15 July (period January–June) and 15 December (July–December)
  of the calendar year (a franchise client has no VAT deadline; the acompte exemption under 1,000 € is
  ignored).
- **Liasse fiscale** (IS and IR): closing on 31 December: 2nd working day after 1 May of the following
  year; other closings: closing + 3 months + 15 days (the 15 days of the online filing extension).
- **1330-CVAE** and **DAS2**: filed with the liasse (same due date), for companies only; we do not know
  the turnover, so the CVAE is generated for every company under IS (the 152,500 € threshold is ignored)
  and the DAS2 for every company.
- **Acomptes d'IS** (companies under IS): on 15 March, 15 June, 15 September and 15 December; each is
  attached to the three months ending on its date (the 3,000 € exemption is ignored).
  **Solde d'IS** (2572): 15 May after a closing on 31 December, otherwise the 15th of the 4th month after
  the closing.
- **DSN** (clients with a headcount > 0): each month, due on the **5th** of the following month from
  50 employees, on the **15th** below.
- **Approbation des comptes** (companies): within 6 months of the closing. **Dépôt des comptes** at the
  greffe: within one month of the approval, counted from the last approval date (closing + 7 months);
  the extra month of an electronic filing is not counted, so the deadline is conservative.
- Individuals (kind "particulier") get only VAT and DSN deadlines when their profile says so, plus the
  liasse when they have a tax regime.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache

from domain.catalogue.model import add_months
from domain.clients.model import Client, ClientKind, TaxRegime, VatRegime
from domain.deadlines.model import Deadline, DeadlineKind
from domain.formatting import day, month

QUARTER_NAMES = ("1er trimestre", "2e trimestre", "3e trimestre", "4e trimestre")


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month_, day_ = divmod(h + el - 7 * m + 114, 31)
    return date(year, month_, day_ + 1)


@cache
def public_holidays(year: int) -> frozenset[date]:
    """French public holidays (metropolitan France, without the Alsace-Moselle days)."""
    sunday = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    moving = [sunday + timedelta(days=n) for n in (1, 39, 50)]
    return frozenset([date(year, m, d) for m, d in fixed] + moving)


def is_working_day(value: date) -> bool:
    return value.weekday() < 5 and value not in public_holidays(value.year)


def next_working_day(value: date) -> date:
    """`value` itself when it is a working day, otherwise the next one."""
    while not is_working_day(value):
        value += timedelta(days=1)
    return value


def second_working_day_after_may_first(year: int) -> date:
    first = next_working_day(date(year, 5, 2))
    return next_working_day(first + timedelta(days=1))


def month_end(value: date) -> date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


def closing_date(fiscal_year_end: tuple[int, int], year: int) -> date:
    day_, month_ = fiscal_year_end
    return date(year, month_, min(day_, calendar.monthrange(year, month_)[1]))


def tax_return_due(closing: date) -> date:
    """Liasse (and CVAE, DAS2) of a fiscal year closing on `closing`, before the working-day shift."""
    if (closing.month, closing.day) == (12, 31):
        return second_working_day_after_may_first(closing.year + 1)
    return add_months(closing, 3) + timedelta(days=15)


def _make(client: Client, kind: DeadlineKind, detail: str, start: date, end: date, due: date) -> Deadline:
    return Deadline(id=0, client_id=client.id, kind=kind, label=f"{kind.label} — {detail}",
                    period_start=start, period_end=end, due_on=next_working_day(due), client_name=client.name)


def _vat(client: Client, year: int) -> list[Deadline]:
    regime = client.vat_regime
    found: list[Deadline] = []
    if regime is VatRegime.MONTHLY:
        for index in range(-2, 13):
            start = add_months(date(year, 1, 1), index)
            found.append(_make(client, DeadlineKind.VAT_MONTHLY, month(start), start, month_end(start),
                               add_months(start, 1).replace(day=19)))
    elif regime is VatRegime.QUARTERLY:
        for y in (year - 1, year):
            for q in range(4):
                start = date(y, 3 * q + 1, 1)
                end = month_end(add_months(start, 2))
                found.append(_make(client, DeadlineKind.VAT_QUARTERLY, f"{QUARTER_NAMES[q]} {y}", start, end,
                                   add_months(start, 3).replace(day=19)))
    elif regime is VatRegime.ANNUAL:
        for y in (year - 1, year):
            found.append(_make(client, DeadlineKind.VAT_INSTALMENT, f"juillet {y}", date(y, 1, 1), date(y, 6, 30),
                               date(y, 7, 15)))
            found.append(_make(client, DeadlineKind.VAT_INSTALMENT, f"décembre {y}", date(y, 7, 1),
                               date(y, 12, 31), date(y, 12, 15)))
        for y in (year - 2, year - 1, year):
            closing = closing_date(client.fiscal_year_end, y)
            start = add_months(closing, -12) + timedelta(days=1)
            due = (second_working_day_after_may_first(y + 1) if (closing.month, closing.day) == (12, 31)
                   else add_months(closing, 3))
            found.append(_make(client, DeadlineKind.VAT_ANNUAL, f"exercice clos le {day(closing)}", start, closing,
                               due))
    return found


def _annual(client: Client, year: int) -> list[Deadline]:
    company = client.kind is ClientKind.COMPANY
    corporate = client.tax_regime is TaxRegime.CORPORATE
    found: list[Deadline] = []
    for y in (year - 2, year - 1, year):
        closing = closing_date(client.fiscal_year_end, y)
        start = add_months(closing, -12) + timedelta(days=1)
        detail = f"exercice clos le {day(closing)}"
        liasse = tax_return_due(closing)
        if client.tax_regime is not None:
            found.append(_make(client, DeadlineKind.TAX_RETURN, detail, start, closing, liasse))
        if company and corporate:
            found.append(_make(client, DeadlineKind.CVAE, detail, start, closing, liasse))
            balance = (date(closing.year + 1, 5, 15) if (closing.month, closing.day) == (12, 31)
                       else add_months(closing, 4).replace(day=15))
            found.append(_make(client, DeadlineKind.CIT_BALANCE, detail, start, closing, balance))
        if company:
            found.append(_make(client, DeadlineKind.DAS2, detail, start, closing, liasse))
            approval = add_months(closing, 6)
            found.append(_make(client, DeadlineKind.ACCOUNTS_APPROVAL, detail, start, closing, approval))
            found.append(_make(client, DeadlineKind.ACCOUNTS_FILING, detail, start, closing, add_months(closing, 7)))
    if company and corporate:
        for y in (year - 1, year):
            for number_, month_ in enumerate((3, 6, 9, 12), start=1):
                nominal = date(y, month_, 15)
                found.append(Deadline(
                    id=0, client_id=client.id, kind=DeadlineKind.CIT_INSTALMENT,
                    label=f"{DeadlineKind.CIT_INSTALMENT.label} n° {number_} — {day(nominal)}",
                    period_start=add_months(nominal, -3) + timedelta(days=1), period_end=nominal,
                    due_on=next_working_day(nominal), client_name=client.name))
    return found


def _payroll(client: Client, year: int) -> list[Deadline]:
    if not client.headcount or client.headcount <= 0:
        return []
    due_day = 5 if client.headcount >= 50 else 15
    found = []
    for index in range(-2, 13):
        start = add_months(date(year, 1, 1), index)
        found.append(_make(client, DeadlineKind.DSN, month(start), start, month_end(start),
                           add_months(start, 1).replace(day=due_day)))
    return found


def deadlines_for(client: Client, year: int) -> list[Deadline]:
    """Every deadline of `client` falling due in calendar `year`, by due date."""
    if client.archived:
        return []
    candidates = _vat(client, year) + _annual(client, year) + _payroll(client, year)
    unique: dict[tuple, Deadline] = {}
    for deadline in candidates:
        if deadline.due_on.year == year:
            unique.setdefault(deadline.key, deadline)
    return sorted(unique.values(), key=lambda d: (d.due_on, d.kind.value, d.period_end))
